/**
 * How a text writes the parts a record found through a name is checked against: the street, the
 * hamlet with its type word, the alley with its word, and the flat. Read once per text; the engine's
 * scoring (engine.ts) and the direct look-up (direct.ts) check a record's label against it alike.
 */
import type { ParsedParts } from "../parse/types.js";
import { foldedWords, streetWords } from "./words.js";

export interface WrittenParts {
  /** The street as written, folded ("duong le loi"); null when none was read. */
  street: string | null;
  /** The street as indexed (its leading type word dropped); "" when none was read. */
  streetKey: string;
  /** The hamlet with its type word, folded; "" when none was read. */
  hamletKey: string;
  /** The alley with its word, folded; "" when none was read. */
  alleyKey: string;
  /** The flat the parser read ("303" of "Căn hộ P.303", "3A07"), as the labels hold it. */
  flatPatterns: Buffer[];
  /** The same, folded ("303", "3a07"). */
  flatWords: string[];
}

export function writtenParts(parts: ParsedParts): WrittenParts {
  const flatPatterns: Buffer[] = [];
  const flatWords: string[] = [];
  for (const w of parts.unit ? foldedWords(parts.unit) : []) {
    if (!/\d/.test(w)) continue;
    flatWords.push(w);
    for (const form of new Set([w, w.toUpperCase()])) flatPatterns.push(Buffer.from(form));
  }
  return {
    street: parts.street ? foldedWords(parts.street).join(" ") : null,
    streetKey: parts.street ? streetWords(parts.street).join(" ") : "",
    hamletKey: parts.hamlet ? foldedWords(parts.hamlet).join(" ") : "",
    alleyKey: parts.alley ? foldedWords(parts.alley).join(" ") : "",
    flatPatterns,
    flatWords,
  };
}

/**
 * Where a record's label (its folded words) spells otherwise than the text: another street (for a
 * record found through its hamlet, building or name, `viaStreet` false), another hamlet, another
 * alley word, another flat.
 */
export function spelledOtherwise(
  label: readonly string[],
  viaStreet: boolean,
  written: WrittenParts,
): { otherStreet: boolean; otherHamlet: boolean; otherAlley: boolean; otherFlat: boolean } {
  const { street, streetKey, hamletKey, alleyKey, flatWords } = written;
  if (!((!viaStreet && street !== null) || hamletKey !== "" || alleyKey !== "" || flatWords.length > 0))
    return { otherStreet: false, otherHamlet: false, otherAlley: false, otherFlat: false };
  const spelled = ` ${label.join(" ")} `;
  return {
    // Another flat of the building than the one written ("Căn hộ 101" for "Căn hộ 306") is
    // another address, however much of the rest agrees.
    otherFlat: flatWords.length > 0 && spelled.includes(" can ho ") && !flatWords.some((w) => spelled.includes(` ${w} `)),
    // Found through its hamlet, building or name, a record on another street than the one
    // written ("1 Quốc lộ 1A" for "1 Đường số 1, Xóm Đoàn Kết") is not what the text says.
    otherStreet: !viaStreet && street !== null && !spelled.includes(` ${streetKey} `),
    // "Ấp Kon Tum" is not "Xóm Kon Tum": the hamlet's type word written is part of its name.
    otherHamlet: hamletKey !== "" && !spelled.includes(` ${hamletKey} `),
    // The same door written with another alley word ("Hẻm 2" for "Ngõ 2": the south's word and
    // the north's) is likely the same door; the one written as the text writes it comes first.
    otherAlley: alleyKey !== "" && !spelled.includes(` ${alleyKey} `),
  };
}
