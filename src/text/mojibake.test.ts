import assert from "node:assert/strict";
import { test } from "node:test";
import { repairMojibake } from "./mojibake.js";
import { encodeTcvn3, tcvn3Letters } from "../testing/legacy-encodings.js";
import { encodeVni } from "./vni.js";

const TEXTS = [
  "Số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội",
  "Đường Trần Hưng Đạo, Phường Ỷ La, TP Tuyên Quang",
  "Ấp Phước Hòa, xã Phước Thạnh, huyện Củ Chi",
];

test("UTF-8 read as Windows-1252 or as Latin-1 is turned back into the text", () => {
  for (const text of TEXTS) {
    const bytes = Buffer.from(text, "utf8");
    const latin1 = bytes.toString("latin1");
    const cp1252 = new TextDecoder("windows-1252").decode(bytes);
    assert.notEqual(latin1, text);
    assert.equal(repairMojibake(latin1), text);
    assert.equal(repairMojibake(cp1252), text);
  }
});

test("text that is not damaged so comes back unchanged, even where it holds the characters the damage makes", () => {
  for (const text of [
    ...TEXTS,
    "XÃ HÒA AN, HUYỆN CAO LÃNH", // upper-case ã before a space: no UTF-8
    "NGÃ BA HUẾ, ĐÀ NẴNG",
    "Café Ãµ", // a lead and a continuation, after a Latin-1 letter whose byte starts no UTF-8 (é + space)
    "12 Lê Lợi",
    "",
  ])
    assert.equal(repairMojibake(text), text);
});

test("text typed in a VNI font and copied out as Latin-1 characters is decoded; Unicode text holding such a letter is not", () => {
  for (const text of TEXTS) assert.equal(repairMojibake(encodeVni(text)), text);
  // A letter beyond Latin-1 says the text is Unicode already; a foreign word with ö or ä stays.
  for (const text of ["Nhà hàng Köln, 12 Lê Lợi, Quận 1", "Café Häagen, Hà Nội", "Bjørn, 5 Hàng Bài"])
    assert.equal(repairMojibake(text), text);
});

test("text typed in TCVN3 and copied out as Latin-1 characters is decoded; Latin-1 text holding such a symbol is not", () => {
  for (const text of TEXTS) {
    const copied = encodeTcvn3(text).toString("latin1");
    assert.notEqual(copied, text);
    // A capital with a tone has no TCVN3 code: typed in lower case, so it comes back so ("ỷ La").
    assert.equal(repairMojibake(copied), tcvn3Letters(text));
  }
  assert.equal(repairMojibake("Sè 5 ngâ 3 B¹ch Mai, Hai Bµ Tr\u00adng, Hµ Néi"), "Số 5 ngõ 3 Bạch Mai, Hai Bà Trưng, Hà Nội");
  assert.equal(repairMojibake("§\u00adêng Lª Lîi, QuËn 1"), "Đường Lê Lợi, Quận 1");
  // Text in Unicode already (a letter beyond Latin-1), or Latin-1 words that read no better decoded.
  for (const text of ["Tân Bình · TP HCM", "Bình Tân, TP HCM ©", "Số 12 Lê Lợi · Hà Nội", "Hòa Bình, Tân Hòa ½ km", "Café «Tân Định»"])
    assert.equal(repairMojibake(text), text);
});

