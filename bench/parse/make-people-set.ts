/**
 * Builds the people-written evaluation sets from two lists labelled by hand:
 * - bench/parse/people-cases.ts: each record's OpenStreetMap address tags become one line of text by
 *   the fixed rule of `addressText`, its labels (unit names) become codes through the registry's
 *   hierarchy (never through the parser);
 * - test/fixtures/people-texts.jsonl: addresses taken verbatim from documents, map data and open
 *   repositories, each with its source, licence and labels as codes, checked against the registry.
 * Every 4th record of each list is held out. Statuses of unchanged cases are kept (eval.ts
 * rewrites them).
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/make-people-set.js
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadRegistry, type UnitRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";
import {
  type EvalCase,
  expectFromNew,
  expectFromOld,
  findUnitByName,
  keepStatuses,
  PEOPLE_HOLDOUT_PATH,
  PEOPLE_PATH,
  PEOPLE_TEXTS_PATH,
  writesType,
} from "./eval-case.js";
import { PEOPLE_RECORDS, type PeopleRecord } from "./people-cases.js";

/** Every HOLD_OUT_EVERY-th record (the 4th, 8th, …) goes to the held-out set. */
const HOLD_OUT_EVERY = 4;
/** The unit tags in the order an address names them, smallest first. */
const UNIT_TAGS = ["addr:subdistrict", "addr:district", "addr:city", "addr:province"];

/**
 * One line of text from the tags, each value verbatim: "house street" then the unit tags from the
 * smallest, joined by ", ", a value equal to the one before it dropped ("Hưng Yên, Hưng Yên" is
 * one city and province). A tag holding a whole address (a value with commas, as mappers paste
 * one into addr:street or addr:subdistrict) is the address: the house number is put before it
 * when it does not already start with it.
 */
export function addressText(tags: Record<string, string>): string {
  const house = tags["addr:housenumber"];
  const whole = Object.entries(tags)
    .filter(([key, value]) => key !== "addr:housenumber" && value.includes(","))
    .sort((a, b) => b[1].length - a[1].length)[0]?.[1];
  if (whole) return house && !whole.startsWith(house) ? `${house} ${whole}` : whole;
  const pieces: string[] = [];
  const street = tags["addr:street"];
  if (house || street) pieces.push([house, street].filter(Boolean).join(" "));
  for (const key of UNIT_TAGS) {
    const value = tags[key];
    if (value && value.toLowerCase() !== pieces.at(-1)?.toLowerCase()) pieces.push(value);
  }
  return pieces.join(", ");
}

const registry = loadRegistry();

function toCase(record: PeopleRecord, id: string): EvalCase {
  const [w, d, p] = record.old;
  const province = findUnitByName(registry, "old", "province", p);
  const district = d ? findUnitByName(registry, "old", "district", d, province.code) : null;
  const ward = w ? findUnitByName(registry, "old", "ward", w, district?.code ?? province.code) : null;
  const expect = expectFromOld(
    registry,
    { province, district: district ?? (ward ? registry.get("old", ward.districtCode!)! : null), ward },
    null,
  );
  const hasStreet = record.tags["addr:street"] !== undefined;
  return {
    id,
    input: addressText(record.tags),
    expect: { ...expect, house_number: record.house, street: record.street },
    tags: ["osm", "old", ward ? "ward" : "district-only", hasStreet ? "with-street" : "units-only"],
    status: "fail",
    note: `OpenStreetMap ${record.source}`,
  };
}

/**
 * One address of test/fixtures/people-texts.jsonl: the text verbatim, where it was taken from and
 * under which licence, and its labels as the text decides them. `structure` says which structure
 * the text is written in; the other structure's expected units follow from the registry's links
 * by the policy of eval-case.ts.
 */
export interface PeopleText {
  text: string;
  source: string;
  licence: string;
  /** Which kind of source: map data, a state document (not under copyright), an open repository. */
  kind: "osm" | "state-document" | "open-repository";
  structure: "old" | "new";
  old: { province: string; district: string | null; ward: string | null } | null;
  new: { province: string; commune: string | null } | null;
  house: string | null;
  street: string | null;
  written: string | null;
  why?: string;
}

/** A unit of the structure and level by code, checked to lie inside `parent` when one is given. */
function unitByCode(structure: "old" | "new", level: Unit["level"], code: string, parent: Unit | null): Unit {
  const unit = registry.get(structure, code);
  if (!unit || unit.level !== level) throw new Error(`no ${structure} ${level} with code ${code}`);
  const inside = parent && (parent.level === "province" ? unit.provinceCode : unit.districtCode) !== parent.code;
  if (inside) throw new Error(`${structure} ${level} ${code} (${unit.name}) is not inside ${parent.code} (${parent.name})`);
  return unit;
}

/** The expected units of a text record, from its labels through the registry. */
function expectOfText(registry: UnitRegistry, record: PeopleText): Pick<EvalCase["expect"], "old" | "new"> {
  if (record.structure === "old") {
    if (!record.old) throw new Error("structure old without old labels");
    return expectFromOld(registry, oldUnits(record.old), null);
  }
  if (!record.new) throw new Error("structure new without new labels");
  const province = unitByCode("new", "province", record.new.province, null);
  // A text in the new structure that also names the old commune it lies in ("…, xã Phú Ninh (Trụ
  // sở Xã Tam Dân cũ)") is labelled with that old commune too.
  const labelled = record.old ? oldUnits(record.old) : null;
  const old = labelled
    ? { province: labelled.province.code, district: labelled.district?.code ?? null, ward: labelled.ward?.code ?? null }
    : null;
  if (!record.new.commune) return { old, new: { province: province.code, ward: null } };
  const commune = unitByCode("new", "ward", record.new.commune, province);
  const expect = expectFromNew(registry, commune, null, writesType(record.text, commune));
  return old ? { ...expect, old } : expect;
}

/** Old labels given as codes, as units checked against the registry's hierarchy (a ward's district filled in). */
function oldUnits(labels: NonNullable<PeopleText["old"]>): { province: Unit; district: Unit | null; ward: Unit | null } {
  const province = unitByCode("old", "province", labels.province, null);
  const district = labels.district ? unitByCode("old", "district", labels.district, province) : null;
  const ward = labels.ward ? unitByCode("old", "ward", labels.ward, district ?? province) : null;
  return { province, district: district ?? (ward ? (registry.get("old", ward.districtCode!) ?? null) : null), ward };
}

function textCase(record: PeopleText, id: string): EvalCase {
  const level = record.structure === "old" ? (record.old?.ward ? "ward" : record.old?.district ? "district-only" : "province-only")
    : record.new?.commune ? "ward" : "province-only";
  return {
    id,
    input: record.text,
    expect: { ...expectOfText(registry, record), house_number: record.house, street: record.street },
    tags: [record.kind, record.structure, level, record.street || record.house ? "with-street" : "units-only"],
    status: "fail",
    note: `${record.source} (${record.licence})`,
  };
}

function readPeopleTexts(path: string): PeopleText[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line, i) => [line, i + 1] as const)
    .filter(([line]) => line.trim() !== "")
    .map(([line, n]) => {
      try {
        return JSON.parse(line) as PeopleText;
      } catch (error) {
        throw new Error(`${path}:${n}: ${(error as Error).message}`);
      }
    });
}

const errors: string[] = [];
const development: EvalCase[] = [];
const heldOut: EvalCase[] = [];
/** Each list's every HOLD_OUT_EVERY-th case goes to the held-out set. */
function split<T>(records: T[], toCase: (record: T, id: string) => EvalCase, prefix: string, name: (r: T) => string) {
  records.forEach((record, k) => {
    try {
      const c = toCase(record, `${prefix}-${String(k + 1).padStart(4, "0")}`);
      ((k + 1) % HOLD_OUT_EVERY === 0 ? heldOut : development).push(c);
    } catch (error) {
      errors.push(`${name(record)}: ${(error as Error).message}`);
    }
  });
}
split(PEOPLE_RECORDS, toCase, "osm", (r) => r.source);
split(readPeopleTexts(PEOPLE_TEXTS_PATH), textCase, "txt", (r) => `${r.text} (${r.source})`);
if (errors.length) throw new Error(errors.join("\n"));

function write(path: string, cases: EvalCase[]): void {
  keepStatuses(path, cases);
  writeFileSync(path, `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`);
}

write(PEOPLE_PATH, development);
write(PEOPLE_HOLDOUT_PATH, heldOut);
process.stdout.write(
  `wrote ${development.length} cases to ${PEOPLE_PATH} and ${heldOut.length} held out to ${PEOPLE_HOLDOUT_PATH}\n`,
);
