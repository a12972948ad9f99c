/**
 * Cleaning of survey text. The principle: what a person saw is what is stored.
 *
 * | characters | what happens | why |
 * |---|---|---|
 * | white space (tab, line breaks, no-break and other Unicode spaces) | trimmed, runs become one space; silent | layout, not content |
 * | accents written as combining marks | composed (NFC); silent | the same letters |
 * | invisible format characters (zero-width space and joiners, word joiner, soft hyphen, left-to-right and right-to-left marks, a BOM inside text, variation selectors, tags: Unicode's Default_Ignorable_Code_Point) | removed; silent | nobody saw them; they only make equal texts compare unequal |
 * | emoji and pictographs (Extended_Pictographic from U+2300 on, skin tones, flags, keycaps) | removed, and the row gets the warning finding `text.pictographs` naming the fields | visible, but not part of an address: someone may want to look |
 * | controls (C0 but white space, DEL, C1), bidirectional embeddings, overrides and isolates, private-use characters, unpaired surrogates, noncharacters, U+FFFD, interlinear annotations | the row is refused (`invalid_text`), naming the field, the position and the character | the text is damaged (a wrong decoding, a binary file) or is not what it shows |
 *
 * Nearly every field of a survey file is clean already, so the work is in telling that cheaply: a
 * loop over the characters that lets ASCII and the Latin letters Vietnamese uses through, rather
 * than a regex per field; anything else goes the slow way, where the regexes above decide.
 */

/** Why a row cannot be stored as it is; `message` names the field (and the value's place or length). */
export interface Refusal {
  reason: "too_long" | "invalid_text" | "invalid_value";
  message: string;
}

/**
 * What cleaning one row found besides the cleaned text. One per reader, reset for every row
 * (cleanRow does), so that a clean row allocates nothing.
 */
export class CleaningNotes {
  /** The first reason the row cannot be stored as it is; null when it can. */
  refusal: Refusal | null = null;
  /** The fields emoji or pictographs were removed from, comma-separated; "" when none. */
  pictographs = "";

  reset(): void {
    this.refusal = null;
    this.pictographs = "";
  }

  /** Keeps the first refusal: fields are cleaned in a fixed order, so the message is stable. */
  refuse(reason: Refusal["reason"], message: string): void {
    this.refusal ??= { reason, message };
  }
}

/**
 * Characters that refuse the row: controls other than white space, bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), private use, unpaired surrogates,
 * interlinear annotations (U+FFF9–U+FFFB: they hide text), U+FFFD and noncharacters.
 */
export const FORBIDDEN =
  /(?![\t\n\v\f\r])\p{Cc}|\p{Co}|\p{Cs}|[\u202A-\u202E\u2066-\u2069\uFFF9-\uFFFB\uFFFD]|\p{Noncharacter_Code_Point}/u;
/** Emoji and pictographs. Extended_Pictographic below U+2300 (©, ®, ™, ‼, arrows) are ordinary symbols. */
export const PICTOGRAPHS =
  /(?![\u0000-\u22ff])\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u20e3/gu;
/** Invisible format characters (also the joiners and variation selectors inside emoji sequences). */
export const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** Any character of the three sets above. */
const UNUSUAL = new RegExp(`${FORBIDDEN.source}|${PICTOGRAPHS.source}|${INVISIBLE.source}`, "u");

/**
 * The cleaned text of one field; a refusal or removed pictographs go to `notes`. A value longer
 * than `maxLength` characters as written is refused (`too_long`) before any work is done on it:
 * nothing downstream ever sees a megabyte "street". A refused field cleans to "".
 */
export function cleanText(value: unknown, notes: CleaningNotes, field: string, maxLength: number): string {
  if (value === undefined || value === null) return "";
  const s = typeof value === "string" ? value : String(value);
  if (s.length > maxLength) {
    notes.refuse(
      "too_long",
      `${field} holds ${s.length.toLocaleString("en-US")} characters, at most ${maxLength.toLocaleString("en-US")} (trường ${field} quá dài)`,
    );
    return "";
  }
  if (s === "" || !needsCleaning(s)) return s;
  return cleanSlowly(s, notes, field);
}

/** The definition of cleaning; `cleanText` skips it for text that `needsCleaning` lets through. */
export function cleanSlowly(s: string, notes: CleaningNotes, field: string): string {
  // Most text sent here only has spaces to collapse or accents to compose: one scan tells.
  if (!UNUSUAL.test(s)) return s.normalize("NFC").replace(/\s+/g, " ").trim();
  const forbidden = FORBIDDEN.exec(s);
  if (forbidden) {
    const code = forbidden[0].codePointAt(0)!;
    notes.refuse(
      "invalid_text",
      `${field}: character ${forbidden.index + 1} is U+${code.toString(16).toUpperCase().padStart(4, "0")}, ${describe(code)} (ký tự không hợp lệ trong trường ${field})`,
    );
    return "";
  }
  let text = s.replace(PICTOGRAPHS, "");
  if (text.length !== s.length)
    notes.pictographs = notes.pictographs === "" ? field : `${notes.pictographs},${field}`;
  text = text.replace(INVISIBLE, "");
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

function describe(code: number): string {
  if ((code & 0xfffe) === 0xfffe || (code >= 0xfdd0 && code <= 0xfdef)) return "a noncharacter";
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
    return "a bidirectional control: the text shown would not be the text stored";
  if (code === 0xfffd) return "the replacement character: the text was damaged by a wrong decoding";
  if (code >= 0xd800 && code <= 0xdfff) return "an unpaired surrogate: the text is not valid Unicode";
  if ((code >= 0xe000 && code <= 0xf8ff) || code >= 0xf0000)
    return "a private-use character, which means nothing outside the program that wrote it";
  if (code >= 0xfff9 && code <= 0xfffb) return "an interlinear annotation control, which hides text";
  return "a control character: the file is damaged or not text";
}

/**
 * False only when cleaning leaves `s` exactly as it is: no space at either end or two in a row,
 * and only ASCII and `isPlain` characters. A row has 21 fields, nearly all clean: a loop over
 * their few characters costs a fraction of a regex per field. clean-text.test.ts checks it
 * against `cleanSlowly` on every UTF-16 unit.
 */
export function needsCleaning(s: string): boolean {
  let previousSpace = true; // so that a leading space counts as "two in a row"
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) previousSpace = false;
    else if (c === 0x20) {
      if (previousSpace) return true;
      previousSpace = true;
    } else if (isPlain(c)) previousSpace = false;
    else return true;
  }
  return previousSpace && s.length > 0; // a trailing space
}

/**
 * Non-ASCII characters that cleaning never touches, whatever surrounds them: Latin-1 letters and
 * symbols, Latin Extended-A/B, IPA and modifier letters (U+00A1–U+02FF but the soft hyphen), the
 * precomposed Vietnamese letters (Latin Extended Additional), general punctuation (dashes, quotes,
 * bullets, ellipsis) and currency signs (₫). All are their own NFC form and combine with nothing.
 */
function isPlain(c: number): boolean {
  if (c < 0x300) return c > 0xa0 && c !== 0xad;
  if (c < 0x1e00) return false;
  if (c < 0x1f00) return true;
  return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x20a0 && c <= 0x20cf);
}

/** `\s` of JavaScript regexes, less the plain space. */
function isOtherSpace(c: number): boolean {
  if (c < 0xa0) return c >= 0x09 && c <= 0x0d;
  if (c < 0x1680) return c === 0xa0;
  return (
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The owner's phone without separators: `text.replace(/[\s.-]/g, "")`, without the regex when there are none. */
export function withoutSeparators(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x2d || c === 0x20 || isOtherSpace(c)) return text.replace(/[\s.-]/g, "");
  }
  return text;
}
