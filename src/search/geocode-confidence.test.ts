/**
 * A geocode's confidence says whether the text decides the place: the best answer's score, lowered
 * when a place elsewhere (RIVAL_DISTANCE_M away or more) scores within RIVAL_BAND of it — to
 * three quarters at a tie — and the answer's score is that confidence (what the CSV's score column
 * and the API's `confidence` give). Records at one door are one place, not rivals; nor is anything near
 * a point, a code or a Plus Code asked for, which names its place.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AddressParts } from "../domain/parts.js";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { communeCode, summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import { SearchEngine } from "./engine.js";

const registry = loadRegistry();
const tables = unitTablesOf(registry);
const parser = createParser(registry);
const hoanKiem = communeCode(registry, "Hoàn Kiếm", "01");
const baDinh = communeCode(registry, "Ba Đình", "01");
const benThanh = communeCode(registry, "Bến Thành", "79");

function house(code: string, commune: string, parts: AddressParts, lat: number, lon: number): RecordSummary {
  return summaryIn(registry, code, commune, parts, { lat, lon });
}

const engine = new SearchEngine(
  {
    registry,
    parser,
    base: buildSegment(
      [
        // One door in three cities: the text "7 Võ Thị Sáu" does not say which.
        house("A1", hoanKiem, { houseNumber: "7", street: "Võ Thị Sáu" }, 21.028, 105.852),
        house("A2", baDinh, { houseNumber: "7", street: "Võ Thị Sáu" }, 21.035, 105.82),
        house("A3", benThanh, { houseNumber: "7", street: "Võ Thị Sáu" }, 10.772, 106.698),
        // Two flats at one door, in one commune only.
        house("B1", hoanKiem, { houseNumber: "11", street: "Hàng Bạc", flat: "101" }, 21.0342, 105.8525),
        house("B2", hoanKiem, { houseNumber: "11", street: "Hàng Bạc", flat: "102" }, 21.0342, 105.8525),
        // 167 m north of A1: near a point asked for, not a rival of the house at it.
        house("C1", hoanKiem, { houseNumber: "5", street: "Đinh Lễ" }, 21.0295, 105.852),
      ],
      tables,
    ),
  },
  tables.communes.codes,
  tables.oldWards.codes,
);

test("a door the text leaves in several cities is answered with three quarters of its score", () => {
  const best = engine.search("7 Võ Thị Sáu", { limit: 3 }).results;
  assert.equal(best.length, 3);
  assert.equal(best[1].score, best[0].score, "the three doors tie");
  const answer = engine.geocodeText("7 Võ Thị Sáu");
  assert.equal(answer.result?.code, best[0].code);
  assert.equal(answer.confidence, Math.round(best[0].score * 0.75 * 1000) / 1000);
  assert.equal(answer.result?.score, answer.confidence);
});

test("the commune written decides: the whole score", () => {
  for (const text of ["7 Võ Thị Sáu, Phường Bến Thành, Thành phố Hồ Chí Minh", "7 Võ Thị Sáu, Bến Thành"]) {
    const answer = engine.geocodeText(text);
    assert.equal(answer.result?.code, "A3", text);
    assert.equal(answer.confidence, engine.search(text, { limit: 1 }).results[0].score, text);
    assert.ok(answer.confidence >= 0.8, text);
  }
});

test("records at one door are one place, not rivals", () => {
  const best = engine.search("11 Hàng Bạc", { limit: 3 }).results;
  assert.equal(best.length, 2);
  assert.equal(best[1].score, best[0].score);
  const answer = engine.geocodeText("11 Hàng Bạc");
  assert.equal(answer.confidence, best[0].score);
});

test("a point asked for names its place: an address near it is no rival", () => {
  const point = "21.028, 105.852";
  const best = engine.search(point, { limit: 3 }).results;
  assert.deepEqual(best.map((r) => r.code).slice(0, 2), ["A1", "C1"]);
  const answer = engine.geocodeText(point);
  assert.equal(answer.result?.code, "A1");
  assert.equal(answer.confidence, best[0].score);
});
