/**
 * The named checks the rule definitions (ruleset.ts) refer to. A check gets the record's facts and
 * the rule's parameters and returns null when the record passes, or the offending value (a string,
 * put into the message's `{value}`) when it does not.
 */
import type { RecordFacts } from "./facts.js";
import { cccdBirthplaces } from "../domain/citizen-id.js";
import { citizenIdDigits } from "../domain/personal-data.js";

export type Check = (facts: RecordFacts, params: Record<string, unknown>) => string | null;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Strips what people put between digits: spaces, dots, hyphens, brackets. */
export function phoneDigits(phone: string): string {
  return phone.replace(/[\s.\-()]/g, "");
}

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source);
    compiled.set(source, re);
  }
  return re;
}

const birthplaceSets = new WeakMap<object, Set<string>>();

/** True when the record has one of the parts of the group ("name" is the record's name). */
function hasAnyPart(f: RecordFacts, group: readonly string[]): boolean {
  const parts = f.parts as Record<string, unknown>;
  for (const part of group) if (part === "name" ? !!f.name : parts[part] !== undefined) return true;
  return false;
}

export const CHECKS: Readonly<Record<string, Check>> = {
  pointGiven: (f) => (f.pointGiven ? null : ""),
  pointInVietnam: (f) =>
    !f.pointGiven || f.pointInVietnam ? null : f.pointSwapped ? "(lat/lon swapped?)" : "",
  accuracyWithin: (f, params) =>
    f.accuracyM !== null && f.accuracyM > (params.maxMetres as number) ? String(f.accuracyM) : null,
  pointInDeclaredCommune: (f) =>
    f.pointCommune === null || f.declaredCommunes.length === 0 || f.declaredCommunes.includes(f.pointCommune)
      ? null
      : f.pointCommune,
  unitsKnown: (f) =>
    f.unitProblem === "unknown-code" || f.unitProblem === "unresolved-name" || f.unitProblem === "missing"
      ? f.unitProblem
      : null,
  unitsCurrent: (f) => (f.unitProblem === "retired-code" ? "" : null),
  requiredParts: (f, params) => {
    const groups = (params[f.kind] ?? params.household) as string[][];
    for (const group of groups) if (!hasAnyPart(f, group)) return group.join("|");
    return null;
  },
  houseNumberSyntax: (f) => f.invalidHouseNumber,
  contactPresent: (f) => (f.phone !== "" || f.email !== "" ? null : ""),
  phoneValid: (f, params) => {
    if (f.phone === "") return null;
    const digits = phoneDigits(f.phone);
    for (const pattern of params.patterns as string[]) if (regex(pattern).test(digits)) return null;
    return f.phone;
  },
  emailValid: (f) => (f.email === "" || EMAIL.test(f.email) ? null : f.email),
  citizenIdValid: (f, params) => {
    if (!f.citizenId) return null;
    const digits = citizenIdDigits(f.citizenId);
    let places = birthplaceSets.get(params);
    if (!places) {
      places = new Set((params.birthplaces as string[] | undefined) ?? cccdBirthplaces());
      birthplaceSets.set(params, places);
    }
    return regex(params.pattern as string).test(digits) && places.has(digits.slice(0, 3)) ? null : "(hidden)";
  },
  notDuplicate: (f) => (f.duplicate ? "" : null),
  textAsWritten: (f) => f.pictographsRemoved,
  leadingZerosKept: (f) => f.leadingZerosRestored,
  writtenInFull: (f) => f.scientificNotation,
};
