/**
 * The parser on new-structure and mixed text, one typing habit per row (new-structure-cases.ts).
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/new-structure-habits.js
 *   --seed N        another draw (default 2026, the one docs/parse-quality.md prints)
 *   --per-habit N   cases per habit (default 150)
 *   --failures H    also print the missed cases of the habits whose name starts with H
 */
import { createParser } from "../../src/parse/index.js";
import { loadRegistry } from "../../src/units/registry.js";
import { HABIT_CASES, HABIT_SEED, habitTable, measureHabits } from "./new-structure-cases.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(arg("--seed") ?? HABIT_SEED);
const perHabit = Number(arg("--per-habit") ?? HABIT_CASES);
const showFailures = arg("--failures");

const rows = measureHabits(loadRegistry(), createParser().parse, seed, perHabit);
console.log(habitTable(rows, `habit (seed ${seed}, ${perHabit} cases each)`));
if (showFailures)
  for (const r of rows)
    if (r.name.startsWith(showFailures)) for (const f of r.failures) console.log(`  ${f}`);
