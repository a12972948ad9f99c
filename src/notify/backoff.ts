/** When to try a failed notification again: exponential backoff with jitter. */

export interface BackoffPolicy {
  /** The delay after the first failure, ms (before jitter). */
  baseMs: number;
  /** The longest delay, ms. */
  maxMs: number;
}

/** Half a minute, doubling, at most six hours: a gateway down for a night is retried through it without a storm. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 6 * 3600_000 };

/**
 * The delay before attempt `attempts + 1`, given `attempts` made so far (≥ 1): the exponential
 * delay, of which a random half is kept ("equal jitter"), so that notifications failed together do
 * not come back together, yet none comes back sooner than half its turn.
 * @param random a number in [0, 1) (Math.random by default; tests pass their own)
 */
export function retryDelayMs(attempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
