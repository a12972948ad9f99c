/**
 * Rankings of the whole country's pass kept by their text with the door taken off
 * (SearchEngine.doorlessRanking). About half the rows of a survey file name no unit ("70 Võ Thị
 * Sáu", "1, Thôn Nam"): each is matched against every commune (hundreds of names) and the matches
 * scored, and a file writes the same street at many doors. What the pass ranks depends on the
 * door only through its word, which doorlessKey proves adds nothing, and through the words'
 * weights, which are in the key; the records at the door are still read per text.
 */
import { LRUCache } from "lru-cache";
import type { DocumentMatch, Matcher } from "./match.js";
import { type Considered, DOCUMENTS_CONSIDERED, DOOR_DOCUMENTS, type DocumentRanking, type RankedPass } from "./rank.js";
import type { SegmentView } from "./segment-view.js";

/**
 * Matches kept across the rankings by default, each with its scores (≈ 60 bytes): tens of
 * megabytes per engine, a few thousand streets (a survey file names its streets near one another).
 */
export const MATCHES_KEPT = 1_000_000;

/**
 * The key a text's ranking is kept under, or null when a door's word could change what the text
 * matches. `words`: the text's words as the matcher reads them (Matcher.mend); every one that is
 * a piece of the door (`houseKey`, "38/33/1") must read nothing (Matcher.readsNothingAt) and
 * becomes the same mark, so texts that differ only there share a key. `weights`: the words'
 * weights (wordWeights; they depend on the door too). `more`: whatever else the ranking reads
 * (the view, the street the parser read, the filters).
 */
export function doorlessKey(
  matcher: Matcher,
  words: readonly string[],
  houseKey: string,
  weights: readonly number[],
  more: readonly (string | number)[],
): string | null {
  const door = new Set(houseKey.split("/"));
  // A door's word becomes null: no query word is.
  const marked: (string | null)[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!door.has(words[i])) marked.push(words[i]);
    else if (matcher.readsNothingAt(words, i)) marked.push(null);
    else return null;
  }
  return JSON.stringify([more, marked, weights]);
}

/** Door-less rankings kept, the most recently asked first; one engine's, one thread's. */
export class RankingMemo {
  private readonly kept: LRUCache<string, RankedPass> | null;
  private readonly counts = { asked: 0, kept: 0 };

  /** `matches`: how many matches the rankings kept may hold together (0: none is kept). */
  constructor(matches = MATCHES_KEPT) {
    this.kept = matches > 0 ? new LRUCache({ maxSize: matches, sizeCalculation: (ranked) => ranked.matches.length + 1 }) : null;
  }

  /** Whether rankings are kept at all. */
  get keeps(): boolean {
    return this.kept !== null;
  }

  get(key: string): RankedPass | undefined {
    this.counts.asked++;
    const ranked = this.kept?.get(key);
    if (ranked !== undefined) this.counts.kept++;
    return ranked;
  }

  set(key: string, ranked: RankedPass): void {
    this.kept?.set(key, ranked);
  }

  /** How many rankings were asked for since the memo was made, and how many of them were kept. */
  lookups(): { asked: number; kept: number } {
    return { ...this.counts };
  }
}

/**
 * What a kept ranking knows of each match before any door is read, for the walk over its matches
 * to stop early (answerPass): the most any answer of the match can score, whatever the door
 * (score-rounded, as the page's scores are), and the match's commune (a record is only ever under
 * names of its own commune).
 */
export interface MatchBounds {
  most(i: number): number;
  commune(i: number): number;
}

/**
 * A pass's ranking kept for the doors of other texts: only the matches a door can make it read
 * (DocumentRanking.inOrder), best first, with what answerPass reads of them.
 */
export function keptForDoors(ranked: RankedPass<DocumentRanking>, bounds: MatchBounds): RankedPass {
  const { order, band } = ranked.ranking.inOrder();
  const matches = order.map((i) => ranked.matches[i]);
  const factors = new Float64Array(order.length);
  const matchedWeights = new Float64Array(order.length);
  const usedUpUnit = new Uint8Array(order.length);
  const readAsStreet = new Uint8Array(order.length);
  order.forEach((i, k) => {
    factors[k] = ranked.factors[i];
    matchedWeights[k] = ranked.matchedWeights[i];
    usedUpUnit[k] = ranked.usedUpUnit[i];
    readAsStreet[k] = ranked.readAsStreet[i];
  });
  const ranking = new SortedRanking(matches, band, restBounds(order, bounds));
  // What is the query's own (its words' weights, the communes it spells) stays as it is.
  return { ...ranked, matches, ranking, factors, matchedWeights, usedUpUnit, readAsStreet };
}

/** From each place of a kept ranking on, what its matches can still do (SortedRanking.restCannotPass). */
interface RestBounds {
  /** The most any answer of the matches from k on can score (-1 past the last). */
  most: Float64Array;
  /**
   * Of the matches from k on that can score that most, the first place before k whose commune
   * one of them shares (the length of the ranking when none): a record found before k may be
   * raised to that most from k on only there. A match bounded lower raises nothing to the page.
   */
  sharedFrom: Uint32Array;
}

function restBounds(order: readonly number[], bounds: MatchBounds): RestBounds {
  const n = order.length;
  const most = new Float64Array(n + 1).fill(-1);
  const sharedFrom = new Uint32Array(n + 1).fill(n);
  // The first place of each match's commune, where it is not that match's own (n: it is).
  const firstOfCommune = new Map<number, number>();
  const first = new Uint32Array(n);
  order.forEach((i, k) => {
    const commune = bounds.commune(i);
    const at = firstOfCommune.get(commune);
    if (at === undefined) firstOfCommune.set(commune, k);
    first[k] = at ?? n;
  });
  for (let k = n - 1; k >= 0; k--) {
    const own = bounds.most(order[k]);
    const shared = first[k];
    if (own > most[k + 1]) {
      most[k] = own;
      sharedFrom[k] = shared;
    } else {
      most[k] = most[k + 1];
      sharedFrom[k] = own === most[k + 1] ? Math.min(sharedFrom[k + 1], shared) : sharedFrom[k + 1];
    }
  }
  return { most, sharedFrom };
}

/**
 * The documents considered of a kept ranking (keptForDoors), its matches already best first: the
 * band read for the door as DocumentRanking.considered reads it (takeNearDoor: the first
 * DOCUMENTS_CONSIDERED, then the next DOOR_DOCUMENTS that hold the door), or the documents
 * considered; taken one at a time, so that a walk that can stop early reads no further.
 */
class SortedRanking implements Considered {
  constructor(
    private readonly matches: readonly DocumentMatch[],
    private readonly band: boolean,
    private readonly rest: RestBounds,
  ) {}

  *considered(view: SegmentView, houseKey: string | null): Generator<number> {
    const count = this.matches.length;
    if (!this.band) {
      for (let i = 0; i < count; i++) yield i;
      return;
    }
    let i = 0;
    for (; i < DOCUMENTS_CONSIDERED; i++) yield i;
    const houseId = houseKey === null ? -1 : view.houseId(houseKey);
    if (houseId < 0) return;
    for (let held = 0; i < count && held < DOOR_DOCUMENTS; i++) {
      if (!view.docHoldsDoor(this.matches[i].doc, houseId)) continue;
      held++;
      yield i;
    }
  }

  /**
   * An answer from i on comes before `last` only by a higher score, or an equal one with a better
   * status (one new to the candidates is found after the page's, and loses the last tie-break);
   * an answer found before i can be raised from i on only by a match of the same commune.
   */
  restCannotPass(i: number, last: { score: number; status: number }, bestStatus: number): boolean {
    const most = this.rest.most[i];
    if (most < last.score) return true;
    return most === last.score && bestStatus <= last.status && this.rest.sharedFrom[i] >= i;
  }
}
