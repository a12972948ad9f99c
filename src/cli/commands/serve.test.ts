/**
 * `diachiso serve` as an operator runs it: a child process on a free port that says where it
 * listens and when its index is loaded, logs each request as a JSON line on stdout, and stops
 * cleanly (exit 0) on SIGTERM; a missing store is one line and exit 1; with --workers, several
 * processes on one port, supervised.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { get as httpGet } from "node:http";
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

/** `serve` as a child process; `waitFor` settles once its stderr satisfies a test (fails after a minute). */
function serveChild(args: string[]) {
  const child = spawn(process.execPath, [CLI_MAIN, "serve", ...args], { env: { ...process.env, ...TEST_PII_ENV }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const waiters: { until: (s: string) => boolean; resolve: () => void }[] = [];
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
    for (const w of waiters.splice(0)) if (w.until(stderr)) w.resolve();
    else waiters.push(w);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = (until: (s: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited a minute; stderr: ${stderr}`)), 60_000);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      if (until(stderr)) done();
      else waiters.push({ until, resolve: done });
    });
  return { child, exited, waitFor, stderr: () => stderr };
}

const count = (re: RegExp) => (s: string) => (s.match(re) ?? []).length;

test("serve --workers 2: two processes answer on one port; one that dies is replaced; SIGTERM stops all with exit 0", async () => {
  const db = join(dir, "workers.db");
  await (await openStore(db, { use: "create" })).close();
  const run = serveChild(["--db", db, "--port", "0", "--quiet", "--workers", "2"]);
  try {
    await run.waitFor((s) => count(/worker \d+ listening on/g)(s) === 2 && count(/ready/g)(s) === 2);
    const pids = [...run.stderr().matchAll(/worker (\d+) listening on (http:\/\/127\.0\.0\.1:\d+)/g)];
    assert.equal(new Set(pids.map((m) => m[1])).size, 2);
    assert.equal(pids[0][2], pids[1][2], "one port");
    const base = pids[0][2];
    for (let i = 0; i < 6; i++) assert.equal((await fetch(`${base}/v1/units/new/01`)).status, 200);
    process.kill(Number(pids[0][1]), "SIGKILL");
    await run.waitFor((s) => /stopped \(SIGKILL\); starting another/.test(s) && count(/worker \d+ listening on/g)(s) === 3);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    run.child.kill("SIGTERM");
    assert.equal(await run.exited, 0);
    for (const [, pid] of [...run.stderr().matchAll(/worker (\d+) listening on/g)])
      assert.throws(() => process.kill(Number(pid), 0), "every worker stopped");
  } finally {
    run.child.kill("SIGKILL");
  }
});

/** A GET on a connection of its own (cluster deals connections, not requests, to the workers). */
function getAlone(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (s: string) => (body += s));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

test("serve --workers 2: an autocomplete answer one worker works out, the other keeps and gives without working it out", async () => {
  const db = join(dir, "shared-answers.db");
  await (await openStore(db, { use: "create" })).close();
  const run = serveChild(["--db", db, "--port", "0", "--quiet", "--workers", "2"]);
  try {
    await run.waitFor((s) => count(/worker \d+ listening on/g)(s) === 2 && count(/ready/g)(s) === 2);
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stderr())![1];
    const url = `${base}/v1/autocomplete?q=${encodeURIComponent("12 Hàng B")}&limit=5`;
    const first = await getAlone(url);
    assert.equal(first.status, 200);
    // The answer goes to the other worker through the primary, while the caller reads it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < 5; i++) assert.deepEqual(await getAlone(url), first, "the same answer from either worker");
    // Each scrape is one worker's: one worked the answer out, the other gave its sibling's.
    const scrapes: { computed: number; sibling: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const metrics = (await getAlone(`${base}/metrics`)).body;
      const value = (origin: string) => Number(new RegExp(`diachiso_autocomplete_answers_total\\{origin="${origin}"\\} (\\d+)`).exec(metrics)?.[1]);
      scrapes.push({ computed: value("computed"), sibling: value("sibling") });
    }
    assert.ok(scrapes.every((s) => s.computed + s.sibling === 1), `each worker answered it first one way or the other: ${JSON.stringify(scrapes)}`);
    assert.ok(scrapes.some((s) => s.computed === 1), `one worker worked it out: ${JSON.stringify(scrapes)}`);
    assert.ok(scrapes.some((s) => s.computed === 0 && s.sibling === 1), `the other gave its sibling's answer: ${JSON.stringify(scrapes)}`);
  } finally {
    run.child.kill("SIGKILL");
  }
});

test("serve --workers 2 on a port already taken gives up with a non-zero exit instead of restarting forever", async () => {
  const db = join(dir, "taken.db");
  await (await openStore(db, { use: "create" })).close();
  const { createServer } = await import("node:net");
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as { port: number }).port;
  const run = serveChild(["--db", db, "--port", String(port), "--quiet", "--workers", "2"]);
  try {
    const code = await Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r("still running"), 30_000))]);
    assert.notEqual(code, 0);
    assert.notEqual(code, "still running");
    assert.match(run.stderr(), /EADDRINUSE|in use/);
  } finally {
    run.child.kill("SIGKILL");
    blocker.close();
  }
});
