import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createParser, parseAddress } from "./index.js";

const parser = createParser();
const parse = parser.parse;

test("reads the issue's HCMC example with a slash house number, Ng.T. abbreviations and glued Q1", () => {
  const r = parse("12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM");
  assert.equal(r.parts.house_number, "12/3A");
  assert.equal(r.parts.street, "Nguyễn Thị Minh Khai");
  assert.equal(r.structure, "old");
  assert.equal(r.old?.ward?.full_name, "Phường Đa Kao");
  assert.equal(r.old?.district?.name, "1");
  assert.equal(r.old?.province?.name, "Hồ Chí Minh");
});

test("marks a split old ward ambiguous and lists every new commune instead of guessing, when the links do not say which took its main part", () => {
  const r = parse("số 9, đường Trần Phú, phường Điện Biên, Ba Đình");
  assert.equal(r.ambiguous, true);
  assert.equal(r.new?.ward, null);
  assert.equal(r.new?.province?.code, "01");
  const splits = r.alternatives.filter((a) => a.reason === "split-ward").map((a) => a.new?.ward?.name);
  assert.ok(splits.length >= 2, `expected several successors, got ${splits}`);
});

test("gives a split old ward's main part as the likelier new commune, less surely, and lists the other parts", () => {
  // Phường Ngọc Hà went into the new Ngọc Hà (its name) and Ba Đình; Đa Kao's code went to the new
  // Tân Định (a new commune keeps the code of the predecessor that anchors it), another part to Sài Gòn.
  for (const [text, main] of [
    ["Phường Ngọc Hà, Ba Đình, Hà Nội", "Ngọc Hà"],
    ["12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM", "Tân Định"],
  ]) {
    const r = parse(text);
    assert.equal(r.new?.ward?.name, main, text);
    assert.equal(r.ambiguous, true, text);
    assert.ok(r.undecided.includes("new.ward"), text);
    assert.ok(r.confidence < 0.7, `${text}: confidence ${r.confidence}`);
    const others = r.alternatives.filter((a) => a.reason === "split-ward").map((a) => a.new?.ward?.name);
    assert.ok(others.length >= 1 && !others.includes(main), `${text}: ${others}`);
  }
});

test("reads the issue's Hà Nội example written without diacritics or commas", () => {
  const r = parse("so 7 ngo 12 ngach 3 khuong ha thanh xuan hn");
  assert.equal(r.parts.house_number, "7");
  assert.equal(r.parts.alley, "Ngõ 12 Ngách 3");
  assert.equal(r.parts.street, "khuong ha");
  assert.equal(r.old?.district?.name, "Thanh Xuân");
  assert.equal(r.old?.province?.code, "01");
  assert.equal(r.new?.ward?.name, "Thanh Xuân");
});

test("reads the issue's rural example with X., TP and the BMT alias", () => {
  const r = parse("Thôn 3, X. Ea Kao, TP BMT, Đắk Lắk");
  assert.equal(r.parts.hamlet, "Thôn 3");
  assert.equal(r.old?.ward?.full_name, "Xã Ea Kao");
  assert.equal(r.old?.district?.full_name, "Thành phố Buôn Ma Thuột");
  assert.equal(r.new?.ward?.name, "Ea Kao");
  assert.equal(r.new?.province?.code, "66");
  assert.equal(r.ambiguous, false);
});

test("keeps a street named like a ward out of the units (Trần Hưng Đạo, Lê Lợi, Hai Bà Trưng)", () => {
  const a = parse("12 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội");
  assert.equal(a.parts.street, "Trần Hưng Đạo");
  assert.equal(a.old?.ward, null);
  assert.equal(a.old?.district?.name, "Hoàn Kiếm");
  const b = parse("88 Lê Lợi, Phường Bến Thành, Quận 1, TP Hồ Chí Minh");
  assert.equal(b.parts.street, "Lê Lợi");
  assert.equal(b.old?.ward?.name, "Bến Thành");
  const c = parse("45 Hai Bà Trưng, Bến Nghé, Quận 1, TP.HCM");
  assert.equal(c.parts.street, "Hai Bà Trưng");
  assert.equal(c.old?.district?.name, "1");
});

test("still resolves a ward that really is named like the street beside it", () => {
  const r = parse("25 Lý Thường Kiệt, Trần Hưng Đạo, Hoàn Kiếm, Hà Nội");
  assert.equal(r.old?.ward?.full_name, "Phường Trần Hưng Đạo");
  assert.equal(r.parts.street, "Lý Thường Kiệt");
});

test("tolerates typos in unit names", () => {
  assert.equal(parse("12 Nguyễn Trãi, P. Bến Thàn, Q.1, HCM").old?.ward?.name, "Bến Thành");
  assert.equal(parse("Xa Kim Chugn, Hoai Duc, Ha Noi").old?.ward?.name, "Kim Chung");
});

test("reads NFD input like NFC and both tone-mark placements alike", () => {
  const nfc = parse("Phường Bến Nghé, Quận 1, TP Hồ Chí Minh");
  const nfd = parse("Phường Bến Nghé, Quận 1, TP Hồ Chí Minh".normalize("NFD"));
  assert.deepEqual(nfd.old, nfc.old);
  assert.equal(parse("Xã Hoà An, huyện Chợ Mới, An Giang").old?.ward?.full_name, "Xã Hòa An");
});

test("reads addresses written without any diacritics", () => {
  const r = parse("55/12 hem 55 Tran Quang Khai, Tan Dinh, Q1, HCM");
  assert.equal(r.parts.house_number, "55/12");
  assert.equal(r.parts.alley, "Hẻm 55");
  assert.equal(r.old?.ward?.name, "Tân Định");
});

test("reads the new two-level structure and lists the old predecessors", () => {
  const r = parse("Phường Sài Gòn, TP. Hồ Chí Minh");
  assert.equal(r.structure, "new");
  assert.equal(r.new?.ward?.full_name, "Phường Sài Gòn");
  assert.equal(r.old?.district?.name, "1");
  assert.equal(r.old?.ward, null);
  assert.ok(r.alternatives.some((a) => a.reason === "predecessor" && a.old?.ward?.name === "Bến Nghé"));
});

test("converts an old ward with a single successor to the new structure", () => {
  const r = parse("hẻm 284/5 Lê Văn Sỹ, F.14, Q.3, tp hcm");
  assert.equal(r.old?.ward?.full_name, "Phường 14");
  assert.equal(r.new?.ward?.name, "Nhiêu Lộc");
  assert.equal(r.formatted.new, "Hẻm 284/5 Lê Văn Sỹ, Phường Nhiêu Lộc, Thành phố Hồ Chí Minh");
  assert.equal(r.formatted.old, "Hẻm 284/5 Lê Văn Sỹ, Phường 14, Quận 3, Thành phố Hồ Chí Minh");
});

test("accepts old/new mixtures: an old ward and district under the new province", () => {
  const r = parse("Phường 1, TP Bạc Liêu, tỉnh Cà Mau");
  assert.equal(r.structure, "mixed");
  assert.equal(r.old?.province?.name, "Bạc Liêu");
  assert.equal(r.old?.district?.full_name, "Thành phố Bạc Liêu");
  assert.equal(r.new?.province?.name, "Cà Mau");
});

test("reads reversed order and dashes as separators", () => {
  const r = parse("Hà Nội - Cầu Giấy - Dịch Vọng Hậu - 144 Xuân Thủy");
  assert.equal(r.old?.ward?.name, "Dịch Vọng Hậu");
  assert.equal(r.parts.house_number, "144");
  assert.equal(r.parts.street, "Xuân Thủy");
});

test("extracts building, floor, flat and the place name", () => {
  const r = parse(
    "Phòng 1203, Tòa A2, Chung cư Hoàng Anh Gia Lai, 357 Lê Văn Lương, Nhân Chính, Thanh Xuân, Hà Nội",
  );
  assert.equal(r.parts.unit, "Phòng 1203");
  assert.equal(r.parts.building, "Tòa A2 Chung cư Hoàng Anh Gia Lai");
  assert.equal(r.parts.house_number, "357");
  assert.equal(r.old?.ward?.name, "Nhân Chính");
  const p = parse("Chợ Bến Thành, Lê Lợi, Phường Bến Thành, Quận 1, TPHCM");
  assert.equal(p.parts.name, "Chợ Bến Thành");
  assert.equal(p.parts.street, "Lê Lợi");
});

test("reads Bis numbers, kiệt numbers and lots", () => {
  assert.equal(parse("284D Bis Lê Lợi, P. Bến Thành, Q.1").parts.house_number, "284D Bis");
  assert.equal(parse("K12/5 Hoàng Diệu, Hải Châu, Đà Nẵng").parts.house_number, "K12/5");
  assert.equal(parse("Lô A5 KCN Tân Tạo, P. Tân Tạo A, Q. Bình Tân, TP.HCM").parts.house_number, "Lô A5");
});

test("does not read the surname Ngô as the alley word ngõ", () => {
  const r = parse("Số 152 ngõ 125 Ngô Quyền, P. Quỳnh Mai, Q Hai Bà Trưng, TP Hà Nội");
  assert.equal(r.parts.alley, "Ngõ 125");
  assert.equal(r.parts.street, "Ngô Quyền");
});

test("returns alternatives with low confidence when the text names only a common name", () => {
  const r = parse("Lê Lợi");
  assert.equal(r.ambiguous, true);
  assert.ok(r.confidence < 0.5);
  assert.ok(r.alternatives.length > 0);
});

test("returns the JSON shape with nulls for an empty input", () => {
  const r = parse("");
  assert.deepEqual(r.parts, {
    house_number: null,
    alley: null,
    street: null,
    hamlet: null,
    building: null,
    unit: null,
    name: null,
    plus_code: null,
  });
  assert.equal(r.old, null);
  assert.equal(r.new, null);
  assert.deepEqual(r.formatted, { old: null, new: null });
  assert.equal(r.confidence, 0);
  assert.deepEqual(r.alternatives, []);
});

test("parseAddress uses one shared parser and gives the same answer as createParser", () => {
  const text = "Thôn Đông, xã Kim Chung, huyện Hoài Đức, Hà Nội";
  assert.deepEqual(parseAddress(text), parse(text));
});

test("lowers the confidence of a unit read through a typo and lists the exact name elsewhere in the province", () => {
  // Hiền Ninh lies in Sóc Sơn, one letter from what was written; Xã Liên Ninh exists exactly, in
  // Thanh Trì.
  const r = parse("Thôn 1, xã Liên Ninh, huyện Sóc Sơn, Hà Nội");
  assert.equal(r.old?.ward?.name, "Hiền Ninh");
  assert.equal(r.old?.district?.name, "Sóc Sơn");
  assert.ok(r.confidence <= 0.8, `confidence ${r.confidence}`);
  const exact = r.alternatives.find((a) => a.reason === "reading" && a.old?.ward?.name === "Liên Ninh");
  assert.ok(exact, `no Liên Ninh among ${JSON.stringify(r.alternatives)}`);
  assert.equal(exact.old?.district?.name, "Thanh Trì");
});

test("a ward written beside the district it lay in before it moved is that ward, surely", () => {
  // Xã Nghi Phong lay in Nghi Lộc until Vinh took it (former units' `moves`); Nghi Phương of Nghi
  // Lộc is one letter away, and was the answer before the move was known.
  const r = parse("Xóm 4, xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An");
  assert.equal(r.old?.ward?.name, "Nghi Phong");
  assert.equal(r.old?.district?.name, "Vinh");
  assert.equal(r.confidence, 1);
  // Its district's name is no street.
  const moved = parse("Xã Kiên Lao, Lục Ngạn, Bắc Giang");
  assert.equal(moved.old?.ward?.name, "Kiên Lao");
  assert.equal(moved.old?.district?.full_name, "Thị xã Chũ");
  assert.equal(moved.parts.street, null);
});

test("keeps full confidence and no far alternatives when every unit is written exactly", () => {
  const r = parse("Xóm 4, xã Nghi Phương, huyện Nghi Lộc, tỉnh Nghệ An");
  assert.equal(r.old?.ward?.name, "Nghi Phương");
  assert.equal(r.confidence, 1);
  assert.equal(r.alternatives.filter((a) => a.reason === "reading").length, 0);
});

test("returns the likelier of two tied readings at low confidence, and lists the other with both structures", () => {
  // Hà Nội has two Xã Kim Chung: 00493 in Đông Anh and 09853 in Hoài Đức. Issue 13 (item 3): a
  // tie gives the likelier reading, not nothing; here nothing but the code order tells them apart.
  const r = parse("Xa Kim Chung, Ha Noi");
  assert.equal(r.ambiguous, true);
  assert.ok(r.confidence < 0.3, `confidence ${r.confidence}`);
  assert.equal(r.old?.province?.code, "01");
  const chosen = r.old?.ward?.code;
  assert.ok(chosen === "00493" || chosen === "09853", `old ward ${chosen}`);
  assert.equal(r.old?.district?.code, chosen === "00493" ? "017" : "274");
  assert.equal(r.new?.province?.code, "01");
  assert.deepEqual(r.undecided, ["old.district", "old.ward", "new.ward"]);
  const readings = r.alternatives.filter((a) => a.reason === "reading");
  const other = chosen === "00493" ? "09853 274 01" : "00493 017 01";
  const wards = new Set(
    readings.map((a) => `${a.old?.ward?.code} ${a.old?.district?.code} ${a.old?.province?.code}`),
  );
  assert.deepEqual([...wards], [other]);
  assert.ok(readings.every((a) => a.new?.province?.code === "01" && a.new?.ward !== null));
  // Each old commune was split: every new commune of each is offered, the chosen one's main part
  // (the commune with its code) as the answer and its other part as split-ward.
  const newWards = r.alternatives
    .filter((a) => a.reason === "reading" || a.reason === "split-ward")
    .map((a) => a.new?.ward?.name);
  assert.deepEqual([r.new?.ward?.name, ...newWards].sort(), ["Hoài Đức", "Thiên Lộc", "Tây Tựu", "Vĩnh Thanh"]);
  assert.equal(r.formatted.old?.startsWith("Xã Kim Chung"), true);
});

test("resolves the same commune without doubt once its district is written", () => {
  const r = parse("Xa Kim Chung, Hoai Duc, Ha Noi");
  assert.equal(r.old?.ward?.code, "09853");
  assert.equal(r.old?.district?.code, "274");
  assert.equal(r.old?.province?.code, "01");
  assert.equal(r.alternatives.filter((a) => a.reason === "reading").length, 0);
  // Only the conversion is open (the ward was split in 2025), not the reading.
  assert.ok(r.alternatives.every((a) => a.reason === "split-ward"));
  const tie = parse("Xa Kim Chung, Ha Noi");
  assert.ok(r.confidence >= 0.7 && r.confidence > tie.confidence * 3, `confidence ${r.confidence}`);
});

test("picks one of the many Phường 1 of a province at low confidence when no district is written", () => {
  // Hồ Chí Minh City had a Phường 1 in ten districts (Quận 3, 4, 5, 6, 10, 11, Gò Vấp, ...).
  const r = parse("P1, TP HCM");
  assert.equal(r.ambiguous, true);
  assert.ok(r.confidence < 0.3, `confidence ${r.confidence}`);
  assert.equal(r.old?.province?.code, "79");
  assert.equal(r.old?.ward?.name, "1");
  assert.notEqual(r.old?.district, null);
  assert.equal(r.new?.province?.code, "79");
  assert.ok(r.undecided.includes("old.ward") && r.undecided.includes("old.district"));
  const readings = r.alternatives.filter((a) => a.reason === "reading");
  const wards = new Set([r.old?.ward?.code, ...readings.map((a) => a.old?.ward?.code)]);
  assert.equal(wards.size, 10);
  assert.ok(wards.has("27160") && wards.has("26890"), "Phường 1 of Quận 3 and of Gò Vấp");
  assert.ok(
    readings.every((a) => a.old?.ward?.name === "1" && a.old?.district !== null && a.new?.ward !== null),
  );
  // With the district the same text is decided.
  const q3 = parse("P1, Q3, TP HCM");
  assert.equal(q3.old?.ward?.code, "27160");
  assert.equal(q3.alternatives.filter((a) => a.reason === "reading").length, 0);
});

test("of tied readings an urban ward is the likelier", () => {
  // Hà Nội had a Phường Vạn Phúc (Hà Đông, 268) and a Xã Vạn Phúc (Thanh Trì, 020): the Phường
  // wins although its district's code comes later.
  const r = parse("Vạn Phúc, Hà Nội");
  assert.equal(r.old?.ward?.full_name, "Phường Vạn Phúc");
  assert.equal(r.old?.district?.name, "Hà Đông");
  assert.equal(r.ambiguous, true);
  assert.ok(r.alternatives.some((a) => a.reason === "reading" && a.old?.ward?.full_name === "Xã Vạn Phúc"));
});

test("a reading that explains only part of a name is no tie for the one that explains it all", () => {
  const r = parse("Hà Nội - Cầu Giấy - Dịch Vọng Hậu - 144 Xuân Thủy");
  assert.equal(r.old?.ward?.code, "00167");
  assert.equal(r.old?.district?.code, "005");
});

test("converts each old ward the mapping's geometric check corrected to its one successor, without doubt", () => {
  const corrections = JSON.parse(
    readFileSync(
      fileURLToPath(new URL("../../../test/fixtures/mapping-corrections.json", import.meta.url)),
      "utf8",
    ),
  ) as { old: string; ward: string; district: string; province: string; successor: string }[];
  for (const c of corrections) {
    const r = parse(`Thôn 1, ${c.ward}, ${c.district}, ${c.province}`);
    assert.equal(r.old?.ward?.code, c.old, c.ward);
    assert.equal(r.new?.ward?.code, c.successor, c.ward);
    assert.equal(r.ambiguous, false, c.ward);
    assert.deepEqual(
      r.alternatives.filter((a) => a.reason === "split-ward"),
      [],
      c.ward,
    );
  }
});

test("a ward typed as a ward is not hidden by a district or province that folds like its first words", () => {
  // "Vĩnh" folds to the city of Vinh and "Tân Thành" to the district Tân Thạnh; typed "Phường",
  // neither may stand in for the wards of those names when no province is written.
  for (const text of ["Phường Vĩnh Tuy", "12 Minh Khai, Phường Vĩnh Tuy"]) {
    const r = parse(text);
    assert.equal(r.new?.ward?.name, "Vĩnh Tuy", text);
    assert.equal(r.old?.district?.name === "Vinh", false, text);
  }
  const r = parse("Phường Tân Thành");
  assert.equal(r.new?.ward?.name, "Tân Thành");
});

test("a segment that is a typed ward's whole name is read whole, though a hamlet's or building's words name a province", () => {
  // "Hòa Bình" (a former province) in the hamlet and "Gia Lai" in the building's name must not
  // narrow the wards to those provinces and leave the one-syllable Xã Thuận / Xã Thanh of Quảng Trị.
  const a = parse("Số 1, Buôn Hòa Bình, Xã Thuận An");
  assert.equal(a.new?.ward?.name, "Thuận An");
  const b = parse("Căn hộ 3A04, Chung cư Hoàng Anh Gia Lai, 2 Nguyễn Du, Phường Thanh Đức");
  assert.equal(b.new?.ward?.name, "Thanh Đức");
  assert.equal(b.parts.street, "Nguyễn Du");
});

test("one syllable with a slip and no type word names no unit ('Chung' of Chung cư is not Thị trấn Phùng)", () => {
  const r = parse("Căn hộ P.202, Chung cư Linh Đàm, 4 Tràng Thi");
  assert.equal(r.new?.ward ?? null, null);
  assert.equal(r.old?.ward ?? null, null);
  assert.equal(r.parts.building, "Chung cư Linh Đàm");
  assert.equal(r.parts.street, "Tràng Thi");
});

test("a name after a hamlet's keyword is the hamlet's, not a unit with a street called 'Thôn'", () => {
  // Tân Hưng and Bình Minh are also a district and wards; the hamlet opens its segment.
  const a = parse("Số 3, Thôn Tân Hưng");
  assert.equal(a.parts.hamlet, "Thôn Tân Hưng");
  assert.equal(a.parts.street, null);
  assert.equal(a.new?.ward ?? null, null);
  assert.equal(a.old?.district ?? null, null);
  const b = parse("Số 3, Ấp Bình Minh");
  assert.equal(b.parts.hamlet, "Ấp Bình Minh");
  assert.equal(b.parts.street, null);
  // A unit's own type word still names the unit, and a unit after the hamlet still counts.
  const c = parse("Ấp Tân Hưng, Huyện Tân Hưng, Long An");
  assert.equal(c.parts.hamlet, "Ấp Tân Hưng");
  assert.equal(c.old?.district?.name, "Tân Hưng");
  const d = parse("Buôn Nam Long Tân Long Đất - Bà Rịa Vũng Tàu");
  assert.equal(d.old?.ward?.name, "Long Tân");
});

test("a name only a street holds names no unit: '26 Thống Nhất' is the street, not Huyện Thống Nhất", () => {
  const a = parse("26 Thống Nhất, Thôn Phú Thạnh");
  assert.equal(a.parts.street, "Thống Nhất");
  assert.equal(a.parts.hamlet, "Thôn Phú Thạnh");
  assert.equal(a.old?.district ?? null, null);
  assert.ok(a.confidence >= 0);
  // Written as a unit, after a comma, it still is one.
  assert.equal(parse("26 Lê Lợi, Thống Nhất, Đồng Nai").old?.district?.name, "Thống Nhất");
});

test("a person's family and middle name is no unit through a slip: 'Võ Văn' (of Võ Văn Kiệt) is not Xã Vũ Vân", () => {
  const r = parse("Số 1, Hẻm 2, Võ Văn");
  assert.equal(r.new?.ward ?? null, null);
  assert.equal(r.old?.ward ?? null, null);
  assert.equal(r.parts.street, "Võ Văn");
  // Typed as a unit, the slip still names it.
  assert.equal(parse("Xã Vũ Vân, Vũ Thư, Thái Bình").old?.ward?.name, "Vũ Vân");
});

test("a province or ward named inside a building's name is the building's: 'Chung cư Hoàng Anh Gia Lai, …, Phường Bình Thạnh'", () => {
  const r = parse("Căn hộ 1A07, Chung cư Hoàng Anh Gia Lai, 25 Đường số 12, Phường Bình Thạnh");
  assert.equal(r.new?.ward?.name, "Bình Thạnh");
  assert.equal(r.new?.province?.code, "79");
  assert.equal(r.parts.building, "Chung cư Hoàng Anh Gia Lai");
});

test("a street named after someone goes on with the given name: '5 Trần Hưng Đạo' is no street 'Trần' in Phường Hưng Đạo", () => {
  const r = parse("Căn hộ 403, Chung cư Đại Thanh, 5 Trần Hưng Đạo");
  assert.equal(r.parts.street, "Trần Hưng Đạo");
  assert.equal(r.new?.ward ?? null, null);
  // A unit written after it still counts.
  assert.equal(parse("18 Trần Hưng Đạo Hoàn Kiếm Hà Nội").old?.district?.name, "Hoàn Kiếm");
});

test('"Nhà" and a letter is a block of a housing estate (a building); "nhà" and a number is the house\'s number', () => {
  const block = parseAddress("Phòng 305, Nhà A, KTT Kim Liên, Đống Đa, Hà Nội");
  assert.equal(block.parts.building, "Nhà A");
  assert.equal(block.parts.unit, "Phòng 305");
  assert.equal(block.old?.ward?.name, "Kim Liên");
  assert.equal(parseAddress("Nhà B3, KĐT Linh Đàm, Hoàng Liệt, Hoàng Mai").parts.building, "Nhà B3");
  const house = parseAddress("nhà 12 ngõ 5 Phố Huế, Hai Bà Trưng");
  assert.equal(house.parts.house_number, "12");
  assert.equal(house.parts.name, null);
});

test("a ward read alone from words marked otherwise than its name is read less surely", () => {
  // "trục chính" (a main road) folds like Nam Định's Trực Chính; only a lost horn would make it that name.
  const written = parse("Trực Chính");
  const otherwise = parse("trục chính hẻm 95 Mậu Thân");
  assert.equal(otherwise.old?.ward?.full_name, "Xã Trực Chính");
  assert.ok(otherwise.confidence < 0.5, `${otherwise.confidence}`);
  assert.ok(written.confidence > otherwise.confidence + 0.2, `${written.confidence} against ${otherwise.confidence}`);
  // Without marks the words may be any name's; with the province written, the text places it.
  assert.equal(parse("truc chinh").confidence, written.confidence);
  assert.ok(parse("Trục Chính, Trực Ninh, Nam Định").confidence >= 0.9);
});

test("a floor named, not numbered, is the building's part: 'Tầng hầm B1', 'Tầng trệt' before a house's number; 'Tower' after a name ends it", () => {
  const basement = parse("Tầng Hầm B1, Toà Epic Tower, Ngõ 19 Duy Tân, Phường Cầu Giấy, TP. Hà Nội");
  assert.equal(basement.parts.building, "Tầng hầm B1");
  assert.equal(basement.parts.street, "Duy Tân");
  const ground = parse("Tầng trệt 25 Lý Tự Trọng, Q1");
  assert.equal(ground.parts.building, "Tầng trệt");
  assert.equal(ground.parts.house_number, "25");
  assert.equal(ground.parts.street, "Lý Tự Trọng");
  assert.equal(parse("Tầng lửng, 25 Lý Tự Trọng, Q1").parts.building, "Tầng lửng");
  const tower = parse("Phòng 21.03, Tầng 21, Tòa nhà MB Sunny Tower 259 Trần Hưng Đạo, Phường Cầu Ông Lãnh");
  assert.equal(tower.parts.house_number, "259");
  assert.equal(tower.parts.street, "Trần Hưng Đạo");
  assert.equal(parse("Tower A, 12 Le Loi, District 1").parts.building, "Tòa A");
});

test("a ward written by its initials after its type word, where few wards share them: 'P.BHH', 'P.VTS, Q3', 'xa LHD'", () => {
  const bhh = parse("45/1 Phạm Đăng Giảng, P.BHH");
  assert.equal(bhh.old?.ward?.full_name, "Phường Bình Hưng Hòa");
  assert.equal(bhh.parts.street, "Phạm Đăng Giảng");
  assert.ok(bhh.confidence < 0.5, `${bhh.confidence}: initials are weak evidence`);
  assert.equal(parse("28 Trần Quốc Thảo, P.VTS, Q3").old?.ward?.full_name, "Phường Võ Thị Sáu");
  assert.equal(parse("xa LHD, huyen Can Duoc, tinh Long An").old?.ward?.full_name, "Xã Long Hựu Đông");
  // The district decides among the wards sharing them.
  assert.equal(parse("1 Trần Hưng Đạo, P.PNL, Q1, HCM").old?.ward?.full_name, "Phường Phạm Ngũ Lão");
  // Before the district's type word, and with the letter a ward's name ends in.
  assert.equal(parse("12 Lê Lợi, P.BN Q1").old?.ward?.full_name, "Phường Bến Nghé");
  assert.equal(parse("248 KP3 QL1A P.BHH B").old?.ward?.full_name, "Phường Bình Hưng Hoà B");
  // Two letters many wards share name none ("P.AL": 33 wards are An Lạc, An Lương, Âu Lâu…).
  assert.equal(parse("207/47/4A Hồ Học Lãm, P.AL").old?.ward ?? null, null);
});

test("English floors, numbered before their word or as a level, are the building's part, no house number or street", () => {
  const r = parse("26th Floor, Bitexco Financial Tower, 02 Hai Trieu Street, Sai Gon Ward, Ho Chi Minh City, Vietnam");
  assert.equal(r.parts.building, "Tầng 26");
  assert.equal(r.parts.house_number, "02");
  assert.equal(r.parts.street, "Hai Trieu");
  assert.equal(parse("2nd floor, 17 Duy Tan street, Dich Vong Hau ward, Cau Giay district, Hanoi").parts.house_number, "17");
  assert.equal(parse("3rd Fl., 12 Le Loi, District 1").parts.building, "Tầng 3");
  const level = parse("Level 23, UOA Tower, 6 Tan Trao, Tan My Ward, Ho Chi Minh City");
  assert.equal(level.parts.building, "Tầng 23");
  assert.equal(level.parts.house_number, "6");
});

test("English writes the special zone's type and the hamlet's word after the name: 'Phu Quoc Special Zone', 'Quang Bo Village'", () => {
  const zone = parse("Bai Dai Area, Phu Quoc Special Zone, An Giang Province, Vietnam");
  assert.equal(zone.new?.ward?.full_name, "Đặc khu Phú Quốc");
  assert.equal(zone.ambiguous, false);
  assert.equal(parse("Con Dao Special Zone, Ho Chi Minh City").new?.ward?.full_name, "Đặc khu Côn Đảo");
  const village = parse("Quang Bo Village, Quang Phu Commune, Luong Tai District, Bac Ninh Province, Vietnam");
  assert.equal(village.parts.hamlet, "Thôn Quang Bo");
  assert.equal(village.parts.street, null);
  assert.equal(parse("Cu Tron Hamlet, Kien Hai Special Zone, An Giang Province").parts.hamlet, "Thôn Cu Tron");
});

test("'Đường' closing a name's words is the name's: 'Ông Ích Đường', 'Phan Trọng Đường' are streets named after men", () => {
  assert.equal(parse("Số 135 đường Ông Ích Đường, phường Cẩm Lệ").parts.street, "Ông Ích Đường");
  assert.equal(parse("15A Phan Trọng Đường, Thị Trấn La Hai, Huyện Đồng Xuân, Tỉnh Phú Yên").parts.street, "Phan Trọng Đường");
  // Opening its words it is still the keyword.
  assert.equal(parse("12 Đường Lê Lợi, Quận 1").parts.street, "Lê Lợi");
});
