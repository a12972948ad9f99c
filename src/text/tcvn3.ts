/**
 * TCVN3 (ABC), the font encoding of the .VnTime family in which much of the older provincial paperwork
 * was typed: one byte per Vietnamese letter, the lower-case letters in the upper half (à = 0xB5,
 * ư = 0xAD, đ = 0xAE, Đ = 0xA7). iconv-lite's `tcvn` table (TCVN 5712 VN1) puts every letter TCVN3 has
 * where TCVN3 does, so decoding is a look-up there; what is ours is the capitals font and text copied
 * out of such a font as its Latin-1 characters.
 */
import iconv from "iconv-lite";

// TCVN3 has no upper-case letters with tone marks: headings were typed in a capitals font
// (.VnTimeH) that draws the lower-case codes as capitals, so "NGUYỄN" arrives as "NGUYễN".
const WORD = /\p{L}+/gu;
const LOWER_ASCII = /[a-z]/;
const LOWER_BEYOND_ASCII = /[^\x00-\x7f]/u;

/** Words written in capitals but for letters TCVN3 has only in lower case, put in capitals. */
export function capsFontWords(text: string): string {
  return text.replace(WORD, (word) => {
    if (LOWER_ASCII.test(word) || !LOWER_BEYOND_ASCII.test(word)) return word;
    let capitals = 0;
    for (const c of word) if (c !== c.toLowerCase()) capitals++;
    return capitals >= 2 && word.toUpperCase() !== word ? word.toUpperCase() : word;
  });
}

/**
 * Text typed in TCVN3 and copied out as the Latin-1 characters of its bytes ("Hµ Néi" for "Hà Nội",
 * "§­êng" for "Đường": a spreadsheet typed in .VnTime saved as CSV), decoded. The caller makes sure
 * every character is Latin-1.
 */
export function decodeTcvn3Latin1(text: string): string {
  return capsFontWords(iconv.decode(Buffer.from(text, "latin1"), "tcvn"));
}
