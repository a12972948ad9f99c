/**
 * MiniSearch (in-memory inverted index, radix tree of terms) over each record's own text, folded as
 * the FTS5 peers fold it, searched with its default OR combination and BM25+ ranking, fuzzy by the
 * issue's tolerance (one edit from 4 letters, two from 8) and, while typing, the last word as a
 * prefix. Prefix and fuzzy on every word (`prefix: true, fuzzy: 0.2`) took about a second a query
 * on 20,000 records: folded Vietnamese is short syllables ("p", "1", "thanh"), and each expands to
 * most of the vocabulary. It holds every document in the heap,
 * so on a large store it takes the first `maxRecords` (the harness scores only queries whose record
 * it was given).
 */
import MiniSearch from "minisearch";
import type { AddressRecord } from "../../../src/domain/record.js";
import { fold } from "../../../src/text/fold.js";
import type { UnitRegistry } from "../../../src/units/registry.js";
import { editsFor } from "../query-forms.js";
import { type BenchEngine, type BuildResult, recordText, rssMiB } from "../engine.js";

interface Doc {
  id: number;
  text: string;
}

export class MiniSearchEngine implements BenchEngine {
  readonly name = "minisearch";
  private readonly codes: string[] = [];
  private readonly index = new MiniSearch<Doc>({ fields: ["text"], storeFields: [] });

  constructor(
    private readonly registry: UnitRegistry,
    readonly maxRecords?: number,
  ) {}

  async build(records: AsyncIterable<AddressRecord> | AddressRecord[]): Promise<BuildResult> {
    const before = rssMiB();
    const started = performance.now();
    for await (const record of records) {
      const text = recordText(record, this.registry);
      if (text === null) continue;
      this.index.add({ id: this.codes.length, text: fold(text) });
      this.codes.push(record.code);
    }
    return { seconds: (performance.now() - started) / 1000, rssMiB: rssMiB() - before };
  }

  search(q: string, o: { autocomplete: boolean; limit: number }): string[] {
    const hits = this.index.search(fold(q), {
      prefix: (_term, i, terms) => o.autocomplete && i === terms.length - 1,
      fuzzy: (term) => editsFor(term.length) || false,
    });
    const out: string[] = [];
    for (let i = 0; i < hits.length && i < o.limit; i++) out.push(this.codes[hits[i].id as number]);
    return out;
  }
}
