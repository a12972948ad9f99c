/**
 * A memo with a bound on its size that keeps the entries in use when it turns over. Two maps: new
 * entries go into the young one; when that is full it becomes the old one (the previous old one is
 * dropped) and a hit in the old one moves back to the young. So at most 2 × `limit` entries are
 * held, and a national file whose spellings outnumber the limit keeps hitting on its frequent ones,
 * where a map that is cleared when full would miss on every spelling at once after each clear.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  /**
   * @param limit entries per generation
   * @param own the key to keep for one found in the old generation: the caller's may hold memory
   *   that the cache must not keep alive (see resolve-units.ts ownString)
   */
  constructor(
    private readonly limit: number,
    private readonly own: (key: K) => K = (key) => key,
  ) {}

  /** Entries held (both generations). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined || this.old.size === 0) return value;
    const kept = this.old.get(key);
    if (kept !== undefined) {
      this.old.delete(key);
      this.set(this.own(key), kept);
    }
    return kept;
  }

  /** Adds an entry; `key` is kept as given, so pass one that owns its memory. */
  set(key: K, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
