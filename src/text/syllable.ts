/**
 * Does a word read as one written Vietnamese syllable? Used as evidence when a file's encoding has
 * to be told from its bytes (src/ingest/encoding.ts): text decoded with the right table reads as
 * syllables, text decoded with a wrong one gives letters in places Vietnamese never puts them
 * ("NguyêÞn", "Vaên", "V¨n"). It checks the spelling's shape, not a dictionary: an initial
 * consonant, a vowel cluster, a final, at most one tone mark on a vowel, and the two rules that
 * wrong decodings break most often (ă, â and the long clusters need a final; a syllable ending in
 * c, ch, p or t takes only the sắc or nặng tone). A final k is allowed for the Central Highlands'
 * names (Đắk Lắk).
 */

const TONE_MARKS = new Set(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]); // huyền sắc ngã hỏi nặng
const STOP_TONES = new Set(["\u0301", "\u0323"]); // the tones a syllable ending in c, ch, p, t, k can take
const VOWELS = new Set(["a", "e", "i", "o", "u", "y"]);

/** Vowel clusters that end a syllable (no final consonant). */
// biome-ignore format: laid out by length
const OPEN_RHYMES = [
  "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
  "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oa", "oe", "oi", "ôi", "ơi",
  "ua", "uê", "ui", "uơ", "uy", "ưa", "ưi", "ưu",
  "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu", "iêu", "yêu",
];
/** Vowel clusters a final consonant can follow. */
// biome-ignore format: laid out by length
const CLOSED_NUCLEI = [
  "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
  "iê", "yê", "uô", "ươ", "oa", "oă", "oe", "uâ", "uê", "uy", "uyê", "oo",
];
/** Vowels after which the palatal finals ch and nh stand (anh, ênh, inh, oanh, uênh, uynh). */
const PALATAL_NUCLEI = new Set(["a", "ê", "i", "oa", "uê", "uy"]);

// Longest alternatives first: a regex alternation takes the first that matches.
const byLength = (list: readonly string[]) => [...list].sort((a, b) => b.length - a.length).join("|");
const SHAPE = new RegExp(
  `^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?(?:(${byLength(OPEN_RHYMES)})|(${byLength(CLOSED_NUCLEI)})(ch|nh|ng|[cmnptk]))$`,
);

/**
 * True when `word` (one syllable, any case, NFC or NFD, no spaces or punctuation) is spelt as a
 * Vietnamese syllable can be.
 * @example isVietnameseSyllable("Nguyễn") === true; isVietnameseSyllable("Vaên") === false
 */
export function isVietnameseSyllable(word: string): boolean {
  const decomposed = word.normalize("NFD").toLowerCase();
  let tone: string | null = null;
  let bare = "";
  let previousLetter = "";
  for (const c of decomposed) {
    if (TONE_MARKS.has(c)) {
      if (tone !== null || !VOWELS.has(previousLetter)) return false;
      tone = c;
      continue;
    }
    if (c < "\u0300" || c > "\u036f") previousLetter = c;
    bare += c;
  }
  const shape = SHAPE.exec(bare.normalize("NFC"));
  if (!shape) return false;
  const [, initial, , nucleus, final] = shape;
  if (!frontVowelAfterGh(initial, bare)) return false;
  if (final === undefined) return true;
  // After "qu" the u is the initial's: "quynh" is the uy of "huynh".
  const palatal = PALATAL_NUCLEI.has(nucleus) || (initial === "qu" && nucleus === "y");
  if ((final === "ch" || final === "nh") && !palatal) return false;
  const stop = final === "c" || final === "ch" || final === "p" || final === "t" || final === "k";
  return !stop || tone === null || STOP_TONES.has(tone);
}

/**
 * "gh" and "ngh" are written only before e, ê and i ("nghề", "ghi"; "nga", "gà" otherwise): a
 * split syllable joined across them ("Ngh An" of Nghệ An) reads as none.
 */
function frontVowelAfterGh(initial: string | undefined, word: string): boolean {
  if (initial !== "gh" && initial !== "ngh") return true;
  const vowel = word.charAt(initial.length);
  return vowel === "e" || vowel === "ê" || vowel === "i";
}

/** How much of a text reads as Vietnamese: words with a letter beyond ASCII, sorted by verdict. */
export interface VietnameseEvidence {
  /** Words with a non-ASCII letter that are Vietnamese syllables. */
  syllables: number;
  /** Words with a non-ASCII character that are not (or hold a control character or U+FFFD). */
  others: number;
}

// A word: a run of anything but white space, ASCII digits and ASCII punctuation. Non-ASCII symbols
// stay inside it, so a wrong table's "V¨n" is one word, and a bad one.
const WORD = /[^\s!-@[-`{-~]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const LETTER = /\p{L}/u;
const CONTROL_OR_REPLACEMENT = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]/;

/** Counts the words of `text` that carry a letter beyond ASCII, as syllables or others. */
export function vietnameseEvidence(text: string): VietnameseEvidence {
  let syllables = 0;
  let others = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const bad = CONTROL_OR_REPLACEMENT.test(word);
    if (!bad && !NON_ASCII.test(word)) continue;
    if (!bad && !LETTER.test(word)) continue; // a symbol alone ("–", "₫"): says nothing either way
    if (!bad && isVietnameseSyllable(word)) syllables++;
    else others++;
  }
  return { syllables, others };
}

// The same shape over folded text (text/fold.ts: no diacritics, lower case), for words whose
// diacritics were never written or were folded away: "phuong", "bach", "trung" read as syllables,
// "ph", "tinhh", "bachmai" do not. Looser than the check above (ă/â/ơ/ư and tones are gone).
const foldedList = (list: readonly string[]) => [
  ...new Set(list.map((s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, ""))),
];
const FOLDED_SHAPE = new RegExp(
  `^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?(?:(${byLength(foldedList(OPEN_RHYMES))})|(${byLength(foldedList(CLOSED_NUCLEI))})(ch|nh|ng|[cmnptk]))$`,
);

/**
 * True when a folded word (a–z only) has the shape of a Vietnamese syllable: an optional
 * initial consonant, a vowel cluster, an optional final.
 * @example isFoldedSyllable("phuong") === true; isFoldedSyllable("ph") === false
 */
export function isFoldedSyllable(folded: string): boolean {
  if (folded.length === 0 || folded.length > 7) return false;
  const shape = FOLDED_SHAPE.exec(folded);
  return shape !== null && frontVowelAfterGh(shape[1], folded);
}
