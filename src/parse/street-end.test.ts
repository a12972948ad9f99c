import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parser = createParser();

test("a ward written straight after the street is claimed once the district is written", () => {
  const r = parser.parse("số 5 ngõ 12 Kim Mã Thượng Cống Vị, Ba Đình, Hà Nội");
  assert.equal(r.old?.ward?.full_name, "Phường Cống Vị");
  assert.equal(r.old?.district?.full_name, "Quận Ba Đình");
  assert.equal(r.parts.street, "Kim Mã Thượng");
  assert.equal(r.parts.alley, "Ngõ 12");
});

test("the street keeps its name: a ward name that is the whole street, after a number or a keyword, stays the street", () => {
  for (const text of [
    "12 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội",
    "12 Phố Trần Hưng Đạo, Hoàn Kiếm, Hà Nội",
    "Số 5 ngách 12/34 ngõ 56 Láng Hạ, Đống Đa, Hà Nội",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward, null, text);
  }
});

test("a person's family and middle name before a ward's name is the street's name going on", () => {
  // Minh Khai is a ward of Hai Bà Trưng; "Nguyễn Thị Minh Khai" is one name.
  const r = parser.parse("12 Nguyễn Thị Minh Khai, Hai Bà Trưng, Hà Nội");
  assert.equal(r.old?.ward, null);
  assert.equal(r.parts.street, "Nguyễn Thị Minh Khai");
});

test("a ward after the street of another district is not claimed", () => {
  // Cống Vị is a ward of Ba Đình, not of Đống Đa.
  const r = parser.parse("số 5 ngõ 12 Kim Mã Thượng Cống Vị, Đống Đa, Hà Nội");
  assert.notEqual(r.old?.ward?.full_name, "Phường Cống Vị");
});
