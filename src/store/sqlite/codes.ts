/**
 * Code allocation, inside the writing transaction. A new record gets its cell's base code when the
 * cell is free, else the base code with the cell's next unit number. Two ways, one result:
 * - row by row (`insertAllocating`): the INSERT itself finds the code taken (`records.code` is
 *   UNIQUE), and the `cells` table counts the units handed out per cell;
 * - in a bulk load, whose unique code index is dropped (`BulkCodes`): the cells taken are held in
 *   memory (cell-set.ts), and the unit counters a transaction moved are written to `cells` with it,
 *   so that a crash keeps them with the rows.
 */
import type Database from "better-sqlite3";
import { BASE_LENGTH, encode, splitUnit, unitSuffix, withUnit } from "../../code/index.js";
import { CellSet, cellOf } from "../cell-set.js";
import { type InsertParams, RECORD_COLUMN } from "./record-rows.js";
import type { RecordRow } from "../record-rows.js";
import type { RecordTable } from "./records.js";

/** What `insertAllocating` did. */
export type Inserted =
  | { id: number; code: string }
  /** The import key (batch, external id) is stored already: this is its row. */
  | { existing: RecordRow }
  /** The requested code is taken. */
  | { taken: string };

export class CodeAllocation {
  private readonly nextUnit: Database.Statement<[string], { last_unit: number }>;

  constructor(
    db: Database.Database,
    private readonly records: RecordTable,
  ) {
    this.nextUnit = db.prepare(
      "INSERT INTO cells (base, last_unit) VALUES (?, 1) ON CONFLICT (base) DO UPDATE SET last_unit = last_unit + 1 RETURNING last_unit",
    );
  }

  /**
   * Inserts the one record bound in `params` with the code `base` (its cell's, or a requested
   * one), or, when that is taken and was not requested, with the cell's next unit number. No
   * look-up runs before the insert: the insert itself finds a stored import key.
   */
  insertAllocating(params: InsertParams, base: string, requested: boolean): Inserted {
    const insert = this.records.insertOf(1).statement;
    const batchId = params.get(0, RECORD_COLUMN.batch_id) as number | null;
    const externalId = params.get(0, RECORD_COLUMN.external_id) as string | null;
    let code = base;
    for (;;) {
      params.set(0, RECORD_COLUMN.code, code);
      const info = insert.run(params.values);
      if (info.changes === 1) return { id: Number(info.lastInsertRowid), code };
      if (batchId !== null && externalId !== null) {
        const existing = this.records.byImportKey.get(batchId, externalId);
        if (existing) return { existing };
      }
      if (requested) return { taken: base };
      // Loops only past codes someone requested explicitly.
      code = withUnit(base, this.nextUnit.get(base)!.last_unit);
    }
  }
}

/** The codes of a bulk load: the cells taken, in memory, and the unit counters it moved. */
export class BulkCodes {
  private cells: CellSet;
  /** Cells whose unit counter moved since the last commit: cell → base code. */
  private readonly dirty = new Map<number, string>();
  private readonly setCell: Database.Statement<[string, number]>;

  /** @param capacity the cells expected (stored and loaded), so that the table need not grow. */
  constructor(
    private readonly db: Database.Database,
    capacity: number,
  ) {
    this.cells = new CellSet(capacity);
    this.setCell = db.prepare(
      "INSERT INTO cells (base, last_unit) VALUES (?, ?) ON CONFLICT (base) DO UPDATE SET last_unit = max(last_unit, excluded.last_unit)",
    );
    this.reload();
  }

  /** Fills the cells from the stored codes and unit counters (start, resume, after a rollback). */
  reload(): void {
    const cells = new CellSet(this.cells.capacity);
    for (const code of this.db.prepare<[], string>("SELECT code FROM records").pluck().iterate()) {
      const cell = cellOf(code);
      cells.take(cell);
      // A unit code requested explicitly may be above its cell's counter.
      if (code.length > BASE_LENGTH) cells.noteUnit(cell, splitUnit(code).unit ?? 0);
    }
    for (const row of this.db.prepare<[], { base: string; last_unit: number }>("SELECT base, last_unit FROM cells").iterate()) {
      cells.noteUnit(cellOf(row.base), row.last_unit);
    }
    this.cells = cells;
    this.dirty.clear();
  }

  /**
   * A code for a new row: the base code when the cell is free, else its next unit. A requested
   * code is kept when its cell (or unit) is free; null when not.
   */
  allocate(requested: string | null, lat: number, lon: number): string | null {
    if (requested !== null) return this.take(requested);
    const base = encode(lat, lon);
    const cell = cellOf(base);
    if (!this.cells.take(cell)) return base;
    this.dirty.set(cell, base);
    return base + unitSuffix(this.cells.nextUnit(cell));
  }

  private take(requested: string): string | null {
    let split: { base: string; unit: number | null };
    try {
      split = splitUnit(requested);
    } catch {
      return null;
    }
    const cell = cellOf(split.base);
    if (split.unit === null) return this.cells.take(cell) ? null : split.base;
    this.cells.take(cell);
    if (split.unit <= this.cells.lastUnit(cell)) return null;
    this.cells.noteUnit(cell, split.unit);
    this.dirty.set(cell, split.base);
    return split.base + unitSuffix(split.unit);
  }

  /** Writes the unit counters the transaction moved to `cells`, so that a crash keeps them with the rows. */
  flush(): void {
    for (const [cell, base] of this.dirty) this.setCell.run(base, this.cells.lastUnit(cell));
    this.dirty.clear();
  }
}
