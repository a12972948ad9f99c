import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ValidationError } from "./errors.js";
import { normaliseHouseNumber, parseHouseNumber } from "./house-number.js";

// [written, normalised, form, first number]
const CASES: [string, string, string, number | null][] = [
  ["12", "12", "plain", 12],
  ["số 12", "12", "plain", 12],
  ["Số nhà 7", "7", "plain", 7],
  ["12a", "12A", "letter", 12],
  ["12 A", "12A", "letter", 12],
  ["12/3A", "12/3A", "slash", 12],
  ["12 / 3a", "12/3A", "slash", 12],
  ["135/17/4B", "135/17/4B", "slash", 135],
  ["284D Bis", "284D Bis", "bis", 284],
  ["284d bis", "284D Bis", "bis", 284],
  ["18bis", "18 Bis", "bis", 18],
  ["K12/5", "K12/5", "prefixed", 12],
  ["k 12/5", "K12/5", "prefixed", 12],
  ["LK12-05", "LK12-05", "prefixed", 12],
  ["12-14", "12-14", "range", 12],
  ["lô A1-05", "Lô A1-05", "lot", 1],
  ["Lo BT3", "Lô BT3", "lot", 3],
];

test("normalises every Vietnamese house-number form to one spelling", () => {
  for (const [written, normalised, form, number] of CASES) {
    assert.deepEqual(parseHouseNumber(written), { normalised, form, number }, written);
  }
});

test("plain and slash numbers written as normalised (the fast path) parse as the general rules do", () => {
  for (const written of ["0", "7", "12", "007", "99999", "10000", "00000"])
    assert.deepEqual(parseHouseNumber(written), {
      normalised: written,
      form: "plain",
      number: Number(written),
    });
  // Digits with anything else, or too many, take the general path.
  assert.deepEqual(parseHouseNumber(" 12 "), { normalised: "12", form: "plain", number: 12 });
  assert.deepEqual(parseHouseNumber("１２"), null);
  assert.equal(parseHouseNumber("123456"), null);
  for (const written of ["12/3", "1/60/12", "01/2", "1/2/3/4/5/6", "99999/99999"])
    assert.deepEqual(parseHouseNumber(written), {
      normalised: written,
      form: "slash",
      number: Number(written.split("/")[0]),
    });
  for (const bad of ["1/2/3/4/5/6/7", "12/", "/12", "12//3", "123456/1", "1/123456"])
    assert.equal(parseHouseNumber(bad), null, bad);
});

test("the fast path agrees with the general rules on any digits-and-slashes text", () => {
  // The general rules, with the fast path out of the way: a trailing space is trimmed first.
  const general = (s: string) => parseHouseNumber(`${s} `);
  fc.assert(
    fc.property(fc.array(fc.constantFrom(..."0123456789/".split("")), { maxLength: 14 }), (chars) => {
      const s = chars.join("");
      assert.deepEqual(parseHouseNumber(s), general(s), s);
    }),
    { numRuns: 20_000 },
  );
});

test("a slash number that is no date stays one", () => {
  for (const good of ["12/3/19", "12/3/2023A", "40/40/2023", "12/3/2100", "0/5/2020", "1/60/12"])
    assert.notEqual(parseHouseNumber(good), null, good);
});

test("normalising is idempotent", () => {
  for (const [, normalised] of CASES) assert.equal(normaliseHouseNumber(normalised), normalised);
});

test("rejects text that is not a house number, naming the field and the value", () => {
  // "3/12/2023", "12/03/2024": "12/3" a spreadsheet made a date of; "12/3/19", "45/12/2023A" are numbers.
  for (const bad of ["", "abc", "12//3", "nhà ông Ba", "12A3B4", "/12", "123456", "3/12/2023", "12/03/2024", " 1/1/1999 "]) {
    assert.equal(parseHouseNumber(bad), null, bad);
  }
  assert.throws(() => normaliseHouseNumber("nhà ông Ba", "parts.houseNumber"), (error: unknown) => {
    assert.ok(error instanceof ValidationError);
    assert.match(error.message, /parts\.houseNumber: .*"nhà ông Ba"/);
    return true;
  });
});

test("a text of megabytes is not a house number, and parsing it neither overflows the stack nor takes long", () => {
  // The lot regex keeps backtracking state per character: ten million of them overflow its stack.
  for (const huge of [`lô ${"a-".repeat(5_000_000)}a`, "1 a ".repeat(2_000_000), "12/".repeat(3_000_000)]) {
    const started = performance.now();
    assert.equal(parseHouseNumber(huge), null);
    assert.ok(performance.now() - started < 100, `${huge.slice(0, 12)}…: ${performance.now() - started} ms`);
  }
  assert.equal(parseHouseNumber(`số nhà ${"1/".repeat(5)}1 Bis`)?.normalised, "1/1/1/1/1/1 Bis");
});
