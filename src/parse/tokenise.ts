/**
 * Stages 1 and 2: normalise the text (NFC, one kind of space and dash) and cut it into tokens,
 * each carrying its written form, its folded form (see text/fold.ts) and the comma-separated
 * segment it belongs to. Slash house numbers ("12/3A", "K12/5") and digit ranges ("12-14") stay
 * whole; abbreviation dots and hyphens ("P.5", "Ng-T-Minh Khai") separate tokens but are
 * remembered, and glued type abbreviations ("Q1", "P.12", "F5") are split into type + number.
 */
import { fold } from "../text/fold.js";
import { nameTokenKey, type TypePhrase, typePhrasesFrom } from "../units/name-analysis.js";
import type { SpellingNode, UnitNameIndex } from "../units/name-index.js";

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
  /** The name key (units/name-analysis.ts nameTokenKey): numbers unpadded, a final lone "y" spelled "i". */
  readonly key: string;
  /** Holds a digit. */
  readonly digit: boolean;
  /** Type phrases starting with this word, longest first (undefined: none). */
  readonly phrases: readonly TypePhrase[] | undefined;
  /** The key's id in the word trie of the tokeniser's name index, or -1 (no name holds it, or no index). */
  readonly nameId: number;
  /** The trie node of the names starting with this word, or undefined. */
  readonly nameRoot: SpellingNode | undefined;
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

/** Slots of a parser's table of written words, and of the table `tokenise` uses for one text. */
const BATCH_SLOTS = 1 << 15;
const ONE_TEXT_SLOTS = 1 << 7;
/** Bound on the folded words each tokeniser remembers. */
const CACHE_LIMIT = 100_000;

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
  /** Its hash, as Tokeniser.readWritten computes it. */
  hash: number;
  kind: Read;
  words: Word[];
  /** A glued word: its two written pieces ("Q", "1"). */
  pieces: string[];
}

/**
 * Splits normalised text into tokens (see module comment). Remembers nothing between calls: a
 * parser keeps a `Tokeniser`, which reads each distinct word once.
 */
export function tokenise(text: string): Token[] {
  return new Tokeniser(null, ONE_TEXT_SLOTS).tokenise(text);
}

/**
 * Cuts texts into tokens. Addresses repeat a few thousand syllables, so each instance reads each
 * distinct written word (and each distinct folded word) once and remembers it, up to a bound (a
 * file of random strings cannot grow it without limit). One per parser: nothing is shared
 * between instances, and `tokenise` finishes before anything else can run on the instance.
 */
export class Tokeniser {
  /**
   * The written words read so far, by a hash of their characters: an open-addressing table, not a
   * Map, because a Map needs the word as a string to look it up, and cutting that string out of
   * the text (a slice, then hashing it) for every token cost the parser several per cent end to
   * end (docs/benchmarks.md, "Issue 12"). Probing hashes the characters in place; a known word
   * costs no allocation. Kept small (it is probed for every token, so it should stay in the
   * processor's caches) and emptied when half full.
   */
  private writtenSlots: (RawReading | undefined)[];
  private writtenCount = 0;
  private readonly words = new Map<string, Word>();

  /**
   * @param names the name index whose word ids the words carry (null: none, ids are -1)
   * @param slots size of the table of written words, a power of two (default BATCH_SLOTS, for a batch)
   */
  constructor(
    private readonly names: UnitNameIndex | null,
    private readonly slots = BATCH_SLOTS,
  ) {
    if (!(slots > 0 && (slots & (slots - 1)) === 0))
      throw new Error(`Tokeniser: slots must be a power of two, got ${slots}`);
    this.writtenSlots = new Array(slots).fill(undefined);
  }

  /** Splits normalised text into tokens (see module comment). */
  tokenise(text: string): Token[] {
    const tokens: Token[] = [];
    const n = text.length;
    let seg = 0;
    let start = -1;
    let dash = false; // the pending segment break is a spaced dash
    const flush = (end: number, abbrev: boolean) => {
      if (start < 0) return;
      const read = this.readWritten(text, start, end);
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

  /** How text[start, end) tokenises (see RawReading), remembered or read now. */
  private readWritten(text: string, start: number, end: number): RawReading {
    let hash = end - start;
    for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(k)) | 0;
    const mask = this.slots - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.writtenSlots[slot];
      if (entry === undefined) break;
      if (entry.hash === hash && sameText(entry.raw, text, start, end)) return entry;
      slot = (slot + 1) & mask;
    }
    const read = this.computeRead(text.slice(start, end), hash);
    if (this.writtenCount >= this.slots >> 1) {
      this.writtenSlots = new Array(this.slots).fill(undefined);
      this.writtenCount = 0;
      slot = hash & mask;
    }
    this.writtenSlots[slot] = read;
    this.writtenCount++;
    return read;
  }

  private computeRead(raw: string, hash: number): RawReading {
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
        words: [this.wordOf(glued[1]), this.wordOf(glued[2])],
        pieces: [raw.slice(0, cut), raw.slice(cut)],
      };
    }
    if (f.includes(" "))
      return { raw, hash, kind: Read.Pieces, words: f.split(" ").map((w) => this.wordOf(w)), pieces: [] };
    return { raw, hash, kind: Read.Word, words: [this.wordOf(f)], pieces: [] };
  }

  /** The record of a folded word, shared by every token that folds to it. */
  private wordOf(f: string): Word {
    let w = this.words.get(f);
    if (w === undefined) {
      const c = f.charCodeAt(0);
      // Only a leading zero or a final "y" can change the key: skip the regexes otherwise.
      const key = c === 48 || f.charCodeAt(f.length - 1) === 121 ? nameTokenKey(f) : f;
      const nameId = this.names?.wordId(key) ?? -1;
      w = {
        f,
        key,
        digit: /\d/.test(f),
        phrases: typePhrasesFrom(f),
        nameId,
        nameRoot: this.names?.root(nameId),
      };
      if (this.words.size >= CACHE_LIMIT) this.words.clear();
      this.words.set(f, w);
    }
    return w;
  }
}

function sameText(raw: string, text: string, start: number, end: number): boolean {
  if (raw.length !== end - start) return false;
  for (let k = 0; k < raw.length; k++) if (raw.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
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
