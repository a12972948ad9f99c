/**
 * Text damaged by an encoding on its way, undone before it is read:
 *
 * - UTF-8 bytes read as Windows-1252 or Latin-1 ("Hà Nội" shown as "HÃ  Ná»™i"): a CSV saved by
 *   one program and opened by another, a form that posted UTF-8 to a page declared Latin-1. Every
 *   Vietnamese letter with a diacritic takes two or three bytes in UTF-8, so the damage is on nearly
 *   every word and nothing downstream can read it. It is undone exactly: each character is turned
 *   back into the byte it was read from, and the bytes are decoded as UTF-8 again. Text that was not
 *   damaged so cannot pass: a Vietnamese letter above U+00FF has no byte to go back to, and text
 *   that only uses Latin-1 letters ("XÃ HÒA") does not form valid UTF-8 once turned into bytes (a
 *   strict decoder refuses it).
 * - Text typed in a font encoding and copied out as its Latin-1 characters, as older documents and
 *   the spreadsheets typed in them still hold it: VNI ("Haø Noäi" for "Hà Nội") when it holds a
 *   character no Vietnamese word has (ø, ä, ö, ï…), TCVN3 ("Hµ Néi", "§­êng") when it holds one of
 *   the symbols TCVN3 puts its commonest letters on (¡–¿: ă â ê ô ơ ư đ, à ả ã á ạ …). Decoded when the
 *   text is Latin-1 only and the decoding reads as more Vietnamese syllables and fewer other words;
 *   of the two, the one that reads best.
 */

import { vietnameseEvidence } from "./syllable.js";
import { decodeTcvn3Latin1 } from "./tcvn3.js";
import { decodeVni } from "./vni.js";

/** The characters Windows-1252 reads from bytes 0x80–0x9f, where Latin-1 has control codes. */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

const BYTE_OF_CP1252 = new Map<number, number>([...CP1252_HIGH].map((c, k) => [c.charCodeAt(0), 0x80 + k]));

/**
 * A lead byte of a Vietnamese letter's UTF-8 (0xc2–0xc6 for the letters of Latin-1 and Latin
 * Extended-A, 0xe1 for the block of ạ ả ấ …) read as a character, followed by a continuation
 * byte read as one: the mark of the damage, checked before anything is decoded.
 */
const DAMAGED = /[\u00c2-\u00c6\u00e1][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The text with either damage undone, or the text itself when it shows none. */
export function repairMojibake(text: string): string {
  const repaired = DAMAGED.test(text) ? fromUtf8ReadAsLatin1(text) : text;
  if (repaired !== text) return repaired;
  const vni = VNI_MARK.test(text);
  const tcvn3 = TCVN3_MARK.test(text);
  if (!(vni || tcvn3) || BEYOND_LATIN1.test(text)) return text;
  return readsBetter(text, [vni ? decodeVni(text) : null, tcvn3 ? decodeTcvn3Latin1(text) : null]);
}

/** The font encodings whose text, copied out, arrives as Latin-1 characters. */
export type FontEncoding = "tcvn3" | "vni";

/**
 * A line of a file whose text was typed in `font` (ingest/encoding.ts settled that from the file),
 * decoded; unless it holds a letter beyond Latin-1 (typed in Unicode) or reads worse decoded (fewer
 * Vietnamese syllables or more other words). Unlike repairMojibake it does not ask for better: a short
 * line's garbled words may read as syllables too ("Khu phè 4" is Khu phố 4).
 */
export function fromFontText(line: string, font: FontEncoding): string {
  if (BEYOND_LATIN1.test(line) || !NON_ASCII.test(line)) return line;
  const decoded = font === "vni" ? decodeVni(line) : decodeTcvn3Latin1(line);
  const before = vietnameseEvidence(line);
  const after = vietnameseEvidence(decoded);
  return after.syllables >= before.syllables && after.others <= before.others ? decoded : line;
}
const NON_ASCII = /[^\u0000-\u007f]/;

function fromUtf8ReadAsLatin1(text: string): string {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code <= 0xff ? code : BYTE_OF_CP1252.get(code);
    if (byte === undefined) return text;
    bytes[i] = byte;
  }
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return text;
  }
}

/**
 * Characters of Latin-1 that VNI spells marks and letters with and that no Vietnamese word holds
 * (ä ö ø ï å æ ñ î ë ü û, and their capitals); a text with none of them is never decoded.
 */
const VNI_MARK = /[äöøïåæñîëüûÄÖØÏÅÆÑÎËÜÛ]/;
/** The Latin-1 symbols TCVN3 puts Ă Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ and à ả ã á ạ ằ ẳ ẵ ắ on; no Vietnamese word holds them. */
const TCVN3_MARK = /[\u00a1-\u00bf]/;
/** Text copied out of a font is Latin-1 only: a letter beyond it (ư, ạ) says it is Unicode already. */
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * Of `text` and its decodings, the one that reads best: a decoding must read as more Vietnamese
 * syllables and fewer other words than the text itself.
 */
function readsBetter(text: string, decodings: readonly (string | null)[]): string {
  const before = vietnameseEvidence(text);
  let best = text;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const decoded of decodings) {
    if (decoded === null) continue;
    const after = vietnameseEvidence(decoded);
    const score = after.syllables - 2 * after.others;
    if (after.syllables > before.syllables && after.others < before.others && score > bestScore) {
      best = decoded;
      bestScore = score;
    }
  }
  return best;
}
