/**
 * The parser's quality report: runs every case of the evaluation sets through the parser, prints
 * exact-match accuracy of the units (old: province, district, ward; new: province, ward), token F1
 * of house number and street, invented parts and accuracy by confidence band, overall and per tag,
 * each beside the baseline (the parser when issue 13 began, bench/parse/eval-baseline.json);
 * rewrites each case's verdict (status) in the fixtures and writes docs/parse-quality.md.
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/eval.js
 * Another set, table only:       node dist/bench/parse/eval.js --set FILE
 * Only with the parser of the baseline (never on a branch that changes the parser):
 *                                node dist/bench/parse/eval.js --write-baseline
 *
 * src/parse/eval.test.ts fails CI when a case committed as "pass" fails; after a change that
 * improves the parser, run this script and commit the rewritten statuses (and raise the floors
 * there to the new figures).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  accuracyByConfidence,
  type CaseOutcome,
  type EvalCase,
  evaluate,
  METRICS,
  metric,
  readEvalSet,
  type Tally,
} from "../../src/parse/evaluate.js";
import { createParser } from "../../src/parse/index.js";
import { loadRegistry } from "../../src/units/registry.js";
import { EVAL_SET_PATH, HOLDOUT_PATH, PEOPLE_HOLDOUT_PATH, PEOPLE_PATH } from "./eval-case.js";
import { HABIT_CASES, HABIT_SEED, habitTable, measureHabits } from "./new-structure-cases.js";

const REPORT_PATH = "docs/parse-quality.md";
const BASELINE_PATH = "bench/parse/eval-baseline.json";
/** Tags reported as rows, in this order; the others follow alphabetically. */
const MAIN_TAGS = ["clean", "noisy", "old", "new", "mixed", "hand", "urban", "rural"];

const parser = createParser();

/** The figures of one row: cases, pass %, right %, invented, then the metrics (fractions or null). */
type Figures = (number | null)[];
/** Baseline figures by set, then row label ("all", a tag, or "band ≥ 0.95"). */
type Baseline = Record<string, Record<string, Figures>>;

const baseline: Baseline = existsSync(BASELINE_PATH) ? JSON.parse(readFileSync(BASELINE_PATH, "utf8")) : {};
const measured: Baseline = {};

function pct(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)}`;
}

function figures(t: Tally): Figures {
  return [t.cases, t.passed / t.cases, t.right / t.cases, t.invented, ...METRICS.map((m) => metric(t, m))];
}

/** "now (baseline)" for every figure of a row; counts as integers, shares as percentages. */
function cells(now: Figures, before: Figures | undefined): string[] {
  const show = (v: number | null, k: number) => (v === null ? "—" : k === 0 || k === 3 ? String(v) : pct(v));
  return now.map((v, k) => `${show(v, k)} (${before ? show(before[k], k) : "—"})`);
}

const HEADER = `| set | cases | pass % | right % | invented | ${METRICS.join(" | ")} |\n|---|${["", "", "", "", ...METRICS].map(() => "---:").join("|")}|`;

interface SetReport {
  table: string;
  bands: string;
  cases: EvalCase[];
  overall: Tally;
  byTag: Map<string, Tally>;
  outcomes: Map<string, CaseOutcome>;
}

/** Evaluates a set: its tables (overall, then per tag; by confidence band) and the cases with fresh statuses. */
function run(key: string, path: string, onlyTags?: string[]): SetReport {
  const cases = readEvalSet(path);
  const { overall, byTag, statuses, outcomes } = evaluate(cases, parser.parse);
  const tags = onlyTags ?? [
    ...MAIN_TAGS.filter((t) => byTag.has(t)),
    ...[...byTag.keys()].filter((t) => !MAIN_TAGS.includes(t)).sort(),
  ];
  const before = baseline[key] ?? {};
  const now: Record<string, Figures> = { all: figures(overall) };
  const rows = [`| **all** | ${cells(now.all, before.all).join(" | ")} |`];
  for (const tag of tags.filter((t) => byTag.has(t))) {
    now[tag] = figures(byTag.get(tag)!);
    rows.push(`| ${tag} | ${cells(now[tag], before[tag]).join(" | ")} |`);
  }
  const bandRows = ["| confidence | cases | right % |", "|---|---:|---:|"];
  for (const b of accuracyByConfidence(outcomes.values())) {
    const label = `band ${b.band}`;
    now[label] = [b.cases, b.cases === 0 ? null : b.right / b.cases];
    const was = before[label];
    bandRows.push(
      `| ${b.band} | ${b.cases} (${was ? was[0] : "—"}) | ${pct(now[label][1])} (${was ? pct(was[1]) : "—"}) |`,
    );
  }
  measured[key] = now;
  for (const c of cases) c.status = statuses.get(c.id)!;
  return { table: [HEADER, ...rows].join("\n"), bands: bandRows.join("\n"), cases, overall, byTag, outcomes };
}

function save(path: string, cases: EvalCase[]): void {
  writeFileSync(path, `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`);
}

const argSet = process.argv.indexOf("--set");
if (argSet > 0) {
  const r = run("other", process.argv[argSet + 1]);
  process.stdout.write(`${r.table}\n\n${r.bands}\n`);
  process.exit(0);
}

const SPLIT_TAGS = ["clean", "noisy", "old", "new", "mixed"];
const PEOPLE_TAGS = [
  "osm",
  "state-document",
  "open-repository",
  "old",
  "new",
  "ward",
  "district-only",
  "province-only",
  "with-street",
  "units-only",
];
const main = run("main", EVAL_SET_PATH);
const holdout = run("holdout", HOLDOUT_PATH, SPLIT_TAGS);
const people = run("people", PEOPLE_PATH, PEOPLE_TAGS);
const peopleHoldout = run("people-holdout", PEOPLE_HOLDOUT_PATH, PEOPLE_TAGS);
save(EVAL_SET_PATH, main.cases);
save(HOLDOUT_PATH, holdout.cases);
save(PEOPLE_PATH, people.cases);
save(PEOPLE_HOLDOUT_PATH, peopleHoldout.cases);
if (process.argv.includes("--write-baseline")) writeFileSync(BASELINE_PATH, `${JSON.stringify(measured, null, 1)}\n`);
process.stdout.write(
  `${main.table}\n\nheld-out set (${HOLDOUT_PATH}):\n${holdout.table}\n\npeople-written (${PEOPLE_PATH}):\n${people.table}\n\npeople-written held-out (${PEOPLE_HOLDOUT_PATH}):\n${peopleHoldout.table}\n`,
);

const habits = habitTable(
  measureHabits(loadRegistry(), parser.parse, HABIT_SEED, HABIT_CASES),
  `habit (seed ${HABIT_SEED}, ${HABIT_CASES} cases each)`,
);
process.stdout.write(`\nnew-structure and mixed text by habit:\n${habits}\n`);

const hand = main.byTag.get("hand")?.cases ?? 0;
const failures = main.cases.filter((c) => c.status === "fail");
const holdoutFailures = holdout.cases.filter((c) => c.status === "fail");
const peopleFailures = people.cases.filter((c) => c.status === "fail");
const list = (cases: EvalCase[], outcomes: Map<string, CaseOutcome>) =>
  cases
    .map((c) => {
      const invented = outcomes.get(c.id)?.invented ?? [];
      const why = invented.length ? ` (invented: ${invented.join(", ")})` : "";
      return `- \`${c.id}\` ${c.input.replace(/\|/g, "\\|")} — ${c.note || c.tags.join(", ")}${why}`;
    })
    .join("\n");

/** Mean confidence of passing and failing cases, and of the cases with a typo in a unit name. */
function confidenceLine(cases: EvalCase[], outcomes: Map<string, CaseOutcome>): string {
  const mean = (xs: number[]) => (xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2) : "—");
  const pass: number[] = [];
  const fail: number[] = [];
  const typo: number[] = [];
  for (const c of cases) {
    const { confidence } = outcomes.get(c.id)!;
    (c.status === "pass" ? pass : fail).push(confidence);
    if (c.tags.includes("typo")) typo.push(confidence);
  }
  return `mean ${mean(pass)} on the ${pass.length} passing cases, ${mean(fail)} on the ${fail.length} failing ones, ${mean(typo)} on the ${typo.length} cases tagged \`typo\``;
}

const report = `# Parser quality

Generated by \`bench/parse/eval.ts\` from four evaluation sets. Every figure is printed as **now (baseline)**: the
baseline is the parser when issue 13 began (\`${BASELINE_PATH}\`, written once with \`--write-baseline\`).

- \`${EVAL_SET_PATH}\` (${main.cases.length} cases: ${main.cases.length - hand} generated by the seeded
  \`bench/parse/make-eval-set.ts\` from the registry with realistic templates and noise transforms, ${hand}
  hand-written in \`bench/parse/hand-cases.ts\`). Every one of the 63 old and 34 new provinces appears. A case is
  \`noisy\` when any noise transform was applied (no diacritics, abbreviated or dropped type words, NFD, typos,
  missing commas, punctuation damage, reversed order, case, tone placement, aliases).
- \`${HOLDOUT_PATH}\` (${holdout.cases.length} cases): the same templates from another seed.
- \`${PEOPLE_PATH}\` (${people.cases.length} cases) and \`${PEOPLE_HOLDOUT_PATH}\` (${peopleHoldout.cases.length}
  cases): addresses **written by people, not by our templates**, each labelled by hand against the registry
  (never from the parser), sources and licences in \`test/fixtures/PROVENANCE.md\`: the address tags of
  hospitals, health stations and restaurants as OpenStreetMap mappers typed them (\`osm\`; the tags of
  \`bench/parse/people-cases.ts\` joined into one line by the fixed rule of \`bench/parse/make-people-set.ts\`,
  and whole addresses of \`test/fixtures/people-texts.jsonl\`), addresses in state documents (\`state-document\`:
  communes' offices after July 2025, auction notices, sanction decisions, procedures' pages; not under copyright,
  Article 15 of the Law on Intellectual Property) and in repositories under an open licence (\`open-repository\`),
  verbatim; \`old\` and \`new\` say which structure the text is written in. Every 4th case of each list is held
  out. The baseline of these two sets is the previous stop's parser (built at e78d090; its last parser commit,
  bc41921, changes only a label's reading), measured on them as they stand.

Reproduce:

\`\`\`sh
npx tsc -p . && node dist/bench/parse/make-eval-set.js   # regenerate the cases (see below)
node dist/bench/parse/make-people-set.js                 # the people-written sets from bench/parse/people-cases.ts
node dist/bench/parse/eval.js                            # this report; rewrites each case's status (its verdict)
\`\`\`

The committed generated cases were drawn before the seeded generator moved to \`src/common/random.ts\` (issue 12):
from the same seed it now draws other addresses, so they are kept as committed for comparability, and the hand
cases are appended from \`bench/parse/hand-cases.ts\` with their expected values computed by the same code.

Units are exact-match accuracy (%) of the code, \`null\` included: where the conversion policy says the text does
not decide (an old ward split between several new communes none of which took its code or its name, a new commune
formed from several old wards none of which has its name), the expected value is \`null\` and a parser that guesses
is counted wrong; where one of them has the other's name (or, for a split ward, its code), that one is expected, as
the likelier one (issue 13). The policy is written out in
\`bench/parse/eval-case.ts\`. \`house_number\` and \`street\` are token F1 (%) over folded tokens. A house number or
street expected \`null\` is one the text does not have: printing one is an **invented** part (a street made of a
landmark phrase or of a unit's words, a house number made of a ward's number), and the case fails. \`right %\`
counts cases whose units all match and that invent nothing; \`pass %\` also asks the labelled house number and
street to match exactly.

## Verdicts CI holds

\`src/parse/eval.test.ts\` runs the parser over every set and fails when a case committed with \`"status": "pass"\`
fails now (it names the cases), and when a set's pass or right share falls under its floor (set at the measured
level). After a change that improves the parser, regenerate the verdicts and this report with
\`npx tsc -p . && node dist/bench/parse/eval.js\`, commit the fixtures and the report, and raise the floors in
\`src/parse/eval.test.ts\` to the new figures. Cases that fail are committed as \`"fail"\`, so a fix flips them.

## Accuracy by confidence

Per confidence band, the cases whose result fell in it and the share right (units right, nothing invented),
now (baseline). A calibrated parser is right about as often as its confidence says.

| set | ${["≥ 0.95", "0.85–0.95", "0.70–0.85", "0.50–0.70", "< 0.50"].join(" | ")} |
|---|---:|---:|---:|---:|---:|
${[
  ["generated + hand", main],
  ["generated held-out", holdout],
  ["people-written", people],
  ["people-written held-out", peopleHoldout],
]
  .map(([label, r]) => {
    const set = r as SetReport;
    const cellsOf = set.bands
      .split("\n")
      .slice(2)
      .map((line) => {
        const [, , count, right] = line.split("|").map((x) => x.trim());
        return `${right} of ${count}`;
      });
    return `| ${label} | ${cellsOf.join(" | ")} |`;
  })
  .join("\n")}

(each cell: right % now (baseline) of cases now (baseline))

## People-written set

${people.table}

Held out (every 4th case of the list, not looked at while changing the parser):

${peopleHoldout.table}

## Generated and hand-written set

${main.table}

Confidence (0–1, in every result): ${confidenceLine(main.cases, main.outcomes)}. A unit the best reading reached
only through a typo-tolerant look-up multiplies the confidence by 0.8 (one edit) or 0.65 (two).

When readings of the text tie (see docs/parser.md, "Tied readings"), the parser answers the likelier one by what
the registry knows of the places (an urban ward first), lists the others, and its confidence counts only what they
all agree on. The generated expected values name the unit the case was generated from, so a case whose text
really fits two units equally (two communes of one name in a district, a typo one edit from two names) passes or
fails here by that pick; such failures are among the known failures below.

Goal from issue 6 on the noisy set: province ≥ 99 %, district ≥ 97 %, ward ≥ 95 %.

## Generated held-out set

The parser's mechanisms were developed while reading the failures of the set above, so its figures are not a
held-out measurement. \`${HOLDOUT_PATH}\` holds cases generated by the same templates from another seed
(\`node dist/bench/parse/make-eval-set.js --seed 7 --out ${HOLDOUT_PATH}\`), whose cases were not looked at one by
one while tuning:

${holdout.table}

## New-structure and mixed text, by typing habit

Addresses as people write them after 1 July 2025, drawn per habit by the seeded \`bench/parse/new-structure-cases.ts\`
from the registry (units of both structures and the 2025 mapping; no public address-classification set), with
expected values by the policy of \`bench/parse/eval-case.ts\`. \`new commune\` counts \`null\` as right where the
declared province has no commune of the written name (the last row): a near spelling inside the province is then
counted wrong, though the parser answers it on purpose at a low confidence and says so in \`unplaced\`
(docs/parser.md). Figures now only; before and after the change that added it: docs/parser.md.
\`node dist/bench/parse/new-structure-habits.js [--seed N] [--failures HABIT]\`:

${habits}

## What these figures do not say

The generated sets come from our own templates and noise transforms and the hand-written cases from one author.
The people-written set is small (${people.cases.length + peopleHoldout.cases.length} cases), mostly Hà Nội, Hồ Chí Minh City, Bắc Ninh and Đà Nẵng, and
its sources are map data, state documents and listings, tidier than what customers type into a form (no
chat-style typing, few missing type words); it has ${people.byTag.get("new")?.cases ?? 0} + ${peopleHoldout.byTag.get("new")?.cases ?? 0} cases written in the new structure.
It does not replace a measurement on real customer text, whose licences rarely allow a copy in the
repository; more sources should be added the same way. \`node dist/bench/parse/parse.bench.js\` prints the accuracy of a plain token
matcher on the generated cases for comparison.

## Known failures (${failures.length} + ${holdoutFailures.length} generated held-out + ${peopleFailures.length} people-written)

${list(failures, main.outcomes)}

Generated held-out:

${list(holdoutFailures, holdout.outcomes)}

People-written (development part):

${list(peopleFailures, people.outcomes)}
`;
writeFileSync(REPORT_PATH, report);
process.stdout.write(
  `\n${failures.length} of ${main.cases.length} cases fail (${holdoutFailures.length} of ${holdout.cases.length} held-out, ${peopleFailures.length} of ${people.cases.length} people-written, ${peopleHoldout.cases.filter((c) => c.status === "fail").length} of ${peopleHoldout.cases.length} people-written held-out); wrote ${REPORT_PATH} and statuses\n`,
);
