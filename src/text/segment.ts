/**
 * Cutting words people glued together, and mending syllables a copy split, by the shape of the
 * Vietnamese syllable (text/syllable.ts) rather than by a list of answers:
 * - `splitCapitals`: joins marked only by a capital letter ("QuậnHaiBàTrưng", "HàNội") and a
 *   capital abbreviation glued to a name ("XPhú", "TPHồ"), cut where the capitals say;
 * - `splitLettersAndDigits`: "sốnhà5ngõ3phường" cut at every change between letters and digits;
 * - `segmentSyllables`: a run of letters with no spaces at all ("phườngbạchmai",
 *   "haibatrung") cut into the fewest syllables, the caller's judge deciding among the cuts
 *   that tie (a unit-name index knows "hai ba trung" and not "hai bat rung").
 * Each works on the written text and returns written pieces, diacritics kept.
 */
import { fold } from "./fold.js";
import { isFoldedSyllable, isVietnameseSyllable } from "./syllable.js";

/** What a caller knows about words, to choose among cuts with as many syllables. */
export interface SegmentJudge {
  /** Two folded syllables the caller knows together ("hai" "ba" of a unit name, "so" "nha"). */
  linked(first: string, second: string): boolean;
  /** A folded syllable that marks an address on its own (a type or part keyword: "phuong", "ngo"). */
  known(word: string): boolean;
  /** A folded syllable some name holds ("vinh", "tho"). */
  word(word: string): boolean;
}

const HAS_DIGIT = /\d/;

/** The longest Vietnamese syllable has seven letters ("nghiêng"). */
const MAX_SYLLABLE = 7;

function isUpper(c: string): boolean {
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

function isLower(c: string): boolean {
  return c !== c.toUpperCase() && c === c.toLowerCase();
}

/** A written piece reads as one syllable (tone rules checked when it carries diacritics). */
function readsAsSyllable(piece: string): boolean {
  const f = fold(piece);
  if (!/^[a-z]+$/.test(f) || !isFoldedSyllable(f)) return false;
  return f === piece.toLowerCase() || isVietnameseSyllable(piece);
}

/** A capital or two and digits, a street's or a block's code ("D2", "N5", "CT1"): a piece of its own after a join ("ĐườngD2"). */
const LETTERED_CODE = /^\p{Lu}{1,2}\d+\p{L}?$/u;

/**
 * Cuts a written word where a lower-case letter is followed by a capital ("TỉnhBắc" → "Tỉnh",
 * "Bắc"), when every piece of two letters or more reads as a syllable or is a word `isWord`
 * knows ("XãEa": the Ea of Ê Đê names), so "HòA", "McKinley" stay whole; and after a
 * leading capital abbreviation that `isAbbreviation` accepts, before a capitalised syllable
 * ("XPhú" → "X", "Phú"; "TPHồ" → "TP", "Hồ"). A one-letter piece is cut off only after a word
 * `isTypeWord` accepts. Returns the word alone when nothing is cut.
 */
export function splitCapitals(
  word: string,
  isAbbreviation: (folded: string) => boolean,
  isWord: (folded: string) => boolean = () => false,
  isTypeWord: (folded: string) => boolean = () => false,
): string[] {
  // Most words have no capital after their first letter: one comparison, no cutting.
  if (word.length < 2 || word.slice(1) === word.slice(1).toLowerCase()) return [word];
  const chars = [...word];
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < chars.length; i++) {
    if (!isUpper(chars[i])) continue;
    // A lone small letter before a capital is a slip ("aCu"), not a word.
    if (isLower(chars[i - 1]) && i - start >= 2) {
      pieces.push(chars.slice(start, i).join(""));
      start = i;
    } else if (start === 0 && pieces.length === 0 && i + 1 < chars.length && isLower(chars[i + 1])) {
      // Capitals then a capitalised word: the capitals before its first letter are the abbreviation.
      const head = chars.slice(0, i).join("");
      // One capital doubled ("TThủy", "HHùng") is a slip of the key, not an abbreviation; so is a
      // second capital inside one syllable ("TRường", "PHường": the shift key held too long).
      const doubled = i === 1 && chars[0] === chars[1];
      const oneSyllable = i === 1 && isVietnameseSyllable(word.toLowerCase());
      if (!doubled && !oneSyllable && isAbbreviation(fold(head))) {
        pieces.push(head);
        start = i;
      }
    }
  }
  if (pieces.length === 0) return [word];
  pieces.push(chars.slice(start).join(""));
  // A capital abbreviation may stand first; every other piece must read as a syllable.
  const head = pieces[0];
  const first = head === head.toUpperCase() && isAbbreviation(fold(head)) ? 1 : 0;
  // A lone letter after a join is a stray capital ("HòA"), not a word, unless a type word stands
  // before it and a name starts with it ("XãU Minh", "XãA Lưới").
  for (let k = first; k < pieces.length; k++) {
    const letter = [...pieces[k]].length < 2;
    if (letter && k > 0 && isTypeWord(fold(pieces[k - 1])) && isWord(fold(pieces[k]))) continue;
    if (letter || !(readsAsSyllable(pieces[k]) || isWord(fold(pieces[k])) || LETTERED_CODE.test(pieces[k]))) return [word];
  }
  return pieces;
}

/**
 * Cuts a written word at every change between letters and digits ("sốnhà5ngõ3phường" →
 * "sốnhà", "5", "ngõ", "3", "phường"), or returns null when the word is no such run: a house
 * number ("12A", "5B", "K12"), a glued abbreviation ("Q1", "P12") and a code ("A5") stay whole.
 * Only words with a letter run of four or more letters next to a digit are cut.
 */
export function splitLettersAndDigits(word: string): string[] | null {
  if (word.length < 5 || !HAS_DIGIT.test(word)) return null;
  const runs = word.match(/\d+|[^\d]+/g);
  if (!runs || runs.length < 2) return null;
  let long = false;
  for (const run of runs) if (!/\d/.test(run) && fold(run).length >= 4) long = true;
  if (!long) return null;
  // One letter after digits is their number's ("Cănhộ2A08": the flat 2A08, "số12B"), with the
  // digits after it.
  const out: string[] = [];
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k];
    if (out.length > 0 && fold(run).length === 1 && /\d$/.test(out[out.length - 1])) {
      const digits = k + 1 < runs.length && /^\d/.test(runs[k + 1]) ? runs[++k] : "";
      out[out.length - 1] += run + digits;
    } else out.push(run);
  }
  return out.length >= 2 ? out : null;
}

/**
 * Cuts a run of letters written without spaces into syllables: the cut with the fewest pieces,
 * then the one whose neighbouring syllables the judge links most, then the one with most known
 * syllables, then the earliest cuts (an initial consonant goes with the vowel after it: "sonha"
 * → "so nha"). Returns null when the run cannot be cut into syllables, is one already, or the
 * best cut holds nothing the judge knows or links (so "Vincom" or "Sunrise" stay whole).
 */
export function segmentSyllables(word: string, judge: SegmentJudge): string[] | null {
  const chars = [...word];
  const n = chars.length;
  const folded = chars.map((c) => fold(c));
  // Every character must fold to one letter, so the written and folded pieces line up.
  if (n < 4 || folded.some((f) => !/^[a-z]$/.test(f))) return null;
  const f = folded.join("");
  if (isFoldedSyllable(f)) return null;
  // best[i]: the best cut of chars[i..n), as its first piece's end and its score.
  interface Cut {
    end: number;
    pieces: number;
    links: number;
    known: number;
  }
  const best: (Cut | null)[] = new Array(n + 1).fill(null);
  best[n] = { end: n, pieces: 0, links: 0, known: 0 };
  for (let i = n - 1; i >= 0; i--) {
    for (let len = 1; len <= MAX_SYLLABLE && i + len <= n; len++) {
      const rest = best[i + len];
      if (!rest) continue;
      const piece = f.slice(i, i + len);
      if (!isFoldedSyllable(piece)) continue;
      const written = chars.slice(i, i + len).join("");
      // Written with marks, the marks must make a syllable; a capital is no mark ("Phuongbenthanh"
      // is "phuong ben thanh", not "Phu ong ben thanh").
      if (written.toLowerCase() !== piece && !isVietnameseSyllable(written)) continue;
      const next = i + len < n ? f.slice(i + len, rest.end) : null;
      const cut: Cut = {
        end: i + len,
        pieces: rest.pieces + 1,
        links: rest.links + (next !== null && judge.linked(piece, next) ? 1 : 0),
        known: rest.known + (judge.known(piece) ? 1 : 0),
      };
      const old = best[i];
      // Shorter first pieces are tried first, so a tie keeps the earlier cut.
      if (
        !old ||
        cut.pieces < old.pieces ||
        (cut.pieces === old.pieces &&
          (cut.links > old.links || (cut.links === old.links && cut.known > old.known)))
      )
        best[i] = cut;
    }
  }
  const whole = best[0];
  if (!whole || whole.pieces < 2 || (whole.links === 0 && whole.known === 0)) return null;
  const pieces: string[] = [];
  for (let i = 0; i < n; i = best[i]!.end) pieces.push(chars.slice(i, best[i]!.end).join(""));
  // Without two syllables the judge links, a keyword decides only when it comes first, is no
  // short word of other uses, and every other piece is a word the judge knows ("phuongvinh");
  // "phone" is no "pho ne".
  // Or, written with its marks, it comes last after a name's words, glued to the name it closes
  // ("Trà Vongtỉnh Tây Ninh": the next unit's type word).
  if (whole.links === 0) {
    const keyAt = keywordFirstOrMarkedLast(pieces, judge);
    if (keyAt < 0) return null;
    for (let k = 0; k < pieces.length; k++) {
      if (k === keyAt) continue;
      const f = fold(pieces[k]);
      if (!judge.known(f) && (f.length < 2 || !judge.word(f))) return null;
    }
  }
  return pieces;
}

/**
 * Where the keyword that may decide a cut without linked syllables stands: first, and no short word
 * of other uses ("phuongvinh"; "phone" is no "pho ne"), or last and written with its marks
 * ("vongtỉnh"); -1 when neither.
 */
function keywordFirstOrMarkedLast(pieces: readonly string[], judge: SegmentJudge): number {
  const first = fold(pieces[0]);
  if (first.length >= 4 && judge.known(first)) return 0;
  const lastAt = pieces.length - 1;
  const last = pieces[lastAt];
  const f = fold(last);
  return f.length >= 4 && judge.known(f) && last.toLowerCase() !== f && isVietnameseSyllable(last) ? lastAt : -1;
}

/**
 * Two written words a copy split inside one syllable ("ph ường", "Đ ống", "Tr ưng", "Hoà ng"):
 * one of them is no syllable, and together they are one. A `guarded` first word (a type
 * abbreviation or keyword letter: "P", "Đ") joins only when the second is no `word` the caller
 * knows by itself, so "P An Phú" stays apart.
 */
export function rejoinsAsSyllable(
  first: string,
  second: string,
  guarded: boolean,
  word: (folded: string) => boolean,
): boolean {
  const a = fold(first);
  const b = fold(second);
  if (!/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) return false;
  if (isFoldedSyllable(a) && isFoldedSyllable(b)) return false;
  // A second word with no vowel is an abbreviation of its own ("Du P.", "Lê Q"), never the end
  // of a split syllable unless it is a final ("Hoà ng", "Bạ ch").
  if (!/[aeiouy]/.test(b) && !/^(ng|nh|ch|[cmnpt])$/.test(b)) return false;
  if (b.length === 1 && first !== first.toLowerCase() && second !== second.toLowerCase()) return false;
  if (!isFoldedSyllable(a + b)) return false;
  const written = first + second;
  if (written.toLowerCase() !== a + b && !isVietnameseSyllable(written)) return false;
  if (guarded && word(b)) return false;
  return true;
}
