/**
 * The units of one structure and level, kept as the artefact's columns sorted by code. Finding a
 * code is a binary search and a `Unit` object is built the first time it is asked for, so loading
 * the registry costs little more than parsing the file (a CLI call that shows one unit, or a
 * server start, does not build 14,000 objects it will not use).
 */
import type { Level, Structure, Unit } from "./types.js";

export class UnitTable {
  private readonly units: (Unit | undefined)[];

  constructor(
    readonly structure: Structure,
    readonly level: Level,
    private readonly codes: readonly string[],
    private readonly make: (index: number) => Unit,
  ) {
    for (let i = 1; i < codes.length; i++) {
      if (!(codes[i - 1] < codes[i])) {
        throw new Error(`unit registry: ${structure} ${level} codes not sorted or repeated at ${codes[i]}`);
      }
    }
    this.units = new Array(codes.length);
  }

  get size(): number {
    return this.codes.length;
  }

  /** Position of the code in the table, or -1. */
  indexOf(code: string): number {
    let lo = 0;
    let hi = this.codes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.codes[mid];
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

  at(i: number): Unit {
    let unit = this.units[i];
    if (unit === undefined) {
      unit = this.make(i);
      this.units[i] = unit;
    }
    return unit;
  }

  /** Every unit, by code. */
  *all(): IterableIterator<Unit> {
    for (let i = 0; i < this.codes.length; i++) yield this.at(i);
  }
}
