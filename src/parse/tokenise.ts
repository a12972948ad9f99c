/**
 * Stages 1 and 2: normalise the text (NFC, one kind of space and dash) and cut it into tokens,
 * each carrying its written form, its folded form (see text/fold.ts) and the comma-separated
 * segment it belongs to. Slash house numbers ("12/3A", "K12/5") and digit ranges ("12-14") stay
 * whole; abbreviation dots and hyphens ("P.5", "Ng-T-Minh Khai") separate tokens but are
 * remembered, and glued type abbreviations ("Q1", "P.12", "F5") are split into type + number.
 */
import { fold } from "../text/fold.js";
import { nameTokenKey, type TypePhrase } from "../units/name-analysis.js";
import type { TrieNode } from "./unit-index.js";

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
  /** The name-index key (units/unit-query.ts): numbers unpadded, a final lone "y" spelled "i". */
  readonly key: string;
  /** Holds a digit. */
  readonly digit: boolean;
  /** Type phrases starting with this word (mentions.ts fills it on first use; undefined: none). */
  phrases: readonly TypePhrase[] | undefined | null;
  /** The unit index `id` belongs to (mentions.ts fills both on first use). */
  owner: object | null;
  /** The word's id in `owner`'s name trie, or -1 when no unit name holds it. */
  id: number;
  /** The node of `owner`'s name trie for names starting with this word, or undefined. */
  root: TrieNode | undefined;
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
    const read = readRaw(text, start, end);
    start = -1;
    if (read.kind === Read.Empty) return;
    const joined = dash && (tokens.length === 0 || tokens[tokens.length - 1].seg !== seg);
    if (read.kind === Read.Glued) {
      const [head, tail] = read.words;
      tokens.push({ raw: read.pieces[0], f: head.f, seg, abbrev: true, dash: joined, w: head });
      tokens.push({ raw: read.pieces[1], f: tail.f, seg, abbrev, dash: false, w: tail });
      return;
    }
    if (read.kind === Read.Pieces) {
      for (const w of read.words) tokens.push({ raw: w.f, f: w.f, seg, abbrev: false, dash: false, w });
      return;
    }
    const w = read.words[0];
    tokens.push({ raw: read.raw, f: w.f, seg, abbrev, dash: joined, w });
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

enum Read {
  Empty = 0,
  Word = 1,
  /** A type abbreviation or house number glued to what follows ("q1", "144xuan"): two words. */
  Glued = 2,
  /** fold() turned rare symbols into spaces: the pieces are separate words. */
  Pieces = 3,
}

/** How a written word tokenises, the same wherever it stands. */
interface RawReading {
  /** The written word. */
  raw: string;
  /** Its hash (see readRaw). */
  hash: number;
  kind: Read;
  words: Word[];
  /** A glued word: its two written pieces ("Q", "1"). */
  pieces: string[];
}

// Addresses repeat a few thousand syllables: reading each distinct written word (and each
// distinct folded word) once saves most of the work in batch runs. Written words are found by a
// hash of the characters in place, so a known word costs no slice and no string hashing. Both
// caches are bounded, so a file of random strings cannot grow them without limit.
const CACHE_LIMIT = 100_000;
// The written-word table is kept small (it is probed for every token, so it should stay in the
// processor's caches): a power of two, at most half full before it is emptied.
const RAW_SLOTS = 1 << 15;
const RAW_LIMIT = RAW_SLOTS >> 1;
let rawEntries: (RawReading | undefined)[] = new Array(RAW_SLOTS).fill(undefined);
let rawCount = 0;
const WORDS = new Map<string, Word>();

/** How text[start, end) tokenises (see RawReading), from the cache or computed once. */
function readRaw(text: string, start: number, end: number): RawReading {
  let hash = end - start;
  for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(k)) | 0;
  let slot = hash & (RAW_SLOTS - 1);
  for (;;) {
    const entry = rawEntries[slot];
    if (entry === undefined) break;
    if (entry.hash === hash && sameText(entry.raw, text, start, end)) return entry;
    slot = (slot + 1) & (RAW_SLOTS - 1);
  }
  const read = computeRead(text.slice(start, end), hash);
  if (rawCount >= RAW_LIMIT) {
    rawEntries = new Array(RAW_SLOTS).fill(undefined);
    rawCount = 0;
    slot = hash & (RAW_SLOTS - 1);
  }
  rawEntries[slot] = read;
  rawCount++;
  return read;
}

function sameText(raw: string, text: string, start: number, end: number): boolean {
  if (raw.length !== end - start) return false;
  for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

function computeRead(raw: string, hash: number): RawReading {
  // fold() would turn the "/" of "12/3A" into a space: fold the pieces between the joiners.
  const f = raw.includes("/") || raw.includes("-") || raw.includes("\u2013") ? foldJoined(raw) : fold(raw);
  if (f === "") return { raw, hash, kind: Read.Empty, words: [], pieces: [] };
  const glued = mixesLettersAndDigits(f)
    ? (GLUED_NUMBER.exec(f) ?? GLUED_ROAD.exec(f) ?? GLUED_WORD.exec(f))
    : null;
  if (glued && raw.length === f.length) {
    const cut = glued[1].length;
    return {
      raw,
      hash,
      kind: Read.Glued,
      words: [wordOf(glued[1]), wordOf(glued[2])],
      pieces: [raw.slice(0, cut), raw.slice(cut)],
    };
  }
  if (f.includes(" ")) return { raw, hash, kind: Read.Pieces, words: f.split(" ").map(wordOf), pieces: [] };
  return { raw, hash, kind: Read.Word, words: [wordOf(f)], pieces: [] };
}

/** The shared record of a folded word. */
export function wordOf(f: string): Word {
  let w = WORDS.get(f);
  if (w === undefined) {
    const c = f.charCodeAt(0);
    // Only a leading zero or a final "y" can change the key: skip the regexes otherwise.
    const key = c === 48 || f.charCodeAt(f.length - 1) === 121 ? nameTokenKey(f) : f;
    w = { f, key, digit: /\d/.test(f), phrases: null, owner: null, id: -1, root: undefined };
    if (WORDS.size >= CACHE_LIMIT) WORDS.clear();
    WORDS.set(f, w);
  }
  return w;
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
