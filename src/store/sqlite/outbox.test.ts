/**
 * The SQLite outbox beyond the contract: a store made before it (the schema v3 fixture) queues its
 * complete records once when migrated, and a write killed inside its transaction leaves records
 * and queue in step.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { openSqliteStore } from "./sqlite-store.js";

const FIXTURE = fileURLToPath(new URL("../../../../test/fixtures/stores/schema-v3.db", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-outbox-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("migrating a store made before the outbox queues each complete record once, counted by unit", async () => {
  const path = join(dir, "v3.db");
  copyFileSync(FIXTURE, path);
  const before = new Database(path, { readonly: true });
  const complete = before.prepare("SELECT code, version, province, commune FROM records WHERE status = 2 ORDER BY id").all() as {
    code: string;
    version: number;
    province: string;
    commune: string;
  }[];
  before.close();
  assert.ok(complete.length > 0, "the fixture holds complete records");
  const store = openSqliteStore(path);
  try {
    const claimed = await store.claimNotifications({ channel: "file", claimant: "t", limit: 1000, leaseMs: 1000 });
    // Claims come in the order they fell due (the record's last change), so compare as sets.
    assert.deepEqual(
      claimed.map((n) => `${n.code}@${n.version}`).sort(),
      complete.map((r) => `${r.code}@${r.version}`).sort(),
    );
    const counted = (await store.notificationCounts()).reduce((sum, c) => sum + c.count, 0);
    assert.equal(counted, complete.length);
    const communes = new Set(complete.map((r) => r.commune));
    assert.deepEqual(new Set((await store.notificationCounts()).map((c) => c.commune)), communes);
  } finally {
    await store.close();
  }
  // Opening again migrates nothing and queues nothing more.
  const again = openSqliteStore(path);
  const counts = await again.notificationCounts();
  assert.equal(counts.reduce((sum, c) => sum + c.count, 0), complete.length);
  await again.close();
});
