/**
 * How a folded Vietnamese name sounds, for the spellings people write by ear. Many writers spell
 * a place's name as their dialect says it: the south says d, gi and r alike and "Giồng Trôm" is
 * written "Dồng Trôm"; the north says tr like ch and s like x ("Chà Vinh", "Xóc Sơn"), and l like
 * n ("Lam Định"); i and y after a consonant are one vowel ("Mĩ Hòa", "Kì Anh", "Qui Nhơn"). Two
 * names with the same sound key are read as one slip apart, whatever the number of letters the
 * spellings differ by ("tr" for "ch" is two edits of letters but one slip of the ear).
 *
 * Only what one hears alike at the start of a syllable, and the i/y vowel: finals (the south's
 * n/ng, t/c) are left apart, as they separate many real names ("Sơn" and "Sông").
 */

/** Opening consonants heard alike, mapped to one of them. Longest first. */
const OPENINGS: readonly (readonly [string, string])[] = [
  ["ngh", "ng"],
  ["gh", "g"],
  ["gi", "d"],
  ["tr", "ch"],
  ["r", "d"],
  ["s", "x"],
  ["l", "n"],
];

/** The sound key of one folded syllable (a–z letters, no tones). */
function syllableSound(syllable: string): string {
  let s = syllable;
  for (const [written, heard] of OPENINGS) {
    // "gi" opens "gia", "giồng" (gi + vowel), and is the whole of "gì" (folded "gi"): both are d.
    if (s.startsWith(written)) {
      s = heard + s.slice(written.length);
      break;
    }
  }
  // "my", "ky", "quy": a final y after the opening consonant is the vowel i.
  if (s.length >= 2 && s.endsWith("y") && !/[aeiouy]/.test(s.slice(s.startsWith("qu") ? 2 : 0, -1))) s = `${s.slice(0, -1)}i`;
  return s;
}

/** The sound key of a folded name (syllables separated by single spaces, as name keys are). */
export function soundKey(folded: string): string {
  return folded.split(" ").map(syllableSound).join(" ");
}
