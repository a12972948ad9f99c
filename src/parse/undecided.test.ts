import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parser = createParser();

test("an old district read as the new commune of its name is only the likelier commune when the district was split", () => {
  // Quận Hoàn Kiếm went into several new communes; without the street's commune the text does not decide.
  const r = parser.parse("58 Quán Sứ, Hoàn Kiếm, Hà Nội");
  assert.equal(r.old?.district?.full_name, "Quận Hoàn Kiếm");
  assert.equal(r.new?.ward?.full_name, "Phường Hoàn Kiếm");
  assert.equal(r.ambiguous, true);
  assert.ok(r.undecided.includes("new.ward"), `undecided ${r.undecided}`);
  assert.ok(r.confidence < 0.85, `confidence ${r.confidence}`);
  const others = r.alternatives
    .filter((a) => a.reason === "split-district")
    .map((a) => a.new?.ward?.full_name);
  assert.ok(others.includes("Phường Cửa Nam"), `split-district alternatives ${others}`);
  assert.ok(!others.includes("Phường Hoàn Kiếm"));
});

test("the new commune written with its type word is decided", () => {
  const r = parser.parse("58 Quán Sứ, Phường Hoàn Kiếm, Hà Nội");
  assert.equal(r.new?.ward?.full_name, "Phường Hoàn Kiếm");
  assert.ok(!r.undecided.includes("new.ward"), `undecided ${r.undecided}`);
  assert.equal(r.alternatives.filter((a) => a.reason === "split-district").length, 0);
});

test("undecided names the new commune of a split old ward, and nothing when every unit is decided", () => {
  assert.deepEqual(parser.parse("12/3A Ng.T.Minh Khai, P.Đa Kao, Q1, TPHCM").undecided, ["new.ward"]);
  assert.deepEqual(parser.parse("5 Le Loi, P. Ben Nghe, Q1, HCM").undecided, []);
});

test("among tied readings, a unit the words name alone comes before one of many namesakes read from other words", () => {
  // Lương Sơn has no Xã Phú Hòa: the district (one) and the twenty Phú Hòa elsewhere tie; the
  // answer is the district, low in confidence, the communes among the alternatives.
  for (const text of ["Xã Phú Hòa, Huyện Lương Sơn", "X.Phú Hòa, H.Lương Sơn"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.district?.name, "Lương Sơn", text);
    assert.equal(r.old?.ward ?? null, null, text);
    assert.ok(r.confidence < 0.5, text);
    assert.ok(r.alternatives.some((a) => a.old?.ward?.name === "Phú Hoà" || a.new?.ward?.name === "Phú Hòa"), text);
  }
});
