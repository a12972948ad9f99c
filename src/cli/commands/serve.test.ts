/**
 * `diachiso serve` as an operator runs it: a child process on a free port that says where it
 * listens and when its index is loaded, logs each request as a JSON line on stdout, and stops
 * cleanly (exit 0) on SIGTERM; a missing store is one line and exit 1.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore } from "../../store/open.js";
import { TEST_PII_ENV } from "../../testing/api.js";
import { CLI_MAIN, runCli } from "../../testing/cli.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-serve-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("serve listens, says when it is ready, logs requests as JSON lines, and stops with exit 0 on SIGTERM", async () => {
  const db = join(dir, "empty.db");
  await (await openStore(db, { use: "create" })).close();
  const child = spawn(process.execPath, [CLI_MAIN, "serve", "--db", db, "--port", "0"], { env: { ...process.env, ...TEST_PII_ENV }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready: ${stderr}`)), 60_000);
      child.stderr.setEncoding("utf8").on("data", (s: string) => {
        stderr += s;
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
        if (url && /ready/.test(stderr)) {
          clearTimeout(timer);
          resolve(url);
        }
      });
    });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((await fetch(`${base}/v1/units/new/01`)).status, 200);
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    assert.ok(lines.some((l) => l.req?.url === "/v1/units/new/01"), "the request is logged");
  } finally {
    child.kill("SIGKILL");
  }
});

test("serve with no store at --db is one line and exit 1", async () => {
  const r = await runCli(["serve", "--db", join(dir, "missing.db"), "--port", "0"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^diachiso: no address store at .*missing\.db/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});

test("serve with a --trust-proxy that is no address is one line and exit 2, before the store is opened", async () => {
  const r = await runCli(["serve", "--db", join(dir, "missing.db"), "--port", "0", "--trust-proxy", "127.0.0.1,proxy.example"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^diachiso: --trust-proxy: "proxy\.example" is no IP address/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});
