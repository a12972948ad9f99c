/**
 * A street standing in for a door it lacks is placed at its house nearest the door: the same
 * house when asked again (the engine keeps it), another when a filter or a stale record leaves
 * that house out.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import { SearchEngine } from "./engine.js";

const registry = loadRegistry();
const tables = unitTablesOf(registry);
const CUA_NAM = "00082";

function house(code: string, houseNumber: string, status: RecordSummary["status"], lat: number, street = "Hàng Bài"): RecordSummary {
  return {
    code,
    kind: "household",
    status,
    name: null,
    parts: { houseNumber, street },
    new: { province: "01", commune: CUA_NAM },
    old: null,
    lat,
    lon: 105.85,
  };
}

// A long street (the engine keeps the nearest house of streets this long): three houses near the
// door asked, seventy far from it.
const records = [
  house("NEAR", "10", "surveyed", 21.021),
  house("FAR", "14", "official", 21.024),
  house("FARTHER", "30", "surveyed", 21.027),
  ...Array.from({ length: 70 }, (_, i) => house(`END${i}`, String(200 + i), "surveyed", 21.03)),
];
const engine = new SearchEngine(
  { registry, parser: createParser(registry), base: buildSegment(records, tables) },
  tables.communes.codes,
  tables.oldWards.codes,
);

function streetAt(answerOf: SearchEngine, options: Parameters<SearchEngine["search"]>[1] = {}): number | undefined {
  return answerOf.search("11 Hàng Bài, Cửa Nam, Hà Nội", options).results.find((r) => r.match === "street")?.lat;
}

test("the street is placed at its nearest house, the same when asked again", () => {
  assert.equal(streetAt(engine), 21.021);
  assert.equal(streetAt(engine), 21.021);
  assert.equal(streetAt(engine, { autocomplete: true }), 21.021);
});

test("a status or kind filter places it at the nearest house it allows, and the next question without one is as before", () => {
  assert.equal(streetAt(engine), 21.021);
  assert.equal(streetAt(engine, { status: "official" }), 21.024);
  assert.equal(streetAt(engine, { kind: "organisation" }), undefined);
  assert.equal(streetAt(engine), 21.021);
});

test("an engine whose base holds the nearest house as stale places the street at the next one; the engine before is unchanged", () => {
  assert.equal(streetAt(engine), 21.021);
  const next = engine.withDelta(null, new Set(["NEAR"]));
  assert.equal(streetAt(next), 21.024);
  assert.equal(streetAt(engine), 21.021);
});

test("a long street the change feed brought is placed at its nearest house, and so is the base's beside it", () => {
  const delta = buildSegment(
    [
      house("TT-NEAR", "12", "surveyed", 21.041, "Tràng Tiền"),
      house("TT-FAR", "40", "official", 21.044, "Tràng Tiền"),
      ...Array.from({ length: 70 }, (_, i) => house(`TT-END${i}`, String(300 + i), "surveyed", 21.05, "Tràng Tiền")),
    ],
    tables,
  );
  const next = engine.withDelta(delta, new Set());
  // Asked again, and for another door: the second time from the street's doors by number.
  for (const [text, lat] of [["11 Tràng Tiền, Cửa Nam, Hà Nội", 21.041], ["11 Tràng Tiền, Cửa Nam, Hà Nội", 21.041], ["38 Tràng Tiền, Cửa Nam, Hà Nội", 21.044]] as const)
    assert.equal(next.search(text).results.find((r) => r.match === "street")?.lat, lat, text);
  assert.equal(streetAt(next), 21.021);
});
