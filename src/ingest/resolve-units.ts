/**
 * Declared units of a survey row → the new (2025) communes they can mean. Units may be given by
 * code or by name (any spelling the registry accepts), in the old 63-province or the new
 * 34-province structure; old wards convert through the registry's mapping, and a ward split across
 * several new communes yields all of them (the row's point decides later, see map-row.ts).
 *
 * Name look-ups are cached per distinct (ward, district, province) text: a national file repeats
 * the same few tens of thousands of spellings millions of times.
 */
import type { OldUnits } from "../domain/record.js";
import type { UnitRegistry } from "../units/registry.js";
import type { Level, Unit } from "../units/types.js";
import type { UnitProblem } from "../rules/facts.js";

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
const CACHE_LIMIT = 200_000;

export class UnitResolver {
  // Results are shared between rows: callers must not modify them.
  private readonly nameCache = new Map<string, DeclaredUnits>();
  private readonly codeCache = new Map<string, DeclaredUnits>();
  private readonly levelCache = new Map<string, Unit | null>();

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
    const key = `${code}|${districtCode}|${oldStructure ? 1 : 0}`;
    const cached = this.codeCache.get(key);
    if (cached) return cached;
    const result = this.lookupCode(code, districtCode, oldStructure);
    if (this.codeCache.size >= CACHE_LIMIT) this.codeCache.clear();
    this.codeCache.set(ownString(key), result);
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

  private fromOld(ward: Unit, problem: UnitProblem | null): DeclaredUnits {
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
    const key = `${f.ward}|${f.district}|${f.province}`;
    const cached = this.nameCache.get(key);
    if (cached) return cached;
    const result = this.lookupNames(f);
    if (this.nameCache.size >= CACHE_LIMIT) this.nameCache.clear();
    this.nameCache.set(ownString(key), result);
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
    const key = `${structure}|${level}|${within ?? ""}|${text}`;
    let hit = this.levelCache.get(key);
    if (hit === undefined) {
      const best = this.registry.lookup(text, { structure, levels: [level], within, limit: 1 })[0];
      hit = best && best.score >= MIN_NAME_SCORE ? best.unit : null;
      if (this.levelCache.size >= CACHE_LIMIT) this.levelCache.clear();
      this.levelCache.set(ownString(key), hit);
    }
    return hit;
  }
}
