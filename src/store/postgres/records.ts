/**
 * The `records`, `revisions` and `batches` tables of the PostgreSQL store: the rows read back as
 * the records and revisions readers get (the SQLite store's conversions: same JSON, same shapes),
 * and the row writes every write builds on. Writes run inside the caller's writer transaction
 * (connection.ts), so seqs and codes are handed out with no other writer between.
 */
import type pg from "pg";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, type Status } from "../../domain/lifecycle.js";
import type { AddressRecord, Changes } from "../../domain/record.js";
import { ACTION_NUMBER, type Held, type RecordRow, type RevisionRow, recordOf, revisionOf } from "../record-rows.js";
import type { Revision, RevisionAction, WriteContext } from "../store.js";

/** Anything that runs a query: the pool (reads) or a transaction's client. */
export type Queryable = pg.Pool | pg.ClientBase;

/** A row of `records` with its batch's name (the SQLite row less its unused tile column). */
export type PgRecordRow = Omit<RecordRow, "tile"> & { batch: string | null };

/** The record columns every read selects (never the geometry: derived from lat and lon). */
const RECORD_COLUMNS = `r.id, r.code, r.kind, r.status, r.version, r.province, r.commune, r.old, r.name, r.parts,
  r.lat, r.lon, r.accuracy, r.loc_source, r.owner, r.extra, r.batch_id, r.external_id, r.surveyor, r.issues, r.correction,
  r.successor, r.created_at, r.updated_at, r.erased_at, b.name AS batch`;
export const RECORD_SELECT = `SELECT ${RECORD_COLUMNS} FROM records AS r LEFT JOIN batches AS b ON b.id = r.batch_id`;

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export function toRecord(row: PgRecordRow, withPersonalData = true): AddressRecord {
  return recordOf({ ...row, tile: 0 }, row.batch, withPersonalData);
}

export function hold(row: PgRecordRow): Held {
  return Object.assign(toRecord(row), { id: row.id });
}

export function checkCode(code: unknown, where: string): string {
  if (typeof code !== "string" || code === "")
    throw new ValidationError(where, code, "must be a code", "phải là mã địa chỉ");
  return code;
}

// Named, so each connection prepares them once: a point read is then one round trip with no planning.
const BY_CODE = { name: "diachiso-record-by-code", text: `${RECORD_SELECT} WHERE r.code = $1` };
const BY_ID = { name: "diachiso-record-by-id", text: `${RECORD_SELECT} WHERE r.id = $1` };

export async function rowByCode(db: Queryable, code: string): Promise<PgRecordRow | null> {
  return (await db.query<PgRecordRow>({ ...BY_CODE, values: [code] })).rows[0] ?? null;
}

export async function rowById(db: Queryable, id: number): Promise<PgRecordRow | null> {
  return (await db.query<PgRecordRow>({ ...BY_ID, values: [id] })).rows[0] ?? null;
}

export async function rowsByImportKeys(
  db: Queryable,
  batchId: number,
  externalIds: readonly string[],
): Promise<PgRecordRow[]> {
  return (
    await db.query<PgRecordRow>(
      `${RECORD_SELECT} WHERE r.batch_id = $1 AND r.external_id = ANY($2::text[])`,
      [batchId, externalIds],
    )
  ).rows;
}

/** The held record of `code` at `expectedVersion`: NotFoundError or ConflictError otherwise. */
export async function mustHold(db: Queryable, code: string, expectedVersion: number): Promise<Held> {
  const row = await rowByCode(db, checkCode(code, "code"));
  if (!row) throw new NotFoundError(code);
  if (row.version !== expectedVersion) throw new ConflictError(code, expectedVersion, row.version);
  return hold(row);
}

export async function reread(db: Queryable, id: number): Promise<Held> {
  return hold((await rowById(db, id))!);
}

export async function revisionRows(db: Queryable, recordId: number): Promise<RevisionRow[]> {
  return (
    await db.query<RevisionRow>(
      "SELECT seq, record_id, version, action, status, at, actor, reason, changes FROM revisions WHERE record_id = $1 ORDER BY seq",
      [recordId],
    )
  ).rows;
}

export async function history(db: Queryable, code: string, withPersonalData: boolean): Promise<Revision[]> {
  const row = await rowByCode(db, code);
  if (!row) return [];
  return (await revisionRows(db, row.id)).map((r) => revisionOf(r, code, withPersonalData));
}

export async function changesSince(db: Queryable, after: number, limit: number): Promise<Revision[]> {
  if (!Number.isSafeInteger(after) || after < 0)
    throw new ValidationError("after", after, "must be a sequence number ≥ 0", "phải là số thứ tự ≥ 0");
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
    throw new ValidationError("limit", limit, "must be 1–100,000", "phải từ 1 đến 100.000");
  const { rows } = await db.query<RevisionRow & { code: string }>(
    `SELECT v.seq, v.record_id, v.version, v.action, v.status, v.at, v.actor, v.reason, v.changes, r.code
     FROM revisions AS v JOIN records AS r ON r.id = v.record_id WHERE v.seq > $1 ORDER BY v.seq LIMIT $2`,
    [after, limit],
  );
  return rows.map((r) => revisionOf(r, r.code, false));
}

/** The id of a batch name, added when missing and `create`. */
export async function batchId(db: Queryable, name: string, create: boolean): Promise<number | null> {
  if (create) await db.query("INSERT INTO batches (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [name]);
  return (
    (await db.query<{ id: number }>("SELECT id FROM batches WHERE name = $1", [name])).rows[0]?.id ?? null
  );
}

/** `n` new seqs of the change feed, in order (taken under the writers' lock: commit order). */
export async function nextSeqs(db: Queryable, n: number): Promise<number[]> {
  if (n === 0) return [];
  return (
    await db.query<{ seq: number }>(
      "SELECT nextval('revisions_seq') AS seq FROM generate_series(1, $1::int)",
      [n],
    )
  ).rows.map((r) => r.seq);
}

/** `n` new record ids, in order. */
export async function nextIds(db: Queryable, n: number): Promise<number[]> {
  if (n === 0) return [];
  return (
    await db.query<{ id: number }>(
      "SELECT nextval(pg_get_serial_sequence('records', 'id')) AS id FROM generate_series(1, $1::int)",
      [n],
    )
  ).rows.map((r) => r.id);
}

export async function appendRevision(
  db: Queryable,
  record: { id: number; province: string },
  version: number,
  action: RevisionAction,
  status: Status,
  at: number,
  context: WriteContext,
  changes: Changes | null,
): Promise<void> {
  await db.query(
    `INSERT INTO revisions (seq, province, record_id, version, action, status, at, actor, reason, changes)
     VALUES (nextval('revisions_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      record.province,
      record.id,
      version,
      ACTION_NUMBER[action],
      STATUS_NUMBER[status],
      at,
      context.actor,
      context.reason ?? null,
      changes === null ? null : JSON.stringify(changes),
    ],
  );
}

/**
 * Writes `next` over the row if it is still at `expectedVersion`, and answers the row as stored
 * (in the same statement: a writer's round trips are all spent under the writers' lock).
 */
export async function writeState(
  db: Queryable,
  next: Held,
  expectedVersion: number,
  at: number,
  erasedAt: number | null,
): Promise<PgRecordRow> {
  const done = await db.query<PgRecordRow>(
    `WITH r AS (
       UPDATE records SET kind = $1, status = $2, version = $3, province = $4, commune = $5, old = $6, name = $7, parts = $8,
         lat = $9, lon = $10, accuracy = $11, loc_source = $12, owner = $13, surveyor = $14, issues = $15, correction = $16,
         successor = $17, updated_at = $18, erased_at = $19, extra = $20
       WHERE id = $21 AND version = $22
       RETURNING *)
     SELECT ${RECORD_COLUMNS} FROM r LEFT JOIN batches AS b ON b.id = r.batch_id`,
    [
      next.kind,
      STATUS_NUMBER[next.status],
      next.version,
      next.new.province,
      next.new.commune,
      json(next.old),
      next.name,
      JSON.stringify(next.parts),
      next.location.lat,
      next.location.lon,
      next.location.accuracyM,
      next.location.source,
      json(next.owner),
      next.provenance.surveyor,
      next.issues.length ? JSON.stringify(next.issues) : null,
      json(next.correction),
      next.successor,
      at,
      erasedAt,
      json(next.extra),
      next.id,
      expectedVersion,
    ],
  );
  if (done.rows.length !== 1) throw new ConflictError(next.code, expectedVersion, -1);
  return done.rows[0];
}

/** The columns of a new record, in the order `insertRecords` takes them. */
export interface NewRow {
  id: number;
  code: string;
  kind: string;
  status: number;
  province: string;
  commune: string;
  old: string | null;
  name: string | null;
  parts: string;
  lat: number;
  lon: number;
  accuracy: number | null;
  locSource: string;
  owner: string | null;
  batchId: number | null;
  externalId: string | null;
  surveyor: string | null;
  issues: string | null;
  at: number;
  extra: string | null;
}

const NEW_COLUMNS: readonly [keyof NewRow, string, string][] = [
  ["id", "id", "bigint"],
  ["code", "code", "text"],
  ["kind", "kind", "text"],
  ["status", "status", "smallint"],
  ["province", "province", "text"],
  ["commune", "commune", "text"],
  ["old", "old", "text"],
  ["name", "name", "text"],
  ["parts", "parts", "text"],
  ["lat", "lat", "float8"],
  ["lon", "lon", "float8"],
  ["accuracy", "accuracy", "float8"],
  ["locSource", "loc_source", "text"],
  ["owner", "owner", "text"],
  ["batchId", "batch_id", "bigint"],
  ["externalId", "external_id", "text"],
  ["surveyor", "surveyor", "text"],
  ["issues", "issues", "text"],
  ["at", "created_at", "bigint"],
  ["at", "updated_at", "bigint"],
  ["extra", "extra", "text"],
];

/**
 * Inserts new records (ids given) and their `create` revisions, two statements whatever their
 * number: each column crosses as one array.
 */
export async function insertRecords(
  db: Queryable,
  rows: readonly NewRow[],
  context: WriteContext,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = NEW_COLUMNS.map(([key]) => rows.map((row) => row[key]));
  await db.query(
    `INSERT INTO records (${NEW_COLUMNS.map(([, column]) => column).join(", ")}, version)
     SELECT *, 1 FROM unnest(${NEW_COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(", ")})`,
    columns,
  );
  const seqs = await nextSeqs(db, rows.length);
  await db.query(
    `INSERT INTO revisions (seq, province, record_id, version, action, status, at, actor, reason, changes)
     SELECT s, p, id, 1, ${ACTION_NUMBER.create}, st, at, $6, $7, NULL FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::smallint[], $5::bigint[]) AS u(s, p, id, st, at)`,
    [
      seqs,
      rows.map((r) => r.province),
      rows.map((r) => r.id),
      rows.map((r) => r.status),
      rows.map((r) => r.at),
      context.actor,
      context.reason ?? null,
    ],
  );
}
