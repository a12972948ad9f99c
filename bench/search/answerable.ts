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
 *   one pass in which only records whose folded text starts with the same `BUCKET_CHARACTERS`
 *   characters as a drawn record's are written out and compared.
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

/**
 * Folded characters that bucket the records of a one-pass scan. Every prefix query starts at
 * least two letters into the street or hamlet, after a house number or lot, so it is longer than
 * this; a record sharing fewer characters with a drawn one cannot make any of its cuts ambiguous.
 */
export const BUCKET_CHARACTERS = 4;

/**
 * Unique prefix lengths of a few drawn records, from one pass over every record of the store.
 * Only records whose folded full text shares its first `BUCKET_CHARACTERS` characters with a drawn
 * record's are written out; for a drawn record nobody shares those with, the length is taken as
 * `BUCKET_CHARACTERS` (a cut shorter than that is never drawn).
 */
export class UniquePrefixScan {
  /** Drawn records by the first characters of their folded full text. */
  private readonly buckets = new Map<string, { code: string; text: string; longestShared: number }[]>();

  /** @param drawn the drawn records' codes and folded full texts */
  constructor(drawn: Iterable<{ code: string; text: string }>) {
    for (const { code, text } of drawn) {
      const key = text.slice(0, BUCKET_CHARACTERS);
      const bucket = this.buckets.get(key) ?? [];
      bucket.push({ code, text, longestShared: BUCKET_CHARACTERS - 1 });
      this.buckets.set(key, bucket);
    }
  }

  /**
   * One record of the store (the drawn ones too: they are told apart by code).
   * @param foldedBelow `fold(below)`, which the folded full text starts with
   * @param fullText the folded full text, computed only when the record falls in a drawn bucket
   */
  see(code: string, foldedBelow: string, fullText: () => string): void {
    const head = foldedBelow.length >= BUCKET_CHARACTERS ? foldedBelow : fullText();
    const bucket = this.buckets.get(head.slice(0, BUCKET_CHARACTERS));
    if (!bucket) return;
    const text = head === foldedBelow ? fullText() : head;
    for (const drawn of bucket) {
      if (drawn.code === code) continue;
      drawn.longestShared = Math.max(drawn.longestShared, commonPrefixLength(drawn.text, text));
    }
  }

  /** Each drawn record's unique prefix length (null: no cut of it is answerable). */
  lengths(): Map<string, number | null> {
    const out = new Map<string, number | null>();
    for (const bucket of this.buckets.values())
      for (const drawn of bucket) out.set(drawn.code, uniqueLength(drawn.text, drawn.longestShared));
    return out;
  }
}
