/**
 * One survey row → one import row for the store plus its completeness findings, or a rejection.
 * The stages, each a function: clean text → parse point → resolve declared units → choose the
 * commune (the point decides between split targets) → build parts and owner → facts → rules.
 *
 * A row is rejected (not stored) only when it cannot become a record at all: no external id, an
 * unknown kind, nowhere to put it (no resolvable unit and no point in Vietnam), or a value that
 * cannot be stored as written (over its length limit, a forbidden character, coordinates that are
 * not decimal numbers: cutting or guessing would store something nobody wrote). Everything else
 * is stored, incomplete rows with their findings.
 */
import type { Boundaries } from "../units/boundaries.js";
import { type AddressParts, parseAlleys, parseHamlet } from "../domain/parts.js";
import { parseHouseNumber } from "../domain/house-number.js";
import { kindNamed, knownKinds } from "../domain/kinds.js";
import { citizenIdWithLeadingZeros } from "../domain/citizen-id.js";
import { citizenIdDigits, hashCitizenId, isCitizenIdDigits, phoneWithLeadingZero } from "../domain/personal-data.js";
import type { AddressData, Owner } from "../domain/record.js";
import type { ImportRow } from "../store/store.js";
import type { RecordFacts } from "../rules/facts.js";
import { type Finding, type RuleEngine, storedIssues } from "../rules/evaluate.js";
import { parseDegrees } from "../domain/degrees.js";
import { fold } from "../text/fold.js";
import { type CleaningNotes, cleanText, withoutSeparators } from "./clean-text.js";
import { FIELD_MAX_LENGTH as MAX, isCanonicalField, type SurveyRow } from "./fields.js";
import type { DuplicateIndex } from "./dedupe.js";
import type { UnitResolver } from "./resolve-units.js";
import { PENDING_CITIZEN_ID_HASH } from "./encoded-rows.js";

export type RejectReason =
  | "malformed"
  | "encoding"
  | "missing_external_id"
  | "unknown_kind"
  | "no_location"
  | "invalid_value"
  | "too_long"
  | "invalid_text"
  | "repeated_external_id"
  | "outside_provinces"
  | "locked"
  | "store_failed";

export type MappedRow =
  /**
   * `duplicateKey`: the hash of the row's "same number" key (DuplicateIndex.keyHash), 0 without a
   * number. `pendingCitizenId`: the citizen ID's digits when its hash is left to the writer (a null
   * `MapContext.piiKey`), else null.
   */
  | { ok: true; row: ImportRow; findings: Finding[]; complete: boolean; duplicateKey: number; pendingCitizenId: string | null }
  | { ok: false; reason: RejectReason; message: string };

export interface MapContext {
  resolver: UnitResolver;
  boundaries: Boundaries;
  rules: RuleEngine;
  /**
   * The key of the citizen-ID hash; null to leave the hash to whoever stores the row: the owner
   * then holds PENDING_CITIZEN_ID_HASH, a placeholder of the hash's length, and the mapped row the
   * digits (`pendingCitizenId`). The import does so because its parsing thread sets its pace and its
   * writer thread has time to spare (encoded-rows.ts fillCitizenIdHashes).
   */
  piiKey: Buffer | null;
  duplicates: DuplicateIndex;
  /**
   * False: leave the "same number as an earlier record" rule to whoever sees the rows in file order
   * (the import's writer, when several workers parse one file: see file-order-duplicates.ts); the
   * row's key hash is returned either way.
   */
  checkDuplicates?: boolean;
  /**
   * The new provinces this import may write (a surveyor's over the HTTP API); a row the importer
   * places elsewhere, by its units or its point, is rejected as `outside_provinces`. Absent: any.
   */
  provinces?: readonly string[] | null;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

// Text cleaning lives in clean-text.ts; these stay importable from here.
export { CleaningNotes, cleanText, needsCleaning, withoutSeparators } from "./clean-text.js";

/**
 * Cleans every canonical field of a raw row (extra columns: see extraOf); `notes` is reset and
 * then says whether the row can be stored as written. Written out field by field, in
 * CANONICAL_FIELDS order, so that the engine reads and builds each row with fixed property names
 * rather than 21 look-ups by computed name.
 */
export function cleanRow(raw: Record<string, unknown>, notes: CleaningNotes): SurveyRow {
  notes.reset();
  return {
    external_id: cleanText(raw.external_id, notes, "external_id", MAX.external_id),
    kind: cleanText(raw.kind, notes, "kind", MAX.kind),
    name: cleanText(raw.name, notes, "name", MAX.name),
    house_number: cleanText(raw.house_number, notes, "house_number", MAX.house_number),
    alley: cleanText(raw.alley, notes, "alley", MAX.alley),
    street: cleanText(raw.street, notes, "street", MAX.street),
    hamlet: cleanText(raw.hamlet, notes, "hamlet", MAX.hamlet),
    building: cleanText(raw.building, notes, "building", MAX.building),
    unit: cleanText(raw.unit, notes, "unit", MAX.unit),
    ward_code: cleanText(raw.ward_code, notes, "ward_code", MAX.ward_code),
    ward: cleanText(raw.ward, notes, "ward", MAX.ward),
    district_code: cleanText(raw.district_code, notes, "district_code", MAX.district_code),
    district: cleanText(raw.district, notes, "district", MAX.district),
    province_code: cleanText(raw.province_code, notes, "province_code", MAX.province_code),
    province: cleanText(raw.province, notes, "province", MAX.province),
    lat: cleanText(raw.lat, notes, "lat", MAX.lat),
    lon: cleanText(raw.lon, notes, "lon", MAX.lon),
    owner_name: cleanText(raw.owner_name, notes, "owner_name", MAX.owner_name),
    owner_phone: cleanText(raw.owner_phone, notes, "owner_phone", MAX.owner_phone),
    owner_email: cleanText(raw.owner_email, notes, "owner_email", MAX.owner_email),
    owner_citizen_id: cleanText(raw.owner_citizen_id, notes, "owner_citizen_id", MAX.owner_citizen_id),
  };
}

/**
 * A number a spreadsheet wrote in scientific notation ("9.12346E+08", "7,92031E+10"): a phone or
 * an ID typed into a number cell of a sheet whose column was too narrow. Its last digits are gone
 * and cannot be given back, unlike a dropped leading zero.
 */
const SCIENTIFIC_NOTATION = /^\d+(?:[.,]\d+)?\s*e\s*\+?\s*\d+$/i;

/** The owner fields written in scientific notation (owner.scientific_notation), comma-separated; null when none. */
function inScientificNotation(row: SurveyRow): string | null {
  const fields = (["owner_phone", "owner_citizen_id"] as const).filter((field) => SCIENTIFIC_NOTATION.test(row[field]));
  return fields.length === 0 ? null : fields.join(",");
}

/** Limits of the store's extra attributes (domain/record.ts normaliseExtra). */
const MAX_EXTRA = 50;
const MAX_EXTRA_NAME = 64;
const MAX_EXTRA_VALUE = 1000;

/**
 * The row's unknown columns, kept as extra attributes: name → cleaned text, sorted by name, empty
 * values left out; null when none. Beyond the store's limits, `notes` gets the refusal.
 */
export function extraOf(raw: Record<string, unknown>, notes: CleaningNotes): Record<string, string> | null {
  // No array for the usual row without extra columns.
  let names: string[] | null = null;
  for (const name in raw) {
    if (isCanonicalField(name)) continue;
    if (names === null) names = [];
    names.push(name);
  }
  if (names === null) return null;
  names.sort();
  const out: Record<string, string> = {};
  let n = 0;
  for (const name of names) {
    const value = raw[name];
    const text = cleanText(
      value !== null && typeof value === "object" ? JSON.stringify(value) : value,
      notes,
      `extra column "${name.slice(0, 80)}"`,
      MAX_EXTRA_VALUE,
    );
    if (text === "") continue;
    if (name.length > MAX_EXTRA_NAME || name.length < 1) {
      notes.refuse("invalid_value", `extra column name "${name.slice(0, 80)}" must have 1–${MAX_EXTRA_NAME} characters (tên cột phải có 1–${MAX_EXTRA_NAME} ký tự)`);
      return null;
    }
    if (++n > MAX_EXTRA) {
      notes.refuse("invalid_value", `more than ${MAX_EXTRA} extra columns (quá nhiều cột bổ sung)`);
      return null;
    }
    out[name] = text;
  }
  return n > 0 ? out : null;
}


function inRange(lat: number, lon: number): boolean {
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/**
 * Maps one cleaned row, with its extra attributes (extraOf) and what cleaning it found (cleanRow's
 * notes: a refusal rejects the row, removed pictographs become a warning finding).
 */
export function mapRow(
  row: SurveyRow,
  ctx: MapContext,
  extra: Record<string, string> | null = null,
  notes: CleaningNotes | null = null,
): MappedRow {
  if (notes?.refusal) return { ok: false, reason: notes.refusal.reason, message: notes.refusal.message };
  if (row.external_id === "")
    return { ok: false, reason: "missing_external_id", message: "external_id is empty (thiếu external_id)" };
  const kind = kindNamed(row.kind);
  if (kind === null)
    return {
      ok: false,
      reason: "unknown_kind",
      message: `unknown kind "${row.kind}": ${knownKinds().join(", ")}, or as written in Vietnamese (hộ gia đình, doanh nghiệp, hộ kinh doanh, tổ chức, cơ quan) (loại địa chỉ không hợp lệ)`,
    };

  // Point: given when both coordinates are; one that is written but not a decimal number refuses the row.
  const lat = row.lat === "" ? Number.NaN : parseDegrees(row.lat);
  if (row.lat !== "" && Number.isNaN(lat)) return notDegrees("lat", row.lat);
  const lon = row.lon === "" ? Number.NaN : parseDegrees(row.lon);
  if (row.lon !== "" && Number.isNaN(lon)) return notDegrees("lon", row.lon);
  const point = row.lat !== "" && row.lon !== "" ? { lat, lon } : null;
  const located = point && inRange(point.lat, point.lon) ? ctx.boundaries.locate(point.lat, point.lon) : null;
  const swapped =
    !!point &&
    !located &&
    inRange(point.lon, point.lat) &&
    ctx.boundaries.locate(point.lon, point.lat) !== null;

  // Declared units; the point decides between the targets of a split old ward.
  const declared = ctx.resolver.resolve(row);
  let commune: string | null = null;
  if (located && declared.communes.includes(located.code)) commune = located.code;
  else if (declared.communes.length > 0) commune = declared.communes[0];
  else if (located) commune = located.code;
  if (commune === null) {
    return {
      ok: false,
      reason: "no_location",
      message: `no resolvable unit and no point in Vietnam (không xác định được đơn vị hành chính và tọa độ): units "${[row.ward_code, row.ward, row.district, row.province].filter(Boolean).join(", ")}", point "${row.lat}, ${row.lon}"`,
    };
  }
  const province = ctx.boundaries.provinceOf(commune) ?? commune.slice(0, 0);
  if (ctx.provinces && !ctx.provinces.includes(province))
    return {
      ok: false,
      reason: "outside_provinces",
      message: `the row is in province ${province} (commune ${commune}), outside the provinces this import may write: ${ctx.provinces.join(", ")} (ngoài phạm vi tỉnh được phép)`,
    };
  let location: AddressData["location"];
  if (located) location = { lat: point!.lat, lon: point!.lon, accuracyM: null, source: "survey-phone" };
  else {
    const label = ctx.boundaries.labelPoint(commune);
    if (!label)
      return {
        ok: false,
        reason: "no_location",
        message: `commune ${commune} has no boundary to place the record`,
      };
    location = { lat: label.lat, lon: label.lon, accuracyM: null, source: "centroid" };
  }

  // Parts, set in the order normaliseParts gives them, so that equal parts serialise alike.
  const parts: AddressParts = {};
  let invalidHouseNumber: string | null = null;
  if (row.house_number !== "") {
    const parsed = parseHouseNumber(row.house_number);
    if (parsed) {
      if (parsed.form === "lot") parts.lot = parsed.normalised.replace(/^Lô /, "");
      else parts.houseNumber = parsed.normalised;
    } else invalidHouseNumber = row.house_number;
  }
  let street = row.street;
  if (row.alley !== "") {
    const alleys = parseAlleys(row.alley);
    if (alleys) parts.alleys = alleys;
    else street = street === "" ? row.alley : `${row.alley}, ${street}`;
  }
  if (street !== "") parts.street = street;
  if (row.hamlet !== "") parts.hamlet = parseHamlet(row.hamlet);
  if (row.building !== "") parts.building = row.building;
  if (row.unit !== "") parts.flat = row.unit;

  // Owner: the citizen ID itself is never stored, only its keyed hash.
  const owner: Owner = {};
  let hasOwner = false;
  if (row.owner_name !== "") {
    owner.name = row.owner_name;
    hasOwner = true;
  }
  // A spreadsheet stores a phone number or a citizen ID typed into a number cell as a number, and
  // drops its leading zeros: given back, and said so (owner.leading_zero), since no number of
  // those lengths is valid without them.
  const zerosRestored: string[] = [];
  let phone = row.owner_phone;
  if (phone !== "") {
    owner.phone = withoutSeparators(phone);
    const restored = phoneWithLeadingZero(owner.phone);
    if (restored !== null) {
      owner.phone = phone = restored;
      zerosRestored.push("owner_phone");
    }
    hasOwner = true;
  }
  if (row.owner_email !== "" && EMAIL.test(row.owner_email)) {
    owner.email = row.owner_email.toLowerCase();
    hasOwner = true;
  }
  let citizenId = row.owner_citizen_id;
  let idDigits = citizenIdDigits(citizenId);
  const paddedId = citizenIdWithLeadingZeros(idDigits);
  if (paddedId !== null) {
    idDigits = citizenId = paddedId;
    zerosRestored.push("owner_citizen_id");
  }
  let pendingCitizenId: string | null = null;
  if (isCitizenIdDigits(idDigits)) {
    if (ctx.piiKey === null) {
      owner.citizenIdHash = PENDING_CITIZEN_ID_HASH;
      pendingCitizenId = idDigits;
    } else owner.citizenIdHash = hashCitizenId(idDigits, ctx.piiKey);
    hasOwner = true;
  }

  const data: AddressData = {
    kind,
    name: row.name === "" ? null : row.name,
    parts,
    new: { province, commune },
    old: declared.old,
    location,
    owner: hasOwner ? owner : null,
  };
  if (extra) data.extra = extra;

  const facts: RecordFacts = {
    kind,
    name: data.name,
    parts: data.parts,
    invalidHouseNumber,
    pointGiven: point !== null,
    pointInVietnam: located !== null,
    pointSwapped: swapped,
    accuracyM: location.accuracyM,
    pointCommune: located?.code ?? null,
    declaredCommunes: declared.communes,
    unitProblem: declared.problem === "missing" && located ? null : declared.problem,
    phone,
    email: row.owner_email,
    citizenId,
    duplicate: false,
    pictographsRemoved: notes === null || notes.pictographs === "" ? null : notes.pictographs,
    leadingZerosRestored: zerosRestored.length === 0 ? null : zerosRestored.join(","),
    scientificNotation: inScientificNotation(row),
  };
  const duplicateKey = ctx.duplicates.keyHash(commune, data.parts);
  if (ctx.checkDuplicates !== false) facts.duplicate = ctx.duplicates.addHash(duplicateKey);
  const findings = ctx.rules.evaluate(facts);
  const issues = storedIssues(findings);
  return {
    ok: true,
    row: { externalId: row.external_id, data, issues },
    findings,
    complete: !hasError(findings),
    duplicateKey,
    pendingCitizenId,
  };
}

function notDegrees(field: "lat" | "lon", text: string): MappedRow {
  return {
    ok: false,
    reason: "invalid_value",
    message: `${field} "${text}" is not a decimal number of degrees such as 10.776543 (tọa độ phải là số thập phân)`,
  };
}

function hasError(findings: readonly Finding[]): boolean {
  for (const f of findings) if (f.severity === "error") return true;
  return false;
}

/** The key of "the same number in the same cell/street", or null when the record has no number. */
export function duplicateKey(commune: string, parts: AddressParts): string | null {
  if (!parts.houseNumber && !parts.lot && !parts.flat) return null;
  const alleys = parts.alleys?.map((a) => `${a.type}${a.number}`).join(",") ?? "";
  return `${commune}|${fold(parts.street ?? "")}|${parts.hamlet ? fold(`${parts.hamlet.type} ${parts.hamlet.name}`) : ""}|${alleys}|${parts.houseNumber ?? ""}|${parts.lot ?? ""}|${fold(parts.building ?? "")}|${parts.flat ?? ""}`;
}
