/**
 * `diachiso/units`: Vietnam's administrative units in both structures (63 provinces until 30 June
 * 2025, 34 since 1 July 2025): the registry by structure + code, name look-up, old ↔ new conversion,
 * and the units at a point.
 *
 * @example
 * const registry = loadRegistry();
 * registry.convertOld("26740").to[0].unit.fullName; // "Phường Sài Gòn"
 * unitsAt(registry, 10.7725, 106.698)?.new.ward.name; // "Sài Gòn"
 */
export { type LookupOptions, levelOfCode, loadRegistry, UnitRegistry, UnknownUnitError } from "./registry.js";
export type { ConversionTarget, Level, LookupCandidate, Structure, Unit, UnitType } from "./types.js";
export { type UnitJson, type UnitRefJson, unitJson, unitLabel, unitRef } from "./unit-json.js";
export { type UnitsAtJson, unitsAt } from "./units-at.js";
export {
  type BBox,
  Boundaries,
  type CommuneFeature,
  type CommuneLocation,
  type LatLon,
  loadBoundaries,
} from "./boundaries.js";
export { provinceBoundary } from "./province-boundaries.js";
