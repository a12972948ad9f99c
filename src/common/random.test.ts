import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "./random.js";

test("a seed gives the same sequence as always, so generated survey files stay byte-identical", () => {
  // The first outputs for three seeds, pinned: `diachiso generate --seed N` draws from exactly this.
  const first = (seed: number) => {
    const random = new Random(seed);
    return Array.from({ length: 5 }, () => random.uint32());
  };
  assert.deepEqual(first(1), [1828152527, 3394835397, 2967886022, 2251045104, 4148684523]);
  assert.deepEqual(first(2022), [2371696739, 111263062, 3231422329, 2585371554, 1693670985]);
  assert.deepEqual(first(-7), [4242807802, 94534278, 4146784098, 1748471413, 3880423015]);
  const random = new Random(1);
  assert.deepEqual([random.int(1, 6), random.chance(0.5), random.pick(["a", "b", "c"]), random.digits(12)], [3, false, "c", "599782103605"]);
});

test("draws stay in their ranges and cover them", () => {
  const random = new Random(42);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const x = random.next();
    assert.ok(x >= 0 && x < 1);
    const n = random.int(-2, 2);
    assert.ok(Number.isInteger(n) && n >= -2 && n <= 2);
    seen.add(n);
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
});
