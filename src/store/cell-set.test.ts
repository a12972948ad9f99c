import assert from "node:assert/strict";
import { test } from "node:test";
import { encode } from "../code/index.js";
import { CellSet, cellOf } from "./cell-set.js";

test("a cell is taken once; neighbours and far cells are distinct; the table grows without losing any", () => {
  const cells = new CellSet(16);
  const codes = new Set<string>();
  for (let i = 0; i < 20_000; i++) codes.add(encode(21.0 + (i % 200) * 0.00003, 105.8 + Math.floor(i / 200) * 0.00003));
  for (const code of codes) assert.equal(cells.take(cellOf(code)), false, code);
  for (const code of codes) assert.equal(cells.take(cellOf(code)), true, code);
  assert.equal(cells.count, codes.size);
  assert.equal(cells.has(cellOf(encode(8.6, 104.9))), false);
});

test("a code with a unit suffix is in its base code's cell", () => {
  const base = encode(21.028511, 105.852083);
  assert.equal(cellOf(`${base}39F`), cellOf(base));
  assert.notEqual(cellOf(encode(21.028511, 105.852083 + 0.00003)), cellOf(base));
});

test("unit numbers count up per cell and never go back below a noted one", () => {
  const cells = new CellSet();
  assert.equal(cells.nextUnit(7), 1);
  assert.equal(cells.nextUnit(7), 2);
  cells.noteUnit(7, 10);
  cells.noteUnit(7, 4);
  assert.equal(cells.nextUnit(7), 11);
  assert.equal(cells.nextUnit(8), 1);
});
