/**
 * Records at the door that cannot reach the page are set aside with their labels unread
 * (Candidates.setAside, SearchEngine.answerPass): a street written without its commune ties across
 * the country, and once the page holds a record as good as any other can be, the rest are not
 * read. What may still pass it must be read: a record as high with a better status, a record
 * whose label explains more of the text than its street, one whose label says no more than the
 * text after records that say more. Every answer is the one of an engine reading every label.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Status } from "../domain/lifecycle.js";
import type { AddressParts } from "../domain/parts.js";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import { SearchEngine } from "./engine.js";
import { DOCUMENTS_CONSIDERED, DOOR_DOCUMENTS } from "./rank.js";
import { Candidates } from "./results.js";
import { SegmentView } from "./segment-view.js";
import type { SearchResult } from "./types.js";

const registry = loadRegistry();
const tables = unitTablesOf(registry);
const parser = createParser(registry);
/** More communes than the documents a pass reads closely for a door (DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS). */
const communes = tables.communes.codes.slice(0, 200);
/** The commune whose record should win: deep in the street's tie, well past the first ones read. */
const WINNER = 120;

function house(code: string, commune: string, parts: AddressParts, status: Status = "surveyed", name: string | null = null): RecordSummary {
  return summaryIn(registry, code, commune, parts, { status, name });
}

/** An engine over the street in every commune, the records at its door written by `at(k)`. */
function engineWith(at: (k: number, commune: string) => RecordSummary[]): SearchEngine {
  const records = communes.flatMap((commune, k) => at(k, commune));
  const base = buildSegment(records, tables);
  return new SearchEngine({ registry, parser, base }, tables.communes.codes, tables.oldWards.codes);
}

/** The geocoded answer, after checking it is the one of reading every label. */
function answerOf(engine: SearchEngine, text: string): SearchResult | null {
  const answer = engine.geocodeText(text).result;
  assert.deepEqual(answer, engine.unpruned().geocodeText(text).result, text);
  for (const limit of [1, 3, 10]) assert.deepEqual(engine.search(text, { limit }), engine.unpruned().search(text, { limit }), `${text}, ${limit}`);
  return answer;
}

/** How many records' labels `ask` reads. */
function labelsRead(ask: () => void): number {
  const read = SegmentView.prototype.labelWords;
  let count = 0;
  SegmentView.prototype.labelWords = function (this: SegmentView, record: number) {
    count++;
    return read.call(this, record);
  };
  try {
    ask();
  } finally {
    SegmentView.prototype.labelWords = read;
  }
  return count;
}

test("records as good as the page's are not read, and the first found keeps the tie", () => {
  const engine = engineWith((k, commune) => [house(`A${k}`, commune, { houseNumber: "7", street: "Võ Thị Sáu" })]);
  assert.equal(answerOf(engine, "7 Võ Thị Sáu")?.commune?.code, communes[0]);
  // Every document read closely holds the door; the first one's record fills a page of one.
  assert.equal(labelsRead(() => engine.unpruned().search("7 Võ Thị Sáu", { limit: 1 })), DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS);
  assert.equal(labelsRead(() => engine.search("7 Võ Thị Sáu", { limit: 1 })), 1);
});

test("a record as high as the page's with a better status is read, and wins the tie", () => {
  const engine = engineWith((k, commune) => [house(`A${k}`, commune, { houseNumber: "7", street: "Võ Thị Sáu" }, k === WINNER ? "official" : "surveyed")]);
  const answer = answerOf(engine, "7 Võ Thị Sáu");
  assert.equal(answer?.commune?.code, communes[WINNER]);
  assert.equal(answer?.status, "official");
});

test("a record whose label explains more of the text than its street is read, and wins", () => {
  // Flat 5 at the door everywhere; flat 12, the one the text writes, in one commune.
  const engine = engineWith((k, commune) => [house(`A${k}`, commune, { houseNumber: "7", street: "Võ Thị Sáu", flat: k === WINNER ? "12" : "5" })]);
  const answer = answerOf(engine, "Căn hộ 12, 7 Võ Thị Sáu");
  assert.equal(answer?.commune?.code, communes[WINNER]);
  assert.match(answer?.label ?? "", /Căn hộ 12/);
});

test("after records whose labels say more than the text, the one that says no more is read, and wins", () => {
  const engine = engineWith((k, commune) => [house(`A${k}`, commune, { houseNumber: "7", street: "Võ Thị Sáu" }, "surveyed", k === WINNER ? null : "Tiệm Hoa Mai")]);
  const answer = answerOf(engine, "7 Võ Thị Sáu");
  assert.equal(answer?.commune?.code, communes[WINNER]);
});

test("an answer set aside keeps its place in the order found, should it come back scored higher", () => {
  const made = (label: string) => () => ({ label }) as SearchResult;
  const labels = (found: Candidates) => found.top(2).map((r) => r.label);
  const found = new Candidates(2);
  found.add("a", 0.9, 0, 0, 0, made("a"));
  found.add("x", 0.8, 0, 0, 0, made("x"));
  // Below the page, or as high as its last with no better status: set aside.
  assert.equal(found.setAside("b", 0.8, 0), true);
  assert.equal(found.setAside("c", 0.7, 3), true);
  // As high with a better status, higher than the page's last, or a candidate already: not.
  assert.equal(found.setAside("d", 0.8, 1), false);
  assert.equal(found.setAside("e", 0.81, 0), false);
  assert.equal(found.setAside("x", 0.5, 0), false);
  assert.equal(found.setAside("b", 0.5, 0), false);
  found.add("y", 0.85, 0, 0, 0, made("y"));
  assert.deepEqual(labels(found), ["a", "y"]);
  // b, found before y, wins their tie when it comes back as high.
  found.add("b", 0.85, 0, 0, 0, made("b"));
  assert.deepEqual(labels(found), ["a", "b"]);
  // A page not full yet sets nothing aside.
  const empty = new Candidates(2);
  empty.add("a", 0.9, 0, 0, 0, made("a"));
  assert.equal(empty.setAside("b", 0.1, 0), false);
});
