/**
 * The naive peers the issue names: SQLite FTS5 over each record's own text (engine.ts `recordText`:
 * the new-structure address and, when present, the old units), in a file of its own beside the
 * store.
 *
 * - `fts5`: tokenizer `unicode61 remove_diacritics 2`; the query's folded words OR-ed, ranked by
 *   bm25; in autocomplete mode the last word is a prefix (`"word"*`).
 * - `trigram`: tokenizer `trigram remove_diacritics 1`; the trigrams of each folded word of 3 or
 *   more letters OR-ed, ranked by bm25 (a trigram index's own way to tolerate typos and cut words).
 *
 * Both index and query the text folded by src/text/fold.ts, because FTS5's diacritic removal keeps
 * `đ` (a letter of its own in Unicode, not d with a mark) and people type it as `d`.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { AddressRecord } from "../../../src/domain/record.js";
import { fold } from "../../../src/text/fold.js";
import type { UnitRegistry } from "../../../src/units/registry.js";
import { type BenchEngine, type BuildResult, recordText, rssMiB } from "../engine.js";

export type Fts5Tokenizer = "unicode61" | "trigram";

const TOKENIZE: Record<Fts5Tokenizer, string> = {
  unicode61: "unicode61 remove_diacritics 2",
  trigram: "trigram remove_diacritics 1",
};

/** The FTS5 MATCH expression of a query, or null when it has no word the tokenizer can match. */
export function fts5Match(tokenizer: Fts5Tokenizer, query: string, autocomplete: boolean): string | null {
  const words = fold(query)
    .split(" ")
    .filter((w) => w !== "");
  if (tokenizer === "unicode61") {
    if (!words.length) return null;
    const terms = [...new Set(words.slice(0, -1))].map((w) => `"${w}"`);
    const last = words[words.length - 1];
    terms.push(autocomplete ? `"${last}"*` : `"${last}"`);
    return terms.join(" OR ");
  }
  const grams = new Set<string>();
  for (const word of words) for (let i = 0; i + 3 <= word.length; i++) grams.add(word.slice(i, i + 3));
  return grams.size ? [...grams].map((g) => `"${g}"`).join(" OR ") : null;
}

export class Fts5Engine implements BenchEngine {
  readonly name: string;
  private readonly dir = mkdtempSync(join(tmpdir(), "diachiso-fts5-"));
  private db: Database.Database | null = null;
  private statement: Database.Statement<[string, number], { code: string }> | null = null;

  constructor(
    private readonly registry: UnitRegistry,
    private readonly tokenizer: Fts5Tokenizer,
  ) {
    this.name = tokenizer === "unicode61" ? "fts5" : "trigram";
  }

  async build(records: AsyncIterable<AddressRecord> | AddressRecord[]): Promise<BuildResult> {
    const before = rssMiB();
    const started = performance.now();
    const file = join(this.dir, "index.db");
    const db = new Database(file);
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -65536");
    db.exec(
      `CREATE VIRTUAL TABLE label USING fts5(code UNINDEXED, text, tokenize = '${TOKENIZE[this.tokenizer]}')`,
    );
    const insert = db.prepare("INSERT INTO label (code, text) VALUES (?, ?)");
    let batch: [string, string][] = [];
    const flush = db.transaction((rows: [string, string][]) => {
      for (const [code, text] of rows) insert.run(code, text);
    });
    for await (const record of records) {
      const text = recordText(record, this.registry);
      if (text === null) continue;
      batch.push([record.code, fold(text)]);
      if (batch.length === 10_000) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    db.exec("INSERT INTO label (label) VALUES ('optimize')");
    this.db = db;
    this.statement = db.prepare("SELECT code FROM label WHERE label MATCH ? ORDER BY bm25(label) LIMIT ?");
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rssMiB: rssMiB() - before, diskMiB: statSync(file).size / 2 ** 20 };
  }

  search(q: string, o: { autocomplete: boolean; limit: number }): string[] {
    const match = fts5Match(this.tokenizer, q, o.autocomplete);
    if (match === null || !this.statement) return [];
    return this.statement.all(match, o.limit).map((row) => row.code);
  }

  close(): void {
    this.db?.close();
    this.db = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
