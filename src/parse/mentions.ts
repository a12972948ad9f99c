/**
 * Stage 4a: every span of tokens that could name an administrative unit ("mentions"), with a
 * score saying how strongly the text supports it. A mention may start with a type phrase
 * ("P.", "Quận", "TP") that agrees with the unit's type (a bonus), names another level (a
 * penalty) or is absent. Purely numeric names ("5" in "P5") need a type word of their level.
 * A mention starting where the text put a street name (right after a house number or "đường")
 * and carrying no type word is kept but nearly worthless, so a street called Lê Lợi or Trần
 * Hưng Đạo does not capture the ward of that name unless nothing else explains the address.
 */
import { fold, hasDiacritics, hasToneMark, toneAnywhere, toneKey, withoutHatsOrHorns } from "../text/fold.js";
import { nameKey, type TypePhrase, typePhrasesFrom, UNIT_TYPE_PHRASES } from "../units/name-analysis.js";
import { provinceOfPostalCode } from "../units/postal-codes.js";
import type { Unit, UnitType } from "../units/types.js";
import {
  ALLEY_STARTS,
  ALONG_WORDS,
  ESTATE_LABELS,
  FAMILY_NAMES,
  GROUP_WORDS,
  HAMLET_CLAIM,
  HAMLET_STARTS,
  HOUSE_WORDS,
  isHouseNumber,
  KEYWORD_SPELLINGS,
  LANDMARK_WORDS,
  spelledAs,
  LESS_COMMON_FAMILY_NAMES,
  LEVEL_BIT,
  LEVEL_TYPES,
  opensPersonName,
  PART_KEYWORDS,
  type PartKeyword,
  ROAD_WORDS,
  STREET_CLAIM,
  STREET_KEYWORD_WORDS,
  type TypeMask,
  typeBit,
  typeMask,
} from "./lexicon.js";
import type { Token, Word } from "./tokenise.js";
import { type NameHit, spellingOf, type UnitIndex } from "./unit-index.js";
import { damerauLevenshtein } from "../units/fuzzy-keys.js";
import { NO_NODE } from "../units/name-index.js";

export interface Mention {
  /** First token, including the type phrase. */
  start: number;
  /** First token of the name itself. */
  nameStart: number;
  /** One past the last token. */
  end: number;
  unit: Unit;
  /** The name hit: the unit's facts and links, read by the resolver (see UnitLinks). */
  hit: NameHit;
  score: number;
  /** A type phrase of the unit's own level was written. */
  typed: boolean;
  /** Matched through a typo-tolerant look-up (edit distance in `distance`). */
  fuzzy: boolean;
  distance: number;
  /**
   * A province the text declares as the address's own: written with a type word of its level
   * ("tỉnh Đắk Lắk", "TP. Đồng Nai"), alone as the last segment ("…, Dak Lak") or ending a run
   * without commas (declaredInRun). A reading that puts the address in another province
   * contradicts it (see resolve.ts `declaredAgainst`).
   */
  declared: boolean;
  /**
   * Declared only by ending a run of words without commas (declaresProvince): the reading the
   * declaration keeps out stays out (declaredAgainst), but the words may as well be a commune's or
   * district's named like the province ("1 Âu Cơ Thái Bình"), which they do not cost.
   */
  declaredInRun: boolean;
  /**
   * The words stay a street's or hamlet's name as well: the commune was read from a name the
   * text gives to a street or hamlet ("ngõ 68 Thượng Cát", "thôn Phi Tô"), not written as a unit.
   */
  alsoPart?: boolean;
  /**
   * The text wrote diacritics that disagree with the unit's ("Hợp Thanh" read as Hợp Thành): the
   * name was matched on its letters alone, as weak as a typo when a written district says otherwise.
   */
  toneMismatch: boolean;
  /**
   * A district written as the address's own: with its type word, or alone in its segment
   * ("…, Lương Sơn, Hòa Bình"). A weakly read ward (a typo, or diacritics that disagree) of another
   * district of its province contradicts it (resolve.ts `districtAgainst`).
   */
  writtenDistrict: boolean;
  /**
   * The words around the name say which structure it belongs to ("Hòa Cường Bắc cũ", "nay là
   * Phường Sài Gòn"; stated-structure.ts): named so, it counts as written out, as a typed name does,
   * where a conversion has several units to choose from. Unset when nothing states one.
   */
  stated?: "old" | "new";
}

/** Scores of the evidence; tuned on the mechanism (see docs/parse-quality.md), not on cases. */
const SCORE = {
  exact: 1,
  alias: 0.9,
  fuzzy1: 0.75,
  fuzzy2: 0.6,
  typedSame: 0.3,
  typedSameLevel: 0.15,
  // Phường/Xã/Thị trấn are often confused, and changed in 2025; but the type written exactly
  // outweighs the structure hint (resolve.ts): "Phường Lê Lợi, Tỉnh Hưng Yên" is the old city's
  // ward, not Thái Bình's Xã Lê Lợi, which the new Hưng Yên took in.
  typedSameLevelWard: 0.18,
  // No commune of today is a township: "Thị trấn Tân Uyên" is the old town over the structure hint
  // (resolve.ts, 0.1) and the ambiguity's margin (parser.ts, 0.05), though a commune of 2025 took
  // its name elsewhere.
  typedTownshipNew: 0.1,
  perExtraToken: 0.05, // "Tân Phú Trung" over "Tân Phú", "Dịch Vọng Hậu" over "Dịch Vọng"
  diacritics: 0.05, // written diacritics agree (or not) with a name that folds like another
  // Per letter whose written marks disagree with a typo's name beyond its typos: more than a tie
  // (parser.ts TIE_MARGIN), less than an ambiguity's margin, so that it only orders names as near.
  typoToneAgainst: 0.02,
  typedOtherLevel: -0.35,
  untypedOneSyllable: 0.5, // multiplier: one bare syllable is weak evidence
  streetClaimed: -0.2, // an untyped mention where a street name belongs: using it costs
  postalCode: 0.9, // a postal code names the province, less surely than its name
  hamletNamedLikeCommune: 0.3, // "thôn Phi Tô": a hamlet's name that is also a commune's
  hamletWholeName: 0.1, // … all of it, to its segment's end: more than a name its first words spell
  // "KCN Quế Võ": a park or an urban area named after its district lies in it nearly always; a
  // district written beside it says more.
  estateNamedLikeDistrict: 0.6,
  declaredProvinceWords: 0.1, // an untyped commune on the words of the province the text declares
};

const TOWNSHIP_BIT = typeBit("Thị trấn");

/** The type phrase starting at token i (same segment), or null. */
export function typePhraseAt(tokens: readonly Token[], i: number): TypePhrase | null {
  const candidates = tokens[i].w.phrases;
  if (!candidates || titledHuyen(tokens, i)) return null;
  for (const phrase of candidates) {
    const len = phrase.words.length;
    if (i + len > tokens.length) continue;
    let ok = true;
    for (let k = 1; k < len; k++)
      if (tokens[i + k].w.phraseWord !== phrase.words[k] || tokens[i + k].seg !== tokens[i].seg) {
        ok = false;
        break;
      }
    if (ok) return phrase;
  }
  return null;
}

/** "Bà", "Ông" written so before a name: a person's, as streets are named ("Bà Triệu", "Ông Ích Khiêm"). */
const TITLES: ReadonlySet<string> = new Set(["bà", "ông"]);

/**
 * Token k is a title (TITLES) opening a person's name: at its segment's start, or after a house's
 * number or a street's keyword. Not the end of a unit's name: "Thị trấn Cát Bà", "Xã Đắk Rơ Ông".
 */
function opensTitle(tokens: readonly Token[], k: number): boolean {
  if (!TITLES.has(tokens[k].lower)) return false;
  if (k === 0 || tokens[k - 1].seg !== tokens[k].seg) return true;
  const before = tokens[k - 1];
  return before.w.digit || before.f === "duong" || before.f === "pho" || before.f === "d";
}

/**
 * Token i is "Huyện" after a title opening a name: the district chief's wife or the chief ("Bà
 * Huyện Thanh Quan", a poet, names streets), no district's type word ("Thị trấn Cát Bà Huyện Cát
 * Hải" is a town and its district).
 */
function titledHuyen(tokens: readonly Token[], i: number): boolean {
  if (tokens[i].f !== "huyen" || i === 0 || tokens[i - 1].seg !== tokens[i].seg) return false;
  return i + 1 < tokens.length && tokens[i + 1].seg === tokens[i].seg && opensTitle(tokens, i - 1);
}

/**
 * The first words of the type words, as written ("phường", "tỉnh", "thành" of Thành phố), and "đk",
 * Đặc khu's initials written with its letter (the other types' initials have none to write otherwise).
 */
const TYPE_FIRST_WORDS: ReadonlySet<string> = new Set([
  ...Object.values(LEVEL_TYPES).flatMap((types) => types.map((t) => toneAnywhere(t.split(" ")[0]))),
  "đk",
]);

/**
 * The type words' first words as typed without a hat or horn but with their tone ("Phuờng",
 * "Phuòng", "Huyẹn"), as input methods and fonts lose them: no word of their own either.
 */
const TYPE_FIRST_WORDS_BARE = new Set([...TYPE_FIRST_WORDS].map(withoutHatsOrHorns));

/**
 * The word has a type word's letters but carries other diacritics ("Phương", "Tình", "Quân"): a
 * word of its own. A word read as a type word through a typo fix ("Phườg") is no evidence either way.
 */
export function typeWordSpelledOtherwise(token: Token): boolean {
  // Tokens come from NFC text (tokenise.ts normalise). Asked first: a word written without
  // diacritics is answered without the look-up.
  const lower = token.lower;
  if (token.w.typo !== 0 || lower === token.f) return false;
  const known = spelledOtherwiseCache.get(token.raw);
  if (known !== undefined) return known;
  // A tone on another vowel of the word ("Phừơng") is a slip of the hand, not another word.
  const tone = toneAnywhere(lower);
  const otherwise = !TYPE_FIRST_WORDS.has(tone) && !(hasToneMark(lower) && TYPE_FIRST_WORDS_BARE.has(withoutHatsOrHorns(tone)));
  // The few spellings of the type words recur in every address: answer each once (bounded, as a
  // file of random words could hold many).
  if (spelledOtherwiseCache.size >= 4096) spelledOtherwiseCache.clear();
  spelledOtherwiseCache.set(token.raw, otherwise);
  return otherwise;
}

/**
 * Token i is a type word's letters with other diacritics (typeWordSpelledOtherwise), unless it
 * opens its segment without a tone mark before a numbered unit's number: "…, Phương 5, Quân 3"
 * are Phường 5 and Quận 3 with the tone left out (no unit's name is a word and a number), but
 * "Lạc Long Quân 1" is a name and a house's number, "Hoa Phượng 2" a name with its own tone.
 */
export function typeWordSpelledOtherwiseAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!typeWordSpelledOtherwise(t)) return false;
  const next = tokens[i + 1];
  if (next === undefined || next.seg !== t.seg || !/^\d{1,2}$/.test(next.f)) return true;
  if (i > 0 && tokens[i - 1].seg === t.seg) return true;
  // "Phướng 10", "Phưởng 3": no word but Phường is written with these letters before a number (a
  // shop, "Quán 5", or a room, is).
  return hasToneMark(t.raw) && t.f !== "phuong";
}

/**
 * Part keywords of several words with a word inside that opens a unit's type phrase ("ký túc xá",
 * "nhà ở xã hội", "khu đô thị", "đường tỉnh"), by that word, with its place in the keyword: written
 * there the word types no unit.
 */
const TYPE_WORDS_INSIDE_KEYWORDS = new Map<string, { keyword: PartKeyword; at: number }[]>();
for (const keyword of PART_KEYWORDS)
  for (let at = 1; at < keyword.words.length; at++)
    if (typePhrasesFrom(keyword.words[at]) !== undefined) {
      const list = TYPE_WORDS_INSIDE_KEYWORDS.get(keyword.words[at]) ?? [];
      list.push({ keyword, at });
      TYPE_WORDS_INSIDE_KEYWORDS.set(keyword.words[at], list);
    }

/**
 * Token i, a type word, is a word inside a part keyword written around it in its segment ("xã" of
 * "nhà ở xã hội"), with the number a keyword needs after it: "Tỉnh" of "Đường tỉnh 295", not of
 * "Huyện Sơn Dương, Tỉnh Tuyên Quang" or "Sơn Dương Tỉnh Tuyên Quang".
 */
function insidePartKeyword(tokens: readonly Token[], i: number): boolean {
  // The word is never a keyword's first: it needs a word before it in its segment, and type words
  // mostly open theirs ("…, Xã Tân Phú"), so this is asked before the keywords are looked up.
  const seg = tokens[i].seg;
  if (i === 0 || tokens[i - 1].seg !== seg) return false;
  const list = TYPE_WORDS_INSIDE_KEYWORDS.get(tokens[i].f);
  if (list === undefined) return false;
  for (const { keyword, at } of list) {
    const words = keyword.words;
    const from = i - at;
    const after = from + words.length;
    if (from < 0 || after > tokens.length) continue;
    let k = 0;
    while (k < words.length && tokens[from + k].f === words[k] && tokens[from + k].seg === seg) k++;
    if (k < words.length) continue;
    if (!keyword.needsNumber || (after < tokens.length && tokens[after].seg === seg && tokens[after].w.digit)) return true;
  }
  return false;
}

/** Answers of a pure function of the written word: parsers may share them. */
const spelledOtherwiseCache = new Map<string, boolean>();

/**
 * Tokens just before i (same segment) form a type phrase, and not one whose word ends a unit's
 * name begun before it: "xuan phuong nam tu liem" written without diacritics is Xuân Phương, then
 * Nam Từ Liêm, as much as "Phường Nam Từ Liêm" after a stray "xuan".
 */
function afterTypePhrase(
  tokens: readonly Token[],
  phrases: readonly (TypePhrase | null)[],
  i: number,
  index: UnitIndex,
  upperTyped: number,
): boolean {
  for (let len = 1; len <= 2 && i - len >= 0; len++) {
    if (tokens[i - len].seg !== tokens[i].seg) return false;
    const phrase = phrases[i - len];
    if (phrase && phrase.words.length === len) {
      // A text that types its province or district elsewhere types its units: this word is a
      // type word too ("dien Bien Phu Xa Cao Loc Tinh Lang Son" is Xã Cao Lộc, not Phú Xá).
      const typesOthers = upperTyped > 0;
      return !(len === 1 && !typesOthers && endsTwoWordName(tokens, i - 1, index));
    }
  }
  return false;
}

/** The levels of a province or district, as bits: a type phrase of them is "tỉnh", "TP", "huyện", "Q.". */
const UPPER_LEVELS = LEVEL_BIT.province | LEVEL_BIT.district;

/** Token k and the word before it in its segment spell a unit's name. */
function endsTwoWordName(tokens: readonly Token[], k: number, index: UnitIndex): boolean {
  if (k === 0 || tokens[k - 1].seg !== tokens[k].seg) return false;
  const first = tokens[k - 1].w.nameRoot;
  const second = tokens[k].w.nameId;
  if (first === NO_NODE || second < 0) return false;
  const node = index.trie.child(first, second);
  return node !== NO_NODE && index.namesUnits(node);
}

function aloneInSegment(tokens: readonly Token[], i: number): boolean {
  const seg = tokens[i].seg;
  return (i === 0 || tokens[i - 1].seg !== seg) && (i + 1 === tokens.length || tokens[i + 1].seg !== seg);
}

/**
 * The one-syllable span opens its segment and the name of the ward's own district follows it
 * there, or of its own province ending the text: a commune written bare in a run without commas
 * ("phung dan phuong ha noi", "Xốp Đăk Glei Kon Tum", "Gào Gia Lai"). After other words it may be
 * a street's last syllable, and is not read so.
 */
function opensBeforeItsPlace(search: Search, span: Span, hit: NameHit): boolean {
  const { tokens, spans, index } = search;
  const seg = tokens[span.start].seg;
  if (span.end === tokens.length || tokens[span.end].seg !== seg) return false;
  if (span.start > 0 && tokens[span.start - 1].seg === seg && !tokens[span.start - 1].w.digit) return false;
  for (const after of spans) {
    if (after.start !== span.end) continue;
    for (let h = index.firstUpper(after.node); h < index.firstWard(after.node); h++) {
      const upper = index.hitList[h];
      const code = upper.code;
      if (upper.levelBit === LEVEL_BIT.district) {
        if (hit.districtCode === code || hit.formerDistricts.includes(code) || hit.oldDistricts?.has(code)) return true;
      } else if (after.end === tokens.length) {
        // Or its own province, ending the text ("Gào Gia Lai", "xop quang ngai").
        if (upper.structure === hit.structure ? hit.provinceCode === code : hit.otherProvinces.includes(code)) return true;
      }
    }
  }
  return false;
}

/**
 * The span is the rest of a text's first segment after a family name that opens it: the segment
 * is a person's name, a street's ("Tôn Đức Thắng", "Trịnh Công Sơn", "Hồ Xuân Hương"), not a
 * family name before Phường Đức Thắng.
 */
function afterFamilyName(tokens: readonly Token[], span: Span): boolean {
  if (span.end - span.start < 2 || span.start === 0 || tokens[span.start].seg !== tokens[0].seg) return false;
  // Or after a title that opens it, as streets are named: "Ông Ích Khiêm", "Bà Huyện Thanh Quan".
  const opens =
    span.start === 1
      ? FAMILY_NAMES.has(tokens[0].f) || LESS_COMMON_FAMILY_NAMES.has(tokens[0].f) || opensTitle(tokens, 0)
      : span.start === 2 && titledHuyen(tokens, 1);
  return opens && wholeSegment(tokens, 0, span.end);
}

/**
 * Token i follows a family name that opens its segment ("Võ | Văn Kiệt", "…, Lê | Đức Anh"), not a
 * province's type word damaged into one ("dỉnh Nhệ An": Đinh, one slip from tỉnh).
 */
function afterFamilyNameOpening(tokens: readonly Token[], i: number): boolean {
  if (i === 0 || tokens[i - 1].seg !== tokens[i].seg || (i > 1 && tokens[i - 2].seg === tokens[i].seg)) return false;
  const before = tokens[i - 1].w;
  return FAMILY_NAMES.has(before.f) && !damagedProvinceType(before);
}

/** Tokens [start, end) are the whole of their segment. */
export function wholeSegment(tokens: readonly Token[], start: number, end: number): boolean {
  const seg = tokens[start].seg;
  return (start === 0 || tokens[start - 1].seg !== seg) && (end === tokens.length || tokens[end].seg !== seg);
}

/** Token k continues the name before it: same segment, or across a spaced dash. */
function continues(tokens: readonly Token[], k: number): boolean {
  return tokens[k].seg === tokens[k - 1].seg || tokens[k].dash;
}

/** The span's diacritics in one tone placement, or null when it was written without any. */
function writtenTone(tokens: readonly Token[], from: number, to: number, tones: WordTones): string | null {
  // toneKey works syllable by syllable: the span's key is its tokens' keys joined by spaces.
  let any = false;
  let text = "";
  for (let k = from; k < to; k++) {
    const t = tones.of(tokens[k].raw);
    if (t.key === "") return wholeTone(tokens, from, to); // a word toneKey empties: no shortcut
    any ||= t.marked;
    text = k > from ? `${text} ${t.key}` : t.key;
  }
  return any ? text : null;
}

function wholeTone(tokens: readonly Token[], from: number, to: number): string | null {
  let text = "";
  for (let k = from; k < to; k++) text += (k > from ? " " : "") + tokens[k].raw;
  return hasDiacritics(text) ? toneKey(text) : null;
}

/** A written word's toneKey and whether it carries diacritics. */
interface WordTone {
  key: string;
  marked: boolean;
}

/**
 * The tone forms of written words, computed once per distinct word: one per parser (see
 * parser.ts), passed to each call, never shared between parsers.
 */
export class WordTones {
  private readonly tones = new Map<string, WordTone>();

  of(raw: string): WordTone {
    let t = this.tones.get(raw);
    if (t === undefined) {
      t = { key: toneKey(raw), marked: hasDiacritics(raw) };
      if (this.tones.size >= WORD_TONES_LIMIT) this.tones.clear();
      this.tones.set(raw, t);
    }
    return t;
  }
}

const WORD_TONES_LIMIT = 100_000;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNumeric(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^\d+$/.test(key);
}

/** A type phrase of the hit's level was written (see typedForLevel). */
function typedForHit(mask: TypeMask | null, hit: NameHit): boolean {
  return mask !== null && (mask.levels & hit.levelBit) !== 0;
}

// The type masks of the type phrases (lexicon.ts), computed once.
const PHRASE_MASKS = new Map<TypePhrase, TypeMask>(UNIT_TYPE_PHRASES.map((p) => [p, typeMask(p.types)]));

/** A type phrase of the unit's level was written ("P." before a ward, "TP" before a district). */
export function typedForLevel(types: readonly UnitType[] | null, unit: Unit): boolean {
  if (types === null) return false;
  const levelTypes = LEVEL_TYPES[unit.level];
  for (const t of types) if (levelTypes.includes(t)) return true;
  return false;
}

/**
 * Scores one name hit for a span whose name is `numbered` or not, or returns NaN when the hit
 * cannot stand (numeric name without a type word of its level, alias that needs a type word the
 * text lacks). A number, not an object: this runs for every hit of every span.
 */
export function scoreHit(
  hit: NameHit,
  numbered: boolean,
  mask: TypeMask | null,
  nameTokens: number,
  claimed: boolean,
  base: number,
): number {
  if (hit.needMask !== 0 && (mask === null || (mask.types & hit.needMask) === 0)) return Number.NaN;
  const typedLevel = mask !== null && (mask.levels & hit.levelBit) !== 0;
  if (!typedLevel && numbered) return Number.NaN;
  // Written after its own type word, another name of the unit ("Phường Xuân Hương" for Phường Xuân
  // Hương - Đà Lạt, "TP Huế") is as sure as the official one; alone, less ("HCM", "Sài Gòn").
  const ownType = mask !== null && (mask.types & hit.typeBit) !== 0;
  let score = hit.alias && !ownType ? Math.min(base, SCORE.alias) : base;
  if (mask !== null) {
    if ((mask.types & hit.typeBit) !== 0) score += SCORE.typedSame;
    else if (typedLevel)
      // Thị trấn ended with the 2025 reform: written before a name, it points at the old town
      // more than at the new commune that took its name ("TT Sơn Dương").
      score +=
        hit.levelBit !== LEVEL_BIT.ward
          ? SCORE.typedSameLevel
          : hit.structure === "new" && mask.types === TOWNSHIP_BIT
            ? SCORE.typedTownshipNew
            : SCORE.typedSameLevelWard;
    else score += SCORE.typedOtherLevel;
  } else {
    if (nameTokens === 1 && !hit.alias) score *= SCORE.untypedOneSyllable;
    if (claimed) return SCORE.streetClaimed;
  }
  return score + SCORE.perExtraToken * (nameTokens - 1);
}

/** A span whose words name units, before its hits become mentions. */
interface Span {
  start: number;
  nameStart: number;
  end: number;
  /** The written type phrase's types as bits, or null without one. */
  mask: TypeMask | null;
  /** The word trie's node of the name's words; its hits are the index's (UnitIndex.hitList). */
  node: number;
  /** The name is a number ("5" of "P5"). */
  numbered: boolean;
  /** The span's written diacritics (writtenTone), computed when a hit needs them; undefined before. */
  tone: string | null | undefined;
  /** Name words the tokeniser read through a typo fix (Word.typo): the span is a typo-tolerant match. */
  typos: number;
}

/** What one call of findMentions works on; built per call, so calls share nothing. */
interface Search {
  readonly tokens: readonly Token[];
  readonly claimed: Uint8Array;
  readonly tones: WordTones;
  /** The mentions found so far. */
  readonly out: Mention[];
  /** The text writes a commune's type word somewhere ("Xã", "P."): the commune is written. */
  communeTyped: boolean;
  /** The text names a province or district, so a ward can be looked for within them. */
  placed: boolean;
  /** Some words of the text name a province or district, even where a street holds them. */
  upperNamed: boolean;
  /**
   * The spans of names found, and the index: what a name on a street's words looks at around it
   * (provinceLast, beforeClosingProvince).
   */
  readonly spans: readonly Span[];
  readonly index: UnitIndex;
}

/** The hamlet keywords of industrial parks, export zones and urban areas, by their words (folded), with their labels. */
const ESTATE_KEYWORDS: readonly { words: readonly string[]; label: string }[] = PART_KEYWORDS.filter((k) =>
  ESTATE_LABELS.has(k.label),
).map((k) => ({ words: k.words, label: k.label }));

/** Estates of factories, not homes: one named like a district lies in it, seldom in its commune of that name. */
const INDUSTRIAL_ESTATES: ReadonlySet<string> = new Set(["Khu công nghiệp", "Khu chế xuất", "Cụm công nghiệp"]);

/** The label of the estate's keyword ("KCN": Khu công nghiệp) ending right before token i, in its segment, or null. */
function estateKeywordBefore(tokens: readonly Token[], i: number): string | null {
  for (const { words, label } of ESTATE_KEYWORDS)
    if (
      i >= words.length &&
      tokens[i - words.length].seg === tokens[i].seg &&
      words.every((word, k) => tokens[i - words.length + k].f === word)
    )
      return label;
  return null;
}

/** The hit lies in the province with this code, of its own structure or linked across the two. */
function liesIn(hit: NameHit, province: string): boolean {
  return hit.provinceCode === province || hit.otherProvinces.includes(province);
}

/**
 * The name of one of the province's units ends where `span` begins, in its segment: a district's
 * ("… Ngã Năm Sóc Trăng", "… 1 Vũng Tàu Bà Rịa - Vũng Tàu"), or a commune's after its type word
 * ("… X. An Trường Vĩnh Long"; bare, a commune's name is too common to say so).
 */
function unitEndsAt(spans: readonly Span[], span: Span, province: string, index: UnitIndex): boolean {
  const hitList = index.hitList;
  for (const before of spans) {
    if (before.end !== span.start || before.start === span.start) continue;
    for (let h = index.firstUpper(before.node); h < index.firstWard(before.node); h++)
      if (hitList[h].levelBit === LEVEL_BIT.district && liesIn(hitList[h], province)) return true;
    if (before.mask === null || (before.mask.levels & LEVEL_BIT.ward) === 0) continue;
    for (let h = index.firstWard(before.node); h < index.endOfWards(before.node); h++)
      if (liesIn(hitList[h], province)) return true;
  }
  return false;
}

/**
 * All mentions in the token list. `claimed[i]` = 1 when token i starts a span the text gives
 * to a street (see parts.ts claimStreetStarts). Two passes: provinces and districts first, then
 * wards — a ward name shared by many communes ("Tân Thành", "Phường 1") only yields mentions
 * for the communes inside a province or district the text also names, so common names do not
 * flood the resolver.
 */
export function findMentions(
  tokens: readonly Token[],
  claimed: Uint8Array,
  index: UnitIndex,
  tones: WordTones,
): Mention[] {
  const out: Mention[] = [];
  const search: Search = {
    tokens,
    claimed,
    tones,
    out,
    communeTyped: false,
    placed: false,
    upperNamed: false,
    spans: [],
    index,
  };
  const spans = search.spans as Span[];
  const n = tokens.length;
  const maxTokens = index.maxTokens;
  const trie = index.trie;
  const phrases: (TypePhrase | null)[] = new Array(n);
  // Each phrase's type mask, looked up once here for both passes.
  const masks: (TypeMask | null)[] = new Array(n);
  let upperTyped = 0;
  // One past the last word of the type phrases met so far: "xã" of "Thị xã" types no commune.
  let phraseEnd = 0;
  for (let i = 0; i < n; i++) {
    // A word written with diacritics that are not the type word's ("Phương Mai", "Quân Khê") starts
    // a name: read as "Phường" it would take the next words for another unit's ("Phương Mai Đống Đa"
    // is no Phường Mai Động).
    const written = typePhraseAt(tokens, i);
    const phrase =
      written && (typeWordSpelledOtherwiseAt(tokens, i) || insidePartKeyword(tokens, i)) ? null : written;
    const mask = phrase ? PHRASE_MASKS.get(phrase)! : null;
    phrases[i] = phrase;
    masks[i] = mask;
    if (mask !== null && (mask.levels & LEVEL_BIT.ward) !== 0 && i >= phraseEnd) search.communeTyped = true;
    if (phrase) phraseEnd = Math.max(phraseEnd, i + phrase.words.length);
    // Only a type word that ends no name counts ("Nho Quan", "Hà Tĩnh" end in "quan", "tinh").
    if (mask !== null && (mask.levels & UPPER_LEVELS) !== 0 && !endsTwoWordName(tokens, i, index)) upperTyped++;
  }
  for (let i = 0; i < n; i++) {
    const phrase = phrases[i];
    // Typed reading (type phrase at i) and bare reading (name starting at i).
    for (let reading = 0; reading < 2; reading++) {
      const mask = reading === 0 ? masks[i] : null;
      if (reading === 0 && !phrase) continue;
      const nameStart = reading === 0 ? i + phrase!.words.length : i;
      if (nameStart >= n || tokens[nameStart].seg !== tokens[i].seg) continue;
      // A bare reading right after a type phrase ("Tuyên Quang" in "Tỉnh Tuyên Quang") would let
      // the name escape the type the text gave it; the typed reading covers it.
      if (reading === 1 && afterTypePhrase(tokens, phrases, i, index, upperTyped)) continue;
      // Numbered units ("Phường 5") need their type word: a bare number starts no name.
      if (reading === 1 && isDigit(tokens[i].w.key.charCodeAt(0))) continue;
      let node = NO_NODE;
      let typos = 0;
      for (let len = 1; len <= maxTokens; len++) {
        const j = nameStart + len;
        if (j > n || (len > 1 && !continues(tokens, j - 1))) break;
        // Each word carries its id in the name trie, and the trie's node of the names it starts.
        const word = tokens[j - 1].w;
        if (word.nameId < 0) break;
        node = len === 1 ? word.nameRoot : trie.child(node, word.nameId);
        if (node === NO_NODE) break;
        typos += word.typo;
        if (index.namesUnits(node))
          spans.push({
            start: i,
            nameStart,
            end: j,
            mask,
            node,
            numbered: index.numbered(node),
            tone: undefined,
            typos,
          });
      }
    }
  }
  // The codes of the provinces and districts the text writes, each once in the order met: a few
  // at most, so arrays, not Sets (every text would build three).
  const oldProvinces: string[] = [];
  const newProvinces: string[] = [];
  const oldDistricts: string[] = [];
  for (let i = 1; i < n; i++) {
    if (!tokens[i].w.digit) continue;
    const m = postalMention(tokens, i, index);
    // Written after the province's own name ("Bình Thuận 77157"), it says that name again: as a
    // mention of its own it would free the name to be read as a commune's (Phường Bình Thuận).
    if (m && !namedJustBefore(tokens, i, m.unit)) {
      out.push(m);
      addProvince(m.hit, oldProvinces, newProvinces);
    }
  }
  for (const m of abbreviatedDistricts(tokens, index)) {
    out.push(m);
    // Initials alone in the last segment may be a province's ("…, CM"): they place its wards.
    if (m.unit.level === "province") addProvince(m.hit, oldProvinces, newProvinces);
    else addOnce(oldDistricts, m.hit.code);
  }
  for (const m of abbreviatedProvinces(tokens, index)) {
    out.push(m);
    addProvince(m.hit, oldProvinces, newProvinces);
  }
  // The provinces the text declares as the address's own (Mention.declared), by structure.
  let declared: { old: string[]; new: string[] } | null = null;
  const hitList = index.hitList;
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s];
    // One bare syllable that opens a longer name ("vinh" of "vinh tuy": Vĩnh Tuy, not the city of
    // Vinh) is a mention, but places no ward: it would hide the longer name's wards, which are only
    // looked for inside the places the text names. Spans of one start follow each other, shortest first.
    const opensLonger =
      span.mask === null &&
      span.end === span.nameStart + 1 &&
      s + 1 < spans.length &&
      spans[s + 1].start === span.start &&
      spans[s + 1].mask === null;
    for (let h = index.firstUpper(span.node); h < index.firstWard(span.node); h++) {
      const hit = hitList[h];
      const m = emitExact(search, span, hit);
      if (m) search.upperNamed = true;
      if (!m || m.score <= 0 || opensLonger) continue;
      // A name typed as another level ("Phường Vĩnh Tuy" read as the city of Vinh, "Phường Tân
      // Thành" as the district Tân Thạnh) stays a mention but supports no ward: it must not hide
      // the wards the type word names.
      if (span.mask !== null && (span.mask.levels & hit.levelBit) === 0) continue;
      // Nor does an untyped name written with other marks than the unit's own ("…, Thanh Hòa": no
      // Thanh Hóa, but four communes' name): it must not hide the wards the marks name.
      if (span.mask === null && m.toneMismatch) continue;
      if (hit.level === "district") addOnce(oldDistricts, hit.code);
      else {
        addProvince(hit, oldProvinces, newProvinces);
        if (m.declared) {
          declared ??= { old: [], new: [] };
          addProvince(hit, declared.old, declared.new);
        }
      }
    }
  }
  const anySupport = oldProvinces.length + newProvinces.length + oldDistricts.length > 0;
  search.placed = anySupport;
  // A segment that is a typed ward's name and nothing else ("…, Xã Thuận An,") names a ward of
  // that name wherever it is: a province read from a hamlet's or building's words ("Buôn Hòa
  // Bình", "Chung cư Hoàng Anh Gia Lai") must not hide it behind a shorter name ("Xã Thuận").
  const wholeSegment = (span: Span) =>
    span.mask !== null &&
    (span.start === 0 || tokens[span.start - 1].seg !== tokens[span.start].seg) &&
    (span.end === n || tokens[span.end].seg !== tokens[span.end - 1].seg) &&
    !span.numbered;
  const inDeclared = declared;
  const wardsFrom = out.length;
  const placed = inDeclared ? (hit: NameHit) => inDeclared[hit.structure].includes(hit.provinceCode) : null;
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s];
    // Nor is a ward read from the first words of that name ("phường lang biang - đà lạt" is no
    // Phường Láng with "biang - đà lạt" left over), unless it is one of the wards the name's new
    // commune was formed from ("Xã Phúc Thọ Lâm Hà": the old Xã Phúc Thọ of Lâm Hà). Where the
    // province the text declares holds no unit of the whole name ("Xa Thanh Phuoc, Tinh Quang
    // Tri"), the shorter name stays a reading, flagged as a part read (unplaced.ts).
    // A name no ward has is done with (its upper units were read above).
    const firstWard = index.firstWard(span.node);
    const endOfWards = index.endOfWards(span.node);
    if (firstWard === endOfWards) continue;
    const longer =
      span.mask !== null && s + 1 < spans.length && spans[s + 1].start === span.start
        ? longerWholeSegment(spans, s, wholeSegment, index, placed)
        : null;
    if (longer) {
      for (let h = firstWard; h < endOfWards; h++)
        if (formedInto(hitList[h], longer, index)) emitExact(search, span, hitList[h]);
      continue;
    }
    const byPlace = index.wardsByPlaceAt(span.node);
    if (!anySupport || !byPlace || wholeSegment(span)) {
      for (let h = firstWard; h < endOfWards; h++) emitExact(search, span, hitList[h]);
      continue;
    }
    // A name many wards share: only the wards inside a written province or district, each once.
    const taken: NameHit[] = [];
    for (const d of oldDistricts) {
      take(search, span, byPlace.oldDistrict.get(d), taken);
      take(search, span, byPlace.predecessorDistrict.get(d), taken);
    }
    for (const p of oldProvinces) take(search, span, byPlace.oldProvince.get(p), taken);
    for (const p of newProvinces) take(search, span, byPlace.newProvince.get(p), taken);
  }
  if (declared !== null) wardsOnDeclaredProvince(out, wardsFrom);
  return withoutHalvesOfDashedNames(withoutShorterOfSameUnit(out, wardsFrom));
}

/**
 * The words of a province the text declares as its own, alone in the last segment ("Huyện Châu
 * Thành, Long An"), read untyped as a commune of that name elsewhere (Xã Long An of Tiền Giang's
 * Châu Thành): the province is what such words say, so the commune reading weighs a little less.
 */
function wardsOnDeclaredProvince(mentions: Mention[], wardsFrom: number): void {
  // The declared provinces' spans, as start * 2^16 + end: a few at most, gathered once.
  const spans: number[] = [];
  for (let k = 0; k < wardsFrom; k++) {
    const p = mentions[k];
    if (p.declared && !p.declaredInRun && p.unit.level === "province") spans.push(p.start * 65536 + p.end);
  }
  if (spans.length === 0) return;
  for (let i = wardsFrom; i < mentions.length; i++) {
    const m = mentions[i];
    if (!m.typed && m.unit.level === "ward" && spans.includes(m.start * 65536 + m.end)) m.score -= SCORE.declaredProvinceWords;
  }
}

/**
 * The mentions less those read from the halves of a dashed name written whole: "Bà Rịa - Vũng
 * Tàu" is the province, not the city of Bà Rịa in the province read from "Vũng Tàu" (two units of
 * one place, which together outscore the one name). Only a province's or district's name, read
 * exactly; a half typed as its own unit, surer than the whole ("TP Bà Rịa - Vũng Tàu": the city), stays.
 */
function withoutHalvesOfDashedNames(mentions: Mention[]): Mention[] {
  // Runs on every text and few hold a dashed name: nothing is allocated until one is met, and the
  // mention's own fields are asked before its unit's name.
  let whole: Mention[] | null = null;
  for (const m of mentions)
    if (
      m.end - m.nameStart >= 3 &&
      m.score > 0 &&
      m.hit.levelBit !== LEVEL_BIT.ward &&
      !m.hit.alias &&
      m.unit.name.includes("-")
    ) {
      whole ??= [];
      whole.push(m);
    }
  if (whole === null) return mentions;
  const dashed = whole;
  return mentions.filter(
    (m) =>
      !dashed.some(
        (d) =>
          d.unit !== m.unit &&
          d.start <= m.start &&
          m.end <= d.end &&
          m.end - m.start < d.end - d.start &&
          (!m.typed || m.score < d.score),
      ),
  );
}

/**
 * The mentions less the wards a longer mention of the same unit from the same word reads whole: a
 * short name of a commune ("Xuân Hương", the name people write for Xuân Hương - Đà Lạt) inside its
 * whole name written out, which would leave the rest ("Đà Lạt") to be read as another unit. The
 * wards, from `from` on, come span by span in the order of their first word.
 */
function withoutShorterOfSameUnit(mentions: Mention[], from: number): Mention[] {
  let shorter: Set<Mention> | null = null;
  for (let i = from; i < mentions.length; ) {
    // The mentions from one word, span by span, shortest first: most come from one span.
    let k = i + 1;
    while (k < mentions.length && mentions[k].start === mentions[i].start) k++;
    if (mentions[k - 1].end !== mentions[i].end)
      for (let a = i; a < k; a++)
        for (let b = a + 1; b < k; b++)
          if (mentions[a].unit === mentions[b].unit && mentions[a].end < mentions[b].end) {
            shorter ??= new Set();
            shorter.add(mentions[a]);
          }
    i = k;
  }
  return shorter === null ? mentions : mentions.filter((m) => !shorter.has(m));
}

/**
 * When span s is typed and a longer span from the same type word is a ward's whole name filling
 * the segment (the shorter one's wards would leave that name's last words unread), with one of
 * its wards in a province the text declares (`placed`, when it declares one): that longer span,
 * whose new communes' old wards (formedInto) are the shorter one's only readings. Null otherwise
 * (the caller's typed spans only).
 */
function longerWholeSegment(
  spans: readonly Span[],
  s: number,
  wholeSegment: (span: Span) => boolean,
  index: UnitIndex,
  placed: ((hit: NameHit) => boolean) | null,
): Span | null {
  const span = spans[s];
  if (wholeSegment(span)) return null;
  for (let t = s + 1; t < spans.length && spans[t].start === span.start; t++) {
    const longer = spans[t];
    if (longer.mask !== span.mask || !wholeSegment(longer) || index.firstWard(longer.node) >= index.endOfWards(longer.node))
      continue;
    if (placed !== null) {
      let anywhere = false;
      for (let h = index.firstWard(longer.node); h < index.endOfWards(longer.node) && !anywhere; h++)
        anywhere = placed(index.hitList[h]);
      if (!anywhere) return null;
    }
    return longer;
  }
  return null;
}

/** The old ward of `hit` went (whole or in part) into one of the new communes the span's name names. */
function formedInto(hit: NameHit, span: Span, index: UnitIndex): boolean {
  if (hit.successors.length === 0) return false;
  for (let h = index.firstWard(span.node); h < index.endOfWards(span.node); h++) {
    const commune = index.hitList[h];
    if (commune.structure === "new" && hit.successors.includes(commune.unit)) return true;
  }
  return false;
}

/** A postal code: five digits, or six ending in 0. */
const POSTAL_CODE = /^\d{5}0?$/;

/**
 * Token i is a postal code opening the last segment of words, before its place's name, as map
 * services write it in English ("…, 100000 Hanoi, Vietnam", "700000 Ho Chi Minh City"): no house's
 * number, whose street would be the province's name. Only words follow it, at most a country's
 * segment after them.
 */
export function postalCodeBeforeNameAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t.f.length < 5 || !POSTAL_CODE.test(t.f) || (i > 0 && tokens[i - 1].seg === t.seg)) return false;
  let k = i + 1;
  if (k >= tokens.length || tokens[k].seg !== t.seg) return false;
  for (; k < tokens.length && tokens[k].seg === t.seg; k++) if (tokens[k].w.digit || k - i > 5) return false;
  // A country's segment may close the text ("Vietnam", "Việt Nam").
  for (let j = k; j < tokens.length; j++) if (tokens[j].seg !== tokens[k].seg || tokens[j].w.digit || j - k > 1) return false;
  return true;
}

/**
 * Token i is written where a postal code goes: five digits (or six ending in 0) closing a
 * segment, after some other token, and not after a word that numbers a house ("Số 10000"); six
 * as the text's first segment; or opening the last segment before its place's name
 * (postalCodeBeforeNameAt).
 */
export function isPostalCodeAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t.f.length < 5 || !POSTAL_CODE.test(t.f)) return false;
  if (postalCodeBeforeNameAt(tokens, i)) return true;
  if (i + 1 < tokens.length && tokens[i + 1].seg === t.seg) return false;
  // Opening the text as a segment of its own, six digits are no house's number ("822000, Phú Tân, …").
  if (i === 0) return t.f.length === 6 && tokens.length > 1;
  return !(tokens[i - 1].seg === t.seg && (HOUSE_WORDS.has(tokens[i - 1].f) || tokens[i - 1].w.digit));
}

/** The unit's name, folded, is written right before token i in its segment ("Bình Thuận 77157"). */
function namedJustBefore(tokens: readonly Token[], i: number, unit: Unit): boolean {
  const words = nameKey(unit.name).split(" ");
  const from = i - words.length;
  return from >= 0 && tokens[from].seg === tokens[i].seg && words.every((word, k) => tokens[from + k].f === word);
}

/**
 * A postal code ending its segment ("Hà Nội 100000", "…, 70000"): a mention of the old province
 * its first two digits name (units/postal-codes.ts), weaker than the province's name, so a
 * written name that disagrees wins. Null for any other token.
 */
function postalMention(tokens: readonly Token[], i: number, index: UnitIndex): Mention | null {
  if (!isPostalCodeAt(tokens, i)) return null;
  const code = provinceOfPostalCode(tokens[i].f, index.postalPrefixes);
  const province = code === null ? undefined : index.unit("old", code);
  if (!province) return null;
  const hit = index.hitsOf(nameKey(province.name))?.upper.find((h) => h.unit === province);
  if (!hit) return null;
  return {
    start: i,
    nameStart: i,
    end: i + 1,
    unit: province,
    hit,
    score: SCORE.postalCode,
    typed: false,
    fuzzy: false,
    distance: 0,
    declared: false,
    declaredInRun: false,
    toneMismatch: false,
    writtenDistrict: false,
  };
}

/**
 * A province's name shortened to the initials of its first words at the end of the text: "T.Hóa",
 * "Th.Hóa", "Q. Ngãi", "QNg", "BDương", "ĐLắk" (as order forms and envelopes write them). The
 * initials must be marked as such (a dot, or capitals glued to the name) unless the two words are
 * the whole last segment ("…, T Hóa"). A province the last segment is only this names the
 * address's own, as its full name there would (`declared`).
 */
function abbreviatedProvinces(tokens: readonly Token[], index: UnitIndex): readonly Mention[] {
  const n = tokens.length;
  if (n === 0) return NO_MENTIONS;
  const last = tokens[n - 1];
  if (last.w.digit) return NO_MENTIONS;
  let initials: string;
  let word: string;
  let start: number;
  // Most texts end in a word of one capital, or none: no regular expression for them.
  const glued = isCapital(last.raw.charCodeAt(1)) ? GLUED_INITIALS.exec(last.raw) : null;
  if (glued !== null) {
    initials = nameKey(glued[1]);
    word = nameKey(glued[2]);
    start = n - 1;
  } else {
    const first = tokens[n - 2];
    if (first === undefined || first.seg !== last.seg || first.f.length > 2 || first.w.digit) return NO_MENTIONS;
    const fills = n - 2 === 0 || tokens[n - 3].seg !== first.seg;
    if (!fills && !first.abbrev && first.raw !== first.raw.toUpperCase()) return NO_MENTIONS;
    initials = first.f;
    word = last.w.key;
    start = n - 2;
  }
  const found = index.provinceAbbreviations().get(`${initials} ${word}`);
  if (found === undefined) return NO_MENTIONS;
  const declared = start === 0 || tokens[start - 1].seg !== tokens[start].seg;
  return found.hits.map((hit) => ({
    start,
    nameStart: start,
    end: n,
    unit: hit.unit,
    hit,
    score: found.exact ? SCORE.alias : SCORE.fuzzy1,
    typed: false,
    fuzzy: !found.exact,
    distance: found.exact ? 0 : 1,
    declared,
    declaredInRun: false,
    toneMismatch: false,
    writtenDistrict: false,
  }));
}

/**
 * A district written after its type word as the initials of its first words and its last word:
 * "Q.BThạnh", "Q. B.Thạnh", "Q.PNhuận" (the tokeniser reads "P" apart, as Phường's letter),
 * "H.CChi". Only right after a type phrase of the district level, and only as the whole rest of
 * its segment.
 */
function abbreviatedDistricts(tokens: readonly Token[], index: UnitIndex): Mention[] {
  const out: Mention[] = [];
  const n = tokens.length;
  for (let j = 1; j < n; j++) {
    // The name's shape first, a few character tests: most texts hold none.
    const first = tokens[j];
    const raw = first.raw;
    if (!first.w.syllable && !first.w.digit && (first.w.nameId < 0 || first.w.typo > 0)) {
      const clipped = clippedDistrict(tokens, j, index);
      if (clipped !== null) {
        out.push(...clipped);
        continue;
      }
    }
    if (raw.length < 1 || !isCapital(raw.charCodeAt(0)) || first.w.digit) continue;
    let initials: string;
    let word: string;
    let end: number;
    const second = tokens[j + 1];
    if (raw.length >= 2 && raw.length <= 4 && isCapital(raw.charCodeAt(1)) && allCapitals(raw)) {
      // Closing their segment, or before a district's type word ("P.VTS Q3"), or with the letter a
      // ward's name ends in ("P.BHH A": Bình Hưng Hòa A).
      const next = j + 1 < n && tokens[j + 1].seg === first.seg ? tokens[j + 1] : null;
      const letter = next !== null && /^[A-D]$/.test(next.raw) && (j + 2 === n || tokens[j + 2].seg !== first.seg) ? next : null;
      const beforeDistrict = next !== null && opensDistrictType(tokens, j + 1);
      if (next === null || letter !== null || beforeDistrict) {
        const initials = initialsOfUnits(tokens, j, index, letter);
        if (initials !== null) out.push(...initials);
      }
      continue;
    }
    if (raw.length > 2 && isCapital(raw.charCodeAt(1))) {
      const glued = GLUED_INITIALS.exec(raw);
      if (glued === null) continue;
      [initials, word, end] = [nameKey(glued[1]), nameKey(glued[2]), j + 1];
    } else if (
      raw.length <= 2 &&
      second !== undefined &&
      second.seg === first.seg &&
      !second.w.digit &&
      isCapital(second.raw.charCodeAt(0)) &&
      // Before the case of the initials (a new string): most such pairs are a longer name's first
      // words ("Hồ Chí Minh", "Hà Nội Mới"), and the name must close its segment.
      (j + 2 === n || tokens[j + 2].seg !== first.seg) &&
      (raw.length === 1 || raw === raw.toUpperCase())
    ) {
      [initials, word, end] = [first.f, second.w.key, j + 2];
    } else continue;
    if (end < n && tokens[end].seg === first.seg) continue;
    const hits = index.districtAbbreviations().get(`${initials} ${word}`);
    if (hits === undefined) continue;
    // Right after a type phrase of the district level, in the same segment.
    const typed = typePhraseBefore(tokens, j);
    if (typed === null || (typed.mask.levels & LEVEL_BIT.district) === 0) continue;
    const start = typed.start;
    for (const hit of hits)
      out.push({
        start,
        nameStart: j,
        end,
        unit: hit.unit,
        hit,
        score: SCORE.alias,
        typed: true,
        fuzzy: false,
        distance: 0,
        declared: false,
        declaredInRun: false,
        toneMismatch: false,
        writtenDistrict: true,
      });
  }
  return out;
}

/**
 * A district written as its first words' initials glued to its last word, in one word of no
 * syllable, as people type in chats and order forms without a type word: "p8 gvap" (Gò Vấp), "p5
 * bthanh", "pnhuan", "hmon". Weak evidence, as a name read with one slip is: it places the ward
 * the text numbers or names beside it. The word must not be a name's word or a syllable itself
 * ("tho" is no Tây Hồ), nor double the letter where it is cut ("SSơn" is a slip).
 */
function clippedDistrict(tokens: readonly Token[], j: number, index: UnitIndex): Mention[] | null {
  const written = tokens[j].f;
  if (written.length < 4 || !/^[a-z]+$/.test(written)) return null;
  return clippedDistrictIn(written, j, index, false) ?? (written.startsWith("q") ? clippedDistrictIn(written.slice(1), j, index, true) : null);
}

/**
 * The districts the folded word `f` (token j) clips, if any; `afterQ`: "Quận" was glued before it
 * ("QBThanh", as "QTB" is written), which only a Quận's name may follow.
 */
function clippedDistrictIn(f: string, j: number, index: UnitIndex, afterQ: boolean): Mention[] | null {
  if (f.length < 4) return null;
  const districts = index.districtAbbreviations();
  for (let cut = 1; cut <= 3 && f.length - cut >= 2; cut++) {
    // "SSơn" is Sơn with its first letter typed twice, more likely than S. Sơn (Sóc Sơn).
    if (f[cut - 1] === f[cut]) continue;
    const found = districts.get(`${f.slice(0, cut)} ${f.slice(cut)}`);
    const hits = afterQ ? found?.filter((hit) => hit.unit.type === "Quận") : found;
    if (hits === undefined || hits.length === 0) continue;
    return hits.map((hit) => ({
      start: j,
      nameStart: j,
      end: j + 1,
      unit: hit.unit,
      hit,
      score: SCORE.fuzzy1,
      typed: afterQ,
      fuzzy: true,
      distance: 1,
      declared: false,
      declaredInRun: false,
      toneMismatch: false,
      writtenDistrict: true,
    }));
  }
  return null;
}

/**
 * A unit written as the initials of its name's words alone, in capitals: right after a type phrase
 * of its level ("TP.NT" for Thành phố Nha Trang, "TX.TU", "Q.HC", "T.KH", a ward's "P.BHH"), the
 * units of that level and type with those initials (wards only where few share them, and with the
 * letter their name ends in: "P.BHH A"); alone as the last segment ("…, Nha Trang, KH"), the
 * provinces. Weak evidence, as a name read with two slips is: units share initials, and only a
 * ward or another unit read beside one decides. Initials that already name a unit ("BT", "HBT" in
 * Hồ Chí Minh City and Hà Nội, "BD") are left to it.
 */
function initialsOfUnits(tokens: readonly Token[], j: number, index: UnitIndex, letter: Token | null = null): Mention[] | null {
  const first = tokens[j];
  // Initials written with "Đ" are those of names with "Đ" there: "BĐ" is Bình Định, not the alias
  // BD of Bình Dương.
  const stroked = STROKED.test(first.raw);
  if ((index.hitsOf(first.f) !== undefined && !stroked && letter === null) || !/^[a-z]+$/.test(first.f)) return null;
  const typed = j > 0 && tokens[j - 1].seg === first.seg ? typePhraseBefore(tokens, j) : null;
  // A letter after them ("BHH A") is only a ward's name's last word.
  const key = letter === null ? first.f : first.f + letter.f;
  let candidates = letter === null ? index.unitsByInitials().get(key) : undefined;
  // A ward's initials only after a ward's type word ("P.BHH"), and only where few wards share them:
  // two letters are dozens of names' ("BN"), three mostly one or two.
  if (typed !== null && (typed.mask.levels & LEVEL_BIT.ward) !== 0) {
    const wards = (index.wardsByInitials().get(key) ?? []).filter((hit) => (typed.mask.types & hit.typeBit) !== 0);
    if (wards.length > 0 && wards.length <= MAX_WARDS_BY_INITIALS) candidates = [...(candidates ?? []), ...wards];
  }
  if (candidates !== undefined && stroked) {
    const written = first.lower + (letter?.lower ?? "");
    candidates = candidates.filter((hit) => writtenInitials(hit.unit.name) === written);
  }
  if (candidates === undefined || candidates.length === 0) return null;
  let start = j;
  let hits: readonly NameHit[] = [];
  if (j > 0 && tokens[j - 1].seg === first.seg) {
    if (typed === null) return null;
    const { mask } = typed;
    hits = candidates.filter((hit) => (mask.levels & hit.levelBit) !== 0 && (mask.types & hit.typeBit) !== 0);
    start = typed.start;
  } else if (first.seg === tokens[tokens.length - 1].seg) {
    hits = candidates.filter((hit) => hit.unit.level === "province");
  } else if (
    letter === null &&
    j + 1 < tokens.length &&
    tokens[j + 1].seg !== first.seg &&
    tokens[j + 1].seg === tokens[tokens.length - 1].seg &&
    /^\p{Lu}{2,3}$/u.test(first.raw) &&
    namesProvinceAlone(tokens, j + 1, index)
  ) {
    // Alone in its segment right before the last one, in capitals ("…, NK, Cần Thơ"): a district.
    // Only the province read after it decides which: two letters are the initials of dozens.
    hits = candidates.filter((hit) => hit.unit.level === "district");
  }
  return hits.map((hit) => ({
    start,
    nameStart: j,
    end: letter === null ? j + 1 : j + 2,
    unit: hit.unit,
    hit,
    score: SCORE.fuzzy2,
    typed: start < j,
    fuzzy: false,
    distance: 0,
    declared: false,
    declaredInRun: false,
    toneMismatch: false,
    writtenDistrict: hit.unit.level === "district",
  }));
}

/** The tokens from `start` to the end are a province's name alone, its type word before it or not ("Cần Thơ", "TP. Cần Thơ", "CT"). */
function namesProvinceAlone(tokens: readonly Token[], start: number, index: UnitIndex): boolean {
  const phrase = typePhraseAt(tokens, start);
  const from = phrase ? start + phrase.words.length : start;
  if (from >= tokens.length || tokens.length - from > 4) return false;
  if (index.provincesBySpelling.has(spellingOf(tokens, from, tokens.length))) return true;
  return from + 1 === tokens.length && (index.unitsByInitials().get(tokens[from].f)?.some((hit) => hit.unit.level === "province") ?? false);
}

/**
 * tokens[from, to) are written with marks that are not `name`'s ("Yên Lạc" for Yến Lạc, "trục
 * chính" for Trực Chính); words written without marks may be any name's.
 */
export function wordsMarkedOtherwise(tokens: readonly Token[], from: number, to: number, name: string): boolean {
  let lower = "";
  for (let k = from; k < to; k++) lower += k === from ? tokens[k].lower : ` ${tokens[k].lower}`;
  return fold(lower) !== lower && toneKey(lower) !== toneKey(name);
}

/** Token k opens a type phrase of the district level ("Q3", "Quận 3", "TP"). */
function opensDistrictType(tokens: readonly Token[], k: number): boolean {
  const phrase = typePhraseAt(tokens, k);
  return phrase !== null && (PHRASE_MASKS.get(phrase)!.levels & LEVEL_BIT.district) !== 0;
}

/** Wards sharing initials beyond this many are not read from them (initialsOfUnits). */
const MAX_WARDS_BY_INITIALS = 8;

/** Text with the letter Đ, which folding makes a D. */
const STROKED = /đ/i;

/** The first letters of a name's words, lower case, "đ" kept ("Bình Định": "bđ"). */
function writtenInitials(name: string): string {
  let out = "";
  for (const word of name.toLowerCase().split(" ")) out += word.normalize("NFD")[0];
  return out.normalize("NFC");
}

/**
 * The type phrase that ends right before token j in its segment ("Q." of "Q.BThạnh", "Thị xã" of
 * "Thị xã TU"), the longer one first, with the token it starts at; null when none does.
 */
function typePhraseBefore(tokens: readonly Token[], j: number): { start: number; mask: TypeMask } | null {
  for (let i = Math.max(0, j - 2); i < j; i++) {
    const phrase = tokens[i].seg === tokens[j].seg ? typePhraseAt(tokens, i) : null;
    if (phrase !== null && i + phrase.words.length === j) return { start: i, mask: PHRASE_MASKS.get(phrase)! };
  }
  return null;
}

/** Every letter a capital of the Latin alphabet or Đ ("NT", "TDM", "ĐN"), as initials are written. */
function allCapitals(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (!isCapital(raw.charCodeAt(i))) return false;
  return true;
}

/** Appends `code` to `codes` unless it is there already. */
function addOnce(codes: string[], code: string): void {
  if (!codes.includes(code)) codes.push(code);
}

/**
 * A province the text writes, to the codes of its structure's list; and the other structure's
 * provinces linked to it to that one's: a written province supports their wards too.
 */
function addProvince(hit: NameHit, oldCodes: string[], newCodes: string[]): void {
  const old = hit.structure === "old";
  addOnce(old ? oldCodes : newCodes, hit.code);
  for (const code of hit.otherProvinces) addOnce(old ? newCodes : oldCodes, code);
}

/** A capital letter of the Latin alphabet or Đ, as the first letter of a Vietnamese word. */
function isCapital(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || code === 0x110;
}

/** Capitals glued to a capitalised word: "BDương", "ĐLắk", "QNg". */
const GLUED_INITIALS = /^(\p{Lu}{1,2})(\p{Lu}\p{Ll}+)$/u;
const NO_MENTIONS: readonly Mention[] = [];

/**
 * The span names a province as the address's own (Mention.declared): with a type word of the
 * province level, or untyped and alone as the last segment, where Vietnamese addresses put it,
 * or there after one word that reads as nothing but a damaged "tỉnh" or "thành phố"; or, less
 * surely ("in-run"), ending the text's run of words without commas.
 */
function declaresProvince(
  tokens: readonly Token[],
  start: number,
  end: number,
  mask: TypeMask | null,
  hit: NameHit,
): Declares {
  if (hit.levelBit !== LEVEL_BIT.province) return "no";
  if (mask !== null) return (mask.levels & LEVEL_BIT.province) !== 0 ? "yes" : "no";
  if (end !== tokens.length) return "no";
  const seg = tokens[start].seg;
  if (start === 0 || tokens[start - 1].seg !== seg) return "yes";
  if (endsDamagedCityType(tokens, start - 1, seg))
    return start === 2 || tokens[start - 3].seg !== seg ? "yes" : "no";
  if ((start === 1 || tokens[start - 2].seg !== seg) && damagedProvinceType(tokens[start - 1].w)) return "yes";
  return endsRun(tokens, start) ? "in-run" : "no";
}

/** Whether words declare the province: "in-run" only by ending a run of words without commas (Mention.declaredInRun). */
type Declares = "no" | "yes" | "in-run";

/**
 * The province's name ends a run of words without commas ("xa dien quan thanh hoa", "Xã Điền Quan
 * Thanh Hóa"): still the place addresses put the province, unless a street's keyword or a number
 * before it makes the name a street's ("đường Hải Phòng", "số 1 Hà Nội"). A type word before it
 * ("Phường Bắc Giang") types its own mention, which the declared province does not cost
 * (resolve.ts onDeclaredProvince).
 */
export function endsRun(tokens: readonly Token[], start: number): boolean {
  const before = tokens[start - 1].w;
  return !before.digit && !STREET_WORDS_BEFORE_NAME.has(before.f);
}
const STREET_WORDS_BEFORE_NAME: ReadonlySet<string> = new Set([...ROAD_WORDS, "pho", "street", "st", "str"]);

/**
 * Tokens i − 1 and i are "thành phố" damaged ("Tành phố Cần Thơ", "Thoành phố Đà Nẵng", "Thành
 * pgố"): one edit in all, or two in the segment `loose` (the last, where the province stands). A
 * damaged "phố" must read as no syllable, or "Thanh Phú" would be one. Read as a street's keyword,
 * an intact "phố" after a damaged "thành" would take the city's name for a street's.
 */
export function endsDamagedCityType(tokens: readonly Token[], i: number, loose: number): boolean {
  if (i === 0 || tokens[i - 1].seg !== tokens[i].seg) return false;
  const first = tokens[i - 1].w;
  const second = tokens[i].w;
  if (first.digit || second.digit || first.f.length < 3 || second.f.length < 2) return false;
  if (second.f !== PHO && second.syllable) return false;
  const most = tokens[i].seg === loose ? 2 : 1;
  const edits = damerauLevenshtein(first.f, THANH, most);
  return edits + damerauLevenshtein(second.f, PHO, most) <= most;
}
const PHO = "pho";

/**
 * A word that is no type word or number, and is what is left of "tỉnh" or "thành phố" cut short
 * or mistyped ("Tỉ", "Th", "tnh", "Tỉng"): a form's field cut, a slip the tokeniser's one-letter
 * fixes do not read because the result is a syllable. It may be a word of some unit's name ("Ti"
 * is), but not of one the province's name continues, or the span would have begun with it.
 */
function damagedProvinceType(w: Word): boolean {
  if (w.digit || w.phrases !== undefined || w.f.length > 6) return false;
  // A word that reads as nothing at all ("mỉnsh", "Tỉỉxh"), where the province's type word stands.
  if (!w.syllable && w.nameId < 0) return true;
  if (w.f.length > 5) return false;
  return TINH.startsWith(w.f) || THANH.startsWith(w.f) || damerauLevenshtein(w.f, TINH, 1) <= 1;
}
const TINH = "tinh";
const THANH = "thanh";

/**
 * A district's name, untyped, right before the name of its province that ends the text, in the
 * same run ("3 Độc Lập 9 Tân Bình Hồ Chí Minh"): in the district's place, however the street's
 * words ran on before it.
 */
function beforeClosingProvince(search: Search, span: Span, hit: NameHit): boolean {
  if (hit.levelBit !== LEVEL_BIT.district || span.mask !== null) return false;
  const { tokens, spans, index } = search;
  if (span.end >= tokens.length || tokens[span.end].seg !== tokens[span.start].seg) return false;
  // Asked only of a street's words, so the spans are looked over only then.
  for (const closing of spans) {
    if (closing.start !== span.end || closing.end !== tokens.length || closing.mask !== null) continue;
    for (let h = index.firstUpper(closing.node); h < index.firstWard(closing.node); h++) {
      const province = index.hitList[h];
      if (province.levelBit === LEVEL_BIT.province && liesIn(hit, province.code)) return true;
    }
  }
  return false;
}

/**
 * Token k is a part's keyword written with diacritics, where that keyword opens the part: a hamlet's
 * ("Bản", "Thôn", "Ấp") opening its segment, a street's ("Đường", "Phố") opening its segment or after
 * a house's number. A name starting there is no unit's when its first word is spelled otherwise
 * ("Bản Long Thạnh" is a village, not Tiền Giang's Xã Bàn Long; "Đường Thành Thái" a street, not
 * Xã Dương Thành); spelled alike, a street's keyword still opens the street when the name leaves
 * words of its segment after it ("Đường An Dương Vương" is no Xã Đường An; "Đường Lâm, Sơn Tây" is).
 */
function keywordWrittenAgainst(tokens: readonly Token[], k: number, end: number, unit: Unit): boolean {
  // Asked of every name's hit: the folded word rules out nearly all before the written one, or the
  // unit (most are met out of the processor's caches), is read.
  const t = tokens[k];
  // Both kinds of keyword are among the words parts.ts looks for (Word.partWord): most words are not.
  if (!t.w.partWord) return false;
  const street = t.f === "duong" || t.f === "pho";
  if (!street && !HAMLET_STARTS.has(t.f)) return false;
  const opens = k === 0 || tokens[k - 1].seg !== t.seg;
  const written = t.lower;
  const against = () => {
    const name = unit.name;
    const space = name.indexOf(" ");
    return toneAnywhere(written) !== toneAnywhere(space < 0 ? name : name.slice(0, space));
  };
  if (street) {
    if (!opens && !isHouseNumber(tokens[k - 1].f)) return false;
    // Only the keyword's own spellings: "dương" is a name's word ("Tổ 4 Dương Phong").
    return spelledAs(written, KEYWORD_SPELLINGS[t.f]) && (against() || (end < tokens.length && tokens[end].seg === t.seg));
  }
  return opens && written !== t.f && against();
}

/**
 * A province's name that ends the text, on words a street claims, is in the province's place where
 * what comes before it says so: bare numbers (afterBareNumber), a damaged "thành phố"
 * (afterDamagedCity), or one of its own units (unitEndsAt). Asked only of claimed words.
 */
function provinceLast(search: Search, span: Span, hit: NameHit): boolean {
  const tokens = search.tokens;
  if (hit.levelBit !== LEVEL_BIT.province || span.end !== tokens.length) return false;
  if (afterBareNumber(tokens, span.nameStart) || afterDamagedCity(tokens, span.nameStart)) return true;
  return span.mask === null && unitEndsAt(search.spans, span, hit.code, search.index);
}

/**
 * Token k follows, in its segment, a number written bare after another number or after a name's
 * word: ward and district written bare ("…, 5 11 Hồ Chí Minh"), or a ward after the street
 * ("… Độc Lập 9 Hồ Chí Minh"). Not a house's or an alley's number, nor a street's keyword: a
 * street may be named after a province ("số 1 Hà Nội", "ngõ 55 Hòa Bình", "1 Xa lộ Hà Nội").
 */
function afterBareNumber(tokens: readonly Token[], k: number): boolean {
  if (k < 2) return false;
  const number = tokens[k - 1];
  const before = tokens[k - 2];
  if (!number.w.digit || number.seg !== tokens[k].seg || before.seg !== number.seg) return false;
  return before.w.digit || (before.f.length > 1 && !HOUSE_WORDS.has(before.f) && !GROUP_WORDS.has(before.f));
}

/**
 * Token k follows "phố" after a word that reads as nothing, in its segment: "thành phố" damaged
 * past what endsDamagedCityType reads ("Tcàv phố Đà Nẵng"), not a street named after a city.
 */
function afterDamagedCity(tokens: readonly Token[], k: number): boolean {
  if (k < 2) return false;
  const seg = tokens[k].seg;
  if (tokens[k - 1].f !== PHO || tokens[k - 1].seg !== seg || tokens[k - 2].seg !== seg) return false;
  const w = tokens[k - 2].w;
  return !w.digit && !w.syllable && w.nameId < 0;
}

/**
 * Emits the mentions of the hits this span has not `taken` yet, and adds them to it. A list, not a
 * set: it holds the few wards of one name inside the places the text names.
 */
function take(search: Search, span: Span, hits: NameHit[] | undefined, taken: NameHit[]): void {
  if (!hits) return;
  for (const hit of hits) {
    if (taken.includes(hit)) continue;
    taken.push(hit);
    emitExact(search, span, hit);
  }
}

/**
 * Token k continues a street's name: the words before it in its segment, back to a word the
 * street claims (parts.ts claimStreetStarts), are no type word, no number and no hamlet's name.
 */
export function runsOnFromStreet(tokens: readonly Token[], claimed: Uint8Array, k: number): boolean {
  const seg = tokens[k].seg;
  // A street named by a date ends with its month ("Cách Mạng Tháng Tám", "30 Tháng 4"): what
  // follows is not its name ("… Cách Mạng Tháng Tám Tây Thụy Anh").
  if (k >= 2 && tokens[k - 2].seg === seg && tokens[k - 2].f === "thang" && MONTHS.has(tokens[k - 1].f)) return false;
  for (let j = k - 1; j >= 0 && tokens[j].seg === seg; j--) {
    if (claimed[j] === STREET_CLAIM) return true;
    if (claimed[j] === HAMLET_CLAIM || tokens[j].w.digit || tokens[j].w.phrases !== undefined) return false;
  }
  return false;
}

/**
 * The most words a street's name takes without a keyword: "Nam Kỳ Khởi Nghĩa", "Nguyễn Thị Minh
 * Khai". A commune's name that would make it longer, closing the run ("1 Hùng Vương Bình Hàng
 * Trung"), is the commune; inside the run it may be the street's ("1 Xô Viết Nghệ Tĩnh Giảng Võ").
 */
const STREET_NAME_WORDS = 4;

/**
 * The first word of the street whose claimed words come last before token k (runsOnFromStreet):
 * after the house's or alley's number ("1 ngõ 96 Nam Kỳ Khởi Nghĩa").
 */
function streetStart(tokens: readonly Token[], claimed: Uint8Array, k: number): number {
  let j = k - 1;
  while (j >= 0 && claimed[j] !== STREET_CLAIM) j--;
  while (j > 0 && claimed[j - 1] === STREET_CLAIM && !tokens[j - 1].w.digit) j--;
  // The keyword a house's number claimed is not the name's: "số 5 đường Nam Kỳ Khởi Nghĩa".
  if (j > 0 && j + 1 < k && tokens[j - 1].w.digit && STREET_KEYWORD_WORDS.has(tokens[j].f)) j++;
  return j;
}

/** A month after "tháng", as a number or a word, folded ("4", "tam" of Tháng Tám, "gieng"). */
export const MONTHS: ReadonlySet<string> = new Set([
  ..."123456789".split(""),
  "10",
  "11",
  "12",
  ...["mot", "hai", "ba", "tu", "nam", "sau", "bay", "tam", "chin", "muoi", "gieng", "chap"],
]);

/**
 * The span's words spell a district's name whose type the mask holds, with the marks written where
 * marks tell names apart ("Huyện Tân Thành" is no Huyện Tân Thạnh).
 */
function districtTypedAs(search: Search, span: Span, mask: TypeMask): boolean {
  const index = search.index;
  for (let h = index.firstUpper(span.node); h < index.firstWard(span.node); h++) {
    const hit = index.hitList[h];
    if (hit.levelBit !== LEVEL_BIT.district || (mask.types & hit.typeBit) === 0) continue;
    if (hit.tone === undefined) return true;
    if (span.tone === undefined) span.tone = writtenTone(search.tokens, span.nameStart, span.end, search.tones);
    if (span.tone === null || span.tone === hit.tone) return true;
  }
  return false;
}

/** The words of the trie's node spell a province's own name (no alias). */
function spellsProvince(index: UnitIndex, node: number): boolean {
  for (let h = index.firstUpper(node); h < index.firstWard(node); h++) {
    const hit = index.hitList[h];
    if (hit.levelBit === LEVEL_BIT.province && !hit.alias) return true;
  }
  return false;
}

/** The commune is named like its province, or, in the new structure, like an old province its province took in. */
function namedLikeItsProvince(hit: NameHit, index: UnitIndex): boolean {
  const name = hit.unit.name;
  if (name === hit.province?.name) return true;
  return hit.structure === "new" && hit.otherProvinces.some((code) => index.unit("old", code)?.name === name);
}

/** The mention of an exact name hit for a span (appended to the search's mentions), or null when it cannot stand. */
function emitExact(search: Search, span: Span, hit: NameHit): Mention | null {
  const { tokens, claimed, out } = search;
  const len = span.end - span.nameStart;
  // One bare syllable inside a longer phrase ("Thanh" in "Thanh Hóa", "Đông" in "Đông Anh")
  // names no ward: only a syllable standing alone in its segment may.
  if (
    len === 1 &&
    span.mask === null &&
    hit.levelBit === LEVEL_BIT.ward &&
    !hit.alias &&
    !aloneInSegment(tokens, span.start) &&
    !opensBeforeItsPlace(search, span, hit)
  )
    return null;
  // After a district's own type word, a district of that type and name is what is written: no
  // commune of its name ("Huyện Long Thành" is no Thị trấn Long Thành, nor today's Phường).
  if (
    span.mask !== null &&
    hit.levelBit === LEVEL_BIT.ward &&
    (span.mask.levels & LEVEL_BIT.ward) === 0 &&
    districtTypedAs(search, span, span.mask)
  )
    return null;
  // An alias written with "Đ" names a unit with "Đ" in its name: "BĐ" is no BD of Bình Dương.
  if (hit.alias && len === 1 && STROKED.test(tokens[span.nameStart].raw) && !STROKED.test(hit.unit.name)) return null;
  // A hamlet's keyword opening its segment, written with its own diacritics, opens no name that
  // spells the word otherwise: "Bản Long Thạnh" is a village, not Tiền Giang's Xã Bàn Long.
  if (span.mask === null && keywordWrittenAgainst(tokens, span.start, span.end, hit.unit)) return null;
  // A commune named like its own province, or like the old province it lay in ("Phường Bình
  // Dương"), written bare as the text's last words ("…, Huyện Cần Giuộc, Long An", "12 Lê Lợi Bình
  // Dương"), is the province: a commune there would leave the province unwritten. So is any
  // commune named like a province, written last in a run after other words ("… kim dong ha nam":
  // Hà Nam, not Hải Phòng's Xã Hà Nam).
  if (
    span.mask === null &&
    hit.levelBit === LEVEL_BIT.ward &&
    span.end === tokens.length &&
    span.start > 0 &&
    (namedLikeItsProvince(hit, search.index) ||
      (tokens[span.start - 1].seg === tokens[span.start].seg && spellsProvince(search.index, span.node)))
  )
    return null;
  // A word the tokeniser fixed (a letter doubled or two swapped, one fix only) names the unit as
  // surely as the written name: it scores as exact, and is flagged as a typo for the confidence.
  const typos = span.typos;
  // Unless the fix reads the word against its written marks ("quận Tân Bìne": the swap gives
  // Biên, whose "ê" and no tone the writer did not type, where Bình is one letter away with the
  // marks as written): the typo search then reads the words as written, marks weighed.
  if (typos > 0 && tonesAgainst(tokens, span.nameStart, span.end, hit.unit.name) > 0) return null;
  // A name right after a hamlet's keyword is the hamlet's, unless a unit's type word is written.
  // When it is also a commune's of the units the text names ("thôn Phi Tô, Lâm Hà"), the hamlet
  // lies in that commune more often than not (villages give communes their names, and people write
  // "thôn" for the commune), so it is weak evidence for the commune: only within a district or
  // province the text names, and none once the text types a commune of its own (even one the
  // registry does not place).
  const hamletName = claimed[span.start] === HAMLET_CLAIM && span.mask === null;
  // An industrial park's or an urban area's name that is a district's or a city's ("KCN Biên Hòa 2",
  // "KCN Quế Võ") says that it lies in that district, and not in the commune of 2025 that took the
  // name: the park is older, and lies elsewhere in the district.
  const estateLabel = hamletName && search.index.namesUpper(span.node) ? estateKeywordBefore(tokens, span.start) : null;
  const estate = estateLabel !== null;
  if (estate && (hit.structure !== "old" || hit.levelBit === LEVEL_BIT.province)) return null;
  // Its district, wherever the text stands; an old ward of its name, as a hamlet's name is, but for
  // an industrial park's ("KCN Long Thành" lies in Tam An and An Phước, not in Thị trấn Long Thành).
  const estateDistrict = estate && hit.levelBit === LEVEL_BIT.district;
  if (estate && !estateDistrict && INDUSTRIAL_ESTATES.has(estateLabel)) return null;
  if (hamletName && !estateDistrict && (hit.levelBit !== LEVEL_BIT.ward || search.communeTyped || !search.placed)) return null;
  // A commune's name inside the words after a house number, in a text whose words name no district
  // or province, is the end of the street's name ("1 Nam Kỳ Khởi Nghĩa", "8 Tô Hiến Thành"):
  // nothing else in the text says a unit is written there.
  // A province's name that ends the text may stand in the province's place on a street's words
  // ("…, 5 11 Hồ Chí Minh": ward 5, district 11 written bare; provinceLast).
  const inStreet =
    (claimed[span.start] !== 0 && !provinceLast(search, span, hit) && !beforeClosingProvince(search, span, hit)) ||
    (span.mask === null && afterFamilyName(tokens, span)) ||
    (!search.upperNamed &&
      span.mask === null &&
      hit.levelBit === LEVEL_BIT.ward &&
      runsOnFromStreet(tokens, claimed, span.start) &&
      (span.end - streetStart(tokens, claimed, span.start) <= STREET_NAME_WORDS ||
        (span.end < tokens.length && tokens[span.end].seg === tokens[span.start].seg)));
  // A name that is the hamlet's whole name, to its segment's end ("Khu tập thể Thanh Xuân Bắc"),
  // says more than one that leaves some of it out (Phường Thanh Xuân of 2025).
  let score = estateDistrict
    ? SCORE.estateNamedLikeDistrict
    : hamletName
      ? SCORE.hamletNamedLikeCommune +
        (span.end === tokens.length || tokens[span.end].seg !== tokens[span.start].seg ? SCORE.hamletWholeName : 0)
      : scoreHit(hit, span.numbered, span.mask, len, inStreet, SCORE.exact);
  if (Number.isNaN(score)) return null;
  const unitTone = hit.tone;
  if (unitTone !== undefined) {
    // Hoằng Đông vs Hoằng Đồng: only the diacritics tell them apart.
    if (span.tone === undefined) span.tone = writtenTone(tokens, span.nameStart, span.end, search.tones);
    if (span.tone !== null) score += span.tone === unitTone ? SCORE.diacritics : -SCORE.diacritics;
  }
  const toneMismatch = unitTone !== undefined && span.tone !== null && span.tone !== unitTone;
  // An estate's name is a district's only as written ("Khu đô thị Văn Quán" is no Văn Quan).
  if (estateDistrict && toneMismatch) return null;
  // Written untyped with other marks than the province's own ("…, Thanh Hòa": Thanh Hóa's, or a
  // commune Thanh Hòa's), the words do not declare the province; they may still name it.
  const declares =
    !toneMismatch || span.mask !== null ? declaresProvince(tokens, span.start, span.end, span.mask, hit) : "no";
  const m: Mention = {
    start: span.start,
    nameStart: span.nameStart,
    end: span.end,
    unit: hit.unit,
    hit,
    score,
    typed: typedForHit(span.mask, hit),
    fuzzy: typos > 0,
    distance: typos,
    declared: declares !== "no",
    declaredInRun: declares === "in-run",
    toneMismatch,
    writtenDistrict:
      hit.levelBit === LEVEL_BIT.district &&
      (typedForHit(span.mask, hit) || wholeSegment(tokens, span.start, span.end)),
  };
  if (hamletName) m.alsoPart = true;
  out.push(m);
  return m;
}

/**
 * A province name cut short at the very end of the text ("…, Tỉnh An Gi", "…, Thành phố Đồng",
 * "…, Quảng N"), as form fields and copied text lose their last letters: the provinces whose name
 * the last segment's words begin, the last word a beginning of the name's word. After a province's
 * type word one word will do; without one, two (a bare "An" begins too much). Each is a weak
 * mention, as a typo is: the commune the text names decides between several ("Tỉnh Cà": Cà Mau or
 * Cao Bằng). None when a province's mention already ends the text (`mentions`, the exact ones).
 */
export function findCutProvince(tokens: readonly Token[], mentions: readonly Mention[], index: UnitIndex): Mention[] {
  const n = tokens.length;
  if (n === 0) return [];
  for (const m of mentions) if (m.end === n && m.score > 0 && m.hit.levelBit === LEVEL_BIT.province) return [];
  let start = n - 1;
  while (start > 0 && tokens[start - 1].seg === tokens[n - 1].seg) start--;
  const phrase = typePhraseAt(tokens, start);
  const typed = phrase !== null && (PHRASE_MASKS.get(phrase)!.levels & LEVEL_BIT.province) !== 0;
  const nameStart = typed ? start + phrase!.words.length : start;
  const count = n - nameStart;
  if (count < (typed ? 1 : 2) || count > 3) return [];
  const last = tokens[n - 1].f;
  if (tokens[n - 1].w.digit) return [];
  const out: Mention[] = [];
  for (const { words, hits } of index.provinceSpellings) {
    if (words.length < count) continue;
    let same = true;
    for (let k = 0; k < count - 1 && same; k++) same = words[k] === tokens[nameStart + k].f;
    const word = words[count - 1];
    if (!same || !word.startsWith(last) || (word === last && words.length === count)) continue;
    for (const hit of hits)
      out.push({
        start,
        nameStart,
        end: n,
        unit: hit.unit,
        hit,
        score: SCORE.fuzzy1 + (typed ? SCORE.typedSame : 0),
        typed,
        fuzzy: true,
        distance: 1,
        declared: false,
        declaredInRun: false,
        toneMismatch: false,
        writtenDistrict: false,
      });
  }
  return out;
}

/** A name read as written (no typo) ends the text of `n` tokens, begun at or before token `by`. */
function exactNameClosesFrom(mentions: readonly Mention[], n: number, by: number): boolean {
  for (const m of mentions) if (m.end === n && m.nameStart <= by && m.score > 0 && !m.fuzzy) return true;
  return false;
}

/**
 * A province's name at the end of the text with a slip in two of its words ("…, Tỉnh Cam Mlau",
 * "…, Tỉnnh Tâ Nin" for Cà Mau and Tây Ninh): each word at most one edit from the name's word,
 * two in all. The typo search allows one edit in a whole name, two only in names of nine letters
 * or more, where two slips are a smaller share of it; the province's place at the end, after its
 * type word, a damaged one or a comma, is what allows the looser match in a short name. Words
 * that name a unit as written are left to it, and a commune the text names decides between several
 * such provinces, as for a province cut short (findCutProvince).
 */
export function findMisspeltProvince(tokens: readonly Token[], mentions: readonly Mention[], index: UnitIndex): Mention[] {
  const n = tokens.length;
  if (n < 2) return [];
  let start = n - 1;
  while (start > 0 && tokens[start - 1].seg === tokens[n - 1].seg) start--;
  // The name, two words or more, lies in the last segment: a one-word segment has none.
  if (n - start < 2) return [];
  // Most texts end in a name read as written that fills the last segment, or all of it but a type
  // word: there is then nothing to look for (this runs for every text, so the first one met ends it).
  if (exactNameClosesFrom(mentions, n, start + 1)) return [];
  const phrase = typePhraseAt(tokens, start);
  const mask = phrase === null ? null : PHRASE_MASKS.get(phrase)!;
  if (mask !== null && (mask.levels & LEVEL_BIT.province) === 0) return [];
  let nameStart = phrase === null ? start : start + phrase.words.length;
  if (phrase === null && start + 1 < n && endsDamagedCityType(tokens, start + 1, tokens[n - 1].seg)) nameStart += 2;
  else if (phrase === null && damagedProvinceType(tokens[start].w)) nameStart++;
  const count = n - nameStart;
  if (count < 2 || count > 4) return [];
  const typed = nameStart > start;
  for (let k = nameStart; k < n; k++) if (tokens[k].w.digit) return [];
  // Nor when one begins inside the words the name would take.
  if (exactNameClosesFrom(mentions, n, nameStart)) return [];
  const near: (typeof index.provinceSpellings)[number][] = [];
  for (const spelling of index.provinceSpellings) {
    if (spelling.words.length !== count) continue;
    let edits = 0;
    let unreadableSlip = false;
    for (let k = 0; k < count && edits <= 2; k++) {
      const w = tokens[nameStart + k].w;
      const d = damerauLevenshtein(w.key, spelling.words[k], 1);
      edits += d > 1 ? 3 : d;
      if (d === 1 && w.nameId < 0) unreadableSlip = true;
    }
    // Two words each one slip from a province's are often two real words of other names ("Sông
    // Hàn" is no Long An, "Ấp Hạ" no "TP HN"): without the province's type word before them, one
    // of the slips must leave a word no name has.
    if (edits === 2 && (typed || unreadableSlip)) near.push(spelling);
  }
  if (near.length === 0) return [];
  // A province one edit away in the whole name ("Tâ Ninh"), or spelled by ear ("Chà Vinh"), is the
  // typo search's, and the likelier reading.
  let written = tokens[nameStart].w.key;
  for (let k = nameStart + 1; k < n; k++) written += ` ${tokens[k].w.key}`;
  for (const { words } of index.provinceSpellings) if (damerauLevenshtein(written, words.join(" "), 1) <= 1) return [];
  for (const sound of index.names.soundsLike(written))
    if (index.hitsOf(sound)?.hits.some((hit) => hit.levelBit === LEVEL_BIT.province)) return [];
  const out: Mention[] = [];
  for (const { words, hits } of near)
    for (const hit of hits) {
      const m = typoMention(tokens, phrase === null ? nameStart : start, nameStart, n, hit, words.join(" "), mask, 2);
      if (m !== null) out.push(m);
    }
  return out;
}

/**
 * The mention of `hit` that tokens [start, end) make when their name (from nameStart) is
 * `distance` edits from the hit's spelling `key`; null where the hit cannot stand (scoreHit).
 */
export function typoMention(
  tokens: readonly Token[],
  start: number,
  nameStart: number,
  end: number,
  hit: NameHit,
  key: string,
  mask: TypeMask | null,
  distance: number,
  marks: MarksAgainst | null = null,
): Mention | null {
  const base = distance === 1 ? SCORE.fuzzy1 : SCORE.fuzzy2;
  const scored = scoreHit(hit, isNumeric(key), mask, end - nameStart, false, base);
  if (Number.isNaN(scored)) return null;
  // Untyped words written with marks, every one of them otherwise than the name's ("căn hộ" is no
  // Cần Thơ): other words, written as meant, not the name with a slip.
  if (mask === null && everyWordMarkedOtherwise(tokens, nameStart, end, hit.unit.name)) return null;
  // Only after a type word: untyped words near a name are as often a street's ("Phạm Văn Đồng" is no
  // Vân Đồn), and ordering them would make a unit of them.
  const against =
    mask === null ? 0 : marks === null ? tonesAgainst(tokens, nameStart, end, hit.unit.name) : marks.of(nameStart, end, hit.unit.name);
  const score = scored - SCORE.typoToneAgainst * against;
  const declares = declaresProvince(tokens, start, end, mask, hit);
  return {
    start,
    nameStart,
    end,
    unit: hit.unit,
    hit,
    score,
    typed: typedForHit(mask, hit),
    fuzzy: true,
    distance,
    declared: declares !== "no",
    declaredInRun: declares === "in-run",
    toneMismatch: false,
    writtenDistrict: false,
  };
}

/**
 * Every word of tokens[from, to) is written with marks, and none with the marks of the name's word
 * in its place ("căn hộ" against Cần Thơ); a letter slipped beside the right marks ("Đăk Lắc" for
 * Đắk Lắk: "lắc") is the name's.
 */
function everyWordMarkedOtherwise(tokens: readonly Token[], from: number, to: number, name: string): boolean {
  // Most words the typo search reads are written without marks: one look tells, unless the text
  // writes its marks, where a word written without any is so written ("Linh Đàm" is no Lĩnh Nam).
  if (tokens[from].lower === tokens[from].f && !writtenWithMarks(tokens)) return false;
  const words = name.toLowerCase().split(" ");
  if (words.length !== to - from) return false;
  for (let k = from; k < to; k++) {
    const lower = tokens[k].lower;
    if (marksOf(lower) === marksOf(words[k - from])) return false;
    // Unmarked, it is so written only as a Vietnamese word ("Kwang Ngai" is Quảng Ngãi spelled for foreigners).
    if (lower === tokens[k].f && (!tokens[k].w.syllable || !writtenWithMarks(tokens))) return false;
  }
  return true;
}

/**
 * In a text that writes its marks, some word of tokens[from, to) is written with a mark the name's
 * word in its place does not have: a hat, horn or đ it lacks, or another tone ("nhà mặt" against
 * Nhà Mát, "văn phòng" against Văn Phong, "chứ" against Chũ), or none at all where it has some
 * ("hoa hậu" against Hòa Hậu). One mark of a word left out is a writer's haste, not another word
 * ("Huê" is Huế), and hỏi for ngã or ngã for hỏi is how half the country spells them ("Quảng Ngải").
 */
export function marksContradictName(tokens: readonly Token[], from: number, to: number, name: string): boolean {
  if (!writtenWithMarks(tokens)) return false;
  const words = name.toLowerCase().split(" ");
  if (words.length !== to - from) return false;
  for (let k = from; k < to; k++) {
    const lower = tokens[k].lower;
    const written = marksOf(lower);
    const named = marksOf(words[k - from]);
    if (written === named) continue;
    // A Vietnamese word written without marks in such a text is so written ("hoa hậu" is no Hòa Hậu).
    if (lower === tokens[k].f) {
      if (tokens[k].w.syllable) return true;
      continue;
    }
    const [writtenHats, writtenTone] = written.split(" ");
    const [namedHats, namedTone] = named.split(" ");
    if (writtenHats !== "" && writtenHats !== namedHats) return true;
    if (writtenTone !== "" && writtenTone !== namedTone && !(HOI_NGA.has(writtenTone) && HOI_NGA.has(namedTone))) return true;
  }
  return false;
}
/** The hỏi and ngã tones' combining marks, which many writers do not tell apart. */
const HOI_NGA = new Set(["\u0309", "\u0303"]);

/** Half the text's words, and two at least, are written with marks (many syllables have none): the writer types them. */
function writtenWithMarks(tokens: readonly Token[]): boolean {
  // Asked of every hit of every near name: worked out once per text.
  let answer = WRITTEN_WITH_MARKS.get(tokens);
  if (answer === undefined) {
    let words = 0;
    let marked = 0;
    for (const t of tokens) {
      if (!t.w.syllable) continue;
      words++;
      if (t.lower !== t.f) marked++;
    }
    answer = marked >= 2 && marked * 2 >= words;
    WRITTEN_WITH_MARKS.set(tokens, answer);
  }
  return answer;
}
const WRITTEN_WITH_MARKS = new WeakMap<readonly Token[], boolean>();

/**
 * A word's marks: its hats, horns and đ in order, and its tone wherever it is placed ("hòa" and
 * "hoà" alike; "lắk" → "̆ ́", "đắk" → "đ̆ ́").
 */
function marksOf(word: string): string {
  let marks = MARKS_OF_WORD.get(word);
  if (marks === undefined) {
    let hats = "";
    let tone = "";
    for (const c of word.normalize("NFD")) {
      const code = c.charCodeAt(0);
      if (TONE_MARKS.has(code)) tone = c;
      else if (code > 0x7f) hats += c;
    }
    marks = `${hats} ${tone}`;
    // Syllables and names' words are a few thousand: a bound keeps odd input from growing it.
    if (MARKS_OF_WORD.size >= 20_000) MARKS_OF_WORD.clear();
    MARKS_OF_WORD.set(word, marks);
  }
  return marks;
}
const MARKS_OF_WORD = new Map<string, string>();

/** The combining marks of the five tones (huyền, sắc, ngã, hỏi, nặng). */
const TONE_MARKS = new Set([0x300, 0x301, 0x303, 0x309, 0x323]);

/**
 * The letters whose marks, written, disagree with the name's beyond the typos that reach it ("Cam
 * Lợ": one against Cam Lộc, none against Cam Lợi, both a letter away): of two names as near, the one
 * the written marks agree with is the likelier. 0 for words written without marks.
 */
function tonesAgainst(tokens: readonly Token[], nameStart: number, end: number, name: string): number {
  // Tokens hold normalised (NFC) text: letters compare as written.
  let lower = "";
  for (let k = nameStart; k < end; k++) lower += k === nameStart ? tokens[k].lower : ` ${tokens[k].lower}`;
  const folded = fold(lower);
  if (folded === lower) return 0; // written without marks
  const unit = name.toLowerCase();
  const bound = Math.max(lower.length, unit.length);
  const letters = damerauLevenshtein(folded, fold(unit), bound);
  return Math.max(0, damerauLevenshtein(lower, unit, bound) - letters);
}

/**
 * tonesAgainst's answers for the words of one span of a text's tokens, by name: the typo search
 * asks it of every hit of every near name, and the hits of one name mostly share it (a dozen
 * communes called Vĩnh Ngọc), so each is worked out once. Asked of other words, it starts over.
 */
class MarksAgainst {
  private nameStart = -1;
  private end = -1;
  private readonly byName = new Map<string, number>();

  constructor(private readonly tokens: readonly Token[]) {}

  of(nameStart: number, end: number, name: string): number {
    if (nameStart !== this.nameStart || end !== this.end) {
      this.byName.clear();
      this.nameStart = nameStart;
      this.end = end;
    }
    let against = this.byName.get(name);
    if (against === undefined) {
      against = tonesAgainst(this.tokens, nameStart, end, name);
      this.byName.set(name, against);
    }
    return against;
  }
}

/** The types and levels the type phrase names, as bits. */
export function phraseMask(phrase: TypePhrase): TypeMask {
  return PHRASE_MASKS.get(phrase)!;
}

/** First words of the roads' keywords of two words closing on "lộ" ("Đại lộ", "Quốc lộ", "Tỉnh lộ"), folded. */
const ROAD_KEYWORD_FIRST_WORDS: ReadonlySet<string> = new Set(
  PART_KEYWORDS.filter((k) => k.kind === "street" && k.words.length === 2 && k.words[1] === "lo").map((k) => k.words[0]),
);

/**
 * Token i begins words the typo search reads no unit's name in: a title's ("Bà Huyện Thanh Quan",
 * the name after "Bà" or "Bà Huyện" a person's), where along an alley ("cuối ngõ 5", no Suối Ngô), a
 * landmark's or a road's keyword ("Ngã tư", "Đại lộ").
 */
function opensNoUnitName(tokens: readonly Token[], i: number): boolean {
  if (titledHuyen(tokens, i)) return true;
  const t = tokens[i];
  const next = tokens[i + 1];
  if (next !== undefined && next.seg === t.seg && ALONG_WORDS.has(t.f) && ALLEY_STARTS.has(next.f)) return true;
  // A landmark's words ("Ngã tư Bình Chuẩn", "đối diện chợ"): "Ngã tư" is one slip from Ngãi Tứ.
  if (t.w.landmark && (LANDMARK_WORDS.has(t.f) || (next !== undefined && next.seg === t.seg && LANDMARK_WORDS.has(`${t.f} ${next.f}`))))
    return true;
  // A road's keyword ("Đại lộ Thăng Long", "Quốc lộ 1A"): "Đại lộ" is one slip from Đại Lộc and Đại Mỗ.
  if (next !== undefined && next.seg === t.seg && next.f === "lo" && ROAD_KEYWORD_FIRST_WORDS.has(t.f)) return true;
  if (i === 0 || tokens[i - 1].seg !== t.seg) return false;
  return opensTitle(tokens, i - 1) || titledHuyen(tokens, i - 1);
}

/**
 * Typo-tolerant mentions: from each of `starts` (after an optional type phrase), the longest
 * name of 1–4 tokens within `allowed` that lies one edit from a known name, else (for long
 * names) two edits. Longest first and first found wins, so a start costs a few look-ups; the
 * two-edit scan, the costly one, runs at most `maxScans` times per address.
 */
export function findFuzzyMentions(
  tokens: readonly Token[],
  starts: readonly number[],
  allowed: Uint8Array,
  index: UnitIndex,
  maxScans = 2,
): Mention[] {
  const out: Mention[] = [];
  const n = tokens.length;
  let scans = 0;
  const marks = new MarksAgainst(tokens);
  for (const i of starts) {
    if (opensNoUnitName(tokens, i)) continue;
    // As for names read as written: "Phương" of Nguyễn Tri Phương is no Phường.
    const phrase = typeWordSpelledOtherwiseAt(tokens, i) ? null : typePhraseAt(tokens, i);
    const mask = phrase ? PHRASE_MASKS.get(phrase)! : null;
    // Untyped words right after a family name opening their segment are a person's name, a street's
    // ("Võ Văn Kiệt" is no Văn Kiều, "Lê Đức Anh" no Đức An).
    if (mask === null && afterFamilyNameOpening(tokens, i)) continue;
    const nameStart = phrase ? i + phrase.words.length : i;
    // After a word of the run, not after one that reads as nothing (a damaged type word: "Xãã Vĩnh Thạnh").
    const inRun = i > 0 && tokens[i - 1].seg === tokens[i].seg && (tokens[i - 1].w.syllable || tokens[i - 1].w.nameId >= 0);
    // The candidate names from this start, shortest first.
    const candidates: { key: string; end: number; provincesOnly: boolean }[] = [];
    let provincesOnly = false;
    const lastSegment =
      nameStart < n &&
      n - nameStart <= 4 &&
      (nameStart === 0 || tokens[nameStart - 1].seg !== tokens[nameStart].seg) &&
      tokens[n - 1].seg === tokens[nameStart].seg;
    let key = "";
    for (let len = 1; len <= 4; len++) {
      const j = nameStart + len;
      if (j > n || !allowed[j - 1] || (len > 1 && !continues(tokens, j - 1))) break;
      if (tokens[j - 1].w.digit) break;
      key = len === 1 ? tokens[nameStart].w.key : `${key} ${tokens[j - 1].w.key}`;
      // One syllable with a slip and no type word ("Chung" of "Chung cư", one letter from Phùng)
      // is too little to name a unit.
      if (len === 1 && mask === null) continue;
      // Nor is a person's family and middle name ("Võ Văn" of Võ Văn Kiệt, one slip from Xã Vũ
      // Vân), or a title and a name ("Bà Triệu", one slip from Ba Tiêu): without a type word, such
      // words are a street named after someone being written.
      // But the text's last segment alone is where the province goes: "…, Lam Định" is Nam Định.
      if (
        mask === null &&
        !provincesOnly &&
        (opensPersonName(tokens[nameStart].f, tokens[nameStart + 1].f) || opensTitle(tokens, nameStart))
      ) {
        if (!lastSegment) break;
        provincesOnly = true;
      }
      if (key.length >= 4) candidates.push({ key, end: j, provincesOnly });
    }
    const emit = (near: string, end: number, distance: number, provincesOnly = false): boolean => {
      let any = false;
      for (const hit of index.hitsOf(near)?.hits ?? []) {
        if (provincesOnly && hit.levelBit !== LEVEL_BIT.province) continue;
        const m = typoMention(tokens, i, nameStart, end, hit, near, mask, distance, marks);
        if (m === null) continue;
        out.push(m);
        any = true;
      }
      return any;
    };
    let found = false;
    for (let c = candidates.length - 1; c >= 0 && !found; c--) {
      const { key, end, provincesOnly } = candidates[c];
      // A province's name as written, without a type word, is that province, or a street named after
      // it ("Kiệt 5, Hải Phòng, Đà Nẵng"): no slip of a commune's (Đại Phong).
      const hits = mask === null ? index.hitsOf(key)?.hits : undefined;
      if (hits?.some((hit) => hit.levelBit === LEVEL_BIT.province)) {
        found = true;
        break;
      }
      // So is any unit's name inside a run of words, where the words may go on a street's name: that
      // unit, weakly, and no slip of another's ("12 Lê Lợi Bến Thành" is Bến Thành, not Yên Thành);
      // but for a province's at the text's end, where the province stands ("Yên Sơn Sơn A": Sơn La).
      // Opening its segment, a slip may land on another unit's name ("An Điền, Trảng Bom": An Viễn).
      if (hits !== undefined && inRun) {
        found = emit(key, end, 1, provincesOnly);
        if (end === n) for (const near of index.names.nearOne(key)) found = emit(near, end, 1, true) || found;
        break;
      }
      for (const near of index.names.nearOne(key)) found = emit(near, end, 1, provincesOnly) || found;
      // A name spelled by ear ("Dồng Trôm", "Chà Vinh") is one slip away, however many letters.
      for (const near of index.names.soundsLike(key)) found = emit(near, end, 1, provincesOnly) || found;
    }
    for (let c = candidates.length - 1; c >= 0 && !found && scans < maxScans; c--) {
      if (candidates[c].key.length < 9) break;
      scans++;
      for (const near of index.names.nearTwo(candidates[c].key))
        found = emit(near, candidates[c].end, 2, candidates[c].provincesOnly) || found;
    }
  }
  return out;
}
