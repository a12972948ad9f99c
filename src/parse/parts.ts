/**
 * Stage 3 (street claims) and stage 5 (parts): reading the non-administrative parts of the
 * address — house number, alley chain, street, hamlet/residential group, building, flat and the
 * name of the place — from the tokens the unit resolution did not use.
 */
import { fold } from "../text/fold.js";
import { UNIT_ALIASES } from "../units/aliases.js";
import { damerauLevenshtein } from "../units/fuzzy-keys.js";
import { NO_NODE, type WordTrie } from "../units/name-index.js";
import type { ParsedParts } from "./types.js";
import {
  ALONG_WORDS,
  FACILITY_WORDS,
  FAMILY_NAMES,
  GROUP_WORDS,
  HAMLET_CLAIM,
  HAMLET_STARTS,
  HAMLET_STARTS_IN_RUN,
  isHouseNumber,
  isMeasure,
  KEYWORD_SPELLINGS,
  spelledAs,
  LANDMARK_WORDS,
  LIST_JOINERS,
  MIDDLE_NAMES,
  opensPersonName,
  NAME_ABBREVIATIONS,
  PART_KEYWORDS,
  type PartKeyword,
  ENGLISH_PLACE_WORDS,
  PLACE_WORDS,
  STREET_CLAIM,
  STREET_KEYWORD_WORDS,
} from "./lexicon.js";
import { endsDamagedCityType, isPostalCodeAt, MONTHS, postalCodeBeforeNameAt, runsOnFromStreet, typePhraseAt } from "./mentions.js";
import { isStructureRemark, leadWrittenAt, NEW_NAME_LEADS, OLD_NAME_LEADS } from "./stated-structure.js";
import type { Token } from "./tokenise.js";

/**
 * What may follow "tổ", "phòng", "tầng", "lô", "hẻm": a number or a short code ("a5", "b", "12a",
 * "cn-05" of "Lô CN-05").
 */
const NUMBERISH = /^([a-z]{0,2}\d+[a-z0-9/.+-]*|[a-z]{1,3}(?:-[a-z]{1,3})*-[a-z]{0,3}\d+[a-z0-9/.-]*|[a-z])$/;
const BIS = new Set(["bis", "ter"]);
const COUNTRY = [["viet", "nam"], ["vietnam"], ["vn"]];

/** Hamlet keywords of more than one word ("khu phố", "tổ dân phố", "khu dân cư"), folded. */
const HAMLET_PHRASES = PART_KEYWORDS.filter((k) => k.kind === "hamlet" && k.words.length > 1).map((k) => k.words);

const HAMLET_PHRASE_STARTS = new Set(HAMLET_PHRASES.map((words) => words[0]));

/**
 * Residential, urban, housing-estate and industrial areas by their initials ("KDC Him Lam", "KĐT
 * Linh Đàm", "KTT Kim Liên", "KCN Quang Minh", "KCX Tân Thuận", "CCN Hà Lầm").
 */
const AREA_ABBREVIATIONS = new Set(["kdc", "kdt", "ktt", "kcn", "kcx", "ccn"]);

/** `items` by the first of their words, each list in the items' order: a word opening none costs one look-up. */
export function byFirstWord<T>(items: Iterable<T>, wordsOf: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const first = wordsOf(item)[0];
    const same = map.get(first);
    if (same) same.push(item);
    else map.set(first, [item]);
  }
  return map;
}

/** tokens[from, from + words.length) are `words`, folded (the caller knows they fit). */
export function spells(tokens: readonly Token[], from: number, words: readonly string[]): boolean {
  return words.every((word, k) => tokens[from + k].f === word);
}

/** Words of the hamlet keyword starting at token i: its longest phrase there, else one. */
function hamletKeywordLength(tokens: readonly Token[], i: number): number {
  let longest = 1;
  for (const words of HAMLET_PHRASES) {
    if (words.length <= longest || i + words.length > tokens.length) continue;
    if (words.every((w, k) => tokens[i + k].f === w && tokens[i + k].seg === tokens[i].seg)) longest = words.length;
  }
  return longest;
}

/** The avenue's and highway's keywords "Đại lộ", "Xa lộ" end at token i: a street's name follows. */
function avenueWord(tokens: readonly Token[], i: number): boolean {
  // Asked of every word: the folded word rules out nearly all before the written ones are read.
  if (tokens[i].f !== "lo" || i === 0 || tokens[i - 1].seg !== tokens[i].seg) return false;
  return AVENUE_LO.has(tokens[i].lower) && AVENUE_FIRST.has(tokens[i - 1].lower);
}

const AVENUE_LO = new Set(["lộ", "lo"]);
const AVENUE_FIRST = new Set(["đại", "dai", "xa"]);

/** First words of segments that hold a part of the address, not a unit. */
export const PART_STARTS = new Set([
  "so",
  "sn",
  "ngo",
  "ngach",
  "hem",
  "kiet",
  "duong",
  "d",
  "dg",
  "pho",
  "thon",
  "ap",
  "to",
  "tdp",
  "kp",
  "tk",
  "khu",
  "xom",
  "ban",
  "buon",
  "soc",
  "khom",
  "khoi",
  "lang",
  "lo",
  "toa",
  "tang",
  "lau",
  "phong",
  "can",
  "block",
  "ql",
  "tl",
  "kdc",
  "kdt",
  "ktt",
  "kcn",
  "kcx",
  "ccn",
  "bon",
  "plei",
  "phum",
  "kv",
  "doi",
]);

/**
 * The token is digits only ("0912", not "12a"), or digits grouped by dots ("0912.345.678", one
 * token: a dot between digits stays inside it). Runs on every token: a character loop, no
 * regular expression.
 */
export function isDigits(t: Token): boolean {
  if (!t.w.digit) return false;
  const f = t.f;
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if ((c < 48 || c > 57) && c !== 46) return false;
  }
  return true;
}

/**
 * The word is written as the type word, or without diacritics ("phuong", "P."): "Phượng Nghĩa"
 * (a village) folds like "Phường Nghĩa" but names no ward, and its words must not be dropped.
 */
function spelledAsType(token: Token, types: readonly string[]): boolean {
  const written = token.lower;
  if (written === token.f) return true;
  // Its first word, or its initials ("ĐK" of Đặc khu).
  return types.some((type) => {
    const words = type.toLowerCase().split(" ");
    return words[0] === written || words.map((word) => word[0]).join("") === written;
  });
}

/**
 * Type words of a ward or district, as written with their marks, that no street's name holds
 * ("Xã Đàn" and "Phố Huế" do; "Lac Long Quan" without marks holds "quan").
 */
const UNIT_TYPE_WORDS = new Set(["phường", "quận", "huyện", "thị trấn"]);

/**
 * A ward's or district's type phrase starts at token i inside a run, followed by its name: a number
 * after any spelling ("P7", "Q.3", "F2"), or anything after a full type word ("phường Bến Nghe").
 * It ends the street's words before it ("12 Lê Lợi p7 q3", no commas), found by the resolution
 * or not.
 */
function unitPhraseAt(tokens: readonly Token[], i: number): boolean {
  if (!tokens[i].w.phrases) return false;
  const phrase = typePhraseAt(tokens, i);
  if (!phrase?.types.some((t) => t === "Phường" || t === "Quận" || t === "Huyện" || t === "Thị trấn"))
    return false;
  if (!spelledAsType(tokens[i], phrase.types)) return false;
  const next = tokens[i + phrase.words.length];
  if (next === undefined || next.seg !== tokens[i].seg) return false;
  const written = tokens
    .slice(i, i + phrase.words.length)
    .map((t) => t.lower)
    .join(" ");
  return next.w.digit || UNIT_TYPE_WORDS.has(written.normalize("NFC"));
}

/** Token is a part's keyword (PART_STARTS) as written: "Lãng" and "Ngô" are names, not "làng", "ngõ". */
export function isPartKeyword(token: Token): boolean {
  return token.w.partWord && PART_STARTS.has(token.f) && !spelledOtherwise(token);
}

/** The written word carries diacritics that are not the keyword's ("Ngô" is no "ngõ"). */
function spelledOtherwise(token: Token): boolean {
  if (!token.w.partWord) return false;
  const spellings = KEYWORD_SPELLINGS[token.f];
  if (!spellings) return false;
  const lower = token.lower;
  return lower !== token.f && !spelledAs(lower, spellings);
}

/** The first word is written as this keyword's, where keywords sharing its folded form differ ("tờ", "tổ"). */
function writtenAs(token: Token, kw: PartKeyword): boolean {
  if (!kw.spelled) return true;
  const lower = token.lower;
  return (lower === token.f && !kw.marked) || spelledAs(lower, kw.spelled);
}

/**
 * Token i is "Tổ" written with its diacritics before a name, opening its segment or after a
 * house's number: a group named, not numbered ("1 Trần Cao Vân, Tổ Đoàn Kết"). Not inside a run
 * of words: Lý Thái Tổ is a street, Đình Tổ a commune.
 */
function namedGroupAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t.f !== "to" || t.lower !== "tổ") return false;
  if (i > 0 && tokens[i - 1].seg === t.seg && !tokens[i - 1].w.house) return false;
  const next = tokens[i + 1];
  // "Tổ dân phố" is a keyword of its own; a number after "Tổ" numbers the group.
  return next !== undefined && next.seg === t.seg && !next.w.digit && !NUMBERISH.test(next.f) && next.f !== "dan";
}

/**
 * Words, as written, that put a person before their name at a checkout ("Chị Hoa", "anh Tuấn").
 * Not "bà", "ông", "cô": streets are named so (Bà Triệu, Ông Ích Khiêm, Cô Giang).
 */
export const PERSON_TITLES: ReadonlySet<string> = new Set(["chị", "anh", "em", "chú", "mr", "mrs", "ms", "miss"]);
/**
 * Titles that also open streets' names ("Bà Triệu", "Ông Ích Khiêm", "Cô Giang"): a person only
 * before a whole name that opens like one ("Ông Nguyễn Văn A", "Bà Trần Thị Lan").
 */
export const FORMAL_TITLES: ReadonlySet<string> = new Set(["ông", "bà", "cô", "bác"]);

/** tokens[from, to) are a title and the name of a person ("Chị Hoa", "Ông Nguyễn Văn A"). */
export function namesPerson(tokens: readonly Token[], from: number, to: number): boolean {
  const title = tokens[from].lower;
  if (PERSON_TITLES.has(title)) return to - from >= 2 && to - from <= 4;
  return (
    FORMAL_TITLES.has(title) &&
    to - from >= 3 &&
    to - from <= 5 &&
    opensPersonName(tokens[from + 1].f, tokens[from + 2].f)
  );
}

const ROOM_NUMBER = /^\d{3,4}[a-z]?$/;

// Keywords by first word: most tokens are no keyword and cost one map look-up.
const KEYWORDS_BY_FIRST = byFirstWord(PART_KEYWORDS, (kw) => kw.words);

/** Alley keywords long enough for a slip in them to leave them recognisable ("ngách", "kiệt"). */
const ALLEY_KEYWORDS = PART_KEYWORDS.filter((kw) => kw.kind === "alley" && kw.words.length === 1 && kw.words[0].length >= 4);

/**
 * The alley keyword one slip from token i, a word that reads as nothing with a number after it
 * ("Ngxch 8", "Kkệt 112", "NNgách 40"): the number is then the alley's, not a house's. Undefined
 * when there is none.
 */
function damagedAlleyKeyword(tokens: readonly Token[], i: number, end: number): PartKeyword[] | undefined {
  const w = tokens[i].w;
  // A word that reads as something is that ("Ngân 5"), unless it follows the number of an alley
  // it goes deeper into ("Ng.40, ngac 51"); one only a typo fix reads may be this. Asked first:
  // this runs for every word of a run, and most are syllables.
  const afterNumber = i > 0 && tokens[i - 1].w.digit;
  if ((w.syllable || (w.nameId >= 0 && w.typo === 0)) && !afterNumber) return undefined;
  if (w.digit || w.f.length < 3 || i + 1 >= end || !NUMBERISH.test(tokens[i + 1].f)) return undefined;
  // Three letters ("kie 27", Kiệt's last letter lost) only as a segment of its own with the number.
  if (w.f.length === 3 && ((i > 0 && tokens[i - 1].seg === tokens[i].seg) || (i + 2 < tokens.length && tokens[i + 2].seg === tokens[i].seg)))
    return undefined;
  const near = ALLEY_KEYWORDS.filter((kw) => damerauLevenshtein(w.f, kw.words[0], 1) <= 1);
  return near.length > 0 ? near : undefined;
}

/** A part's keyword opens at token i of a segment ending at `end`, with what it needs after it ("số 5", not "Sơ La"). */
export function keywordOpensAt(tokens: readonly Token[], i: number, end: number): boolean {
  return keywordAt(tokens, i, end, true, true) !== null;
}

/** Token i is the "phòng" of "Văn phòng số N" followed by a street's words in its segment. */
function officeAtHouse(tokens: readonly Token[], i: number, end: number): boolean {
  return (
    i > 0 &&
    tokens[i - 1].f === "van" &&
    tokens[i - 1].seg === tokens[i].seg &&
    i + 3 < end &&
    tokens[i + 1].f === "so" &&
    tokens[i + 2].w.digit &&
    !tokens[i + 3].w.digit
  );
}

function keywordAt(
  tokens: readonly Token[],
  i: number,
  end: number,
  atStart: boolean,
  runStart = false,
): PartKeyword | null {
  const exact = tokens[i].w.partWord ? KEYWORDS_BY_FIRST.get(tokens[i].f) : undefined;
  if (exact && spelledOtherwise(tokens[i])) return null;
  // "Văn phòng số 24 Nguyễn Du" is an office at number 24 of a street, no room ("Phòng số 24");
  // "Văn phòng 05, Tầng 24" is the office's number in its building, a room's.
  if (exact && tokens[i].f === "phong" && officeAtHouse(tokens, i, end)) return null;
  const damaged = exact === undefined;
  const candidates = exact ?? damagedAlleyKeyword(tokens, i, end);
  if (!candidates) return null;
  for (const kw of candidates) {
    // A hamlet's keyword of HAMLET_STARTS_IN_RUN ends a street's words in a run without commas too
    // ("1 Bạch Đằng Ấp Hưng Thịnh"), as claimStreetStarts reads it.
    if (kw.atStart && !atStart && !(kw.kind === "hamlet" && HAMLET_STARTS_IN_RUN.has(tokens[i].f))) continue;
    if (!damaged && !writtenAs(tokens[i], kw)) continue;
    const len = kw.words.length;
    if (i + len > end) continue;
    let ok = true;
    for (let k = 1; k < len; k++)
      if (tokens[i + k].f !== kw.words[k]) {
        ok = false;
        break;
      }
    if (!ok) continue;
    const next = i + len < end ? tokens[i + len].f : null;
    if (kw.needsNumber && (next === null || !NUMBERISH.test(next))) continue;
    // Only buildings take a bare letter ("Tòa A"); "Ng.T.Minh Khai" is no alley "Ngõ T".
    if (kw.needsNumber && kw.kind !== "building" && !/\d/.test(next!)) continue;
    if (kw.letterFirst && !/^[a-z]/.test(next ?? "")) continue;
    // "nhà 3 tầng", "nhà 4x16": the house's floors or size, not its number.
    if (kw.kind === "house" && kw.needsNumber && (isMeasure(next!) || measureEnd(tokens, i + len, end) > 0)) continue;
    if (kw.roomNumber && !ROOM_NUMBER.test(next ?? "")) continue;
    if (next === null && kw.kind !== "street" && !kw.whole) continue; // a bare keyword at the end names nothing
    // An alley named by words ("ngõ Văn Chương") only opens a run; mid-run "ngo" is a name ("Ngô").
    if (kw.kind === "alley" && !runStart && next !== null && !/\d/.test(next)) continue;
    return kw;
  }
  return null;
}

/**
 * Token t, after a house number, opens a hamlet: a keyword of HAMLET_STARTS_IN_RUN, or "Bản"
 * written with its diacritics ("Số 1 Bản Phú Xuân"), which without them is as often Bàn.
 */
function opensHamletAfterNumber(t: Token): boolean {
  if (HAMLET_STARTS_IN_RUN.has(t.f)) return !spelledOtherwise(t);
  return t.f === "ban" && !spelledOtherwise(t);
}

/**
 * Token k, right after a house's number in its run, is "lang" written without diacritics: Hà Nội's
 * streets Láng, Láng Hạ, Láng Thượng as often as a village, and after a house's number a street is
 * likelier ("1 lang ha"). Written "Làng" it opens the hamlet. ("ban" stays the hamlet's Bản: the
 * villages of the north-west are numbered so, Bàn Cờ is one street.)
 */
function streetAfterNumber(tokens: readonly Token[], k: number, runStart: number): boolean {
  const t = tokens[k];
  return k > runStart && t.f === "lang" && t.lower === "lang" && tokens[k - 1].w.house;
}

/**
 * Token k is "duong" without its diacritics inside a name's words ("An Duong Vuong", "Dai lo Binh
 * Duong"): the name's "Dương", not the street keyword "đường" opening another street, which
 * follows a number or opens its run.
 */
function duongInName(tokens: readonly Token[], k: number, nameFrom: number): boolean {
  if (k === nameFrom || tokens[k].f !== "duong") return false;
  // "Đường" closing the words of a name is the name's ("Ông Ích Đường", a man's name): a keyword
  // there would open a street of no words.
  const last = k + 1 === tokens.length || tokens[k + 1].seg !== tokens[k].seg;
  if (last && !tokens[k - 1].w.digit) return true;
  if (tokens[k].lower !== "duong") return false;
  // "đường số 5", "đường 30/4" open a street by its number.
  const next = tokens[k + 1];
  const numbered = next !== undefined && next.seg === tokens[k].seg && (next.w.digit || next.f === "so");
  return !tokens[k - 1].w.digit && !numbered;
}

/**
 * A street named after someone goes on with the given name, from its first word claimed at `first`:
 * "5 Trần Hưng Đạo" is not the ward Hưng Đạo after a street "Trần" (nor "Nguyễn Thị Minh Khai" the
 * ward Minh Khai). "1 Chu Văn An" likewise, though "Chu" alone may open a place's name; and a
 * wharf's street, "1 Bến Vân Đồn" (no Đặc khu Vân Đồn), "Bến Chương Dương".
 */
function claimGivenName(tokens: readonly Token[], claimed: Uint8Array, first: number): void {
  const seg = tokens[first].seg;
  for (let k = first; k + 1 < tokens.length && tokens[k + 1].seg === seg; k++) {
    const f = tokens[k].f;
    const named =
      k === first
        ? FAMILY_NAMES.has(f) || opensPersonName(f, tokens[k + 1].f) || (f === "ben" && tokens[k].lower === "bến")
        : MIDDLE_NAMES.has(f);
    if (!named || k > first + 1) break;
    claimed[k + 1] = STREET_CLAIM;
  }
}

/**
 * A house's number alone in its segment ("Số 6, Nguyễn Trãi, HP", "142, Lê Lai, Hải Phòng"): a
 * person's name opening the next segment is the house's street, as it is after the number in one
 * segment, not a ward named after that person elsewhere (Chí Linh's Nguyễn Trãi, a Lê Lợi through a
 * slip). Its first words are claimed; a unit may follow them in that segment.
 */
function claimStreetAfterLoneNumber(tokens: readonly Token[], claimed: Uint8Array): void {
  let start = 0;
  while (start < tokens.length) {
    let end = start + 1;
    while (end < tokens.length && tokens[end].seg === tokens[start].seg) end++;
    // The number opens the text or has its keyword (a bare number further on is a numbered ward's or
    // district's: "…, Tân Hưng, 7, Hồ Chí Minh"), and the name is not the text's last segment.
    if (
      end + 1 < tokens.length &&
      tokens[end + 1].seg === tokens[end].seg &&
      tokens[tokens.length - 1].seg !== tokens[end].seg &&
      loneHouseNumber(tokens, start, end)
    ) {
      if (FAMILY_NAMES.has(tokens[end].f) && !claimed[end]) {
        claimed[end] = STREET_CLAIM;
        claimGivenName(tokens, claimed, end);
      }
    }
    start = end;
  }
}

/**
 * tokens[start, end) are a house's number and nothing else, after its keyword ("Số 6", "SN 12") or
 * opening the text ("142").
 */
function loneHouseNumber(tokens: readonly Token[], start: number, end: number): boolean {
  let k = start;
  if (tokens[k].f === "sn") k++;
  else if (tokens[k].f === "so") {
    k++;
    if (k < end && tokens[k].f === "nha") k++;
  }
  return k === end - 1 && tokens[k].w.house && (k > start || start === 0);
}

/**
 * Marks the tokens the text gives to a street: right after a house number or alley number, or
 * after a street keyword (STREET_CLAIM); and to a hamlet, after a hamlet keyword that opens a
 * segment or follows a house number, or one of HAMLET_STARTS_IN_RUN after a street's words
 * (HAMLET_CLAIM). When commas separate the units that follow (the segment is not the
 * last one), the whole rest of the segment is the street; otherwise only its first word is
 * known to be. Unit mentions starting on a claimed token without a type word are penalised
 * (see mentions.ts), so "12 Trần Hưng Đạo, Hoàn Kiếm" keeps the street out of the wards.
 * `namesCityOrProvince` tells a node of the word trie that spells a district's or province's name
 * (UnitIndex.namesUpper).
 */
export function claimStreetStarts(
  tokens: readonly Token[],
  trie: WordTrie,
  namesCityOrProvince: (node: number) => boolean,
): Uint8Array {
  const claimed = new Uint8Array(tokens.length);
  const lastSeg = lastSegmentOfWords(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    // A claimed word starts no claim of its own, but an alley's number does ("1 ngõ 9 Hàng Buồm"),
    // and so does the street's keyword after a house's number: "số 5 đường Nguyễn Thị Minh Khai" is
    // the street's name as "đường Nguyễn Thị Minh Khai" is, not a street "Nguyễn" and Xã Minh Khai.
    if (next.seg !== t.seg || (claimed[i] && !t.w.house && !streetKeywordAfterNumber(tokens, i))) continue;
    const f = t.f;
    // The cheap tests first: this runs for every word, and most words are no keyword (PART_WORDS).
    // Only a house's number or a word of PART_WORDS starts a claim (the words compared below are
    // all of PART_WORDS).
    const keyword = t.w.partWord;
    if (!keyword && !t.w.house) continue;
    const hamlet =
      ((keyword &&
        (i === 0 || tokens[i - 1].seg !== t.seg || tokens[i - 1].w.house) &&
        (HAMLET_STARTS.has(f) ||
          AREA_ABBREVIATIONS.has(f) ||
          (HAMLET_PHRASE_STARTS.has(f) && hamletKeywordLength(tokens, i) > 1))) ||
        // ... or after a street's words, in a run without commas ("1 Bạch Đằng Ấp Hưng Thịnh").
        (keyword && HAMLET_STARTS_IN_RUN.has(f) && runsOnFromStreet(tokens, claimed, i)) ||
        namedGroupAt(tokens, i)) &&
      !spelledOtherwise(t);
    const starts =
      (t.w.house &&
        !postalCodeBeforeNameAt(tokens, i) &&
        !afterGroupWord(tokens, i) &&
        !endsHamletName(tokens, claimed, i) &&
        !betweenTypes(tokens, i) &&
        !namesNumberedUnit(tokens, i, trie) &&
        !namesNumberedStreet(tokens, i) &&
        !next.w.house &&
        !BIS.has(next.f) &&
        !opensHamletAfterNumber(next)) ||
      // "Dương", "Phó" written with their own diacritics start names, not streets ("Xã Dương Minh Châu").
      (f === "duong" && !spelledOtherwise(t) && !closesTypedUnitName(tokens, i, trie)) ||
      (f === "pho" && !endsTypePhrase(tokens, i) && !endsDamagedCityType(tokens, i, lastSeg) && !spelledOtherwise(t)) ||
      f === "d" ||
      f === "dg" ||
      f === "street" ||
      avenueWord(tokens, i) ||
      (keyword && BIS.has(f) && i > 0 && tokens[i - 1].w.house) ||
      hamlet;
    if (!starts) continue;
    // A hamlet claims only its name's first word: a unit may follow in the same segment when no
    // comma separates them ("Buôn Nam Long Tân Long Đất - Bà Rịa").
    if (hamlet) {
      // After the whole keyword: "Khu phố Bình Minh", "Tổ dân phố Vĩnh Phước".
      const after = i + hamletKeywordLength(tokens, i);
      if (after < tokens.length && tokens[after].seg === t.seg) claimed[after] = HAMLET_CLAIM;
      // The keyword's own words start nothing: "phố" of "Tổ dân phố" is no street's keyword, and
      // "phố Vĩnh" no unit's name.
      claimed.fill(STREET_CLAIM, i + 1, after);
      i = after - 1;
      continue;
    }
    claimed[i + 1] = STREET_CLAIM;
    claimGivenName(tokens, claimed, i + 1);
    if (t.seg !== lastSeg)
      for (let k = i + 2; k < tokens.length && tokens[k].seg === t.seg; k++) claimed[k] = STREET_CLAIM;
  }
  claimStreetAfterLoneNumber(tokens, claimed);
  claimBuildingNames(tokens, claimed, lastSeg);
  claimExtendedStreets(tokens, claimed);
  claimLandmarks(tokens, claimed, trie, namesCityOrProvince);
  for (let k = 1; k < tokens.length; k++)
    if (tokens[k].dash) {
      const end = roadPlaceEnd(tokens, k, lastSeg);
      if (end > k) claimed.fill(STREET_CLAIM, k, end);
    }
  return claimed;
}

/**
 * A road named after the two places it links, written across a spaced dash ("Đại lộ Láng - Hòa
 * Lạc", "Đại lộ Vinh - Cửa Lò"): where the segment before the dash is an avenue's keyword and
 * name, and more segments follow, the few words after the dash, tokens[k, end), are the road's,
 * no unit's. Returns `end`, or k when token k opens no such words.
 */
function roadPlaceEnd(tokens: readonly Token[], k: number, lastSeg: number): number {
  const t = tokens[k];
  if (!t.dash || k === 0 || tokens[k - 1].seg === t.seg || t.seg === lastSeg || typePhraseAt(tokens, k) !== null) return k;
  let end = k;
  while (end < tokens.length && tokens[end].seg === t.seg) {
    if (tokens[end].w.digit || !tokens[end].w.syllable) return k;
    end++;
  }
  if (end - k > 3) return k;
  // The segment before: [a house's number,] an avenue's keyword, then words only. After "Đường"
  // the dash more often parts the address's pieces ("Đường Nguyễn Huệ - Bến Nghé - Quận 1").
  let from = k - 1;
  while (from > 0 && tokens[from - 1].seg === tokens[k - 1].seg) from--;
  if (tokens[from].w.house && from + 1 < k) from++;
  if (from + 1 >= k || !avenueWord(tokens, from + 1)) return k;
  for (let j = from + 1; j < k; j++) if (tokens[j].w.digit) return k;
  return from + 2 < k ? end : k;
}

/**
 * The last segment that holds a word, not only numbers: a closing segment of a number ("…, Gia Lai,
 * 8", a postal code) names no unit, so the units written before it still close the text.
 */
function lastSegmentOfWords(tokens: readonly Token[]): number {
  let k = tokens.length - 1;
  while (k > 0 && tokens[k].w.digit && tokens[k - 1].seg !== tokens[k].seg) k--;
  return k >= 0 ? tokens[k].seg : 0;
}

/**
 * "nối dài" (extended) closes a street's name: "Điện Biên Phủ nối dài", "12 Quang Trung nối dài". The
 * words before it, back to a number or the segment's start, are the street's, not a unit's ("Phủ nối"
 * is no Phú Lợi, "nối dài" no Nội Bài, "Quang Trung" no ward).
 */
function claimExtendedStreets(tokens: readonly Token[], claimed: Uint8Array): void {
  for (let k = 1; k + 1 < tokens.length; k++) {
    if (tokens[k].f !== "noi" || tokens[k + 1].f !== "dai" || tokens[k + 1].seg !== tokens[k].seg) continue;
    if (tokens[k - 1].seg !== tokens[k].seg) continue;
    let from = k - 1;
    while (from > 0 && tokens[from - 1].seg === tokens[k].seg && !tokens[from - 1].w.digit) from--;
    claimed.fill(STREET_CLAIM, from, k + 2);
  }
}

/** Token i is "đường" or "phố", written so, right after a house's number: the street's name follows. */
function streetKeywordAfterNumber(tokens: readonly Token[], i: number): boolean {
  const f = tokens[i].f;
  return (
    STREET_KEYWORD_WORDS.has(f) &&
    i > 0 &&
    tokens[i - 1].seg === tokens[i].seg &&
    tokens[i - 1].w.house &&
    !spelledOtherwise(tokens[i])
  );
}

/** Token i follows, in its segment, a word that numbers a group (GROUP_WORDS) other than a house's. */
function afterGroupWord(tokens: readonly Token[], i: number): boolean {
  if (i === 0 || tokens[i - 1].seg !== tokens[i].seg) return false;
  const before = tokens[i - 1].f;
  return GROUP_WORDS.has(before) && before !== "so" && before !== "sn" && before !== "nha";
}

/**
 * Token i is a short number closing a hamlet's name ("ấp Long Đức 1 Tam Phước", "ấp Bình Thạnh 2
 * Tân Bình"): the words after it are not a street's, the commune often follows without a comma.
 */
function endsHamletName(tokens: readonly Token[], claimed: Uint8Array, i: number): boolean {
  if (!/^\d{1,2}$/.test(tokens[i].f)) return false;
  for (let k = i - 1; k >= 0 && tokens[k].seg === tokens[i].seg && !tokens[k].w.digit; k--)
    if (claimed[k] === HAMLET_CLAIM) return true;
  return false;
}

/** Keywords before a building's name ("Chung cư Hoàng Anh Gia Lai", "Tòa nhà Sông Đà"). */
const BUILDING_NAME_KEYWORDS: readonly (readonly string[])[] = [
  ["chung", "cu"],
  ["cao", "oc"],
  ["toa", "nha"],
  ["nha", "o", "xa", "hoi"],
  ["ky", "tuc", "xa"],
];

/**
 * A segment opening with a building keyword, followed by more of the address, is the building's
 * name: a province or ward named in it ("Chung cư Hoàng Anh Gia Lai, …, Phường Bình Thạnh") is
 * the building's, so its words are claimed like a street's (a unit there costs; typed, it counts).
 * In a run without commas the name ends at the house number that follows it ("Căn hộ 203 Chung
 * cư Hoàng Anh Gia Lai 1 Núi Thành Bình Hòa"), and the keyword's own words are claimed too: "cư
 * Bông" of "chung cư Bông Sen" is no Xã Cư Bông. Without a number after it, where the name ends
 * is not known, and nothing is claimed.
 */
function claimBuildingNames(tokens: readonly Token[], claimed: Uint8Array, lastSeg: number): void {
  for (let i = 0; i < tokens.length; i++) {
    const length = buildingKeywordAt(tokens, i);
    if (length === 0) continue;
    const seg = tokens[i].seg;
    if (seg !== lastSeg && (i === 0 || tokens[i - 1].seg !== seg)) {
      for (let k = i + length; k < tokens.length && tokens[k].seg === seg; k++) claimed[k] ||= STREET_CLAIM;
      continue;
    }
    let number = i + length;
    while (number < tokens.length && tokens[number].seg === seg && !tokens[number].w.house) number++;
    if (number === i + length || number === tokens.length || tokens[number].seg !== seg) continue;
    for (let k = i + 1; k < number; k++) claimed[k] ||= STREET_CLAIM;
    i = number - 1;
  }
}

const BUILDING_NAME_FIRST_WORDS = new Set(BUILDING_NAME_KEYWORDS.map((words) => words[0]));

/** The number of words of the building keyword starting at token i in its segment, or 0. */
function buildingKeywordAt(tokens: readonly Token[], i: number): number {
  if (!tokens[i].w.partWord || !BUILDING_NAME_FIRST_WORDS.has(tokens[i].f)) return 0;
  for (const words of BUILDING_NAME_KEYWORDS) {
    if (i + words.length > tokens.length) continue;
    let k = 0;
    while (k < words.length && tokens[i + k].f === words[k] && tokens[i + k].seg === tokens[i].seg) k++;
    if (k === words.length) return k;
  }
  return 0;
}

/**
 * A block's code opening a phrase before any house number ("P1203 CT1 KĐT Văn Quán", "P305 B4 Kim
 * Liên", "HH4C Linh Đàm"): letters then digits, as Hà Nội's estates name their blocks. After a house number the
 * same shape is a street ("12 D1", "Đường N4").
 */
const BUILDING_CODE = /^[a-z]{1,3}\d{1,2}[a-z]?$/;

/** A word of letters that is no Vietnamese syllable ("Vinhomes", "Center"): streets are named in Vietnamese. */
function foreignName(t: Token): boolean {
  return !t.w.syllable && !t.w.digit && t.w.typo === 0 && t.w.nameId < 0 && t.w.english === null;
}

/**
 * A flat's code: the block's letters and floor, a dash or dot, the flat's number ("A12-05",
 * "S1.02", "L3-08"), or floor, block letter and number run together ("1A02"). A house number
 * starts with its digits ("12A-14"), so the first shape needs a letter first.
 */
const FLAT_CODE = /^(?:[a-z]{1,2}\d{1,2}[a-z]?[-.]\d{2,3}|\d{1,2}[a-z]\d{2})$/;

/**
 * An estate's keyword whose name the resolution read as the unit it is named after ("KĐT Văn
 * Quán, Hà Đông": the ward Văn Quán), after a direction or two at most ("KCN Nam Tân Uyên"): the
 * estate is still the hamlet part, written with the unit's words; alone, the keyword would be
 * read as a street. Null when tokens[at, end) is not such a keyword.
 */
function areaNamedByUnitAt(
  tokens: readonly Token[],
  at: number,
  end: number,
  units: readonly { start: number; end: number }[],
): string | null {
  const candidates = tokens[at].w.partWord ? KEYWORDS_BY_FIRST.get(tokens[at].f) : undefined;
  if (!candidates || spelledOtherwise(tokens[at])) return null;
  const unit = units.find((u) => u.start === end);
  if (unit === undefined || tokens[end].seg !== tokens[at].seg) return null;
  for (const kw of candidates) {
    // Not the one-syllable keywords ("Khối", "Ấp"): "Đồng Khởi Cầu Diễn" is a street and a ward.
    if (kw.kind !== "hamlet" || kw.needsNumber || kw.atStart) continue;
    // A direction may come before the unit's name ("KCN Nam Tân Uyên", "KĐT Tây Bắc Hà Nội").
    const from = at + kw.words.length;
    if (from > end || end - from > 2) continue;
    let directions = true;
    for (let k = from; k < end; k++) directions &&= DIRECTIONS.has(tokens[k].f);
    if (!directions || !spells(tokens, at, kw.words)) continue;
    return `${kw.label} ${words(tokens, from, unit.end, false)}`;
  }
  return null;
}

/** An estate's number after its name: a number, with a letter at most, or a Roman numeral ("1", "6B", "II"). */
const ESTATE_NUMBER = /^(?:\d{1,2}[a-z]?|i{1,3}|iv|v|vi{0,3})$/;

/** The directions an estate's name may put before the unit it is named after, folded. */
const DIRECTIONS = new Set(["nam", "bac", "dong", "tay"]);

/**
 * A number inside a building's name, followed by Vietnamese words, is the house number of the
 * street the building stands on ("Chung cư Sunrise City 27 Nguyễn Hữu Thọ", "tòa nhà Hapro 11B
 * Cát Linh"): names of buildings end in a number ("Hoàng Anh Gia Lai 2") or go on in English
 * ("Landmark 81 Vinhomes"), rarely in a street's words.
 */
function opensStreetInName(kw: PartKeyword, tokens: readonly Token[], at: number, end: number): boolean {
  if (kw.kind !== "building" || at + 1 >= end) return false;
  // The street may be named by a date ("1 30 Tháng 4", "5 3 tháng 2"): its number, then words.
  const next = tokens[at + 1].w.digit && at + 2 < end ? tokens[at + 2] : tokens[at + 1];
  return next.w.syllable && !next.w.digit;
}

/** Token i is the last word of a type phrase ("phố" of "Thành phố"): it starts no street. */
function endsTypePhrase(tokens: readonly Token[], i: number): boolean {
  if (i === 0 || tokens[i - 1].seg !== tokens[i].seg) return false;
  const phrase = typePhraseAt(tokens, i - 1);
  return phrase !== null && phrase.words.length === 2;
}

/**
 * The number at i is a district's or ward's name ("Quận 10 Hồ Chí Minh", "q10 hcm", "P1 Tân
 * Bình"): what follows is no street of house number 10. After "Phường" the number may begin a
 * longer name, which is the ward's: the new wards "Phường 2 Bảo Lộc" carry it in theirs.
 */
function namesNumberedUnit(tokens: readonly Token[], i: number, trie: WordTrie): boolean {
  if (i === 0 || tokens[i - 1].seg !== tokens[i].seg || !tokens[i - 1].w.phrases) return false;
  const phrase = typePhraseAt(tokens, i - 1);
  if (phrase === null || phrase.words.length !== 1 || !spelledAsType(tokens[i - 1], phrase.types)) return false;
  if (phrase.types.includes("Quận")) return true;
  return phrase.types.includes("Phường") && !beginsLongerName(tokens, i, trie);
}

/**
 * The number at i is a street's whole name, after its keyword ("12 Đường số 7 Bình Trị Đông B",
 * "Đường 30/4 Phú Hòa"): the words after it are no street's, the ward often follows without a
 * comma. A date's month goes on with it ("Đường 3 Tháng 2"); "Ánh Dương 2" is a name.
 */
function namesNumberedStreet(tokens: readonly Token[], i: number): boolean {
  const seg = tokens[i].seg;
  let k = i - 1;
  if (k >= 0 && tokens[k].seg === seg && tokens[k].f === "so") k--;
  if (k < 0 || tokens[k].seg !== seg) return false;
  const keyword = tokens[k];
  // "Đ." or "đ" is the street's; "tòa D 2" a block's letter.
  const street =
    keyword.f === "duong" ? !spelledOtherwise(keyword) : keyword.f === "d" && (keyword.abbrev || keyword.raw !== "D");
  return street && tokens[i + 1]?.f !== "thang";
}

/**
 * Token i, "duong" written without diacritics, closes a unit's name that opens its segment or
 * follows a unit's type word ("xa tan duong bao yen", "xuan duong lang son"): it is that name's
 * Dương, not a street's keyword. A number after it is a street's ("xa tan duong 5", "duong so 5").
 */
function closesTypedUnitName(tokens: readonly Token[], i: number, trie: WordTrie): boolean {
  const seg = tokens[i].seg;
  const next = tokens[i + 1];
  if (tokens[i].lower !== "duong" || next === undefined || next.w.digit || next.f === "so") return false;
  for (let first = i - 1; first >= Math.max(0, i - 2) && tokens[first].seg === seg; first--) {
    const opens = first === 0 || tokens[first - 1].seg !== seg || afterUnitType(tokens, first);
    if (opens && trie.isWhole(nameNode(tokens, first, i + 1, trie))) return true;
  }
  return false;
}

/** Token i and the next one begin a unit's name of several words ("2 Bảo Lộc"). */
function beginsLongerName(tokens: readonly Token[], i: number, trie: WordTrie): boolean {
  const next = tokens[i + 1];
  return (
    next !== undefined && next.seg === tokens[i].seg && trie.child(tokens[i].w.nameRoot, next.w.nameId) !== NO_NODE
  );
}

/**
 * "Phường 13 Quận 3": a number between type words numbers a unit; it starts no street. (A name
 * may follow the number: "Phường 2 Bảo Lộc" is one ward.)
 */
function betweenTypes(tokens: readonly Token[], i: number): boolean {
  if (i === 0 || i + 1 >= tokens.length || tokens[i - 1].seg !== tokens[i].seg) return false;
  if (typePhraseAt(tokens, i - 1) === null) return false;
  // "P5 BT", "p12 gv hcm": a district or city by its initials closes the numbered ward too.
  return tokens[i + 1].w.phrases !== undefined
    ? typePhraseAt(tokens, i + 1) !== null
    : UNIT_INITIALS.has(tokens[i + 1].f);
}

/** Units people write by their initials (units/aliases.ts: "BT", "GV", "HBT", "HCM"), folded. */
const UNIT_INITIALS: ReadonlySet<string> = new Set(
  UNIT_ALIASES.map(([alias]) => fold(alias)).filter((f) => f.length <= 4 && !f.includes(" ")),
);

/** The words of `set` (one or two) that start at token i, spelled as the keyword when accented, or 0. */
function phraseAt(tokens: readonly Token[], i: number, set: ReadonlySet<string>): number {
  if (!tokens[i].w.landmark || spelledOtherwise(tokens[i])) return 0;
  if (
    i + 1 < tokens.length &&
    tokens[i + 1].seg === tokens[i].seg &&
    set.has(`${tokens[i].f} ${tokens[i + 1].f}`)
  )
    return 2;
  return set.has(tokens[i].f) ? 1 : 0;
}

/** A junction's number of roads after "Ngã" ("Ngã 3 Giá Rai"): the landmark's word, no house's number. */
function junctionNumberAt(tokens: readonly Token[], k: number): boolean {
  return k > 0 && tokens[k - 1].seg === tokens[k].seg && LANDMARK_WORDS.has(`${tokens[k - 1].f} ${tokens[k].f}`);
}

/**
 * Claims the words after a landmark ("đối diện chợ Bến Thành", "gần trường Lê Quý Đôn", "bệnh
 * viện Chợ Rẫy"), up to the next type word, as a street's: a unit they name without a type word
 * is no evidence of where the address lies. A facility word alone ("chợ", "trường") counts only
 * written with its diacritics or after a landmark word: "Truong Dinh" may be a ward.
 */
function claimLandmarks(
  tokens: readonly Token[],
  claimed: Uint8Array,
  trie: WordTrie,
  namesCityOrProvince: (node: number) => boolean,
): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    // Both phrases start with a landmark's first word (phraseAt): most words are none.
    if (!tokens[i].w.landmark) continue;
    let len = phraseAt(tokens, i, LANDMARK_WORDS);
    // "trước" of "trước đây là", "sau" of "sau sáp nhập": a lead into the unit's other name, no place.
    if (len > 0 && opensRenaming(tokens, i)) continue;
    if (len === 0) {
      len = phraseAt(tokens, i, FACILITY_WORDS);
      // A word that folds like others ("cho", "truong") must carry the keyword's diacritics.
      const t = tokens[i];
      if (len === 0 || (len === 1 && KEYWORD_SPELLINGS[t.f] && t.lower === t.f)) continue;
      // After a unit's type word it begins the unit's name ("Xã Trường Sơn", "Phường Chợ Quán");
      // inside a unit's name it is that name's word ("Ô Chợ Dừa"), and so inside a hamlet's after
      // its first word ("Thôn Đại Trường Hoằng Trường": the commune follows).
      if (afterUnitType(tokens, i) || insideUnitName(tokens, i, trie)) continue;
      if (claimed[i - 1] === HAMLET_CLAIM && tokens[i - 1].seg === t.seg && !tokens[i - 1].w.digit) continue;
      // Its own words are no unit's either, unless a unit's name begins with them ("Trường Xuân"):
      // a typo search read "Bệnh viện" as Phường Bình Tiên. A unit's whole name ("Trung Tâm", a
      // ward of Nghĩa Lộ) is the facility's words when a name it does not begin follows them
      // ("Trung tâm Thương mại Vincom").
      const goesOn = i + len < tokens.length && tokens[i + len].seg === tokens[i].seg;
      // Two words: one ("chợ") folds like too many names ("Chờ") to tell. Not before a unit's name
      // ending the segment: "trung tam lao cai" is Lào Cai's Phường Trung Tâm.
      let segEnd = i + len;
      while (segEnd < tokens.length && tokens[segEnd].seg === tokens[i].seg) segEnd++;
      const wholeName =
        len === 2 &&
        goesOn &&
        trie.isWhole(nameNode(tokens, i, i + len, trie)) &&
        !spellsUnitName(tokens, i, i + len + 1, trie) &&
        !trie.isWhole(nameNode(tokens, i + len, segEnd, trie));
      if (!spellsUnitName(tokens, i, i + len, trie) || wholeName) claimed.fill(1, i, i + len);
    }
    let k = i + len;
    while (k < tokens.length && tokens[k].seg === tokens[i].seg && tokens[k].w.phrases === undefined) k++;
    // The landmark's own name starts after its words and a facility word ("gần trường Lê Quý Đôn").
    const named = i + len + (i + len < k ? phraseAt(tokens, i + len, FACILITY_WORDS) : 0);
    const to = k === tokens.length ? beforeTrailingUnitNames(tokens, named + 1, k, trie, namesCityOrProvince) : k;
    for (let c = i + len; c < to; c++) claimed[c] = 1;
    i = k - 1;
  }
}

/** Token p alone, written with its marks, names a city or a province ("Huế", "Vinh"). */
function markedCityOrProvince(
  tokens: readonly Token[],
  p: number,
  trie: WordTrie,
  namesCityOrProvince: (node: number) => boolean,
): boolean {
  return tokens[p].lower !== tokens[p].f && namesCityOrProvince(nameNode(tokens, p, p + 1, trie));
}

/**
 * Where the names that end the text begin, when a landmark's words run to its end without a comma
 * ("Chợ Dừa Đống Đa Hà Nội"): two names or more of two words or more each (or a short form, "HN"),
 * peeled off from the end (the district and the province), or one city's or province's; else `end`. Claimed with the landmark, they would be lost.
 * No name starts before `from`: the landmark keeps a word of its own ("gần chợ Bến Thành").
 */
function beforeTrailingUnitNames(
  tokens: readonly Token[],
  from: number,
  end: number,
  trie: WordTrie,
  namesCityOrProvince: (node: number) => boolean,
): number {
  let to = end;
  let names = 0;
  for (;;) {
    let start = -1;
    // One word names a place only as a short form that is no syllable ("TPHCM", "HN"), not as a
    // number: "Trường Tiểu học Phú Hòa 3" keeps its number, and with it its name.
    for (let p = to - 1; p >= from; p--)
      if (
        (p < to - 1 || (!tokens[p].w.syllable && !tokens[p].w.digit) || markedCityOrProvince(tokens, p, trie, namesCityOrProvince)) &&
        spellsUnitName(tokens, p, to, trie)
      )
        start = p;
    // A name that began before `from` is the landmark's ("trường Lê Quý Đôn"), not the units'.
    if (start < 0 || spellsUnitName(tokens, start - 1, to, trie)) break;
    to = start;
    names++;
  }
  if (names >= 2) return to;
  // One name of two words or more is where the place stands when it is a city's or a province's
  // ("Khách sạn Novotel Nha Trang", "Trung tâm Anh ngữ Quy Nhơn"); a ward's is the place's own name
  // ("Bệnh viện Bạch Mai" is in Phương Mai).
  // One word, written with its marks, after a facility's words of its own ("Trường Đại học Khoa học
  // Huế") is such a name too.
  const oneMarkedWord = end - to === 1 && to > from && tokens[to].lower !== tokens[to].f;
  if (names === 1 && (end - to >= 2 || oneMarkedWord) && namesCityOrProvince(nameNode(tokens, to, end, trie))) return to;
  return end;
}

/** The word trie's node that tokens[from, to) spell, or NO_NODE when they begin no unit's name. */
export function nameNode(tokens: readonly Token[], from: number, to: number, trie: WordTrie): number {
  let node = tokens[from].w.nameRoot;
  for (let k = from + 1; node !== NO_NODE && k < to; k++) node = trie.child(node, tokens[k].w.nameId);
  return node;
}

/** tokens[from, to) spell the start of a unit's name, by the name index's word trie. */
export function spellsUnitName(tokens: readonly Token[], from: number, to: number, trie: WordTrie): boolean {
  return nameNode(tokens, from, to, trie) !== NO_NODE;
}

/** A unit's name starting one or two words before token i runs on past it ("Ô Chợ Dừa"). */
function insideUnitName(tokens: readonly Token[], i: number, trie: WordTrie): boolean {
  if (i + 1 >= tokens.length || tokens[i + 1].seg !== tokens[i].seg) return false;
  for (let from = i - 1; from >= Math.max(0, i - 2) && tokens[from].seg === tokens[i].seg; from--)
    if (spellsUnitName(tokens, from, i + 2, trie)) return true;
  return false;
}

/** A unit's type phrase ends just before token i, in its segment ("Xã" of "Xã Trường Sơn"). */
function afterUnitType(tokens: readonly Token[], i: number): boolean {
  for (let len = 1; len <= 2 && i - len >= 0; len++) {
    if (tokens[i - len].seg !== tokens[i].seg) return false;
    const phrase = typePhraseAt(tokens, i - len);
    if (phrase !== null && phrase.words.length === len) return true;
  }
  return false;
}

/**
 * Phrases that lead into a unit's other name ("nay là Phường Sài Gòn", "trước đây là xã …"), and
 * "thuộc" ("thuộc xã …"), folded.
 */
const RENAMING_PHRASES = [...OLD_NAME_LEADS, ...NEW_NAME_LEADS, ["thuoc"]];

/** RENAMING_PHRASES by first word, in their order. */
const RENAMING_BY_FIRST = byFirstWord(RENAMING_PHRASES, (phrase) => phrase);

/**
 * Marks as used the remarks people add to a unit's name since the 2025 reform: "cũ"/"mới" right
 * after a unit's words or alone in brackets ("Quận 1 cũ", "P. Lộc Thọ (cũ)"), and the phrase that
 * leads into a unit's other name ("nay là P. Nha Trang", "(trước đây là xã Yên Sơn)"). They say
 * which structure a name belongs to and are no street, hamlet or place name.
 * Call after the reading's units are marked: only words next to a unit's words qualify.
 */
export function markStructureRemarks(tokens: readonly Token[], used: Uint8Array, trie: WordTrie): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Every remark and lead below opens with a word that may state a structure or one of PART_WORDS
    // (RENAMING_BY_FIRST): most words are neither.
    if (used[i] === 1 || !(t.w.statesStructure || t.w.partWord)) continue;
    const seg = t.seg;
    const endsSegment = i + 1 === tokens.length || tokens[i + 1].seg !== seg;
    const startsSegment = i === 0 || tokens[i - 1].seg !== seg;
    // "(trước: xã Hòa Phong, …)": "before", alone before the colon, leads into the former name.
    if (t.f === "truoc" && startsSegment && endsSegment && i + 1 < tokens.length && t.lower === "trước") {
      used[i] = 1;
      continue;
    }
    if (isStructureRemark(t) && endsSegment) {
      if (startsSegment || used[i - 1] === 1) {
        used[i] = 1;
        continue;
      }
      // A unit's name the reading did not take, with its remark ("…, Tây Ninh (Long An cũ)": the
      // old province, which the reading reaches through the commune instead). Only "cũ" and "mới"
      // written so: "Nguyen Van Cu" is a street.
      const raw = t.lower;
      if (raw === "cũ" || raw === "mới") {
        let from = i;
        while (from > 0 && tokens[from - 1].seg === seg) from--;
        if (spellsTypedUnitName(tokens, from, i, trie)) {
          used.fill(1, from, i + 1);
          continue;
        }
      }
    }
    const phrases = t.w.partWord ? RENAMING_BY_FIRST.get(t.f) : undefined;
    if (phrases === undefined) continue;
    for (const phrase of phrases) {
      const end = i + phrase.length;
      if (end >= tokens.length) continue;
      if (!leadWrittenAt(tokens, i, phrase) || used.subarray(i, end).includes(1)) continue;
      if (tokens[end].seg !== seg) {
        // The lead alone in its segment, its name after a colon ("(trước đây: P. Bồ Đề, …)").
        if (startsSegment && phrase.length > 1) {
          used.fill(1, i, end);
          break;
        }
        continue;
      }
      if (used[end] === 1) used.fill(1, i, end);
      else {
        // The other name need not be the reading's: an old reading converts to the new commune
        // the text also names ("Phường Linh Trung, … (nay là phường Linh Xuân)"), whose words are
        // then no street either.
        const to = unitNamedUpTo(tokens, end, trie);
        if (to < 0) continue;
        used.fill(1, i, to);
      }
      break;
    }
  }
}

/**
 * Where a unit named from token `from` to the end of its segment ends (the segment's end), or -1:
 * its type phrase (optional) and then words that spell a unit's name, nothing else.
 */
function unitNamedUpTo(tokens: readonly Token[], from: number, trie: WordTrie): number {
  const seg = tokens[from].seg;
  let end = from;
  while (end < tokens.length && tokens[end].seg === seg) end++;
  return spellsTypedUnitName(tokens, from, end, trie) ? end : -1;
}

/**
 * tokens[from, to) are a unit's type phrase (optional) and then words that spell a unit's whole
 * name ("Xóm" of "Xóm Mới" only begins Phường Xóm Củi's).
 */
function spellsTypedUnitName(tokens: readonly Token[], from: number, to: number, trie: WordTrie): boolean {
  const nameFrom = from + (typePhraseAt(tokens, from)?.words.length ?? 0);
  return nameFrom < to && trie.isWhole(nameNode(tokens, nameFrom, to, trie));
}

/** Segment `seg` has ended before token k (the text ends, or token k starts another segment). */
export function endsSegmentAt(tokens: readonly Token[], k: number, seg: number): boolean {
  return k === tokens.length || tokens[k].seg !== seg;
}

/** A lead into a unit's other name (RENAMING_PHRASES, "trước đây là", "sau sáp nhập") begins at token i. */
function opensRenaming(tokens: readonly Token[], i: number): boolean {
  return RENAMING_BY_FIRST.get(tokens[i].f)?.some((phrase) => phrase.length > 1 && leadWrittenAt(tokens, i, phrase)) ?? false;
}

/**
 * The tokens less a country's name closing the text ("… Thừa Thiên Huế Việt Nam", "… Hà Nội VN",
 * "…, Hanoi, Vietnam"; a postal code may follow it, and stays). Written without its comma, it leaves
 * the province inside a run of words, where a name reads as a street's; written as its own segment,
 * it keeps the province's segment from closing the text, where the province is read as the
 * address's own ("Thang Long Bld., 115 Le Duan St., Hanoi, Vietnam" is in Hà Nội, not in Thái
 * Bình's Xã Thăng Long). The same list when there is none (most texts); a country written as the
 * text's only words, or elsewhere, is left for markCountry.
 */
export function withoutClosingCountry(tokens: readonly Token[]): readonly Token[] {
  let end = tokens.length;
  if (end > 0 && /^\d{5}0?$/.test(tokens[end - 1].f)) end--;
  if (end < 2) return tokens;
  const last = tokens[end - 1].f;
  if (last !== "nam" && last !== "vietnam" && last !== "vn") return tokens;
  for (let start = end - 2; start < end; start++) {
    if (start < 1 || countryLengthAt(tokens, start) !== end - start) continue;
    const seg = tokens[start].seg;
    if (tokens[end - 1].seg !== seg) return tokens;
    // Written as its own segment ("…, Hanoi, Vietnam"), it is left out too: the units' segment then
    // closes the text, where the province is read as the address's own.
    if (tokens[start - 1].seg !== seg && !closesCountrySegment(tokens, start, end)) return tokens;
    return [...tokens.slice(0, start), ...tokens.slice(end)];
  }
  return tokens;
}

/** The country's name tokens[start, end) fills its segment, but for a postal code after it, and more than it came before. */
function closesCountrySegment(tokens: readonly Token[], start: number, end: number): boolean {
  return start >= 2 && (end === tokens.length || tokens[end].seg === tokens[start].seg);
}

/** How many tokens from `i` spell a country's name (COUNTRY: "Việt Nam", "Vietnam", "VN"); 0 when none do. */
function countryLengthAt(tokens: readonly Token[], i: number): number {
  for (const words of COUNTRY) {
    if (i + words.length > tokens.length) continue;
    let matched = 0;
    while (matched < words.length && tokens[i + matched].f === words[matched]) matched++;
    if (matched === words.length) return matched;
  }
  return 0;
}

/** Marks country words ("Việt Nam", "VN") as used, so they become no part. */
export function markCountry(tokens: readonly Token[], used: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) {
    const f = tokens[i].f;
    if (f !== "viet" && f !== "vietnam" && f !== "vn") continue;
    const length = countryLengthAt(tokens, i);
    if (length === 0) continue;
    // Only at the end of the text or as a whole segment: "Nam" alone is a common name. A postal
    // code may close it ("Việt Nam 700000"): the code is read as such (isPostalCodeAt).
    const end = i + length;
    if (
      endsSegmentAt(tokens, end, tokens[i].seg) ||
      (/^\d{5}0?$/.test(tokens[end].f) && endsSegmentAt(tokens, end + 1, tokens[i].seg))
    )
      for (let k = i; k < end; k++) used[k] = 1;
  }
}

function words(tokens: readonly Token[], from: number, to: number, expand: boolean): string {
  let out = "";
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    const full = expand && t.abbrev && i + 1 < to ? NAME_ABBREVIATIONS[t.f] : undefined;
    out += (i === from ? "" : " ") + (full ?? t.raw);
  }
  return out;
}

function houseValue(tokens: readonly Token[], i: number, end: number): { value: string; next: number } {
  const { value, next } = numberWithBis(tokens, i, end);
  const list = listedAfter(tokens, next, end, isHouseNumber);
  return { value: value + list.more, next: list.next };
}

/** The number at token i with the "Bis" or "Ter" after it before `end` ("147 Bis"), and the token after them. */
function numberWithBis(tokens: readonly Token[], i: number, end: number): { value: string; next: number } {
  const value = tokens[i].raw.toUpperCase();
  if (i + 1 >= end || !BIS.has(tokens[i + 1].f)) return { value, next: i + 1 };
  return { value: `${value} ${tokens[i + 1].f === "bis" ? "Bis" : "Ter"}`, next: i + 2 };
}

/**
 * `next` (folded) goes on a list of houses' numbers that `house` ends: both plain numbers on the
 * same side of the street (one parity), a little further along (at most 20). "Số 5, 12 Lê Lợi"
 * is no such list, nor "1205, 23 …" (a flat's number and the house's).
 */
function continuesHouseList(house: string | null, next: string): boolean {
  const last = house === null ? null : /(?:^|, |-)(\d{1,5})$/.exec(house);
  if (last === null || !/^\d{1,5}$/.test(next)) return false;
  const step = Number(next) - Number(last[1]);
  return step > 0 && step <= 20 && step % 2 === 0;
}

/** A part's keyword begins at tokens[at], or after a word joining parts ("và thửa 186"). */
function keywordAfter(tokens: readonly Token[], at: number, end: number): boolean {
  if (LIST_JOINERS.has(tokens[at].f)) at++;
  return at < end && keywordAt(tokens, at, end, true, true) !== null;
}

/**
 * The rest of a list of numbers from tokens[next] on, before `end`: each a joiner and a number that
 * `fits` ("& 312", "và 7"), as written, numbers in capitals; and the token after it. A house's, a
 * flat's or a lot's number goes on so, and the list is the part: its last number is no house's.
 */
function listedAfter(
  tokens: readonly Token[],
  next: number,
  end: number,
  fits: (f: string) => boolean,
): { more: string; next: number } {
  let more = "";
  while (next + 1 < end && LIST_JOINERS.has(tokens[next].f) && fits(tokens[next + 1].f)) {
    more += ` ${tokens[next].lower} ${tokens[next + 1].raw.toUpperCase()}`;
    next += 2;
  }
  return { more, next };
}

const isNumberish = (f: string): boolean => NUMBERISH.test(f);

/**
 * A building's keyword is followed by a house's plain number (a range, a letter: no tower's code
 * as "17T11") and a street's words: the building is named by its address. Not its storeys ("Tòa
 * nhà 7 tầng").
 */
function namedByAddress(kw: PartKeyword, tokens: readonly Token[], from: number, to: number): boolean {
  if (kw.needsNumber || kw.whole || to - from < 2 || !PLAIN_HOUSE_NUMBER.test(tokens[from].f)) return false;
  const next = tokens[from + 1];
  return !next.w.digit && next.f !== "tang" && next.f !== "lau";
}

const PLAIN_HOUSE_NUMBER = /^\d+[a-z]?(?:[-/]\d+[a-z]?)*$/;

/**
 * The end of a range of houses, when token k opens a segment after a spaced dash with a plain house
 * number (digits, a letter at most, "Bis") and the street's words follow it in that segment: its
 * value ("16", "147 Bis") and the token after it; null otherwise.
 */
function rangeEndAfterDash(tokens: readonly Token[], k: number, used: Uint8Array): { value: string; next: number } | null {
  const t = tokens[k];
  if (k + 1 >= tokens.length || !t.dash || used[k] || !/^\d+[a-z]?(?:\/\d+[a-z]?)*$/.test(t.f)) return null;
  const after = tokens[k + 1];
  // "15- 30 Tháng 4": a street named by a date begins with its day.
  if (after.seg !== t.seg || used[k + 1] || after.w.digit || after.f === "thang") return null;
  return numberWithBis(tokens, k, k + 2);
}

/**
 * The alley chain outermost first, as `ParsedParts.alley` gives it: a ngõ or kiệt holds its ngách,
 * a ngách its hẻm. Map services and some people write it innermost first ("45 Ngh. 12 Ng. 102",
 * "1 ngách 23 ngõ 52"); alleys of one rank keep the text's order ("Hẻm 12 Hẻm 5").
 */
function outermostFirst(alleys: string[]): string[] {
  const rank = (alley: string) => ALLEY_RANK[alley.slice(0, alley.indexOf(" "))] ?? 0;
  return alleys.sort((a, b) => rank(a) - rank(b)); // stable: one rank keeps its order
}
const ALLEY_RANK: Record<string, number> = { Ngõ: 0, Kiệt: 0, Ngách: 1, Hẻm: 2 };

/** Words before a date that say when ("trước 01/2025", "từ tháng 7/2025"). */
const DATE_LEADS: ReadonlySet<string> = new Set(["truoc", "sau", "tu", "den", "ngay", "thang", "nam"]);

/**
 * The number at k is a date, no house's number: opening its run, a street named by a date with no
 * house number before it ("30 Tháng 4, Cầu Kè"; its three words), or a month after a word saying
 * when ("trụ sở xã Tiên Cẩm cũ trước 01/2025"; one word). 0 when it is none.
 */
function namesDate(tokens: readonly Token[], k: number, runStart: number, end: number): number {
  const t = tokens[k];
  if (k === runStart && k + 2 < end && tokens[k + 1].f === "thang" && /^\d{1,2}$/.test(t.f) && +t.f >= 1 && +t.f <= 31) {
    // The month as a number ("30 Tháng 4", "2 tháng 09") or a word ("19 Tháng Tám").
    if (MONTHS.has(tokens[k + 2].f.replace(/^0(?=\d)/, ""))) return 3;
  }
  const afterLead = k > 0 && tokens[k - 1].seg === t.seg && DATE_LEADS.has(tokens[k - 1].f);
  return afterLead && /^(?:\d{1,2}\/)?(?:19|20)\d{2}$/.test(t.f) ? 1 : 0;
}

/** Words a number measures in a listing ("5 tỷ", "60 m2", "2 PN"), folded. */
const MEASURE_WORDS: ReadonlySet<string> = new Set(["ty", "ti", "tr", "m2", "pn", "wc"]);
/**
 * Measure words that fold like a name's word ("19 Triệu Quang Phục", "12 Tăng Bạt Hổ"): only as
 * written, in small letters.
 */
const MEASURE_WORDS_WRITTEN: ReadonlySet<string> = new Set(["triệu", "tầng", "lầu"]);
/** An area as written, in small letters ("48m2", "64,3m2", "70m²"). */
const AREA_WRITTEN = /^\d+(?:[.,]\d+)?m[2²]$/;
/** Words a listing writes before a size or a price ("giá 5 tỷ", "ngang 4.2m", "DT 60"), folded. */
const MEASURE_LEADS: ReadonlySet<string> = new Set(["gia", "ngang", "dai", "rong", "dt", "tich", "hau"]);

/**
 * Where a price, an area or a size that opens at number k ends ("giá 5 tỷ 2", "ngang 4.2m dài
 * 18m", "nhà 3 tầng"), or -1 where the number is no such figure: a listing's figures are no house's
 * number. A floor's number after its count ("12 tầng 3") is left to the house.
 */
function measureEnd(tokens: readonly Token[], k: number, end: number): number {
  const seg = tokens[k].seg;
  // An area in small letters ("48m2"); in capitals, Hà Nội's blocks number houses so ("39M2").
  if (AREA_WRITTEN.test(tokens[k].raw)) return k + 1;
  const unit = k + 1 < end ? tokens[k + 1].f : null;
  const written = k + 1 < end && tokens[k + 1].raw === tokens[k + 1].lower && MEASURE_WORDS_WRITTEN.has(tokens[k + 1].lower);
  if (unit !== null && (MEASURE_WORDS.has(unit) || written)) {
    if ((unit === "tang" || unit === "lau") && k + 2 < end && tokens[k + 2].w.digit) return -1;
    // "5 tỷ 2": the hundreds of millions after the billions.
    return (unit === "ty" || unit === "ti") && k + 2 < end && /^\d{1,3}$/.test(tokens[k + 2].f) ? k + 3 : k + 2;
  }
  return k > 0 && tokens[k - 1].seg === seg && MEASURE_LEADS.has(tokens[k - 1].f) ? k + 1 : -1;
}

/**
 * The parts of the address from the tokens not `used` by units. Works run by run (maximal
 * stretches of unused tokens inside one segment), left to right, keyword-driven; words no
 * keyword introduces become the street when a house number or alley came before them (or no
 * street is known yet), otherwise the name of the place.
 */
export function extractParts(
  tokens: readonly Token[],
  used: Uint8Array,
  readUnits: readonly { start: number; end: number; unit?: { level: string } }[] = [],
): ParsedParts {
  const parts: ParsedParts = {
    house_number: null,
    alley: null,
    street: null,
    hamlet: null,
    building: null,
    unit: null,
    name: null,
    plus_code: null,
  };
  const alleys: string[] = [];
  const hamlets: string[] = [];
  const buildings: string[] = [];
  const units: string[] = [];
  const names: string[] = [];
  let numbered = false; // a house number or alley was read: bare words after it are the street
  let unitNumberEnd = -1; // the token after a flat's or stall's number, which starts no street
  let bareStreet = false; // the street came from bare words with no number before them
  let bareStreetFrom = -1; // where those words began and ended: tokens[bareStreetFrom, bareStreetTo)
  let bareStreetTo = -1;
  let placeNameFrom = -1; // likewise for bare words that went to the place's name, the street being known
  let placeNameTo = -1;
  // The house number taken may be another part's, should a later segment open with a house's own
  // number: the name's whose segment it closed ("Landmark 81"), at `name` in `names`; or, the
  // text's whole first segment ("1205, …", name -1), a flat's.
  let provisional: { seg: number; name: number } | null = null;
  // The house number was a bare number after a place's words in its run ("chi nhánh 2 Công ty …",
  // "Lake View 1"): a house's number written with its keyword in a later segment ("…, Số 189,
  // đường …") is the house's, and that one the place's (its segment; the name it closes, or -1).
  let numberInName: { seg: number; name: number } | null = null;
  let nameRun = -1; // the run whose words last went to the place's name
  // The number that closes a range of houses across a spaced dash ("14 - 16", "147 - 147 Bis"):
  // tokens[rangeFrom, rangeTo).
  let rangeFrom = -1;
  let rangeTo = -1;
  let lotList = -1; // the segment a lot's number closed, whose list may go on in the next ("Lô 38-4, 38-5")
  let houseList = -1; // likewise for a house's number ("Số 422, 424, 426 Cầu Giấy")
  let areaGoesOn = -1; // the token after the unit an estate is named after ("KCN Đức Hòa| 1")
  const n = tokens.length;
  const lastSeg = lastSegmentOfWords(tokens);
  let i = 0;
  while (i < n) {
    // A postal code the resolution did not need ("Hà Nội 100000"): no house number.
    if (used[i] || (i >= rangeFrom && i < rangeTo) || (tokens[i].w.digit && isPostalCodeAt(tokens, i))) {
      i++;
      continue;
    }
    let end = i;
    while (
      end < n &&
      !used[end] &&
      tokens[end].seg === tokens[i].seg &&
      !(end > i && unitPhraseAt(tokens, end))
    )
      end++;
    // "Đại lộ Láng - Hòa Lạc": the place after the dash ends the road's name.
    if (parts.street !== null && tokens[i].dash && roadPlaceEnd(tokens, i, lastSeg) === end) {
      parts.street += ` - ${words(tokens, i, end, true)}`;
      i = end;
      continue;
    }
    // A unit the resolution did not find ("Phường 13" where Quận 3 has none, a typo past
    // repair): no part of the address, so neither a house number "13" nor a street "Phường".
    // A word of a longer type phrase left alone before a unit ("T" of "T.T.Huế", the unit read as
    // "T. Huế") is a type word alone too.
    const longest = typePhraseAt(tokens, i);
    const phrase =
      longest !== null && end === i + 1 && longest.words.length > 1
        ? (tokens[i].w.phrases?.find((p) => p.words.length === 1) ?? null)
        : longest;
    if (
      phrase !== null &&
      // A type word alone ("…, Xã" while the name is still being typed) names nothing either.
      i + phrase.words.length <= end &&
      !keywordAt(tokens, i, end, true, true) &&
      spelledAsType(tokens[i], phrase.types)
    ) {
      i = end;
      continue;
    }
    // One run: tokens[i, end).
    let k = i;
    let atStart = true;
    // Where the run's words begin: its first token, or the keyword after "cuối", "đầu".
    let runFrom = i;
    while (k < end) {
      const area = areaNamedByUnitAt(tokens, k, end, readUnits);
      if (area !== null) {
        hamlets.push(area);
        areaGoesOn = readUnits.find((u) => u.start === end)!.end;
        k = end;
        continue;
      }
      // "KCN Đức Hòa 1", "KCN Thuận Thành II": the estate's number after the unit it is named after.
      if (k === i && i === areaGoesOn && end === i + 1 && tokens[i].seg === tokens[i - 1].seg && ESTATE_NUMBER.test(tokens[k].f)) {
        hamlets[hamlets.length - 1] += ` ${tokens[k].raw.toUpperCase()}`;
        k = end;
        continue;
      }
      const kw = streetAfterNumber(tokens, k, i) ? null : keywordAt(tokens, k, end, atStart, k === runFrom);
      const f = tokens[k].f;
      // "Lô 38-4, 38-5, Đường D14", "Lô E3, E4, E5 KCN …": the lot's list goes on past a comma, a
      // code alone or before a keyword (a house's number is followed by its street's words).
      if (
        !kw &&
        k === i &&
        lotList >= 0 &&
        lotList === tokens[k].seg - 1 &&
        tokens[k].w.digit &&
        NUMBERISH.test(f) &&
        (k + 1 === end || keywordAfter(tokens, k + 1, end))
      ) {
        parts.house_number += `${tokens[k].dash ? "-" : ", "}${tokens[k].raw.toUpperCase()}`;
        lotList = tokens[k].seg;
        k++;
        continue;
      }
      // "Số 422, 424, 426 Cầu Giấy": neighbouring houses' numbers, listed past commas.
      if (!kw && k === i && houseList >= 0 && houseList === tokens[k].seg - 1 && continuesHouseList(parts.house_number, f)) {
        parts.house_number += `${tokens[k].dash ? "-" : ", "}${tokens[k].raw}`;
        houseList = k + 1 === end && endsSegmentAt(tokens, end, tokens[k].seg) ? tokens[k].seg : -1;
        k++;
        continue;
      }
      // "Lô E10-2 và Lô E11-1": the word joining two parts is no part.
      if (!kw && LIST_JOINERS.has(f) && k + 1 < end && keywordAfter(tokens, k + 1, end) && !LIST_JOINERS.has(tokens[k + 1].f)) {
        k++;
        continue;
      }
      // "012 Lô C, Chung cư Hùng Vương", "009 Lô K chung cư Nguyễn Thiện Thuật": a block's letter after
      // a flat's number, no street; the building's keyword may follow in the same segment.
      if (
        !kw &&
        f === "lo" &&
        k > i &&
        k + 2 <= end &&
        /^[a-z]$/.test(tokens[k + 1].f) &&
        tokens[k - 1].w.house &&
        (k + 2 === end || keywordAt(tokens, k + 2, end, false)?.kind === "building")
      ) {
        buildings.push(`Lô ${tokens[k + 1].raw.toUpperCase()}`);
        k += 2;
        continue;
      }
      // "cuối ngõ 75", "đầu hẻm 12": where along the alley or street, no part of its own.
      if (!kw && k === i && ALONG_WORDS.has(f) && k + 1 < end && keywordAt(tokens, k + 1, end, true, true)) {
        runFrom = ++k;
        continue;
      }
      // A later segment opens with a house's own number: the provisional one was the name's
      // ("Landmark 81, 720A Điện Biên Phủ"), or, a building's or place's name having come between,
      // a flat's ("1205, Sunrise City, 23 Nguyễn Hữu Thọ"), the words before it no street.
      if (
        !kw &&
        k === i &&
        provisional !== null &&
        tokens[k].seg !== provisional.seg &&
        tokens[k].w.house &&
        (provisional.name >= 0 || (k + 1 < end && (buildings.length > 0 || names.length > 0 || parts.street !== null)))
      ) {
        if (provisional.name >= 0) names[provisional.name] += ` ${parts.house_number}`;
        else {
          units.push(parts.house_number!);
          if (parts.street !== null) names.push(parts.street);
          parts.street = null;
        }
        parts.house_number = null;
        provisional = null;
      }
      // "…, Tỉnh Bình Thuận. 8": a number alone after the province, ending the text, is a courier's
      // zone or a shop's note, not the house's number.
      if (
        !kw &&
        k === i &&
        i + 1 === n &&
        tokens[k].w.house &&
        readUnits.some((u) => u.end === i && u.unit?.level === "province")
      ) {
        k = end;
        continue;
      }
      const date = !kw && tokens[k].w.house && parts.house_number === null ? namesDate(tokens, k, i, end) : 0;
      if (date === 3 && parts.street === null) {
        parts.street = words(tokens, k, k + 3, true);
        k += 3;
        continue;
      }
      if (date === 1) {
        k++;
        continue;
      }
      const measure = !kw && tokens[k].w.house && parts.house_number === null ? measureEnd(tokens, k, end) : -1;
      if (measure > k) {
        k = measure;
        continue;
      }
      if (!kw && tokens[k].w.house && parts.house_number === null) {
        let { value, next } = houseValue(tokens, k, end);
        // "40 42 44 Phạm Văn Đồng": neighbouring doors written one after the other, as with commas.
        const doors = doorsListedAfter(tokens, k, next, end);
        if (doors.next > next) {
          value += doors.more;
          next = doors.next;
        }
        // "Lộc Châu 1, xã Tân Nghĩa": a small number closing a segment of Vietnamese words alone is the
        // number of the area they name (a hamlet's, a quarter's, written without its keyword), not a
        // house's: a house's number comes before its street. So where the words went to the place's
        // name, the street already read ("QL 91, Hòa Long 3, …").
        const areaWords = bareStreet && bareStreetTo === k ? "street" : placeNameTo === k ? "name" : null;
        const areaFrom = areaWords === "street" ? bareStreetFrom : placeNameFrom;
        if (areaWords !== null && next === end && endsSegmentAt(tokens, end, tokens[k].seg) && areaNumbered(tokens, areaFrom, k)) {
          if (areaWords === "name") {
            hamlets.push(`${names.pop()} ${value}`);
            placeNameTo = -1;
          } else {
            // A month's number is the date a street is named after ("Cách Mạng Tháng 8"): the street's.
            if (tokens[k - 1].f === "thang") parts.street += ` ${value}`;
            else {
              hamlets.push(`${parts.street} ${value}`);
              parts.street = null;
            }
            bareStreet = false;
          }
          k = next;
          atStart = true;
          continue;
        }
        parts.house_number = value;
        if (next === end && endsSegmentAt(tokens, end, tokens[k].seg)) houseList = tokens[k].seg;
        // "14 - 16 Hàm Nghi": a range of houses written around a spaced dash, which the tokeniser
        // took for a break between segments.
        const last = next === end ? rangeEndAfterDash(tokens, end, used) : null;
        if (last !== null) {
          parts.house_number += `-${last.value}`;
          rangeFrom = end;
          rangeTo = last.next;
        }
        numbered = true;
        if (bareStreet && parts.street !== null) {
          // "Vincom Center, 72 Lê Thánh Tôn": the words before the number named the place.
          names.push(parts.street);
          parts.street = null;
          bareStreet = false;
          nameRun = i;
        }
        if (next === end && (end === n || tokens[end].seg !== tokens[k].seg)) {
          if (nameRun === i && k > i) provisional = { seg: tokens[k].seg, name: names.length - 1 };
          else if (k === 0) provisional = { seg: tokens[k].seg, name: -1 };
        }
        if (k > i && nameRun === i) numberInName = { seg: tokens[k].seg, name: names.length - 1 };
        k = next;
        atStart = true;
        continue;
      }
      // The phrase: from after the keyword to the next keyword (or the end of the run).
      const from = kw ? k + kw.words.length : k;
      // A flat's keyword that may also name its words ("Căn hộ Sunrise") takes only a number after it
      // ("Căn hộ 2310 HH4C Linh Đàm": the block and the estate follow).
      const flatNumber = kw?.kind === "unit" && from < end && NUMBERISH.test(tokens[from].f);
      let to = from + (kw?.needsNumber || kw?.kind === "house" || kw?.kind === "lot" || flatNumber ? 1 : 0);
      // "Phòng 311 & 312", "Lô A1 + A2": a flat's or a lot's list of numbers.
      // So a floor's ("Tầng 3 & 4", "Tầng 1 và 2"): the last number is no house's.
      const floor = kw?.kind === "building" && kw.needsNumber === true;
      const list = flatNumber || floor || kw?.kind === "lot" ? listedAfter(tokens, to, end, isNumberish) : null;
      if (list !== null) to = list.next;
      // "Lô LK3 LK4 Đường …": a lot's codes written one after the other, before a keyword.
      while (
        kw?.kind === "lot" &&
        list !== null &&
        to < end &&
        tokens[to].w.digit &&
        /^[a-z]/.test(tokens[to].f) &&
        NUMBERISH.test(tokens[to].f) &&
        (to + 1 === end || keywordAfter(tokens, to + 1, end))
      ) {
        list.more += ` ${tokens[to].raw.toUpperCase()}`;
        to = list.next = to + 1;
      }
      if (kw?.kind === "alley" && to === from && from < end && NUMBERISH.test(tokens[from].f)) to = from + 1;
      const phraseEnd = (to: number) => {
        while (
          to < end &&
          (!keywordAt(tokens, to, end, false) || duongInName(tokens, to, from)) &&
          areaNamedByUnitAt(tokens, to, end, readUnits) === null &&
          !(
            tokens[to].w.house &&
            parts.house_number === null &&
            !junctionNumberAt(tokens, to) &&
            (!kw || opensStreetInName(kw, tokens, to, end))
          )
        )
          to++;
        return to;
      };
      // A floor named ("Tầng hầm B1", "Tầng trệt") needs no words after it, and a house's number
      // after it is the house's ("Tầng trệt 25 Lý Tự Trọng"); other words are the building's.
      if (kw?.whole) to = phraseEnd(from + (kw.whole === "with-code" && from < end && NUMBERISH.test(tokens[from].f) ? 1 : 0));
      else if (to === from) to = phraseEnd(from + 1);
      to = Math.min(to, end);
      const kind = kw?.kind ?? null;
      if (kind === "house" || kind === "lot") {
        if (kind === "house" && numberInName !== null && tokens[from].seg !== numberInName.seg && from < end && tokens[from].w.house) {
          if (numberInName.name >= 0) names[numberInName.name] += ` ${parts.house_number}`;
          else names.push(parts.house_number!);
          if (parts.street !== null) names.push(parts.street);
          parts.street = null;
          parts.house_number = null;
          numberInName = null;
          provisional = null;
        }
        if (parts.house_number === null) {
          const { value, next } = houseValue(tokens, from, end);
          if (kind === "house" && next === end && endsSegmentAt(tokens, end, tokens[from].seg)) houseList = tokens[from].seg;
          parts.house_number = kind === "lot" ? `${kw!.label} ${tokens[from].raw.toUpperCase()}${list?.more ?? ""}` : value;
          to = kind === "lot" ? to : next;
          // "Số 313B - 315 Nam Kỳ Khởi Nghĩa": a range of houses across a spaced dash, as for a bare number.
          const last = kind === "house" && next === end ? rangeEndAfterDash(tokens, end, used) : null;
          if (last !== null) {
            parts.house_number += `-${last.value}`;
            rangeFrom = end;
            rangeTo = last.next;
          }
          if (kind === "lot" && to === end && endsSegmentAt(tokens, end, tokens[from].seg)) lotList = tokens[from].seg;
          if (bareStreet && parts.street !== null) {
            // "Chị Lan, số 5 ngõ 3 …": as before a bare number, the words before named a person or place.
            names.push(parts.street);
            parts.street = null;
            bareStreet = false;
          }
        } else if (kind === "lot" && from < end) {
          // A second lot's number goes with the first: the parcel and its map sheet ("Thửa đất số
          // 123, tờ bản đồ số 45"), a lot in a block.
          parts.house_number += `, ${kw!.label} ${tokens[from].raw.toUpperCase()}${list?.more ?? ""}`;
        }
        numbered = true;
      } else if (kind === "alley") {
        alleys.push(`${kw!.label} ${words(tokens, from, to, false)}`);
        numbered = true;
      } else if (kind === "street" && kw!.words.length === 1 && kw!.words[0] === "pho" && to === from + 1 && /^\d{1,3}$/.test(tokens[from].f)) {
        // "phố 1, Lâm Xa, thị trấn Cành Nàng": a town's numbered quarter, no street ("Phố 8/3" is one).
        hamlets.push(`Phố ${tokens[from].raw}`);
      } else if (kind === "street") {
        const name = words(tokens, from, to, true);
        const value = kw!.label ? `${kw!.label} ${name}`.trim() : name;
        if (value !== "") {
          if (parts.street === null || bareStreet) parts.street = value;
          else names.push(value);
          bareStreet = false;
        }
      } else if (kind === "hamlet") hamlets.push(`${kw!.label} ${words(tokens, from, to, false)}`);
      else if (kind === "building") {
        buildings.push(`${kw!.label} ${words(tokens, from, to, false)}`.trimEnd());
        // "Tòa nhà 97-99 Láng Hạ", "Cao ốc 63-65 Điện Biên Phủ": a building named by its address,
        // whose number and street are the house's too (read again from the number).
        if (namedByAddress(kw!, tokens, from, to) && parts.house_number === null) {
          k = from;
          atStart = true;
          continue;
        }
      } else if (kind === "unit") {
        units.push(`${kw!.label} ${words(tokens, from, to, false)}`);
        unitNumberEnd = to;
      } else {
        const phrase = words(tokens, from, to, true);
        const head2 = to - from >= 2 ? `${tokens[from].f} ${tokens[from + 1].f}` : "";
        // Words right after a house number are its street ("12 Trường Chinh"), whatever they start with.
        // Not after a flat's or stall's number: "Kiốt 5 chợ Đồng Xuân" names the market.
        // So are the words after a range's last number ("Số 263 - 265 Trường Chinh").
        const afterNumber =
          (from > i && from !== unitNumberEnd && tokens[from - 1].w.house) || from === rangeTo;
        // Written without marks, a place's word that is also a family name before a middle name
        // opens a person's name, a street's ("Dinh Tien Hoang": Đinh Tiên Hoàng, no đình).
        const person =
          to - from >= 2 && tokens[from].lower === tokens[from].f && opensPersonName(tokens[from].f, tokens[from + 1].f);
        const isPlace =
          (!afterNumber &&
            !person &&
            !spelledOtherwise(tokens[from]) &&
            (PLACE_WORDS.has(tokens[from].f) || PLACE_WORDS.has(head2))) ||
          ENGLISH_PLACE_WORDS.has(tokens[to - 1].f);
        // Codes hold a digit: most phrases (a street's words) skip the patterns.
        const coded = tokens[from].w.digit;
        if (coded && !afterNumber && parts.house_number === null && BUILDING_CODE.test(tokens[from].f)) {
          buildings.push(tokens[from].raw.toUpperCase());
          to = from + 1;
        } else if (!afterNumber && to - from >= 2 && foreignName(tokens[from]) && foreignName(tokens[from + 1])) {
          // "Vinhomes Smart City", "Sky Center": a development's or a building's name, no street.
          names.push(phrase);
          nameRun = i;
        } else if (coded && FLAT_CODE.test(tokens[from].f)) {
          // A flat's code is no street: the words after it name the building ("A12-05 Chung cư Carina").
          units.push(tokens[from].raw.toUpperCase());
          to = from + 1;
        } else if (!afterNumber && namesPerson(tokens, from, to)) {
          // "Chị Hoa thôn Trung, …": the person the parcel is for, no street.
          names.push(phrase);
          nameRun = i;
        } else if (!isPlace && parts.street === null) {
          parts.street = phrase;
          bareStreet = !numbered;
          bareStreetFrom = from;
          bareStreetTo = to;
        } else {
          names.push(phrase);
          placeNameFrom = from;
          placeNameTo = to;
        }
      }
      k = Math.max(to, k + 1);
      atStart = true;
    }
    i = end;
  }
  if (alleys.length) parts.alley = outermostFirst(alleys).join(" ");
  if (hamlets.length) parts.hamlet = hamlets.join(", ");
  if (buildings.length) parts.building = buildings.join(" ");
  if (units.length) parts.unit = units.join(" ");
  // "Địa chỉ cũ: 10 Lê Lợi, … Địa chỉ mới: 10 Lê Lợi, …": the house written again is no place's name.
  if (names.length) {
    const house = parts.house_number !== null && parts.street !== null ? fold(`${parts.house_number} ${parts.street}`) : null;
    const named = house === null ? names : names.filter((name) => fold(name) !== house);
    if (named.length) parts.name = named.join(", ");
  }
  return parts;
}

/**
 * Doors of one side of a street written after the house's number at `at` without commas ("40 42 44 Phạm Văn
 * Đồng"): plain numbers from `from` on, each a little above the one before and of its parity, with a word after
 * them. Returns the doors as the comma form writes them (", 42, 44") and the token after them; `from` when none.
 */
function doorsListedAfter(tokens: readonly Token[], at: number, from: number, end: number): { more: string; next: number } {
  if (from !== at + 1 || !/^\d{1,4}$/.test(tokens[at].f)) return { more: "", next: from };
  let last = Number(tokens[at].f);
  let more = "";
  let k = from;
  while (k < end && /^\d{1,4}$/.test(tokens[k].f)) {
    const door = Number(tokens[k].f);
    if (door <= last || door - last > 10 || (door - last) % 2 !== 0) break;
    more += `, ${tokens[k].f}`;
    last = door;
    k++;
  }
  // The words of the street must follow: "40 42" alone may be a house and its alley.
  return k > from && k < end && !tokens[k].w.digit ? { more, next: k } : { more: "", next: from };
}

/** A hamlet's or quarter's number: one or two digits, a letter at most ("1", "21", "3B"). */
const AREA_NUMBER = /^\d{1,2}[a-z]?$/;
/** A short form in capitals ("LA" for Long An, "BD"): no word of a place's name. */
const SHORT_CAPITALS = /^\p{Lu}{2,3}$/u;

/**
 * The words tokens[from, at) open their segment, are Vietnamese syllables of a place's name (no
 * person's: "Nguyễn Văn Cừ 5" is a street written with its number after it), and the number at
 * `at` is an area's: the segment names a numbered hamlet or quarter ("Lộc Châu 1").
 */
function areaNumbered(tokens: readonly Token[], from: number, at: number): boolean {
  if (from < 0 || at - from < 1 || at - from > 4 || !AREA_NUMBER.test(tokens[at].f)) return false;
  if ((from > 0 && tokens[from - 1].seg === tokens[from].seg) || tokens[at].seg !== tokens[from].seg) return false;
  // A part's keyword without what it needs ("Lot I-1&2") names no area.
  if (tokens[from].w.partWord && KEYWORDS_BY_FIRST.has(tokens[from].f) && !spelledOtherwise(tokens[from])) return false;
  // Words of letters, no short form in capitals ("LA. 8": Long An, then a courier's zone).
  for (let k = from; k < at; k++) if (!tokens[k].w.syllable || tokens[k].w.digit || SHORT_CAPITALS.test(tokens[k].raw)) return false;
  return at - from < 2 || !opensPersonName(tokens[from].f, tokens[from + 1].f);
}

/**
 * The words this module looks up for every token: part keywords and their first words, the words
 * with a keyword's spellings (lexicon.ts KEYWORD_SPELLINGS), hamlet and building keywords' first
 * words, "bis", the leads of a unit's other name. The tokeniser marks them on their Word
 * (`partWord`): most words are none, and a field of the token tells so before any look-up.
 */
export const PART_WORDS: ReadonlySet<string> = new Set([
  ...PART_STARTS,
  ...Object.keys(KEYWORD_SPELLINGS),
  ...KEYWORDS_BY_FIRST.keys(),
  ...HAMLET_STARTS,
  ...HAMLET_STARTS_IN_RUN,
  ...HAMLET_PHRASE_STARTS,
  ...AREA_ABBREVIATIONS,
  ...BIS,
  ...BUILDING_NAME_FIRST_WORDS,
  ...RENAMING_BY_FIRST.keys(),
]);

/** Two words joined by an apostrophe as written: ethnic-minority names ("H'Mông", "N'Trang Lơng", "K'Long"). */
const APOSTROPHE_JOIN = /(\p{L}+)(['’ʼ])(\p{L}+)/gu;
const TEXT_PARTS = ["alley", "street", "hamlet", "building", "unit", "name"] as const;

/**
 * The parts with the apostrophes the text wrote inside names put back. The tokeniser cuts words at
 * an apostrophe, so that a name written "Cư M'gar" or "Cư Mgar" or "Cư M gar" reads the same unit,
 * and the parts join their tokens with spaces: "Buôn H'Mông" came out "Buôn H Mông". Most texts
 * have no apostrophe and are returned as they are.
 */
export function withApostrophesAsWritten(parts: ParsedParts, text: string): ParsedParts {
  if (!text.includes("'") && !text.includes("’") && !text.includes("ʼ")) return parts;
  let out: ParsedParts | null = null;
  for (const [, before, mark, after] of text.normalize("NFC").matchAll(APOSTROPHE_JOIN)) {
    const spaced = new RegExp(`(?<![\\p{L}\\p{N}])${before} ${after}(?![\\p{L}\\p{N}])`, "gu");
    for (const field of TEXT_PARTS) {
      const value = (out ?? parts)[field];
      if (value === null || !value.includes(`${before} ${after}`)) continue;
      out ??= { ...parts };
      out[field] = value.replace(spaced, `${before}${mark}${after}`);
    }
  }
  return out ?? parts;
}
