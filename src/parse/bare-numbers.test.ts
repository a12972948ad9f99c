/**
 * Numbered wards and districts written as bare numbers, as form fields joined into one line give
 * them, read only in the place the rest of the text fixes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parser = createParser();

test("a bare number right before the district is that district's numbered ward", () => {
  let r = parser.parse("1 Quốc lộ 13, 8, Gò Vấp, Thành phố Hồ Chí Minh");
  assert.equal(r.old?.ward?.full_name, "Phường 8");
  assert.equal(r.old?.district?.full_name, "Quận Gò Vấp");
  assert.equal(r.parts.name, null);
  r = parser.parse("1 Cao Bá Quát, 4, Thành phố Sóc Trăng, Tinh Soc Trang");
  assert.equal(r.old?.ward?.full_name, "Phường 4");
});

test("a bare number right before the province, after a ward, is the province's numbered district", () => {
  let r = parser.parse("1 Yersin, Phuong 10, 10, Hồ Chí Minh");
  assert.equal(r.old?.district?.full_name, "Quận 10");
  assert.equal(r.old?.ward?.full_name, "Phường 10");
  r = parser.parse("1 Nguyễn Văn Cừ, 9, 6, Thành phố Hồ Chí Minh");
  assert.equal(r.old?.district?.full_name, "Quận 6");
  assert.equal(r.old?.ward?.full_name, "Phường 9");
});

test("one bare number between the street and Hồ Chí Minh City, no ward read, is the district (map data's joined fields)", () => {
  let r = parser.parse("527 Sư Vạn Hạnh, 10, Ho Chi Minh City");
  assert.equal(r.old?.district?.full_name, "Quận 10");
  assert.equal(r.old?.ward, null);
  assert.equal(r.parts.house_number, "527");
  r = parser.parse("764 Võ Văn Kiệt, 5, TP HCM");
  assert.equal(r.old?.district?.full_name, "Quận 5");
  // A ward written before it keeps the pair's reading; a number no district has reads nothing.
  assert.equal(parser.parse("Bến Nghé, 1, HCM").old?.ward?.name, "Bến Nghé");
  assert.equal(parser.parse("Lê Lợi, 45, TP HCM").old?.district, null);
});

test("a bare number is a house's where nothing fixes the place, or the place has no unit of that number", () => {
  let r = parser.parse("12, Lê Lợi, Quận 1, TP HCM");
  assert.equal(r.parts.house_number, "12");
  assert.equal(r.old?.ward, null);
  // Quận 1's wards have names, not numbers.
  r = parser.parse("Lê Lợi, 12, Quận 1, TP HCM");
  assert.equal(r.old?.ward, null);
  // A number larger than any numbered unit's.
  assert.equal(parser.parse("Lê Lợi, 45, Gò Vấp, TP HCM").old?.ward, null);
});

test("a bare number before the old district written beside a new commune is one of the commune's old wards", () => {
  // Phường Nhiêu Lộc was formed from Phường 9, 11, 12 and 14 of Quận 3.
  const r = parser.parse("546-548 Cách Mạng Tháng 8, Phường Nhiêu Lộc (11, Quận 3 cũ), TP HCM");
  assert.equal(r.new?.ward?.name, "Nhiêu Lộc");
  assert.equal(r.old?.ward?.full_name, "Phường 11");
  assert.equal(r.old?.district?.name, "3");
  assert.equal(r.parts.name, null);
  // A number that is none of them names nothing: Phường 1 of Tân Bình went into Tân Sơn Hòa.
  const other = parser.parse("307B Nguyễn Văn Trỗi, Phường Tân Sơn Nhất (1, Quận Tân Bình cũ), TP HCM");
  assert.equal(other.new?.ward?.name, "Tân Sơn Nhất");
  assert.equal(other.old?.ward, null);
});
