/**
 * How people write an address they search for, as transforms of one record: the full address with
 * type words, without diacritics, with abbreviations, with typos in two words, in the old
 * structure, without the province, cut short while typing (only where the cut has one answer:
 * `prefixOf`, answerable.ts), mixtures, and in the old structure for a record stored in the new
 * one only (`old-derived`: one of its commune's predecessors), and bare (`bare`: the street then
 * the commune's or old ward's name, no comma, type word or province), and typed in Telex with the
 * input method off (`telex`: "12 Nguyeenx Traix, Phuowngf Khuwowng Ddinhf"), and as a buyer types it at a
 * checkout (`checkout`: "Giao cho chị Lan, …", "… nhé shop"), and as map services print a place (`map`:
 * "12 Ng. 34 P. Huế, Phạm Đình Hổ, Hai Bà Trưng, Hà Nội, Việt Nam"), and with no spaces at all (`glued`:
 * "12LêLợi,PhườngBếnThành,ThànhphốHồChíMinh", as text copied out of some forms), and damaged by an
 * encoding on its way (`encoded`: UTF-8 read as Windows-1252, "HÃ  Ná»™i"; text typed in a TCVN3 or VNI
 * font and copied out, "Hµ Néi", "Haø Noäi"). Every transform draws from the one
 * seeded PRNG it is handed, so a seed gives the same queries on every run.
 *
 * Unit names come from the registry (a unit's `fullName`); the parts below the commune from the
 * record (`formatParts`, the same writer the CLI uses).
 */
import type { Random } from "../../src/common/random.js";
import { formatParts } from "../../src/domain/format.js";
import type { AlleyType } from "../../src/domain/parts.js";
import type { AddressRecord } from "../../src/domain/record.js";
import { encodeTcvn3 } from "../../src/testing/legacy-encodings.js";
import { fold } from "../../src/text/fold.js";
import { typeTelex } from "../../src/text/telex.js";
import { encodeVni } from "../../src/text/vni.js";
import type { UnitRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";

export const QUERY_FORMS = [
  "full",
  "no-diacritics",
  "abbrev",
  "typos2",
  "old",
  "no-province",
  "prefix",
  "mixed",
  "old-derived",
  "bare",
  "telex",
  "checkout",
  "map",
  "glued",
  "encoded",
] as const;
export type QueryForm = (typeof QUERY_FORMS)[number];

/** One line of a query set: the text, the record it must find, and whether it is typed as-you-go. */
export interface BenchQuery {
  form: QueryForm;
  q: string;
  /** The digital code of the record the query was written from. */
  gold: string;
  autocomplete: boolean;
  /** For `mixed`: the transforms applied, in order. */
  steps?: string[];
}

/** A record's address as the pieces a person puts together: below the commune, then the units, smallest first. */
export interface WrittenAddress {
  /** "12 Lê Lợi", "Số 5, Ngõ 10, Phố Huế", "Thôn Đông": from the record's parts, the business name left out. */
  below: string;
  /** New structure: [commune, province]. */
  units: Unit[];
  /** Old structure, when the record has old units the registry knows: [ward, district, province]. */
  oldUnits: Unit[] | null;
  /**
   * For a record stored without old units: each old ward its new commune was formed from, with its
   * district and province ([ward, district, province]). Old wards have no polygons, so which one
   * held the house is unknown; a person who lived there writes one of them.
   */
  predecessors: Unit[][];
}

/**
 * The pieces of a record's address, or null when it cannot be searched for by what it says: units
 * unknown to the registry, or nothing below the commune that tells houses apart (no house number or
 * lot, or neither street nor hamlet).
 */
export function writtenAddress(record: AddressRecord, registry: UnitRegistry): WrittenAddress | null {
  const { parts } = record;
  if (!(parts.houseNumber || parts.lot) || !(parts.street || parts.hamlet)) return null;
  const commune = registry.get("new", record.new.commune);
  const province = registry.get("new", record.new.province);
  if (!commune || !province) return null;
  let oldUnits: Unit[] | null = null;
  if (record.old) {
    const ward = registry.get("old", record.old.ward);
    const district = registry.get("old", record.old.district);
    const oldProvince = registry.get("old", record.old.province);
    if (ward && district && oldProvince) oldUnits = [ward, district, oldProvince];
  }
  const predecessors: Unit[][] = [];
  if (!record.old) {
    for (const { unit: ward } of registry.predecessors(commune.code)) {
      const district = ward.districtCode ? registry.get("old", ward.districtCode) : undefined;
      const oldProvince = registry.get("old", ward.provinceCode);
      if (ward.level === "ward" && district && oldProvince) predecessors.push([ward, district, oldProvince]);
    }
  }
  return { below: formatParts(parts), units: [commune, province], oldUnits, predecessors };
}

/** The address written out: below the commune, then each unit's full name with its type word. */
export function writeOut(below: string, units: readonly Unit[]): string {
  return [below, ...units.map((u) => u.fullName)].join(", ");
}

// ── no diacritics ──────────────────────────────────────────────────────────────────────────────

/** Diacritics off and `đ` → `d`, case and punctuation kept: what a phone keyboard without Telex gives. */
export function stripDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

// ── abbreviations ──────────────────────────────────────────────────────────────────────────────

/** The short forms people write for each unit type word (the first is the most common). */
const TYPE_ABBREVIATIONS: Record<string, readonly string[]> = {
  Phường: ["P.", "P. ", "P", "F."],
  Xã: ["X.", "xã "],
  "Thị trấn": ["TT.", "TT "],
  "Thị xã": ["TX.", "TX "],
  Quận: ["Q.", "Q. ", "Q"],
  Huyện: ["H.", "H. ", "huyện "],
  "Thành phố": ["TP.", "Tp.", "TP ", "tp "],
  Tỉnh: ["T.", "", "tỉnh "],
  "Đặc khu": ["ĐK.", "đặc khu "],
};

/** Provinces people write by initials or nickname. */
const PROVINCE_SHORT: Record<string, readonly string[]> = {
  "Hồ Chí Minh": ["HCM", "TPHCM", "TP.HCM", "Tp.HCM", "Sài Gòn"],
  "Hà Nội": ["HN", "Hà Nội", "TP.HN"],
  "Đà Nẵng": ["ĐN", "Đà Nẵng", "TP.ĐN"],
  "Hải Phòng": ["HP", "Hải Phòng"],
  "Cần Thơ": ["CT", "Cần Thơ"],
};

/** A unit's name as people shorten it: "P.Bến Nghé", "Q1", "TPHCM", "T.Nghệ An", "Nghệ An". */
export function abbreviateUnit(random: Random, unit: Unit): string {
  if (unit.level === "province" && PROVINCE_SHORT[unit.name] && random.chance(0.8))
    return random.pick(PROVINCE_SHORT[unit.name]);
  const short = TYPE_ABBREVIATIONS[unit.type];
  if (!short) return unit.fullName;
  // Numbered units glue the number on: "P3", "Q10".
  if (/^\d+$/.test(unit.name) && unit.type !== "Tỉnh" && random.chance(0.6))
    return `${short[0].replace(/[. ]/g, "")}${unit.name}`;
  const word = random.pick(short);
  return `${word}${word === "" || word.endsWith(" ") || word.endsWith(".") ? "" : " "}${unit.name}`.trim();
}

/** Street and alley words shortened: "Đường" → "Đ.", "Ngõ" → "Ng.", "Số " dropped. */
export function abbreviateBelow(random: Random, below: string): string {
  return below
    .replace(/^Số (?=\d)/, () => (random.chance(0.7) ? "" : "số "))
    .replace(/\bĐường (?=\S)/g, () => random.pick(["Đ.", "Đ. ", "đ.", "đường "]))
    .replace(/\bNgõ (?=\d)/g, () => random.pick(["Ng.", "ngõ ", "N."]))
    .replace(/\bNgách (?=\d)/g, () => random.pick(["ngách ", "Ng."]))
    .replace(/\bHẻm (?=\d)/g, () => random.pick(["H.", "hẻm ", "HXH "]))
    .replace(/\bKiệt (?=\d)/g, () => random.pick(["K.", "kiệt "]))
    .replace(/\bQuốc lộ (?=\d)/g, () => random.pick(["QL", "QL.", "Quốc lộ "]))
    .replace(/\bTỉnh lộ (?=\d)/g, () => random.pick(["TL", "TL."]));
}

// ── typos ──────────────────────────────────────────────────────────────────────────────────────

/** How many edits a word of this many letters gets: one from 4 letters, two from 8 (the issue's tolerance). */
export function editsFor(letters: number): number {
  return letters >= 8 ? 2 : letters >= 4 ? 1 : 0;
}

const KEYBOARD_LETTERS = "abcdeghiklmnopqrstuvxy";

/**
 * One typing slip in a word: two letters swapped, one dropped, one doubled or one replaced.
 * Always changes the word (a swap of equal letters or a same-letter replacement is redrawn).
 */
export function oneTypo(random: Random, word: string): string {
  const chars = [...word];
  for (;;) {
    const i = random.int(0, chars.length - 1);
    const out = [...chars];
    switch (random.int(0, 3)) {
      case 0:
        if (i + 1 >= out.length) continue;
        [out[i], out[i + 1]] = [out[i + 1], out[i]];
        break;
      case 1:
        out.splice(i, 1);
        break;
      case 2:
        out.splice(i, 0, out[i]);
        break;
      default:
        out[i] = random.pick([...KEYBOARD_LETTERS]);
    }
    const typed = out.join("");
    if (typed !== word) return typed;
  }
}

/** Edit distance with adjacent swaps (optimal string alignment), by code point: how the tests count typos. */
export function typoDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

const WORD = /\p{L}+/gu;

/**
 * Typos in `words` distinct words of at least 4 letters (each word `editsFor(length)` slips), the
 * rest of the text untouched. Returns null when the text has fewer such words.
 */
export function withTypos(random: Random, text: string, words: number): string | null {
  const spans = [...text.matchAll(WORD)].filter((m) => [...m[0]].length >= 4);
  if (spans.length < words) return null;
  const chosen = new Set<number>();
  while (chosen.size < words) chosen.add(random.int(0, spans.length - 1));
  let out = "";
  let at = 0;
  spans.forEach((m, k) => {
    if (!chosen.has(k)) return;
    let word = m[0];
    const edits = editsFor([...word].length);
    // A second slip may undo the first (a letter doubled then dropped): redraw until the word is
    // as far from the original as asked.
    for (;;) {
      let typed = word;
      for (let e = 0; e < edits; e++) typed = oneTypo(random, typed);
      if (typoDistance(word, typed) === edits) {
        word = typed;
        break;
      }
    }
    out += text.slice(at, m.index) + word;
    at = m.index! + m[0].length;
  });
  return out + text.slice(at);
}

// ── the forms ──────────────────────────────────────────────────────────────────────────────────

/**
 * How the prefix form chooses where to cut: `"any"` anywhere from two letters into the street or
 * hamlet (ill-posed: "3 Quốc l" fits hundreds of records, so top-1 measures luck); a number, the
 * record's unique prefix length (answerable.ts: from how many folded characters its full text is
 * no other record's prefix), to cut only where the record is the one answer; null when no cut
 * before its full length is answerable (the record is not drawn for the prefix form).
 */
export type PrefixCut = number | null | "any";

/**
 * Where the shortest prefix query ends in the record's full text: 2 letters into the street or,
 * without one, into the hamlet's name. The hamlet is found where `formatParts` writes it, last
 * below the commune: its name may be a number ("Ấp 1") that the house number holds too.
 */
export function shortestCut(full: string, record: Pick<AddressRecord, "parts">): number {
  const { street, hamlet } = record.parts;
  const below = formatParts(record.parts);
  const start = street
    ? full.indexOf(street)
    : hamlet && below.endsWith(hamlet.name)
      ? below.length - hamlet.name.length
      : -1;
  return Math.min(Math.max(0, start) + 2, full.length);
}

/**
 * The autocomplete prefix: the full text cut at least 2 letters into the street (or hamlet), at a
 * point drawn uniformly among the answerable ones before the full length (`cut` a unique prefix
 * length), or anywhere up to the full length (`cut` "any"). Null when no cut point qualifies.
 */
export function prefixOf(random: Random, full: string, record: AddressRecord, cut: PrefixCut): string | null {
  const from = shortestCut(full, record);
  if (cut === "any") return full.slice(0, random.int(from, full.length));
  if (cut === null) return null;
  // The folded cut grows with the cut, so the answerable cut points are one run up to the end.
  let first = from;
  while (first < full.length && fold(full.slice(0, first)).length < cut) first++;
  if (first >= full.length) return null;
  return full.slice(0, random.int(first, full.length - 1));
}

/** What buyers write before the address at a checkout (the `checkout` form). */
const CHECKOUT_BEFORE = [
  "Giao cho chị Lan, ",
  "Ship cho em về ",
  "Gửi giúp em tới ",
  "Nhà em ở ",
  "Người nhận: Nguyễn Văn An, ",
  "Lê Minh Tuấn 0912345678, ",
  "anh Hùng 0909 123 456 ",
  "Đ/c: ",
];

/** How map services write an alley's type before its number. */
const MAP_ALLEY: Record<AlleyType, string> = { ngõ: "Ng.", ngách: "Ngh.", hẻm: "Hẻm", kiệt: "Kiệt" };

/** ... and after it. */
const CHECKOUT_AFTER = [" nhé shop", " ạ", ", cảm ơn shop", ", nhận hàng sau 5h chiều", " - giao giờ hành chính", " (gọi trước khi giao)"];

/**
 * The query of one form for one record, or null when the form does not apply (`old` without old
 * units, `typos2` without two words of 4 letters, `prefix` without an answerable cut). The prefix
 * form needs `prefixCut`: the record's unique prefix length against the store, or "any".
 */
export function writeQuery(
  random: Random,
  form: QueryForm,
  record: AddressRecord,
  address: WrittenAddress,
  prefixCut?: PrefixCut,
): BenchQuery | null {
  const full = writeOut(address.below, address.units);
  const base = { form, gold: record.code, autocomplete: false };
  switch (form) {
    case "full":
      return { ...base, q: full };
    case "no-diacritics":
      return { ...base, q: random.chance(0.5) ? stripDiacritics(full).toLowerCase() : stripDiacritics(full) };
    case "abbrev":
      return {
        ...base,
        q: [
          abbreviateBelow(random, address.below),
          ...address.units.map((u) => abbreviateUnit(random, u)),
        ].join(random.chance(0.3) ? " " : ", "),
      };
    case "typos2": {
      const q = withTypos(random, full, 2);
      return q === null ? null : { ...base, q };
    }
    case "old":
      return address.oldUnits ? { ...base, q: writeOut(address.below, address.oldUnits) } : null;
    case "old-derived":
      return address.predecessors.length
        ? { ...base, q: writeOut(address.below, random.pick(address.predecessors)) }
        : null;
    case "no-province":
      return { ...base, q: writeOut(address.below, address.units.slice(0, 1)) };
    case "prefix": {
      if (prefixCut === undefined)
        throw new Error(
          `writeQuery: the prefix form of ${record.code} needs its unique prefix length (or "any")`,
        );
      const q = prefixOf(random, full, record, prefixCut);
      return q === null ? null : { ...base, q, autocomplete: true };
    }
    case "mixed":
      return mixed(random, record, address);
    case "bare": {
      // As typed in a hurry: the commune's name alone after the street, no comma, no type word
      // and no province; the old ward's name half the time when the record has one.
      const unit = address.oldUnits && random.chance(0.5) ? address.oldUnits[0] : address.units[0];
      const name = /^\d+$/.test(unit.name) ? `P${unit.name}` : unit.name;
      const q = `${address.below.replace(/,/g, "")} ${name}`;
      return { ...base, q: random.chance(0.4) ? stripDiacritics(q).toLowerCase() : q };
    }
    case "checkout": {
      // As a buyer types it into a checkout box or a chat with the shop: a request, a recipient or a
      // phone number before it, a courtesy or a note to the courier after it, or both; the address
      // written out (the old structure half the time when the record has it), without diacritics,
      // or bare as in a hurry (`bare`). The phrases are written here, apart from the parser's lexicon.
      const units = address.oldUnits && random.chance(0.5) ? address.oldUnits : address.units;
      const style = random.int(0, 2);
      const written = writeOut(address.below, units);
      const q =
        style === 0
          ? written
          : style === 1
            ? stripDiacritics(written).toLowerCase()
            : `${address.below.replace(/,/g, "")} ${/^\d+$/.test(units[0].name) ? `P${units[0].name}` : units[0].name}`;
      const where = random.int(0, 2);
      const before = where !== 1 ? random.pick(CHECKOUT_BEFORE) : "";
      const after = where !== 0 ? random.pick(CHECKOUT_AFTER) : "";
      return { ...base, q: `${before}${q}${after}` };
    }
    case "map": {
      // As map services print a place: the door, the alleys innermost first as "Ngh." and "Ng.", the
      // street after "P." for a Phố and "Đ." otherwise (a road by its own name), then the units by their
      // names (a numbered one with its type word), the old structure half the time, and the country.
      const { houseNumber, alleys, street } = record.parts;
      if (!houseNumber || !street) return null;
      const road = /^(Quốc lộ|Tỉnh lộ|Đại lộ|Đường tỉnh)\s/u.test(street);
      const keyword = road ? "" : /^Phố\s/u.test(street) ? "P. " : "Đ. ";
      const name = road ? street : street.replace(/^(Đường|Phố)\s+/u, "");
      const alleyWords = [...(alleys ?? [])]
        .reverse()
        .map((a) => `${MAP_ALLEY[a.type]} ${a.number}`)
        .join(" ");
      const door = [houseNumber, alleyWords, `${keyword}${name}`].filter(Boolean).join(" ");
      // A flat or a building is the place's name before its address; a hamlet follows the street.
      const { building, floor, flat, hamlet } = record.parts;
      const place = formatParts({ building, floor, flat });
      const units = address.oldUnits && random.chance(0.5) ? address.oldUnits : address.units;
      const named = units.map((u, k) => (k === units.length - 1 || /^\d/.test(u.name) ? u.fullName : u.name));
      const q = [place, door, hamlet ? formatParts({ hamlet }) : "", ...named, "Việt Nam"].filter(Boolean).join(", ");
      return { ...base, q };
    }
    case "glued": {
      // Every space left out, in the old structure half the time when the record has it.
      const units = address.oldUnits && random.chance(0.5) ? address.oldUnits : address.units;
      return { ...base, q: writeOut(address.below, units).replace(/ /g, "") };
    }
    case "encoded": {
      // One of the three damages, in the old structure half the time when the record has it.
      const units = address.oldUnits && random.chance(0.5) ? address.oldUnits : address.units;
      const text = writeOut(address.below, units);
      const damage = random.int(0, 2);
      const q =
        damage === 0
          ? new TextDecoder("windows-1252").decode(Buffer.from(text, "utf8"))
          : damage === 1
            ? encodeTcvn3(text).toString("latin1")
            : encodeVni(text);
      return { ...base, q };
    }
    case "telex": {
      // The keys of the whole address as typed with the input method off, in the old structure
      // half the time when the record has it, lower case half the time.
      const units = address.oldUnits && random.chance(0.5) ? address.oldUnits : address.units;
      const q = typeTelex(writeOut(address.below, units));
      return { ...base, q: random.chance(0.5) ? q.toLowerCase() : q };
    }
  }
}

/**
 * A combination of habits, drawn per query: the old structure when the record has it (half the
 * time), the province left out, abbreviations, a typo in one word, no diacritics, lower case, no
 * commas. At least two of them, applied in the order a person's text would carry them.
 */
function mixed(random: Random, record: AddressRecord, address: WrittenAddress): BenchQuery {
  for (;;) {
    const steps: string[] = [];
    let units = address.units;
    if (address.oldUnits && random.chance(0.5)) {
      units = address.oldUnits;
      steps.push("old");
    }
    if (random.chance(0.35)) {
      units = units.slice(0, -1);
      steps.push("no-province");
    }
    let q: string;
    if (random.chance(0.5)) {
      q = [abbreviateBelow(random, address.below), ...units.map((u) => abbreviateUnit(random, u))].join(", ");
      steps.push("abbrev");
    } else q = writeOut(address.below, units);
    if (random.chance(0.4)) {
      const typed = withTypos(random, q, 1);
      if (typed !== null) {
        q = typed;
        steps.push("typo1");
      }
    }
    if (random.chance(0.5)) {
      q = stripDiacritics(q);
      steps.push("no-diacritics");
    }
    if (random.chance(0.4)) {
      q = q.toLowerCase();
      steps.push("lower");
    }
    if (random.chance(0.3)) {
      q = q.replace(/,\s*/g, " ");
      steps.push("no-commas");
    }
    if (steps.length >= 2) return { form: "mixed", q, gold: record.code, autocomplete: false, steps };
  }
}
