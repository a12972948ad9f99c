/**
 * A province written twice: once at the end of a run of words without commas, and again as a
 * column appended after it, as bank and e-invoice exports join an address line and a province field
 * ("Tầng 8 … 109 tran hung dao-Hoan Kiem-Ha Noi   , HÀ NỘI"). The run is then no longer the text's
 * last segment, where the units of a run are read, and its district and ward were lost: the
 * province's words at the run's end hid the district before them.
 */
import { typePhraseAt } from "./mentions.js";
import type { Token } from "./tokenise.js";
import type { NameHit, UnitIndex } from "./unit-index.js";

const PROVINCE_TYPES = new Set(["Tỉnh", "Thành phố"]);

/**
 * The tokens less the province's words closing the run before a last segment that names the same
 * province alone. The run keeps the words before them, so it ends at its district or ward as text
 * without the echo does ("…-Hoan Kiem, HÀ NỘI"). The same list when there is no such echo (most texts).
 */
export function withoutProvinceEchoBeforeColumn(tokens: readonly Token[], index: UnitIndex): readonly Token[] {
  const n = tokens.length;
  if (n < 4) return tokens;
  let columnStart = n - 1;
  while (columnStart > 0 && tokens[columnStart - 1].seg === tokens[n - 1].seg) columnStart--;
  if (columnStart < 3) return tokens;
  const column = provincesNamed(tokens, afterProvinceType(tokens, columnStart), n, index);
  if (column.length === 0) return tokens;
  // The run before the column: its last words may spell the same province, or its initials.
  const runEnd = columnStart;
  const seg = tokens[runEnd - 1].seg;
  for (let length = 1; length <= 4; length++) {
    let echoStart = runEnd - length;
    // At least two words of the run stay before the echo: an address, not a province alone.
    if (echoStart < 2 || tokens[echoStart].seg !== seg || tokens[echoStart - 2].seg !== seg) break;
    if (!spellsProvince(tokens, echoStart, runEnd, column, index)) continue;
    // After a type word the name is that unit's: "Thành phố Sóc Trăng, Tỉnh Sóc Trăng" is the
    // province's city. Only the province's own type word goes with the echo ("… Tỉnh Nghệ An, NGHỆ AN").
    const typed = typeEndingAt(tokens, echoStart, seg);
    if (typed !== null) {
      if (!typed.province || typed.start < 2 || tokens[typed.start - 2].seg !== seg) return tokens;
      echoStart = typed.start;
    }
    return [...tokens.slice(0, echoStart), ...tokens.slice(runEnd)];
  }
  return tokens;
}

/** The type phrase that ends right before token `end` in segment `seg`, if one does, and whether it is a province's ("Tỉnh"). */
function typeEndingAt(tokens: readonly Token[], end: number, seg: number): { start: number; province: boolean } | null {
  for (let k = end - 1; k >= Math.max(0, end - 3) && tokens[k].seg === seg; k--) {
    const phrase = typePhraseAt(tokens, k);
    if (phrase && k + phrase.words.length === end) return { start: k, province: phrase.types.every((t) => t === "Tỉnh") };
  }
  return null;
}

/** Where a province's name begins at `start`: after a type phrase for provinces, if one opens there. */
function afterProvinceType(tokens: readonly Token[], start: number): number {
  const phrase = typePhraseAt(tokens, start);
  return phrase?.types.some((t) => PROVINCE_TYPES.has(t)) ? start + phrase.words.length : start;
}

/** The provinces (either structure) whose name tokens [from, to) spell exactly; none when they spell no province. */
function provincesNamed(tokens: readonly Token[], from: number, to: number, index: UnitIndex): readonly NameHit[] {
  if (to - from < 1 || to - from > 4) return [];
  for (const { words, hits } of index.provinceSpellings) {
    if (words.length !== to - from) continue;
    let k = 0;
    while (k < words.length && words[k] === tokens[from + k].f) k++;
    if (k === words.length) return hits;
  }
  return [];
}

/**
 * Tokens [from, to) name one of `column`'s provinces again: the same name, or its initials, as one
 * word ("HN") or letters apart ("H N": text copied out of a form spaces them).
 */
function spellsProvince(tokens: readonly Token[], from: number, to: number, column: readonly NameHit[], index: UnitIndex): boolean {
  const named = provincesNamed(tokens, from, to, index);
  if (named.some((hit) => column.some((c) => c.unit.code === hit.unit.code))) return true;
  // Initials are written in capitals: "na" of Yên Na is a name's word, not Nghệ An's initials.
  let letters = "";
  for (let k = from; k < to; k++) {
    const f = tokens[k].f;
    if (!/^\p{Lu}+$/u.test(tokens[k].raw) || (to - from > 1 && f.length !== 1)) return false;
    letters += f;
  }
  if (letters.length < 2 || letters.length > 4) return false;
  return column.some((c) => initialsOf(c.unit.name) === letters);
}

/** The first letters of a name's words, folded ("Hà Nội" → "hn", "Bà Rịa - Vũng Tàu" → "brvt"). */
function initialsOf(name: string): string {
  let out = "";
  for (const word of name.normalize("NFD").toLowerCase().split(/[\s-]+/)) if (word.length > 0) out += word[0] === "đ" ? "d" : word[0];
  return out;
}
