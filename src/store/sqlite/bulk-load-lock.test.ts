import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { BulkLoadLock, bulkLockPath } from "./bulk-load-lock.js";

const CHILD = fileURLToPath(new URL("./child-writer.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-lock-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the lock is held once: a second connection of the same process is refused, a read-only look sees it, release frees it", () => {
  const store = join(dir, "same-process.db");
  assert.equal(BulkLoadLock.isHeld(store), false, "no lock file yet: nobody holds it");
  const first = BulkLoadLock.tryAcquire(store);
  assert.ok(first);
  assert.equal(BulkLoadLock.tryAcquire(store), null, "a second connection in the same process");
  assert.equal(BulkLoadLock.isHeld(store), true);
  // Looking opened and closed connections to the file: the holder's lock must survive that.
  assert.equal(BulkLoadLock.tryAcquire(store), null);
  first.release();
  assert.equal(BulkLoadLock.isHeld(store), false);
  const again = BulkLoadLock.tryAcquire(store);
  assert.ok(again);
  again.release();
  again.release();
  assert.equal(statSync(bulkLockPath(store)).size, 0, "the transaction writes nothing: no journal to recover, ever");
});

test("in-memory stores have nobody to exclude", () => {
  const a = BulkLoadLock.tryAcquire(":memory:");
  const b = BulkLoadLock.tryAcquire(":memory:");
  assert.ok(a && b);
  assert.equal(BulkLoadLock.isHeld(":memory:"), false);
});

test("the OS releases the lock of a loader killed with SIGKILL", async () => {
  const store = join(dir, "killed.db");
  const child = spawn(process.execPath, [CHILD, "hold-bulk", store, "10"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (s: string) => s.startsWith("holding") && resolve());
    child.on("exit", () => reject(new Error(`the loader exited before holding: ${stderr}`)));
  });
  assert.equal(BulkLoadLock.isHeld(store), true);
  assert.equal(BulkLoadLock.tryAcquire(store), null, "held by another process");
  const exited = new Promise((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  child.kill("SIGKILL");
  assert.equal(await exited, "SIGKILL");
  assert.equal(BulkLoadLock.isHeld(store), false, "released by the kernel with the process");
  const taken = BulkLoadLock.tryAcquire(store);
  assert.ok(taken);
  taken.release();
});
