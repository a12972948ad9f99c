import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeVni, encodeVni, VNI_OF_LETTER } from "./vni.js";

/** Every letter of the Vietnamese alphabet with a diacritic, lower case, written out by hand. */
const LETTERS = "àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ đ".replaceAll(
  " ",
  "",
);

test("the VNI table holds every Vietnamese letter with a diacritic, in both cases, and nothing else", () => {
  assert.equal([...LETTERS].length, 67);
  const expected = new Set([...LETTERS, ...LETTERS.toUpperCase()]);
  assert.equal(expected.size, 134);
  assert.deepEqual(new Set(VNI_OF_LETTER.keys()), expected);
});

test("every Vietnamese letter, in both cases, comes back from its VNI spelling alone and inside words", () => {
  for (const letter of [...LETTERS, ...LETTERS.toUpperCase()]) {
    const vni = encodeVni(letter);
    assert.ok(/^[\x00-\xff]{1,2}$/.test(vni), `${letter}: ${vni} is one or two Latin-1 characters`);
    assert.equal(decodeVni(vni), letter, `${letter} ← ${vni}`);
    for (const word of [`Ng${letter}n`, `${letter}${letter}`, `x ${letter}, ${letter}.`])
      assert.equal(decodeVni(encodeVni(word)), word.normalize("NFC"), word);
  }
});

test("VNI spellings as the VNI-Times fonts write them decode to the names they stand for", () => {
  // Spellings as they appear in old VNI documents (and as they look when opened as Latin-1).
  assert.equal(decodeVni("Nguyeãn Vaên An"), "Nguyễn Văn An");
  assert.equal(decodeVni("Tröôøng Ñaïi hoïc"), "Trường Đại học");
  assert.equal(decodeVni("Haø Noäi, Vieät Nam"), "Hà Nội, Việt Nam");
  assert.equal(decodeVni("Ñaø Naüng"), "Đà Nẵng");
  assert.equal(decodeVni("Traàn Thò Bình"), "Trần Thị Bình");
  assert.equal(decodeVni("Lyù Thöôøng Kieät"), "Lý Thường Kiệt");
  assert.equal(decodeVni("Huyønh Thuùc Khaùng, Kyø Ñoàng"), "Huỳnh Thúc Kháng, Kỳ Đồng");
  assert.equal(decodeVni("NGUYEÃN HÖÕU CAÛNH"), "NGUYỄN HỮU CẢNH");
  assert.equal(encodeVni("Phường Bến Nghé"), "Phöôøng Beán Ngheù");
});

test("text without VNI spellings passes through unchanged", () => {
  const ascii = "external_id,kind,street\nKS-1,household,12 Le Loi\n";
  assert.equal(decodeVni(ascii), ascii);
  assert.equal(encodeVni(ascii), ascii);
});
