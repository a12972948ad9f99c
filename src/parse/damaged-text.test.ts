/**
 * Text damaged on its way in: a province cut short at the end (form fields, copied text), type
 * words with a letter added, left out or replaced, a word that reads as nothing before a unit,
 * district initials glued to "Q", and a commune the registry no longer has beside the district the
 * writer gives.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "./index.js";

const parser = createParser();

test("a province cut short at the end of the text is the province the commune decides", () => {
  const cases: [string, string, string][] = [
    ["12 Lê Lợi, Xã Vĩnh Bình, Tỉnh An Gi", "91", "Vĩnh Bình"],
    ["89 Hai Bà Trưng, Xã Xuân Hòa, Thành phố Đồng", "75", "Xuân Hòa"],
    // "Cà" begins Cà Mau and Cao Bằng: the commune picks.
    ["5 Lê Lợi, Xã Vĩnh Lộc, Tỉnh Cà", "96", "Vĩnh Lộc"],
    ["Phường Hạ Long, Quảng N", "22", "Hạ Long"],
  ];
  for (const [text, province, commune] of cases) {
    const r = parser.parse(text);
    assert.equal(r.new?.province?.code, province, text);
    assert.equal(r.new?.ward?.name, commune, text);
    assert.ok(r.confidence < 1, `${text}: a name cut short is read less surely`);
  }
  // A whole province written last is no beginning of another ("Hà Nội" does not begin a name).
  assert.equal(parser.parse("Xã Tân Lập, Huyện Đan Phượng, Hà Nội").old?.province?.code, "01");
});

test("a type word with a letter added, left out or replaced is still the type word, not a name", () => {
  // "Thbnh phố" read as a commune "Thạnh Phú" put the address in Sóc Trăng; "Thdành phố Huế"
  // left "phố Huế", Hà Nội's ward Phố Huế.
  let r = parser.parse("5 Quang Trung, Phường Mỹ Xuyên, Thbnh phố Cần Thơ");
  assert.equal(r.new?.ward?.full_name, "Phường Mỹ Xuyên");
  assert.equal(r.new?.province?.code, "92");
  r = parser.parse("110 Lê Lợi, Phường Mỹ Thượng, Thdành phố Huế");
  assert.equal(r.new?.ward?.full_name, "Phường Mỹ Thượng");
  assert.equal(r.new?.province?.code, "46");
});

test("a word that reads as nothing before a unit is its damaged type word: the unit is read, and no part is made of it", () => {
  for (const [text, commune] of [
    ["Xb Tân Văn, Tỉnh Lạng Sơn", "Tân Văn"],
    ["7 Lý Thường Kiệt, Xlã Quảng Lâm, Tỉnh Cao Bằng", "Quảng Lâm"],
  ]) {
    const r = parser.parse(text);
    assert.equal(r.new?.ward?.name, commune, text);
    assert.doesNotMatch(`${r.parts.street} ${r.parts.name}`, /Xb|Xlã/, text);
  }
});

test("'Dương' written with its diacritics starts a commune's name, not a street ('đường')", () => {
  const r = parser.parse("Xã Dương Minh Châuh, Tỉnh Tây Ninh");
  assert.equal(r.new?.ward?.full_name, "Xã Dương Minh Châu");
  assert.equal(r.parts.street, null);
});

test("Quận glued to a district's initials ('QTB', 'qgv') reads as the dotted 'Q.TB' does", () => {
  let r = parser.parse("P12 QTB");
  assert.equal(r.old?.ward?.full_name, "Phường 12");
  assert.equal(r.old?.district?.full_name, "Quận Tân Bình");
  r = parser.parse("12 Nguyễn Oanh P17 qgv");
  assert.equal(r.old?.district?.full_name, "Quận Gò Vấp");
  assert.equal(r.parts.name, null);
});

test("a commune the district no longer has is not read as a namesake of another district the text does not name", () => {
  // Xã Hợp Thanh of Lương Sơn was merged away before 2021; Hòa Bình city's Xã Hợp Thành is one
  // diacritic away, and reading it made the written district a street.
  const r = parser.parse("xã Hợp Thanh, Lương Sơn, Hòa Bình");
  assert.equal(r.old?.district?.full_name, "Huyện Lương Sơn");
  assert.equal(r.old?.ward, null);
  assert.equal(r.parts.street, null);
  assert.ok(r.confidence < 0.9);
  // A ward read exactly keeps its own district against one written wrong.
  assert.equal(parser.parse("Phường Tân Định, Quận 3, TP HCM").old?.ward?.name, "Tân Định");
});

test("a doubled letter that makes a name's word a type word ('Thànhh') leaves it the name's word too", () => {
  const r = parser.parse("Xã Tânn Thànhh, Huyện Bắc Sơn, Tỉnh Lạng Sơn");
  assert.equal(r.old?.ward?.full_name, "Xã Tân Thành");
  assert.equal(r.old?.district?.full_name, "Huyện Bắc Sơn");
});

test("in the last segment, a province's name with a typo is found after its damaged type word", () => {
  // "Trỉnh" is no type word, and "qghệ An" is Nghệ An one letter off; before, Phú Thọ's Xã Đông
  // Thành was read, and the province's words became a place name.
  const r = parser.parse("241 Quang Trung, Xã Đông Thành, Trỉnh qghệ An");
  assert.equal(r.new?.province?.code, "40");
  assert.equal(r.new?.ward?.full_name, "Xã Đông Thành");
  assert.equal(r.parts.name, null);
});

test("a province's name with a slip in two of its words, at the end of the text, is the province", () => {
  // Each word one edit from the name's ("Cam Mlau": Cà Mau), which a typo search of one edit in
  // the whole name cannot read; the commune then went to a namesake elsewhere.
  const cases: [string, string, string][] = [
    ["72 Hung Vuong, Xa Dong Hai, Tinh Cam Mlau", "96", "Đông Hải"],
    ["282 Nguyễn Văn Cừ, Xã Tân Châu, Tỉnnh Tâ Nin", "80", "Tân Châu"],
    ["Xã Long Thạnh, Tỉnh n Giang", "91", "Long Thạnh"],
  ];
  for (const [text, province, commune] of cases) {
    const r = parser.parse(text);
    assert.equal(r.new?.province?.code, province, text);
    assert.equal(r.new?.ward?.name, commune, text);
    assert.ok(r.confidence < 0.8, `${text}: two slips are read less surely`);
  }
  // One slip in the whole name stays the typo search's nearer reading ("Tâ Ninh" is Tây Ninh,
  // not Hà Tĩnh two slips away).
  assert.equal(parser.parse("282 Nguyễn Văn Cừ, Xã Tân Châu, Tỉnh Tâ Ninh").new?.province?.code, "80");
  // Words that name a unit as written are that unit's.
  assert.equal(parser.parse("12 Lê Lợi, Phường 3, Tân Bình").old?.district?.name, "Tân Bình");
});

test("before a province's name at the end, a word that reads as nothing is its damaged type word", () => {
  // "mỉnsh" (two slips from "tỉnh") and "ã" read as nothing; before, "Tuyên Quang" was Lâm Đồng's Xã
  // Tuyên Quang, and the commune the text names was lost.
  const r = parser.parse("125 Nguyễn Trãi, ã Yêl Lập, mỉnsh Tuyên Quang");
  assert.equal(r.new?.province?.code, "08");
  assert.equal(r.new?.ward?.name, "Yên Lập");
});

test("'Can' opening the last segment is Cần Thơ's first word, though 'căn' opens a flat", () => {
  const r = parser.parse("59 Le Loi, Phuong Tan Hung, Can Thpo");
  assert.equal(r.old?.province?.code, "92");
  assert.equal(r.old?.ward?.name, "Tân Hưng");
  // In a segment of its own before the end, "Căn" still opens the flat.
  assert.equal(parser.parse("Căn 12, 5 Lê Lợi, Phường Tân An, Cần Thơ").parts.unit !== null, true);
});

test("'thành phố' with its first word damaged ('Tành phố', 'Thoành phố') declares the city, and 'phố' opens no street", () => {
  // "phố" read as a street's keyword took "Đà Nẵng" for a street, and An Hải went to Hải Phòng.
  const cases: [string, string, string][] = [
    ["206 Hai Bà Trưng, Phường An Hải, Thoành phố Đà Nẵng", "48", "An Hải"],
    ["228 Hai Bà Trưng, Xã Thạnh Phú, khành phố Cần Thơ", "92", "Thạnh Phú"],
    // Declared, the city is where a damaged commune is looked for.
    ["52 Hùng Vương, Xã Tiênu Phkước, Tành phố Đà Nẵng", "48", "Tiên Phước"],
  ];
  for (const [text, province, commune] of cases) {
    const r = parser.parse(text);
    assert.equal(r.new?.province?.code, province, text);
    assert.equal(r.new?.ward?.name, commune, text);
    assert.equal(r.parts.street, text.includes("Hai Bà Trưng") ? "Hai Bà Trưng" : "Hùng Vương", text);
  }
  // "phố" damaged after an intact "Thành" likewise; "Thanh Phú", a syllable, is no damaged "phố".
  assert.equal(parser.parse("168 Lê Lợi, Phường uâ Hòa, Thành pgố Hồ Chí Mnh").new?.province?.code, "79");
  assert.match(parser.parse("Xã Thanh Phú, Bến Tre").new?.ward?.name ?? "", /^Th.nh Phú$/);
  // A street named "phố …" after a number is still a street.
  assert.equal(parser.parse("12 phố Huế, Hai Bà Trưng, Hà Nội").parts.street, "Huế");
});

test("an alley's keyword with a slip ('Ngxch 8', 'Kkệt 112', 'NNgách 40') is still the alley's", () => {
  for (const [text, alley] of [
    ["Số 1, Ngõ 9, Ngxch 8, Hùng Vương, Phường Tây Mỗ, Thàn phố Hà Nội", "Ngõ 9 Ngách 8"],
    ["Số 1, Kkệt 112, Mỹ Khê, Xã Vĩnh Tường, ỉnh Nghệ An", "Kiệt 112"],
    ["Số 1, Ngõ 17, NNgách 40, Đường D2, Phường Khương Đnh, Thành phố Hà Nội", "Ngõ 17 Ngách 40"],
  ] as const) {
    const r = parser.parse(text);
    assert.equal(r.parts.alley, alley, text);
    assert.equal(r.parts.house_number, "1", text);
  }
  // The damaged "Thàn phố" before the city is its type, no place name.
  assert.equal(parser.parse("Số 1, Ngõ 9, Ngách 8, Hùng Vương, Phường Tây Mỗ, Thàn phố Hà Nội").parts.name, null);
});

test("a typed unit read short inside a run, with words after it nothing reads, is looked for whole with a typo", () => {
  // "Phường Đông" of KBang, then "Nin Hòa" left: Đông Ninh Hòa with a letter missing.
  assert.equal(parser.parse("1 Hoàng Diệu Phường Đông Nin Hòa").new?.ward?.name, "Đông Ninh Hòa");
  // "X. Ho hi Ky" was Bắc Ninh's Hồ, then nothing: Cà Mau's Hồ Thị Kỷ.
  assert.equal(parser.parse("26 Pham Van dong X. Ho hi Ky Ca Mau").new?.ward?.name, "Hồ Thị Kỷ");
  // After an alley's number, "ngac" (a syllable, ngác) is a damaged "ngách".
  assert.equal(parser.parse("1, Ng.40, ngac 51, Bach Mai, X.Ta Thanh Oai, H.Thanh Tri, HN").parts.alley, "Ngõ 40 Ngách 51");
});

test("an alley's keyword that lost its last letter, as a segment of its own ('1, kie 27, phu lam'), is the alley's", () => {
  const r = parser.parse("1, kie 27, phu lam, x.xuan phuong, tx song cau");
  assert.equal(r.parts.alley, "Kiệt 27");
  assert.equal(r.parts.street, "phu lam");
  // Three letters inside a run stay what they are.
  assert.equal(parser.parse("1, nga 27, phu lam, x.xuan phuong").parts.alley, null);
});

test("a province's name written as a segment of its own is no slip of a commune's ('Kiệt 5, Hải Phòng, Đà Nẵng')", () => {
  // A street named after a province, in another province: it read Đại Phong, then Hòa Phong.
  for (const text of ["12, kiệt 5, Hải Phòng, Đà Nẵng", "12, Hải Phòng, Đà Nẵng"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.province?.name, "Đà Nẵng", text);
    assert.equal(r.old?.ward ?? null, null, text);
    // Right after the house's or alley's number, the street named after it, no unit left out.
    assert.equal(r.parts.street, "Hải Phòng", text);
    assert.deepEqual(r.unplaced, [], text);
  }
});

test("'Đường' with a slip ('Đườngg', 'Đưnờg') is still the street's keyword, and the street's name is not lost", () => {
  const r = parser.parse("số 1 ngõ 8 Đườngg số 7, xã Vĩnh Lộc, Thanh Hóa");
  assert.equal(r.parts.street, "số 7");
  assert.equal(r.parts.alley, "Ngõ 8");
  assert.equal(parser.parse("12 Đưnờg Lê Lợi, Phường Bến Thành, Quận 1").parts.street, "Lê Lợi");
  // A commune named with the keyword's word, damaged the same way (Bình Phước's Xã Đường 10).
  assert.equal(parser.parse("Thôn 5, Xã Đườg 10, Huyện Bù Đăng, Tỉnh Bình Phước").old?.ward?.name, "Đường 10");
  // A syllable one letter from it stays what it is.
  assert.equal(parser.parse("12 Đương Lê Lợi").parts.street, "Đương Lê Lợi");
});

test("a type word with a slip before a unit's number is the type word ('Phờng 3', 'Pưhờng 9', 'Qudn 5'), a room's 'Phòng 3' is not", () => {
  const cases: [string, string, string][] = [
    ["20 Trần Phú, Phờng 3, TP Bạc Liêu, Bạc Liêu", "Phường 3", "Thành phố Bạc Liêu"],
    ["182 Hồ Văn Huê, Pưhờng 9, Quận Phú Nhuận, TPHCM", "Phường 9", "Quận Phú Nhuận"],
    ["80/63 Dương Quảng Hàm, Phưng 05, Quận Gò Vấp, TP. HCM", "Phường 5", "Quận Gò Vấp"],
    ["C136, tổ 48D, khóm 5, Phườn 6, Thành phố Cao Lãnh", "Phường 6", "Thành phố Cao Lãnh"],
    ["235 Nguyễn Văn Cừ, Phường 4, Qudn 5, TP.HCM", "Phường 4", "Quận 5"],
    ["490 đường 3/2, P. 14, Qậun 10", "Phường 14", "Quận 10"],
    ["phuon 6 quan go vap", "Phường 6", "Quận Gò Vấp"],
  ];
  for (const [text, ward, district] of cases) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward?.full_name, ward, text);
    assert.equal(r.old?.district?.full_name, district, text);
  }
  // Two edits from "phường" as written: a room, and the district alone is read.
  const room = parser.parse("Phòng 3, Tòa nhà A, 12 Lê Lợi, Quận 1");
  assert.equal(room.old?.ward, null);
  assert.equal(room.old?.district?.name, "1");
});

test("a two-word type phrase with a slip in one word ('Tị trấn', 'Thị trấấn', 'Tị xã') is still the type phrase", () => {
  for (const text of ["Nam Kỳ Khởi Nghĩa, Tị trấn Tri Tôn, An Giang", "114 Trần Hưng Đạo, Thị trấấn Tri Tôn, An Giang"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward?.full_name, "Thị trấn Tri Tôn", text);
    assert.equal(r.old?.district?.full_name, "Huyện Tri Tôn", text);
  }
  assert.equal(parser.parse("Bản Tả Van, Tị xã Sa Pa").old?.district?.full_name, "Thị xã Sa Pa");
});

test("a ward's name with a slip whose first word folds like a part's keyword ('Láng Thượn': no 'làng') is the ward's", () => {
  for (const text of ["Láng Thượn, Đống Đa, Hà Nội", "70 Nguyễn Chí Thanh, Láng Thượg, Đống Đa"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.ward?.full_name, "Phường Láng Thượng", text);
    assert.equal(r.new?.ward?.full_name, "Phường Láng", text);
  }
  // Written as the keyword, it is the hamlet's: no ward is made of it.
  const village = parser.parse("Làng Thượng, Đống Đa, Hà Nội");
  assert.equal(village.old?.ward, null);
  assert.equal(village.parts.hamlet, "Làng Thượng");
});

test("a word the tokeniser's fix reads against its written marks is read by the typo search instead ('quận Tân Bìne': Tân Bình, not Tân Biên)", () => {
  const r = parser.parse("64B Cống Lỡ, phường 15, quận Tân Bìne");
  assert.equal(r.old?.district?.full_name, "Quận Tân Bình");
  assert.equal(r.old?.ward?.full_name, "Phường 15");
  // A fix that agrees with the marks still reads the name.
  assert.equal(parser.parse("xã Tân Biênn, Tây Ninh").old?.district?.full_name, "Huyện Tân Biên");
});

test("a numbered ward written 'Phướng 10' (a tone slipped) or 'Phường Số 13' (post offices' way) is that ward", () => {
  const slipped = parser.parse("1A, khu phố Trung Lương, Phướng 10, Tp. Mỹ Tho, tỉnh Tiền Giang");
  assert.equal(slipped.old?.ward?.full_name, "Phường 10");
  assert.equal(slipped.old?.district?.name, "Mỹ Tho");
  const worded = parser.parse("Phường Số 13, Quận 5, TP.HCM");
  assert.equal(worded.old?.ward?.full_name, "Phường 13");
  assert.equal(worded.old?.district?.full_name, "Quận 5");
  // A street's number keeps its word.
  assert.equal(parser.parse("12 đường số 5, Phường 13, Quận 6").parts.street, "số 5");
});
