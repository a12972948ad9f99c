/**
 * `diachiso serve --db postgres://primary… --read-replica postgres://replica…` on real servers: a
 * primary and a streaming replica of it on 127.0.0.1 (src/testing/postgres.ts) and the API over
 * real HTTP. Reads are served by the replica (a record posted while the replica's replay is paused
 * is not found until it resumes), and while the primary is stopped reads go on answering and
 * writes answer 503 problem+json, until it is back.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openStore } from "../store/open.js";
import { CLI_MAIN, runCli } from "../testing/cli.js";
import { postgresSkip, runOn, TestReplicatedPostgres } from "../testing/postgres.js";

const skip = postgresSkip({ postgis: true });
const dir = mkdtempSync(join(tmpdir(), "diachiso-replica-cli-"));
const env = { DIACHISO_PII_KEY: "cd".repeat(32) };
let servers: TestReplicatedPostgres | null = null;
let urls = { primary: "", replica: "" };
let child: ChildProcess | null = null;
let base = "";
let key = "";

const RECORD = {
  kind: "household",
  name: null,
  parts: { houseNumber: "12", street: "Phố Quán Thánh" },
  new: { province: "01", commune: "00004" },
  location: { lat: 21.0412, lon: 105.8394, accuracyM: 4, source: "survey-phone" },
};

before(async () => {
  if (skip) return;
  servers = await TestReplicatedPostgres.start();
  urls = await servers.newDatabase("serve");
  await (await openStore(urls.primary, { use: "create" })).close();
  const made = await runCli(["keys", "create", "--name", "replica test", "--role", "operator", "--provinces", "01", "--db", urls.primary, "--json"], { env });
  assert.equal(made.status, 0, made.stderr);
  key = JSON.parse(made.stdout).key;
  await servers.caughtUp();
  child = spawn(process.execPath, [CLI_MAIN, "serve", "--db", urls.primary, "--read-replica", urls.replica, "--port", "0", "--quiet"], {
    env: { ...process.env, ...env, DIACHISO_MAX_REPLICA_LAG: "1GB" },
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${stderr}`)), 60_000);
    child!.stderr!.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
      if (url && /ready/.test(stderr)) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child!.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
});
after(async () => {
  child?.kill("SIGKILL");
  await servers?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The operator key's header (the key is made in `before`). */
const asOperator = () => ({ authorization: `Bearer ${key}` });

function post(record: object): Promise<Response> {
  return fetch(`${base}/v1/records`, {
    method: "POST",
    headers: { ...asOperator(), "content-type": "application/json" },
    body: JSON.stringify(record),
  });
}

interface Replication {
  primary: { reachable: boolean };
  maxLagBytes: number;
  replicas: { name: string; inRecovery: boolean; lagBytes: number; lagging: boolean }[];
}

/** /readyz's replication once it says the replica is 0 bytes behind, asked every 50 ms for at most 10 s. */
async function readyWhenCaughtUp(): Promise<Replication> {
  const until = Date.now() + 10_000;
  for (;;) {
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    const { replication } = (await ready.json()) as { replication: Replication };
    if (replication.replicas[0].lagBytes === 0) return replication;
    if (Date.now() > until) assert.fail(`/readyz: the replica still ${replication.replicas[0].lagBytes} bytes behind after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const onReplica = (sql: string) => runOn(urls.replica, sql);

test("serve --read-replica reads from the replica: a record posted while its replay is paused is found once it has caught up", {
  skip,
}, async () => {
  await onReplica("SELECT pg_wal_replay_pause()");
  let code: string;
  try {
    const made = await post(RECORD);
    assert.equal(made.status, 201, await made.clone().text());
    code = ((await made.json()) as { code: string }).code;
    const early = await fetch(`${base}/v1/records/${code}`, { headers: asOperator() });
    assert.equal(early.status, 404, "the replica has not replayed the write yet");
    const lagging = (await (await fetch(`${base}/readyz`)).json()) as {
      replication: { replicas: { lagBytes: number }[] };
    };
    assert.ok(lagging.replication.replicas[0].lagBytes > 0, JSON.stringify(lagging));
  } finally {
    await onReplica("SELECT pg_wal_replay_resume()");
  }
  await servers!.caughtUp();
  const read = await fetch(`${base}/v1/records/${code}`, { headers: asOperator() });
  assert.equal(read.status, 200);
  assert.equal(((await read.json()) as { code: string }).code, code);
  // The primary may write WAL of its own after the wait: the lag comes back to 0 once that is replayed too.
  const replication = await readyWhenCaughtUp();
  assert.equal(replication.primary.reachable, true);
  assert.equal(replication.replicas[0].inRecovery, true);
  assert.equal(replication.maxLagBytes, 1024 ** 3, "$DIACHISO_MAX_REPLICA_LAG=1GB");
  assert.equal(replication.replicas[0].lagging, false);
  assert.equal(replication.replicas[0].name, `127.0.0.1:${servers!.replica.port}/${new URL(urls.replica).pathname.slice(1)}`);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /diachiso_store_replica_up\{replica="127\.0\.0\.1:\d+\/serve_\d+_1"\} 1/);
  assert.match(metrics, /diachiso_store_replica_lag_bytes\{replica="[^"]+"\} \d+/);
  assert.match(metrics, /diachiso_store_replica_replay_age_seconds\{replica="[^"]+"\} [\d.]+/);
  assert.match(metrics, /diachiso_store_primary_up\{primary="[^"]+"\} 1/);
  assert.match(metrics, /diachiso_store_replica_lagging\{replica="[^"]+"\} 0/);
});

test("serve --read-replica answers reads while the primary is stopped, writes 503 problem+json, and takes writes again once it is back", {
  skip,
}, async () => {
  const made = await post({ ...RECORD, parts: { houseNumber: "14", street: "Phố Quán Thánh" } });
  assert.equal(made.status, 201);
  const { code } = (await made.json()) as { code: string };
  await servers!.caughtUp();
  servers!.primary.halt();
  try {
    const read = await fetch(`${base}/v1/records/${code}`, { headers: asOperator() });
    assert.equal(read.status, 200, await read.clone().text());
    const list = await fetch(`${base}/v1/records?province=01&limit=10`, { headers: asOperator() });
    assert.equal(list.status, 200);
    const refused = await post({ ...RECORD, parts: { houseNumber: "16", street: "Phố Quán Thánh" } });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "2", "a client is told when to ask again");
    assert.equal(refused.headers.get("content-type"), "application/problem+json; charset=utf-8");
    const problem = (await refused.json()) as { type: string; detail: string };
    assert.equal(problem.type, "urn:diachiso:problem:store-unavailable");
    assert.match(problem.detail, /cannot be reached/);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200, "reads are still answered");
    assert.equal(((await ready.json()) as { replication: { primary: { reachable: boolean } } }).replication.primary.reachable, false);
  } finally {
    servers!.primary.resume();
  }
  const again = await post({ ...RECORD, parts: { houseNumber: "16", street: "Phố Quán Thánh" } });
  assert.equal(again.status, 201, await again.clone().text());
  child!.kill("SIGTERM");
  assert.equal(await new Promise((resolve) => child!.on("exit", resolve)), 0);
});

test("serve refuses read replicas for an SQLite store in one line, exit 2, whether from --read-replica or $DIACHISO_READ_REPLICAS", async () => {
  const db = join(dir, "local.db");
  const byFlag = await runCli(["serve", "--db", db, "--read-replica", "postgres://127.0.0.1/x", "--port", "0"], { env });
  assert.equal(byFlag.status, 2);
  assert.match(byFlag.stderr, /--read-replica \(or \$DIACHISO_READ_REPLICAS\): read replicas are for a postgres:\/\/ store/);
  assert.equal(byFlag.stderr.trim().split("\n").length, 1, byFlag.stderr);
  const byEnv = await runCli(["serve", "--db", db, "--port", "0"], {
    env: { ...env, DIACHISO_READ_REPLICAS: "postgres://127.0.0.1/x, postgres://127.0.0.2/x" },
  });
  assert.equal(byEnv.status, 2);
  assert.match(byEnv.stderr, /read replicas are for a postgres:\/\/ store/);
});

test("serve refuses a lag limit it cannot read in one line, exit 2, naming the flag or the variable", async () => {
  const db = join(dir, "local.db");
  const byFlag = await runCli(["serve", "--db", db, "--max-replica-lag", "16 parsecs", "--port", "0"], { env });
  assert.equal(byFlag.status, 2);
  assert.match(byFlag.stderr, /--max-replica-lag: "16 parsecs" is not a WAL size \(write it as 16MB/);
  assert.equal(byFlag.stderr.trim().split("\n").length, 1, byFlag.stderr);
  const byEnv = await runCli(["serve", "--db", db, "--port", "0"], { env: { ...env, DIACHISO_MAX_REPLICA_LAG: "-1" } });
  assert.equal(byEnv.status, 2);
  assert.match(byEnv.stderr, /\$DIACHISO_MAX_REPLICA_LAG: "-1" is not a WAL size/);
});
