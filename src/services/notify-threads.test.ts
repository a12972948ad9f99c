/**
 * `NotificationService.deliver` with deliverers side by side: real worker threads, each with its
 * own connection to a real SQLite store file, handing over to a local HTTP gateway on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { readOwnerToken, ownerLinkKey } from "../domain/owner-link.js";
import { sampleAt } from "../store/contract.js";
import { openStore } from "../store/open.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { TEST_PII_ENV } from "../testing/api.js";
import { startTestGateway } from "../testing/notify-gateway.js";
import { postgresSkip, TestPostgres } from "../testing/postgres.js";
import type { ServiceError } from "./errors.js";
import { NotificationService, runsStoreThread } from "./notifications.js";
import { shareOf } from "./notify-threads.js";
import { storeAt } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-notify-threads-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let stores = 0;
const pgSkip = postgresSkip({ postgis: true });

/** A store file with `n` complete records whose owners have a phone. */
async function storeWith(n: number): Promise<{ path: string; codes: string[] }> {
  const path = join(dir, `s${++stores}.db`);
  const store = openSqliteStore(path);
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const data = sampleAt(i, { owner: { name: `Chủ hộ ${i}`, phone: `0914${String(i).padStart(6, "0")}` } });
    codes.push((await store.create({ data, status: "complete", issues: [] }, { actor: "test" })).code);
  }
  await store.close();
  return { path, codes };
}

test("shares split a total into whole numbers that add up to it, the first ones larger by one", () => {
  assert.deepEqual([0, 1, 2].map((i) => shareOf(16, 3, i)), [6, 5, 5]);
  assert.deepEqual([0, 1].map((i) => shareOf(7, 2, i)), [4, 3]);
  assert.deepEqual([0, 1].map((i) => shareOf(2, 2, i)), [1, 1]);
});

test("two deliverer threads send each notification once, never more in flight than the concurrency asked for, and answer one summed summary", async () => {
  const n = 90;
  const { path, codes } = await storeWith(n);
  let active = 0;
  let most = 0;
  // Every fifth request fails (a 500: due again after the backoff, not in this run); the others are
  // answered after a pause, so that each thread keeps its share of connections busy.
  const gateway = await startTestGateway({
    answer: (_request, index) => {
      active++;
      most = Math.max(most, active);
      setTimeout(() => active--, 15);
      return index % 5 === 0 ? { status: 500, delayMs: 15 } : { status: 200, delayMs: 15 };
    },
  });
  try {
    const service = new NotificationService(storeAt(path, { env: TEST_PII_ENV }));
    const batches: number[] = [];
    const summary = await service.deliver({
      channel: "sms",
      gatewayUrl: gateway.url,
      publicUrl: "https://diachiso.test",
      deliverers: 2,
      concurrency: 6,
      batchSize: 10,
      onBatch: (s) => batches.push(s.sent + s.failed),
    });
    assert.equal(summary.claimed, n);
    assert.equal(summary.sent + summary.failed, n, JSON.stringify(summary));
    assert.equal(summary.failed, gateway.requests.length - gateway.delivered.size);
    assert.equal(summary.lost, 0);
    assert.equal(most, 6, "both threads at their share (3 + 3) at once, never more");
    assert.equal(gateway.delivered.size, summary.sent);
    assert.equal(gateway.repeats, 0);
    assert.equal(new Set(gateway.requests.map((r) => r.key)).size, gateway.requests.length, "no notification handed over twice");
    assert.ok(batches.length >= n / 10 && batches.at(-1) === n, `told after every batch with the totals so far (${batches.join(", ")})`);
    // The threads sign with the store's key, as a single deliverer does.
    const linkKey = ownerLinkKey(Buffer.from(TEST_PII_ENV.DIACHISO_PII_KEY, "hex"));
    const link = String(gateway.requests[1].body.text).match(/https:\/\/diachiso\.test\/o\/(\S+)/)![1];
    assert.equal(readOwnerToken(linkKey, link).ok, true);
    const claimants = new Database(path, { readonly: true });
    try {
      assert.equal(claimants.prepare("SELECT count(DISTINCT claimant) FROM notifications").pluck().get(), 2, "two deliverers claimed");
    } finally {
      claimants.close();
    }
    const store = openSqliteStore(path);
    try {
      let notified = 0;
      for (const code of codes) {
        const history = await store.history(code);
        const times = history.filter((r) => r.status === "notified").length;
        assert.ok(times <= 1, `${code} notified ${times} times`);
        notified += times;
      }
      assert.equal(notified, summary.sent);
    } finally {
      await store.close();
    }
  } finally {
    await gateway.close();
  }
});

test("a limit is shared among the deliverers, and no more are started than it allows; a store thread serves one deliverer", async () => {
  const { path } = await storeWith(12);
  const gateway = await startTestGateway({ keepBodies: false });
  try {
    const service = new NotificationService(storeAt(path, { env: TEST_PII_ENV }));
    const request = { channel: "sms" as const, gatewayUrl: gateway.url, publicUrl: "https://diachiso.test" };
    assert.equal((await service.deliver({ ...request, deliverers: 3, limit: 5 })).sent, 5);
    assert.equal((await service.deliver({ ...request, deliverers: 4, limit: 2 })).sent, 2);
    assert.equal((await service.deliver({ ...request, storeThread: true })).sent, 5, "one deliverer, its store's side in a thread");
    assert.equal(gateway.delivered.size, 12);
  } finally {
    await gateway.close();
  }
});

test("one deliverer to a gateway from an SQLite file runs the store's side in a thread unless told not to; the file channel, deliverers side by side and PostgreSQL do not by default", async () => {
  const { path } = await storeWith(6);
  const gateway = await startTestGateway({ keepBodies: false });
  try {
    const service = new NotificationService(storeAt(path, { env: TEST_PII_ENV }));
    const request = { channel: "sms" as const, gatewayUrl: gateway.url, publicUrl: "https://diachiso.test" };
    const byDefault = await service.deliver({ ...request, limit: 2 });
    assert.deepEqual([byDefault.sent, byDefault.storeThread], [2, true]);
    const optedOut = await service.deliver({ ...request, limit: 2, storeThread: false });
    assert.deepEqual([optedOut.sent, optedOut.storeThread], [2, false]);
    const sideBySide = await service.deliver({ ...request, deliverers: 2 });
    assert.deepEqual([sideBySide.sent, sideBySide.storeThread], [2, false]);
    assert.equal(gateway.delivered.size, 6);
    assert.equal(gateway.repeats, 0);
  } finally {
    await gateway.close();
  }
  for (const channel of ["sms", "zalo", "email"] as const) assert.equal(runsStoreThread({ channel }, `sqlite:${path}`), true, channel);
  assert.equal(runsStoreThread({ channel: "file" }, path), false, "a CSV line is too light a hand-over to run beside the store's work");
  assert.equal(runsStoreThread({ channel: "file", storeThread: true }, path), true);
  assert.equal(runsStoreThread({ channel: "sms" }, "postgres://diachiso@127.0.0.1:5432/diachiso"), false);
  assert.equal(runsStoreThread({ channel: "sms", storeThread: true }, "postgres://diachiso@127.0.0.1:5432/diachiso"), true);
  assert.equal(runsStoreThread({ channel: "sms" }, ":memory:"), false, "a second connection would open another, empty store");
});

test("over PostgreSQL, one deliverer sends each message once with the store's side on its thread (the default) and in a thread of its own", { skip: pgSkip }, async () => {
  const server = await TestPostgres.start();
  const gateway = await startTestGateway({ keepBodies: false });
  try {
    const url = await server.newDatabase("notify");
    const store = await openStore(url, { use: "create" });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const data = sampleAt(i, { owner: { name: `Chủ hộ ${i}`, phone: `0916${String(i).padStart(6, "0")}` } });
      codes.push((await store.create({ data, status: "complete", issues: [] }, { actor: "test" })).code);
    }
    const service = new NotificationService(storeAt(url, { env: TEST_PII_ENV }));
    const request = { channel: "sms" as const, gatewayUrl: gateway.url, publicUrl: "https://diachiso.test" };
    const byDefault = await service.deliver({ ...request, limit: 3 });
    assert.deepEqual([byDefault.sent, byDefault.storeThread], [3, false]);
    const threaded = await service.deliver({ ...request, storeThread: true });
    assert.deepEqual([threaded.sent, threaded.storeThread], [5, true]);
    assert.equal(gateway.delivered.size, 8);
    assert.equal(gateway.repeats, 0);
    for (const code of codes) assert.equal((await store.get(code))?.status, "notified", code);
    await store.close();
  } finally {
    await gateway.close();
    await server.stop();
  }
});

test("deliverers side by side are refused for the file channel and beyond the hand-overs in flight, naming the setting", async () => {
  const { path } = await storeWith(1);
  const service = new NotificationService(storeAt(path, { env: TEST_PII_ENV }));
  const request = { publicUrl: "https://diachiso.test", gatewayUrl: "http://127.0.0.1:9/send" };
  await assert.rejects(service.deliver({ ...request, channel: "file", out: join(dir, "letters"), deliverers: 2 }), (error: ServiceError) => {
    assert.equal(error.field, "deliverers");
    assert.match(error.message, /file channel runs one deliverer/);
    return true;
  });
  await assert.rejects(service.deliver({ ...request, channel: "sms", deliverers: 4, concurrency: 3 }), /4 deliverers need at least as many hand-overs in flight, got 3/);
  await assert.rejects(service.deliver({ ...request, channel: "sms", deliverers: 0 }), /deliverers are counted from 1, got 0/);
});
