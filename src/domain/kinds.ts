/**
 * What an address is the address of. The four kinds of the issue are built in; a deployment adds
 * its own (say "school" or "health-facility") with `registerAddressKind` at start-up, so the store
 * keeps kind as text rather than an enumerated column.
 */
import { fold } from "../text/fold.js";
import { ValidationError } from "./errors.js";

export const BUILT_IN_KINDS = ["household", "agency", "organisation", "business"] as const;
export type BuiltInKind = (typeof BUILT_IN_KINDS)[number];
/** A built-in kind or one registered at start-up: lowercase words joined by hyphens. */
export type AddressKind = BuiltInKind | (string & {});

const KIND_SYNTAX = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const kinds = new Set<string>(BUILT_IN_KINDS);

/** Adds a kind for this process (idempotent). Throws when the name is not lowercase-hyphenated. */
export function registerAddressKind(kind: string): void {
  if (!KIND_SYNTAX.test(kind) || kind.length > 32) {
    throw new ValidationError("kind", kind, "a kind is 1–32 lowercase letters, digits and hyphens", "loại địa chỉ chỉ gồm chữ thường, số và gạch nối");
  }
  kinds.add(kind);
}

export function isAddressKind(value: unknown): value is AddressKind {
  return typeof value === "string" && kinds.has(value);
}

/**
 * The built-in kinds as Vietnamese survey sheets write them (any case, with or without diacritics),
 * and the American spelling of organisation: a provincial team's file says "Hộ gia đình" or "Cơ quan",
 * not "household" or "agency".
 */
const WRITTEN_KINDS = new Map<string, BuiltInKind>([
  ...["ho gia dinh", "ho dan", "hgd", "nha o", "nha rieng"].map((w) => [w, "household"] as const),
  ...["doanh nghiep", "ho kinh doanh", "co so kinh doanh", "hkd", "cua hang", "cong ty"].map(
    (w) => [w, "business"] as const,
  ),
  ...["to chuc", "organization"].map((w) => [w, "organisation"] as const),
  ...["co quan", "co quan nha nuoc", "don vi su nghiep", "co quan hanh chinh"].map((w) => [w, "agency"] as const),
]);

/** The kind a survey file's `kind` value names: a known kind (any case) or its Vietnamese name; else null. */
export function kindNamed(written: string): AddressKind | null {
  if (written === "" || written === "household") return "household";
  const lower = written.toLowerCase();
  if (kinds.has(lower)) return lower;
  return WRITTEN_KINDS.get(fold(written)) ?? null;
}

export function knownKinds(): string[] {
  return [...kinds];
}

/** Kinds that are addresses of a named body: a record of these kinds needs a name to be complete. */
export function kindNeedsName(kind: AddressKind): boolean {
  return kind !== "household";
}
