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

test("a street written alone names no unit: its keyword, its last words and 'nối dài' are the street's", () => {
  for (const [text, street] of [
    ["Đ. Xô Viết Nghệ Tĩnh", "Xô Viết Nghệ Tĩnh"], // "Viết Nghệ" two slips from Việt Khê
    ["Đ. Lũy Bán Bích", "Lũy Bán Bích"], // one slip from Ba Bích
    ["Đường Thành Thái", "Thành Thái"], // "Đường" is no Dương of Xã Dương Thành
    ["Đường Đồng Nai", "Đồng Nai"],
    ["Đường An Dương Vương", "An Dương Vương"], // Xã Đường An, with words of the street after it
    ["Đường Hồng Bàng", "Hồng Bàng"],
    ["số 5 đường Nam Kỳ Khởi Nghĩa", "Nam Kỳ Khởi Nghĩa"], // the keyword is no word of the name
    ["số 5 đường Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"],
    ["số 5 đường Cách Mạng Tháng Tám", "Cách Mạng Tháng Tám"], // folded alike with Phường Thắng Tam
    ["12 Quang Trung nối dài", "Quang Trung nối dài"], // "nối dài" one slip from Nội Bài
    ["Đ. Điện Biên Phủ nối dài", "Điện Biên Phủ nối dài"],
    // A person's name after the family name opening it is no slip of a commune's.
    ["Võ văn kiệt", "Võ văn kiệt"], // one slip from Văn Kiều
    ["Chung cư Tân Mai, Lê Đức Anh", "Lê Đức Anh"], // one slip from Đức An
    ["Số 16 đg Nguyễn Văn Cừ", "Nguyễn Văn Cừ"], // "đg", đường shortened
  ]) {
    const r = parser.parse(text);
    assert.equal(r.old?.province ?? null, null, `${text}: ${r.old?.province?.name}`);
    assert.equal(r.new?.ward ?? null, null, `${text}: ${r.new?.ward?.name}`);
    assert.equal(r.parts.street, street, text);
  }
});

test("a unit's name written after a street in a run is read as written, not as a slip of another's", () => {
  // Bến Thành, not Nghệ An's Yên Thành one letter away; weakly, as the words may be the street's.
  const r = parser.parse("12 Lê Lợi Bến Thành");
  assert.equal(r.old?.ward?.full_name, "Phường Bến Thành");
  assert.equal(r.parts.street, "Lê Lợi");
  assert.ok(r.confidence < 0.5, `${r.confidence}`);
  // The keyword spelled as the name's first word, the name closing its segment: the commune.
  assert.equal(parser.parse("Đường Lâm, Sơn Tây, Hà Nội").old?.ward?.name, "Đường Lâm");
  assert.equal(parser.parse("Đường Hồng, Bắc Mê, Hà Giang").old?.ward?.full_name, "Xã Đường Hồng");
});

test("a district written straight after the street is claimed once the province is written", () => {
  const r = parser.parse("số 100 ngõ 13 Lĩnh Nam Hoàng Mai - Hà Nội");
  assert.equal(r.old?.district?.full_name, "Quận Hoàng Mai");
  assert.equal(r.parts.street, "Lĩnh Nam");
  assert.equal(r.parts.alley, "Ngõ 13");
  // A district that is the street's whole name stays the street's (Cầu Giấy street, Cầu Giấy district).
  const whole = parser.parse("Số 15 Ngõ 12 Cầu Giấy, Hà Nội");
  assert.equal(whole.old?.district ?? null, null);
  assert.equal(whole.parts.street, "Cầu Giấy");
  // Nor is a district of another province claimed.
  assert.equal(parser.parse("số 100 ngõ 13 Lĩnh Nam Hoàng Mai, Đà Nẵng").old?.district ?? null, null);
});
