/**
 * The PostgreSQL store with a read replica (issue 18): a primary and a streaming replica of it
 * (src/testing/postgres.ts, `pg_basebackup -R`) on the loopback.
 *
 *   visibility  how long after a write's commit (its `create` resolved) the record is found on the
 *               replica, asked in a tight loop on a connection of its own (resolution: one round trip)
 *   reads       `get` by code through the store (served by the replica) beside its primary view
 *               (served by the primary): the cost of routing, and the replica's speed
 *   primary down  how long a write takes to be refused (StoreUnavailableError, the API's 503), and
 *               the reads' rate meanwhile (answered by the replica)
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/store/replica.bench.js [--writes 300] [--reads 5000] [--runs 3]
 *
 * Seeded samples (src/store/contract), medians over --runs; CPU is this process's (user + system).
 */
import { loadavg } from "node:os";
import pg from "pg";
import { StoreUnavailableError } from "../../src/domain/errors.js";
import { sampleAt } from "../../src/store/contract.js";
import { openPostgresStore } from "../../src/store/postgres/postgres-store.js";
import { TestReplicatedPostgres } from "../../src/testing/postgres.js";
import { arg, runBench } from "../args.js";
import { median, percentile } from "../median.js";

const WRITES = Number(arg("writes", "300"));
const READS = Number(arg("reads", "5000"));
const RUNS = Number(arg("runs", "3"));
const actor = { actor: "replica bench" };

function cpuSeconds(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

/** Reads/s, wall s and CPU s of `reads` calls of `get` over `codes`, in order. */
async function readRate(get: (code: string) => Promise<unknown>, codes: readonly string[], reads: number) {
  const cpu = cpuSeconds();
  const started = performance.now();
  for (let i = 0; i < reads; i++) if ((await get(codes[i % codes.length])) === null) throw new Error("a record is missing");
  const wall = (performance.now() - started) / 1000;
  return { perSecond: reads / wall, wall, cpu: cpuSeconds() - cpu };
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const servers = await TestReplicatedPostgres.start();
  const urls = await servers.newDatabase("bench");
  const store = await openPostgresStore(urls.primary, { readReplicas: [urls.replica], poolSize: 4 });
  await servers.caughtUp(); // the schema the store just made, on the replica too
  const replica = new pg.Client({ connectionString: urls.replica });
  await replica.connect();
  replica.on("error", (e) => console.error("bench replica client:", e.message));
  try {
    const delays: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < WRITES; i++) {
      const made = await store.create({ data: sampleAt(i), surveyor: null }, actor);
      const committed = performance.now();
      codes.push(made.code);
      for (;;) {
        const { rowCount } = await replica.query("SELECT 1 FROM records WHERE code = $1", [made.code]);
        if (rowCount) break;
      }
      delays.push(performance.now() - committed);
    }
    console.log(
      `visibility on the replica after commit, ${WRITES} writes: median ${median(delays).toFixed(2)} ms, p95 ${percentile(delays, 0.95).toFixed(2)} ms, max ${Math.max(...delays).toFixed(2)} ms`,
    );

    const onReplica: Awaited<ReturnType<typeof readRate>>[] = [];
    const onPrimary: Awaited<ReturnType<typeof readRate>>[] = [];
    const primary = store.primaryView();
    // A warm-up of both paths (the JIT, each connection's prepared statements), not counted.
    await readRate((code) => store.get(code), codes, 1000);
    await readRate((code) => primary.get(code), codes, 1000);
    // Each run in turn first, so that neither always meets a warmer (or busier) machine.
    for (let run = 0; run < RUNS; run++) {
      const pair = [
        async () => onReplica.push(await readRate((code) => store.get(code), codes, READS)),
        async () => onPrimary.push(await readRate((code) => primary.get(code), codes, READS)),
      ];
      for (const measure of run % 2 ? pair.reverse() : pair) await measure();
    }
    for (const [name, runs] of [["replica (store)", onReplica], ["primary (primaryView)", onPrimary]] as const)
      console.log(
        `get, ${READS} reads, ${name}: ${median(runs.map((r) => r.perSecond)).toFixed(0)} reads/s (median of ${RUNS}; wall ${median(runs.map((r) => r.wall)).toFixed(2)} s, Node CPU ${median(runs.map((r) => r.cpu)).toFixed(2)} s)`,
      );

    servers.primary.halt();
    try {
      const refusals: number[] = [];
      for (let i = 0; i < 50; i++) {
        const started = performance.now();
        try {
          await store.create({ data: sampleAt(WRITES + i), surveyor: null }, actor);
          throw new Error("a write succeeded with the primary stopped");
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) throw error;
        }
        refusals.push(performance.now() - started);
      }
      const down = await readRate((code) => store.get(code), codes, Math.min(READS, 2000));
      console.log(
        `primary stopped: a write refused in ${median(refusals).toFixed(2)} ms (median of 50, max ${Math.max(...refusals).toFixed(2)} ms); reads ${down.perSecond.toFixed(0)}/s from the replica`,
      );
    } finally {
      servers.primary.resume();
    }
  } finally {
    await replica.end();
    await store.close();
    await servers.stop();
  }
  console.log(`load average (1 min): ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; Node ${process.version}`);
}

await runBench("replica.bench", main);
