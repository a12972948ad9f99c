import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { sampleAt } from "../contract.js";
import { openSqliteStore } from "./sqlite-store.js";

const CHILD = fileURLToPath(new URL("./child-writer.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-crash-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Starts the child; `onLine` sees each stdout line (`latest`: no later line has arrived yet, so
 * the child is still working on what the line announced); resolves with the exit and all lines.
 */
function run(args: string[], onLine: (line: string, kill: () => void, latest: boolean) => void = () => {}) {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let stderr = "";
  let buffer = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      nl = buffer.indexOf("\n");
      onLine(line, () => child.kill("SIGKILL"), nl < 0);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, lines, stderr })),
  );
}

// A bulk load (rollback journal, codes from memory, indexes dropped) must be as safe as the WAL path.
for (const mode of ["import", "bulk-import"] as const)
  test(`a writer killed with SIGKILL in the middle of a batch leaves every batch all there or not at all (${mode})`, async () => {
  const size = 40_000;
  for (const delayMs of [0, 10, 40]) {
    const path = join(dir, `crash-${mode}-${delayMs}.db`);
    let armed = false;
    const result = await run([mode, path, String(size), "50"], (line, kill, latest) => {
      // From the second batch on, at a "begin" no "committed" has followed yet: the child is inside
      // importBatch's transaction (synchronous, ≥ 100 ms for 40,000 rows), so the kill lands in it.
      if (!armed && latest && /^begin [1-9]/.test(line)) {
        armed = true;
        setTimeout(kill, delayMs);
      }
    });
    assert.equal(result.signal, "SIGKILL", `child should be killed, stderr: ${result.stderr}`);
    const committed = result.lines.filter((l) => l.startsWith("committed")).length;
    // The kill must land inside an open batch (its "begin" printed, its "committed" not), or the
    // test would prove nothing.
    assert.match(result.lines[result.lines.length - 1] ?? "", /^begin \d+$/, `killed between batches: ${result.lines.join(", ")}`);
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    const records = (db.prepare("SELECT count(*) AS n FROM records").get() as { n: number }).n;
    const revisions = (db.prepare("SELECT count(*) AS n FROM revisions").get() as { n: number }).n;
    const counted = (db.prepare("SELECT coalesce(sum(n), 0) AS n FROM unit_counts").get() as { n: number }).n;
    db.close();
    assert.equal(records % size, 0, `${records} records is not a whole number of ${size}-row batches (killed after ${delayMs} ms)`);
    assert.ok(records >= committed * size, `${records} records, but ${committed} batches reported committed`);
    assert.ok(records <= (committed + 1) * size);
    assert.equal(revisions, records);
    assert.equal(counted, records);
    // The store opens and writes again after the crash (the journal is recovered); an interrupted
    // bulk load is resumed and ended, and the store is back in WAL mode.
    const store = openSqliteStore(path);
    assert.equal(await store.lastSeq(), records);
    if (mode === "bulk-import") assert.equal(await store.beginBulkLoad(0), true);
    const outcomes = await store.importBatch("crash", [{ externalId: "k0-0", data: (await store.findByExternalId("crash", "k0-0", { withPersonalData: true }))! }], { actor: "t" });
    assert.equal(outcomes[0].outcome, "unchanged");
    await store.endBulkLoad();
    await store.close();
    const reopened = new Database(path, { readonly: true });
    assert.equal(reopened.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(reopened.pragma("integrity_check", { simple: true }), "ok");
    reopened.close();
  }
});

test("two processes allocating codes in the same cell never produce the same code", async () => {
  const path = join(dir, "two-writers.db");
  openSqliteStore(path).close();
  // Both writers print "ready" and wait for the go file, so their allocations really interleave.
  const go = join(dir, "go");
  let ready = 0;
  const onLine = (line: string) => {
    if (line === "ready" && ++ready === 2) writeFileSync(go, "");
  };
  const [a, b] = await Promise.all([run(["allocate", path, "150", "a", go], onLine), run(["allocate", path, "150", "b", go], onLine)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const codes = [...JSON.parse(a.lines[1]), ...JSON.parse(b.lines[1])] as string[];
  assert.equal(codes.length, 300);
  assert.equal(new Set(codes).size, 300);
  assert.equal(new Set(codes.map((c) => c.slice(0, 10))).size, 1);
});

test("two processes answering through the same owner link at once: exactly one confirms, the other finds the link spent", async () => {
  const path = join(dir, "owner-race.db");
  const store = openSqliteStore(path);
  const notified: string[] = [];
  for (let i = 0; i < 6; i++) {
    const { code } = await store.create({ data: sampleAt(i) }, { actor: "t" });
    await store.transition(code, 1, { to: "complete", reason: "checked" }, { actor: "t" });
    await store.transition(code, 2, { to: "notified", reason: "sent" }, { actor: "t" });
    notified.push(code);
  }
  await store.close();
  // Each round: two records, one nonce, two processes released together by the go file.
  for (let round = 0; round < 3; round++) {
    const go = join(dir, `owner-go-${round}`);
    let ready = 0;
    const onLine = (line: string) => {
      if (line === "ready" && ++ready === 2) writeFileSync(go, "");
    };
    const nonce = `race-nonce-${round}`;
    const [a, b] = await Promise.all([
      run(["answer-owner", path, notified[2 * round], nonce, go], onLine),
      run(["answer-owner", path, notified[2 * round + 1], nonce, go], onLine),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual([a.lines[1], b.lines[1]].sort(), ["confirmed", "spent"], `round ${round}`);
  }
  const after = openSqliteStore(path, { readonly: true });
  const statuses = (await after.getMany(notified)).map((r) => r?.status);
  await after.close();
  assert.equal(statuses.filter((s) => s === "confirmed").length, 3);
  assert.equal(statuses.filter((s) => s === "notified").length, 3);
});
