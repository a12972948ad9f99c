/** A segment with the tables queries need of it, built on first use (or by `warm`). */
import { LRUCache } from "lru-cache";
import { lowerBound } from "./columns.js";
import { Matcher } from "./match.js";
import { NO_HOUSE, type Segment } from "./segment.js";
import { foldedWords, leadingNumber } from "./words.js";

/** Past this many records at one door or under one name, only those holding the text's numbers are scored (and a few others). */
export const SIBLINGS = 4;
/**
 * Records whose label's folded words are kept: a person's next keystrokes score the same doors
 * again, and about as many people type at once as a server hears (each label a few words).
 */
const LABELS_KEPT = 65_536;

/** One segment with what queries need of it, built on first use. */
export class SegmentView {
  readonly matcher: Matcher;
  private houseIds: Map<string, number> | null = null;

  /** `readsLike`: the view whose class pairs this one shares (a delta reads names as its base does). */
  constructor(
    readonly segment: Segment,
    readsLike?: SegmentView,
  ) {
    this.matcher = new Matcher(segment, readsLike?.matcher.classPairs());
  }

  houseId(key: string): number {
    if (!this.houseIds) {
      const keys = this.segment.c.houseKeys;
      this.houseIds = new Map();
      for (let i = 0; i < keys.length; i++) this.houseIds.set(keys.get(i), i);
    }
    return this.houseIds.get(key) ?? -1;
  }

  /** A house key's leading number ("12" of "12/3A"), or -1: read once per key, not per record per query. */
  houseNumber(houseId: number): number {
    if (!this.houseNumbers) {
      const keys = this.segment.c.houseKeys;
      this.houseNumbers = new Int32Array(keys.length);
      for (let i = 0; i < keys.length; i++) this.houseNumbers[i] = i === NO_HOUSE ? -1 : leadingNumber(keys.get(i));
    }
    return this.houseNumbers[houseId];
  }

  private houseNumbers: Int32Array | null = null;

  /** A record's label as folded words (what scoring a record compares with the query's words). */
  labelWords(record: number): readonly string[] {
    let words = this.labelWordsKept.get(record);
    if (words === undefined) {
      words = foldedWords(this.segment.c.labels.get(record));
      this.labelWordsKept.set(record, words);
    }
    return words;
  }

  private readonly labelWordsKept = new LRUCache<number, readonly string[]>({ max: LABELS_KEPT });

  warm(): void {
    this.matcher.warm();
    this.houseId("");
    this.houseNumber(NO_HOUSE);
  }

  /**
   * The records of one place worth scoring: all of them, unless there are more than a few (a
   * building's flats, a busy door) and the text wrote a number no name explains — then those
   * whose label holds it and one other (or, when none does, a few). Scoring a record reads its
   * label; a search among a tower's flats should not read them all.
   */
  flatsWritten(records: number[], patterns: readonly Buffer[]): number[] {
    if (records.length <= SIBLINGS || patterns.length === 0) return records;
    const labels = this.segment.c.labels;
    const written: number[] = [];
    const others: number[] = [];
    for (const r of records) {
      if (patterns.some((p) => labels.includes(r, p))) written.push(r);
      else if (others.length < SIBLINGS) others.push(r);
    }
    return written.length > 0 ? written.concat(others.slice(0, 1)) : others;
  }

  /** Whether a name's records (docRecords[from, to)) hold this door. */
  holdsDoor(from: number, to: number, houseId: number): boolean {
    const [lo, hi] = this.doorRange(from, to, houseId);
    return hi > lo;
  }

  /** Where a name's records at this door lie in docRecords: [lo, hi) within [from, to). */
  doorRange(from: number, to: number, houseId: number): [number, number] {
    const houses = this.segment.c.docHouses;
    const lo = lowerBound(houses, from, to, houseId);
    return [lo, lowerBound(houses, lo, to, houseId + 1)];
  }

  /**
   * The record of the street whose house number is nearest the one asked (or its first one): the
   * first accepted record of the least gap. Whether a record is accepted is asked only of one
   * nearer than the best so far (a few per street), not of each of a long street's records.
   */
  nearestHouse(
    from: number,
    to: number,
    houseKey: string | null,
    accept: (r: number) => boolean,
  ): number {
    const c = this.segment.c;
    const want = houseKey === null ? -1 : leadingNumber(houseKey);
    if (want < 0) {
      for (let k = from; k < to; k++) if (accept(c.docRecords[k])) return c.docRecords[k];
      return -1;
    }
    let best = -1;
    let bestGap = Number.POSITIVE_INFINITY;
    // A door's records are side by side (a name's records are ordered by door): its number is
    // read once for all of them.
    let door = -1;
    let gap = Number.POSITIVE_INFINITY;
    for (let k = from; k < to; k++) {
      if (c.docHouses[k] !== door) {
        door = c.docHouses[k];
        const n = this.houseNumber(door);
        gap = n < 0 ? 1e9 : Math.abs(n - want);
      }
      if (gap < bestGap && accept(c.docRecords[k])) {
        bestGap = gap;
        best = c.docRecords[k];
      }
    }
    return best;
  }
}
