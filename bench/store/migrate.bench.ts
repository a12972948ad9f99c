/**
 * `diachiso migrate` both ways (issue 18): an imported SQLite store copied into a new PostgreSQL
 * database, then that database copied into a new SQLite file, each verified (every table's count
 * and SHA-256, every record read back on both sides). PostgreSQL runs in a throwaway cluster
 * (src/testing/postgres.ts: fsync off, as a benchmark's server) on the loopback.
 *
 * Run from the repository root, on a store made by the CLI:
 *   diachiso generate --count 200000 --seed 11 --out /tmp/s200k.csv
 *   diachiso import /tmp/s200k.csv --db /tmp/s200k.db
 *   npx tsc -p . && node dist/bench/store/migrate.bench.js --source /tmp/s200k.db [--runs 3]
 *
 * Prints, per direction, the median over --runs of: the copy's wall time and rows/s (the target's
 * commit and index builds included), the verification's two parts (the target's tables read back
 * and hashed; every record compared on both sides), this process's CPU and the
 * server's CPU over the whole migration, and the load average before and after.
 */
import { readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { MigrationService, type MigrationReport } from "../../src/services/migrate.js";
import { TestPostgres } from "../../src/testing/postgres.js";
import { arg, runBench } from "../args.js";
import { median } from "../median.js";

const SOURCE = arg("source");
const RUNS = Number(arg("runs", "3"));

interface Run {
  copy: number;
  checksums: number;
  records: number;
  wall: number;
  cpu: number;
  server: number;
  rows: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function measured(server: TestPostgres, from: string, to: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const t0 = performance.now();
  const c0 = cpuNow();
  const s0 = server.serverCpuSeconds();
  const report: MigrationReport = await new MigrationService().migrate(from, to, { env });
  const wall = (performance.now() - t0) / 1000;
  if (!report.same) throw new Error(`${from} → ${to}: the copy differs: ${JSON.stringify(report.tables.filter((t) => !t.same))}`);
  return {
    copy: report.copySeconds,
    checksums: report.checksumSeconds,
    records: report.recordSeconds,
    wall,
    cpu: cpuNow() - c0,
    server: server.serverCpuSeconds() - s0,
    rows: report.rows,
  };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

function line(direction: string, runs: Run[]): string {
  const m = (pick: (r: Run) => number) => median(runs.map(pick));
  return `${direction.padEnd(18)} rows ${runs[0].rows.toLocaleString("en-US")}  copy ${fmt(m((r) => r.copy))} s (${Math.round(
    m((r) => r.rows / r.copy),
  ).toLocaleString("en-US")} rows/s)  target's checksums ${fmt(m((r) => r.checksums))} s  records compared ${fmt(m((r) => r.records))} s  wall ${fmt(m((r) => r.wall))} s  cpu ${fmt(m((r) => r.cpu))} s  server cpu ${fmt(
    m((r) => r.server),
  )} s`;
}

await runBench("migrate.bench", async () => {
  const env = { DIACHISO_PII_KEY: readFileSync(`${SOURCE}.pii-key`, "utf8").trim() };
  const server = await TestPostgres.start();
  const there: Run[] = [];
  const back: Run[] = [];
  try {
    process.stdout.write(`node ${process.version}, ${RUNS} runs, load average before ${load()}\n`);
    for (let run = 1; run <= RUNS; run++) {
      const database = await server.newDatabase("migrate");
      const file = join(tmpdir(), `diachiso-migrate-bench-${process.pid}-${run}.db`);
      try {
        there.push(await measured(server, SOURCE, database, env));
        back.push(await measured(server, database, file, env));
      } finally {
        rmSync(file, { force: true });
        rmSync(`${file}.pii-key`, { force: true });
      }
      process.stdout.write(
        `run ${run}: SQLite → PostgreSQL ${fmt(there[run - 1].wall)} s, PostgreSQL → SQLite ${fmt(back[run - 1].wall)} s, load ${load()}\n`,
      );
    }
  } finally {
    await server.stop();
  }
  process.stdout.write(`${line("SQLite → PostgreSQL", there)}\n${line("PostgreSQL → SQLite", back)}\n`);
  // Rows cross a chunk at a time: the peak stays that of the chunks and the pages compared, whatever the store's size.
  const peak = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`peak resident memory of this process ${Math.round(peak)} MiB; load average after ${load()}\n`);
});
