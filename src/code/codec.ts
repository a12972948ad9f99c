/**
 * The Vietnamese digital address code: 9 location symbols on a fixed grid over Vietnam's land and
 * sea (lat 5–25° N, lon 102–118° E, cells of 1/40 000° ≈ 2.77 m), one mod-23 check character, and
 * an optional unit suffix for several addresses in one cell. Canonical form: 10 (or 12–15) upper-case
 * symbols, no separators, e.g. "CQ6J9MTH3X"; display form "CQ6-J9M-TH3X" or "CQ6-J9M-TH3X/3FK".
 * docs/code-spec.md is the normative description; this file follows it step by step.
 *
 * Identity: an address is identified by its base code plus its unit number (null when the cell holds
 * one address). The base code comes from the surveyed point at assignment time and is never
 * recomputed when the point is corrected (see the stability policy in the spec).
 */
import { CHECK_MODULUS, CHECK_WEIGHT, checkState, checkValueFor } from "./check.js";
import { CodeError } from "./errors.js";
import { GridCodec, type GridParams, isSeparatorCode } from "./grid.js";
import { axisTables, offsetTables } from "./tables.js";

/**
 * The 23 symbols, in value order. No vowels (A E I O U, nor Y, a vowel in Vietnamese), so no
 * Vietnamese syllable and almost no word can be spelt; no 0/O, 1/I/L; no B, S, Z, D (look like
 * 8, 5, 2 and are confused with Đ / with each other when spoken).
 */
export const ALPHABET = "23456789CFGHJKMNPQRTVWX";
/** The first 20 symbols carry location and unit digits; V, W, X only ever appear as check characters. */
export const LOCATION_SYMBOLS = ALPHABET.slice(0, 20);
/** Location symbols in a base code, before its check character. */
export const LOCATION_LENGTH = 9;
/** Length of a base code (location + check). */
export const BASE_LENGTH = 10;
/** Unit suffix: 1–4 base-20 digits plus a check character. */
export const UNIT_MAX_DIGITS = 4;
/** Largest unit number (20^4 − 1); units start at 1. */
export const UNIT_MAX = 20 ** UNIT_MAX_DIGITS - 1;

const RADIX = LOCATION_SYMBOLS.length;

/** Grid levels alternate 5 rows × 4 columns and 4 rows × 5 columns, so odd levels have square cells. */
export const VN_GRID: GridParams = {
  name: "diachiso",
  south: 5,
  west: 102,
  north: 25,
  east: 118,
  levels: Array.from({ length: LOCATION_LENGTH }, (_, l) =>
    l % 2 === 0
      ? { rows: 5, cols: 4, symbols: LOCATION_SYMBOLS }
      : { rows: 4, cols: 5, symbols: LOCATION_SYMBOLS },
  ),
};

/** The grid codec behind the code (800 000 rows × 640 000 columns). */
export const grid = new GridCodec(VN_GRID);

/** Degrees per metre-ish: the meridian and parallel arc lengths of one degree (WGS 84 series). */
function metresPerDegree(latDeg: number): { lat: number; lon: number } {
  const p = (latDeg * Math.PI) / 180;
  return {
    lat: 111132.954 - 559.822 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p),
    lon: 111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p) + 0.118 * Math.cos(5 * p),
  };
}

/** Cell size: exact in degrees; in metres the worst case over the box (heights grow to the north, widths to the south). */
export const CELL = {
  heightDegrees: grid.cellHeight,
  widthDegrees: grid.cellWidth,
  maxHeightMetres: grid.cellHeight * metresPerDegree(VN_GRID.north).lat,
  maxWidthMetres: grid.cellWidth * metresPerDegree(VN_GRID.south).lon,
  minWidthMetres: grid.cellWidth * metresPerDegree(VN_GRID.north).lon,
} as const;

const INVALID = -1;
const SEPARATOR = -2;
/** Value of each ASCII char code in the alphabet (both cases), SEPARATOR or INVALID. */
const VALUE_OF = new Int8Array(128).fill(INVALID);
for (let ch = 0; ch < 128; ch++) if (isSeparatorCode(ch)) VALUE_OF[ch] = SEPARATOR;
for (let v = 0; v < ALPHABET.length; v++) {
  VALUE_OF[ALPHABET.charCodeAt(v)] = v;
  VALUE_OF[ALPHABET.toLowerCase().charCodeAt(v)] = v;
}
const CHAR_OF = Uint16Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** Look-alikes people type for symbols we left out, used only to word error messages. */
const LOOK_ALIKES: Record<string, string> = {
  "0": "Q",
  O: "Q",
  "1": "T",
  I: "T",
  L: "T",
  B: "8",
  S: "5",
  Z: "2",
  D: "P",
  A: "4",
  E: "F",
  Y: "V",
  U: "V",
};

/** The cell bounds and centre of a decoded code, degrees. */
export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** What `decode` returns. `code` is canonical (compact, upper case, unit suffix included). */
export interface DecodedCode {
  code: string;
  /** Unit number within the cell, or null for a bare base code. */
  unit: number | null;
  /** Centre of the cell. */
  lat: number;
  lon: number;
  bounds: Bounds;
}

const MAX_SYMBOLS = BASE_LENGTH + UNIT_MAX_DIGITS + 1;

/** A code read into symbol values. Made per call, so that no two readers ever share one. */
interface ReadCode {
  values: Int32Array;
  /** Symbols read (separators skipped). */
  count: number;
  /** The input already was the canonical string (compact, upper case, ASCII). */
  canonical: boolean;
}

/** Check weights of the base positions: 5^(9−i) mod 23, so a valid code has Σ vᵢ·Wᵢ ≡ 0. */
const WEIGHTS = Int32Array.from({ length: BASE_LENGTH }, (_, i) => {
  let w = 1;
  for (let k = 0; k < BASE_LENGTH - 1 - i; k++) w = (w * CHECK_WEIGHT) % CHECK_MODULUS;
  return w;
});
/** Check value for each residue of the location symbols' weighted sum. */
const CHECK_FOR_SUM = Int32Array.from(
  { length: CHECK_MODULUS },
  (_, s) => (CHECK_MODULUS - s) % CHECK_MODULUS,
);
const HEAD_LEVELS = 5;
const ROWS = axisTables(VN_GRID, "row", HEAD_LEVELS, WEIGHTS);
const COLS = axisTables(VN_GRID, "col", HEAD_LEVELS, WEIGHTS);
const { rowOffset: ROW_OFFSET, colOffset: COL_OFFSET } = offsetTables(VN_GRID, RADIX);
const LAST_ROW = grid.totalRows - 1;

/**
 * Encodes a point (WGS 84 degrees) to its canonical code, with the unit suffix when `unit` is given.
 * Throws CodeError "not-a-number" or "out-of-box" (outside lat 5–25, lon 102–118; the north and east
 * edges are inside and belong to the last cell) or "unit" for a unit outside 1..UNIT_MAX.
 * @example encode(21.028511, 105.852083) // "2TTPF3CNT8"; encode(21.028511, 105.852083, 27) // "2TTPF3CNT839F"
 */
export function encode(lat: number, lon: number, unit?: number | null): string {
  if (typeof lat !== "number" || typeof lon !== "number" || Number.isNaN(lat) || Number.isNaN(lon)) {
    throw new CodeError(
      "not-a-number",
      `Coordinates must be numbers, got ${lat}, ${lon}`,
      `Tọa độ phải là số, nhận được ${lat}, ${lon}`,
    );
  }
  // The same cells GridCodec.cellsOf computes, by table lookups instead of nine divisions (tables.ts).
  const r = LAST_ROW - grid.rowOf(lat);
  const c = grid.colOf(lon);
  const rh = (r / ROWS.tailSpan) | 0;
  const rt = r - rh * ROWS.tailSpan;
  const ch = (c / COLS.tailSpan) | 0;
  const ct = c - ch * COLS.tailSpan;
  const head = ROWS.head[rh] + COLS.head[ch];
  const tail = ROWS.tail[rt] + COLS.tail[ct];
  const sum = ROWS.headSum[rh] + COLS.headSum[ch] + ROWS.tailSum[rt] + COLS.tailSum[ct];
  const base = String.fromCharCode(
    CHAR_OF[head & 31],
    CHAR_OF[(head >> 5) & 31],
    CHAR_OF[(head >> 10) & 31],
    CHAR_OF[(head >> 15) & 31],
    CHAR_OF[(head >> 20) & 31],
    CHAR_OF[tail & 31],
    CHAR_OF[(tail >> 5) & 31],
    CHAR_OF[(tail >> 10) & 31],
    CHAR_OF[(tail >> 15) & 31],
    CHAR_OF[CHECK_FOR_SUM[sum % CHECK_MODULUS]],
  );
  return unit === undefined || unit === null ? base : base + unitSuffix(unit);
}

/** The suffix for unit `unit` (1..UNIT_MAX): its base-20 digits and their own check character. */
export function unitSuffix(unit: number): string {
  if (!Number.isInteger(unit) || unit < 1 || unit > UNIT_MAX) {
    throw new CodeError(
      "unit",
      `Unit must be an integer from 1 to ${UNIT_MAX}, got ${unit}`,
      `Số đơn vị phải là số nguyên từ 1 đến ${UNIT_MAX}, nhận được ${unit}`,
    );
  }
  const digits: number[] = [];
  for (let u = unit; u > 0; u = Math.floor(u / RADIX)) digits.unshift(u % RADIX);
  digits.push(checkValueFor(checkState(digits, 0, digits.length)));
  return String.fromCharCode(...digits.map((v) => CHAR_OF[v]));
}

/**
 * Reads `code` into symbol values (case-insensitive, separators skipped) and checks its structure
 * and check characters. Throws CodeError naming the first fault.
 */
function readCode(code: string): ReadCode {
  const values = new Int32Array(MAX_SYMBOLS);
  if (code.length === BASE_LENGTH && isCanonicalBase(code, values)) return { values, count: BASE_LENGTH, canonical: true };
  let n = 0;
  let canonical = true;
  let sum = 0; // weighted check sum of the base code, accumulated on the way (hot path)
  let checkOnlyAt = -1; // first location or unit digit holding V, W or X
  for (let i = 0; i < code.length; i++) {
    const ch = code.charCodeAt(i);
    const v = ch < 128 ? VALUE_OF[ch] : isSeparatorCode(ch) ? SEPARATOR : INVALID;
    if (v === SEPARATOR) {
      canonical = false;
      continue;
    }
    if (v === INVALID) {
      // Full-width letters and digits (typed with some Asian input methods) fold to ASCII.
      const folded = ch >= 128 ? code.normalize("NFKC") : code;
      if (folded !== code) return { ...readCode(folded), canonical: false };
      throw badSymbol(code, i, n + 1);
    }
    if (ch >= 97) canonical = false;
    if (n < BASE_LENGTH) sum += v * WEIGHTS[n];
    if (v >= RADIX && checkOnlyAt < 0 && n !== LOCATION_LENGTH) checkOnlyAt = n;
    if (n < values.length) values[n] = v;
    n++;
  }
  if (n === 0) throw new CodeError("empty", "The code is empty", "Mã trống");
  if (n < BASE_LENGTH || n === BASE_LENGTH + 1 || n > BASE_LENGTH + UNIT_MAX_DIGITS + 1) {
    throw new CodeError(
      "length",
      `Code "${code}" has ${n} symbols; a code has ${BASE_LENGTH}, or ${BASE_LENGTH + 2}–${BASE_LENGTH + UNIT_MAX_DIGITS + 1} with a unit suffix`,
      `Mã "${code}" có ${n} ký tự; mã có ${BASE_LENGTH} ký tự, hoặc ${BASE_LENGTH + 2}–${BASE_LENGTH + UNIT_MAX_DIGITS + 1} khi có số đơn vị`,
    );
  }
  // V, W, X are legal only as the base check (position 10) and as the last symbol (unit check).
  if (checkOnlyAt >= 0 && checkOnlyAt !== n - 1) {
    const i = checkOnlyAt;
    throw new CodeError(
      "character",
      `Code "${code}": "${ALPHABET[values[i]]}" (symbol ${i + 1}) can only be a check character`,
      `Mã "${code}": "${ALPHABET[values[i]]}" (vị trí ${i + 1}) chỉ dùng làm ký tự kiểm tra`,
      { position: i + 1 },
    );
  }
  if (sum % CHECK_MODULUS !== 0) {
    throw new CodeError(
      "check",
      `Code "${code}" fails its check character: a symbol is wrong or two are swapped`,
      `Mã "${code}" sai ký tự kiểm tra: có ký tự bị sai hoặc bị đảo chỗ`,
    );
  }
  if (n > BASE_LENGTH) {
    if (values[BASE_LENGTH] === 0) {
      throw new CodeError(
        "unit",
        `Code "${code}": a unit number cannot start with "${ALPHABET[0]}"`,
        `Mã "${code}": số đơn vị không được bắt đầu bằng "${ALPHABET[0]}"`,
        { position: BASE_LENGTH + 1 },
      );
    }
    if (checkState(values, BASE_LENGTH, n) !== 0) {
      throw new CodeError(
        "unit-check",
        `Code "${code}": the unit suffix fails its check character`,
        `Mã "${code}": phần số đơn vị sai ký tự kiểm tra`,
      );
    }
  }
  return { values, count: n, canonical };
}

/** Fast path for the common case, a canonical base code: fills `values` and returns true if valid. */
function isCanonicalBase(code: string, values: Int32Array): boolean {
  let sum = 0;
  for (let i = 0; i < BASE_LENGTH; i++) {
    const ch = code.charCodeAt(i);
    const v = ch < 97 ? VALUE_OF[ch] : INVALID; // upper case only: lower case takes the general path
    if (v < 0 || (v >= RADIX && i !== LOCATION_LENGTH)) return false;
    values[i] = v;
    sum += v * WEIGHTS[i];
  }
  return sum % CHECK_MODULUS === 0;
}

function badSymbol(code: string, index: number, symbolNo: number): CodeError {
  const ch = String.fromCodePoint(code.codePointAt(index) ?? 63);
  const hint = LOOK_ALIKES[ch.toUpperCase()];
  const why = `codes use only ${ALPHABET} (no vowels, no 0 O 1 I L B S Z D)`;
  return new CodeError(
    "character",
    `Code "${code}": "${ch}" (symbol ${symbolNo}) is not a code symbol; ${why}${hint ? `; did you mean "${hint}"?` : ""}`,
    `Mã "${code}": "${ch}" (vị trí ${symbolNo}) không phải ký tự của mã${hint ? `; có phải "${hint}"?` : ""}`,
    { position: symbolNo },
  );
}

function unitOf({ values, count }: ReadCode): number | null {
  if (count === BASE_LENGTH) return null;
  let u = 0;
  for (let i = BASE_LENGTH; i < count - 1; i++) u = u * RADIX + values[i];
  return u;
}

function canonicalOf(code: string, { values, count, canonical }: ReadCode): string {
  if (canonical) return code;
  let s = "";
  for (let i = 0; i < count; i++) s += ALPHABET[values[i]];
  return s;
}

/**
 * Decodes a code (any case; spaces, hyphens, slashes and dots ignored) to its cell. Works offline
 * from the code alone. Throws CodeError with reason empty, length, character, check, unit or unit-check.
 */
export function decode(code: string): DecodedCode {
  const read = readCode(code);
  const { values } = read;
  // The same cell GridCodec.boundsOfIndices computes, with offset tables instead of divisions.
  let rFromNorth = 0;
  let c = 0;
  for (let l = 0; l < LOCATION_LENGTH; l++) {
    const k = l * RADIX + values[l];
    rFromNorth += ROW_OFFSET[k];
    c += COL_OFFSET[k];
  }
  const r = LAST_ROW - rFromNorth;
  return {
    code: canonicalOf(code, read),
    unit: unitOf(read),
    lat: VN_GRID.south + (r + 0.5) * grid.cellHeight,
    lon: VN_GRID.west + (c + 0.5) * grid.cellWidth,
    bounds: {
      south: grid.rowEdge(r),
      west: grid.colEdge(c),
      north: grid.rowEdge(r + 1),
      east: grid.colEdge(c + 1),
    },
  };
}

/** Result of `validate`: either the canonical code and its parts, or why it is invalid. */
export type Validation =
  | { valid: true; code: string; base: string; unit: number | null }
  | { valid: false; reason: CodeError["reason"]; message: string; position?: number };

/** Checks a code without throwing. */
export function validate(code: string): Validation {
  try {
    const read = readCode(code);
    const canonical = canonicalOf(code, read);
    return { valid: true, code: canonical, base: canonical.slice(0, BASE_LENGTH), unit: unitOf(read) };
  } catch (error) {
    if (!(error instanceof CodeError)) throw error;
    const result: Validation = { valid: false, reason: error.reason, message: error.message };
    if (error.position !== undefined) result.position = error.position;
    return result;
  }
}

/** True when `code` is a valid code (base, or base + unit suffix). */
export function isValid(code: string): boolean {
  return validate(code).valid;
}

/**
 * Text normalisation only: Unicode compatibility folding (full-width letters), upper case, and
 * removal of spaces, hyphens, slashes and dots. Does not validate.
 */
export function normalise(code: string): string {
  let s = "";
  for (const ch of code.normalize("NFKC").toUpperCase()) {
    if (!isSeparatorCode(ch.charCodeAt(0))) s += ch;
  }
  return s;
}

/** The display form of a valid code: `XXX-XXX-XXXX`, then `/` and the unit suffix if any. */
export function formatCode(code: string): string {
  const read = readCode(code);
  const c = canonicalOf(code, read);
  const base = `${c.slice(0, 3)}-${c.slice(3, 6)}-${c.slice(6, BASE_LENGTH)}`;
  return read.count === BASE_LENGTH ? base : `${base}/${c.slice(BASE_LENGTH)}`;
}

/**
 * Attaches unit `unit` to a base code (the address store allocates unit numbers per cell).
 * An address is uniquely identified by base code + unit; this returns that identifier, canonical.
 */
export function withUnit(baseCode: string, unit: number): string {
  const { base } = splitUnit(baseCode);
  return base + unitSuffix(unit);
}

/** Splits a valid code into its canonical base code and unit number (null when there is none). */
export function splitUnit(code: string): { base: string; unit: number | null } {
  const read = readCode(code);
  return { base: canonicalOf(code, read).slice(0, BASE_LENGTH), unit: unitOf(read) };
}

/** Internal to the code capability: symbol values of a canonical string, for `suggest`. */
export function isValidValues(v: ArrayLike<number>, n: number): boolean {
  if (n < BASE_LENGTH || n === BASE_LENGTH + 1 || n > BASE_LENGTH + UNIT_MAX_DIGITS + 1) return false;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (x < 0 || x >= CHECK_MODULUS) return false;
    if (x >= RADIX && i !== LOCATION_LENGTH && i !== n - 1) return false;
  }
  let r = 0;
  for (let i = 0; i < BASE_LENGTH; i++) r = (r * CHECK_WEIGHT + v[i]) % CHECK_MODULUS;
  if (r !== 0) return false;
  if (n === BASE_LENGTH) return true;
  if (v[BASE_LENGTH] === 0) return false;
  r = 0;
  for (let i = BASE_LENGTH; i < n; i++) r = (r * CHECK_WEIGHT + v[i]) % CHECK_MODULUS;
  return r === 0;
}

/** Symbol value of one character (either case), or -1. */
export function symbolValue(ch: string): number {
  const c = ch.charCodeAt(0);
  const v = c < 128 ? VALUE_OF[c] : INVALID;
  return v >= 0 ? v : -1;
}
