/**
 * Which autocomplete prefixes have one right answer (issue 14, "Benchmark": a prefix form that
 * measures ranking, not luck).
 *
 * A cut of a record's full text is **answerable** when no other record of the store has a full
 * text (`writeOut(below, [commune, province])`, folded with src/text/fold.ts) that starts with the
 * folded cut. Every answerable cut of a text is at least as long as its *unique prefix length*:
 * one more folded character than the longest prefix it shares with any other record's full text.
 * Two ways to find it, the same answer:
 * - `SortedFullTexts`: every full text of the store folded and sorted (fine at 200,000 records):
 *   the longest shared prefix is with a neighbour in the sorted order.
 * - `UniquePrefixScan`: for a few drawn records over a store too big to hold its texts (24 M):
 *   one pass in which only records whose folded text starts with a drawn record's shortest cut
 *   (two letters into the street or hamlet) are compared with it.
 */
import { fold } from "../../src/text/fold.js";
import type { Unit } from "../../src/units/types.js";
import { writeOut } from "./query-forms.js";

/** The record's full text as the answerable-prefix rule compares it. */
export function foldedFullText(below: string, units: readonly Unit[]): string {
  return fold(writeOut(below, units));
}

/** How many leading characters two strings share. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * The folded characters from which `text` is no other text's prefix, given the longest prefix it
 * shares with another; null when that is the whole text (a duplicate, or another text extends it).
 */
function uniqueLength(text: string, longestShared: number): number | null {
  return longestShared < text.length ? longestShared + 1 : null;
}

/** Every folded full text of a store, sorted: unique prefix lengths by binary search. */
export class SortedFullTexts {
  private readonly texts: string[];

  constructor(texts: Iterable<string>) {
    this.texts = [...texts].sort();
  }

  /**
   * The unique prefix length of `text`, which must be one of the texts (the record's own): its
   * longest shared prefix is with the text just before or just after it in sorted order.
   */
  uniquePrefixLength(text: string): number | null {
    let lo = 0;
    let hi = this.texts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.texts[mid] < text) lo = mid + 1;
      else hi = mid;
    }
    if (this.texts[lo] !== text) throw new Error(`SortedFullTexts: "${text}" is not a text of the store`);
    const before = lo > 0 ? commonPrefixLength(text, this.texts[lo - 1]) : 0;
    const after = lo + 1 < this.texts.length ? commonPrefixLength(text, this.texts[lo + 1]) : 0;
    return uniqueLength(text, Math.max(before, after));
  }
}

/** A drawn record in the one-pass scan: its folded full text and the longest prefix another shares. */
interface DrawnText {
  code: string;
  text: string;
  longestShared: number;
}

/** A node of the trie of the drawn records' shortest cuts, by folded character code. */
interface CutNode {
  next: Map<number, CutNode>;
  /** Drawn records whose shortest cut ends here. */
  ending: DrawnText[];
}

/**
 * Unique prefix lengths of a few drawn records, from one pass over every record of the store.
 * A record of the store can make a cut of a drawn record ambiguous only if its folded full text
 * starts with that record's shortest cut (no prefix query is shorter), so the shortest cuts are
 * kept in a trie that each record's folded text walks down; only a record that reaches the end of
 * a cut is compared with the drawn record. Below the shortest cut the length is taken as the
 * cut's own (every cut drawn is at least that long, so the cuts drawn are the same).
 */
export class UniquePrefixScan {
  private readonly root: CutNode = { next: new Map(), ending: [] };
  private readonly drawn: DrawnText[] = [];

  /**
   * @param drawn the drawn records' codes, folded full texts and the folded length of their
   *   shortest cut (query-forms.ts `shortestCut`)
   */
  constructor(drawn: Iterable<{ code: string; text: string; shortestCut: number }>) {
    for (const { code, text, shortestCut } of drawn) {
      // A cut of nothing would send every record of the store to be compared.
      if (!(shortestCut >= 1 && shortestCut <= text.length))
        throw new Error(
          `UniquePrefixScan: shortest cut ${shortestCut} of ${code} ("${text}") is not within its text`,
        );
      const entry = { code, text, longestShared: shortestCut - 1 };
      this.drawn.push(entry);
      let node = this.root;
      for (let i = 0; i < shortestCut; i++) {
        const c = text.charCodeAt(i);
        let child = node.next.get(c);
        if (!child) {
          child = { next: new Map(), ending: [] };
          node.next.set(c, child);
        }
        node = child;
      }
      node.ending.push(entry);
    }
  }

  /**
   * One record of the store (the drawn ones too: they are told apart by code).
   * @param foldedBelow `fold(below)`, which the folded full text starts with
   * @param fullText the folded full text, computed only when the walk needs more than the part
   *   below the commune or the record reaches a drawn record's cut
   */
  see(code: string, foldedBelow: string, fullText: () => string): void {
    let text = foldedBelow;
    let full: string | null = null;
    let node = this.root;
    for (let i = 0; ; i++) {
      for (const drawn of node.ending) {
        if (drawn.code === code) continue;
        full ??= fullText();
        drawn.longestShared = Math.max(drawn.longestShared, commonPrefixLength(drawn.text, full));
      }
      if (node.next.size === 0) return;
      if (i === text.length) {
        if (full === null) full = fullText();
        if (text === full) return;
        text = full;
      }
      const child = node.next.get(text.charCodeAt(i));
      if (!child) return;
      node = child;
    }
  }

  /** Each drawn record's unique prefix length (null: no cut of it is answerable). */
  lengths(): Map<string, number | null> {
    return new Map(this.drawn.map((d) => [d.code, uniqueLength(d.text, d.longestShared)]));
  }
}
