/**
 * The canonical survey-record fields: the CSV header, and the NDJSON / GeoJSON property names, that
 * `diachiso import` reads and `diachiso generate` writes (documented in docs/import-format.md).
 * Any other column is kept as an extra attribute of the record.
 */
export const CANONICAL_FIELDS = [
  "external_id",
  "kind",
  "name",
  "house_number",
  "alley",
  "street",
  "hamlet",
  "building",
  "unit",
  "ward_code",
  "ward",
  "district_code",
  "district",
  "province_code",
  "province",
  "lat",
  "lon",
  "owner_name",
  "owner_phone",
  "owner_email",
  "owner_citizen_id",
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/**
 * The longest value each field may hold, in characters as written (docs/import-format.md, "Limits"):
 * several times what a real survey writes, far below what would slow the import down or fill the
 * store. A longer value refuses the row (`too_long`), naming the field, its length and the limit;
 * nothing is ever cut short.
 */
export const FIELD_MAX_LENGTH: Readonly<Record<CanonicalField, number>> = {
  external_id: 100,
  kind: 32,
  name: 300,
  house_number: 64,
  alley: 200,
  street: 200,
  hamlet: 200,
  building: 200,
  unit: 64,
  ward_code: 16,
  ward: 100,
  district_code: 16,
  district: 100,
  province_code: 16,
  province: 100,
  lat: 32,
  lon: 32,
  owner_name: 200,
  owner_phone: 40,
  owner_email: 254,
  owner_citizen_id: 32,
};

/**
 * The longest row as written (a CSV record, an NDJSON line, a GeoJSON feature), in characters: far
 * beyond the field limits together with 50 extra columns. Readers pass over a longer one without
 * keeping it and report it as a rejected row (`too_long`), so no line, however long, stops a file
 * or exhausts memory.
 */
export const MAX_ROW_CHARS = 1 << 20;

/** One row as written in a survey file: every canonical field as text ("" when absent). */
export type SurveyRow = Record<CanonicalField, string>;

/** What an address record is the address of. */
export const KINDS = ["household", "business", "organisation", "agency"] as const;
export type Kind = (typeof KINDS)[number];

const CANONICAL_SET: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

/** True for a canonical field name. */
export function isCanonicalField(name: string): name is CanonicalField {
  return CANONICAL_SET.has(name);
}

/** A row with every canonical field empty. */
export function emptyRow(): SurveyRow {
  const row = {} as SurveyRow;
  for (const field of CANONICAL_FIELDS) row[field] = "";
  return row;
}
