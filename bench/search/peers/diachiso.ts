/**
 * diachiso's own search behind the benchmark's adapter: the one file the search engine's author
 * fills in (build the index from the records, answer `search(q, {limit, autocomplete})` with the
 * results' codes). Until then `build` throws and the harness skips the engine with one line.
 */
import type { AddressRecord } from "../../../src/domain/record.js";
import type { UnitRegistry } from "../../../src/units/registry.js";
import type { BenchEngine, BuildResult } from "../engine.js";

export class DiachisoEngine implements BenchEngine {
  readonly name = "diachiso";

  constructor(readonly registry: UnitRegistry) {}

  async build(_records: AsyncIterable<AddressRecord> | AddressRecord[]): Promise<BuildResult> {
    throw new Error("not yet: src/search has no engine to plug in (fill bench/search/peers/diachiso.ts)");
  }

  search(_q: string, _o: { autocomplete: boolean; limit: number }): string[] {
    throw new Error("not yet");
  }
}
