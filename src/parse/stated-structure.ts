/**
 * Since the 2025 reform people write a unit's name in both structures and say which is which:
 * "xã Ea Tu (nay là phường Tân An)", "phường Linh Xuân (trước đây là Linh Trung)", "P. Lộc Thọ
 * (cũ)". A name such words mark is of the structure they state, even where the other structure
 * has a unit of the same name (an old Phường Tân An of Buôn Ma Thuột went into Phường Tân An, but
 * "nay là phường Tân An" names the new one): the other structure's reading of those words is no
 * rival, and left in it makes the address look ambiguous between two old wards.
 */
import type { Mention } from "./mentions.js";
import type { Token } from "./tokenise.js";

type Structure = "old" | "new";

/**
 * Phrases that lead into a unit's name today ("nay là", "hiện thuộc", "sau sáp nhập là", "tên mới
 * là", "đổi tên thành"), folded; a longer phrase before a shorter one ending the same way.
 */
export const NEW_NAME_LEADS: readonly (readonly string[])[] = [
  ["hien", "nay", "la"],
  ["hien", "nay", "thuoc"],
  ["hien", "la"],
  ["hien", "thuoc"],
  ["nay", "la"],
  ["nay", "thuoc"],
  ["nay"],
  ["sau", "sap", "nhap", "la"],
  ["sau", "sap", "nhap", "thuoc"],
  ["sau", "sap", "nhap"],
  ["sap", "nhap", "vao"],
  ["sap", "nhap", "thanh"],
  ["nhap", "vao"],
  ["doi", "ten", "thanh"],
  ["doi", "thanh"],
  ["ten", "moi", "la"],
  ["ten", "moi"],
  ["moi", "la"],
];

/**
 * Phrases that lead into a unit's name before the reform ("trước đây là", "trước kia thuộc", "cũ
 * là", "tên cũ", "(cũ: xã …)"), folded; a longer phrase before a shorter one ending the same way.
 */
export const OLD_NAME_LEADS: readonly (readonly string[])[] = [
  ["truoc", "day", "la"],
  ["truoc", "day", "thuoc"],
  ["truoc", "day"],
  ["truoc", "kia", "la"],
  ["truoc", "kia", "thuoc"],
  ["truoc", "kia"],
  ["truoc", "la"],
  ["truoc", "thuoc"],
  ["ten", "cu", "la"],
  ["ten", "cu"],
  ["cu", "la"],
  ["cu"],
];

/** The last words of the leads: a mention after none of them is no lead's name. */
const LEAD_ENDS = new Set(["la", "thuoc", "nay", "nhap", "vao", "day", "kia", "cu", "moi", "thanh"]);

/**
 * tokens[from, from + phrase.length) are the lead's words, in one segment, and its "cũ" or "mới" is
 * written so, or unmarked with more of the lead after it ("cu la"): "Nguyen Van Cu Long Bien" holds
 * a street, "Chợ Mới" a district, no lead.
 */
export function leadWrittenAt(tokens: readonly Token[], from: number, phrase: readonly string[]): boolean {
  if (!phraseAt(tokens, from, phrase)) return false;
  for (let k = 0; k < phrase.length; k++) {
    // "thuộc" (of), not "thuốc" (medicine: "Nhà thuốc Long Châu").
    if (phrase[k] === "thuoc") {
      const raw = tokens[from + k].lower;
      if (raw !== "thuộc" && raw !== "thuoc") return false;
      continue;
    }
    if (phrase[k] !== "cu" && phrase[k] !== "moi") continue;
    const raw = tokens[from + k].lower;
    if (raw === "cũ" || raw === "mới") continue;
    if (raw !== phrase[k] || k + 1 === phrase.length) return false;
  }
  return true;
}

/** Whether the text holds a word that may state a structure (lexicon.ts STATING_WORDS): most texts hold none. */
export function statesStructure(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (tokens[i].w.statesStructure) return true;
  return false;
}

/** The word is "cũ" or "mới" (or either without diacritics), a remark on the unit before it. */
export function isStructureRemark(t: Token): boolean {
  if (t.f !== "cu" && t.f !== "moi") return false;
  const raw = t.lower;
  return raw === "cũ" || raw === "mới" || raw === "cu" || raw === "moi";
}

/** Whether tokens[from, from + phrase.length) are the phrase's words, in one segment. */
function phraseAt(tokens: readonly Token[], from: number, phrase: readonly string[]): boolean {
  if (from < 0 || from + phrase.length > tokens.length) return false;
  const seg = tokens[from].seg;
  return phrase.every((w, k) => tokens[from + k].f === w && tokens[from + k].seg === seg);
}

/** The structure the words around a mention state for it, or null when they state none. */
function statedFor(tokens: readonly Token[], m: Mention): Structure | null {
  const before = m.start - 1;
  if (before >= 0 && tokens[before].seg === tokens[m.start].seg && LEAD_ENDS.has(tokens[before].f)) {
    for (const phrase of NEW_NAME_LEADS) if (leadWrittenAt(tokens, m.start - phrase.length, phrase)) return "new";
    for (const phrase of OLD_NAME_LEADS) if (leadWrittenAt(tokens, m.start - phrase.length, phrase)) return "old";
  }
  // "Quận 1 cũ", "P. Lộc Thọ (cũ)": the remark ends its segment, in the name's or alone in its own.
  if (m.end >= tokens.length) return null;
  const after = tokens[m.end];
  if (!isStructureRemark(after)) return null;
  if (m.end + 1 < tokens.length && tokens[m.end + 1].seg === after.seg) return null;
  return after.f === "cu" ? "old" : "new";
}

/**
 * Notes on each mention the structure its words state (`Mention.stated`), and drops, in place, the
 * mentions whose words the text states to be of the other structure, when a mention of the stated
 * one reads the same words (a name the stated structure lacks is kept: the remark may be wrong, the
 * name is not). Ask only of a text that `statesStructure`.
 */
export function keepStatedStructure(tokens: readonly Token[], mentions: Mention[]): void {
  let stated: (Structure | null)[] | null = null;
  for (let i = 0; i < mentions.length; i++) {
    const s = statedFor(tokens, mentions[i]);
    if (s === null) continue;
    stated ??= new Array<Structure | null>(mentions.length).fill(null);
    stated[i] = s;
  }
  if (stated === null) return;
  const states = stated;
  for (let i = 0; i < mentions.length; i++) {
    const s = states[i];
    if (s !== null) mentions[i].stated = s;
  }
  const keep = mentions.filter((m, i) => {
    const s = states[i];
    if (s === null || m.hit.structure === s) return true;
    return !mentions.some((o) => o.nameStart === m.nameStart && o.end === m.end && o.hit.structure === s);
  });
  mentions.length = 0;
  mentions.push(...keep);
}
