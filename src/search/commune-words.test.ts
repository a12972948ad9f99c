/**
 * A text that names no unit the parser can read ("1 Nguyễn Khuyến Tiên Sơn": no comma, no type
 * word, no district or province, and the commune's name borne by several communes) still finds
 * the street of the commune whose name it writes, among hundreds of equal streets elsewhere.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { unitTablesOf } from "./build.js";
import { engineOver } from "../testing/search-engine.js";

const registry = loadRegistry();
const tables = unitTablesOf(registry);
const parser = createParser(registry);
const codes = tables.communes.codes;

/** Communes of two words or more whose name another commune bears too, by name. */
const byName = new Map<string, string[]>();
for (const code of codes) {
  const name = registry.require("new", code).name;
  byName.set(name, [...(byName.get(name) ?? []), code]);
}
// The asked commune comes late in the communes' order (past the documents a pass considers first).
const asked = codes.slice(600).find((code) => {
  const name = registry.require("new", code).name;
  if (!name.includes(" ") || /\d/.test(name) || byName.get(name)!.length < 2) return false;
  // The premise: the parser alone cannot place the name after the street.
  return (parser.parse(`1 Nguyễn Khuyến ${name}`).new?.ward ?? null) === null;
})!;
const askedName = registry.require("new", asked).name;
const others = codes.slice(0, 400).filter((code) => registry.require("new", code).name !== askedName);

function house(code: string, commune: string): RecordSummary {
  return summaryIn(registry, code, commune, { houseNumber: "1", street: "Nguyễn Khuyến" });
}

const records = [...others.map((commune, k) => house(`N${k}`, commune)), house("ASKED", asked)];
const engine = engineOver(records, registry, parser);

test("the street of the commune whose name ends the text comes first, though no unit was read", () => {
  const text = `1 Nguyễn Khuyến ${askedName}`;
  const top = engine.search(text, { limit: 3 }).results[0];
  assert.equal(top?.code, "ASKED", `${text}: ${top?.label}`);
  // Without diacritics, as typed on a phone.
  const bare = `1 nguyen khuyen ${askedName.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase()}`;
  assert.equal(engine.search(bare, { limit: 3 }).results[0]?.code, "ASKED", bare);
});

test("a text that names nothing but the street keeps the street's order", () => {
  const results = engine.search("1 Nguyễn Khuyến", { limit: 3 }).results;
  assert.notEqual(results[0]?.code, "ASKED");
});

test("after a door alone ('Số 1, Ngõ 120,'), the words typed next are its street, though a commune bears that name", () => {
  const kimAnh = registry.list("new", "ward").find((u) => u.name === "Kim Anh")!;
  const records: RecordSummary[] = [
    { ...house("ALLEY", kimAnh.code), parts: { houseNumber: "1", alleys: [{ type: "ngõ", number: "120" }], street: "Nguyễn Văn Linh" } },
    ...others.slice(0, 30).map((commune, k) => ({ ...house(`D${k}`, commune), parts: { houseNumber: "1", street: "Đường số 1" } })),
  ];
  const typing = engineOver(records, registry, parser);
  // The premise: a commune is named Nguyễn Văn Linh (Hưng Yên).
  assert.ok(registry.list("new", "ward").some((u) => u.name === "Nguyễn Văn Linh"));
  for (const text of ["Số 1, Ngõ 120, Nguyễn Văn Linh", "Số 1, Ngõ 120, Nguyễn Văn Li"])
    assert.equal(typing.search(text, { autocomplete: true, limit: 3 }).results[0]?.code, "ALLEY", text);
});

test("a commune whose name holds a dash (Lâm Viên - Đà Lạt) is completed while its last word is typed", () => {
  const lamVien = registry.list("new", "ward").find((u) => u.name === "Lâm Viên - Đà Lạt")!;
  const records: RecordSummary[] = [
    house("DALAT", lamVien.code),
    ...others.slice(0, 30).map((commune, k) => house(`E${k}`, commune)),
  ];
  const typing = engineOver(records, registry, parser);
  for (const text of ["1 Nguyễn Khuyến, Phường Lâm Viên - Đà Lạ", "1 Nguyễn Khuyến, Phường Lâm Viên - Đ"])
    assert.equal(typing.search(text, { autocomplete: true, limit: 3 }).results[0]?.code, "DALAT", text);
});

test("a commune written with its type word (Phường Tân Lập) is not a Xã of that name elsewhere, and a province being typed narrows it", () => {
  const tanLap = registry.require("new", "24121"); // Phường Tân Lập, Đắk Lắk
  const tanUyen = registry.require("new", "25888"); // Phường Tân Uyên, Hồ Chí Minh: an old Xã Tân Lập went into it
  assert.equal(tanLap.name, "Tân Lập");
  const records: RecordSummary[] = [
    // A shop's name the text does not write: its label says more, so it scores below a plain house.
    { ...house("SHOP", tanLap.code), name: "Tiệm sửa xe Phú Quý", parts: { houseNumber: "1", street: "Lê Văn Tám" } },
    { ...house("ELSEWHERE", tanUyen.code), parts: { houseNumber: "1", street: "Lê Văn Tám" } },
  ];
  const engine2 = engineOver(records, registry, parser);
  assert.equal(engine2.search("1 Lê Văn Tám, Phường Tân Lập", { limit: 3 }).results[0]?.code, "SHOP");
  assert.equal(engine2.search("1 Lê Văn Tám, Phường Tân Lập, Tỉnh Đắk Lắ", { autocomplete: true, limit: 3 }).results[0]?.code, "SHOP");
});

test("a house of the commune the text names comes before a bare house of a commune its old name leads to, and another flat is another address", () => {
  const records: RecordSummary[] = [
    // Phường Đại Mỗ today; the old Phường Đại Mỗ went partly into Xuân Phương too.
    { ...house("SHOP", "00637"), name: "Tiệm sửa xe Bình An", parts: { houseNumber: "1", street: "Đường 3 Tháng 2" } },
    { ...house("BARE", "00622"), parts: { houseNumber: "1", street: "Đường 3 Tháng 2" } },
    // The old Phường Kiến Hưng (Hà Đông) went into Kiến Hưng and Phú Lương: flat 306 is in Phú Lương.
    { ...house("FLAT101", "09552"), parts: { houseNumber: "1", street: "Hàng Đào", building: "Chung cư Thanh Đa", flat: "101" } },
    { ...house("FLAT306", "09568"), parts: { houseNumber: "1", street: "Hàng Đào", building: "Chung cư Thanh Đa", flat: "306" } },
  ];
  const engine3 = engineOver(records, registry, parser);
  assert.equal(engine3.search("1 Đường 3 Tháng 2, Phường Đại Mỗ", { limit: 3 }).results[0]?.code, "SHOP");
  const flat = "Căn hộ 306, Chung cư Thanh Đa, 1 Hàng Đào, Phường Kiến Hưng, Quận Hà Đông, Thành phố Hà Nội";
  assert.equal(engine3.search(flat, { limit: 3 }).results[0]?.code, "FLAT306");
});

test("a bare name the parser reads as an old district is as much every commune of that name", () => {
  // "Hòa Bình" ending the text is the old province Hòa Bình (now Phú Thọ) to the parser, and its
  // Thành phố Hòa Bình, with Bạc Liêu's Huyện Hòa Bình among its readings; the flat is in Hồ Chí
  // Minh's Phường Hòa Bình.
  const flat = summaryIn(registry, "FLAT", "27211", {
    houseNumber: "1",
    street: "Phùng Hưng",
    building: "Chung cư Hoàng Anh Gia Lai",
    flat: "Căn hộ 202",
  });
  const elsewhere = ["09025", "04795", ...codes.slice(0, 200)].map((commune, k) =>
    summaryIn(registry, `P${k}`, commune, { houseNumber: "1", street: "Phùng Hưng" }),
  );
  const engine = engineOver([...elsewhere, flat], registry, parser);
  const text = "Căn hộ 202 Chung cư Hoàng Anh Gia Lai 1 Phùng Hưng Hòa Bình";
  assert.ok(["Hòa Bình", "Hoà Bình"].includes(parser.parse(text).old?.district?.name ?? ""));
  for (const query of [text, "can ho 202 chung cu hoang anh gia lai 1 phung hung hoa binh"]) {
    const top = engine.search(query, { limit: 3 }).results[0];
    assert.equal(top?.code, "FLAT", `${query}: ${top?.label}`);
  }
  // Typed as the district, the words are the district's, not every commune's.
  const district = engine.search("1 Phùng Hưng, Huyện Hòa Bình", { limit: 3 }).results[0];
  assert.notEqual(district?.code, "FLAT");
});

test("of the communes a bare name folds to, the name as written with its marks decides", () => {
  // Hà Nội's Phường Vĩnh Hưng and Nghệ An's Phường Vinh Hưng fold alike; the name of the house
  // in Hà Nội holds the commune's name, so the commune is not what the text agrees on.
  const records = [
    summaryIn(registry, "HANOI", "00301", { houseNumber: "1", street: "Đồ Sơn" }, { name: "Nhà văn hóa Vĩnh Hưng" }),
    summaryIn(registry, "NGHEAN", "17920", { houseNumber: "1", street: "Đồ Sơn" }),
    ...codes
      .filter((commune) => registry.require("new", commune).name !== "Vĩnh Hưng")
      .slice(0, 100)
      .map((commune, k) => summaryIn(registry, `D${k}`, commune, { houseNumber: "1", street: "Đồ Sơn" })),
  ];
  const engine = engineOver(records, registry, parser);
  assert.equal(engine.search("1 Đồ Sơn Vĩnh Hưng", { limit: 3 }).results[0]?.code, "HANOI");
  assert.equal(engine.search("1 Đồ Sơn Vinh Hưng", { limit: 3 }).results[0]?.code, "NGHEAN");
});

test("a commune's name being typed after its type word comes first in the communes of that type", () => {
  // Xã Thái Hòa (Tuyên Quang, Phú Thọ) and Phường Thái Hòa (Nghệ An); Xã Bình Minh and Phường Bình Đức.
  const records: RecordSummary[] = [
    summaryIn(registry, "XA", "02419", { houseNumber: "1", street: "Tôn Đức Thắng" }),
    summaryIn(registry, "PHUONG", "16939", { houseNumber: "1", street: "Tôn Đức Thắng" }),
    summaryIn(registry, "XA2", "10126", { houseNumber: "1", street: "Tôn Đức Thắng" }),
    summaryIn(registry, "PHUONG2", "30292", { houseNumber: "1", street: "Tôn Đức Thắng" }),
  ];
  const typing = engineOver(records, registry, parser);
  const first = (text: string) => typing.search(text, { autocomplete: true, limit: 3 }).results[0]?.code;
  assert.equal(first("1 Tôn Đức Thắng, Phường Thái Hòa"), "PHUONG");
  assert.equal(first("1 Tôn Đức Thắng, Phường Thái H"), "PHUONG");
  assert.equal(first("1 Tôn Đức Thắng, Xã Thái Hò"), "XA");
  assert.equal(first("1 Tôn Đức Thắng, P. Bì"), "PHUONG2");
  assert.equal(first("1 Tôn Đức Thắng, Xã Bì"), "XA2");
});

test("'Số 1' opening the text is the door, not a street called Đường số 1, while the street is typed", () => {
  const records: RecordSummary[] = [
    summaryIn(registry, "HANGDAO", others[7], { houseNumber: "1", alleys: [{ type: "ngõ", number: "80" }], street: "Hàng Đào" }),
    ...others.slice(10, 60).map((commune, k) => summaryIn(registry, `S${k}`, commune, { houseNumber: "5", street: "Đường số 1" })),
  ];
  const typing = engineOver(records, registry, parser);
  for (const text of ["Số 1, Ngõ 80, Hàn", "Số 1, Ngõ 80, Hàng Đ", "số 1 ngõ 80 hàn"])
    assert.equal(typing.search(text, { autocomplete: true, limit: 3 }).results[0]?.code, "HANGDAO", text);
  // Written after the door, "số 1" is still the street's name.
  assert.equal(typing.search("5 Đường số 1", { limit: 3 }).results[0]?.code?.startsWith("S"), true);
});
