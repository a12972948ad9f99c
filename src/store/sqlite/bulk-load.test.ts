import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { runBulkLoadContract, sampleAt, sampleData } from "../contract.js";
import type { ImportRow } from "../store.js";
import { BulkLoadLock } from "./bulk-load-lock.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-bulk-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const who = { actor: "import", reason: "bulk test", promoteComplete: true };

let stores = 0;
runBulkLoadContract({ name: "sqlite (file)", newLocation: () => join(dir, `contract-${++stores}.db`), open: (path) => openSqliteStore(path) });

/** `n` rows from `from`; every third one in the same cell as the row before it (flats of a building). */
const rows = (n: number, from = 0): ImportRow[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return { externalId: `r${i}`, data: sampleAt(i % 3 === 2 ? i - 1 : i), issues: [] };
  });

function schemaOf(path: string): string[] {
  const db = new Database(path, { readonly: true });
  // Statistics tables (PRAGMA optimize) aside.
  const sql = db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name").all().map((r) => JSON.stringify(r));
  db.close();
  return sql;
}

function codesOf(path: string): { codes: string[]; integrity: string } {
  const db = new Database(path, { readonly: true });
  const codes = db.prepare("SELECT code FROM records").pluck().all() as string[];
  const integrity = db.pragma("integrity_check", { simple: true }) as string;
  db.close();
  return { codes, integrity };
}

test("a bulk load into an empty store: same codes as row by row, other writers and loads refused meanwhile, same schema after", async () => {
  const plainPath = join(dir, "plain.db");
  const plain = openSqliteStore(plainPath);
  const expected = await plain.importBatch("b", rows(300), who);
  await plain.close();

  const path = join(dir, "bulk.db");
  const store = openSqliteStore(path);
  assert.equal(await store.beginBulkLoad(1000), false, "too small to be worth it");
  assert.equal(await store.beginBulkLoad(1_000_000), true);
  assert.equal((await store.bulkLoadState())?.expectedRows, 1_000_000);
  // What a new connection finds in the file: "delete" is any rollback journal (only WAL is kept in the file).
  const journal = (): string => {
    const db = new Database(path, { readonly: true });
    const mode = db.pragma("journal_mode", { simple: true }) as string;
    db.close();
    return mode;
  };
  assert.equal(journal(), "delete", "a rollback journal while loading: appended pages are not copied");
  const other = openSqliteStore(path);
  assert.equal(journal(), "delete", "a store opened meanwhile leaves the load's journal");
  const running = new RegExp(`bulk load started at \\S+Z by process ${process.pid} is running`);
  await assert.rejects(other.create({ data: sampleData() }, { actor: "t" }), { name: "StoreBusyError", message: running });
  await assert.rejects(other.importBatch("x", rows(1), who), { name: "StoreBusyError", message: /writes are refused until it ends/ });
  // The lock holds against a second store object of the same process, not only against other processes.
  await assert.rejects(other.beginBulkLoad(1_000_000), { name: "StoreBusyError", message: /one bulk load at a time/ });
  await assert.rejects(other.beginBulkLoad(10), { name: "StoreBusyError" }, "a load announced refuses even a small import's begin");
  assert.equal((await other.bulkLoadState())?.running, true);
  await assert.rejects(store.create({ data: sampleData() }, { actor: "t" }), { name: "StoreBusyError" }, "only imports, even from the loader");
  const first = await store.importBatch("b", rows(150), who);
  const second = await store.importBatch("b", rows(150, 150), who);
  assert.deepEqual([...first, ...second], expected, "the same outcomes and codes as a load with every index");
  const code7 = (expected[7] as { code: string }).code;
  assert.equal((await other.get(code7))?.code, code7, "reads work meanwhile");
  await store.endBulkLoad();
  assert.equal(await store.bulkLoadState(), null);
  assert.equal(journal(), "wal", "WAL again once the load ends");
  await other.create({ data: sampleAt(9999) }, { actor: "t" });
  await store.close();
  await other.close();
  assert.deepEqual(schemaOf(path), schemaOf(plainPath));
  const { codes, integrity } = codesOf(path);
  assert.equal(integrity, "ok");
  assert.equal(new Set(codes).size, codes.length);
  assert.ok(codes.some((c) => c.length > 10), "same-cell rows got unit suffixes");
});

test("an interrupted bulk load is resumed by beginning again: no duplicate code, units continue, indexes rebuilt", async () => {
  const path = join(dir, "resume.db");
  // Rows stored before the load, in the cells the load uses too.
  const before = openSqliteStore(path);
  await before.importBatch("old", rows(30), who);
  await before.close();

  const loader = openSqliteStore(path);
  assert.equal(await loader.beginBulkLoad(200_000), true);
  const part = await loader.importBatch("new", rows(60), who);
  assert.ok(part.every((o) => o.outcome === "created"));
  const abandoned = await loader.bulkLoadState();
  await loader.close(); // the process dies here: endBulkLoad never runs
  // A file left with a rollback journal and no load announced: the next store to open restores WAL.
  const stray = join(dir, "stray.db");
  openSqliteStore(stray).close();
  const legacy = new Database(stray);
  legacy.pragma("journal_mode = delete");
  legacy.close();
  openSqliteStore(stray).close();
  const strayDb = new Database(stray, { readonly: true });
  assert.equal(strayDb.pragma("journal_mode", { simple: true }), "wal");
  strayDb.close();

  const next = openSqliteStore(path);
  assert.equal((await next.bulkLoadState())?.running, false, "nobody holds the lock: abandoned");
  assert.equal(await next.beginBulkLoad(10), true, "an interrupted load resumes whatever the size");
  assert.deepEqual((await next.bulkLoadState())?.resumed, { startedAt: abandoned?.startedAt, pid: process.pid });
  const again = await next.importBatch("new", rows(120), who);
  assert.deepEqual(again.slice(0, 60).map((o) => o.outcome), new Array(60).fill("unchanged"));
  assert.deepEqual(again.slice(60).map((o) => o.outcome), new Array(60).fill("created"));
  await next.endBulkLoad();
  await next.create({ data: sampleAt(5) }, { actor: "t" }); // a taken cell: the next unit, from the counters the load kept
  await next.close();
  const { codes, integrity } = codesOf(path);
  assert.equal(integrity, "ok");
  assert.equal(codes.length, 30 + 120 + 1);
  assert.equal(new Set(codes).size, codes.length, "every code unique (the unique index was rebuilt too)");
});

test("a write that meets an abandoned bulk load finishes it first: indexes rebuilt, WAL back, then the write", async () => {
  const path = join(dir, "abandoned.db");
  const loader = openSqliteStore(path);
  assert.equal(await loader.beginBulkLoad(200_000), true);
  await loader.importBatch("b", rows(90), who);
  await loader.close(); // killed: the marker stays, the lock goes with the process
  const notices: string[] = [];
  const writer = openSqliteStore(path, { onNotice: (message) => notices.push(message) });
  const created = await writer.create({ data: sampleAt(1) }, { actor: "t" }); // a taken cell (rows 1 and 2): needs the counters
  assert.equal(await writer.bulkLoadState(), null);
  assert.equal(notices.length, 1);
  assert.match(notices[0], new RegExp(`finishing the bulk load that process ${process.pid} started at \\S+ and did not end`));
  await writer.close();
  const plain = join(dir, "abandoned-plain.db");
  openSqliteStore(plain).close();
  assert.deepEqual(schemaOf(path), schemaOf(plain), "the deferred indexes are back");
  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
  db.close();
  const { codes, integrity } = codesOf(path);
  assert.equal(integrity, "ok");
  assert.equal(codes.length, 91);
  assert.equal(new Set(codes).size, 91);
  assert.ok(created.code.length > 10, "the new record in a taken cell got the next unit");
});

test("a store whose records share a code (damaged before loads were locked) cannot end its load: one error naming the count, no record changed", async () => {
  const path = join(dir, "damaged.db");
  const loader = openSqliteStore(path);
  assert.equal(await loader.beginBulkLoad(200_000), true);
  await loader.importBatch("b", rows(10), who);
  await loader.close();
  // What two unlocked loads did: the same code handed out twice, with the unique index dropped.
  const db = new Database(path);
  db.exec("UPDATE records SET code = (SELECT code FROM records WHERE id = 1) WHERE id IN (2, 3)");
  db.close();
  const recordsOf = () => {
    const reader = new Database(path, { readonly: true });
    const all = JSON.stringify([reader.prepare("SELECT * FROM records ORDER BY id").all(), reader.prepare("SELECT * FROM revisions ORDER BY seq").all()]);
    reader.close();
    return all;
  };
  const before = recordsOf();
  const writer = openSqliteStore(path);
  await assert.rejects(writer.create({ data: sampleAt(500) }, { actor: "t" }), {
    name: "DuplicateError",
    message: /the bulk load cannot end: 1 codes are each held by more than one record/,
  });
  await writer.close();
  assert.equal(recordsOf(), before);
  assert.equal(codesOf(path).integrity, "ok");
});

test("a load that finds the lock held with no live loader named waits a moment for it, and then says who holds what", async () => {
  const path = join(dir, "starting.db");
  openSqliteStore(path).close();
  // The moment a loader has the lock but has not yet named itself in the store.
  const starting = BulkLoadLock.tryAcquire(path)!;
  setTimeout(() => starting.release(), 300);
  const store = openSqliteStore(path);
  assert.equal(await store.beginBulkLoad(200_000), true, "the lock came free within the wait");
  await store.endBulkLoad();
  const silent = BulkLoadLock.tryAcquire(path)!;
  const started = Date.now();
  await assert.rejects(store.beginBulkLoad(200_000), {
    name: "StoreBusyError",
    message: new RegExp(`another process holds the bulk-load lock ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.bulk-lock \\(starting or ending a load\\)`),
  });
  assert.ok(Date.now() - started < 10_000, "a bounded wait");
  silent.release();
  await store.close();
});
