/**
 * Query words → the documents (streets, hamlets, names) of one segment they name, with how much
 * of each name they cover. Tolerant the way people type: missing diacritics (everything is
 * folded), typos (one edit per word from four letters), words glued together ("hangbai") or split
 * inside a syllable, and the last word still being typed (autocomplete).
 */
import { LRUCache } from "lru-cache";
import { segmentSyllables } from "../text/segment.js";
import { damerauLevenshtein } from "../units/fuzzy-keys.js";
import { lowerBound } from "./columns.js";
import type { Segment } from "./segment.js";

/** One way to read a query word: a vocabulary id and how sure (1 exact, less for a repair). */
/** A reading of a query word: kept and shared by every query that reads the word (Matcher.readingsOf). */
interface Variant {
  readonly id: number;
  readonly weight: number;
}

const TYPO_WEIGHT = 0.8;
const COMPLETION_WEIGHT = 0.9;
const TWO_TYPO_WEIGHT = 0.65;
/** The least share of a name's pairs a match must cover. */
export const MIN_COVER = 0.5;
/** From this many letters a word may carry two slips (the issue: one edit from 4 letters, two from 8). */
const TWO_EDITS_FROM = 8;
/** A word being typed is completed from its first letter: the pairs it completes say which names. */
const MIN_PREFIX = 1;
/**
 * A name is begun by a word being typed from its second letter: one letter begins thousands of
 * names ("…, 12 Tỉnh l" begins every "Làng …"), while the pairs it completes ("Tỉnh lộ") still count.
 */
const NAME_START_PREFIX = 2;
/** Past this many (commune, starting word) runs to look up, the name being begun is not looked for. */
const MAX_START_RUNS = 50_000;
const MAX_COMPLETIONS = 4000;
/**
 * A pair held by more than this share of a segment's names says what kind of place a name is
 * ("chung cư", "cửa hàng": one name in ten at 24 M records), not which one. Read through it, a
 * building's name would reach every building of the country.
 */
const CLASS_SHARE = 0.08;
/**
 * Words that mark a part of a building ("tòa B", "block A"): the pair a marker begins tells which
 * block of a building already named, not which building. Read first, "tòa B" would reach every
 * block B of the country (nine thousand names at 24 M records) for each flat typed; it only adds to
 * names the other words reached. The pair a marker ends ("Kim Liên tòa") is the building's name.
 */
export const PART_MARKERS: ReadonlySet<string> = new Set(["toa", "block"]);
/** A slip's pair held by more than this share of the names is one of the commonest names (see match). */
const COMMON_SLIP_SHARE = 0.005;
/** Below this many names no pair is a class: a small segment's shares say nothing. */
const CLASS_MIN_DOCUMENTS = 5000;
/** Numbers of a document in a match's scratch (Matcher.slots): eight, so that none straddles a cache line. */
const DOC_SLOTS = 8;
const STAMP_SLOT = 0;
const SCORE_SLOT = 1;
const WORDS_SLOT = 2;
/** A name's neighbouring-word pairs (low 16 bits) and class pairs (high 16: Matcher.classCountTable). */
const PAIRS_SLOT = 3;
/** The document's commune number (low 16 bits: the segment's are 2 bytes) and type (high 16). */
const PLACE_SLOT = 4;

/** A word's readings (Matcher.readingsOf), never changed once made: shared by every query that reads it. */
interface Readings {
  variants: readonly Variant[];
  /** Where its completions lie among them, when it is being typed. */
  run: CompletionRun | null;
}

/**
 * Readings kept, counted in variants: a one-letter word being typed has thousands (its
 * completions), a whole word a few.
 */
const READINGS_KEPT = 262_144;

/**
 * The completions of a word being typed among its readings: `variants[start, end)` are the
 * vocabulary ids `[from, to)` but `exact` (the word itself, read first), in order, each of weight
 * COMPLETION_WEIGHT. A pair's readings scan the pairs of that range instead of asking each one.
 */
interface CompletionRun {
  start: number;
  end: number;
  from: number;
  to: number;
  exact: number;
}

export interface DocumentMatch {
  doc: number;
  /** 0..1: the share of the name's neighbouring-word pairs (or its one word) the query holds. */
  cover: number;
  /** Which query words (bit i = word i of `MatchAnswer.words`, the first 32) the name matched. */
  words: number;
}

export interface MatchAnswer {
  /** The query's words as matched: glued words cut, split syllables joined. */
  words: string[];
  matches: DocumentMatch[];
  /** By match: its document's commune number and type (the segment's docCommune and docType). */
  communes: Uint16Array;
  types: Uint8Array;
}

/**
 * What a segment keeps between queries: the typo neighbourhoods of its vocabulary and the
 * scratch arrays of a match. Belongs to one segment and one thread; a match runs to its end
 * without yielding, so one scratch serves every query of that thread in turn.
 */
export class Matcher {
  private deletions: Map<string, number[]> | null = null;
  private longDeletions: Map<string, number[]> | null = null;
  /**
   * A match's scratch per document, side by side (DOC_SLOTS numbers a document: its stamp, its
   * credit so far, the query words that reached it, its name's pairs, and its commune and type):
   * a match reaches documents all over a large segment, and one cache line then holds all it
   * reads of one, and all that ranking its matches reads (MatchAnswer.communes, types).
   */
  private readonly slots: Uint32Array;
  /** The same memory as `slots`, read as the credits (at SCORE_SLOT). */
  private readonly credits: Float32Array;
  private stampNow = 0;
  /** The communes a match reads within, marked with `markNow` (one scratch per thread, as above). */
  private readonly communeMark: Uint32Array;
  private markNow = 0;

  /** Class pairs (first * vocabulary size + second), and how many of them each name holds. */
  private readonly classKeys: ReadonlySet<number>;
  private classCounts: Uint8Array | null = null;

  /**
   * `classPairs`: the class pairs as words, when another segment decides them (a delta segment
   * reads names the way its base does); else this segment's own.
   */
  constructor(
    readonly segment: Segment,
    classPairs?: readonly (readonly [string, string])[],
  ) {
    this.slots = new Uint32Array(segment.documents * DOC_SLOTS);
    this.credits = new Float32Array(this.slots.buffer);
    for (let doc = 0; doc < segment.documents; doc++) {
      this.slots[doc * DOC_SLOTS + PAIRS_SLOT] = Math.min(0xffff, Math.max(0, segment.docWordCount(doc) - 1));
      this.slots[doc * DOC_SLOTS + PLACE_SLOT] = segment.c.docCommune[doc] | (segment.c.docType[doc] << 16);
    }
    this.communeMark = new Uint32Array(segment.c.communeDocStarts.length);
    const size = segment.vocabulary.length;
    const keys = new Set<number>();
    if (classPairs) {
      for (const [first, second] of classPairs) {
        const a = segment.wordId(first);
        const b = segment.wordId(second);
        if (a >= 0 && b >= 0) keys.add(a * size + b);
      }
    } else if (segment.documents >= CLASS_MIN_DOCUMENTS) {
      const c = segment.c;
      for (let i = 0; i < c.pairKeys.length; i++)
        if (c.pairStarts[i + 1] - c.pairStarts[i] > segment.documents * CLASS_SHARE) keys.add(c.pairKeys[i]);
    }
    this.classKeys = keys;
  }

  /** The class pairs as words (for a delta segment to read names the same way). */
  classPairs(): [string, string][] {
    const v = this.segment.vocabulary;
    return [...this.classKeys].map((key) => [v[Math.floor(key / v.length)], v[key % v.length]]);
  }

  /** Builds now what the first queries would build: the typo tables, the names' class pairs. */
  warm(): void {
    this.deletionTable();
    this.longDeletionTable();
    this.classCountTable();
  }

  private classCountTable(): Uint8Array {
    if (this.classCounts) return this.classCounts;
    const counts = new Uint8Array(this.segment.documents);
    const c = this.segment.c;
    const size = this.segment.vocabulary.length;
    for (const key of this.classKeys) {
      const [from, to] = this.segment.pairPostings(Math.floor(key / size), key % size);
      for (let k = from; k < to; k++) if (counts[c.pairDocs[k]] < 255) counts[c.pairDocs[k]]++;
    }
    for (let doc = 0; doc < counts.length; doc++) this.slots[doc * DOC_SLOTS + PAIRS_SLOT] |= counts[doc] << 16;
    this.classCounts = counts;
    return counts;
  }

  /**
   * The pairs a name's cover is measured against (its scratch at `at`): its neighbouring-word
   * pairs, at least one, its class pairs left out when `lessClasses` (classCountTable built).
   */
  private namePairs(at: number, lessClasses: boolean): number {
    const pairs = this.slots[at + PAIRS_SLOT];
    return Math.max(1, (pairs & 0xffff) - (lessClasses ? pairs >>> 16 : 0));
  }

  /** How many class pairs a document's name holds (a match counts them in no name's pairs). */
  classPairsOf(doc: number): number {
    return this.classCountTable()[doc];
  }

  /** The documents the words name, in no order; the last word is a prefix when `prefix`. */
  match(written: readonly string[], prefix: boolean, communes?: readonly number[]): MatchAnswer {
    const words = this.mend(written, prefix);
    const { variants, completionRuns } = this.variants(words, prefix);
    const seg = this.segment;
    const c = seg.c;
    // Within named communes: each posting list's run of each commune's documents, found by binary search.
    const runs = communes ? [...communes].sort((a, b) => a - b) : null;
    // Or, for a list shorter than those searches would cost, the whole list read with each
    // document's commune looked up: documents are numbered commune by commune, so both ways visit
    // the same documents in the same order.
    let marked: readonly number[] | null = null;
    const each = (docs: Uint32Array, from: number, to: number, visit: (doc: number) => void, within = runs) => {
      if (!within) {
        for (let k = from; k < to; k++) visit(docs[k]);
        return;
      }
      if (to - from < within.length * 2 * (32 - Math.clz32(to - from))) {
        if (marked !== within) {
          this.markNow++;
          for (const commune of within) this.communeMark[commune] = this.markNow;
          marked = within;
        }
        for (let k = from; k < to; k++) if (this.communeMark[c.docCommune[docs[k]]] === this.markNow) visit(docs[k]);
        return;
      }
      for (const commune of within) {
        const start = lowerBound(docs, from, to, c.communeDocStarts[commune]);
        const end = lowerBound(docs, start, to, c.communeDocStarts[commune + 1]);
        for (let k = start; k < end; k++) visit(docs[k]);
      }
    };
    const touched: number[] = [];
    let bits = 0;
    const credit = (doc: number, weight: number) => {
      const at = doc * DOC_SLOTS;
      if (this.slots[at + STAMP_SLOT] === this.stampNow) return;
      this.slots[at + STAMP_SLOT] = this.stampNow;
      if (this.credits[at + SCORE_SLOT] === 0) touched.push(doc);
      this.credits[at + SCORE_SLOT] += weight;
      this.slots[at + WORDS_SLOT] |= bits;
    };
    // A pair's documents are credited with the weight of its reading (readPair sets it): one visitor
    // for every pair, not one made per pair read.
    let pairWeight = 0;
    const creditPair = (doc: number) => credit(doc, pairWeight);
    const creditPairReached = (doc: number) => this.credits[doc * DOC_SLOTS + SCORE_SLOT] > 0 && credit(doc, pairWeight);
    // A class pair is neither read nor counted in a name's pairs, unless nothing else is found.
    const size = seg.vocabulary.length;
    const commonSlip = seg.documents < CLASS_MIN_DOCUMENTS ? Number.POSITIVE_INFINITY : seg.documents * COMMON_SLIP_SHARE;
    const markers = words.map((word) => PART_MARKERS.has(word));
    /**
     * `names`: the pairs that name; `parts`: pairs a part marker begins, credited only to names
     * already reached; `classes`: the class pairs.
     */
    const creditPairs = (kind: "names" | "parts" | "classes") => {
      const classes = kind === "classes";
      for (let i = 0; i + 1 < variants.length; i++) {
        if (!classes && markers[i] !== (kind === "parts")) continue;
        this.stampNow++;
        bits = i < 31 ? (3 << i) >>> 0 : 0;
        // Over the whole country, a slip that turns the words as written, themselves a name, into
        // one of the commonest names ("Lê Thanh Tong" read as Thành Công) is not read: it would
        // reach thousands of names for a reading the words as written contradict. Within the
        // communes the text names it is read (the name written may not be there).
        const written = runs ? [0, 0] : seg.pairPostings(seg.wordId(words[i]), seg.wordId(words[i + 1]));
        const writtenIsName = written[1] > written[0];
        const readPair = (a: Variant, bWeight: number, key: number, from: number, to: number) => {
          if (this.classKeys.has(key) !== classes) return;
          if (writtenIsName && to - from > commonSlip && (a.weight < COMPLETION_WEIGHT || bWeight < COMPLETION_WEIGHT)) return;
          pairWeight = a.weight * bWeight;
          each(c.pairDocs, from, to, kind === "parts" ? creditPairReached : creditPair);
        };
        const next = variants[i + 1];
        const run = completionRuns[i + 1];
        // Best readings first, so a document is credited at this position with its best weight.
        for (const a of variants[i]) {
          // Each reading of the next word is looked for among this reading's pairs only.
          const pairs = seg.pairsOf(a.id);
          if (pairs[0] === pairs[1]) continue;
          for (let j = 0; j < next.length; j++) {
            if (run !== null && j === run.start) {
              // The completions of the word being typed that make a pair with this reading: the
              // pairs of its range, in the completions' order (the others hold no document).
              const [lo, hi] = seg.pairRange(a.id, run.from, run.to, pairs);
              for (let k = lo; k < hi; k++) {
                const key = c.pairKeys[k];
                if (key - a.id * size === run.exact) continue;
                readPair(a, COMPLETION_WEIGHT, key, c.pairStarts[k], c.pairStarts[k + 1]);
              }
              j = run.end - 1;
              continue;
            }
            const b = next[j];
            // A pair no name holds reads nothing.
            const k = seg.pairIndex(a.id, b.id, pairs);
            if (k >= 0) readPair(a, b.weight, a.id * size + b.id, c.pairStarts[k], c.pairStarts[k + 1]);
          }
        }
      }
    };
    creditPairs("names");
    // One syllable alone says little; read through a slip of a word that is itself a word
    // ("Trường" as Thượng) it says nothing: a one-word name, or a name's start, is reached only
    // by a word as written (or completed), or by a slip of a word that is no word.
    const lone = (word: string, a: Variant) => a.weight >= COMPLETION_WEIGHT || seg.wordId(word) < 0;
    // Over the whole country, a word that makes a name's pair with a neighbour as written is read
    // in that name: "Trung" of "Chung cư Trung Hòa" is not the hamlets named Trung everywhere.
    const paired = (i: number) => {
      const held = (a: string | undefined, b: string | undefined) => {
        if (a === undefined || b === undefined) return false;
        const [from, to] = seg.pairPostings(seg.wordId(a), seg.wordId(b));
        return to > from;
      };
      return held(words[i - 1], words[i]) || held(words[i], words[i + 1]);
    };
    for (let i = 0; i < variants.length; i++) {
      const options = variants[i];
      if (!runs && paired(i)) continue;
      this.stampNow++;
      bits = i < 32 ? (1 << i) >>> 0 : 0;
      for (const a of options) {
        if (!lone(words[i], a) || c.singleStarts[a.id] === c.singleStarts[a.id + 1]) continue;
        each(c.singleDocs, c.singleStarts[a.id], c.singleStarts[a.id + 1], (doc) => credit(doc, a.weight));
      }
    }
    creditPairs("parts");
    const last = variants.length - 1;
    if (prefix && last >= 0 && words[last].length >= NAME_START_PREFIX && !this.continuesName(variants, completionRuns[last], last)) {
      // The word being typed may begin a name ("…, 2 Ngu"): names that start with it, a cover of
      // half until their second word comes. Over the whole country they are looked for where the
      // rest of the text found names ("Chung cư Bông Sen, 55 Hàn": Hàn Thuyên in the communes of
      // that building), or, when it found none, anywhere (the first few thousand).
      const starts = variants[last].filter((a) => lone(words[last], a));
      const where = runs ?? (touched.length > 0 ? this.communesNamed(touched) : null);
      this.stampNow++;
      bits = last < 32 ? (1 << last) >>> 0 : 0;
      let budget = 5000;
      if (where === null || where.length * starts.length <= MAX_START_RUNS) {
        for (const a of starts) {
          if (budget <= 0) break;
          if (c.firstStarts[a.id] === c.firstStarts[a.id + 1]) continue;
          each(c.firstDocs, c.firstStarts[a.id], c.firstStarts[a.id + 1], (doc) => {
            if (budget-- > 0) credit(doc, 0.5);
          }, where);
        }
      }
    }
    const classCounts = touched.length > 0 || this.classKeys.size === 0 ? this.classCountTable() : null;
    if (!classCounts) creditPairs("classes");
    const lastBit = last >= 0 && last < 32 ? (1 << last) >>> 0 : 0;
    const out: DocumentMatch[] = [];
    const matchCommunes = new Uint16Array(touched.length);
    const types = new Uint8Array(touched.length);
    for (const doc of touched) {
      const at = doc * DOC_SLOTS;
      const credited = this.credits[at + SCORE_SLOT];
      const wordsReached = this.slots[at + WORDS_SLOT];
      // While typing, a name reached by the word being typed is measured against the pairs typed
      // so far: "pham van" may be all of Phạm Văn Đồng there is yet.
      let pairs = this.namePairs(at, classCounts !== null);
      if (prefix && wordsReached & lastBit) {
        let typed = 0;
        for (let i = last; i >= 0 && i < 32 && wordsReached & (1 << i); i--) typed++;
        pairs = Math.max(1, Math.min(pairs, typed - 1));
      }
      const cover = Math.min(1, credited / pairs);
      // Below half a name is no match the engine scores: not made into an answer at all (a
      // syllable pair like "chung cư" touches every building of the country).
      if (cover >= MIN_COVER) {
        const place = this.slots[at + PLACE_SLOT];
        matchCommunes[out.length] = place & 0xffff;
        types[out.length] = place >>> 16;
        out.push({ doc, cover, words: wordsReached });
      }
      this.credits[at + SCORE_SLOT] = 0;
      this.slots[at + WORDS_SLOT] = 0;
    }
    if (this.stampNow > 0xfffffff0) {
      for (let at = STAMP_SLOT; at < this.slots.length; at += DOC_SLOTS) this.slots[at] = 0;
      this.stampNow = 0;
    }
    if (this.markNow > 0xfffffff0) {
      this.communeMark.fill(0);
      this.markNow = 0;
    }
    return { words, matches: out, communes: matchCommunes.subarray(0, out.length), types: types.subarray(0, out.length) };
  }

  /** The communes (sorted) of the documents reached that already hold half their pairs. */
  private communesNamed(touched: readonly number[]): number[] {
    this.classCountTable();
    const communes = new Set<number>();
    for (const doc of touched) {
      const at = doc * DOC_SLOTS;
      if (this.credits[at + SCORE_SLOT] / this.namePairs(at, true) >= MIN_COVER) communes.add(this.slots[at + PLACE_SLOT] & 0xffff);
    }
    return [...communes].sort((a, b) => a - b);
  }

  /**
   * Whether the word being typed, completed, makes a name's pair with the word before it as
   * written ("Độc Lậ" on its way to Độc Lập): it then continues that name rather than begin one.
   */
  private continuesName(variants: readonly (readonly Variant[])[], run: CompletionRun | null, last: number): boolean {
    if (last === 0) return false;
    for (const a of variants[last - 1]) {
      if (a.weight < 1) continue;
      // Any pair with a completion (the word itself, read first, is in their range too).
      if (run !== null) {
        const [lo, hi] = this.segment.pairRange(a.id, run.from, run.to);
        if (hi > lo) return true;
      }
      for (let j = 0; j < variants[last].length; j++) {
        if (run !== null && j >= run.start && j < run.end) continue;
        const b = variants[last][j];
        if (b.weight < COMPLETION_WEIGHT) continue;
        const [from, to] = this.segment.pairPostings(a.id, b.id);
        if (to > from) return true;
      }
    }
    return false;
  }

  /**
   * Each query word's readings in this vocabulary; glued words cut, split syllables joined. The
   * word being typed has its completions among them, marked as a run (CompletionRun).
   */
  private variants(words: readonly string[], prefix: boolean): { variants: (readonly Variant[])[]; completionRuns: (CompletionRun | null)[] } {
    const completionRuns: (CompletionRun | null)[] = [];
    const variants = words.map((word, i) => {
      const readings = this.readingsOf(word, prefix && i === words.length - 1);
      completionRuns.push(readings.run);
      return readings.variants;
    });
    return { variants, completionRuns };
  }

  /**
   * A word's readings (variants), kept: the same words come back in query after query (a street's
   * name typed by many people, its ward and province at each keystroke), and a word's slips, and
   * a letter's thousands of completions, are worked out once.
   */
  private readingsOf(word: string, last: boolean): Readings {
    // A word holds no space: a word being typed is kept apart from the same word whole.
    const key = last ? `${word} ` : word;
    let readings = this.readingsKept.get(key);
    if (readings === undefined) {
      readings = this.readingsWorkedOut(word, last);
      this.readingsKept.set(key, readings);
    }
    return readings;
  }

  private readonly readingsKept = new LRUCache<string, Readings>({
    maxSize: READINGS_KEPT,
    sizeCalculation: (r) => r.variants.length + 1,
  });

  /** A word's readings in this vocabulary; `last`: the word is being typed (its completions among them). */
  private readingsWorkedOut(word: string, last: boolean): Readings {
    const seg = this.segment;
    let run: CompletionRun | null = null;
    const out: Variant[] = [];
    const exact = seg.wordId(word);
    if (exact >= 0) out.push({ id: exact, weight: 1 });
    if (last && word.length >= MIN_PREFIX) {
      const [from, to] = seg.prefixRange(word);
      const start = out.length;
      const stop = Math.min(to, from + MAX_COMPLETIONS);
      for (let id = from; id < stop; id++) if (id !== exact) out.push({ id, weight: COMPLETION_WEIGHT });
      if (out.length > start) run = { start, end: out.length, from, to: stop, exact };
    }
    // A slip often makes another real word ("Thạnh" typed "Thạn"): from four letters the words
    // one edit away are read too, a word typed as it is still first; a three-letter word only
    // when it is no word at all ("Đện" for Điện).
    if (!/\d/.test(word) && (word.length >= 4 || (word.length === 3 && exact < 0))) {
      for (const id of this.typoNeighbours(word)) if (id !== exact) out.push({ id, weight: TYPO_WEIGHT });
      // Long words (foreign names, glued syllables) take two slips: "Alendre" for Alexandre.
      if (word.length >= TWO_EDITS_FROM - 1 && exact < 0) {
        const near = new Set(out.map((v) => v.id));
        for (const id of this.twoEditNeighbours(word)) if (!near.has(id)) out.push({ id, weight: TWO_TYPO_WEIGHT });
      }
    } else if (word.length === 3 && exact >= 0) {
      // A four-letter word with a letter dropped is often a word too ("Nhân" typed "Nhâ", "Đoàn"
      // typed "Đàn"): its four-letter words are read as well; only a pair can make them count.
      for (const id of this.insertionNeighbours(word)) out.push({ id, weight: TYPO_WEIGHT });
    }
    return { variants: out, run };
  }

  /**
   * Whether the word at `at` of words as a match reads them (mend) adds nothing to a match that is
   * not typed: a number (no slip is read in one) that is no part marker, no one-word name, and
   * makes no name's pair with its neighbours as written nor with any reading of them. Such a word
   * credits no name and takes no neighbour's lone reading away (match: `paired`), so a text that
   * differs only in such words, at the same places, matches the same names with the same covers
   * and word bits.
   */
  readsNothingAt(words: readonly string[], at: number): boolean {
    const word = words[at];
    if (!/\d/.test(word) || PART_MARKERS.has(word)) return false;
    const seg = this.segment;
    const c = seg.c;
    const id = seg.wordId(word);
    if (id >= 0 && c.singleStarts[id] !== c.singleStarts[id + 1]) return false;
    const none = ([from, to]: [number, number]) => to <= from;
    for (const beside of [at - 1, at + 1]) {
      if (beside < 0 || beside >= words.length) continue;
      const before = beside < at;
      const other = seg.wordId(words[beside]);
      if (!none(before ? seg.pairPostings(other, id) : seg.pairPostings(id, other))) return false;
      if (id < 0) continue;
      for (const reading of this.variants([words[beside]], false).variants[0])
        if (!none(before ? seg.pairPostings(reading.id, id) : seg.pairPostings(id, reading.id))) return false;
    }
    return true;
  }

  /** The words as a match reads them: glued words cut, split syllables joined (the last kept when `prefix`). */
  mend(words: readonly string[], prefix: boolean): string[] {
    const seg = this.segment;
    const known = (w: string) => seg.wordId(w) >= 0;
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const last = prefix && i === words.length - 1;
      const next = words[i + 1];
      // "ph ường", "Đ ống": neither piece a word, together one.
      if (next !== undefined && !known(word) && !known(next) && known(word + next)) {
        out.push(word + next);
        i++;
        continue;
      }
      if (!known(word) && !last && word.length >= 4 && /^[a-z]+$/.test(word)) {
        const pieces = segmentSyllables(word, {
          linked: (a, b) => {
            const x = seg.wordId(a);
            const y = seg.wordId(b);
            return x >= 0 && y >= 0 && seg.pairPostings(x, y)[1] > seg.pairPostings(x, y)[0];
          },
          known: () => false,
          word: known,
        });
        if (pieces?.every(known)) {
          out.push(...pieces);
          continue;
        }
      }
      out.push(word);
    }
    return out;
  }

  /** Vocabulary words one edit away (insert, delete, substitute, swap neighbours). */
  private typoNeighbours(word: string): number[] {
    const table = this.deletionTable();
    const found = new Set<number>();
    const consider = (key: string) => {
      for (const id of table.get(key) ?? []) found.add(id);
    };
    consider(word);
    for (const d of deletions(word)) consider(d);
    const vocabulary = this.segment.vocabulary;
    return [...found].filter((id) => withinOneEdit(word, vocabulary[id]));
  }

  /** Vocabulary words two edits away (the deletions of both sides meet), checked by distance. */
  private twoEditNeighbours(word: string): number[] {
    const table = this.longDeletionTable();
    const found = new Set<number>();
    const consider = (key: string) => {
      for (const id of table.get(key) ?? []) found.add(id);
    };
    consider(word);
    for (const once of deletions(word)) {
      consider(once);
      for (const twice of deletions(once)) consider(twice);
    }
    const vocabulary = this.segment.vocabulary;
    return [...found].filter((id) => damerauLevenshtein(word, vocabulary[id], 2) <= 2);
  }

  /** The words of eight letters or more under each of their one- and two-letter deletions. */
  private longDeletionTable(): Map<string, number[]> {
    if (this.longDeletions) return this.longDeletions;
    const table = new Map<string, number[]>();
    const add = (key: string, id: number) => {
      const list = table.get(key);
      if (list) {
        if (list[list.length - 1] !== id) list.push(id);
      } else table.set(key, [id]);
    };
    this.segment.vocabulary.forEach((word, id) => {
      if (word.length < TWO_EDITS_FROM || /\d/.test(word)) return;
      add(word, id);
      for (const once of deletions(word)) {
        add(once, id);
        for (const twice of deletions(once)) add(twice, id);
      }
    });
    this.longDeletions = table;
    return table;
  }

  /** Vocabulary words one letter longer that lose a letter to become this one. */
  private insertionNeighbours(word: string): number[] {
    const vocabulary = this.segment.vocabulary;
    return (this.deletionTable().get(word) ?? []).filter((id) => vocabulary[id].length === word.length + 1);
  }

  private deletionTable(): Map<string, number[]> {
    if (this.deletions) return this.deletions;
    const table = new Map<string, number[]>();
    const add = (key: string, id: number) => {
      const list = table.get(key);
      if (list) list.push(id);
      else table.set(key, [id]);
    };
    this.segment.vocabulary.forEach((word, id) => {
      if (word.length < 3 || /\d/.test(word)) return;
      add(word, id);
      for (const d of deletions(word)) add(d, id);
    });
    this.deletions = table;
    return table;
  }
}

function deletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Damerau–Levenshtein distance ≤ 1 (a swap of neighbours counts as one edit). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
