/**
 * Stage after resolution: the units the text names outside the province it declares
 * (ParsedAddress.unplaced), so that a level left empty, or read as a near spelling or in part,
 * says why.
 */
import type { Unit } from "../units/types.js";
import { unitOut } from "./convert.js";
import { ALLEY_STARTS, isHouseNumber } from "./lexicon.js";
import type { Mention } from "./mentions.js";
import { type Reading, readingMentions } from "./resolve.js";
import type { Token } from "./tokenise.js";
import type { UnplacedOut } from "./types.js";

/** Units listed per unplaced name (UnplacedOut.elsewhere). */
const MAX_ELSEWHERE = 5;

/**
 * The units the text names that the best reading leaves out because the province the text
 * declares holds none of them (UnplacedOut): exact mentions of units outside that province,
 * written with their type word or alone in their segment (not a hamlet's words named like a
 * province), that the best reading's exact units do not take. Grouped by the words, stronger first.
 */
export function unplacedNames(
  best: Reading,
  mentions: readonly Mention[],
  tokens: readonly Token[],
): (UnplacedOut & { start: number; end: number })[] {
  const declared = best.province;
  if (!declared?.declared || best.against) return [];
  // Only where the answer has no commune of its own, one read through a typo, or one read from
  // part of the words (below): otherwise the words are another part of the address (a street
  // first, "Trần Nguyên Hãn, Nam Tiến, …").
  const exactWard = best.ward && !best.ward.fuzzy ? best.ward : null;
  // Runs on most addresses: a scan without allocation first, the notes built only for the
  // mentions that pass it, stronger first.
  let found: Mention[] | null = null;
  for (const m of mentions) {
    if (m.score <= 0 || m.fuzzy || m.declared) continue;
    // With a commune of its own, only the words of a longer name it reads part of ("Xã Thanh
    // Phuoc": Xã Thanh of Quảng Trị, Thạnh Phước elsewhere).
    if (exactWard !== null && !(m.start <= exactWard.start && exactWard.end < m.end)) continue;
    if (!m.typed && !aloneInSegment(tokens, m.start, m.end)) continue;
    // A name alone right after a house's or alley's number, without a type word, is where the street
    // goes, and streets are named after places ("12, kiệt 5, Hải Phòng, Đà Nẵng": Đà Nẵng's street
    // Hải Phòng, not Nam Định's Xã Hải Phong).
    if (!m.typed && afterDoor(tokens, m.start)) continue;
    found ??= [];
    found.push(m);
  }
  if (found === null) return [];
  found.sort((a, b) => b.score - a.score);
  let out: (UnplacedOut & { start: number; end: number })[] | null = null;
  const bestMentions = readingMentions(best);
  for (const m of found) {
    const partRead = exactWard !== null;
    const province = m.unit.level === "province" ? m.unit : m.hit.province;
    if (!province || inProvince(province, declared)) continue;
    const overlapping = bestMentions.find((b) => b.start < m.end && m.start < b.end);
    if (overlapping && !overlapping.fuzzy && !partRead) continue;
    // Words the reading left out that name a unit of the declared province too ("xã Bình Châu,
    // huyện Lý Sơn, Quảng Ngãi": Bình Sơn's Bình Châu) are no name from elsewhere.
    if (!partRead && !overlapping && found.some((o) => o.start === m.start && o.end === m.end && inProvinceOf(o, declared))) continue;
    const written = tokens
      .slice(m.start, m.end)
      .map((t) => t.raw)
      .join(" ");
    out ??= [];
    let note = out.find((u) => u.written === written);
    if (!note) {
      note = {
        start: m.start,
        end: m.end,
        written,
        level: m.unit.level,
        reason: partRead ? "part-read" : overlapping ? "near-spelling" : "not-in-province",
        province: unitOut(declared.unit)!,
        elsewhere: [],
      };
      out.push(note);
    }
    const unit = m.unit;
    if (
      note.elsewhere.length < MAX_ELSEWHERE &&
      !note.elsewhere.some((e) => e.structure === unit.structure && e.unit.code === unit.code)
    )
      note.elsewhere.push({ structure: unit.structure, unit: unitOut(unit)!, province: unitOut(province)! });
  }
  return out ?? [];
}

/** The span from `start` to `end` is the whole of its segment. */
function aloneInSegment(tokens: readonly Token[], start: number, end: number): boolean {
  return (
    (start === 0 || tokens[start - 1].seg !== tokens[start].seg) &&
    (end === tokens.length || tokens[end].seg !== tokens[end - 1].seg)
  );
}

/** The province unit is the declared one, or linked to it across the structures. */
function inProvince(province: Unit, declared: Mention): boolean {
  const hit = declared.hit;
  return hit.structure === province.structure
    ? hit.code === province.code
    : hit.otherProvinces.includes(province.code);
}

/** The words before token k in the text are a segment of a house's or alley's number ("12", "kiệt 5"). */
function afterDoor(tokens: readonly Token[], k: number): boolean {
  if (k === 0 || !tokens[k - 1].w.digit || tokens[k - 1].seg === tokens[k].seg) return false;
  let first = k - 1;
  while (first > 0 && tokens[first - 1].seg === tokens[k - 1].seg) first--;
  const f = tokens[first].f;
  return isHouseNumber(f) || f === "so" || f === "sn" || ALLEY_STARTS.has(f);
}

/** The mention's unit lies in the declared province (is it, for a province). */
function inProvinceOf(m: Mention, declared: Mention): boolean {
  const province = m.unit.level === "province" ? m.unit : m.hit.province;
  return province !== null && province !== undefined && inProvince(province, declared);
}
