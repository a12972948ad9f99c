/**
 * Reads what a person typed for one administrative unit ("P.5", "F5", "phường 05", "TP. HCM",
 * "Q1", "Thị xã Tịnh Biên") into the interpretations the name index can answer: an optional
 * type word and the folded name key. A leading word that looks like a type may also be part of
 * the name ("Tịnh Biên" folds to "tinh bien", and "tinh" is also Tỉnh), so both readings are
 * returned and the index decides.
 */
import { fold, toneKey } from "../text/fold.js";
import type { UnitType } from "./types.js";

export interface UnitQuery {
  /** Types the words named, or null when the reading has no type word. */
  types: readonly UnitType[] | null;
  /** Folded name with numbers unpadded ("phuong 05" → "5"). */
  key: string;
  /** How many leading tokens the type phrase took (0 without one). */
  skip: number;
}

// Folded type phrases, longest first within each starting word. "TP" is ambiguous between a
// centrally-run city and a provincial city; both are "Thành phố".
const TYPE_PHRASES: [string[], UnitType[]][] = [
  [["thanh", "pho"], ["Thành phố"]],
  [["thi", "xa"], ["Thị xã"]],
  [["thi", "tran"], ["Thị trấn"]],
  [["dac", "khu"], ["Đặc khu"]],
  [["t", "p"], ["Thành phố"]],
  [["t", "x"], ["Thị xã"]],
  [["t", "t"], ["Thị trấn"]],
  [["tp"], ["Thành phố"]],
  [["tx"], ["Thị xã"]],
  [["tt"], ["Thị trấn"]],
  [["dk"], ["Đặc khu"]],
  [["tinh"], ["Tỉnh"]],
  [["t"], ["Tỉnh"]],
  [["quan"], ["Quận"]],
  [["q"], ["Quận"]],
  [["huyen"], ["Huyện"]],
  [["h"], ["Huyện"]],
  [["phuong"], ["Phường"]],
  [["ph"], ["Phường"]],
  [["p"], ["Phường"]],
  [["f"], ["Phường"]],
  [["xa"], ["Xã"]],
  [["x"], ["Xã"]],
];

// "q1", "p12", "f5", "tx2" written without a space.
const GLUED_NUMBER = /^(tp|tx|tt|ph|q|p|f|h|x)(\d+)$/;

/** Unpads numbers ("05" → "5") so "Phường 05" and "P5" meet "Phường 5". */
export function normaliseNameKey(tokens: string[]): string {
  return tokens.map(normaliseNameToken).join(" ");
}

// A syllable ending in a lone "y" after consonants is spelled with "i" as often as "y" (Quy/Qui
// Nhơn, Lý/Lí, Kỳ/Kì, Mỹ/Mĩ): both spellings share one key. "uy" (Thủy, Huy) is another vowel
// and keeps its "y".
const FINAL_Y = /^(qu|[bcdghklmnpqrstvx]+)y$/;

/**
 * The name-index key of one folded token, as `normaliseNameKey([token])` gives it without the
 * array: the parser calls it once per distinct word.
 */
export function normaliseNameToken(token: string): string {
  if (/^\d+$/.test(token)) return String(Number.parseInt(token, 10));
  return FINAL_Y.test(token) ? `${token.slice(0, -1)}i` : token;
}

/** The name-index key of a unit name written without its type word ("Phường 05" → n/a; "05" → "5"). */
export function nameKey(name: string): string {
  return normaliseNameKey(queryTokens(name));
}

/** Folded tokens of the text, with glued abbreviations ("q1") split apart. */
export function queryTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const token of fold(text).split(" ")) {
    if (token === "") continue;
    const glued = GLUED_NUMBER.exec(token);
    if (glued) tokens.push(glued[1], glued[2]);
    else tokens.push(token);
  }
  return tokens;
}

/**
 * The name part of a reading with its diacritics, tone marks in one placement (toneKey), so
 * that "Hoà An" and "Hòa An" compare equal but "Hoa An" does not. Slower than the folded key:
 * computed only when the input carries diacritics.
 */
export function toneOfReading(text: string, skip: number): string {
  return normaliseNameKey(alignedTokens(text).toned.slice(skip));
}

/** Folded tokens and, position by position, the same tokens with diacritics (toneKey form). */
function alignedTokens(text: string): { folded: string[]; toned: string[] } {
  const folded: string[] = [];
  const toned: string[] = [];
  for (const word of toneKey(text).split(" ")) {
    const f = fold(word);
    if (f === "") continue;
    // fold() may split a word further (rare symbols); keep the pairs aligned.
    for (const part of f.split(" ")) {
      const glued = GLUED_NUMBER.exec(part);
      if (glued) {
        folded.push(glued[1], glued[2]);
        toned.push(glued[1], glued[2]);
      } else {
        folded.push(part);
        toned.push(f === part ? word : part);
      }
    }
  }
  return { folded, toned };
}

/** Every reading of the text: with a leading type phrase (when there is one) and without. */
export function readUnitQuery(text: string): UnitQuery[] {
  const folded = queryTokens(text);
  const readings: UnitQuery[] = [];
  for (const [phrase, types] of TYPE_PHRASES) {
    if (folded.length <= phrase.length) continue;
    if (phrase.every((word, i) => folded[i] === word)) {
      readings.push({ types, key: normaliseNameKey(folded.slice(phrase.length)), skip: phrase.length });
      break;
    }
  }
  readings.push({ types: null, key: normaliseNameKey(folded), skip: 0 });
  return readings;
}
