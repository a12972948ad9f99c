/**
 * Numbered wards and districts written the Sài Gòn way: "5 Nguyễn Trãi P3 Q5 TPHCM", no commas.
 * Each address is bent from its clean form (commas, full type words) and must read the same: the
 * same units, and the street without the ward's or district's words. Among them a ward merged
 * away before 2025 (Phường 3, Quận 5, now part of Phường 2) and one the list no longer has at all
 * (Phường 7, Quận 3, merged into Võ Thị Sáu in 2021).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ParsedAddress } from "./index.js";
import { createParser } from "./index.js";

const parser = createParser();

/** [house number, street, ward number, district number] in Thành phố Hồ Chí Minh. */
const ADDRESSES: readonly [string, string, string, string][] = [
  ["5", "Nguyễn Trãi", "3", "5"],
  ["45", "Trần Hưng Đạo", "2", "5"],
  ["12", "Lê Lợi", "7", "3"],
  ["12", "Lê Văn Sỹ", "14", "3"],
  ["268", "Cách Mạng Tháng Tám", "12", "10"],
  ["80", "Hồ Chí Minh", "4", "8"],
];

const WRITINGS: readonly [string, (a: readonly string[]) => string][] = [
  ["p3 q5 tphcm", ([n, s, p, q]) => `${n} ${s.toLowerCase()} p${p} q${q} tphcm`],
  ["P.3 Q.5 TP.HCM", ([n, s, p, q]) => `${n} ${s} P.${p} Q.${q} TP.HCM`],
  ["Phường 3 Quận 5 Hồ Chí Minh", ([n, s, p, q]) => `${n} ${s} Phường ${p} Quận ${q} Hồ Chí Minh`],
  ["F3 Q5", ([n, s, p, q]) => `${n} ${s} F${p} Q${q}`],
];

function reading(r: ParsedAddress): string {
  const units = `${r.old?.province?.code} ${r.old?.district?.code} ${r.old?.ward?.code} ${r.new?.ward?.code}`;
  return `${units} | ${r.parts.house_number} | ${r.parts.street?.toLowerCase()}`;
}

test("a numbered ward and district after the street, without commas, read as with them, and leave the street its own words", () => {
  for (const address of ADDRESSES) {
    const [n, s, p, q] = address;
    const clean = parser.parse(`${n} ${s}, Phường ${p}, Quận ${q}, Thành phố Hồ Chí Minh`);
    assert.equal(clean.old?.district?.name, q, `the clean form reads Quận ${q}`);
    for (const [habit, write] of WRITINGS) {
      const text = write(address);
      assert.equal(reading(parser.parse(text)), reading(clean), `${habit}: ${JSON.stringify(text)}`);
    }
  }
});

test("a ward merged away before 2025 and written without commas is read as its successor", () => {
  const r = parser.parse("5 Nguyễn Trãi P3 Q5");
  assert.equal(r.old?.ward?.full_name, "Phường 2");
  assert.equal(r.parts.street, "Nguyễn Trãi");
});

test("a province written after a numbered district is the province, not a street of house number 10", () => {
  for (const text of ["Quận 10 Hồ Chí Minh", "q10 hcm", "p12 q10 hcm"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.district?.name, "10", text);
    assert.equal(r.parts.street, null, text);
    assert.equal(r.parts.house_number, null, text);
  }
});

test("the province written again at the end is no street or place name, and a street ending in a province's name keeps it", () => {
  for (const text of [
    "123 nguyen trai cho quan hcm",
    "12 cmt8 p12 q10 hcm, viet nam",
    "so 5 hem 12 nguyen trai p3 q5 tphcm",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.new?.province?.code, "79", text);
    assert.equal(r.parts.name, null, text);
    assert.doesNotMatch(r.parts.street ?? "", /hcm/, text);
  }
  assert.equal(parser.parse("77 Nguyễn Huệ, Vĩnh Ninh, Huế").parts.street, "Nguyễn Huệ");
  assert.equal(parser.parse("80 Hồ Chí Minh Phường 4 Quận 8").parts.street, "Hồ Chí Minh");
});

test("a ward whose name closes with a Roman numeral reads the same from the number in digits, as people write it", () => {
  for (const [text, ward] of [
    ["Phường 7, Vị Thanh, Hậu Giang", "31330"],
    ["12 Trần Hưng Đạo, P5, TP Vị Thanh", "31327"],
    ["P.3 TP Vị Thanh Hậu Giang", "31321"],
    ["Phường I, Vị Thanh", "31318"],
    ["Xã Hòa Tú 2, Mỹ Xuyên, Sóc Trăng", "31729"],
    ["Tam Xuân 1, Núi Thành, Quảng Nam", "20968"],
    ["xã Cây Trường 2, Bàu Bàng, Bình Dương", "25819"],
  ] as const) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward?.code, ward, text);
    assert.equal(r.parts.house_number, text.startsWith("12 ") ? "12" : null, text);
  }
  // A digit is still no Roman numeral elsewhere: Phường 1 of Quận 3 is that district's own.
  assert.equal(parser.parse("Phường 1, Quận 3, TP.HCM").old?.ward?.code, "27160");
});

test("a number that ends a street's name in a run is no ward's, before a district with numbered wards", () => {
  for (const text of ["12 Quốc lộ 5 Đông Hà Quảng Trị", "12 duong so 1 dong ha quang tri", "12 Đường 3 Tháng 2 Đông Hà Quảng Trị"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.district?.name, "Đông Hà", text);
    assert.equal(r.old?.ward, null, text);
  }
  // A street ending in a word spelled like one that takes a number, then the ward's number.
  assert.equal(parser.parse("1 Chiến Thắng 7 Quận 8 Thành phố Hồ Chí Minh").old?.ward?.name, "7");
  assert.equal(parser.parse("1 Lý Thái Tổ 14 Quận 3 Thành phố Hồ Chí Minh").old?.ward?.name, "14");
});
