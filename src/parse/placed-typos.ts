/**
 * A commune's name written with more damage than the country-wide typo search dares to read
 * ("Xã Suố Quyề", "Thị trấn Đại ìnsh", "Phường Thắncg hì"), once the text has named the place
 * it lies in: an old district (a few dozen wards) or a new province (a hundred or so communes).
 * Among so few, the one nearest the written words is a safe reading when it is clearly nearer
 * than every other, as a person reading the address would take it.
 */
import { fold } from "../text/fold.js";
import { damerauLevenshtein } from "../units/fuzzy-keys.js";
import type { FormerUnit } from "../units/former-units.js";
import type { Unit } from "../units/types.js";
import { isHouseNumber, LEVEL_BIT, LEVEL_TYPES } from "./lexicon.js";
import type { FormerMention } from "./former.js";
import { type Mention, phraseMask, typePhraseAt, typoMention } from "./mentions.js";
import { isPartKeyword } from "./parts.js";
import { isStructureRemark } from "./stated-structure.js";
import { firstAmongClose, type Reading } from "./resolve.js";
import type { Token } from "./tokenise.js";
import { looseKey, type PlacedSpelling, type UnitIndex } from "./unit-index.js";

/** How a commune's name is written: after its type word, bare, or after a first word read as a damaged type word. */
type WrittenAs = "typed" | "bare" | "damaged";

/** Most name words read as one commune's name. */
const MAX_NAME_WORDS = 4;

/**
 * Edits allowed between the written words and a name, by the letters written: one for a short
 * name, where two would reach half the place's communes; more as names grow. A name written
 * without its type word gets one fewer: the words may be a street's or a hamlet's.
 */
function allowedEdits(letters: number, typed: boolean): number {
  const edits = letters < 5 ? 1 : letters < 9 ? 2 : 3;
  return typed ? edits : edits - 1;
}

/**
 * The mention of the commune the words of one segment name with typos, within the place the
 * best reading names (its written old district, else its written new province), or none. Asked
 * only of a reading without a commune. Looks at segments no unit of the reading takes that do
 * not start with a house number or a part's keyword: the words after a commune's type word, or,
 * in the segment right before the place's own, the whole segment (its first word also left out,
 * as a type word damaged past reading: "gã Ẳn Cang", "hường ubch Dừa").
 */
export function findCommuneInPlace(
  tokens: readonly Token[],
  readings: readonly Reading[],
  claimed: Uint8Array,
  index: UnitIndex,
): Mention | null {
  // The best reading's place first; a close one's after it.
  return firstAmongClose(readings, (reading) => communeInPlaceOf(tokens, reading, claimed, index));
}

function communeInPlaceOf(
  tokens: readonly Token[],
  best: Reading,
  claimed: Uint8Array,
  index: UnitIndex,
): Mention | null {
  if (best.units.ward !== null) return null;
  const placeMention = best.district ?? (best.structure === "new" ? best.province : null);
  if (placeMention === null || placeMention.score <= 0) return null;
  const place: Unit = placeMention.unit;
  if (place.structure === "old" && place.level !== "district") return null;
  if (index.wardSpellingsIn(place).length === 0) return null;
  const near = nearestInWardSegments(tokens, best, claimed, placeMention, (start, nameStart, end, how) =>
    nearestIn(tokens, start, nameStart, end, how, index, place),
  );
  return near?.mention ?? null;
}

/**
 * A ward merged away before 2025 written with a slip, in the old district the best reading names
 * ("Phường Bình Hin, Quận Hải Châu": Bình Hiên, merged into Phước Ninh; "P. Thống Nhấất, TP Buôn
 * Ma Thuột"): the former ward of that district nearest the words, when it is clearly nearer than
 * every other former ward and every ward of the district today. Asked where the district's wards
 * gave none (findCommuneInPlace); the former units' stage (former.ts) weighs what it returns.
 */
export function findFormerWardInPlace(
  tokens: readonly Token[],
  readings: readonly Reading[],
  claimed: Uint8Array,
  index: UnitIndex,
): FormerMention | null {
  return firstAmongClose(readings, (reading) => formerWardInPlaceOf(tokens, reading, claimed, index));
}

function formerWardInPlaceOf(
  tokens: readonly Token[],
  best: Reading,
  claimed: Uint8Array,
  index: UnitIndex,
): FormerMention | null {
  const district = best.district;
  if (best.units.ward !== null || district === null || district.score <= 0 || best.structure !== "old") return null;
  const formerWards = index.registry.formerUnits.wardsOf(district.unit.code);
  if (formerWards.length === 0) return null;
  const near = nearestInWardSegments(tokens, best, claimed, district, (start, nameStart, end, how) =>
    nearestFormerIn(tokens, start, nameStart, end, how, index, district.unit, formerWards),
  );
  return near?.mention ?? null;
}

/**
 * The nearest reading `look` finds in the segments where a ward of the best reading's place may be
 * written: the words after a commune's type word, or, in the segment right before the place's own,
 * the whole segment (its first word also left out, as a type word damaged past reading: "gã Ẳn
 * Cang", "hường ubch Dừa"). Only segments no unit of the reading takes that do not start with a
 * house number or a part's keyword.
 */
function nearestInWardSegments<T extends { distance: number }>(
  tokens: readonly Token[],
  best: Reading,
  claimed: Uint8Array,
  placeMention: Mention,
  look: (start: number, nameStart: number, end: number, how: WrittenAs) => T | null,
): T | null {
  const placeSeg = tokens[placeMention.start].seg;
  let found: T | null = null;
  const keep = (near: T | null) => {
    if (near !== null && (found === null || near.distance < found.distance)) found = near;
  };
  let segStart = 0;
  while (segStart < tokens.length) {
    let segEnd = segStart;
    while (segEnd < tokens.length && tokens[segEnd].seg === tokens[segStart].seg) segEnd++;
    let free = true;
    for (let k = segStart; k < segEnd && free; k++) if (readingTakes(best, k)) free = false;
    // A keyword as written opens a part, not a commune: "Làng Thượng" does, "Láng Thượn" does not.
    if (free && !isHouseNumber(tokens[segStart].f) && !isPartKeyword(tokens[segStart])) {
      let typedAt = -1;
      let nameStart = -1;
      for (let k = segStart; k < segEnd && typedAt < 0; k++) {
        const phrase = typePhraseAt(tokens, k);
        if (phrase !== null && (phraseMask(phrase).levels & LEVEL_BIT.ward) !== 0) {
          typedAt = k;
          nameStart = k + phrase.words.length;
        }
      }
      if (typedAt >= 0) {
        keep(look(typedAt, nameStart, segEnd, "typed"));
      } else if (tokens[segStart].seg + 1 === placeSeg && claimed[segStart] === 0) {
        keep(look(segStart, segStart, segEnd, "bare"));
        const damaged = damagedTypeWords(tokens, segStart, segEnd);
        if (damaged > 0) keep(look(segStart, segStart + damaged, segEnd, "damaged"));
      }
    }
    segStart = segEnd;
  }
  return found;
}

/**
 * The commune the whole of a ward's segment names through typos, where the best reading took a
 * shorter name and left the rest of the segment unread ("Phường Tân Sơơn Nhhất": Tân Sơn and
 * "Nhhất"; "Xã Mỹ Long Nm": Mỹ Long and "Nm"): another commune of the same district (new
 * structure: province), the nearest to the whole and nearer than any other. The caller prefers
 * the reading it makes.
 */
export function longerCommuneInPlace(tokens: readonly Token[], best: Reading, index: UnitIndex): Mention | null {
  const ward = best.ward;
  if (ward === null) return null;
  const seg = tokens[ward.start].seg;
  let end = ward.end;
  while (end < tokens.length && tokens[end].seg === seg) end++;
  if (end === ward.end) return null;
  for (let k = ward.end; k < end; k++) {
    const t = tokens[k];
    if (t.w.digit || readingTakes(best, k) || isStructureRemark(t)) return null;
    // A word that names a district or province ("CT" for Cần Thơ) is the place's, not the name's.
    if ((index.hitsOf(t.w.key)?.upper.length ?? 0) > 0) return null;
  }
  const place = best.structure === "old" ? best.units.district : best.units.province;
  if (place === null) return null;
  const how = ward.start < ward.nameStart ? "typed" : "bare";
  const near = nearestIn(tokens, ward.start, ward.nameStart, end, how, index, place);
  return near === null || near.mention.unit === ward.unit ? null : near.mention;
}

/** A unit of the reading takes token k. */
function readingTakes(r: Reading, k: number): boolean {
  const within = (m: Mention | null) => m !== null && m.start <= k && k < m.end;
  return within(r.ward) || within(r.district) || within(r.province);
}

interface Near {
  mention: Mention;
  distance: number;
}

/** Commune type phrases, folded ("phuong", "xa", "thi tran", "dac khu"), that damaged first words may have been. */
const COMMUNE_TYPES = LEVEL_TYPES.ward.map((t) => fold(t));

/**
 * How many words opening the segment (one or two, with a name after them) are one edit from a
 * commune's type phrase without being it ("hường", "gã", "Xãc", "Thi tan"); 0 when none are.
 */
function damagedTypeWords(tokens: readonly Token[], segStart: number, segEnd: number): number {
  let phrase = "";
  for (let n = 1; n <= 2 && segStart + n < segEnd; n++) {
    phrase = n === 1 ? tokens[segStart].f : `${phrase} ${tokens[segStart + n - 1].f}`;
    const typed = phrase;
    if (COMMUNE_TYPES.some((t) => typed !== t && damerauLevenshtein(typed, t, 1) <= 1)) return n;
  }
  return 0;
}

/**
 * The commune of `place` (its spellings: index.wardSpellingsIn) nearest the words [nameStart,
 * end), when it is clearly the nearest (no other commune as near) and within the edits allowed;
 * its mention spans [start, end).
 * `how`: after a type word, bare, or after a first word read as a damaged type word.
 */
function nearestIn(
  tokens: readonly Token[],
  start: number,
  nameStart: number,
  end: number,
  how: WrittenAs,
  index: UnitIndex,
  place: Unit,
): Near | null {
  const named = damagedNameKey(tokens, nameStart, end, how);
  if (named === null) return null;
  const { key, max } = named;
  // Words that spell a commune exactly name that commune, wherever it lies (another province's,
  // written beside this one by mistake, is for the resolver to weigh), not a near one here.
  if ((index.hitsOf(key)?.wards.length ?? 0) > 0) return null;
  let distance = max + 1;
  let runnerUp = max + 1;
  let nearest: PlacedSpelling | null = null;
  const loose = looseKey(key);
  // Looked up only here: most words are turned away above.
  for (const s of index.wardSpellingsIn(place)) {
    const d = damerauLevenshtein(loose, s.loose, max);
    if (d > max) continue;
    if (nearest !== null && s.hit.unit === nearest.hit.unit) {
      if (d < distance) {
        distance = d;
        nearest = s;
      }
    } else if (d < distance) {
      runnerUp = distance;
      distance = d;
      nearest = s;
    } else if (d < runnerUp) runnerUp = d;
  }
  // An exact spelling is the exact search's to read; two communes as near say nothing.
  if (nearest === null || distance === 0 || runnerUp <= distance) return null;
  const phrase = how === "typed" ? typePhraseAt(tokens, start) : null;
  const mention = typoMention(
    tokens,
    start,
    nameStart,
    end,
    nearest.hit,
    nearest.key,
    phrase ? phraseMask(phrase) : null,
    distance,
  );
  return mention === null ? null : { mention, distance };
}

/**
 * The name key of the words [nameStart, end) and the edits allowed to reach a commune's name from
 * them (allowedEdits), or null when the words cannot name one: a number among them, too many of
 * them, or too few letters for any slip.
 */
function damagedNameKey(
  tokens: readonly Token[],
  nameStart: number,
  end: number,
  how: WrittenAs,
): { key: string; max: number } | null {
  if (end - nameStart < 1 || end - nameStart > MAX_NAME_WORDS) return null;
  let key = "";
  for (let k = nameStart; k < end; k++) {
    if (tokens[k].w.digit) return null;
    key = k === nameStart ? tokens[k].w.key : `${key} ${tokens[k].w.key}`;
  }
  const max = allowedEdits(key.length - (end - nameStart - 1), how !== "bare");
  return max < 1 ? null : { key, max };
}

/**
 * The former ward of `district` (among `formerWards`) nearest the words [nameStart, end), when no
 * other former ward and no ward of the district today is as near; the words spelling some unit or
 * former unit exactly are the exact stages' to read.
 */
function nearestFormerIn(
  tokens: readonly Token[],
  start: number,
  nameStart: number,
  end: number,
  how: WrittenAs,
  index: UnitIndex,
  district: Unit,
  formerWards: readonly FormerUnit[],
): { mention: FormerMention; distance: number } | null {
  const named = damagedNameKey(tokens, nameStart, end, how);
  if (named === null) return null;
  const { key, max } = named;
  if ((index.hitsOf(key)?.wards.length ?? 0) > 0 || index.registry.formerUnits.named(key) !== undefined) return null;
  const loose = looseKey(key);
  let distance = max + 1;
  let nearest: FormerUnit | null = null;
  for (const former of formerWards) {
    const d = damerauLevenshtein(loose, looseKey(former.row.key), max);
    if (d < distance) {
      distance = d;
      nearest = former;
    } else if (d === distance && nearest !== null && former.row.key !== nearest.row.key) nearest = null;
  }
  if (nearest === null || distance > max) return null;
  // A ward of the district today as near as the former one: the words say nothing.
  for (const s of index.wardSpellingsIn(district))
    if (damerauLevenshtein(loose, s.loose, distance) <= distance) return null;
  const phrase = how === "typed" ? typePhraseAt(tokens, start) : null;
  const typed = phrase?.types.some((t) => LEVEL_TYPES.ward.includes(t)) ?? false;
  return { mention: { start, end, former: nearest, typed, slips: distance }, distance };
}
