/**
 * Vietnamese house numbers. The forms met in surveys, each normalised to one spelling:
 *
 * | written            | normalised  | form     | meaning                                             |
 * |--------------------|-------------|----------|-----------------------------------------------------|
 * | `12`, `số 12`      | `12`        | plain    |                                                     |
 * | `12a`, `12 A`      | `12A`       | letter   | a house split off number 12                         |
 * | `12/3A`, `12 / 3a` | `12/3A`     | slash    | house 3A in the alley beside number 12 (south)      |
 * | `284D bis`         | `284D Bis`  | bis      | a second 284D (French "bis")                        |
 * | `K12/5`, `k 12/5`  | `K12/5`     | prefixed | kiệt 12, house 5 (Đà Nẵng, Huế); also `LK12-05`      |
 * | `12-14`            | `12-14`     | range    | one building over numbers 12 to 14                  |
 * | `lô A1-05`         | `Lô A1-05`  | lot      | a lot in a planned area before numbering            |
 */
import { ValidationError } from "./errors.js";

export type HouseNumberForm = "plain" | "letter" | "slash" | "bis" | "prefixed" | "range" | "lot";

export interface HouseNumber {
  normalised: string;
  form: HouseNumberForm;
  /** The first integer, for sorting along a street ("12/3A" → 12); null for lots without digits. */
  number: number | null;
}

/** The longest text taken for a house number ("số nhà 135/17/4B/12/3/1 Bis" has 27 characters). */
const LONGEST_WRITTEN = 64;
const SEGMENT = "\\d{1,5}[A-Z]{0,2}";
const NUMBERED = new RegExp(`^([A-Z]{1,3})?(${SEGMENT})((?:/${SEGMENT}){0,5})(?:-(${SEGMENT}))?( Bis)?$`);
const LOT = /^LÔ ?([A-Z0-9]+(?:[-.][A-Z0-9]+)*)$/;

/**
 * Parses a house number in any of the forms above, or returns null when it is none of them.
 * `field` names the place in error messages of `normaliseHouseNumber`.
 */
export function parseHouseNumber(written: string): HouseNumber | null {
  // Far longer than any house number, and the regexes below keep backtracking state per character:
  // on a text of megabytes their stack overflows.
  if (written.length > LONGEST_WRITTEN) return null;
  // Most surveyed numbers are plain digits ("12") or digits and slashes ("12/3"), which every step
  // below leaves as they are.
  const simple = digitsAndSlashes(written);
  if (simple) return simple.form === "slash" && spreadsheetDate(simple.normalised) ? null : simple;
  let s = written.normalize("NFC").trim().replace(/\s+/g, " ");
  s = s.replace(/^(số nhà|số|sn|no\.?)\s*/i, "");
  s = s.replace(/\s*([/-])\s*/g, "$1");
  s = s.replace(/\s*bis$/i, " Bis");
  // "Lô", "lo" (typed without the accent) followed by a space or straight by the lot's name.
  const lotWord = /^l[oô](\s+|(?=[0-9a-z]))/iu;
  const lot = lotWord.test(s) ? `LÔ ${s.replace(lotWord, "")}`.toUpperCase() : null;
  if (lot) {
    const m = LOT.exec(lot);
    if (!m) return null;
    const digits = /\d+/.exec(m[1]);
    return { normalised: `Lô ${m[1]}`, form: "lot", number: digits ? Number(digits[0]) : null };
  }
  // "12 A" → "12A", "K 12/5" → "K12/5": the space carries no meaning; "Bis" keeps its own.
  const bis = s.endsWith(" Bis");
  let core = (bis ? s.slice(0, -4) : s).toUpperCase();
  core = core.replace(/(\d) ([A-Z]{1,2})\b/g, "$1$2").replace(/^([A-Z]{1,3}) (\d)/, "$1$2");
  const m = NUMBERED.exec(core + (bis ? " Bis" : ""));
  if (!m) return null;
  const [, prefix, first, slashes, rangeEnd] = m;
  const number = Number(/^\d+/.exec(first)![0]);
  let form: HouseNumberForm = "plain";
  if (bis) form = "bis";
  else if (prefix) form = "prefixed";
  else if (rangeEnd) form = "range";
  else if (slashes) form = "slash";
  else if (/[A-Z]$/.test(first)) form = "letter";
  if (form === "slash" && spreadsheetDate(core)) return null;
  return { normalised: core + (bis ? " Bis" : ""), form, number };
}

/**
 * The plain ("12") and slash ("12/3", "1/60/12") forms written exactly as normalised: runs of 1 to 5
 * ASCII digits, at most six, joined by single "/". Null for anything else.
 */
function digitsAndSlashes(s: string): HouseNumber | null {
  let runs = 1;
  let run = 0;
  let firstEnd = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run > 5) return null;
    } else if (c === 47 && run > 0 && runs < 6) {
      if (firstEnd < 0) firstEnd = i;
      runs++;
      run = 0;
    } else return null;
  }
  if (run === 0) return null;
  if (firstEnd < 0) return { normalised: s, form: "plain", number: Number(s) };
  return { normalised: s, form: "slash", number: Number(s.slice(0, firstEnd)) };
}

/**
 * A number a spreadsheet turned into a date and exported so ("12/3" typed, "3/12/2023" or
 * "12/03/2024" written out): day and month, then a year of 1900–2099. No alley chain has a house
 * 1900 or more deep, so it is refused rather than stored as a house number nobody wrote.
 */
function spreadsheetDate(slashed: string): boolean {
  const m = /^(\d{1,2})\/(\d{1,2})\/((?:19|20)\d\d)$/.exec(slashed);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a >= 1 && b >= 1 && a <= 31 && b <= 31 && Math.min(a, b) <= 12;
}

/** Normalised spelling, or ValidationError naming `field` and the value. */
export function normaliseHouseNumber(written: string, field = "houseNumber"): string {
  const parsed = parseHouseNumber(written);
  if (!parsed) {
    throw new ValidationError(
      field,
      written,
      "not a house number (forms: 12, 12A, 12/3A, 284D Bis, K12/5, 12-14, Lô A1-05)",
      "số nhà không hợp lệ (dạng: 12, 12A, 12/3A, 284D Bis, K12/5, 12-14, Lô A1-05)",
    );
  }
  return parsed.normalised;
}
