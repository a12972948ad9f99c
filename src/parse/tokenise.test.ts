import assert from "node:assert/strict";
import { test } from "node:test";
import { normalise, tokenise } from "./tokenise.js";

const folded = (text: string) => tokenise(normalise(text)).map((t) => t.f);

test("keeps slash house numbers and digit ranges whole", () => {
  assert.deepEqual(folded("12/3A Lê Lợi"), ["12/3a", "le", "loi"]);
  assert.deepEqual(folded("12-14 Lê Lợi"), ["12-14", "le", "loi"]);
  assert.deepEqual(folded("K12/5 Hoàng Diệu"), ["k12/5", "hoang", "dieu"]);
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
