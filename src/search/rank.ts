/**
 * Which documents of a word match a pass looks at closely. A common street or building name
 * written without its commune ("Quốc lộ 20", "Chung cư …") matches thousands of documents; only
 * the best sixty and, beyond them, those near the best that hold the stated door can come first.
 * Most matches score by their commune alone (a few array reads); a match through a unit's name
 * must spell its name out, so it is scored only when its bound could reach the best ones.
 */
import type { DocumentMatch } from "./match.js";
import type { SegmentView } from "./segment-view.js";

/** Documents looked at closely per query, after the word match. */
export const DOCUMENTS_CONSIDERED = 60;
/**
 * Beyond those, documents scored within this share of the best that hold the stated door, up to
 * this many more: a street found without its house scores 0.75 of its name, so a house on a name
 * scored below that share could not come first.
 */
export const DOOR_BAND = 0.75;
export const DOOR_DOCUMENTS = 100;
/** Documents beyond the first taken one at a time in order while looking for the door (considered). */
const DOOR_SCAN_IN_ORDER = 4 * DOOR_DOCUMENTS;
/** A band with up to this many distinct scores is ordered as numbers (DocumentRanking.inBandOrder). */
const BAND_SCORES_SORTED = 16;

/** Which of a pass's matches are looked at closely for a door (answerPass), best first. */
export interface Considered {
  considered(view: SegmentView, houseKey: string | null): Iterable<number>;
  /**
   * Whether no match from `i` on in considered()'s order can give an answer that comes before
   * `last` (the page's last answer, `bestStatus` the best status rank any record has) or that
   * raises an answer found before `i`: the walk over the matches may then stop at `i`. Only a
   * ranking that keeps its matches' bounds can tell (absent: it cannot).
   */
  restCannotPass?(i: number, last: { score: number; status: number }, bestStatus: number): boolean;
}

/** The scores of one pass's matches; -1 for a match the filters leave out. */
export class DocumentRanking implements Considered {
  private readonly scores: Float64Array;
  private readonly deferred: number[] = [];
  private readonly bounds: number[] = [];
  private best = 0;

  constructor(readonly matches: readonly DocumentMatch[]) {
    this.scores = new Float64Array(matches.length).fill(-1);
  }

  score(i: number): number {
    return this.scores[i];
  }

  set(i: number, score: number): void {
    this.scores[i] = score;
    if (score > this.best) this.best = score;
  }

  /** A match whose score costs more to work out, and the most it can be. */
  defer(i: number, bound: number): void {
    this.deferred.push(i);
    this.bounds.push(bound);
  }

  /**
   * Ranks (sets or defers, through `rank`) the matches that can be looked at closely, most
   * promising first, and leaves the others unscored: max-score pruning, exact. `bounds[i]` is the
   * most match i can score, a tie-break added after ranking included; `lift` is that tie-break
   * (the most a ranked score may still rise). A street name typed without its commune matches
   * thousands of names over the country; when the band of the best already holds the documents
   * considered, a match whose bound is below the band can be neither in it nor taken below it.
   *
   * Why the answer is the one of ranking every match: once every match bounded at or above the
   * band of the best so far is ranked, no other can raise the best (each is bounded below three
   * quarters of it), so the band's floor only rises from here; a match left out is below it, and
   * would be in `considered`'s order only if the band held fewer than DOCUMENTS_CONSIDERED, which
   * is counted against the highest floor the best can still reach (deferred bounds and `lift`).
   */
  rankBounded(bounds: Float64Array, lift: number, rank: (i: number) => void): void {
    const n = bounds.length;
    const ranked = new Uint8Array(n);
    const rankWithin = (from: number, below: number) => {
      for (let i = 0; i < n; i++)
        if (ranked[i] === 0 && bounds[i] >= from && bounds[i] < below) {
          ranked[i] = 1;
          rank(i);
        }
    };
    let most = 0;
    for (let i = 0; i < n; i++) if (bounds[i] > most) most = bounds[i];
    // The best is at most the highest bound: what reaches its band is ranked first, then, while the
    // best found leaves a lower band, down to it (twice at most: the best only grows).
    let threshold = most * DOOR_BAND;
    rankWithin(threshold, Number.POSITIVE_INFINITY);
    while (this.best * DOOR_BAND < threshold) {
      const lower = this.best * DOOR_BAND;
      rankWithin(lower, threshold);
      threshold = lower;
    }
    let highest = this.best;
    for (const bound of this.bounds) if (bound > highest) highest = bound;
    const floor = (highest + lift) * DOOR_BAND;
    let inBand = 0;
    for (let i = 0; i < n && inBand < DOCUMENTS_CONSIDERED; i++) if (this.scores[i] >= floor) inBand++;
    if (inBand < DOCUMENTS_CONSIDERED) rankWithin(Number.NEGATIVE_INFINITY, threshold);
  }

  /**
   * Scores the deferred matches that could reach the band of the best; the rest too when the
   * band holds fewer than the documents considered (they would then be among them).
   */
  settle(scoreOf: (i: number) => number): void {
    const left: number[] = [];
    for (let k = 0; k < this.deferred.length; k++) {
      // The best only grows, so a bound below its band now stays below it.
      if (this.bounds[k] >= this.best * DOOR_BAND) this.set(this.deferred[k], scoreOf(this.deferred[k]));
      else left.push(this.deferred[k]);
    }
    if (left.length === 0) return;
    const floor = this.best * DOOR_BAND;
    let inBand = 0;
    for (let i = 0; i < this.scores.length && inBand < DOCUMENTS_CONSIDERED; i++) if (this.scores[i] >= floor) inBand++;
    if (inBand < DOCUMENTS_CONSIDERED) for (const i of left) this.set(i, scoreOf(i));
  }

  /**
   * The matches looked at closely, best first (equal scores by document): the best-scored ones,
   * and beyond them, among names scored nearly as well, those that hold the stated door. A common
   * street name ("Tràng Thi" in hundreds of communes, the commune not yet written) ties in
   * hundreds of documents; the one with the house asked is the answer, wherever it falls in the tie.
   */
  considered(view: SegmentView, houseKey: string | null): number[] {
    const houseId = houseKey === null ? -1 : view.houseId(houseKey);
    const { order, below, byScore } = this.band();
    // A common name ties in thousands of documents, in the band or below it: they are taken best
    // first only as far as needed (the first ones, then those holding the door), not all sorted.
    if (order.length < DOCUMENTS_CONSIDERED) return fillFromBelow(order.sort(byScore), below, byScore);
    const holds = houseId < 0 ? null : (i: number) => view.docHoldsDoor(this.matches[i].doc, houseId);
    // With a door, a band of thousands is read for it in order (most of the band where the door is
    // rare): it is ordered once, with no function called per comparison.
    const sorted = holds === null ? null : this.inBandOrder(order, view.segment.documents);
    if (holds !== null && sorted !== null) return holdingAfterFirst(sorted, holds);
    const best = new HeapOrder(order, byScore);
    const taken = { size: () => best.size, take: () => best.take(), restHolding: (h: (i: number) => boolean) => best.rest().filter(h).sort(byScore) };
    return takeNearDoor(taken, holds);
  }

  /**
   * The band (`order`) in considered()'s order, or null when it cannot be ordered this way: each
   * match as one whole number (its score's place among the band's scores, best first, then its
   * document, then its index: byScore's order), sorted as numbers. A common name's band ties in a
   * few scores; null when it holds more than BAND_SCORES_SORTED of them, or when the three do not
   * fit in a double's 53 bits exactly (a band of tens of thousands at 24 M records' documents).
   */
  private inBandOrder(order: readonly number[], documents: number): number[] | null {
    const n = order.length;
    const scores = this.scores;
    const distinct: number[] = [];
    for (let k = 0; k < n; k++) {
      const score = scores[order[k]];
      if (distinct.includes(score)) continue;
      if (distinct.length === BAND_SCORES_SORTED) return null;
      distinct.push(score);
    }
    distinct.sort((a, b) => b - a);
    const docSpan = 2 ** Math.ceil(Math.log2(documents + 1));
    const indexSpan = 2 ** Math.ceil(Math.log2(scores.length + 1));
    if (distinct.length * docSpan * indexSpan > Number.MAX_SAFE_INTEGER) return null;
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      keys[k] = (distinct.indexOf(scores[i]) * docSpan + this.matches[i].doc) * indexSpan + i;
    }
    keys.sort();
    const out = new Array<number>(n);
    // The index is the key's low bits: a power of two divides it exactly (no floating remainder).
    for (let k = 0; k < n; k++) out[k] = keys[k] - Math.floor(keys[k] / indexSpan) * indexSpan;
    return out;
  }

  /**
   * What considered() reads before a door is asked, for a ranking kept for many doors: when the
   * band holds the documents considered or more, the whole band best first (takeNearDoor reads it
   * for a door as considered does); else the documents considered, whatever the door.
   */
  inOrder(): { order: number[]; band: boolean } {
    const { order, below, byScore } = this.band();
    order.sort(byScore);
    if (order.length >= DOCUMENTS_CONSIDERED) return { order, band: true };
    return { order: fillFromBelow(order, below, byScore), band: false };
  }

  /**
   * The matches in the band of the best (everything there may be taken: it may hold the door) and
   * those below it (taken only while fewer than the documents considered are in it), in no order;
   * and the order they are taken in: by score, equal scores by document, then by match (the order
   * a stable sort of the matches gives).
   */
  private band(): { order: number[]; below: number[]; byScore: (a: number, b: number) => number } {
    const floor = this.best * DOOR_BAND;
    const order: number[] = [];
    const below: number[] = [];
    for (let i = 0; i < this.scores.length; i++) {
      if (this.scores[i] >= floor) order.push(i);
      else if (this.scores[i] >= 0) below.push(i);
    }
    const byScore = (a: number, b: number) => this.scores[b] - this.scores[a] || this.matches[a].doc - this.matches[b].doc || a - b;
    return { order, below, byScore };
  }
}

/** A band sorted, then the best of those below it up to the documents considered. */
function fillFromBelow(sorted: number[], below: number[], byScore: (a: number, b: number) => number): number[] {
  const rest = new HeapOrder(below, byScore);
  while (sorted.length < DOCUMENTS_CONSIDERED && rest.size > 0) sorted.push(rest.take());
  return sorted;
}

/** A band's matches best first, taken one at a time (takeNearDoor). */
export interface BandOrder {
  size(): number;
  take(): number;
  /** Those not taken yet that `holds`, best first. */
  restHolding(holds: (i: number) => boolean): number[];
}

/**
 * The documents considered out of a band of at least DOCUMENTS_CONSIDERED (considered): the first
 * ones, then, when a door is stated (`holds`), of the next ones those that hold it. Where the door
 * is common, a few of the next ones hold it; where it is rare, the whole band is read for it
 * anyway: past a few hundred taken, the rest are asked for the door first and only those that
 * hold it are ordered (the same ones, in the same order).
 */
export function takeNearDoor(band: BandOrder, holds: ((i: number) => boolean) | null): number[] {
  const out: number[] = [];
  while (out.length < DOCUMENTS_CONSIDERED) out.push(band.take());
  if (holds === null) return out;
  const wanted = DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS;
  for (let taken = 0; band.size() > 0 && out.length < wanted && taken < DOOR_SCAN_IN_ORDER; taken++) {
    const i = band.take();
    if (holds(i)) out.push(i);
  }
  if (band.size() === 0 || out.length === wanted) return out;
  return out.concat(band.restHolding(holds).slice(0, wanted - out.length));
}

/**
 * What takeNearDoor takes from a band already in order: the first DOCUMENTS_CONSIDERED, then the
 * next DOOR_DOCUMENTS that hold the door, the door asked only as far as they are found.
 */
function holdingAfterFirst(sorted: readonly number[], holds: (i: number) => boolean): number[] {
  const out = sorted.slice(0, DOCUMENTS_CONSIDERED);
  const wanted = DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS;
  for (let k = DOCUMENTS_CONSIDERED; k < sorted.length && out.length < wanted; k++) if (holds(sorted[k])) out.push(sorted[k]);
  return out;
}

/**
 * Numbers taken one at a time in `compare` order (`compare` a total order): a binary heap built in
 * linear time over the numbers (reordered in place), so taking the first few of thousands costs a
 * few comparisons each, not a sort of them all.
 */
export class HeapOrder {
  private left: number;

  constructor(
    private readonly heap: number[],
    private readonly compare: (a: number, b: number) => number,
  ) {
    this.left = heap.length;
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Numbers not taken yet. */
  get size(): number {
    return this.left;
  }

  /** The numbers not taken yet, in no order (a copy). */
  rest(): number[] {
    return this.heap.slice(0, this.left);
  }

  /** The first number not taken yet (the heap must not be empty). */
  take(): number {
    const heap = this.heap;
    const top = heap[0];
    this.left--;
    heap[0] = heap[this.left];
    this.down(0);
    return top;
  }

  private down(from: number): void {
    const { heap, compare, left: size } = this;
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const first = right < size && compare(heap[right], heap[left]) < 0 ? right : left;
      if (compare(heap[first], heap[at]) >= 0) return;
      const moved = heap[at];
      heap[at] = heap[first];
      heap[first] = moved;
      at = first;
    }
  }
}

/**
 * A pass's matches scored before any door is looked at (rankPass), by match: what answerPass
 * reads. Nothing in it is changed after it is made (a text's door-less ranking is kept: RankingMemo).
 */
export interface RankedPass<R extends Considered = Considered> {
  matches: readonly DocumentMatch[];
  ranking: R;
  /** Agreement with the units (unitFactor), for the matches ranked. */
  factors: Float64Array;
  /** The weight of the query words the name matched. */
  matchedWeights: Float64Array;
  /** 1 where the name used up a unit's name (fewer levels left standing). */
  usedUpUnit: Uint8Array;
  /** 1 where the name is the street the parser read (a tie-break, in the ranking's scores too). */
  readAsStreet: Uint8Array;
  /** The query words' weights (wordWeights) and their sum. */
  weights: readonly number[];
  totalWeight: number;
  /**
   * No unit was read, and the text spells these communes' names (EvidenceReader.communesSpelled): by
   * commune number, the words (as bits) that count among those a record there explains.
   */
  spelledCommunes: ReadonlyMap<number, number> | null;
}
