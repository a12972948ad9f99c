/**
 * The parser pipeline, one named stage per line:
 *   normalise → tokenise → claim street starts → find unit mentions → resolve readings
 *   (→ typo-tolerant mentions when the units are incomplete → resolve again) → extract parts
 *   → convert between structures → format → confidence.
 * Every stage is its own module and function; this file only wires them.
 */
import { type PlusCodeAt, plusCodeIn } from "../code/index.js";
import { damerauLevenshtein } from "../units/fuzzy-keys.js";
import { NO_NODE } from "../units/name-index.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import { fold } from "../text/fold.js";
import { readTelex } from "../text/telex.js";
import type { Unit } from "../units/types.js";
import {
  type Converted,
  convertReading,
  districtOnCommuneWords,
  districtReadAsCommune,
  withNewWard,
  withOldWard,
  mergeTied,
  newOut,
  oldOut,
  unitOut,
} from "./convert.js";
import {
  type FormerMatch,
  type FormerMention,
  formerCandidates,
  formerWardOnCommuneWords,
  matchFormer,
  standIn,
} from "./former.js";
import { bareNumberedUnit } from "./bare-numbers.js";
import { secondSiteAt, splitBothAddresses, withOldAddress } from "./both-addresses.js";
import { formatAddress } from "./format.js";
import { regionalMisfit, regionalWords } from "./regional-words.js";
import {
  endsDamagedCityType,
  findCutProvince,
  findFuzzyMentions,
  findMentions,
  findMisspeltProvince,
  marksContradictName,
  type Mention,
  phraseMask,
  typePhraseAt,
  WordTones,
  wholeSegment,
  wordsMarkedOtherwise,
} from "./mentions.js";
import { LEVEL_BIT, STREET_CLAIM, STREET_KEYWORD_WORDS } from "./lexicon.js";
import {
  claimStreetStarts,
  extractParts,
  isPartKeyword,
  markCountry,
  withoutClosingCountry,
  withApostrophesAsWritten,
  markStructureRemarks,
  PART_STARTS,
  PART_WORDS,
  keywordOpensAt,
} from "./parts.js";
import { asideMarks, openingPersonLength, withoutFieldLabels, withoutPhoneNumbers, withRecipients } from "./asides.js";
import { keepStatedStructure, statesStructure } from "./stated-structure.js";
import { districtAtStreetEnd, wardAtStreetEnd } from "./street-end.js";
import { agree, overlaps, type Reading, readingMentions, resolveReadings } from "./resolve.js";
import {
  englishInVietnameseOrder,
  normalise,
  type Token,
  Tokeniser,
  typeWordOneEditFrom,
  withoutNumberWordAfterUnitType,
} from "./tokenise.js";
import type { AlternativeOut, FormerOut, ParsedAddress, ParsedParts } from "./types.js";
import { findCommuneInPlace, findFormerWardInPlace, longerCommuneInPlace } from "./placed-typos.js";
import { withoutRepeatedProvinceColumn } from "./province-column.js";
import { nameInitials, sameOrLinkedProvince, spellingOf, UnitIndex } from "./unit-index.js";
import { unplacedNames } from "./unplaced.js";

/** Readings within this score of the best that disagree with it are reported as alternatives. */
const ALTERNATIVE_MARGIN = 0.15;
/** ... and within this one, the text is ambiguous. */
const AMBIGUOUS_MARGIN = 0.05;
/**
 * ... and within this one, the readings are tied: the text does not decide between them, so the
 * answer takes none of them (only the units they share) and lists each one. Smaller than the
 * weakest deliberate evidence the scores carry (a matching type word, the structure hint: 0.05),
 * so that evidence still decides; a tie is equal evidence, up to rounding.
 */
const TIE_MARGIN = 0.01;
const MAX_ALTERNATIVES = 5;
/** The resolver's structure hint (resolve.ts BONUS.structureHint): a tie-break, not evidence. */
const STRUCTURE_HINT = 0.1;
/**
 * Confidence multiplier by the largest edit distance of a unit the best reading reached only
 * through a typo-tolerant look-up: the text did not name that unit, however well it fits.
 */
const TYPO_CONFIDENCE = [1, 0.8, 0.65];
/**
 * Confidence multiplier when an old unit is only the likelier of several (a new commune's
 * same-named predecessor, a new province's same-named old one): the text does not decide it.
 */
const LIKELIER_CONFIDENCE = 0.9;
/**
 * Confidence multiplier when a former unit's successor stands in for it, by the evidence that
 * named the successor (scripts/former-units.ts): a rename keeps the code, a resolution is the
 * law; a successor read from the snapshots' names is an inference.
 */
const FORMER_CONFIDENCE: Record<string, number> = {
  renamed: 0.95,
  resolution: 0.95,
  district: 0.9,
  "name-kept": 0.85,
  "only-renamed": 0.8,
};

/** Confidence multiplier for a former ward whose name was written with slips (findFormerWardInPlace). */
const SLIPPED_FORMER_CONFIDENCE = 0.9;

export interface Parser {
  /** Parses one free-text address (any case, diacritics or none, NFC or NFD). */
  parse(text: string): ParsedAddress;
  /**
   * The text as an address, without what the parser leaves out before reading one: phone numbers,
   * form labels, notes to the courier, a buyer's request and courtesy, and the people it names
   * (a recipient, a titled person opening it), and a Plus Code; words written together are given
   * apart ("12LêLợi,PhườngBếnNghé": "12 Lê Lợi, Phường Bến Nghé"). The text itself when it holds
   * none of them. For search, which matches a query's words against the addresses' (Chị Lan is no
   * Chi Lăng).
   */
  addressText(text: string): string;
  /** The precomputed unit index, for stages reused elsewhere (search, geocoder). */
  readonly index: UnitIndex;
}

/** The reading's units take token k. */
function readingMarks(r: Reading, k: number): boolean {
  return (
    // A commune read from a hamlet's or street's name ("thôn Phi Tô") leaves the words to it too.
    (r.ward !== null && !r.ward.alsoPart && r.ward.start <= k && k < r.ward.end) ||
    (r.district !== null && r.district.start <= k && k < r.district.end) ||
    (r.province !== null && r.province.start <= k && k < r.province.end)
  );
}

/** Sets the flags of the tokens the reading's units take. */
function markReading(r: Reading, flags: Uint8Array): void {
  for (let k = 0; k < flags.length; k++) if (readingMarks(r, k)) flags[k] = 1;
}

/**
 * A word that reads as nothing, or one letter from a type word ("Trỉnh"), opening the segment of one
 * of the reading's units right before it ("Xlã Quảng Lâm", "Trỉnh Nghệ An"), is its type word
 * damaged: no street or place name.
 */
function markDamagedTypeWords(r: Reading, tokens: readonly Token[], used: Uint8Array): void {
  for (const m of readingMentions(r)) {
    // A name that is also a hamlet's comes after the hamlet's keyword ("KDC Văn Quán").
    if (m.alsoPart) continue;
    const k = m.start - 1;
    if (k < 0 || tokens[k].seg !== tokens[m.start].seg) continue;
    // "Tành phố", "Thành pgố" (mentions.ts endsDamagedCityType): both words.
    if (k > 1 && tokens[k - 2].seg !== tokens[k].seg && endsDamagedCityType(tokens, k, tokens[tokens.length - 1].seg)) {
      used[k - 1] = used[k] = 1;
      continue;
    }
    if (k > 0 && tokens[k - 1].seg === tokens[k].seg) continue;
    // Or a type word written with other marks than its own ("xả Ea Kly", "Phương Bến Nghé", "huyên").
    if (unreadable(tokens[k]) || typeWordOneEditFrom(tokens[k].f) !== null || oneWordType(tokens[k])) used[k] = 1;
  }
}

/** The word folds to a type word of one word ("xa", "phuong", "huyen", "tinh", "quan"). */
function oneWordType(token: Token): boolean {
  return token.w.phrases?.some((phrase) => phrase.words.length === 1) ?? false;
}

/**
 * A former ward of the reading's district whose longer name holds the reading's ward ("Bình Khánh
 * Tây", merged into Bình Khánh; "Hải Châu II"), and that names no other successor: its last words
 * are the name's, no street.
 */
function markFormerNameAround(r: Reading, candidates: readonly FormerMention[], used: Uint8Array): void {
  const ward = r.ward;
  if (ward === null || r.structure !== "old") return;
  for (const c of candidates) {
    const successors = c.former.successors;
    if (c.former.row.level !== "ward" || c.start > ward.start || c.end <= ward.end) continue;
    if (c.former.parent !== r.units.district || successors.some((u) => u !== r.units.ward)) continue;
    used.fill(1, c.start, c.end);
  }
}

/**
 * A district written as the address's own (typed, or alone in its segment) in the reading's province
 * that the reading does not take, as when a ward's district changed and the writer gives the one
 * they knew: it names a unit, no street or place ("Phường X, Quận Y" with X in another district).
 */
function markOtherDistricts(r: Reading, mentions: readonly Mention[], used: Uint8Array): void {
  const province = r.units.province;
  if (province === null || r.structure !== "old") return;
  for (const m of mentions)
    if (m.writtenDistrict && m.score > 0 && m.hit.provinceCode === province.code && !m.fuzzy)
      used.fill(1, m.start, m.end);
}

/**
 * A number, past the first segment, equal to the number of the reading's numbered ward or district
 * ("12 Lê Lợi, Võ Thị Sáu, 3, HCM": the ward gave the district, "3" repeats it), standing as a
 * segment of its own or between a unit's words and the end or another unit's ("… Đường số 17 Đa
 * Kao 1 Hồ Chí Minh"): it names that unit, no place or house.
 */
function markUnitNumbers(r: Reading, tokens: readonly Token[], used: Uint8Array, index: UnitIndex): void {
  const { ward, district } = r.units;
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k];
    if (used[k] || !t.w.digit) continue;
    const closes = k + 1 === tokens.length || tokens[k + 1].seg !== t.seg;
    const alone = tokens[k - 1].seg !== t.seg && closes;
    if (!alone && !(tokens[k - 1].seg === t.seg && used[k - 1] && (closes || used[k + 1]))) continue;
    const n = String(Number(t.f));
    if (ward?.name === n || district?.name === n || (r.structure === "new" && oldDistrictNamed(ward, n, index)))
      used[k] = 1;
  }
}

/** One of the old districts a new commune's predecessors lay in has this name ("12" of Tân Thới Hiệp). */
function oldDistrictNamed(ward: Unit | null, name: string, index: UnitIndex): boolean {
  const districts = ward ? index.newWardOldDistricts.get(ward.code) : undefined;
  if (!districts) return false;
  for (const code of districts) if (index.unit("old", code)?.name === name) return true;
  return false;
}

/**
 * The address's own province written again at the end, where the reading took its province from
 * elsewhere ("123 Nguyễn Trãi Chợ Quán hcm": Chợ Quán's "Quán" reads as the type word Quận before
 * "hcm", so the reading takes the province from the commune): those words name the province, no
 * street or place. Only the last words of the text (a country after them aside), standing alone
 * or after a unit's words, never a street's end ("80 Hồ Chí Minh", "77 Nguyễn Huệ").
 */
function markProvinceEcho(
  best: Reading,
  mentions: readonly Mention[],
  tokens: readonly Token[],
  used: Uint8Array,
  index: UnitIndex,
): void {
  const own = best.units.province;
  if (!own) return;
  for (const m of mentions) {
    if (m.hit.levelBit !== LEVEL_BIT.province) continue;
    // The name's own words: a type word before it may be another unit's ("Quán" of Chợ Quán).
    // Where it stands alone or after a unit's words: after a street's ("77 Nguyễn Huệ, …, Huế")
    // or a house number it is the street's end. The marks are read before the province's links:
    // the reading's own province is marked already.
    const at = m.nameStart;
    if (at > 0 && tokens[at - 1].seg === tokens[at].seg && used[at - 1] !== 1) continue;
    // Its last words may be the reading's own already ("…, TP.Huế, Thừa Thiên - Huế": "Huế").
    if (used[at] === 1 || !allMarked(used, markedTailStart(used, at, m.end), used.length)) continue;
    if (sameOrLinkedProvince(m.unit, own, index)) used.fill(1, m.nameStart, m.end);
  }
  // Or by its initials, in capitals, as the last word ("Chiến Thắng, Chi Lăng, LS"; "…, Na Hang, TQ"),
  // or damaged past what the look-up mends, as the last words ("…, H. Tiên Lữ Hưn Yên").
  let last = tokens.length - 1;
  while (last >= 0 && used[last] === 1) last--;
  if (last < 0) return;
  let first = last;
  while (first > 0 && last - first < 3 && used[first - 1] !== 1 && tokens[first - 1].seg === tokens[last].seg) first--;
  // The words stand alone or after a unit's: not a street's end.
  if (first === 0 || (used[first - 1] !== 1 && tokens[first - 1].seg === tokens[first].seg)) return;
  const written = tokens[last].raw;
  const initials = first === last && /^\p{Lu}{2,4}$/u.test(written) ? fold(written) : null;
  let letters = "";
  if (initials === null)
    for (let k = first; k <= last; k++) {
      if (tokens[k].w.digit) return;
      letters += tokens[k].f;
    }
  if (initials === null && letters.length < 4) return;
  // The province and those linked to it across the reform.
  const provinces: Unit[] = [own];
  const linked =
    own.structure === "old" ? index.oldToNewProvinces.get(own.code) : index.newToOldProvinces.get(own.code);
  for (const code of linked ?? []) {
    const unit = index.unit(own.structure === "old" ? "new" : "old", code);
    if (unit) provinces.push(unit);
  }
  if (initials !== null) {
    if (provinces.some((p) => nameInitials(p.name) === initials)) used[last] = 1;
  } else if (provinces.some((p) => damagedName(letters, p.name))) used.fill(1, first, last + 1);
}

/**
 * `letters` (folded, without spaces) are `name`'s but for one slip (two in a name of nine letters or
 * more): a letter lost, doubled, changed or two swapped ("hunyen", "quagnam", "baia" of Bà Rịa).
 */
function damagedName(letters: string, name: string): boolean {
  // A name in two halves is written by either as well ("Bà Rịa" of Bà Rịa - Vũng Tàu).
  return [name, ...(name.includes(" - ") ? name.split(" - ") : [])].some((written) => {
    const target = fold(written).replaceAll(" ", "");
    const slips = target.length >= 9 ? 2 : 1;
    return damerauLevenshtein(letters, target, slips) <= slips;
  });
}

/** Where the marked words that end flags[from, to) begin (`to` when its last word is unmarked). */
function markedTailStart(flags: Uint8Array, from: number, to: number): number {
  let k = to;
  while (k > from && flags[k - 1] === 1) k--;
  return k;
}

/** Every flag in [from, to) is set. */
function allMarked(flags: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (flags[k] !== 1) return false;
  return true;
}

/**
 * `a`'s units take every word `b`'s take, and more: each of `b`'s mentions lies within one of
 * `a`'s, and `a`'s mentions span more words.
 */
function explainsMore(a: Reading, b: Reading): boolean {
  const am = readingMentions(a);
  const bm = readingMentions(b);
  for (const m of bm) if (!am.some((o) => o.start <= m.start && m.end <= o.end)) return false;
  const width = (ms: Mention[]) => ms.reduce((w, m) => w + m.end - m.start, 0);
  return width(am) > width(bm);
}

/** `a`'s ward is read from fewer of the words `b`'s ward is read from. */
function wardInsideWard(a: Reading, b: Reading): boolean {
  const [x, y] = [a.ward, b.ward];
  if (x === null || y === null) return false;
  return y.nameStart <= x.nameStart && x.end <= y.end && x.end - x.nameStart < y.end - y.nameStart;
}

/**
 * Among the readings close to the best, an old-structure one whose ward the text names the
 * successor of right after it (a new commune formed from that ward, named otherwise, alone in the
 * segment after the ward's words), with that mention; null when none does. A commune of the
 * ward's or its district's name is the same words again ("Bưu cục Mỹ Quới, xã Mỹ Quới", "huyện
 * Mê Linh, Đại Thịnh, Mê Linh"), and one inside a place's name is the place's ("Cư xá Bình Thới").
 */
function oldWardBesideSuccessor(
  readings: readonly Reading[],
  mentions: readonly Mention[],
  tokens: readonly Token[],
): { reading: Reading; successor: Mention } | null {
  const top = readings[0];
  // Or anywhere in the text, when the text says the commune is today's ("…, phường Tân Hiệp cũ
  // (nay là phường Tam Hiệp)"; stated-structure.ts).
  let statedNew: boolean | null = null;
  for (const r of readings) {
    if (r.score < top.score - ALTERNATIVE_MARGIN) break;
    if (r.structure !== "old" || r.ward === null) continue;
    const end = r.ward.end;
    // The next segment opens right after the ward's words, with a commune's name (most texts go no further).
    const besideNext = end < tokens.length && tokens[end].seg !== tokens[end - 1].seg && communeStartsAt(mentions, end);
    if (!besideNext) {
      statedNew ??= mentions.some((m) => m.stated === "new");
      if (!statedNew) continue;
    }
    const ward = r.ward.unit;
    for (const m of mentions) {
      // The link on the hit is tested before the words and names: most communes there are not the ward's successor.
      if (m.score <= 0 || m.hit.levelBit !== LEVEL_BIT.ward || m.hit.structure !== "new") continue;
      const beside = besideNext && m.start === end;
      if (!beside && m.stated !== "new") continue;
      if (!m.hit.predecessors.includes(ward) || (beside && !wholeSegment(tokens, m.start, m.end))) continue;
      if (m.unit.name === ward.name || m.unit.name === r.units.district?.name) continue;
      if (overlaps(m, r.ward) || overlaps(m, r.district) || overlaps(m, r.province)) continue;
      return { reading: r, successor: m };
    }
  }
  return null;
}

/** A new commune's name, read as such, starts at token `at`. */
function communeStartsAt(mentions: readonly Mention[], at: number): boolean {
  for (const m of mentions)
    if (m.start === at && m.score > 0 && m.hit.levelBit === LEVEL_BIT.ward && m.hit.structure === "new") return true;
  return false;
}

/** The number of words the reading's units take. */
function width(r: Reading): number {
  return span(r.ward) + span(r.district) + span(r.province);
}

function span(m: Mention | null): number {
  return m ? m.end - m.start : 0;
}

/** A reading is incomplete when it has no ward, or a ward with nothing written to place it. */
function incomplete(r: Reading | undefined): boolean {
  return !r?.ward || (!r.district && !r.province);
}

/**
 * Where a typo-tolerant look-up should start: in segments that read as units (not starting
 * with a house number or a part keyword), at the segment start and at each type phrase, when
 * the best reading leaves some of that segment unexplained; and, when the reading is
 * incomplete, after every explained or claimed token too (text without commas).
 */
function fuzzyStarts(
  tokens: readonly Token[],
  best: Reading | undefined,
  claimed: Uint8Array,
): { starts: number[]; allowed: Uint8Array | null } {
  const n = tokens.length;
  // Runs on every address, and most leave nothing to look for: nothing is allocated until a
  // segment qualifies.
  const covered = (k: number) => best !== undefined && readingMarks(best, k);
  let allowed: Uint8Array | null = null;
  const starts: number[] = [];
  const loose = incomplete(best);
  let segStart = 0;
  while (segStart < n) {
    let segEnd = segStart;
    while (segEnd < n && tokens[segEnd].seg === tokens[segStart].seg) segEnd++;
    const first = tokens[segStart].f;
    const opener = tokens[segStart].w;
    // A part's keyword as written ("Láng Thượn" opens with no "làng") opens no unit, except where it
    // begins a name in the province's place: a short last segment after the units the reading
    // found, its first word written without the keyword's diacritics ("Can" of căn hộ is "Cần" of
    // Cần Thơ; "Tổ Đông" stays a hamlet).
    // Nor where the keyword lacks what it needs after it ("Sơ La", "Sn La": Sơn La, not "số").
    const unitLike =
      !opener.house &&
      (!isPartKeyword(tokens[segStart]) ||
        (segEnd === n &&
          segStart > 0 &&
          segEnd - segStart <= 4 &&
          (best?.ward != null || best?.district != null) &&
          ((tokens[segStart].w.nameRoot !== NO_NODE && tokens[segStart].raw.toLowerCase() === first) ||
            !keywordOpensAt(tokens, segStart, segEnd))));
    let unexplained = false;
    for (let k = segStart; k < segEnd; k++)
      if (!covered(k) && !claimed[k] && !tokens[k].w.digit) unexplained = true;
    // A type phrase followed by words nothing explains ("Quan Thot Nto" in a text without commas)
    // names a unit with a typo wherever it stands.
    let typedGap = false;
    if (unexplained && !unitLike && !loose)
      for (let k = segStart; k + 1 < segEnd; k++)
        if (!covered(k) && !covered(k + 1) && !claimed[k + 1] && typePhraseAt(tokens, k) !== null)
          typedGap = true;
    // A typed unit the reading took short inside a run, with words after it nothing explains ("1
    // Hoàng Diệu Phường Đông Nin Hòa": Đông, then "Nin Hòa"): the whole may be a longer name with a typo.
    let typedShort = false;
    if (unexplained && !unitLike && best !== undefined)
      for (let k = segStart + 1; k < segEnd && !typedShort; k++) typedShort = typedReadShort(tokens, best, claimed, k, segEnd);
    const wide = unexplained && (unitLike || loose || typedGap);
    if (!typedShort && !wide) {
      segStart = segEnd;
      continue;
    }
    allowed ??= new Uint8Array(n);
    for (let k = segStart; k < segEnd; k++) allowed[k] = claimed[k] ? 0 : 1;
    if (typedShort)
      for (let k = segStart + 1; k < segEnd; k++) if (typedReadShort(tokens, best!, claimed, k, segEnd)) starts.push(k);
    if (wide) {
      // A unit's name opening the segment with words after it nothing explains ("Xã Đông Tiền
      // Hiả"): the whole may be a longer name with a typo ("Đông Tiền Hải").
      if (unitLike && covered(segStart) && allowed[segStart] && leftOver(tokens, best!, segStart, segEnd))
        starts.push(segStart);
      for (let k = segStart; k < segEnd; k++) {
        if (!allowed[k] || covered(k) || (opensPart(tokens[k]) && keywordOpensAt(tokens, k, segEnd))) continue;
        const atBoundary =
          (k === segStart && unitLike) ||
          (k === segStart + 1 && unitLike && unreadable(tokens[segStart])) ||
          // The last segment, where the province stands, after a word nothing explains: its type
          // word damaged into another word ("Trỉnh qghệ An", "Thành phlố Hảin Phòòng").
          (segEnd === n && unitLike && k > segStart && !covered(k - 1) && !tokens[k - 1].w.digit) ||
          typePhraseAt(tokens, k) !== null ||
          (loose && k > segStart && (covered(k - 1) || tokens[k - 1].w.digit));
        if (atBoundary) starts.push(k);
      }
    }
    segStart = segEnd;
  }
  return { starts, allowed };
}

/**
 * The reading took a unit typed at token k (its type phrase unclaimed) whose segment goes on with
 * words it does not read (leftOver).
 */
function typedReadShort(tokens: readonly Token[], best: Reading, claimed: Uint8Array, k: number, segEnd: number): boolean {
  return readingMarks(best, k) && !claimed[k] && typePhraseAt(tokens, k) !== null && leftOver(tokens, best, k, segEnd);
}

/**
 * A part's keyword that no unit's name begins with ("ấp", "thôn", "xóm" of a hamlet written in a
 * run without commas): the words after it are the part's, and a typo-tolerant look-up starting on
 * it would read "Ấp Hưng Thịnh" as Xã An Hưng. (Where it lacks the number it needs, "sn La", it
 * is no keyword: the caller asks keywordOpensAt.)
 */
function opensPart(token: Token): boolean {
  return token.w.partWord && PART_STARTS.has(token.f) && token.w.nameRoot === NO_NODE && token.w.phrases === undefined;
}

/**
 * A word that reads as nothing (no syllable, name, type word or number: "Xb", "Xlã" as typing and
 * scanning damage a type word): a unit's name with a typo may start after it.
 */
function unreadable(token: Token): boolean {
  const w = token.w;
  return !w.syllable && w.nameId < 0 && w.phrases === undefined && !w.digit;
}

/**
 * The reading's mention opening the segment at `segStart` stops before the segment's end, and the
 * word after it is no number, no type word and no other mention of the reading: words a longer
 * name may have held.
 */
function leftOver(tokens: readonly Token[], best: Reading, segStart: number, segEnd: number): boolean {
  const m = readingMentions(best).find((x) => x.start === segStart);
  if (!m || m.end >= segEnd) return false;
  const next = tokens[m.end];
  if (next.w.digit || next.w.phrases) return false;
  return !readingMentions(best).some((x) => x.start === m.end);
}

/**
 * Some word the reading does not explain starts a segment or follows a type word, and is not a
 * number: a name the registry's current units do not hold may stand there (a former unit).
 */
function unexplainedNameStart(
  tokens: readonly Token[],
  best: Reading | undefined,
  claimed: Uint8Array,
): boolean {
  // Runs on most addresses: the reading's three spans are checked in place, nothing allocated.
  const covered = (i: number) =>
    best !== undefined &&
    ((best.ward !== null && best.ward.start <= i && i < best.ward.end) ||
      (best.district !== null && best.district.start <= i && i < best.district.end) ||
      (best.province !== null && best.province.start <= i && i < best.province.end));
  for (let i = 0; i < tokens.length; i++) {
    const coveredHere = covered(i);
    // A ward's type word inside a segment ("5 Nguyễn Trãi P3 Q5", no commas) says a ward's name
    // follows, even where the street's words run on: one the list no longer has may be a former one.
    if (!coveredHere && wardTypeBefore(tokens, i)) return true;
    // A number, a street's words and a part's keyword ("Thôn", "Số") start no unit's name. A
    // hamlet's may be a former unit's name (or the gate for one after it): the gate stays open.
    if (coveredHere || claimed[i] === STREET_CLAIM || tokens[i].w.digit || isPartKeyword(tokens[i])) continue;
    if (i === 0 || tokens[i - 1].seg !== tokens[i].seg || (tokens[i - 1].w.phrases && !covered(i - 1)))
      return true;
    // Words left over after a unit's name in its segment ("Phường Thanh Xuân Nam", "Hải Châu II"):
    // the whole may be a former unit's longer name.
    if (covered(i - 1)) return true;
  }
  return false;
}

/**
 * The best reading is a ward alone, somewhere the text does not place it, while the text writes a
 * district as the address's own ("X. Xuân Sơn, Thọ Xuân": Thọ Xuân's Xuân Sơn went into Xuân Sinh,
 * the one read lies in Bà Rịa - Vũng Tàu): the ward may be a former unit of that district.
 */
function districtLeftOut(best: Reading | undefined, mentions: readonly Mention[]): boolean {
  if (best?.ward === undefined || best.ward === null || best.district !== null || best.province !== null) return false;
  const ward = best.ward;
  return mentions.some(
    (m) => m.writtenDistrict && m.score > 0 && m.unit.level === "district" && (m.end <= ward.start || m.start >= ward.end),
  );
}

/**
 * A unit of the best reading is written after another type word than its own ("Huyện Tĩnh Gia":
 * today's Phường Tĩnh Gia): the words may name a former unit of the type written (Huyện Tĩnh Gia,
 * renamed Thị xã Nghi Sơn in 2020), which the former units' stage weighs against it.
 */
function typedAsOther(best: Reading | undefined, tokens: readonly Token[]): boolean {
  if (best === undefined) return false;
  for (const m of [best.ward, best.district, best.province]) {
    if (m === null || m.start >= m.nameStart) continue;
    if (!m.typed) return true;
    const phrase = typePhraseAt(tokens, m.start);
    if (phrase !== null && (phraseMask(phrase).types & m.hit.typeBit) === 0) return true;
  }
  return false;
}

/**
 * The best reading took a city's words for its province ("Khóm 1, Phường 2, TP. Trà Vinh": Tỉnh
 * Trà Vinh, and the Phường 2 of another town), though the type word written is the city's own
 * (Thành phố Trà Vinh) and not the province's: the ward may be a former one of that city.
 */
function cityReadAsProvince(best: Reading | undefined, mentions: readonly Mention[]): boolean {
  const province = best?.province;
  if (!best || !province?.typed || best.district !== null) return false;
  return mentions.some(
    (m) => m.unit.level === "district" && m.typed && m.start === province.start && m.end === province.end && m.score > province.score,
  );
}

/** A ward's type phrase (Phường, P., Xã, Thị trấn) starts at token i, and a name follows it in its segment. */
function wardTypeBefore(tokens: readonly Token[], i: number): boolean {
  const phrase = tokens[i].w.phrases ? typePhraseAt(tokens, i) : null;
  if (phrase === null || (phraseMask(phrase).levels & LEVEL_BIT.ward) === 0) return false;
  const next = i + phrase.words.length;
  return next < tokens.length && tokens[next].seg === tokens[i].seg;
}

/** The one commune of today every successor of a split former ward went into, or null. */
function communeOfSplitFormerWard(mentions: readonly FormerMention[], index: UnitIndex): Unit | null {
  for (const { former } of mentions) {
    if (former.row.level !== "ward" || former.successors.length < 2) continue;
    let into: Unit | null = null;
    for (const successor of former.successors) {
      const communes = index.successors.get(successor.code) ?? [];
      if (communes.length !== 1 || (into !== null && communes[0] !== into)) return null;
      into = communes[0];
    }
    return into;
  }
  return null;
}

/** The notes on the former units read (a match's mentions, ward first). */
function formerNotes(mentions: readonly FormerMention[], tokens: readonly Token[]): FormerOut[] {
  return mentions.map(({ start, end, former }) => {
    const successors = former.successors;
    return {
      written: tokens
        .slice(start, end)
        .map((t) => t.raw)
        .join(" "),
      full_name: former.fullName,
      level: former.row.level,
      until: former.row.until,
      successors: successors.map((u) => unitOut(u)!),
      resolved: successors.length === 1 ? "successor" : "place",
    };
  });
}

/**
 * Confidence multiplier when the answer reads words as a near spelling inside the declared
 * province, or reads only part of them, although they name a unit exactly elsewhere: the text
 * may mean the other one.
 */
const NEAR_SPELLING_CONFIDENCE = 0.6;
/** Each level of the answer and of an alternative, by the name `undecided` reports. */
const PARTS = [
  ["old.province", (c: Converted) => c.old?.province, (a: AlternativeOut) => a.old?.province],
  ["old.district", (c: Converted) => c.old?.district, (a: AlternativeOut) => a.old?.district],
  ["old.ward", (c: Converted) => c.old?.ward, (a: AlternativeOut) => a.old?.ward],
  ["new.province", (c: Converted) => c.new?.province, (a: AlternativeOut) => a.new?.province],
  ["new.ward", (c: Converted) => c.new?.ward, (a: AlternativeOut) => a.new?.ward],
] as const;

/** The levels where some alternative names another unit than the answer (ParsedAddress.undecided). */
function undecided(answer: Converted | null, alternatives: readonly AlternativeOut[]): string[] {
  const out: string[] = [];
  if (alternatives.length === 0) return out;
  for (const [name, ofAnswer, ofAlternative] of PARTS) {
    const code = answer ? ofAnswer(answer)?.code : undefined;
    if (
      alternatives.some((a) => {
        const other = ofAlternative(a);
        // An alternative in the old district that leaves the ward open ("split-district": the
        // district went into several communes, the answer's commune a guess) leaves the old ward
        // derived from the answer's commune open too.
        if (other === null && name === "old.ward" && code !== undefined && a.old !== null) return true;
        return other != null && other.code !== code;
      })
    )
      out.push(name);
  }
  return out;
}

/** Urban units first: more addresses are written in them. */
const TYPE_PRIOR: Record<string, number> = {
  Phường: 0,
  "Thị trấn": 1,
  Xã: 2,
  "Đặc khu": 2,
  Quận: 0,
  "Thành phố": 0,
  "Thị xã": 1,
  Huyện: 2,
};

/**
 * Orders readings the text does not decide between, likelier first, by what the registry knows
 * of the places: an urban ward (Phường before Thị trấn before Xã), then an urban district; then,
 * as a stable choice rather than evidence, the lower district code (GSO numbers a province's
 * provincial city first); else the readings' own order (sortReadings: new before old). We ship no
 * population below the province, so numbered wards of one city ("P1, TP HCM") are a guess.
 */
function comparePriors(a: Reading, b: Reading): number {
  const ua = a.units;
  const ub = b.units;
  const type = (u: { type: string } | null) => (u ? (TYPE_PRIOR[u.type] ?? 3) : 3);
  // A new commune has no district: districts compare only between readings that both have one.
  const bothDistricts = ua.district !== null && ub.district !== null;
  return (
    type(ua.ward) - type(ub.ward) ||
    (bothDistricts ? type(ua.district) - type(ub.district) || codeOrder(ua.district, ub.district) : 0)
  );
}

/** The words the reading's units are read from, as a key ("2-4 5-8"). */
function wordsTaken(r: Reading): string {
  const at = (m: Mention | null) => (m ? `${m.start}-${m.end}` : "");
  return `${at(r.ward)} ${at(r.district)} ${at(r.province)}`;
}

function codeOrder(a: { code: string } | null, b: { code: string } | null): number {
  if (!a || !b) return 0;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * `merged` is the answer of tied readings (null without a tie): its completeness counts only
 * the units every reading agrees on.
 */
function confidence(
  best: Reading | undefined,
  runnerUp: number | null,
  ambiguous: boolean,
  merged: Converted | null,
): number {
  if (!best) return 0;
  const ms = readingMentions(best);
  let completeness = best.ward ? (best.district || best.province ? 1 : 0.8) : best.district ? 0.7 : 0.4;
  if (merged) {
    const o = merged.old;
    const n = merged.new;
    const decided = o?.ward || n?.ward ? 1 : o?.district ? 0.7 : o?.province || n?.province ? 0.4 : 0.2;
    completeness = Math.min(completeness, decided);
  }
  // No mention at all: a former ward's place, read from the former unit alone (standIn).
  const strength = ms.length === 0 ? 1 : Math.min(1, ms.reduce((s, m) => s + m.score, 0) / ms.length / 1.1);
  let c = completeness * strength;
  let typo = 0;
  for (const m of ms) if (m.fuzzy && m.distance > typo) typo = m.distance;
  c *= TYPO_CONFIDENCE[Math.min(typo, TYPO_CONFIDENCE.length - 1)];
  if (runnerUp !== null) c *= Math.min(1, 0.6 + (best.score - runnerUp) * 2);
  if (ambiguous) c *= 0.7;
  return Math.round(c * 100) / 100;
}

/**
 * Confidence multiplier for a ward read alone (untyped, no district or province written) from words
 * written with marks that are not its name's: "trục chính" (a main road) is Nam Định's Trực Chính only
 * if a font lost the horn, and nothing else in the text says so.
 */
const MARKED_OTHERWISE_CONFIDENCE = 0.6;

function wardAloneMarkedOtherwise(best: Reading, tokens: readonly Token[]): boolean {
  const ward = untypedWardAlone(best);
  return ward !== null && !ward.fuzzy && wordsMarkedOtherwise(tokens, ward.nameStart, ward.end, ward.unit.name);
}

/** The reading's ward, where it is all the reading read and written without a type word; else null. */
function untypedWardAlone(r: Reading): Mention | null {
  const ward = r.ward;
  return ward === null || ward.typed || r.district !== null || r.province !== null ? null : ward;
}

/**
 * The reading's commune of today is read untyped from words that also name a district merged away
 * ("Từ Liêm, Hà Nội": Phường Từ Liêm of 2025, or Huyện Từ Liêm until 2013, which older texts mean):
 * either may be meant.
 */
function communeOrFormerDistrict(best: Reading, tokens: readonly Token[], index: UnitIndex): boolean {
  const ward = best.ward;
  if (ward === null || ward.typed || best.structure !== "new") return false;
  const spelling = spellingOf(tokens, ward.nameStart, ward.end);
  return index.registry.formerUnits.named(spelling)?.some((f) => f.row.level === "district") ?? false;
}

/**
 * Confidence multiplier for a ward read from the street's own words, no commune written ("306 Duy
 * Tân, TP Kon Tum", "12 Phố Huế, Hai Bà Trưng"): streets are named after the figures wards are, and
 * a street runs through several wards or none of that name (low numbers of Phố Huế lie in Hoàn Kiếm).
 */
const STREET_NAMED_LIKE_WARD_CONFIDENCE = 0.7;

function wardReadFromStreet(best: Reading, parts: ParsedParts, tokens: readonly Token[]): boolean {
  const ward = best.ward;
  const at = ward?.nameStart ?? 0;
  if (ward === null || ward.typed || parts.street === null || at === 0) return false;
  // Its words follow the house's number or the street's keyword, as the street's do.
  const before = tokens[at - 1];
  if (before.seg !== tokens[at].seg || !(before.w.house || STREET_KEYWORD_WORDS.has(before.f))) return false;
  let written = tokens[at].f;
  for (let k = at + 1; k < ward.end; k++) written += ` ${tokens[k].f}`;
  const street = fold(parts.street);
  return written === street || written.endsWith(` ${street}`);
}

/**
 * Confidence multiplier when the answer's ward was read through a typo from one word, and the next
 * word of its segment is read by nothing ("Xã Lương Biung": Vương read from "Lương", "Biung" left):
 * the name likely goes on, and the commune meant is another.
 */
const CUT_SHORT_CONFIDENCE = 0.7;

function typoCutShort(best: Reading, tokens: readonly Token[]): boolean {
  const ward = best.ward;
  if (ward === null || !ward.fuzzy || ward.end - ward.nameStart !== 1 || ward.end >= tokens.length) return false;
  const next = tokens[ward.end];
  if (next.seg !== tokens[ward.nameStart].seg || next.w.digit) return false;
  const at = ward.end;
  const reads = (m: Mention | null) => m !== null && m.start <= at && at < m.end;
  return !reads(best.district) && !reads(best.province) && typePhraseAt(tokens, at) === null;
}

/** The two readings place their units in the same province (or in linked ones across the structures). */
function sameProvince(a: Reading, b: Reading, index: UnitIndex): boolean {
  const pa = a.units.province;
  const pb = b.units.province;
  if (!pa || !pb) return false;
  if (pa.structure === pb.structure) return pa === pb;
  const [o, n] = pa.structure === "old" ? [pa, pb] : [pb, pa];
  return index.oldToNewProvinces.get(o.code)?.has(n.code) ?? false;
}

/**
 * `other` names exactly, on the same words, a unit of the level that `best` reached only through
 * a typo, in the same province ("xã Nghi Phong, huyện Nghi Lộc": the best reading corrects it to
 * Nghi Phương of Nghi Lộc, but a Nghi Phong exists in Vinh). Such a reading is worth listing
 * however far below the best it scores: the person may have written the district wrong.
 */
function exactInstead(typos: readonly Mention[], best: Reading, other: Reading, index: UnitIndex): boolean {
  for (const t of typos) {
    const level = t.hit.level;
    const o = level === "ward" ? other.ward : level === "district" ? other.district : other.province;
    if (!o || o.fuzzy || o.hit.level !== level || o.nameStart >= t.end || t.nameStart >= o.end) continue;
    if (sameProvince(best, other, index)) return true;
  }
  return false;
}

/** The units a text names, read into complete readings (`readUnits`). */
interface UnitsRead {
  mentions: Mention[];
  /** Best first. */
  readings: Reading[];
  /** Names of former units among the words no unit explains. */
  candidates: FormerMention[];
  /** The reading the former units complete, when one does. */
  match: FormerMatch | null;
  /** Confidence multiplier for an answer that stands in for a former unit. */
  formerFactor: number;
}

/**
 * The text's units, read into readings best first: exact names, then, each only where the reading
 * so far leaves a unit open, former units, typos, a damaged commune, bare numbers and a longer
 * commune. Its own function (as are the stages after it) so that the JIT recompiles only the stage
 * whose rare branch a text reaches first, not the whole parse (docs/benchmarks.md, session 52).
 */
function readUnits(tokens: readonly Token[], claimed: Uint8Array, index: UnitIndex, tones: WordTones): UnitsRead {
  const mentions = findMentions(tokens, claimed, index, tones);
  mentions.push(...findCutProvince(tokens, mentions, index));
  mentions.push(...findMisspeltProvince(tokens, mentions, index));
  const stated = statesStructure(tokens);
  if (stated) keepStatedStructure(tokens, mentions);
  let readings = resolveReadings(mentions, tokens);
  // Words no unit explains may name a former unit (merged away or renamed before 2025). They
  // are looked for before the typo-tolerant search, which would take them for a typo of another.
  let candidates: FormerMention[] = [];
  if (unexplainedNameStart(tokens, readings[0], claimed) || districtLeftOut(readings[0], mentions) || cityReadAsProvince(readings[0], mentions))
    candidates = formerCandidates(tokens, index);
  // A unit read after another type word than its own: only a former unit written as itself, its
  // type and marks, may stand for the words instead ("Huyện Tĩnh Gia", not Phường Tĩnh Gia;
  // "thị trấn Sa Pa" is no Xã Sa Pả).
  else if (typedAsOther(readings[0], tokens)) candidates = formerCandidates(tokens, index).filter((c) => c.asItself);
  // Words the text says name today's unit ("…, nay là phường Tam Hiệp") name no former one.
  if (stated && candidates.length > 0)
    candidates = candidates.filter((c) => !mentions.some((m) => m.stated === "new" && m.start < c.end && c.start < m.end));
  let match = matchFormer(candidates, readings, index);
  let { starts, allowed } = fuzzyStarts(tokens, readings[0], claimed);
  if (match) {
    for (const { start, end } of match.mentions) {
      allowed?.fill(0, start, end);
      starts = starts.filter((k) => k < start || k >= end);
    }
  }
  if (starts.length > 0) {
    // Starts are only found in segments that set `allowed`.
    const fuzzy = findFuzzyMentions(tokens, starts, allowed!, index);
    if (fuzzy.length) {
      mentions.push(...fuzzy);
      if (stated) keepStatedStructure(tokens, mentions);
      readings = resolveReadings(mentions, tokens);
      match = matchFormer(candidates, readings, index);
    }
  }
  // A commune written with more damage than the typo search reads, among the few communes of
  // the place the reading names: also when the reading's commune is only the old district's
  // words read as today's ("Xã Long Lắng, Lai Vung, Đồng Tháp": Xã Lai Vung, or Long Thắng of
  // Huyện Lai Vung).
  if (!match && readings[0] && (readings[0].units.ward === null || districtOnCommuneWords(readings[0], mentions) !== undefined)) {
    const near = findCommuneInPlace(tokens, readings, claimed, index);
    if (near) {
      mentions.push(near);
      readings = resolveReadings(mentions, tokens);
    } else {
      const formerNear = findFormerWardInPlace(tokens, readings, claimed, index);
      if (formerNear) {
        candidates = [...candidates, formerNear];
        match = matchFormer(candidates, readings, index);
      }
    }
  }
  // A numbered ward or district written as a bare number, in the place the reading fixes.
  // Twice: "…, 9, 6, TP HCM" is the district first, then its ward.
  for (let round = 0; round < 2 && !match && readings[0]; round++) {
    const bare = bareNumberedUnit(tokens, readings, index);
    if (!bare) break;
    mentions.push(bare);
    readings = resolveReadings(mentions, tokens);
  }
  // ... or a longer one than the reading took, where the rest of its segment reads as nothing.
  if (!match && readings[0]?.ward) {
    const longer = longerCommuneInPlace(tokens, readings[0], index);
    if (longer) {
      mentions.push(longer);
      readings = resolveReadings(mentions, tokens);
      // Readings of a shorter name inside its words are what it replaces, not rivals.
      const inside = (m: Mention | null) =>
        m !== null && m !== longer && m.nameStart >= longer.nameStart && m.end < longer.end;
      const taking = readings.find((r) => r.ward === longer);
      if (taking) readings = [taking, ...readings.filter((r) => r !== taking && !inside(r.ward))];
    }
  }
  // The reading the former units complete comes first, with the successor standing in for the
  // former unit when the sources name one.
  let formerFactor = 1;
  if (match) {
    const chosen = standIn(match, index, tokens);
    if (chosen.reading) readings = [chosen.reading, ...readings.filter((r) => r !== match!.reading)];
    if (chosen.mention) {
      formerFactor = FORMER_CONFIDENCE[chosen.mention.former.row.evidence] ?? 0.8;
      // Its name reached through slips: as a commune's name reached so is weighed.
      if (chosen.mention.slips) formerFactor *= SLIPPED_FORMER_CONFIDENCE;
    }
  }
  return { mentions, readings, candidates, match, formerFactor };
}

/**
 * The runner-up's score for the confidence where the likeliest reading was dropped for resting on
 * other words (restsOnOtherWords) and stood within ALTERNATIVE_MARGIN of what is left or above it: a tie.
 */
function runnerUpWith(runnerUp: number | null, best: Reading | undefined, dropped: Reading | undefined): number | null {
  if (best === undefined || dropped === undefined || dropped.score < best.score - ALTERNATIVE_MARGIN) return runnerUp;
  return best.score;
}

/**
 * The reading rests on one commune's name, written untyped, whose written marks are another
 * word's ("Bán nhà mặt phố …": Nhà Mát; "Cho thuê văn phòng …": Văn Phong; "… chứ không phải …":
 * Chũ): in a text that writes its marks, those are the words meant, and nothing else in the text
 * points to the place.
 */
function restsOnOtherWords(r: Reading, tokens: readonly Token[]): boolean {
  // A district's name is known well enough to be written with a slip ("Cầu Giầy"); the communes' are
  // ten thousand, and everyday words fall on them.
  const ward = untypedWardAlone(r);
  return ward !== null && marksContradictName(tokens, ward.nameStart, ward.end, ward.unit.name);
}

/**
 * The readings reordered by what a reader weighs beyond their scores: a ward or district written
 * straight after the street, units read only from a street's words, a reading that takes more of
 * the words. Not when former units complete the reading (`matched`).
 */
function preferReadings(
  readings: Reading[],
  mentions: readonly Mention[],
  tokens: readonly Token[],
  claimed: Uint8Array,
  matched: boolean,
): Reading[] {
  // A ward written straight after the street, once a close reading knows the district.
  if (
    !matched &&
    readings[0] &&
    (readings[0].units.ward === null || readings[0].structure === "new") &&
    mentions.some((m) => m.score < 0 && m.unit.level === "ward")
  ) {
    const top = readings[0].score;
    // Only a place the text names apart from the street: "1 Núi Thành" names Huyện Núi Thành
    // only through the street's words, and its ward there is the same words again.
    const close = readings.filter((r) => r.score > 0 && r.score >= top - ALTERNATIVE_MARGIN);
    const completed = wardAtStreetEnd(close, mentions, tokens, claimed);
    if (completed) readings = [completed, ...readings];
  }
  // ... or a district, once a close reading knows the province.
  if (
    !matched &&
    readings[0] &&
    readings[0].units.district === null &&
    readings[0].units.ward === null &&
    mentions.some((m) => m.score < 0 && m.unit.level === "district")
  ) {
    const top = readings[0].score;
    const close = readings.filter((r) => r.score > 0 && r.score >= top - ALTERNATIVE_MARGIN);
    const completed = districtAtStreetEnd(close, mentions, tokens, claimed);
    if (completed) readings = [completed, ...readings];
  }
  // Units read only from words a street holds ("26 Thống Nhất": the street, not Huyện Thống
  // Nhất) cost more than they explain: the text names no unit, and the words stay the street's.
  if (!matched && readings.length > 0 && readings[0].score <= 0) readings = readings.filter((r) => r.score > 0);
  // A reading whose units take more of the words wins over one that takes part of them and
  // scores higher only by the structure hint ("Xã Tân Hiệp A": the old ward, not the new Xã
  // Tân Hiệp with an "A" left over).
  const top = readings[0];
  if (top && readings.length > 1) {
    const fuller = readings.find(
      (r) => r !== top && r.score >= top.score - STRUCTURE_HINT && width(r) > width(top) && explainsMore(r, top),
    );
    if (fuller) readings = [fuller, ...readings.filter((r) => r !== fuller)];
  }
  // The words after the district that name its own province are the province, not the district's
  // commune of that name: a ward is written before its district ("…, Thành phố Hòa Bình, Hoà
  // Bình" is no Xã Hòa Bình).
  const first = readings[0];
  if (first?.ward && first.district && first.province === null && first.ward.start >= first.district.end) {
    const ward = first.ward;
    const asProvince = readings.find(
      (r) =>
        r !== first &&
        r.score >= first.score &&
        r.ward === null &&
        r.district?.unit === first.district!.unit &&
        r.province?.unit === first.units.province &&
        r.province.start === ward.start &&
        r.province.end === ward.end,
    );
    if (asProvince) readings = [asProvince, ...readings.filter((r) => r !== asProvince)];
  }
  return readings;
}

/** The answer's reading weighed against the others (`weighReadings`). */
interface Weighed {
  best: Reading | undefined;
  alternatives: AlternativeOut[];
  /** Readings tied with the best: the text does not decide between them. */
  tied: Reading[];
  ambiguous: boolean;
  /** The score of the closest reading that describes another place, if any is close. */
  runnerUp: number | null;
  /** What tied readings agree on, when there are any. */
  agreed: Converted | null;
}

/**
 * The best reading, the others that describe another place as alternatives (those tied with it
 * first), and whether the text is ambiguous.
 */
function weighReadings(
  readings: readonly Reading[],
  mentions: readonly Mention[],
  tokens: readonly Token[],
  index: UnitIndex,
): Weighed {
  const best = readings[0];
  const alternatives: AlternativeOut[] = [];
  // Readings tied with the best (within AMBIGUOUS_MARGIN) that describe another place: the text
  // does not decide between them, so none is picked (see mergeTied).
  const tied: Reading[] = [];
  let ambiguous = false;
  let runnerUp: number | null = null;
  let seen: Set<string> | null = null;
  if (best) {
    // Asked for only when a reading lies far below the best (most addresses have none).
    let typos: Mention[] | null = null;
    for (let r = 1; r < readings.length; r++) {
      const other = readings[r];
      const isTied = other.score >= best.score - TIE_MARGIN;
      // Every tied reading is kept; the others only up to MAX_ALTERNATIVES.
      if (!isTied && alternatives.length >= MAX_ALTERNATIVES) break;
      const close = other.score >= best.score - ALTERNATIVE_MARGIN;
      if (!close) {
        // Far below the best: only an exact name where the best reading has a typo is listed.
        typos ??= readingMentions(best).filter((m) => m.fuzzy);
        if (typos.length === 0) break;
        if (!exactInstead(typos, best, other, index)) continue;
      }
      if (agree(best, other, index)) continue;
      // A ward read from part of the best one's ward's words ("Dịch Vọng" inside "Phường Dịch
      // Vọng Hậu") leaves a word of its name unread: no choice a reader would weigh.
      if (wardInsideWard(other, best) && explainsMore(best, other)) continue;
      const u = other.units;
      const key = `${other.structure}${u.ward?.code}${u.district?.code}${u.province?.code}`;
      seen ??= new Set();
      if (seen.has(key)) continue;
      seen.add(key);
      if (close) runnerUp ??= other.score;
      if (other.score >= best.score - AMBIGUOUS_MARGIN) ambiguous = true;
      if (isTied) {
        tied.push(other);
        continue;
      }
      alternatives.push({
        reason: "reading",
        old: other.structure === "old" ? oldOut(u) : null,
        // An old reading carries its conversion too (the new commune when it has one successor).
        new: other.structure === "new" ? newOut(u) : newOut(convertReading(other, mentions, index).new),
        score: Math.round(other.score * 1000) / 1000,
      });
    }
  }
  if (best && tied.length > 0) return chooseAmongTied(best, tied, alternatives, runnerUp, mentions, tokens, index);
  return { best, alternatives, tied, ambiguous, runnerUp, agreed: null };
}

/**
 * Readings tied with the best: the likelier by the priors the registry gives is the answer, the
 * others come first among the alternatives, and the confidence counts only what all of them agree on.
 */
function chooseAmongTied(
  first: Reading,
  tiedWithFirst: readonly Reading[],
  alternatives: AlternativeOut[],
  runnerUp: number | null,
  mentions: readonly Mention[],
  tokens: readonly Token[],
  index: UnitIndex,
): Weighed {
  // A tied reading whose units explain only part of the words another one explains ("Dịch Vọng"
  // inside "Dịch Vọng Hậu") is no real choice.
  const both = [first, ...tiedWithFirst];
  const kept = both.filter((r) => !both.some((o) => o !== r && explainsMore(o, r)));
  let best = kept[0];
  let tied = kept.slice(1);
  let agreed: Converted | null = null;
  if (tied.length > 0) {
    const all = [best, ...tied].map((reading) => ({
      reading,
      converted: convertReading(reading, mentions, index),
    }));
    agreed = mergeTied(all, index);
    // Readings that take the same words for different units share those words' likelihood:
    // one district Lương Sơn against twenty communes called Phú Hòa, none of them in it, is the
    // likelier answer ("Xã Phú Hòa, Huyện Lương Sơn").
    const taken = new Map(all.map(({ reading }) => [reading, wordsTaken(reading)]));
    const sharing = new Map<string, number>();
    for (const words of taken.values()) sharing.set(words, (sharing.get(words) ?? 0) + 1);
    const shared = (r: Reading) => sharing.get(taken.get(r)!)!;
    // Then the province where the text's regional words are used ("ấp", "hẻm": the South).
    const regional = regionalWords(tokens);
    const misfit = (r: Reading) => regionalMisfit(r, regional, index);
    // Then, for namesakes (the same words read as communes of different places: "Phường 7", "P.
    // An Phú" with no place written), the one where more people live (units/population.ts).
    const namesakes = (a: Reading, b: Reading) =>
      a.units.ward !== null && b.units.ward !== null && taken.get(a) === taken.get(b)
        ? index.addressShares.of(b.units.ward) - index.addressShares.of(a.units.ward)
        : 0;
    all.sort(
      (a, b) =>
        shared(a.reading) - shared(b.reading) ||
        misfit(a.reading) - misfit(b.reading) ||
        namesakes(a.reading, b.reading) ||
        comparePriors(a.reading, b.reading),
    );
    best = all[0].reading;
    tied = all.slice(1).map((t) => t.reading);
    alternatives.unshift(...mergeTied(all.slice(1), index).alternatives);
  }
  // Ambiguous even when only one is kept: a tied reading lies within AMBIGUOUS_MARGIN.
  return { best, alternatives, tied, ambiguous: true, runnerUp, agreed };
}

/**
 * The words the answer's units take, with the names left unplaced, the former units read, the
 * country, remarks on the structure and a province written again: none of them is a part's.
 */
function wordsOfUnits(
  best: Reading | undefined,
  mentions: readonly Mention[],
  tokens: readonly Token[],
  unplaced: readonly { start: number; end: number }[],
  match: FormerMatch | null,
  candidates: readonly FormerMention[],
  index: UnitIndex,
): Uint8Array {
  const used = new Uint8Array(tokens.length);
  if (best) {
    markReading(best, used);
    markDamagedTypeWords(best, tokens, used);
    markOtherDistricts(best, mentions, used);
    markUnitNumbers(best, tokens, used, index);
  }
  for (const u of unplaced) used.fill(1, u.start, u.end);
  if (match) for (const { start, end } of match.mentions) used.fill(1, start, end);
  else if (best) markFormerNameAround(best, candidates, used);
  markCountry(tokens, used);
  // Remarks first: a province echoed before one ("…, Tiền Giang, nay thuộc tỉnh Đồng Tháp") stands
  // before nothing but marked words once the remark is marked.
  markStructureRemarks(tokens, used, index.trie);
  if (best) markProvinceEcho(best, mentions, tokens, used, index);
  return used;
}

/**
 * A parser holding the precomputed unit index; build once and reuse for every address. The
 * index is read-only; what the parser remembers between addresses (each distinct word, read
 * once) is its own, and everything else lives in one call of `parse`, so parsers over different
 * registries can run side by side, and one parser can serve concurrent requests.
 */
export function createParser(registry: UnitRegistry = loadRegistry()): Parser {
  const index = new UnitIndex(registry);
  // The words the stages look for, marked on each word once (asides.ts, parts.ts).
  const tokeniser = new Tokeniser(index.names, { aside: asideMarks, partWord: (f) => PART_WORDS.has(f) });
  const tones = new WordTones();
  const namesUpper = (node: number) => index.namesUpper(node);
  const knownWord = (word: string) => index.names.holdsWord(word);
  const tokensOf = (text: string) => tokeniser.tokenise(readTelex(withoutNumberWordAfterUnitType(englishInVietnameseOrder(normalise(text))), knownWord));
  /**
   * The text with the characters of its Plus Code (`plusCodeIn`: map services print one where a
   * place has no street address) blanked, so that no part takes them: its letters would read as a
   * house's number.
   */
  const withoutPlusCode = (text: string, at: PlusCodeAt | null): string =>
    at === null ? text : text.slice(0, at.start) + " ".repeat(at.end - at.start) + text.slice(at.end);
  /** The tokens less phone numbers, labels, notes and a buyer's words; the people named as the recipient go to `recipients`. */
  const addressTokens = (tokens: readonly Token[], recipients: string[]) =>
    withoutRepeatedProvinceColumn(
      withoutClosingCountry(withoutFieldLabels(withoutPhoneNumbers(tokens, recipients), recipients, index.trie)),
      index,
    );
  const addressText = (text: string): string => {
    const plus = plusCodeIn(text);
    const all = tokensOf(withoutPlusCode(text, plus));
    const tokens = addressTokens(all, []);
    const person = openingPersonLength(tokens);
    // Both leave the list as it was when they drop nothing: most texts. Words written together
    // ("12LêLợi,PhườngBếnNghé") are given apart, as the tokeniser cut them, for a reader that
    // matches words by spaces.
    if (tokens === all && person === 0 && plus === null && !tokeniser.lastGlued) return text;
    let out = "";
    for (let k = person; k < tokens.length; k++)
      out += (k === person ? "" : tokens[k].seg === tokens[k - 1].seg ? " " : ", ") + tokens[k].raw;
    return out;
  };
  const parseOne = (text: string): ParsedAddress => {
    // People the text names as the parcel's recipient, for the place's name.
    const recipients: string[] = [];
    const plus = plusCodeIn(text);
    const tokens = addressTokens(tokensOf(withoutPlusCode(text, plus)), recipients);
    const claimed = claimStreetStarts(tokens, index.trie, namesUpper);
    const read = readUnits(tokens, claimed, index, tones);
    const { mentions, candidates, match } = read;
    let formerFactor = read.formerFactor;
    let formerOut = match ? formerNotes(match.mentions, tokens) : [];
    // The likeliest reading resting on words that are other words than its commune's name: gone (and
    // those like it up to the first that stands), but what is left had that competitor, and is no
    // surer for its going.
    let dropped = 0;
    if (!match) while (dropped < read.readings.length && restsOnOtherWords(read.readings[dropped], tokens)) dropped++;
    const otherWords = dropped > 0 ? read.readings[0] : undefined;
    let readings = preferReadings(dropped > 0 ? read.readings.slice(dropped) : read.readings, mentions, tokens, claimed, match !== null);
    // An old ward written beside the new commune it went into, the commune bare ("Phường 14, Diên
    // Hồng", as map services have written addresses since the reform): of the close readings, the
    // one whose old ward the commune was formed from, not a namesake elsewhere that ties with it.
    const beside = match ? null : oldWardBesideSuccessor(readings, mentions, tokens);
    if (beside !== null) {
      const words = beside.reading.ward!;
      readings = [
        beside.reading,
        ...readings.filter((r) => r !== beside.reading && !(r.ward && r.ward.start === words.start && r.ward.end === words.end)),
      ];
    }
    const weighed = weighReadings(readings, mentions, tokens, index);
    const { best, alternatives } = weighed;
    let ambiguous = weighed.ambiguous || (match === null && best !== undefined && communeOrFormerDistrict(best, tokens, index));
    // Words naming a unit outside the declared province are no part of the address either.
    // A name read as a former unit (`former`) is placed: it is not listed as unplaced too.
    const formerly = (u: { start: number; end: number }) => match?.mentions.some((m) => m.start < u.end && u.start < m.end) ?? false;
    const unplaced = best ? unplacedNames(best, mentions, tokens).filter((u) => !formerly(u)) : [];
    const used = wordsOfUnits(best, mentions, tokens, unplaced, match, candidates, index);
    let converted = best ? convertReading(best, mentions, index, tokens) : null;
    // The new commune the conversion took from a typed name holding the words the reading took for
    // its district ("Quang Trung, Phường Hà Giang 2": Thành phố Hà Giang): its words, "2" among
    // them, are no house's.
    const district = best?.district;
    const newWard = converted?.new?.ward;
    if (district && newWard)
      for (const m of mentions)
        if (m.typed && m.start <= district.start && m.end > district.end && m.unit === newWard) used.fill(1, m.start, m.end);
    if (beside !== null && best === beside.reading) {
      used.fill(1, beside.successor.start, beside.successor.end);
      // The commune written beside a ward split between several decides which part.
      if (converted) converted = withNewWard(converted, beside.successor.unit, index);
    }
    const oldWardWords = converted?.oldWardWords;
    if (oldWardWords) used.fill(1, oldWardWords.start, oldWardWords.end);
    const parts = withApostrophesAsWritten(
      withRecipients(extractParts(tokens, used, best ? readingMentions(best) : []), recipients),
      text,
    );
    parts.plus_code = plus?.code ?? null;
    // A new commune's reading that leaves its old ward open, on words that name with their type word
    // a former ward whose successor is one of the commune's old wards: that successor.
    const commune = best?.structure === "new" ? best.ward : null;
    if (!match && commune?.typed && converted?.new?.ward && converted.old !== null && converted.old.ward === null) {
      const predecessors = index.predecessors.get(converted.new.ward.code) ?? [];
      const district = best?.district?.unit ?? null;
      const former = formerWardOnCommuneWords(tokens, commune, district, predecessors, index);
      if (former) {
        converted = withOldWard(converted, former.successor, index);
        formerOut = formerNotes([former.mention], tokens);
        formerFactor = FORMER_CONFIDENCE[former.mention.former.row.evidence] ?? 0.8;
      }
    }
    // A former ward split between old wards that all went into one commune of today ("P.5, Q.6":
    // Phường 2 and Phường 9, both now Bình Tây): its old ward stays open, its commune does not.
    if (match && converted?.old && converted.old.ward === null && converted.new?.ward == null) {
      const into = communeOfSplitFormerWard(match.mentions, index);
      if (into) converted = withNewWard(converted, into, index);
    }
    if (converted) {
      alternatives.push(...converted.alternatives);
      ambiguous ||= converted.ambiguous;
    }
    // Words naming both an old district and a new commune: the commune is only the likelier answer.
    const splitDistrict = best && weighed.tied.length === 0 ? districtReadAsCommune(best, mentions, index) : null;
    if (splitDistrict) {
      alternatives.push(...splitDistrict);
      ambiguous = true;
    }
    const readLessSurely = unplaced.some((u) => u.reason !== "not-in-province");
    const structureOf = (r: Reading) => (r.mixed ? "mixed" : r.structure);
    const structure = best ? structureOf(best) : null;
    return {
      input: text,
      parts,
      structure,
      old: oldOut(converted?.old ?? null),
      new: newOut(converted?.new ?? null),
      formatted: {
        old: formatAddress(parts, converted?.old ?? null),
        new: formatAddress(parts, converted?.new ?? null),
      },
      confidence:
        Math.round(
          confidence(best, runnerUpWith(weighed.runnerUp, best, otherWords), ambiguous, weighed.agreed) *
            (best && typoCutShort(best, tokens) ? CUT_SHORT_CONFIDENCE : 1) *
            formerFactor *
            (converted?.likelier ? LIKELIER_CONFIDENCE : 1) *
            (readLessSurely ? NEAR_SPELLING_CONFIDENCE : 1) *
            (best && wardAloneMarkedOtherwise(best, tokens) ? MARKED_OTHERWISE_CONFIDENCE : 1) *
            (best && wardReadFromStreet(best, parts, tokens) ? STREET_NAMED_LIKE_WARD_CONFIDENCE : 1) *
            100,
        ) / 100,
      ambiguous,
      undecided: undecided(converted, alternatives),
      alternatives,
      former: formerOut,
      unplaced: unplaced.map(({ written, level, reason, province, elsewhere }) => ({
        written,
        level,
        reason,
        province,
        elsewhere,
      })),
    };
  };
  // A text giving the address in both structures is read as two addresses (both-addresses.ts).
  const parseBoth = (text: string): ParsedAddress => {
    const both = splitBothAddresses(text);
    return both === null ? parseOne(text) : withOldAddress(text, parseOne(both.current), parseOne(both.old), index, both.unitsOnly);
  };
  const parse = (text: string): ParsedAddress => {
    // A business's second site after its address ("… Địa điểm kinh doanh: …"): the address is the
    // first, where it names its place; the site's units would compete with it.
    const site = secondSiteAt(text);
    if (site > 0) {
      const first = parseBoth(text.slice(0, site));
      if (first.old?.province || first.new?.province) return { ...first, input: text };
    }
    return parseBoth(text);
  };
  return { parse, addressText, index };
}
