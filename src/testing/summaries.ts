/**
 * Test helper: a record as the search index reads it (`RecordSummary`), in a new commune of the
 * registry, with its province filled in: the many search tests that build an index from records
 * differ only in the parts, status and name they give.
 */
import type { AddressParts } from "../domain/parts.js";
import type { RecordSummary } from "../store/store.js";
import type { UnitRegistry } from "../units/registry.js";

/** A surveyed household at (16, 106) in `commune` (a new commune's code), unless `more` says otherwise. */
export function summaryIn(
  registry: UnitRegistry,
  code: string,
  commune: string,
  parts: AddressParts,
  more: Partial<RecordSummary> = {},
): RecordSummary {
  const unit = registry.require("new", commune);
  return {
    code,
    kind: "household",
    status: "surveyed",
    name: null,
    parts,
    new: { province: unit.provinceCode, commune },
    old: null,
    lat: 16,
    lon: 106,
    ...more,
  };
}

/** The code of the new commune of this name in this new province; a test's premise, so it throws when there is none. */
export function communeCode(registry: UnitRegistry, name: string, province: string): string {
  const unit = registry.list("new", "ward", province).find((u) => u.name === name);
  if (unit === undefined) throw new Error(`no new commune ${name} in province ${province}`);
  return unit.code;
}
