/**
 * Point → unit: the new commune containing a WGS84 point (from the boundary polygons), its
 * province, and the old ward/district/province candidates it corresponds to through the
 * 2025 mapping. Old communes have no polygons of their own, so the old answer is the list of
 * predecessors of the new commune: one when the new commune took a single old ward whole,
 * several otherwise (each marked whole or part).
 */
import { type Boundaries, loadBoundaries } from "./boundaries.js";
import type { UnitRegistry } from "./registry.js";
import { type UnitRefJson, unitRef } from "./unit-json.js";

export interface UnitsAtJson {
  lat: number;
  lon: number;
  new: { province: UnitRefJson; ward: UnitRefJson };
  /** True when the point lies inside the commune polygon; false when snapped to the nearest one. */
  exact: boolean;
  /** Metres to the commune boundary when not exact (0 when exact). */
  distance_m: number;
  old: { province: UnitRefJson; district: UnitRefJson | null; ward: UnitRefJson | null; whole: boolean }[];
}

let boundaries: Boundaries | null = null;

/** The shared boundaries, loaded on first use (the unit registry itself does not need them). */
export function sharedBoundaries(): Boundaries {
  boundaries ??= loadBoundaries();
  return boundaries;
}

/** Units at a point, or null outside every commune (at sea, abroad). */
export function unitsAt(registry: UnitRegistry, lat: number, lon: number, b: Boundaries = sharedBoundaries()): UnitsAtJson | null {
  const hit = b.locate(lat, lon);
  if (!hit) return null;
  const ward = registry.require("new", hit.code);
  const province = registry.require("new", ward.provinceCode);
  const old = registry.predecessors(ward.code).map((p) => {
    const { province: oldProvince, district } = registry.ancestors(p.unit);
    return {
      province: unitRef(oldProvince),
      district: district ? unitRef(district) : null,
      ward: p.unit.level === "ward" ? unitRef(p.unit) : null,
      whole: p.whole,
    };
  });
  return {
    lat,
    lon,
    new: { province: unitRef(province), ward: unitRef(ward) },
    exact: hit.exact,
    distance_m: Math.round(hit.distanceM),
    old,
  };
}
