/**
 * Rows as both backends store them, and their conversion to the contract's objects: the access
 * keys, the audit log, the owners' correction proposals and the outbox's state numbers have the
 * same columns in SQLite and PostgreSQL (times in epoch milliseconds, lists as JSON text), so one
 * conversion serves both and they cannot drift apart.
 */
import type { AccessKey, AuditEntry, CorrectionProposal, NotificationState } from "./store.js";

/** The outbox's `state` column (SQLite migration 6, PostgreSQL's first). Never renumber. */
export const NOTIFICATION_STATE_NUMBER: Readonly<Record<NotificationState, number>> = {
  queued: 1,
  failed: 2,
  sent: 3,
  dead: 4,
  superseded: 5,
};

const STATE_BY_NUMBER: NotificationState[] = [];
for (const [state, n] of Object.entries(NOTIFICATION_STATE_NUMBER))
  STATE_BY_NUMBER[n] = state as NotificationState;

/** The state a `state` column's number stands for. */
export function notificationState(n: number): NotificationState {
  return STATE_BY_NUMBER[n];
}

export interface KeyRow {
  id: string;
  hash: string;
  name: string;
  role: string;
  scopes: string;
  provinces: string | null;
  rate_per_minute: number | null;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
}

export const KEY_COLUMNS =
  "id, hash, name, role, scopes, provinces, rate_per_minute, created_at, created_by, revoked_at";

export function keyOf(row: KeyRow): AccessKey {
  return {
    id: row.id,
    hash: row.hash,
    name: row.name,
    role: row.role,
    scopes: JSON.parse(row.scopes) as string[],
    provinces: row.provinces === null ? null : (JSON.parse(row.provinces) as string[]),
    ratePerMinute: row.rate_per_minute,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at).toISOString(),
  };
}

export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  reason: string;
}

export function entryOf(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    reason: row.reason,
  };
}

export interface ProposalRow {
  id: number;
  code: string;
  version: number;
  province: string;
  commune: string;
  text: string | null;
  fields: string;
  at: number;
  via: string;
}

export function proposalOf(row: ProposalRow): CorrectionProposal {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    province: row.province,
    commune: row.commune,
    text: row.text,
    fields: JSON.parse(row.fields) as Record<string, string>,
    at: new Date(row.at).toISOString(),
    via: row.via,
  };
}
