/**
 * Text as people type it (issue 13, items 1 and 2): words glued or split, typos in type words
 * and names. Each test bends a set of clean addresses by one habit of writing, as a transform
 * over any address rather than one example, and expects the units of the clean text back.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ParsedAddress } from "./index.js";
import { createParser } from "./index.js";
import { normalise, Tokeniser, UNMARKED } from "./tokenise.js";

const parser = createParser();

/** Clean addresses across the country, each naming ward, district and province. */
const CLEAN = [
  "Số nhà 5 ngõ 3 Phường Bạch Mai Quận Hai Bà Trưng Hà Nội",
  "Phường Dịch Vọng Hậu Quận Cầu Giấy Thành phố Hà Nội",
  "Phường Bến Nghé Quận 1 Thành phố Hồ Chí Minh",
  "Xã Hòa Sơn Huyện Lương Sơn Tỉnh Hòa Bình",
  "Thị trấn Tĩnh Túc Huyện Nguyên Bình Tỉnh Cao Bằng",
  "Phường Láng Hạ Quận Đống Đa Hà Nội",
];

function units(r: ParsedAddress): string {
  return `${r.old?.province?.code} ${r.old?.district?.code} ${r.old?.ward?.code} ${r.new?.province?.code} ${r.new?.ward?.code}`;
}

function expectSameUnits(transform: (text: string) => string, label: string): void {
  for (const clean of CLEAN) {
    const bent = transform(clean);
    assert.equal(units(parser.parse(bent)), units(parser.parse(clean)), `${label}: ${JSON.stringify(bent)}`);
  }
}

const VOWEL = /[aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

test("every address reads the same with the spaces left out altogether", () => {
  expectSameUnits((t) => t.replaceAll(" ", "").toLowerCase(), "no spaces, lower case");
});

test("every address reads the same with its words joined and only capitals marking the joins", () => {
  expectSameUnits((t) => t.replaceAll(" ", ""), "joined by capitals");
});

test("type words glued to the name that follows read as type words", () => {
  const glue = /(Phường|Quận|Huyện|Xã|Tỉnh|Thị trấn) /g;
  expectSameUnits((t) => t.replace(glue, "$1"), "type word glued");
  expectSameUnits(
    (t) =>
      t
        .replace(/Phường /, "P")
        .replace(/Huyện /, "H")
        .replace(/Xã /, "X"),
    "abbreviation glued",
  );
});

test("syllables a copy out of a PDF split before their vowel are joined again", () => {
  // "Phường" → "Ph ường": the break falls where the accented vowel starts, in every word that has an initial.
  const split = (t: string) =>
    t
      .split(" ")
      .map((w, i) => {
        const v = w.search(VOWEL);
        return i % 2 === 0 && v > 0 && /[^\x00-\x7f]/.test(w) ? `${w.slice(0, v)} ${w.slice(v)}` : w;
      })
      .join(" ");
  expectSameUnits(split, "split syllables");
});

test("a doubled or swapped letter in a type word keeps the unit it types", () => {
  expectSameUnits(
    (t) => t.replace("Tỉnh", "tinhh").replace("Huyện", "huyeen").replace("Quận", "quann"),
    "type typos",
  );
  expectSameUnits((t) => t.replace("Thành phố", "thanh phoo").replace("Phường", "phuogn"), "type typos");
});

test("a typo in the province's type word does not lose the province to a commune of that name", () => {
  const r = parser.parse("12 Nguyễn Trãi, tinhh Nam Định");
  assert.equal(r.old?.province?.name, "Nam Định");
  assert.equal(r.old?.ward, null);
  assert.equal(r.new?.ward, null);
});

test("a doubled or swapped letter in a name finds the unit, with the confidence of a typo", () => {
  const clean = parser.parse("Phường Dịch Vọng Hậu, Cầu Giấy, Hà Nội");
  for (const typo of ["Phường Dịch Vọng Hậuu, Cầu Giấy, Hà Nội", "Phường Dịhc Vọng Hậu, Cầu Giấy, Hà Nội"]) {
    const r = parser.parse(typo);
    assert.equal(r.old?.ward?.code, clean.old?.ward?.code, typo);
    assert.ok(r.confidence < clean.confidence, `${typo}: ${r.confidence} < ${clean.confidence}`);
    assert.equal(r.parts.street, null, typo);
  }
});

test("the tokeniser cuts glued words and mends split ones, keeping the written diacritics", () => {
  const tokeniser = new Tokeniser(parser.index.names, UNMARKED);
  const raw = (text: string) => tokeniser.tokenise(normalise(text)).map((t) => t.raw);
  assert.deepEqual(raw("sốnhà5ngõ3phườngbạchmai"), ["số", "nhà", "5", "ngõ", "3", "phường", "bạch", "mai"]);
  assert.deepEqual(raw("QuậnHaiBàTrưng"), ["Quận", "Hai", "Bà", "Trưng"]);
  assert.deepEqual(raw("ph ường Đ ống Đa"), ["phường", "Đống", "Đa"]);
  // Words of their own stay apart: an abbreviation before a name, a house number, a foreign name.
  assert.deepEqual(raw("P An Phú"), ["P", "An", "Phú"]);
  assert.deepEqual(raw("12A Vincom"), ["12A", "Vincom"]);
});

test("Hồ Chí Minh City's district initials name their district, bare or after Q.", () => {
  const cases: [string, string][] = [
    ["P5, BT, TPHCM", "Bình Thạnh"],
    ["12 Phan Đăng Lưu, P.5, Q.BT, TP.HCM", "Bình Thạnh"],
    ["123 Lê Văn Sỹ, P13, PN, TPHCM", "Phú Nhuận"],
    ["45 Hoàng Văn Thụ, P.2, TB, HCM", "Tân Bình"],
    ["12 Quang Trung, P.10, GV, HCM", "Gò Vấp"],
  ];
  for (const [text, district] of cases) {
    const r = parser.parse(text);
    assert.equal(r.old?.district?.name, district, text);
    assert.ok(r.old?.ward, text);
    assert.equal(r.parts.name, null, text);
  }
});

test("English forms read as their Vietnamese types, before or after the name", () => {
  const vietnamese = parser.parse("Phường 5, Quận 3, Thành phố Hồ Chí Minh");
  for (const text of [
    "Ward 5, District 3, Ho Chi Minh City",
    "Ward 5, Dist. 3, HCMC",
    "Ward 5 District 3 Ho Chi Minh City",
  ])
    assert.equal(units(parser.parse(text)), units(vietnamese), text);
  const named = parser.parse("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh");
  for (const text of ["Ben Nghe Ward, District 1, Ho Chi Minh City", "Ben Nghe Ward District 1 HCMC"])
    assert.equal(units(parser.parse(text)), units(named), text);
  const street = parser.parse("15 Le Loi Street, Ben Thanh Ward, District 1, HCMC");
  assert.equal(street.parts.street, "Le Loi");
  assert.equal(street.old?.ward?.name, "Bến Thành");
  assert.equal(parser.parse("12 Nguyen Trai Str., Ward 5, Dist. 3, HCMC").parts.street, "Nguyen Trai");
  assert.equal(parser.parse("Cau Giay District, Hanoi City").old?.district?.name, "Cầu Giấy");
  assert.equal(parser.parse("Nam Dinh Province").old?.province?.name, "Nam Định");
});

test("T.Phố abbreviates Thành phố like TP and T.P.", () => {
  for (const text of ["T.Phố Vinh, Nghệ An", "TP Vinh, Nghệ An", "T.P. Vinh, Nghệ An"]) {
    const r = parser.parse(text);
    assert.equal(r.old?.district?.full_name, "Thành phố Vinh", text);
    assert.equal(r.parts.street, null, text);
  }
});

test("a unit the resolution does not find becomes no house number and no street", () => {
  // Quận 3 has no Phường 13 (it ends at 14 with gaps) in the registry: whatever the number, the
  // words "Phường 13" name a unit, not a house on a street called "Phường".
  for (const text of ["Phường 13, Quận 3", "Phường 13 Quận 3 TP HCM", "P.13, Q.3, HCM"]) {
    const r = parser.parse(text);
    assert.equal(r.parts.house_number, null, text);
    assert.equal(r.parts.street, null, text);
    assert.equal(r.parts.name, null, text);
    assert.equal(r.old?.district?.name, "3", text);
  }
});

test("a landmark phrase is the place's name, not a street, and the unit it names is no evidence", () => {
  for (const text of [
    "đối diện chợ Bến Thành, Quận 1, TP.HCM",
    "doi dien cho Ben Thanh, Quan 1, TPHCM",
    "gần trường THPT Lê Quý Đôn, Quận 3, TPHCM",
    "cạnh bệnh viện Chợ Rẫy, Quận 5, TPHCM",
  ]) {
    const r = parser.parse(text);
    assert.equal(r.parts.street, null, text);
    assert.ok(r.parts.name?.length, text);
    assert.ok(r.confidence < 1, `${text}: confidence ${r.confidence}`);
  }
  // Written with a type word, the unit after a landmark still counts ("UBND xã Tân Phú").
  const typed = parser.parse("cạnh UBND xã Tân Phú, huyện Đồng Phú, Bình Phước");
  assert.equal(typed.old?.ward?.name, "Tân Phú");
  assert.equal(typed.parts.street, null);
});

test("a postal code names the province when nothing else does, and is never a house number", () => {
  const r = parser.parse("Phường 5, Quận 3, 70000");
  assert.equal(r.old?.province?.name, "Hồ Chí Minh");
  assert.equal(r.old?.ward?.name, "5");
  for (const text of ["Hà Nội 100000", "Ba Đình, Hà Nội 100000", "12 Lê Lợi, Bến Nghé, Quận 1, 700000"]) {
    const p = parser.parse(text);
    assert.notEqual(p.parts.house_number, "100000", text);
    assert.notEqual(p.parts.house_number, "700000", text);
  }
  // A written province outweighs a postal code that disagrees with it.
  assert.equal(parser.parse("Ba Đình, Hà Nội 700000").old?.district?.name, "Ba Đình");
  // After "số" a number is a house number, however long.
  assert.equal(parser.parse("Số 10000 Lê Lợi, Bến Nghé, Quận 1").parts.house_number, "10000");
  // After the province's name it says the province again: the name stays the province's, not a
  // commune's of that name (Phường Bình Thuận) with the code standing for the province.
  const again = parser.parse("Hàm Thuận Bắc, Bình Thuận 77157");
  assert.equal(again.old?.district?.name, "Hàm Thuận Bắc");
  assert.equal(again.old?.ward, null);
  assert.equal(again.new?.ward, null);
});

test("a digit typed inside a word is read past, as a typo; house numbers and codes keep theirs", () => {
  const clean = parser.parse("Xã Hòa Sơn, Huyện Lương Sơn, Hòa Bình");
  const r = parser.parse("Xã Hòa Sơn, Huyện Lư3ơng Sơn, Hòa Bình");
  assert.equal(units(r), units(clean));
  assert.ok(r.confidence < clean.confidence);
  expectSameUnits((t) => t.replace("Phường", "Ph3ường").replace("Xã", "X4ã"), "digit in the type word");
  assert.equal(parser.parse("K3A Lê Lợi, P. Bến Nghé, Q1").parts.house_number, "K3A");
});

test("a foreign name capitalised once is no Vietnamese words run together; a unit's name run together is", () => {
  // "Po Ly" (of Pờ Ly Ngài) and "Nhật Tân" join as names, but the whole word spells no unit's name.
  const building = parser.parse("Toà nhà FPT Polytechnic, đường số 22, phường Thường Thạnh, quận Cái Răng, TP Cần Thơ");
  assert.equal(building.parts.building, "Tòa nhà FPT Polytechnic");
  const flat = parser.parse("T08-05 The Manhattan, Vinhome Grand Park, Phường Long Bình, TP Thủ Đức");
  assert.equal(flat.parts.street, "The Manhattan");
  const glued = parser.parse("Thanhxuanbac, Thanhxuan, Hanoi");
  assert.equal(glued.old?.ward?.full_name, "Phường Thanh Xuân Bắc");
});
