/**
 * Writing an address out in words, in the new (34-province, two-level) structure and, when the
 * record has them, the old (63-province, three-level) one — both stay in use on documents for years.
 * Order is Vietnamese: smallest first, "Căn hộ 1203, Tầng 12, Tòa A, Số 12, Ngõ 34, Phố Quán Thánh,
 * Phường Ba Đình, Thành phố Hà Nội".
 */
import type { UnitRegistry } from "../units/registry.js";
import type { Unit } from "../units/types.js";
import { type UnitRefJson, unitRef } from "../units/unit-json.js";
import type { AddressParts } from "./parts.js";
import type { AddressData } from "./record.js";

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);

/** The part of the address below the commune, or "" when there is none. */
export function formatParts(parts: AddressParts, name: string | null = null): string {
  const out: string[] = [];
  if (name) out.push(name);
  if (parts.flat) out.push(`Căn hộ ${parts.flat}`);
  if (parts.floor) out.push(`Tầng ${parts.floor}`);
  if (parts.building) out.push(parts.building);
  if (parts.lot) out.push(`Lô ${parts.lot.replace(/^LÔ /, "")}`);
  const alleys = (parts.alleys ?? []).map((a) => `${capitalise(a.type)} ${a.number}`);
  if (parts.houseNumber && (alleys.length || !parts.street)) out.push(parts.houseNumber.startsWith("Lô") ? parts.houseNumber : `Số ${parts.houseNumber}`);
  out.push(...alleys);
  if (parts.street) out.push(parts.houseNumber && !alleys.length ? `${parts.houseNumber} ${parts.street}` : parts.street);
  if (parts.hamlet) out.push(`${capitalise(parts.hamlet.type)} ${parts.hamlet.name}`);
  return out.join(", ");
}

function join(head: string, units: (Unit | undefined)[]): string | null {
  if (units.some((u) => u === undefined)) return null;
  return [head, ...units.map((u) => u!.fullName)].filter((s) => s !== "").join(", ");
}

/** One line in the new structure, or null when the commune or province code is unknown. */
export function formatNew(data: AddressData, registry: UnitRegistry): string | null {
  return join(formatParts(data.parts, data.name), [registry.get("new", data.new.commune), registry.get("new", data.new.province)]);
}

/** One line in the old structure, or null when the record has no (known) old units. */
export function formatOld(data: AddressData, registry: UnitRegistry): string | null {
  if (!data.old) return null;
  const { ward, district, province } = data.old;
  return join(formatParts(data.parts, data.name), [registry.get("old", ward), registry.get("old", district), registry.get("old", province)]);
}

export interface UnitsJson {
  new: { province: UnitRefJson | null; ward: UnitRefJson | null };
  old: { province: UnitRefJson | null; district: UnitRefJson | null; ward: UnitRefJson | null } | null;
}

/** The record's units with names, as the CLI and API show them (null for an unknown code). */
export function unitsJson(data: AddressData, registry: UnitRegistry): UnitsJson {
  const ref = (structure: "new" | "old", code: string) => {
    const unit = registry.get(structure, code);
    return unit ? unitRef(unit) : null;
  };
  return {
    new: { province: ref("new", data.new.province), ward: ref("new", data.new.commune) },
    old: data.old
      ? { province: ref("old", data.old.province), district: ref("old", data.old.district), ward: ref("old", data.old.ward) }
      : null,
  };
}
