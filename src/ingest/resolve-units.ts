/**
 * Declared units of a survey row → the new (2025) communes they can mean. Units may be given by
 * code or by name (any spelling the registry accepts), in the old 63-province or the new
 * 34-province structure; old wards convert through the registry's mapping, and a ward split across
 * several new communes yields all of them (the row's point decides later, see map-row.ts).
 *
 * Names resolve through `registry.lookup`, which reads the registry's one name index
 * (units/name-index.ts), the index the address parser reads too. Look-ups are cached per distinct
 * (ward, district, province) text or codes: a national file repeats the same few tens of thousands of
 * spellings millions of times.
 */
import type { OldUnits } from "../domain/record.js";
import type { UnitRegistry } from "../units/registry.js";
import type { Level, Unit } from "../units/types.js";
import type { UnitProblem } from "../rules/facts.js";
import { BoundedCache } from "./bounded-cache.js";

export interface DeclaredUnits {
  /** New commune codes the declared units can mean, best first; [] when none resolved. */
  communes: string[];
  /** The old ward/district/province when the row was written in the old structure. */
  old: OldUnits | null;
  problem: UnitProblem | null;
}

export interface UnitFields {
  ward_code: string;
  ward: string;
  district_code: string;
  district: string;
  province_code: string;
  province: string;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from. Row fields are slices of
 * the reader's 1 MiB chunks, and a cache key built from them by concatenation keeps those chunks
 * alive: at 1 M rows that was hundreds of MiB (found with a heap snapshot).
 */
export function ownString(text: string): string {
  return ` ${text}`.slice(1);
}

/** Minimum look-up score for a name to count as resolved. */
const MIN_NAME_SCORE = 0.55;
/**
 * Entries per generation of the name and code caches (BoundedCache: the entries in use survive a
 * turnover). Two generations hold at most the 200,000 entries one map held before, so the worker's
 * memory bound is unchanged (a name entry is ~250 bytes: ≤ 50 MB).
 */
const CACHE_LIMIT = 100_000;
/** Entries per generation of each of the (up to 8) unit-by-name caches: ≤ 100,000 × ~90 bytes each. */
const LEVEL_CACHE_LIMIT = 50_000;

const LEVEL_INDEX: Record<Level, number> = { province: 0, district: 1, ward: 2 };

export class UnitResolver {
  // Results are shared between rows: callers must not modify them.
  private readonly nameCache = new BoundedCache<string, DeclaredUnits>(CACHE_LIMIT, ownString);
  /** By codeKey when the codes are digits (nearly always), else by the codes' text. */
  private readonly codeCache = new BoundedCache<number, DeclaredUnits>(CACHE_LIMIT);
  private readonly oddCodeCache = new BoundedCache<string, DeclaredUnits>(10_000, ownString);
  /**
   * Units by name, one cache per structure, level and whether a parent is given (key: the text, or
   * the parent code, "|" and the text): the province and district ones stay small, so their
   * look-ups hit memory that is already in the processor's cache.
   */
  private readonly levelCaches: BoundedCache<string, Unit | null>[] = [];

  // fromOld's answers by old ward code (at most the ~10,600 old wards each).
  private readonly oldWards = new Map<string, DeclaredUnits>();
  private readonly retiredWards = new Map<string, DeclaredUnits>();
  /** Look-ups and cache misses, for benchmarks (bench/ingest/worker-path.ts). */
  readonly stats = { codes: 0, codeMisses: 0, names: 0, nameMisses: 0, units: 0, unitMisses: 0 };

  constructor(private readonly registry: UnitRegistry) {}

  resolve(f: UnitFields): DeclaredUnits {
    const oldStructure = f.district_code !== "" || f.district !== "";
    if (f.ward_code !== "") {
      const byCode = this.byCode(f.ward_code, f.district_code, oldStructure);
      // A wrong code with names beside it: trust the names, but say the code was wrong.
      if (byCode.problem === "unknown-code" && f.ward !== "") {
        const byName = this.byName(f);
        return byName.communes.length > 0 ? { ...byName, problem: "unknown-code" } : byCode;
      }
      return byCode;
    }
    if (f.ward !== "") return this.byName(f);
    return { communes: [], old: null, problem: "missing" };
  }

  private byCode(code: string, districtCode: string, oldStructure: boolean): DeclaredUnits {
    this.stats.codes++;
    const numeric = codeKey(code, districtCode, oldStructure);
    if (numeric >= 0) {
      let result = this.codeCache.get(numeric);
      if (result === undefined) {
        this.stats.codeMisses++;
        result = this.lookupCode(code, districtCode, oldStructure);
        this.codeCache.set(numeric, result);
      }
      return result;
    }
    // The lengths make the key unambiguous: a "|" inside a code cannot make two pairs look alike.
    const key = `${code.length},${districtCode.length}|${code}|${districtCode}|${oldStructure ? 1 : 0}`;
    let result = this.oddCodeCache.get(key);
    if (result === undefined) {
      this.stats.codeMisses++;
      result = this.lookupCode(code, districtCode, oldStructure);
      this.oddCodeCache.set(ownString(key), result);
    }
    return result;
  }

  private lookupCode(code: string, districtCode: string, oldStructure: boolean): DeclaredUnits {
    const current = this.registry.get("new", code);
    const old = this.registry.get("old", code);
    if (oldStructure && old?.level === "ward" && (districtCode === "" || old.districtCode === districtCode)) {
      return this.fromOld(old, null);
    }
    if (current?.level === "ward") return { communes: [current.code], old: null, problem: null };
    if (old?.level === "ward") return this.fromOld(old, oldStructure ? null : "retired-code");
    return { communes: [], old: null, problem: "unknown-code" };
  }

  /** fromOld, remembered per ward: many spellings and codes name the same old ward. */
  private fromOld(ward: Unit, problem: UnitProblem | null): DeclaredUnits {
    const memo = problem === null ? this.oldWards : this.retiredWards;
    let result = memo.get(ward.code);
    if (result === undefined) {
      result = this.convertOld(ward, problem);
      memo.set(ward.code, result);
    }
    return result;
  }

  private convertOld(ward: Unit, problem: UnitProblem | null): DeclaredUnits {
    const { to } = this.registry.convertOld(ward.code);
    // Whole successors first: when the point cannot decide, the whole one is the safer guess.
    const communes = [...to].sort((a, b) => Number(b.whole) - Number(a.whole)).map((t) => t.unit.code);
    return {
      communes,
      old: { province: ward.provinceCode, district: ward.districtCode ?? "", ward: ward.code },
      problem,
    };
  }

  private byName(f: UnitFields): DeclaredUnits {
    this.stats.names++;
    // The lengths make the key unambiguous: ("a|b", "", "c") and ("a", "b|", "c") once shared
    // "a|b||c", and the second row got the first one's units.
    const key = `${f.ward.length},${f.district.length}|${f.ward}|${f.district}|${f.province}`;
    let result = this.nameCache.get(key);
    if (result === undefined) {
      this.stats.nameMisses++;
      result = this.lookupNames(f);
      this.nameCache.set(ownString(key), result);
    }
    return result;
  }

  /**
   * Names resolve top-down, each level within the one above: province, (old) district, ward. Each
   * level's answer is cached on its own, so the distinct look-ups grow with the number of spellings
   * of each unit, not with the product of the spellings of the three levels.
   */
  private lookupNames(f: UnitFields): DeclaredUnits {
    const oldStructure = f.district !== "";
    const order: ("old" | "new")[] = oldStructure ? ["old", "new"] : ["new", "old"];
    for (const structure of order) {
      const province = f.province === "" ? null : this.one(f.province, structure, "province", undefined);
      if (f.province !== "" && !province) continue;
      let within = province?.code;
      if (structure === "old" && f.district !== "") {
        const district = this.one(f.district, "old", "district", within);
        if (district) within = district.code;
      }
      const ward = this.one(f.ward, structure, "ward", within);
      if (!ward) continue;
      if (structure === "new") return { communes: [ward.code], old: null, problem: null };
      // Old names without a district read as current ones: the same rule as a retired code.
      return this.fromOld(ward, oldStructure ? null : "retired-code");
    }
    return { communes: [], old: null, problem: "unresolved-name" };
  }

  /** The best unit of a level for a name, within a parent; cached. Null below MIN_NAME_SCORE. */
  private one(text: string, structure: "old" | "new", level: Level, within: string | undefined): Unit | null {
    this.stats.units++;
    const cache = this.levelCacheOf(structure, level, within !== undefined);
    const key = within === undefined ? text : `${within}|${text}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      this.stats.unitMisses++;
      const best = this.registry.lookup(text, { structure, levels: [level], within, limit: 1 })[0];
      hit = best && best.score >= MIN_NAME_SCORE ? best.unit : null;
      cache.set(ownString(key), hit);
    }
    return hit;
  }

  private levelCacheOf(
    structure: "old" | "new",
    level: Level,
    inParent: boolean,
  ): BoundedCache<string, Unit | null> {
    const scope = (structure === "old" ? 0 : 6) + LEVEL_INDEX[level] * 2 + (inParent ? 1 : 0);
    let cache = this.levelCaches[scope];
    if (!cache) {
      cache = new BoundedCache(LEVEL_CACHE_LIMIT, ownString);
      this.levelCaches[scope] = cache;
    }
    return cache;
  }
}

/**
 * A number for (ward code, district code, structure) when the codes are digits of the usual
 * lengths (5, and 3 or none), else -1: a cache key found without building and hashing a string.
 */
export function codeKey(code: string, districtCode: string, oldStructure: boolean): number {
  const ward = digitsValue(code, 5);
  if (ward < 0) return -1;
  let district = 0;
  if (districtCode !== "") {
    const d = digitsValue(districtCode, 3);
    if (d < 0) return -1;
    district = d + 1;
  }
  return (ward * 1001 + district) * 2 + (oldStructure ? 1 : 0);
}

/** The value of `text` when it is exactly `length` ASCII digits, else -1. */
function digitsValue(text: string, length: number): number {
  if (text.length !== length) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
