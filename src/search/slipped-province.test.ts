/**
 * A province written with a slip in one of its words ("Tỉnh Tây uinh") is written, as the parser
 * read it: it narrows a commune named alike in several provinces to its own, as the province
 * written whole does, instead of leaving every commune of that name open.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "../parse/index.js";
import { communeCode, summaryIn } from "../testing/summaries.js";
import { engineOver } from "../testing/search-engine.js";
import { loadRegistry } from "../units/registry.js";

const registry = loadRegistry();
const parser = createParser(registry);
const inTayNinh = communeCode(registry, "Thạnh Phước", "80");
const inVinhLong = communeCode(registry, "Thạnh Phước", "86");

const engine = engineOver(
  [
    // The shop's name costs its record a little against a bare house at the same words elsewhere.
    summaryIn(registry, "SHOP", inTayNinh, { houseNumber: "1", hamlet: { type: "ấp", name: "Tân Lập" } }, { name: "Cửa hàng Bình An", kind: "business" }),
    summaryIn(registry, "ELSEWHERE", inVinhLong, { houseNumber: "1", street: "Đường số 3", hamlet: { type: "ấp", name: "Tân Lập" } }),
  ],
  registry,
  parser,
);

test("a province written with a slip narrows its communes as the province written whole does", () => {
  for (const query of [
    "Số 1, Ấp Tân Lập, Xã Thạnh Phước, Tỉnh Tây Ninh",
    "Số 1, Ấp Tân Lập, Xã Thạnh Phước, Tỉnh Tây uinh",
    "Số 1, Ấp Tân Lập, Xã Thạnh Phướcc, Tỉnh Tây Nnh",
  ])
    assert.equal(engine.search(query, { limit: 3 }).results[0]?.code, "SHOP", query);
  // Not written at all, the commune is every Thạnh Phước: the bare house elsewhere may come first.
  const open = engine.search("Số 1, Ấp Tân Lập, Xã Thạnh Phước", { limit: 3 }).results.map((r) => r.code);
  assert.deepEqual([...open].sort(), ["ELSEWHERE", "SHOP"]);
});
