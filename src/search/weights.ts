/** How much of a query each word is: what a name must explain of it, and what explaining it is worth. */
import { type EvidenceReader, type UnitEvidence, unitWordsOf } from "./evidence.js";
import { withinOneEdit } from "./match.js";
import { HAMLET_STARTS } from "../parse/lexicon.js";
import { HAMLET_WORD_WEIGHT, TYPE_WORDS } from "./words.js";

/**
 * How much each query word (the first 32) should be explained by the name found: a word that can
 * only name a street or place counts fully, a number half (a house number or a numbered street);
 * the door, type words and the units' own names not at all (the units explain them).
 */
export function wordWeights(
  words: readonly string[],
  evidence: UnitEvidence,
  houseKey: string | null,
  reader: EvidenceReader,
  known: (word: string) => boolean = () => true,
): number[] {
  const unitWords = unitWordsOf(evidence);
  const doorWords = new Set(houseKey === null ? [] : houseKey.split("/"));
  const some = words.slice(0, 32);
  const ofUnit = some.map((w) => doorWords.has(w) || unitWords.has(w) || TYPE_WORDS.has(w) || reader.namesUnit(w, evidence));
  // The province comes last: its name's words (or a slip in them) among the last few words are
  // the province's, even when the parser could not read it there ("Tỉnh Vĩnh Log").
  const tail = some.length - 3;
  return some.map((w, i) => {
    // A hamlet's keyword before its name or number: the records holding it explain it.
    if (HAMLET_STARTS.has(w) && i + 1 < some.length && !unitWords.has(w)) return HAMLET_WORD_WEIGHT;
    if (ofUnit[i]) return 0;
    if (/\d/.test(w)) return 0.5;
    // A slip in a type word or a unit's name ("PPhường", "Tây Niinh", "Tam Chú") is no street
    // word left unexplained: one edit from one of those, it counts for nothing when no name holds
    // it or a unit's word stands beside it.
    if (w.length >= 3) {
      const beside = (i > 0 && unitWords.has(some[i - 1])) || (i + 1 < some.length && unitWords.has(some[i + 1]));
      if ((!known(w) || beside) && (nearOneOf(w, TYPE_WORDS) || nearOneOf(w, unitWords))) return 0;
      if (i >= tail && (evidence.provinceWords.has(w) || nearOneOf(w, evidence.provinceWords))) return 0;
    }
    return 1;
  });
}

function nearOneOf(word: string, words: ReadonlySet<string>): boolean {
  for (const w of words) if (w.length >= 3 && withinOneEdit(word, w)) return true;
  return false;
}

/**
 * The share of a name's score an answer keeps by how much of the query it explains (0 to 1): never
 * under 0.55, so a name found keeps its rank over words it leaves unexplained. One function for
 * the scores and for the bounds that must never fall under them (engine.ts mostOfMatch, direct.ts).
 */
export function explainedShare(explained: number): number {
  return 0.55 + 0.45 * explained;
}
