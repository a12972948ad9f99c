/**
 * Stage 4d: a ward written straight after the street, with no comma and no type word ("ngõ 12
 * Kim Mã Thượng Cống Vị, Ba Đình"). The street claims the words after a house number up to the
 * comma (parts.ts claimStreetStarts), so the ward's words only cost there (mentions.ts). Once a
 * reading knows the district from the text, a ward of that district whose name ends the street's
 * segment is the ward, not the end of the street, provided the street keeps a name of its own;
 * a ward that is the street's whole name is the likelier ward, and the words stay the street's.
 * Likewise a district written straight after the street, once the province is known ("số 100 ngõ
 * 13 Lĩnh Nam Hoàng Mai - Hà Nội").
 */
import { FAMILY_NAMES, isHouseNumber, opensPersonName, STREET_KEYWORD_WORDS } from "./lexicon.js";
import type { Mention } from "./mentions.js";
import type { Reading } from "./resolve.js";
import { roadNumberAt, type Token } from "./tokenise.js";

/** Street and alley keywords: not a street's name on their own. */
const STREET_KEYWORDS = new Set([...STREET_KEYWORD_WORDS, "street", "ngo", "ngach", "hem", "kiet"]);

/** What a ward at a street's end adds, like an untyped name of two or more words (mentions.ts). */
const WARD_SCORE = { base: 1, perExtraToken: 0.05 };
/**
 * What a ward adds when it is the street's whole name ("ngõ 68 Thượng Cát, Bắc Từ Liêm"): a
 * street named after a place that is a ward of its district mostly runs through that ward, so it
 * is the likelier answer, but weakly (Láng Hạ street also crosses Thành Công).
 */
const NAMESAKE_WARD_SCORE = 0.5;

/**
 * The reading completed by the ward that ends the street, or null. `readings` are the candidates
 * (best first, the caller passes those close to the best); only an old reading with its district
 * written and no ward is completed.
 */
export function wardAtStreetEnd(
  readings: readonly Reading[],
  mentions: readonly Mention[],
  tokens: readonly Token[],
  claimed: Uint8Array,
): Reading | null {
  let namesake: Reading | null = null;
  for (const r of readings) {
    if (r.structure !== "old" || !r.district || r.ward) continue;
    const district = r.district.unit;
    for (const m of mentions) {
      const u = m.unit;
      if (u.level !== "ward" || u.structure !== "old" || u.districtCode !== district.code) continue;
      if (m.typed || m.start !== m.nameStart || !claimed[m.start] || m.end - m.start < 2) continue;
      // The district's own words ("191 Núi Thành Quận Hải Châu": Phường Hải Châu is also the
      // words of Quận Hải Châu) name no ward besides it.
      if (m.start < r.district.end && r.district.start < m.end) continue;
      const seg = tokens[m.start].seg;
      // It ends its segment, or, in a run without commas, the district's name follows it there
      // ("1 Nguyễn Tri Phương Tân Hải Phú Mỹ Bà Rịa - Vũng Tàu").
      if (m.end < tokens.length && tokens[m.end].seg === seg && m.end !== r.district.start) continue;
      const street = streetWordsBefore(tokens, claimed, m.start);
      // Nothing but a keyword or a number before it ("ngõ 68"): the ward is the street's name.
      // Not a person's name (Trần Hưng Đạo, Trần Phú: such streets run through many wards), and
      // only a ward that went whole into one new commune: where it was split, the district's
      // own reading says more about the new commune than the namesake does.
      if (
        street.length === 0 &&
        m.start > 0 &&
        tokens[m.start - 1].seg === seg &&
        !FAMILY_NAMES.has(tokens[m.start].f) &&
        !(m.end - m.start >= 2 && opensPersonName(tokens[m.start].f, tokens[m.start + 1].f)) &&
        m.hit.successors.length === 1
      ) {
        namesake ??= {
          ...r,
          ward: { ...m, score: NAMESAKE_WARD_SCORE, alsoPart: true },
          units: { ward: u, district: m.hit.district, province: m.hit.province },
          score: r.score + NAMESAKE_WARD_SCORE,
        };
        continue;
      }
      // A road's number is the road's whole name ("1 Đường số 5 Long Kiến, Chợ Mới").
      if (street.length < 2 && !(tokens[m.start - 1]?.seg === seg && roadNumberAt(tokens, m.start - 1))) continue;
      if (street.length === 2 && opensPersonName(street[0], street[1])) continue;
      const ward: Mention = {
        ...m,
        score: WARD_SCORE.base + WARD_SCORE.perExtraToken * (m.end - m.start - 1),
      };
      return {
        ...r,
        ward,
        units: { ward: u, district: m.hit.district, province: m.hit.province },
        score: r.score + ward.score,
      };
    }
  }
  return namesake;
}

/**
 * The street's own name before token k: the claimed words before it in its segment, less keywords
 * and numbers ("ngõ 56 Láng Hạ" is the street Láng Hạ), folded.
 */
function streetWordsBefore(tokens: readonly Token[], claimed: Uint8Array, k: number): string[] {
  const seg = tokens[k].seg;
  let from = k;
  while (from > 0 && claimed[from - 1] && tokens[from - 1].seg === seg) from--;
  const words: string[] = [];
  for (let j = from; j < k; j++) {
    const f = tokens[j].f;
    if (STREET_KEYWORDS.has(f)) continue;
    // A coded street's number ("TX38": Thạnh Xuân 38, as Quận 12 names its streets) is its name's.
    if (isHouseNumber(f) && !(j > from && STREET_CODE.test(tokens[j - 1].raw))) continue;
    words.push(f);
  }
  return words;
}

/** Capitals a coded street's name opens with ("TX" of "TX38", "HT" of "HT13"). */
const STREET_CODE = /^\p{Lu}{1,3}$/u;

/** What a district at a street's end adds, as a ward there does. */
const DISTRICT_SCORE = WARD_SCORE;

/**
 * The reading completed by the district that ends the street, or null: an old reading with only its
 * province written, and a district of that province whose untyped name closes a street's segment
 * after two words or more of the street's own name ("Lĩnh Nam Hoàng Mai"). A district that is the
 * street's whole name ("Số 15 Ngõ 12 Cầu Giấy") stays the street's.
 */
export function districtAtStreetEnd(
  readings: readonly Reading[],
  mentions: readonly Mention[],
  tokens: readonly Token[],
  claimed: Uint8Array,
): Reading | null {
  for (const r of readings) {
    const province = r.units.province;
    if (r.structure !== "old" || !province || r.district || r.ward) continue;
    for (const m of mentions) {
      const u = m.unit;
      if (u.level !== "district" || u.structure !== "old" || u.provinceCode !== province.code) continue;
      if (m.typed || m.start !== m.nameStart || !claimed[m.start] || m.end - m.start < 2) continue;
      const seg = tokens[m.start].seg;
      if (m.end < tokens.length && tokens[m.end].seg === seg) continue;
      const street = streetWordsBefore(tokens, claimed, m.start);
      if (street.length < 2 || (street.length === 2 && opensPersonName(street[0], street[1]))) continue;
      const district: Mention = {
        ...m,
        score: DISTRICT_SCORE.base + DISTRICT_SCORE.perExtraToken * (m.end - m.start - 1),
      };
      return { ...r, district, units: { ward: null, district: u, province }, score: r.score + district.score };
    }
  }
  return null;
}
