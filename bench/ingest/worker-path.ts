/**
 * The import worker's per-row path (src/ingest/worker.ts) on the main thread, without a store:
 * readRows → cleanRow + extraOf → mapRow → the worker's findings loop, with the context the worker
 * builds. Not included: encoding the rows for the writer (ingest/encoded-rows.ts) and what the
 * writer finishes (the citizen-ID hashes, the content hashes). Prints the rows,
 * the CPU µs per row (process.cpuUsage: user + system, all threads, GC included) and, with
 * --digest, a SHA-256 of every output in order (the JSON of each MappedRow, and each rejected
 * row's cleaned fields), to show that a change keeps the results.
 *
 * Usage: node dist/bench/ingest/worker-path.js FILE [--digest] [--stats] [--runs N] [--chunk ROWS]
 *   --digest  hash the outputs (costs time: the CPU figure of such a run is not the path's)
 *   --stats   print the unit resolver's look-ups and cache misses
 *   --runs N  repeat the whole file N times in fresh contexts and print the median (default 1);
 *             on a shared machine prefer separate processes: the first run is the import's case
 *   --chunk   rows per worker chunk: what the worker keeps until it posts (default 20,000)
 *
 * Test files: `node dist/src/cli/main.js generate --count 200000 --seed 7 --out s200k.csv`.
 */
import { createHash, type Hash } from "node:crypto";
import { RuleEngine } from "../../src/rules/evaluate.js";
import { loadBoundaries } from "../../src/units/boundaries.js";
import { loadRegistry } from "../../src/units/registry.js";
import { DuplicateIndex } from "../../src/ingest/dedupe.js";
import { CleaningNotes, cleanRow, extraOf, mapRow } from "../../src/ingest/map-row.js";
import { readRows } from "../../src/ingest/readers.js";
import { UnitResolver } from "../../src/ingest/resolve-units.js";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
if (!file) throw new Error("usage: worker-path.js FILE [--digest] [--stats] [--runs N] [--chunk ROWS]");
const digest = args.includes("--digest");
const runs = Number(option("--runs") ?? 1);
const chunkRows = Number(option("--chunk") ?? 20_000);

function option(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

// Loaded once per process, as the worker does once per import.
const registry = loadRegistry();
const boundaries = loadBoundaries();
boundaries.loadGeometry();

interface RunResult {
  rows: number;
  accepted: number;
  rejected: number;
  cpuUs: number;
  wallMs: number;
  digest: string | null;
  cache: UnitResolver["stats"];
  /** Kept so that the heap figure of --stats includes the caches and the duplicate index. */
  context: unknown;
}

async function run(): Promise<RunResult> {
  const ctx = {
    resolver: new UnitResolver(registry),
    boundaries,
    rules: new RuleEngine(),
    // As in the worker: the citizen-ID hashes are the writer's (encoded-rows.ts fillCitizenIdHashes).
    piiKey: null,
    duplicates: new DuplicateIndex(1 << 20),
  };
  const hash: Hash | null = digest ? createHash("sha256") : null;
  const notes = new CleaningNotes();
  // The worker encodes each row into its chunk at once (ingest/encoded-rows.ts) and keeps only the
  // rejects and the findings summary as objects until the chunk is full: so does this.
  let kept: unknown[] = [];
  let chunk = 0;
  let warnings: Record<string, number> = {};
  let read = 0;
  let accepted = 0;
  let rejected = 0;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const { rows } = readRows(file!, "csv");
  for await (const batch of rows)
    for (const raw of batch) {
      read++;
      if ("error" in raw) {
        rejected++;
        kept.push({ line: raw.line, reason: "malformed", message: raw.error, fields: null });
        chunk++;
        hash?.update(`E${raw.line}:${raw.error}\n`);
      } else if ("fields" in raw) {
        const row = cleanRow(raw.fields, notes);
        const mapped = mapRow(row, ctx, extraOf(raw.fields, notes), notes);
        chunk++;
        if (!mapped.ok) {
          rejected++;
          kept.push({ line: raw.line, reason: mapped.reason, message: mapped.message, fields: row });
          hash?.update(`R${raw.line}:${JSON.stringify(row)}\n`);
        } else {
          accepted++;
          // The worker's findings loop.
          let failed = "";
          for (const f of mapped.findings) {
            if (f.severity === "error") failed = failed === "" ? f.rule : `${failed},${f.rule}`;
            else warnings[f.rule] = (warnings[f.rule] ?? 0) + 1;
          }
          kept.push(failed);
        }
        hash?.update(`${raw.line}:${JSON.stringify(mapped)}\n`);
      }
      if (chunk >= chunkRows) {
        chunk = 0;
        kept = [];
        warnings = {};
      }
    }
  const used = process.cpuUsage(cpu);
  return {
    rows: read,
    accepted,
    rejected,
    cpuUs: used.user + used.system,
    wallMs: performance.now() - wall,
    digest: hash ? hash.digest("hex") : null,
    cache: ctx.resolver.stats,
    context: ctx,
  };
}

const results: RunResult[] = [];
for (let i = 0; i < runs; i++) {
  const r = await run();
  results.push(r);
  console.log(
    `run ${i + 1}: ${r.rows} rows (${r.accepted} accepted, ${r.rejected} rejected), ` +
      `${(r.cpuUs / r.rows).toFixed(2)} µs CPU/row, ${(r.wallMs / 1000).toFixed(2)} s wall` +
      (r.digest ? `, digest ${r.digest}` : ""),
  );
  if (args.includes("--stats")) {
    console.log(`  unit resolver look-ups and misses: ${JSON.stringify(r.cache)}`);
    globalThis.gc?.(); // with node --expose-gc: the heap that stays (caches, duplicate index)
    console.log(`  heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  }
}
const perRow = results.map((r) => r.cpuUs / r.rows).sort((a, b) => a - b);
console.log(`median: ${perRow[Math.floor(perRow.length / 2)].toFixed(2)} µs CPU/row over ${runs} run(s)`);
