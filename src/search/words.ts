/**
 * The words search compares, made the same way for what is indexed and for what is asked (Pelias
 * and Addok analyse once, at both ends): folded syllables (no diacritics, lower case), a street
 * name without its leading type word, and one key for a house number with its alley chain.
 */
import type { AddressParts } from "../domain/parts.js";
import { ALLEY_STARTS, HAMLET_STARTS, HOUSE_LIST_SEPARATOR } from "../parse/lexicon.js";
import { fold } from "../text/fold.js";

/** Folded words: lower case, no diacritics, cut at anything but letters and digits. */
export function foldedWords(text: string): string[] {
  const folded = fold(text);
  // fold leaves one space between words and none at either end: no empty word to drop.
  return folded === "" ? [] : folded.split(" ");
}

/** The words as written, their marks kept (NFC), cut where foldedWords cuts ("T.Phú" is two words). */
export function markedWords(text: string): string[] {
  return text
    .normalize("NFC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
}

/**
 * Type words that lead a street's name and that people drop or abbreviate ("Đường Lê Lợi", "Lê
 * Lợi", "Đ. Lê Lợi"); a name that is nothing else ("Phố") keeps it.
 */
const STREET_TYPE_WORDS = new Set(["duong", "pho", "d", "dg"]);

/** A street's words as indexed: folded, its leading type word dropped when something remains. */
export function streetWords(street: string): string[] {
  const words = foldedWords(street);
  if (words.length > 1 && STREET_TYPE_WORDS.has(words[0])) return words.slice(1);
  return words;
}

/**
 * Abbreviations of road classes people type, read as the words the index holds ("QL1A" is
 * "quoc lo 1a"). Unit abbreviations (P., Q., TP.) are the parser's business, not the index's.
 */
const ROAD_ABBREVIATIONS: ReadonlyMap<string, string[]> = new Map([
  ["ql", ["quoc", "lo"]],
  ["tl", ["tinh", "lo"]],
  ["dt", ["duong", "tinh"]],
  ["hl", ["huong", "lo"]],
]);

/**
 * A query's words: folded, road abbreviations spelled out, letters glued to digits cut at the
 * change ("ql1a" → "quoc lo 1a" keeps "1a": a number with its suffix letter is one word).
 */
export function queryWords(text: string): string[] {
  const out: string[] = [];
  for (const word of foldedWords(text)) {
    const glued = /^([a-z]{2})(\d+[a-z]?)$/.exec(word);
    const spelled = ROAD_ABBREVIATIONS.get(glued ? glued[1] : word);
    if (spelled) {
      out.push(...spelled);
      if (glued) out.push(glued[2]);
    } else out.push(word);
  }
  return out;
}

function compact(piece: string): string {
  return fold(piece).replace(/ /g, "");
}

/**
 * One key for where the door is along its street: the alley numbers outermost first, then the
 * house number or lot, "/"-separated, folded and without spaces ("Ngõ 38 Ngách 33" + "1" →
 * "38/33/1"; "12/3A" → "12/3a"). Written as one number ("1/38/33") or as an alley chain, the same
 * door gives the same key only when written in the same order, which is how people copy it.
 */
export function houseKey(parts: Pick<AddressParts, "alleys" | "houseNumber" | "lot">): string {
  const pieces: string[] = [];
  for (const alley of parts.alleys ?? []) pieces.push(...alley.number.split("/").map(compact));
  const door = parts.houseNumber ?? parts.lot;
  if (door !== undefined) pieces.push(...door.split("/").map(compact));
  return doorKeyOf(pieces.filter((p) => p !== ""), door !== undefined);
}

/**
 * Alley numbers then the door's, joined by "/"; an alley with no door written ends in "/", so
 * "Kiệt 24" is not house 24 of the street ("24/" against "24").
 */
export function doorKeyOf(pieces: readonly string[], hasDoor: boolean): string {
  const key = pieces.join("/");
  return hasDoor || key === "" ? key : `${key}/`;
}

/** The numbers of a written alley chain ("Ngõ 38 Ngách 33" → ["38", "33"], "Hẻm 284/5" → ["284", "5"]). */
export function alleyNumbers(alley: string): string[] {
  return (alley.match(/\d+[a-zA-Z]?(?:\/\d+[a-zA-Z]?)*/g) ?? []).flatMap((n) => n.split("/")).map(compact);
}

/** The leading number of a house key, for "the nearest house on this street": "12/3a" → 12. */
export function leadingNumber(key: string): number {
  const last = key.slice(key.lastIndexOf("/") + 1);
  const n = Number.parseInt(last, 10);
  return Number.isNaN(n) ? -1 : n;
}

/**
 * What a hamlet's keyword in the text ("Ấp", "Thôn", "Xóm": the parser's HAMLET_STARTS) is worth,
 * against 1 for a name's word (weights.ts): a record's label may hold it as the text does, which
 * then says a little of which record is meant ("1 Bạch Đằng, Ấp H…" is no "1 Bạch Đằng, Phường
 * Hoàng Mai").
 */
export const HAMLET_WORD_WEIGHT = 0.25;

/** A query word a record's label may explain: no type word, or a hamlet's keyword. */
export function labelMayExplain(word: string): boolean {
  return !TYPE_WORDS.has(word) || HAMLET_STARTS.has(word);
}

/** Words that say where but not which street: unit and part type words and their abbreviations. */
export const TYPE_WORDS = new Set(
  "so nha duong pho phuong quan huyen xa thi tran tinh thanh tp t p q h x tx tt f ngo ngach ngh hem kiet to dan thon ap khu ban xom buon lang".split(
    " ",
  ),
);


/**
 * The words without the "số" that opens the text before the house number the parser read there
 * ("Số 1, Kiệt 85, Nguyễn…"): the door's word, which would otherwise make "số 1" the name of a
 * street called Đường số 1 and leave the street being typed unread.
 */
export function withoutOpeningDoorWord(words: string[], houseNumber: string | null): string[] {
  if (words[0] !== "so" || houseNumber === null || words[1] !== compact(houseNumber)) return words;
  return words.slice(1);
}

/** The houses of a list the parser reads ("12 & 14": 12, 14), or the one house; the first is the door asked. */
export function listedHouses(houseNumber: string): string[] {
  return houseNumber.split(HOUSE_LIST_SEPARATOR);
}

/**
 * The words without a list's houses past its first ("12 & 14 Phố Huế" → 12 Phố Huế): a record is
 * stored under one door (its key is the list's first, engine.ts houseKeyOf), and the others' numbers
 * would be words no label explains.
 */
export function withoutListedDoors(words: string[], houseNumber: string | null): string[] {
  if (houseNumber === null) return words;
  const [first, ...rest] = listedHouses(houseNumber);
  if (rest.length === 0) return words;
  const at = words.indexOf(compact(first));
  if (at < 0) return words;
  const others = new Set(rest.map(compact));
  let end = at + 1;
  while (end < words.length && (words[end] === "va" || others.has(words[end]))) end++;
  return [...words.slice(0, at + 1), ...words.slice(end)];
}

/** The alleys' keywords the parser knows, and "n." as some write ngõ. */
const ALLEY_WORDS = new Set([...ALLEY_STARTS, "n"]);
const DOOR_WORDS = new Set(["so", "nha", "can"]);
/** A house or alley number as folded words hold it ("12", "73b"); "n01" or "ct2" is a building's. */
const DOOR_NUMBER = /^\d+[a-z]?$/;

/**
 * The words say only a door: house and alley numbers with their words ("số 1, ngõ 120, ngách
 * 54"), no name yet.
 */
export function onlyDoor(words: readonly string[]): boolean {
  return words.length > 0 && words.every((w) => DOOR_NUMBER.test(w) || ALLEY_WORDS.has(w) || DOOR_WORDS.has(w));
}

/**
 * The door written just before the first word of the name found, for text the parser could not
 * cut ("can ho 108 chung cu x 1 nguyen thi minh khai"): the numbers there, alley numbers (after
 * "ngõ", "ngách", "hẻm", "kiệt") first and the house last, as `houseKey` orders them.
 */
export function doorBefore(words: readonly string[], matched: number): string | null {
  if (matched === 0) return null;
  const first = 31 - Math.clz32(matched & -matched);
  const door: string[] = [];
  const alleys: string[] = [];
  for (let i = first - 1; i >= 0; i--) {
    const w = words[i];
    if (DOOR_NUMBER.test(w)) {
      if (i > 0 && ALLEY_WORDS.has(words[i - 1])) alleys.unshift(w);
      else door.unshift(w);
    } else if (!ALLEY_WORDS.has(w) && !DOOR_WORDS.has(w)) break;
  }
  const key = [...alleys, ...door].join("/");
  return key === "" ? null : key;
}


