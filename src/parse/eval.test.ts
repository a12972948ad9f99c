import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { evaluate, type METRICS, metric, readEvalSet } from "./evaluate.js";
import { createParser } from "./index.js";

const EVAL_SET = fileURLToPath(new URL("../../../test/fixtures/parse-eval.jsonl", import.meta.url));

/**
 * Floors a little under what the parser achieves today (see docs/parse-quality.md), so that a
 * regression fails the build while a single flipped case does not. Raise them when you improve.
 */
const FLOORS: Record<"all" | "noisy", Partial<Record<(typeof METRICS)[number], number>>> = {
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

test("the evaluation set has at least 600 cases covering all 63 old and 34 new provinces", () => {
  const cases = readEvalSet(EVAL_SET);
  assert.ok(cases.length >= 600, `${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.expect.old?.province).filter(Boolean)).size, 63);
  assert.equal(new Set(cases.map((c) => c.expect.new?.province).filter(Boolean)).size, 34);
  assert.ok(cases.filter((c) => c.tags.includes("hand")).length >= 60);
});

test("the parser stays above its accuracy floors on the evaluation set", () => {
  const cases = readEvalSet(EVAL_SET);
  const { overall, byTag } = evaluate(cases, createParser().parse);
  for (const [set, floors] of Object.entries(FLOORS)) {
    const tally = set === "all" ? overall : byTag.get(set)!;
    for (const [name, floor] of Object.entries(floors)) {
      const value = metric(tally, name as (typeof METRICS)[number]);
      assert.ok(value !== null && value >= floor, `${set} ${name}: ${value} < floor ${floor}`);
    }
  }
});
