/**
 * The JSON shapes of units shared by the CLI and (later) the HTTP API, so that every consumer
 * sees the same fields: `name` is the name without its type word, `full_name` has it.
 */
import type { UnitRegistry } from "./registry.js";
import type { Unit } from "./types.js";

export interface UnitRefJson {
  code: string;
  name: string;
  full_name: string;
}

export interface UnitJson extends UnitRefJson {
  type: string;
  level: Unit["level"];
  structure: Unit["structure"];
  district?: UnitRefJson | null;
  province?: UnitRefJson | null;
  note?: string;
}

export function unitRef(unit: Unit): UnitRefJson {
  return { code: unit.code, name: unit.name, full_name: unit.fullName };
}

/** A unit with its type and parents (district only in the old structure). */
export function unitJson(registry: UnitRegistry, unit: Unit): UnitJson {
  const { province, district } = registry.ancestors(unit);
  const json: UnitJson = {
    code: unit.code,
    name: unit.name,
    full_name: unit.fullName,
    type: unit.type,
    level: unit.level,
    structure: unit.structure,
  };
  if (unit.structure === "old" && unit.level === "ward") json.district = district ? unitRef(district) : null;
  if (unit.level !== "province") json.province = unitRef(province);
  if (unit.note) json.note = unit.note;
  return json;
}

/** One-line human label: "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh (old 26740)". */
export function unitLabel(registry: UnitRegistry, unit: Unit): string {
  const { province, district } = registry.ancestors(unit);
  const chain = [unit];
  if (district && district !== unit) chain.push(district);
  if (province !== unit) chain.push(province);
  return `${chain.map((u) => u.fullName).join(", ")} (${unit.structure} ${unit.code})`;
}
