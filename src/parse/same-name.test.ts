import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parser = createParser();

test("a new commune named like one of the old wards it was formed from fills that old ward, the others listed", () => {
  // Phường Tân Định (2025) took the old Phường Tân Định and part of Phường Đa Kao.
  const r = parser.parse("Phường Tân Định, TP.HCM");
  assert.equal(r.new?.ward?.full_name, "Phường Tân Định");
  assert.equal(r.old?.ward?.full_name, "Phường Tân Định");
  assert.equal(r.old?.district?.full_name, "Quận 1");
  assert.ok(r.undecided.includes("old.ward"), `undecided ${r.undecided}`);
  // Only the likelier old ward: the confidence says the text did not decide it.
  assert.ok(r.confidence < parser.parse("Phường Sài Gòn, TP HCM").confidence, `confidence ${r.confidence}`);
  const predecessors = r.alternatives.filter((a) => a.reason === "predecessor").map((a) => a.old?.ward?.name);
  assert.ok(predecessors.includes("Đa Kao"), `predecessors ${predecessors}`);
});

test("a new commune whose old wards all have other names leaves the old ward empty", () => {
  // Phường Sài Gòn took Bến Nghé, Đa Kao and Nguyễn Thái Bình: none is named Sài Gòn.
  const r = parser.parse("Phường Sài Gòn, TP HCM");
  assert.equal(r.old?.ward, null);
  assert.equal(r.old?.district?.full_name, "Quận 1");
});

test("a province named only in its new form fills the old province of the same name", () => {
  const r = parser.parse("Số 5 Lê Lợi, TP.HCM");
  assert.equal(r.new?.province?.code, "79");
  assert.equal(r.old?.province?.full_name, "Thành phố Hồ Chí Minh");
  assert.ok(r.undecided.includes("old.province"), `undecided ${r.undecided}`);
});

test("an old province written with a new commune places it only where the commune's old wards lay", () => {
  // New Phú Thọ took in Vĩnh Phúc and Hòa Bình; its Xã Tiền Phong was Hòa Bình's (Đà Bắc). Written
  // with Mê Linh and Vĩnh Phúc (Mê Linh's province until 2008), it is Mê Linh's Tiền Phong.
  const r = parser.parse("xã Tiền Phong, Mê Linh, Vĩnh Phúc");
  assert.equal(r.old?.ward?.name, "Tiền Phong");
  assert.equal(r.old?.district?.name, "Mê Linh");
  assert.notEqual(r.new?.province?.name, "Phú Thọ");
  // A new commune whose old wards lay in the province written keeps it.
  assert.equal(parser.parse("Phường Thủ Dầu Một, Bình Dương").new?.ward?.name, "Thủ Dầu Một");
  assert.equal(parser.parse("xã Long Hải, Bà Rịa Vũng Tàu").new?.ward?.name, "Long Hải");
});

test("the old ward a new commune is named after is found however 2025 respelled it, and of two so named the one of the type written", () => {
  // Phường Quan Triều (2025) took the old Phường Quán Triều; Yên Hòa took Yên Hoà (Cầu Giấy).
  for (const [text, ward] of [
    ["P. Quan Trieu, Thai Nguyen", "05431"],
    ["Phường Yên Hoà, Thành phố Hà Nội", "00172"],
  ] as const) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward?.code, ward, text);
    assert.ok(r.undecided.includes("old.ward"), `${text}: undecided ${r.undecided}`);
  }
  // Written with the old ward's own marks, the old ward is read, not guessed.
  const marked = parser.parse("Phường Quán Triều, Tỉnh Thái Nguyên");
  assert.equal(marked.old?.ward?.code, "05431");
  assert.equal(marked.new?.ward?.full_name, "Phường Quan Triều");
  assert.deepEqual(marked.undecided, []);
  // Cà Mau's new Phường Tân Thành took both the old Phường and the old Xã Tân Thành.
  assert.equal(parser.parse("Phường Tân Thành, Cà Mau").old?.ward?.full_name, "Phường Tân Thành");
  assert.equal(parser.parse("Tân Thành, Cà Mau").old?.ward, null);
  // Written without marks, "dong thanh" reads Đông Thành and Đông Thạnh alike: the new commune took
  // Đông Thành's name.
  assert.equal(parser.parse("202 Le Duan, Phuong dong Thanh, Tinh Vinh Long").old?.ward?.full_name, "Xã Đông Thành");
});

test("a ward's type written exactly outweighs the new structure's tie-break: an old ward of the province written, not a new commune of the province it became part of", () => {
  // The new Hưng Yên took in Thái Bình, whose Xã Lê Lợi kept its name; Phường Lê Lợi was the old
  // Hưng Yên city's.
  for (const text of ["174 Nguyễn Trãi, Phường Lê Lợi, Tỉnh Hưng Yên", "Phường Lê Lợi, Tỉnh Hưng Yên"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward?.code, "11959", text);
    assert.equal(r.old?.district?.name, "Hưng Yên", text);
  }
  assert.equal(parser.parse("Xã Lê Lợi, Tỉnh Hưng Yên").new?.ward?.code, "13120");
});

test("a typed ward's whole name filling its segment is not read as a shorter name from its first words", () => {
  // Without it, "phường lang" was Hà Nội's Phường Láng (with Ba Đình, a street here, as its
  // district) and "biang - đà lạt" was left over.
  const r = parser.parse("số 1, ngõ 3, ba đình, phường lang biang - đà lạt");
  assert.equal(r.new?.ward?.name, "Lang Biang - Đà Lạt");
  assert.equal(r.parts.street, "ba đình");
  // The old ward a name like "Phúc Thọ Lâm Hà" was formed from still fills the old structure.
  assert.equal(parser.parse("1 Đường số 17, Xã Phúc Thọ Lâm Hà, Tỉnh Lâm Đồng").old?.ward?.name, "Phúc Thọ");
});

test("diacritics that name an old ward exactly outweigh the new structure's tie-break for a new commune spelled otherwise", () => {
  // The new Xã Tân Thanh (Sơn Dương's wards) folds like Hàm Yên's old Xã Tân Thành.
  const r = parser.parse("Xã Tân Thành, Tỉnh Tuyên Quang");
  assert.equal(r.old?.ward?.code, "02401");
  assert.equal(r.old?.district?.full_name, "Huyện Hàm Yên");
  // Written as the new commune is spelled, it is the new commune.
  const n = parser.parse("Xã Tân Thanh, Tỉnh Tuyên Quang");
  assert.equal(n.new?.ward?.full_name, "Xã Tân Thanh");
  // Two old wards spelled as written, one new commune spelled otherwise: one of the two, undecided.
  const two = parser.parse("Xã Bình Thạnh, Tỉnh Đồng Tháp");
  assert.equal(two.old?.ward?.full_name, "Xã Bình Thạnh");
  assert.ok(two.ambiguous);
  // Marks that agree with neither (a slip) leave the tie-break as it was: the new commune.
  const slip = parser.parse("Xh Thạnh Phưước, Tỉnh Vĩnh Long");
  assert.equal(slip.new?.ward?.full_name, "Xã Thạnh Phước");
});

test("an untyped name written with other marks than a province's neither declares it nor hides the wards its marks name", () => {
  // "Thanh Hòa" names four communes; Thanh Hóa province is spelled otherwise.
  const r = parser.parse("1 Lê Lợi, Thanh Hòa");
  assert.equal(r.old?.ward?.name, "Thanh Hòa");
  assert.ok(r.confidence < 0.5, `confidence ${r.confidence}`);
  const provinces = new Set(
    [r, ...r.alternatives].map((a) => a.old?.ward?.name === "Thanh Hòa" && a.old.province?.name).filter(Boolean),
  );
  assert.ok(provinces.size >= 2, `Thanh Hòa read in ${[...provinces]}`);
  // The province's own marks (in either placement), or its type word, still declare it.
  for (const text of ["12 Trần Phú, Thanh Hoá", "12 Trần Phú, Thanh Hóa", "12 Trần Phú, Tỉnh Thanh Hòa"]) {
    const p = parser.parse(text);
    assert.equal(p.new?.province?.name, "Thanh Hóa", text);
    assert.equal(p.old?.ward, null, text);
  }
});

test("a new commune named like an old district fills the old ward of its name and type when its type is written", () => {
  // The new Xã Đan Phượng took the old Xã Đan Phượng (and four others) of Huyện Đan Phượng.
  const r = parser.parse("Xã Đan Phượng, Thành phố Hà Nội");
  assert.equal(r.old?.ward?.code, "09823");
  assert.equal(r.new?.ward?.code, "09784");
  assert.ok(r.confidence < 1);
  // Untyped, the words are the district's; typed otherwise than the old ward (Thị trấn Quốc Oai), no old ward is likelier.
  assert.equal(parser.parse("Đan Phượng, Hà Nội").old?.ward, null);
  assert.equal(parser.parse("X. Quốc Oai, TP. Hà Nội").old?.ward, null);
  // With the old district written apart from the commune's words, those words are the commune's:
  // the old town of its name, whose code the new Xã Ea Kar kept, is the likelier old ward.
  const apart = parser.parse("Xã Ea Kar, Huyện Ea Kar, Đắk Lắk");
  assert.equal(apart.old?.ward?.full_name, "Thị trấn Ea Kar");
  assert.equal(apart.old?.ward?.code, apart.new?.ward?.code);
  assert.ok(apart.confidence < 1);
});

test("a commune's type that fits the new commune and not the old town of its name, beside the old district, is the new commune", () => {
  // Thị trấn Nam Đàn went into Xã Vạn An; the new Xã Nam Đàn was formed from three other communes
  // of Huyện Nam Đàn. Written "Xã", with the old district kept, the text is the new commune's.
  for (const [text, commune] of [
    ["Xã Nam Đàn, Huyện Nam Đàn, Tỉnh Nghệ An", "Xã Nam Đàn"],
    ["12 Lê Lợi, Xã Củ Chi, Huyện Củ Chi, Thành phố Hồ Chí Minh", "Xã Củ Chi"],
    ["Xã Khánh Yên, Huyện Văn Bàn, Lào Cai", "Xã Khánh Yên"],
  ]) {
    const r = parser.parse(text);
    assert.equal(r.new?.ward?.full_name, commune, text);
    assert.ok(r.old?.district?.full_name?.startsWith("Huyện"), text);
    // The old town stays listed: the text may have typed its type wrong.
    assert.ok(r.alternatives.some((a) => a.old?.ward?.full_name?.startsWith("Thị trấn")), text);
    assert.ok(r.confidence < 1, text);
  }
  // The town's own type, or a longer name read from the same words, keeps the old reading.
  assert.equal(parser.parse("Thị trấn Nam Đàn, Huyện Nam Đàn, Tỉnh Nghệ An").old?.ward?.full_name, "Thị trấn Nam Đàn");
  assert.equal(parser.parse("Phường Trần Phú, Thành phố Hà Tĩnh, Tỉnh Hà Tĩnh").old?.ward?.full_name, "Phường Trần Phú");
});

test("a new ward whose name holds an old district's, with its number, decides the old ward's split", () => {
  // Phường Quang Trung (Thành phố Hà Giang) went partly to Phường Hà Giang 1, partly to Hà Giang 2.
  const r = parser.parse("Tổ 5 Quang Trung, Phường Hà Giang 2, Tuyên Quang");
  assert.equal(r.old?.ward?.full_name, "Phường Quang Trung");
  assert.equal(r.new?.ward?.full_name, "Phường Hà Giang 2");
  // The "2" is the ward's, not a house's.
  assert.equal(r.parts.house_number, null);
  assert.equal(r.parts.hamlet, "Tổ 5");
});

test("an old ward with the new commune it went into written bare after it ('Phường 14, Diên Hồng', as map services write) is that ward, in that commune", () => {
  // Nine districts of the city have a Phường 14; Quận 10's went into Phường Diên Hồng (part of it).
  const r = parser.parse("268 Lý Thường Kiệt, Phường 14, Diên Hồng, Hồ Chí Minh 70000, Vietnam");
  assert.equal(r.old?.district?.full_name, "Quận 10");
  assert.equal(r.old?.ward?.full_name, "Phường 14");
  assert.equal(r.new?.ward?.full_name, "Phường Diên Hồng");
  assert.equal(r.ambiguous, false);
  assert.equal(r.parts.street, "Lý Thường Kiệt");
  assert.equal(r.parts.name, null);
  const quan5 = parser.parse("235 Nguyễn Văn Cừ, Phường 4, Chợ Quán, Hồ Chí Minh");
  assert.equal(quan5.old?.district?.full_name, "Quận 5");
  assert.equal(quan5.new?.ward?.full_name, "Phường Chợ Quán");
  // A commune of the ward's or its district's own name is the same words again, a place's name no
  // statement: the parts keep their words.
  const words = (text: string) => Object.values(parser.parse(text).parts).join("|");
  assert.match(words("Bưu cục Mỹ Quới, ấp Mỹ Thành, xã Mỹ Quới, huyện Ngã Năm, tỉnh Sóc Trăng"), /Bưu cục Mỹ Quới/);
  assert.match(words("37 Đường số 9, Cư Xá Bình Thới, Phường 8, Quận 11"), /Cư Xá Bình Thới/);
});

test("an old ward written bare in the segment before or after the new commune it went into is the commune's old ward", () => {
  const r = parser.parse("Lý Thường Kiệt, Lam Sơn, Phường Hạc Thành, Tỉnh Thanh Hóa, 45000, Việt Nam");
  assert.equal(r.old?.ward?.full_name, "Phường Lam Sơn");
  assert.equal(r.new?.ward?.full_name, "Phường Hạc Thành");
  assert.equal(r.parts.street, "Lý Thường Kiệt");
  assert.equal(r.parts.name, null);
  assert.equal(parser.parse("12 Trần Phú, Phường Hạc Thành, Lam Sơn, Thanh Hóa").old?.ward?.full_name, "Phường Lam Sơn");
  // After the house's number alone, or opening the text, the name is the street's.
  const street = parser.parse("53b, Hàng Bài, Phường Cửa Nam, Hà Nội");
  assert.equal(street.parts.street, "Hàng Bài");
  assert.equal(parser.parse("Liễu Giai, Phường Ngọc Hà, Hà Nội").parts.street, "Liễu Giai");
  // The province's words after the commune are the province's, though an old ward has its name.
  assert.equal(parser.parse("159 Điện Biên Phủ, Xã Thọ Sơn, Thành phố Đồng Nai").old?.ward?.full_name, "Xã Thọ Sơn");
  assert.equal(parser.parse("Thôn 3, Xã Thanh Phong, Tỉnh Thanh Hóa").old?.ward?.full_name, "Xã Thanh Phong");
  // A district read from the commune's own words narrows nothing beside it: Cửa Đông was Hoàn Kiếm's.
  const other = parser.parse("12 Lê Lợi, Cửa Đông, Phường Ba Đình, Hà Nội");
  assert.equal(other.old?.ward?.full_name, "Phường Cửa Đông");
  assert.equal(other.old?.district?.full_name, "Quận Hoàn Kiếm");
  // The old ward's name holding the district's: the longer name.
  const longer = parser.parse("12 Lê Lợi, Thanh Xuân Bắc, Phường Thanh Xuân, Hà Nội");
  assert.equal(longer.old?.ward?.full_name, "Phường Thanh Xuân Bắc");
  assert.equal(longer.parts.name, null);
});

test("an old district written alone whose namesake commune has one old ward gives no old ward: the text names the district", () => {
  // Phường Liên Chiểu took Hòa Khánh Bắc alone of Quận Liên Chiểu's wards; the text names the district.
  for (const text of ["12 Nguyễn Lương Bằng, Liên Chiểu, Đà Nẵng", "Liên Chiểu, Đà Nẵng"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.district?.name, "Liên Chiểu", text);
    assert.equal(r.old?.ward, null, text);
    assert.ok(r.undecided.includes("old.ward"), text);
  }
  // Typed as the commune, the commune is written: its one old ward is it.
  assert.equal(parser.parse("Phường Liên Chiểu, Đà Nẵng").old?.ward?.name, "Hòa Khánh Bắc");
});
