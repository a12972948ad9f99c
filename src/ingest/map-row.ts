/**
 * One survey row → one import row for the store plus its completeness findings, or a rejection.
 * The stages, each a function: clean text → parse point → resolve declared units → choose the
 * commune (the point decides between split targets) → build parts and owner → facts → rules.
 *
 * A row is rejected (not stored) only when it cannot become a record at all: no external id, an
 * unknown kind, or nowhere to put it (no resolvable unit and no point in Vietnam). Everything else
 * is stored, incomplete rows with their findings.
 */
import type { Boundaries } from "../units/boundaries.js";
import { type AddressParts, type Alley, ALLEY_TYPES, HAMLET_TYPES, type Hamlet } from "../domain/parts.js";
import { parseHouseNumber } from "../domain/house-number.js";
import { isAddressKind } from "../domain/kinds.js";
import { hashCitizenId } from "../domain/personal-data.js";
import type { AddressData, Owner } from "../domain/record.js";
import type { ImportRow } from "../store/store.js";
import type { RecordFacts } from "../rules/facts.js";
import { type Finding, type RuleEngine, storedIssues } from "../rules/evaluate.js";
import { fold } from "../text/fold.js";
import { CANONICAL_FIELDS, isCanonicalField, type SurveyRow } from "./fields.js";
import type { DuplicateIndex } from "./dedupe.js";
import type { UnitResolver } from "./resolve-units.js";

export type RejectReason =
  | "malformed"
  | "missing_external_id"
  | "unknown_kind"
  | "no_location"
  | "invalid_value"
  | "locked"
  | "store_failed";

export type MappedRow =
  | { ok: true; row: ImportRow; findings: Finding[]; complete: boolean }
  | { ok: false; reason: RejectReason; message: string };

export interface MapContext {
  resolver: UnitResolver;
  boundaries: Boundaries;
  rules: RuleEngine;
  piiKey: Buffer;
  duplicates: DuplicateIndex;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// One test finds both kinds of work, so a clean field (the vast majority) costs one regex run.
const NEEDS_WORK = /^\s|\s$|\s\s|[\t\r\n\u00a0]|[\u0300-\u036f]/u;

/** Trims, collapses runs of whitespace and composes accents (NFC); cheap when nothing needs doing. */
export function cleanText(value: unknown): string {
  if (value === undefined || value === null) return "";
  const s = typeof value === "string" ? value : String(value);
  if (s === "" || !NEEDS_WORK.test(s)) return s;
  return s.normalize("NFC").replace(/\s+/g, " ").trim();
}

/** Cleans every canonical field of a raw row (extra columns are left as they are: see extraOf). */
export function cleanRow(raw: Record<string, unknown>): SurveyRow {
  const row = {} as SurveyRow;
  for (const field of CANONICAL_FIELDS) row[field] = cleanText(raw[field]);
  return row;
}

/** Limits of the store's extra attributes (domain/record.ts normaliseExtra). */
const MAX_EXTRA = 50;
const MAX_EXTRA_NAME = 64;
const MAX_EXTRA_VALUE = 1000;

/**
 * The row's unknown columns, kept as extra attributes: name → cleaned text, sorted by name, empty
 * values left out; null when none. A string when they break the store's limits (the row is rejected).
 */
export function extraOf(raw: Record<string, unknown>): Record<string, string> | null | string {
  const names: string[] = [];
  for (const name in raw) if (!isCanonicalField(name)) names.push(name);
  if (names.length === 0) return null;
  names.sort();
  const out: Record<string, string> = {};
  let n = 0;
  for (const name of names) {
    const value = raw[name];
    const text = value !== null && typeof value === "object" ? JSON.stringify(value) : cleanText(value);
    if (text === "") continue;
    if (name.length > MAX_EXTRA_NAME || name.length < 1)
      return `extra column name "${name.slice(0, 80)}" must have 1–${MAX_EXTRA_NAME} characters`;
    if (text.length > MAX_EXTRA_VALUE)
      return `extra column "${name}" holds ${text.length} characters, at most ${MAX_EXTRA_VALUE}`;
    if (++n > MAX_EXTRA) return `more than ${MAX_EXTRA} extra columns`;
    out[name] = text;
  }
  return n > 0 ? out : null;
}

const ALLEY_PATTERN = new RegExp(`(${ALLEY_TYPES.join("|")})\\s*([0-9][0-9A-Za-z/]*)`, "giu");
const HAMLET_BY_LENGTH = [...HAMLET_TYPES].sort((a, b) => b.length - a.length);

/** "ngõ 10 ngách 2" → [{ngõ,10},{ngách,2}]; null when the text is not an alley chain. */
export function parseAlleys(text: string): Alley[] | null {
  const alleys: Alley[] = [];
  let consumed = 0;
  for (const m of text.matchAll(ALLEY_PATTERN)) {
    const number = parseHouseNumber(m[2]);
    if (!number) return null;
    alleys.push({ type: m[1].toLowerCase() as Alley["type"], number: number.normalised });
    consumed += m[0].length;
  }
  return alleys.length > 0 && consumed >= text.replace(/\s/g, "").length * 0.6 ? alleys : null;
}

/** "Thôn Đông" → {thôn, Đông}; a hamlet without a known type word becomes {khu, text}. */
export function parseHamlet(text: string): Hamlet {
  const lower = text.toLowerCase();
  for (const type of HAMLET_BY_LENGTH) {
    if (lower.startsWith(`${type} `) && text.length > type.length + 1)
      return { type, name: text.slice(type.length + 1) };
  }
  return { type: "khu", name: text };
}

function parsePoint(latText: string, lonText: string): { lat: number; lon: number } | null {
  if (latText === "" || lonText === "") return null;
  const lat = Number(latText.replace(",", "."));
  const lon = Number(lonText.replace(",", "."));
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : null;
  }
  return { lat, lon };
}

function inRange(p: { lat: number; lon: number }): boolean {
  return Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
}

/** Maps one cleaned row, with its extra attributes (extraOf). */
export function mapRow(
  row: SurveyRow,
  ctx: MapContext,
  extra: Record<string, string> | null | string = null,
): MappedRow {
  if (typeof extra === "string")
    return { ok: false, reason: "invalid_value", message: `${extra} (thuộc tính bổ sung không hợp lệ)` };
  if (row.external_id === "")
    return { ok: false, reason: "missing_external_id", message: "external_id is empty (thiếu external_id)" };
  const kind = row.kind === "" ? "household" : row.kind.toLowerCase();
  if (!isAddressKind(kind))
    return {
      ok: false,
      reason: "unknown_kind",
      message: `unknown kind "${row.kind}" (loại địa chỉ không hợp lệ)`,
    };

  // Point.
  const point = parsePoint(row.lat, row.lon);
  const located = point && inRange(point) ? ctx.boundaries.locate(point.lat, point.lon) : null;
  const swapped =
    !!point &&
    !located &&
    inRange({ lat: point.lon, lon: point.lat }) &&
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

  // Parts.
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
  if (row.owner_name !== "") owner.name = row.owner_name;
  if (row.owner_phone !== "") owner.phone = row.owner_phone.replace(/[\s.-]/g, "");
  if (row.owner_email !== "" && EMAIL.test(row.owner_email)) owner.email = row.owner_email.toLowerCase();
  const idDigits = row.owner_citizen_id.replace(/[\s.-]/g, "");
  if (/^(\d{12}|\d{9})$/.test(idDigits)) owner.citizenIdHash = hashCitizenId(idDigits, ctx.piiKey);

  const data: AddressData = {
    kind,
    name: row.name === "" ? null : row.name,
    parts: orderParts(parts),
    new: { province, commune },
    old: declared.old,
    location,
    owner: Object.keys(owner).length > 0 ? owner : null,
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
    pointCommune: located?.code ?? null,
    declaredCommunes: declared.communes,
    unitProblem: declared.problem === "missing" && located ? null : declared.problem,
    phone: row.owner_phone,
    email: row.owner_email,
    citizenId: row.owner_citizen_id,
    duplicate: ctx.duplicates.seen(commune, data.parts),
  };
  const findings = ctx.rules.evaluate(facts);
  const issues = storedIssues(findings);
  return {
    ok: true,
    row: { externalId: row.external_id, data, issues },
    findings,
    complete: !findings.some((f) => f.severity === "error"),
  };
}

/** Parts with keys in the order normaliseParts gives them, so equal parts serialise alike. */
function orderParts(p: AddressParts): AddressParts {
  const out: AddressParts = {};
  if (p.houseNumber !== undefined) out.houseNumber = p.houseNumber;
  if (p.lot !== undefined) out.lot = p.lot;
  if (p.alleys !== undefined) out.alleys = p.alleys;
  if (p.street !== undefined) out.street = p.street;
  if (p.hamlet !== undefined) out.hamlet = p.hamlet;
  if (p.building !== undefined) out.building = p.building;
  if (p.floor !== undefined) out.floor = p.floor;
  if (p.flat !== undefined) out.flat = p.flat;
  return out;
}

/** The key of "the same number in the same cell/street", or null when the record has no number. */
export function duplicateKey(commune: string, parts: AddressParts): string | null {
  if (!parts.houseNumber && !parts.lot && !parts.flat) return null;
  const alleys = parts.alleys?.map((a) => `${a.type}${a.number}`).join(",") ?? "";
  return `${commune}|${fold(parts.street ?? "")}|${parts.hamlet ? fold(`${parts.hamlet.type} ${parts.hamlet.name}`) : ""}|${alleys}|${parts.houseNumber ?? ""}|${parts.lot ?? ""}|${fold(parts.building ?? "")}|${parts.flat ?? ""}`;
}
