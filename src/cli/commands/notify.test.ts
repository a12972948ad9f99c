import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { sampleAt } from "../../store/contract.js";
import { openSqliteStore } from "../../store/sqlite/sqlite-store.js";
import { runCli } from "../../testing/cli.js";
import { startTestGateway } from "../../testing/notify-gateway.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-cli-notify-"));
const db = join(dir, "n.db");
const env = { DIACHISO_PUBLIC_URL: undefined, DIACHISO_SMS_URL: undefined, DIACHISO_SMS_TOKEN: undefined };

before(async () => {
  const store = openSqliteStore(db);
  for (let i = 0; i < 5; i++) {
    const owner = i < 3 ? { name: `Chủ hộ ${i}`, phone: "0912345678" } : { name: `Chủ hộ ${i}`, email: `o${i}@example.vn` };
    await store.create({ data: sampleAt(i, { owner }), status: "complete" }, { actor: "test" });
  }
  await store.create({ data: sampleAt(9) }, { actor: "test" });
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("notify runs the store's side in a thread of its own by default on SQLite, and not with --no-store-thread", async () => {
  const path = join(dir, "threads.db");
  const store = openSqliteStore(path);
  for (let i = 0; i < 2; i++) {
    await store.create({ data: sampleAt(i, { owner: { name: `Chủ hộ ${i}`, phone: `0917${String(i).padStart(6, "0")}` } }), status: "complete", issues: [] }, { actor: "test" });
  }
  await store.close();
  const gateway = await startTestGateway({ keepBodies: false });
  try {
    const run = (...flags: string[]) =>
      runCli(["notify", "--db", path, "--channel", "sms", "--limit", "1", "--public-url", "https://diachiso.test", "--json", ...flags], {
        env: { ...env, DIACHISO_SMS_URL: gateway.url },
      });
    const byDefault = await run();
    assert.equal(byDefault.status, 0, byDefault.stderr);
    assert.deepEqual([JSON.parse(byDefault.stdout).sent, JSON.parse(byDefault.stdout).storeThread], [1, true]);
    const optedOut = await run("--no-store-thread");
    assert.equal(optedOut.status, 0, optedOut.stderr);
    assert.deepEqual([JSON.parse(optedOut.stdout).sent, JSON.parse(optedOut.stdout).storeThread], [1, false]);
    assert.equal(gateway.delivered.size, 2);
  } finally {
    await gateway.close();
  }
});

test("notify refuses to run without the owner page's URL, in one line, exit 2", async () => {
  const r = await runCli(["notify", "--db", db], { env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^diachiso: notify: the owner page's URL is needed .*--public-url URL or \$DIACHISO_PUBLIC_URL\n$/);
});

test("notify sends through an SMS gateway (URL and token from the environment, two deliverers, each with a store thread), then the file channel takes the rest; report shows the states", async () => {
  const gateway = await startTestGateway();
  try {
    const sms = await runCli(["notify", "--db", db, "--channel", "sms", "--deliverers", "2", "--store-thread", "--public-url", "https://diachiso.test", "--json"], {
      env: { ...env, DIACHISO_SMS_URL: gateway.url, DIACHISO_SMS_TOKEN: "t0ken" },
    });
    assert.equal(sms.status, 0, sms.stderr);
    const summary = JSON.parse(sms.stdout);
    assert.equal(summary.sent, 3);
    assert.equal(summary.channel, "sms");
    assert.equal(gateway.delivered.size, 3);
    assert.ok(gateway.requests.every((r) => r.authorization === "Bearer t0ken"));
  } finally {
    await gateway.close();
  }
  const out = join(dir, "letters");
  const file = await runCli(["notify", "--db", db, "--channel", "file", "--out", out, "--limit", "1"], {
    env: { ...env, DIACHISO_PUBLIC_URL: "https://diachiso.test" },
  });
  assert.equal(file.status, 0, file.stderr);
  assert.match(file.stdout, /^notify file: 1 sent, 0 failed \(to retry\), 0 dead letters of 1 claimed \(\d+(\.\d+)? s\)\n$/);
  assert.ok(existsSync(join(out, "01", "00004.pdf")));
  const report = await runCli(["report", "--db", db, "--by", "ward", "--json"], { env });
  assert.equal(report.status, 0, report.stderr);
  const { notifications } = JSON.parse(report.stdout);
  assert.deepEqual(notifications.total, { queued: 1, failed: 0, sent: 4, dead: 0, superseded: 0, confirmed: 0, "correction-requested": 0 });
  assert.equal(notifications.units[0].name, "Phường Ba Đình");
  const text = await runCli(["report", "--db", db], { env });
  assert.match(text.stdout, /Owner notifications .*\n.*queued.*sent/);
});

test("notify refuses an unknown channel, a channel without its settings and no hand-overs in flight, naming what is wrong", async () => {
  const unknown = await runCli(["notify", "--db", db, "--channel", "fax", "--public-url", "https://x.test"], { env });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--channel must be one of sms, zalo, email, file, got "fax"/);
  const sms = await runCli(["notify", "--db", db, "--channel", "sms", "--public-url", "https://x.test"], { env });
  assert.equal(sms.status, 2);
  assert.match(sms.stderr, /the sms channel needs a gateway URL/);
  const none = await runCli(["notify", "--db", db, "--channel", "file", "--concurrency", "0", "--public-url", "https://x.test"], { env });
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /--concurrency/);
  const sideBySide = await runCli(["notify", "--db", db, "--channel", "file", "--deliverers", "2", "--store-thread", "--public-url", "https://x.test"], { env });
  assert.equal(sideBySide.status, 2);
  assert.match(sideBySide.stderr, /the file channel runs one deliverer/);
  assert.equal(sideBySide.stderr.trim().split("\n").length, 1, "one line");
  // Threads open the store themselves; a missing one is still told in the one line a single deliverer gives.
  const missing = join(dir, "missing.db");
  const threaded = await runCli(["notify", "--db", missing, "--channel", "sms", "--gateway-url", "http://127.0.0.1:9/send", "--store-thread", "--deliverers", "2", "--public-url", "https://x.test"], { env });
  assert.equal(threaded.status, 1);
  assert.equal(threaded.stderr, `diachiso: no address store at ${missing} (give the store's file with --db PATH or $DIACHISO_DB)\n`);
  // Nothing is made beside a store that is not there: no personal-data key file for a mistyped path.
  const single = await runCli(["notify", "--db", missing, "--channel", "sms", "--gateway-url", "http://127.0.0.1:9/send", "--public-url", "https://x.test"], { env });
  assert.equal(single.status, 1);
  assert.match(single.stderr, /no address store at/);
  assert.equal(existsSync(`${missing}.pii-key`), false, "no key file beside a missing store");
});
