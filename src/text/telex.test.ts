import assert from "node:assert/strict";
import { test } from "node:test";
import { readTelex, telexSyllable, typeTelex } from "./telex.js";

test("a word typed in Telex with the input method off reads as its syllable, tone key last or before the final", () => {
  for (const [typed, syllable] of [
    ["Haf", "Hà"],
    ["Nooij", "Nội"],
    ["quaanj", "quận"],
    ["Ddinhf", "Đình"],
    ["phuwowngf", "phường"],
    ["Truwng", "Trưng"],
    ["Nguyeenx", "Nguyễn"],
    ["ddawsk", "đắk"],
    ["Hoaf", "Hòa"],
    ["thuyr", "thủy"],
    ["nguwowif", "người"],
    ["gif", "gì"],
    ["HAF", "HÀ"],
    ["tuongw", "tương"],
  ])
    assert.equal(telexSyllable(typed), syllable, typed);
});

test("a word with no Telex key, or that reads as no syllable with its keys applied, is no Telex", () => {
  for (const word of ["Lan", "phuong", "Towers", "Times", "Plus", "TX", "HCM", "Hues", "xa"]) assert.equal(telexSyllable(word), null, word);
});

test("a text is read as Telex only when two words or more are, one ending in a tone key; known words stay", () => {
  assert.equal(readTelex("12 Nguyeenx Traix, Thanh Xuaan, HN"), "12 Nguyễn Trãi, Thanh Xuân, HN");
  assert.equal(readTelex("phuwowngf Baf Ddinhf, Haf Nooij"), "phường Bà Đình, Hà Nội");
  // One word alone, or English words without a tone key at the end, are left as written.
  assert.equal(readTelex("Dist 3, Room 5, Ho Chi Minh City"), "Dist 3, Room 5, Ho Chi Minh City");
  assert.equal(readTelex("12 Le Loi, Quaanj 1"), "12 Le Loi, Quaanj 1");
  // "Kar" of Ea Kar reads "Kả" in Telex: a word the caller knows stays.
  assert.equal(readTelex("thoon 3 xax Ea Kar ddawsk lawsk", (w) => w.toLowerCase() === "kar"), "thôn 3 xã Ea Kar đắk lắk");
});

test("every unit's name typed in Telex reads back as the name, the words the names hold kept as written", async () => {
  const { loadRegistry } = await import("../units/registry.js");
  const { fold, toneKey } = await import("./fold.js");
  const { isVietnameseSyllable } = await import("./syllable.js");
  const registry = loadRegistry();
  const names = new Set<string>();
  for (const structure of ["old", "new"] as const)
    for (const level of ["province", "district", "ward"] as const)
      for (const unit of registry.list(structure, level)) names.add(unit.fullName);
  // As the parser does: the names' own words ("Noong" of Noong Luống, "Kar" of Ea Kar) stay.
  const words = new Set([...names].flatMap((name) => fold(name).split(" ")));
  const known = (word: string) => words.has(fold(word));
  const wrong: string[] = [];
  let read = 0;
  for (const name of names) {
    // Names in the alphabets of the Central Highlands ("Đa Krông", "Chư Păh") are no Telex syllables.
    if (!name.split(" ").every((word) => /^\d+$/.test(word) || isVietnameseSyllable(word))) continue;
    const typed = typeTelex(`${name}, Hà Nội`);
    const back = readTelex(typed, known);
    // The same letters and tones, wherever the name puts a tone (Hoà, Hòa); a word that another
    // name holds as typed stays as typed ("Noong").
    const typedWords = typed.split(/[ ,]+/);
    const expected = `${name}, Hà Nội`
      .split(/[ ,]+/)
      .map((word, k) => (known(typedWords[k]) ? typedWords[k] : word))
      .join(" ");
    if (toneKey(back) !== toneKey(expected)) wrong.push(`${name} → ${typed} → ${back}`);
    read++;
  }
  assert.ok(read > 5000, `${read} names`);
  assert.deepEqual(wrong.slice(0, 20), []);
});

test("'Bis' and 'Ter' after a house number stay the number's, not the Telex 'bí' and 'tẻ'", () => {
  assert.equal(readTelex("1 Bis Phan Ddinhf Phungf, Phuowngf Phus Laam"), "1 Bis Phan Đình Phùng, Phường Phú Lâm");
  assert.equal(readTelex("1/98/25 bis aau cow, phuowngf phus khuowng"), "1/98/25 bis âu cơ, phường phú khương");
  assert.equal(readTelex("12 Ter Nguyeenx Traix, Haf Nooij"), "12 Ter Nguyễn Trãi, Hà Nội");
  // Elsewhere the keys are read as typed.
  assert.equal(readTelex("Bis Traanf Phus"), "Bí Trần Phú");
});

test("English short words keep their letters in a text otherwise read as Telex", () => {
  assert.equal(readTelex("Lot A1 Zone of Villas of Green Island"), "Lot A1 Zone of Villas of Green Island");
  assert.equal(readTelex("Phuowngf Haf Nooij"), "Phường Hà Nội");
});
