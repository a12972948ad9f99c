/**
 * Text typed in Telex with the input method switched off: the keys that would have made the
 * diacritics stay in the text as letters ("Haf Nooij" for Hà Nội, "quaanj" for quận, "Ddinhf" for
 * Đình, "Truwowngf" for Trường). Telex is the most used Vietnamese keyboard; when it is off, or a
 * form or a phone drops it, the address arrives like this. Its keys are letters no Vietnamese
 * syllable holds where they stand (a tone key after the vowels, "w", "dd", a doubled vowel), so a
 * word that is no syllable as written but is one once its keys are applied was typed so.
 */
import { isVietnameseSyllable } from "./syllable.js";

/** The tone keys and the combining mark each stands for ("z" takes the tone away). */
const TONE_OF_KEY: Readonly<Record<string, string>> = {
  s: "\u0301",
  f: "\u0300",
  r: "\u0309",
  x: "\u0303",
  j: "\u0323",
  z: "",
};

/** The vowel a doubled key makes. */
const HAT: Readonly<Record<string, string>> = { a: "â", e: "ê", o: "ô" };

const INITIAL = /^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|dd|[bcdghklmnprstvx])?/;
const VOWEL = /[aeiouy]/;
const MARKED = /[ăâêôơư]/;

/**
 * The syllable a word typed in Telex stands for, or null when the word is not Telex (no key in it,
 * or it reads as no syllable once the keys are applied). Keeps the word's capitals (first letter,
 * or all of it).
 * @example telexSyllable("Nooij") === "Nội"; telexSyllable("quaanj") === "quận"; telexSyllable("Lan") === null
 */
export function telexSyllable(word: string): string | null {
  if (word.length < 2 || word.length > 10 || !/^[A-Za-z]+$/.test(word)) return null;
  const lower = word.toLowerCase();
  let initial = INITIAL.exec(lower)![0];
  let rest = lower.slice(initial.length);
  // "gì" typed "gif": the i is the vowel, not part of the initial.
  if (initial === "gi" && !VOWEL.test(rest)) [initial, rest] = ["g", `i${rest}`];
  let vowels = "";
  let final = "";
  let tone: string | null = null;
  let keys = 0;
  for (const c of rest) {
    if (vowels !== "" && c in TONE_OF_KEY) {
      tone = TONE_OF_KEY[c];
      keys++;
    } else if (c === "w") {
      // The horn or breve goes on the vowels typed so far, whether the final came first or not.
      const marked = vowels.endsWith("uo")
        ? `${vowels.slice(0, -2)}ươ`
        : vowels === ""
          ? "ư"
          : vowels.replace(/[uoa]$/, (v) => ({ u: "ư", o: "ơ", a: "ă" })[v]!);
      if (marked === vowels) return null;
      vowels = marked;
      keys++;
    } else if (VOWEL.test(c)) {
      if (final !== "") return null;
      const last = vowels.at(-1);
      if (last === c && (c === "a" || c === "e" || c === "o")) {
        vowels = vowels.slice(0, -1) + HAT[c];
        keys++;
      } else if (c in HAT && last === HAT[c]) {
        // A third key undoes the hat: "ooo" is the oo of "xoong", "Boòng".
        vowels = `${vowels.slice(0, -1)}${c}${c}`;
        keys++;
      } else vowels += c;
    } else {
      if (vowels === "") return null;
      final += c;
    }
  }
  if (initial === "dd") {
    initial = "đ";
    keys++;
  }
  if (keys === 0 || vowels === "") return null;
  const syllable = initial + withTone(vowels, final, tone ?? "") + final;
  if (!isVietnameseSyllable(syllable)) return null;
  if (word === word.toUpperCase()) return syllable.toUpperCase();
  return word[0] === word[0].toUpperCase() ? syllable[0].toUpperCase() + syllable.slice(1) : syllable;
}

/**
 * The vowels with the tone on the one that carries it, as the 2025 unit lists place it: a vowel
 * with a hat or horn (ơ of ươ); else the last before a final; else the only one, the first of two
 * ("hòa", "thủy"), the middle of three.
 */
function withTone(vowels: string, final: string, tone: string): string {
  if (tone === "") return vowels;
  let at = -1;
  for (let i = vowels.length - 1; i >= 0 && at < 0; i--) if (MARKED.test(vowels[i])) at = i;
  if (at < 0) at = final !== "" ? vowels.length - 1 : vowels.length === 3 ? 1 : 0;
  return (vowels.slice(0, at + 1) + tone + vowels.slice(at + 1)).normalize("NFC");
}

/**
 * A letter s, f, r, x or j ends a word after another letter: what a parser asks of every text
 * first, so a class a regular expression scans for at native speed (no Unicode flag, no
 * backtracking over vowels); the words are read one by one only for the few texts it passes.
 */
const ENDS_IN_KEY = /[a-zA-Z][sfrxjSFRXJ](?![0-9A-Za-z\u00c0-\uffff])/;

const ASCII_WORD = /(?<![\p{L}\p{M}\d])[A-Za-z]+(?![\p{L}\p{M}\d])/gu;

/**
 * The text with its Telex-typed words read as the syllables they stand for, when two or more of
 * its words are, one of them ending in a tone key (the key typed last, as most do); else the text
 * as it is. One word alone may be a name or an English word ("Dist" reads "dít", "Room" "rôm").
 * `known` keeps words a caller knows as they are: the names of the Central Highlands are written
 * in their peoples' alphabets, where "Kar" of Ea Kar is a word and no "Kả".
 */
export function readTelex(text: string, known?: (word: string) => boolean): string {
  if (!ENDS_IN_KEY.test(text)) return text;
  let words = 0;
  let endingInTone = 0;
  const decoded = text.replace(ASCII_WORD, (word, at: number) => {
    const syllable = telexSyllable(word);
    if (syllable === null || known?.(word) || houseSuffixAt(text, word, at) || ENGLISH_SHORT_WORDS.has(word.toLowerCase()))
      return word;
    words++;
    if (/[sfrxj]$/i.test(word)) endingInTone++;
    return syllable;
  });
  return words >= 2 && endingInTone >= 1 ? decoded : text;
}

/**
 * English words that read as Telex syllables no address holds ("of" as "ò", "is" as "í"; not "as",
 * the Á of Xã Đông Á): an address written in English ("Lot A1 Zone of Villas of Green Island")
 * keeps them.
 */
const ENGLISH_SHORT_WORDS: ReadonlySet<string> = new Set(["of", "is", "if", "or", "us"]);

/** "Bis" and "Ter" after a house number ("1/7 Bis", "12 ter") are the number's, no Telex "bí", "tẻ". */
function houseSuffixAt(text: string, word: string, at: number): boolean {
  return /^(bis|ter)$/i.test(word) && /\d[\s/]*$/.test(text.slice(Math.max(0, at - 4), at));
}

const TONE_KEY_OF: Readonly<Record<string, string>> = { "\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j" };

/**
 * The keys a person types for `text` in Telex, as they arrive when the input method is off: a hat
 * doubles its vowel, a horn or breve adds "w" after the vowel (ươ as "uow"), đ is "dd", and each
 * word's tone key comes last. The inverse of `readTelex`, for tests and benchmarks.
 * @example typeTelex("Phường Hà Nội") === "Phuowngf Haf Nooij"
 */
export function typeTelex(text: string): string {
  return text.replace(/[\p{L}\p{M}]+/gu, (word) => {
    let out = "";
    let tone = "";
    let hat = false;
    for (const c of word.normalize("NFD")) {
      const doubled = !hat && /[aeo]/i.test(c) && out.at(-1)?.toLowerCase() === c.toLowerCase();
      hat = c === "\u0302";
      if (c in TONE_KEY_OF) tone = TONE_KEY_OF[c];
      else if (hat) out += out.at(-1)!.toLowerCase();
      // Two plain vowels alike take a third key, which undoes the hat the second would make.
      else if (doubled) out += c + c.toLowerCase();
      else if (c === "\u0306" || c === "\u031b") out += "w";
      else if (c === "đ") out += "dd";
      else if (c === "Đ") out += "Dd";
      else out += c;
    }
    // ươ is typed "uow": one w after both vowels.
    return out.replace(/([uU])w([oO])w/, "$1$2w") + tone;
  });
}
