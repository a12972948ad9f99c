/**
 * What SQLite itself costs per imported row, with no JavaScript in the loop: the records and their
 * creation revisions of an imported store are copied into a fresh file with `INSERT … SELECT`,
 * 20,000 rows per transaction (as the import commits), under the settings a bulk load can choose
 * between. The floor under any import into this schema on this machine, and the evidence behind the
 * bulk load's choices (docs/store.md): which indexes to defer, which journal, which page size.
 *
 * Usage (from the repository root, after an import, e.g. of the first 4 M rows of the 24 M file):
 *   npx tsc -p . && node dist/bench/ingest/sqlite-floor.js SOURCE.db [--rows 4000000] [--dir /tmp]
 *
 * Prints, per configuration, µs per row over the copy, per million rows (the trend as the table
 * grows), the time to build the deferred indexes afterwards, the file size, and the ratio to the
 * configuration the bulk load uses.
 */
import { rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";

const args = process.argv.slice(2);
const source = args.find((a) => !a.startsWith("--"));
if (!source) throw new Error("usage: sqlite-floor.js SOURCE.db [--rows N] [--dir DIR]");
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const limit = Number(option("--rows") ?? Number.POSITIVE_INFINITY);
const dir = option("--dir") ?? tmpdir();
const STEP = 20_000;

interface Config {
  name: string;
  journal: "wal" | "truncate";
  pageSize: number;
  /** Indexes created after the copy instead of kept during it. */
  deferred: string[];
}

const CONFIGS: Config[] = [
  { name: "WAL, 4 KiB, status/unit index kept", journal: "wal", pageSize: 4096, deferred: ["records_code"] },
  { name: "WAL, 4 KiB, status/unit deferred", journal: "wal", pageSize: 4096, deferred: ["records_code", "records_status_unit"] },
  { name: "rollback journal, 4 KiB, deferred", journal: "truncate", pageSize: 4096, deferred: ["records_code", "records_status_unit"] },
  { name: "rollback journal, 16 KiB, deferred (bulk load)", journal: "truncate", pageSize: 16384, deferred: ["records_code", "records_status_unit"] },
];

function run(config: Config): { usPerRow: number; perMillion: number[]; indexSeconds: number; mib: number; rows: number } {
  const path = join(dir, "diachiso-sqlite-floor.db");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
  const db = new Database(path);
  db.pragma(`page_size = ${config.pageSize}`);
  db.pragma(`journal_mode = ${config.journal}`);
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -262144"); // the import's 256 MiB
  db.exec(`ATTACH '${source!.replaceAll("'", "''")}' AS src`);
  const schema = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM src.sqlite_schema WHERE tbl_name IN ('records', 'revisions') AND sql IS NOT NULL ORDER BY type DESC",
    )
    .all();
  for (const { name, sql } of schema) if (!config.deferred.includes(name)) db.exec(sql);
  const max = Math.min(limit, db.prepare<[], number>("SELECT max(id) FROM src.records").pluck().get() ?? 0);
  const records = db.prepare("INSERT INTO main.records SELECT * FROM src.records WHERE id BETWEEN ? AND ?");
  const revisions = db.prepare("INSERT INTO main.revisions SELECT * FROM src.revisions WHERE record_id BETWEEN ? AND ? AND version = 1");
  const copy = db.transaction((from: number, to: number) => {
    records.run(from, to);
    revisions.run(from, to);
  });
  const perMillion: number[] = [];
  const started = performance.now();
  let mark = started;
  for (let from = 1; from <= max; from += STEP) {
    const to = Math.min(max, from + STEP - 1);
    copy(from, to);
    if (Math.floor(to / 1e6) > Math.floor((from - 1) / 1e6) || to === max) {
      const now = performance.now();
      perMillion.push((now - mark) / Math.max(1, to - (perMillion.length * 1e6)) * 1000);
      mark = now;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  db.pragma("threads = 2");
  db.pragma("temp_store = FILE");
  const indexStarted = performance.now();
  for (const { name, sql } of schema) if (config.deferred.includes(name)) db.exec(sql);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  if (config.journal === "wal") db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const mib = statSync(path).size / 1048576;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
  return { usPerRow: (seconds / max) * 1e6, perMillion, indexSeconds, mib, rows: max };
}

console.log(`# SQLite floor: ${source}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load ${loadavg()[0].toFixed(1)}`);
const results = CONFIGS.map((config) => ({ config, ...run(config) }));
const chosen = results[results.length - 1];
console.log(`| configuration (${chosen.rows.toLocaleString("en-US")} rows) | copy µs/row | µs/row per million | deferred indexes s | total µs/row | MiB | ÷ bulk load |`);
console.log("|---|---:|---|---:|---:|---:|---:|");
for (const r of results) {
  const total = r.usPerRow + (r.indexSeconds / r.rows) * 1e6;
  const chosenTotal = chosen.usPerRow + (chosen.indexSeconds / chosen.rows) * 1e6;
  console.log(
    `| ${r.config.name} | ${r.usPerRow.toFixed(2)} | ${r.perMillion.map((v) => v.toFixed(1)).join(" ")} | ${r.indexSeconds.toFixed(1)} | ${total.toFixed(2)} | ${r.mib.toFixed(0)} | ${(total / chosenTotal).toFixed(2)} |`,
  );
}
