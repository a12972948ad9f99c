/**
 * The code cells already holding an address, in memory, for a bulk load: the store then hands
 * out codes without a unique index on `code` (a random-order B-tree insert per row, which at
 * 24 M rows cost more than everything else the writer does; the index is built once at the end).
 *
 * A cell is the 9 location symbols of a base code, read as a base-20 number (< 20⁹ ≈ 5.1·10¹¹,
 * exact in a double), kept in an open-addressing table of doubles that doubles when 75 % full:
 * about 11 bytes per cell, 256 MiB for 24 M cells. Unit counters live in a Map, only for the
 * cells that hold more than one address.
 */
import { LOCATION_LENGTH, symbolValue } from "../code/codec.js";

/** The cell number of a code (its first 9 symbols; separators already removed). */
export function cellOf(code: string): number {
  let v = 0;
  for (let i = 0; i < LOCATION_LENGTH; i++) v = v * 20 + symbolValue(code[i]);
  return v;
}

export class CellSet {
  private table: Float64Array;
  private size = 0;
  /** Last unit number handed out, for cells holding several addresses. */
  private readonly units = new Map<number, number>();

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1 << 4;
    while (capacity < initialCapacity) capacity <<= 1;
    this.table = new Float64Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  /** Slots in the table (a new set of this capacity holds as many cells without growing). */
  get capacity(): number {
    return this.table.length;
  }

  /** Marks a cell taken; true when it already was. */
  take(cell: number): boolean {
    if (this.size * 4 >= this.table.length * 3) this.grow();
    return this.insert(cell + 1); // 0 marks an empty slot
  }

  has(cell: number): boolean {
    const key = cell + 1;
    const mask = this.table.length - 1;
    let slot = this.slotOf(key, mask);
    for (;;) {
      const v = this.table[slot];
      if (v === 0) return false;
      if (v === key) return true;
      slot = (slot + 1) & mask;
    }
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

  private slotOf(key: number, mask: number): number {
    // Mix the low and high halves: neighbouring cells differ in their last symbols only.
    const lo = key % 4294967296;
    const hi = (key - lo) / 4294967296;
    return (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
  }

  private insert(key: number): boolean {
    const mask = this.table.length - 1;
    let slot = this.slotOf(key, mask);
    for (;;) {
      const v = this.table[slot];
      if (v === 0) {
        this.table[slot] = key;
        this.size++;
        return false;
      }
      if (v === key) return true;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.size = 0;
    for (const v of old) if (v !== 0) this.insert(v);
  }
}
