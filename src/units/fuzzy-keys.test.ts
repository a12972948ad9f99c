import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../common/random.js";
import { damerauLevenshtein, FuzzyKeys } from "./fuzzy-keys.js";
import { loadRegistry } from "./registry.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz 0123456789";

/** `key` with `edits` random edits: substitutions, insertions, deletions, adjacent swaps. */
function slipped(random: Random, key: string, edits: number): string {
  let text = key;
  for (let e = 0; e < edits; e++) {
    const at = random.int(0, Math.max(0, text.length - 1));
    const letter = LETTERS[random.int(0, LETTERS.length - 1)];
    const kind = random.int(0, 3);
    if (kind === 0) text = text.slice(0, at) + letter + text.slice(at + 1);
    else if (kind === 1) text = text.slice(0, at) + letter + text.slice(at);
    else if (kind === 2 && text.length > 1) text = text.slice(0, at) + text.slice(at + 1);
    else if (at + 1 < text.length) text = text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
  }
  return text;
}

/** nearTwo's answer without its letter filters: every key of similar length sharing an end letter, by distance. */
function scanned(keys: readonly string[], query: string): string[] {
  if (query.length < 9) return [];
  return keys.filter(
    (key) =>
      key.length >= 3 &&
      Math.abs(key.length - query.length) <= 2 &&
      (key[0] === query[0] || key.at(-1) === query.at(-1)) &&
      damerauLevenshtein(query, key, 2) === 2,
  );
}

test("nearTwo finds every unit name exactly two edits away, as a scan of every name by distance does", () => {
  const keys = [...new Set(loadRegistry().nameIndex.keys())];
  const index = new FuzzyKeys(keys);
  const random = new Random(2);
  let found = 0;
  for (let i = 0; i < 1500; i++) {
    const key = keys[random.int(0, keys.length - 1)];
    const query = slipped(random, key, random.int(1, 3));
    const expected = scanned(keys, query).sort();
    assert.deepEqual([...index.nearTwo(query)].sort(), expected, `nearTwo("${query}")`);
    found += expected.length;
  }
  // The queries must reach names two edits away, or the comparison shows nothing.
  assert.ok(found > 500, `only ${found} names two edits away were found`);
});

test("nearOne finds every unit name one edit away, as a scan of every name by distance does", () => {
  const names = loadRegistry().nameIndex;
  const keys = [...new Set(names.keys())];
  const index = new FuzzyKeys(keys);
  const random = new Random(3);
  let found = 0;
  for (let i = 0; i < 1500; i++) {
    const key = keys[random.int(0, keys.length - 1)];
    const query = slipped(random, key, random.int(0, 2));
    const expected =
      query.length < 4
        ? []
        : keys.filter((k) => k.length >= 3 && k !== query && damerauLevenshtein(query, k, 1) <= 1).sort();
    assert.deepEqual([...index.nearOne(query)].sort(), expected, `nearOne("${query}")`);
    found += expected.length;
  }
  // The queries must reach names one edit away, or the comparison shows nothing.
  assert.ok(found > 500, `only ${found} names one edit away were found`);
});
