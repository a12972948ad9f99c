/**
 * The address record: what the platform exists to keep. `AddressData` is the content a surveyor,
 * an importer or an owner writes; `AddressRecord` adds what the store manages (code, status,
 * version, provenance, completeness findings, timestamps).
 */
import { ValidationError } from "./errors.js";
import { type AddressKind, isAddressKind, knownKinds } from "./kinds.js";
import type { Status } from "./lifecycle.js";
import { type AddressParts, normaliseParts } from "./parts.js";

/** Where a location came from, best first; free text allowed for new sources. */
export type LocationSource = "survey-gnss" | "survey-phone" | "owner-phone" | "map" | "geocoded" | "centroid" | (string & {});

export interface Location {
  /** WGS84 degrees. */
  lat: number;
  lon: number;
  /** Estimated horizontal error in metres (95 %), null when unknown. */
  accuracyM: number | null;
  source: LocationSource;
}

/** The commune in the 34-province structure: authoritative for every record. */
export interface NewUnits {
  province: string;
  commune: string;
}

/** The 63-province ward/district/province when the survey recorded them (older surveys). */
export interface OldUnits {
  province: string;
  district: string;
  ward: string;
}

/**
 * The owner or manager. Personal data under Decree 13/2023: shown only on request, removable by
 * `erasePersonalData`. The citizen ID number is never stored, only its keyed hash (personal-data.ts).
 */
export interface Owner {
  name?: string;
  phone?: string;
  email?: string;
  /** `h1:` + base64url HMAC-SHA256 of the normalised ID number (see personal-data.ts). */
  citizenIdHash?: string;
}

export interface AddressData {
  kind: AddressKind;
  /** Building, agency or shop name; null for most households. */
  name: string | null;
  parts: AddressParts;
  new: NewUnits;
  old: OldUnits | null;
  location: Location;
  owner: Owner | null;
  /**
   * Attributes of the source that have no field of their own (an import's unknown columns):
   * name → text. Versioned and compared like the other content fields; absent or null when none.
   */
  extra?: Record<string, string> | null;
}

/** A completeness finding: which rule, in words a surveyor understands. */
export interface Issue {
  rule: string;
  message: string;
  /** "error" (default) blocks `complete`; a "warning" is reported but does not. */
  severity?: "error" | "warning";
}

/** The findings that stop a record from being complete (every one but warnings). */
export function blockingIssues(issues: readonly Issue[]): number {
  let n = 0;
  for (const issue of issues) if (issue.severity !== "warning") n++;
  return n;
}

export interface Provenance {
  /** Survey or import batch name, null for records created one by one. */
  batch: string | null;
  /** The row's id in the batch's source system; with `batch`, the key of idempotent re-imports. */
  externalId: string | null;
  surveyor: string | null;
}

export interface AddressRecord extends AddressData {
  /** The digital address code, with unit suffix when several addresses share a cell. */
  code: string;
  status: Status;
  /** 1 on creation, +1 on every revision. Updates carry the version they read. */
  version: number;
  provenance: Provenance;
  /** Completeness findings of the last check; empty when complete. Derived data, not versioned. */
  issues: Issue[];
  /** While `correction-requested`: the change asked for. */
  correction: unknown;
  /** When `retired` by a merge: the record that replaces this one. */
  successor: string | null;
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
  /** Set once the owner's personal data has been erased (Decree 13/2023). */
  personalDataErasedAt: string | null;
}

/**
 * The fields a revision can change, in the order diffs list them. `status`, `correction` and
 * `successor` change through transitions, the rest through updates and re-imports.
 */
export const VERSIONED_FIELDS = [
  "kind",
  "name",
  "parts",
  "new",
  "old",
  "location",
  "owner",
  "extra",
  "surveyor",
  "status",
  "correction",
  "successor",
] as const;
export type VersionedField = (typeof VERSIONED_FIELDS)[number];

/** A revision's change: field → [before, after]. Compact on disk and enough to undo (as-of reads). */
export type Changes = Partial<Record<VersionedField, [unknown, unknown]>>;

/** The content fields that `update` and re-imports compare. */
export const CONTENT_FIELDS = ["kind", "name", "parts", "new", "old", "location", "owner", "extra"] as const;

const VIETNAM_BOX = { south: 7.5, north: 23.5, west: 102, east: 117.9 };

function finite(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ValidationError(field, value, "must be a number", "phải là số");
  return value;
}

function code(field: string, value: unknown, digits: number): string {
  const s = typeof value === "number" ? String(value).padStart(digits, "0") : value;
  if (typeof s !== "string" || !new RegExp(`^\\d{${digits}}$`).test(s)) {
    throw new ValidationError(field, value, `must be a ${digits}-digit unit code`, `phải là mã ${digits} chữ số`);
  }
  return s;
}

function optionalText(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new ValidationError(field, value, "must be text", "phải là chuỗi ký tự");
  const s = value.normalize("NFC").trim();
  if (s.length > max) throw new ValidationError(field, value, `must be at most ${max} characters`, `tối đa ${max} ký tự`);
  return s === "" ? undefined : s;
}

/**
 * Validates untrusted content (API body, import row, CLI) and returns it normalised with keys in
 * a fixed order, so that equal content serialises to equal JSON and re-imports compare cheaply.
 * Unit codes are checked for shape here; `checkUnits` (format.ts) checks them against the registry.
 */
export function normaliseAddressData(input: unknown): AddressData {
  if (typeof input !== "object" || input === null) throw new ValidationError("record", input, "must be an object", "phải là một đối tượng");
  const raw = input as Record<string, unknown>;
  if (!isAddressKind(raw.kind)) {
    throw new ValidationError("kind", raw.kind, `must be one of ${knownKinds().join(", ")}`, "loại địa chỉ không hợp lệ");
  }
  const units = raw.new as Record<string, unknown> | undefined;
  if (typeof units !== "object" || units === null) throw new ValidationError("new", units, "must be {province, commune}", "thiếu tỉnh và xã/phường mới");
  const newUnits: NewUnits = { province: code("new.province", units.province, 2), commune: code("new.commune", units.commune, 5) };
  let old: OldUnits | null = null;
  if (raw.old !== undefined && raw.old !== null) {
    const o = raw.old as Record<string, unknown>;
    old = { province: code("old.province", o.province, 2), district: code("old.district", o.district, 3), ward: code("old.ward", o.ward, 5) };
  }
  const loc = raw.location as Record<string, unknown> | undefined;
  if (typeof loc !== "object" || loc === null) throw new ValidationError("location", loc, "must be {lat, lon, accuracyM, source}", "thiếu tọa độ");
  const lat = finite("location.lat", loc.lat);
  const lon = finite("location.lon", loc.lon);
  if (lat < VIETNAM_BOX.south || lat > VIETNAM_BOX.north || lon < VIETNAM_BOX.west || lon > VIETNAM_BOX.east) {
    throw new ValidationError("location", [lat, lon], "is outside Vietnam", "nằm ngoài Việt Nam");
  }
  const accuracyM = loc.accuracyM === undefined || loc.accuracyM === null ? null : finite("location.accuracyM", loc.accuracyM);
  if (accuracyM !== null && accuracyM < 0) throw new ValidationError("location.accuracyM", accuracyM, "must not be negative", "không được âm");
  const source = optionalText("location.source", loc.source, 40) ?? "survey-phone";
  let owner: Owner | null = null;
  if (raw.owner !== undefined && raw.owner !== null) {
    const o = raw.owner as Record<string, unknown>;
    if ("citizenId" in o) {
      throw new ValidationError("owner.citizenId", "…", "the ID number itself is never stored: pass citizenIdHash (hashCitizenId)", "không lưu số CCCD, chỉ lưu mã băm");
    }
    const built: Owner = {};
    const name = optionalText("owner.name", o.name, 200);
    if (name !== undefined) built.name = name;
    const phone = optionalText("owner.phone", o.phone, 30);
    if (phone !== undefined) built.phone = phone.replace(/[\s.-]/g, "");
    const email = optionalText("owner.email", o.email, 200);
    if (email !== undefined) {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new ValidationError("owner.email", email, "not an e-mail address", "không phải địa chỉ e-mail");
      built.email = email.toLowerCase();
    }
    const hash = optionalText("owner.citizenIdHash", o.citizenIdHash, 60);
    if (hash !== undefined) {
      if (!/^h1:[A-Za-z0-9_-]{43}$/.test(hash)) throw new ValidationError("owner.citizenIdHash", hash, "must be an h1: keyed hash", "phải là mã băm h1:");
      built.citizenIdHash = hash;
    }
    owner = Object.keys(built).length ? built : null;
  }
  const data: AddressData = {
    kind: raw.kind,
    name: optionalText("name", raw.name, 200) ?? null,
    parts: normaliseParts(raw.parts),
    new: newUnits,
    old,
    location: { lat, lon, accuracyM, source },
    owner,
  };
  const extra = normaliseExtra(raw.extra);
  if (extra) data.extra = extra;
  return data;
}

/** Extra attributes: at most 50, names of 1–64 characters, text values up to 1,000; sorted by name. */
function normaliseExtra(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw new ValidationError("extra", value, "must be an object of texts", "phải là đối tượng chuỗi");
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 50) throw new ValidationError("extra", `${entries.length} attributes`, "at most 50 attributes", "tối đa 50 thuộc tính");
  const out: Record<string, string> = {};
  for (const [name, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name.length < 1 || name.length > 64) throw new ValidationError("extra", name, "attribute names have 1–64 characters", "tên thuộc tính 1–64 ký tự");
    if (v === undefined || v === null || v === "") continue;
    const text = typeof v === "number" || typeof v === "boolean" ? String(v) : v;
    if (typeof text !== "string" || text.length > 1000) {
      throw new ValidationError(`extra.${name}`, v, "must be text of at most 1,000 characters", "phải là chuỗi tối đa 1.000 ký tự");
    }
    out[name] = text.normalize("NFC");
  }
  return Object.keys(out).length ? out : null;
}

/** Canonical JSON of a value (object keys sorted), so that equal content gives equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

/** The fields whose canonical JSON differ between two states, with [before, after]. */
export function diffFields(before: Partial<Record<VersionedField, unknown>>, after: Partial<Record<VersionedField, unknown>>, fields: readonly VersionedField[]): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (canonicalJson(a) !== canonicalJson(b)) changes[field] = [a, b];
  }
  return changes;
}
