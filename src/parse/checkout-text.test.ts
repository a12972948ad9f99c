/**
 * Addresses as typed into a checkout form: the buyer's name and phone number in the same box, and
 * Hà Nội's districts by their initials ("HBT"). A phone number is no house number and is carried
 * by no part of the address (it is personal data); the district's initials read as the district.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parser = createParser();

test("a phone number, however written and wherever in the text, is no house number and no part of the address", () => {
  const clean = parser.parse("số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội");
  for (const text of [
    "Chị Lan 0912345678 số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội",
    "số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội, sđt 0912.345.678",
    "0912 345 678 - số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội",
    "số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội (ĐT 024 3869 1234)",
    "84912345678, số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội",
    "Chị Lan (+84) 912 345 678 số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.parts.house_number, "5", text);
    assert.equal(r.old?.ward?.code, clean.old?.ward?.code, text);
    assert.doesNotMatch(JSON.stringify(r.parts), /912|345|3869/, text);
  }
  assert.equal(parser.parse("Chị Lan 0912345678 số 5 ngõ 3 Bạch Mai HBT HN").parts.name, "Chị Lan");
});

test("long numbers that are no phone number stay what they were", () => {
  assert.equal(parser.parse("Số 123456, Phường Bạch Mai, Hai Bà Trưng, Hà Nội").parts.house_number, "123456");
  assert.equal(parser.parse("Hà Nội 100000").old?.province?.code, "01");
});

test("Hà Nội's inner districts by their initials read as the district", () => {
  for (const [initials, district] of [
    ["HBT", "007"],
    ["ĐĐ", "006"],
    ["HK", "002"],
    ["CG", "005"],
    ["LB", "004"],
    ["BTL", "021"],
    ["NTL", "019"],
  ]) {
    const text = `Số 5, ${initials}, HN`;
    assert.equal(parser.parse(text).old?.district?.code, district, text);
  }
});

test('the country with its postal code at the end ("Việt Nam 700000") is no part of the address', () => {
  for (const text of [
    "12 Nguyễn Văn Linh, Phường Tân Phong, Quận 7, TP.HCM, Việt Nam 700000",
    "12 Nguyễn Văn Linh, Tân Phong, Quận 7, Ho Chi Minh City, Vietnam 700000",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.parts.name, null, text);
    assert.equal(r.parts.street, "Nguyễn Văn Linh", text);
    assert.equal(r.old?.ward?.name, "Tân Phong", text);
  }
});

test("a building's name that ends in a number ('Landmark 81') keeps it when the next segment opens with the house's number", () => {
  for (const [text, name, house, street] of [
    ["Landmark 81, 720A Điện Biên Phủ, P.22, Bình Thạnh", "Landmark 81", "720A", "Điện Biên Phủ"],
    ["Sky Garden 3, 12 Nguyễn Văn Linh, Q7", "Sky Garden 3", "12", "Nguyễn Văn Linh"],
  ] as const) {
    const { parts } = parser.parse(text);
    assert.deepEqual([parts.name, parts.house_number, parts.street], [name, house, street], text);
  }
  // With no number of the house after it, the number stays the house's.
  assert.equal(parser.parse("Keangnam Landmark 72, Phạm Hùng, Nam Từ Liêm, Hà Nội").parts.house_number, "72");
  assert.equal(parser.parse("Vincom Center, 72 Lê Thánh Tôn, Quận 1").parts.house_number, "72");
});

test("a person named with a title at a checkout ('Chị Hoa', 'anh Tuấn') is no street", () => {
  let r = parser.parse("Chị Hoa 0987.654.321 thôn Trung, xã Đông Xuân, Quốc Oai, HN");
  assert.equal(r.parts.street, null);
  assert.equal(r.parts.name, "Chị Hoa");
  assert.equal(r.parts.hamlet, "Thôn Trung");
  r = parser.parse("anh Tuấn, Lê Lợi, Bến Nghé, Q1");
  assert.equal(r.parts.street, "Lê Lợi");
  // Streets named with a title keep it: Bà Triệu, Ông Ích Khiêm, Cô Giang.
  for (const street of ["Bà Triệu", "Ông Ích Khiêm", "Cô Giang"])
    assert.equal(parser.parse(`${street}, Phường 5, Quận 3`).parts.street, street);
});

test("a numbered district or ward written again as a bare number ('…, Bến Nghé, 1, HCM') is no place name", () => {
  for (const text of ["Số 12, Lê Lợi, Bến Nghé, 1, HCM", "12 Lê Lợi, Võ Thị Sáu, 3, HCM"]) {
    const r = parser.parse(text);
    assert.equal(r.parts.name, null, text);
    assert.equal(r.parts.house_number, "12", text);
  }
});

test("a flat's number alone in the first segment, before the building and the house's own number, is the flat's", () => {
  for (const [text, flat, house, street] of [
    ["1205, Sunrise City, 23 Nguyễn Hữu Thọ, Tân Hưng, Quận 7", "1205", "23", "Nguyễn Hữu Thọ"],
    ["103, Chung cư Ánh Dương, 1 2 Tháng 9, Xã Hưng Hòa, Huyện Bàu Bàng, Tỉnh Bình Dương", "103", "1", "2 Tháng 9"],
    ["102, Chung cư Kim Liên tòa CT2, 1 Quốc lộ 14, P.Nguyễn Du, Q.Hai Bà Trưng, TP.Hà Nội", "102", "1", "Quốc lộ 14"],
  ] as const) {
    const { parts } = parser.parse(text);
    assert.deepEqual([parts.unit, parts.house_number, parts.street], [flat, house, street], text);
  }
  // A house's number followed by its street keeps it.
  assert.equal(parser.parse("12, Lê Lợi, Bến Nghé, Quận 1").parts.house_number, "12");
});

test("'lang' without diacritics after a house's number is Hà Nội's Láng street, not a village", () => {
  for (const text of ["1 lang ha, dong da, ha noi", "1 Lang Ha, Dong Da"]) {
    const { parts } = parser.parse(text);
    assert.equal(parts.hamlet, null, text);
    assert.match(parts.street ?? "", /^lang ha$/i, text);
  }
  assert.equal(parser.parse("5 Làng Hạ, xã Hòa Tiến").parts.hamlet, "Làng Hạ");
  assert.equal(parser.parse("1 ban nam tu, van chan, yen bai").parts.hamlet, "Bản nam tu");
});

test("a range of houses written around a spaced dash ('14 - 16 Hàm Nghi') is one house number", () => {
  const { parts } = parser.parse("14 - 16 Hàm Nghi, Bến Nghé, Quận 1");
  assert.deepEqual([parts.house_number, parts.street], ["14-16", "Hàm Nghi"]);
  // A street named by a date keeps its day.
  assert.equal(parser.parse("15 - 30 Tháng 4, Bến Tre").parts.street, "30 Tháng 4");
});

test("fields pasted with slashes between them ('12 Lê Lợi/Bến Nghé/Q1/HCM') read as segments", () => {
  const r = parser.parse("12 Lê Lợi/Bến Nghé/Q1/HCM");
  assert.equal(r.old?.ward?.name, "Bến Nghé");
  assert.equal(r.parts.street, "Lê Lợi");
  assert.equal(r.parts.house_number, "12");
  assert.equal(parser.parse("Thôn 3/Xã Tân Lập/Huyện Đan Phượng/Hà Nội").old?.ward?.name, "Tân Lập");
});

test("a note to the courier beside the address ('Giao giờ hành chính - …', '(gọi trước khi giao)') is no part of it", () => {
  for (const text of [
    "Giao giờ hành chính - 12 Lê Lợi, P.Bến Nghé, Q1",
    "12 Lê Lợi P Bến Nghé Q1 (gọi trước khi giao)",
    "12 Lê Lợi, Bến Nghé, Q1, Ghi chú: cho xem hàng",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.parts.name, null, text);
    assert.equal(r.parts.street, "Lê Lợi", text);
    assert.equal(r.old?.ward?.name, "Bến Nghé", text);
  }
  // A note alone names nothing (it read Hà Tĩnh's Gia Hanh); one with a house's number keeps it.
  assert.equal(parser.parse("Giao giờ hành chính").old?.province ?? null, null);
  assert.equal(parser.parse("goi truoc khi giao 12 Le Loi").parts.house_number, "12");
});

test("a kilometre mark on a highway ('Km 13 Đ. Ngọc Hồi', 'km12.5 QL5') is where the house is", () => {
  assert.equal(parser.parse("Km 13 Đ. Ngọc Hồi, Ngọc Hồi, Thanh Trì, Hà Nội").parts.house_number, "Km 13");
  const r = parser.parse("km12.5 QL5, Gia Lâm");
  assert.equal(r.parts.house_number, "Km 12.5");
  assert.equal(r.parts.street, "Quốc lộ 5");
  assert.equal(parser.parse("Km 15 Quốc lộ 1A, Thanh Trì, Hà Nội").parts.name, null);
});

test("a province's name alone after the house's number is the street named after it ('12, Hà Nội, Quận 1, HCM')", () => {
  const r = parser.parse("12, Hà Nội, Quận 1, HCM");
  assert.equal(r.parts.street, "Hà Nội");
  assert.equal(r.old?.province?.name, "Hồ Chí Minh");
  assert.deepEqual(r.unplaced ?? [], []);
});

test("where along the alley ('cuối ngõ 5', 'trong hẻm 12') is no part and no slip of a commune's name", () => {
  let r = parser.parse("cuối ngõ 5 Xã Đàn");
  assert.equal(r.old?.province ?? null, null); // it read Tây Ninh's Suối Ngô
  assert.equal(r.parts.alley, "Ngõ 5");
  assert.equal(r.parts.street, "Xã Đàn");
  r = parser.parse("trong hẻm 12 Nguyễn Trãi, Q5");
  assert.equal(r.parts.street, "Nguyễn Trãi");
  assert.equal(r.parts.name, null);
});

test("a villa's or row house's lot in a new urban area, and a car-wide alley, are read as such", () => {
  assert.equal(parser.parse("Biệt thự B12 khu đô thị Ciputra, Tây Hồ").parts.house_number, "Biệt thự B12");
  assert.equal(parser.parse("Liền kề 15 KĐT Văn Phú, Hà Đông").parts.house_number, "Liền kề 15");
  assert.equal(parser.parse("LK 15-20 KĐT Văn Phú, Phú La, Hà Đông").parts.house_number, "LK 15-20");
  const r = parser.parse("Hẻm xe hơi 45 Phan Xích Long, P2, Phú Nhuận");
  assert.equal(r.parts.alley, "Hẻm 45");
  assert.equal(r.parts.street, "Phan Xích Long");
});

test("the province damaged past what the look-up mends, closing the text after the units, is no place name or street", () => {
  for (const text of [
    "239 Trần Phú X. Thủ Sỹ H. Tiên Lữ Hưn Yên",
    "12 Phạm Văn Đồng, X. Nghĩa Đồng, Ngh An",
    "15 Quang Trung, X. Xuyên Mộc, H. Xuyên Mộc, Bà ịa - Vũng Tàu",
    "Thôn 9 X. Mỹ Hạnh Đông TX. Cai Lậy Tiề Giang",
  ]) {
    const parts = parser.parse(text).parts;
    assert.equal(parts.name, null, text);
    assert.equal(parts.street === null || /^(Trần Phú|Phạm Văn Đồng|Quang Trung)$/.test(parts.street), true, text);
  }
  // A place named at the end that is no damaged province stays.
  assert.equal(parser.parse("12 Lê Lợi, P. Tân Định, Q.1, Bình An").parts.name, "Bình An");
});

test("a buyer's request to deliver before the address ('Giao cho chị Lan, …', 'Ship cho em về …', 'Nhà em ở …') is no street", () => {
  const clean = parser.parse("thôn Trung, xã Đông Xuân, Quốc Oai, HN");
  for (const text of [
    "Giao cho chị Lan, thôn Trung, xã Đông Xuân, Quốc Oai, HN",
    "Gửi anh Minh thôn Trung, xã Đông Xuân, Quốc Oai, HN",
    "Ship cho em về thôn Trung, xã Đông Xuân, Quốc Oai, HN",
    "Gửi giúp em tới thôn Trung, xã Đông Xuân, Quốc Oai, HN",
    "Gởi về thôn Trung, xã Đông Xuân, Quốc Oai, HN",
    "Nhận tại thôn Trung, xã Đông Xuân, Quốc Oai, HN",
    "Nhà em ở thôn Trung, xã Đông Xuân, Quốc Oai, HN",
    "Cho mình ship đến thôn Trung, xã Đông Xuân, Quốc Oai, HN",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.parts.street, null, text);
    assert.equal(r.parts.hamlet, "Thôn Trung", text);
    assert.equal(r.old?.ward?.code, clean.old?.ward?.code, text);
  }
  // The person it names with a title is kept where a titled person stands: the place's name, also
  // written without diacritics; after "ở tại", a title opens a street's name.
  assert.equal(parser.parse("Giao cho chị Lan, thôn Trung, xã Đông Xuân, Quốc Oai, HN").parts.name, "chị Lan");
  const folded = parser.parse("giao cho chi lan, thon trung, xa dong xuan, quoc oai, ha noi");
  assert.deepEqual([folded.parts.name, folded.parts.street], ["chi lan", null]);
  assert.equal(parser.parse("Em ở tại Ông Ích Khiêm, Xã Khánh Sơn, Tỉnh Khánh Hòa").parts.street, "Ông Ích Khiêm");
  // Names that fold like a request's words stay names: Nhân Cơ, Giao Thủy.
  assert.equal(parser.parse("Nhân Cơ, Đắk R'Lấp, Đắk Nông").old?.ward?.name, "Nhân Cơ");
  assert.equal(parser.parse("Giao Thủy, Nam Định").old?.district?.name, "Giao Thủy");
});

test("a courtesy or a note to the courier after the address ('… nhé shop', '…, cảm ơn', '…, nhận hàng sau 5h chiều') is no part of it", () => {
  for (const text of [
    "thôn Trung, xã Đông Xuân, Quốc Oai, HN nhé shop",
    "thôn Trung, xã Đông Xuân, Quốc Oai, HN ạ",
    "thôn Trung, xã Đông Xuân, Quốc Oai, HN, cảm ơn shop",
    "thôn Trung, xã Đông Xuân, Quốc Oai, HN. Thanks",
    "thôn Trung, xã Đông Xuân, Quốc Oai, HN, giúp em với",
    "thôn Trung, xã Đông Xuân, Quốc Oai, HN, nhận hàng sau 5h chiều",
  ]) {
    const r = parser.parse(text);
    assert.deepEqual([r.parts.house_number, r.parts.street, r.parts.name], [null, null, null], text);
    assert.equal(r.old?.ward?.name, "Đông Xuân", text);
  }
  // "Tòa A" keeps its letter: only "ạ" so written is a courtesy.
  assert.equal(parser.parse("12 Lê Lợi, Bến Nghé, Quận 1, Tòa A").parts.building, "Tòa A");
});

test("a recipient's name after its label, or written out before a phone number, is the recipient's, not the street", () => {
  let r = parser.parse("Người nhận: Nguyễn Văn An, thôn Trung, xã Đông Xuân, Quốc Oai, HN");
  assert.equal(r.parts.street, null);
  assert.equal(r.parts.name, "Nguyễn Văn An");
  r = parser.parse("Lê Minh Tuấn 0912345678, ngõ 51 Lê Quý Đôn, Phường Cờ Đỏ, Thị xã Mộc Châu, Tỉnh Sơn La");
  assert.equal(r.parts.street, "Lê Quý Đôn");
  assert.equal(r.parts.name, "Lê Minh Tuấn");
  // A middle name that opens a type word ("Thị" of Thị xã) is still a name's; a formal title with one name too.
  r = parser.parse("Vũ Thị Lan 0912345678, Kim Đồng, Phường Vĩnh Châu, Thành phố Cần Thơ");
  assert.deepEqual([r.parts.street, r.parts.name], ["Kim Đồng", "Vũ Thị Lan"]);
  r = parser.parse("cô Minh - 0909.123.456 - Hàm Nghi, P. Đại Mỗ, Quận Nam Từ Liêm, Hà Nội");
  assert.deepEqual([r.parts.street, r.parts.name], ["Hàm Nghi", "cô Minh"]);
  // A phone number between a titled person and the street parts them.
  r = parser.parse("Chị Tuấn 0909.123.456 Nguyễn Đình Chiểu, Thới Hòa, Bến Cát, Bình Dương");
  assert.equal(r.parts.street, "Nguyễn Đình Chiểu");
  assert.equal(r.parts.name, "Chị Tuấn");
});

test("'Đ/c' and 'K/p' are the labels they abbreviate, not a street 'c' or 'K'", () => {
  let r = parser.parse("Đ/c: thôn Trung, xã Đông Xuân, Quốc Oai, HN");
  assert.equal(r.parts.street, null);
  r = parser.parse("đ/c Hàng Bài, Phường Thuận Giao, Thuận An, Bình Dương");
  assert.equal(r.parts.street, "Hàng Bài");
  r = parser.parse("K/p 3, P. Tân Phong, Q7");
  assert.equal(r.parts.hamlet, "Khu phố 3");
  assert.equal(r.parts.street, null);
});

test("'ở' and 'tại' between two parts ('Tổ 5 ở phường …', 'Nhà số 7 tại thôn …') are no street's words; inside a name they stay", () => {
  for (const [text, street, hamlet] of [
    ["Tổ 5 ở phường Tân Thịnh, TP Thái Nguyên", null, "Tổ 5"],
    ["số 12 ngõ 5 Tây Sơn ở phường Đống Đa, Hà Nội", "Tây Sơn", null],
    ["thôn 3 tại xã Hòa Phú, Chư Păh, Gia Lai", null, "Thôn 3"],
    ["Nhà số 7 tại thôn Đông, xã Yên Thường, Gia Lâm, Hà Nội", null, "Thôn Đông"],
  ] as const) {
    const { parts } = parser.parse(text);
    assert.deepEqual([parts.street, parts.hamlet], [street, hamlet], text);
  }
  assert.equal(parser.parse("18 Quang Trung Xã Ia O Huyện Chư Prông Tỉnh Gia Lai").old?.ward?.name, "Ia O");
  assert.equal(parser.parse("Nhà ở xã hội Hưng Phú, Cái Răng, Cần Thơ").parts.building !== null, true);
});
