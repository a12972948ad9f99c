/**
 * A token bucket: at most `perSecond` hand-overs a second on average, `burst` at once. Gateways
 * state their limits this way (and refuse the excess with 429s), so keeping under them is cheaper
 * than being refused. One bucket per deliverer run, not shared between requests.
 */
import { setTimeout as sleep } from "node:timers/promises";

export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    private readonly burst: number = Math.max(1, Math.ceil(perSecond / 10)),
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new Error(`rate limit: ${perSecond} per second is not a positive rate`);
    this.tokens = this.burst;
    this.last = clock();
  }

  /** Waits until a hand-over is allowed, and takes it. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.clock();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
    }
  }
}
