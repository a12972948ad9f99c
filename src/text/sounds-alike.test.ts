import assert from "node:assert/strict";
import { test } from "node:test";
import { soundKey } from "./sounds-alike.js";

test("spellings heard alike share a sound key", () => {
  assert.equal(soundKey("dong trom"), soundKey("giong trom"));
  assert.equal(soundKey("cha vinh"), soundKey("tra vinh"));
  assert.equal(soundKey("xoc son"), soundKey("soc son"));
  assert.equal(soundKey("lam dinh"), soundKey("nam dinh"));
  assert.equal(soundKey("mi hoa"), soundKey("my hoa"));
  assert.equal(soundKey("ki anh"), soundKey("ky anh"));
  assert.equal(soundKey("qui nhon"), soundKey("quy nhon"));
  assert.equal(soundKey("ra"), soundKey("da"));
});

test("spellings heard apart keep apart", () => {
  assert.notEqual(soundKey("ha tinh"), soundKey("tra vinh"));
  assert.notEqual(soundKey("son"), soundKey("song"));
  assert.notEqual(soundKey("hay"), soundKey("hai"), "ay is its own vowel, not a/i");
  assert.notEqual(soundKey("tuy"), soundKey("tui"), "uy is its own vowel");
  assert.notEqual(soundKey("binh"), soundKey("vinh"));
});
