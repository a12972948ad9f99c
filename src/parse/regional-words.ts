/**
 * Words for a hamlet or an alley that only some regions use: "ấp" and "sóc" are the South's hamlets
 * (Nam Bộ), "khóm" the Mekong towns' quarters, "thôn" the rest of the country's, "bản" the northern mountains' and the west of
 * Thanh Hóa and Nghệ An, "buôn" the Central Highlands' and their neighbours'; "hẻm" is the South's
 * and the south-central coast's alley, "kiệt" that of Quảng Bình to Quảng Nam, "ngõ" and "ngách" the
 * North's down to Quảng Trị. A text that names a commune of several provinces and no province
 * ("ấp Phú Hòa 1, xã Bình Hòa") is likelier in a province where its words are used: the tied
 * readings are ordered so (parser.ts), the others stay listed.
 *
 * The regions are ranges of the old (63-province) GSO codes, which run north to south: 01–46 the
 * North and North Central Coast, 48–68 the South Central Coast and the Central Highlands, 70–96 the South.
 */
import { isPartKeyword } from "./parts.js";
import type { Reading } from "./resolve.js";
import type { Token } from "./tokenise.js";
import type { UnitIndex } from "./unit-index.js";

/** The old province codes (as numbers) where a word is used, from `from` to `to`, both included. */
interface CodeRange {
  from: number;
  to: number;
}

/** Folded keyword → where it is used. Only words a region's people would not write elsewhere. */
const REGIONS: ReadonlyMap<string, CodeRange> = new Map([
  ["ap", { from: 70, to: 96 }],
  // Khóm is the Mekong's (Trà Vinh to Cà Mau); Hồ Chí Minh City and the south-east write khu phố.
  ["khom", { from: 84, to: 96 }],
  ["soc", { from: 70, to: 96 }],
  // Bình Phước's communes of the highlands' edge have thôn too.
  ["thon", { from: 1, to: 70 }],
  ["ban", { from: 1, to: 44 }],
  ["buon", { from: 54, to: 68 }],
  ["hem", { from: 51, to: 96 }],
  ["kiet", { from: 44, to: 49 }],
  ["ngo", { from: 1, to: 45 }],
  ["ngach", { from: 1, to: 45 }],
]);

/** Where the text's regional words are used; empty when it writes none (most texts). */
export function regionalWords(tokens: readonly Token[]): CodeRange[] {
  let out: CodeRange[] | null = null;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const range = REGIONS.get(tokens[i].f);
    // A keyword, written as such, before the name or number it introduces.
    if (range === undefined || tokens[i + 1].seg !== tokens[i].seg || !isPartKeyword(tokens[i])) continue;
    out ??= [];
    if (!out.includes(range)) out.push(range);
  }
  return out ?? [];
}

/**
 * 0 when the reading's province is one where every regional word of the text is used (or the text
 * writes none), else 1: an order for readings the text does not otherwise decide between. A new
 * province fits when one of the old provinces it was formed from does.
 */
export function regionalMisfit(reading: Reading, words: readonly CodeRange[], index: UnitIndex): number {
  if (words.length === 0) return 0;
  const unit = reading.units.province ?? reading.units.district ?? reading.units.ward;
  if (unit === null) return 0;
  const olds = unit.structure === "old" ? [unit.provinceCode] : (index.newToOldProvinces.get(unit.provinceCode) ?? []);
  const fits = olds.some((code) => {
    const n = Number(code);
    return words.every((range) => range.from <= n && n <= range.to);
  });
  return fits ? 0 : 1;
}
