/**
 * The JSON shape of an address record and of a revision, shared by the CLI and (later) the HTTP
 * API so that every consumer sees the same fields. Multi-word keys are snake_case as in unit JSON.
 * Personal data appears only when the caller asks for it and is entitled to it.
 */
import { formatCode, isValid } from "../code/index.js";
import type { UnitRegistry } from "../units/registry.js";
import { formatNew, formatOld, unitsJson } from "./format.js";
import type { AddressRecord, Changes } from "./record.js";

/** The display form of a code ("CQ6-J9M-TH3X/3FK"), or the code itself when it is not a valid code. */
export function displayCode(code: string): string {
  return isValid(code) ? formatCode(code) : code;
}

export function recordJson(record: AddressRecord, registry: UnitRegistry, withPersonalData = false): Record<string, unknown> {
  const units = unitsJson(record, registry);
  const out: Record<string, unknown> = {
    code: record.code,
    display: displayCode(record.code),
    kind: record.kind,
    status: record.status,
    version: record.version,
    name: record.name,
    parts: partsJson(record.parts),
    new: units.new,
    old: units.old,
    location: {
      lat: record.location.lat,
      lon: record.location.lon,
      accuracy_m: record.location.accuracyM,
      source: record.location.source,
    },
    formatted: { new: formatNew(record, registry), old: formatOld(record, registry) },
    issues: record.issues,
    provenance: {
      batch: record.provenance.batch,
      external_id: record.provenance.externalId,
      surveyor: record.provenance.surveyor,
    },
    correction: record.correction,
    successor: record.successor,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    personal_data_erased_at: record.personalDataErasedAt,
  };
  if (withPersonalData) out.owner = record.owner;
  return out;
}

/**
 * The form of a record anyone may see (public and partner answers): the address, its units, where
 * it is and its status. No owner data, no provenance (batch, external id, surveyor), no findings,
 * no correction asked for: those are the survey's business.
 */
export function publicRecordJson(record: AddressRecord, registry: UnitRegistry): Record<string, unknown> {
  const units = unitsJson(record, registry);
  return {
    code: record.code,
    display: displayCode(record.code),
    kind: record.kind,
    status: record.status,
    name: record.name,
    parts: partsJson(record.parts),
    new: units.new,
    old: units.old,
    location: { lat: record.location.lat, lon: record.location.lon, accuracy_m: record.location.accuracyM },
    formatted: { new: formatNew(record, registry), old: formatOld(record, registry) },
    successor: record.successor,
    updated_at: record.updatedAt,
  };
}

/**
 * Parts with snake_case keys, as in every other JSON diachiso prints (`parse` says `house_number`
 * too), and the alley chain also written out ("Ngõ 12 Ngách 3") beside its structured form.
 */
export function partsJson(parts: AddressRecord["parts"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parts)) {
    if (value === undefined) continue;
    out[key === "houseNumber" ? "house_number" : key] = value;
  }
  if (parts.alleys && parts.alleys.length > 0) {
    out.alley = parts.alleys.map((a) => `${a.type.charAt(0).toUpperCase()}${a.type.slice(1)} ${a.number}`).join(" ");
  }
  return out;
}

/** One-line summary of a revision's changes: `name: null → "Phở Thìn"; status: surveyed → complete`. */
export function describeChanges(changes: Changes | null): string {
  if (!changes) return "";
  return Object.entries(changes)
    .map(([field, pair]) => {
      const [before, after] = pair as [unknown, unknown];
      const show = (v: unknown) => (typeof v === "string" && field === "status" ? v : JSON.stringify(v));
      return `${field}: ${show(before)} → ${show(after)}`;
    })
    .join("; ");
}
