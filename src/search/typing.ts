/**
 * An autocomplete query read as what is settled and what is still being typed: the word being
 * typed, the unit whose name is being typed after a comma (or after its type word), a type word on
 * its way ("…, Phườ").
 */
import { HAMLET_STARTS, LEVEL_TYPES } from "../parse/lexicon.js";
import { typePhrasesFrom, UNIT_TYPE_PHRASES } from "../units/name-analysis.js";
import type { Level as UnitLevel, UnitType } from "../units/types.js";
import { type EvidenceReader, type Level, UNIT_TYPES } from "./evidence.js";
import { foldedWords, markedWords, onlyDoor } from "./words.js";


export interface Typing {
  /** The communes a unit name being typed may become, or null. */
  typedUnits: Level | null;
  /** The unit being typed is a province (or a district's city): the coarsest unit, not the finest. */
  typedCoarse: boolean;
  /** The text without what is still being typed. */
  settled: string;
  /** A word is being typed (the last word is a prefix). */
  typing: boolean;
}

/**
 * What is settled and what is still being typed in an autocomplete query. A word still being
 * typed is no unit yet ("Yết Ki" is not the commune Yên Kỳ), so the parser reads the text
 * without it; a last part after a comma (or a text that starts with a unit's type word, "phuong
 * ben") may be a unit's name being typed, read against the units' names instead of the streets'.
 * Text ending in a space or a comma has no word being typed; after a space the name being
 * written may still go on ("1 Phạm "), after a comma it has ended.
 */
export function readTyping(query: string, evidence: EvidenceReader): Typing {
  const startsWithUnit = typePhrasesFrom(foldedWords(query)[0] ?? "") !== undefined;
  const comma = query.lastIndexOf(",") >= 0 ? query.lastIndexOf(",") : startsWithUnit ? -1 : -2;
  const segment = comma === -2 ? "" : query.slice(comma + 1);
  const last = foldedWords(segment);
  let written = markedWords(segment);
  const typeWords: string[] = [];
  for (let phrase = leadingTypePhrase(last); phrase > 0 && phrase < last.length; phrase = leadingTypePhrase(last)) {
    typeWords.push(...last.splice(0, phrase));
    written = written.slice(phrase);
  }
  const complete = /[\s,;.]$/.test(query);
  // "…, Phườ", "…, Thành ph", "…, Thành ": the type word of the next unit is being typed, not its
  // name; after a space only whole words of a type phrase are ("…, Thành " may be Thành phố).
  const typed = last.join(" ");
  const typingType =
    typeWords.length === 0 &&
    last.length > 0 &&
    UNIT_TYPES.some((t) => (complete ? t === typed || t.startsWith(`${typed} `) : t.startsWith(typed)));
  if (comma >= -1 && typingType)
    return { typedUnits: null, typedCoarse: false, settled: query.slice(0, Math.max(0, comma)), typing: false };
  const levels = typedLevels(typeWords);
  // "…, Xóm Ch", "…, Thôn ": a hamlet is being typed, in any commune (a few communes' names start
  // with such a word too, "Xóm Chiếu", but hamlets are in almost every rural address).
  const hamlet = typeWords.length === 0 && HAMLET_STARTS.has(last[0] ?? "");
  // "Số 1, Ngõ 120, Nguyễn Văn Li": after a door alone comes its street (a commune Nguyễn Văn Linh
  // is in Hưng Yên, but a unit's name needs its type word here to be read as one).
  const streetNext = typeWords.length === 0 && comma >= 0 && onlyDoor(foldedWords(query.slice(0, comma)));
  const typedUnits =
    last.length > 0 && !hamlet && !streetNext && !/\d/.test(last.join(""))
      ? evidence.completing(last, written.join(" "), levels, typedTypes(typeWords))
      : null;
  const typedCoarse = !levels.includes("ward");
  if (typedUnits) return { typedUnits, typedCoarse, settled: query.slice(0, Math.max(0, comma)), typing: false };
  // "1 Phạm ": the word is whole, but the name it begins goes on: names are still measured by the
  // words typed so far (a comma, "12 Lê Lợi,", ends the name as well).
  const nameGoesOn = /[\p{L}\p{N}]\s+$/u.test(query);
  return { typedUnits: null, typedCoarse, settled: complete ? query : query.replace(/\S+\s*$/, ""), typing: !complete || nameGoesOn };
}

/**
 * How many leading words are a unit's type phrase ("thanh pho" 2, "p" 1, 0 for none). A lone
 * "thanh" is no type: "…, Thành phố" typed is a type word on its way, not the commune Phố Mới.
 */
function leadingTypePhrase(words: readonly string[]): number {
  let longest = 0;
  for (const phrase of typePhrasesFrom(words[0] ?? "") ?? [])
    if (phrase.words.length > longest && phrase.words.every((w, i) => words[i] === w)) longest = phrase.words.length;
  return longest;
}

/** The unit types a unit's type words write ("Phường", "P." → Phường), or null for none. */
function typedTypes(typeWords: readonly string[]): readonly UnitType[] | null {
  const typed = typeWords.join(" ");
  return UNIT_TYPE_PHRASES.find((p) => p.words.join(" ") === typed)?.types ?? null;
}

/**
 * The levels a unit's type words allow, by the types they write ("Tỉnh" a province, "Phường" a
 * ward, "Thành phố" a province or a district's city); every level when they are no type phrase.
 */
function typedLevels(typeWords: readonly string[]): UnitLevel[] {
  const types = typedTypes(typeWords);
  const levels = (Object.keys(LEVEL_TYPES) as UnitLevel[]).filter((level) =>
    types?.some((type) => LEVEL_TYPES[level].includes(type)),
  );
  return levels.length > 0 ? levels : ["ward", "district", "province"];
}
