/**
 * Former wards as people still write them: every ward of the registry's former units that has
 * exactly one successor, written four ways (full, abbreviated without the province, after a
 * street, without commas), and how often the parser answers the successor as the old ward.
 * The texts are made from the registry, not tuned on: each form is one fixed template.
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/parse/former-wards.bench.js [--dist DIR] [--failures FORM]
 */
import { loadRegistry } from "../../src/units/registry.js";
import { buildParser } from "./build-parser.js";
import type { FormerUnit } from "../../src/units/former-units.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const showFailures = arg("--failures");

const ABBREVIATION: Record<string, string> = { Phường: "P.", Xã: "X.", "Thị trấn": "TT." };

const FORMS: [string, (f: FormerUnit, name: string, type: string) => string][] = [
  ["Phường X, District, Province", (f) => `${f.fullName}, ${f.parent!.name}, ${f.province!.name}`],
  ["P. X, District", (f, name, type) => `${ABBREVIATION[type] ?? ""} ${name}, ${f.parent!.name}`],
  ["12 Lê Lợi, X, Quận District", (f, name) => `12 Lê Lợi, ${name}, ${f.parent!.fullName}`],
  ["X District Province (no commas)", (f, name) => `${name} ${f.parent!.name} ${f.province!.name}`],
  // Alone after a hamlet, nothing placing it: read only where no current ward and no other former
  // ward of that type has its name, so most of these are rightly left unread.
  ["Tổ 5, Phường X (alone)", (f) => `Tổ 5, ${f.fullName}`],
];

const { dist, parser } = await buildParser();
const registry = loadRegistry();

const wards = registry.formerUnits
  .all()
  .filter((f) => f.row.level === "ward" && f.successors.length === 1 && f.parent !== null && f.province !== null);

console.log(`\nFormer wards with one successor: ${wards.length}, parser ${dist}\n`);
console.log("| written as | successor read as the old ward |");
console.log("|---|---:|");
for (const [form, write] of FORMS) {
  let right = 0;
  const failures: string[] = [];
  for (const f of wards) {
    const type = Object.keys(ABBREVIATION).find((t) => f.fullName.startsWith(`${t} `)) ?? "";
    const text = write(f, f.fullName.slice(type.length).trim(), type);
    const got = parser.parse(text).old?.ward;
    if (got?.code === f.successors[0].code) right++;
    else failures.push(`${text}  →  ${got?.full_name ?? "—"}; want ${f.successors[0].fullName}`);
  }
  console.log(`| ${form} | ${right} of ${wards.length} (${((100 * right) / wards.length).toFixed(1)} %) |`);
  if (showFailures && form.startsWith(showFailures)) for (const line of failures) console.error(`  ${line}`);
}
