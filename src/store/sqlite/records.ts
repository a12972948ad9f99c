/**
 * The `records`, `revisions` and `batches` tables: their prepared statements, batch names, and the
 * reads and row writes every other part of the store builds on. Nothing here opens a transaction:
 * writes run inside the caller's (bulk-load.ts `writeTransaction`).
 */
import type Database from "better-sqlite3";
import { ConflictError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, type Status } from "../../domain/lifecycle.js";
import type { AddressRecord, Changes } from "../../domain/record.js";
import type { Revision, RevisionAction, WriteContext } from "../store.js";
import { ACTION_NUMBER, type Held, type RecordRow, type RevisionRow, recordOf, revisionOf } from "../record-rows.js";
import { InsertParams, insertSql } from "./record-rows.js";

/** What `markNotified` answers: the record's new version and time, and what the kept counts need. */
export interface NotifiedRow {
  version: number;
  updated_at: number;
  province: string;
  commune: string;
  issues: string | null;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export class RecordTable {
  private readonly batchNames = new Map<number, string>();
  private readonly batchIds = new Map<string, number>();
  /** Multi-row INSERTs by row count, each with parameters of its size (prepared on first use). */
  private readonly inserts: { statement: Database.Statement; params: InsertParams }[] = [];
  /** `SELECT … WHERE batch_id = ? AND external_id IN (n keys)` by key count. */
  private readonly lookups: Database.Statement<unknown[], RecordRow>[] = [];

  readonly byCode: Database.Statement<[string], RecordRow>;
  readonly byId: Database.Statement<[number], RecordRow>;
  readonly byImportKey: Database.Statement<[number, string], RecordRow>;
  private readonly maxIdStatement: Database.Statement<[], number | null>;
  private readonly idsBetweenStatement: Database.Statement<[number, number], number>;
  private readonly createRevisionsStatement: Database.Statement<[number, string, string | null, number, number]>;
  private readonly writeStatement: Database.Statement;
  private readonly revisionStatement: Database.Statement;
  readonly revisionsOf: Database.Statement<[number], RevisionRow>;
  readonly rewriteChanges: Database.Statement<[string | null, number]>;
  private readonly changesSinceStatement: Database.Statement<[number, number], RevisionRow>;
  private readonly lastSeqStatement: Database.Statement<[], { seq: number | null }>;
  private readonly batchByName: Database.Statement<[string], { id: number }>;
  private readonly batchById: Database.Statement<[number], { name: string }>;
  private readonly addBatch: Database.Statement<[string]>;
  private readonly setIssuesStatement: Database.Statement<[string | null, string]>;
  private readonly notifiedStatement: Database.Statement<[number, number], NotifiedRow>;

  constructor(private readonly db: Database.Database) {
    this.byCode = db.prepare("SELECT * FROM records WHERE code = ?");
    this.byId = db.prepare("SELECT * FROM records WHERE id = ?");
    this.byImportKey = db.prepare("SELECT * FROM records WHERE batch_id = ? AND external_id = ?");
    this.maxIdStatement = db.prepare<[], number | null>("SELECT max(id) FROM records").pluck();
    this.idsBetweenStatement = db.prepare<[number, number], number>("SELECT id FROM records WHERE id BETWEEN ? AND ?").pluck();
    // Read back from the pages the insert has just written, in id (= input) order.
    this.createRevisionsStatement = db.prepare(
      `INSERT INTO revisions (record_id, version, action, status, at, actor, reason, changes)
       SELECT id, 1, ${ACTION_NUMBER.create}, status, ?, ?, ?, NULL FROM records WHERE id BETWEEN ? AND ? ORDER BY id`,
    );
    this.writeStatement = db.prepare(
      `UPDATE records SET kind = ?, status = ?, version = ?, province = ?, commune = ?, old = ?, name = ?, parts = ?,
         lat = ?, lon = ?, accuracy = ?, loc_source = ?, tile = ?, owner = ?, surveyor = ?, issues = ?, correction = ?,
         successor = ?, updated_at = ?, erased_at = ?, extra = ?
       WHERE id = ? AND version = ?`,
    );
    this.revisionStatement = db.prepare(
      "INSERT INTO revisions (record_id, version, action, status, at, actor, reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.revisionsOf = db.prepare("SELECT * FROM revisions WHERE record_id = ? ORDER BY seq");
    this.rewriteChanges = db.prepare("UPDATE revisions SET changes = ? WHERE seq = ?");
    this.changesSinceStatement = db.prepare(
      "SELECT v.*, r.code FROM revisions v JOIN records r ON r.id = v.record_id WHERE v.seq > ? ORDER BY v.seq LIMIT ?",
    );
    this.lastSeqStatement = db.prepare("SELECT max(seq) AS seq FROM revisions");
    this.batchByName = db.prepare("SELECT id FROM batches WHERE name = ?");
    this.batchById = db.prepare("SELECT name FROM batches WHERE id = ?");
    this.addBatch = db.prepare("INSERT INTO batches (name) VALUES (?)");
    this.setIssuesStatement = db.prepare("UPDATE records SET issues = ? WHERE code = ?");
    // complete → notified changes the status, the version and the time, nothing else (a complete
    // record has no correction, and keeps its successor): one UPDATE instead of the whole row
    // read, parsed, rewritten and read again. The time never goes backwards (timeOf's rule).
    this.notifiedStatement = db.prepare(
      `UPDATE records SET status = ${STATUS_NUMBER.notified}, version = version + 1, updated_at = max(updated_at, ?)
       WHERE id = ? AND status = ${STATUS_NUMBER.complete} AND correction IS NULL
       RETURNING version, updated_at, province, commune, issues`,
    );
  }

  // ── batches ─────────────────────────────────────────────────────────────────────────────────

  batchName(id: number | null): string | null {
    if (id === null) return null;
    let name = this.batchNames.get(id);
    if (name === undefined) {
      name = this.batchById.get(id)?.name ?? `#${id}`;
      this.batchNames.set(id, name);
    }
    return name;
  }

  /**
   * The id of a batch name; with `create`, a new batch is added (`fresh`). A new batch's id is
   * remembered only once its transaction commits (`rememberBatch`).
   */
  batchId(name: string, create: boolean): { id: number; fresh: boolean } | null {
    const cached = this.batchIds.get(name);
    if (cached !== undefined) return { id: cached, fresh: false };
    const found = this.batchByName.get(name);
    if (found) {
      this.batchIds.set(name, found.id);
      return { id: found.id, fresh: false };
    }
    if (!create) return null;
    return { id: Number(this.addBatch.run(name).lastInsertRowid), fresh: true };
  }

  rememberBatch(name: string, id: number): void {
    this.batchIds.set(name, id);
  }

  /** After a rollback: the name's id may not exist. */
  forgetBatch(name: string): void {
    this.batchIds.delete(name);
  }

  // ── rows → records ──────────────────────────────────────────────────────────────────────────

  /** The record of a row, without its row id (what readers get); owner parsed only when wanted. */
  toRecord(row: RecordRow, withPersonalData = true): AddressRecord {
    return recordOf(row, this.batchName(row.batch_id), withPersonalData);
  }

  /** A record with its row id, for the write paths. */
  hold(row: RecordRow): Held {
    return Object.assign(this.toRecord(row), { id: row.id });
  }

  /** The held record of `code` at `expectedVersion`: NotFoundError or ConflictError otherwise. */
  mustHold(code: string, expectedVersion: number): Held {
    const row = this.byCode.get(checkCode(code, "code"));
    if (!row) throw new NotFoundError(code);
    if (row.version !== expectedVersion) throw new ConflictError(code, expectedVersion, row.version);
    return this.hold(row);
  }

  /** The held record of row `id`, as stored now. */
  reread(id: number): Held {
    return this.hold(this.byId.get(id)!);
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────────

  get(code: string, withPersonalData: boolean): AddressRecord | null {
    const row = this.byCode.get(code);
    return row ? this.toRecord(row, withPersonalData) : null;
  }

  findByExternalId(batch: string, externalId: string, withPersonalData: boolean): AddressRecord | null {
    const id = this.batchId(batch, false);
    if (!id) return null;
    const row = this.byImportKey.get(id.id, externalId);
    return row ? this.toRecord(row, withPersonalData) : null;
  }

  history(code: string, withPersonalData: boolean): Revision[] {
    const row = this.byCode.get(code);
    if (!row) return [];
    return this.revisionsOf.all(row.id).map((r) => revisionOf(r, code, withPersonalData));
  }

  changesSince(after: number, limit: number): Revision[] {
    if (!Number.isSafeInteger(after) || after < 0) throw new ValidationError("after", after, "must be a sequence number ≥ 0", "phải là số thứ tự ≥ 0");
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new ValidationError("limit", limit, "must be 1–100,000", "phải từ 1 đến 100.000");
    return this.changesSinceStatement.all(after, limit).map((r) => revisionOf(r, r.code!, false));
  }

  lastSeq(): number {
    return this.lastSeqStatement.get()?.seq ?? 0;
  }

  maxId(): number {
    return this.maxIdStatement.get() ?? 0;
  }

  /** The ids from `first` to `last` that are stored (which rows of a multi-row INSERT went in). */
  idsBetween(first: number, last: number): Set<number> {
    return new Set(this.idsBetweenStatement.all(first, last));
  }

  // ── writes (inside the caller's transaction) ───────────────────────────────────────────────

  /** The multi-row INSERT of `rows` records and its parameters (prepared on first use). */
  insertOf(rows: number): { statement: Database.Statement; params: InsertParams } {
    let found = this.inserts[rows];
    if (found === undefined) {
      found = { statement: this.db.prepare(insertSql(rows)), params: new InsertParams(rows) };
      this.inserts[rows] = found;
    }
    return found;
  }

  /** The stored rows of some external ids of one batch, in one statement. */
  lookUp(batchId: number, externalIds: readonly string[]): IterableIterator<RecordRow> {
    const n = externalIds.length;
    let found = this.lookups[n];
    if (found === undefined) {
      found = this.db.prepare<unknown[], RecordRow>(
        `SELECT * FROM records WHERE batch_id = ? AND external_id IN (${new Array(n).fill("?").join(", ")})`,
      );
      this.lookups[n] = found;
    }
    return found.iterate(batchId, ...externalIds);
  }

  /** The `create` revisions of the rows just inserted with ids `first` to `last`, in id (= input) order. */
  appendCreations(first: number, last: number, at: number, context: WriteContext): void {
    this.createRevisionsStatement.run(at, context.actor, context.reason ?? null, first, last);
  }

  appendRevision(
    recordId: number,
    version: number,
    action: RevisionAction,
    status: Status,
    at: number,
    context: WriteContext,
    changes: Changes | null,
  ): void {
    this.revisionStatement.run(
      recordId,
      version,
      ACTION_NUMBER[action],
      STATUS_NUMBER[status],
      at,
      context.actor,
      context.reason ?? null,
      changes === null ? null : JSON.stringify(changes),
    );
  }

  /**
   * Writes `next` over the row if it is still at `expectedVersion`; the caller already checked it.
   * `erasedAt`: when the owner's data was erased; later writes keep it (`erasedAtOf`), because a
   * re-import of the original file must not bring back what the owner asked us to forget.
   */
  writeState(next: Held, expectedVersion: number, at: number, erasedAt: number | null): void {
    const info = this.writeStatement.run(
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
      0,
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
    );
    if (info.changes !== 1) throw new ConflictError(next.code, expectedVersion, -1);
  }

  /**
   * Moves row `id` from complete to notified at time `at` (or its last write's, if later), inside
   * the caller's transaction; null when the row is not a complete record without a correction.
   */
  markNotified(id: number, at: number): NotifiedRow | null {
    return this.notifiedStatement.get(at, id) ?? null;
  }

  setIssues(code: string, issuesJson: string | null): void {
    this.setIssuesStatement.run(issuesJson, code);
  }
}

export function checkCode(code: unknown, where: string): string {
  if (typeof code !== "string" || code === "") throw new ValidationError(where, code, "must be a code", "phải là mã địa chỉ");
  return code;
}
