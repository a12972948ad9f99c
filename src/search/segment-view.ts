/** A segment with the tables queries need of it, built on first use (or by `warm`). */
import { LRUCache } from "lru-cache";
import { lowerBound } from "./columns.js";
import { Matcher } from "./match.js";
import { STATUS_RANK } from "./results.js";
import { NO_HOUSE, type Segment } from "./segment.js";
import { foldedWords, leadingNumber } from "./words.js";

/** Past this many records at one door or under one name, only those holding the text's numbers are scored (and a few others). */
export const SIBLINGS = 4;
/**
 * Records whose label's folded words are kept: a person's next keystrokes score the same doors
 * again, and about as many people type at once as a server hears (each label a few words).
 */
const LABELS_KEPT = 65_536;
/** How far nearestHouse counts a door without a number from any number asked. */
const UNNUMBERED_GAP = 1e9;
/**
 * Bytes of streets' door-number tables kept (nearestOfAll): a batch sorted by area asks the same
 * long streets again and again, each time for another door.
 */
const DOOR_NUMBERS_KEPT_BYTES = 32 * 1024 * 1024;

/** Streets remembered as asked once (nearestOfAll): more than a batch's long streets in use at a time. */
const STREETS_ASKED_ONCE_KEPT = 65_536;

const everyRecord = () => true;

/** A door's bit (0..63) in a document's door signature: the house key id's multiplicative hash. */
function doorBit(houseId: number): number {
  return Math.imul(houseId, 0x9e3779b1) >>> 26;
}

/**
 * A street's doors by number (nearestOfAll): its distinct leading numbers ascending, where in
 * docRecords the first record of a door with each begins, and the first record of a door without one.
 */
interface DoorNumbers {
  numbers: Float64Array;
  firstAt: Uint32Array;
  /** -1 when every door has a number. */
  unnumberedAt: number;
}

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
    this.doorSignatures();
  }

  /**
   * Whether a document's records hold this door: holdsDoor, its binary search over the
   * document's records (random reads in a column of every record) asked only when the
   * document's door signature says it may. A common street name ties in hundreds of documents,
   * and a pass asks each of them for the door.
   */
  docHoldsDoor(doc: number, houseId: number): boolean {
    const bit = doorBit(houseId);
    if ((this.doorSignatures()[doc * 2 + (bit >>> 5)] & (1 << (bit & 31))) === 0) return false;
    const c = this.segment.c;
    return this.holdsDoor(c.docRecordStarts[doc], c.docRecordStarts[doc + 1], houseId);
  }

  /**
   * Per document, 64 bits: bit doorBit(h) set for each door h among its records (a filter: a
   * door whose bit is clear is not there; a set bit is checked).
   */
  private doorSignatures(): Uint32Array {
    if (this.signatures) return this.signatures;
    const c = this.segment.c;
    const signatures = new Uint32Array(this.segment.documents * 2);
    for (let doc = 0; doc < this.segment.documents; doc++) {
      let low = 0;
      let high = 0;
      for (let k = c.docRecordStarts[doc]; k < c.docRecordStarts[doc + 1]; k++) {
        const bit = doorBit(c.docHouses[k]);
        if (bit < 32) low |= 1 << bit;
        else high |= 1 << (bit - 32);
      }
      signatures[doc * 2] = low;
      signatures[doc * 2 + 1] = high;
    }
    this.signatures = signatures;
    return signatures;
  }

  private signatures: Uint32Array | null = null;

  /**
   * The best status rank (STATUS_RANK) of any record of the segment: an answer not yet found
   * can win a tie of scores by its status only up to this.
   */
  bestStatusRank(): number {
    if (this.bestStatus < 0) {
      // Which status numbers occur, then their ranks: a few status numbers, millions of records.
      const status = this.segment.c.status;
      const occurs = new Uint8Array(256);
      for (let r = 0; r < status.length; r++) occurs[status[r]] = 1;
      let best = 0;
      occurs.forEach((yes, number) => {
        if (yes) best = Math.max(best, STATUS_RANK[number] ?? 0);
      });
      this.bestStatus = best;
    }
    return this.bestStatus;
  }

  private bestStatus = -1;

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
    const houses = this.segment.c.docHouses;
    const lo = lowerBound(houses, from, to, houseId);
    return lo < to && houses[lo] === houseId;
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
        gap = n < 0 ? UNNUMBERED_GAP : Math.abs(n - want);
      }
      if (gap < bestGap && accept(c.docRecords[k])) {
        bestGap = gap;
        best = c.docRecords[k];
      }
    }
    return best;
  }

  /**
   * What nearestHouse answers when every record is accepted; from the street's doors by number
   * once it is asked again (a table kept): a binary search instead of a walk over every record of
   * a street that a batch asks again and again for other doors.
   */
  nearestOfAll(from: number, to: number, houseKey: string | null): number {
    const c = this.segment.c;
    if (from >= to) return -1;
    const want = houseKey === null ? -1 : leadingNumber(houseKey);
    if (want < 0) return c.docRecords[from];
    const table = this.doorNumbersKept.get(from) ?? this.doorNumbersAskedAgain(from, to);
    if (table === null) return this.nearestHouse(from, to, houseKey, everyRecord);
    const { numbers, firstAt, unnumberedAt } = table;
    // The least gap is to the first number not below the one asked or to the last below it; a
    // door without a number is as far as nearestHouse counts it. Equal gaps: the first record.
    let at = -1;
    let bestGap = Number.POSITIVE_INFINITY;
    const consider = (k: number, gap: number) => {
      if (gap < bestGap || (gap === bestGap && k < at)) {
        bestGap = gap;
        at = k;
      }
    };
    const above = lowerBound(numbers, 0, numbers.length, want);
    if (above < numbers.length) consider(firstAt[above], numbers[above] - want);
    if (above > 0) consider(firstAt[above - 1], want - numbers[above - 1]);
    if (unnumberedAt >= 0) consider(unnumberedAt, UNNUMBERED_GAP);
    return c.docRecords[at];
  }

  /**
   * The street's doors by number when it is asked a second time, else null: a table costs more
   * than one walk, and in a file that names streets all over the country most are asked once.
   */
  private doorNumbersAskedAgain(from: number, to: number): DoorNumbers | null {
    if (!this.streetsAskedOnce.has(from)) {
      this.streetsAskedOnce.set(from, true);
      return null;
    }
    const houses = this.segment.c.docHouses;
    const firstOfNumber = new Map<number, number>();
    let unnumberedAt = -1;
    // A door's records are side by side and doors ascend, so a number's first record is met first.
    for (let k = from; k < to; k++) {
      if (k > from && houses[k] === houses[k - 1]) continue;
      const n = this.houseNumber(houses[k]);
      if (n < 0) {
        if (unnumberedAt < 0) unnumberedAt = k;
      } else if (!firstOfNumber.has(n)) firstOfNumber.set(n, k);
    }
    const numbers = Float64Array.from(firstOfNumber.keys()).sort();
    const firstAt = Uint32Array.from(numbers, (n) => firstOfNumber.get(n) ?? 0);
    const table = { numbers, firstAt, unnumberedAt };
    this.doorNumbersKept.set(from, table);
    this.streetsAskedOnce.delete(from);
    return table;
  }

  /** Streets asked once (by their first position in docRecords) whose doors have no table yet. */
  private readonly streetsAskedOnce = new LRUCache<number, true>({ max: STREETS_ASKED_ONCE_KEPT });

  /** By the street's first position in docRecords. */
  private readonly doorNumbersKept = new LRUCache<number, DoorNumbers>({
    maxSize: DOOR_NUMBERS_KEPT_BYTES,
    sizeCalculation: (t) => t.numbers.byteLength + t.firstAt.byteLength + 64,
  });
}
