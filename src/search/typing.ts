/**
 * An autocomplete query read as what is settled and what is still being typed: the word being
 * typed, the unit whose name is being typed after a comma (or after its type word), a type word on
 * its way ("…, Phườ").
 */
import { LEVEL_TYPES } from "../parse/lexicon.js";
import { typePhrasesFrom, UNIT_TYPE_PHRASES } from "../units/name-analysis.js";
import type { Level as UnitLevel } from "../units/types.js";
import { type EvidenceReader, type Level, UNIT_TYPES } from "./evidence.js";
import { foldedWords, TYPE_WORDS } from "./words.js";


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
 * Text ending in a space or a comma has no word being typed.
 */
export function readTyping(query: string, evidence: EvidenceReader): Typing {
  const startsWithUnit = typePhrasesFrom(foldedWords(query)[0] ?? "") !== undefined;
  const comma = query.lastIndexOf(",") >= 0 ? query.lastIndexOf(",") : startsWithUnit ? -1 : -2;
  const segment = comma === -2 ? "" : query.slice(comma + 1);
  const last = foldedWords(segment);
  let written = segment.trim().split(/\s+/);
  const typeWords: string[] = [];
  while (last.length > 1 && TYPE_WORDS.has(last[0])) {
    typeWords.push(last.shift()!);
    written = written.slice(1);
  }
  const complete = /[\s,;.]$/.test(query);
  // "…, Phườ", "…, Thành ph": the type word of the next unit is being typed, not its name.
  const typingType = typeWords.length === 0 && last.length > 0 && UNIT_TYPES.some((t) => t.startsWith(last.join(" ")));
  if (comma >= -1 && !complete && typingType)
    return { typedUnits: null, typedCoarse: false, settled: query.slice(0, Math.max(0, comma)), typing: false };
  const levels = typedLevels(typeWords);
  const typedUnits =
    last.length > 0 && !/\d/.test(last.join("")) ? evidence.completing(last, written.join(" "), levels) : null;
  const typedCoarse = !levels.includes("ward");
  if (typedUnits) return { typedUnits, typedCoarse, settled: query.slice(0, Math.max(0, comma)), typing: false };
  return { typedUnits: null, typedCoarse, settled: complete ? query : query.replace(/\S+\s*$/, ""), typing: !complete };
}

/**
 * The levels a unit's type words allow, by the types they write ("Tỉnh" a province, "Phường" a
 * ward, "Thành phố" a province or a district's city); every level when they are no type phrase.
 */
function typedLevels(typeWords: readonly string[]): UnitLevel[] {
  const typed = typeWords.join(" ");
  const phrase = UNIT_TYPE_PHRASES.find((p) => p.words.join(" ") === typed);
  const levels = (Object.keys(LEVEL_TYPES) as UnitLevel[]).filter((level) =>
    phrase?.types.some((type) => LEVEL_TYPES[level].includes(type)),
  );
  return levels.length > 0 ? levels : ["ward", "district", "province"];
}
