/**
 * Cleaning of survey text: trim, collapse white space, compose accents (NFC). Nearly every field of
 * a survey file is clean already, so the work is in telling that cheaply: a loop over the
 * characters rather than a regex per field. (Testing a whole CSV line at once instead, by a loop
 * or one regex, was measured: it costs as much as the 21 field tests it saves.)
 */

/** The definition of "needs cleaning"; needsCleaning() is the same test as a loop, for speed. */
export const NEEDS_WORK = /^\s|\s$|\s\s|[\t\r\n\u00a0]|[\u0300-\u036f]/u;

/** Trims, collapses runs of whitespace and composes accents (NFC); cheap when nothing needs doing. */
export function cleanText(value: unknown): string {
  if (value === undefined || value === null) return "";
  const s = typeof value === "string" ? value : String(value);
  if (s === "" || !needsCleaning(s)) return s;
  return s.normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * NEEDS_WORK.test(s) without the regex: a space at either end, two in a row, a tab, line break or
 * no-break space, or a combining accent. A row has 21 fields, nearly all clean: a loop over their
 * few characters costs a fraction of 21 regex calls.
 */
export function needsCleaning(s: string): boolean {
  let previousSpace = true; // so that a leading space counts as "two in a row"
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) previousSpace = false;
    else if (c === 0x20 || isOtherSpace(c)) {
      if (previousSpace || isAlwaysCleaned(c)) return true;
      previousSpace = true;
    } else if (c >= 0x300 && c <= 0x36f) return true;
    else previousSpace = false;
  }
  return previousSpace && s.length > 0; // a trailing space
}

/** Tab, line feed, carriage return and no-break space: cleaned wherever they are. */
function isAlwaysCleaned(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0;
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
