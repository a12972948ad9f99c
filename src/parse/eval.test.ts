import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { type EvalCase, evaluate, type METRICS, metric, readEvalSet, type Tally } from "./evaluate.js";
import { createParser } from "./index.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));
const SETS = {
  main: fixture("parse-eval.jsonl"),
  holdout: fixture("parse-eval-holdout.jsonl"),
  people: fixture("parse-eval-people.jsonl"),
  "people-holdout": fixture("parse-eval-people-holdout.jsonl"),
} as const;
type SetName = keyof typeof SETS;

/** How to refresh the committed verdicts and the report after the parser improves. */
const REGENERATE = "npx tsc -p . && node dist/bench/parse/eval.js";

/**
 * Floors of the share of cases that pass (`pass`) and that are right (`right`: units right,
 * nothing invented), per set and for the hand-written part of the main set, at the level measured
 * when they were last raised (docs/parse-quality.md). Raise them with the figures `eval.js`
 * prints when you improve the parser; never lower one to make a change pass.
 */
const SHARE_FLOORS: Record<SetName | "hand", { pass: number; right: number }> = {
  main: { pass: 0.997, right: 0.997 },
  holdout: { pass: 0.996, right: 0.998 },
  hand: { pass: 1, right: 1 },
  people: { pass: 0.937, right: 0.945 },
  "people-holdout": { pass: 0.887, right: 0.925 },
};

/**
 * Unit and text-part floors on the main set, a little under what the parser achieves, so that a
 * broad regression is named by the metric it hits (the verdict test names the cases).
 */
const METRIC_FLOORS: Record<"all" | "noisy", Partial<Record<(typeof METRICS)[number], number>>> = {
  all: {
    "old.province": 0.995,
    "old.district": 0.99,
    "old.ward": 0.99,
    "new.province": 0.995,
    "new.ward": 0.99,
    house_number: 0.99,
    street: 0.99,
  },
  noisy: {
    "old.province": 0.99,
    "old.district": 0.99,
    "old.ward": 0.985,
    "new.province": 0.99,
    "new.ward": 0.985,
  },
};

const parse = createParser().parse;
const results = new Map<SetName, { cases: EvalCase[]; run: ReturnType<typeof evaluate> }>();
function run(set: SetName) {
  let r = results.get(set);
  if (!r) {
    const cases = readEvalSet(SETS[set]);
    r = { cases, run: evaluate(cases, parse) };
    results.set(set, r);
  }
  return r;
}

test("the evaluation set has at least 600 cases covering all 63 old and 34 new provinces", () => {
  const cases = readEvalSet(SETS.main);
  assert.ok(cases.length >= 600, `${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.expect.old?.province).filter(Boolean)).size, 63);
  assert.equal(new Set(cases.map((c) => c.expect.new?.province).filter(Boolean)).size, 34);
  assert.ok(cases.filter((c) => c.tags.includes("hand")).length >= 60);
});

test("the people-written sets hold cases written by people, a quarter of them held out", () => {
  const development = readEvalSet(SETS.people);
  const heldOut = readEvalSet(SETS["people-holdout"]);
  assert.ok(development.length >= 200, `${development.length} development cases`);
  assert.ok(heldOut.length >= 70, `${heldOut.length} held-out cases`);
  // Both structures and every kind of source, in both parts; each case names where it comes from.
  for (const part of [development, heldOut]) {
    for (const tag of ["old", "new", "osm", "state-document", "open-repository"])
      assert.ok(part.some((c) => c.tags.includes(tag)), `no case tagged ${tag}`);
    assert.deepEqual(part.filter((c) => c.note.trim() === "").map((c) => c.id), [], "cases without their source");
  }
  const ids = new Set(development.map((c) => c.id));
  assert.ok(
    heldOut.every((c) => !ids.has(c.id)),
    "no case is in both parts",
  );
});

for (const set of Object.keys(SETS) as SetName[])
  test(`no case of the ${set} set committed as passing fails now`, () => {
    const { cases, run: r } = run(set);
    const flipped = cases.filter((c) => c.status === "pass" && r.statuses.get(c.id) === "fail");
    assert.deepEqual(
      flipped.map((c) => `${c.id} ${c.input}${describe(r.outcomes.get(c.id)!.invented)}`),
      [],
      `cases that passed now fail; if the new verdicts are intended, regenerate them with \`${REGENERATE}\` and say why in the commit`,
    );
  });

function describe(invented: string[]): string {
  return invented.length ? ` (invented ${invented.join(", ")})` : "";
}

test("each set stays at or above its floors of cases passing and cases right", () => {
  const below: string[] = [];
  const check = (name: string, t: Tally, floor: { pass: number; right: number }) => {
    if (t.passed / t.cases < floor.pass) below.push(`${name} pass ${t.passed}/${t.cases} < ${floor.pass}`);
    if (t.right / t.cases < floor.right) below.push(`${name} right ${t.right}/${t.cases} < ${floor.right}`);
  };
  for (const set of Object.keys(SETS) as SetName[]) check(set, run(set).run.overall, SHARE_FLOORS[set]);
  check("hand", run("main").run.byTag.get("hand")!, SHARE_FLOORS.hand);
  assert.deepEqual(below, []);
});

test("the parser stays above its unit and text-part floors on the main set", () => {
  const { overall, byTag } = run("main").run;
  for (const [set, floors] of Object.entries(METRIC_FLOORS)) {
    const tally = set === "all" ? overall : byTag.get(set)!;
    for (const [name, floor] of Object.entries(floors)) {
      const value = metric(tally, name as (typeof METRICS)[number]);
      assert.ok(value !== null && value >= floor, `${set} ${name}: ${value} < floor ${floor}`);
    }
  }
});
