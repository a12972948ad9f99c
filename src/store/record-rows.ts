/**
 * A record as a row of either backend's `records` and `revisions` tables and back: both stores keep
 * the same columns in the same forms (times as ms, JSON as its text, statuses and actions as small
 * numbers), so the conversion into the records and revisions readers get is written once.
 */
import { ValidationError } from "../domain/errors.js";
import { statusOfNumber } from "../domain/lifecycle.js";
import type { AddressRecord, Changes, Issue, VersionedField } from "../domain/record.js";
import type { Page, RecordSummary, Revision, RevisionAction } from "./store.js";

/** A row of `records` as either backend returns it (sqlite/migrations.ts has the columns' meaning; `tile` is SQLite's own). */
export interface RecordRow {
  id: number;
  code: string;
  kind: string;
  status: number;
  version: number;
  province: string;
  commune: string;
  old: string | null;
  name: string | null;
  parts: string;
  lat: number;
  lon: number;
  accuracy: number | null;
  loc_source: string;
  tile: number;
  owner: string | null;
  extra: string | null;
  batch_id: number | null;
  external_id: string | null;
  surveyor: string | null;
  issues: string | null;
  correction: string | null;
  successor: string | null;
  created_at: number;
  updated_at: number;
  erased_at: number | null;
}

/** A row of `revisions`; `code` when joined with its record. */
export interface RevisionRow {
  seq: number;
  record_id: number;
  code?: string;
  version: number;
  action: number;
  status: number;
  at: number;
  actor: string;
  reason: string | null;
  changes: string | null;
}

/** A record with its row id, as handled inside transactions. */
export type Held = AddressRecord & { id: number };

export const ACTION_NUMBER: Record<RevisionAction, number> = { create: 1, update: 2, transition: 3, erase: 4 };
const ACTION_BY_NUMBER: RevisionAction[] = ["create", "create", "update", "transition", "erase"];

/** Stands for owner values in answers given without `withPersonalData`. */
export const HIDDEN = "[personal data hidden]";

// ── reading ───────────────────────────────────────────────────────────────────────────────────

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The record of a row, without its row id (what readers get); owner parsed only when wanted. */
export function recordOf(row: RecordRow, batch: string | null, withPersonalData: boolean): AddressRecord {
  return {
    code: row.code,
    kind: row.kind,
    status: statusOfNumber(row.status),
    version: row.version,
    name: row.name,
    parts: JSON.parse(row.parts),
    new: { province: row.province, commune: row.commune },
    old: parse(row.old) as AddressRecord["old"],
    location: { lat: row.lat, lon: row.lon, accuracyM: row.accuracy, source: row.loc_source },
    owner: withPersonalData ? (parse(row.owner) as AddressRecord["owner"]) : null,
    ...(row.extra === null ? {} : { extra: JSON.parse(row.extra) as Record<string, string> }),
    provenance: { batch, externalId: row.external_id, surveyor: row.surveyor },
    issues: (parse(row.issues) as Issue[] | null) ?? [],
    correction: parse(row.correction),
    successor: row.successor,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    personalDataErasedAt: row.erased_at === null ? null : iso(row.erased_at),
  };
}

export function revisionOf(row: RevisionRow, code: string, withPersonalData: boolean): Revision {
  const changes = parse(row.changes) as Changes | null;
  return {
    seq: row.seq,
    code,
    version: row.version,
    action: ACTION_BY_NUMBER[row.action],
    status: statusOfNumber(row.status),
    at: iso(row.at),
    actor: row.actor,
    reason: row.reason,
    changes: withPersonalData ? changes : hideOwner(changes),
  };
}

function hideOwner(changes: Changes | null): Changes | null {
  if (!changes?.owner) return changes;
  const [before, after] = changes.owner;
  return { ...changes, owner: [before === null ? null : HIDDEN, after === null ? null : HIDDEN] };
}

/** The versioned fields of a record, flat, as revisions name them. */
export function versionedView(r: AddressRecord): Record<VersionedField, unknown> {
  return {
    kind: r.kind,
    name: r.name,
    parts: r.parts,
    new: r.new,
    old: r.old,
    location: r.location,
    owner: r.owner,
    extra: r.extra ?? null,
    surveyor: r.provenance.surveyor,
    status: r.status,
    correction: r.correction,
    successor: r.successor,
  };
}

/** Sets one versioned field (undoing a revision in as-of reads). */
export function setField(r: AddressRecord, field: VersionedField, value: unknown): void {
  if (field === "surveyor") r.provenance.surveyor = value as string | null;
  else (r as unknown as Record<string, unknown>)[field] = value;
}

// ── scanning ──────────────────────────────────────────────────────────────────────────────────

/** The largest page `Store.scan` hands out. */
export const MAX_SCAN_PAGE = 50_000;

/** Only the columns an index reads: a whole row costs four times as much to fetch and build. */
export const SCAN_COLUMNS = "id, code, kind, status, province, commune, old, name, parts, lat, lon";
export type ScanRow = Pick<RecordRow, "id" | "code" | "kind" | "status" | "province" | "commune" | "old" | "name" | "parts" | "lat" | "lon">;

/** The row id a scan page starts after (its cursor read), the page size checked: ValidationError otherwise. */
export function scanStart(after: string | null | undefined, limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SCAN_PAGE) {
    throw new ValidationError("limit", limit, `must be an integer from 1 to ${MAX_SCAN_PAGE}`, `phải là số nguyên từ 1 đến ${MAX_SCAN_PAGE}`);
  }
  const from = after ? Number.parseInt(after, 36) : 0;
  if (!Number.isSafeInteger(from)) throw new ValidationError("after", after, "is not a cursor of this store", "con trỏ trang không hợp lệ");
  return from;
}

/** A scan page from up to `limit + 1` rows in id order (the extra one says that more follow). */
export function scanPage(rows: ScanRow[], limit: number): Page<RecordSummary> {
  const more = rows.length > limit;
  if (more) rows.pop();
  return {
    items: rows.map((r) => ({
      code: r.code,
      kind: r.kind as RecordSummary["kind"],
      status: statusOfNumber(r.status),
      name: r.name,
      parts: JSON.parse(r.parts),
      new: { province: r.province, commune: r.commune },
      old: r.old === null ? null : JSON.parse(r.old),
      lat: r.lat,
      lon: r.lon,
    })),
    next: more ? rows[rows.length - 1].id.toString(36) : null,
  };
}
