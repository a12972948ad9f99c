import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parse = createParser().parse;

test("a province written with its type word wins over a same-named commune of another province", () => {
  const r = parse("thôn 2, xã Kim Chung, tỉnh Đắk Lắk");
  assert.equal(r.new?.province?.name, "Đắk Lắk");
  assert.equal(r.new?.ward, null);
  assert.equal(r.parts.hamlet, "Thôn 2");
  assert.ok(r.confidence < 0.5, `confidence ${r.confidence}`);
});

test("an unplaced commune says why it is left empty and where that name exists", () => {
  const [note] = parse("thôn 2, xã Kim Chung, tỉnh Đắk Lắk").unplaced;
  assert.equal(note.written, "xã Kim Chung");
  assert.equal(note.level, "ward");
  assert.equal(note.reason, "not-in-province");
  assert.equal(note.province.name, "Đắk Lắk");
  assert.ok(note.elsewhere.some((e) => e.province.name === "Hà Nội" && e.unit.name === "Kim Chung"));
});

test("a commune the reading leaves out is not said to lie outside the province when the province has one of its name", () => {
  // Bình Châu is a commune of Bình Sơn, Quảng Ngãi (and of Bà Rịa - Vũng Tàu): written beside another district.
  const r = parse("xã Bình Châu, huyện Lý Sơn, Quảng Ngãi");
  assert.deepEqual(r.unplaced, []);
});

test("a province alone in the last segment is declared too, and the unplaced name becomes no street", () => {
  const r = parse("Kim Chung, Dak Lak");
  assert.equal(r.new?.province?.name, "Đắk Lắk");
  assert.equal(r.parts.street, null);
  assert.equal(parse("Hoa Binh, Dak Lak").new?.province?.name, "Đắk Lắk");
});

test("a near spelling inside the declared province is read at a low confidence and named as such", () => {
  const r = parse("thon 3, xa Hoa Binh, tinh Dak Lak");
  assert.equal(r.new?.province?.name, "Đắk Lắk");
  assert.equal(r.unplaced[0]?.reason, "near-spelling");
  assert.ok(r.confidence <= 0.5, `confidence ${r.confidence}`);
});

test("a typo in a province written after Thành phố is corrected, not read as a street", () => {
  const r = parse("290 Quang Trung, Xã Tân Tiến, Thành phố Đồng ai");
  assert.equal(r.new?.province?.name, "Đồng Nai");
  assert.equal(r.new?.ward?.name, "Tân Tiến");
  assert.equal(r.parts.street, "Quang Trung");
});

test("a hamlet named like a commune of the province names no commune", () => {
  const r = parse("Ấp Tân Lợi, Xã Tuệ Tĩnh, Thành phố Đồng Nai");
  assert.equal(r.new?.province?.name, "Đồng Nai");
  assert.equal(r.new?.ward, null);
  assert.equal(r.parts.hamlet, "Ấp Tân Lợi");
});

test("a street named like a ward elsewhere is no unplaced unit when the commune is found", () => {
  const r = parse("Trần Nguyên Hãn, Nam Tiến, Phổ Yên, Thái Nguyên");
  assert.equal(r.old?.ward?.name, "Nam Tiến");
  assert.deepEqual(r.unplaced, []);
  assert.equal(r.parts.street, "Trần Nguyên Hãn");
});

test("a shorter name read from a typed segment that names a unit only elsewhere is flagged and less sure", () => {
  const r = parse("Buon Ea, Xa Thanh Phuoc, Tinh Quang Tri");
  assert.equal(r.unplaced[0]?.reason, "part-read");
  assert.equal(r.parts.street, null);
  assert.ok(r.confidence <= 0.6, `confidence ${r.confidence}`);
});

test("Telex keys left in every word still read the commune and the province", () => {
  const r = parse("số 5 Lê Lợi, Phuwowngf Hoaf Binhf, Tinhr Phus Thoj");
  assert.equal(r.new?.ward?.full_name, "Phường Hòa Bình");
  assert.equal(r.new?.province?.name, "Phú Thọ");
});

test("a province's name that ends a run without commas is declared as after a comma", () => {
  // A commune one slip from Thanh Hóa's Điền Quang, exactly another province's Điện Quan or Hồng Lộc.
  for (const text of ["Xã Điền Quan Thanh Hóa", "x dien quan thanh hoa"]) {
    const r = parse(text);
    assert.equal(r.new?.province?.name, "Thanh Hóa", text);
    assert.equal(r.new?.ward?.code, "14932", text);
  }
  assert.equal(parse("x hong loc thanh hoa").new?.province?.name, "Thanh Hóa");
  assert.equal(parse("số 1 Hàng Bạc Hà Nội").old?.province?.name, "Hà Nội");
  // A commune read through a typo across the province's first word leaves it declared.
  assert.equal(parse("x dong thi ninh binh").new?.province?.name, "Ninh Bình");
  // Old Tây Ninh and new Tây Ninh are one statement: Long An's old Mỹ Quý Tây lies in the new one.
  assert.equal(parse("x my qy tay ninh").new?.ward?.code, "27907");
});

test("a province's name after a type word, a street's keyword or a number in a run is not declared", () => {
  assert.equal(parse("so 5 phuong bac giang").new?.ward?.code, "07210");
  assert.equal(parse("Xã Thái Nguyên").old?.ward?.code, "12910");
  assert.equal(parse("12 duong hai phong").parts.street, "hai phong");
  assert.equal(parse("1 Xa lộ Hà Nội").parts.street, "Xa lộ Hà Nội");
});

test("a province's name with a letter left out in the last segment is read, also where its first word looks like a keyword", () => {
  // "Ngh An" is no syllable "Nghan" ("ngh" stands only before e, ê, i); "Sơ La", "sn La" lack the number "số" needs.
  for (const text of ["Xã Tri Lễ, Ngh An", "x tri le, ngh an"]) assert.equal(parse(text).new?.province?.name, "Nghệ An", text);
  for (const text of ["Xã Gia Phú, Sơ La", "x gia phu, sn la"]) assert.equal(parse(text).new?.province?.name, "Sơn La", text);
});

test("a province's name ending a run is the province, as it is ending the text after a comma: no commune named like it", () => {
  // Ninh Bình's Phường Hà Nam lies in the old province Hà Nam, Hải Phòng's Xã Hà Nam elsewhere:
  // the words written last name the province, as "…, ha nam" does.
  for (const text of ["so 1 ngo 22 kim dong ha nam", "so 1 ngo 22 kim dong, ha nam"]) {
    const r = parse(text);
    assert.equal(r.old?.province?.name, "Hà Nam", text);
    assert.equal(r.new?.ward, null, text);
  }
  // Bình Dương's Phường Bình Dương of 2025, likewise ("12 Lê Lợi Bình Dương").
  const r = parse("12 Lê Lợi Bình Dương");
  assert.equal(r.old?.province?.name, "Bình Dương");
  assert.equal(r.new?.ward, null);
  assert.equal(r.parts.street, "Lê Lợi");
});

test("a province alone in the last segment is the province, not a commune of its name elsewhere that the district before it holds", () => {
  // Tiền Giang's Huyện Châu Thành has a Xã Long An; Long An has a Huyện Châu Thành of its own.
  for (const text of ["Châu Thành, Long An", "Huyện Châu Thành, Long An"]) {
    const r = parse(text);
    assert.equal(r.old?.province?.name, "Long An", text);
    assert.equal(r.old?.district?.name, "Châu Thành", text);
    assert.equal(r.old?.ward, null, text);
  }
  // Typed, the commune is written: it is read.
  assert.equal(parse("Xã Long An, Châu Thành, Tiền Giang").old?.ward?.name, "Long An");
});
