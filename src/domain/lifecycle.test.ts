import assert from "node:assert/strict";
import { test } from "node:test";
import { TransitionError } from "./errors.js";
import { checkTransition, STATUS_NUMBER, STATUSES, statusOfNumber, TRANSITIONS } from "./lifecycle.js";

const subject = (status: (typeof STATUSES)[number], issueCount = 0) => ({ code: "C0DE", status, issueCount });

test("every status is reachable from surveyed and only retired is final", () => {
  const seen = new Set(["surveyed"]);
  const queue = ["surveyed"] as (typeof STATUSES)[number][];
  while (queue.length) {
    for (const next of TRANSITIONS[queue.shift()!]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...STATUSES].sort());
  assert.deepEqual(
    STATUSES.filter((s) => TRANSITIONS[s].length === 0),
    ["retired"],
  );
});

test("allows exactly the transitions of the table", () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const request = { to, reason: "r", correction: { x: 1 } };
      if (TRANSITIONS[from].includes(to)) assert.doesNotThrow(() => checkTransition(subject(from), request), `${from}→${to}`);
      else assert.throws(() => checkTransition(subject(from), request), TransitionError, `${from}→${to}`);
    }
  }
});

test("a refused transition names the record, both statuses and what is allowed, in English and Vietnamese", () => {
  assert.throws(() => checkTransition(subject("surveyed"), { to: "official", reason: "r" }), {
    message: /record C0DE: cannot go from "surveyed" to "official": allowed from "surveyed": complete, rejected, retired \(địa chỉ C0DE/,
  });
});

test("complete needs no findings, correction-requested needs the change, every transition needs a reason", () => {
  assert.throws(() => checkTransition(subject("surveyed", 2), { to: "complete", reason: "r" }), /2 completeness finding/);
  assert.throws(() => checkTransition(subject("notified"), { to: "correction-requested", reason: "r" }), /requested change/);
  assert.throws(() => checkTransition(subject("surveyed"), { to: "rejected", reason: "" }), /reason is required/);
  assert.throws(() => checkTransition(subject("surveyed"), { to: "complete", reason: "r", successor: "X" }), /only a retirement/);
});

test("status numbers are distinct and round-trip", () => {
  assert.equal(new Set(Object.values(STATUS_NUMBER)).size, STATUSES.length);
  for (const s of STATUSES) assert.equal(statusOfNumber(STATUS_NUMBER[s]), s);
  assert.throws(() => statusOfNumber(99), /unknown status number 99/);
});
