import assert from "node:assert/strict";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { readCsvObjects } from "../common/csv.js";
import { ALPHABET, VN_GRID, encode, isValid, suggest, validate } from "./index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

test("matches every case in test_data/code-typos.csv: validity, reason, canonical code and suggestions", () => {
  const rows = readCsvObjects(resolve(root, "test_data/code-typos.csv"), { comments: true });
  assert.ok(rows.length > 50);
  for (const row of rows) {
    const v = validate(row.input);
    assert.equal(String(v.valid), row.valid, `validity of "${row.input}"`);
    if (v.valid) assert.equal(v.code, row.code);
    else assert.equal(v.reason, row.reason, `reason for "${row.input}"`);
    assert.deepEqual(
      suggest(row.input),
      row.suggestions === "" ? [] : row.suggestions.split(" "),
      `suggestions for "${row.input}"`,
    );
  }
});

test("any single edit of a valid code is invalid and suggests the original back", () => {
  const edit = fc.constantFrom("substitute", "swap", "delete", "insert");
  fc.assert(
    fc.property(
      fc.double({ min: VN_GRID.south, max: VN_GRID.north, noNaN: true }),
      fc.double({ min: VN_GRID.west, max: VN_GRID.east, noNaN: true }),
      fc.option(fc.integer({ min: 1, max: 8000 }), { nil: undefined }),
      edit,
      fc.nat(),
      fc.nat({ max: ALPHABET.length - 1 }),
      (lat, lon, unit, kind, at, symbol) => {
        const code = encode(lat, lon, unit);
        const i = at % code.length;
        let typo: string;
        if (kind === "substitute") typo = code.slice(0, i) + ALPHABET[symbol] + code.slice(i + 1);
        else if (kind === "swap") typo = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        else if (kind === "delete") typo = code.slice(0, i) + code.slice(i + 1);
        else typo = code.slice(0, i) + ALPHABET[symbol] + code.slice(i);
        if (typo === code || i === code.length - 1) return true; // no edit, or a swap past the end
        if (kind === "substitute" || kind === "swap") assert.ok(!isValid(typo), typo);
        return isValid(typo) || suggest(typo).includes(code);
      },
    ),
    { numRuns: 3000 },
  );
});

test("a valid code has no suggestions and every suggestion is valid", () => {
  const code = encode(16.061111, 108.227222);
  assert.deepEqual(suggest(code), []);
  const typo = `${code.slice(0, 3)}${code[4]}${code[3]}${code.slice(5)}`;
  const suggestions = suggest(typo.toLowerCase().replace(/(.{3})/, "$1 "));
  assert.ok(suggestions.includes(code));
  for (const s of suggestions) assert.ok(isValid(s), s);
  assert.ok(suggestions.length <= 30, `${suggestions.length} suggestions`);
});

test("a symbol outside the alphabet is treated as a wrong symbol, and two faults give no suggestion", () => {
  const code = encode(10.772461, 106.698055);
  assert.deepEqual(suggest(`${code.slice(0, 2)}O${code.slice(3)}`), [code]);
  assert.deepEqual(suggest(`O${code.slice(1, 5)}I${code.slice(6)}`), []);
});
