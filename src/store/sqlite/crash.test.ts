import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { openSqliteStore } from "./sqlite-store.js";

const CHILD = fileURLToPath(new URL("./child-writer.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-crash-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the child; `onLine` sees each stdout line; resolves with the exit signal/code and all lines. */
function run(args: string[], onLine: (line: string, kill: () => void) => void = () => {}) {
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
      onLine(line, () => child.kill("SIGKILL"));
      nl = buffer.indexOf("\n");
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: string[]; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, lines, stderr })),
  );
}

test("a writer killed with SIGKILL in the middle of a batch leaves every batch all there or not at all", async () => {
  const size = 40_000;
  for (const delayMs of [30, 150, 400]) {
    const path = join(dir, `crash-${delayMs}.db`);
    const result = await run(["import", path, String(size), "50"], (line, kill) => {
      if (line === "begin 2") setTimeout(kill, delayMs);
    });
    assert.equal(result.signal, "SIGKILL", `child should be killed, stderr: ${result.stderr}`);
    const committed = result.lines.filter((l) => l.startsWith("committed")).length;
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
    // The store opens and writes again after the crash (the WAL is recovered).
    const store = openSqliteStore(path);
    assert.equal(await store.lastSeq(), records);
    const outcomes = await store.importBatch("crash", [{ externalId: "k0-0", data: (await store.findByExternalId("crash", "k0-0", { withPersonalData: true }))! }], { actor: "t" });
    assert.equal(outcomes[0].outcome, "unchanged");
    await store.close();
  }
});

test("two processes allocating codes in the same cell never produce the same code", async () => {
  const path = join(dir, "two-writers.db");
  openSqliteStore(path).close();
  const [a, b] = await Promise.all([run(["allocate", path, "150", "a"]), run(["allocate", path, "150", "b"])]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const codes = [...JSON.parse(a.lines[0]), ...JSON.parse(b.lines[0])] as string[];
  assert.equal(codes.length, 300);
  assert.equal(new Set(codes).size, 300);
  assert.equal(new Set(codes.map((c) => c.slice(0, 10))).size, 1);
});
