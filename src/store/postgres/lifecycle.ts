/**
 * One record at a time in the PostgreSQL store: creation, content edits, lifecycle moves, findings
 * and personal-data erasure, each inside the caller's writer transaction, each appending its
 * revision and moving the kept counts; and the history read back as of a time. The rules are the
 * SQLite store's (`patchRecord`, `timeOf`), so the two stores answer alike.
 */
import { encode } from "../../code/index.js";
import { DuplicateError, NotFoundError, TransitionError, ValidationError } from "../../domain/errors.js";
import { checkTransition, STATUS_NUMBER, type TransitionRequest } from "../../domain/lifecycle.js";
import {
  type AddressRecord,
  blockingIssues,
  type Changes,
  canonicalJson,
  diffFields,
  type Issue,
  type VersionedField,
} from "../../domain/record.js";
import { recordIssues } from "../../rules/evaluate.js";
import { type ContentPatch, erasedAtOf, erasedRecord, patchRecord, redactedChanges, timeOf } from "../record-changes.js";
import { type Held, iso, setField, versionedView } from "../record-rows.js";
import type { ErasureResult, NewRecord, ReadOptions, WriteContext } from "../store.js";
import { CodeAllocator } from "./codes.js";
import { CountChanges } from "./counters.js";
import {
  appendRevision,
  batchId,
  checkCode,
  hold,
  insertRecords,
  mustHold,
  nextIds,
  type PgRecordRow,
  type Queryable,
  reread,
  revisionRows,
  rowByCode,
  rowById,
  rowsByImportKeys,
  toRecord,
  writeState,
} from "./records.js";

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export async function createRecord(db: Queryable, record: NewRecord, context: WriteContext): Promise<Held> {
  const at = timeOf(context);
  const batch = record.batch ? await batchId(db, record.batch, true) : null;
  const externalId = record.externalId ?? null;
  if (batch !== null && externalId !== null && (await rowsByImportKeys(db, batch, [externalId])).length > 0) {
    throw new DuplicateError(
      `batch "${record.batch}" already has a record with external id "${externalId}"`,
      `lô "${record.batch}" đã có địa chỉ mã nguồn "${externalId}"`,
    );
  }
  const issues = record.issues ?? recordIssues(record.data);
  const status = record.status ?? "surveyed";
  if (status === "complete" && blockingIssues(issues)) {
    throw new TransitionError(
      record.code ?? "(new)",
      "surveyed",
      "complete",
      `${issues.length} completeness finding(s)`,
      "chưa đầy đủ",
    );
  }
  const requested = record.code === undefined ? undefined : checkCode(record.code, "code");
  const base = requested ?? encode(record.data.location.lat, record.data.location.lon);
  const code = await new CodeAllocator(db).allocate(base, requested !== undefined);
  if (code === null)
    throw new DuplicateError(`code "${record.code}" is already taken`, `mã "${record.code}" đã được dùng`);
  const [id] = await nextIds(db, 1);
  const data = record.data;
  await insertRecords(
    db,
    [
      {
        id,
        code,
        kind: data.kind,
        status: STATUS_NUMBER[status],
        province: data.new.province,
        commune: data.new.commune,
        old: json(data.old),
        name: data.name,
        parts: JSON.stringify(data.parts),
        lat: data.location.lat,
        lon: data.location.lon,
        accuracy: data.location.accuracyM,
        locSource: data.location.source,
        owner: json(data.owner),
        batchId: batch,
        externalId,
        surveyor: record.surveyor ?? null,
        issues: issues.length ? JSON.stringify(issues) : null,
        at,
        extra: json(data.extra),
      },
    ],
    context,
  );
  const counts = new CountChanges();
  counts.addNew({ new: data.new, status, issues });
  await counts.write(db);
  return reread(db, id);
}

export async function updateRecord(
  db: Queryable,
  code: string,
  expectedVersion: number,
  patch: ContentPatch,
  context: WriteContext,
): Promise<Held> {
  const held = await mustHold(db, code, expectedVersion);
  const { next, changes } = patchRecord(held, patch);
  if (Object.keys(changes).length === 0) {
    if (patch.issues) await replaceIssues(db, (await rowById(db, held.id))!, patch.issues);
    return reread(db, held.id);
  }
  const at = timeOf(context, Date.parse(held.updatedAt));
  const written = await writeState(db, next, expectedVersion, at, erasedAtOf(held));
  await appendRevision(
    db,
    { id: held.id, province: next.new.province },
    next.version,
    "update",
    next.status,
    at,
    context,
    changes,
  );
  const counts = new CountChanges();
  counts.move(held, next);
  await counts.write(db);
  return hold(written);
}

export async function transitionRecord(
  db: Queryable,
  code: string,
  expectedVersion: number,
  request: TransitionRequest,
  context: WriteContext,
): Promise<Held> {
  const held = await mustHold(db, code, expectedVersion);
  checkTransition({ code, status: held.status, issueCount: blockingIssues(held.issues) }, request);
  if (request.successor) {
    const successor = await rowByCode(db, request.successor);
    if (!successor)
      throw new ValidationError(
        "successor",
        request.successor,
        "no record has this code",
        "không có địa chỉ mang mã này",
      );
    if (successor.status === STATUS_NUMBER.retired) {
      throw new ValidationError(
        "successor",
        request.successor,
        "the successor is itself retired",
        "mã kế thừa đã bị xóa bỏ",
      );
    }
  }
  const next: Held = { ...held, status: request.to, version: held.version + 1 };
  next.correction = request.to === "correction-requested" ? request.correction : null;
  next.successor = request.to === "retired" ? (request.successor ?? null) : held.successor;
  const changes = diffFields(versionedView(held), versionedView(next), ["status", "correction", "successor"]);
  const at = timeOf(context, Date.parse(held.updatedAt));
  const written = await writeState(db, next, expectedVersion, at, erasedAtOf(held));
  await appendRevision(
    db,
    { id: held.id, province: next.new.province },
    next.version,
    "transition",
    next.status,
    at,
    { ...context, reason: request.reason },
    changes,
  );
  const counts = new CountChanges();
  counts.move(held, next);
  await counts.write(db);
  return hold(written);
}

/** A notification was sent: `complete → notified` at whatever version the record has; otherwise left as it is. */
export async function notifyRecord(
  db: Queryable,
  recordId: number,
  context: WriteContext,
  reason: string,
): Promise<Held> {
  const row = await rowById(db, recordId);
  if (!row) throw new NotFoundError(`record #${recordId}`);
  if (row.status !== STATUS_NUMBER.complete) return hold(row);
  return transitionRecord(db, row.code, row.version, { to: "notified", reason }, context);
}

export async function setIssues(
  db: Queryable,
  entries: readonly { code: string; issues: Issue[]; version?: number }[],
): Promise<number> {
  let applied = 0;
  for (const { code, issues, version } of entries) {
    const row = await rowByCode(db, code);
    if (!row || (version !== undefined && row.version !== version)) continue;
    await replaceIssues(db, row, issues);
    applied++;
  }
  return applied;
}

/** Replaces a stored record's findings (derived data: no revision), keeping finding_counts right. */
async function replaceIssues(db: Queryable, row: PgRecordRow, issues: readonly Issue[]): Promise<void> {
  const record = toRecord(row);
  const counts = new CountChanges();
  counts.add(row.province, row.commune, record.status, -1, row.issues);
  counts.add(row.province, row.commune, record.status, 1, issues);
  await counts.write(db);
  await db.query("UPDATE records SET issues = $1 WHERE id = $2", [
    issues.length ? JSON.stringify(issues) : null,
    row.id,
  ]);
}

/**
 * Decree 13/2023 erasure (see Store.erasePersonalData). `elsewhere`: personal data of this record
 * was just removed from another table in the same transaction (the owners' proposals).
 */
export async function erasePersonalData(
  db: Queryable,
  code: string,
  context: WriteContext & { reason: string },
  elsewhere: boolean,
): Promise<ErasureResult> {
  const row = await rowByCode(db, checkCode(code, "code"));
  if (!row) throw new NotFoundError(code);
  const held = hold(row);
  let redacted = 0;
  for (const revision of await revisionRows(db, row.id)) {
    const changes = revision.changes === null ? null : redactedChanges(JSON.parse(revision.changes) as Changes);
    if (!changes) continue;
    await db.query("UPDATE revisions SET changes = $1 WHERE seq = $2", [canonicalJson(changes), revision.seq]);
    redacted++;
  }
  const next = erasedRecord(held, redacted, elsewhere);
  if (next === null) return { code, version: held.version, revisionsRedacted: 0, erased: false };
  const at = timeOf(context, Date.parse(held.updatedAt));
  await writeState(db, next, held.version, at, at);
  await appendRevision(
    db,
    { id: held.id, province: held.new.province },
    next.version,
    "erase",
    next.status,
    at,
    context,
    { owner: [null, null] },
  );
  return { code, version: next.version, revisionsRedacted: redacted, erased: true };
}

/** The record as it was at `at`, or null if not yet created; read in one snapshot. */
export async function recordAsOf(
  db: Queryable,
  code: string,
  at: Date,
  options?: ReadOptions,
): Promise<AddressRecord | null> {
  const t = at.getTime();
  if (!Number.isFinite(t))
    throw new ValidationError("asOf", at, "must be a valid date", "phải là ngày hợp lệ");
  const row = await rowByCode(db, code);
  if (!row) return null;
  const record = toRecord(row);
  const revisions = await revisionRows(db, row.id);
  let kept = revisions.length;
  for (let i = revisions.length - 1; i >= 0 && revisions[i].at > t; i--) {
    kept = i;
    const changes = revisions[i].changes === null ? null : (JSON.parse(revisions[i].changes!) as Changes);
    if (changes)
      for (const [field, pair] of Object.entries(changes))
        setField(record, field as VersionedField, pair![0]);
  }
  if (kept === 0) return null;
  const last = revisions[kept - 1];
  record.version = last.version;
  record.updatedAt = iso(last.at);
  if (!options?.withPersonalData) record.owner = null;
  return record;
}
