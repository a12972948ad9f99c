/**
 * The import's write path in the PostgreSQL store, shared by `importBatch` and `loadRows`, in the
 * caller's writer transaction. Round trips, not rows, cost here, so the stages work on the whole
 * chunk at once:
 *
 *   look up stored ─► allocate codes ─► take each row in order ─► insert the new ones
 *   (one SELECT by    (one SELECT of      (fail / re-import /     (one INSERT of column arrays,
 *    import key)       the base codes)     new)                    or one COPY; one for revisions)
 *
 * then the counts, summed in memory, are written once. A row that re-imports a row of the same
 * chunk (a repeated external id) first writes the new rows before it, so that its revision follows
 * the one it builds on.
 */
import { encode } from "../../code/index.js";
import { ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, type Status } from "../../domain/lifecycle.js";
import { type LoadRows, NUMBER_COLUMN, OUTCOME_NUMBER, TEXT_COLUMN } from "../bulk-load.js";
import { importRowOf } from "../load-rows.js";
import { erasedAtOf, reimported, timeOf } from "../record-changes.js";
import type { ImportOptions, ImportOutcome } from "../store.js";
import { CodeAllocator } from "./codes.js";
import { CountChanges } from "./counters.js";
import {
  appendRevision,
  batchId,
  hold,
  insertRecords,
  type NewRow,
  nextIds,
  type PgRecordRow,
  type Queryable,
  rowsByImportKeys,
  writeState,
} from "./records.js";

export interface ImportResult {
  kinds: Uint8Array;
  details: Map<number, ImportOutcome>;
  /** Every created row's code (when asked for). */
  codes: string[] | null;
}

/** How new rows reach the table: `insertRecords`, or a COPY stream (bulk-load.ts). */
export type WriteNewRows = (db: Queryable, rows: readonly NewRow[], options: ImportOptions) => Promise<void>;

export async function importRows(
  db: Queryable,
  batch: string,
  rows: LoadRows,
  options: ImportOptions,
  keepCodes: boolean,
  writeNew: WriteNewRows = insertRecords,
): Promise<ImportResult> {
  if (typeof batch !== "string" || batch.trim() === "")
    throw new ValidationError("batch", batch, "must be a non-empty name", "cần tên lô");
  const at = timeOf(options);
  const id = (await batchId(db, batch, true))!;
  const run = new ImportRun(db, rows, id, at, options, keepCodes, writeNew);
  const result = await run.run();
  if (options.checkpoint) {
    await db.query(
      "INSERT INTO import_checkpoints (key, value, at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, at = excluded.at",
      [options.checkpoint.key, options.checkpoint.value, at],
    );
  }
  return result;
}

class ImportRun {
  private readonly kinds: Uint8Array;
  private readonly details = new Map<number, ImportOutcome>();
  private readonly codes: string[] | null;
  private readonly counts = new CountChanges();
  private readonly codeAllocator: CodeAllocator;
  /** Stored rows by external id (looked up first, and re-read after a re-import wrote them). */
  private readonly stored = new Map<string, PgRecordRow>();
  /** External ids created by this run, and not yet read back. */
  private readonly created = new Set<string>();
  /** New rows not yet written, in input order. */
  private pending: NewRow[] = [];

  constructor(
    private readonly db: Queryable,
    private readonly rows: LoadRows,
    private readonly batchId: number,
    private readonly at: number,
    private readonly options: ImportOptions,
    keepCodes: boolean,
    private readonly writeNew: WriteNewRows,
  ) {
    this.kinds = new Uint8Array(rows.count);
    this.codes = keepCodes ? new Array<string>(rows.count) : null;
    this.codeAllocator = new CodeAllocator(db);
  }

  async run(): Promise<ImportResult> {
    const rows = this.rows;
    const keys: string[] = [];
    const bases: string[] = [];
    for (let i = 0; i < rows.count; i++) {
      const externalId = rows.text(i, TEXT_COLUMN.externalId);
      if (externalId !== null && externalId !== "") keys.push(externalId);
      bases.push(
        rows.text(i, TEXT_COLUMN.code) ??
          encode(rows.number(i, NUMBER_COLUMN.lat), rows.number(i, NUMBER_COLUMN.lon)),
      );
    }
    for (const row of await rowsByImportKeys(this.db, this.batchId, keys))
      this.stored.set(row.external_id!, row);
    await this.codeAllocator.prefetch(bases);
    await this.codeAllocator.reserveUnits(this.unitsNeeded(bases));
    const ids = await nextIds(this.db, rows.count - this.stored.size);
    let nextId = 0;
    for (let i = 0; i < rows.count; i++) {
      const externalId = rows.text(i, TEXT_COLUMN.externalId);
      if (externalId === null || externalId === "") {
        this.settle(i, {
          externalId: String(externalId),
          outcome: "failed",
          message: `row ${i}: externalId must be a non-empty string`,
        });
        continue;
      }
      if (this.created.has(externalId)) {
        await this.flush();
        for (const row of await rowsByImportKeys(this.db, this.batchId, [externalId]))
          this.stored.set(externalId, row);
        this.created.delete(externalId);
      }
      const stored = this.stored.get(externalId);
      if (stored !== undefined) {
        this.settle(i, await this.reimport(i, stored));
        continue;
      }
      const requested = rows.text(i, TEXT_COLUMN.code);
      const code = await this.codeAllocator.allocate(bases[i], requested !== null);
      if (code === null) {
        this.settle(i, {
          externalId,
          outcome: "failed",
          message: `row ${i}: code "${requested}" is already taken`,
        });
        continue;
      }
      // More rows than stored keys may be new (a repeated key), so ids run out only then.
      const id = nextId < ids.length ? ids[nextId++] : (await nextIds(this.db, 1))[0];
      this.pending.push(this.newRow(i, id, code, externalId));
      this.created.add(externalId);
      this.settle(i, { externalId, outcome: "created", code, version: 1 });
    }
    await this.flush();
    await this.counts.write(this.db);
    return { kinds: this.kinds, details: this.details, codes: this.codes };
  }

  /**
   * The units each base will need: the rows the loop below will give a new code, in its order, whose
   * base code is stored or taken by an earlier row of the chunk. Rows it will fail or re-import
   * (a stored or repeated import key) take none; a requested code takes its own code or fails.
   */
  private unitsNeeded(bases: readonly string[]): Map<string, number> {
    const needed = new Map<string, number>();
    const claimed = new Set<string>();
    const seen = new Set<string>();
    for (let i = 0; i < this.rows.count; i++) {
      const externalId = this.rows.text(i, TEXT_COLUMN.externalId);
      if (externalId === null || externalId === "" || this.stored.has(externalId) || seen.has(externalId))
        continue;
      seen.add(externalId);
      const base = bases[i];
      const free = !this.codeAllocator.knownTaken(base) && !claimed.has(base);
      if (free) claimed.add(base);
      else if (this.rows.text(i, TEXT_COLUMN.code) === null) needed.set(base, (needed.get(base) ?? 0) + 1);
    }
    return needed;
  }

  private newRow(i: number, id: number, code: string, externalId: string): NewRow {
    const rows = this.rows;
    const accuracy = rows.number(i, NUMBER_COLUMN.accuracy);
    const status: Status =
      this.options.promoteComplete && rows.number(i, NUMBER_COLUMN.blocking) === 0 ? "complete" : "surveyed";
    const row: NewRow = {
      id,
      code,
      kind: rows.text(i, TEXT_COLUMN.kind)!,
      status: STATUS_NUMBER[status],
      province: rows.text(i, TEXT_COLUMN.province)!,
      commune: rows.text(i, TEXT_COLUMN.commune)!,
      old: rows.text(i, TEXT_COLUMN.old),
      name: rows.text(i, TEXT_COLUMN.name),
      parts: rows.text(i, TEXT_COLUMN.parts)!,
      lat: rows.number(i, NUMBER_COLUMN.lat),
      lon: rows.number(i, NUMBER_COLUMN.lon),
      accuracy: Number.isNaN(accuracy) ? null : accuracy,
      locSource: rows.text(i, TEXT_COLUMN.locSource)!,
      owner: rows.text(i, TEXT_COLUMN.owner),
      batchId: this.batchId,
      externalId,
      surveyor: rows.text(i, TEXT_COLUMN.surveyor),
      issues: rows.text(i, TEXT_COLUMN.issues),
      at: this.at,
      extra: rows.text(i, TEXT_COLUMN.extra),
    };
    this.counts.add(row.province, row.commune, status, 1, row.issues);
    return row;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    await this.writeNew(this.db, pending, this.options);
  }

  /** A row whose import key is stored: unchanged, updated or locked. */
  private async reimport(i: number, stored: PgRecordRow): Promise<ImportOutcome> {
    const rows = this.rows;
    const externalId = rows.text(i, TEXT_COLUMN.externalId)!;
    if (sameContent(stored, rows, i))
      return { externalId, outcome: "unchanged", code: stored.code, version: stored.version };
    const held = hold(stored);
    const reimport = reimported(held, importRowOf(rows, i));
    if ("outcome" in reimport) return reimport.outcome;
    const { changed, ...result } = reimport;
    const when = Math.max(this.at, Date.parse(held.updatedAt));
    await writeState(this.db, result.next, held.version, when, erasedAtOf(held));
    await appendRevision(
      this.db,
      { id: held.id, province: result.next.new.province },
      result.next.version,
      "update",
      result.next.status,
      when,
      this.options,
      result.changes,
    );
    this.counts.move(held, result.next);
    const [again] = await rowsByImportKeys(this.db, this.batchId, [externalId]);
    this.stored.set(externalId, again);
    return { externalId, outcome: "updated", code: held.code, version: result.next.version, changed };
  }

  private settle(i: number, outcome: ImportOutcome): void {
    this.kinds[i] = OUTCOME_NUMBER[outcome.outcome];
    if (outcome.outcome !== "created") this.details.set(i, outcome);
    else if (this.codes) this.codes[i] = outcome.code;
  }
}

/** Whether a stored row has row `i`'s content, compared as stored text; an erased owner stays erased. */
function sameContent(stored: PgRecordRow, rows: LoadRows, i: number): boolean {
  const accuracy = rows.number(i, NUMBER_COLUMN.accuracy);
  return (
    stored.kind === rows.text(i, TEXT_COLUMN.kind) &&
    stored.province === rows.text(i, TEXT_COLUMN.province) &&
    stored.commune === rows.text(i, TEXT_COLUMN.commune) &&
    stored.old === rows.text(i, TEXT_COLUMN.old) &&
    stored.name === rows.text(i, TEXT_COLUMN.name) &&
    stored.parts === rows.text(i, TEXT_COLUMN.parts) &&
    stored.lat === rows.number(i, NUMBER_COLUMN.lat) &&
    stored.lon === rows.number(i, NUMBER_COLUMN.lon) &&
    stored.accuracy === (Number.isNaN(accuracy) ? null : accuracy) &&
    stored.loc_source === rows.text(i, TEXT_COLUMN.locSource) &&
    stored.extra === rows.text(i, TEXT_COLUMN.extra) &&
    stored.surveyor === rows.text(i, TEXT_COLUMN.surveyor) &&
    (stored.owner === rows.text(i, TEXT_COLUMN.owner) || stored.erased_at !== null)
  );
}
