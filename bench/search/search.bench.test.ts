import assert from "node:assert/strict";
import { test } from "node:test";
import { figures, markdown } from "./search.bench.js";

test("top-1 counts the gold first, top-5 among the first five; a miss (-1) counts for neither", () => {
  const f = figures([1, 2, 3, 4], [1, 1, 1, 1], [0, 2, -1, 4]);
  assert.deepEqual([f.n, f.top1, f.top5], [4, 0.25, 0.75]);
  assert.equal(f.p50, 2.5);
  assert.equal(f.p99, 4);
  assert.equal(f.qps, 4 / 0.01);
});

test("the tables name every engine and form, and a skipped engine in one line", () => {
  const all = figures([1], [1], [0]);
  const text = markdown(
    [{ engine: "fts5", records: null, build: { seconds: 1, rssMiB: 2 }, forms: { old: all }, all }],
    ["diachiso: not yet"],
  );
  assert.match(text, /\| fts5 \| all \|/);
  assert.match(text, /\| fts5 \| old \| 1 \| 100\.0 % \|/);
  assert.match(text, /skipped: diachiso: not yet$/);
});
