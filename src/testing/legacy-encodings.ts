/**
 * Unicode text → the legacy Vietnamese encodings, as the programs that wrote them did, to make test
 * files (the import only ever decodes them). VNI's encoder is src/text/vni.ts encodeVni.
 */
import iconv from "iconv-lite";

/** Windows-1258 as Windows writes it: ă â ê ô ơ ư đ precomposed, tone marks as combining marks. */
export function encodeWindows1258(text: string): Buffer {
  const composedVowels = text
    .normalize("NFD")
    .replace(
      /([a-zA-Z])(\u0323?)([\u0302\u0306\u031b])/g,
      (_m, base: string, dot: string, mark: string) => `${`${base}${mark}`.normalize("NFC")}${dot}`,
    );
  return iconv.encode(composedVowels, "windows1258");
}

/**
 * TCVN3 (ABC): the lower-case letters with marks and Ă Â Ê Ô Ơ Ư Đ have codes; a capital with a
 * tone mark is written with the lower-case code (the capitals font draws it as a capital).
 */
export function encodeTcvn3(text: string): Buffer {
  return iconv.encode(tcvn3Letters(text), "tcvn");
}

/** What TCVN3 can write of `text`: its capitals with a tone mark in lower case (Ă Â Ê Ô Ơ Ư Đ stay). */
export function tcvn3Letters(text: string): string {
  return [...text.normalize("NFC")]
    .map((c) => (c < "\u0080" || "ĂÂÊÔƠƯĐ".includes(c) ? c : c.toLowerCase()))
    .join("");
}
