import type { Random } from "../common/random.js";

/**
 * Walker's alias table: O(1) sampling of an index with probability proportional to its weight,
 * for the 3,321 communes (and smaller lists) drawn millions of times.
 */
export class WeightedSampler<T> {
  readonly items: readonly T[];
  private readonly probability: Float64Array;
  private readonly alias: Uint32Array;

  /** Throws when there are no items or no positive weight. */
  constructor(items: readonly T[], weights: readonly number[]) {
    const n = items.length;
    const total = weights.reduce((s, w) => s + w, 0);
    if (n === 0 || !(total > 0))
      throw new Error(`WeightedSampler: need at least one positive weight, got ${n} items`);
    this.items = items;
    this.probability = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.probability[i] = 1;
  }

  sample(random: Random): T {
    const i = Math.floor(random.next() * this.items.length);
    return this.items[random.next() < this.probability[i] ? i : this.alias[i]];
  }
}
