/**
 * The first row of every external id in one file, for the rule on ids repeated in a file
 * (file-order-duplicates.ts): keyed by the id's 52-bit hash (DuplicateIndex.textHash), each with
 * the first row's line, a hash of its content (encoded-rows.ts contentHashes) and whether
 * it was flagged as a duplicate number. Open addressing with linear probing, no object per row:
 * a slot is 16 bytes in one buffer — the id hash as a double, then the line (negative when the
 * row was flagged a duplicate) and the content hash as 32-bit words — so a look-up touches one
 * cache line. The table doubles when 75 % full (21–43 bytes per row) and is sized up front from
 * the expected rows, like the duplicate index, so that a national file does not double it
 * half-way.
 *
 * Two different ids share a hash with a chance of about 6 % somewhere in 24 M rows (5·10⁻⁹ for a
 * given row); the later row is then taken for a repeat of the earlier one, and refused if it
 * differs: never stored over it.
 */

/** Words per slot: the id hash (a double: two words), the line, the content hash. */
const SLOT_WORDS = 4;
const LINE = 2;
const CONTENT = 3;

export class FirstRows {
  private ids: Float64Array;
  private words: Int32Array;
  private capacity: number;
  private size = 0;

  constructor(expectedRows: number) {
    let capacity = 1 << 10;
    while (capacity * 0.75 < expectedRows) capacity <<= 1;
    this.capacity = capacity;
    this.ids = new Float64Array(capacity * 2);
    this.words = new Int32Array(this.ids.buffer);
  }

  get count(): number {
    return this.size;
  }

  /** The slot holding `idHash` (non-zero), or the free slot `add` will put it in (`isTaken` tells which). */
  slotOf(idHash: number): number {
    if (this.size * 4 >= this.capacity * 3) this.grow();
    return this.probe(idHash);
  }

  isTaken(slot: number): boolean {
    return this.ids[slot * 2] !== 0;
  }

  /** Records the first row of an id in the free slot `slotOf` gave, before any other `slotOf`. */
  add(slot: number, idHash: number, line: number, content: number, duplicate: boolean): void {
    this.ids[slot * 2] = idHash;
    this.words[slot * SLOT_WORDS + LINE] = duplicate ? -line : line;
    this.words[slot * SLOT_WORDS + CONTENT] = content;
    this.size++;
  }

  lineAt(slot: number): number {
    return Math.abs(this.words[slot * SLOT_WORDS + LINE]);
  }

  /** The content hash, as the unsigned 32-bit number it was given as. */
  contentAt(slot: number): number {
    return this.words[slot * SLOT_WORDS + CONTENT] >>> 0;
  }

  /** Whether the first row got the duplicate-number finding. */
  duplicateAt(slot: number): boolean {
    return this.words[slot * SLOT_WORDS + LINE] < 0;
  }

  private probe(idHash: number): number {
    const mask = this.capacity - 1;
    // The low bits of the hash are well mixed already: no further mixing for the slot.
    let slot = (idHash % 4294967296) & mask;
    for (;;) {
      const id = this.ids[slot * 2];
      if (id === 0 || id === idHash) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { ids, words, capacity } = this;
    this.capacity = capacity * 2;
    this.ids = new Float64Array(this.capacity * 2);
    this.words = new Int32Array(this.ids.buffer);
    for (let old = 0; old < capacity; old++) {
      if (ids[old * 2] === 0) continue;
      const slot = this.probe(ids[old * 2]);
      this.ids[slot * 2] = ids[old * 2];
      this.words[slot * SLOT_WORDS + LINE] = words[old * SLOT_WORDS + LINE];
      this.words[slot * SLOT_WORDS + CONTENT] = words[old * SLOT_WORDS + CONTENT];
    }
  }
}
