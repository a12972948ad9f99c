/**
 * Stage 4b: choose the administrative units. Every consistent combination of mentions is
 * scored (an old ward with the district and province that contain it, a new commune with its
 * province, old/new mixtures such as an old district beside a new commune or a merged old
 * province beside its new one) and the best wins; readings that score close to it and
 * disagree with it are returned as alternatives, never silently dropped.
 */
import type { Unit } from "../units/types.js";
import { type Mention, phraseMask, typePhraseAt } from "./mentions.js";
import type { Token } from "./tokenise.js";
import type { UnitIndex } from "./unit-index.js";

export interface Reading {
  structure: "old" | "new";
  ward: Mention | null;
  district: Mention | null;
  province: Mention | null;
  /** Units in `structure`; district/province inferred from the ward when not written. */
  units: { province: Unit | null; district: Unit | null; ward: Unit | null };
  /** A unit of the other structure took part (old district beside new commune, etc.). */
  mixed: boolean;
  score: number;
  /**
   * A province the text declares (Mention.declared) that this reading puts the address outside
   * of; its score was taken off the reading's. Null for a reading that contradicts none.
   */
  against: Mention | null;
}

const BONUS = {
  /** Units written in a consistent order (ward → district → province or the reverse). */
  order: 0.1,
  /** Text with a district reads as old; text without one as new (tie-break only). */
  structureHint: 0.1,
  /** A unit of the other structure supporting this reading is a little weaker evidence. */
  crossStructure: 0.85,
  /**
   * Taken off a reading whose units, written in one run of words, leave words between them that
   * none of its units reads ("41 thái hà đống đa hà nội": Hà Đông then Hà Nội leave "đa"; Đống
   * Đa then Hà Nội leave nothing): a run of unit names follows the street without a gap.
   */
  gapInRun: 0.1,
  /**
   * Taken off a ward or district that nothing written supports, read from the words that declare the
   * province ("…, Quảng Ninh" at the end of the text): there they name the province, not one of
   * the communes named like it elsewhere (Thanh Hóa's Xã Quảng Ninh). Larger than the structure
   * hint and the extra word a two-word name earns, so the province does not merely tie.
   */
  provincePlace: 0.2,
};

/**
 * A ward no district or province written in the text supports is only built into a reading
 * when it could come within this of the best supported one: common names ("Tân Thành" names 66
 * communes) would otherwise make dozens of readings that cannot win.
 */
const KEEP_UNSUPPORTED_WITHIN = 0.5;

/** Mentions `a` and `b` share a word (false when `b` is absent). */
export function overlaps(a: Mention, b: Mention | null): boolean {
  return b !== null && a.start < b.end && b.start < a.end;
}

/**
 * Bonus when the written units, given from the lowest level up (a ward's, a district's, a
 * province's, each null when absent), run one way (in that order or the reverse). Three
 * parameters, not a list: it scores every reading, and a list would be built for each.
 */
function orderBonus(a: Mention | null, b: Mention | null, c: Mention | null): number {
  let previous = -1;
  let count = 0;
  let up = true;
  let down = true;
  for (let k = 0; k < 3; k++) {
    const m = k === 0 ? a : k === 1 ? b : c;
    if (m === null) continue;
    if (count > 0) {
      if (m.start <= previous) up = false;
      if (m.start >= previous) down = false;
    }
    previous = m.start;
    count++;
  }
  return count >= 2 && (up || down) ? BONUS.order : 0;
}

/**
 * Best mention of the list naming the unit `code` of `structure` that overlaps none of the taken
 * ones. A scan, not a map by code: an address names a handful of provinces and districts.
 */
function bestFreeOf(
  list: readonly Mention[],
  structure: "old" | "new",
  code: string,
  a: Mention | null,
  b: Mention | null = null,
): Mention | null {
  let best: Mention | null = null;
  for (const m of list) {
    if (m.hit.code !== code || m.hit.structure !== structure || overlaps(m, a) || overlaps(m, b)) continue;
    if (!best || m.score > best.score) best = m;
  }
  return best;
}

/** The type phrase written before the mention's name is its unit's own type ("Xã" before a Xã). */
function typeWrittenExactly(m: Mention, tokens: readonly Token[]): boolean {
  if (!m.typed || m.nameStart === m.start) return false;
  const phrase = typePhraseAt(tokens, m.start);
  return phrase !== null && (phraseMask(phrase).types & m.hit.typeBit) !== 0;
}

/**
 * The type written before a ward's name is the new commune's of that name and none of the old
 * wards' on the same words ("Xã Nam Đàn, Huyện Nam Đàn": the new Xã Nam Đàn, the old Thị trấn Nam
 * Đàn), and no longer name reads more of the words. Such text was written after 2025 keeping the old
 * district, not before it with the town's type wrong: the old district written beside it is no more
 * the old reading's than the new one's.
 */
function typeFitsOnlyTheNew(ward: Mention, mentions: readonly Mention[], tokens: readonly Token[]): boolean {
  // Untyped, no name on the same words is typed either.
  if (!ward.typed) return false;
  let fitsNew = false;
  for (const m of mentions) {
    if (m.start !== ward.start || m.unit.level !== "ward" || m.score <= 0) continue;
    // A longer name from the same words ("Xã Đức Hòa Đôog": Đức Hòa Đông mistyped) is no mixture.
    if (m.end > ward.end) return false;
    if (m.end !== ward.end || !typeWrittenExactly(m, tokens)) continue;
    // Units of this name as spelled, marks included (Nam Đàn, not Nấm Dẩn of another province):
    // the words' hits carry their tone forms where those differ (unit-index.ts NameHit.tone).
    if (m.hit.tone !== ward.hit.tone) continue;
    if (m.hit.structure === "old") return false;
    fitsNew = true;
  }
  return fitsNew;
}

/**
 * Best mention of the list naming the old ward's district, or a district it lay in before it moved
 * ("Xã Kiên Lao, Lục Ngạn": Thị xã Chũ's since 2025, Lục Ngạn's before), that overlaps neither taken one.
 */
function wardDistrictOf(list: readonly Mention[], ward: Mention, a: Mention | null, b: Mention | null = null): Mention | null {
  let best = bestFreeOf(list, "old", ward.hit.districtCode!, a, b);
  for (const code of ward.hit.formerDistricts) {
    const m = bestFreeOf(list, "old", code, a, b);
    if (m && (!best || m.score > best.score)) best = m;
  }
  return best;
}

/** Best mention of the list naming one of the old districts `codes` that overlaps neither taken one. */
function bestDistrictOf(
  list: readonly Mention[],
  codes: ReadonlySet<string>,
  a: Mention | null,
  b: Mention | null,
): Mention | null {
  let best: Mention | null = null;
  for (const d of list)
    if (codes.has(d.hit.code) && !overlaps(d, a) && !overlaps(d, b) && (!best || d.score > best.score))
      best = d;
  return best;
}

/** The score a province mention adds to a reading of `unit`'s mention: less across the structures. */
function provinceScore(unit: Mention, province: Mention | null): number {
  if (province === null) return 0;
  return province.hit.structure === unit.hit.structure
    ? province.score
    : province.score * BONUS.crossStructure;
}

/** The province mention belongs to the other structure than `unit`'s. */
function provinceMixed(unit: Mention, province: Mention | null): boolean {
  return province !== null && province.hit.structure !== unit.hit.structure;
}

/** The province mentions a text holds, and how many of each structure (see provinceFor). */
interface WrittenProvinces {
  list: readonly Mention[];
  oldCount: number;
  newCount: number;
}

/**
 * The province mention for the unit of mention `unit` that overlaps neither taken one: its own
 * structure's province, or the other structure's province it went into / came from (the hit's
 * links list them). The mention alone says which (see provinceScore), so no result object is built.
 */
function provinceFor(
  provinces: WrittenProvinces,
  unit: Mention,
  a: Mention | null,
  b: Mention | null = null,
): Mention | null {
  const hit = unit.hit;
  const structure = hit.structure;
  const linked = hit.otherProvinces;
  const crossWritten = (structure === "old" ? provinces.newCount : provinces.oldCount) > 0;
  // One scan for both: the best free mention of the unit's own province, and of the linked
  // provinces the best by score, on a tie the code listed first, then the mention written first.
  let same: Mention | null = null;
  let cross: Mention | null = null;
  let crossRank = 0;
  for (const m of provinces.list) {
    if (overlaps(m, a) || overlaps(m, b)) continue;
    const h = m.hit;
    if (h.structure === structure) {
      if (h.code === hit.provinceCode && (!same || m.score > same.score)) same = m;
    } else if (crossWritten) {
      const rank = linked.indexOf(h.code);
      if (rank < 0) continue;
      if (!cross || m.score > cross.score || (m.score === cross.score && rank < crossRank)) {
        cross = m;
        crossRank = rank;
      }
    }
  }
  if (cross && (!same || cross.score * BONUS.crossStructure > same.score)) return cross;
  return same;
}

/** Stable insertion sort: the lists are short, and Array.prototype.sort allocates a work copy. */
function sortReadings(readings: Reading[]): void {
  for (let i = 1; i < readings.length; i++) {
    const r = readings[i];
    let j = i - 1;
    while (j >= 0 && compareReadings(readings[j], r) > 0) {
      readings[j + 1] = readings[j];
      j--;
    }
    readings[j + 1] = r;
  }
}

function compareReadings(a: Reading, b: Reading): number {
  return b.score - a.score || rank(a) - rank(b);
}

/**
 * Whether the reading's units, taken in the order written, leave a word unread between two of
 * them in one segment (see BONUS.gapInRun). Three mentions at most: compared pairwise, the pair's
 * words are a gap only when the third does not lie between them.
 */
function gapInRun(r: Reading, tokens: readonly Token[]): boolean {
  const a = r.ward;
  const b = r.district;
  const c = r.province;
  return gapBetween(a, b, c, tokens) || gapBetween(a, c, b, tokens) || gapBetween(b, c, a, tokens);
}

/**
 * Words of one segment lie between mentions x and y, and mention `other` does not; a type phrase
 * there is no such word ("Bình Sơn Tinh Quag Ngai": the province's type word, its name mistyped).
 */
function gapBetween(x: Mention | null, y: Mention | null, other: Mention | null, tokens: readonly Token[]): boolean {
  if (x === null || y === null) return false;
  const first = x.start < y.start ? x : y;
  const second = first === x ? y : x;
  if (second.start <= first.end) return false;
  if (other !== null && other.start >= first.end && other.end <= second.start) return false;
  if (tokens[first.end - 1].seg !== tokens[second.start].seg) return false;
  const phrase = typePhraseAt(tokens, first.end);
  return phrase === null || first.end + phrase.words.length < second.start;
}

/** All consistent readings of the mentions, best first (the links they need travel on their name hits). */
export function resolveReadings(mentions: readonly Mention[], tokens: readonly Token[]): Reading[] {
  const provinceList: Mention[] = [];
  let oldProvinceCount = 0;
  const oldDistrictList: Mention[] = [];
  // Provinces the text declares (Mention.declared); most addresses have one, some none.
  let declared: Mention[] | null = null;
  // Old wards whose name folds like another's, read with the diacritics written (newStructureHint).
  let oldWardsToneExact: Mention[] | null = null;
  for (const m of mentions) {
    const u = m.hit;
    // A mention that costs (an untyped name where the text put a street) never helps a reading
    // that has other units; it only stands in when nothing else is written (see below).
    if (m.score <= 0) continue;
    if (u.level === "ward") {
      if (u.structure === "old" && u.tone !== undefined && !m.toneMismatch && !m.fuzzy) {
        oldWardsToneExact ??= [];
        oldWardsToneExact.push(m);
      }
    } else if (u.level === "province") {
      provinceList.push(m);
      if (m.declared) {
        declared ??= [];
        declared.push(m);
      }
      if (u.structure === "old") oldProvinceCount++;
    } else if (u.level === "district") oldDistrictList.push(m);
  }
  const provinces: WrittenProvinces = {
    list: provinceList,
    oldCount: oldProvinceCount,
    newCount: provinceList.length - oldProvinceCount,
  };
  const readings: Reading[] = [];
  const unsupported: Mention[] = [];

  for (const m of mentions) {
    const u = m.hit;
    if (m.score <= 0) {
      unsupported.push(m);
      continue;
    }
    if (u.level === "ward" && u.structure === "old") {
      // District and province may compete for one span ("Tuyên Quang"): try both orders. Without
      // a district (most of a common name's wards) or a province, the two orders are one.
      let district = wardDistrictOf(oldDistrictList, m, m);
      const province2 = provinceFor(provinces, m, m);
      let province = district === null ? province2 : provinceFor(provinces, m, m, district);
      const district2 = province2 === null ? district : wardDistrictOf(oldDistrictList, m, m, province2);
      if (
        provinceScore(m, province2) + (district2?.score ?? 0) >
        provinceScore(m, province) + (district?.score ?? 0)
      ) {
        province = province2;
        district = district2;
      }
      if (!district && !province) {
        unsupported.push(m);
        continue;
      }
      const score =
        m.score +
        (district?.score ?? 0) +
        provinceScore(m, province) +
        orderBonus(m, district, province) +
        (district && (typeWrittenExactly(m, tokens) || !typeFitsOnlyTheNew(m, mentions, tokens)) ? BONUS.structureHint : 0) -
        districtAgainst(m, oldDistrictList, district, province, tokens);
      readings.push({
        structure: "old",
        ward: m,
        district,
        province: province,
        units: { ward: m.unit, district: m.hit.district, province: m.hit.province },
        mixed: provinceMixed(m, province),
        score,
        against: null,
      });
    } else if (u.level === "ward") {
      // Only an old district written beside a new commune needs the (large) predecessor map.
      const oldDistricts = oldDistrictList.length > 0 ? m.hit.oldDistricts : undefined;
      // The province first (an old district beside a new commune is only extra evidence); without
      // one, the district is the same either way, and a province beside it is looked for again.
      let province = provinceFor(provinces, m, m);
      const district = oldDistricts ? bestDistrictOf(oldDistrictList, oldDistricts, m, province) : null;
      if (!province && district) province = provinceFor(provinces, m, m, district);
      if (!district && !province) {
        unsupported.push(m);
        continue;
      }
      const score =
        m.score +
        (district ? district.score * (typeWrittenExactly(m, tokens) && typeFitsOnlyTheNew(m, mentions, tokens) ? 1 : BONUS.crossStructure) : 0) +
        provinceScore(m, province) +
        orderBonus(m, district, province) +
        (district ? 0 : newStructureHint(m, oldWardsToneExact)) -
        (district ? 0 : districtAgainst(m, oldDistrictList, null, province, tokens));
      readings.push({
        structure: "new",
        ward: m,
        district,
        province: province,
        units: { ward: m.unit, district: null, province: m.hit.province },
        mixed: district !== null || provinceMixed(m, province),
        score,
        against: null,
      });
    } else if (u.level === "district") {
      const province = provinceFor(provinces, m, m);
      readings.push({
        structure: "old",
        ward: null,
        district: m,
        province: province,
        units: { ward: null, district: m.unit, province: m.hit.province },
        mixed: provinceMixed(m, province),
        score:
          m.score +
          provinceScore(m, province) +
          orderBonus(m, null, province) +
          BONUS.structureHint -
          (province === null ? onDeclaredProvince(m, declared) : 0),
        against: null,
      });
    } else {
      readings.push({
        structure: u.structure,
        ward: null,
        district: null,
        province: m,
        units: { ward: null, district: null, province: m.unit },
        mixed: false,
        score: m.score + (u.structure === "new" ? BONUS.structureHint : 0),
        against: null,
      });
    }
  }
  let best = Number.NEGATIVE_INFINITY;
  for (const r of readings) if (r.score > best) best = r.score;
  for (const m of unsupported) {
    const u = m.hit;
    if (m.score <= 0 && readings.length > 0) continue;
    if (u.level !== "ward") {
      readings.push({
        structure: u.structure,
        ward: null,
        district: u.level === "district" ? m : null,
        province: u.level === "province" ? m : null,
        units:
          u.level === "district"
            ? { ward: null, district: m.unit, province: m.hit.province }
            : { ward: null, district: null, province: m.unit },
        mixed: false,
        score: m.score,
        against: null,
      });
      continue;
    }
    const score =
      m.score +
      (u.structure === "new" ? newStructureHint(m, oldWardsToneExact) : 0) -
      onDeclaredProvince(m, declared);
    if (score < best - KEEP_UNSUPPORTED_WITHIN) continue;
    readings.push({
      structure: u.structure,
      ward: m,
      district: null,
      province: null,
      units:
        u.structure === "old"
          ? { ward: m.unit, district: m.hit.district, province: m.hit.province }
          : { ward: m.unit, district: null, province: m.hit.province },
      mixed: false,
      score,
      against: null,
    });
  }
  for (const r of readings) if (gapInRun(r, tokens)) r.score -= BONUS.gapInRun;
  if (declared !== null)
    for (const r of readings) {
      r.against = declaredAgainst(r, declared);
      if (r.against) r.score -= r.against.score;
    }
  sortReadings(readings);
  return readings;
}

/**
 * The structure hint a new commune's reading gets when no district is written. Not when its name is
 * written with other diacritics that name an old ward on the same words exactly ("Xã Tân Thành,
 * Tỉnh Tuyên Quang", where the new commune is Tân Thanh and Hàm Yên's old ward Tân Thành): the hint
 * only breaks ties, and the marks as written are evidence. Marks that agree with neither (a slip,
 * "Thạnh Phưước") leave the hint as it is.
 */
function newStructureHint(m: Mention, oldWardsToneExact: readonly Mention[] | null): number {
  if (m.toneMismatch && oldWardsToneExact !== null)
    for (const o of oldWardsToneExact) if (o.start === m.start && o.end === m.end) return 0;
  return BONUS.structureHint;
}

/** What a reading of `m` that no unit supports loses for reading the words that declare the province. */
function onDeclaredProvince(m: Mention, declared: readonly Mention[] | null): number {
  if (declared === null || m.typed) return 0;
  for (const d of declared) if (d !== m && !d.declaredInRun && overlaps(m, d)) return BONUS.provincePlace;
  return 0;
}

/** A numbered ward's name ("3", "12"): dozens of districts have one, so it says little of where. */
function isNumbered(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/**
 * The score of the best district written as the address's own (Mention.writtenDistrict) in the
 * ward's province that the reading of a weakly read ward (a typo, or written diacritics that
 * disagree), or of a numbered one, leaves out ("Phường 3, Bảo Lộc": Bảo Lộc has none, and Đà Lạt's
 * is no answer): "xã Hợp Thanh, Lương Sơn, Hòa Bình" names a commune Lương Sơn no longer
 * has, not Hòa Bình city's Xã Hợp Thành, so that reading loses what the written district says.
 * A ward read exactly keeps its own district against a district written wrong; 0 when none.
 */
function districtAgainst(
  ward: Mention,
  districts: readonly Mention[],
  district: Mention | null,
  province: Mention | null,
  tokens: readonly Token[],
): number {
  // A numbered ward whose own district the text writes is placed by it.
  if (
    !ward.fuzzy &&
    !ward.toneMismatch &&
    !(district === null && isNumbered(ward.unit.name)) &&
    !(district === null && typedByPAfterDoor(ward, tokens))
  )
    return 0;
  const hit = ward.hit;
  let against = 0;
  for (const d of districts) {
    if (!d.writtenDistrict || d.hit.code === hit.districtCode || hit.formerDistricts.includes(d.hit.code)) continue;
    if (overlaps(d, ward) || overlaps(d, district) || overlaps(d, province)) continue;
    // The district lies in the ward's province (old), or in the new province the commune is in.
    const inProvince =
      hit.structure === "old" ? d.hit.provinceCode === hit.provinceCode : d.hit.otherProvinces.includes(hit.provinceCode);
    if (inProvince && d.score > against) against = d.score;
  }
  return against;
}

/**
 * The ward's type word is the letter "P" glued to its name after a house's number ("102 P.Trần
 * Phú"): Hà Nội writes its streets' Phố so, as others write a ward's Phường, so the name is as
 * likely a street's. Opening its segment, "P." is the ward's ("P.Bình Hưng Hòa, Q.Tân Bình").
 */
function typedByPAfterDoor(ward: Mention, tokens: readonly Token[]): boolean {
  const at = ward.start;
  return (
    ward.nameStart === at + 1 &&
    tokens[at].f === "p" &&
    at > 0 &&
    tokens[at - 1].seg === tokens[at].seg &&
    tokens[at - 1].w.house
  );
}

/**
 * The reading's unit is read from all the words that declare the province (a district or commune
 * named like it, "Xã Thái Nguyên"), not from some of them with words before: a commune read
 * through a typo across the province's first word ("x dong thi ninh binh" as Đông Thái Ninh)
 * leaves the province declared.
 */
function readsWhole(unit: Mention | null, declared: Mention): boolean {
  return unit !== null && unit.start <= declared.start && unit.end >= declared.end;
}

/** The unit lies in the declared province: the same one, or linked to it across the structures. */
function inDeclared(unit: Unit, declared: Mention): boolean {
  const hit = declared.hit;
  return hit.structure === unit.structure ? hit.code === unit.code : hit.otherProvinces.includes(unit.code);
}

/**
 * The strongest province the text declares that the reading neither reads from the words (one of
 * its own mentions reads them all) nor lies in: the reading ignores what the text says of its province
 * ("xã Hòa Bình, tỉnh Đắk Lắk" is not Vĩnh Long's Xã Hòa Bình, and "Hoa Binh, Dak Lak" not the
 * province Hòa Bình), so it loses that mention's score.
 */
function declaredAgainst(r: Reading, declared: readonly Mention[]): Mention | null {
  const province = r.units.province;
  if (!province) return null;
  let against: Mention | null = null;
  for (const d of declared) {
    if (readsWhole(r.ward, d) || readsWhole(r.district, d) || readsWhole(r.province, d)) continue;
    // The words name the province in both structures (old Tây Ninh, new Tây Ninh): one statement,
    // which a reading in either keeps.
    if (declaredOnSameWordsHolds(declared, d, province)) continue;
    if (!against || d.score > against.score) against = d;
  }
  return against;
}

/** A province declared on the words of `d` (d itself among them) holds the unit. */
function declaredOnSameWordsHolds(declared: readonly Mention[], d: Mention, unit: Unit): boolean {
  for (const same of declared) if (same.start === d.start && same.end === d.end && inDeclared(unit, same)) return true;
  return false;
}

// Stable tie-break: more specific readings first, then new before old, then by code.
function rank(r: Reading): number {
  return (r.ward ? 0 : r.district ? 10 : 20) + (r.structure === "new" ? 0 : 1);
}

/** True when two readings describe the same place (same units, or linked across structures, or one contains the other). */
export function agree(a: Reading, b: Reading, index: UnitIndex): boolean {
  const ua = a.units;
  const ub = b.units;
  if (a.structure === b.structure) {
    const sameOrMissing = (x: Unit | null, y: Unit | null) => x === null || y === null || x === y;
    return (
      sameOrMissing(ua.ward, ub.ward) &&
      sameOrMissing(ua.district, ub.district) &&
      sameOrMissing(ua.province, ub.province)
    );
  }
  const [o, n] = a.structure === "old" ? [ua, ub] : [ub, ua];
  if (o.ward && n.ward) return index.predecessors.get(n.ward.code)?.includes(o.ward) ?? false;
  if (n.ward && o.district) return index.newWardOldDistricts.get(n.ward.code)?.has(o.district.code) ?? false;
  if (o.province && n.province)
    return index.oldToNewProvinces.get(o.province.code)?.has(n.province.code) ?? false;
  return true;
}

/** The mentions the reading takes, ward first. */
export function readingMentions(r: Reading): Mention[] {
  const out: Mention[] = [];
  if (r.ward !== null) out.push(r.ward);
  if (r.district !== null) out.push(r.district);
  if (r.province !== null) out.push(r.province);
  return out;
}

/** Readings a stage looks at beside the best one, and how far below its score they may be. */
const CLOSE_READINGS = 3;
const CLOSE_MARGIN = 0.5;

/**
 * What `find` answers for the best reading, else for the first of the close ones behind it that
 * it answers for: damaged text may read best as the province alone while a close reading has the
 * district written ("Thansh pho Long Xuymen"). Null when it answers for none.
 */
export function firstAmongClose<T>(readings: readonly Reading[], find: (reading: Reading) => T | null): T | null {
  const top = readings[0]?.score ?? 0;
  for (let k = 0; k < readings.length && k < CLOSE_READINGS; k++) {
    if (readings[k].score < top - CLOSE_MARGIN) break;
    const found = find(readings[k]);
    if (found !== null) return found;
  }
  return null;
}
