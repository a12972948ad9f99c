/**
 * The address store beside its peer: a plain SQLite table with no history (one row per address,
 * code as primary key, same pragmas, same prepared-statement-in-big-transactions pattern). What the
 * difference buys: revisions, the change feed, idempotent (batch, external id) upserts, code
 * allocation with unit suffixes, counts kept in the transaction, and the query indexes.
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/store/store.bench.js [--records 1000000] [--runs 3] [--batch 20000] [--dir /tmp]
 *
 * Measures, at the given size: inserts/s through `importBatch` (batches of --batch rows) vs plain
 * INSERTs; point reads by code/s (`store.get`, full record object) vs `SELECT * WHERE code = ?` +
 * JSON.parse; re-import of unchanged rows/s (the idempotent path issue 5 relies on); bytes on disk
 * per million records after a checkpoint; peak RSS. With `sqlite3` on the PATH (skip: --shell 0), also
 * the sqlite3 shell's `.import` of the same rows as CSV into a table with the records columns and
 * the same four indexes (no history, codes made unique by appending the external id; one
 * transaction): the C-only floor for "an equivalent indexed table". Seeded PRNG (same data every run), data
 * generated outside the timed sections, one warm-up read pass, medians over --runs, a sink.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { encode } from "../../src/code/index.js";
import type { AddressData } from "../../src/domain/record.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import type { ImportRow } from "../../src/store/store.js";
import { loadRegistry } from "../../src/units/registry.js";
import { csvLine } from "../../src/common/csv.js";
import { Random } from "../../src/common/random.js";

function arg(name: string, fallback: number | string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : String(fallback);
}
const RECORDS = Number(arg("records", 1_000_000));
const RUNS = Number(arg("runs", 3));
const BATCH = Number(arg("batch", 20_000));
const SHELL = arg("shell", 1) !== "0";
const DIR = arg("dir", tmpdir());
const READS = 100_000;
const PER_COMMUNE = 2_500; // survey files come commune by commune: rows arrive spatially clustered

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const registry = loadRegistry();
const communes = registry.list("new", "ward");
const STREETS = ["Phố Quán Thánh", "Đường Lê Lợi", "Đường Nguyễn Trãi", "Quốc lộ 1A", "Đường 3 Tháng 2", "Phố Huế"];
const NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"];

/** Rows `from … from+n-1` of the synthetic survey: deterministic in the row number. */
function makeRows(from: number, n: number): ImportRow[] {
  const rows: ImportRow[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = from + k;
    const cluster = Math.floor(i / PER_COMMUNE);
    const c = new Random(cluster + 1);
    const commune = communes[Math.floor(c.next() * communes.length)];
    const centreLat = 8.6 + c.next() * 14.5;
    const centreLon = 103.2 + c.next() * 6.2;
    const r = new Random(i * 7 + 3);
    const household = r.next() < 0.85;
    const data: AddressData = {
      kind: household ? "household" : "business",
      name: household ? null : `Cửa hàng ${i}`,
      parts: {
        houseNumber: `${1 + Math.floor(r.next() * 400)}${r.next() < 0.1 ? "A" : ""}`,
        ...(r.next() < 0.3 ? { alleys: [{ type: "ngõ" as const, number: String(1 + Math.floor(r.next() * 200)) }] } : {}),
        street: STREETS[Math.floor(r.next() * STREETS.length)],
      },
      new: { province: commune.provinceCode, commune: commune.code },
      old: null,
      location: { lat: centreLat + (r.next() - 0.5) * 0.03, lon: centreLon + (r.next() - 0.5) * 0.03, accuracyM: 3 + Math.floor(r.next() * 8), source: "survey-phone" },
      owner: r.next() < 0.6 ? { name: NAMES[Math.floor(r.next() * NAMES.length)], phone: `09${String(Math.floor(r.next() * 1e8)).padStart(8, "0")}` } : null,
    };
    rows[k] = { externalId: `e${i}`, data, surveyor: `team-${cluster % 50}`, issues: [] };
  }
  return rows;
}

function sizeOf(path: string): number {
  let total = 0;
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      total += statSync(path + suffix).size;
    } catch {}
  }
  return total;
}
function remove(path: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
}

let sink = 0;

interface Result {
  insertPerS: number;
  /** Rows per second of this process's CPU time (user + system): less sensitive to a busy machine. */
  insertPerCpuS: number;
  lastTenthPerS: number;
  readPerS: number;
  bytesPerMillion: number;
  reimportPerS?: number;
}

async function runOurs(path: string, codesOut: string[]): Promise<Result> {
  remove(path);
  const store = openSqliteStore(path, { cacheMiB: 256 });
  let writeMs = 0;
  let cpuMs = 0;
  let lastTenthMs = 0;
  let lastTenthRows = 0;
  for (let from = 0; from < RECORDS; from += BATCH) {
    const n = Math.min(BATCH, RECORDS - from);
    const rows = makeRows(from, n);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const outcomes = await store.importBatch("bench", rows, { actor: "bench", at: new Date(1_750_000_000_000) });
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuMs += (c.user + c.system) / 1000;
    writeMs += dt;
    if (from >= RECORDS * 0.9) {
      lastTenthMs += dt;
      lastTenthRows += n;
    }
    if (codesOut.length < READS) for (let k = 1; k < outcomes.length; k += 2) codesOut.push((outcomes[k] as { code: string }).code);
  }
  store.checkpointWal();
  const bytes = sizeOf(path);
  // Re-import of unchanged rows: the idempotent path (one IN query per batch + compare, no writes).
  const sample = Math.min(RECORDS, 200_000);
  let reMs = 0;
  for (let from = 0; from < sample; from += BATCH) {
    const rows = makeRows(from, Math.min(BATCH, sample - from));
    const t0 = performance.now();
    const outcomes = await store.importBatch("bench", rows, { actor: "bench" });
    reMs += performance.now() - t0;
    sink += outcomes.length;
  }
  const reads = await readRate(async (code) => (await store.get(code))?.version ?? 0, codesOut);
  await store.close();
  return {
    insertPerS: RECORDS / (writeMs / 1000),
    insertPerCpuS: RECORDS / (cpuMs / 1000),
    lastTenthPerS: lastTenthRows / (lastTenthMs / 1000),
    readPerS: reads,
    bytesPerMillion: (bytes / RECORDS) * 1e6,
    reimportPerS: sample / (reMs / 1000),
  };
}

async function runPeer(path: string, codesOut: string[]): Promise<Result> {
  remove(path);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -262144");
  db.exec(`CREATE TABLE plain (
    code TEXT PRIMARY KEY, kind TEXT, status TEXT, province TEXT, commune TEXT, name TEXT, parts TEXT,
    lat REAL, lon REAL, accuracy REAL, loc_source TEXT, owner TEXT, batch TEXT, external_id TEXT, surveyor TEXT,
    created_at INTEGER, updated_at INTEGER)`);
  const insert = db.prepare("INSERT OR IGNORE INTO plain VALUES (?, ?, 'surveyed', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?)");
  const at = 1_750_000_000_000;
  const write = db.transaction((rows: ImportRow[]) => {
    for (const { data, externalId, surveyor } of rows) {
      insert.run(
        encode(data.location.lat, data.location.lon),
        data.kind,
        data.new.province,
        data.new.commune,
        data.name,
        JSON.stringify(data.parts),
        data.location.lat,
        data.location.lon,
        data.location.accuracyM,
        data.location.source,
        data.owner ? JSON.stringify(data.owner) : null,
        externalId,
        surveyor,
        at,
        at,
      );
    }
  });
  let writeMs = 0;
  let cpuMs = 0;
  let lastTenthMs = 0;
  let lastTenthRows = 0;
  for (let from = 0; from < RECORDS; from += BATCH) {
    const n = Math.min(BATCH, RECORDS - from);
    const rows = makeRows(from, n);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    write(rows);
    const c = process.cpuUsage(c0);
    cpuMs += (c.user + c.system) / 1000;
    if (codesOut.length < READS) {
      for (let k = 1; k < rows.length; k += 2) codesOut.push(encode(rows[k].data.location.lat, rows[k].data.location.lon));
    }
    const dt = performance.now() - t0;
    writeMs += dt;
    if (from >= RECORDS * 0.9) {
      lastTenthMs += dt;
      lastTenthRows += n;
    }
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  const bytes = sizeOf(path);
  const get = db.prepare<[string], { parts: string; owner: string | null }>("SELECT * FROM plain WHERE code = ?");
  const reads = await readRate(async (code) => {
    const row = get.get(code);
    return row ? (JSON.parse(row.parts) as object) && 1 : 0;
  }, codesOut);
  db.close();
  return {
    insertPerS: RECORDS / (writeMs / 1000),
    insertPerCpuS: RECORDS / (cpuMs / 1000),
    lastTenthPerS: lastTenthRows / (lastTenthMs / 1000),
    readPerS: reads,
    bytesPerMillion: (bytes / RECORDS) * 1e6,
  };
}

/**
 * The sqlite3 shell's `.import` of the same rows (serialised as the store serialises them) into a
 * table with the records columns and indexes, without history. Returns rows per CPU-second of the
 * shell (user + system, from bash's `times`) and per wall second, or null without `sqlite3`.
 */
async function runShell(dir: string): Promise<{ perCpuS: number; perS: number } | null> {
  if (spawnSync("sqlite3", ["-version"]).status !== 0) return null;
  const csv = join(dir, `diachiso-bench-shell-${process.pid}.csv`);
  const db = join(dir, `diachiso-bench-shell-${process.pid}.db`);
  remove(db);
  const out = createWriteStream(csv);
  const at = 1_750_000_000_000;
  for (let from = 0; from < RECORDS; from += BATCH) {
    let text = "";
    for (const { externalId, data, surveyor } of makeRows(from, Math.min(BATCH, RECORDS - from))) {
      const { lat, lon } = data.location;
      const row = [
        `${encode(lat, lon)}-${externalId}`, data.kind, 1, 1, data.new.province, data.new.commune, data.old ? JSON.stringify(data.old) : null,
        data.name, JSON.stringify(data.parts), lat, lon, data.location.accuracyM, data.location.source, 0,
        data.owner ? JSON.stringify(data.owner) : null, null, 1, externalId, surveyor, null, null, null, at, at, null,
      ];
      text += csvLine(row.map((value) => (value === null || value === undefined ? "" : String(value))));
    }
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const script = `PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -262144;
CREATE TABLE records (code TEXT NOT NULL, kind TEXT NOT NULL, status INTEGER NOT NULL, version INTEGER NOT NULL,
  province TEXT NOT NULL, commune TEXT NOT NULL, old TEXT, name TEXT, parts TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
  accuracy REAL, loc_source TEXT NOT NULL, tile INTEGER NOT NULL, owner TEXT, extra TEXT, batch_id INTEGER, external_id TEXT,
  surveyor TEXT, issues TEXT, correction TEXT, successor TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, erased_at INTEGER);
CREATE UNIQUE INDEX records_code ON records(code);
CREATE UNIQUE INDEX records_import_key ON records(batch_id, external_id);
CREATE INDEX records_status_unit ON records(status, province, commune);
.mode csv
.import '${csv}' records
`;
  const t0 = performance.now();
  // bash's \`times\` prints the children's user and system time on its second line.
  const run = spawnSync("bash", ["-c", `sqlite3 '${db}' >/dev/null; times`], { input: script, encoding: "utf8" });
  const wallMs = performance.now() - t0;
  rmSync(csv, { force: true });
  remove(db);
  const seconds = (run.stdout.trim().split("\n").pop() ?? "").match(/(\d+)m([\d.]+)s/g)?.map((t) => {
    const [, m, sec] = t.match(/(\d+)m([\d.]+)s/)!;
    return Number(m) * 60 + Number(sec);
  });
  if (run.status !== 0 || !seconds || seconds.length !== 2) throw new Error(`sqlite3 .import failed: ${run.stderr || run.stdout}`);
  return { perCpuS: RECORDS / (seconds[0] + seconds[1]), perS: RECORDS / (wallMs / 1000) };
}

/** Point reads per second over a shuffled sample of existing codes: one warm-up pass, median of 5. */
async function readRate(read: (code: string) => Promise<number>, codes: string[]): Promise<number> {
  const random = new Random(99);
  const order = codes.map((c) => [random.next(), c] as const).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  const pass = async () => {
    const t0 = performance.now();
    for (const code of order) sink += await read(code);
    return order.length / ((performance.now() - t0) / 1000);
  };
  await pass();
  const rates: number[] = [];
  for (let i = 0; i < 5; i++) rates.push(await pass());
  return median(rates);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

console.log(`diachiso store bench: ${fmt(RECORDS)} records, batches of ${fmt(BATCH)}, ${RUNS} run(s)`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
const ours: Result[] = [];
const peers: Result[] = [];
for (let run = 0; run < RUNS; run++) {
  const oursPath = join(DIR, `diachiso-bench-ours-${process.pid}.db`);
  const peerPath = join(DIR, `diachiso-bench-peer-${process.pid}.db`);
  // Alternate the order so that neither always runs on a warmer (or busier) machine.
  if (run % 2 === 0) {
    ours.push(await runOurs(oursPath, []));
    remove(oursPath);
    peers.push(await runPeer(peerPath, []));
  } else {
    peers.push(await runPeer(peerPath, []));
    remove(peerPath);
    ours.push(await runOurs(oursPath, []));
  }
  remove(oursPath);
  remove(peerPath);
  const o = ours[ours.length - 1];
  const p = peers[peers.length - 1];
  console.log(
    `run ${run + 1}: insert ${fmt(o.insertPerS)}/s vs ${fmt(p.insertPerS)}/s (per CPU-s ${fmt(o.insertPerCpuS)} vs ${fmt(p.insertPerCpuS)}); last 10 % ${fmt(o.lastTenthPerS)}/s vs ${fmt(p.lastTenthPerS)}/s; ` +
      `read ${fmt(o.readPerS)}/s vs ${fmt(p.readPerS)}/s; re-import unchanged ${fmt(o.reimportPerS!)}/s; ` +
      `size ${mb(o.bytesPerMillion)} vs ${mb(p.bytesPerMillion)} per million; load ${loadavg()[0].toFixed(1)}`,
  );
}
const m = (list: Result[], key: keyof Result) => median(list.map((r) => r[key] as number));
console.log("\n| measure (median) | diachiso store | plain table | ratio |\n|---|---:|---:|---:|");
console.log(`| inserts/s (batches of ${fmt(BATCH)}) | ${fmt(m(ours, "insertPerS"))} | ${fmt(m(peers, "insertPerS"))} | ${(m(ours, "insertPerS") / m(peers, "insertPerS")).toFixed(2)}× |`);
console.log(`| inserts per CPU-second | ${fmt(m(ours, "insertPerCpuS"))} | ${fmt(m(peers, "insertPerCpuS"))} | ${(m(ours, "insertPerCpuS") / m(peers, "insertPerCpuS")).toFixed(2)}× |`);
console.log(`| inserts/s, last 10 % of the load | ${fmt(m(ours, "lastTenthPerS"))} | ${fmt(m(peers, "lastTenthPerS"))} | ${(m(ours, "lastTenthPerS") / m(peers, "lastTenthPerS")).toFixed(2)}× |`);
console.log(`| point reads by code/s | ${fmt(m(ours, "readPerS"))} | ${fmt(m(peers, "readPerS"))} | ${(m(ours, "readPerS") / m(peers, "readPerS")).toFixed(2)}× |`);
console.log(`| re-import of unchanged rows/s | ${fmt(m(ours, "reimportPerS"))} | — | |`);
console.log(`| size per million records | ${mb(m(ours, "bytesPerMillion"))} | ${mb(m(peers, "bytesPerMillion"))} | ${(m(ours, "bytesPerMillion") / m(peers, "bytesPerMillion")).toFixed(2)}× |`);
const shell = SHELL ? await runShell(DIR) : null;
if (shell) {
  console.log(
    `| sqlite3 shell \`.import\` into the records columns + 4 indexes, rows per CPU-second (wall) | ${fmt(m(ours, "insertPerCpuS"))} | ${fmt(shell.perCpuS)} (${fmt(shell.perS)}/s) | ${(m(ours, "insertPerCpuS") / shell.perCpuS).toFixed(2)}× |`,
  );
}
console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; sink ${sink}`);
