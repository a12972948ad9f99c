/**
 * The base segment's records that changed since it was built, asked about record by record: a
 * search walks every record of a street (its nearest house) or of a door, and asking the set of
 * stale codes for each meant decoding each record's code into a string. Here a record's code is
 * hashed in place, from the column's bytes, and only one whose hash a stale code shares is
 * decoded and looked up: the answer is the set's, for a few byte reads per record.
 */
import type { StringColumn } from "./columns.js";

/** Bits of the filter: a few thousand stale codes leave nearly every other code's bit clear. */
const FILTER_BITS = 1 << 20;

/** FNV-1a over bytes[from, to), folded to the filter's size. */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return (hash >>> 0) & (FILTER_BITS - 1);
}

export class StaleRecords {
  /** One bit per hash: set when a stale code has that hash. */
  private readonly filter = new Uint32Array(FILTER_BITS / 32);

  /** `codes`: the segment's code column; `stale`: codes whose entry there no longer counts. */
  constructor(
    private readonly codes: StringColumn,
    private readonly stale: ReadonlySet<string>,
  ) {
    for (const code of stale) {
      const bytes = Buffer.from(code, "utf8");
      const hash = hashOf(bytes, 0, bytes.length);
      this.filter[hash >>> 5] |= 1 << (hash & 31);
    }
  }

  get size(): number {
    return this.stale.size;
  }

  /** Whether record `r`'s code is one of the stale ones. */
  has(r: number): boolean {
    const { bytes, offsets } = this.codes;
    const hash = hashOf(bytes, offsets[r], offsets[r + 1]);
    if ((this.filter[hash >>> 5] & (1 << (hash & 31))) === 0) return false;
    return this.stale.has(this.codes.get(r));
  }
}
