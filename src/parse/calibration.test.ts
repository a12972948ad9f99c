import assert from "node:assert/strict";
import { test } from "node:test";
import { calibration, type EvalCase } from "./evaluate.js";

function evalCase(id: string): EvalCase {
  return {
    id,
    input: id,
    expect: { old: null, new: null, house_number: null, street: null },
    tags: [],
    status: "pass",
    note: "",
  };
}

test("calibration puts each confidence in the band whose lower bound it reaches, 1 in the top band", () => {
  const confidences = new Map([
    ["a", 0],
    ["b", 0.49],
    ["c", 0.5],
    ["d", 0.84],
    ["e", 0.85],
    ["f", 0.95],
    ["g", 1],
  ]);
  const statuses = new Map<string, "pass" | "fail">([
    ["a", "fail"],
    ["b", "pass"],
    ["c", "pass"],
    ["d", "fail"],
    ["e", "pass"],
    ["f", "pass"],
    ["g", "fail"],
  ]);
  const cases = [...confidences.keys()].map(evalCase);
  const bands = calibration(cases, statuses, confidences);
  assert.deepEqual(
    bands.map((b) => [b.label, b.cases, b.passed]),
    [
      ["<0.5", 2, 1],
      ["0.5–0.7", 1, 1],
      ["0.7–0.85", 1, 0],
      ["0.85–0.95", 1, 1],
      ["≥0.95", 2, 1],
    ],
  );
});
