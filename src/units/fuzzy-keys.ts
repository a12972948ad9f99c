/**
 * Typo-tolerant matching of folded unit names: finds the known keys within edit distance 1
 * (substitution, insertion, deletion, adjacent transposition) or, for longer names, 2.
 * Distance 1 uses a deletion index (SymSpell's idea: two strings within one edit share a
 * string reachable by at most one deletion from each), so it costs a few look-ups in a table;
 * distance 2 scans the keys of similar length with a bounded Damerau-Levenshtein distance.
 */

import { soundKey } from "../text/sounds-alike.js";

const NO_KEYS: readonly string[] = [];

/** Shortest key length at which one typo is tolerated ("ba vi" vs "ba vị" need no typo). */
const MIN_LENGTH_D1 = 4;
/** Shortest key length at which two typos are tolerated. */
const MIN_LENGTH_D2 = 9;

/**
 * Letter counts are kept in these many buckets: a–z, 0–9, and one for anything else (a space, a
 * letter folding left alone). Merging symbols into a bucket only lowers the count difference, so
 * the filter below stays a lower bound of the distance.
 */
const BUCKETS = 37;

/** Polynomial string hash (mod 2^32, kept to 30 bits). */
const BASE = 131;
const HASH_BITS = 30;
const HASH_MASK = 2 ** HASH_BITS - 1;
/** The deletion index is grouped by the top bits of the hash: about three entries a group. */
const GROUP_BITS = 16;
const GROUPS = 1 << GROUP_BITS;

/** BASE^k (mod 2^32) by k: constants, computed as longer words come. */
const BASE_POWERS: number[] = [1];

function basePower(k: number): number {
  for (let p = BASE_POWERS.length; p <= k; p++) BASE_POWERS.push(Math.imul(BASE_POWERS[p - 1], BASE));
  return BASE_POWERS[k];
}

function groupOf(hash: number): number {
  return hash >>> (HASH_BITS - GROUP_BITS);
}

export class FuzzyKeys {
  private readonly byLength = new Map<number, SameLength>();
  /** The indexed keys, in the order given; `variantKeys` points into it. */
  private readonly keys: string[] = [];
  /**
   * The deletion index: the hash of each key and of each of its one-deletion variants, with the
   * key it came from beside it, grouped by the top bits of the hash (group g from
   * `groupStarts[g]` to `groupStarts[g + 1]`), each group in the order of the keys given. Hashes,
   * not the variant strings: a look-up then builds no strings. A collision only adds a candidate
   * that the distance check below rejects, so the answers are those of an index of strings.
   * Flat arrays rather than a map of lists: a parser builds this index in every process and worker
   * thread, and a hundred thousand small lists cost more to allocate and to carry through the young
   * generation's collections than the two passes that fill these.
   */
  private readonly variantHashes: Int32Array;
  private readonly variantKeys: Int32Array;
  private readonly groupStarts = new Int32Array(GROUPS + 1);

  constructor(keys: Iterable<string>) {
    let variants = 0;
    for (const key of new Set(keys)) {
      if (key.length < MIN_LENGTH_D1 - 1) continue;
      const sameLength = this.byLength.get(key.length);
      if (sameLength) sameLength.keys.push(key);
      else this.byLength.set(key.length, { keys: [key], letters: new Int32Array(0), counts: new Uint8Array(0) });
      this.keys.push(key);
      variants += key.length + 1;
    }
    const hashes = new Int32Array(variants);
    const keyOf = new Int32Array(variants);
    let met = 0;
    for (let k = 0; k < this.keys.length; k++)
      this.forEachVariant(this.keys[k], (hash) => {
        hashes[met] = hash;
        keyOf[met] = k;
        met++;
      });
    // A counting sort by group: count, sum, then file each variant in the order met.
    const starts = this.groupStarts;
    for (let i = 0; i < variants; i++) starts[groupOf(hashes[i]) + 1]++;
    for (let g = 0; g < GROUPS; g++) starts[g + 1] += starts[g];
    const next = starts.slice(0, GROUPS);
    this.variantHashes = new Int32Array(variants);
    this.variantKeys = new Int32Array(variants);
    for (let i = 0; i < variants; i++) {
      const at = next[groupOf(hashes[i])]++;
      this.variantHashes[at] = hashes[i];
      this.variantKeys[at] = keyOf[i];
    }
    for (const group of this.byLength.values()) {
      group.letters = new Int32Array(group.keys.length);
      group.counts = new Uint8Array(group.keys.length * BUCKETS);
      group.keys.forEach((key, k) => {
        group.letters[k] = letterSet(key);
        countLetters(key, group.counts, k * BUCKETS);
      });
    }
  }

  /**
   * Calls `visit` with the hash of `text`, then of each one-deletion variant of it in order of
   * the deleted position (the same hash `hashOf` gives the variant written out).
   */
  private forEachVariant(text: string, visit: (hash: number) => void): void {
    const n = text.length;
    let whole = 0;
    for (let k = 0; k < n; k++) whole = (Math.imul(whole, BASE) + text.charCodeAt(k)) | 0;
    visit(whole & HASH_MASK);
    // Variant without position i: the hash of the i characters before it shifted past the n-1-i
    // after it, plus the hash of those, which is the whole's less the first i+1 characters'
    // shifted alike. Left to right, with no array: this runs for every word the typo search reads.
    let prefix = 0;
    for (let i = 0; i < n; i++) {
      const power = basePower(n - 1 - i);
      const through = (Math.imul(prefix, BASE) + text.charCodeAt(i)) | 0;
      const suffix = (whole - Math.imul(through, power)) | 0;
      visit((Math.imul(prefix, power) + suffix) & HASH_MASK);
      prefix = through;
    }
  }

  /**
   * Known keys one edit away from `query` (none for queries shorter than 4 characters).
   * Costs one look-up in the deletion index per character of the query.
   */
  nearOne(query: string): string[] {
    if (query.length < MIN_LENGTH_D1) return [];
    const found: string[] = [];
    this.forEachVariant(query, (hash) => {
      const group = groupOf(hash);
      for (let i = this.groupStarts[group]; i < this.groupStarts[group + 1]; i++) {
        if (this.variantHashes[i] !== hash) continue;
        // A key met twice under one hash (a run of equal letters) is skipped here the second time.
        const key = this.keys[this.variantKeys[i]];
        if (key === query || found.includes(key)) continue;
        if (withinOneEdit(query, key)) found.push(key);
      }
    });
    return found;
  }

  /**
   * Known keys other than `query` that sound like it (text/sounds-alike.ts: "dong trom" for
   * "giong trom"). A map by sound key, built on the first question: few processes ask.
   */
  soundsLike(query: string): readonly string[] {
    if (this.bySound === null) {
      this.bySound = new Map();
      for (const key of this.keys) {
        const sound = soundKey(key);
        const same = this.bySound.get(sound);
        if (same) same.push(key);
        else this.bySound.set(sound, [key]);
      }
    }
    const same = this.bySound.get(soundKey(query));
    if (same === undefined) return NO_KEYS;
    return same.includes(query) ? same.filter((k) => k !== query) : same;
  }

  private bySound: Map<string, string[]> | null = null;

  /**
   * Known keys exactly two edits away from `query` (none for queries shorter than 9
   * characters, where two edits make too many false friends). Scans keys of similar length
   * that share the first or the last letter: a typo rarely hits both ends of a name.
   *
   * Before the distance, two checks that never turn away a key within two edits: one edit changes
   * the set of letters a string holds by at most two (a substitution takes one away and brings
   * one), and its letter counts by at most two in all (an adjacent transposition by none); so two
   * edits apart, the letter sets differ by at most four letters and the counts by at most four.
   * They leave about one key in forty to the distance, the scan's cost before.
   */
  nearTwo(query: string): string[] {
    if (query.length < MIN_LENGTH_D2) return [];
    const found: string[] = [];
    const rows = distanceRows(query.length + 2);
    const first = query.charCodeAt(0);
    const last = query.charCodeAt(query.length - 1);
    const queryLetters = letterSet(query);
    const queryCounts = new Uint8Array(BUCKETS);
    countLetters(query, queryCounts, 0);
    for (let length = query.length - 2; length <= query.length + 2; length++) {
      const group = this.byLength.get(length);
      if (!group) continue;
      const { keys, letters, counts } = group;
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        if (key.charCodeAt(0) !== first && key.charCodeAt(key.length - 1) !== last) continue;
        if (bitCount(queryLetters & ~letters[k]) + bitCount(letters[k] & ~queryLetters) > 4) continue;
        if (!countsWithin(queryCounts, counts, k * BUCKETS, 4)) continue;
        if (boundedDistance(query, key, 2, rows) === 2) found.push(key);
      }
    }
    return found;
  }
}

/** The keys of one length, with each key's letter set and letter counts (BUCKETS a key) beside them. */
interface SameLength {
  keys: string[];
  letters: Int32Array;
  counts: Uint8Array;
}

/** The bucket of a character for the letter filters. */
function bucketOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return 26 + code - 48;
  return 36;
}

/** The buckets a string's characters fall in, as bits (buckets past 31 share the top bits). */
function letterSet(text: string): number {
  let set = 0;
  for (let i = 0; i < text.length; i++) set |= 1 << (bucketOf(text.charCodeAt(i)) & 31);
  return set;
}

/** Adds a string's characters to the counts at `at` (saturating at 255: longer names do not occur). */
function countLetters(text: string, counts: Uint8Array, at: number): void {
  for (let i = 0; i < text.length; i++) {
    const k = at + bucketOf(text.charCodeAt(i));
    if (counts[k] < 255) counts[k]++;
  }
}

/** Whether the letter counts differ by at most `most` in all. */
function countsWithin(query: Uint8Array, counts: Uint8Array, at: number, most: number): boolean {
  let difference = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const d = query[b] - counts[at + b];
    difference += d < 0 ? -d : d;
    if (difference > most) return false;
  }
  return true;
}

function bitCount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The three rows of the distance table, for strings up to `length` characters. */
interface DistanceRows {
  readonly beforeLast: Int32Array;
  readonly last: Int32Array;
  readonly current: Int32Array;
}

function distanceRows(length: number): DistanceRows {
  return {
    beforeLast: new Int32Array(length + 1),
    last: new Int32Array(length + 1),
    current: new Int32Array(length + 1),
  };
}

/**
 * damerauLevenshtein(a, b, 1) <= 1 in one pass over the strings, without the distance table:
 * what the deletion index asks of each candidate it finds, many times per look-up. Past their
 * first difference, the rest must agree after one substitution, one character the longer one
 * adds, or one swap of adjacent characters.
 */
function withinOneEdit(a: string, b: string): boolean {
  const difference = a.length - b.length;
  if (difference > 1 || difference < -1) return false;
  const shorter = Math.min(a.length, b.length);
  let i = 0;
  while (i < shorter && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === shorter) return true;
  if (difference === 1) return sameFrom(a, i + 1, b, i);
  if (difference === -1) return sameFrom(a, i, b, i + 1);
  if (sameFrom(a, i + 1, b, i + 1)) return true;
  return a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameFrom(a, i + 2, b, i + 2);
}

/** a from i on and b from j on are the same characters. */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (let k = 0; i + k < a.length; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions),
 * returning `max + 1` as soon as the distance is known to exceed `max`.
 */
export function damerauLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  // The parser compares a few words with many names per text: three typed arrays for each pair
  // cost more than the comparison. One set serves every call; the computation never calls out.
  if (sharedRows.last.length <= b.length) sharedRows = distanceRows(Math.max(b.length, 2 * sharedRows.last.length));
  return boundedDistance(a, b, max, sharedRows);
}

let sharedRows = distanceRows(32);

/**
 * damerauLevenshtein with its rows supplied by the caller: a scan for two edits computes the
 * distance to thousands of keys, and allocates the rows once per scan instead.
 */
function boundedDistance(a: string, b: string, max: number, rows: DistanceRows): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = rows.beforeLast;
  let prev = rows.last;
  let cur = rows.current;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n];
}
