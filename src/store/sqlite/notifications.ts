/**
 * The notification outbox (migration 6). Rows are queued by triggers in the transaction that makes
 * a record complete; this part hands them out under a lease, settles them, and reads the dead
 * letters and the kept counts. Every method runs inside the caller's write transaction.
 */
import { NOTIFICATION_STATE_NUMBER, notificationState } from "../rows.js";
import type Database from "better-sqlite3";
import { ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, statusOfNumber } from "../../domain/lifecycle.js";
import type {
  ClaimedNotification,
  DeadLetter,
  NotificationClaim,
  NotificationCount,
  NotificationOutcome,
  NotificationSettled,
} from "../store.js";
import { iso } from "../record-rows.js";

const MAX_CLAIM = 10_000;

interface CandidateRow {
  id: number;
  code: string;
  version: number;
  province: string;
  commune: string;
  attempts: number;
  queued_at: number;
  /** 1 when the record is still complete. */
  current: number;
}

/** A notification row just settled: the record it announces. */
interface SettledRow {
  record_id: number;
}

/** Moves a record `complete → notified` inside the caller's transaction; answers its status and version after. */
export type NotifyRecord = (recordId: number, channel: string, receipt: string, at: number) => { status: number; version: number };

export class NotificationTable {
  private readonly candidates: Database.Statement<{ now: number; contact: string | null; limit: number }, CandidateRow>;
  private readonly lease: Database.Statement<[number, string, string, number]>;
  private readonly supersede: Database.Statement<[number, number]>;
  private readonly markSent: Database.Statement<[number, string, number, string], SettledRow>;
  private readonly markFailed: Database.Statement<[number, string, number, string], SettledRow>;
  private readonly markDead: Database.Statement<[number, string, number, string], SettledRow>;
  private readonly dead: Database.Statement<{ after: number; limit: number; province: string | null }, Record<string, unknown>>;
  private readonly counts: Database.Statement<{ province: string | null }, { province: string; commune: string; state: number; n: number }>;

  constructor(db: Database.Database) {
    // Walks the due index from its front. A row is handed out when its record is still complete and,
    // for a channel that needs a contact, the owner has it; a row whose record left complete is
    // picked up too, to be superseded. Rows leased to someone else are stepped over.
    this.candidates = db.prepare(`
      SELECT n.id, r.code, n.version, n.province, n.commune, n.attempts, n.queued_at,
             r.status = ${STATUS_NUMBER.complete} AS current
      FROM notifications AS n INDEXED BY notifications_due
      JOIN records AS r ON r.id = n.record_id
      WHERE n.state IN (1, 2) AND n.next_at <= :now AND (n.lease_until IS NULL OR n.lease_until <= :now)
        AND (r.status <> ${STATUS_NUMBER.complete} OR :contact IS NULL OR json_extract(r.owner, '$.' || :contact) IS NOT NULL)
      ORDER BY n.next_at, n.id
      LIMIT :limit`);
    this.lease = db.prepare("UPDATE notifications SET lease_until = ?, claimant = ?, channel = ? WHERE id = ?");
    this.supersede = db.prepare("UPDATE notifications SET state = 5, lease_until = NULL, settled_at = ? WHERE id = ?");
    // Each settles a row only while `claimant` holds it, queued or failed, and answers its record:
    // no row answered means another deliverer took it over (its lease had lapsed) or it was settled.
    const held = `WHERE id = ? AND claimant = ? AND state IN (${NOTIFICATION_STATE_NUMBER.queued}, ${NOTIFICATION_STATE_NUMBER.failed}) RETURNING record_id`;
    this.markSent = db.prepare(`UPDATE notifications SET state = 3, attempts = attempts + 1, lease_until = NULL, settled_at = ?, receipt = ? ${held}`);
    this.markFailed = db.prepare(`UPDATE notifications SET state = 2, attempts = attempts + 1, lease_until = NULL, next_at = ?, last_error = ? ${held}`);
    this.markDead = db.prepare(`UPDATE notifications SET state = 4, attempts = attempts + 1, lease_until = NULL, settled_at = ?, last_error = ? ${held}`);
    this.dead = db.prepare(`
      SELECT n.id, r.code, n.version, n.province, n.commune, n.channel, n.attempts, n.last_error AS reason, n.settled_at AS at
      FROM notifications AS n INDEXED BY notifications_dead JOIN records AS r ON r.id = n.record_id
      WHERE n.state = 4 AND n.id > :after AND (:province IS NULL OR n.province = :province)
      ORDER BY n.id LIMIT :limit`);
    this.counts = db.prepare(`
      SELECT province, commune, state, n FROM notification_counts
      WHERE n <> 0 AND (:province IS NULL OR province = :province) ORDER BY province, commune, state`);
  }

  claim(claim: NotificationClaim): ClaimedNotification[] {
    if (!Number.isInteger(claim.limit) || claim.limit < 1 || claim.limit > MAX_CLAIM) {
      throw new ValidationError("limit", claim.limit, `must be an integer from 1 to ${MAX_CLAIM}`, `phải là số nguyên từ 1 đến ${MAX_CLAIM}`);
    }
    if (!Number.isFinite(claim.leaseMs) || claim.leaseMs <= 0) {
      throw new ValidationError("leaseMs", claim.leaseMs, "must be a positive number of milliseconds", "phải là số mili giây dương");
    }
    if (typeof claim.claimant !== "string" || claim.claimant === "") throw new ValidationError("claimant", claim.claimant, "must be named", "cần tên");
    const now = (claim.now ?? new Date()).getTime();
    const contact = claim.contact ?? null;
    const out: ClaimedNotification[] = [];
    // Superseded rows do not count towards the limit: look again until it is met or none are due.
    for (;;) {
      const rows = this.candidates.all({ now, contact, limit: claim.limit - out.length });
      for (const row of rows) {
        if (!row.current) {
          this.supersede.run(now, row.id);
          continue;
        }
        this.lease.run(now + claim.leaseMs, claim.claimant, claim.channel, row.id);
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
      if (rows.length === 0 || out.length === claim.limit || rows.every((row) => row.current)) return out;
    }
  }

  settle(claimant: string, channel: string, outcomes: readonly NotificationOutcome[], at: number, notify: NotifyRecord): NotificationSettled[] {
    return outcomes.map((outcome) => {
      const { id } = outcome;
      switch (outcome.outcome) {
        case "sent": {
          const row = this.markSent.get(at, outcome.receipt, id, claimant);
          if (!row) return { id, applied: false };
          // The record's move fires no supersede: complete → notified is not "leaving".
          const record = notify(row.record_id, channel, outcome.receipt, at);
          return { id, applied: true, recordStatus: statusOfNumber(record.status), recordVersion: record.version };
        }
        case "failed": {
          const next = outcome.nextAttemptAt.getTime();
          if (!Number.isFinite(next)) throw new ValidationError("nextAttemptAt", outcome.nextAttemptAt, "must be a valid date", "phải là ngày hợp lệ");
          return { id, applied: this.markFailed.get(next, outcome.error, id, claimant) !== undefined };
        }
        case "dead":
          return { id, applied: this.markDead.get(at, outcome.reason, id, claimant) !== undefined };
        default:
          throw new ValidationError("outcome", (outcome as { outcome: unknown }).outcome, "must be sent, failed or dead", "phải là sent, failed hoặc dead");
      }
    });
  }

  deadLetters(options: { after?: number; limit?: number; province?: string }): DeadLetter[] {
    const limit = options.limit ?? 1000;
    return this.dead.all({ after: options.after ?? 0, limit, province: options.province ?? null }).map((row) => ({
      id: row.id as number,
      code: row.code as string,
      version: row.version as number,
      province: row.province as string,
      commune: row.commune as string,
      channel: row.channel as string | null,
      attempts: row.attempts as number,
      reason: row.reason as string,
      at: iso(row.at as number),
    }));
  }

  countsByUnit(province?: string): NotificationCount[] {
    return this.counts
      .all({ province: province ?? null })
      .map((row) => ({ province: row.province, commune: row.commune, state: notificationState(row.state), count: row.n }));
  }
}
