import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../common/random.js";
import { retryDelayMs } from "./backoff.js";

test("retry delays double with each attempt up to the cap, each a random point in the upper half of its turn", () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };
  const prng = new Random(7);
  const random = () => prng.next();
  for (let attempts = 1; attempts <= 10; attempts++) {
    const turn = Math.min(60_000, 1000 * 2 ** (attempts - 1));
    for (let k = 0; k < 50; k++) {
      const delay = retryDelayMs(attempts, policy, random);
      assert.ok(delay >= turn / 2 && delay <= turn, `attempt ${attempts}: ${delay} outside [${turn / 2}, ${turn}]`);
    }
  }
  const spread = new Set(Array.from({ length: 20 }, () => retryDelayMs(3, policy, random)));
  assert.ok(spread.size > 10, "notifications failed together come back apart");
});
