/**
 * Search engines side by side on the same records and the same queries (issue 14, "Benchmark").
 *
 * Run from the repository root (query sets from make-queries.ts):
 *   npx tsc -p . && node dist/bench/search/search.bench.js --db STORE.db --queries Q.jsonl \
 *     [--engines fts5,trigram,minisearch,diachiso,pg_trgm] [--json] [--warmup 100] [--minisearch-max 20000] [--subset N]
 *     [--pg URL] [--pg-fold node|unaccent] [--pg-query word|strict|similarity]   (pg_trgm: peers/pgtrgm.ts)
 *   node dist/bench/search/search.bench.js --render RUN.json     (the tables of a saved --json run)
 *
 * Per engine and per query form: top-1 and top-5 accuracy (the gold code first / among the first
 * five), latency per query (p50/p95/p99, ms, after a warm-up, one query at a time; for pg_trgm the
 * round trip to its server, awaited; also this process's CPU time, steadier on a shared machine but
 * blind to a server's work), queries/s (queries over the sum
 * of their latencies), build seconds, the RSS the
 * build added and the index's size on disk. Each engine runs in a child process of its own, one
 * after the other, so one engine's heap and page cache do not weigh on the next; an engine whose
 * build throws (diachiso's adapter until the engine lands) is skipped with one line. `--subset N`
 * gives every engine the same N records (the queries' own and the store's first), to set the peers
 * beside MiniSearch on the records it holds.
 */
import { arg } from "../args.js";
import { percentile } from "../median.js";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AddressRecord } from "../../src/domain/record.js";
import { openStore } from "../../src/store/open.js";
import { loadRegistry } from "../../src/units/registry.js";
import { median } from "../median.js";
import { type BenchEngine, type BuildResult, storeRecords } from "./engine.js";
import { DiachisoEngine } from "./peers/diachiso.js";
import { Fts5Engine } from "./peers/fts5.js";
import { MiniSearchEngine } from "./peers/minisearch.js";
import { PgTrgmEngine, type PgTrgmOptions } from "./peers/pgtrgm.js";
import { type BenchQuery, QUERY_FORMS } from "./query-forms.js";

const ENGINES = ["fts5", "trigram", "minisearch", "diachiso", "pg_trgm"] as const;
/** Results asked per query: top-5 accuracy needs five. */
const LIMIT = 5;
/**
 * Records MiniSearch is given by default. It holds 200,000 in about 1.8 GiB, but its OR queries
 * score every posting of every word, and folded Vietnamese words are few and common: a third of a
 * second a query already at this size (docs/benchmarks.md).
 */
const MINISEARCH_MAX = 20_000;
/** A child that ran but whose engine could not be built. */
const EXIT_SKIPPED = 3;

export interface FormFigures {
  /** Queries scored (those whose gold record the engine was given). */
  n: number;
  top1: number;
  top5: number;
  p50: number;
  p95: number;
  p99: number;
  qps: number;
  /**
   * CPU milliseconds per query (the process's, `process.cpuUsage`), median and 99th percentile: on a
   * shared machine the wall-clock latency also counts the time other processes held the core.
   */
  cpuP50?: number;
  cpuP99?: number;
}

export interface EngineFigures {
  engine: string;
  /** Records the engine was given when it takes at most `maxRecords`; null when it was given all. */
  records: number | null;
  build: BuildResult;
  forms: Record<string, FormFigures>;
  all: FormFigures;
}


/** Accuracy and latency of one engine over some queries; `latencies[i]`, `cpu[i]` and `ranks[i]` belong to queries[i]. */
export function figures(
  latencies: readonly number[],
  cpu: readonly number[],
  ranks: readonly number[],
): FormFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const cpuSorted = [...cpu].sort((a, b) => a - b);
  const total = latencies.reduce((s, v) => s + v, 0);
  const n = latencies.length;
  return {
    n,
    top1: ranks.filter((r) => r === 0).length / n,
    top5: ranks.filter((r) => r >= 0 && r < 5).length / n,
    p50: median(latencies),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    qps: n / (total / 1000),
    cpuP50: median(cpu),
    cpuP99: percentile(cpuSorted, 0.99),
  };
}

function createEngine(name: string, minisearchMax: number, pg: PgTrgmOptions): BenchEngine {
  const registry = loadRegistry();
  switch (name) {
    case "fts5":
      return new Fts5Engine(registry, "unicode61");
    case "trigram":
      return new Fts5Engine(registry, "trigram");
    case "minisearch":
      return new MiniSearchEngine(registry, minisearchMax);
    case "diachiso":
      return new DiachisoEngine(registry);
    case "pg_trgm":
      return new PgTrgmEngine(registry, pg);
    default:
      throw new Error(`unknown engine "${name}" (known: ${ENGINES.join(", ")})`);
  }
}

/**
 * What a size-limited engine is given: every record a query asks for, and the first records of the
 * store up to `max` in all — a store of that size in which each query's record exists. Their codes
 * are noted in `given`.
 */
async function* subsetRecords(
  records: AsyncIterable<AddressRecord>,
  max: number,
  golds: ReadonlySet<string>,
  given: Set<string>,
): AsyncGenerator<AddressRecord> {
  let others = Math.max(0, max - golds.size);
  for await (const record of records) {
    if (golds.has(record.code)) {
      given.add(record.code);
      yield record;
    } else if (others > 0) {
      others--;
      given.add(record.code);
      yield record;
    }
  }
}

/**
 * Builds one engine over the store and runs the queries through it, in this process. `subset`
 * gives every engine at most that many records (the queries' and the store's first), so that an
 * in-memory peer limited to a subset can be compared with the others on the same records.
 */
export async function runEngine(
  engine: BenchEngine,
  db: string,
  queries: readonly BenchQuery[],
  warmup: number,
  subset?: number,
): Promise<EngineFigures> {
  const limits = [engine.maxRecords, subset].filter((n): n is number => n !== undefined);
  const max = limits.length ? Math.min(...limits) : undefined;
  const store = await openStore(db, { use: "read" });
  let build: BuildResult;
  const given = new Set<string>();
  try {
    const golds = new Set(queries.map((q) => q.gold));
    const records =
      max === undefined ? storeRecords(store) : subsetRecords(storeRecords(store), max, golds, given);
    build = await engine.build(records);
  } finally {
    await store.close();
  }
  const scored = max === undefined ? queries : queries.filter((q) => given.has(q.gold));
  // Warm-up: the JIT, the engine's caches and the page cache, over queries of every form.
  let sink = 0;
  for (let i = 0; i < warmup && scored.length; i++) {
    const q = scored[(i * 7919) % scored.length];
    const answer = engine.search(q.q, { autocomplete: q.autocomplete, limit: LIMIT });
    sink += (answer instanceof Promise ? await answer : answer).length;
  }
  const latencies: number[] = [];
  const cpu: number[] = [];
  const ranks: number[] = [];
  for (const q of scored) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const answer = engine.search(q.q, { autocomplete: q.autocomplete, limit: LIMIT });
    const codes = answer instanceof Promise ? await answer : answer;
    latencies.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    ranks.push(codes.indexOf(q.gold));
    sink += codes.length;
  }
  await engine.close?.();
  if (sink < 0) console.error("unreachable: keeps the answers alive");
  const forms: Record<string, FormFigures> = {};
  for (const form of QUERY_FORMS) {
    const at = scored.map((q, i) => (q.form === form ? i : -1)).filter((i) => i >= 0);
    if (at.length)
      forms[form] = figures(
        at.map((i) => latencies[i]),
        at.map((i) => cpu[i]),
        at.map((i) => ranks[i]),
      );
  }
  return {
    engine: engine.name,
    records: max === undefined ? null : given.size,
    build,
    forms,
    all: figures(latencies, cpu, ranks),
  };
}

export function readQueries(path: string): BenchQuery[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as BenchQuery);
}

// ── the tables ────────────────────────────────────────────────────────────────────────────────

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const cpuMs = (v: number | undefined) => (v === undefined ? "–" : ms(v));
const ms = (v: number) => (v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1));

export function markdown(results: readonly EngineFigures[], skipped: readonly string[]): string {
  const lines: string[] = [];
  const base = results.find((r) => r.engine === "fts5");
  lines.push(
    "| engine | records | build s | RSS MiB (build) | disk MiB | top-1 | top-5 | p50 ms | p95 ms | p99 ms | queries/s | × fts5 queries/s | CPU p50 ms | CPU p99 ms |",
  );
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const records = r.records === null ? "all" : r.records.toLocaleString("en");
    const ratio = base ? (r.all.qps / base.all.qps).toFixed(2) : "–";
    lines.push(
      `| ${r.engine} | ${records} | ${r.build.seconds.toFixed(1)} | ${r.build.rssMiB.toFixed(0)} | ${r.build.diskMiB === undefined ? "–" : r.build.diskMiB.toFixed(0)} | ${pct(r.all.top1)} | ${pct(r.all.top5)} | ${ms(r.all.p50)} | ${ms(r.all.p95)} | ${ms(r.all.p99)} | ${r.all.qps.toFixed(0)} | ${ratio} | ${cpuMs(r.all.cpuP50)} | ${cpuMs(r.all.cpuP99)} |`,
    );
  }
  lines.push("");
  lines.push(
    "| engine | form | n | top-1 | top-5 | p50 ms | p95 ms | p99 ms | queries/s | CPU p50 ms | CPU p99 ms |",
  );
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    for (const [form, f] of Object.entries(r.forms)) {
      lines.push(
        `| ${r.engine} | ${form} | ${f.n} | ${pct(f.top1)} | ${pct(f.top5)} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${f.qps.toFixed(0)} | ${cpuMs(f.cpuP50)} | ${cpuMs(f.cpuP99)} |`,
      );
    }
  }
  for (const line of skipped) lines.push("", `skipped: ${line}`);
  return lines.join("\n");
}

// ── command line ──────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  if (process.argv.includes("--render")) {
    // The tables of a saved `--json` run.
    const saved = JSON.parse(readFileSync(arg("render"), "utf8")) as {
      db: string;
      queries: number;
      machine?: string;
      results: EngineFigures[];
      skipped: string[];
    };
    console.log(`${saved.queries} queries over ${saved.db}; ${saved.machine ?? "machine not recorded"}\n`);
    console.log(markdown(saved.results, saved.skipped));
    return;
  }
  const db = arg("db");
  const queriesPath = arg("queries");
  const engines = arg("engines", ENGINES.join(",")).split(",");
  const warmup = Number(arg("warmup", "100"));
  const minisearchMax = Number(arg("minisearch-max", String(MINISEARCH_MAX)));
  const subset = process.argv.includes("--subset") ? Number(arg("subset")) : undefined;
  const json = process.argv.includes("--json");
  const pgArgs = ["pg", "pg-fold", "pg-query"].filter((name) => process.argv.includes(`--${name}`));
  const pg: PgTrgmOptions = {
    url: pgArgs.includes("pg") ? arg("pg") : undefined,
    fold: pgArgs.includes("pg-fold") ? (arg("pg-fold") as PgTrgmOptions["fold"]) : undefined,
    query: pgArgs.includes("pg-query") ? (arg("pg-query") as PgTrgmOptions["query"]) : undefined,
  };
  for (const name of engines)
    if (!(ENGINES as readonly string[]).includes(name))
      throw new Error(`unknown engine "${name}" (known: ${ENGINES.join(", ")})`);

  if (process.argv.includes("--child")) {
    // One engine, in this process; the parent reads one JSON line.
    const engine = createEngine(engines[0], minisearchMax, pg);
    try {
      const result = await runEngine(engine, db, readQueries(queriesPath), warmup, subset);
      console.log(JSON.stringify(result));
    } catch (error) {
      console.error(`${engines[0]}: ${(error as Error).message}`);
      process.exit(EXIT_SKIPPED);
    }
    return;
  }

  const queries = readQueries(queriesPath);
  const results: EngineFigures[] = [];
  const skipped: string[] = [];
  const self = fileURLToPath(import.meta.url);
  for (const name of engines) {
    const childArgs = [
      "--expose-gc",
      self,
      "--db",
      db,
      "--queries",
      queriesPath,
      "--engines",
      name,
      "--warmup",
      String(warmup),
      "--child",
    ];
    childArgs.push("--minisearch-max", String(minisearchMax));
    if (subset !== undefined) childArgs.push("--subset", String(subset));
    for (const name of pgArgs) childArgs.push(`--${name}`, arg(name));
    const child = spawnSync(process.execPath, childArgs, { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    if (child.status === 0) {
      results.push(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as EngineFigures);
      if (!json) console.error(`${name}: done`);
    } else {
      const line = child.stderr.trim().split("\n").at(-1) ?? `exit ${child.status}`;
      skipped.push(line);
      console.error(`skipped ${line}`);
    }
  }
  const machine = `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadavg()[0].toFixed(2)} at the end`;
  if (json) {
    console.log(JSON.stringify({ db, queries: queries.length, machine, results, skipped }));
    return;
  }
  console.log(`${queries.length} queries (${queriesPath}) over ${db}; ${machine}\n`);
  console.log(markdown(results, skipped));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: Error) => {
    console.error(`search.bench: ${error.message}`);
    process.exit(1);
  });
}
