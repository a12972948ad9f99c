/**
 * The PostgreSQL peer the issue names: `pg_trgm` + `unaccent` over each record's own text
 * (engine.ts `recordText`), in a throwaway cluster of its own (or a server given by URL).
 *
 * - Table `bench_label (code text, text text)`, loaded with `COPY` (the load PostgreSQL is built for: one
 *   statement streaming every row, no per-row parse or round trip), then a GIN `gin_trgm_ops` index
 *   on the folded text, built once after the load as a bulk load should.
 * - Folding, `fold` option: `node` stores the text folded by src/text/fold.ts (as the FTS5 and
 *   MiniSearch peers do) and indexes the column; `unaccent` stores the text as written and indexes
 *   the database's own `unaccent()` through an IMMUTABLE wrapper (`unaccent` itself is only STABLE,
 *   since its dictionary could change, so it cannot appear in an index expression), and folds the
 *   query with the same function. pg_trgm lower-cases and splits on non-alphanumerics by itself.
 * - Query, `query` option: the three standard pg_trgm formulations, each filtered by its operator
 *   (which the GIN index answers) and ordered by its distance (GIN cannot order, so the matches are
 *   sorted; only GiST orders by distance itself):
 *   `word`       `q <% t  ORDER BY q <<-> t`   word_similarity: the query against the best extent of the text
 *   `strict`     `q <<% t ORDER BY q <<<-> t`  strict_word_similarity: extents on word boundaries
 *   `similarity` `t % q   ORDER BY t <-> q`    similarity of the whole strings
 *   each at pg_trgm's default threshold.
 *
 * The throwaway cluster runs without durability (fsync, full-page writes and synchronous commit off:
 * nothing in it outlives the run) and with parallel query off, so that one query is one core, as for
 * every other engine of the harness.
 */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { AddressRecord } from "../../../src/domain/record.js";
import { findPgBin, ThrowawayCluster } from "../../../src/testing/postgres.js";
import { fold } from "../../../src/text/fold.js";
import type { UnitRegistry } from "../../../src/units/registry.js";
import { type BenchEngine, type BuildResult, recordText, rssMiB } from "../engine.js";

export type PgTrgmFold = "node" | "unaccent";
export type PgTrgmQuery = "word" | "strict" | "similarity";

export interface PgTrgmOptions {
  /** A server to use (`postgres://…`) instead of a throwaway cluster; its database must allow CREATE EXTENSION. */
  url?: string;
  /** Default `node`: see the file's comment. */
  fold?: PgTrgmFold;
  /** Default `word`: see the file's comment. */
  query?: PgTrgmQuery;
}

/** The filter and order of each formulation over the indexed text `t` and the query `q`. */
const QUERY_SQL: Record<PgTrgmQuery, (q: string, t: string) => string> = {
  word: (q, t) => `${q} <% ${t} ORDER BY ${q} <<-> ${t}`,
  strict: (q, t) => `${q} <<% ${t} ORDER BY ${q} <<<-> ${t}`,
  similarity: (q, t) => `${t} % ${q} ORDER BY ${t} <-> ${q}`,
};

/** A row of COPY's text format: tab, newline, carriage return and backslash escaped. */
function copyField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

export class PgTrgmEngine implements BenchEngine {
  readonly name = "pg_trgm";
  private cluster: ThrowawayCluster | null = null;
  private client: pg.Client | null = null;
  private readonly fold: PgTrgmFold;
  private readonly query: PgTrgmQuery;

  constructor(
    private readonly registry: UnitRegistry,
    private readonly options: PgTrgmOptions = {},
  ) {
    this.fold = options.fold ?? "node";
    this.query = options.query ?? "word";
    if (this.fold !== "node" && this.fold !== "unaccent")
      throw new Error(`pg_trgm: unknown fold "${this.fold}" (known: node, unaccent)`);
    if (!(this.query in QUERY_SQL))
      throw new Error(`pg_trgm: unknown query "${this.query}" (known: ${Object.keys(QUERY_SQL).join(", ")})`);
  }

  /** The indexed expression over the table's `text` column. */
  private get indexed(): string {
    return this.fold === "node" ? "text" : "diachiso_unaccent(text)";
  }

  async build(records: AsyncIterable<AddressRecord> | AddressRecord[]): Promise<BuildResult> {
    try {
      return await this.load(records);
    } catch (error) {
      // A cluster started for a build that failed is not left running.
      await this.close();
      throw error;
    }
  }

  private async load(records: AsyncIterable<AddressRecord> | AddressRecord[]): Promise<BuildResult> {
    const before = rssMiB();
    const started = performance.now();
    let url = this.options.url;
    if (url === undefined) {
      const bin = findPgBin();
      if (bin === null)
        throw new Error("pg_trgm: no PostgreSQL server binaries (initdb) found; give --pg URL");
      const cluster = new ThrowawayCluster(bin);
      this.cluster = cluster;
      // A process that ends without close() (an error between build and close) still stops it.
      process.once("exit", () => cluster.stop());
      url = await cluster.start();
    }
    const client = new pg.Client({ connectionString: url });
    // A server stopped under an idle client reports here rather than crashing the process.
    client.on("error", () => {});
    await client.connect();
    this.client = client;
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    await client.query("CREATE EXTENSION IF NOT EXISTS unaccent");
    // The standard wrapper: the dictionary named, the function IMMUTABLE so an index may use it.
    await client.query(`CREATE OR REPLACE FUNCTION diachiso_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      RETURN unaccent('unaccent'::regdictionary, $1)`);
    await client.query("DROP TABLE IF EXISTS bench_label");
    await client.query("CREATE TABLE bench_label (code text NOT NULL, text text NOT NULL)");
    const registry = this.registry;
    const foldInNode = this.fold === "node";
    async function* rows(): AsyncGenerator<string> {
      let chunk = "";
      let n = 0;
      for await (const record of records) {
        const text = recordText(record, registry);
        if (text === null) continue;
        chunk += `${copyField(record.code)}\t${copyField(foldInNode ? fold(text) : text)}\n`;
        if (++n % 2000 === 0) {
          yield chunk;
          chunk = "";
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(rows()), client.query(copyFrom("COPY bench_label (code, text) FROM STDIN")));
    await client.query(
      `CREATE INDEX bench_label_trgm ON bench_label USING gin (${this.indexed} gin_trgm_ops)`,
    );
    await client.query("ANALYZE bench_label");
    const size = await client.query<{ bytes: string }>(
      "SELECT pg_total_relation_size('bench_label') AS bytes",
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds,
      rssMiB: rssMiB() - before + (await this.backendRssMiB()),
      diskMiB: Number(size.rows[0].bytes) / 2 ** 20,
    };
  }

  /**
   * The resident memory of the server process answering this connection, MiB, when it runs on this
   * machine (0 otherwise): the build's memory is the server's, not the client's.
   */
  private async backendRssMiB(): Promise<number> {
    if (!this.client || !this.cluster) return 0;
    const pid = (await this.client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    const status = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
    return status ? Number(status[1]) / 1024 : 0;
  }

  async search(q: string, o: { autocomplete: boolean; limit: number }): Promise<string[]> {
    if (!this.client) throw new Error("build first");
    const text = this.fold === "node" ? fold(q) : q;
    if (text.trim() === "") return [];
    const query = this.fold === "node" ? "$1::text" : "diachiso_unaccent($1::text)";
    // Autocomplete needs nothing of its own: word similarity already scores a cut last word by the
    // trigrams it shares with the whole word.
    const result = await this.client.query<{ code: string }>({
      name: `search-${this.query}`,
      text: `SELECT code FROM bench_label WHERE ${QUERY_SQL[this.query](query, this.indexed)} LIMIT $2`,
      values: [text, o.limit],
    });
    return result.rows.map((row) => row.code);
  }

  async close(): Promise<void> {
    try {
      await this.client?.end();
    } finally {
      this.client = null;
      this.cluster?.stop();
      this.cluster = null;
    }
  }
}
