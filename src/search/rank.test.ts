/**
 * Which matches a pass looks at closely: the best sixty, equal scores by document, and a match
 * that is costly to score worked out only when it could reach the band of the best.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../common/random.js";
import type { RecordSummary } from "../store/store.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import type { DocumentMatch } from "./match.js";
import { DocumentRanking, DOCUMENTS_CONSIDERED, DOOR_DOCUMENTS, HeapOrder, takeNearDoor } from "./rank.js";
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

test("numbers taken from the heap come in sorted order, however many are taken and however many tie", () => {
  const random = new Random(14);
  for (let round = 0; round < 50; round++) {
    const keys = Array.from({ length: random.int(0, 3000) }, () => random.int(0, 40));
    const compare = (a: number, b: number) => keys[b] - keys[a] || a - b;
    const sorted = keys.map((_, i) => i).sort(compare);
    const heap = new HeapOrder(keys.map((_, i) => i), compare);
    const taken: number[] = [];
    const stop = random.int(0, keys.length);
    while (taken.length < stop) taken.push(heap.take());
    assert.equal(heap.size, keys.length - stop);
    assert.deepEqual(taken, sorted.slice(0, stop));
    while (heap.size > 0) taken.push(heap.take());
    assert.deepEqual(taken, sorted);
  }
});

/** A segment of `count` streets (a document each), every `every`-th holding door "5". */
function tiedStreetsView(count: number, every: number): { streets: SegmentView } {
  const records: RecordSummary[] = [];
  for (let d = 0; d < count; d++)
    records.push({
      code: `T${d}`,
      kind: "household",
      status: "surveyed",
      name: null,
      parts: { houseNumber: d % every === 0 ? "5" : "7", street: `Phố Thử ${d}` },
      new: { province: "01", commune: "00070" },
      old: null,
      lat: 21.02,
      lon: 105.85,
    });
  return { streets: new SegmentView(buildSegment(records, unitTablesOf(loadRegistry()))) };
}

/** `count` documents tied in the band, one street each, every `every`-th holding door "5": what considered takes. */
function tiedStreets(count: number, every: number): { taken: number[]; expected: number[]; first: number[] } {
  const { streets } = tiedStreetsView(count, every);
  const docs = Array.from({ length: streets.segment.documents }, (_, doc) => doc).reverse();
  const ranking = new DocumentRanking(docs.map((doc) => ({ doc, cover: 1, words: 1 })));
  for (let i = 0; i < docs.length; i++) ranking.set(i, 0.9);
  const c = streets.segment.c;
  const byDoc = docs.map((doc, i) => ({ doc, i })).sort((a, b) => a.doc - b.doc);
  const holdsFive = (doc: number) => streets.holdsDoor(c.docRecordStarts[doc], c.docRecordStarts[doc + 1], streets.houseId("5"));
  const expected = [
    ...byDoc.slice(0, DOCUMENTS_CONSIDERED).map((m) => m.i),
    ...byDoc
      .slice(DOCUMENTS_CONSIDERED)
      .filter((m) => holdsFive(m.doc))
      .slice(0, DOOR_DOCUMENTS)
      .map((m) => m.i),
  ];
  return { taken: ranking.considered(streets, "5"), expected, first: ranking.considered(streets, null) };
}

test("among thousands tied in the band, the first sixty by document, then those holding the door in the same order", () => {
  // The door on every other street, on one in seven (found partly one by one, partly by asking the
  // rest), on one in ninety-seven (fewer than a hundred beyond the sixty).
  for (const every of [2, 7, 97]) {
    const { taken, expected, first } = tiedStreets(3000, every);
    assert.deepEqual(taken, expected, `every ${every}`);
    assert.deepEqual(first, expected.slice(0, DOCUMENTS_CONSIDERED));
  }
  assert.equal(tiedStreets(3000, 7).taken.length, DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS);
});

test("with fewer than sixty in the band, the best below it fill the rest, best first", () => {
  const ranking = new DocumentRanking(matches(500));
  // Ten in the band; below it, 490 at scores spread so that ties fall by document.
  for (let i = 0; i < 500; i++) ranking.set(i, i < 10 ? 1 : 0.1 + (i % 7) * 0.05);
  const order = ranking.considered(view, null);
  const byScore = (a: number, b: number) => ranking.score(b) - ranking.score(a) || 500 - a - (500 - b);
  const expected = Array.from({ length: 500 }, (_, i) => i).sort(byScore).slice(0, DOCUMENTS_CONSIDERED);
  assert.deepEqual(order, expected);
});

test("ranking within bounds considers the same documents in the same order as ranking every match", () => {
  const random = new Random(31);
  const { streets } = tiedStreetsView(1500, 3);
  const documents = streets.segment.documents;
  const lift = 0.001;
  let leftOut = 0;
  for (let round = 0; round < 300; round++) {
    const count = random.int(1, documents);
    const docs = Array.from({ length: documents }, (_, doc) => doc);
    for (let i = docs.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [docs[i], docs[j]] = [docs[j], docs[i]];
    }
    const found = docs.slice(0, count).map((doc) => ({ doc, cover: random.pick([1, 1, 0.9, 0.75, 0.5]), words: 1 }));
    // Where the units agree best (0.85 when the text names none), and what a match's scores are.
    const most = random.pick([0.85, 1]);
    const deferred = found.map(() => random.next() < 0.2);
    const agreement = found.map(() => random.pick([1, 0.97, 0.8, 0.65, 0.6, 0.35].filter((f) => f <= most)));
    const explained = found.map(() => random.pick([1, 1, 0.9, 0.55]));
    const bounds = new Float64Array(found.map((m, i) => m.cover * (deferred[i] ? 1 : most) + lift));
    const rank = (ranking: DocumentRanking) => (i: number) => {
      if (deferred[i]) ranking.defer(i, found[i].cover * explained[i] + lift);
      else ranking.set(i, found[i].cover * agreement[i] * explained[i]);
    };
    const finish = (ranking: DocumentRanking) => {
      ranking.settle((i) => found[i].cover * agreement[i] * explained[i]);
      // The tie-break added after ranking: on some of the names scored at least half.
      for (let i = 0; i < found.length; i += 5) if (ranking.score(i) >= 0.5) ranking.set(i, ranking.score(i) + lift);
      return ranking;
    };
    const every = new DocumentRanking(found);
    for (let i = 0; i < found.length; i++) rank(every)(i);
    finish(every);
    const bounded = new DocumentRanking(found);
    bounded.rankBounded(bounds, lift, rank(bounded));
    finish(bounded);
    assert.deepEqual(bounded.considered(streets, "5"), every.considered(streets, "5"), `round ${round}`);
    assert.deepEqual(bounded.considered(streets, null), every.considered(streets, null), `round ${round}`);
    for (let i = 0; i < found.length; i++) if (bounded.score(i) < 0 && every.score(i) >= 0) leftOut++;
  }
  // The bounds left matches out in many rounds: the comparison is not of two full rankings.
  assert.ok(leftOut > 1000, `only ${leftOut} matches left out`);
});

test("a band ordered as numbers takes what the heap takes: the first sixty, then the door's, with several scores tied", () => {
  // The same band read both ways: with a door (ordered as numbers, DocumentRanking.inBandOrder)
  // and through takeNearDoor over a heap of the same matches.
  const random = new Random(55);
  const { streets } = tiedStreetsView(3000, 5);
  const c = streets.segment.c;
  const five = streets.houseId("5");
  for (let round = 0; round < 40; round++) {
    const docs = Array.from({ length: streets.segment.documents }, (_, doc) => doc).filter(() => random.next() < 0.7);
    for (let i = docs.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [docs[i], docs[j]] = [docs[j], docs[i]];
    }
    const ranking = new DocumentRanking(docs.map((doc) => ({ doc, cover: 1, words: 1 })));
    const scores = [0.9, 0.9, 0.85, 0.8, 0.75, 0.7].slice(0, random.int(1, 6));
    for (let i = 0; i < docs.length; i++) ranking.set(i, random.pick(scores));
    const byScore = (a: number, b: number) => ranking.score(b) - ranking.score(a) || docs[a] - docs[b] || a - b;
    const band = docs.map((_, i) => i).filter((i) => ranking.score(i) >= 0.9 * 0.75);
    const holds = (i: number) => streets.holdsDoor(c.docRecordStarts[docs[i]], c.docRecordStarts[docs[i] + 1], five);
    const heap = new HeapOrder(band, byScore);
    const expected = takeNearDoor({ size: () => heap.size, take: () => heap.take(), restHolding: (h) => heap.rest().filter(h).sort(byScore) }, holds);
    assert.deepEqual(ranking.considered(streets, "5"), expected, `round ${round}`);
  }
});
