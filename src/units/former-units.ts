/**
 * Former units: wards, districts and provinces merged away or renamed before the March 2025 list
 * (the registry's old structure), whose names people still write from identity cards, deeds and
 * signs. Built by `scripts/former-units.ts` into `data/former-units.v2.json` (versioned, like the
 * registry's files) and read beside the registry's units file on first use.
 *
 * Each former unit names its successors among the units of the March 2025 list, at its own level,
 * and the evidence that decided them; where the sources do not decide, it has none and only its
 * parent (the district of a ward) is known. The table also lists the wards that moved to another
 * district before March 2025 (`moves`): "Xã Kiên Lao, Lục Ngạn" is Thị xã Chũ's Kiên Lao since 2025.
 */
import { existsSync, readFileSync } from "node:fs";
import { farmTownOtherName } from "./aliases.js";
import { nameKey } from "./name-analysis.js";
import type { Level, Unit, UnitType } from "./types.js";

export const FORMER_UNITS_FORMAT = "diachiso-former-units";
export const FORMER_UNITS_VERSION = 2;
export const FORMER_UNITS_FILE_NAME = "former-units.v2.json";

/**
 * How the successor was decided (scripts/former-units.ts explains each rule):
 * "renamed" (same code, new name), "district" (where a merged district's wards went),
 * "name-kept" / "only-renamed" (the ward of the same district that absorbed it),
 * "resolution" (a resolution names it: the hand list of earlier changes, or data/history/mergers-by-resolution.tsv),
 * "none" (only the parent is known).
 */
export type FormerEvidence = "renamed" | "district" | "name-kept" | "only-renamed" | "resolution" | "none";

/** One row of the shipped table. */
export interface FormerUnitRow {
  level: Level;
  /** The unit's GSO code when it had one in the snapshots; null for the hand list. */
  code: string | null;
  type: UnitType;
  name: string;
  /** nameKey(name): the folded key the parser looks up. */
  key: string;
  /**
   * A ward's district and a district's province, as codes of the March 2025 list; null for a
   * province.
   */
  parent: string | null;
  /** Last day the unit existed at the latest (YYYY-MM-DD; the resolution has the exact date). */
  until: string;
  /** Successor codes at the same level in the March 2025 list (old structure); empty when unknown. */
  successors: string[];
  evidence: FormerEvidence;
  /** The snapshots compared, or the resolution. */
  source: string;
}

/** A ward of the March 2025 list that lay in another district of that list before. */
export interface FormerMoveRow {
  /** The ward's code (March 2025 list). */
  ward: string;
  /** The district it lay in before (a district of the March 2025 list). */
  from: string;
  /** Last day it lay there at the latest (YYYY-MM-DD). */
  until: string;
  /** The snapshots compared. */
  source: string;
}

export interface FormerUnitsFile {
  format: typeof FORMER_UNITS_FORMAT;
  version: number;
  builtFrom: string[];
  units: FormerUnitRow[];
  moves: FormerMoveRow[];
}

/** A former unit with its links resolved to units of the registry's old structure. */
export interface FormerUnit {
  row: FormerUnitRow;
  /** "Xã Kim An": the type word and name the unit had. */
  fullName: string;
  /** The ward's district or the district's province (old structure); null for a province. */
  parent: Unit | null;
  /** The province it lay in (old structure). */
  province: Unit | null;
  successors: Unit[];
}

/** The registry's view of the table, indexed by name key. Read-only once built. */
export class FormerUnits {
  private readonly byKey = new Map<string, FormerUnit[]>();
  /** Every leading run of words of a key ("quoc", "quoc tu", "quoc tu giam"), so a scan stops early. */
  private readonly prefixes = new Set<string>();
  /** Ward code → the districts it lay in before (FormerMoveRow). */
  private readonly movedFrom = new Map<string, string[]>();
  /** The units that are the one successor of some former ward. */
  private readonly wardSuccessors = new Set<Unit>();
  /** District code (March 2025 list) → the former wards that lay in it. */
  private readonly wardsByDistrict = new Map<string, FormerUnit[]>();
  /** Longest name key, in words. */
  readonly maxWords: number;
  readonly size: number;

  constructor(
    rows: readonly FormerUnitRow[],
    unit: (level: Level, code: string) => Unit | undefined,
    moves: readonly FormerMoveRow[] = [],
  ) {
    for (const move of moves) {
      const list = this.movedFrom.get(move.ward);
      if (!list) this.movedFrom.set(move.ward, [move.from]);
      else if (!list.includes(move.from)) list.push(move.from);
    }
    let maxWords = 0;
    for (const row of rows) {
      const parentLevel: Level = row.level === "ward" ? "district" : "province";
      const successors = row.successors.map((code) => unit(row.level, code)).filter((u): u is Unit => !!u);
      // A ward's district as the March 2025 list has it: that of its successors where they lie in
      // one, since a district's code may have passed to another unit (Thành phố Huế's 474 is Quận
      // Thuận Hóa's since 2025, while the wards merged away in 2021 lie in Quận Phú Xuân).
      const successorsDistrict =
        row.level === "ward" && successors.length > 0 && successors.every((s) => s.parentCode === successors[0].parentCode)
          ? successors[0].parentCode
          : null;
      const parentCode = successorsDistrict ?? row.parent;
      const parent = parentCode ? (unit(parentLevel, parentCode) ?? null) : null;
      const province =
        row.level === "province" ? null : parent ? (unit("province", parent.provinceCode) ?? null) : null;
      const former: FormerUnit = { row, fullName: `${row.type} ${row.name}`, parent, province, successors };
      if (row.level === "ward" && successors.length === 1) this.wardSuccessors.add(successors[0]);
      if (row.level === "ward" && parentCode !== null) {
        const wards = this.wardsByDistrict.get(parentCode);
        if (wards) wards.push(former);
        else this.wardsByDistrict.set(parentCode, [former]);
      }
      const farmTown = farmTownOtherName(row.name);
      for (const key of farmTown ? [row.key, nameKey(farmTown)] : [row.key]) {
        const list = this.byKey.get(key);
        if (list) list.push(former);
        else this.byKey.set(key, [former]);
        const words = key.split(" ");
        for (let k = 1; k <= words.length; k++) this.prefixes.add(words.slice(0, k).join(" "));
        maxWords = Math.max(maxWords, words.length);
      }
    }
    this.maxWords = maxWords;
    this.size = rows.length;
  }

  /** Some former unit's key starts with these words (a whole key counts). */
  startsKey(words: string): boolean {
    return this.prefixes.has(words);
  }

  /** The ward is the one successor of some former ward (a cheap test before looking names up). */
  succeedsFormerWard(ward: Unit): boolean {
    return this.wardSuccessors.has(ward);
  }

  /** The districts (codes of the March 2025 list) the ward lay in before it moved; empty for most. */
  formerDistrictsOf(wardCode: string): readonly string[] {
    return this.movedFrom.get(wardCode) ?? NO_CODES;
  }

  /** The former wards that lay in the district (a code of the March 2025 list). */
  wardsOf(districtCode: string): readonly FormerUnit[] {
    return this.wardsByDistrict.get(districtCode) ?? NO_FORMER_WARDS;
  }

  /** The former units whose name has this key (nameKey), or undefined. */
  named(key: string): readonly FormerUnit[] | undefined {
    return this.byKey.get(key);
  }

  /** Every former unit, in the table's order of names. */
  all(): FormerUnit[] {
    return [...this.byKey.values()].flat();
  }
}

const NO_CODES: readonly string[] = [];
const NO_FORMER_WARDS: readonly FormerUnit[] = [];

/** The table of a registry without former units. */
export const NO_FORMER_UNITS: FormerUnitsFile = {
  format: FORMER_UNITS_FORMAT,
  version: FORMER_UNITS_VERSION,
  builtFrom: [],
  units: [],
  moves: [],
};

/**
 * Reads the former-units file at `path`. The shipped registry must have one (`required`: a missing
 * file is an error naming it); another registry folder without one (a test's modified copy) has
 * no former units: an empty table.
 */
export function readFormerUnitsFile(path: string, required: boolean): FormerUnitsFile {
  if (!existsSync(path)) {
    if (required) throw new Error(`former units: cannot read ${path} (rebuild with npm run build:data)`);
    return NO_FORMER_UNITS;
  }
  const file = JSON.parse(readFileSync(path, "utf8")) as Partial<FormerUnitsFile>;
  if (file.format !== FORMER_UNITS_FORMAT || file.version !== FORMER_UNITS_VERSION)
    throw new Error(
      `former units: expected format ${FORMER_UNITS_FORMAT} v${FORMER_UNITS_VERSION} in ${path}, got ${String(file.format)} v${String(file.version)} (rebuild with npm run build:data)`,
    );
  return file as FormerUnitsFile;
}
