/**
 * Name analysis: the one place that turns the name of an administrative unit, as people write it
 * ("P.5", "F5", "phường 05", "TP. HCM", "Q1", "Thị xã Tịnh Biên", "Quy Nhơn" or "Qui Nhơn"), into
 * the keys the name index (name-index.ts) files units under. The same functions key the shipped
 * names at data-build time (scripts/build-data.ts), former names and aliases when the index is
 * built, and what a query writes when it is read: `registry.lookup` reads a whole name with
 * `readUnitName`, the parser keys its tokens one by one with `nameTokenKey`.
 *
 * A key is the folded name (text/fold.ts) without its type word, numbers unpadded ("05" → "5")
 * and a final lone "y" after consonants spelled "i".
 */
import { fold, toneKey } from "../text/fold.js";
import type { UnitType } from "./types.js";

/** A unit type phrase: its folded words and the unit types it names. */
export interface TypePhrase {
  readonly words: readonly string[];
  readonly types: readonly UnitType[];
}

/**
 * English type words, as addresses for foreigners and shop listings write them ("Ward 5,
 * District 3"). Written after the name ("Ben Nghe Ward"), the tokeniser moves them before it.
 */
const ENGLISH_TYPE_PHRASES: readonly TypePhrase[] = [
  { words: ["ward"], types: ["Phường"] },
  { words: ["commune"], types: ["Xã"] },
  { words: ["town"], types: ["Thị trấn", "Thị xã"] },
  { words: ["district"], types: ["Quận", "Huyện"] },
  { words: ["dist"], types: ["Quận", "Huyện"] },
  { words: ["province"], types: ["Tỉnh"] },
  { words: ["city"], types: ["Thành phố"] },
];

/**
 * Folded type phrases and their abbreviations, longest first within each starting word, so
 * "thanh pho" wins over "thanh" (no type). "TP" is ambiguous between a centrally-run city and a
 * provincial city; both are "Thành phố".
 */
export const UNIT_TYPE_PHRASES: readonly TypePhrase[] = [
  { words: ["thanh", "pho"], types: ["Thành phố"] },
  { words: ["thi", "xa"], types: ["Thị xã"] },
  { words: ["thi", "tran"], types: ["Thị trấn"] },
  { words: ["dac", "khu"], types: ["Đặc khu"] },
  { words: ["t", "p"], types: ["Thành phố"] },
  { words: ["t", "pho"], types: ["Thành phố"] },
  { words: ["t", "x"], types: ["Thị xã"] },
  { words: ["t", "t"], types: ["Thị trấn"] },
  { words: ["tp"], types: ["Thành phố"] },
  { words: ["tx"], types: ["Thị xã"] },
  { words: ["tt"], types: ["Thị trấn"] },
  { words: ["dk"], types: ["Đặc khu"] },
  { words: ["tinh"], types: ["Tỉnh"] },
  { words: ["t"], types: ["Tỉnh"] },
  { words: ["quan"], types: ["Quận"] },
  { words: ["q"], types: ["Quận"] },
  { words: ["huyen"], types: ["Huyện"] },
  { words: ["h"], types: ["Huyện"] },
  { words: ["phuong"], types: ["Phường"] },
  { words: ["ph"], types: ["Phường"] },
  { words: ["p"], types: ["Phường"] },
  { words: ["f"], types: ["Phường"] },
  { words: ["xa"], types: ["Xã"] },
  { words: ["x"], types: ["Xã"] },
  ...ENGLISH_TYPE_PHRASES,
];

/** The English type words (ENGLISH_TYPE_PHRASES), which English writes after the name. */
export const ENGLISH_TYPE_WORDS: ReadonlySet<string> = new Set(ENGLISH_TYPE_PHRASES.map((phrase) => phrase.words[0]));

const PHRASES_BY_FIRST_WORD = new Map<string, TypePhrase[]>();
for (const phrase of UNIT_TYPE_PHRASES) {
  const list = PHRASES_BY_FIRST_WORD.get(phrase.words[0]);
  if (list) list.push(phrase);
  else PHRASES_BY_FIRST_WORD.set(phrase.words[0], [phrase]);
}

/** The type phrases starting with a folded word, longest first, or undefined (most words). */
export function typePhrasesFrom(word: string): readonly TypePhrase[] | undefined {
  return PHRASES_BY_FIRST_WORD.get(word);
}

/** One way to read a written unit name: an optional leading type phrase, and the key of the rest. */
export interface NameReading {
  /** Types the leading phrase names, or null when the reading has no type phrase. */
  types: readonly UnitType[] | null;
  /** The name key of the words after the type phrase ("phuong 05" → "5"). */
  key: string;
  /** How many leading tokens the type phrase took (0 without one). */
  skip: number;
}

// "q1", "p12", "f5", "tx2" written without a space.
const GLUED_NUMBER = /^(tp|tx|tt|ph|q|p|f|h|x)(\d+)$/;

// A syllable ending in a lone "y" after consonants is spelled with "i" as often as "y" (Quy/Qui
// Nhơn, Lý/Lí, Kỳ/Kì, Mỹ/Mĩ): both spellings share one key. "uy" (Thủy, Huy) is another vowel
// and keeps its "y".
const FINAL_Y = /^(qu|[bcdghklmnpqrstvx]+)y$/;

/** The key of one folded word: numbers unpadded, a final lone "y" after consonants spelled "i". */
export function nameTokenKey(token: string): string {
  if (/^\d+$/.test(token)) return String(Number.parseInt(token, 10));
  return FINAL_Y.test(token) ? `${token.slice(0, -1)}i` : token;
}

/** The key of a name given as folded words: each word's key, joined by single spaces. */
export function nameKeyOfTokens(tokens: readonly string[]): string {
  return tokens.map(nameTokenKey).join(" ");
}

/** The key of a unit name written without its type word ("Bến Nghé" → "ben nghe", "05" → "5"). */
export function nameKey(name: string): string {
  return nameKeyOfTokens(nameTokens(name));
}

/**
 * The keys a name is also written under, besides its own key, as people type it: filed as the name
 * itself (no alias) by the registry.
 * - Without its apostrophe, the letters joined ("Ea H'leo", "Đắk R'Lấp", "M'Đrắk" typed "Ea Hleo",
 *   "Đắk Rlấp", "Mđrắk": "ea hleo"; the name folds to "ea h leo", which that spelling never
 *   reaches). A name that makes one word so ("Ch'ơm": "chom") is read from it as any name run
 *   together (name-index.ts keysJoinedAs), which only a word that is another unit's name stops
 *   ("K' Dang" and the new "KDang"): given only there.
 * - With a word glued at a capital written apart ("Ea Bar" for EaBar).
 * - With the Central Highlands' "Đắk" and "Đắc" for each other, as both were official spellings
 *   ("Đắc Mil", "Đắk Pring"): a letter changed, a misspelling the name wins only where no other
 *   unit is spelled so.
 * `isOfficialKey` tells another unit's own key. Most names have none: mayBeWrittenOtherwise says so
 * first.
 */
export function otherSpellingKeys(name: string, isOfficialKey: (key: string) => boolean): string[] {
  if (!mayBeWrittenOtherwise(name)) return [];
  const key = nameKey(name);
  const out: string[] = [];
  const joined = APOSTROPHE.test(name) ? nameKey(name.replace(APOSTROPHES_AND_SPACE, "")) : null;
  if (joined !== null && joined !== key && (joined.includes(" ") || isOfficialKey(joined))) out.push(joined);
  const apart = nameKey(name.replace(GLUED_AT_CAPITAL, "$1 $2"));
  if (apart !== key) out.push(apart);
  for (const k of [key, joined]) {
    const swapped = k?.replace(DAK_OR_DAC, (word) => (word === "dak" ? "dac" : "dak"));
    if (swapped !== undefined && swapped !== k && !isOfficialKey(swapped)) out.push(swapped);
  }
  return out;
}
const APOSTROPHE = /['\u2018\u2019\u02bc`]/;
const APOSTROPHES_AND_SPACE = /['\u2018\u2019\u02bc`]\s*/g;
const GLUED_AT_CAPITAL = /(\p{Ll})(\p{Lu})/gu;
const DAK_OR_DAC = /\bda[kc]\b/g;

/** The name has an apostrophe, "Đắk", "Đăk" or "Đắc", or a capital inside a word: otherSpellingKeys may give keys. */
export function mayBeWrittenOtherwise(name: string): boolean {
  return MAY_BE_WRITTEN_OTHERWISE.test(name);
}
const MAY_BE_WRITTEN_OTHERWISE = /['\u2018\u2019\u02bc`]|Đ[ắăa][kc]\b|\p{Ll}\p{Lu}/u;

/** Folded words of the text, with glued abbreviations ("q1") split apart. */
export function nameTokens(text: string): string[] {
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
 * Every reading of a written name: with its leading type phrase (when it has one) and without.
 * A leading word that looks like a type may also be part of the name ("Tịnh Biên" folds to
 * "tinh bien", and "tinh" is also Tỉnh), so both readings are returned and the index decides.
 */
export function readUnitName(text: string): NameReading[] {
  const folded = nameTokens(text);
  const readings: NameReading[] = [];
  for (const { words, types } of typePhrasesFrom(folded[0] ?? "") ?? []) {
    if (folded.length <= words.length) continue;
    if (words.every((word, i) => folded[i] === word)) {
      readings.push({ types, key: nameKeyOfTokens(folded.slice(words.length)), skip: words.length });
      break;
    }
  }
  readings.push({ types: null, key: nameKeyOfTokens(folded), skip: 0 });
  return readings;
}

/**
 * The name part of a reading with its diacritics, tone marks in one placement (toneKey), so
 * that "Hoà An" and "Hòa An" compare equal but "Hoa An" does not. Slower than the folded key:
 * callers compute it only when the text carries diacritics.
 */
export function toneOfReading(text: string, skip: number): string {
  return nameKeyOfTokens(alignedTokens(text).toned.slice(skip));
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
