/**
 * Vietnamese text folding: the one place that decides when two spellings are "the same".
 *
 * Two keys are used across diachiso:
 * - `fold(s)`: no diacritics, `đ` → `d`, lower case, punctuation → space, spaces collapsed.
 *   "Thành phố Hồ Chí Minh", "thanh pho ho chi minh", "THÀNH-PHỐ  Hồ Chí Minh" all fold alike.
 * - `toneKey(s)`: keeps the diacritics but puts tone marks in one place (Hòa/Hoà, Thủy/Thuỷ
 *   become "hòa", "thủy") and lower-cases, so a fully accented input can rank above a bare one.
 */

// One table lookup per character instead of normalize("NFD") + regex: fold() sits on the hot
// path of parsing (tens of thousands of addresses a second). Built once from Unicode's own
// decompositions, so every precomposed Latin letter (Vietnamese or not) folds to its base.
const DROP = 0xffff; // combining marks: removed
const SEPARATOR = 0; // anything that is not a letter or digit
// Latin-1, Latin Extended-A/B and the combining marks; Latin Extended Additional (most
// precomposed Vietnamese letters) has its own table below; anything else takes a slow path.
const TABLE_SIZE = 0x370;
const FOLD_TABLE = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(TABLE_SIZE);
  for (let code = 0; code < TABLE_SIZE; code++) {
    if (code >= 0x300 && code <= 0x36f) {
      table[code] = DROP;
      continue;
    }
    const base = String.fromCharCode(code).normalize("NFD").charCodeAt(0);
    if (base >= 48 && base <= 57) table[code] = base;
    else if (base >= 97 && base <= 122) table[code] = base;
    else if (base >= 65 && base <= 90) table[code] = base + 32;
    else if (code === 0x111 || code === 0x110 || code === 0xf0 || code === 0xd0) table[code] = 100; // đ Đ ð Ð → d
    else if (code > 127 && String.fromCharCode(code).toLowerCase() !== String.fromCharCode(code).toUpperCase()) {
      // A letter with no ASCII base (rare in Vietnamese text): keep it, lower-cased.
      table[code] = String.fromCharCode(code).toLowerCase().charCodeAt(0);
    } else table[code] = SEPARATOR;
  }
  return table;
}

/**
 * Folds text to its comparison key: NFC or NFD input, any case, no diacritics, `đ` → `d`,
 * every run of characters that is not a letter or digit becomes one space, trimmed.
 * @example fold("Phường  Bến Nghé,") === "phuong ben nghe"
 */
export function fold(text: string): string {
  const out: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let folded: number;
    if (code < TABLE_SIZE) folded = FOLD_TABLE[code];
    else if (code >= 0x1e00 && code <= 0x1eff) folded = foldExtendedAdditional(code);
    else folded = /[\p{L}\p{N}]/u.test(text[i]) ? text[i].toLowerCase().charCodeAt(0) : SEPARATOR;
    if (folded === DROP) continue;
    if (folded === SEPARATOR) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && out.length > 0) out.push(32);
    pendingSpace = false;
    out.push(folded);
  }
  return fromCodes(out);
}

/**
 * The string of UTF-16 codes: in slices, since one call's arguments are held on the stack (a text
 * of a million characters would overflow it).
 */
const CODES_PER_CALL = 8192;
function fromCodes(codes: number[]): string {
  if (codes.length <= CODES_PER_CALL) return String.fromCharCode.apply(null, codes);
  let text = "";
  for (let i = 0; i < codes.length; i += CODES_PER_CALL)
    text += String.fromCharCode.apply(null, codes.slice(i, i + CODES_PER_CALL));
  return text;
}

// Latin Extended Additional holds most precomposed Vietnamese letters (ạ, ế, ữ ...).
const EXTENDED_ADDITIONAL = new Uint16Array(0x100);
for (let i = 0; i < 0x100; i++) {
  const base = String.fromCharCode(0x1e00 + i).normalize("NFD").charCodeAt(0);
  EXTENDED_ADDITIONAL[i] = base >= 65 && base <= 90 ? base + 32 : base;
}
function foldExtendedAdditional(code: number): number {
  return EXTENDED_ADDITIONAL[code - 0x1e00];
}

// Old-style placement puts the tone on the second vowel of oa/oe/uy when the syllable ends
// there ("hoà", "thuỷ"); the style used in the 2025 unit lists puts it on the first ("hòa",
// "thủy"). We key on the latter. Map: tone-marked second vowel → [unmarked second vowel, tone].
const TONES = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]; // huyền sắc hỏi ngã nặng
const PAIR = /([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\p{L}\p{M}])/gu;

/**
 * Diacritic-preserving key with one tone-mark placement, lower case, spaces collapsed.
 * @example toneKey("Xã Hoà An") === toneKey("xã hòa an")
 */
export function toneKey(text: string): string {
  const decomposed = text.normalize("NFD").toLowerCase();
  const moved = decomposed.replace(PAIR, (_m, first: string, second: string, tone: string) => {
    // Only the bare pairs oa, oe, uy (no hat/horn on the first vowel, which NFD would show
    // as a combining mark between them, so the regex cannot match those).
    if (!TONES.includes(tone)) return _m;
    return first + tone + second;
  });
  return moved.normalize("NFC").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/**
 * A word's letters with their hats and horns, lower case, then its tone marks wherever they sat:
 * the same for a tone put on another vowel of the syllable ("phừơng", "phườngg" aside, is
 * "phường"; "hoà" is "hòa"), different for another tone or none ("phương").
 * @example toneAnywhere("Phừơng") === toneAnywhere("phường")
 */
export function toneAnywhere(word: string): string {
  let letters = "";
  let tones = "";
  for (const c of word.normalize("NFD").toLowerCase()) {
    if (TONES.includes(c)) tones += c;
    else letters += c;
  }
  return `${letters.normalize("NFC")}${tones}`;
}

/**
 * The text without the circumflexes, breves and horns of its letters, its tone marks kept, as
 * input methods and fonts lose them ("Phường": "Phuờng").
 */
export function withoutHatsOrHorns(text: string): string {
  return text.normalize("NFD").replace(/[\u0302\u0306\u031b]/g, "").normalize("NFC");
}

/** True when the word carries a tone mark (huyền, sắc, hỏi, ngã, nặng), hats and horns aside. */
export function hasToneMark(word: string): boolean {
  for (const c of word.normalize("NFD")) if (TONES.includes(c)) return true;
  return false;
}

/** True when the text contains any Vietnamese diacritic (or đ). */
export function hasDiacritics(text: string): boolean {
  return /[\u0300-\u036fđĐ]/.test(text.normalize("NFD"));
}
