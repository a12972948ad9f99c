/**
 * Stages 1 and 2: normalise the text (NFC, one kind of space and dash) and cut it into tokens,
 * each carrying its written form, its folded form (see text/fold.ts) and the comma-separated
 * segment it belongs to. Slash house numbers ("12/3A", "K12/5") and digit ranges ("12-14") stay
 * whole; abbreviation dots and hyphens ("P.5", "Ng-T-Minh Khai") separate tokens but are
 * remembered, and glued type abbreviations ("Q1", "P.12", "F5") are split into type + number.
 */
import { fold } from "../text/fold.js";

export interface Token {
  /** The token as written (NFC), e.g. "Đa", "12/3A". */
  raw: string;
  /** Folded form: no diacritics, lower case ("da", "12/3a"). */
  f: string;
  /** Index of the comma/semicolon/parenthesis-separated segment. */
  seg: number;
  /** Written directly before a dot or hyphen and another word ("Ng." in "Ng.T.Minh"). */
  abbrev: boolean;
  /** The segment break before this token was a spaced dash: a unit name may run across it
   * ("Phường Phương Liên - Trung Tự"). */
  dash: boolean;
}

/** Unicode normalisation and space clean-up, so NFC and NFD input read alike. */
export function normalise(text: string): string {
  // Composing is the costly part: only text with combining marks (NFD input) needs it.
  const composed = COMBINING.test(text) ? text.normalize("NFC") : text;
  return ODD_SPACES.test(composed) ? composed.replace(ODD_SPACES_ALL, " ") : composed;
}

const COMBINING = /[\u0300-\u036f]/;
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
  if (code === 44 || code === 59 || code === 124 || code === 40 || code === 41 || code === 10)
    return Kind.Hard;
  if (code === 47 || code === 45) return Kind.Keep;
  if (code < 0xc0) return Kind.Soft;
  if (code >= 0x2000 && code <= 0x206f) return code === 0x2013 || code === 0x2014 ? Kind.Keep : Kind.Soft;
  return Kind.Word;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

// "q1", "p12", "f5", "tp2", "tx3" written without a space: type abbreviation + number;
// "ql1a", "tl10": highway + number; "144xuan": house number glued to the street's first word.
const GLUED_NUMBER = /^(tp|tx|tt|ph|q|p|f|x)(\d{1,2})$/;
const GLUED_ROAD = /^(ql|tl|dt)(\d+[a-z]?)$/;
const GLUED_WORD = /^(\d+)([a-z]{3,})$/;

/** Splits normalised text into tokens (see module comment). */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let seg = 0;
  let start = -1;
  let dash = false; // the pending segment break is a spaced dash
  const flush = (end: number, abbrev: boolean) => {
    if (start < 0) return;
    const raw = text.slice(start, end);
    start = -1;
    // fold() would turn the "/" of "12/3A" into a space: fold the pieces between the joiners.
    const f = foldWord(raw);
    if (f === "") return;
    const joined = dash && (tokens.length === 0 || tokens[tokens.length - 1].seg !== seg);
    const glued = mixesLettersAndDigits(f)
      ? (GLUED_NUMBER.exec(f) ?? GLUED_ROAD.exec(f) ?? GLUED_WORD.exec(f))
      : null;
    if (glued && raw.length === f.length) {
      const cut = glued[1].length;
      tokens.push({ raw: raw.slice(0, cut), f: glued[1], seg, abbrev: true, dash: joined });
      tokens.push({ raw: raw.slice(cut), f: glued[2], seg, abbrev, dash: false });
      return;
    }
    // fold() turns rare symbols into spaces: keep the pieces as separate tokens.
    if (f.includes(" ")) {
      for (const piece of f.split(" "))
        tokens.push({ raw: piece, f: piece, seg, abbrev: false, dash: false });
      return;
    }
    tokens.push({ raw, f, seg, abbrev, dash: joined });
  };
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    let kind = kindOf(code);
    if (kind === Kind.Keep) {
      const before = i > 0 ? text.charCodeAt(i - 1) : 32;
      const after = i + 1 < n ? text.charCodeAt(i + 1) : 32;
      const slash = code === 47;
      // "/" joins any two word characters; "-" only two digits (12-14). A spaced dash splits segments.
      if (start >= 0 && kindOf(after) === Kind.Word && (slash || (isDigit(before) && isDigit(after))))
        continue;
      kind = !slash && (before === 32 || after === 32) ? Kind.Hard : Kind.Soft;
    }
    if (kind === Kind.Word) {
      if (start < 0) start = i;
      continue;
    }
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
    // A dot, or a hyphen glued to the next word, marks an abbreviation ("Ng.T.Minh", "Ng-T-Minh").
    const abbrev = code === 46 || (code === 45 && kindOf(next) === Kind.Word);
    flush(i, abbrev);
    if (kind === Kind.Hard) {
      const isDash = code === 45 || code === 0x2013 || code === 0x2014;
      if (tokens.length > 0 && tokens[tokens.length - 1].seg === seg) {
        seg++;
        dash = isDash;
      } else if (!isDash) dash = false; // ", -": a comma among the separators is a real break
    }
  }
  flush(n, false);
  return tokens;
}

// Addresses repeat a few thousand syllables: folding each distinct word once saves most of the
// work in batch runs. Bounded, so a file of random strings cannot grow it without limit.
const FOLD_CACHE = new Map<string, string>();
const FOLD_CACHE_LIMIT = 100_000;

function foldWord(raw: string): string {
  let f = FOLD_CACHE.get(raw);
  if (f === undefined) {
    f = raw.includes("/") || raw.includes("-") || raw.includes("\u2013") ? foldJoined(raw) : fold(raw);
    if (FOLD_CACHE.size >= FOLD_CACHE_LIMIT) FOLD_CACHE.clear();
    FOLD_CACHE.set(raw, f);
  }
  return f;
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

function foldJoined(raw: string): string {
  return raw.replace(/\u2013|\u2014/g, "-").replace(/[^/-]+/g, (piece) => fold(piece));
}
