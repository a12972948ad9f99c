import assert from "node:assert/strict";
import { test } from "node:test";
import { isVietnameseSyllable, vietnameseEvidence } from "./syllable.js";

test("Vietnamese syllables of every shape read as syllables, in any case and in NFC or NFD", () => {
  const words =
    "Nguyễn Văn An Trần Thị Bình Hòa Hoà Thủy Thuỷ Đường số Phường Bến Nghé Quận Hồ Chí Minh Việt Nam được " +
    "quốc quyết khuya khuỷu xoong giữa gì gìn giặt Mường ấp Tổ dân phố Thôn Đông Ấp Bản Buôn Ma Thuột Đắk Lắk " +
    "Huế Quảng Nẵng Thừa Thiên ngoằn nghèo Nghệ người ươm yêu uống Khánh Xuân Hưng ạ ở ấy ông Lê Lợi Tràng " +
    "Tiền Hoàn Kiếm Hoài Đức Sài Gòn Bà Rịa Vũng Tàu huỳnh oanh uỵch Quỳnh quých";
  for (const word of words.split(" ")) {
    assert.ok(isVietnameseSyllable(word), word);
    assert.ok(isVietnameseSyllable(word.normalize("NFD")), `${word} (NFD)`);
    assert.ok(isVietnameseSyllable(word.toUpperCase()), `${word} (capitals)`);
  }
});

test("what a wrong code page makes of Vietnamese does not read as syllables", () => {
  // Windows-1258 read as Latin-1, VNI read as Latin-1, TCVN3 read as Windows-1258, and the rules
  // wrong decodings break: an open ă, two tones, a stop final with a level tone, ch after o.
  for (const word of [
    "NguyêÞn",
    "ThiÒ",
    "Vaên",
    "Nguyeãn",
    "Tröôøng",
    "Haø",
    "Noäi",
    "V¨n",
    "NguyÔn",
    "ngă",
    "hoáà",
    "Lảc",
    "toch",
    "Ñaø",
    "Café",
  ]) {
    assert.equal(isVietnameseSyllable(word), false, word);
  }
});

test("evidence counts only words with letters beyond ASCII, and symbols alone say nothing", () => {
  assert.deepEqual(vietnameseEvidence("Nguyễn Văn An, 12 Lê Lợi – 5.000 ₫ (NguyêÞn V¨n)"), {
    syllables: 4,
    others: 2,
  });
  assert.deepEqual(vietnameseEvidence("plain ASCII only, 123"), { syllables: 0, others: 0 });
  // A control character or U+FFFD inside a word condemns it.
  assert.deepEqual(vietnameseEvidence("Bi\u0001nh V\uFFFDn"), { syllables: 0, others: 2 });
});

test("gh and ngh stand only before e, ê and i", async () => {
  const { isFoldedSyllable } = await import("./syllable.js");
  for (const word of ["nghĩa", "Nghệ", "ghềnh", "ghi"]) assert.ok(isVietnameseSyllable(word), word);
  for (const word of ["Nghan", "ghà", "nghu"]) assert.ok(!isVietnameseSyllable(word), word);
  assert.ok(isFoldedSyllable("nghia"));
  assert.ok(!isFoldedSyllable("nghan"));
});
