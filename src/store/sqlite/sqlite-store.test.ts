import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { runStoreContract, sampleData } from "../contract.js";
import { SCHEMA_VERSION } from "./migrations.js";
import { openSqliteStore } from "./sqlite-store.js";
import { StoreFileError, type StoreFileProblem } from "./store-file.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract({ name: "sqlite (in memory)", createStore: () => openSqliteStore(":memory:") });
// The same contract on a real file: WAL, checkpoints and the file's own pages, as in production.
let files = 0;
runStoreContract({ name: "sqlite (file, WAL)", createStore: () => openSqliteStore(join(dir, `contract-${++files}.db`)) });

test("a store file reopens with its records, in WAL mode, at the current schema version", async () => {
  const path = join(dir, "reopen.db");
  const store = openSqliteStore(path);
  const { code } = await store.create({ data: sampleData() }, { actor: "t" });
  await store.close();
  const again = openSqliteStore(path);
  assert.equal((await again.get(code))?.code, code);
  await again.close();
  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
  assert.equal(db.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  db.close();
});

test("refuses a database written by a newer schema, naming both versions", () => {
  const path = join(dir, "newer.db");
  openSqliteStore(path).close();
  const db = new Database(path);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(() => openSqliteStore(path), new RegExp(`v${SCHEMA_VERSION + 1} is newer than this program's v${SCHEMA_VERSION}`));
});

test("refuses a file that is not an address store", () => {
  const path = join(dir, "other.db");
  const db = new Database(path);
  db.exec("CREATE TABLE t (x)");
  db.close();
  assert.throws(() => openSqliteStore(path), /not a diachiso address store/);
  writeFileSync(join(dir, "text.db"), "hello, this is not sqlite at all, not even close to a header......");
  assert.throws(() => openSqliteStore(join(dir, "text.db")));
});

test("leaves another application's database exactly as it was: same bytes, journal mode not switched to WAL", () => {
  const path = join(dir, "other-app.db");
  const db = new Database(path);
  db.pragma("application_id = 1234");
  db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts (name) VALUES ('a')");
  db.close();
  const bytes = readFileSync(path);
  assert.throws(
    () => openSqliteStore(path),
    (error: unknown) => error instanceof StoreFileError && error.problem === "other-application" && /application_id 1234/.test(error.message),
  );
  assert.deepEqual(readFileSync(path), bytes);
  assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith("other-app.db")), ["other-app.db"]);
});

test("names the path and the problem for a missing folder, a folder, a missing file that must exist and a read-only open of an empty file", () => {
  const cases: [string, Parameters<typeof openSqliteStore>[1], StoreFileProblem][] = [
    [join(dir, "no-such-folder", "a.db"), {}, "no-folder"],
    [dir, {}, "is-folder"],
    [join(dir, "absent.db"), { mustExist: true }, "missing"],
  ];
  writeFileSync(join(dir, "empty.db"), "");
  cases.push([join(dir, "empty.db"), { readonly: true, mustExist: true }, "empty"]);
  for (const [path, options, problem] of cases) {
    assert.throws(
      () => openSqliteStore(path, options),
      (error: unknown) => error instanceof StoreFileError && error.problem === problem && error.message.includes(path),
      `${problem}: ${path}`,
    );
  }
  assert.equal(existsSync(join(dir, "absent.db")), false);
});

test("commune, status and bounding-box queries are served by indexes, not by a table scan", async () => {
  const store = openSqliteStore(":memory:");
  await store.create({ data: sampleData() }, { actor: "t" });
  const plan = (q: Parameters<typeof store.explainQuery>[0]) => store.explainQuery(q).join("\n");
  assert.match(plan({ commune: "00004" }), /records_status_unit/);
  assert.match(plan({ status: "notified" }), /records_status_unit/);
  assert.match(plan({ bbox: { south: 21, west: 105.8, north: 21.1, east: 105.9 } }), /records_code \(code>\? AND code<\?\)/);
  assert.match(plan({ batch: "none" }), /^$/);
  await store.close();
});

test("a read-only store reads a current file and refuses one at another schema version", async () => {
  const path = join(dir, "readonly.db");
  const writer = openSqliteStore(path);
  const { code } = await writer.create({ data: sampleData() }, { actor: "t" });
  await writer.close();
  const reader = openSqliteStore(path, { readonly: true });
  assert.equal((await reader.get(code))?.code, code);
  await assert.rejects(reader.create({ data: sampleData() }, { actor: "t" }), /readonly/);
  await reader.close();
  const db = new Database(path);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  assert.throws(() => openSqliteStore(path, { readonly: true }), new RegExp(`v${SCHEMA_VERSION + 1} is newer than this program's v${SCHEMA_VERSION}`));
  db.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
  db.close();
  assert.throws(() => openSqliteStore(path, { readonly: true }), /is older than this program's .*read-only store cannot be upgraded/);
});

test("opening a schema v1 file adds finding_counts, counted from the stored findings", async () => {
  const path = join(dir, "v1.db");
  const store = openSqliteStore(path);
  await store.create({ data: sampleData({ parts: {} }) }, { actor: "t" });
  await store.create({ data: sampleData({ parts: {}, location: { lat: 21.05, lon: 105.8, accuracyM: 3, source: "survey-phone" } }) }, { actor: "t" });
  const before = await store.findingsByRule();
  await store.close();
  const db = new Database(path);
  // A v1 file had neither finding_counts nor the tables of later migrations (v5: access keys, audit
  // log; v6: the notification outbox, its counts and triggers; v7: owner answers).
  db.exec("DROP TABLE finding_counts; DROP TABLE access_keys; DROP TABLE audit_log; DROP TABLE owner_link_spent; DROP TABLE correction_proposals");
  db.exec("DROP TABLE notifications; DROP TABLE notification_counts");
  for (const { name } of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER ${name}`);
  db.pragma("user_version = 1");
  db.close();
  const again = openSqliteStore(path);
  assert.deepEqual(await again.findingsByRule(), before);
  assert.equal(before[0].count, 2);
  await again.close();
});

test("a writer that waits past the busy timeout gets one StoreBusyError saying nothing was written, and can write once the lock is free", async () => {
  const path = join(dir, "locked.db");
  openSqliteStore(path).close();
  const other = new Database(path);
  other.exec("BEGIN IMMEDIATE"); // another process in the middle of a long write
  const store = openSqliteStore(path, { busyTimeoutMs: 200 });
  const started = Date.now();
  await assert.rejects(store.create({ data: sampleData() }, { actor: "t" }), {
    name: "StoreBusyError",
    message: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: another writer kept the store locked for more than 0.2 s; nothing was written, try again`),
  });
  assert.ok(Date.now() - started >= 200, "it waited for the lock first");
  assert.equal(await store.lastSeq(), 0);
  other.exec("COMMIT");
  other.close();
  await store.create({ data: sampleData() }, { actor: "t" });
  await store.close();
});
