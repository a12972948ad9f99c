/**
 * What an address is the address of. The four kinds of the issue are built in; a deployment adds
 * its own (say "school" or "health-facility") with `registerAddressKind` at start-up, so the store
 * keeps kind as text rather than an enumerated column.
 */
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

export function knownKinds(): string[] {
  return [...kinds];
}

/** Kinds that are addresses of a named body: a record of these kinds needs a name to be complete. */
export function kindNeedsName(kind: AddressKind): boolean {
  return kind !== "household";
}
