/**
 * Where the generated addresses fall: the 34 new provinces in proportion to their population, and
 * the communes of a province in proportion to a type weight (a Phường is denser than a Xã).
 *
 * Province population = the GSO 2019 census figures of the 63 old provinces
 * (`data/generate/population-2019.csv`, see data/generate/PROVENANCE.md) summed into the 34 new
 * provinces through the registry's old→new province mapping (the 2025 mergers joined whole provinces).
 * We hold no commune-level population, so within a province every commune gets the weight of its
 * type (COMMUNE_TYPE_WEIGHT), a deliberate approximation stated in PROVENANCE.md.
 */
import { fileURLToPath } from "node:url";
import { readCsvTable } from "../common/csv.js";
import type { UnitRegistry } from "../units/registry.js";
import type { Unit, UnitType } from "../units/types.js";
import { WeightedSampler } from "./weighted-sampler.js";

export const DEFAULT_POPULATION_PATH = fileURLToPath(
  new URL("../../../data/generate/population-2019.csv", import.meta.url),
);

/**
 * Relative number of addresses per commune by type. Urban wards (Phường) have on average about
 * four times the population of a rural commune (Xã) of the same province in the 2019 census
 * (urban share 34 % of the population in ~20 % of the pre-2025 communes); special zones (Đặc khu,
 * islands) are sparsely populated.
 */
export const COMMUNE_TYPE_WEIGHT: Partial<Record<UnitType, number>> = { Phường: 4, Xã: 1, "Đặc khu": 0.5 };

/** Census population of each old (63-structure) province, by old province code. */
export function readOldProvincePopulation(path: string = DEFAULT_POPULATION_PATH): Map<string, number> {
  const { header, rows } = readCsvTable(path);
  if (header.join(",") !== "old_province_code,old_province,population_2019") {
    throw new Error(`${path}: unexpected header "${header.join(",")}"`);
  }
  const out = new Map<string, number>();
  for (const { line, fields } of rows) {
    const [code, , count] = fields;
    const value = Number(count);
    if (!/^\d{2}$/.test(code) || !Number.isInteger(value) || value <= 0) {
      throw new Error(`${path}:${line}: bad row "${fields.join(",")}"`);
    }
    out.set(code, value);
  }
  return out;
}

/** Population of each new (34-structure) province, by new province code. */
export function newProvincePopulation(
  registry: UnitRegistry,
  oldPopulation: Map<string, number>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const province of registry.list("old", "province")) {
    const population = oldPopulation.get(province.code);
    if (population === undefined)
      throw new Error(`population: no figure for old province ${province.code} ${province.name}`);
    const targets = registry.newProvincesOf(province.code);
    // Every 2025 merger joined whole provinces; should one ever be split, share its people evenly.
    for (const target of targets)
      out.set(target.code, (out.get(target.code) ?? 0) + population / targets.length);
  }
  return out;
}

/** Samples a new commune with probability ∝ province population × commune type weight. */
export function communeSampler(
  registry: UnitRegistry,
  provinces: readonly string[] | null,
  population: Map<string, number> = newProvincePopulation(registry, readOldProvincePopulation()),
  has: (code: string) => boolean = () => true,
): WeightedSampler<Unit> {
  const units: Unit[] = [];
  const weights: number[] = [];
  const provinceList = provinces ?? registry.list("new", "province").map((p) => p.code);
  for (const code of provinceList) {
    const province = registry.get("new", code);
    if (province?.level !== "province") throw new Error(`unknown new province code "${code}"`);
    const communes = registry.list("new", "ward", code).filter((c) => has(c.code));
    const typeTotal = communes.reduce((s, c) => s + (COMMUNE_TYPE_WEIGHT[c.type] ?? 1), 0);
    for (const commune of communes) {
      units.push(commune);
      weights.push(((population.get(code) ?? 0) * (COMMUNE_TYPE_WEIGHT[commune.type] ?? 1)) / typeTotal);
    }
  }
  return new WeightedSampler(units, weights);
}
