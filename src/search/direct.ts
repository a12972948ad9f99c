/**
 * The direct look-up of a text that states a full address: its commune (or an old ward that went
 * into it), a street or hamlet, and a door. Most rows of a batch file are such texts, and for them
 * the word match over the commune's names (every word's typo neighbours, every pair's postings)
 * finds what a look-up by name and door finds: the one record whose address the text spells out.
 *
 * The look-up answers only when it is certain to give the full engine's answer, and falls through
 * otherwise. Certain means:
 * - The record scores 1 through a street or hamlet whose words all stand in the text in a row (the
 *   engine's own scoring says so, engine.ts): no answer can score more.
 * - No other record that could score 1 ranks before it. A score of 1 needs a commune the units
 *   agree with fully (the finest level the text names, its preferred communes; a unit's name that
 *   a street's could use up there makes the look-up fall through), a street or hamlet of it (a
 *   named place scores below 1) whose match may cover its whole name, a door the text states (or
 *   numbers it writes before such a name), a label whose every word but type words is the text's,
 *   and every word that counts explained by the name's words or the label's. Every record of that
 *   kind is read; the one found must have a better status than all the others (equal ones would
 *   be ordered by when the passes first met them).
 * - The engine's pass reads the name closely: it ranks at most `DOCUMENTS_CONSIDERED` names first
 *   and `DOOR_DOCUMENTS` more that hold the door (rank.ts). When the names the text spells out in
 *   that commune explain every word that counts, the name ranks 1, and only the streets and
 *   hamlets of those communes can rank with it: there must be no more of them than the pass reads.
 */
import { damerauLevenshtein } from "../units/fuzzy-keys.js";
import { type UnitEvidence, standingLevels } from "./evidence.js";
import { type DocumentMatch, PART_MARKERS } from "./match.js";
import { DOCUMENTS_CONSIDERED, DOOR_BAND, DOOR_DOCUMENTS } from "./rank.js";
import { STATUS_RANK } from "./results.js";
import { lowerBound, type StringColumn } from "./columns.js";
import { DOC_NAME, DOC_STREET, type Segment } from "./segment.js";
import { spelledOtherwise, type WrittenParts } from "./spelling.js";
import type { SegmentView } from "./segment-view.js";
import { explainedShare } from "./weights.js";
import { doorBefore, foldedWords, labelMayExplain, TYPE_WORDS } from "./words.js";

/** Past this many communes of the finest level (a name shared across a province), the look-up is not tried. */
const MAX_COMMUNES = 8;
/**
 * Past this many names in the communes read, the names holding the door are not counted (each a
 * search of its doors): a name that leaves words unexplained is not looked up there.
 */
const MAX_NAMES_COUNTED = 2000;

/** A view with what the look-up reads of it, the way the engine reads it for one text. */
export interface DirectView {
  view: SegmentView;
  /** The text's words as this view's matcher reads them (glued words cut, split ones joined). */
  words: string[];
  /** How much each word must be explained (wordWeights), worked out when first needed. */
  weights: () => readonly number[];
  accept: (record: number) => boolean;
}

/** The record the look-up found, with the name to score it through as a match of the engine's. */
export interface DirectFind {
  view: DirectView;
  record: number;
  match: DocumentMatch;
}

/**
 * The finest level's communes whose agreement with the text is full for every name (`unitFactor`
 * gives 1 there and less anywhere else), or null when a name could use up that level's name.
 * `queryText`: the words as matched, space-separated with a space at each end.
 */
export function fullAgreement(evidence: UnitEvidence, queryText: string): ReadonlySet<string> | null {
  if (evidence.levels.length === 0) return null;
  const finest = evidence.levels[0];
  // A name holding every name of the finest level uses it up whenever any name could; a coarser
  // level used up leaves the finest first, where the agreement is full.
  const names = finest.names.filter((n) => n !== "").join(" | ");
  if (standingLevels({ ...evidence, levels: [finest] }, names, queryText).length === 0) return null;
  return finest.preferred ?? finest.communes;
}

/**
 * The one record that answers a full address, or null when the look-up is not certain (the engine
 * must read the text). `communes`: the numbers of the communes of full agreement (fullAgreement).
 */
export function findDirect(
  views: readonly DirectView[],
  communes: readonly number[],
  readCommunes: readonly number[],
  houseKey: string,
): DirectFind | null {
  if (communes.length === 0 || readCommunes.length > MAX_COMMUNES) return null;
  /** Streets and hamlets of the communes of full agreement, by view. */
  const placeNames = new Map<DirectView, number>();
  /** Every record that could score 1, by view. */
  const rivals: { view: DirectView; record: number }[] = [];
  const finds: DirectFind[] = [];
  for (const dv of views) {
    const { view, words } = dv;
    const seg = view.segment;
    const c = seg.c;
    const queryWordSet = new Set(words);
    const stated = view.houseId(houseKey);
    let names = 0;
    for (const commune of communes) {
      for (let doc = c.communeDocStarts[commune]; doc < c.communeDocStarts[commune + 1]; doc++) {
        if (c.docType[doc] === DOC_NAME) continue;
        names++;
        // A record's label holds its name's words: a name with a word the text lacks has no record to read.
        if (!wordsWithin(seg, doc, queryWordSet)) continue;
        const reach = reachableWords(view, doc, words);
        if (reach === 0) continue;
        // The doors a match of this name reads: the one stated, and the numbers written before
        // each place its match may begin (doorBefore).
        const doors = new Set<number>();
        if (stated >= 0) doors.add(stated);
        for (let i = 0; i < 32; i++) {
          if (!(reach & (1 << i))) continue;
          const key = doorBefore(words, (1 << i) >>> 0);
          const id = key === null ? -1 : view.houseId(key);
          if (id >= 0) doors.add(id);
        }
        const from = c.docRecordStarts[doc];
        const to = c.docRecordStarts[doc + 1];
        for (const door of doors) {
          const [lo, hi] = view.doorRange(from, to, door);
          for (let k = lo; k < hi; k++) {
            const r = c.docRecords[k];
            if (!dv.accept(r)) continue;
            if (!numbersWithin(c.labels, r, queryWordSet)) continue;
            const label = foldedWords(c.labels.get(r));
            if (!labelWithin(label, queryWordSet) || !mayExplainAll(reach, label, words, dv.weights())) continue;
            if (!rivals.some((x) => x.view === dv && x.record === r)) rivals.push({ view: dv, record: r });
            if (door !== stated || finds.some((f) => f.view === dv && f.record === r)) continue;
            const inARow = wordsInARow(seg, doc, words);
            if (inARow !== 0 && view.matcher.classPairsOf(doc) === 0)
              finds.push({ view: dv, record: r, match: { doc, cover: 1, words: inARow } });
          }
        }
      }
    }
    placeNames.set(dv, names);
  }
  // The one that comes first among equal scores: a better status than every other.
  const rankOf = (x: { view: DirectView; record: number }) => STATUS_RANK[x.view.view.segment.c.status[x.record]] ?? 0;
  for (const find of finds) {
    if (!rivals.every((x) => (x.view === find.view && x.record === find.record) || rankOf(x) < rankOf(find))) continue;
    if (readClosely(find, placeNames.get(find.view) ?? 0, readCommunes)) return find;
  }
  return null;
}

/**
 * Whether the engine's pass reads the name found closely (rank.ts: the best-ranked names, then
 * those in the band of the best that hold the door). Either the name ranks 1 (the names the text
 * writes whole in its commune explain every word that counts) and no more streets and hamlets than
 * the pass reads can rank with it, or it ranks in the band whatever the rest ranks and no more
 * names of the communes read hold the door than the pass reads beyond the best.
 */
function readClosely(find: DirectFind, placeNames: number, readCommunes: readonly number[]): boolean {
  const { view, words } = find.view;
  const c = view.segment.c;
  const doc = find.match.doc;
  const weights = find.view.weights();
  // The name's own words first: most texts name nothing else in that commune.
  const own = find.match.words;
  const named = weights.every((w, i) => w === 0 || own & (1 << i)) ? own : namedInCommune(view, c.docCommune[doc], words);
  let total = 0;
  let explained = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    if (named & (1 << i)) explained += weights[i];
  }
  if (explained === total) return placeNames <= DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS;
  // The best rank is at most 1 and a tie-break's thousandth.
  if (explainedShare(explained / total) < DOOR_BAND * 1.001) return false;
  const door = c.house[find.record];
  let names = 0;
  for (const commune of readCommunes) names += c.communeDocStarts[commune + 1] - c.communeDocStarts[commune];
  if (names > MAX_NAMES_COUNTED) return false;
  let holding = 0;
  for (const commune of readCommunes) {
    for (let d = c.communeDocStarts[commune]; d < c.communeDocStarts[commune + 1]; d++) {
      if (d !== doc && view.docHoldsDoor(d, door) && ++holding >= DOOR_DOCUMENTS) return false;
    }
  }
  return true;
}

/**
 * Whether the record found scores 1 through its name, as the engine scores a record at a door
 * (engine.ts, answerPass): the name covered whole in a commune of full agreement, every word that
 * counts explained by the name or the label, every word of the label the text's, spelled as the
 * text spells it, and among the flats of its door the text may mean.
 */
export function scoresOne(find: DirectFind, written: WrittenParts): boolean {
  const { view, words } = find.view;
  const c = view.segment.c;
  const { doc, words: matched } = find.match;
  const label = foldedWords(c.labels.get(find.record));
  const weights = find.view.weights();
  let total = 0;
  let explained = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    if (matched & (1 << i) || (weights[i] !== 0 && labelMayExplain(words[i]) && label.includes(words[i]))) explained += weights[i];
  }
  if (explained < total) return false;
  const { otherStreet, otherHamlet, otherAlley, otherFlat } = spelledOtherwise(label, c.docType[doc] === DOC_STREET, written);
  if (otherStreet || otherHamlet || otherAlley || otherFlat) return false;
  const here: number[] = [];
  const [lo, hi] = view.doorRange(c.docRecordStarts[doc], c.docRecordStarts[doc + 1], c.house[find.record]);
  for (let k = lo; k < hi; k++) if (find.view.accept(c.docRecords[k])) here.push(c.docRecords[k]);
  return view.flatsWritten(here, written.flatPatterns).includes(find.record);
}

/** Whether every word of a name, type words aside, is one of the text's. */
function wordsWithin(seg: Segment, doc: number, queryWords: ReadonlySet<string>): boolean {
  const c = seg.c;
  for (let k = c.docWordStarts[doc]; k < c.docWordStarts[doc + 1]; k++) {
    const w = seg.vocabulary[c.docWords[k]];
    if (!TYPE_WORDS.has(w) && !queryWords.has(w)) return false;
  }
  return true;
}

/**
 * Whether a label's words with a digit that folding leaves as they are (ASCII letters and digits
 * between ASCII separators: "408" of "Căn hộ 408", "2A04") are all the text's: the cheap half of
 * labelWithin, read from the label's bytes before the label is decoded and folded. The flats of a
 * building at the door asked are most of its records, and each writes its own number.
 */
function numbersWithin(labels: StringColumn, record: number, queryWords: ReadonlySet<string>): boolean {
  const bytes = labels.bytes;
  const from = labels.offsets[record];
  const to = labels.offsets[record + 1];
  let k = from;
  while (k < to) {
    if (!isAsciiAlphanumeric(bytes[k])) {
      k++;
      continue;
    }
    const start = k;
    let digit = false;
    for (; k < to && isAsciiAlphanumeric(bytes[k]); k++) if (bytes[k] <= 0x39) digit = true;
    // Beside a byte of another script the run may be part of a longer word: the folded check reads it.
    if (!digit || (start > from && bytes[start - 1] >= 0x80) || (k < to && bytes[k] >= 0x80)) continue;
    let word = "";
    for (let j = start; j < k; j++) word += String.fromCharCode(bytes[j] >= 0x41 && bytes[j] <= 0x5a ? bytes[j] + 0x20 : bytes[j]);
    if (!queryWords.has(word)) return false;
  }
  return true;
}

function isAsciiAlphanumeric(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** Whether every word of a label, type words aside, is one of the text's (the engine's overlap of 1). */
function labelWithin(label: readonly string[], queryWords: ReadonlySet<string>): boolean {
  for (const w of label) if (!TYPE_WORDS.has(w) && !queryWords.has(w)) return false;
  return true;
}

/**
 * The query words a match of the name may credit (bits as in DocumentMatch), or 0 when its match
 * cannot cover the whole name. A pair of the name is credited at one place of the text at most,
 * by words at most two edits away from its own (a word with digits only by itself), and class
 * pairs are counted in no name; a one-word name is reached by the word itself, or by a slip that
 * is no word of the vocabulary.
 */
function reachableWords(view: SegmentView, doc: number, words: readonly string[]): number {
  const seg = view.segment;
  const c = seg.c;
  const from = c.docWordStarts[doc];
  const n = c.docWordStarts[doc + 1] - from;
  const own = (j: number) => seg.vocabulary[c.docWords[from + j]];
  const count = Math.min(32, words.length);
  let bits = 0;
  if (n === 1) {
    for (let i = 0; i < count; i++)
      if (own(0) === words[i] || (seg.wordId(words[i]) < 0 && near(own(0), words[i]))) bits |= 1 << i;
    return bits >>> 0;
  }
  const pairs = Math.max(1, n - 1 - view.matcher.classPairsOf(doc));
  let places = 0;
  for (let i = 0; i + 1 < count; i++) {
    for (let j = 0; j + 1 < n; j++) {
      if (near(own(j), words[i]) && near(own(j + 1), words[i + 1])) {
        places++;
        bits |= 3 << i;
        break;
      }
    }
  }
  return places >= pairs ? bits >>> 0 : 0;
}

/** Whether a match may read the written word as this vocabulary word (itself, or a slip of it). */
function near(word: string, written: string): boolean {
  if (word === written) return true;
  if (/\d/.test(written) || written.length < 3) return false;
  return damerauLevenshtein(word, written, 2) <= 2;
}

/** Whether every word that counts may be explained: credited to the name, or held by the label. */
function mayExplainAll(reach: number, label: readonly string[], words: readonly string[], weights: readonly number[]): boolean {
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0 && !(reach & (1 << i)) && !label.includes(words[i])) return false;
  return true;
}

/**
 * The query words a name's words stand on, when they stand in the text in a row (first place),
 * as the matcher marks them; 0 when they do not.
 */
function wordsInARow(seg: Segment, doc: number, words: readonly string[]): number {
  const c = seg.c;
  const from = c.docWordStarts[doc];
  const n = c.docWordStarts[doc + 1] - from;
  const vocabulary = seg.vocabulary;
  for (let start = 0; start + n <= Math.min(32, words.length); start++) {
    let j = 0;
    while (j < n && vocabulary[c.docWords[from + j]] === words[start + j]) j++;
    if (j === n) return n === 1 ? (1 << start) >>> 0 : ((2 ** n - 1) * 2 ** start) >>> 0;
  }
  return 0;
}

/**
 * Query words the engine's pass certainly counts as named in a commune (rankPass's namedInCommune):
 * those of the names there written whole in a row, without class pairs (a match covers them
 * whole), at every place one of their pairs (or their one word) stands as written.
 */
function namedInCommune(view: SegmentView, commune: number, words: readonly string[]): number {
  const seg = view.segment;
  const c = seg.c;
  const first = c.communeDocStarts[commune];
  const last = c.communeDocStarts[commune + 1];
  const count = Math.min(32, words.length);
  const ids = words.slice(0, count).map((w) => seg.wordId(w));
  const whole = (doc: number) => wordsInARow(seg, doc, words) !== 0 && view.matcher.classPairsOf(doc) === 0;
  // A pair a part marker begins is credited only to a name another of its pairs reached.
  const reachedFirst = (doc: number) => {
    for (let k = c.docWordStarts[doc]; k + 1 < c.docWordStarts[doc + 1]; k++)
      if (!PART_MARKERS.has(seg.vocabulary[c.docWords[k]])) return true;
    return false;
  };
  let bits = 0;
  for (let i = 0; i < count; i++) {
    if (ids[i] < 0) continue;
    const [from, to] = [c.singleStarts[ids[i]], c.singleStarts[ids[i] + 1]];
    if (inCommune(c.singleDocs, from, to, first, last).length > 0) bits |= 1 << i;
    if (i + 1 >= count || ids[i + 1] < 0) continue;
    const [lo, hi] = seg.pairPostings(ids[i], ids[i + 1]);
    const marker = PART_MARKERS.has(words[i]);
    if (inCommune(c.pairDocs, lo, hi, first, last).some((doc) => whole(doc) && (!marker || reachedFirst(doc)))) bits |= 3 << i;
  }
  return bits >>> 0;
}

/** The documents of a posting list (ascending) within [first, last). */
function inCommune(docs: Uint32Array, from: number, to: number, first: number, last: number): number[] {
  const out: number[] = [];
  for (let k = lowerBound(docs, from, to, first); k < to && docs[k] < last; k++) out.push(docs[k]);
  return out;
}

