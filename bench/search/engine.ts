/**
 * What the search benchmark measures: any engine behind one small adapter, built from the store's
 * records and asked the same queries. The peers (`peers/`) and diachiso's own search
 * (`peers/diachiso.ts`) each implement it; the harness (`search.bench.ts`) knows nothing else.
 */
import type { AddressRecord } from "../../src/domain/record.js";
import { formatNew, formatOld, formatParts } from "../../src/domain/format.js";
import type { Store } from "../../src/store/store.js";
import type { UnitRegistry } from "../../src/units/registry.js";

export interface BuildResult {
  /** Wall-clock seconds from the first record read to the index ready to answer. */
  seconds: number;
  /** Resident memory the build added, MiB (process RSS after minus before, after a GC when exposed). */
  rssMiB: number;
  /** Bytes the index keeps on disk, MiB, for engines that keep one there (FTS5). */
  diskMiB?: number;
}

export interface BenchEngine {
  name: string;
  /**
   * The most records this engine holds (an in-memory peer on a large store): the harness then hands
   * it every record a query asks for and the store's first records, `maxRecords` in all.
   */
  maxRecords?: number;
  build(records: AsyncIterable<AddressRecord> | AddressRecord[]): Promise<BuildResult>;
  /**
   * Codes of the records found, best first. An engine behind a server (PostgreSQL) answers a
   * promise; the harness awaits only those, so an in-process engine's latency has no await in it.
   */
  search(q: string, o: { autocomplete: boolean; limit: number }): string[] | Promise<string[]>;
  close?(): void | Promise<void>;
}

/** Every record of the store, page by page (the Store contract's cursor). */
export async function* storeRecords(store: Store, pageSize = 10_000): AsyncGenerator<AddressRecord> {
  let after: string | null = null;
  do {
    const page = await store.query({ limit: pageSize, after });
    yield* page.items;
    after = page.next;
  } while (after !== null);
}

/**
 * The text a peer indexes for a record: its address in the new structure and, when the record has
 * them, the old ward, district and province — the record's own words, no synonyms, no analysis.
 * Null for a record whose units the registry does not know (it cannot be written out).
 */
export function recordText(record: AddressRecord, registry: UnitRegistry): string | null {
  const written = formatNew(record, registry);
  if (written === null) return null;
  const old = formatOld(record, registry);
  if (old === null) return written;
  // The old label repeats the parts below the commune: keep them once.
  const below = formatParts(record.parts, record.name);
  const oldUnits = below && old.startsWith(below) ? old.slice(below.length).replace(/^, /, "") : old;
  return `${written}; ${oldUnits}`;
}

/** Resident set size now, MiB, after a full GC when the process was started with --expose-gc. */
export function rssMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}
