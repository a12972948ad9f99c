/**
 * The official map's list of predecessors per new commune (sapnhap.bando.com.vn, as crawled into
 * `vn-admin-mapping-2025/sapnhap_bando_donvi_tinhthanh_truocsapnhap.json`): free text such as
 * "Xã Tân Bình, Xã Tân Phú (huyện Châu Thành), Xã Phú Long" or "… một phần diện tích TN, quy mô dân
 * số của các phường Cửa Nam, Điện Biên, …". Used at build time to settle old wards whose links fail
 * the geometric check: the text names each predecessor by type and name, and by district where the
 * name alone is ambiguous inside the new province.
 */
import { toneKey } from "../src/text/fold.js";

/** One row of the crawl: `ma` is the new code, `magoc` the parent ("0" for a province). */
export interface OfficialMapRow {
  ma: string;
  ten: string;
  magoc: string;
  truocsapnhap: string;
}

/** A unit as the text names it: type word, name and, when the text adds one, its district. */
interface Mention {
  type: string | null;
  name: string;
  district: string | null;
}

/** An old ward to look for: its type ("Xã", "Phường", "Thị trấn"), name and its district's name. */
export interface OldWardName {
  type: string;
  name: string;
  districtName: string;
}

const WARD_TYPES = ["thị trấn", "phường", "xã"];
const DISTRICT_TYPES = ["huyện", "quận", "thị xã", "thành phố", "tp"];

/** Spaces, apostrophes and hyphens do not distinguish names ("Ea D'Rơng" / "Ea Drơng", "A Dơk" / "Adơk"). */
const compact = (text: string) => toneKey(text).replace(/ /g, "");

export class OfficialPredecessorText {
  private readonly mentionsByCommune = new Map<string, Mention[]>();

  constructor(rows: readonly OfficialMapRow[]) {
    for (const row of rows)
      if (row.magoc !== "0") this.mentionsByCommune.set(row.ma, readMentions(row.truocsapnhap));
  }

  /** Whether the text of new commune `code` names the old ward (type, name, and district if it gives one). */
  names(code: string, ward: OldWardName): boolean {
    const type = toneKey(ward.type);
    const name = compact(ward.name);
    const district = compact(ward.districtName);
    return (this.mentionsByCommune.get(code) ?? []).some(
      (m) =>
        m.type === type &&
        compact(m.name) === name &&
        (m.district === null || compact(m.district) === district),
    );
  }
}

/**
 * The units a predecessor text names. Clauses are cut at commas and "và"; a clause names the unit
 * after its last type word, or, in a list such as "các phường Cửa Nam, Điện Biên", takes the type of
 * the clause before. A parenthesis right after a name that starts with a district type
 * ("(huyện Châu Thành)") is that unit's district; other parentheses ("(phần còn lại …)") are skipped.
 */
export function readMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  let carriedType: string | null = null;
  for (const piece of text.matchAll(/\(([^)]*)\)|([^,;()]+)/g)) {
    const inParentheses = piece[1];
    if (inParentheses !== undefined) {
      const words = toneKey(inParentheses);
      const districtType = DISTRICT_TYPES.find((t) => words.startsWith(`${t} `));
      const last = mentions.at(-1);
      if (districtType && last && last.district === null)
        last.district = words.slice(districtType.length + 1);
      continue;
    }
    for (const clause of toneKey(piece[2]).split(/(?:^| )và(?: |$)/)) {
      if (clause === "") continue;
      const found = lastWardType(clause);
      if (found) carriedType = found.type;
      const name = found ? clause.slice(found.end).trim() : clause;
      if (name !== "") mentions.push({ type: carriedType, name, district: null });
    }
  }
  return mentions;
}

/** The last ward type word in a tone-keyed clause and where it ends; "thị xã" is a district type, not "xã". */
function lastWardType(clause: string): { type: string; end: number } | null {
  let best: { type: string; end: number } | null = null;
  for (const type of WARD_TYPES)
    for (const match of clause.matchAll(new RegExp(`(?:^| )${type}(?= |$)`, "g"))) {
      const start = match.index + match[0].length - type.length;
      if (type === "xã" && clause.slice(0, start).endsWith("thị ")) continue;
      const end = start + type.length;
      if (!best || end > best.end) best = { type, end };
    }
  return best;
}
