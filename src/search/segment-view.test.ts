/**
 * A street's nearest house: the first accepted record of the least gap to the number asked, with
 * whether a record is accepted asked only of those nearer than the best so far.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../common/random.js";
import type { RecordSummary } from "../store/store.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import { SegmentView } from "./segment-view.js";
import { foldedWords } from "./words.js";

const tables = unitTablesOf(loadRegistry());

function house(serial: number, houseNumber: string): RecordSummary {
  return {
    code: `TEST${serial}`,
    kind: "household",
    status: "surveyed",
    name: null,
    parts: { houseNumber, street: "Hàng Bài" },
    new: { province: "01", commune: "00082" },
    old: null,
    lat: 21.02,
    lon: 105.85,
  };
}

/** One street of `count` houses numbered at random (some numbers twice), and its record range. */
function street(count: number, seed: number): { view: SegmentView; from: number; to: number; numbers: number[] } {
  const random = new Random(seed);
  const numbers = Array.from({ length: count }, () => random.int(1, count));
  const view = new SegmentView(buildSegment(numbers.map((n, i) => house(i, String(n))), tables));
  const c = view.segment.c;
  assert.equal(view.segment.documents, 1);
  return { view, from: c.docRecordStarts[0], to: c.docRecordStarts[1], numbers };
}

/** The answer the way it reads: every accepted record, the least gap, the first of equals. */
function nearestByReading(view: SegmentView, from: number, to: number, numbers: number[], want: number, accept: (r: number) => boolean): number {
  let best = -1;
  let bestGap = Number.POSITIVE_INFINITY;
  for (let k = from; k < to; k++) {
    const r = view.segment.c.docRecords[k];
    if (!accept(r)) continue;
    const gap = Math.abs(numbers[r] - want);
    if (gap < bestGap) {
      bestGap = gap;
      best = r;
    }
  }
  return best;
}

test("the nearest accepted house, the first of equal gaps, whichever records the filter refuses", () => {
  const { view, from, to, numbers } = street(2000, 7);
  const random = new Random(8);
  for (let round = 0; round < 200; round++) {
    const want = random.int(1, 2100);
    const refused = new Set(Array.from({ length: random.int(0, 1500) }, () => random.int(0, 1999)));
    const accept = (r: number) => !refused.has(r);
    assert.equal(view.nearestHouse(from, to, String(want), accept), nearestByReading(view, from, to, numbers, want, accept), `house ${want}`);
  }
  assert.equal(view.nearestHouse(from, to, "5", () => false), -1);
});

test("a long street's records are not each asked whether they are accepted, only those nearer than the best so far", () => {
  const { view, from, to } = street(5000, 9);
  let asked = 0;
  const nearest = view.nearestHouse(from, to, "2500", () => {
    asked++;
    return true;
  });
  assert.ok(nearest >= 0);
  // Numbers in door order are in no order of gap: the best so far improves a few dozen times.
  assert.ok(asked < 100, `${asked} records asked of 5,000`);
});

test("no house asked: the street's first accepted record", () => {
  const { view, from, to } = street(50, 3);
  const c = view.segment.c;
  assert.equal(view.nearestHouse(from, to, null, () => true), c.docRecords[from]);
  assert.equal(view.nearestHouse(from, to, null, (r) => r !== c.docRecords[from]), c.docRecords[from + 1]);
});

test("a street's doors by number give the walk's nearest house when every record is accepted, asked once or again", () => {
  const random = new Random(12);
  // Doors with numbers, some twice, some with letters or an alley before them, and doors without one.
  const written = Array.from({ length: 1500 }, () => {
    const pick = random.int(0, 9);
    if (pick === 0) return random.int(0, 1) === 0 ? "" : "Lô A";
    const n = random.int(1, 400);
    return pick === 1 ? `${n}A` : pick === 2 ? `${random.int(1, 30)}/${n}` : String(n);
  });
  const view = new SegmentView(buildSegment(written.map((n, i) => house(i, n)), tables));
  const c = view.segment.c;
  const [from, to] = [c.docRecordStarts[0], c.docRecordStarts[1]];
  for (let pass = 0; pass < 2; pass++) {
    for (const want of [null, "0", "1", "7", "13/200", "250B", "399", "400", "401", "100000", "Lô B"])
      assert.equal(view.nearestOfAll(from, to, want), view.nearestHouse(from, to, want, () => true), `house ${want}`);
    for (let round = 0; round < 300; round++) {
      const want = String(random.int(0, 450));
      assert.equal(view.nearestOfAll(from, to, want), view.nearestHouse(from, to, want, () => true), `house ${want}`);
    }
  }
});

test("a street whose doors have no number answers its first door without one for any number asked", () => {
  const view = new SegmentView(buildSegment(["Lô B", "", "Lô A"].map((n, i) => house(i, n)), tables));
  const c = view.segment.c;
  const [from, to] = [c.docRecordStarts[0], c.docRecordStarts[1]];
  assert.equal(view.nearestOfAll(from, to, "12"), view.nearestHouse(from, to, "12", () => true));
  assert.equal(view.nearestOfAll(from, to, "12"), c.docRecords[from]);
});

test("a record's label words are its label folded, asked once or again", () => {
  const { view } = street(300, 11);
  const c = view.segment.c;
  for (let pass = 0; pass < 2; pass++)
    for (let r = 0; r < view.segment.size; r++) assert.deepEqual(view.labelWords(r), foldedWords(c.labels.get(r)));
  assert.deepEqual(view.labelWords(0).slice(-2), ["hang", "bai"]);
});

test("a document's door signature answers as its records do: every door it holds, and none it lacks", () => {
  const random = new Random(31);
  const records: RecordSummary[] = [];
  for (let s = 0; s < 300; s++) {
    const doors = random.int(1, 80);
    for (let k = 0; k < doors; k++)
      records.push({ ...house(records.length, String(random.int(1, 400))), parts: { houseNumber: String(random.int(1, 400)), street: `Phố Thử ${s}` } });
  }
  const view = new SegmentView(buildSegment(records, tables));
  const c = view.segment.c;
  let ruledOut = 0;
  for (let doc = 0; doc < view.segment.documents; doc++)
    for (let n = 1; n <= 400; n += 3) {
      const houseId = view.houseId(String(n));
      if (houseId < 0) continue;
      const holds = view.holdsDoor(c.docRecordStarts[doc], c.docRecordStarts[doc + 1], houseId);
      assert.equal(view.docHoldsDoor(doc, houseId), holds, `document ${doc}, door ${n}`);
      if (!holds) ruledOut++;
    }
  assert.ok(ruledOut > 10_000);
});
