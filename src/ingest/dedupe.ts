/**
 * "The same number in the same cell/street" across millions of records without keeping millions of
 * strings: each key is reduced to a 52-bit hash (two 32-bit FNV-1a variants) kept in a NumberSet
 * (common/number-set.ts, 8–11 bytes per key; 256 MiB for the 20 M numbered records of a national file, sized up front so that no doubling happens mid-import).
 * A false "duplicate" needs a 52-bit collision: at 24 M keys the chance of any is about 6 %, of
 * a given record about 5·10⁻⁹ — acceptable for a survey finding that a person reviews.
 *
 * `seen` hashes the key's pieces one after the other instead of building the key string
 * (duplicateKey in map-row.ts): the same characters in the same order give the same hash, and the
 * street's folded form is fed as it is worked out, character by character.
 */
import type { AddressParts } from "../domain/parts.js";
import { NumberSet } from "../common/number-set.js";
import { fold } from "../text/fold.js";

const PIPE = 124; // "|", between the key's fields
const COMMA = 44; // ",", between alleys

// What fold() makes of each UTF-16 code unit, learnt from fold() itself on first sight of the unit
// (fold maps each unit on its own): a character code, or one of these.
const UNKNOWN = -1;
const DROP = -2;
const SEPARATOR = -3;
const FOLDED = new Int32Array(0x10000).fill(UNKNOWN);

/** fold()'s treatment of one code unit, read from fold("a" + unit + "b"). */
export function foldedCode(code: number): number {
  const folded = fold(`a${String.fromCharCode(code)}b`);
  if (folded === "ab") return DROP;
  if (folded === "a b") return SEPARATOR;
  return folded.charCodeAt(1);
}

export class DuplicateIndex {
  private readonly hashes: NumberSet;
  // The running hash of the key being fed (see `seen`).
  private h1 = 0;
  private h2 = 0;
  // The state of a folding run (see `folded`).
  private foldSpace = false;
  private foldStarted = false;

  constructor(initialCapacity = 1 << 16) {
    this.hashes = new NumberSet(initialCapacity);
  }

  get count(): number {
    return this.hashes.count;
  }

  /**
   * Records the key of this commune + parts; true when it was already there. No number → false.
   * The same as `add(duplicateKey(commune, parts))`.
   */
  seen(commune: string, parts: AddressParts): boolean {
    const hash = this.keyHash(commune, parts);
    return hash !== 0 && this.hashes.add(hash);
  }

  /**
   * Records a key hash from `keyHash` (the import's parsing workers hash, the writer records them in
   * file order); true when it was already there. 0 (no number) → false.
   */
  addHash(hash: number): boolean {
    return hash !== 0 && this.hashes.add(hash);
  }

  /** The hash of `duplicateKey(commune, parts)` without recording it; 0 when the record has no number. */
  keyHash(commune: string, parts: AddressParts): number {
    if (!parts.houseNumber && !parts.lot && !parts.flat) return 0;
    this.start();
    this.text(commune);
    this.char(PIPE);
    if (parts.street) this.folded(parts.street);
    this.char(PIPE);
    if (parts.hamlet) {
      // fold(`${type} ${name}`): one folding run over the three pieces.
      this.folded(parts.hamlet.type);
      this.folded(" ", true);
      this.folded(parts.hamlet.name, true);
    }
    this.char(PIPE);
    if (parts.alleys)
      for (let i = 0; i < parts.alleys.length; i++) {
        if (i > 0) this.char(COMMA);
        this.text(parts.alleys[i].type);
        this.text(parts.alleys[i].number);
      }
    this.char(PIPE);
    if (parts.houseNumber) this.text(parts.houseNumber);
    this.char(PIPE);
    if (parts.lot) this.text(parts.lot);
    this.char(PIPE);
    if (parts.building) this.folded(parts.building);
    this.char(PIPE);
    if (parts.flat) this.text(parts.flat);
    return this.hash();
  }

  /** True when `key` had been added before. */
  add(key: string): boolean {
    return this.hashes.add(this.textHash(key));
  }

  /** The 52-bit hash (never 0) this index keeps a key string as, without recording it. */
  textHash(text: string): number {
    this.start();
    this.text(text);
    return this.hash();
  }

  private start(): void {
    this.h1 = 0x811c9dc5;
    this.h2 = 0x01000193;
  }

  private text(s: string): void {
    // The state in locals for the loop: the engine keeps them in registers.
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** Feeds one character (`text` repeats this step inline). */
  private char(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ c, 0x5bd1e995) ^ (this.h2 >>> 15);
  }

  /** 52 bits, never 0 (0 marks an empty slot). */
  private hash(): number {
    return (this.h1 >>> 0) * 0x100000 + ((this.h2 >>> 12) & 0xfffff) || 1;
  }

  /**
   * Feeds fold(text) (text/fold.ts) without making it: the same characters, each folded on its
   * own, separators collapsed to one space and dropped at either end. `more` continues the run of
   * the previous call, as if the texts were one.
   */
  private folded(text: string, more = false): void {
    if (!more) {
      this.foldSpace = false;
      this.foldStarted = false;
    }
    let space = this.foldSpace;
    let started = this.foldStarted;
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let folded = FOLDED[code];
      if (folded === UNKNOWN) folded = FOLDED[code] = foldedCode(code);
      if (folded === DROP) continue;
      if (folded === SEPARATOR) {
        space = true;
        continue;
      }
      if (space && started) {
        h1 = Math.imul(h1 ^ 32, 0x01000193);
        h2 = Math.imul(h2 ^ 32, 0x5bd1e995) ^ (h2 >>> 15);
      }
      space = false;
      started = true;
      h1 = Math.imul(h1 ^ folded, 0x01000193);
      h2 = Math.imul(h2 ^ folded, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.foldSpace = space;
    this.foldStarted = started;
    this.h1 = h1;
    this.h2 = h2;
  }
}
