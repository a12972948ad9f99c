/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the sampling helpers the generator
 * needs. Same seed → same sequence on every platform: everything is 32-bit integer arithmetic.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed any integer; different seeds give unrelated sequences */
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A digit string of the given length (leading zeros allowed). */
  digits(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}

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
