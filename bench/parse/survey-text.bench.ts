/**
 * The parser on survey rows written out as one line, the way a batch geocoding file or a checkout
 * carries them: "<house> <alley> <street>, <hamlet>, <ward>, <district>, <province>" with the
 * units as the surveyors wrote them (abbreviated, without diacritics, numbered wards as bare
 * numbers, spaces doubled) and every part that the row leaves empty left out. Rows come from the
 * synthetic national survey (`diachiso generate`: same generator, same seed, same rows).
 *
 * Two figures:
 * - rows that write a ward: the ward comes back (the old one when the row gives its district,
 *   else the new commune), by the code the generator recorded;
 * - rows that write no unit at all (a street, a hamlet, a house number): the share that comes
 *   back with a unit anyway, which the text does not say (an invented unit).
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/parse/survey-text.bench.js [--rows N] [--seed N] [--failures K] [--dist DIR]
 * `--dist` parses with another build (a worktree's dist) over the same rows, for before/after;
 * `--failures K` prints K missed rows of each kind.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SurveyGenerator } from "../../src/generate/generator.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { surveyRowAsLine, writesNoUnit } from "../../src/testing/survey-lines.js";
import { loadBoundaries } from "../../src/units/boundaries.js";
import { loadRegistry } from "../../src/units/registry.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const count = Number(arg("--rows") ?? 40_000);
const seed = Number(arg("--seed") ?? 30);
const showFailures = Number(arg("--failures") ?? 0);
const dist = resolve(arg("--dist") ?? "dist");

const { createParser } = await import(pathToFileURL(`${dist}/src/parse/index.js`).href);
const { loadRegistry: loadOwnRegistry } = await import(pathToFileURL(`${dist}/src/units/registry.js`).href);
const parse: (text: string) => ParsedAddress = createParser(loadOwnRegistry()).parse;

const generator = new SurveyGenerator(loadRegistry(), loadBoundaries(), { count, seed });
const wards = { cases: 0, right: 0, none: 0, failures: [] as string[] };
const bare = { cases: 0, invented: 0, failures: [] as string[] };
for (const row of generator.rows()) {
  const text = surveyRowAsLine(row);
  if (writesNoUnit(row)) {
    bare.cases++;
    const r = parse(text);
    const unit = r.old?.ward ?? r.new?.ward ?? r.old?.district ?? r.old?.province ?? r.new?.province ?? null;
    if (unit !== null) {
      bare.invented++;
      if (bare.failures.length < showFailures) bare.failures.push(`${text}  →  ${unit.full_name} (${r.confidence})`);
    }
    continue;
  }
  if (row.ward === "" || row.ward_code === "") continue;
  const old = row.district_code !== "";
  const r = parse(text);
  const got = (old ? r.old?.ward : r.new?.ward) ?? null;
  wards.cases++;
  if (got?.code === row.ward_code) wards.right++;
  else {
    if (got === null) wards.none++;
    if (wards.failures.length < showFailures)
      wards.failures.push(`${text}  →  ${got ? got.full_name : "—"} (${r.confidence}); want ${old ? "old" : "new"} ${row.ward_code}`);
  }
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)} %`;
console.log(`\nSurvey rows as one line, ${count.toLocaleString("en")} rows of seed ${seed}, parser ${dist}\n`);
console.log("| rows | cases | figure |");
console.log("|---|---:|---:|");
console.log(`| writing a ward: ward right | ${wards.cases.toLocaleString("en")} | ${pct(wards.right, wards.cases)} (none: ${wards.none}) |`);
console.log(`| writing no unit: given a unit anyway | ${bare.cases.toLocaleString("en")} | ${pct(bare.invented, bare.cases)} |`);
for (const f of wards.failures) console.log(`  ward: ${f}`);
for (const f of bare.failures) console.log(`  invented: ${f}`);
