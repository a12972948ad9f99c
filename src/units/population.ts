/**
 * Where addresses are likely to be: the GSO 2019 census population of the 63 old provinces
 * (`data/population-2019.csv`, see data/PROVENANCE.md), summed into the 34 new provinces, and,
 * within a province, a weight by commune type (a Phường is denser than a Xã). We hold no
 * commune-level population: within a province every commune of a type weighs the same, a
 * deliberate approximation stated in PROVENANCE.md. The generator draws its communes from these
 * weights; the parser uses them to order namesakes the text does not tell apart.
 */
import { fileURLToPath } from "node:url";
import { readCsvTable } from "../common/csv.js";
import type { UnitRegistry } from "./registry.js";
import type { Unit, UnitType } from "./types.js";

export const DEFAULT_POPULATION_PATH = fileURLToPath(new URL("../../../data/population-2019.csv", import.meta.url));

/**
 * Relative number of addresses per commune by type. Urban wards (Phường) have on average about
 * four times the population of a rural commune (Xã) of the same province in the 2019 census
 * (urban share 34 % of the population in ~20 % of the pre-2025 communes); special zones (Đặc khu,
 * islands) are sparsely populated. Every other type (Thị trấn) weighs as a Xã.
 */
export const COMMUNE_TYPE_WEIGHT: Partial<Record<UnitType, number>> = { Phường: 4, Xã: 1, "Đặc khu": 0.5 };

/** The weight of a commune's type (COMMUNE_TYPE_WEIGHT; 1 for the others). */
export function communeTypeWeight(commune: Unit): number {
  return COMMUNE_TYPE_WEIGHT[commune.type] ?? 1;
}

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

/**
 * The share of the country's people each commune of either structure is expected to hold: its
 * province's population times its type's weight over the weights of all the province's communes.
 */
export class AddressShares {
  private readonly byCommune = new Map<Unit, number>();

  constructor(registry: UnitRegistry, oldPopulation: Map<string, number> = readOldProvincePopulation()) {
    const newPopulation = newProvincePopulation(registry, oldPopulation);
    const oldCommunes = new Map<string, Unit[]>();
    for (const ward of registry.list("old", "ward")) {
      const list = oldCommunes.get(ward.provinceCode);
      if (list) list.push(ward);
      else oldCommunes.set(ward.provinceCode, [ward]);
    }
    for (const [code, communes] of oldCommunes) this.share(communes, oldPopulation.get(code) ?? 0);
    for (const province of registry.list("new", "province"))
      this.share(registry.list("new", "ward", province.code), newPopulation.get(province.code) ?? 0);
  }

  /** The commune's share (people it is expected to hold); 0 for a unit that is no commune. */
  of(commune: Unit): number {
    return this.byCommune.get(commune) ?? 0;
  }

  private share(communes: readonly Unit[], population: number): void {
    const total = communes.reduce((sum, c) => sum + communeTypeWeight(c), 0);
    for (const commune of communes) this.byCommune.set(commune, (population * communeTypeWeight(commune)) / total);
  }
}
