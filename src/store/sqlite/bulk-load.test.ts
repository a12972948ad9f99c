import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { sampleAt, sampleData } from "../contract.js";
import type { ImportRow } from "../store.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-bulk-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const who = { actor: "import", reason: "bulk test", promoteComplete: true };

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

test("a bulk load into an empty store: same codes as row by row, other writers refused meanwhile, same schema after", async () => {
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
  await assert.rejects(other.create({ data: sampleData() }, { actor: "t" }), { name: "StoreBusyError", message: /bulk load started at .* run it again to finish/ });
  await assert.rejects(other.importBatch("x", rows(1), who), { name: "StoreBusyError" });
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
  await assert.rejects(next.create({ data: sampleData() }, { actor: "t" }), { name: "StoreBusyError" });
  assert.equal(await next.beginBulkLoad(10), true, "an interrupted load resumes whatever the size");
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
