/**
 * VNI, the font encoding of the VNI-Times family common in older provincial files: a Vietnamese
 * letter is written as its base letter followed by a mark character from the upper half of
 * Windows' Latin-1 (ế = "e" + "á", ư = "ö", Trường = "Tröôøng"); ơ, ư, đ, the toned i and ỵ take one
 * character of their own. No decoding library has it, so the table is here, built from the marks.
 *
 * Text in VNI is read byte for byte as Latin-1 (`buffer.toString("latin1")`) and then decoded here.
 */

const TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]; // none sắc huyền hỏi ngã nặng

/** VNI's mark characters (lower-case forms) by tone, in TONES order. */
const TONE_MARK = ["", "ù", "ø", "û", "õ", "ï"];
/** The circumflex (â ê ô) with each tone. */
const CIRCUMFLEX_MARK = ["â", "á", "à", "å", "ã", "ä"];
/** The breve (ă) with each tone. */
const BREVE_MARK = ["ê", "é", "è", "ú", "ü", "ë"];
/** i with each tone: one character each (i itself is plain i). */
const I_LETTER = ["i", "í", "ì", "æ", "ó", "ò"];
/** ơ and ư: one character, then the tone mark. */
const HORN_LETTER: Record<string, string> = { o: "ô", u: "ö" };
const D_STROKE = "ñ";
/** ỵ has a character of its own; y with the other tones is y + the tone mark. */
const Y_DOT = "î";

const upper = (s: string) => s.toUpperCase();

/** The VNI spelling of one lower-case Vietnamese letter (base, vowel mark, tone index). */
function vniOf(base: string, vowelMark: "" | "circumflex" | "breve" | "horn", tone: number): string {
  if (vowelMark === "circumflex") return base + CIRCUMFLEX_MARK[tone];
  if (vowelMark === "breve") return base + BREVE_MARK[tone];
  if (vowelMark === "horn") return HORN_LETTER[base] + TONE_MARK[tone];
  if (base === "i") return I_LETTER[tone];
  if (base === "y" && tone === 5) return Y_DOT;
  return base + TONE_MARK[tone];
}

/** Every Vietnamese letter with a diacritic (134: 67 lower-case, 67 upper-case) → its VNI spelling. */
export const VNI_OF_LETTER: ReadonlyMap<string, string> = buildTable();

function buildTable(): Map<string, string> {
  const table = new Map<string, string>();
  const add = (letter: string, vni: string) => {
    if (letter.length !== 1) throw new Error(`VNI table: "${letter}" is not one character`);
    table.set(letter, vni);
    table.set(upper(letter), upper(vni));
  };
  const vowels: [string, "" | "circumflex" | "breve" | "horn", string][] = [
    ["a", "", ""],
    ["a", "breve", "\u0306"],
    ["a", "circumflex", "\u0302"],
    ["e", "", ""],
    ["e", "circumflex", "\u0302"],
    ["i", "", ""],
    ["o", "", ""],
    ["o", "circumflex", "\u0302"],
    ["o", "horn", "\u031b"],
    ["u", "", ""],
    ["u", "horn", "\u031b"],
    ["y", "", ""],
  ];
  for (const [base, vowelMark, combining] of vowels)
    for (let tone = 0; tone < TONES.length; tone++) {
      if (vowelMark === "" && tone === 0) continue; // plain ASCII
      add((base + combining + TONES[tone]).normalize("NFC"), vniOf(base, vowelMark, tone));
    }
  add("đ", D_STROKE);
  return table;
}

/**
 * VNI spelling → letter, for decoding. Both cases of a mark are accepted after a base letter of
 * either case (files mix them when a word was typed with the caps lock on); the base decides.
 */
const LETTER_OF_VNI: ReadonlyMap<string, string> = (() => {
  const reverse = new Map<string, string>();
  for (const [letter, vni] of VNI_OF_LETTER) {
    reverse.set(vni, letter);
    if (vni.length === 2) {
      const [base, mark] = vni;
      const isUpper = base === upper(base);
      const otherCaseMark = isUpper ? mark.toLowerCase() : upper(mark);
      if (!reverse.has(base + otherCaseMark)) reverse.set(base + otherCaseMark, letter);
    }
  }
  return reverse;
})();

/** Characters that start a two-character spelling: a base vowel, or ơ/ư's own character. */
const STARTS_PAIR = new Set([...LETTER_OF_VNI.keys()].filter((k) => k.length === 2).map((k) => k[0]));

/**
 * Decodes VNI text (its bytes read as Latin-1) to Unicode (NFC). Characters that are not part of a
 * VNI spelling pass through unchanged.
 * @example decodeVni("Nguyeãn Vaên An") === "Nguyễn Văn An"
 */
export function decodeVni(latin1: string): string {
  let out = "";
  let i = 0;
  const n = latin1.length;
  while (i < n) {
    const c = latin1[i];
    if (c < "\u0080" && !STARTS_PAIR.has(c)) {
      out += c;
      i++;
      continue;
    }
    if (i + 1 < n && STARTS_PAIR.has(c)) {
      const pair = LETTER_OF_VNI.get(c + latin1[i + 1]);
      if (pair !== undefined) {
        out += pair;
        i += 2;
        continue;
      }
    }
    out += LETTER_OF_VNI.get(c) ?? c;
    i++;
  }
  return out;
}

/** Encodes Unicode text to VNI (as a Latin-1 string: `Buffer.from(s, "latin1")` gives the bytes). */
export function encodeVni(text: string): string {
  let out = "";
  for (const c of text.normalize("NFC")) out += VNI_OF_LETTER.get(c) ?? c;
  return out;
}
