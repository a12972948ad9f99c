import assert from "node:assert/strict";
import { test } from "node:test";
import { accuracyByConfidence, type EvalCase, emptyTally, scoreCase } from "./evaluate.js";
import { createParser } from "./index.js";

const parse = createParser().parse;

/** A case of "Phường Cửa Đông, Quận Hoàn Kiếm, Hà Nội" with the given text and labelled parts. */
function cuaDong(input: string, house: string | null, street: string | null): EvalCase {
  return {
    id: "t",
    input,
    expect: {
      old: { province: "01", district: "002", ward: "00055" },
      new: null,
      house_number: house,
      street,
    },
    tags: [],
    status: "pass",
    note: "",
  };
}

test("a street the text does not have fails the case as invented, though every unit is right", () => {
  const c = cuaDong("Phường Cửa Đông, Quận Hoàn Kiếm, Hà Nội", null, null);
  const got = parse(c.input);
  const invented = { ...got, parts: { ...got.parts, street: "Cửa Đông" } };
  const tally = emptyTally();
  const outcome = scoreCase(c, invented, [tally]);
  assert.deepEqual(outcome.invented, ["street"]);
  assert.equal(outcome.right, false);
  assert.equal(outcome.pass, false);
  assert.equal(tally.invented, 1);
});

test("a case with its units right and nothing invented is right even when the street is spelt otherwise", () => {
  const c = cuaDong("5 Hàng Chiếu, Phường Cửa Đông, Quận Hoàn Kiếm, Hà Nội", "5", "Hàng Chiếu");
  const got = parse(c.input);
  const respelt = { ...got, parts: { ...got.parts, street: "Hang Chieu Street" } };
  const outcome = scoreCase(c, respelt, [emptyTally()]);
  assert.equal(outcome.right, true);
  assert.equal(outcome.pass, false);
  assert.equal(scoreCase(c, got, [emptyTally()]).pass, true);
});

test("accuracy by confidence puts each case in the band of its confidence and counts the right ones", () => {
  const rows = accuracyByConfidence([
    { pass: true, right: true, invented: [], confidence: 1 },
    { pass: false, right: false, invented: [], confidence: 0.95 },
    { pass: true, right: true, invented: [], confidence: 0.8 },
    { pass: false, right: false, invented: ["street"], confidence: 0.1 },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.band, r.cases, r.right]),
    [
      ["≥ 0.95", 2, 1],
      ["0.85–0.95", 0, 0],
      ["0.70–0.85", 1, 1],
      ["0.50–0.70", 0, 0],
      ["< 0.50", 1, 0],
    ],
  );
});
