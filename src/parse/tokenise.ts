/**
 * Stages 1 and 2: normalise the text (NFC, one kind of space and dash) and cut it into tokens,
 * each carrying its written form, its folded form (see text/fold.ts) and the comma-separated
 * segment it belongs to. Slash house numbers ("12/3A", "K12/5"), digit ranges ("12-14") and
 * dotted flat numbers ("12.08") stay whole; abbreviation dots and hyphens ("P.5", "Ng-T-Minh Khai") separate tokens but are
 * remembered, and glued type abbreviations ("Q1", "P.12", "F5") are split into type + number.
 */
import { fold } from "../text/fold.js";
import { repairMojibake } from "../text/mojibake.js";
import {
  rejoinsAsSyllable,
  type SegmentJudge,
  segmentSyllables,
  splitCapitals,
  splitLettersAndDigits,
} from "../text/segment.js";
import { isFoldedSyllable } from "../text/syllable.js";
import {
  ENGLISH_TYPE_WORDS,
  nameTokenKey,
  type TypePhrase,
  typePhrasesFrom,
  UNIT_TYPE_PHRASES,
} from "../units/name-analysis.js";
import { damerauLevenshtein } from "../units/fuzzy-keys.js";
import { NO_NODE, type UnitNameIndex, type WordTrie } from "../units/name-index.js";
import {
  ENGLISH_STREET_WORDS,
  isHouseNumber,
  LANDMARK_FIRST_WORDS,
  NUMBERED_DOOR_WORDS,
  PART_KEYWORDS,
  ROAD_WORDS,
  STATING_WORDS,
} from "./lexicon.js";

export interface Token {
  /** The token as written (NFC), e.g. "Đa", "12/3A". */
  raw: string;
  /** `raw` in lower case ("đa", "12/3a"): the stages compare written forms so, and it is computed once per written word. */
  lower: string;
  /** Folded form: no diacritics, lower case ("da", "12/3a"). */
  f: string;
  /** Index of the comma/semicolon/parenthesis-separated segment. */
  seg: number;
  /** Written directly before a dot or hyphen and another word ("Ng." in "Ng.T.Minh"). */
  abbrev: boolean;
  /** The segment break before this token was a spaced dash: a unit name may run across it
   * ("Phường Phương Liên - Trung Tự"). */
  dash: boolean;
  /** What every stage wants to know about the folded word, computed once per distinct word. */
  w: Word;
}

/**
 * One distinct folded word and its derived forms, shared by every token that folds to it, so
 * the stages read fields instead of repeating string look-ups for each token of each address.
 */
export interface Word {
  /** Folded form ("12/3a", "da"). */
  readonly f: string;
  /** The name key of the word as written (units/name-analysis.ts nameTokenKey): numbers unpadded, a final lone "y" spelled "i". */
  readonly key: string;
  /** Holds a digit. */
  readonly digit: boolean;
  /** Reads as a house's number (lexicon.ts isHouseNumber): asked of most tokens several times. */
  readonly house: boolean;
  /** Type phrases starting with this word, longest first (undefined: none). */
  readonly phrases: readonly TypePhrase[] | undefined;
  /**
   * The word as a type phrase reads it: `f`, or the type word a typo of it stands for ("tinhh",
   * "phoo" → "tinh", "pho"; see correctTypo).
   */
  readonly phraseWord: string;
  /** Letters typed wrong in reaching `key` (0: as written; 1: one doubled or swapped letter). */
  readonly typo: number;
  /** The folded word has the shape of a Vietnamese syllable (text/syllable.ts). */
  readonly syllable: boolean;
  /** Where its vowels are: "none" ("ph", "ng"), "first" ("uong"), "later" ("phuong"), for mending split syllables. */
  readonly vowels: "none" | "first" | "later";
  /** Starts a landmark or facility phrase ("gan", "doi", "cho", "ubnd"; lexicon.ts LANDMARK_FIRST_WORDS). */
  readonly landmark: boolean;
  /** Opens or ends a label, a note or a request beside the address: asides.ts asideMarks (0 for most words; WordMarks). */
  readonly aside: number;
  /** A word parts.ts looks for among every token's (parts.ts PART_WORDS: keywords and their first words; WordMarks). */
  readonly partWord: boolean;
  /** May say which structure a unit's name belongs to ("nay là", "trước đây", "cũ", "mới"; stated-structure.ts). */
  readonly statesStructure: boolean;
  /** An English type word ("ward", "city") or street word ("street", "str"), which English writes after the name. */
  readonly english: "type" | "street" | null;
  /**
   * "phường" or "quận" when the folded word is one edit from that type word's without being it: the
   * written word may be it with a slip (typeWordBeforeNumber asks the written form); null for most words.
   */
  readonly nearNumberedType: NumberedType | null;
  /** The id in the word trie of the tokeniser's name index of the key, or of the word a typo fix reads (`typo`), or -1. */
  readonly nameId: number;
  /** The word trie's node of the names starting with this word (units/name-index.ts WordTrie), or NO_NODE. */
  readonly nameRoot: number;
}

/**
 * Unicode normalisation and space clean-up, so NFC and NFD input read alike; UTF-8 that was read
 * as Windows-1252 on its way ("HÃ  Ná»™i") and VNI text copied out as Latin-1 ("Haø Noäi") are
 * undone (text/mojibake.ts), and full-width digits and letters ("１２") read as the ASCII ones.
 */
/**
 * English written in its own order where Vietnamese puts the word first: floors numbered before
 * their word ("14th Floor", "2nd floor", "3rd Fl." → "Floor 14", read as Tầng 14; as they stood,
 * "14TH" was a house's number and "Floor" a street), and the special zones of 2025 ("Phu Quoc
 * Special Zone" → "Đặc khu Phu Quoc": one word too many for the English type words, which the
 * tokeniser moves before the name; the capitalised words before it are the name). One look at
 * the text for each.
 */
export function englishInVietnameseOrder(text: string): string {
  // One look for all first: most texts hold none.
  if (!ENGLISH_ORDER_WORD.test(text)) return text;
  const floors = FLOOR_WORD.test(text) ? text.replace(ORDINAL_FLOOR, "Floor $1") : text;
  const zones = SPECIAL_ZONE_WORDS.test(floors)
    ? floors.replace(SPECIAL_ZONE, (_, name: string) => `Đặc khu ${name.trim()}`)
    : floors;
  const estates = ESTATE_WORDS.test(zones)
    ? zones.replace(ESTATE, (_, name: string, kind: string, number: string) => `${estateKeyword(kind)} ${name.trim()}${number}`)
    : zones;
  return ENGLISH_ROAD_WORDS.test(estates) ? estates.replace(NUMBERED_ROAD, (_, kind: string, number: string) => `${roadKeyword(kind)} ${number}`) : estates;
}

/**
 * "Phường Số 13", "Quận số 5", as post offices and forms write numbered units: the unit's number
 * ("Phường 13"), not a house's.
 */
export function withoutNumberWordAfterUnitType(text: string): string {
  return NUMBER_WORD.test(text) ? text.replace(NUMBER_WORD_AFTER_TYPE, "$1$2 $3") : text;
}

const NUMBER_WORD = /s[ốo]\s+\d/i;
const NUMBER_WORD_AFTER_TYPE = /(^|[^\p{L}\p{N}])(ph[ưu][ờo]ng|qu[ậa]n|p\.|q\.)\s*s[ốo]\s+(\d{1,2})(?![\p{L}\p{N}])/giu;

const FLOOR_WORD = /fl(?:oo)?r?\b/i;
/** Implied by FLOOR_WORD, SPECIAL_ZONE_WORDS, ESTATE_WORDS and ENGLISH_ROAD_WORDS. */
const ENGLISH_ORDER_WORD = /fl|special\s+zone|industrial|processing|epz|tech\s+park|urban\s+area|highway|road|street/i;

/**
 * An industrial park, an export processing zone, a high-tech park or an urban area named before
 * its English word ("Long Thanh Industrial Zone", "Tan Thuan EPZ", "Que Vo Industrial Park III"),
 * closing its segment: written as Vietnamese writes it, keyword first ("KCN Long Thanh"), it is an
 * estate whose name is no commune's.
 */
const ESTATE_WORDS = /industrial|processing|epz|tech\s+park|urban\s+area/i;
/** The English words of an estate, in small letters; a space stands for any run of spaces. */
const ESTATE_KINDS = "industrial (?:park|zone|estate|cluster)|export processing zone|epz|hi(?:gh)?(?:-| )?tech park|(?:new )?urban area";
// The name's words capitalised (no "i" flag: with it, \p{Lu} takes small letters too), the English
// words in any case; a Roman numeral or a number may follow them ("Que Vo Industrial Park III").
const ESTATE = new RegExp(
  `(?<![\\p{L}\\p{N}])((?:\\p{Lu}[\\p{L}']*\\s+){1,4}?)(${anyCase(ESTATE_KINDS)})((?:\\s+(?:[IVX]{1,3}|\\d{1,2}))?)(?=\\s*(?:[,;.()]|$))`,
  "gu",
);

/** A pattern's source of small ASCII letters matching them in any case ("epz": [eE][pP][zZ]), a space any run of spaces. */
function anyCase(pattern: string): string {
  return pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`).replace(/ /g, "\\s+");
}

function estateKeyword(kind: string): string {
  const k = kind.toLowerCase();
  if (k.startsWith("industrial")) return k.endsWith("cluster") ? "CCN" : "KCN";
  if (k.includes("tech")) return "Khu công nghệ cao";
  return k.includes("urban") ? "KĐT" : "KCX";
}

/**
 * A road numbered after its English word ("National Highway 62", "Provincial Road 10", "Road 14"),
 * opening its segment or after a house's number: the Vietnamese keyword, so that the number is the
 * road's and no house's.
 */
const ENGLISH_ROAD_WORDS = /highway|road|street/i;
const NUMBERED_ROAD =
  /(?<=(?:^|[,;(])\s*|\d\s+)(national\s+highway|provincial\s+road|highway|road|street)\s+(?:no\.?\s*)?(\d{1,3}[a-z]?)(?![\p{L}\p{N}])/giu;

function roadKeyword(kind: string): string {
  const k = kind.toLowerCase();
  if (k.startsWith("provincial")) return "Tỉnh lộ";
  return k.includes("highway") ? "Quốc lộ" : "Đường số";
}
const ORDINAL_FLOOR = /\b(\d{1,3})(?:st|nd|rd|th)[\s-]*(?:floor|flr|fl\.?)(?![\p{L}\p{N}])/giu;
const SPECIAL_ZONE_WORDS = /special\s+zone/i;
const SPECIAL_ZONE = /((?:\p{Lu}[\p{L}']*\s+){1,3})special\s+zone(?![\p{L}\p{N}])/giu;

export function normalise(text: string): string {
  if (text.includes("&")) text = withEntitiesDecoded(text);
  // Most texts hold none of what is undone below: one scan tells.
  if (!holdsUnusual(text)) return text;
  const repaired = withLookalikeLetters(joinSpacingTones(repairMojibake(text)));
  // Composing is the costly part: only text with combining marks (NFD input) needs it.
  const composed = FULL_WIDTH.test(repaired)
    ? repaired.normalize("NFKC")
    : COMBINING.test(repaired)
      ? repaired.normalize("NFC")
      : repaired;
  return ODD_SPACES.test(composed) ? composed.replace(ODD_SPACES_ALL, " ") : composed;
}

/**
 * A tone typed as a spacing accent after its vowel ("Sô´096": Số 096), as some old keyboard drivers
 * and fonts leave it: joined to the vowel as the combining mark (composed below). Only after a vowel
 * bearing no tone yet, so that a stray accent never stacks a second one.
 */
function joinSpacingTones(text: string): string {
  return SPACING_TONE.test(text) ? text.replace(SPACING_TONE_ALL, (_, vowel: string, tone: string) => vowel + (tone === "\u02cb" ? "\u0300" : "\u0301")) : text;
}

/**
 * Letters of other alphabets that fonts and OCR put for Vietnamese ones: the Icelandic eth for Đ
 * ("Ðường", as old fonts and Facebook write it), o and u with a double acute for ố and ứ ("ső").
 */
function withLookalikeLetters(text: string): string {
  return LOOKALIKE.test(text) ? text.replace(LOOKALIKE_ALL, (c) => LOOKALIKES[c]) : text;
}

const LOOKALIKES: Record<string, string> = { "\u00d0": "Đ", "\u00f0": "đ", "\u0150": "Ố", "\u0151": "ố", "\u0170": "Ứ", "\u0171": "ứ" };
const LOOKALIKE = /[\u00d0\u00f0\u0150\u0151\u0170\u0171]/;
const LOOKALIKE_ALL = /[\u00d0\u00f0\u0150\u0151\u0170\u0171]/g;

/**
 * HTML's character references left in text scraped from web pages ("Thủ Đức &#8211; Tp. HCM",
 * "&amp;", "&nbsp;"): the characters they stand for. Others are left as they are.
 */
function withEntitiesDecoded(text: string): string {
  return text.replace(ENTITY, (ref, code: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? ref;
    const point = code !== undefined ? Number(code) : Number.parseInt(hex!, 16);
    return point > 0 && point < 0x110000 ? String.fromCodePoint(point) : ref;
  });
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|nbsp|quot|apos|lt|gt));/gi;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", nbsp: " ", quot: '"', apos: "'", lt: "<", gt: ">" };

const SPACING_TONE = /[aăâeêioôơuưy][\u00b4\u02ca\u02cb]/i;
const SPACING_TONE_ALL = /([aăâeêioôơuưy])([\u00b4\u02ca\u02cb])/gi;
const COMBINING = /[\u0300-\u036f]/;
const FULL_WIDTH = /[\uff01-\uff5e]/;
/**
 * The characters the steps of `normalise` act on, as ranges of UTF-16 code units (both ends
 * included): combining marks, full-width forms, odd spaces, and what damaged encodings leave
 * (text/mojibake.ts: the second byte of a UTF-8 letter read as Windows-1252 or Latin-1, VNI's
 * marks), none of which a Vietnamese address holds.
 */
export const UNUSUAL_RANGES: readonly (readonly [number, number])[] = [
  [0x09, 0x0a], // tab, line feed
  [0x0d, 0x0d], // carriage return
  [0x80, 0xbf], // C1 controls, no-break space, Latin-1 signs: UTF-8's second bytes read as Latin-1
  ...[..."ÄÅÆËÎÏÑÖØÛÜäåæëîïñöøûü"].map((c) => [c.charCodeAt(0), c.charCodeAt(0)] as const), // VNI's marks
  [0xd0, 0xd0], // Ð ð, ő Ő, ű Ű: lookalikes of Đ đ, ố Ố, ứ Ứ
  [0xf0, 0xf0],
  [0x150, 0x151],
  [0x170, 0x171],
  [0x152, 0x153], // Œ œ, and the other letters Windows-1252 puts in 0x80–0x9f
  [0x160, 0x161],
  [0x178, 0x178],
  [0x17d, 0x17e],
  [0x192, 0x192],
  [0x2c6, 0x2c6],
  [0x2ca, 0x2cb], // modifier acute and grave: tones typed as spacing accents
  [0x2dc, 0x2dc],
  [0x300, 0x36f], // combining marks (NFD input)
  [0x2000, 0x200b], // odd spaces
  [0x2013, 0x2014], // dashes
  [0x2018, 0x201e], // quotes
  [0x2020, 0x2022],
  [0x2026, 0x2026],
  [0x2030, 0x2030],
  [0x2039, 0x203a],
  [0x20ac, 0x20ac],
  [0x2122, 0x2122],
  [0x3000, 0x3000], // ideographic space
  [0xff01, 0xff5e], // full-width forms
];

/**
 * One flag per UTF-16 code unit, set for UNUSUAL_RANGES: looked up for every character of every
 * text. A regular expression of this many ranges calls into the engine's runtime for each
 * character it reads, which cost about a twentieth of a parse.
 */
const UNUSUAL = new Uint8Array(0x10000);
for (const [from, to] of UNUSUAL_RANGES) UNUSUAL.fill(1, from, to + 1);

/** The text holds a character of UNUSUAL_RANGES. */
function holdsUnusual(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (UNUSUAL[text.charCodeAt(i)] === 1) return true;
  return false;
}
const ODD_SPACES = /[\u00a0\u2000-\u200b\u3000\t\r\n]/;
const ODD_SPACES_ALL = /[\u00a0\u2000-\u200b\u3000\t\r\n]+/g;

enum Kind {
  Word = 0,
  Soft = 1, // separates tokens within a segment
  Hard = 2, // separates segments
  Keep = 3, // kept inside a token when between letters/digits ("/" in 12/3A, "-" in 12-14)
}

function kindOf(code: number): Kind {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122))
    return Kind.Word;
  // , ; | ( ) newline, and the colon after a form's label ("Địa chỉ: …").
  if (code === 44 || code === 59 || code === 124 || code === 40 || code === 41 || code === 10 || code === 58)
    return Kind.Hard;
  if (code === 47 || code === 45) return Kind.Keep;
  if (code < 0xc0) return Kind.Soft;
  if (code >= 0x2000 && code <= 0x206f) return code === 0x2013 || code === 0x2014 ? Kind.Keep : Kind.Soft;
  return Kind.Word;
}

/**
 * kindOf of every UTF-16 code unit, for the scan of each text: one load per character, where
 * kindOf's tests run to a dozen comparisons for each letter with diacritics.
 */
const KINDS = new Uint8Array(0x10000);
for (let code = 0; code < KINDS.length; code++) KINDS[code] = kindOf(code);

/**
 * text from `from` on opens a word of two letters or more with no digit in it, or, after a word
 * that holds no digit either (`afterLetters`), a word that opens with a letter ("Nghé/Q1"), or one
 * letter and a dot.
 */
function opensWordOfLetters(text: string, from: number, afterLetters: boolean): boolean {
  let k = from;
  while (k < text.length && kindOf(text.charCodeAt(k)) === Kind.Word) {
    if (isDigit(text.charCodeAt(k))) return afterLetters && k > from;
    k++;
  }
  // One letter and a dot after it abbreviates a type word ("…/f25/q. Bình thạnh": quận), no letter
  // of a house's number (12/3A).
  return k - from >= 2 || (afterLetters && k > from) || (k - from === 1 && text.charCodeAt(k) === 46);
}

/**
 * Two letters around a slash or a dot that abbreviate a label or keyword ("Đ/c", "Đ.C:" địa chỉ;
 * "K/p", "K.P4" khu phố), folded: each is read as the word its letters make ("ĐC", "KP").
 */
const LETTER_PAIR_ABBREVIATIONS: ReadonlySet<string> = new Set(["dc", "kp"]);

/** The word two letters written around a slash or a dot abbreviate (LETTER_PAIR_ABBREVIATIONS), or null. */
function letterPair(first: string, second: string): string | null {
  const pair = fold(first) + fold(second);
  return LETTER_PAIR_ABBREVIATIONS.has(pair) ? pair : null;
}

/**
 * The dot at text[i] joins one letter to one letter into an abbreviation (LETTER_PAIR_ABBREVIATIONS),
 * a number or a break after it. Only a pair standing alone: "Ng.Đ.C" is a name's initials.
 */
function dottedAbbreviation(text: string, i: number): boolean {
  if (i === 0 || i + 1 >= text.length) return false;
  if (i >= 2 && kindOf(text.charCodeAt(i - 2)) === Kind.Word) return false;
  if (i >= 2 && text.charCodeAt(i - 2) === 46) return false;
  const after = i + 2 < text.length ? text.charCodeAt(i + 2) : 32;
  if (kindOf(after) === Kind.Word && !isDigit(after)) return false;
  if (after === 46 && i + 3 < text.length && kindOf(text.charCodeAt(i + 3)) === Kind.Word && !isDigit(text.charCodeAt(i + 3))) return false;
  return letterPair(text[i - 1], text[i + 1]) !== null;
}

/** The slash at text[i] joins one letter to one letter into an abbreviation (LETTER_PAIR_ABBREVIATIONS). */
function slashedAbbreviation(text: string, i: number): boolean {
  // A slash opening the text ("/7/15 Võ Trường Toản", a house number cut short) joins nothing.
  if (i === 0 || i + 1 >= text.length) return false;
  if (i + 2 < text.length && kindOf(text.charCodeAt(i + 2)) === Kind.Word) return false;
  return letterPair(text[i - 1], text[i + 1]) !== null;
}

/**
 * Keywords a lot's, a flat's or a house's code follows ("Lô CN-05", "Căn A-12", "nhà F49"),
 * folded: there "F1" or "Q1" is a code, not Phường 1 or Quận 1.
 */
const LOT_KEYWORDS = new Set(["lo", "can", "block", "nha", "so", "sn"]);
/** The start of a lot's code, up to a dash: up to three letters, then a number or dashed pieces ("HT", "Q1", "HT-E10"). */
const LOT_CODE_START = /^[A-Za-z]{1,3}(?:\d[A-Za-z0-9.]*)?(?:-[A-Za-z0-9.]+)*$/;
/** A city's or town's type and its initials, in capitals ("TPST", "TXNN"). */
const CITY_TYPE_AND_INITIALS = /^T[PX][A-ZĐ]{2,3}$/;
/** A district of Hồ Chí Minh City written short in small letters ("q6", "q12"), which no lot's code is. */
const DISTRICT_WRITTEN_SHORT = /^q\d{1,2}$/;
/** A lot's code as written: up to three letters and a digit, or letters joined to one by dashes ("F1", "Q1-Q2", "HT-E10"). */
const LOT_CODE = /^(?:[A-Za-z]{1,3}\d|[A-Za-z]{1,3}(?:-[A-Za-z]{1,3})*-[A-Za-z]{0,3}\d)[A-Za-z0-9.-]*$/;

/**
 * The word being read, of `letters` letters, follows a lot's or flat's keyword in its segment: its
 * dash before a number joins a code ("Lô A-12", "Lô CN-05"), where elsewhere "P-12" may be a ward.
 */
function lotCodeAfter(tokens: readonly Token[], seg: number, letters: number): boolean {
  const last = tokens.at(-1);
  return letters <= 3 && last !== undefined && last.seg === seg && LOT_KEYWORDS.has(last.f);
}

/** The word that begins at text[from] holds a digit. */
function wordHoldsDigit(text: string, from: number): boolean {
  for (let k = from; k < text.length && kindOf(text.charCodeAt(k)) === Kind.Word; k++) if (isDigit(text.charCodeAt(k))) return true;
  return false;
}

/** text[from, to) holds a digit. */
function holdsDigit(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isDigit(text.charCodeAt(k))) return true;
  return false;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

// "q1", "p12", "f5", "tp2", "tx3" written without a space: type abbreviation + number;
// "kp3", "ap2", "to15", "ngo34", "hem51/3", "kiet12", "so12": a hamlet's, alley's or house's
// keyword + number; "ql1a", "tl10": highway + number; "144xuan": house number glued to the
// street's first word.
const GLUED_NUMBER = /^(tp|tx|tt|ph|q|p|f|x)(\d{1,2})$/;
// "P1203", "p305a": a room (phòng) by its number; no ward's number has three digits.
const GLUED_ROOM = /^(p)(\d{3,4}[a-z]?)$/;
const GLUED_PART_NUMBER = /^(kp|tk|ap|to|tdp|ngo|ngach|hem|kiet|so|sn|thon|xom|ban|khom|buon|khu|doi|cum)(\d+[a-z]?(?:\/\d+[a-z]?)*)$/;
const GLUED_ROAD = /^(ql|tl|dt)(\d+[a-z]?)$/;
// "km12", "Km12.5": a kilometre mark on a highway.
const GLUED_KILOMETRE = /^(km)(\d+(?:[.+]\d+)?)$/;
const GLUED_WORD = /^(\d+)([a-z]{3,})$/;
const BLOCK_LETTER_GLUED = /^(.*\p{Ll})(\p{Lu})$/u;
const BLOCK_KEYWORD_AT_END = /(?:toa|day|block)$/;
const HOUSE_GLUED_TO_NAME = /^([Kk]?\d+[A-Za-z]?(?:\/\d+[A-Za-z]?)*)(\p{Lu}\p{Ll}.*)$/u;
// "p14q3", "f5q10": a ward and its district, both glued, as Sài Gòn writes them.
const GLUED_WARD_DISTRICT = /^(p|f)(\d{1,2})(q)(\d{1,2})$/;

/**
 * Foreign names whose letters also spell Vietnamese syllables glued together: one word, not cut
 * ("Vinhome", as many write the Vinhomes developments, is no "vinh o me"). Found by running the
 * names of developments and malls people write through the cutter; the others stay whole anyway.
 */
const FOREIGN_NAMES_AS_SYLLABLES: ReadonlySet<string> = new Set(["vinhome"]);

/** Letters, one digit, letters: a digit typed inside a word (see Tokeniser.withoutStrayDigit). */
const STRAY_DIGIT = /^([^\d\s]+)\d([^\d\s]+)$/;

/** Type abbreviations that may be glued to a name ("XPhú", "HLương Sơn", "TPHồ Chí Minh"). */
function isTypeAbbreviation(f: string): boolean {
  return (
    f.length <= 2 && (typePhrasesFrom(f)?.some((p) => p.words.length === 1 && p.words[0] === f) ?? false)
  );
}

/** A whole type word ("xa", "tinh", "phuong"), before which a glued one-letter name may stand. */
function isTypeWord(f: string): boolean {
  return typePhrasesFrom(f)?.some((p) => p.words.length === 1 && p.words[0] === f) ?? false;
}

/** The words of the multi-letter type phrases a typo may stand for ("tinhh" → "tinh"). */
const TYPE_WORDS = new Set(UNIT_TYPE_PHRASES.flatMap((p) => p.words).filter((w) => w.length >= 3));

/** Keyword words and pairs that tell a cut of glued syllables is right ("so nha", "ngo", "phuong"). */
const KEYWORD_WORDS = new Set([
  ...TYPE_WORDS,
  ...PART_KEYWORDS.flatMap((k) => k.words).filter((w) => w.length >= 2),
]);
const KEYWORD_PAIRS = new Set(
  [...UNIT_TYPE_PHRASES.map((p) => p.words), ...PART_KEYWORDS.map((k) => k.words)]
    .filter((words) => words.length === 2)
    .map((words) => words.join(" ")),
);
/**
 * The one type word `f` is one letter away from ("thdanh", "thbnh", "thnh": thanh; "phuonh":
 * phuong), as typing and scanning damage them; null when none or several are. Only type words of
 * five letters or more, and the four-letter ones with a letter added ("tsinh"): shorter words are
 * one letter away from too many syllables and names.
 */
export function typeWordOneEditFrom(f: string): string | null {
  let found: string | null = null;
  for (const w of TYPE_WORDS) {
    if (w.length < 4 || (w.length === 4 && f.length !== 5) || !oneEditApart(f, w)) continue;
    if (found !== null) return null;
    found = w;
  }
  return found;
}

/** One letter inserted, left out or replaced turns `a` into `b` (not zero, not two). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * "Đường" written with a letter doubled, left out, replaced or swapped ("Đườngg", "Đưnờg"), its
 * diacritics there to say so: no syllable itself, one edit from "đường" as written. Without
 * diacritics the folded neighbours are names (Lương, Dũng, Hương), so only this written form counts.
 */
function damagedStreetKeyword(raw: string, f: string): boolean {
  const first = raw.charCodeAt(0);
  if ((first !== 0x110 && first !== 0x111) || f.length < 4 || f.length > 6 || f === "duong") return false;
  return !isFoldedSyllable(f) && damerauLevenshtein(raw.toLowerCase(), "đường", 1) <= 1;
}

/** The type words numbered units are written with ("Phường 3", "Quận 5"). */
type NumberedType = "phường" | "quận";

/** Words one folded edit from a numbered unit's type word that people write for themselves: Phòng, Phùng, qua, Quang. */
const OWN_SYLLABLES_NEAR_TYPES: ReadonlySet<string> = new Set(["phong", "phung", "qua", "quang"]);

/**
 * The numbered type word a damaged word before a unit's number stands for ("Phờng 3", "Pưhờng 9",
 * "Phườn 6", "Qudn 5", "Qậun 10"), given the one its folded form is near (Word.nearNumberedType):
 * one edit from it as written, diacritics and all, so that "Phòng 3" (a room) and "Phùng" (two
 * edits away) stay what they are. Written without diacritics, the word must open as the type word
 * does and not be a syllable people write for itself (OWN_SYLLABLES_NEAR_TYPES).
 */
function typeWordBeforeNumber(lower: string, f: string, near: NumberedType): NumberedType | null {
  if (lower !== f) return damerauLevenshtein(lower, near, 1) <= 1 ? near : null;
  return f.charCodeAt(0) === near.charCodeAt(0) && !OWN_SYLLABLES_NEAR_TYPES.has(f) ? near : null;
}

/** A type word as written in lower case, and folded. */
interface TypeWordForms {
  lower: string;
  f: string;
}

const typeWordForms = (lower: string): TypeWordForms => ({ lower, f: fold(lower) });

/**
 * The numbered type word whose folded form is one edit from `f` (not `f` itself), or null: a written
 * word one edit from "phường" or "quận" folds to one edit or none from its folded form (folding maps
 * letters one to one), so typeWordBeforeNumber need look at no other word. No word is near both.
 */
function nearNumberedType(f: string): NumberedType | null {
  if (f === "phuong" || f === "quan") return null;
  if (damerauLevenshtein(f, "phuong", 1) <= 1) return "phường";
  return damerauLevenshtein(f, "quan", 1) <= 1 ? "quận" : null;
}

/** The type phrases of two words whose one word a slip may damage ("Tị trấn", "Thị trấấn", "Tị xã", "Thàn phố"). */
const TWO_WORD_TYPES: readonly (readonly [TypeWordForms, TypeWordForms])[] = [
  [typeWordForms("thị"), typeWordForms("trấn")],
  [typeWordForms("thị"), typeWordForms("xã")],
  [typeWordForms("thành"), typeWordForms("phố")],
];

/** `lower` (folded: `f`) is `word` with one slip, as written or without diacritics; not `word` itself. */
function slipOf(lower: string, f: string, word: TypeWordForms): boolean {
  if (f === word.f) return false;
  return damerauLevenshtein(lower, word.lower, 1) <= 1 || (lower === f && damerauLevenshtein(f, word.f, 1) <= 1);
}

/** One-letter keywords ("Đ" for đường, "K" for kiệt) that a split syllable must not swallow. */
const KEYWORD_LETTERS = new Set(PART_KEYWORDS.map((k) => k.words[0]).filter((w) => w.length === 1));

/** What a text's written words hold, for the passes after cutting (Tokeniser.pushWritten): a word that is no syllable (half of a split one?). */
const FOUND_SPLIT = 1;
/** An English type or street word. */
const FOUND_ENGLISH = 2;
/** Words written together that were cut apart ("QuậnHaiBàTrưng", "phườngbạchmai"). */
const FOUND_GLUED = 4;

/** Slots of a parser's table of written words, and of the table `tokenise` uses for one text. */
const BATCH_SLOTS = 1 << 15;
const ONE_TEXT_SLOTS = 1 << 7;
/** Bound on the folded words each tokeniser remembers. */
const CACHE_LIMIT = 100_000;

/** One token a written word yields: its written piece, its word, and whether it abbreviates. */
interface Piece {
  raw: string;
  /** `raw` in lower case. */
  lower: string;
  w: Word;
  /** Written glued to what follows as an abbreviation ("Q" of "Q1", "X" of "XPhú"). */
  abbrev: boolean;
}

/** How a written word tokenises, the same wherever it stands. */
interface RawReading {
  /** The written word. */
  raw: string;
  /** Its hash, as Tokeniser.readWritten computes it. */
  hash: number;
  /**
   * The tokens it yields: none (punctuation only), one, or several when it glues words together
   * ("q1", "144xuan", "QuậnHaiBàTrưng", "phườngbạchmai") or fold() turned rare symbols into spaces.
   */
  pieces: Piece[];
  /**
   * The word of its one token when it yields one (most written words), else null; and that
   * token's written piece. Copied here so that the token of a word read before is made from this
   * record and its Word alone, without following `pieces` to a piece object: for every token of
   * every address, those memory look-ups were most of the tokeniser's cost.
   */
  onlyWord: Word | null;
  onlyRaw: string;
  onlyLower: string;
}

/** The piece written `raw`, of the word `w`. */
function piece(raw: string, w: Word, abbrev: boolean): Piece {
  return { raw, lower: raw.toLowerCase(), w, abbrev };
}

/** The reading of a written word that yields `pieces`. */
function rawReading(raw: string, hash: number, pieces: Piece[]): RawReading {
  const only = pieces.length === 1 ? pieces[0] : null;
  return { raw, hash, pieces, onlyWord: only?.w ?? null, onlyRaw: only?.raw ?? "", onlyLower: only?.lower ?? "" };
}

/**
 * What the stages after the tokeniser ask of every word (Word.aside, Word.partWord), answered once
 * per distinct word. The parser gives them from those stages' word lists (asides.ts, parts.ts): the
 * tokeniser sits below the stages and imports none of them.
 */
export interface WordMarks {
  /** asides.ts asideMarks: which parts of an aside the word opens or ends (0 for most words). */
  aside(f: string): number;
  /** One of the words parts.ts looks for among every token's (parts.ts PART_WORDS). */
  partWord(f: string): boolean;
}

/** No marks: for cutting text into tokens alone, whose words no stage of the parser reads. */
export const UNMARKED: WordMarks = { aside: () => 0, partWord: () => false };

/**
 * Splits normalised text into tokens (see module comment), its words unmarked (UNMARKED). Remembers
 * nothing between calls: a parser keeps a `Tokeniser`, which reads each distinct word once.
 */
export function tokenise(text: string): Token[] {
  return new Tokeniser(null, UNMARKED, ONE_TEXT_SLOTS).tokenise(text);
}

/**
 * Cuts texts into tokens. Addresses repeat a few thousand syllables, so each instance reads each
 * distinct written word (and each distinct folded word) once and remembers it, up to a bound (a
 * file of random strings cannot grow it without limit). One per parser: nothing is shared
 * between instances, and `tokenise` finishes before anything else can run on the instance.
 */
export class Tokeniser {
  /**
   * The written words read so far, by a hash of their characters: an open-addressing table, not a
   * Map, because a Map needs the word as a string to look it up, and cutting that string out of
   * the text (a slice, then hashing it) for every token cost the parser several per cent end to
   * end (docs/benchmarks.md, "Issue 12"). Probing hashes the characters in place; a known word
   * costs no allocation. Kept small (it is probed for every token, so it should stay in the
   * processor's caches) and emptied when half full.
   */
  private writtenSlots: (RawReading | undefined)[];
  private writtenCount = 0;
  private readonly words = new Map<string, Word>();
  /**
   * Whether the text `tokenise` read last held words written together that it cut apart
   * ("12LêLợi,PhườngBếnNghé"): read right after the call, where the tokens are used.
   */
  lastGlued = false;
  /** The name index's word trie, or null without a name index. */
  private readonly trie: WordTrie | null;

  /**
   * @param names the name index whose word ids the words carry (null: none, ids are -1)
   * @param marks what the parser's stages ask of every word (see WordMarks)
   * @param slots size of the table of written words, a power of two (default BATCH_SLOTS, for a batch)
   */
  constructor(
    private readonly names: UnitNameIndex | null,
    private readonly marks: WordMarks,
    private readonly slots = BATCH_SLOTS,
  ) {
    if (!(slots > 0 && (slots & (slots - 1)) === 0))
      throw new Error(`Tokeniser: slots must be a power of two, got ${slots}`);
    this.writtenSlots = new Array(slots).fill(undefined);
    this.trie = names?.wordTrie() ?? null;
  }

  /** Splits normalised text into tokens (see module comment). */
  tokenise(text: string): Token[] {
    const tokens: Token[] = [];
    const n = text.length;
    let seg = 0;
    let start = -1;
    let dash = false; // the pending segment break is a spaced dash
    // What the written words hold (FOUND_SPLIT, FOUND_ENGLISH, FOUND_GLUED): whether the passes
    // after cutting have anything to do (most addresses: no), and lastGlued.
    let found = 0;
    // Tokens "P. " (a capital, its dot, a space), which may be a street's Phố (readPhoAfterDoor).
    let spacedP: number[] | null = null;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      let kind: Kind = KINDS[code];
      // "Thửa đất số: 2601": the colon of a form's "number:" breaks nothing between it and the number.
      if (code === 58 && start >= 0 && i - start === 2 && fold(text.slice(start, i)) === "so" && wordHoldsDigit(text, i + (text.charCodeAt(i + 1) === 32 ? 2 : 1)))
        kind = Kind.Soft;
      if (kind === Kind.Keep) {
        const before = i > 0 ? text.charCodeAt(i - 1) : 32;
        const after = i + 1 < n ? text.charCodeAt(i + 1) : 32;
        const slash = code === 47;
        // "/" joins any two word characters; "-" a number to a word holding a digit (12-14, 12A-14,
        // lot E2a-7). A spaced dash splits segments, and so does a slash before a word of letters
        // ("12 Lê Lợi/Bến Nghé/Q1/HCM", as forms' fields are pasted): a house's or alley's number goes
        // on with a digit or one letter (12/3A, 5/A).
        if (slash && start === i - 1 && slashedAbbreviation(text, i)) continue;
        if (slash && start >= 0 && opensWordOfLetters(text, i + 1, !holdsDigit(text, start, i))) kind = Kind.Hard;
        else if (
          start >= 0 &&
          kindOf(after) === Kind.Word &&
          (slash ||
            (isDigit(after) &&
              (isDigit(before) || holdsDigit(text, start, i) || lotCodeAfter(tokens, seg, i - start))) ||
            // "Lô Q1-Q2", "Lô HT-E10-6": inside a lot's code a dash joins letters too.
            (code === 45 && lotCodeAfter(tokens, seg, 0) && LOT_CODE_START.test(text.slice(start, i)) && (wordHoldsDigit(text, i + 1) || holdsDigit(text, start, i))))
        )
          continue;
        else kind = !slash && (before === 32 || after === 32) ? Kind.Hard : Kind.Soft;
      }
      if (kind === Kind.Word) {
        if (start < 0) start = i;
        continue;
      }
      // A dot between two digits is inside a number: a flat's or a block's ("Căn 12.08", "Tòa
      // S2.05"), a kilometre mark ("Km 12.5", and its metres after a plus, "Km12+500"); read as a
      // separator it would leave a number behind that reads as the house's.
      if (code === 46 && start === i - 1 && dottedAbbreviation(text, i)) continue;
      if ((code === 46 || code === 43) && start >= 0 && i + 1 < n && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)))
        continue;
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
      // A dot, or a hyphen glued to the next word, marks an abbreviation ("Ng.T.Minh", "Ng-T-Minh").
      const abbrev = code === 46 || (code === 45 && kindOf(next) === Kind.Word);
      const pDot = code === 46 && next === 32 && start === i - 1 && text.charCodeAt(start) === 80; /* "P. " */
      if (start >= 0) {
        found |= this.pushWritten(tokens, text, start, i, seg, abbrev, dash);
        start = -1;
      }
      if ((code === 38 || code === 43) && this.listsNumbers(tokens, seg, text, i + 1)) {
        const joiner = code === 38 ? "&" : "+";
        tokens.push({ raw: joiner, lower: joiner, f: joiner, seg, abbrev: false, dash: false, w: this.wordOf(joiner) });
      }
      if (pDot) {
        spacedP ??= [];
        spacedP.push(tokens.length - 1);
      }
      if (kind === Kind.Hard) {
        const isDash = code === 45 || code === 0x2013 || code === 0x2014;
        if (tokens.length > 0 && tokens[tokens.length - 1].seg === seg) {
          seg++;
          dash = isDash;
        } else if (!isDash) dash = false; // ", -": a comma among the separators is a real break
      }
    }
    if (start >= 0) found |= this.pushWritten(tokens, text, start, n, seg, false, dash);
    if (spacedP !== null) this.readPhoAfterDoor(tokens, spacedP);
    if ((found & FOUND_SPLIT) !== 0) this.rejoinSplitSyllables(tokens);
    if ((found & FOUND_ENGLISH) !== 0) placeEnglishWords(tokens, this.names);
    this.mendDamagedTypeWords(tokens);
    this.lastGlued = (found & FOUND_GLUED) !== 0;
    return tokens;
  }

  /**
   * Appends the tokens of the written word text[start, end) in segment `seg` (`dash`: the break
   * before the segment was a spaced dash), and says what they hold (FOUND_SPLIT, FOUND_ENGLISH,
   * FOUND_GLUED). A method, not a closure in `tokenise`: the closure's captured variables lived in
   * memory, read and written at every character of the text.
   */
  private pushWritten(tokens: Token[], text: string, start: number, end: number, seg: number, abbrev: boolean, dash: boolean): number {
    const read = this.readWritten(text, start, end);
    const joined = dash && (tokens.length === 0 || tokens[tokens.length - 1].seg !== seg);
    // A lot's code after its keyword stays whole: "Lô F1", "Lô Q1-Q2" (elsewhere F1 is Phường 1).
    // Codes are written in capitals: "bán nhà q6 phường 2" writes Quận 6.
    const raw = read.onlyWord === null && lotCodeAfter(tokens, seg, 0) ? text.slice(start, end) : null;
    if (raw !== null && LOT_CODE.test(raw) && !DISTRICT_WRITTEN_SHORT.test(raw)) {
      const w = this.wordOf(foldJoined(raw));
      tokens.push({ raw, lower: raw.toLowerCase(), f: w.f, seg, abbrev, dash: joined, w });
      return 0;
    }
    const only = read.onlyWord;
    if (only !== null) {
      tokens.push({ raw: read.onlyRaw, lower: read.onlyLower, f: only.f, seg, abbrev, dash: joined, w: only });
      return (!only.syllable && !only.digit ? FOUND_SPLIT : 0) | (only.english !== null ? FOUND_ENGLISH : 0);
    }
    const pieces = read.pieces;
    let words = 0;
    let found = 0;
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      const last = k === pieces.length - 1;
      if (!p.w.digit) words++;
      if (!p.w.syllable && !p.w.digit) found |= FOUND_SPLIT;
      if (p.w.english !== null) found |= FOUND_ENGLISH;
      tokens.push({
        raw: p.raw,
        lower: p.lower,
        f: p.w.f,
        seg,
        abbrev: last ? abbrev : p.abbrev,
        dash: k === 0 ? joined : false,
        w: p.w,
      });
    }
    return words >= 2 ? found | FOUND_GLUED : found;
  }

  /**
   * An "&" or "+" at text[at - 1] joins two numbers of one list ("Phòng 311 & 312", "Lô A1 + A2",
   * "Số 12 & 14"): the token before it, in its segment, holds a digit, and so does the word after
   * it. Such a joiner is kept as a token (other "&" and "+" separate words like spaces), so that
   * the list is read as one part, not its last number as the house's.
   */
  private listsNumbers(tokens: readonly Token[], seg: number, text: string, at: number): boolean {
    const before = tokens.length > 0 ? tokens[tokens.length - 1] : null;
    if (before === null || before.seg !== seg || !before.w.digit) return false;
    let k = at;
    while (k < text.length && text.charCodeAt(k) === 32) k++;
    return wordHoldsDigit(text, k);
  }

  /**
   * "P. " between a house's or an alley's number and a name is the street's Phố, as map services
   * write Hà Nội's streets ("12 P. Huế", "45 Ng. 102 P. Trường Chinh"): read as "Phố", every stage
   * takes the name for a street's, not a ward's ("90 P. Quang Trung, Quang Vinh"). After a group's
   * number ("Tổ 5 P. Long Bình"), after a street's words, before a number ("15 P. 5") or glued to
   * the name as people type the ward ("12 P.Phú Lương") it stays the ward's type word.
   * `at`: the tokens written "P. ".
   */
  private readPhoAfterDoor(tokens: Token[], at: readonly number[]): void {
    for (const i of at) {
      const t = tokens[i];
      if (i === 0 && opensMapServiceAddress(tokens)) {
        tokens[0] = { ...t, raw: "Phố", lower: "phố", f: "pho", abbrev: false, w: this.wordOf("pho") };
        continue;
      }
      if (i === 0 || i + 1 >= tokens.length) continue;
      const door = tokens[i - 1];
      const name = tokens[i + 1];
      if (door.seg !== t.seg || name.seg !== t.seg || name.w.digit || !isHouseNumber(door.f)) continue;
      const before = i >= 2 && tokens[i - 2].seg === t.seg ? tokens[i - 2].f : null;
      // "Đường số 2 P. Tân An": the number is the street's, and the ward follows it.
      if ((before !== null && !NUMBERED_DOOR_WORDS.has(before)) || roadNumberAt(tokens, i - 1)) continue;
      tokens[i] = { ...t, raw: "Phố", lower: "phố", f: "pho", abbrev: false, w: this.wordOf("pho") };
    }
  }

  /**
   * Type words a slip damaged where their place says what they were: before a unit's number
   * ("Phờng 3", "Qudn 5": typeWordBeforeNumber), and one word of a two-word type phrase whose other
   * word is whole, opening its segment or after a number, before a name ("Tị trấn Tri Tôn", "Thị
   * trấấn Tri Tôn", "Tị xã Sa Pa"). The word-by-word typo fixes (correctTypo) cannot read these:
   * "phờng" folds to a syllable and name word (Phong), "traan" is a name's words glued ("Trà An").
   */
  private mendDamagedTypeWords(tokens: Token[]): void {
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i];
      const b = tokens[i + 1];
      if (b.seg !== a.seg || a.w.digit || a.abbrev) continue;
      if (b.w.digit) {
        const near = a.w.nearNumberedType;
        if (near === null || a.w.phrases !== undefined || b.f.length > 2 || !/^\d+$/.test(b.f)) continue;
        const type = typeWordBeforeNumber(a.lower, a.f, near);
        if (type !== null) tokens[i] = this.typeWordFor(a, type);
        continue;
      }
      const c = tokens[i + 2];
      if (c === undefined || c.seg !== a.seg || c.w.digit) continue;
      if (i > 0 && tokens[i - 1].seg === a.seg && !tokens[i - 1].w.digit) continue;
      for (const [first, second] of TWO_WORD_TYPES) {
        if (b.f === second.f && slipOf(a.lower, a.f, first)) tokens[i] = this.typeWordFor(a, first.lower);
        else if (a.f === first.f && slipOf(b.lower, b.f, second)) tokens[i + 1] = this.typeWordFor(b, second.lower);
        else continue;
        break;
      }
    }
  }

  /** Token `t` read as the type word `word` (written in lower case), its capital kept. */
  private typeWordFor(t: Token, word: string): Token {
    const first = t.raw.charAt(0);
    const raw = first !== first.toLowerCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    return { ...t, raw, lower: word, f: fold(word), abbrev: false, w: this.wordOf(fold(word)) };
  }

  /**
   * Mends syllables a copy split with a space ("ph ường Đ ống Đa", "Hai Bà Tr ưng", "Hoà ng
   * Mai"): neighbours in one segment, one of them no syllable, that together read as one
   * (text/segment.ts rejoinsAsSyllable). A word written as an abbreviation ("Đ.") joins nothing.
   */
  private rejoinSplitSyllables(tokens: Token[]): void {
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i];
      const b = tokens[i + 1];
      if (a.abbrev || b.abbrev || b.seg !== a.seg || (a.w.syllable && b.w.syllable) || a.w.digit || b.w.digit)
        continue;
      // Cheap tests first: a syllable splits into an initial and the rest ("ph ường") or a
      // syllable and its final ("Hoà ng"), has at most seven letters, and the two must make one.
      // "qu" is an initial though it holds a vowel letter ("Qu ận").
      const initialAndRest = (a.w.vowels === "none" || a.f === "qu") && b.w.vowels === "first";
      const syllableAndFinal = a.w.syllable && b.w.vowels === "none";
      if (!(initialAndRest || syllableAndFinal)) continue;
      if (a.f.length + b.f.length > 7 || !isFoldedSyllable(a.f + b.f)) continue;
      // A one-letter abbreviation ("P", "Đ") joins a known word only when the case marks a split
      // inside a word ("Đ ống"), not a word of its own ("P An Phú", "Đ Ông Ích Khiêm").
      const guarded =
        (a.w.phrases !== undefined || KEYWORD_LETTERS.has(a.f)) &&
        a.f.length === 1 &&
        !splitInsideWord(a.raw, b.raw);
      if (!rejoinsAsSyllable(a.raw, b.raw, guarded, (f) => this.isNameWord(f))) continue;
      // Nor does a syllable take a type word's letter before a name or number as its final
      // ("nguyen hue p sai gon", "tran phu p 5": Phường Sài Gòn, Phường 5, not "huep", "phup").
      const next = tokens[i + 2];
      if (
        syllableAndFinal &&
        b.f.length === 1 &&
        b.w.phrases !== undefined &&
        next !== undefined &&
        next.seg === b.seg &&
        !splitInsideWord(a.raw, b.raw)
      )
        continue;
      const raw = a.raw + b.raw;
      const w = this.wordOf(fold(raw));
      tokens.splice(i, 2, { raw, lower: raw.toLowerCase(), f: w.f, seg: a.seg, abbrev: b.abbrev, dash: a.dash, w });
      i--; // the joined word may join the next piece too ("Ng h iệp")
    }
  }

  /** A folded word that is only some unit name written without its spaces ("sonha"). */
  private isJoinedOnly(f: string): boolean {
    return this.names !== null && this.names.entries(f).length === 0 && this.names.keysJoinedAs(f).length > 0;
  }

  /** A folded word some unit name holds. */
  private isNameWord(f: string): boolean {
    return this.names !== null && this.names.wordId(nameTokenKey(f)) >= 0;
  }

  /** How text[start, end) tokenises (see RawReading), remembered or read now. */
  private readWritten(text: string, start: number, end: number): RawReading {
    let hash = end - start;
    for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(k)) | 0;
    const mask = this.slots - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.writtenSlots[slot];
      if (entry === undefined) break;
      if (entry.hash === hash && sameText(entry.raw, text, start, end)) return entry;
      slot = (slot + 1) & mask;
    }
    const read = this.computeRead(text.slice(start, end), hash);
    if (this.writtenCount >= this.slots >> 1) {
      this.writtenSlots = new Array(this.slots).fill(undefined);
      this.writtenCount = 0;
      slot = hash & mask;
    }
    this.writtenSlots[slot] = read;
    this.writtenCount++;
    return read;
  }

  private computeRead(raw: string, hash: number): RawReading {
    const stray = this.withoutStrayDigit(raw);
    if (stray !== null) return rawReading(raw, hash, [stray]);
    const pieces: Piece[] = [];
    for (const written of this.cutWritten(raw)) this.readPiece(written, pieces);
    return rawReading(raw, hash, pieces);
  }

  /**
   * A digit typed inside a word ("Bi3nh", "Thu4ận"): when the letters around it, four or more,
   * spell one word of a unit name or a type word, the word is read without it, as a typo. House
   * numbers and codes ("12A", "K3A", "A1B") have too few letters, or spell nothing.
   */
  private withoutStrayDigit(raw: string): Piece | null {
    const m = STRAY_DIGIT.exec(raw);
    if (m === null) return null;
    const f = fold(m[1] + m[2]);
    if (f.length < 4 || !isFoldedSyllable(f) || f.includes(" ")) return null;
    const w = this.wordOf(f);
    if (w.nameId < 0 && w.phrases === undefined) return null;
    return piece(raw, { ...w, typo: 1 }, false);
  }

  /**
   * The written pieces of a word people glued together (text/segment.ts): cut where capitals
   * mark joins, between letters and digits, and, in a run of letters that is no syllable and no
   * word of a unit name, into syllables the name index and the keywords choose among.
   */
  private cutWritten(raw: string): string[] {
    // A house number, with its slashes or not, glued to the street ("12/5NguyễnThịMinhKhai",
    // "2LũyBánBích", "2BBaĐình", "K1/112LêThánhTông").
    const first = raw.charCodeAt(0);
    const house = isDigit(first) || ((first === 75 || first === 107) && isDigit(raw.charCodeAt(1))) ? HOUSE_GLUED_TO_NAME.exec(raw) : null;
    if (house) return [house[1], ...this.cutWritten(house[2])];
    if (JOINER.test(raw)) return [raw];
    // A block's letter glued to its keyword ("ChungcưViệtHưngtòaB"): a lone capital is cut off
    // nowhere else (it is a stray one, "HòA").
    const block = BLOCK_LETTER_GLUED.exec(raw);
    if (block && BLOCK_KEYWORD_AT_END.test(fold(block[1]))) return [...this.cutWritten(block[1]), block[2]];
    const out: string[] = [];
    for (const capital of splitCapitals(raw, isTypeAbbreviation, (f) => this.isNameWord(f), isTypeWord)) {
      const runs = splitLettersAndDigits(capital);
      for (const run of runs ?? [capital]) {
        const f = fold(run);
        // A word of a unit name, or a typo of one, stays whole; so does a name run together
        // ("sonha": Sơn Hà), unless digits were glued to it too, which no name is ("sốnhà5").
        const w = f.length >= 4 && !isFoldedSyllable(f) ? this.wordOf(f) : null;
        const keep = w === null || w.typo > 0 || (w.nameId >= 0 && (runs === null || !this.isJoinedOnly(f)));
        const syllables = keep ? null : segmentSyllables(run, this.judge);
        if (syllables && !FOREIGN_NAMES_AS_SYLLABLES.has(f) && !this.foreignWord(run, syllables)) out.push(...syllables);
        else out.push(run);
      }
    }
    return out;
  }

  /**
   * A word written without marks and capitalised once ("Polytechnic", "Manhattan") whose syllables
   * spell no unit's whole name and hold no keyword: a foreign name, not Vietnamese words run together
   * ("po ly tech nic", "ma nhat tan"; "Thanhxuanbac" is Thanh Xuân Bắc). A run typed lower case stays
   * cut: text typed without spaces ("nguyenvancu").
   */
  private foreignWord(run: string, syllables: readonly string[]): boolean {
    const rest = run.slice(1);
    if (syllables.length < 3 || run[0] === run[0].toLowerCase() || rest !== rest.toLowerCase() || fold(run) !== run.toLowerCase())
      return false;
    const pieces = syllables.map((p) => p.toLowerCase());
    if (pieces.some((p) => this.judge.known(p))) return false;
    const trie = this.trie;
    if (trie === null) return true;
    let node = trie.root(trie.wordId(nameTokenKey(pieces[0])));
    for (let k = 1; k < pieces.length && node !== NO_NODE; k++) node = trie.child(node, trie.wordId(nameTokenKey(pieces[k])));
    return node === NO_NODE || !trie.isWhole(node);
  }

  /** Decides among cuts of glued syllables: the name index's word pairs and the keywords. */
  private readonly judge: SegmentJudge = {
    linked: (first, second) => {
      if (KEYWORD_PAIRS.has(`${first} ${second}`)) return true;
      const trie = this.trie;
      if (trie === null) return false;
      const node = trie.root(trie.wordId(nameTokenKey(first)));
      return trie.child(node, trie.wordId(nameTokenKey(second))) !== NO_NODE;
    },
    known: (word) => KEYWORD_WORDS.has(word),
    word: (word) => this.isNameWord(word),
  };

  /** Appends the tokens of one written piece: a word, a glued abbreviation or number, or fold's pieces. */
  private readPiece(raw: string, out: Piece[]): void {
    // Two letters the tokeniser kept around a slash or a dot ("Đ/c", "K.P4"), and a number after the dot's.
    const joiner = raw.length >= 3 ? raw.charCodeAt(1) : 0;
    const letters = joiner === 46 || joiner === 47 ? letterPair(raw[0], raw[2]) : null;
    if (letters !== null) {
      out.push(piece(raw.slice(0, 3), this.wordOf(letters), false));
      if (raw.length > 3) out.push(piece(raw.slice(3), this.wordOf(fold(raw.slice(3))), false));
      return;
    }
    // fold() would turn the "/" of "12/3A" into a space: fold the pieces between the joiners.
    const f = JOINER.test(raw) ? foldJoined(raw) : fold(raw);
    if (f === "") return;
    const mixed = mixesLettersAndDigits(f);
    const glued = mixed
      ? (GLUED_NUMBER.exec(f) ??
        GLUED_ROOM.exec(f) ??
        GLUED_PART_NUMBER.exec(f) ??
        GLUED_ROAD.exec(f) ??
        GLUED_KILOMETRE.exec(f) ??
        GLUED_WORD.exec(f))
      : null;
    const pair = mixed && glued === null && raw.length === f.length ? GLUED_WARD_DISTRICT.exec(f) : null;
    if (pair) {
      let at = 0;
      for (let k = 1; k <= 4; k++) {
        const word = pair[k];
        out.push(piece(raw.slice(at, at + word.length), this.wordOf(word), k % 2 === 1));
        at += word.length;
      }
      return;
    }
    if (glued && raw.length === f.length) {
      const cut = glued[1].length;
      out.push(piece(raw.slice(0, cut), this.wordOf(glued[1]), true));
      out.push(piece(raw.slice(cut), this.wordOf(glued[2]), false));
      return;
    }
    if (f.includes(" ")) {
      for (const w of f.split(" ")) out.push(piece(w, this.wordOf(w), false));
      return;
    }
    const typeLength = !mixed && raw.length === f.length ? this.gluedDistrictTypeLength(f) || this.gluedCityInitialsLength(raw, f) : 0;
    if (typeLength > 0) {
      out.push(piece(raw.slice(0, typeLength), this.wordOf(f.slice(0, typeLength)), true));
      out.push(piece(raw.slice(typeLength), this.wordOf(f.slice(typeLength)), false));
      return;
    }
    // "Đường" with a slip ("Đườngg", "Đưnờg"): the street's keyword, mended as a syllable split
    // in two is, so every stage reads the keyword (the parts never keep it).
    if (damagedStreetKeyword(raw, f)) {
      out.push(piece(raw.startsWith("Đ") ? "Đường" : "đường", this.wordOf("duong"), false));
      return;
    }
    out.push(piece(raw, this.wordOf(f), isTypeAbbreviation(f)));
  }

  /**
   * How many letters of `f` are a district's type glued to the short name it goes by: "QTB", "qgv"
   * (Quận Tân Bình, Gò Vấp: "P12 QTB"), "tpbmt", "tpprtc" (Buôn Ma Thuột, Phan Rang-Tháp Chàm), as
   * the dotted "Q.TB", "TP.BMT" are read; "tpvtau", a city's first letter and its last word (Vũng
   * Tàu), as "tp vtau" is. 0 for a word that is a syllable or a name itself, or anything else.
   */
  private gluedDistrictTypeLength(f: string): number {
    if (f.length < 3 || f.length > 7 || this.names === null) return 0;
    const first = f.charCodeAt(0);
    const typeLength = first === 113 /* q */ ? 1 : f.startsWith("tp") || f.startsWith("tx") ? 2 : 0;
    if (typeLength === 0 || f.length - typeLength < 2 || f.length - typeLength > 5) return 0;
    if (isFoldedSyllable(f) || this.names.wordId(f) >= 0) return 0;
    const rest = f.slice(typeLength);
    if (this.names.entries(rest).some((e) => e.source === "alias" && e.unit.level === "district")) return typeLength;
    // A city's first letter and its last word: only after "tp"/"tx", where no street goes.
    return typeLength === 2 && rest.length >= 4 && isFoldedSyllable(rest.slice(1)) && !isFoldedSyllable(rest) ? typeLength : 0;
  }

  /**
   * 2 when the word is a city's or town's type glued to its initials, in capitals ("TPST" for
   * Thành phố Sóc Trăng, "TXNN"), and no known word: the type is cut off, and the initials are read
   * after it as "TP.NT" is (mentions.ts initialsOfUnits). 0 otherwise.
   */
  private gluedCityInitialsLength(raw: string, f: string): number {
    if (raw.length < 4 || raw.length > 5 || !CITY_TYPE_AND_INITIALS.test(raw) || this.names === null) return 0;
    return this.names.wordId(f) >= 0 ? 0 : 2;
  }

  /** The record of a folded word, shared by every token that folds to it. */
  private wordOf(f: string): Word {
    let w = this.words.get(f);
    if (w === undefined) {
      const c = f.charCodeAt(0);
      // Only a leading zero or a final "y" can change the key: skip the regexes otherwise.
      const key = c === 48 || f.charCodeAt(f.length - 1) === 121 ? nameTokenKey(f) : f;
      let nameId = this.names?.wordId(key) ?? -1;
      let phrases = typePhrasesFrom(f);
      let phraseWord = f;
      let typo = 0;
      const syllable = isFoldedSyllable(f);
      if (nameId < 0 && phrases === undefined && !syllable) {
        const fix = this.correctTypo(f);
        if (fix !== null) {
          typo = 1;
          if (fix.type) {
            phrases = typePhrasesFrom(fix.word);
            phraseWord = fix.word;
          }
          if (fix.name) {
            // The trie reads the fixed word; `key` stays as written, for the typo-tolerant
            // look-up of whole names, which may know better ("dona giang": Đông Giang).
            nameId = this.names!.wordId(nameTokenKey(fix.word));
          }
        }
      }
      w = {
        f,
        key,
        digit: /\d/.test(f),
        house: isHouseNumber(f),
        phrases,
        phraseWord,
        typo,
        syllable,
        landmark: LANDMARK_FIRST_WORDS.has(f),
        statesStructure: STATING_WORDS.has(f),
        aside: this.marks.aside(f),
        partWord: this.marks.partWord(f),
        vowels: /^[aeiouy]/.test(f) ? "first" : /[aeiouy]/.test(f) ? "later" : "none",
        english: ENGLISH_TYPE_WORDS.has(f) ? "type" : ENGLISH_STREET_WORDS.has(f) ? "street" : null,
        nearNumberedType: nearNumberedType(f),
        nameId,
        nameRoot: this.trie?.root(nameId) ?? NO_NODE,
      };
      if (this.words.size >= CACHE_LIMIT) this.words.clear();
      this.words.set(f, w);
    }
    return w;
  }

  /**
   * The word a folded word typed with Telex keys left in stands for (telexStem), when that is a
   * syllable and a type word or a word of a unit name.
   */
  private withoutTelexKeys(f: string): TypoFix | null {
    const stem = telexStem(f);
    if (stem === null || !isFoldedSyllable(stem)) return null;
    // Both may hold ("Thanhj": Thạnh of a name, or Thành of Thành phố); the phrase decides.
    const type = TYPE_WORDS.has(stem) || typePhrasesFrom(stem) !== undefined;
    const name = this.names !== null && this.isNameWord(stem);
    return type || name ? { word: stem, type, name } : null;
  }

  /**
   * The word a folded word stands for when it is no syllable and one slip of the keyboard away
   * from a type word ("tinhh", "thanhh", "phoo", "quna") or from a word of a unit name ("binhh",
   * "hauu", "bihn"): a doubled letter written twice, two neighbours swapped. A word that reads as
   * a syllable is left alone (it is likely some other real word), and so is every word with a
   * digit; the first fix found wins, type words first.
   */
  private correctTypo(f: string): TypoFix | null {
    const telex = this.withoutTelexKeys(f);
    if (telex !== null) return telex;
    // A letter held down ("nộiii", "hcmmm"): no Vietnamese word, nor short form, has one three times.
    const held = TRIPLED_LETTER.test(f) ? f.replace(TRIPLED_LETTERS, "$1") : null;
    if (held !== null && (TYPE_WORDS.has(held) || this.isNameWord(held)))
      return { word: held, type: TYPE_WORDS.has(held), name: this.isNameWord(held) };
    if (f.length < 3 || f.length > 8 || !/^[a-z]+$/.test(f) || KEYWORD_WORDS.has(f)) return null;
    const doubled: string[] = [];
    const swapped: string[] = [];
    for (let i = 1; i < f.length; i++)
      if (f[i] === f[i - 1]) doubled.push(f.slice(0, i) + f.slice(i + 1));
      else swapped.push(f.slice(0, i - 1) + f[i] + f[i - 1] + f.slice(i + 1));
    // A short type word with two letters swapped is as likely a name ("tihn": Tỉnh or Tĩnh).
    // A type word that is also a name's word ("thanhh": Thành phố, or Thanh of Tân Thanh) is both.
    for (const fix of doubled) if (TYPE_WORDS.has(fix)) return { word: fix, type: true, name: this.isNameWord(fix) };
    for (const fix of swapped)
      if (fix.length >= 5 && TYPE_WORDS.has(fix)) return { word: fix, type: true, name: this.isNameWord(fix) };
    const typeWord = typeWordOneEditFrom(f);
    if (typeWord !== null) return { word: typeWord, type: true, name: this.isNameWord(typeWord) };
    const fixes = [...doubled, ...swapped];
    if (this.names === null) return null;
    // Only a fix that no other fix rivals: "tihn" may be "thin" or "tinh", and the typo-tolerant
    // look-up of whole names (mentions.ts findFuzzyMentions) reads the word as written better.
    let found: string | null = null;
    for (const fix of fixes)
      if (fix !== found && fix.length >= 3 && isFoldedSyllable(fix) && this.isNameWord(fix)) {
        if (found !== null) return null;
        found = fix;
      }
    return found === null ? null : { word: found, type: false, name: true };
  }
}

const TRIPLED_LETTER = /([a-z])\1\1/;
const TRIPLED_LETTERS = /([a-z])\1{2,}/g;

/** A word a typo fix reads: as a type word, a word of a unit name, or both. */
interface TypoFix {
  word: string;
  type: boolean;
  name: boolean;
}

/** Telex tone keys: no Vietnamese syllable ends in one of these letters. */
const TELEX_TONE = /^([a-z]{2,9})[fsrxj]$/;

/**
 * Telex keys a word typed with the input method off keeps ("Hoaf" for Hòa, "Ddoongf" for
 * Đồng, "Thuwowngf" for Thường): the tone key closing the word, doubled vowels and `dd`, and `w`.
 */
function telexStem(f: string): string | null {
  const m = TELEX_TONE.exec(f);
  if (m === null) return null;
  return m[1]
    .replace(/dd/g, "d")
    .replace(/([aeo])\1/g, "$1")
    .replace(/w/g, "");
}

/**
 * English writes the type after the name ("Ben Nghe Ward", "Ho Chi Minh City", "Le Loi Street"):
 * a type word that follows a word and precedes no number moves before the run of words it
 * closes, where Vietnamese puts it; so does a street word ending its segment ("đường" first).
 * With a name index, a type word moves only before the unit name the words ending at it spell:
 * "Vinhomes Times City" or "Royal City" name a building, and moving "City" would read a city
 * called "Vinhomes Times" and lose the building's name.
 */
function placeEnglishWords(tokens: Token[], names: UnitNameIndex | null): void {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.w.english === null) continue;
    const before = tokens[i - 1];
    // A number may close a hamlet's or street's name ("Vinh Thanh 2 Hamlet", "An Thuong 3 Street"),
    // not a road's code ("DT742 Road", "D1 St.": their letters are the code's).
    const numbered =
      before.w.digit &&
      t.w.english === "street" &&
      i >= 2 &&
      tokens[i - 2].seg === t.seg &&
      !tokens[i - 2].w.digit &&
      tokens[i - 2].f.length > 2;
    if (before.seg !== t.seg || (before.w.digit && !numbered)) continue;
    // After a type word's letters, "ST" is a city's initials ("TP ST", Thành phố Sóc Trăng), no street.
    if (before.f === "tp" || before.f === "tx") continue;
    const next = i + 1 < tokens.length && tokens[i + 1].seg === t.seg ? tokens[i + 1] : null;
    // A street word ending its segment moves before the name like a type word: "Street" then
    // reads as "đường", so a name alone in its segment ("…, Ly Thuong Kiet Street, …") is a street.
    const closesStreet = t.w.english === "street" && next === null;
    if (!closesStreet && (t.w.english !== "type" || next?.w.digit)) continue;
    let start = numbered ? i - 2 : i - 1;
    while (
      start > 0 &&
      tokens[start - 1].seg === t.seg &&
      !tokens[start - 1].w.digit &&
      tokens[start - 1].w.english !== "type"
    )
      start--;
    let seg = t.seg;
    if (names !== null && t.w.english === "type") {
      // A name written with a dash inside it ("Ba Ria - Vung Tau Province"): the dash opened a
      // segment, and the type word goes before the whole name, in its first segment.
      const dashed = tokens[start].dash ? segmentStart(tokens, start - 1) : -1;
      const named = dashed >= 0 && nameEndingAt(tokens, dashed, i, names) === dashed ? dashed : nameEndingAt(tokens, start, i, names);
      if (named < 0) continue;
      start = named;
      seg = tokens[start].seg;
    }
    tokens.splice(i, 1);
    tokens.splice(start, 0, { ...t, seg, dash: tokens[start].dash });
    tokens[start + 1] = { ...tokens[start + 1], dash: false };
  }
}

/**
 * The text opens with "P. " and a name, then the ward's name without its type word, as map services
 * write a Hà Nội street with no house number ("P. Đinh Tiên Hoàng, Hàng Trống, Hoàn Kiếm, Hà Nội
 * 100000, Việt Nam"): their postal code or the country closes it. A ward so written ("P. Bến Nghé,
 * Quận 1") has its district typed after it, and no such close.
 */
function opensMapServiceAddress(tokens: readonly Token[]): boolean {
  const n = tokens.length;
  if (n < 5 || tokens[1].seg !== tokens[0].seg || tokens[1].w.digit) return false;
  let next = 2;
  while (next < n && tokens[next].seg === tokens[0].seg) next++;
  if (next >= n || tokens[next].w.phrases !== undefined || tokens[next].w.digit) return false;
  const last = tokens[n - 1].f;
  const closes = last === "vietnam" || (last === "nam" && tokens[n - 2].f === "viet") || /^\d{5,6}$/.test(last);
  return closes && tokens[n - 1].seg > tokens[next].seg + 1;
}

/** The first token of the segment token `k` is in; -1 for k < 0. */
function segmentStart(tokens: readonly Token[], k: number): number {
  if (k < 0) return -1;
  while (k > 0 && tokens[k - 1].seg === tokens[k].seg) k--;
  return k;
}

/**
 * The first token of the longest unit name that starts at or after `from` and ends just before
 * `end` ("Ho Chi Minh" before "City"), or -1 when the words there end no unit name.
 */
function nameEndingAt(tokens: readonly Token[], from: number, end: number, names: UnitNameIndex): number {
  const trie = names.wordTrie();
  for (let s = from; s < end; s++) {
    let node = tokens[s].w.nameRoot;
    for (let k = s + 1; node !== NO_NODE && k < end; k++) node = trie.child(node, tokens[k].w.nameId);
    if (node !== NO_NODE && names.entries(trie.spelling(node)).length > 0) return s;
  }
  return -1;
}

/** A capital then a lower-case continuation: "Đ ống", "N ội", as a copy splits one word. */
function splitInsideWord(a: string, b: string): boolean {
  return a !== a.toLowerCase() && b[0] === b[0].toLowerCase() && b[0] !== b[0].toUpperCase();
}

function sameText(raw: string, text: string, start: number, end: number): boolean {
  if (raw.length !== end - start) return false;
  for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

function mixesLettersAndDigits(f: string): boolean {
  let digits = false;
  let letters = false;
  for (let i = 0; i < f.length; i++) {
    const c = f.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    else letters = true;
  }
  return digits && letters;
}

/** What the tokeniser keeps inside a word ("12/3A", "12-14", "Căn 12.08"), which fold() would turn into spaces. */
const JOINER = /[/.+\u2013-]/;

function foldJoined(raw: string): string {
  return raw.replace(/\u2013|\u2014/g, "-").replace(/[^/.+-]+/g, (piece) => fold(piece));
}

/**
 * Token i is a road's number, which is the road's whole name: after a road's keyword in its segment
 * ("Đường 5", "QL 91", "ĐT 942"), or after "số" or "tỉnh" after "Đường" or "Đ." ("Đường số 5",
 * "Đường tỉnh 295").
 */
export function roadNumberAt(tokens: readonly Token[], i: number): boolean {
  if (i < 1 || !tokens[i].w.digit || tokens[i - 1].seg !== tokens[i].seg) return false;
  const keyword = tokens[i - 1].f;
  if (ROAD_WORDS.has(keyword)) return true;
  if (keyword !== "so" && keyword !== "tinh") return false;
  const road = i >= 2 && tokens[i - 2].seg === tokens[i].seg ? tokens[i - 2].f : null;
  return road === "duong" || road === "d";
}
