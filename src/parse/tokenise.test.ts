import assert from "node:assert/strict";
import { test } from "node:test";
import { normalise, tokenise, UNUSUAL_RANGES } from "./tokenise.js";
import { createParser } from "./index.js";

const folded = (text: string) => tokenise(normalise(text)).map((t) => t.f);

test("keeps slash house numbers and digit ranges whole", () => {
  assert.deepEqual(folded("12/3A Lê Lợi"), ["12/3a", "le", "loi"]);
  assert.deepEqual(folded("12-14 Lê Lợi"), ["12-14", "le", "loi"]);
  assert.deepEqual(folded("K12/5 Hoàng Diệu"), ["k12/5", "hoang", "dieu"]);
});

test("a slash before a word of letters separates segments, as pasted form fields write them", () => {
  const segs = (text: string) => tokenise(normalise(text)).map((t) => `${t.seg}:${t.f}`);
  assert.deepEqual(segs("12 Lê Lợi/Bến Nghé/Q1/HCM"), ["0:12", "0:le", "0:loi", "1:ben", "1:nghe", "2:q", "2:1", "3:hcm"]);
  assert.deepEqual(segs("Ngõ 3/Nguyễn Trãi"), ["0:ngo", "0:3", "1:nguyen", "1:trai"]);
  // A house's or alley's number goes on with a digit or one letter.
  assert.deepEqual(folded("5/A Lê Lợi"), ["5/a", "le", "loi"]);
  assert.deepEqual(folded("hem 51/3B/2 Lê Lợi"), ["hem", "51/3b/2", "le", "loi"]);
});

test("a type word's letter before a name is no syllable's lost final ('nguyen hue p sai gon')", () => {
  assert.deepEqual(folded("12 nguyen hue p sai gon"), ["12", "nguyen", "hue", "p", "sai", "gon"]);
  assert.deepEqual(folded("12 tran phu p 5"), ["12", "tran", "phu", "p", "5"]);
  // A syllable split before its final still joins ("Hoà ng Mai").
  assert.deepEqual(folded("Hoà ng Mai"), ["hoang", "mai"]);
});

test("splits glued type abbreviations, highways and numbers glued to words", () => {
  assert.deepEqual(folded("Q1 P.5 F12"), ["q", "1", "p", "5", "f", "12"]);
  assert.deepEqual(folded("QL1A"), ["ql", "1a"]);
  assert.deepEqual(folded("144xuan thuy"), ["144", "xuan", "thuy"]);
});

test("separates segments at commas and spaced dashes, remembering the dash", () => {
  const tokens = tokenise(normalise("Phương Liên - Trung Tự, Đống Đa"));
  assert.deepEqual(
    tokens.map((t) => t.seg),
    [0, 0, 1, 1, 2, 2],
  );
  assert.equal(tokens[2].dash, true);
  assert.equal(tokens[4].dash, false);
});

test("marks abbreviations written with dots or hyphens", () => {
  const tokens = tokenise(normalise("Ng.T.Minh Khai"));
  assert.deepEqual(
    tokens.map((t) => t.abbrev),
    [true, true, false, false],
  );
  assert.deepEqual(
    tokenise(normalise("Ng-T-Minh Khai")).map((t) => t.f),
    ["ng", "t", "minh", "khai"],
  );
});

test("normalises NFD to NFC and odd spaces to plain ones", () => {
  assert.equal(normalise("Hà\u00a0Nội".normalize("NFD")), "Hà Nội");
  assert.deepEqual(
    tokenise(normalise("Đắk Lắk".normalize("NFD"))).map((t) => t.raw),
    ["Đắk", "Lắk"],
  );
});

test("normalise's gate flags exactly the characters its steps act on", () => {
  // The class the gate was first written as: combining marks, odd spaces, full-width forms, and
  // what UTF-8 read as Windows-1252 or Latin-1 and VNI copied out as Latin-1 leave behind; then
  // tones typed as spacing accents (U+00B4 is among Latin-1's signs already); then the lookalikes
  // of Đ, ố and ứ.
  const unusual =
    /[\u0300-\u036f]|[\u00d0\u00f0\u0150\u0151\u0170\u0171]|[\u0080-\u00bf\uff01-\uff5e\u2000-\u200b\u3000\t\r\n\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02ca\u02cb\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122äöøïåæñîëüûÄÖØÏÅÆÑÎËÜÛ]/;
  const inRanges = (c: number) => UNUSUAL_RANGES.some(([from, to]) => from <= c && c <= to);
  const differ: string[] = [];
  for (let c = 0; c < 0x10000; c++)
    if (unusual.test(String.fromCharCode(c)) !== inRanges(c)) differ.push(c.toString(16));
  assert.deepEqual(differ, []);
  // A text with one such character is normalised; one without is returned as it is.
  assert.equal(normalise("Hà\u2003Nội"), "Hà Nội");
  const plain = "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh";
  assert.equal(normalise(plain), plain);
});

test("a tone typed as a spacing accent after its vowel joins it: 'Sô´096' is Số 096; none stacks on a toned vowel", () => {
  assert.equal(normalise("Sô´096"), "Số096");
  assert.equal(normalise("Nha\u02cb"), "Nhà");
  assert.equal(normalise("Hà´"), "Hà´");
  const r = createParser().parse("Sô´096, Đường Ngọc Uyển, Thị Trấn Bắc Hà");
  assert.equal(r.parts.house_number, "096");
  assert.equal(r.parts.name, null);
});

test("a slash opening the text is no abbreviation's and throws nothing ('/7/15 Võ Trường Toản')", () => {
  assert.deepEqual(folded("/7/15 Võ Trường Toản"), ["7/15", "vo", "truong", "toan"]);
  assert.deepEqual(folded("/ Lê Lợi"), ["le", "loi"]);
  assert.deepEqual(folded("Lê Lợi /"), ["le", "loi"]);
});

test("letters of other alphabets put for Vietnamese ones, and HTML's character references, are what they stand for", () => {
  assert.equal(normalise("Ðường Số 8, Bình Ðịnh"), "Đường Số 8, Bình Định");
  assert.equal(normalise("ső 415"), "số 415");
  assert.equal(normalise("Quận Thủ Đức &#8211; Tp. HCM"), "Quận Thủ Đức – Tp. HCM");
  assert.equal(normalise("A &amp; B&nbsp;Lê Lợi"), "A & B Lê Lợi");
  // An ampersand that begins no reference stays.
  assert.equal(normalise("Phòng 311 & 312"), "Phòng 311 & 312");
});
