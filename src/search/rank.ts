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

/** The scores of one pass's matches; -1 for a match the filters leave out. */
export class DocumentRanking {
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
    const floor = this.best * DOOR_BAND;
    // Everything in the band is ordered (it may hold the door); below it only while fewer than
    // the documents considered are ordered.
    const order: number[] = [];
    const below: number[] = [];
    for (let i = 0; i < this.scores.length; i++) {
      if (this.scores[i] >= floor) order.push(i);
      else if (this.scores[i] >= 0) below.push(i);
    }
    const byScore = (a: number, b: number) => this.scores[b] - this.scores[a] || this.matches[a].doc - this.matches[b].doc;
    order.sort(byScore);
    if (order.length < DOCUMENTS_CONSIDERED) {
      below.sort(byScore);
      return order.concat(below.slice(0, DOCUMENTS_CONSIDERED - order.length));
    }
    const out = order.slice(0, DOCUMENTS_CONSIDERED);
    if (houseId < 0) return out;
    const c = view.segment.c;
    for (let k = DOCUMENTS_CONSIDERED; k < order.length && out.length < DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS; k++) {
      const doc = this.matches[order[k]].doc;
      if (view.holdsDoor(c.docRecordStarts[doc], c.docRecordStarts[doc + 1], houseId)) out.push(order[k]);
    }
    return out;
  }
}
