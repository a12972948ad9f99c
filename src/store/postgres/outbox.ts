/**
 * The notification outbox of the PostgreSQL store (migration 3): rows are queued by triggers in the
 * transaction that makes a record complete; this part leases them out, settles them, and reads the
 * dead letters and the kept counts. Claims and settlements run in a writer transaction.
 */
import { NOTIFICATION_STATE_NUMBER, notificationState } from "../rows.js";
import { ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, statusOfNumber } from "../../domain/lifecycle.js";
import { iso } from "../record-rows.js";
import type {
  ClaimedNotification,
  DeadLetter,
  NotificationClaim,
  NotificationCount,
  NotificationOutcome,
  NotificationSettled,
} from "../store.js";
import type { Queryable } from "./records.js";

const MAX_CLAIM = 10_000;

interface CandidateRow {
  id: number;
  code: string;
  version: number;
  province: string;
  commune: string;
  attempts: number;
  queued_at: number;
  current: boolean;
}

export async function claimNotifications(
  db: Queryable,
  claim: NotificationClaim,
): Promise<ClaimedNotification[]> {
  if (!Number.isInteger(claim.limit) || claim.limit < 1 || claim.limit > MAX_CLAIM) {
    throw new ValidationError(
      "limit",
      claim.limit,
      `must be an integer from 1 to ${MAX_CLAIM}`,
      `phải là số nguyên từ 1 đến ${MAX_CLAIM}`,
    );
  }
  if (!Number.isFinite(claim.leaseMs) || claim.leaseMs <= 0) {
    throw new ValidationError(
      "leaseMs",
      claim.leaseMs,
      "must be a positive number of milliseconds",
      "phải là số mili giây dương",
    );
  }
  if (typeof claim.claimant !== "string" || claim.claimant === "")
    throw new ValidationError("claimant", claim.claimant, "must be named", "cần tên");
  const now = (claim.now ?? new Date()).getTime();
  const contact = claim.contact ?? null;
  const out: ClaimedNotification[] = [];
  // Superseded rows do not count towards the limit: look again until it is met or none are due.
  for (;;) {
    const { rows } = await db.query<CandidateRow>(
      `SELECT n.id, r.code, n.version, n.province, n.commune, n.attempts, n.queued_at, r.status = ${STATUS_NUMBER.complete} AS current
       FROM notifications AS n JOIN records AS r ON r.id = n.record_id
       WHERE n.state IN (1, 2) AND n.next_at <= $1 AND (n.lease_until IS NULL OR n.lease_until <= $1)
         AND (r.status <> ${STATUS_NUMBER.complete} OR $2::text IS NULL OR (r.owner::json ->> $2::text) IS NOT NULL)
       ORDER BY n.next_at, n.id
       LIMIT $3`,
      [now, contact, claim.limit - out.length],
    );
    const superseded = rows.filter((r) => !r.current).map((r) => r.id);
    const leased = rows.filter((r) => r.current);
    if (superseded.length)
      await db.query(
        "UPDATE notifications SET state = 5, lease_until = NULL, settled_at = $1 WHERE id = ANY($2::bigint[])",
        [now, superseded],
      );
    if (leased.length) {
      await db.query(
        "UPDATE notifications SET lease_until = $1, claimant = $2, channel = $3 WHERE id = ANY($4::bigint[])",
        [now + claim.leaseMs, claim.claimant, claim.channel, leased.map((r) => r.id)],
      );
    }
    for (const row of leased) {
      out.push({
        id: row.id,
        code: row.code,
        version: row.version,
        province: row.province,
        commune: row.commune,
        attempts: row.attempts,
        queuedAt: iso(row.queued_at),
      });
    }
    if (rows.length === 0 || out.length === claim.limit || superseded.length === 0) return out;
  }
}

/** Moves a record `complete → notified` inside the caller's transaction; answers its status and version after. */
export type NotifyRecord = (
  recordId: number,
  channel: string,
  receipt: string,
  at: number,
) => Promise<{ status: number; version: number }>;

export async function settleNotifications(
  db: Queryable,
  claimant: string,
  channel: string,
  outcomes: readonly NotificationOutcome[],
  at: number,
  notify: NotifyRecord,
): Promise<NotificationSettled[]> {
  const out: NotificationSettled[] = [];
  for (const outcome of outcomes) {
    const row = (
      await db.query<{ id: number; record_id: number; state: number; claimant: string | null }>(
        "SELECT id, record_id, state, claimant FROM notifications WHERE id = $1",
        [outcome.id],
      )
    ).rows[0];
    if (
      !row ||
      row.claimant !== claimant ||
      (row.state !== NOTIFICATION_STATE_NUMBER.queued && row.state !== NOTIFICATION_STATE_NUMBER.failed)
    ) {
      out.push({ id: outcome.id, applied: false });
      continue;
    }
    switch (outcome.outcome) {
      case "sent": {
        const record = await notify(row.record_id, channel, outcome.receipt, at);
        await db.query(
          "UPDATE notifications SET state = 3, attempts = attempts + 1, lease_until = NULL, settled_at = $1, receipt = $2 WHERE id = $3",
          [at, outcome.receipt, row.id],
        );
        out.push({
          id: row.id,
          applied: true,
          recordStatus: statusOfNumber(record.status),
          recordVersion: record.version,
        });
        break;
      }
      case "failed": {
        const next = outcome.nextAttemptAt.getTime();
        if (!Number.isFinite(next))
          throw new ValidationError(
            "nextAttemptAt",
            outcome.nextAttemptAt,
            "must be a valid date",
            "phải là ngày hợp lệ",
          );
        await db.query(
          "UPDATE notifications SET state = 2, attempts = attempts + 1, lease_until = NULL, next_at = $1, last_error = $2 WHERE id = $3",
          [next, outcome.error, row.id],
        );
        out.push({ id: row.id, applied: true });
        break;
      }
      case "dead":
        await db.query(
          "UPDATE notifications SET state = 4, attempts = attempts + 1, lease_until = NULL, settled_at = $1, last_error = $2 WHERE id = $3",
          [at, outcome.reason, row.id],
        );
        out.push({ id: row.id, applied: true });
        break;
      default:
        throw new ValidationError(
          "outcome",
          (outcome as { outcome: unknown }).outcome,
          "must be sent, failed or dead",
          "phải là sent, failed hoặc dead",
        );
    }
  }
  return out;
}

export async function deadLetters(
  db: Queryable,
  options: { after?: number; limit?: number; province?: string },
): Promise<DeadLetter[]> {
  const { rows } = await db.query<{
    id: number;
    code: string;
    version: number;
    province: string;
    commune: string;
    channel: string | null;
    attempts: number;
    reason: string;
    at: number;
  }>(
    `SELECT n.id, r.code, n.version, n.province, n.commune, n.channel, n.attempts, n.last_error AS reason, n.settled_at AS at
     FROM notifications AS n JOIN records AS r ON r.id = n.record_id
     WHERE n.state = 4 AND n.id > $1 AND ($2::text IS NULL OR n.province = $2) ORDER BY n.id LIMIT $3`,
    [options.after ?? 0, options.province ?? null, options.limit ?? 1000],
  );
  return rows.map((row) => ({ ...row, at: iso(row.at) }));
}

export async function notificationCounts(db: Queryable, province?: string): Promise<NotificationCount[]> {
  const { rows } = await db.query<{ province: string; commune: string; state: number; n: number }>(
    "SELECT province, commune, state, n FROM notification_counts WHERE n <> 0 AND ($1::text IS NULL OR province = $1) ORDER BY province, commune, state",
    [province ?? null],
  );
  return rows.map((row) => ({
    province: row.province,
    commune: row.commune,
    state: notificationState(row.state),
    count: row.n,
  }));
}
