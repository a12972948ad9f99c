/**
 * Since the 2025 reform, businesses, offices and clinics publish their address in both structures:
 * "26 Vĩnh Viễn, Phường Vườn Lài, TP.HCM (Địa chỉ cũ: 26 Vĩnh Viễn, Phường 2, Quận 10, TPHCM)", or
 * the other way round ("Địa chỉ cũ: …; Địa chỉ mới: …"). Read as one text, the two addresses' words
 * are the parts twice over (a street that is also the place's name, a floor written twice) and
 * their units compete (the old Phường Tân An against the new one of the same name, when the old
 * address says Hưng Lợi). Read apart, the current address gives the parts and the new units, and
 * the old one the old units it states, where they agree: the old ward went into the new commune. So
 * with the old units alone in brackets ("…, Phường Ngọc Hà (Phường Vĩnh Phúc, Quận Ba Đình cũ)").
 */
import { formatAddress } from "./format.js";
import type { UnitIndex } from "./unit-index.js";
import type { AlternativeOut, NewUnitsOut, OldUnitsOut, ParsedAddress, ParsedParts, UnitOut } from "./types.js";

/** The two addresses of a text that labels its old one, each as written. */
export interface BothAddresses {
  current: string;
  old: string;
  /** The old text is units only (a bracket of old units): it adds no part to the current address's. */
  unitsOnly?: boolean;
}

// "Địa chỉ cũ", "ĐC cũ", "Đ/c cũ", "địa chỉ trước (khi) sáp nhập", with or without marks; not inside
// a word before them ("KDC cũ", a residential area's) nor going on after them ("cũng").
const ADDRESS_WORD = String.raw`(?<![\p{L}\p{N}])(?:địa\s*chỉ|dia\s*chi|đ\s*\/?\s*c|d\s*\/?\s*c)`;
const NOT_A_LETTER = String.raw`(?![\p{L}\p{N}])`;
// "Sáp nhập" (merger) is often typed "sát nhập".
const MERGER = String.raw`(?:sáp|sát|sap|sat)\s*(?:nhập|nhap)`;
// The day of the reform written instead of the merger: "Địa chỉ trước 01/07/2025:", "địa chỉ từ ngày 1/7/2025:".
const DATE = String.raw`(?:ngày\s*|ngay\s*)?\d{1,2}\s*\/\s*\d{1,2}(?:\s*\/\s*\d{2,4})?`;
const OLD_WORDS = String.raw`(?:cũ|cu|(?:trước|truoc)\s*(?:(?:khi\s*)?${MERGER}|${DATE}))`;
const NEW_WORDS = String.raw`(?:mới|moi|sau\s*(?:khi\s*)?${MERGER}|(?:sau|từ|tu)\s*${DATE}|hiện\s*(?:tại|nay)|hien\s*(?:tai|nay))`;
// Or, opening a bracket, the old words and a colon alone: "(cũ: Phường 2, Quận 10)", "(trước sáp
// nhập: …)"; not "(cũ)" after a name, a remark stated-structure.ts reads. Likewise the new words, or the
// merger alone: "(sau sát nhập: phường Bồ Đề)", "(sát nhập 104/11 Huỳnh Mẫn Đạt, p Chợ Quán)".
const OLD_LABEL = new RegExp(
  String.raw`${ADDRESS_WORD}\s*${OLD_WORDS}${NOT_A_LETTER}\s*[:：]?\s*|(?<=[([{]\s*)${OLD_WORDS}\s*[:：]\s*`,
  "iu",
);
const NEW_LABEL = new RegExp(
  String.raw`${ADDRESS_WORD}\s*${NEW_WORDS}${NOT_A_LETTER}\s*[:：]?\s*|(?<=[([{]\s*)(?:${NEW_WORDS}|${MERGER})${NOT_A_LETTER}\s*[:：]?\s*`,
  "iu",
);
/**
 * A bracket closing on the old words after a place ("(Phường Vĩnh Phúc, Quận Ba Đình cũ)", "(Dakao,
 * Q1 cũ)", "(Bình Dương cũ)"): the old units of the address around it. Not "(cũ)" alone, nor a
 * former house number ("(số cũ 4/1)": the number closes it).
 */
const OLD_BRACKET = /[([]\s*([^()[\]]*?[\p{L}\p{N}.])\s*(?:cũ|cu)\s*[)\]]/iu;
/** Below this, the current address's reading is weak: an old address that disagrees and is surer wins. */
const WEAK = 0.5;
/** The confidence kept when the old address names units that did not go into the current one. */
const DISAGREEING = 0.8;
/** What may stand between an address and the label after it: brackets, dashes, commas, full stops. */
const TRAILING_JOINERS = /[\s([{,;.\-–—|]+$/u;
const LEADING_JOINERS = /^[\s)\]},;.\-–—|]+/u;

/**
 * The current and the old address of a text that labels its old one after the current, its new one
 * after the old, or its old one first and then the new one, or that gives its old units in a
 * bracket (OLD_BRACKET, WARD_AND_DISTRICT_BRACKET); null for any other text (most: one look for the
 * labels' words, and for a bracket).
 */
export function splitBothAddresses(text: string): BothAddresses | null {
  if (!mayHoldLabel(text)) return text.includes("(") ? oldBracket(text) : null;
  const old = OLD_LABEL.exec(text);
  if (old !== null) {
    const { before, labelled, rest } = aroundLabel(text, old);
    if (before.trim() !== "") {
      // What follows the bracket (a phone, opening hours) stays with the text it closes.
      const current = rest === "" ? before : `${before}, ${rest}`;
      return labelled === "" ? null : { current, old: labelled };
    }
    // "Địa chỉ cũ: …; Địa chỉ mới: …".
    const after = text.slice(old.index + old[0].length);
    const neu = NEW_LABEL.exec(after);
    if (neu === null) return null;
    const oldText = after.slice(0, neu.index).replace(TRAILING_JOINERS, "").replace(LEADING_JOINERS, "");
    const current = after.slice(neu.index + neu[0].length).replace(/[)\]}]\s*$/u, "");
    return oldText.trim() === "" || current.trim() === "" ? null : { current, old: oldText };
  }
  // "12 Ngọc Lâm, Long Biên (sau sáp nhập: phường Bồ Đề, Hà Nội)".
  const neu = NEW_LABEL.exec(text);
  if (neu === null) return oldBracket(text);
  const { before, labelled } = aroundLabel(text, neu);
  return before.trim() === "" || labelled === "" ? null : { current: labelled, old: before };
}

/**
 * A business's other site labelled after its registered address ("… Hà Nội Địa điểm hoạt động
 * XKLĐ: …", "…, Quận 1 – Địa điểm kinh doanh: …", "(Văn phòng giao dịch: …)", "- chi nhánh tại
 * Hải Phòng: …"): a heading of a few words closing on a colon. Registers of companies write the
 * head office first.
 */
const SECOND_SITE =
  /(?:^|[\s,;.(\-–])(?:đ[iị]a đi[eể]m(?: \p{L}+){0,4}|chi nhánh(?: [\p{L}\d]+){0,4}|văn phòng (?:giao dịch|đại diện|làm việc)(?: \p{L}+){0,3}|vpgd|vpđd)\s*:/iu;

/**
 * Where a business's second site begins in the text (SECOND_SITE), after words of an address of its
 * own; -1 for any other text (most: one look for the labels' colon).
 */
export function secondSiteAt(text: string): number {
  if (!text.includes(":")) return -1;
  const m = SECOND_SITE.exec(text);
  // The label opening the text heads its only address.
  if (m === null || m.index < 12) return -1;
  return m.index;
}

/**
 * A bracket naming a ward with its type and then a district with its type ("(Phường Đội Cấn, Quận Ba
 * Đình)", "(Xã Độc Lập, Thành phố Hòa Bình)"), after an address: a district is no unit of the new
 * structure, so the bracket gives the old units, as one closing on "cũ" does.
 */
const WARD_AND_DISTRICT_BRACKET =
  /[([]\s*((?:phường|phuong|xã|xa|thị\s*trấn|thi\s*tran|p\.|x\.|tt\.)\s*[^()[\],]+,?\s*(?:quận|quan|huyện|huyen|thị\s*xã|thi\s*xa|thành\s*phố|thanh\s*pho|q\.|h\.|tx\.|tp\.?)\s*[^()[\],]+?)\s*[)\]]/iu;

/** The text around a bracket of old units (OLD_BRACKET, WARD_AND_DISTRICT_BRACKET), and those units; null when it holds none. */
function oldBracket(text: string): BothAddresses | null {
  const bracket = OLD_BRACKET.exec(text) ?? WARD_AND_DISTRICT_BRACKET.exec(text);
  if (bracket === null) return null;
  const before = text.slice(0, bracket.index).replace(TRAILING_JOINERS, "");
  const after = text.slice(bracket.index + bracket[0].length).replace(LEADING_JOINERS, "");
  if (before.trim() === "") return null;
  // A number opening the bracket before the district is a ward's ("(11, Quận 3 cũ)", "(1 Quận TB
  // cũ)"): read alone it would open the text as a house's.
  const old = bracket[1].replace(WARD_NUMBER_OPENING, "Phường $1");
  return { current: after === "" ? before : `${before}, ${after}`, old, unitsOnly: true };
}

const WARD_NUMBER_OPENING = /^(\d{1,2})(?=\s*,|\s+(?:quận|quan|q\.?\s*\d|huyện|huyen|thị xã|thi xa|tx\b))/iu;

/**
 * The text before a label, the address it labels (to the closing bracket when a bracket opens the
 * label, else to the end) and what follows that bracket.
 */
function aroundLabel(text: string, label: RegExpExecArray): { before: string; labelled: string; rest: string } {
  const before = text.slice(0, label.index).replace(TRAILING_JOINERS, "");
  const after = text.slice(label.index + label[0].length);
  const bracketed = /[([{]\s*$/u.test(text.slice(0, label.index));
  const close = bracketed ? after.search(/[)\]}]/u) : -1;
  return {
    before,
    labelled: (close < 0 ? after : after.slice(0, close)).trim(),
    rest: close < 0 ? "" : after.slice(close + 1).replace(LEADING_JOINERS, ""),
  };
}

/**
 * Words every label holds, in any case: "cũ"/"cu" ending a word, "sáp"/"sát" (nhập), "mới"/"moi"
 * ending a word, "hiện"/"hien"; or "trước"/"sau"/"từ" before a date (DATE_LABEL_WORDS). Asked of every text: most hold none, and go no further.
 */
const LABEL_WORDS = /c[uũ](?![\p{L}\p{N}])|s[aá][pt]|m[oớ]i(?![\p{L}\p{N}])|hi[eệ]n/iu;
/** The reform's day after "trước", "sau" or "từ", written with slashes ("01/07/2025"); looked for only in a text holding a slash. */
const DATE_LABEL_WORDS = /(?:tr[uư][oớ]c|sau|t[uừ])\s*(?:ng[aà]y\s*)?\d{1,2}\s*\//iu;

function mayHoldLabel(text: string): boolean {
  return LABEL_WORDS.test(text) || (text.includes("/") && DATE_LABEL_WORDS.test(text));
}

/**
 * The answer for a text holding both addresses: the current address's, with the old units the old
 * address states where its ward (or district) went into the current address's commune. A part the
 * current address leaves out is taken from the old one.
 */
export function withOldAddress(
  text: string,
  asRead: ParsedAddress,
  old: ParsedAddress,
  index: UnitIndex,
  unitsOnly = false,
): ParsedAddress {
  const parts = unitsOnly ? asRead.parts : fillParts(asRead.parts, old.parts);
  const stated = statedOldUnits(old, asRead.new?.ward ?? null, index);
  // A commune named alike in several provinces ("P. Xuân Hòa (Quận 3 cũ)"): of the current
  // address's readings, the one the old units went into.
  const current =
    stated === null
      ? asRead
      : !agrees(stated, asRead.new?.ward ?? null, index)
        ? withReadingInto(asRead, stated, index)
        : withCurrentCommune(asRead, stated, index);
  // Chosen by the old address against the current one's best reading: less sure than two that agree.
  const switched = current !== asRead;
  const together = (factor: number) => Math.round(Math.max(current.confidence, old.confidence) * factor * 100) / 100;
  const newWard = current.new?.ward ?? null;
  const result: ParsedAddress = {
    ...current,
    input: text,
    parts,
    former: [...current.former, ...old.former.filter((f) => !current.former.some((c) => c.written === f.written))],
  };
  if (stated === null) return reformatted(result, index);
  if (stated.ward === null && stated.district === null) {
    // An old province alone ("TP.HCM (Bình Dương cũ)"): the old one, where it went into the current
    // address's province and the current address names no old unit below a province (those say more).
    const province = stated.province;
    const into = province ? index.oldToNewProvinces.get(province.code) : undefined;
    const below = current.old !== null && (current.old.ward !== null || current.old.district !== null);
    // Chosen by the province alone: as sure as the surer address, less for having been chosen.
    const narrowed = withoutReadingsElsewhere(current, stated, index);
    const chose = switched
      ? { ambiguous: current.ambiguous && current.undecided.length > 0, confidence: together(DISAGREEING) }
      : narrowed.alternatives.length < current.alternatives.length
        ? { ...narrowed, ambiguous: current.ambiguous && narrowed.undecided.length > 0, confidence: together(1) }
        : {};
    if (!province || below || !into?.has(current.new?.province?.code ?? "")) return reformatted({ ...result, ...chose }, index);
    return reformatted({ ...result, ...chose, old: { province, district: null, ward: null } }, index);
  }
  // Two addresses that disagree (the old ward went elsewhere): the current one, less surely; the old
  // one only where the current one is a weak reading and the old one surer ("phường Điện Thắng (Trụ
  // sở phường Điện An cũ)": Điện Thắng, a name no unit has, read through slips as Hà Nội's Tiến
  // Thắng, against Quảng Nam's Điện An written whole). A current address read well is what the
  // text states now, though the old one says otherwise.
  if (!agrees(stated, newWard, index)) {
    const surer = current.confidence < WEAK && old.confidence > current.confidence ? old : current;
    return reformatted(
      {
        ...result,
        old: surer.old,
        new: surer.new,
        structure: surer.structure,
        undecided: surer.undecided,
        alternatives: surer.alternatives,
        ambiguous: surer.ambiguous,
        confidence: Math.round(surer.confidence * DISAGREEING * 100) / 100,
      },
      index,
    );
  }
  // The current address names no commune (or no province): the old address's conversion, in the
  // current province.
  const neu: NewUnitsOut | null =
    newWard === null &&
    old.new !== null &&
    (old.new.ward !== null || current.new?.province == null) &&
    (current.new?.province == null || current.new.province.code === old.new.province?.code)
      ? old.new
      : current.new;
  const oldUnits: OldUnitsOut =
    stated.ward !== null
      ? stated
      : {
          province: stated.province,
          district: stated.district,
          ward: current.old?.ward && current.old.district?.code === stated.district?.code ? current.old.ward : null,
        };
  // The current reading's own guess at the old ward (the same-named predecessor of a commune formed
  // from several, "Phường Bến Thành (Quận 1 cũ)") stays a guess: a district stated beside it does not
  // say which of the district's wards.
  const wardStated = oldUnits.ward !== null && (stated.ward !== null || !current.undecided.includes("old.ward"));
  const decided = new Set<string>();
  if (wardStated) decided.add("old.ward");
  if (oldUnits.district) decided.add("old.district");
  if (oldUnits.province) decided.add("old.province");
  const fromOld = neu !== current.new;
  const narrowed = withoutReadingsElsewhere(current, stated, index);
  const undecided = [
    ...narrowed.undecided.filter((level) => !decided.has(level) && !(fromOld && level.startsWith("new."))),
    ...(fromOld ? old.undecided.filter((level) => level.startsWith("new.")) : []),
  ];
  // The old address answered what the current one left open among the old wards.
  const alternatives = narrowed.alternatives.filter((a) => !(a.reason === "predecessor" && wardStated));
  return reformatted(
    {
      ...result,
      old: oldUnits,
      new: neu,
      structure: result.structure ?? old.structure,
      undecided,
      alternatives,
      ambiguous: current.ambiguous && undecided.length > 0,
      // Two statements of one place that agree: as sure as the surer of them.
      confidence: together(switched ? DISAGREEING : 1),
    },
    index,
  );
}

/**
 * The current address's alternatives less the readings of a namesake commune the stated old units
 * did not go into ("P. Xuân Hòa (Quận 3 cũ)": Phú Thọ's Xuân Hòa), and its undecided levels less the
 * new structure's when no alternative left names another commune.
 */
function withoutReadingsElsewhere(
  current: ParsedAddress,
  stated: OldUnitsOut,
  index: UnitIndex,
): { alternatives: AlternativeOut[]; undecided: string[] } {
  const alternatives = current.alternatives.filter(
    (a) => !(a.reason === "reading" && a.new?.ward != null && !agrees(stated, a.new.ward, index)),
  );
  if (alternatives.length === current.alternatives.length) return { alternatives, undecided: current.undecided };
  const commune = current.new?.ward?.code;
  const newOpen = alternatives.some((a) => a.new?.ward != null && a.new.ward.code !== commune);
  return { alternatives, undecided: newOpen ? current.undecided : current.undecided.filter((l) => !l.startsWith("new.")) };
}

/**
 * `current` with the first of its alternative readings whose commune the stated old units went
 * into as its answer, the reading it had listed among the alternatives; `current` itself when none is.
 */
function withReadingInto(current: ParsedAddress, stated: OldUnitsOut, index: UnitIndex): ParsedAddress {
  const into = current.alternatives.find((a) => a.new?.ward != null && agrees(stated, a.new.ward, index));
  if (into === undefined) return current;
  // Its old ward only where the reading decided it; the stated units say the rest.
  return takingAlternative(current, into, into.old && stated.ward === null ? { ...into.old, ward: null } : into.old);
}

/**
 * `current` answered by one of its alternatives (with these old units), its own reading listed among
 * them instead; the new commune, which the alternative names, is no longer undecided.
 */
function takingAlternative(current: ParsedAddress, chosen: AlternativeOut, old: OldUnitsOut | null): ParsedAddress {
  const was: AlternativeOut = { reason: "reading", old: current.old, new: current.new, score: null };
  return {
    ...current,
    old,
    new: chosen.new,
    undecided: current.undecided.filter((level) => !level.startsWith("new.")),
    alternatives: [was, ...current.alternatives.filter((a) => a !== chosen)],
  };
}

/**
 * The old units the old address states: its reading, or where that reading is one of several
 * namesakes ("(Phường An Hòa cũ)" alone names a dozen) and went elsewhere than the current address's
 * commune, the namesake among its readings that went into it (Ninh Kiều's An Hòa, into Cái Khế).
 */
function statedOldUnits(old: ParsedAddress, newWard: UnitOut | null, index: UnitIndex): OldUnitsOut | null {
  const read = old.old;
  if (read === null || !old.ambiguous || agrees(read, newWard, index)) return read;
  const into = old.alternatives.find((a) => a.reason === "reading" && a.old?.ward != null && agrees(a.old, newWard, index));
  return into?.old ?? read;
}

/**
 * The current address read as an old ward ("phường Hố Nai, tỉnh Đồng Nai (TP. Biên Hòa cũ)": the old
 * Phường Hố Nai of Biên Hòa, now in Long Bình) where a commune of today bears the same name and the
 * old units went into it too (the new Phường Hố Nai took Biên Hòa's Tân Hòa): the text gives its old
 * units apart, so the address beside them is today's, and that commune is its own.
 */
function withCurrentCommune(current: ParsedAddress, stated: OldUnitsOut, index: UnitIndex): ParsedAddress {
  const oldWard = current.old?.ward;
  if (current.structure !== "old" || !oldWard) return current;
  const today = current.alternatives.find(
    (a) => a.reason === "reading" && a.new?.ward != null && a.new.ward.name === oldWard.name && agrees(stated, a.new.ward, index),
  );
  if (today === undefined) return current;
  return { ...takingAlternative(current, today, today.old), structure: "new" };
}

/** The old address's units went into the current address's commune (or the current names none). */
function agrees(stated: OldUnitsOut, newWard: UnitOut | null, index: UnitIndex): boolean {
  if (newWard === null) return true;
  if (stated.ward !== null) return (index.successors.get(stated.ward.code) ?? []).some((u) => u.code === newWard.code);
  const predecessors = index.predecessors.get(newWard.code) ?? [];
  if (stated.district !== null) return predecessors.some((u) => (u.districtCode ?? u.code) === stated.district!.code);
  // An old province alone ("(Bình Dương cũ)"): the commune was formed from its wards.
  return stated.province === null || predecessors.some((u) => u.provinceCode === stated.province!.code);
}

function fillParts(current: ParsedParts, old: ParsedParts): ParsedParts {
  const out = { ...current };
  for (const key of Object.keys(out) as (keyof ParsedParts)[]) out[key] ??= old[key];
  return out;
}

/** The formatted lines from the answer's parts and units. */
function reformatted(address: ParsedAddress, index: UnitIndex): ParsedAddress {
  const unit = (structure: "old" | "new", u: UnitOut | null | undefined) =>
    u ? (index.unit(structure, u.code) ?? null) : null;
  const old = address.old;
  const neu = address.new;
  return {
    ...address,
    formatted: {
      old: old
        ? formatAddress(address.parts, {
            province: unit("old", old.province),
            district: unit("old", old.district),
            ward: unit("old", old.ward),
          })
        : null,
      new: neu ? formatAddress(address.parts, { province: unit("new", neu.province), ward: unit("new", neu.ward) }) : null,
    },
  };
}
