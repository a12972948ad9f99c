import assert from "node:assert/strict";
import { test } from "node:test";
import {
  rejoinsAsSyllable,
  type SegmentJudge,
  segmentSyllables,
  splitCapitals,
  splitLettersAndDigits,
} from "./segment.js";
import { isFoldedSyllable } from "./syllable.js";

const abbreviation = (f: string) => ["p", "q", "x", "h", "t", "tp", "tx", "tt", "f"].includes(f);
// A judge with a handful of names and keywords, as a unit-name index would answer.
const PAIRS = new Set(["hai ba", "ba trung", "bach mai", "so nha", "thanh pho", "ben nghe", "dong da"]);
const judge: SegmentJudge = {
  linked: (a, b) => PAIRS.has(`${a} ${b}`),
  known: (w) => ["so", "nha", "ngo", "phuong", "quan", "thanh", "pho", "tinh"].includes(w),
  word: (w) => ["vinh", "tho", "an", "ne"].includes(w),
};

test("folded words read as syllables by their shape alone", () => {
  for (const w of ["phuong", "nghieng", "nguyen", "truong", "khuya", "o", "a", "quynh", "gia"])
    assert.ok(isFoldedSyllable(w), w);
  for (const w of ["ph", "tinhh", "bachmai", "hauu", "str", "dist", "hcm", "nnam"])
    assert.ok(!isFoldedSyllable(w), w);
});

test("capitals inside a word mark joins; a capital abbreviation glued to a name comes off", () => {
  assert.deepEqual(splitCapitals("QuậnHaiBàTrưng", abbreviation), ["Quận", "Hai", "Bà", "Trưng"]);
  assert.deepEqual(splitCapitals("TỉnhBắc", abbreviation), ["Tỉnh", "Bắc"]);
  assert.deepEqual(splitCapitals("XPhú", abbreviation), ["X", "Phú"]);
  assert.deepEqual(splitCapitals("TPHồ", abbreviation), ["TP", "Hồ"]);
  assert.deepEqual(splitCapitals("HLương", abbreviation), ["H", "Lương"]);
});

test("stray capitals, lone letters and foreign words stay whole", () => {
  for (const w of ["HòA", "BìNh", "aCu", "hTủy", "TPHCM", "McDonald", "ĐNai", "iPhone"])
    assert.deepEqual(splitCapitals(w, abbreviation), [w], w);
});

test("letters and digits are cut apart only around a run of four letters or more", () => {
  assert.deepEqual(splitLettersAndDigits("sốnhà5ngõ3phườngbạchmai"), [
    "sốnhà",
    "5",
    "ngõ",
    "3",
    "phườngbạchmai",
  ]);
  assert.deepEqual(splitLettersAndDigits("phuong12"), ["phuong", "12"]);
  for (const w of ["12A", "K12", "Q1", "P12", "A5", "ql1a", "5B"])
    assert.equal(splitLettersAndDigits(w), null, w);
});

test("a run of glued syllables is cut into the fewest syllables the judge links", () => {
  assert.deepEqual(segmentSyllables("phườngbạchmai", judge), ["phường", "bạch", "mai"]);
  assert.deepEqual(segmentSyllables("haibatrung", judge), ["hai", "ba", "trung"]);
  assert.deepEqual(segmentSyllables("sốnhà", judge), ["số", "nhà"]);
  assert.deepEqual(segmentSyllables("thanhpho", judge), ["thanh", "pho"]);
  assert.deepEqual(segmentSyllables("phuongvinh", judge), ["phuong", "vinh"]);
  // A capital is no mark: written without marks, capitalised or not, the cut is the same.
  assert.deepEqual(segmentSyllables("Phuongbennghe", judge), ["Phuong", "ben", "nghe"]);
  assert.deepEqual(segmentSyllables("PHUONGBENNGHE", judge), ["PHUONG", "BEN", "NGHE"]);
});

test("words that are no glued Vietnamese stay whole", () => {
  // One syllable already; English; syllables nothing links ("Vincom" is no "Vin com").
  for (const w of ["nghiêng", "street", "district", "Vincom", "Sunrise", "phone"])
    assert.equal(segmentSyllables(w, judge), null, w);
});

test("syllables a copy split with a space are joined again, abbreviations before words are not", () => {
  const word = (f: string) => ["an", "ong", "uong"].includes(f);
  assert.ok(rejoinsAsSyllable("ph", "ường", false, word));
  assert.ok(rejoinsAsSyllable("Tr", "ưng", false, word));
  assert.ok(rejoinsAsSyllable("Hoà", "ng", false, word));
  assert.ok(rejoinsAsSyllable("N", "ội", true, word));
  assert.ok(!rejoinsAsSyllable("P", "An", true, word));
  assert.ok(!rejoinsAsSyllable("Du", "P", false, word));
  assert.ok(!rejoinsAsSyllable("Hai", "Bà", false, word));
});
