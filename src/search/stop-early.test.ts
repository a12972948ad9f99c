/**
 * A kept ranking's walk over its matches stops once nothing further can come before the page's
 * last answer (SortedRanking.restCannotPass, SearchEngine.answerPass): a street written without
 * its commune ties across the country, and the first record that scores what every other can at
 * most ends the walk. What may still pass it must be walked to: a match bounded higher, a record
 * as high with a better status, a record already found before (of the same commune) that a later
 * match could raise. Every answer is the one of an engine that walks everything.
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
import type { DocumentMatch } from "./match.js";
import { DOCUMENTS_CONSIDERED, DOOR_DOCUMENTS, DocumentRanking, type RankedPass } from "./rank.js";
import { keptForDoors } from "./ranking-memo.js";
import { SegmentView } from "./segment-view.js";

const registry = loadRegistry();
const tables = unitTablesOf(registry);
const parser = createParser(registry);
/** More communes than the documents a pass reads closely for a door (DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS). */
const communes = tables.communes.codes.slice(0, 200);
/** Deep in the street's tie, well past the first documents walked. */
const DEEP = 120;

function house(code: string, commune: string, parts: AddressParts, more: Partial<RecordSummary> = {}): RecordSummary {
  return summaryIn(registry, code, commune, parts, more);
}

/** An engine over the records `at(k)` writes in each commune. */
function engineWith(at: (k: number, commune: string) => RecordSummary[]): SearchEngine {
  const base = buildSegment(
    communes.flatMap((commune, k) => at(k, commune)),
    tables,
  );
  return new SearchEngine({ registry, parser, base }, tables.communes.codes, tables.oldWards.codes);
}

/** The answers at page 1, 3 and 10, after checking each is the one of walking every match. */
function answersOf(engine: SearchEngine, text: string): void {
  assert.deepEqual(engine.geocodeText(text).result, engine.unpruned().geocodeText(text).result, text);
  for (const limit of [1, 3, 10]) assert.deepEqual(engine.search(text, { limit }), engine.unpruned().search(text, { limit }), `${text}, ${limit}`);
}

/** How many documents' doors `ask` reads (SegmentView.doorRange: once a street walked, its door's records). */
function doorsRead(ask: () => void): number {
  const read = SegmentView.prototype.doorRange;
  let count = 0;
  SegmentView.prototype.doorRange = function (this: SegmentView, from: number, to: number, houseId: number) {
    count++;
    return read.call(this, from, to, houseId);
  };
  try {
    ask();
  } finally {
    SegmentView.prototype.doorRange = read;
  }
  return count;
}

const street = (door: string, more: Partial<AddressParts> = {}): AddressParts => ({ houseNumber: door, street: "Võ Thị Sáu", ...more });

test("a street's tie across the country is walked only to the first record that scores what any can", () => {
  const engine = engineWith((k, commune) => [house(`A${k}`, commune, street("7"))]);
  answersOf(engine, "7 Võ Thị Sáu");
  assert.equal(engine.geocodeText("7 Võ Thị Sáu").result?.commune?.code, communes[0]);
  assert.equal(doorsRead(() => engine.unpruned().search("7 Võ Thị Sáu", { limit: 1 })), DOCUMENTS_CONSIDERED + DOOR_DOCUMENTS);
  // The first record fills the page; with a page of three, the first three.
  assert.equal(doorsRead(() => engine.search("7 Võ Thị Sáu", { limit: 1 })), 1);
  assert.equal(doorsRead(() => engine.search("7 Võ Thị Sáu", { limit: 3 })), 3);
  // Asked again at the same door, from the kept ranking: the same.
  assert.equal(doorsRead(() => engine.search("7 Võ Thị Sáu", { limit: 1 })), 1);
});

test("a record deep in the tie that can pass the page's is walked to, and wins", () => {
  const cases: { text: string; at: (k: number, commune: string) => RecordSummary[] }[] = [
    // As high, with a better status: the tie-break by status.
    { text: "7 Võ Thị Sáu", at: (k, c) => [house(`A${k}`, c, street("7"), { status: (k === DEEP ? "official" : "surveyed") as Status })] },
    // Its label explains more of the text than its street (the flat written).
    { text: "Căn hộ 12, 7 Võ Thị Sáu", at: (k, c) => [house(`A${k}`, c, street("7", { flat: k === DEEP ? "12" : "5" }))] },
    // The others' labels say more than the text (a shop's name): the page's last is below the bound.
    { text: "7 Võ Thị Sáu", at: (k, c) => [house(`A${k}`, c, street("7"), { name: k === DEEP ? null : "Tiệm Hoa Mai" })] },
  ];
  for (const { text, at } of cases) {
    const engine = engineWith(at);
    answersOf(engine, text);
    assert.equal(engine.geocodeText(text).result?.commune?.code, communes[DEEP], text);
  }
});

test("a commune with a second name among the rest keeps the walk going: a record found before may be found again", () => {
  // A school named after its street in every commune, at the street's door: each record is under
  // two names of its commune, the street's ranked first.
  const engine = engineWith((k, commune) => [
    house(`A${k}`, commune, street("7")),
    house(`S${k}`, commune, street("7"), { kind: "agency", name: "Trường Võ Thị Sáu" }),
  ]);
  answersOf(engine, "7 Võ Thị Sáu");
  answersOf(engine, "Trường Võ Thị Sáu 7 Võ Thị Sáu");
});

test("a hamlet's keyword typed counts for the records whose hamlet has it, deep in the tie too", () => {
  // "1 Bạch Đằng, Ấp Hưng" while typing: Ấp Hưng Thịnh and Xóm Hưng Thịnh tied, the keyword said
  // nothing, and the first commune's Xóm came first.
  const engine = engineWith((k, commune) => [
    house(`H${k}`, commune, { houseNumber: "1", street: "Bạch Đằng", hamlet: { type: k === DEEP ? "ấp" : "xóm", name: "Hưng Thịnh" } }),
  ]);
  for (const text of ["1 Bạch Đằng, Ấp Hưng", "1 bach dang ap hung"]) {
    const first = (e: SearchEngine) => e.search(text, { limit: 1, autocomplete: true }).results[0];
    assert.deepEqual(first(engine), first(engine.unpruned()), text);
    assert.equal(first(engine)?.code, `H${DEEP}`, text);
  }
});

/** A kept ranking of one match per entry of `communesOf`, scored alike, each bounded by `most`. */
function keptOf(communesOf: number[], most: number[]) {
  const matches: DocumentMatch[] = communesOf.map((_, doc) => ({ doc, words: 1, cover: 1 }));
  const ranking = new DocumentRanking(matches);
  for (let i = 0; i < matches.length; i++) ranking.set(i, 1);
  const pass: RankedPass<DocumentRanking> = {
    matches,
    ranking,
    factors: new Float64Array(matches.length).fill(1),
    matchedWeights: new Float64Array(matches.length).fill(1),
    usedUpUnit: new Uint8Array(matches.length),
    readAsStreet: new Uint8Array(matches.length),
    weights: [1],
    totalWeight: 1,
    spelledCommunes: null,
  };
  const kept = keptForDoors(pass, { most: (i) => most[i], commune: (i) => communesOf[i] });
  const stops = kept.ranking.restCannotPass;
  assert.ok(stops);
  return (i: number, score: number, status: number, bestStatus: number) => stops.call(kept.ranking, i, { score, status }, bestStatus);
}

test("the walk stops only where no match left can pass the page's last answer or raise one found before", () => {
  const stops = keptOf([0, 1, 2, 3, 1], [0.9, 0.85, 0.85, 0.8, 0.85]);
  // Higher bounds left: no.
  assert.equal(stops(0, 0.85, 0, 0), false);
  assert.equal(stops(1, 0.84, 0, 3), false);
  // Every bound left below the page's last: yes, whatever the statuses and communes.
  assert.equal(stops(3, 0.86, 0, 3), true);
  assert.equal(stops(1, 0.851, 0, 3), true);
  // As high: only when no status passes the page's last, and no commune left was met before.
  assert.equal(stops(1, 0.85, 0, 0), true, "both matches of commune 1 are left");
  assert.equal(stops(2, 0.85, 0, 0), false, "commune 1 comes again at the last match");
  assert.equal(stops(4, 0.85, 0, 0), false, "commune 1 was met at the second match");
  // A commune met before whose match left is bounded lower raises nothing to the page.
  assert.equal(keptOf([0, 1, 2, 1], [0.9, 0.85, 0.85, 0.8])(2, 0.85, 0, 0), true);
  // One bounded as high is a commune met before even behind a lower one of the same commune.
  assert.equal(keptOf([0, 1, 2, 1, 1], [0.9, 0.85, 0.85, 0.8, 0.85])(2, 0.85, 0, 0), false);
  const alone = keptOf([0, 1, 2, 3], [0.9, 0.85, 0.85, 0.8]);
  assert.equal(alone(1, 0.85, 0, 0), true);
  assert.equal(alone(1, 0.85, 1, 1), true);
  assert.equal(alone(1, 0.85, 0, 1), false, "a record of a better status may be left");
  // Past the last match: nothing left.
  assert.equal(alone(4, 0, 0, 3), true);
});
