/**
 * The time to queue the outbox for a large store, two ways, on `--records` complete records:
 *
 *   npx tsc -p . && node dist/bench/notify/queue.bench.js [--records 1000000] [--rounds 2]
 *
 * - as records become complete: an import (`importBatch`, 50,000 rows a call, every row promoted
 *   to complete) with the queueing triggers, beside the same import with them dropped (the peer:
 *   the same store without an outbox); the difference is what queueing costs in the write path;
 * - all at once: migration 6 on a store made before the outbox (its tables and triggers dropped,
 *   `user_version` 5), which queues every complete record in one INSERT … SELECT.
 * Rounds alternate the two imports (A/B, which goes first alternating too) after an untimed warm-up
 * import; medians are printed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sampleData } from "../../src/store/contract/samples.js";
import type { ImportRow } from "../../src/store/store.js";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { arg, runBench } from "../args.js";
import { median } from "../median.js";

let records = Number(arg("records", "1000000"));
const rounds = Number(arg("rounds", "2"));
const BATCH = 50_000;

/** `n` rows from `from` on, each in its own cell of a 1,000-wide grid of ≈ 5 m steps (1 M rows stay inside Vietnam). */
function gridRows(n: number, from: number): ImportRow[] {
  const base = sampleData();
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const location = { ...base.location, lat: base.location.lat + Math.floor(i / 1000) * 0.00005, lon: base.location.lon + (i % 1000) * 0.00005 };
    return { externalId: `row-${i}`, data: { ...base, location }, surveyor: "team-1" };
  });
}
const dir = mkdtempSync(join(tmpdir(), "diachiso-bench-queue-"));
let stores = 0;

const TRIGGERS = ["records_queue_created", "records_queue_completed", "records_supersede_notification", "notifications_count_new", "notifications_count_moved"];

async function timeImport(withOutbox: boolean): Promise<{ seconds: number; path: string }> {
  const path = join(dir, `s${++stores}.db`);
  openSqliteStore(path).close();
  if (!withOutbox) {
    const db = new Database(path);
    for (const name of TRIGGERS) db.exec(`DROP TRIGGER ${name}`);
    db.close();
  }
  const store = openSqliteStore(path, { cacheMiB: 256 });
  const started = performance.now();
  for (let from = 0; from < records; from += BATCH) {
    await store.importBatch("bench", gridRows(Math.min(BATCH, records - from), from), { actor: "bench", promoteComplete: true });
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return { seconds, path };
}

/** Makes the store one from before the outbox, then times opening it (migration 6 and its backfill). */
function timeBackfill(path: string): { seconds: number; queued: number } {
  const db = new Database(path);
  for (const name of TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  db.exec("DROP TABLE notifications; DROP TABLE notification_counts");
  db.pragma("user_version = 5");
  db.close();
  const started = performance.now();
  const store = openSqliteStore(path, { cacheMiB: 256 });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  const check = new Database(path, { readonly: true });
  const queued = (check.prepare("SELECT count(*) AS n FROM notifications").get() as { n: number }).n;
  check.close();
  return { seconds, queued };
}

await runBench("queue.bench", async () => {
  process.stdout.write(`queue bench: ${records} records, ${rounds} rounds, ${cpus().length} cores, Node ${process.version}\n`);
  const withOutbox: number[] = [];
  const without: number[] = [];
  const backfills: number[] = [];
  // A warm-up import, untimed: the first import of a process pays for compiling the write path.
  const savedRecords = records;
  records = Math.min(records, 50_000);
  rmSync((await timeImport(true)).path, { force: true });
  records = savedRecords;
  for (let round = 0; round < rounds; round++) {
    // Which goes first alternates, so that a drift of the machine's load hits both alike.
    const first = round % 2 === 0;
    const a = first ? await timeImport(true) : null;
    const b = await timeImport(false);
    const a2 = a ?? (await timeImport(true));
    withOutbox.push(a2.seconds);
    rmSync(a2.path, { force: true });
    without.push(b.seconds);
    const backfill = timeBackfill(b.path);
    if (backfill.queued !== records) throw new Error(`backfill queued ${backfill.queued} of ${records}`);
    backfills.push(backfill.seconds);
    rmSync(b.path, { force: true });
    process.stdout.write(`round ${round + 1}: import with outbox ${a2.seconds.toFixed(1)} s, without ${b.seconds.toFixed(1)} s, backfill ${backfill.seconds.toFixed(1)} s\n`);
  }
  const per = (s: number) => ((s / records) * 1e6).toFixed(2);
  const a = median(withOutbox);
  const b = median(without);
  const f = median(backfills);
  process.stdout.write(`import with outbox ${a.toFixed(1)} s (${per(a)} µs/row), without ${b.toFixed(1)} s (${per(b)} µs/row), ratio ${(a / b).toFixed(2)}; queueing ${per(a - b)} µs/record\n`);
  process.stdout.write(`backfill (migration 6) ${f.toFixed(1)} s for ${records} complete records (${per(f)} µs/record); × 7 M: ${((f * 7_000_000) / records).toFixed(0)} s\n`);
  rmSync(dir, { recursive: true, force: true });
});
