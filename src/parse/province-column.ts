/**
 * A province written twice: once at the end of a run of words without commas, and again as a
 * column appended after it, as bank and e-invoice exports join an address line and a province field
 * ("Tầng 8 … 109 tran hung dao-Hoan Kiem-Ha Noi   , HÀ NỘI"), or as an order form adds today's
 * province after the old one ("… phường an hòa rạch giá kiên giang, An Giang"). The run is then no
 * longer the text's last segment, where the units of a run are read, and its units were lost.
 */
import { endsDamagedCityType, endsRun, typePhraseAt } from "./mentions.js";
import type { Token } from "./tokenise.js";
import { type NameHit, nameInitials, sameOrLinkedProvince, spellingOf, type UnitIndex } from "./unit-index.js";

const PROVINCE_TYPES = new Set(["Tỉnh", "Thành phố"]);
const NONE: readonly NameHit[] = [];
/** Initials as capitals write them ("HN", "H N", "ĐN"): no Vietnamese letter with a mark but Đ. */
const CAPITALS = /^[A-ZĐ]{1,4}$/;

/**
 * The tokens less a last segment that names a province alone when the run before it ends with the
 * same province, or the old one it took in, by name or initials: the run then closes the text, as
 * it does when written without the column ("…-Hoan Kiem-Ha Noi"). The same list when there is no
 * such column (most texts).
 */
export function withoutRepeatedProvinceColumn(tokens: readonly Token[], index: UnitIndex): readonly Token[] {
  const n = tokens.length;
  if (n < 4) return tokens;
  let columnStart = n - 1;
  while (columnStart > 0 && tokens[columnStart - 1].seg === tokens[n - 1].seg) columnStart--;
  if (columnStart < 3) return tokens;
  // Two looks let most texts go: the text closes on a province's last word, and the run before
  // the column on one of the same province or one linked to it, or on capitals (initials).
  const columnEnds = index.newProvincesByLastWord.get(tokens[n - 1].w.key);
  if (columnEnds === undefined || !mayEndSameProvince(tokens[columnStart - 1], columnEnds, index)) return tokens;
  const column = provincesNamed(tokens, columnStart, n, index);
  if (column.length === 0) return tokens;
  const runEnd = columnStart;
  const seg = tokens[runEnd - 1].seg;
  for (let length = 1; length <= 4; length++) {
    const echoStart = runEnd - length;
    // At least three words of the run stand before the province: an address, not a city and its
    // type word ("Thàn hpố Bắc Ninh, Bắc Ninh", "TP Bắc Ninh, Bắc Ninh").
    if (echoStart < 3 || tokens[echoStart].seg !== seg || tokens[echoStart - 3].seg !== seg) break;
    // After a street's keyword or a number the name is the street's ("Đại lộ Bình Dương, Bình Dương").
    if (!endsRun(tokens, echoStart) || !spellsProvince(tokens, echoStart, runEnd, column, index)) continue;
    // After a type word the name is that unit's: "Thành phố Sóc Trăng, Tỉnh Sóc Trăng" is the
    // province's city, and the column the province.
    const typed = typeEndingAt(tokens, echoStart, seg);
    if (typed !== null && (!typed.province || typed.start < 3 || tokens[typed.start - 3].seg !== seg)) return tokens;
    if (endsDamagedCityType(tokens, echoStart - 1, seg)) return tokens;
    return tokens.slice(0, columnStart);
  }
  return tokens;
}

/**
 * The token may end the name, or the initials in capitals, of one of the provinces the column may
 * name (`columnEnds`, as new provinces), or of an old one that went into them: most runs end in a
 * district's or a ward's name.
 */
function mayEndSameProvince(token: Token, columnEnds: ReadonlySet<string>, index: UnitIndex): boolean {
  if (CAPITALS.test(token.raw)) return true;
  const runEnds = index.newProvincesByLastWord.get(token.w.key);
  if (runEnds === undefined) return false;
  for (const code of runEnds) if (columnEnds.has(code)) return true;
  return false;
}

/** The type phrase that ends right before token `end` in segment `seg`, if one does, and whether it is a province's ("Tỉnh"). */
function typeEndingAt(
  tokens: readonly Token[],
  end: number,
  seg: number,
): { start: number; province: boolean } | null {
  for (let k = end - 1; k >= Math.max(0, end - 3) && tokens[k].seg === seg; k--) {
    const phrase = typePhraseAt(tokens, k);
    if (phrase && k + phrase.words.length === end) return { start: k, province: phrase.types.every((t) => t === "Tỉnh") };
  }
  return null;
}

/**
 * The provinces (either structure) whose name tokens [from, to) spell exactly, after a province's
 * type word or none; none when they spell no province. A type word must be the province's own:
 * "Thành phố Thanh Hóa" is the city, and Tỉnh Thanh Hóa's.
 */
function provincesNamed(tokens: readonly Token[], from: number, to: number, index: UnitIndex): readonly NameHit[] {
  const phrase = typePhraseAt(tokens, from);
  const typed = phrase?.types.some((t) => PROVINCE_TYPES.has(t)) ? phrase : null;
  const nameStart = typed ? from + typed.words.length : from;
  if (to - nameStart < 1 || to - nameStart > 4) return NONE;
  const provinces = index.provincesBySpelling.get(spellingOf(tokens, nameStart, to));
  if (provinces === undefined) return NONE;
  return typed === null ? provinces : provinces.filter((hit) => typed.types.includes(hit.unit.type));
}

/**
 * Tokens [from, to) name one of `column`'s provinces, or an old province one of them took in: by
 * name, or by its initials in capitals, as one word ("HN") or letters apart ("H N": text copied out
 * of a form spaces them).
 */
function spellsProvince(
  tokens: readonly Token[],
  from: number,
  to: number,
  column: readonly NameHit[],
  index: UnitIndex,
): boolean {
  const named = provincesNamed(tokens, from, to, index);
  if (named.some((hit) => column.some((c) => sameOrLinkedProvince(hit.unit, c.unit, index)))) return true;
  // Initials are written in capitals: "na" of Yên Na is a name's word, not Nghệ An's initials.
  let letters = "";
  for (let k = from; k < to; k++) {
    const f = tokens[k].f;
    if (!CAPITALS.test(tokens[k].raw) || (to - from > 1 && f.length !== 1)) return false;
    letters += f;
  }
  if (letters.length < 2 || letters.length > 4) return false;
  return column.some((c) => nameInitials(c.unit.name) === letters);
}
