/**
 * Vietnam's administrative units in both structures:
 * - "old": the 63-province, three-level structure in force until 30 June 2025
 *   (province → district → ward/commune), GSO codes of 2, 3 and 5 digits;
 * - "new": the 34-province, two-level structure in force since 1 July 2025
 *   (province → commune: Xã, Phường, Đặc khu), 2- and 5-digit codes.
 * Codes overlap between the structures (new communes reuse a predecessor's 5-digit code), so a
 * unit is identified by structure + code, never by code alone.
 */

export type Structure = "old" | "new";
export type Level = "province" | "district" | "ward";

/** The unit's type word as written before its name in official documents. */
export type UnitType =
  | "Thành phố" // centrally-run city (province level) or provincial city (old district level)
  | "Tỉnh"
  | "Quận"
  | "Huyện"
  | "Thị xã"
  | "Phường"
  | "Xã"
  | "Thị trấn"
  | "Đặc khu";

export interface Unit {
  structure: Structure;
  level: Level;
  /** GSO / NSO code: 2 digits (province), 3 (old district), 5 (ward/commune). */
  code: string;
  type: UnitType;
  /** Name without the type word: "Bến Nghé", "1", "Hồ Chí Minh". */
  name: string;
  /** Type word + name: "Phường Bến Nghé", "Quận 1", "Thành phố Hồ Chí Minh". */
  fullName: string;
  /** Code of the parent unit (district for old wards, province otherwise); null for provinces. */
  parentCode: string | null;
  /** Code of the province the unit lies in (its own code for provinces). */
  provinceCode: string;
  /** Code of the old district (old wards and districts only). */
  districtCode: string | null;
  /**
   * Set for the 12 old communes listed in GSO's 2025-03-01 web service and in the 2025 mapping
   * but already merged away in the last official list: they still appear on old documents.
   */
  note?: string;
}

/** A new commune that took all (`whole`) or part of an old ward's territory. */
export interface ConversionTarget {
  unit: Unit;
  whole: boolean;
}

/** A candidate answer of a name lookup, best first. */
export interface LookupCandidate {
  unit: Unit;
  /** 0..1; 1 = the text named this unit exactly with its type word and diacritics. */
  score: number;
  /** How the name matched: exact diacritics, folded (no diacritics), alias, or fuzzy (typo). */
  match: "exact" | "folded" | "alias" | "fuzzy";
}
