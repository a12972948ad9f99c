/**
 * The units of one structure and level, kept as the artefact's rows sorted by code. Finding a
 * code is a binary search and a `Unit` object is built the first time it is asked for, so loading
 * the registry costs little more than parsing the file (a CLI call that shows one unit, or a
 * server start, does not build 14,000 objects it will not use).
 */
import type { Level, Structure, Unit } from "./types.js";

export type UnitRow = readonly [code: string, ...rest: unknown[]];

export class UnitTable {
  private readonly units: (Unit | undefined)[];

  constructor(
    readonly structure: Structure,
    readonly level: Level,
    private readonly rows: readonly UnitRow[],
    private readonly make: (row: UnitRow) => Unit,
  ) {
    for (let i = 1; i < rows.length; i++) {
      if (!(rows[i - 1][0] < rows[i][0])) {
        throw new Error(`unit registry: ${structure} ${level} codes not sorted or repeated at ${rows[i][0]}`);
      }
    }
    this.units = new Array(rows.length);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Position of the code in the table, or -1. */
  indexOf(code: string): number {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.rows[mid][0];
      if (c === code) return mid;
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(code: string): Unit | undefined {
    const i = this.indexOf(code);
    return i < 0 ? undefined : this.at(i);
  }

  /** The raw row of a code (for fields not on Unit, such as the stored name key). */
  row(i: number): UnitRow {
    return this.rows[i];
  }

  at(i: number): Unit {
    let unit = this.units[i];
    if (unit === undefined) {
      unit = this.make(this.rows[i]);
      this.units[i] = unit;
    }
    return unit;
  }

  /** Every unit, by code. */
  *all(): IterableIterator<Unit> {
    for (let i = 0; i < this.rows.length; i++) yield this.at(i);
  }
}
