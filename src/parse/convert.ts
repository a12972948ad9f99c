/**
 * Stage 6: the chosen reading in both structures. Old → new follows the official 2025 links:
 * a split old ward gives several new communes, and unless the text itself decides (a new
 * province or new commune written beside it) the result is marked ambiguous and every candidate
 * is listed; the new commune is the one that took the ward's main part when the links say
 * (mainSuccessor), else null. New → old gives the predecessors: one is reported
 * as the old ward; several are listed, with the district and province they share.
 */
import { nameKey } from "../units/name-analysis.js";
import type { Unit } from "../units/types.js";
import { type Mention, wholeSegment } from "./mentions.js";
import { overlaps, type Reading } from "./resolve.js";
import type { Token } from "./tokenise.js";
import type { AlternativeOut, NewUnitsOut, OldUnitsOut, UnitOut } from "./types.js";
import type { UnitIndex } from "./unit-index.js";

export interface OldUnits {
  province: Unit | null;
  district: Unit | null;
  ward: Unit | null;
}
export interface NewUnits {
  province: Unit | null;
  ward: Unit | null;
}

/** A unit as the answer shows it: `{code, name, full_name}`. */
export function unitOut(unit: Unit | null): UnitOut | null {
  return unit ? { code: unit.code, name: unit.name, full_name: unit.fullName } : null;
}

export function oldOut(units: OldUnits | null): OldUnitsOut | null {
  if (!units) return null;
  return { province: unitOut(units.province), district: unitOut(units.district), ward: unitOut(units.ward) };
}

export function newOut(units: NewUnits | null): NewUnitsOut | null {
  if (!units) return null;
  return { province: unitOut(units.province), ward: unitOut(units.ward) };
}

export interface Converted {
  old: OldUnits | null;
  new: NewUnits | null;
  ambiguous: boolean;
  alternatives: AlternativeOut[];
  /**
   * An old unit was filled as the likelier of several (the predecessor or old province named like
   * the new unit), not because the text or the links decide it.
   */
  likelier?: boolean;
  /** Words outside the reading that named the old ward (bare, beside its district): no place's name. */
  oldWardWords?: { start: number; end: number };
}

function common<T>(values: T[]): T | null {
  if (values.length === 0) return null;
  return values.every((v) => v === values[0]) ? values[0] : null;
}

/**
 * The new commune that took the main part of an old ward split between several: the one that
 * carries the ward's own code (a new commune takes the code of the predecessor that anchors it),
 * else the only one with the ward's name ("Phường Ngọc Hà" → Phường Ngọc Hà, not Ba Đình). Null
 * when neither says: the parts are then listed, none picked.
 */
export function mainSuccessor(ward: Unit, successors: readonly Unit[]): Unit | null {
  const sameCode = successors.find((u) => u.code === ward.code);
  if (sameCode) return sameCode;
  const key = nameKey(ward.name);
  const named = successors.filter((u) => nameKey(u.name) === key);
  return named.length === 1 ? named[0] : null;
}

/**
 * The old ward among a new commune's predecessors that the commune's own words name as well: the
 * old name as written ("Phường Quán Triều" beside the new Quan Triều, "Yên Hoà"), and of two
 * predecessors named alike the one whose type the text wrote ("Phường Tân Thành", not Xã Tân
 * Thành); of two the words read equally well, the one whose name the commune took (`name`:
 * "dong thanh" is Đông Thành, not Đông Thạnh). Null when none does, or that does not decide.
 */
function predecessorOnSameWords(
  ward: Mention,
  preds: readonly Unit[],
  mentions: readonly Mention[],
  name: string,
): Unit | null {
  const best: Unit[] = [];
  let bestScore = 0;
  for (const m of mentions) {
    if (m.start !== ward.start || m.end !== ward.end || m.score <= 0 || m.unit.level !== "ward") continue;
    if (m.unit.structure !== "old" || !preds.includes(m.unit) || best.includes(m.unit)) continue;
    if (m.score > bestScore) {
      best.length = 0;
      bestScore = m.score;
    }
    if (m.score === bestScore) best.push(m.unit);
  }
  if (best.length === 1) return best[0];
  const named = best.filter((u) => u.name === name);
  return named.length === 1 ? named[0] : null;
}

/**
 * `converted` with `ward` as its old ward, decided (a former unit the text names stands for it):
 * the predecessors listed as alternatives go, the other alternatives stay.
 */
export function withOldWard(converted: Converted, ward: Unit, index: UnitIndex): Converted {
  return {
    ...converted,
    old: oldOf(index, ward),
    likelier: false,
    alternatives: converted.alternatives.filter((a) => a.reason !== "predecessor"),
  };
}

/**
 * `converted` with `ward` as its new commune, decided (the text names it beside the old ward): the
 * parts of a split ward listed as alternatives go, the other alternatives stay.
 */
export function withNewWard(converted: Converted, ward: Unit, index: UnitIndex): Converted {
  if (converted.new?.ward === ward && !converted.alternatives.some((a) => a.reason === "split-ward")) return converted;
  const alternatives = converted.alternatives.filter((a) => a.reason !== "split-ward");
  return {
    ...converted,
    new: { province: index.unit("new", ward.provinceCode) ?? null, ward },
    ambiguous: alternatives.length > 0 && converted.ambiguous,
    likelier: false,
    alternatives,
  };
}

function oldOf(index: UnitIndex, unit: Unit): OldUnits {
  const province = index.unit("old", unit.provinceCode) ?? null;
  if (unit.level === "district") return { province, district: unit, ward: null };
  return {
    province,
    district: unit.districtCode ? (index.unit("old", unit.districtCode) ?? null) : null,
    ward: unit,
  };
}

/**
 * The mention of the old ward `unit` written bare, alone in the segment right before or after the
 * reading's new commune, named otherwise than the commune and on none of the reading's words (a
 * province's: "Xã Thọ Sơn, Thành phố Đồng Nai" names no old Xã Đồng Nai); none when there is no such mention.
 */
function besideCommune(unit: Unit, reading: Reading, mentions: readonly Mention[], tokens: readonly Token[]): Mention | undefined {
  const commune = reading.ward!;
  // On the reading's words, unless it reads more of them: "Thanh Xuân Bắc, Phường Thanh Xuân" is
  // the old ward Thanh Xuân Bắc, not the district Thanh Xuân and a word "Bắc".
  const onReading = (m: Mention) =>
    [reading.district, reading.province].some(
      (r) => r !== null && m.start < r.end && r.start < m.end && !(m.start <= r.start && r.end <= m.end && m.end - m.start > r.end - r.start),
    );
  return mentions.find(
    (m) =>
      m.unit === unit &&
      !onReading(m) &&
      m.score > 0 &&
      !m.typed &&
      m.unit.name !== commune.unit.name &&
      // Before it, after words that are no house's number: a name opening the text, or after
      // the number alone ("53b, Hàng Bài, Phường Cửa Nam"), is as likely the street's.
      ((m.end === commune.start && m.start > 0 && !tokens[m.start - 1].w.digit) || m.start === commune.end) &&
      wholeSegment(tokens, m.start, m.end),
  );
}

/** Some mention names one of `units` bare (besideCommune's first test; most texts name none of a commune's old wards). */
function someBareMention(units: readonly Unit[], mentions: readonly Mention[]): boolean {
  for (const m of mentions) if (m.score > 0 && !m.typed && units.includes(m.unit)) return true;
  return false;
}

/** Both structures for a reading; `mentions` are searched for hints that narrow a conversion. */
export function convertReading(
  reading: Reading,
  mentions: readonly Mention[],
  index: UnitIndex,
  tokens?: readonly Token[],
): Converted {
  // One function per case, so that a text reaching a rare branch first makes the JIT recompile
  // that case alone (docs/benchmarks.md, session 52).
  if (reading.structure === "old") return convertOldReading(reading, mentions, index);
  if (reading.units.ward) return convertNewCommune(reading, reading.units.ward, mentions, index, tokens);
  return convertNewProvince(reading, mentions, index);
}

/** The mention shares a word with one of the reading's units. */
function overlapsReading(reading: Reading, m: Mention): boolean {
  return overlaps(m, reading.ward) || overlaps(m, reading.district) || overlaps(m, reading.province);
}

/**
 * A unit named with its type word, or with words saying its structure ("Hòa Cường Bắc cũ"),
 * elsewhere in the text ("..., nay là Phường Sài Gòn"), or in the words the reading took for its
 * district though they are typed as this ward ("P. Dịch Vọng Hậu, phường Cầu Giấy": the old Quận
 * Cầu Giấy, and the new Phường Cầu Giấy), or as a ward whose name holds them ("Tổ 5 Quang Trung,
 * Phường Hà Giang 2": the old city, and the new Phường Hà Giang 2).
 */
function namedInText(unit: Unit, reading: Reading, mentions: readonly Mention[]): boolean {
  const district = reading.district;
  const typedAsWardOfDistrict = (m: Mention) =>
    district !== null && !district.typed && m.start <= district.start && m.end >= district.end;
  return mentions.some(
    (m) =>
      m.unit === unit &&
      m.score > 0 &&
      (m.typed || m.stated === unit.structure) &&
      (!overlapsReading(reading, m) || typedAsWardOfDistrict(m)),
  );
}

/** A mention of the unit on words the reading did not take. */
function outsideReading(unit: Unit, reading: Reading, mentions: readonly Mention[]): Mention | undefined {
  return mentions.find((m) => m.unit === unit && m.score > 0 && !overlapsReading(reading, m));
}

/** An old reading: the new commune its ward went into, the likelier part of a split one, or the new province. */
function convertOldReading(reading: Reading, mentions: readonly Mention[], index: UnitIndex): Converted {
  // Written out, not spread: every OldUnits then has one shape, the one oldOf builds.
  const units = reading.units;
  const old: OldUnits = { province: units.province, district: units.district, ward: units.ward };
  const from = old.ward ?? old.district;
  // Old wards and the ward-less island districts have successors; other districts do not.
  // The mention's hit carries the links (no map look-up); the map answers otherwise.
  const fromHit = (old.ward ? reading.ward : reading.district)?.hit;
  let targets: readonly Unit[] =
    fromHit && fromHit.unit === from
      ? fromHit.successors
      : from
        ? (index.successors.get(from.code) ?? [])
        : [];
  if (targets.length > 1) {
    const newProvince = reading.province?.unit.structure === "new" ? reading.province.unit.code : null;
    if (newProvince) targets = targets.filter((u) => u.provinceCode === newProvince);
    const named = targets.filter((u) => namedInText(u, reading, mentions));
    if (named.length === 1) targets = named;
  }
  if (targets.length === 1) {
    const ward = targets[0];
    return {
      old,
      new: { province: index.unit("new", ward.provinceCode) ?? null, ward },
      ambiguous: false,
      alternatives: [],
    };
  }
  if (targets.length > 1) {
    // The likelier part, when the links say which took the ward's main part (mainSuccessor);
    // the others stay listed and `undecided` names new.ward: the text did not decide.
    const main = from ? mainSuccessor(from, targets) : null;
    const province = main ? main.provinceCode : common(targets.map((u) => u.provinceCode));
    return {
      old,
      new: { province: province ? (index.unit("new", province) ?? null) : null, ward: main },
      ambiguous: true,
      likelier: main !== null,
      alternatives: targets
        .filter((u) => u !== main)
        .map((u) => ({
          reason: "split-ward" as const,
          old: null,
          new: { province: unitOut(index.unit("new", u.provinceCode) ?? null), ward: unitOut(u) },
          score: null,
        })),
    };
  }
  // A district read without its ward: the one commune it went into that the text names with its
  // type word beside it ("…, huyện Ninh Giang, tỉnh Hải Dương (nay là xã Khúc Thừa Dụ, …)", where
  // the ward is a former one the sources give no successor for) is the new commune.
  if (old.ward === null && old.district !== null) {
    const named = (index.districtSuccessors.get(old.district.code) ?? []).filter((u) => namedInText(u, reading, mentions));
    if (named.length === 1)
      return {
        old,
        new: { province: index.unit("new", named[0].provinceCode) ?? null, ward: named[0] },
        ambiguous: false,
        alternatives: [],
      };
  }
  const provinces = old.province ? [...(index.oldToNewProvinces.get(old.province.code) ?? [])] : [];
  return {
    old,
    new: provinces.length === 1 ? { province: index.unit("new", provinces[0]) ?? null, ward: null } : null,
    ambiguous: provinces.length > 1,
    alternatives: [],
  };
}

/** A new commune's reading: the old ward it was formed from, when the text or the links decide. */
function convertNewCommune(
  reading: Reading,
  commune: Unit,
  mentions: readonly Mention[],
  index: UnitIndex,
  tokens: readonly Token[] | undefined,
): Converted {
  const neu = { province: reading.units.province, ward: commune };
  const wardHit = reading.ward?.hit;
  let preds: readonly Unit[] =
    wardHit && wardHit.unit === neu.ward
      ? wardHit.predecessors
      : (index.predecessors.get(neu.ward.code) ?? []);
  let writtenBesideDistrict = false;
  // The district that narrows them was read from the commune's own words ("Phường Ba Đình": Quận Ba Đình too).
  let districtOnCommune = false;
  const allPreds = preds;
  if (preds.length > 1) {
    // An old district written in the text (beside the commune, or the same words naming both,
    // as "Thanh Xuân" does) narrows the predecessors.
    const districts = new Set<string>();
    const commune = reading.ward;
    const onCommune = (m: Mention) => commune !== null && m.start < commune.end && commune.start < m.end;
    if (reading.district) {
      districts.add(reading.district.unit.code);
      districtOnCommune = onCommune(reading.district);
    } else {
      districtOnCommune = true;
      for (const m of mentions) {
        const province = reading.province;
        const onProvince = province !== null && m.start < province.end && province.start < m.end;
        if (m.unit.level === "district" && m.score > 0 && !onProvince) {
          districts.add(m.unit.code);
          if (!onCommune(m)) districtOnCommune = false;
        }
      }
    }
    const narrowed = preds.filter((u) => districts.has(u.districtCode ?? u.code));
    if (narrowed.length > 0) preds = narrowed;
    writtenBesideDistrict = narrowed.length > 0;
  }
  if (preds.length > 1) {
    const named = preds.filter((u) => namedInText(u, reading, mentions));
    // Beside its old district, an old ward needs no type word ("Phường Sài Gòn (Nguyễn Thái
    // Bình, Quận 1)"): written elsewhere than the reading's words, and not as a street's. Nor
    // beside the commune itself, alone in the segment next to it ("Lý Thường Kiệt, Lam Sơn,
    // Phường Hạc Thành", as map services write the old ward and the new commune); there a
    // district read from the commune's own words narrows nothing ("Cửa Đông, Phường Ba Đình":
    // Cửa Đông was Hoàn Kiếm's).
    const besideDistrict = named.length > 0 || !writtenBesideDistrict ? [] : preds.flatMap((u) => outsideReading(u, reading, mentions) ?? []);
    const besideOf = districtOnCommune ? allPreds : preds;
    const written =
      named.length > 0 || besideDistrict.length > 0 || !tokens || !reading.ward || !someBareMention(besideOf, mentions)
        ? besideDistrict
        : besideOf.flatMap((u) => besideCommune(u, reading, mentions, tokens) ?? []);
    if (named.length === 1) preds = named;
    else if (written.length === 1)
      return { old: oldOf(index, written[0].unit), new: neu, ambiguous: false, alternatives: [], oldWardWords: written[0] };
  }
  if (preds.length === 1) {
    const old = oldOf(index, preds[0]);
    // Untyped words that are also the old district's ("Liên Chiểu, Đà Nẵng"): the text names the
    // district, the commune is the likelier reading of it, and its one old ward is not written.
    if (reading.ward !== null && !reading.ward.typed && onOldDistrictWords(reading.ward, mentions))
      return {
        old: { ...old, ward: null },
        new: neu,
        ambiguous: false,
        alternatives: [predecessorAlternative(old)],
      };
    return { old, new: neu, ambiguous: false, alternatives: [] };
  }
  // The commune's name is also one of its old wards' ("Phường Tân Định" took Tân Định and part of
  // Đa Kao): that ward is the likelier old one; the others stay listed, so `undecided` says so.
  const ward = reading.ward;
  let likelier = ward ? predecessorOnSameWords(ward, preds, mentions, neu.ward.name) : null;
  // Not when the same words name an old district ("Hải Châu, Đà Nẵng"): they are the district's;
  // unless the commune's type is written and the old ward has it ("Xã Đan Phượng, Hà Nội": the
  // old Xã Đan Phượng; "X. Quốc Oai" names no old Thị trấn Quốc Oai), or the district is written
  // apart from them ("Xã Ea Kar, Huyện Ea Kar": the old Thị trấn Ea Kar, whose code the commune kept).
  if (
    likelier &&
    ward !== null &&
    !(reading.district !== null && !overlaps(reading.district, ward)) &&
    !(ward.typed && likelier.type === neu.ward.type) &&
    onOldDistrictWords(ward, mentions)
  )
    likelier = null;
  const olds = preds.map((u) => oldOf(index, u));
  const province = common(olds.map((o) => o.province));
  const district = common(olds.map((o) => o.district));
  return {
    old: likelier ? oldOf(index, likelier) : olds.length ? { province, district, ward: null } : null,
    likelier: likelier !== null,
    new: neu,
    ambiguous: false,
    alternatives: olds.map(predecessorAlternative),
  };
}

/** An old ward the new commune was formed from, listed as an alternative the text does not decide. */
function predecessorAlternative(old: OldUnits): AlternativeOut {
  return {
    reason: "predecessor",
    old: { province: unitOut(old.province), district: unitOut(old.district), ward: unitOut(old.ward) },
    new: null,
    score: null,
  };
}

/** The new commune's name is also read as an old district its old wards lay in ("Liên Chiểu", "Hải Châu"). */
function onOldDistrictWords(ward: Mention, mentions: readonly Mention[]): boolean {
  const districts = ward.hit.oldDistricts;
  if (districts === undefined) return false;
  return mentions.some((m) => m.unit.level === "district" && m.nameStart === ward.nameStart && m.end === ward.end && districts.has(m.unit.code));
}

/** A reading of a new province alone: the old province of the same name, or the one written beside it. */
function convertNewProvince(reading: Reading, mentions: readonly Mention[], index: UnitIndex): Converted {
  const neu: NewUnits = { province: reading.units.province, ward: null };
  const olds = neu.province ? (index.newToOldProvinces.get(neu.province.code) ?? []) : [];
  if (olds.length === 1)
    return {
      old: { province: index.unit("old", olds[0]) ?? null, district: null, ward: null },
      new: neu,
      ambiguous: false,
      alternatives: [],
    };
  // One of the old provinces that formed it written elsewhere in the text ("TP.HCM (Bình Dương
  // cũ)") is the old one. Else a new province named like one of them ("TP.HCM": Hồ Chí Minh, Bình
  // Dương and Bà Rịa - Vũng Tàu) is that one, the likelier; the others stay listed.
  const oldProvinces = olds.map((code) => index.unit("old", code)).filter((u) => u !== undefined);
  const written = oldProvinces.filter((u) => outsideReading(u, reading, mentions) !== undefined);
  if (written.length === 1)
    return { old: { province: written[0], district: null, ward: null }, new: neu, ambiguous: false, alternatives: [] };
  const sameName = neu.province ? oldProvinces.filter((u) => u.name === neu.province!.name) : [];
  return {
    old: sameName.length === 1 ? { province: sameName[0], district: null, ward: null } : null,
    new: neu,
    ambiguous: false,
    likelier: sameName.length === 1,
    alternatives: olds.map((code) => ({
      reason: "predecessor" as const,
      old: { province: unitOut(index.unit("old", code) ?? null), district: null, ward: null },
      new: null,
      score: null,
    })),
  };
}

/**
 * Readings the text does not decide between (scores tied at the top), each converted: the answer
 * keeps a unit only where every reading gives the same one and leaves the undecided levels null.
 * Each reading becomes one `reading` alternative per complete choice, with its old units and its
 * new ones: a split old ward gives one per new commune, a new commune formed from several old
 * wards one per predecessor, so a client can offer them as they are.
 */
export function mergeTied(
  tied: readonly { reading: Reading; converted: Converted }[],
  index: UnitIndex,
): Converted {
  const at = <T>(pick: (c: Converted) => T | null | undefined): T | null =>
    common(tied.map((t) => pick(t.converted) ?? null));
  const oldProvince = at((c) => c.old?.province);
  const oldDistrict = at((c) => c.old?.district);
  const oldWard = at((c) => c.old?.ward);
  const newProvince = at((c) => c.new?.province);
  const newWard = at((c) => c.new?.ward);
  const alternatives: AlternativeOut[] = [];
  for (const { reading, converted } of tied) {
    const score = Math.round(reading.score * 1000) / 1000;
    const old = converted.old;
    const neu = converted.new;
    const choices: { old: OldUnits | null; new: NewUnits | null }[] = [];
    for (const alt of converted.alternatives) {
      if (alt.reason === "split-ward" && alt.new?.ward) {
        const ward = index.unit("new", alt.new.ward.code) ?? null;
        choices.push({
          old,
          new: { province: ward ? (index.unit("new", ward.provinceCode) ?? null) : null, ward },
        });
      } else if (alt.reason === "predecessor" && alt.old) {
        const o = alt.old;
        const unit = (u: typeof o.ward) => (u ? (index.unit("old", u.code) ?? null) : null);
        choices.push({
          old: { province: unit(o.province), district: unit(o.district), ward: unit(o.ward) },
          new: neu,
        });
      }
    }
    if (choices.length === 0) choices.push({ old, new: neu });
    for (const c of choices)
      alternatives.push({
        reason: "reading",
        old: c.old
          ? {
              province: unitOut(c.old.province),
              district: unitOut(c.old.district),
              ward: unitOut(c.old.ward),
            }
          : null,
        new: c.new ? { province: unitOut(c.new.province), ward: unitOut(c.new.ward) } : null,
        score,
      });
  }
  const anyOld = oldProvince || oldDistrict || oldWard;
  const anyNew = newProvince || newWard;
  return {
    old: anyOld ? { province: oldProvince, district: oldDistrict, ward: oldWard } : null,
    new: anyNew ? { province: newProvince, ward: newWard } : null,
    ambiguous: true,
    alternatives,
  };
}

/**
 * The old district read from the very words a new reading's commune was read from without its type
 * word ("Hoàn Kiếm": Phường Hoàn Kiếm, and Quận Hoàn Kiếm), or undefined.
 */
export function districtOnCommuneWords(reading: Reading, mentions: readonly Mention[]): Mention | undefined {
  const ward = reading.ward;
  if (reading.structure !== "new" || !ward || ward.typed || ward.unit.level !== "ward") return undefined;
  return mentions.find(
    (m) => m.unit.level === "district" && m.score > 0 && m.nameStart === ward.nameStart && m.end === ward.end,
  );
}

/**
 * The new commune read from words that also name the old district ("58 Quán Sứ, Hoàn Kiếm, Hà
 * Nội": Phường Hoàn Kiếm, or any commune Quận Hoàn Kiếm went into) when that district went into
 * several communes: the text does not decide which, unless a street table did (we ship none), so
 * the reading's commune is kept as the likelier answer and the district's other communes are
 * returned as `split-district` alternatives. Null when the reading is not such a case.
 */
export function districtReadAsCommune(
  best: Reading,
  mentions: readonly Mention[],
  index: UnitIndex,
): AlternativeOut[] | null {
  const ward = best.ward;
  const district = districtOnCommuneWords(best, mentions);
  if (!ward || !district) return null;
  const communes = index.districtSuccessors.get(district.unit.code) ?? [];
  if (communes.length < 2) return null;
  const oldProvince = index.unit("old", district.unit.provinceCode) ?? null;
  return communes
    .filter((u) => u !== ward.unit)
    .map((u) => ({
      reason: "split-district" as const,
      old: { province: unitOut(oldProvince), district: unitOut(district.unit), ward: null },
      new: { province: unitOut(index.unit("new", u.provinceCode) ?? null), ward: unitOut(u) },
      score: null,
    }));
}
