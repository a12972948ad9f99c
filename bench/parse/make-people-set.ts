/**
 * Builds the people-written evaluation sets from bench/parse/people-cases.ts: each record's
 * OpenStreetMap address tags become one line of text by the fixed rule of `addressText`, its
 * hand-written labels become codes through the registry's hierarchy (never through the parser),
 * and every 4th record of the list is held out. Statuses of unchanged cases are kept (eval.ts
 * rewrites them).
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/make-people-set.js
 */
import { writeFileSync } from "node:fs";
import { loadRegistry } from "../../src/units/registry.js";
import { type EvalCase, expectFromOld, findUnitByName, keepStatuses, PEOPLE_HOLDOUT_PATH, PEOPLE_PATH } from "./eval-case.js";
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

const errors: string[] = [];
const development: EvalCase[] = [];
const heldOut: EvalCase[] = [];
PEOPLE_RECORDS.forEach((record, k) => {
  try {
    const c = toCase(record, `osm-${String(k + 1).padStart(4, "0")}`);
    ((k + 1) % HOLD_OUT_EVERY === 0 ? heldOut : development).push(c);
  } catch (error) {
    errors.push(`${record.source}: ${(error as Error).message}`);
  }
});
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
