/**
 * One record at a time: creation, content edits, lifecycle moves, findings and personal-data
 * erasure — each inside the caller's write transaction, each appending its revision and moving the
 * kept counts — and the history read back as of a time.
 */
import type Database from "better-sqlite3";
import { encode } from "../../code/index.js";
import { recordIssues } from "../../rules/evaluate.js";
import { DuplicateError, NotFoundError, TransitionError, ValidationError } from "../../domain/errors.js";
import { checkTransition, STATUS_NUMBER, statusOfNumber, type TransitionRequest } from "../../domain/lifecycle.js";
import {
  type AddressRecord,
  blockingIssues,
  type Changes,
  canonicalJson,
  diffFields,
  type Issue,
  type VersionedField,
} from "../../domain/record.js";
import type { ErasureResult, NewRecord, ReadOptions, WriteContext } from "../store.js";
import type { CodeAllocation } from "./codes.js";
import type { CountDeltas, Counters } from "./counters.js";
import { bindRecordData, InsertParams } from "./record-rows.js";
import { type Held, iso, type RecordRow, setField, versionedView } from "../record-rows.js";
import { type ContentPatch, erasedAtOf, erasedRecord, patchRecord, redactedChanges, timeOf } from "../record-changes.js";
import { checkCode, type RecordTable } from "./records.js";

export class RecordWrites {
  /** One record's INSERT parameters, reused. */
  private readonly params = new InsertParams(1);

  constructor(
    private readonly records: RecordTable,
    private readonly codes: CodeAllocation,
    private readonly counters: Counters,
  ) {}

  create(record: NewRecord, context: WriteContext): Held {
    const at = timeOf(context);
    const batch = record.batch ? this.records.batchId(record.batch, true)!.id : null;
    const externalId = record.externalId ?? null;
    if (batch !== null && externalId !== null && this.records.byImportKey.get(batch, externalId)) {
      throw new DuplicateError(
        `batch "${record.batch}" already has a record with external id "${externalId}"`,
        `lô "${record.batch}" đã có địa chỉ mã nguồn "${externalId}"`,
      );
    }
    const issues = record.issues ?? recordIssues(record.data);
    const status = record.status ?? "surveyed";
    if (status === "complete" && blockingIssues(issues)) {
      throw new TransitionError(record.code ?? "(new)", "surveyed", "complete", `${issues.length} completeness finding(s)`, "chưa đầy đủ");
    }
    const requested = record.code === undefined ? undefined : checkCode(record.code, "code");
    const base = requested ?? encode(record.data.location.lat, record.data.location.lon);
    bindRecordData(this.params, 0, { id: null, code: base, status, batchId: batch, externalId, at }, record.data, issues, record.surveyor ?? null);
    const inserted = this.codes.insertAllocating(this.params, base, requested !== undefined);
    if (!("id" in inserted)) throw new DuplicateError(`code "${record.code}" is already taken`, `mã "${record.code}" đã được dùng`);
    this.records.appendRevision(inserted.id, 1, "create", status, at, context, null);
    this.counters.countNew({ new: record.data.new, status, issues });
    return this.records.reread(inserted.id);
  }

  update(code: string, expectedVersion: number, patch: ContentPatch, context: WriteContext): Held {
    const held = this.records.mustHold(code, expectedVersion);
    const { next, changes } = patchRecord(held, patch);
    if (Object.keys(changes).length === 0) {
      if (patch.issues) this.replaceIssues(this.records.byId.get(held.id)!, patch.issues);
      return this.records.reread(held.id);
    }
    const at = timeOf(context, Date.parse(held.updatedAt));
    this.records.writeState(next, expectedVersion, at, erasedAtOf(held));
    this.records.appendRevision(held.id, next.version, "update", next.status, at, context, changes);
    this.counters.move(held, next);
    return this.records.reread(held.id);
  }

  transition(code: string, expectedVersion: number, request: TransitionRequest, context: WriteContext): Held {
    const held = this.records.mustHold(code, expectedVersion);
    checkTransition({ code, status: held.status, issueCount: blockingIssues(held.issues) }, request);
    if (request.successor) {
      const successor = this.records.byCode.get(request.successor);
      if (!successor) throw new ValidationError("successor", request.successor, "no record has this code", "không có địa chỉ mang mã này");
      if (successor.status === STATUS_NUMBER.retired) {
        throw new ValidationError("successor", request.successor, "the successor is itself retired", "mã kế thừa đã bị xóa bỏ");
      }
    }
    const next: Held = { ...held, status: request.to, version: held.version + 1 };
    next.correction = request.to === "correction-requested" ? request.correction : null;
    next.successor = request.to === "retired" ? (request.successor ?? null) : held.successor;
    const changes = diffFields(versionedView(held), versionedView(next), ["status", "correction", "successor"]);
    const at = timeOf(context, Date.parse(held.updatedAt));
    this.records.writeState(next, expectedVersion, at, erasedAtOf(held));
    this.records.appendRevision(held.id, next.version, "transition", next.status, at, { ...context, reason: request.reason }, changes);
    this.counters.move(held, next);
    return this.records.reread(held.id);
  }

  /**
   * A notification was sent: the record moves `complete → notified` at whatever version it has (an
   * erasure may have moved it on since the claim; its content is what the owner was sent), with its
   * revision and counts like any transition. A record that is no longer complete is left as it is:
   * the message went out, but it no longer moves it. Answers the record's status and version after.
   * The counts of a record moved here are summed in `deltas`, which the caller writes once per batch
   * in the same transaction (a batch of hundreds moves a few units).
   */
  notify(recordId: number, context: WriteContext, reason: string, deltas: CountDeltas): { status: number; version: number } {
    const at = timeOf(context);
    const moved = this.records.markNotified(recordId, at);
    if (moved) {
      this.records.appendRevision(recordId, moved.version, "transition", "notified", moved.updated_at, { ...context, reason }, {
        status: ["complete", "notified"],
      });
      deltas.add(moved.province, moved.commune, "complete", -1, moved.issues);
      deltas.add(moved.province, moved.commune, "notified", 1, moved.issues);
      return { status: STATUS_NUMBER.notified, version: moved.version };
    }
    const row = this.records.byId.get(recordId);
    if (!row) throw new NotFoundError(`record #${recordId}`);
    if (row.status !== STATUS_NUMBER.complete) return { status: row.status, version: row.version };
    // A complete record holding a correction (not one the lifecycle makes): the general move clears it.
    const record = this.transition(row.code, row.version, { to: "notified", reason }, context);
    return { status: STATUS_NUMBER[record.status], version: record.version };
  }

  setIssues(entries: readonly { code: string; issues: Issue[]; version?: number }[]): number {
    let applied = 0;
    for (const { code, issues, version } of entries) {
      const row = this.records.byCode.get(code);
      if (!row || (version !== undefined && row.version !== version)) continue;
      this.replaceIssues(row, issues);
      applied++;
    }
    return applied;
  }

  /** Replaces a stored record's findings (derived data: no revision), keeping finding_counts right. */
  private replaceIssues(row: RecordRow, issues: readonly Issue[]): void {
    const status = statusOfNumber(row.status);
    this.counters.bumpFindings(row.province, row.commune, status, row.issues, -1);
    this.counters.bumpFindings(row.province, row.commune, status, issues, 1);
    this.records.setIssues(row.code, issues.length ? JSON.stringify(issues) : null);
  }

  /**
   * `elsewhere`: personal data of this record was just removed from another table in the same
   * transaction (the owners' proposals), so the erasure is real even when the record held none.
   */
  erasePersonalData(code: string, context: WriteContext & { reason: string }, elsewhere = false): ErasureResult {
    const row = this.records.byCode.get(checkCode(code, "code"));
    if (!row) throw new NotFoundError(code);
    const held = this.records.hold(row);
    let redacted = 0;
    for (const revision of this.records.revisionsOf.all(row.id)) {
      const changes = revision.changes === null ? null : redactedChanges(JSON.parse(revision.changes) as Changes);
      if (!changes) continue;
      this.records.rewriteChanges.run(canonicalJson(changes), revision.seq);
      redacted++;
    }
    const next = erasedRecord(held, redacted, elsewhere);
    if (next === null) return { code, version: held.version, revisionsRedacted: 0, erased: false };
    const at = timeOf(context, Date.parse(held.updatedAt));
    this.records.writeState(next, held.version, at, at);
    this.records.appendRevision(held.id, next.version, "erase", next.status, at, context, { owner: [null, null] });
    return { code, version: next.version, revisionsRedacted: redacted, erased: true };
  }
}

/** The record as it was at `at` (after every revision at or before it), or null if not yet created. */
export function recordAsOf(db: Database.Database, records: RecordTable, code: string, at: Date, options?: ReadOptions): AddressRecord | null {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new ValidationError("asOf", at, "must be a valid date", "phải là ngày hợp lệ");
  const read = db.transaction(() => {
    const row = records.byCode.get(code);
    if (!row) return null;
    return { record: records.toRecord(row), revisions: records.revisionsOf.all(row.id) };
  });
  const found = read();
  if (!found) return null;
  const { record, revisions } = found;
  let kept = revisions.length;
  // Undo, newest first, every revision made after `at`.
  for (let i = revisions.length - 1; i >= 0 && revisions[i].at > t; i--) {
    kept = i;
    const changes = revisions[i].changes === null ? null : (JSON.parse(revisions[i].changes!) as Changes);
    if (changes) for (const [field, pair] of Object.entries(changes)) setField(record, field as VersionedField, pair![0]);
  }
  if (kept === 0) return null;
  const last = revisions[kept - 1];
  record.version = last.version;
  record.updatedAt = iso(last.at);
  if (!options?.withPersonalData) record.owner = null;
  return record;
}
