/**
 * Typo-tolerant matching of folded unit names: finds the known keys within edit distance 1
 * (substitution, insertion, deletion, adjacent transposition) or, for longer names, 2.
 * Distance 1 uses a deletion index (SymSpell's idea: two strings within one edit share a
 * string reachable by at most one deletion from each), so it costs a few map look-ups;
 * distance 2 scans the keys of similar length with a bounded Damerau-Levenshtein distance.
 */

/** Shortest key length at which one typo is tolerated ("ba vi" vs "ba vị" need no typo). */
const MIN_LENGTH_D1 = 4;
/** Shortest key length at which two typos are tolerated. */
const MIN_LENGTH_D2 = 9;

export class FuzzyKeys {
  private readonly keys: string[];
  private readonly deletions = new Map<string, string[]>();

  constructor(keys: Iterable<string>) {
    this.keys = [...new Set(keys)].filter((k) => k.length >= MIN_LENGTH_D1 - 1);
    for (const key of this.keys) {
      this.index(key, key);
      for (let i = 0; i < key.length; i++) this.index(key.slice(0, i) + key.slice(i + 1), key);
    }
  }

  private index(variant: string, key: string): void {
    const list = this.deletions.get(variant);
    if (!list) this.deletions.set(variant, [key]);
    else if (list[list.length - 1] !== key) list.push(key);
  }

  /** Known keys within the tolerated distance of `query`, nearest first (excluding exact). */
  near(query: string): { key: string; distance: number }[] {
    if (query.length < MIN_LENGTH_D1) return [];
    const found = new Map<string, number>();
    const variants = [query];
    for (let i = 0; i < query.length; i++) variants.push(query.slice(0, i) + query.slice(i + 1));
    for (const variant of variants) {
      for (const key of this.deletions.get(variant) ?? []) {
        if (key === query || found.has(key)) continue;
        const d = damerauLevenshtein(query, key, 1);
        if (d <= 1) found.set(key, d);
      }
    }
    if (found.size === 0 && query.length >= MIN_LENGTH_D2) {
      for (const key of this.keys) {
        if (Math.abs(key.length - query.length) > 2) continue;
        const d = damerauLevenshtein(query, key, 2);
        if (d <= 2) found.set(key, d);
      }
    }
    return [...found].map(([key, distance]) => ({ key, distance })).sort((a, b) => a.distance - b.distance);
  }
}

/**
 * Optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions),
 * returning `max + 1` as soon as the distance is known to exceed `max`.
 */
export function damerauLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}
