/**
 * What the completeness rules look at: the facts of one record, as the importer derived them from
 * a survey row (`mapRow` in src/ingest/map-row.ts) or as `validate` and the store derive them from
 * a record's content (`factsFromRecord`). Rules never parse text themselves.
 */
import type { AddressParts } from "../domain/parts.js";
import type { AddressData } from "../domain/record.js";

/** Why the declared units do not give one current commune. */
export type UnitProblem =
  /** A unit code that exists in neither structure. */
  | "unknown-code"
  /** A pre-2025 ward code written as if current (no district): the unit no longer exists. */
  | "retired-code"
  /** Names that the registry cannot resolve. */
  | "unresolved-name"
  /** No unit given at all. */
  | "missing";

export interface RecordFacts {
  kind: string;
  name: string | null;
  /** The valid, normalised parts (an invalid house number is left out and kept in houseNumberWritten). */
  parts: AddressParts;
  /** The house number as written when it is not a valid one; null otherwise. */
  invalidHouseNumber: string | null;
  /** lat and lon both given as numbers. */
  pointGiven: boolean;
  /** The given point lies in a Vietnamese commune (within the boundary tolerance). */
  pointInVietnam: boolean;
  /** The given point is outside Vietnam but would be inside with lat and lon swapped. */
  pointSwapped: boolean;
  /** The location's estimated error in metres (95 %), null when unknown. */
  accuracyM: number | null;
  /** New commune at the given point, when it is in Vietnam. */
  pointCommune: string | null;
  /** The new communes the declared units can mean (several for a split old ward); [] when none resolved. */
  declaredCommunes: readonly string[];
  unitProblem: UnitProblem | null;
  /** The owner's phone and e-mail as written (trimmed), "" when absent. */
  phone: string;
  email: string;
  /** The citizen ID as written; "" when absent, null when not known (stored records keep only a hash). */
  citizenId: string | null;
  /** True when an earlier record has the same number in the same commune and street (cell). */
  duplicate: boolean;
  /** The fields emoji or pictographs were removed from when the row was cleaned (comma-separated); null when none. */
  pictographsRemoved: string | null;
  /** The owner fields whose leading zeros a spreadsheet had dropped and the import gave back (comma-separated); null when none. */
  leadingZerosRestored: string | null;
  /** The owner fields a spreadsheet wrote in scientific notation, their last digits lost (comma-separated); null when none. */
  scientificNotation: string | null;
}

/**
 * Facts of a record's content, for `validate` and the store. A record stored without a surveyed
 * point has a `centroid` location; the declared commune is the stored one. The facts only the
 * survey row holds are left empty, so only rules of scope `record`, `boundaries` (given the
 * point's commune) and `store` (given `duplicate`) may be evaluated over them.
 */
export function factsFromRecord(
  record: AddressData,
  pointCommune: string | null,
  duplicate: boolean,
): RecordFacts {
  const surveyed = record.location.source !== "centroid";
  return {
    kind: record.kind,
    name: record.name,
    parts: record.parts,
    invalidHouseNumber: null,
    pointGiven: surveyed,
    pointInVietnam: surveyed && pointCommune !== null,
    pointSwapped: false,
    accuracyM: record.location.accuracyM,
    pointCommune: surveyed ? pointCommune : null,
    declaredCommunes: [record.new.commune],
    unitProblem: null,
    phone: record.owner?.phone ?? "",
    email: record.owner?.email ?? "",
    citizenId: null,
    duplicate,
    pictographsRemoved: null,
    leadingZerosRestored: null,
    scientificNotation: null,
  };
}
