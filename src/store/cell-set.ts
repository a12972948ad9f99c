/**
 * The code cells already holding an address, in memory, for a bulk load: the store then hands
 * out codes without a unique index on `code` (a random-order B-tree insert per row, which at
 * 24 M rows cost more than everything else the writer does; the index is built once at the end).
 *
 * A cell is the 9 location symbols of a base code, read as a base-20 number (< 20⁹ ≈ 5.1·10¹¹,
 * exact in a double), kept in a NumberSet (common/number-set.ts): about 11 bytes per cell,
 * 256 MiB for 24 M cells. Unit counters live in a Map, only for the
 * cells that hold more than one address.
 */
import { LOCATION_LENGTH, symbolValue } from "../code/codec.js";
import { NumberSet } from "../common/number-set.js";

/** The cell number of a code (its first 9 symbols; separators already removed). */
export function cellOf(code: string): number {
  let v = 0;
  for (let i = 0; i < LOCATION_LENGTH; i++) v = v * 20 + symbolValue(code[i]);
  return v;
}

export class CellSet {
  private readonly cells: NumberSet;
  /** Last unit number handed out, for cells holding several addresses. */
  private readonly units = new Map<number, number>();

  constructor(initialCapacity = 1 << 16) {
    this.cells = new NumberSet(initialCapacity);
  }

  get count(): number {
    return this.cells.count;
  }

  /** Slots in the table (a new set of this capacity holds as many cells without growing). */
  get capacity(): number {
    return this.cells.capacity;
  }

  /** Marks a cell taken; true when it already was. */
  take(cell: number): boolean {
    return this.cells.add(cell);
  }

  has(cell: number): boolean {
    return this.cells.has(cell);
  }

  /** The next unit number of a taken cell (1 for its second address). */
  nextUnit(cell: number): number {
    const unit = (this.units.get(cell) ?? 0) + 1;
    this.units.set(cell, unit);
    return unit;
  }

  /** The last unit number handed out in a cell (0: none). */
  lastUnit(cell: number): number {
    return this.units.get(cell) ?? 0;
  }

  /** Records a unit number already given out (loading a store's `cells` table). */
  noteUnit(cell: number, unit: number): void {
    if (unit > (this.units.get(cell) ?? 0)) this.units.set(cell, unit);
  }
}
