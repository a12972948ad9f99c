/**
 * The import's write path, shared by `importBatch` and `loadRows`: one IMMEDIATE transaction per
 * call, rows taken in groups of INSERT_CHUNK, each group through named stages:
 *
 *   look up stored ─► take each row ─► insert the new ones ─► insert the skipped one by one
 *   (re-imports)      (fail / re-import /   (one multi-row INSERT,     (import key stored or
 *                      bind to the INSERT)   their revisions in one     repeated, cell taken,
 *                                            INSERT … SELECT)           requested code taken)
 *
 * then the counts, summed in memory, are written once. No look-up precedes the insert: the insert
 * itself finds a stored import key. A batch seen before, or a group of mostly stored rows (a
 * re-import), makes the next groups look their keys up first, in one SELECT. A skipped row is
 * handled after its group, so that its revisions follow the ones it builds on.
 */
import { encode } from "../../code/index.js";
import { ValidationError } from "../../domain/errors.js";
import { type Status, statusOfNumber } from "../../domain/lifecycle.js";
import { type LoadRows, NUMBER_COLUMN, OUTCOME_NUMBER, TEXT_COLUMN } from "../bulk-load.js";
import { importRowOf } from "../load-rows.js";
import type { ImportOptions, ImportOutcome } from "../store.js";
import type { SqliteBulkLoad } from "./bulk-load.js";
import type { Checkpoints } from "./checkpoints.js";
import type { BulkCodes, CodeAllocation } from "./codes.js";
import { CountDeltas, type Counters } from "./counters.js";
import { erasedAtOf, reimported, timeOf } from "../record-changes.js";
import { bindLoadRow, InsertParams, RECORD_COLUMN, sameContent } from "./record-rows.js";
import type { RecordRow } from "../record-rows.js";
import type { RecordTable } from "./records.js";

/**
 * Rows per multi-row INSERT. One statement per 32 rows rather than one per row saves the
 * per-statement cost (binding call, VDBE start, result) on each row; larger gains little.
 */
const INSERT_CHUNK = 32;

export interface ImportResult {
  /** Every row's outcome as OUTCOME_NUMBER. */
  kinds: Uint8Array;
  /** The outcome of every row not simply created. */
  details: Map<number, ImportOutcome>;
  /** Every created row's code (when asked for: a load of millions does not need them). */
  codes: string[] | null;
}

/** What the import's stages write to. */
interface Parts {
  records: RecordTable;
  codes: CodeAllocation;
  counters: Counters;
  checkpoints: Checkpoints;
}

export class RowImporter {
  constructor(
    private readonly parts: Parts,
    private readonly bulkLoad: SqliteBulkLoad,
  ) {}

  /** Imports `rows` into `batch` in one transaction (inside this object's bulk load, when it runs one). */
  importRows(batch: string, rows: LoadRows, options: ImportOptions, keepCodes: boolean): ImportResult {
    if (typeof batch !== "string" || batch.trim() === "") throw new ValidationError("batch", batch, "must be a non-empty name", "cần tên lô");
    try {
      return this.bulkLoad.importTransaction((bulkCodes) => {
        const at = timeOf(options);
        const { id: batchId, fresh } = this.parts.records.batchId(batch, true)!;
        const result = new ImportRun(this.parts, rows, { batchId, at, options, bulkCodes, keepCodes }).run(!fresh);
        if (options.checkpoint) this.parts.checkpoints.set(options.checkpoint.key, options.checkpoint.value, at);
        if (fresh) this.parts.records.rememberBatch(batch, batchId);
        return result;
      });
    } catch (error) {
      this.parts.records.forgetBatch(batch);
      throw error;
    }
  }
}

interface RunSettings {
  batchId: number;
  /** When, ms: every revision of the run. */
  at: number;
  options: ImportOptions;
  /** The bulk load's codes, when this store runs one. */
  bulkCodes: BulkCodes | null;
  keepCodes: boolean;
}

/** One call's rows through the stages. */
class ImportRun {
  private readonly kinds: Uint8Array;
  private readonly details = new Map<number, ImportOutcome>();
  private readonly createdCodes: string[] | null;
  private readonly deltas = new CountDeltas();
  /** Row ids are given explicitly (the transaction holds the write lock), so a multi-row INSERT's ids are known. */
  private nextId: number;

  /** The group's new rows: their INSERT parameters, input index and (in a bulk load) allocated code. */
  private readonly bound: InsertParams;
  private readonly boundRows = new Int32Array(INSERT_CHUNK);
  private readonly boundCodes: (string | null)[] = new Array(INSERT_CHUNK).fill(null);
  private boundCount = 0;
  /** New rows the group's INSERT skipped. */
  private readonly skipped: { row: number; code: string | null }[] = [];
  /** The group's stored rows by external id, when looked up first. */
  private readonly stored = new Map<string, RecordRow>();
  /** How many of the group's rows were stored already. */
  private storedInGroup = 0;
  /** One row's parameters: a re-imported row's content, or a row inserted on its own. */
  private readonly single = new InsertParams(1);

  constructor(
    private readonly parts: Parts,
    private readonly rows: LoadRows,
    private readonly settings: RunSettings,
  ) {
    this.kinds = new Uint8Array(rows.count);
    this.createdCodes = settings.keepCodes ? new Array<string>(rows.count) : null;
    this.nextId = parts.records.maxId() + 1;
    this.bound = parts.records.insertOf(INSERT_CHUNK).params;
  }

  /** @param lookUpFirst whether the first group looks its stored rows up (a batch seen before). */
  run(lookUpFirst: boolean): ImportResult {
    let lookUp = lookUpFirst;
    for (let start = 0; start < this.rows.count; start += INSERT_CHUNK) {
      const end = Math.min(this.rows.count, start + INSERT_CHUNK);
      this.storedInGroup = 0;
      if (lookUp) this.lookUpStored(start, end);
      for (let i = start; i < end; i++) this.take(i, lookUp);
      this.insertBound();
      this.insertSkipped();
      lookUp = this.storedInGroup * 2 > end - start;
    }
    this.deltas.writeTo(this.parts.counters);
    this.settings.bulkCodes?.flush();
    return { kinds: this.kinds, details: this.details, codes: this.createdCodes };
  }

  // ── stages ─────────────────────────────────────────────────────────────────────────────────

  /** Fetches the group's stored rows, in one statement. */
  private lookUpStored(start: number, end: number): void {
    const keys: string[] = [];
    for (let i = start; i < end; i++) {
      const externalId = this.rows.text(i, TEXT_COLUMN.externalId);
      if (externalId !== null && externalId !== "") keys.push(externalId);
    }
    this.stored.clear();
    if (keys.length > 0) for (const row of this.parts.records.lookUp(this.settings.batchId, keys)) this.stored.set(row.external_id!, row);
  }

  /** Settles row `i` at once (no external id, a stored row looked up) or binds it to the group's INSERT. */
  private take(i: number, lookedUp: boolean): void {
    const rows = this.rows;
    const externalId = rows.text(i, TEXT_COLUMN.externalId);
    if (externalId === null || externalId === "") {
      this.settle(i, { externalId: String(externalId), outcome: "failed", message: `row ${i}: externalId must be a non-empty string` });
      return;
    }
    const stored = lookedUp ? this.stored.get(externalId) : undefined;
    if (stored !== undefined) {
      // Used once: a repeat of this key later in the group meets the INSERT's conflict instead.
      this.stored.delete(externalId);
      this.storedInGroup++;
      this.settle(i, this.reimport(i, stored));
      return;
    }
    const requested = rows.text(i, TEXT_COLUMN.code);
    let code: string;
    const bulkCodes = this.settings.bulkCodes;
    if (bulkCodes !== null) {
      const allocated = bulkCodes.allocate(requested, rows.number(i, NUMBER_COLUMN.lat), rows.number(i, NUMBER_COLUMN.lon));
      if (allocated === null) {
        this.settle(i, { externalId, outcome: "failed", message: `row ${i}: code "${requested}" is already taken` });
        return;
      }
      code = allocated;
    } else code = requested ?? encode(rows.number(i, NUMBER_COLUMN.lat), rows.number(i, NUMBER_COLUMN.lon));
    const k = this.boundCount++;
    bindLoadRow(this.bound, k, this.keys(this.nextId + k, code, this.statusOf(i), externalId), rows, i);
    this.boundCodes[k] = bulkCodes !== null ? code : null;
    this.boundRows[k] = i;
  }

  /** Inserts the group's bound rows in one statement, then their `create` revisions in one more. */
  private insertBound(): void {
    const count = this.boundCount;
    if (count === 0) return;
    this.boundCount = 0;
    const records = this.parts.records;
    const first = this.nextId;
    const last = first + count - 1;
    let written: number;
    if (count === INSERT_CHUNK) written = records.insertOf(count).statement.run(this.bound.values).changes;
    else {
      const { statement, params } = records.insertOf(count);
      params.copyFrom(this.bound, count);
      written = statement.run(params.values).changes;
    }
    this.nextId += count;
    const inserted = written === count ? null : records.idsBetween(first, last);
    if (written > 0) records.appendCreations(first, last, this.settings.at, this.settings.options);
    for (let k = 0; k < count; k++) {
      const i = this.boundRows[k];
      if (inserted !== null && !inserted.has(first + k)) {
        this.skipped.push({ row: i, code: this.boundCodes[k] });
        continue;
      }
      const bound = this.bound;
      const status = statusOfNumber(bound.get(k, RECORD_COLUMN.status) as number);
      this.deltas.add(bound.get(k, RECORD_COLUMN.province) as string, bound.get(k, RECORD_COLUMN.commune) as string, status, 1, bound.get(k, RECORD_COLUMN.issues) as string | null);
      this.kinds[i] = OUTCOME_NUMBER.created;
      if (this.createdCodes) this.createdCodes[i] = bound.get(k, RECORD_COLUMN.code) as string;
    }
  }

  /** The rows the group's INSERT skipped, one by one, in input order. */
  private insertSkipped(): void {
    for (const { row, code } of this.skipped) {
      const outcome = this.insertOne(row, code);
      if (outcome.outcome !== "created") this.storedInGroup++;
      this.settle(row, outcome);
    }
    this.skipped.length = 0;
  }

  // ── one row ────────────────────────────────────────────────────────────────────────────────

  /**
   * One row on its own: inserted (its code allocated here, or the one the bulk load gave it), or
   * re-imported when its key is stored.
   */
  private insertOne(i: number, bulkCode: string | null): ImportOutcome {
    const rows = this.rows;
    const externalId = rows.text(i, TEXT_COLUMN.externalId)!;
    const requested = bulkCode ?? rows.text(i, TEXT_COLUMN.code);
    const base = requested ?? encode(rows.number(i, NUMBER_COLUMN.lat), rows.number(i, NUMBER_COLUMN.lon));
    const status = this.statusOf(i);
    bindLoadRow(this.single, 0, this.keys(this.nextId, base, status, externalId), rows, i);
    const inserted = this.parts.codes.insertAllocating(this.single, base, requested !== null);
    if ("taken" in inserted) return { externalId, outcome: "failed", message: `row ${i}: code "${rows.text(i, TEXT_COLUMN.code)}" is already taken` };
    if ("existing" in inserted) return this.reimport(i, inserted.existing);
    this.nextId = inserted.id + 1;
    this.parts.records.appendRevision(inserted.id, 1, "create", status, this.settings.at, this.settings.options, null);
    this.deltas.add(rows.text(i, TEXT_COLUMN.province)!, rows.text(i, TEXT_COLUMN.commune)!, status, 1, rows.text(i, TEXT_COLUMN.issues));
    return { externalId, outcome: "created", code: inserted.code, version: 1 };
  }

  /** A row whose import key is already stored: unchanged, updated or locked. */
  private reimport(i: number, stored: RecordRow): ImportOutcome {
    const { records } = this.parts;
    const externalId = this.rows.text(i, TEXT_COLUMN.externalId)!;
    bindLoadRow(this.single, 0, this.keys(null, stored.code, "surveyed", externalId), this.rows, i);
    if (sameContent(stored, this.single, 0)) return { externalId, outcome: "unchanged", code: stored.code, version: stored.version };
    const held = records.hold(stored);
    const reimport = reimported(held, importRowOf(this.rows, i));
    if ("outcome" in reimport) return reimport.outcome;
    const { changed, ...result } = reimport;
    const when = Math.max(this.settings.at, Date.parse(held.updatedAt));
    records.writeState(result.next, held.version, when, erasedAtOf(held));
    records.appendRevision(held.id, result.next.version, "update", result.next.status, when, this.settings.options, result.changes);
    this.deltas.add(held.new.province, held.new.commune, held.status, -1, held.issues);
    this.deltas.add(result.next.new.province, result.next.new.commune, result.next.status, 1, result.next.issues);
    return { externalId, outcome: "updated", code: held.code, version: result.next.version, changed };
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  /** New rows without blocking findings start `complete` when the import asks for it. */
  private statusOf(i: number): Status {
    return this.settings.options.promoteComplete && this.rows.number(i, NUMBER_COLUMN.blocking) === 0 ? "complete" : "surveyed";
  }

  private keys(id: number | null, code: string, status: Status, externalId: string) {
    return { id, code, status, batchId: this.settings.batchId, externalId, at: this.settings.at };
  }

  private settle(i: number, outcome: ImportOutcome): void {
    this.kinds[i] = OUTCOME_NUMBER[outcome.outcome];
    if (outcome.outcome !== "created") this.details.set(i, outcome);
    else if (this.createdCodes) this.createdCodes[i] = outcome.code;
  }
}
