/**
 * The administrative unit registry: every unit of the old (63-province) and new (34-province)
 * structures by code, their hierarchy, name lookup that tolerates what people type, and the
 * conversion between the structures. Loaded once from `data/units.v2.json`, with `data/unit-links.v2.json` read on first use (see artefact.ts).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasDiacritics } from "../text/fold.js";
import {
  dashedNameHalves,
  digitsForRomanNumeral,
  farmTownOtherName,
  romanNumeralForDigits,
  UNIT_ALIASES,
} from "./aliases.js";
import {
  TYPE_OF_LETTER,
  UNIT_LINKS_FORMAT,
  type UnitColumns,
  type UnitLinksFile,
  UNITS_FORMAT,
  UNITS_VERSION,
  type UnitsFile,
} from "./artefact.js";
import { type NameReading, mayBeWrittenOtherwise, nameKey, otherSpellingKeys, readUnitName, toneOfReading } from "./name-analysis.js";
import { type NameEntry, UnitNameIndex } from "./name-index.js";
import {
  FORMER_UNITS_FILE_NAME,
  FormerUnits,
  type FormerUnitsFile,
  NO_FORMER_UNITS,
  readFormerUnitsFile,
} from "./former-units.js";
import type { ConversionTarget, Level, LookupCandidate, Structure, Unit, UnitType } from "./types.js";
import { UnitTable } from "./unit-table.js";

export const DEFAULT_UNITS_PATH = fileURLToPath(new URL("../../../data/units.v2.json", import.meta.url));
const LINKS_FILE_NAME = "unit-links.v2.json";

export interface LookupOptions {
  /** Only units of this structure (default: both). */
  structure?: Structure;
  /** Only units of these levels (default: all). */
  levels?: readonly Level[];
  /** Only units inside this unit (a province or old district code of the same structure). */
  within?: string;
  /** Allow typo-tolerant matching when nothing matches exactly (default true). */
  fuzzy?: boolean;
  /** Maximum number of candidates (default 20). */
  limit?: number;
}

const LEVELS_BY_CODE_LENGTH: Record<number, Level> = { 2: "province", 3: "district", 5: "ward" };

/** Thrown for an unknown or malformed unit code; the message names the input. */
export class UnknownUnitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownUnitError";
  }
}

export class UnitRegistry {
  private readonly tables: Record<Structure, Partial<Record<Level, UnitTable>>>;
  private readonly linksSource: UnitLinksFile | (() => UnitLinksFile);
  private linksData: UnitLinksFile | null = null;
  // Built on first use, so loading the registry (for a code look-up, say) stays cheap.
  private childrenIndex: { old: Map<string, Unit[]>; new: Map<string, Unit[]> } | null = null;
  private names: UnitNameIndex | null = null;
  private readonly formerSource: () => FormerUnitsFile;
  private former: FormerUnits | null = null;
  private links: {
    oldToNew: Map<string, ConversionTarget[]>;
    newToOld: Map<string, ConversionTarget[]>;
    oldProvinceToNew: Map<string, Unit[]>;
  } | null = null;

  /**
   * Builds the registry from the parsed artefacts (use `loadRegistry()` for the shipped files).
   * `links` may be a function: it is called on the first name look-up or conversion; `former`
   * (the former-units table, see former-units.ts) is read on first use, and absent means none.
   */
  constructor(
    file: UnitsFile,
    links: UnitLinksFile | (() => UnitLinksFile),
    former: () => FormerUnitsFile = () => NO_FORMER_UNITS,
  ) {
    checkFormat(file, UNITS_FORMAT);
    this.linksSource = links;
    this.formerSource = former;
    const table = (structure: Structure, level: Level, columns: UnitColumns, make: (i: number) => Unit) => {
      if (columns.type.length !== columns.code.length || columns.name.length !== columns.code.length) {
        throw new Error(`unit registry: ${structure} ${level} columns have different lengths`);
      }
      return new UnitTable(structure, level, columns.code, make);
    };
    const typeOf = (columns: UnitColumns, i: number): UnitType => {
      const type = TYPE_OF_LETTER[columns.type[i]];
      if (!type) throw new Error(`unit registry: unknown type letter "${columns.type[i]}" for ${columns.code[i]}`);
      return type;
    };
    const { old: o, new: n } = file;
    const oldDistricts = table("old", "district", o.district, (i) =>
      makeUnit("old", "district", o.district.code[i], typeOf(o.district, i), o.district.name[i], o.district.parent![i], o.district.parent![i], o.district.code[i]),
    );
    this.tables = {
      old: {
        province: table("old", "province", o.province, (i) =>
          makeUnit("old", "province", o.province.code[i], typeOf(o.province, i), o.province.name[i], null, o.province.code[i], null),
        ),
        district: oldDistricts,
        ward: table("old", "ward", o.ward, (i) => {
          const code = o.ward.code[i];
          const districtCode = o.ward.parent![i];
          const district = oldDistricts.get(districtCode);
          if (!district) throw new Error(`unit registry: old ward ${code} has unknown district ${districtCode}`);
          return makeUnit("old", "ward", code, typeOf(o.ward, i), o.ward.name[i], districtCode, district.provinceCode, districtCode, o.notes[code]);
        }),
      },
      new: {
        province: table("new", "province", n.province, (i) =>
          makeUnit("new", "province", n.province.code[i], typeOf(n.province, i), n.province.name[i], null, n.province.code[i], null),
        ),
        ward: table("new", "ward", n.ward, (i) =>
          makeUnit("new", "ward", n.ward.code[i], typeOf(n.ward, i), n.ward.name[i], n.ward.parent![i], n.ward.parent![i], null),
        ),
      },
    };
  }

  /** The name keys and the mapping, read on first use. */
  private get linksFile(): UnitLinksFile {
    if (!this.linksData) {
      const links = typeof this.linksSource === "function" ? this.linksSource() : this.linksSource;
      checkFormat(links, UNIT_LINKS_FORMAT);
      this.linksData = links;
    }
    return this.linksData;
  }

  /** The table a code of this shape lives in (2 digits: province, 3: district, 5: ward). */
  private tableFor(structure: Structure, code: string): UnitTable | undefined {
    const level = LEVELS_BY_CODE_LENGTH[code.length];
    return level ? this.tables[structure][level] : undefined;
  }

  private *units(structure: Structure): IterableIterator<Unit> {
    for (const table of Object.values(this.tables[structure])) yield* table.all();
  }

  private get children_(): { old: Map<string, Unit[]>; new: Map<string, Unit[]> } {
    if (!this.childrenIndex) {
      const index = { old: new Map<string, Unit[]>(), new: new Map<string, Unit[]>() };
      for (const structure of ["old", "new"] as const)
        for (const unit of this.units(structure)) if (unit.parentCode) push(index[structure], unit.parentCode, unit);
      this.childrenIndex = index;
    }
    return this.childrenIndex;
  }

  /**
   * The name index (units/name-index.ts) over every unit's name, former names and aliases: what
   * `lookup` reads, and what a parser built over this registry reads. Built on first use.
   */
  get nameIndex(): UnitNameIndex {
    this.names ??= new UnitNameIndex({
      names: (file) => this.fileOfficialNames(file),
      former: this.formerNames(),
      aliases: this.aliasNames(),
    });
    return this.names;
  }

  /**
   * Units merged away or renamed before the March 2025 list, by name key, with their successors
   * in the old structure, and the wards that moved between districts (former-units.ts). Read on
   * first use.
   */
  get formerUnits(): FormerUnits {
    if (!this.former) {
      const file = this.formerSource();
      this.former = new FormerUnits(file.units, (level, code) => this.tables.old[level]?.get(code), file.moves);
    }
    return this.former;
  }

  /**
   * Every unit with its name key from the links file: old, then new; provinces, districts, wards;
   * then the other spellings of some names (name-analysis.ts otherSpellingKeys).
   */
  private fileOfficialNames(file: (unit: Unit, key: string) => void): void {
    const { keys } = this.linksFile;
    const officialKeys = new Set<string>();
    const isOfficialKey = (key: string) => officialKeys.has(key);
    // Filed after every official key is known, which they are checked against.
    const respelled: Unit[] = [];
    for (const structure of ["old", "new"] as const)
      for (const [level, table] of Object.entries(this.tables[structure]) as [Level, UnitTable][]) {
        const levelKeys = (keys[structure] as Partial<Record<Level, string[]>>)[level];
        if (!levelKeys || levelKeys.length !== table.size) {
          throw new Error(`unit registry: the links file's ${structure} ${level} keys do not match the units file`);
        }
        for (let i = 0; i < table.size; i++) {
          const unit = table.at(i);
          file(unit, levelKeys[i]);
          officialKeys.add(levelKeys[i]);
          if (mayBeWrittenOtherwise(unit.name)) respelled.push(unit);
        }
      }
    for (const unit of respelled) for (const key of otherSpellingKeys(unit.name, isOfficialKey)) file(unit, key);
  }

  private *formerNames(): IterableIterator<[Unit, string]> {
    for (const [code, names] of Object.entries(this.linksFile.former)) {
      const unit = this.mustGet("new", code);
      for (const name of names) yield [unit, name];
    }
  }

  private *aliasNames(): IterableIterator<[string, Unit[]]> {
    for (const [alias, targets] of UNIT_ALIASES) yield [alias, targets.map(([structure, code]) => this.mustGet(structure, code))];
    for (const structure of ["old", "new"] as const)
      for (const unit of this.units(structure)) {
        const digits = digitsForRomanNumeral(unit.name);
        if (digits) yield [digits, [unit]];
        const roman = romanNumeralForDigits(unit.name);
        if (roman) yield [roman, [unit]];
        const farmTown = farmTownOtherName(unit.name);
        if (farmTown) yield [farmTown, [unit]];
      }
    yield* this.dashedNamesShort();
  }

  /**
   * A dashed new commune by its shorter names, but not where an old ward or former unit of the old
   * provinces its province was formed from has that name: those ("Văn Miếu", "Lăng Cô") are read as
   * such, named as such in the result, and converted. Read from the links file's name keys and
   * province links, which the name index reads anyway: no conversion tables at its start.
   */
  private *dashedNamesShort(): IterableIterator<[string, Unit[]]> {
    const newWards = this.list("new", "ward");
    const halves = dashedNameHalves(newWards.map((unit) => unit.name));
    const named = newWards.filter((unit) => halves.has(unit.name));
    if (named.length === 0) return;
    const file = this.linksFile;
    const oldProvinces = new Map<string, string[]>();
    for (const [oldCode, newCode] of file.provinceLinks) push(oldProvinces, newCode, oldCode);
    const near = new Set(named.flatMap((unit) => oldProvinces.get(unit.provinceCode) ?? []));
    // "<old province> <name key>" of every old ward and former unit there.
    const oldNames = new Set<string>();
    const wards = this.tables.old.ward!;
    const wardKeys = file.keys.old.ward ?? [];
    for (let i = 0; i < wards.size; i++) {
      const ward = wards.at(i);
      if (near.has(ward.provinceCode)) oldNames.add(`${ward.provinceCode} ${wardKeys[i]}`);
    }
    for (const f of this.formerUnits.all())
      if (f.province !== null && near.has(f.province.code)) oldNames.add(`${f.province.code} ${f.row.key}`);
    for (const unit of named)
      for (const half of halves.get(unit.name)!) {
        const key = nameKey(half);
        if (!(oldProvinces.get(unit.provinceCode) ?? []).some((p) => oldNames.has(`${p} ${key}`))) yield [half, [unit]];
      }
  }

  private get mapping() {
    if (!this.links) {
      const links = {
        oldToNew: new Map<string, ConversionTarget[]>(),
        newToOld: new Map<string, ConversionTarget[]>(),
        oldProvinceToNew: new Map<string, Unit[]>(),
      };
      const file = this.linksFile;
      for (const [oldCode, newCode, whole] of file.links) {
        push(links.oldToNew, oldCode, { unit: this.mustGet("new", newCode), whole: whole === 1 });
        push(links.newToOld, newCode, { unit: this.mustGet("old", oldCode), whole: whole === 1 });
      }
      for (const [oldDistrict, newCode] of file.districtLinks) {
        // The ward-less island districts became one Đặc khu each: predecessors of that commune.
        push(links.newToOld, newCode, { unit: this.mustGet("old", oldDistrict), whole: true });
        push(links.oldToNew, oldDistrict, { unit: this.mustGet("new", newCode), whole: true });
      }
      for (const [oldCode, newCode] of file.provinceLinks)
        push(links.oldProvinceToNew, oldCode, this.mustGet("new", newCode));
      this.links = links;
    }
    return this.links;
  }

  private mustGet(structure: Structure, code: string): Unit {
    const unit = this.get(structure, code);
    if (!unit) throw new Error(`unit registry: unknown ${structure} unit ${code} referenced by the artefact`);
    return unit;
  }

  /** The unit with this code in this structure, or undefined. */
  get(structure: Structure, code: string): Unit | undefined {
    return this.tableFor(structure, code)?.get(code);
  }

  /** Like get(), but throws UnknownUnitError naming the code. */
  require(structure: Structure, code: string): Unit {
    const unit = this.get(structure, code);
    if (!unit) {
      const shape = /^\d{2}$|^\d{3}$|^\d{5}$/.test(code) ? "" : " (codes are 2, 3 or 5 digits)";
      throw new UnknownUnitError(`unknown ${structure}-structure unit code "${code}"${shape}`);
    }
    return unit;
  }

  /** Direct children of a unit (districts of an old province, wards of a district or new province). */
  children(structure: Structure, code: string): Unit[] {
    return this.children_[structure].get(code) ?? [];
  }

  /** Every unit of a structure and level, optionally under a parent (any ancestor) code, by code. */
  list(structure: Structure, level: Level, parent?: string): Unit[] {
    const out: Unit[] = [];
    for (const unit of this.tables[structure][level]?.all() ?? []) {
      if (parent !== undefined && !this.isWithin(unit, parent)) continue;
      out.push(unit);
    }
    return out;
  }

  /** Number of units of a structure and level. */
  count(structure: Structure, level: Level): number {
    return this.tables[structure][level]?.size ?? 0;
  }

  /** The province and (old structure) district of a unit, for display. */
  ancestors(unit: Unit): { province: Unit; district: Unit | null } {
    const province = this.mustGet(unit.structure, unit.provinceCode);
    const district = unit.districtCode ? this.mustGet(unit.structure, unit.districtCode) : null;
    return { province, district };
  }

  /** True when `unit` is `code` or lies inside the unit with that code (same structure). */
  isWithin(unit: Unit, code: string): boolean {
    return unit.code === code || unit.provinceCode === code || unit.districtCode === code;
  }

  /**
   * The new communes an old ward (or ward-less island district) went into, whole or in part.
   * Throws UnknownUnitError for a code that is not an old ward or district.
   */
  convertOld(code: string): { from: Unit; to: ConversionTarget[] } {
    const from = this.require("old", code);
    if (from.level === "province") {
      return { from, to: (this.mapping.oldProvinceToNew.get(code) ?? []).map((unit) => ({ unit, whole: false })) };
    }
    const to = this.mapping.oldToNew.get(code);
    if (!to) {
      throw new UnknownUnitError(
        `old ${from.level} ${code} (${from.fullName}) has no direct successor: convert its wards instead`,
      );
    }
    return { from, to };
  }

  /** The old wards (and island districts) a new commune was formed from. */
  predecessors(code: string): ConversionTarget[] {
    const unit = this.require("new", code);
    if (unit.level === "province") {
      const out: ConversionTarget[] = [];
      for (const [oldCode, targets] of this.mapping.oldProvinceToNew)
        if (targets.some((t) => t.code === code)) out.push({ unit: this.mustGet("old", oldCode), whole: targets.length === 1 });
      return out;
    }
    return this.mapping.newToOld.get(code) ?? [];
  }

  /** New provinces that an old province's territory went into. */
  newProvincesOf(oldProvinceCode: string): Unit[] {
    return this.mapping.oldProvinceToNew.get(oldProvinceCode) ?? [];
  }

  /**
   * Candidates for the name of one unit, best first. Tolerates missing diacritics, either
   * tone-mark placement, NFC/NFD, case, punctuation, type words and their abbreviations,
   * numbered units ("P.5", "Q1"), aliases, and (when nothing matches exactly) typos.
   * Shared names return every unit with that name: narrow with `within`. Reads the text with
   * name-analysis.ts and the registry's name index, as the parser does; the scores are its own.
   */
  lookup(text: string, options: LookupOptions = {}): LookupCandidate[] {
    const names = this.nameIndex;
    const readings = readUnitName(text);
    const accented = hasDiacritics(text);
    const best = new Map<Unit, LookupCandidate>();
    // The tone form of each reading, computed only for accented text, once.
    const readingTones = new Map<NameReading, string>();
    const consider = (entry: NameEntry, reading: NameReading, base: number, fuzzy: boolean) => {
      const readingTypes = reading.types;
      const unit = entry.unit;
      // Look-up takes an alias in its first reading only ("Quận 2": the type Quận and the name
      // "2"); the parser also reads its words as the name ("quan 2"). Taking both here would
      // change what `units lookup` answers (Thủ Đức above the twenty Phường 2 for "Quận 2"):
      // see docs/units.md.
      if (!entry.firstReading) return;
      if (!this.passes(unit, options)) return;
      if (entry.requiredTypes && !(readingTypes && entry.requiredTypes.some((t) => readingTypes.includes(t)))) return;
      const alias = entry.source !== "name";
      let score = base;
      let match: LookupCandidate["match"] = fuzzy ? "fuzzy" : alias ? "alias" : "folded";
      if (!fuzzy && !alias) {
        if (
          accented &&
          names.toneOf(entry) === memo(readingTones, reading, () => toneOfReading(text, reading.skip))
        ) {
          match = "exact";
        } else if (accented) {
          score -= 0.1; // diacritics were written but differ: still a match, less certain
        } else {
          score -= 0.03;
        }
      }
      if (alias) score -= 0.08;
      if (readingTypes) {
        if (!readingTypes.includes(unit.type)) score -= 0.25;
      } else score -= 0.04;
      score = Math.max(0, Math.min(1, score));
      const previous = best.get(unit);
      if (!previous || previous.score < score) best.set(unit, { unit, score: round(score), match });
    };
    for (const reading of readings) {
      for (const entry of names.entries(reading.key)) consider(entry, reading, 1, false);
    }
    if (best.size === 0) {
      // Words run together or split apart ("Daklak", "BR-VT", "Hochiminh"): compare without spaces.
      for (const reading of readings)
        for (const key of names.keysSpelled(reading.key.replace(/ /g, "")))
          for (const entry of names.entries(key)) consider(entry, reading, 0.95, false);
    }
    if (best.size === 0 && options.fuzzy !== false) {
      // One typo for any reading first; two only when no reading is one typo away.
      for (const reading of readings)
        for (const key of names.nearOne(reading.key))
          for (const entry of names.entries(key)) consider(entry, reading, 0.8, true);
      if (best.size === 0)
        for (const reading of readings)
          for (const key of names.nearTwo(reading.key))
            for (const entry of names.entries(key)) consider(entry, reading, 0.65, true);
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || levelRank(a.unit) - levelRank(b.unit) || compareUnits(a.unit, b.unit))
      .slice(0, options.limit ?? 20);
  }

  /**
   * Looks up a unit written with its parents, most specific first, separated by commas:
   * "Xã Kim Chung, Hoài Đức, Hà Nội". Candidates whose ancestors match the later parts rank
   * first; when the parents contradict every candidate, the unfiltered candidates are returned
   * with a lower score rather than nothing.
   */
  lookupPath(text: string, options: LookupOptions = {}): LookupCandidate[] {
    const parts = text
      .split(/[,;|\n]+/)
      .map((p) => p.trim())
      .filter((p) => p !== "");
    if (parts.length <= 1) return this.lookup(text, options);
    const [first, ...parents] = parts;
    const target = this.lookup(first, { ...options, limit: 500 });
    const parentCandidates = parents.map((p) =>
      this.lookup(p, { structure: options.structure, levels: ["province", "district"], limit: 50 }),
    );
    const scored: LookupCandidate[] = [];
    for (const candidate of target) {
      // Each written parent the candidate lies in keeps its score (scaled by how well the parent
      // matched); each one it contradicts halves it.
      let score = candidate.score;
      for (const list of parentCandidates) {
        const hit = list.find(
          (p) => p.unit.structure === candidate.unit.structure && p.unit !== candidate.unit && this.isWithin(candidate.unit, p.unit.code),
        );
        score *= hit ? 0.9 + 0.1 * hit.score : 0.5;
      }
      scored.push({ ...candidate, score: round(score) });
    }
    return scored
      .sort((a, b) => b.score - a.score || levelRank(a.unit) - levelRank(b.unit) || compareUnits(a.unit, b.unit))
      .slice(0, options.limit ?? 20);
  }

  private passes(unit: Unit, options: LookupOptions): boolean {
    if (options.structure && unit.structure !== options.structure) return false;
    if (options.levels && !options.levels.includes(unit.level)) return false;
    if (options.within !== undefined && (unit.code === options.within || !this.isWithin(unit, options.within))) return false;
    return true;
  }
}

function makeUnit(
  structure: Structure,
  level: Level,
  code: string,
  type: UnitType,
  name: string,
  parentCode: string | null,
  provinceCode: string,
  districtCode: string | null,
  note?: string,
): Unit {
  return { structure, level, code, type, name, fullName: `${type} ${name}`, parentCode, provinceCode, districtCode, note };
}

/** The level a code of this length denotes, or null for a malformed code. */
export function levelOfCode(code: string): Level | null {
  return /^\d+$/.test(code) ? (LEVELS_BY_CODE_LENGTH[code.length] ?? null) : null;
}

function memo<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function levelRank(unit: Unit): number {
  return unit.level === "province" ? 0 : unit.level === "district" ? 1 : 2;
}

function compareUnits(a: Unit, b: Unit): number {
  if (a.structure !== b.structure) return a.structure === "new" ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

let shared: UnitRegistry | null = null;

/**
 * Loads the shipped registry once per process, or the units file at `path` (uncached) with the
 * links file beside it (`unit-links.v2.json` in the same folder). The links file is read only
 * when a name look-up or a conversion first needs it.
 */
export function loadRegistry(path?: string): UnitRegistry {
  if (!path && shared) return shared;
  const unitsPath = path ?? DEFAULT_UNITS_PATH;
  const linksPath = join(dirname(unitsPath), LINKS_FILE_NAME);
  const formerPath = join(dirname(unitsPath), FORMER_UNITS_FILE_NAME);
  const registry = new UnitRegistry(
    readJson(unitsPath) as UnitsFile,
    () => readJson(linksPath) as UnitLinksFile,
    () => readFormerUnitsFile(formerPath, !path),
  );
  if (!path) shared = registry;
  return registry;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`unit registry: cannot read ${path} (rebuild with npm run build:data): ${(error as Error).message}`);
  }
}

function checkFormat(file: { format?: unknown; version?: unknown }, format: string): void {
  if (file.format !== format || file.version !== UNITS_VERSION) {
    throw new Error(
      `unit registry: expected format ${format} v${UNITS_VERSION}, got ${String(file.format)} v${String(file.version)}`,
    );
  }
}
