/**
 * diachiso's own search behind the benchmark's adapter: the index built from the records the
 * harness hands over (the same segment builder the store's index uses), and `search` answering
 * the codes of its results.
 */
import type { AddressRecord } from "../../../src/domain/record.js";
import { createParser } from "../../../src/parse/index.js";
import { buildSegment, unitTablesOf } from "../../../src/search/build.js";
import { SearchEngine } from "../../../src/search/engine.js";
import type { RecordSummary } from "../../../src/store/store.js";
import type { UnitRegistry } from "../../../src/units/registry.js";
import { type BenchEngine, type BuildResult, rssMiB } from "../engine.js";

export class DiachisoEngine implements BenchEngine {
  readonly name = "diachiso";
  private engine: SearchEngine | null = null;

  constructor(readonly registry: UnitRegistry) {}

  async build(records: AsyncIterable<AddressRecord> | AddressRecord[]): Promise<BuildResult> {
    const before = rssMiB();
    const started = performance.now();
    const summaries: RecordSummary[] = [];
    for await (const r of records) {
      summaries.push({ code: r.code, kind: r.kind, status: r.status, name: r.name, parts: r.parts, new: r.new, old: r.old, lat: r.location.lat, lon: r.location.lon });
    }
    const tables = unitTablesOf(this.registry);
    const base = buildSegment(summaries, tables);
    summaries.length = 0;
    this.engine = new SearchEngine({ registry: this.registry, parser: createParser(this.registry), base }, tables.communes.codes, tables.oldWards.codes);
    // The first query pays for lazy tables (typo neighbourhoods, door keys): not part of a query's latency.
    this.engine.search("1 Lê Lợi, Hà Nội");
    return { seconds: (performance.now() - started) / 1000, rssMiB: rssMiB() - before };
  }

  search(q: string, o: { autocomplete: boolean; limit: number }): string[] {
    if (!this.engine) throw new Error("build first");
    return this.engine
      .search(q, { limit: o.limit, autocomplete: o.autocomplete })
      .results.map((r) => r.code ?? ""); // a street or unit ranked first counts as a miss, not skipped
  }
}
