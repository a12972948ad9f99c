/**
 * `diachiso demo` as a newcomer runs it (`npm start`): a sample generated, imported and served; the
 * web app's search page and an address card answer, and the key it prints opens the dashboard;
 * SIGTERM stops it; the next run reuses the sample (and its key).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CLI_MAIN } from "../../testing/cli.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-demo-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the demo until it has printed its card's address and loaded its index; then stops it. */
async function demoRun(): Promise<{ stderr: string }> {
  const child = spawn(process.execPath, [CLI_MAIN, "demo", "--dir", join(dir, "sample"), "--count", "300", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let stderr = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within a minute: ${stderr}`)), 60_000);
      child.stderr.setEncoding("utf8").on("data", (s: string) => {
        stderr += s;
        if (/an address card: \S+/.test(stderr) && /ready/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code) => reject(new Error(`demo exited ${code}: ${stderr}`)));
    });
    const card = /an address card: (\S+)/.exec(stderr)![1];
    const base = /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr)![1];
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal((await fetch(card)).status, 200);
    const code = card.split("/a/")[1];
    const lookup = await fetch(`${base}/v1/addresses/${code}`);
    assert.equal(lookup.status, 200, "the card's code is a record of the sample");
    // The key printed with the operators' pages is one the server knows.
    const key = /the sample's key: (dck_\S+)\)/.exec(stderr)?.[1];
    assert.ok(key, `no key printed: ${stderr}`);
    const me = await fetch(`${base}/v1/keys/me`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(((await me.json()) as { role: string }).role, "admin");
    assert.equal((await fetch(`${base}/dashboard`)).status, 200);
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    return { stderr };
  } finally {
    child.kill("SIGKILL");
  }
}

test("demo generates, imports and serves the web app; SIGTERM stops it; the next run reuses the sample", { timeout: 150_000 }, async () => {
  // A file of the user's in --dir survives the demo drawing its sample there.
  mkdirSync(join(dir, "sample"), { recursive: true });
  writeFileSync(join(dir, "sample", "notes.txt"), "mine");
  const first = await demoRun();
  assert.equal(readFileSync(join(dir, "sample", "notes.txt"), "utf8"), "mine");
  assert.match(first.stderr, /generating 300 addresses in province\(s\) 01, 79/);
  assert.match(first.stderr, /the API and its documentation: http:\/\/127\.0\.0\.1:\d+\/docs/);
  const second = await demoRun();
  assert.match(second.stderr, /using the sample kept in/);
  assert.doesNotMatch(second.stderr, /generating/);
});
