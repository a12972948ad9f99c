/**
 * What the units a query names say about where the answer lies, read by the parser in either
 * structure: the new communes it points to (an old ward → the communes it went into, a split
 * ward → each part), the communes of an old district, the provinces. A street of the right name
 * in a commune the text contradicts is worth less than one in the commune it names, never nothing:
 * people write the old ward of a street that the 2025 reform moved to another commune.
 */
import { LRUCache } from "lru-cache";
import type { ParsedAddress, UnitOut } from "../parse/types.js";
import type { UnitRegistry } from "../units/registry.js";
import { UNIT_TYPE_PHRASES } from "../units/name-analysis.js";
import type { Unit, Level as UnitLevel, UnitType } from "../units/types.js";
import { toneKey } from "../text/fold.js";
import { withinOneEdit } from "./match.js";
import { foldedWords, markedWords } from "./words.js";

/** One level of what the text names: the communes it allows and the words that named it. */
export interface Level {
  communes: ReadonlySet<string>;
  /** Folded name of the unit, to tell when the same words are also the street's name. */
  names: string[];
  /** The likelier of `communes` (the parser's reading; a name being typed that is the commune's own): the rest agree a little less. */
  preferred?: ReadonlySet<string>;
}

export interface UnitEvidence {
  /** From finest to coarsest: commune (or old ward), old district, province. */
  levels: Level[];
  /** New provinces the text names (for a province-level answer and filters). */
  provinces: ReadonlySet<string>;
  /** New communes the text names, likeliest first (for a commune-level answer). */
  communes: string[];
  /** Every unit the parser read, as "structure:code" (to tell a unit's abbreviation in the words). */
  named: ReadonlySet<string>;
  /** The folded words of the province's names (new and old), written or inferred from the commune. */
  provinceWords: ReadonlySet<string>;
}

/**
 * How much a document in `commune` agrees with the units, 0.35..1; 0.85 when the text names none.
 * A unit whose name the document's own name holds, written once in the query, is no evidence: the
 * words were the street's ("Hàng Bài" the street, not Phường Hàng Bài). Written twice, or after
 * its type word, it is.
 */
export function unitFactor(
  evidence: UnitEvidence,
  commune: string,
  province: string,
  docWords: string,
  queryText: string,
  levels: Level[] = standingLevels(evidence, docWords, queryText),
): number {
  if (levels.length === 0) return evidence.levels.length === 0 && evidence.provinces.size === 0 ? 0.85 : 0.8;
  for (let i = 0; i < levels.length; i++) {
    if (!levels[i].communes.has(commune)) continue;
    // Of the communes the text allows, the parser's likeliest reading first: below it by more
    // than a shop's or a flat's name the text leaves out costs a record (0.85–1), so a house of
    // the commune the text names is not passed by a bare house of the same street in a commune
    // an old name of it leads to ("1 Đường 3 Tháng 2, Phường Đại Mỗ").
    if (levels[i].preferred && !levels[i].preferred!.has(commune)) return NOT_PREFERRED;
    return AGREEMENT[Math.min(i, 2)];
  }
  if (evidence.provinces.has(province)) return IN_PROVINCE;
  return ELSEWHERE;
}

/** A commune's name (or an old ward's it was formed from) as folded words (communesSpelled). */
interface CommuneName {
  commune: string;
  words: readonly string[];
  current: boolean;
}

/** A commune the text allows but not the parser's likeliest reading of it (unitFactor). */
const NOT_PREFERRED = 0.9;

/** A commune in the finest level the text names, the next, the coarsest (unitFactor). */
const AGREEMENT = [1, 0.8, 0.65];
/** A commune in no level, of a province the text names; of none. */
const IN_PROVINCE = 0.6;
const ELSEWHERE = 0.35;

/**
 * The most a commune in none of the first `read` levels can agree with the units (unitFactor,
 * for a name that leaves every level standing): a search that found a trusted answer scoring this
 * within those levels' communes need not read further.
 */
export function agreementBeyond(evidence: UnitEvidence, read: number, queryText: string): number {
  const unread = (levels: readonly Level[]) => {
    let most = 0;
    levels.forEach((level, i) => {
      if (evidence.levels.indexOf(level) >= read) most = Math.max(most, level.preferred ? 1 : AGREEMENT[Math.min(i, 2)]);
    });
    return most;
  };
  let most = Math.max(evidence.provinces.size > 0 ? IN_PROVINCE : ELSEWHERE, unread(evidence.levels));
  // A name that uses up a unit's name (a street named like the ward written) is measured against
  // the levels left standing, and with none left agrees 0.8 anywhere.
  for (const level of evidence.levels) {
    for (const name of level.names) {
      if (name === "" || !queryText.includes(` ${name} `)) continue;
      const standing = standingLevels(evidence, name, queryText);
      if (standing.length === evidence.levels.length) continue;
      most = Math.max(most, standing.length === 0 ? 0.8 : unread(standing));
    }
  }
  return most;
}

/** The units' type phrases, folded ("thanh pho", "phuong", "x"): a name written after one is a unit's. */
export const UNIT_TYPES = UNIT_TYPE_PHRASES.map((phrase) => phrase.words.join(" "));
/** UNIT_TYPES each after a space, as written before a name in a query's text (standingLevels). */
const SPACED_UNIT_TYPES = UNIT_TYPES.map((type) => ` ${type}`);

/** The words of the units' names the text was read to name: the units explain them, no street. */
export function unitWordsOf(evidence: UnitEvidence): Set<string> {
  return new Set(evidence.levels.flatMap((l) => l.names.flatMap((n) => n.split(" "))));
}

/** The levels that stay evidence for a name with these words (see unitFactor). */
export function standingLevels(evidence: UnitEvidence, docWords: string, queryText: string): Level[] {
  const once = (name: string) => {
    const first = queryText.indexOf(name);
    return first >= 0 && queryText.indexOf(name, first + name.length) < 0;
  };
  const inDoc = (name: string) => ` ${docWords} `.includes(` ${name} `);
  // "Phường Hàng Bài" is the ward whatever street bears its name; a bare "Hàng Bài" may be the street.
  // (Each place the name is written, a type phrase just before it: no text made per type phrase.)
  const typed = (name: string) => {
    const written = ` ${name} `;
    for (let at = queryText.indexOf(written); at >= 0; at = queryText.indexOf(written, at + 1))
      if (SPACED_UNIT_TYPES.some((type) => queryText.endsWith(type, at))) return true;
    return false;
  };
  // A coarser unit the parser only inferred from words that were the street's goes with them.
  // A unit also written as a unit by another of its names ("Xóm Hòa Bình, …, Tỉnh Phú Thọ": the
  // old province Hòa Bình is part of Phú Thọ) stays; another name written bare may itself be a
  // street's or a building's ("Chung cư Hạ Long").
  let consumed = false;
  return evidence.levels.filter((l) => {
    const named = l.names.filter((n) => n !== "");
    if (named.some((n) => inDoc(n) && once(n) && !typed(n)) && !named.some((n) => !inDoc(n) && typed(n))) {
      consumed = true;
      return false;
    }
    return !(consumed && !named.some((n) => queryText.includes(` ${n} `)));
  });
}

/** `name` (two words or more) is written in `words` with one of its words one edit away. */
function slippedOnce(words: readonly string[], name: readonly string[]): boolean {
  if (name.length < 2) return false;
  for (let i = 0; i + name.length <= words.length; i++) {
    let slips = 0;
    for (let k = 0; k < name.length && slips <= 1; k++)
      if (words[i + k] !== name[k]) slips += withinOneEdit(words[i + k], name[k]) ? 1 : 2;
    if (slips === 1) return true;
  }
  return false;
}

/** Unit completions kept (EvidenceReader.completing): the names people type most, many times over. */
const COMPLETIONS_KEPT = 2048;

/** Every level a unit name being typed may be of, when no type word before it narrows them. */
const ALL_LEVELS: readonly UnitLevel[] = ["ward", "district", "province"];

/** Caches the communes of old districts; one per engine (read-only registry, no shared state). */
export class EvidenceReader {
  private readonly districtCommunes = new Map<string, Set<string>>();
  private readonly provinceCommunes = new Map<string, Set<string>>();

  constructor(private readonly registry: UnitRegistry) {}

  /**
   * `queryText`: the query's folded words, space-separated with a space at each end; it tells
   * whether the province was written or only inferred by the parser from a commune's name.
   */
  read(parsed: ParsedAddress, queryText = ""): UnitEvidence {
    const fine = new Set<string>();
    const communes: string[] = [];
    const names: string[] = [];
    const addCommune = (unit: UnitOut | null | undefined) => {
      if (!unit || fine.has(unit.code)) return;
      fine.add(unit.code);
      communes.push(unit.code);
    };
    addCommune(parsed.new?.ward);
    if (parsed.new?.ward) names.push(foldedWords(parsed.new.ward.name).join(" "));
    if (parsed.old?.ward) {
      names.push(foldedWords(parsed.old.ward.name).join(" "));
      for (const t of this.safeConvert(parsed.old.ward.code))
        addCommune({ code: t, name: "", full_name: "" });
    }
    for (const alt of parsed.alternatives) {
      if (alt.reason === "reading" && alt.old?.ward)
        for (const t of this.safeConvert(alt.old.ward.code)) addCommune({ code: t, name: "", full_name: "" });
      addCommune(alt.new?.ward);
    }
    // A commune named without its province ("Phường Tân Hưng") is every commune of that name:
    // the parser's likelier one is no reason to rank the others' streets below strangers'.
    const provinceWritten = this.provinceWritten(parsed, queryText);
    // Of those, the new communes that bear the name today come a little before the ones an old
    // ward of that name went into.
    const bearing = new Set<string>();
    if (!provinceWritten && queryText !== "") {
      const addNamed = (wards: readonly Unit[], bears: boolean) => {
        for (const ward of wards) {
          if (ward.structure === "new") {
            addCommune({ code: ward.code, name: "", full_name: "" });
            if (bears) bearing.add(ward.code);
          } else for (const t of this.safeConvert(ward.code)) addCommune({ code: t, name: "", full_name: "" });
        }
      };
      for (const [structure, unit] of [
        ["new", parsed.new?.ward],
        ["old", parsed.old?.ward],
      ] as const) {
        if (!unit) continue;
        const key = foldedWords(unit.name).join(" ");
        // "Phường Tân Lập" written with its type word: the Xã Tân Lập elsewhere are other places.
        const type = this.registry.get(structure, unit.code)?.type;
        const typeWritten =
          type !== undefined &&
          UNIT_TYPE_PHRASES.some((p, i) => p.types.includes(type) && queryText.includes(` ${UNIT_TYPES[i]} ${key} `));
        const wards = this.wardsNamed(unit.name, key, parsed.input).filter((w) => !typeWritten || w.type === type);
        addNamed(wards, structure === "new");
      }
      // Read as an old district and no commune ("1 Phùng Hưng Hòa Bình": Bạc Liêu's Huyện Hòa Bình),
      // the name written bare is as much every commune so named (Hồ Chí Minh's Phường Hòa Bình).
      const district = parsed.old?.district;
      const key = district ? foldedWords(district.name).join(" ") : "";
      if (district && !parsed.new?.ward && !parsed.old?.ward && !UNIT_TYPES.some((t) => queryText.includes(` ${t} ${key} `))) {
        addNamed(this.wardsNamed(district.name, key, parsed.input), true);
        if (bearing.size > 0) names.push(key);
      }
    }
    const levels: Level[] = [];
    const preferred = bearing.size > 0 ? bearing : new Set(communes.slice(0, 1));
    if (fine.size) levels.push({ communes: fine, names, preferred: fine.size > 1 ? preferred : undefined });
    if (parsed.old?.district) {
      levels.push({
        communes: this.communesOfDistrict(parsed.old.district.code),
        names: [foldedWords(parsed.old.district.name).join(" ")],
      });
    }
    const provinces = new Set<string>();
    if (parsed.new?.province) provinces.add(parsed.new.province.code);
    for (const alt of parsed.alternatives) if (alt.new?.province) provinces.add(alt.new.province.code);
    if (provinces.size && (provinceWritten || queryText === "")) {
      // One province's communes are its kept set (levels are only read), several a union.
      let inProvinces: ReadonlySet<string>;
      if (provinces.size === 1) inProvinces = this.communesOfProvince([...provinces][0]);
      else {
        const union = new Set<string>();
        for (const p of provinces) for (const c of this.communesOfProvince(p)) union.add(c);
        inProvinces = union;
      }
      const provinceNames = [parsed.new?.province?.name, parsed.old?.province?.name].filter(
        (n): n is string => !!n,
      );
      levels.push({ communes: inProvinces, names: provinceNames.map((n) => foldedWords(n).join(" ")) });
    }
    const named = new Set<string>();
    for (const reading of [parsed, ...parsed.alternatives]) {
      for (const u of [reading.old?.ward, reading.old?.district, reading.old?.province]) if (u) named.add(`old:${u.code}`);
      for (const u of [reading.new?.ward, reading.new?.province]) if (u) named.add(`new:${u.code}`);
    }
    const provinceWords = new Set<string>();
    for (const u of [parsed.new?.province, parsed.old?.province]) if (u) for (const w of foldedWords(u.name)) provinceWords.add(w);
    return { levels, provinces, communes, named, provinceWords };
  }

  /**
   * The wards (old and new) whose name folds to `key`; of those, when the text (`input`) wrote the
   * name with its marks, only the ones so spelled: "Vĩnh Hưng" written is not Nghệ An's Vinh Hưng.
   */
  private wardsNamed(name: string, key: string, input: string): Unit[] {
    const wards = this.registry
      .lookup(name, { levels: ["ward"], fuzzy: false, limit: 200 })
      .map((c) => c.unit)
      .filter((u) => foldedWords(u.name).join(" ") === key);
    if (wards.length < 2) return wards;
    const written = ` ${toneKey(input)} `;
    const asWritten = wards.filter((u) => written.includes(` ${toneKey(u.name)} `));
    return asWritten.length > 0 ? asWritten : wards;
  }

  /**
   * Whether a short word is how the text wrote one of the units the parser read: an abbreviation
   * or alias ("q1", "tphcm", "hn", "bt") that is the unit's and no street's business.
   */
  namesUnit(word: string, evidence: UnitEvidence): boolean {
    if (evidence.named.size === 0) return false;
    return this.shortNameUnits(word).some((k) => evidence.named.has(k));
  }

  /** The units a short word (≤ 6 letters) names outright, as "structure:code"; looked up once per word. */
  private shortNameUnits(word: string): string[] {
    if (word.length > 6) return [];
    let found = this.shortNames.get(word);
    if (found === undefined) {
      found = this.registry
        .lookup(word)
        .filter((c) => c.score >= 0.85)
        .map((c) => `${c.unit.structure}:${c.unit.code}`);
      if (this.shortNames.size > 50_000) this.shortNames.clear();
      this.shortNames.set(word, found);
    }
    return found;
  }

  private readonly shortNames = new Map<string, string[]>();

  /** Builds now the sorted unit names a unit being typed is completed from. */
  warm(): void {
    this.unitNames();
  }

  /**
   * The new communes whose current name (`current`), or the name of an old ward they were formed
   * from (`former`: most people still write those), the query's words spell, in order and side
   * by side ("tien son" in "1 nguyen khuyen tien son"): by commune code, those words as bits (the
   * first 32). Null when none is spelled.
   */
  communesSpelled(words: readonly string[]): { current: Map<string, number>; former: Map<string, number> } | null {
    const byFirstWord = this.communeNamesByFirstWord();
    const count = Math.min(32, words.length);
    let out: { current: Map<string, number>; former: Map<string, number> } | null = null;
    for (let at = 0; at < count; at++)
      for (const { commune, words: name, current } of byFirstWord.get(words[at]) ?? []) {
        if (at + name.length > count) continue;
        let same = true;
        for (let w = 1; w < name.length && same; w++) same = words[at + w] === name[w];
        if (!same) continue;
        out ??= { current: new Map(), former: new Map() };
        const found = current ? out.current : out.former;
        found.set(commune, (found.get(commune) ?? 0) | (((1 << name.length) - 1) << at));
      }
    return out;
  }

  /**
   * Every new commune's name and the names of the old wards it was formed from, as folded words,
   * by their first word; a name that is only a number ("Phường 5", any house number) left out.
   * Built on first need, once for every engine that shares this reader.
   */
  private communeNamesByFirstWord(): Map<string, CommuneName[]> {
    if (this.communeNameIndex !== null) return this.communeNameIndex;
    const index = new Map<string, CommuneName[]>();
    const add = (commune: string, name: string, current: boolean) => {
      const words = foldedWords(name);
      if (!words.some((w) => !/^\d+$/.test(w))) return;
      const list = index.get(words[0]);
      if (list) list.push({ commune, words, current });
      else index.set(words[0], [{ commune, words, current }]);
    };
    for (const unit of this.registry.list("new", "ward")) {
      add(unit.code, unit.name, true);
      for (const old of new Set(this.registry.predecessors(unit.code).map((p) => p.unit.name)))
        if (old !== unit.name) add(unit.code, old, false);
    }
    this.communeNameIndex = index;
    return index;
  }

  private communeNameIndex: Map<string, CommuneName[]> | null = null;

  /**
   * The communes a unit name still being typed may become ("…, Phường Thạnh M"): new communes,
   * old wards (their successors), old districts (their communes) and provinces (theirs), of the
   * levels its type word allows, whose folded name starts with the words; null when the words are
   * too short to say, or name nothing.
   */
  completing(
    words: readonly string[],
    written: string,
    levels: readonly UnitLevel[] = ALL_LEVELS,
    types: readonly UnitType[] | null = null,
  ): Level | null {
    const prefix = words.join(" ");
    // Typed with its marks ("Phường Đồ"), a name must start with them: Đồ Sơn, not Đông Hải.
    const marked = written.normalize("NFC").toLocaleLowerCase("vi").replace(/\s+/g, " ").trim();
    const checkMarks = marked !== prefix && /[^\x00-\x7f]/.test(marked);
    if (prefix.replace(/ /g, "").length < 2) return null;
    // Many people type the same names (a province, a big city's wards): each completion is worked out once.
    const key = `${levels.join(",")}|${types?.join(",") ?? ""}|${prefix}|${checkMarks ? marked : ""}`;
    const kept = this.completions.get(key);
    if (kept !== undefined) return kept.level;
    const level = this.complete(prefix, checkMarks ? marked : null, levels, types);
    this.completions.set(key, { level });
    return level;
  }

  /** Completions worked out (completing), by levels, prefix and the marks typed; each a few thousand communes at most. */
  private readonly completions = new LRUCache<string, { level: Level | null }>({ max: COMPLETIONS_KEPT });

  /**
   * `marked`: the name as typed with its marks, when a name must start with them; `types`: the
   * types its type word wrote ("Phường Bì": Bình Đức the phường before Xã Bình Minh).
   */
  private complete(
    prefix: string,
    marked: string | null,
    levels: readonly UnitLevel[],
    types: readonly UnitType[] | null,
  ): Level | null {
    const names = this.unitNames();
    let lo = 0;
    let hi = names.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (names[mid].name < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out = new Set<string>();
    const own = new Set<string>();
    const ownTyped = new Set<string>();
    for (let i = lo; i < names.length && names[i].name.startsWith(prefix) && out.size < 3000; i++) {
      const { structure, level, code } = names[i];
      if (marked !== null && !names[i].written.endsWith(marked) && !names[i].written.startsWith(marked)) continue;
      if (!levels.includes(level)) continue;
      if (level === "province") {
        const provinces = structure === "new" ? [code] : this.registry.newProvincesOf(code).map((u) => u.code);
        for (const p of provinces) for (const c of this.communesOfProvince(p)) out.add(c);
      } else if (structure === "new") {
        out.add(code);
        own.add(code);
        if (types?.includes(this.registry.require("new", code).type)) ownTyped.add(code);
      }
      else if (level === "ward") for (const c of this.safeConvert(code)) out.add(c);
      else for (const c of this.communesOfDistrict(code)) out.add(c);
    }
    // A new commune whose own name is being typed before one an old name leads to; of those, the
    // ones of the type written.
    const preferred = ownTyped.size > 0 ? ownTyped : own;
    return out.size > 0 ? { communes: out, names: [], preferred: preferred.size > 0 ? preferred : undefined } : null;
  }

  private names:
    | { name: string; written: string; structure: "new" | "old"; level: UnitLevel; code: string }[]
    | null = null;

  private unitNames(): {
    name: string;
    written: string;
    structure: "new" | "old";
    level: UnitLevel;
    code: string;
  }[] {
    if (this.names) return this.names;
    const out: {
      name: string;
      written: string;
      structure: "new" | "old";
      level: UnitLevel;
      code: string;
    }[] = [];
    for (const [structure, level] of [
      ["new", "ward"],
      ["old", "ward"],
      ["old", "district"],
      ["new", "province"],
      ["old", "province"],
    ] as const) {
      for (const unit of this.registry.list(structure, level))
        out.push({
          name: foldedWords(unit.name).join(" "),
          // Cut into words as the text typed is (typing.ts): "Lâm Viên - Đà Lạt" is "lâm viên đà lạt".
          written: markedWords(unit.name.toLocaleLowerCase("vi")).join(" "),
          structure,
          level,
          code: unit.code,
        });
    }
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.names = out;
    return out;
  }

  /** Whether the text names a province the parser read (by name or by an abbreviation such as "HN"). */
  private provinceWritten(parsed: ParsedAddress, queryText: string): boolean {
    const read = [parsed.new?.province, parsed.old?.province].filter((u): u is UnitOut => !!u);
    if (read.length === 0) return false;
    // A city named like its province, read from its name written bare ("… Phùng Hưng Hòa Bình":
    // Thành phố Hòa Bình): the province is written only where its name is written again.
    const district = parsed.old?.district ? ` ${foldedWords(parsed.old.district.name).join(" ")} ` : null;
    for (const unit of read) {
      const name = ` ${foldedWords(unit.name).join(" ")} `;
      const at = queryText.indexOf(name);
      if (at < 0) continue;
      if (name !== district || queryText.indexOf(name, at + 1) >= 0) return true;
      if (SPACED_UNIT_TYPES.some((t) => queryText.includes(`${t}${name}`))) return true;
    }
    // Written with a slip in one of its words ("Tỉnh Tây uinh", "Vĩnh Log"), which the parser read
    // through: written, not inferred from a commune's name.
    const words = queryText.trim().split(" ");
    for (const unit of read) if (slippedOnce(words, foldedWords(unit.name))) return true;
    // A province's code is two digits, so ":01" ends "new:01" or "old:01" and no ward's "new:00001".
    const ends = read.map((u) => `:${u.code}`);
    for (const word of queryText.trim().split(" ")) {
      if (this.shortNameUnits(word).some((k) => ends.some((e) => k.endsWith(e)))) return true;
    }
    return false;
  }

  private safeConvert(oldWard: string): string[] {
    try {
      return this.registry.convertOld(oldWard).to.map((t) => t.unit.code);
    } catch {
      return [];
    }
  }

  private communesOfDistrict(code: string): Set<string> {
    let set = this.districtCommunes.get(code);
    if (!set) {
      set = new Set();
      for (const ward of this.registry.children("old", code))
        for (const c of this.safeConvert(ward.code)) set.add(c);
      for (const c of this.safeConvert(code)) set.add(c);
      this.districtCommunes.set(code, set);
    }
    return set;
  }

  private communesOfProvince(code: string): Set<string> {
    let set = this.provinceCommunes.get(code);
    if (!set) {
      set = new Set(this.registry.children("new", code).map((u) => u.code));
      this.provinceCommunes.set(code, set);
    }
    return set;
  }
}
