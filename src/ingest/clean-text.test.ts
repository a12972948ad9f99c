import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CleaningNotes, cleanSlowly, cleanText, needsCleaning } from "./clean-text.js";

const NO_LIMIT = Number.POSITIVE_INFINITY;

/** cleanText's result and notes for one value. */
function clean(value: unknown, maxLength = NO_LIMIT) {
  const notes = new CleaningNotes();
  const text = cleanText(value, notes, "street", maxLength);
  return { text, refusal: notes.refusal, pictographs: notes.pictographs };
}

test("white space is trimmed and collapsed and accents composed, silently", () => {
  const silent = { refusal: null, pictographs: "" };
  assert.deepEqual(clean("  Nguyễn\t Văn  A "), { text: "Nguyễn Văn A", ...silent });
  assert.deepEqual(clean("Nguyễn".normalize("NFD")), { text: "Nguyễn", ...silent });
  assert.deepEqual(clean("Lê\u00a0Lợi\r\n"), { text: "Lê Lợi", ...silent });
  assert.deepEqual(clean(10.5), { text: "10.5", ...silent });
  assert.deepEqual(clean(undefined), { text: "", ...silent });
});

test("invisible characters are removed silently: zero-width, soft hyphen, direction marks, a BOM inside text, variation selectors", () => {
  for (const [written, cleaned] of [
    ["Lê\u200b Lợi", "Lê Lợi"],
    ["Lê\u200cLợi\u200d", "LêLợi"],
    ["Trần\u00adHưng Đạo", "TrầnHưng Đạo"],
    ["\u200eHà Nội\u200f", "Hà Nội"],
    ["\ufeffHà\u2060 Nội", "Hà Nội"],
    ["Số 5\ufe0f", "Số 5"],
    ["Hà\u180eNội", "HàNội"],
  ])
    assert.deepEqual(
      clean(written),
      { text: cleaned, refusal: null, pictographs: "" },
      JSON.stringify(written),
    );
});

test("emoji and pictographs are removed and noted; ordinary symbols and rare CJK characters stay", () => {
  for (const [written, cleaned] of [
    ["Nhà thuốc 💊 Minh Anh", "Nhà thuốc Minh Anh"],
    ["🇻🇳 Hà Nội", "Hà Nội"],
    ["Quán 👍🏽", "Quán"],
    ["Số 1️⃣", "Số 1"],
    ["☎ 0912 345 678", "0912 345 678"],
    ["Cà phê 👨‍👩‍👧", "Cà phê"],
  ])
    assert.deepEqual(clean(written), { text: cleaned, refusal: null, pictographs: "street" }, written);
  for (const kept of [
    "Công ty ABC® ™ ©",
    "Ngõ 5 → rẽ trái",
    "Khách sạn ★★★",
    "Nhà thờ 𡨸 Nôm",
    "Giá 20.000₫ – “tốt”",
    "Ω Ñ ß ø",
  ])
    assert.deepEqual(clean(kept), { text: kept, refusal: null, pictographs: "" }, kept);
  const notes = new CleaningNotes();
  cleanText("A 💊", notes, "name", NO_LIMIT);
  cleanText("B 🌳", notes, "street", NO_LIMIT);
  assert.equal(notes.pictographs, "name,street");
});

test("damaged or deceptive text is refused, naming the field, the position and the character", () => {
  for (const [written, message] of [
    ["Lê\u0000Lợi", /^street: character 3 is U\+0000, a control character/],
    ["a\u0007b", /U\+0007, a control character/],
    ["a\u007fb", /U\+007F, a control character/],
    ["Nguy\u0085n", /^street: character 5 is U\+0085, a control character/],
    ["\u202eiợL êL", /^street: character 1 is U\+202E, a bidirectional control/],
    ["a\u2066b\u2069", /U\+2066, a bidirectional control/],
    ["a\ue000", /U\+E000, a private-use character/],
    ["a\udb80\udc00", /U\+F0000, a private-use character/],
    ["x\ud800y", /U\+D800, an unpaired surrogate/],
    ["y\udc00", /U\+DC00, an unpaired surrogate/],
    ["Nguy\ufffdn", /U\+FFFD, the replacement character/],
    ["a\uffffb", /U\+FFFF, a noncharacter/],
    ["a\ufff9b\ufffbc", /U\+FFF9, an interlinear annotation control/],
  ] as const) {
    const result = clean(written);
    assert.equal(result.text, "", written);
    assert.equal(result.refusal?.reason, "invalid_text", written);
    assert.match(result.refusal?.message ?? "", message);
  }
});

test("a value longer than its limit is refused before any work, naming the field, its length and the limit", () => {
  assert.deepEqual(clean("x".repeat(201), 200).refusal, {
    reason: "too_long",
    message: "street holds 201 characters, at most 200 (trường street quá dài)",
  });
  assert.equal(clean("x".repeat(200), 200).refusal, null);
  const started = performance.now();
  assert.equal(
    clean(`${"\u0000".repeat(5_000_000)}${"x".repeat(5_000_000)}`, 200).refusal?.reason,
    "too_long",
  );
  assert.ok(performance.now() - started < 50);
  const notes = new CleaningNotes();
  cleanText("x".repeat(300), notes, "name", 200);
  cleanText("\u0000", notes, "street", 200);
  assert.match(notes.refusal?.message ?? "", /^name holds 300/, "the first refusal is kept");
  notes.reset();
  assert.deepEqual([notes.refusal, notes.pictographs], [null, ""]);
});

test("the fast path lets through only text that cleaning leaves as it is: every UTF-16 unit, in every position", () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const s of [ch, `a${ch}b`, `a${ch}`, `${ch}b`, `a${ch}${ch}b`, `a ${ch}b`, `ễ${ch}`]) {
      if (needsCleaning(s)) continue;
      const notes = new CleaningNotes();
      assert.equal(cleanSlowly(s, notes, "f"), s, `U+${c.toString(16)} in ${JSON.stringify(s)}`);
      assert.deepEqual([notes.refusal, notes.pictographs], [null, ""], `U+${c.toString(16)}`);
    }
  }
});

test("cleanText gives what the slow definition gives, on tricky text", () => {
  const alphabet = fc.constantFrom(
    ...' \t\n\r\u000b\u00a0\u2000\u3000\ufeffaZ9,"ễệ\u0300\u0301\u0323đ-\u200b\u00ad\u202e\u0000\ue000\ud83d\ufe0f\u2605\u20ab\u1ec7'.split(
      "",
    ),
    "💊",
    "👍🏽",
  );
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 12 }), (chars) => {
      const s = chars.join("");
      const fast = new CleaningNotes();
      const slow = new CleaningNotes();
      const expected = s === "" ? "" : cleanSlowly(s, slow, "f");
      return cleanText(s, fast, "f", NO_LIMIT) === expected && JSON.stringify(fast) === JSON.stringify(slow);
    }),
    { numRuns: 20_000 },
  );
});
