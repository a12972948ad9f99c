/**
 * Texts that name no unit ("70 Võ Thị Sáu") reuse the whole country's ranking of the same street
 * asked at another door: every answer is the one an engine gives the text asked alone, and a door
 * whose number reads a name (a street called "Đường 70") is read as any text.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import { SearchEngine } from "./engine.js";
import { queryWords } from "./words.js";

const registry = loadRegistry();
const tables = unitTablesOf(registry);
const parser = createParser(registry);
/** Enough communes that the street's band passes the documents considered and the doors scanned in order. */
const communes = tables.communes.codes.slice(0, 520);

function house(code: string, commune: string, houseNumber: string, street: string, offset = 0): RecordSummary {
  return summaryIn(registry, code, commune, { houseNumber, street }, { lat: 16 + offset * 0.0001 });
}

// Võ Thị Sáu in every commune: door 7 in each, and a door of its own (the k-th commune's is k + 1);
// a hamlet "Thôn Nam" in a few; a street named "Đường 70" in one.
const records: RecordSummary[] = [];
communes.forEach((commune, k) => {
  records.push(house(`A${k}`, commune, "7", "Võ Thị Sáu"));
  records.push(house(`B${k}`, commune, String(k + 1), "Võ Thị Sáu", 1));
  if (k % 50 === 0) records.push(house(`C${k}`, commune, String(k + 2), "Thôn Nam", 2));
});
records.push(house("SEVENTY", communes[3], "5", "Đường 70"));
// A street whose words begin as Võ Thị Sáu's do: a key is the whole words.
records.push(house("ALIKE", communes[5], "12", "Vũ Tông Sơn"));

const base = buildSegment(records, tables);

/** `rankingsKept: 0`: every text's pass read in full, as when it is asked alone. */
function engineOf(rankingsKept?: number): SearchEngine {
  return new SearchEngine({ registry, parser, base, rankingsKept }, tables.communes.codes, tables.oldWards.codes);
}

const texts = [
  "12 Võ Thị Sáu",
  "7 Võ Thị Sáu",
  "300 Võ Thị Sáu",
  "500 Võ Thị Sáu",
  "9999 Võ Thị Sáu",
  "số 101 Võ Thị Sáu",
  "12 Võ Thị Sáu",
  "12 Vũ Tông Sơn",
  "2, Thôn Nam",
  "52, Thôn Nam",
  "9, Thôn Nam",
];

test("a text that names no unit answered from another door's ranking is answered as when asked alone", () => {
  const kept = engineOf();
  for (const text of texts) {
    for (const options of [{}, { limit: 1 }, { limit: 1, province: registry.require("new", communes[300]).provinceCode }]) {
      const alone = engineOf(0).search(text, options);
      assert.deepEqual(kept.search(text, options), alone, `${text} ${JSON.stringify(options)}`);
    }
  }
  const { asked, kept: reused } = kept.doorlessLookups();
  assert.ok(asked >= texts.length * 3, `asked ${asked}`);
  // Four door-less texts ("Võ Thị Sáu", "số Võ Thị Sáu", "Vũ Tông Sơn", "Thôn Nam"), three option sets.
  assert.ok(reused >= asked - 4 * 3, `kept ${reused} of ${asked}`);
});

test("the street's own door is found wherever it falls in the street's tie across the country", () => {
  const engine = engineOf();
  const alone = engineOf(0);
  engine.search("1 Võ Thị Sáu", { limit: 1 });
  for (const k of [0, 59, 60, 300, 459, 460, 519]) {
    const text = `${k + 1} Võ Thị Sáu`;
    const top = engine.geocodeText(text).result;
    assert.equal(top?.match, "house", text);
    assert.equal(top?.commune?.code, communes[k], text);
    assert.deepEqual(top, alone.geocodeText(text).result, text);
  }
  assert.ok(engine.doorlessLookups().kept >= 7);
  assert.deepEqual(alone.doorlessLookups(), { asked: 0, kept: 0 });
});

test("a door whose number is a street's name reads that street: its text is read as any other", () => {
  const engine = engineOf();
  const matcher = engine.search("12 Võ Thị Sáu") && (engine as unknown as { views: { matcher: import("./match.js").Matcher }[] }).views[0].matcher;
  assert.equal(matcher.readsNothingAt(queryWords("12 Võ Thị Sáu"), 0), true);
  assert.equal(matcher.readsNothingAt(queryWords("70 Võ Thị Sáu"), 0), false);
  // "thon nam": the pair a number before it would make is none; the door is the text's first word.
  assert.equal(matcher.readsNothingAt(queryWords("2 Thôn Nam"), 0), true);
  const before = engine.doorlessLookups();
  const answer = engine.search("70 Võ Thị Sáu", { limit: 1 });
  assert.deepEqual(engine.doorlessLookups(), before, "not asked for a kept ranking");
  assert.deepEqual(answer, engineOf(0).search("70 Võ Thị Sáu", { limit: 1 }));
});

test("a text that names its unit, or has no door, is not read from a kept ranking", () => {
  const engine = engineOf();
  const unit = registry.require("new", communes[12]);
  engine.search(`13 Võ Thị Sáu, ${unit.name}`, { limit: 1 });
  engine.search("Võ Thị Sáu", { limit: 1 });
  engine.search("12 Võ Thị Sáu", { limit: 1, autocomplete: true });
  assert.deepEqual(engine.doorlessLookups(), { asked: 0, kept: 0 });
});
