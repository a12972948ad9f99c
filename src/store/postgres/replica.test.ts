/**
 * The PostgreSQL store with a read replica, on real servers: a primary and a streaming replica of
 * it (pg_basebackup -R) on 127.0.0.1. Reads are served by the replica (shown by pausing its replay:
 * a new record is missing there and present through the primary view), a write becomes visible once
 * the replica has replayed the write's WAL position, and with the primary stopped reads still
 * answer while writes fail at once with StoreUnavailableError.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { StoreUnavailableError } from "../../domain/errors.js";
import { sampleAt } from "../contract.js";
import { openStore, StoreLocationError } from "../open.js";
import type { ReplicationState } from "../store.js";
import { freePort, postgresSkip, runOn, TestReplicatedPostgres } from "../../testing/postgres.js";
import { openPool, transaction } from "./connection.js";
import { type PostgresStore, openPostgresStore } from "./postgres-store.js";
import { isRecoveryConflict, isUnreachable } from "./replicas.js";

const skip = postgresSkip({ postgis: true });
let servers: TestReplicatedPostgres | null = null;
let urls = { primary: "", replica: "" };
let store: PostgresStore | null = null;
const actor = { actor: "replica test" };

before(async () => {
  if (skip) return;
  servers = await TestReplicatedPostgres.start();
  urls = await servers.newDatabase("replica");
  store = await openPostgresStore(urls.primary, { readReplicas: [urls.replica], poolSize: 4 });
  await servers.caughtUp();
});
after(async () => {
  await store?.close();
  await servers?.stop();
});

const onReplica = (sql: string) => runOn(urls.replica, sql);

test("reads are served by the replica: a record written while its replay is paused is found only through the primary view", {
  skip,
}, async () => {
  const s = store!;
  await onReplica("SELECT pg_wal_replay_pause()");
  try {
    const made = await s.create({ data: sampleAt(1), surveyor: null }, actor);
    assert.equal(await s.get(made.code), null, "the replica has not replayed the write");
    assert.equal((await s.primaryView().get(made.code))?.version, 1);
    const state = (await s.replication())!;
    assert.equal(state.replicas[0].inRecovery, true);
    assert.ok((state.replicas[0].lagBytes ?? 0) > 0, `lag ${state.replicas[0].lagBytes} bytes while paused`);
  } finally {
    await onReplica("SELECT pg_wal_replay_resume()");
  }
});

test("a write on the primary is read from the replica once it has replayed the write's WAL position", {
  skip,
}, async () => {
  const s = store!;
  const made = await s.create({ data: sampleAt(2), surveyor: null }, actor);
  const changed = await s.update(made.code, made.version, { name: "Nhà văn hoá" }, actor);
  await servers!.caughtUp();
  const read = await s.get(made.code);
  assert.equal(read?.name, "Nhà văn hoá");
  assert.equal(read?.version, changed.version);
  assert.deepEqual(
    (await s.history(made.code)).map((r) => r.version),
    [1, 2],
  );
  assert.equal(await s.lastSeq(), await s.primaryView().lastSeq());
  // The primary may write WAL of its own (a checkpoint, a snapshot of running transactions) after
  // the wait: the lag comes back to 0 once the replica has replayed that too.
  const state = await caughtUpState(s);
  assert.equal(state.primary.reachable, true);
  assert.equal(state.replicas[0].reachable, true);
  assert.equal(state.replicas[0].inRecovery, true);
  assert.ok((state.replicas[0].replayAgeSeconds ?? -1) >= 0);
});

/** The store's replication state once its replica is 0 bytes behind, asked every 50 ms for at most 10 s. */
async function caughtUpState(s: PostgresStore): Promise<ReplicationState> {
  const until = Date.now() + 10_000;
  for (;;) {
    const state = (await s.replication())!;
    if (state.replicas[0].lagBytes === 0) return state;
    if (Date.now() > until) assert.fail(`the replica still ${state.replicas[0].lagBytes} bytes behind after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("with the primary stopped, reads answer from the replica and writes fail with StoreUnavailableError; after it starts, writes succeed", {
  skip,
}, async () => {
  const s = store!;
  const made = await s.create({ data: sampleAt(3), surveyor: null }, actor);
  const key = await s.addAccessKey({
    id: "k_replica00001",
    hash: "ab".repeat(32),
    name: "replica test",
    role: "operator",
    scopes: [],
    provinces: null,
    ratePerMinute: null,
    createdBy: "test",
  });
  await servers!.caughtUp();
  await s.primaryView().get(made.code); // a connection to the primary left idle in the pool
  servers!.primary.halt();
  try {
    // First, before the pool has heard that its idle connections ended: one of them is taken for
    // the write and ends under it, which must be this write's error, not the process's.
    await assert.rejects(s.create({ data: sampleAt(4), surveyor: null }, actor), StoreUnavailableError);
    assert.equal((await s.get(made.code))?.code, made.code);
    assert.ok((await s.query({ limit: 10 })).items.some((r) => r.code === made.code));
    assert.equal((await s.accessKeyByHash(key.hash))?.id, key.id, "a key is still known while the primary is down");
    await assert.rejects(s.primaryView().get(made.code), StoreUnavailableError);
    const state = (await s.replication())!;
    assert.equal(state.primary.reachable, false);
    assert.equal(state.replicas[0].reachable, true);
  } finally {
    servers!.primary.resume();
  }
  const again = await s.create({ data: sampleAt(4), surveyor: null }, actor);
  assert.equal((await s.primaryView().get(again.code))?.version, 1);
});

test("a connection the server ends while a transaction holds it fails that transaction, not the process, and leaves the pool", {
  skip,
}, async () => {
  const pool = openPool(urls.primary, { max: 1 });
  const admin = new pg.Client({ connectionString: urls.primary });
  await admin.connect();
  try {
    await assert.rejects(
      transaction(pool, false, async (client) => {
        const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
        await admin.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
        // The server's goodbye arrives as an error event on the held client, then this query fails.
        await new Promise((resolve) => setTimeout(resolve, 100));
        await client.query("SELECT 1");
      }),
      (error: unknown) => isUnreachable(error),
    );
    assert.equal((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0].one, 1, "a new connection replaces it");
  } finally {
    await admin.end();
    await pool.end();
  }
});

test("a replica further behind than the lag limit is read after the primary until it catches up; the reads' own probe finds it", {
  skip,
}, async () => {
  // Limit 0: any WAL not replayed puts the replica behind the primary in the order.
  const strict = await openPostgresStore(urls.primary, { readReplicas: [urls.replica], poolSize: 2, maxReplicaLagBytes: 0 });
  try {
    assert.equal((await store!.replication())?.maxLagBytes, 16 * 1024 * 1024, "the default limit");
    await servers!.caughtUp();
    const caughtUp = await caughtUpState(strict);
    assert.equal(caughtUp.replicas[0].lagging, false);
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      const first = await strict.create({ data: sampleAt(6), surveyor: null }, actor);
      assert.equal(await strict.get(first.code), null, "no probe has seen the lag yet: the replica answers");
      // No explicit probe: reads keep coming and one of them starts the probe (at most a second apart).
      const until = Date.now() + 10_000;
      while ((await strict.get(first.code)) === null) {
        if (Date.now() > until) assert.fail("reads still went to the paused replica 10 s after the write");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const state = (await strict.replication())!;
      assert.equal(state.replicas[0].lagging, true);
      assert.ok((state.replicas[0].lagBytes ?? 0) > 0);
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
    const again = await caughtUpState(strict);
    assert.equal(again.replicas[0].lagging, false, "caught up: read first again");
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      const second = await strict.create({ data: sampleAt(7), surveyor: null }, actor);
      assert.equal(await strict.get(second.code), null, "the replica is asked first again");
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
  } finally {
    await strict.close();
  }
});

test("a read the replica cancels for a conflict with recovery is asked elsewhere; other query errors are the caller's", () => {
  const conflict = Object.assign(new Error("canceling statement due to conflict with recovery"), { code: "40001" });
  assert.equal(isRecoveryConflict(conflict), true);
  assert.equal(isRecoveryConflict(Object.assign(new Error("could not serialize access"), { code: "40001" })), false);
  assert.equal(isRecoveryConflict(Object.assign(new Error("syntax error"), { code: "42601" })), false);
});

test("a replica that does not answer is passed over, said once when the store opens: reads go to the primary", {
  skip,
}, async () => {
  const notices: string[] = [];
  const nobody = `postgres://postgres@127.0.0.1:${await freePort()}/nothing`;
  const lonely = await openPostgresStore(urls.primary, {
    readReplicas: [nobody],
    poolSize: 2,
    onNotice: (message) => notices.push(message),
  });
  try {
    assert.equal(notices.length, 1);
    assert.match(notices[0], /read replica 127\.0\.0\.1:\d+\/nothing does not answer/);
    const made = await lonely.create({ data: sampleAt(5), surveyor: null }, actor);
    assert.equal((await lonely.get(made.code))?.code, made.code);
    assert.equal((await lonely.replication())?.replicas[0].reachable, false);
  } finally {
    await lonely.close();
  }
});

test("an SQLite store refuses read replicas in one line, and a replica must be a postgres:// URL", async () => {
  await assert.rejects(
    openStore("sqlite::memory:", { readReplicas: ["postgres://127.0.0.1/x"] }),
    (error: unknown) =>
      error instanceof StoreLocationError &&
      error.problem === "no-replicas" &&
      /read replicas are for a PostgreSQL store/.test(error.message),
  );
  await assert.rejects(
    openStore("postgres://127.0.0.1:1/x", { readReplicas: ["replica.db"] }),
    /read replica replica\.db: give a postgres:\/\/ URL/,
  );
});
