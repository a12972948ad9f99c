import assert from "node:assert/strict";
import { test } from "node:test";
import { RateLimiter } from "./rate-limit.js";

test("a rate limit lets a burst through at once, then no more than its rate, even with many waiting together", async () => {
  const limiter = new RateLimiter(100, 5);
  const started = performance.now();
  // 5 at once (the burst), then 20 more at 100/s: at least 200 ms, however many wait side by side.
  await Promise.all(Array.from({ length: 25 }, () => limiter.take()));
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 190, `25 hand-overs at 100/s after a burst of 5 took ${elapsed.toFixed(0)} ms`);
  assert.throws(() => new RateLimiter(0), /not a positive rate/);
});
