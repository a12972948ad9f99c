/**
 * Addresses written otherwise than the records find the record they name: as map services print
 * them (the alley chain innermost first with their abbreviations, "1 Ngh. 23 Ng. 52 Đ. Lý Tự
 * Trọng", a street after "P." for Phố, the country at the end), with no spaces at all, and damaged
 * by an encoding on its way.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "../parse/index.js";
import { communeCode, summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { engineOver } from "../testing/search-engine.js";
import { encodeTcvn3 } from "../testing/legacy-encodings.js";
import { encodeVni } from "../text/vni.js";

const registry = loadRegistry();
const parser = createParser(registry);
const phuLuong = communeCode(registry, "Phú Lương", "01");
const haiBaTrung = communeCode(registry, "Hai Bà Trưng", "01");

const records = [
  summaryIn(registry, "INNER", phuLuong, { houseNumber: "1", alleys: [{ type: "ngõ", number: "52" }, { type: "ngách", number: "23" }], street: "Lý Tự Trọng" }),
  summaryIn(registry, "OTHER-NGACH", phuLuong, { houseNumber: "1", alleys: [{ type: "ngõ", number: "23" }, { type: "ngách", number: "52" }], street: "Lý Tự Trọng" }),
  summaryIn(registry, "PHO-HUE", haiBaTrung, { houseNumber: "12", street: "Phố Huế" }),
];
const engine = engineOver(records, registry, parser);

test("an alley chain written innermost first, as map services write it, finds the house in that chain", () => {
  for (const query of [
    "1 Ngh. 23 Ng. 52 Đ. Lý Tự Trọng, Phú Lương, Hà Nội, Việt Nam",
    "1 ngách 23 ngõ 52 Lý Tự Trọng, Phú Lương, Hà Nội",
    "Số 1, Ngõ 52, Ngách 23, Lý Tự Trọng, Phú Lương, Hà Nội",
  ])
    assert.equal(engine.search(query, { limit: 3 }).results[0]?.code, "INNER", query);
});

test("a street after 'P. ' and a house number is the Phố of that name", () => {
  const answer = engine.search("12 P. Huế, Hai Bà Trưng, Hà Nội, Việt Nam", { limit: 3 });
  assert.equal(answer.results[0]?.code, "PHO-HUE");
});

test("a query written without spaces finds the address its words name", () => {
  for (const query of ["1Ngõ52Ngách23LýTựTrọng,PhúLương,HàNội", "12PhốHuế,PhườngHaiBàTrưng,ThànhphốHàNội"]) {
    const answer = engine.search(query, { limit: 3 });
    assert.equal(answer.query, query);
    assert.equal(answer.results[0]?.code, query.startsWith("1Ng") ? "INNER" : "PHO-HUE", query);
  }
});

test("a query damaged by an encoding (UTF-8 read as Latin-1, a TCVN3 or VNI font's text) finds the address it was", () => {
  const query = "12 Phố Huế, Hai Bà Trưng, Hà Nội";
  for (const damaged of [
    Buffer.from(query, "utf8").toString("latin1"),
    encodeTcvn3(query).toString("latin1"),
    encodeVni(query),
  ]) {
    const answer = engine.search(damaged, { limit: 3 });
    assert.equal(answer.query, damaged);
    assert.equal(answer.results[0]?.code, "PHO-HUE", damaged);
  }
});

test("a list of houses ('12 & 14', '12, 14', '12 và 14') finds the first house of the list", () => {
  for (const query of ["12 & 14 Phố Huế, Hai Bà Trưng, Hà Nội", "Số 12, 14 Phố Huế, Hai Bà Trưng, Hà Nội", "12 và 14 Phố Huế, Hai Bà Trưng, Hà Nội", "12 va 14 Pho Hue, Hai Ba Trung, Ha Noi"]) {
    const answer = engine.search(query, { limit: 3 });
    assert.equal(answer.results[0]?.code, "PHO-HUE", `${query}: ${answer.results[0]?.label}`);
    assert.equal(answer.results[0]?.type, "address");
  }
});
