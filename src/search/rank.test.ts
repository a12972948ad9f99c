/**
 * Which matches a pass looks at closely: the best sixty, equal scores by document, and a match
 * that is costly to score worked out only when it could reach the band of the best.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import type { DocumentMatch } from "./match.js";
import { DocumentRanking, DOCUMENTS_CONSIDERED } from "./rank.js";
import { SegmentView } from "./segment-view.js";

const view = new SegmentView(buildSegment([], unitTablesOf(loadRegistry())));
const matches = (n: number): DocumentMatch[] => Array.from({ length: n }, (_, i) => ({ doc: n - i, cover: 1, words: 1 }));

test("the best first, equal scores by document, at most the documents considered", () => {
  const ranking = new DocumentRanking(matches(100));
  for (let i = 0; i < 100; i++) ranking.set(i, i < 50 ? 0.9 : 0.5);
  const order = ranking.considered(view, null);
  assert.equal(order.length, DOCUMENTS_CONSIDERED);
  // The fifty at 0.9 by document (match 49 holds document 51, the lowest of them), then the rest.
  assert.deepEqual(order.slice(0, 3), [49, 48, 47]);
  assert.ok(order.slice(0, 50).every((i) => i < 50));
});

test("a deferred match is scored when its bound reaches the band; with a full band, not below it", () => {
  const ranking = new DocumentRanking(matches(80));
  for (let i = 0; i < 70; i++) ranking.set(i, 0.8);
  ranking.defer(70, 0.9);
  for (let i = 71; i < 80; i++) ranking.defer(i, 0.5);
  const scored: number[] = [];
  ranking.settle((i) => {
    scored.push(i);
    return i === 70 ? 0.85 : 0.4;
  });
  assert.deepEqual(scored, [70]);
  assert.equal(ranking.considered(view, null)[0], 70);
  assert.equal(ranking.score(75), -1);
});

test("with fewer than the documents considered in the band, every deferred match is scored", () => {
  const ranking = new DocumentRanking(matches(10));
  ranking.set(0, 0.8);
  for (let i = 1; i < 10; i++) ranking.defer(i, 0.3);
  ranking.settle(() => 0.2);
  assert.equal(ranking.considered(view, null).length, 10);
});
