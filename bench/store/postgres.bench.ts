/**
 * The PostgreSQL store beside the SQLite store on the same generated rows (issue 18): import rate
 * through `importBatch` (batches of --batch rows), through the bulk load (`beginBulkLoad` +
 * `loadRows` + `endBulkLoad`: COPY for PostgreSQL, deferred indexes for both), and point reads by
 * code (`get`, one round trip each; `getMany` of 100). PostgreSQL runs in a throwaway cluster
 * (src/testing/postgres.ts: fsync off, as a benchmark's server) on the loopback.
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/store/postgres.bench.js [--records 200000] [--runs 3] [--batch 20000]
 *
 * Seeded PRNG (same rows every run), rows generated outside the timed sections, medians over
 * --runs. CPU is this process's (user + system) and, for PostgreSQL, the server's backends' (read
 * from /proc for the postmaster's children), so a busy machine shows as wall time above CPU time.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Random } from "../../src/common/random.js";
import type { AddressData } from "../../src/domain/record.js";
import type { BulkLoader } from "../../src/store/bulk-load.js";
import { loadRowsOf } from "../../src/store/load-rows.js";
import { openPostgresStore } from "../../src/store/postgres/postgres-store.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { ImportRow, Store } from "../../src/store/store.js";
import { TestPostgres } from "../../src/testing/postgres.js";
import { loadRegistry } from "../../src/units/registry.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const RECORDS = arg("records", 200_000);
const RUNS = arg("runs", 3);
const BATCH = arg("batch", 20_000);
const READS = arg("reads", 20_000);
const PER_COMMUNE = 2_500;

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const communes = loadRegistry().list("new", "ward");
const STREETS = ["Phố Quán Thánh", "Đường Lê Lợi", "Đường Nguyễn Trãi", "Quốc lộ 1A", "Phố Huế"];

/** The synthetic survey, commune by commune as survey files come (bench/store/store.bench.ts's shape). */
function makeRows(n: number): ImportRow[] {
  return Array.from({ length: n }, (_, i) => {
    const c = new Random(Math.floor(i / PER_COMMUNE) + 1);
    const commune = communes[Math.floor(c.next() * communes.length)];
    const lat = 8.6 + c.next() * 14.5;
    const lon = 103.2 + c.next() * 6.2;
    const r = new Random(i * 7 + 3);
    const data: AddressData = {
      kind: "household",
      name: null,
      parts: {
        houseNumber: String(1 + Math.floor(r.next() * 400)),
        street: STREETS[Math.floor(r.next() * STREETS.length)],
      },
      new: { province: commune.provinceCode, commune: commune.code },
      old: null,
      location: {
        lat: lat + (r.next() - 0.5) * 0.03,
        lon: lon + (r.next() - 0.5) * 0.03,
        accuracyM: 5,
        source: "survey-phone",
      },
      owner:
        r.next() < 0.6
          ? { name: "Nguyễn Văn An", phone: `09${String(Math.floor(r.next() * 1e8)).padStart(8, "0")}` }
          : null,
    };
    return { externalId: `e${i}`, data, surveyor: "team-1", issues: [] };
  });
}

/** CPU seconds of the server's processes (the postmaster's children), or 0 without a server. */
function serverCpu(server: TestPostgres | null): number {
  if (!server) return 0;
  const postmaster = Number(
    readFileSync(join(server.cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0],
  );
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
        .replace(/^.*\) /, "")
        .split(" ");
      if (Number(fields[1]) === postmaster || Number(pid) === postmaster)
        ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks / 100;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

interface Phase {
  wall: number;
  cpu: number;
  server: number;
}

async function timed(server: TestPostgres | null, work: () => Promise<void>): Promise<Phase> {
  const t0 = performance.now();
  const c0 = cpuNow();
  const s0 = serverCpu(server);
  await work();
  return { wall: (performance.now() - t0) / 1000, cpu: cpuNow() - c0, server: serverCpu(server) - s0 };
}

let sink = 0;

async function runOnce(
  open: () => Promise<Store & BulkLoader>,
  server: TestPostgres | null,
  rows: ImportRow[],
) {
  const who = { actor: "bench", reason: "bench" };
  // importBatch, batch by batch.
  let store = await open();
  const batches = await timed(server, async () => {
    for (let from = 0; from < rows.length; from += BATCH)
      await store.importBatch("bench", rows.slice(from, from + BATCH), who);
  });
  const codes: string[] = [];
  for (let after: string | null = null; ; ) {
    const page = await store.scan(after, 50_000);
    for (const r of page.items) codes.push(r.code);
    after = page.next;
    if (after === null) break;
  }
  const r = new Random(11);
  const picks = Array.from({ length: READS }, () => codes[Math.floor(r.next() * codes.length)]);
  for (const code of picks.slice(0, 1000)) sink += (await store.get(code))?.version ?? 0; // warm-up
  const reads = await timed(server, async () => {
    for (const code of picks) sink += (await store.get(code))?.version ?? 0;
  });
  const many = await timed(server, async () => {
    for (let k = 0; k < picks.length; k += 100)
      for (const x of await store.getMany(picks.slice(k, k + 100))) sink += x?.version ?? 0;
  });
  await store.close();
  // The bulk load into a new, empty store.
  store = await open();
  const bulk = await timed(server, async () => {
    await store.beginBulkLoad(rows.length);
    for (let from = 0; from < rows.length; from += BATCH)
      await store.loadRows("bench", loadRowsOf(rows.slice(from, from + BATCH)), who);
    await store.endBulkLoad();
  });
  await store.close();
  return { batches, bulk, reads, many };
}

async function main(): Promise<void> {
  const rows = makeRows(RECORDS);
  const server = await TestPostgres.start();
  const url = await server.newDatabase("bench");
  let n = 0;
  const dir = tmpdir();
  const backends: { name: string; server: TestPostgres | null; open: () => Promise<Store & BulkLoader> }[] = [
    {
      name: "sqlite",
      server: null,
      open: async () => openSqliteStore(join(dir, `pg-bench-${process.pid}-${++n}.db`), { cacheMiB: 256 }),
    },
    { name: "postgres", server, open: () => openPostgresStore(url, { schema: `bench_${++n}` }) },
  ];
  console.log(
    `${RECORDS} rows, batches of ${BATCH}, ${READS} reads, ${RUNS} runs; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  try {
    for (const backend of backends) {
      const runs: Awaited<ReturnType<typeof runOnce>>[] = [];
      for (let k = 0; k < RUNS; k++) runs.push(await runOnce(backend.open, backend.server, rows));
      const show = (label: string, pick: (x: (typeof runs)[number]) => Phase, count: number) => {
        const wall = median(runs.map((x) => pick(x).wall));
        const cpu = median(runs.map((x) => pick(x).cpu));
        const srv = median(runs.map((x) => pick(x).server));
        console.log(
          `${backend.name.padEnd(9)} ${label.padEnd(22)} ${Math.round(count / wall)
            .toLocaleString("en")
            .padStart(
              9,
            )}/s   wall ${wall.toFixed(2)} s, node CPU ${cpu.toFixed(2)} s${backend.server ? `, server CPU ${srv.toFixed(2)} s` : ""}`,
        );
      };
      show("importBatch rows", (x) => x.batches, RECORDS);
      show("bulk load rows", (x) => x.bulk, RECORDS);
      show("get (point read)", (x) => x.reads, READS);
      show("getMany(100) records", (x) => x.many, READS);
    }
  } finally {
    await server.stop();
    for (const f of readdirSync(dir).filter((f) => f.startsWith(`pg-bench-${process.pid}-`)))
      rmSync(join(dir, f), { force: true });
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}; sink ${sink}`,
  );
}

await main();
