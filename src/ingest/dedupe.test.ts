import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ALLEY_TYPES, type AddressParts, HAMLET_TYPES } from "../domain/parts.js";
import { BoundedCache } from "./bounded-cache.js";
import { DuplicateIndex } from "./dedupe.js";
import { duplicateKey } from "./map-row.js";

// Vietnamese letters in both forms, separators of every kind, and any code unit at all.
const text = fc.oneof(
  fc
    .array(fc.constantFrom(..."aĐđ ễ-,|Lê Lợi 12/Ö\t.".split(""), "\u0301", "\u00a0", "ẞ", "İ"), {
      maxLength: 8,
    })
    .map((a) => a.join("")),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "binary-ascii", maxLength: 6 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const parts: fc.Arbitrary<AddressParts> = fc.record(
  {
    houseNumber: maybe(fc.constantFrom("12", "12A", "1/2", "")),
    lot: maybe(fc.constantFrom("A1", "")),
    alleys: maybe(
      fc.array(fc.record({ type: fc.constantFrom(...ALLEY_TYPES), number: fc.constantFrom("1", "2/3") }), {
        minLength: 1,
        maxLength: 3,
      }),
    ),
    street: maybe(text),
    hamlet: maybe(fc.record({ type: fc.constantFrom(...HAMLET_TYPES), name: text })),
    building: maybe(text),
    flat: maybe(fc.constantFrom("3", "")),
  },
  { requiredKeys: [] },
);

test("seen(commune, parts) answers as add(duplicateKey(commune, parts)) does", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom("00004", "26740"), parts), { maxLength: 40 }), (rows) => {
      const bySeen = new DuplicateIndex(4);
      const byKey = new DuplicateIndex(4);
      for (const [commune, p] of rows) {
        const key = duplicateKey(commune, p);
        assert.equal(
          bySeen.seen(commune, p),
          key === null ? false : byKey.add(key),
          JSON.stringify([commune, p]),
        );
      }
    }),
    { numRuns: 5000 },
  );
});

test("a record is a duplicate of an earlier one with the same number, street and commune", () => {
  const index = new DuplicateIndex();
  assert.equal(index.seen("00004", { houseNumber: "12", street: "Lê Lợi" }), false);
  assert.equal(index.seen("00004", { houseNumber: "12", street: "le loi" }), true);
  assert.equal(index.seen("00007", { houseNumber: "12", street: "Lê Lợi" }), false);
  assert.equal(index.seen("00004", { street: "Lê Lợi" }), false);
  assert.equal(index.count, 2);
});

test("the bounded cache keeps at most two generations and keeps the entries in use", () => {
  const cache = new BoundedCache<string, number>(3);
  for (const k of ["a", "b", "c"]) cache.set(k, k.charCodeAt(0));
  cache.set("d", 100); // the first three become the old generation
  assert.equal(cache.get("a"), 97); // moved back to the young one
  cache.set("e", 101);
  cache.set("f", 102); // young is full (d, a, e): it becomes old, b and c are dropped
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("a"), 97);
  assert.ok(cache.size <= 6);
});
