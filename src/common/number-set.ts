/**
 * A set of integers 0 … 2⁵³ − 2 in an open-addressing table of doubles (linear probing, 0 marks an
 * empty slot, so values are stored + 1), doubling when 75 % full: 8–11 bytes per value, no object
 * per value. What the import keeps tens of millions of: taken code cells (store/cell-set.ts) and
 * hashes of duplicate keys (ingest/dedupe.ts).
 */
export class NumberSet {
  private table: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1 << 4;
    while (capacity < initialCapacity) capacity <<= 1;
    this.table = new Float64Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  /** Slots in the table (a new set of this capacity holds as many values without growing). */
  get capacity(): number {
    return this.table.length;
  }

  /** Adds a value; true when it was already there. */
  add(value: number): boolean {
    if (this.size * 4 >= this.table.length * 3) this.grow();
    return this.insert(value + 1);
  }

  has(value: number): boolean {
    const key = value + 1;
    const mask = this.table.length - 1;
    let slot = slotOf(key, mask);
    for (;;) {
      const v = this.table[slot];
      if (v === 0) return false;
      if (v === key) return true;
      slot = (slot + 1) & mask;
    }
  }

  private insert(key: number): boolean {
    const mask = this.table.length - 1;
    let slot = slotOf(key, mask);
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

/** Mixes the low and high halves: neighbouring values (cells) differ in their last bits only. */
function slotOf(key: number, mask: number): number {
  const lo = key % 4294967296;
  const hi = (key - lo) / 4294967296;
  return (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
}
