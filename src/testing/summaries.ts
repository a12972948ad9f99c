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
