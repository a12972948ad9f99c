/**
 * Where the generated addresses fall: the 34 new provinces in proportion to their population, and
 * the communes of a province in proportion to a type weight (a Phường is denser than a Xã): the
 * shares of units/population.ts, drawn from.
 */
import type { UnitRegistry } from "../units/registry.js";
import { communeTypeWeight, newProvincePopulation, readOldProvincePopulation } from "../units/population.js";
import type { Unit } from "../units/types.js";
import { WeightedSampler } from "./weighted-sampler.js";

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
    const typeTotal = communes.reduce((s, c) => s + communeTypeWeight(c), 0);
    for (const commune of communes) {
      units.push(commune);
      weights.push(((population.get(code) ?? 0) * communeTypeWeight(commune)) / typeTotal);
    }
  }
  return new WeightedSampler(units, weights);
}
