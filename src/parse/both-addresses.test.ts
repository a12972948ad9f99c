import assert from "node:assert/strict";
import { test } from "node:test";
import { splitBothAddresses } from "./both-addresses.js";
import { createParser } from "./index.js";

const parser = createParser();
const parse = parser.parse;

test("an address given in both structures takes its old units from the old address and its parts once", () => {
  // Phường Hưng Lợi went into the new Phường Tân An; the old Ninh Kiều also had a Phường Tân An,
  // which read as one text the old units took.
  const r = parser.parse(
    "Số 768 Đường 30/4, Phường Tân An, Thành Phố Cần Thơ (Địa chỉ cũ: Số 768 đường 30 tháng 04, Phường Hưng Lợi, Quận Ninh Kiều, TP. Cần Thơ)",
  );
  assert.equal(r.new?.ward?.full_name, "Phường Tân An");
  assert.equal(r.old?.ward?.full_name, "Phường Hưng Lợi");
  assert.equal(r.old?.district?.full_name, "Quận Ninh Kiều");
  assert.equal(r.parts.house_number, "768");
  assert.equal(r.parts.street, "30/4");
  assert.equal(r.parts.name, null);
  assert.ok(r.confidence >= 0.9, `${r.confidence}`);
  assert.ok(!r.undecided.includes("old.ward"), `${r.undecided}`);

  const building = parser.parse(
    "Lầu 1, Tản Đà Court, 86 Tản Đà, Phường Chợ Lớn, TP.HCM (Địa chỉ cũ: Lầu 1, Tản Đà Court, 86 Tản Đà, Phường 11, Quận 5, TP.HCM)",
  );
  assert.equal(building.parts.building, "Lầu 1");
  assert.equal(building.parts.name, "Tản Đà Court");
  assert.equal(building.old?.ward?.full_name, "Phường 11");
  assert.equal(building.new?.ward?.full_name, "Phường Chợ Lớn");
  assert.match(building.formatted.old ?? "", /^Tản Đà Court, Lầu 1, 86 Tản Đà, Phường 11, Quận 5,/);
});

test("the old address first and the new one after it, without marks, or its units alone in brackets", () => {
  for (const text of [
    "Dia chi cu: 26 Vinh Vien, P2, Q10. Dia chi moi: 26 Vinh Vien, P. Vuon Lai, TPHCM",
    "26 Vĩnh Viễn, Phường Vườn Lài, TP.HCM (cũ: Phường 2, Quận 10)",
    "26 Vĩnh Viễn, Phường Vườn Lài, TP.HCM (trước sáp nhập: Phường 2, Quận 10)",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward?.full_name, "Phường 2", text);
    assert.equal(r.old?.district?.full_name, "Quận 10", text);
    assert.equal(r.new?.ward?.full_name, "Phường Vườn Lài", text);
    assert.equal(r.parts.house_number, "26", text);
  }
  // The current address naming no commune: the old one's, converted.
  const r = parser.parse("26 Vĩnh Viễn, TP.HCM (Địa chỉ cũ: Phường 2, Quận 10)");
  assert.equal(r.new?.ward?.full_name, "Phường Vườn Lài");
});

test("an old address that did not go into the current commune leaves the current one, less surely", () => {
  const agreeing = parser.parse("26 Vĩnh Viễn, Phường Vườn Lài, TP.HCM (Địa chỉ cũ: 26 Vĩnh Viễn, Phường 2, Quận 10, TPHCM)");
  const against = parser.parse("26 Vĩnh Viễn, Phường Vườn Lài, TP.HCM (Địa chỉ cũ: 26 Vĩnh Viễn, Phường 2, Quận 3, TPHCM)");
  assert.equal(against.new?.ward?.full_name, "Phường Vườn Lài");
  assert.notEqual(against.old?.district?.full_name, "Quận 3");
  assert.ok(against.confidence < agreeing.confidence, `${against.confidence} < ${agreeing.confidence}`);
});

test("only a label of the old address splits a text", () => {
  for (const text of [
    "12 Lê Lợi, P. Lộc Thọ (cũ), Nha Trang",
    "Số 5, KDC cu Hòa Lợi, Bến Cát",
    "Địa chỉ cũ: 26 Vĩnh Viễn, Phường 2, Quận 10",
    "Cù Chính Lan, Thanh Xuân",
  ])
    assert.equal(splitBothAddresses(text), null, text);
  assert.deepEqual(splitBothAddresses("26 Vĩnh Viễn (Địa chỉ cũ: Phường 2, Quận 10) ĐT: 0283"), {
    current: "26 Vĩnh Viễn, ĐT: 0283",
    old: "Phường 2, Quận 10",
  });
});

test("the old address first and the new one labelled after it, 'sáp nhập' typed 'sát nhập'", () => {
  const r = parser.parse("104/11 huỳnh mẫn đạt p2 q5 tphcm ( sát nhập 104/11 huỳnh mẫn đạt p chợ quán tphcm )");
  assert.equal(r.old?.ward?.full_name, "Phường 2");
  assert.equal(r.old?.district?.full_name, "Quận 5");
  assert.equal(r.new?.ward?.full_name, "Phường Chợ Quán");
  assert.equal(r.parts.name, null);
  const after = parser.parse("12 Ngọc Lâm, Long Biên (sau sát nhập: phường Bồ Đề, Hà Nội)");
  assert.equal(after.new?.ward?.full_name, "Phường Bồ Đề");
  assert.equal(after.old?.district?.full_name, "Quận Long Biên");
  assert.equal(after.parts.house_number, "12");
  assert.deepEqual(splitBothAddresses("12 Ngọc Lâm, Long Biên - địa chỉ mới: phường Bồ Đề, Hà Nội"), {
    current: "phường Bồ Đề, Hà Nội",
    old: "12 Ngọc Lâm, Long Biên",
  });
  // "mới" in a name is no label.
  assert.equal(splitBothAddresses("Khu đô thị mới Văn Phú, Hà Đông"), null);
});

test("an old ward written bare beside its old district, after the new commune, is the commune's old ward and no place's name", () => {
  // Phường Sài Gòn was formed from Bến Nghé, parts of Đa Kao and Nguyễn Thái Bình: the bracket decides.
  const r = parse("27-29 Nam Kỳ Khởi Nghĩa, Phường Sài Gòn (Nguyễn Thái Bình, Quận 1), TP HCM");
  assert.equal(r.new?.ward?.name, "Sài Gòn");
  assert.equal(r.old?.ward?.full_name, "Phường Nguyễn Thái Bình");
  assert.equal(r.old?.district?.name, "1");
  assert.equal(r.parts.name, null);
  assert.equal(r.parts.street, "Nam Kỳ Khởi Nghĩa");
  // Glued as it is often written, with the remark word.
  assert.equal(parse("20 Phan Kế Bính, Phường Sài Gòn (Đakao Q1 cũ), TP HCM").old?.ward?.name, "Đa Kao");
  // A street of that name is no old ward's.
  assert.equal(parse("12 Nguyễn Thái Bình, Phường Sài Gòn, Quận 1 cũ, TP HCM").old?.ward, null);
});

test("an old province written beside the new one ('TP.HCM (Bình Dương cũ)') is the old province, not the new one's namesake", () => {
  const r = parse("Khu đô thị VSIP II, TP.HCM (Bình Dương cũ)");
  assert.equal(r.new?.province?.name, "Hồ Chí Minh");
  assert.equal(r.old?.province?.name, "Bình Dương");
  assert.equal(parse("Tp. HCM (Bà Rịa – Vũng Tàu cũ)").old?.province?.name, "Bà Rịa - Vũng Tàu");
  // Alone, the namesake stays the likelier.
  assert.equal(parse("Khu đô thị VSIP II, TP.HCM").old?.province?.name, "Hồ Chí Minh");
});

test("a bracket of old units closing on 'cũ' is the old address: the commune outside it is the new one", () => {
  // Read as one text, the old Ngọc Hà of Ba Đình (the commune's namesake) outscored the bracket's ward.
  const r = parse("43 Ngõ 130 Đốc Ngữ, Phường Ngọc Hà (Phường Vĩnh Phúc, Quận Ba Đình cũ), TP. Hà Nội");
  assert.equal(r.new?.ward?.name, "Ngọc Hà");
  assert.equal(r.old?.ward?.name, "Vĩnh Phúc");
  assert.equal(r.parts.alley, "Ngõ 130");
  assert.equal(r.parts.street, "Đốc Ngữ");
  assert.equal(parse("2 Nguyễn Thành Ý, Phường Tân Định (Dakao,Q1 cũ), TP HCM").old?.ward?.name, "Đa Kao");
  assert.equal(parse("25-27 Nguyễn Khắc Như, Phường Cầu Ông Lãnh (Cô Giang Q1cũ), TP HCM").old?.ward?.name, "Cô Giang");
  // Its words add no part: "(D2 cũ)", a street's former name, is no building.
  assert.equal(splitBothAddresses("119-121 Nguyễn Gia Trí (D2 cũ), P.25")?.unitsOnly, true);
  assert.equal(parse("119-121 Nguyễn Gia Trí (D2 cũ), P.25, Q.Bình Thạnh, TP.HCM").parts.building, null);
  // A former house number is no such bracket.
  assert.equal(splitBothAddresses("7 ( số cũ 4/1) Phan Văn Hớn, Phường Tân Thới Nhất, Quận 12"), null);
});

test("a dashed province's name written whole is the province, not a city of it read from each half", () => {
  for (const text of ["Bà Rịa - Vũng Tàu", "Tỉnh Bà Rịa – Vũng Tàu"]) {
    const r = parse(text);
    assert.equal(r.old?.province?.name, "Bà Rịa - Vũng Tàu", text);
    assert.equal(r.old?.district, null, text);
  }
  // A city typed as such stays: "TP Bà Rịa", and a district written beside the province.
  assert.equal(parse("TP Bà Rịa - Vũng Tàu").old?.district?.name, "Bà Rịa");
  assert.equal(parse("TP. Phú Mỹ, Bà Rịa – Vũng Tàu").old?.district?.name, "Phú Mỹ");
});

test("a bracket naming a ward and a district with their types, after an address, gives its old units without 'cũ'", () => {
  const r = parse("12 Lê Lợi, Phường Ngọc Hà (Phường Đội Cấn, Quận Ba Đình), Hà Nội");
  assert.equal(r.new?.ward?.name, "Ngọc Hà");
  assert.equal(r.old?.ward?.name, "Đội Cấn");
  assert.equal(parse("12 Lê Lợi, Phường Kỳ Sơn (Xã Độc Lập, Thành phố Hòa Bình), Phú Thọ").old?.ward?.name, "Độc Lập");
  // After an address naming no commune, the bracket's units are the address's.
  const bare = parse("26 Vĩnh Viễn (Phường 2, Quận 10)");
  assert.equal(bare.old?.ward?.full_name, "Phường 2");
  assert.equal(bare.new?.ward?.name, "Vườn Lài");
  assert.equal(bare.parts.street, "Vĩnh Viễn");
});

test("two addresses that disagree: the current one, unless it is a weak reading and the old one surer", () => {
  // "Điện Thắng" names no commune: read through slips it was Hà Nội's Tiến Thắng; the old ward is written whole.
  const weak = parse("Khối Phong Nhị, phường Điện Thắng (Trụ sở phường Điện An cũ)");
  assert.equal(weak.old?.ward?.name, "Điện An");
  assert.equal(weak.new?.province?.name, "Đà Nẵng");
  assert.ok(weak.confidence < 0.8, `${weak.confidence}`);
  assert.equal(weak.parts.hamlet, "Khối Phong Nhị");
  // A current address read well stays, though its old address says otherwise.
  const stated = parse(
    "36 Đường số 1B, Phường An Lạc, TP.Hồ Chí Minh (Địa chỉ cũ: 36 Đường số 1B, Phường Bình Trị Đông, Quận Bình Tân, TP.HCM)",
  );
  assert.equal(stated.new?.ward?.name, "An Lạc");
});

test("the day of the reform written as the label ('địa chỉ trước 01/07/2025:', 'từ ngày 1/7/2025:') marks the two addresses", () => {
  const before = parse("Phường Tân Định, TP.HCM (địa chỉ trước 01/07/2025: Phường Đa Kao, Quận 1)");
  assert.equal(before.new?.ward?.name, "Tân Định");
  assert.equal(before.old?.ward?.name, "Đa Kao");
  assert.equal(before.parts.house_number, null);
  const after = parse("12 Ngọc Lâm, Long Biên, Hà Nội (địa chỉ từ ngày 1/7/2025: phường Bồ Đề, Hà Nội)");
  assert.equal(after.new?.ward?.name, "Bồ Đề");
  assert.equal(after.old?.ward?.name, "Ngọc Lâm");
  assert.equal(after.parts.house_number, "12");
  // A date alone is no label.
  assert.equal(splitBothAddresses("12 Lê Lợi, Quận 1 (cập nhật 01/07/2025)"), null);
});

test("old units in brackets choose among the current address's readings the one they went into, and give its province when it names none", () => {
  // Phường Xuân Hòa is a commune of Hồ Chí Minh City, of Phú Thọ, of Lào Cai…: Quận 3 says which.
  const r = parse("51 Tú Xương, P. Xuân Hòa (Quận 3 cũ)");
  assert.equal(r.new?.province?.name, "Hồ Chí Minh");
  assert.equal(r.new?.ward?.full_name, "Phường Xuân Hòa");
  assert.equal(r.old?.district?.full_name, "Quận 3");
  assert.ok(!r.undecided.includes("new.ward"), r.undecided.join());
  assert.ok(r.confidence < 0.9, `${r.confidence}`);
  // An old province alone in the bracket says which namesake too: Bình Dương's Đông Hòa, not Phú Yên's.
  const province = parse("Phường Đông Hòa (Bình Dương cũ)");
  assert.equal(province.new?.province?.name, "Hồ Chí Minh");
  assert.equal(province.old?.province?.name, "Bình Dương");
  assert.ok(!province.undecided.includes("new.ward"), province.undecided.join());
  // A district alone in the bracket: the new province it went into, though no commune.
  const district = parse("71A Nguyễn Thượng Hiền (quận Bình Thạnh cũ)");
  assert.equal(district.new?.province?.name, "Hồ Chí Minh");
  assert.equal(district.new?.ward, null);
  assert.equal(district.structure, "old");
});

test("beside old units in a bracket, the address is today's: a name both an old ward and a commune of today bear is the commune", () => {
  // The old Phường Hố Nai went into Long Bình; today's Phường Hố Nai took Biên Hòa's Tân Hòa.
  const r = parse("Đường Điểu Xiển, phường Hố Nai, tỉnh Đồng Nai (TP. Biên Hòa cũ)");
  assert.equal(r.new?.ward?.full_name, "Phường Hố Nai");
  assert.equal(r.old?.district?.full_name, "Thành phố Biên Hòa");
  assert.equal(r.structure, "new");
  // Without the bracket the text may be of either time ("tỉnh Đồng Nai" was today's province's
  // name until 2026): today's commune is read first, the old ward left undecided.
  const either = parse("Đường Điểu Xiển, phường Hố Nai, tỉnh Đồng Nai");
  assert.equal(either.new?.ward?.full_name, "Phường Hố Nai");
  assert.ok(either.undecided.includes("old.ward"));
});

test("an old ward in a bracket that many wards are named is the one that went into the current commune", () => {
  // A dozen old wards are named An Hòa; Ninh Kiều's went into Phường Cái Khế.
  const r = parse("38/42 Mậu Thân, Phường Cái Khế, Thành Phố Cần Thơ (Phường An Hòa Cũ)");
  assert.equal(r.old?.ward?.code, "31120");
  assert.equal(r.old?.district?.name, "Ninh Kiều");
  assert.equal(r.new?.ward?.full_name, "Phường Cái Khế");
});

test("an old district alone in the bracket ('Phường Bến Thành (Quận 1 cũ)') does not decide which of its wards the commune's same-named predecessor is", () => {
  const r = parse("18 Bùi Thị Xuân, Phường Bến Thành (Quận 1 cũ), TP HCM");
  assert.equal(r.new?.ward?.name, "Bến Thành");
  assert.equal(r.old?.district?.name, "1");
  // The likelier one, said to be a guess, the others beside it.
  assert.equal(r.old?.ward?.name, "Bến Thành");
  assert.ok(r.undecided.includes("old.ward"), r.undecided.join());
  const predecessors = r.alternatives.filter((a) => a.reason === "predecessor").map((a) => a.old?.ward?.name);
  assert.ok(predecessors.includes("Phạm Ngũ Lão"), predecessors.join());
  // As without the bracket.
  assert.deepEqual(parse("18 Bùi Thị Xuân, Phường Bến Thành, TP HCM").undecided, r.undecided);
  // A ward the bracket writes is stated.
  const stated = parse("Phường Hiệp Bình (Phường Hiệp Bình Phước, TP. Thủ Đức cũ)");
  assert.equal(stated.old?.ward?.name, "Hiệp Bình Phước");
  assert.deepEqual(stated.undecided, []);
});

test("a business's second site labelled after its address ('Địa điểm kinh doanh:', 'Văn phòng giao dịch:') leaves the address first written", () => {
  let r = parse(
    "Lô 30, liền kề 1, tiểu khu đô thị mới Vạn Phúc, phường Vạn Phúc, quận Hà Đông, Hà Nội – Địa điểm XKLĐ: Số 31 Khương Hạ, phường Khương Đình, quận Thanh Xuân, TP Hà Nội",
  );
  assert.equal(r.old?.ward?.name, "Vạn Phúc");
  assert.equal(r.old?.district?.name, "Hà Đông");
  r = parse(
    "Số nhà 62 Ngõ 447 đường Lạc Long Quân, phường Xuân La, quận Tây Hồ, Hà Nội Văn phòng giao dịch: Số 53 Lô BT2, Khu Đô thị Bắc Linh Đàm, Phường Hoàng Liệt, Quận Hoàng Mai, Hà Nội",
  );
  assert.equal(r.old?.ward?.name, "Xuân La");
  assert.match(r.input, /Văn phòng giao dịch/);
  // The label heading the text, or words before it that name no place, leave the text whole.
  assert.equal(parse("Địa điểm kinh doanh: 12 Lê Lợi, phường Bến Nghé, Quận 1, TP HCM").old?.ward?.name, "Bến Nghé");
  assert.equal(parse("Công ty TNHH An Phát - Chi nhánh Hà Nội: 12 Lê Lợi, Hà Đông, Hà Nội").old?.district?.name, "Hà Đông");
});
