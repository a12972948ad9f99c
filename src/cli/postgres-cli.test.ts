/**
 * The CLI on a PostgreSQL store, as a user runs it: `--db postgres://…` (or $DIACHISO_DB) names a
 * database of a throwaway server; a generated survey is imported into it, a record shown, the
 * report read, the search index built from it and searched, and the API served from it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openStore } from "../store/open.js";
import { CLI_MAIN, runCli } from "../testing/cli.js";
import { postgresSkip, TestPostgres } from "../testing/postgres.js";

const skip = postgresSkip({ postgis: true });
const dir = mkdtempSync(join(tmpdir(), "diachiso-pg-cli-"));
const env = { DIACHISO_PII_KEY: "ab".repeat(32) };
let server: TestPostgres | null = null;
let db = "";
let imported: { accepted: number } = { accepted: 0 };

before(async () => {
  if (skip) return;
  server = await TestPostgres.start();
  db = await server.newDatabase("cli");
  const file = join(dir, "survey.csv");
  assert.equal(
    (await runCli(["generate", "--count", "300", "--seed", "7", "--province", "01", "--out", file])).status,
    0,
  );
  const done = await runCli(["import", file, "--db", db, "--json"], { env, cwd: dir });
  assert.equal(done.status, 0, done.stderr);
  imported = JSON.parse(done.stdout);
  const beside = await runCli(["import", file, "--db", join(dir, "same.db"), "--json"], { env, cwd: dir });
  assert.equal(beside.status, 0, beside.stderr);
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("import into a postgres:// store keeps every accepted row, and address show finds one by its code", {
  skip,
}, async () => {
  assert.ok(imported.accepted > 250, `accepted ${imported.accepted}`);
  const store = await openStore(db, { use: "read" });
  const page = await store.scan(null, 1000);
  await store.close();
  assert.equal(store.backend, "postgres");
  assert.equal(page.items.length, imported.accepted);
  const record = page.items[0];
  const shown = await runCli(["address", "show", record.code.toLowerCase(), "--json"], {
    env: { ...env, DIACHISO_DB: db },
  });
  assert.equal(shown.status, 0, shown.stderr);
  const j = JSON.parse(shown.stdout);
  assert.equal(j.code, record.code);
  assert.equal(j.new.province.name, "Hà Nội");
});

test("report --json on a postgres:// store says exactly what it says on an SQLite store of the same survey", {
  skip,
}, async () => {
  for (const by of ["province", "ward"]) {
    const onPostgres = await runCli(["report", "--db", db, "--by", by, "--json"], { env });
    assert.equal(onPostgres.status, 0, onPostgres.stderr);
    const onSqlite = await runCli(["report", "--db", join(dir, "same.db"), "--by", by, "--json"], { env });
    assert.equal(JSON.parse(onPostgres.stdout).total.total, imported.accepted);
    assert.deepEqual(JSON.parse(onPostgres.stdout), JSON.parse(onSqlite.stdout), `report --by ${by}`);
  }
});

test("the search index of a postgres:// store is built from it in the working folder, and search answers", {
  skip,
}, async () => {
  const built = await runCli(["index", "build", "--db", db, "--json"], { env, cwd: dir });
  assert.equal(built.status, 0, built.stderr);
  assert.equal(JSON.parse(built.stdout).records, imported.accepted);
  const port = new URL(db).port;
  assert.ok(existsSync(join(dir, `127.0.0.1-${port}-${new URL(db).pathname.slice(1)}.search`)));
  const status = await runCli(["index", "status", "--db", db, "--json"], { env, cwd: dir });
  assert.equal(JSON.parse(status.stdout).behind, 0);
  const found = await runCli(["search", "Hà Nội", "--db", db, "--json", "--limit", "3"], { env, cwd: dir });
  assert.equal(found.status, 0, found.stderr);
  assert.ok(JSON.parse(found.stdout).results.length > 0);
});

test("a postgres:// database with no store in it is refused for reading, in one line, exit 1", {
  skip,
}, async () => {
  const empty = await server!.newDatabase("empty");
  const r = await runCli(["report", "--db", empty], { env });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no address store in this database/);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
});

test("serve --db postgres://… answers search over HTTP from the index of the PostgreSQL store", {
  skip,
}, async () => {
  const child = spawn(process.execPath, [CLI_MAIN, "serve", "--db", db, "--port", "0"], {
    env: { ...process.env, ...env },
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    let stderr = "";
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready: ${stderr}`)), 60_000);
      child.stderr!.setEncoding("utf8").on("data", (s: string) => {
        stderr += s;
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
        if (url && /ready/.test(stderr)) {
          clearTimeout(timer);
          resolve(url);
        }
      });
    });
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const answer = await fetch(`${base}/v1/search?q=${encodeURIComponent("Hà Nội")}&limit=3`);
    assert.equal(answer.status, 200);
    assert.ok(
      ((await answer.json()) as { features: unknown[] }).features.length > 0,
      "GeoJSON features found",
    );
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  } finally {
    child.kill("SIGKILL");
  }
});
