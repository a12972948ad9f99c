/**
 * Stage 4c: former units. When the best reading has no ward, a name the text gives where a ward
 * (or district, or province) belongs may be a unit merged away or renamed before the March 2025
 * list ("Phường Quốc Tử Giám, Đống Đa", "Quận 9"): the registry's former-units table
 * (units/former-units.ts) names it, where it lay and, where the sources decide, its successor.
 * Only a former unit inside the place the reading names counts, so a street or hamlet that happens
 * to carry an old commune's name elsewhere does not.
 */
import type { FormerUnit, FormerUnits } from "../units/former-units.js";
import { nameKey, type TypePhrase } from "../units/name-analysis.js";
import type { Unit } from "../units/types.js";
import { LEVEL_TYPES } from "./lexicon.js";
import { type Mention, typePhraseAt, typeWordSpelledOtherwiseAt, wordsMarkedOtherwise } from "./mentions.js";
import type { Reading } from "./resolve.js";
import type { Token } from "./tokenise.js";
import type { UnitIndex } from "./unit-index.js";

/** A former unit the text names, and where. */
export interface FormerMention {
  start: number;
  end: number;
  former: FormerUnit;
  /** A type word of the former unit's level was written before the name. */
  typed: boolean;
  /**
   * Written as itself: its own type word ("Thị trấn Neo", not "Xã Neo") and its name not marked
   * otherwise ("Yên Lạc" is no Yến Lạc).
   */
  asItself?: boolean;
  /** Letters written wrong in reaching its name (placed-typos.ts findFormerWardInPlace); absent when written as it is. */
  slips?: number;
  /**
   * Untyped, opening its segment, with more words after it there: a former unit only when the
   * reading's unit starts right after it ("Quốc Tử Giám Đống Đa Hà Nội"), else a street's words.
   */
  runsOn?: boolean;
}

/** The former unit lies inside the place the reading names (its district, or its province). */
function inside(former: FormerUnit, reading: Reading, index: UnitIndex): boolean {
  const { row } = former;
  const units = reading.units;
  if (row.level === "province") return true;
  if (row.level === "ward" && units.district && reading.structure === "old")
    return former.parent === units.district;
  const province = units.province;
  if (!province || !former.province) return false;
  if (province.structure === "old") return province === former.province;
  return index.oldToNewProvinces.get(former.province.code)?.has(province.code) ?? false;
}

/** A current unit of the former unit's level has its name ("Xã Tân Phú": dozens do). */
function namedNow(former: FormerUnit, index: UnitIndex): boolean {
  const hits = index.hitsOf(former.row.key)?.hits ?? [];
  return hits.some((h) => !h.alias && h.unit.level === former.row.level);
}

/** The reading's unit at the former unit's level (old structure), or null when it has none. */
function unitAtLevel(former: FormerUnit, reading: Reading): Unit | null {
  const units = reading.units;
  const level = former.row.level;
  const unit = level === "ward" ? units.ward : level === "district" ? units.district : units.province;
  return unit ?? null;
}

/**
 * How the former unit fits the reading: "fills" a level the reading lacks, inside the place it
 * names; "agrees" with the unit it has there (the former unit's successor: "Quận 9" beside Thành
 * phố Thủ Đức, "Hà Tây" beside a commune of Hà Nội); or null.
 */
function fit(m: FormerMention, reading: Reading | undefined, index: UnitIndex): "fills" | "agrees" | null {
  const former = m.former;
  // With no place read, a ward or district written as itself ("Thị trấn Neo") is read on its own,
  // when no current unit of its level has its name and no other former unit its name and type
  // (matchReading: a tie decides nothing).
  if (!reading) return former.row.level === "province" || (m.asItself && !namedNow(former, index)) ? "fills" : null;
  const unit = unitAtLevel(former, reading);
  if (unit === null) {
    // A ward needs its district or province named; a district its province.
    if (former.row.level === "district" && reading.units.ward !== null) return null;
    return inside(former, reading, index) ? "fills" : null;
  }
  if (unit.structure === "old") return former.successors.includes(unit) ? "agrees" : null;
  // A new province: the former province's successor went into it.
  if (former.row.level !== "province") return null;
  return former.successors.some((s) => index.oldToNewProvinces.get(s.code)?.has(unit.code)) ? "agrees" : null;
}

/**
 * Every span of the text that could name a former unit, whatever the reading: a name starting a
 * segment or following a type word of its level; without a type word it must fill its segment
 * (a bare "Cầu Dền" inside a longer phrase is a street) or be followed by the reading's unit
 * (`runsOn`), and must not be a bare number.
 */
export function formerCandidates(tokens: readonly Token[], index: UnitIndex): FormerMention[] {
  const formerUnits = index.registry.formerUnits;
  const out: FormerMention[] = [];
  if (formerUnits.size === 0) return out;
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const segmentStart = i === 0 || tokens[i - 1].seg !== tokens[i].seg;
    // A word that folds like a type word but is written otherwise ("Phương Linh", "Tình Húc": not
    // Phường, Tỉnh; "Ký túc xá Mỹ Đình": no Xã Mỹ Đình) types nothing; opening the segment, it is
    // a name, read from that word (as findMentions reads it).
    let phrase = typePhraseAt(tokens, i);
    if (phrase && typeWordSpelledOtherwiseAt(tokens, i)) phrase = null;
    if (!phrase && !segmentStart) continue;
    formerNamesFrom(tokens, i, phrase, formerUnits, out);
    // A type word written without marks opening the segment may be a name's first word ("Phuong
    // Son, Nha Trang": Phương Sơn, merged away; "Phường Sơn" names nothing there).
    if (phrase && segmentStart && tokens[i].lower === tokens[i].f) formerNamesFrom(tokens, i, null, formerUnits, out);
  }
  return out;
}

/** The former units named from token i on, after the type phrase `phrase` or none, into `out`. */
function formerNamesFrom(
  tokens: readonly Token[],
  i: number,
  phrase: TypePhrase | null,
  formerUnits: FormerUnits,
  out: FormerMention[],
): void {
  const n = tokens.length;
  const nameStart = phrase ? i + phrase.words.length : i;
  let key = "";
  for (let len = 1; len <= formerUnits.maxWords; len++) {
    const end = nameStart + len;
    if (end > n || tokens[end - 1].seg !== tokens[i].seg) break;
    key = len === 1 ? tokens[nameStart].w.key : `${key} ${tokens[end - 1].w.key}`;
    if (!formerUnits.startsKey(key)) break;
    const runsOn = !phrase && end < n && tokens[end].seg === tokens[i].seg;
    for (const former of formerUnits.named(key) ?? []) {
      const levelTypes = LEVEL_TYPES[former.row.level];
      const typed = phrase?.types.some((t) => levelTypes.includes(t)) ?? false;
      // A type word of another level ("Đường Cầu Dền") says it is not this unit.
      if (phrase && !typed) continue;
      if (!typed && /^\d+$/.test(key)) continue;
      const asItself =
        (phrase?.types.includes(former.row.type) ?? false) && !wordsMarkedOtherwise(tokens, nameStart, end, former.row.name);
      out.push(runsOn ? { start: i, end, former, typed, runsOn } : { start: i, end, former, typed, asItself });
    }
  }
}

/** What the former units the text names make of one of its readings. */
export interface FormerMatch {
  /** The reading they complete or agree with. */
  reading: Reading | undefined;
  /** At most one per level, ward first, none overlapping another or the reading's units. */
  mentions: FormerMention[];
  /** Parallel to `mentions`: whether each fills a level the reading lacks. */
  fills: boolean[];
  /** The reading's score with the former units' evidence added. */
  score: number;
}

const LEVEL_ORDER = ["ward", "district", "province"] as const;

/**
 * What a former unit adds to a reading's score, on the scale of mentions.ts: a typed name filling
 * a level as much as a typed unit's name; one agreeing with a unit already read explains words,
 * a little more.
 */
const FORMER_SCORE = { typed: 1.3, untyped: 1, agrees: 0.3 };

/** Readings beyond the first few are not worth completing. */
const MAX_READINGS_TRIED = 8;
/** ... nor, beyond the first few, those that leave the former names' words free. */
const MAX_FREE_READINGS_TRIED = 4;

/** The reading reads a unit above the former one starting right after its name. */
function unitRightAfter(m: FormerMention, reading: Reading | undefined): boolean {
  if (reading === undefined) return false;
  const above = m.former.row.level === "ward" ? [reading.district, reading.province] : [reading.province];
  return above.some((u) => u !== null && u.start === m.end);
}

/** The reading has no unit at the former unit's level. */
function lacksLevel(reading: Reading, m: FormerMention): boolean {
  const level = m.former.row.level;
  return (level === "ward" ? reading.ward : level === "district" ? reading.district : reading.province) === null;
}

/** One of the reading's units lies on the former name's words. */
function readingOverlaps(reading: Reading, m: FormerMention): boolean {
  return overlaps(reading.ward, m) || overlaps(reading.district, m) || overlaps(reading.province, m);
}

function overlaps(u: Mention | null, m: FormerMention): boolean {
  return u !== null && m.start < u.end && u.start < m.end;
}

/** The former units that fit one reading, per level (see matchFormer). */
function matchReading(
  candidates: readonly FormerMention[],
  reading: Reading | undefined,
  index: UnitIndex,
): FormerMatch | null {
  const covered = (m: FormerMention) => reading !== undefined && readingOverlaps(reading, m);
  const mentions: FormerMention[] = [];
  const fills: boolean[] = [];
  let score = reading?.score ?? 0;
  for (const level of LEVEL_ORDER) {
    let best: FormerMention | null = null;
    let bestFit: "fills" | "agrees" | null = null;
    let tie = false;
    for (const m of candidates) {
      if (m.former.row.level !== level || covered(m) || (m.runsOn && !unitRightAfter(m, reading))) continue;
      if (mentions.some((o) => m.start < o.end && o.start < m.end)) continue;
      // A former district beside a former ward of another district ("Phường Nghi Hòa, thị xã Cửa
      // Lò": Xã Nghi Hoa lay in Nghi Lộc) is no place of it: the two explain the text only apart.
      if (level === "district" && mentions.some((w) => w.former.row.level === "ward" && !wardOfDistrict(w.former, m.former))) continue;
      const how = fit(m, reading, index);
      if (!how) continue;
      if (best) {
        const longer = m.end - m.start - (best.end - best.start);
        if (longer < 0 || (longer === 0 && best.typed && !m.typed)) continue;
        if (longer === 0 && best.typed === m.typed) {
          tie ||= best.former !== m.former;
          continue;
        }
      }
      best = m;
      bestFit = how;
      tie = false;
    }
    if (best && !tie) {
      mentions.push(best);
      fills.push(bestFit === "fills");
      score +=
        bestFit === "agrees" ? FORMER_SCORE.agrees : best.typed ? FORMER_SCORE.typed : FORMER_SCORE.untyped;
    }
  }
  return mentions.length > 0 ? { reading, mentions, fills, score } : null;
}

/** The former ward lay in the former district, or in the district it went into. */
function wardOfDistrict(ward: FormerUnit, district: FormerUnit): boolean {
  const parent = ward.row.parent;
  return parent !== null && (parent === district.row.code || district.row.successors.includes(parent));
}

/**
 * The reading (among the first few) that scores best once the former units it admits are added
 * as evidence, and those units: per level, the longest span, a typed one before an untyped one;
 * two different former units as good as each other at a level decide nothing there. Null when no
 * former unit fits, or when the best reading without them still scores higher.
 */
export function matchFormer(
  candidates: readonly FormerMention[],
  readings: readonly Reading[],
  index: UnitIndex,
): FormerMatch | null {
  if (candidates.length === 0) return null;
  let best: FormerMatch | null = null;
  // Where no reading names a district or province, no reading at all is tried too: a former unit
  // written as itself may explain more than a ward read alone ("Phường Tân Chính": no Tân Thịnh
  // through a slip). A place the text may name is never dropped for it.
  const tried: (Reading | undefined)[] = readings.slice(0, MAX_READINGS_TRIED);
  if (readings.every((r) => r.district === null && r.province === null)) tried.push(undefined);
  // Units elsewhere named like the former one can fill the first places ("Phường Lê Lợi, Quy
  // Nhơn": a Phường Lê Lợi in many provinces); the best few readings that leave a former name's
  // words free, at a level they lack, are the ones it can complete (there, the new ward Quy Nhơn,
  // then the old district; "X. Xuân Sơn, Thọ Xuân": the district, though a former township was
  // also named Thọ Xuân).
  let free = 0;
  for (const r of readings) {
    if (free === MAX_FREE_READINGS_TRIED) break;
    if (tried.includes(r) || !candidates.some((m) => lacksLevel(r, m) && !readingOverlaps(r, m))) continue;
    free++;
    tried.push(r);
  }
  // So is the best reading of a district with no ward, which a former ward may complete ("P. Bình
  // An, Q.2": the ward of Quận 2 merged into An Khánh, while wards named Bình An elsewhere fill the
  // first places).
  const place = readings.find((r) => r.ward === null && r.district !== null);
  if (place !== undefined && !tried.includes(place)) tried.push(place);
  for (const reading of tried) {
    const match = matchReading(candidates, reading, index);
    if (match && (!best || match.score > best.score)) best = match;
  }
  return best && best.score > (readings[0]?.score ?? 0) ? best : null;
}

/** The successor the former unit resolves to, when the sources name exactly one. */
export function soleSuccessor(former: FormerUnit): Unit | null {
  return former.successors.length === 1 ? former.successors[0] : null;
}

/**
 * The stand-in reading of a match: the lowest former unit that fills a level and has one
 * successor takes the successor's place in the reading (formerReading); else the reading itself.
 */
export function standIn(
  match: FormerMatch,
  index: UnitIndex,
  tokens: readonly Token[],
): { reading: Reading | undefined; mention: FormerMention | null } {
  for (let k = 0; k < match.mentions.length; k++) {
    if (!match.fills[k]) continue;
    const r = formerReading(match.mentions[k], match.reading, index);
    if (r) return { reading: { ...r, score: match.score }, mention: match.mentions[k] };
    // A ward without a known successor: only its place is known; a district above it may still say more.
  }
  // Else the district the former ward lay in, where the reading has none ("P. Đống Mác, Hà
  // Nội": Quận Hai Bà Trưng), when its name ends its segment: a former name inside longer words
  // ("Xã An Lạc Thôn" holds Phường An Lạc of Ninh Kiều) may be another unit's beginning. `former`
  // says the ward itself was not resolved.
  for (let k = 0; k < match.mentions.length; k++) {
    const { end } = match.mentions[k];
    if (!match.fills[k] || (end < tokens.length && tokens[end].seg === tokens[end - 1].seg)) continue;
    const r = districtOfFormerWard(match.mentions[k], match.reading);
    if (r) return { reading: { ...r, score: match.score }, mention: null };
  }
  return { reading: match.reading ? { ...match.reading, score: match.score } : undefined, mention: null };
}

/**
 * The reading with the district a former ward lay in (its parent, old structure) filled in, or
 * null when the mention is no ward, its district is unknown, or the reading has a district or a
 * commune of its own.
 */
function districtOfFormerWard(mention: FormerMention, reading: Reading | undefined): Reading | null {
  const { former } = mention;
  if (former.row.level !== "ward" || former.parent === null || former.province === null) return null;
  if (reading && (reading.units.district !== null || reading.units.ward !== null)) return null;
  const province = reading?.province ?? null;
  return {
    structure: "old",
    ward: null,
    district: null,
    province,
    units: { ward: null, district: former.parent, province: former.province },
    mixed: province !== null && province.unit.structure === "new",
    score: reading?.score ?? 0,
    against: reading?.against ?? null,
  };
}

/**
 * The reading with the former unit's successor in its place, or null when the sources do not
 * name exactly one successor (then only the place around it is known). The successor takes the
 * former name's words, as if the text had named it: the conversion to the new structure then
 * follows from it like from any old unit.
 */
export function formerReading(
  mention: FormerMention,
  reading: Reading | undefined,
  index: UnitIndex,
): Reading | null {
  const unit = soleSuccessor(mention.former);
  if (!unit) return null;
  const hit = index.hitsOf(nameKey(unit.name))?.hits.find((h) => h.unit === unit && !h.alias);
  if (!hit) return null;
  const m: Mention = {
    start: mention.start,
    nameStart: mention.start,
    end: mention.end,
    unit,
    hit,
    score: 1,
    typed: mention.typed,
    fuzzy: false,
    distance: 0,
    declared: false,
    declaredInRun: false,
    toneMismatch: false,
    writtenDistrict: false,
  };
  const level = unit.level;
  const base = reading ?? null;
  // The written district and province stay as the reading read them (an old district always).
  const district = level === "district" ? m : (base?.district ?? null);
  const province = level === "province" ? m : (base?.province ?? null);
  return {
    structure: "old",
    ward: level === "ward" ? m : null,
    district,
    province,
    units: {
      ward: level === "ward" ? unit : null,
      district: level === "ward" ? hit.district : level === "district" ? unit : null,
      province: level === "province" ? unit : hit.province,
    },
    mixed: province !== null && province.unit.structure === "new",
    score: base?.score ?? 0,
    against: base?.against ?? null,
  };
}

/**
 * The former ward the text names on the very words a new commune's reading took, when its one
 * successor is among the commune's old wards (`predecessors`) and the text says it means the former
 * ward: by its type word where the commune has another ("Thị trấn Cẩm Thủy, Thanh Hóa": the
 * township renamed Phong Sơn, one of the old wards the new Xã Cẩm Thủy was formed from),
 * or by writing the former ward's own district (`district`). That successor is the old ward the
 * text means. Null otherwise: "Phường Chơn Thành, Đồng Nai" names the new ward as it is typed.
 */
export function formerWardOnCommuneWords(
  tokens: readonly Token[],
  ward: Mention,
  district: Unit | null,
  predecessors: readonly Unit[],
  index: UnitIndex,
): { mention: FormerMention; successor: Unit } | null {
  const formerUnits = index.registry.formerUnits;
  if (!predecessors.some((p) => formerUnits.succeedsFormerWard(p))) return null;
  const phrase = typePhraseAt(tokens, ward.start);
  if (phrase === null || typeWordSpelledOtherwiseAt(tokens, ward.start)) return null;
  if (ward.start + phrase.words.length !== ward.nameStart) return null;
  if (!phrase.types.some((t) => LEVEL_TYPES.ward.includes(t))) return null;
  let key = "";
  for (let k = ward.nameStart; k < ward.end; k++) key += (k === ward.nameStart ? "" : " ") + tokens[k].w.key;
  let found: { mention: FormerMention; successor: Unit } | null = null;
  for (const former of formerUnits.named(key) ?? []) {
    if (former.row.level !== "ward") continue;
    const typedAsFormer = phrase.types.includes(former.row.type) && !phrase.types.includes(ward.unit.type);
    if (!typedAsFormer && (district === null || former.parent !== district)) continue;
    const successors = former.successors;
    if (successors.length !== 1 || !predecessors.includes(successors[0])) continue;
    if (found !== null && found.successor !== successors[0]) return null;
    found = { mention: { start: ward.start, end: ward.end, former, typed: true }, successor: successors[0] };
  }
  return found;
}

