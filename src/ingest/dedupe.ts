/**
 * "The same number in the same cell/street" across millions of records without keeping millions of
 * strings: each key is reduced to a 52-bit hash (two 32-bit FNV-1a variants) kept in an
 * open-addressing table of doubles that doubles when 60 % full (≈ 16 bytes per record at most).
 * A false "duplicate" needs a 52-bit collision: at 24 M keys the chance of any is about 6 %, of
 * a given record about 5·10⁻⁹ — acceptable for a survey finding that a person reviews.
 */
import type { AddressParts } from "../domain/parts.js";
import { duplicateKey } from "./map-row.js";

export class DuplicateIndex {
  private table: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.table = new Float64Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  /** Records the key of this commune + parts; true when it was already there. No number → false. */
  seen(commune: string, parts: AddressParts): boolean {
    const key = duplicateKey(commune, parts);
    return key === null ? false : this.add(key);
  }

  /** True when `key` had been added before. */
  add(key: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    // 52 bits, never 0 (0 marks an empty slot).
    const hash = (h1 >>> 0) * 0x100000 + ((h2 >>> 12) & 0xfffff) || 1;
    if (this.size * 10 >= this.table.length * 6) this.grow();
    return this.insert(hash);
  }

  private insert(hash: number): boolean {
    const mask = this.table.length - 1;
    let slot = (hash % 4294967296) & mask;
    for (;;) {
      const v = this.table[slot];
      if (v === 0) {
        this.table[slot] = hash;
        this.size++;
        return false;
      }
      if (v === hash) return true;
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
