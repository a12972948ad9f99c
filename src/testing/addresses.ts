/** Address data for tests: a household at a commune's label point, nudged north by `offset` × ~11 m. */
import type { AddressData } from "../domain/record.js";
import { loadRegistry } from "../units/registry.js";
import { sharedBoundaries } from "../units/units-at.js";

const registry = loadRegistry();

export function addressAt(
  commune: string,
  offset: number,
  parts: AddressData["parts"],
  extra: Partial<AddressData> = {},
): AddressData {
  const point = sharedBoundaries().labelPoint(commune)!;
  const unit = registry.require("new", commune);
  return {
    kind: "household",
    name: null,
    parts,
    new: { province: unit.provinceCode, commune },
    old: null,
    location: { lat: point.lat + offset * 0.0001, lon: point.lon, accuracyM: 5, source: "survey-phone" },
    owner: null,
    ...extra,
  };
}
