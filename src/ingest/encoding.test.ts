import assert from "node:assert/strict";
import { test } from "node:test";
import iconv from "iconv-lite";
import { encodeTcvn3, encodeWindows1258 } from "../testing/legacy-encodings.js";
import { capsFontWords } from "../text/tcvn3.js";
import { encodeVni } from "../text/vni.js";
import {
  createDecoder,
  decodeAll,
  detectEncoding,
  type Encoding,
  encodingNamed,
  ENCODINGS,
  isRefusal,
  lostLetters,
} from "./encoding.js";

/** Survey-like text with the letters that tell encodings apart (and capitals that TCVN3 lacks kept out). */
const TEXT = [
  "external_id,kind,street,ward,province,owner_name",
  "a1,household,Nguyễn Huệ,Phường Bến Nghé,Hồ Chí Minh,Nguyễn Văn An",
  "a2,household,Lê Lợi,Phường Sài Gòn,Hồ Chí Minh,Trần Thị Bình",
  "a3,business,Trần Hưng Đạo,Xã Phước Ninh,Đà Nẵng,Phạm Thuỳ Dương",
  "a4,household,Quốc lộ 1A,Phường Thủy Xuân,Huế,Đỗ Quang Khải",
  "",
].join("\n");

test("TCVN3's byte for every letter, as the ABC tables publish it, is what the tcvn decoder reads", () => {
  // TCVN 5712:1993 VN3 (ABC): 0xA1–0xAE the hooked base letters, 0xB5–0xFE the toned lower case.
  // biome-ignore format: a table, one group of letters a line
  const table: [number, string][] = [
    [0xa1, "Ă"], [0xa2, "Â"], [0xa3, "Ê"], [0xa4, "Ô"], [0xa5, "Ơ"], [0xa6, "Ư"], [0xa7, "Đ"],
    [0xa8, "ă"], [0xa9, "â"], [0xaa, "ê"], [0xab, "ô"], [0xac, "ơ"], [0xad, "ư"], [0xae, "đ"],
    [0xb5, "à"], [0xb6, "ả"], [0xb7, "ã"], [0xb8, "á"], [0xb9, "ạ"],
    [0xbb, "ằ"], [0xbc, "ẳ"], [0xbd, "ẵ"], [0xbe, "ắ"], [0xc6, "ặ"],
    [0xc7, "ầ"], [0xc8, "ẩ"], [0xc9, "ẫ"], [0xca, "ấ"], [0xcb, "ậ"],
    [0xcc, "è"], [0xce, "ẻ"], [0xcf, "ẽ"], [0xd0, "é"], [0xd1, "ẹ"],
    [0xd2, "ề"], [0xd3, "ể"], [0xd4, "ễ"], [0xd5, "ế"], [0xd6, "ệ"],
    [0xd7, "ì"], [0xd8, "ỉ"], [0xdc, "ĩ"], [0xdd, "í"], [0xde, "ị"],
    [0xdf, "ò"], [0xe1, "ỏ"], [0xe2, "õ"], [0xe3, "ó"], [0xe4, "ọ"],
    [0xe5, "ồ"], [0xe6, "ổ"], [0xe7, "ỗ"], [0xe8, "ố"], [0xe9, "ộ"],
    [0xea, "ờ"], [0xeb, "ở"], [0xec, "ỡ"], [0xed, "ớ"], [0xee, "ợ"],
    [0xef, "ù"], [0xf1, "ủ"], [0xf2, "ũ"], [0xf3, "ú"], [0xf4, "ụ"],
    [0xf5, "ừ"], [0xf6, "ử"], [0xf7, "ữ"], [0xf8, "ứ"], [0xf9, "ự"],
    [0xfa, "ỳ"], [0xfb, "ỷ"], [0xfc, "ỹ"], [0xfd, "ý"], [0xfe, "ỵ"],
  ];
  assert.equal(table.length, 74); // 67 lower-case letters and 7 capitals
  for (const [byte, letter] of table)
    assert.equal(decodeAll(Buffer.from([byte]), "tcvn3"), letter, byte.toString(16));
  // ASCII is ASCII.
  const ascii = "external_id,kind\r\nKS-1,household\n";
  assert.equal(decodeAll(Buffer.from(ascii), "tcvn3"), ascii);
});

test("each encoding is told from the bytes alone and decodes back to the text", () => {
  const files: [Encoding, Buffer, string][] = [
    ["utf-8", Buffer.from(TEXT), "valid UTF-8"],
    ["utf-8", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), "byte order mark"],
    ["utf-16le", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")]), "byte order mark"],
    [
      "utf-16be",
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, "utf16be")]),
      "byte order mark",
    ],
    ["utf-16le", Buffer.from(TEXT, "utf16le"), "zero bytes in every other place"],
    ["utf-16be", iconv.encode(TEXT, "utf16be"), "zero bytes in every other place"],
    ["windows-1258", encodeWindows1258(TEXT), "words read as Vietnamese"],
    ["tcvn3", encodeTcvn3(TEXT), "words read as Vietnamese"],
    ["vni", Buffer.from(encodeVni(TEXT), "latin1"), "words read as Vietnamese"],
    ["tcvn3-in-utf-8", Buffer.from(encodeTcvn3(TEXT).toString("latin1")), "holding text typed in TCVN3"],
    ["vni-in-utf-8", Buffer.from(encodeVni(TEXT)), "holding text typed in VNI"],
    [
      "tcvn3-in-utf-16le",
      Buffer.from(`\uFEFF${encodeTcvn3(TEXT).toString("latin1")}`, "utf16le"),
      "UTF-16 holding text typed in TCVN3",
    ],
    ["vni-in-utf-16le", Buffer.from(encodeVni(TEXT), "utf16le"), "UTF-16 holding text typed in VNI"],
  ];
  for (const [encoding, bytes, evidence] of files) {
    const detected = detectEncoding(bytes, true);
    assert.ok(!isRefusal(detected), `${encoding}: ${JSON.stringify(detected)}`);
    assert.equal(detected.encoding, encoding);
    assert.ok(detected.evidence.includes(evidence), `${encoding}: ${detected.evidence}`);
    assert.equal(decodeAll(bytes, encoding), TEXT, encoding);
  }
});

test("UTF-8 holding text typed in a TCVN3 or VNI font is decoded line by line; a line typed in Unicode stays, and Unicode text is never taken for it", () => {
  const typedInTcvn3 = encodeTcvn3(TEXT).toString("latin1");
  // One row typed in Unicode in the middle of the font's rows, and a short row whose garbled words read
  // as syllables ("Khu phè 4" is Khu phố 4).
  const unicodeRow = "a5,household,Hàng Bài,Phường Tràng Tiền,Hà Nội,Vũ Minh";
  const shortRow = encodeTcvn3("a6,household,,Khu phố 4,,").toString("latin1");
  const bytes = Buffer.from(`${typedInTcvn3}${unicodeRow}\n${shortRow}\n`);
  const detected = detectEncoding(bytes, true);
  assert.ok(!isRefusal(detected));
  assert.equal(detected.encoding, "tcvn3-in-utf-8");
  assert.equal(decodeAll(bytes, "tcvn3-in-utf-8"), `${TEXT}${unicodeRow}\na6,household,,Khu phố 4,,\n`);
  // Unicode text whose letters all lie in Latin-1 ("Tân Bình", "Hà Tây") and symbols TCVN3 uses (·, ©).
  const latinUnicode = ["id,ward,district,note", "b1,Tân Bình,Bình Chánh,© 2024", "b2,Hà Tây,Tân Hòa,· xem", ""].join("\n");
  for (const text of [TEXT, latinUnicode]) {
    const plain = detectEncoding(Buffer.from(text), true);
    assert.ok(!isRefusal(plain));
    assert.equal(plain.encoding, "utf-8", text);
  }
});

test("Windows-1258 and Latin-1 are told apart by the evidence, and a Latin-1 export is refused with its line", () => {
  // The same bytes differ only where Windows-1258 has ă, ơ, ư, đ and tone marks: decided by which reading is Vietnamese.
  const cp1258 = detectEncoding(encodeWindows1258(TEXT), true);
  assert.ok(!isRefusal(cp1258) && cp1258.encoding === "windows-1258");
  // A Latin-1 (Windows-1252) export has lost most letters as "?".
  const latin1 = iconv.encode(TEXT, "windows1252");
  const refused = detectEncoding(latin1, true);
  assert.ok(isRefusal(refused), JSON.stringify(refused));
  assert.equal(refused.line, 2);
  assert.match(
    refused.message,
    /latin-1 \(windows-1252\), which cannot hold most Vietnamese letters \("\?" in place of letters\)/,
  );
  assert.match(refused.message, /--encoding \(utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, tcvn3-in-utf-8, vni-in-utf-8, tcvn3-in-utf-16le, vni-in-utf-16le\)/);
});

test("bytes that no encoding reads clearly as Vietnamese are refused, naming the first line that is not UTF-8", () => {
  const refused = detectEncoding(
    Buffer.from("external_id,street\na1,12 Main St\na2,\x81\x8d\x8f\x90 \x9d\x81\n", "latin1"),
    true,
  );
  assert.ok(isRefusal(refused));
  assert.equal(refused.line, 3);
  assert.match(refused.message, /no Vietnamese encoding reads clearly better than the others .*--encoding/);
});

test("a UTF-8 file with a few bad bytes is still read as UTF-8 (its bad rows are rejected later)", () => {
  const text = TEXT.repeat(4);
  const bytes = Buffer.concat([
    Buffer.from(text),
    encodeWindows1258("a9,household,Lê Lợi,Bến Nghé,Hồ Chí Minh,Ngô Văn\n"),
  ]);
  const detected = detectEncoding(bytes, true);
  assert.ok(!isRefusal(detected), JSON.stringify(detected));
  assert.equal(detected.encoding, "utf-8");
});

test("streaming decoders give the same text whatever the pieces the bytes come in", () => {
  const samples: [Encoding, Buffer][] = [
    ["utf-8", Buffer.from(`\uFEFF${TEXT}`)],
    ["utf-16le", Buffer.from(`\uFEFF${TEXT}😀 ${TEXT}`, "utf16le")],
    ["utf-16be", iconv.encode(`\uFEFF${TEXT}😀 ${TEXT}`, "utf16be")],
    ["windows-1258", encodeWindows1258(TEXT + TEXT)],
    ["tcvn3", encodeTcvn3(TEXT + TEXT)],
    ["vni", Buffer.from(encodeVni(TEXT + TEXT), "latin1")],
    ["tcvn3-in-utf-8", Buffer.from(`\uFEFF${encodeTcvn3(TEXT + TEXT).toString("latin1")}`)],
    ["vni-in-utf-8", Buffer.from(encodeVni(TEXT + TEXT))],
    ["tcvn3-in-utf-16le", Buffer.from(`\uFEFF${encodeTcvn3(TEXT + TEXT).toString("latin1")}`, "utf16le")],
    ["vni-in-utf-16le", Buffer.from(encodeVni(TEXT + TEXT), "utf16le")],
  ];
  for (const [encoding, bytes] of samples) {
    const whole = decodeAll(bytes, encoding);
    assert.ok(!whole.startsWith("\uFEFF"), `${encoding}: the byte order mark is dropped`);
    for (const size of [1, 2, 3, 7, 64]) {
      const decoder = createDecoder(encoding);
      let text = "";
      for (let i = 0; i < bytes.length; i += size) text += decoder.write(bytes.subarray(i, i + size));
      text += decoder.end();
      assert.equal(text, whole, `${encoding} in pieces of ${size}`);
    }
  }
});

test("a UTF-16 surrogate with no partner becomes U+FFFD (for the readers to reject), a pair split across pieces does not", () => {
  const lone = Buffer.from([0x41, 0x00, 0x3d, 0xd8, 0x42, 0x00]); // "A", a high surrogate alone, "B"
  assert.equal(decodeAll(lone, "utf-16le"), "A\uFFFDB");
  const pair = Buffer.from("x😀y", "utf16le");
  const decoder = createDecoder("utf-16le");
  assert.equal(decoder.write(pair.subarray(0, 4)) + decoder.write(pair.subarray(4)) + decoder.end(), "x😀y");
});

test("words in capitals typed in TCVN3's capitals font come out in capitals; other words as they are", () => {
  assert.equal(
    capsFontWords("NGUYễN VĂN AN, ĐƯờNG Lê Lợi, Đà Nẵng, TP"),
    "NGUYỄN VĂN AN, ĐƯỜNG Lê Lợi, Đà Nẵng, TP",
  );
  assert.equal(decodeAll(iconv.encode("PHƯờNG BếN NGHé", "tcvn"), "tcvn3"), "PHƯỜNG BẾN NGHÉ");
});

test("lost letters: U+FFFD anywhere, and '?' next to a letter in canonical fields or inside a word elsewhere", () => {
  assert.equal(lostLetters("Nguy\uFFFDn", false), "replacement");
  assert.equal(lostLetters("Nguy?n", false), "question");
  assert.equal(lostLetters("Th? H?", true), "question");
  assert.equal(lostLetters("?ng", true), "question");
  assert.equal(lostLetters("Th? H?", false), null, "free text may end a word with a question mark");
  assert.equal(lostLetters("?", true), null, "a lone '?' (an unknown house number) is no lost letter");
  assert.equal(lostLetters("12?", true), null);
  assert.equal(lostLetters("Nguyễn Văn An", true), null);
});

test("--encoding names: the ten, in any case, with their usual aliases; others are not encodings", () => {
  for (const name of ENCODINGS) assert.equal(encodingNamed(name.toUpperCase()), name);
  assert.equal(encodingNamed("utf8"), "utf-8");
  assert.equal(encodingNamed("cp1258"), "windows-1258");
  assert.equal(encodingNamed("ABC"), "tcvn3");
  assert.equal(encodingNamed("latin1"), null);
  assert.equal(encodingNamed("shift_jis"), null);
});
