/**
 * Numbered units written as bare numbers, as form fields joined into one line give them ("…, 8,
 * Gò Vấp, TP HCM": Phường 8; "…, Phường 2, 6, TP HCM": Quận 6). A bare number names no unit by
 * itself (mentions.ts wants a type word before it: it is a house number as often), so it is read
 * only where the reading fixes the place above it: alone in the segment right before the
 * reading's written district, it is that district's ward of that number; alone in the segment
 * right before the reading's province, after a segment that types a ward or is a bare number
 * itself ("…, 9, 6, TP HCM"), that province's district.
 */
import { GROUP_WORDS, HOUSE_WORDS, LEVEL_BIT, ROAD_WORDS } from "./lexicon.js";
import { type Mention, phraseMask, typePhraseAt } from "./mentions.js";
import { firstAmongClose, type Reading } from "./resolve.js";
import type { Token } from "./tokenise.js";
import type { UnitIndex } from "./unit-index.js";

/** What a bare number adds to a reading: as little as one bare syllable of a name (mentions.ts). */
const BARE_NUMBER_SCORE = 0.5;
/** Numbered wards and districts go up to 30 or so; a larger number is a house's. */
const MAX_NUMBER = 30;

/**
 * The mention of the numbered unit a bare number names in the place of the best reading, or of a
 * close one (the old reading, when a new one named like the district leads); null when none does.
 */
export function bareNumberedUnit(tokens: readonly Token[], readings: readonly Reading[], index: UnitIndex): Mention | null {
  return firstAmongClose(readings, (reading) => numberedIn(tokens, reading, index));
}

function numberedIn(tokens: readonly Token[], best: Reading, index: UnitIndex): Mention | null {
  // A new commune read with its old district, a bare number before the district: one of the
  // commune's old wards ("Phường Nhiêu Lộc (11, Quận 3 cũ)", "… (1 Quận TB cũ)"), which the
  // conversion then takes as the old ward (convert.ts).
  // The district's structure is read from its hit, met a moment ago, before the units (most are
  // met cold): few readings pair a new commune with an old district.
  const commune = best.units.ward;
  if (best.district !== null && best.district.hit.structure === "old" && commune?.structure === "new") {
    let k = loneNumberBefore(tokens, best.district.start);
    if (k < 0) k = numberOpeningSegmentBefore(tokens, best.district.start);
    if (k < 0) return null;
    const district = best.district.unit;
    const predecessors = index.predecessors.get(commune.code) ?? [];
    return numbered(tokens, k, index, (u) => u.level === "ward" && u.districtCode === district.code && predecessors.includes(u));
  }
  if (best.structure !== "old") return null;
  if (best.district !== null && best.units.ward === null) {
    let k = loneNumberBefore(tokens, best.district.start);
    // In a run, a number right before a district that was itself a bare number, or that stands
    // right before the province ending the text ("3 Độc Lập 9 Tân Bình Hồ Chí Minh").
    if (k < 0 && (best.district.score === BARE_NUMBER_SCORE || closesBefore(tokens, best.district, best.province)))
      k = numberInRunBefore(tokens, best.district.start);
    if (k < 0) return null;
    const district = best.district.unit;
    return numbered(tokens, k, index, (u) => u.level === "ward" && u.districtCode === district.code);
  }
  if (best.district === null && best.province !== null && best.units.province !== null) {
    let k = loneNumberBefore(tokens, best.province.start);
    // One bare number between the street and the province, with no ward read: the district, the
    // level the province's name follows ("527 Sư Vạn Hạnh, 10, Ho Chi Minh City", as map data join
    // a district's field). Numbered districts are Hồ Chí Minh City's only.
    const districtAlone = k >= 0 && best.units.ward === null;
    if (k < 0 || !(districtAlone || typesWard(tokens, k) || loneNumberBefore(tokens, k) >= 0)) {
      // In a run without commas, two numbers before the province that ends the text, after other
      // words: "12 Lê Lợi 5 11 Hồ Chí Minh" is Phường 5, Quận 11.
      k = best.province.end === tokens.length ? numberInRunBefore(tokens, best.province.start) : -1;
      if (k < 0 || numberInRunBefore(tokens, k) < 0) return null;
    }
    const province = best.units.province;
    return numbered(tokens, k, index, (u) => u.level === "district" && u.provinceCode === province.code);
  }
  return null;
}

/**
 * The token that is alone in the segment right before the one token `at` opens, when it is a
 * number of a numbered unit and that segment is not the text's first (a first number is a
 * house's); else -1.
 */
function loneNumberBefore(tokens: readonly Token[], at: number): number {
  const k = at - 1;
  if (k < 1 || tokens[k].seg === tokens[at].seg) return -1;
  return tokens[k - 1].seg !== tokens[k].seg && numbersUnit(tokens[k]) ? k : -1;
}

/**
 * Token k's number ends a street's, an alley's or a group's name ("Quốc lộ 5", "Đường số 1", "3
 * Tháng 2", "Hẻm 12", "Khu phố 3"): no ward's. A month is "tháng" as written or without marks
 * ("Chiến Thắng 7" is Phường 7); a group's word opens its run or follows a number ("Lý Thái Tổ
 * 14" is Phường 14).
 */
function completesName(tokens: readonly Token[], k: number): boolean {
  const word = tokens[k - 1];
  if (word.seg !== tokens[k].seg) return false;
  if (word.f === "thang") return MONTH_SPELLINGS.has(word.lower);
  // "tổ" is a group's word, and ends names ("Lý Thái Tổ"): as the groups' below.
  if (word.f !== "to" && (HOUSE_WORDS.has(word.f) || ROAD_WORDS.has(word.f) || word.f === "km")) return true;
  if (!GROUP_WORDS.has(word.f)) return false;
  const before = tokens[k - 2];
  return before === undefined || before.seg !== word.seg || before.w.digit || before.f === "khu";
}
const MONTH_SPELLINGS = new Set(["tháng", "thang"]);

/** The token is a number a numbered ward or district may have (1 to MAX_NUMBER). */
function numbersUnit(token: Token): boolean {
  if (!token.w.digit || !/^\d{1,2}$/.test(token.f)) return false;
  const n = Number(token.f);
  return n >= 1 && n <= MAX_NUMBER;
}

/**
 * The token right before `at` in its segment, when it is a number of a numbered unit and words
 * that are no number come before it in the segment, past the text's first token (a house's number
 * opens the text); else -1.
 */
function numberInRunBefore(tokens: readonly Token[], at: number): number {
  const k = at - 1;
  if (k < 1 || tokens[k].seg !== tokens[at].seg || !numbersUnit(tokens[k])) return -1;
  if (completesName(tokens, k)) return -1;
  let before = k - 1;
  while (before >= 0 && tokens[before].seg === tokens[k].seg && /^\d{1,2}$/.test(tokens[before].f)) before--;
  return before >= 1 && tokens[before].seg === tokens[k].seg ? k : -1;
}

/**
 * The token right before `at` in its segment, when it opens that segment (not the text's first)
 * and is a number of a numbered unit: "1 Quận TB"; else -1.
 */
function numberOpeningSegmentBefore(tokens: readonly Token[], at: number): number {
  const k = at - 1;
  if (k < 1 || tokens[k].seg !== tokens[at].seg || tokens[k - 1].seg === tokens[k].seg) return -1;
  return numbersUnit(tokens[k]) ? k : -1;
}

/** `district` ends right where `province` begins, in one run, and the province ends the text. */
function closesBefore(tokens: readonly Token[], district: Mention, province: Mention | null): boolean {
  return (
    province !== null &&
    province.end === tokens.length &&
    district.end === province.start &&
    tokens[district.end - 1].seg === tokens[province.start].seg
  );
}

/** The segment before token k's opens with a ward's type word ("Phường 2", "P.12"). */
function typesWard(tokens: readonly Token[], k: number): boolean {
  let start = k - 1;
  while (start > 0 && tokens[start - 1].seg === tokens[k - 1].seg) start--;
  const phrase = typePhraseAt(tokens, start);
  return phrase !== null && (phraseMask(phrase).levels & LEVEL_BIT.ward) !== 0;
}

/** The mention of the one unit named by token k's number that `fits`, or null. */
function numbered(
  tokens: readonly Token[],
  k: number,
  index: UnitIndex,
  fits: (u: Mention["unit"]) => boolean,
): Mention | null {
  const spelling = index.hitsOf(tokens[k].w.key);
  const hits = [...(spelling?.wards ?? []), ...(spelling?.upper ?? [])].filter(
    (h) => !h.alias && h.unit.structure === "old" && fits(h.unit),
  );
  if (hits.length !== 1) return null;
  const hit = hits[0];
  return {
    start: k,
    nameStart: k,
    end: k + 1,
    unit: hit.unit,
    hit,
    score: BARE_NUMBER_SCORE,
    typed: false,
    fuzzy: false,
    distance: 0,
    declared: false,
    declaredInRun: false,
    toneMismatch: false,
    writtenDistrict: hit.levelBit === LEVEL_BIT.district,
  };
}
