/**
 * Delivery against real local servers on 127.0.0.1: an HTTP gateway that fails on purpose, an SMTP
 * server (smtp-server), the file channel's CSV and PDF, and a deliverer process killed mid-run.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { inflateSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { SMTPServer } from "smtp-server";
import { ownerLinkKey, ownerPhoneCode, ownerPhoneCodeMatches, readOwnerToken } from "../domain/owner-link.js";
import type { AddressData } from "../domain/record.js";
import { sampleAt } from "../store/contract.js";
import { openSqliteStore, type SqliteStore } from "../store/sqlite/sqlite-store.js";
import { startTestGateway } from "../testing/notify-gateway.js";
import { loadRegistry } from "../units/registry.js";
import { EmailChannel } from "./channels/email.js";
import { FileChannel, readLetters } from "./channels/file.js";
import { HttpChannel } from "./channels/http.js";
import { type DeliveryOptions, deliver } from "./deliverer.js";
import { OutboxThread } from "./outbox-thread.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-notify-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const registry = loadRegistry();
const personalDataKey = randomBytes(32);
const linkKey = ownerLinkKey(personalDataKey);
const publicUrl = "https://diachiso.test";
let stores = 0;

/** A store file with `n` complete records in Ba Đình, each owner with a phone (and an e-mail when asked). */
async function storeWith(n: number, owner: (i: number) => AddressData["owner"] = (i) => ({ name: `Chủ hộ ${i}`, phone: `09123456${String(i).padStart(2, "0")}` })) {
  const path = join(dir, `s${++stores}.db`);
  const store = openSqliteStore(path);
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    codes.push((await store.create({ data: sampleAt(i, { owner: owner(i) }), status: "complete", issues: [] }, { actor: "test" })).code);
  }
  return { path, store, codes };
}

const fast = { baseMs: 1, maxMs: 5 };

/** Delivers until nothing is due, waiting out the (test-sized) backoff between rounds. */
async function deliverAll(options: DeliveryOptions, rounds = 20) {
  const total = { sent: 0, failed: 0, dead: 0 };
  for (let round = 0; round < rounds; round++) {
    const s = await deliver(options);
    total.sent += s.sent;
    total.failed += s.failed;
    total.dead += s.dead;
    if (s.claimed === 0 && round > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  return total;
}

async function notifiedTimes(store: SqliteStore, code: string): Promise<number> {
  return (await store.history(code)).filter((r) => r.status === "notified").length;
}

test("an SMS gateway that fails on purpose (500s, timeouts, slow answers) gets every message delivered once, under one key per notification", async () => {
  const { store, codes } = await storeWith(12);
  // Per key: the first request fails with a 500; for every third key the second answers too late
  // for the client (it was still delivered); then 200. The client's timeouts are checked about once
  // a second (undici's coarse timers), so "too late" is well past the timeout plus a second.
  const seen = new Map<string, number>();
  const gateway = await startTestGateway({
    answer: (request) => {
      const k = request.key!;
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      if (n === 1) return { status: 500 };
      if (n === 2 && [...seen.keys()].indexOf(k) % 3 === 0) return { status: 200, delayMs: 2500 };
      return { status: 200 };
    },
  });
  try {
    const channel = new HttpChannel({ kind: "sms", url: gateway.url, token: "secret-token", timeoutMs: 300 });
    const total = await deliverAll({ store, channel, registry, linkKey, publicUrl, backoff: fast, maxAttempts: 6 });
    assert.equal(total.sent, 12);
    assert.equal(total.dead, 0);
    assert.ok(total.failed >= 12, `every notification failed at least once (${total.failed})`);
    assert.equal(gateway.delivered.size, 12);
    assert.ok(gateway.repeats >= 1, "a timed-out send was repeated under its key and not delivered again");
    for (const request of gateway.requests) {
      assert.equal(request.authorization, "Bearer secret-token");
      assert.match(request.key!, /^[0-9A-Z]+\.v1$/);
      assert.match(String(request.body.to), /^09123456\d\d$/);
      assert.match(String(request.body.text), /https:\/\/diachiso\.test\/o\/o1\./);
    }
    for (const code of codes) {
      assert.equal((await store.get(code))?.status, "notified");
      assert.equal(await notifiedTimes(store, code), 1);
    }
    const history = await store.history(codes[0]);
    assert.equal(history[history.length - 1].actor, "notify:sms");
    await channel.close();
  } finally {
    await gateway.close();
    await store.close();
  }
});

test("with many hand-overs in flight and batches smaller than that, a failing gateway still gets each message once and every claim is settled", async () => {
  const n = 150;
  const { store, codes } = await storeWith(n, (i) => ({ name: `Chủ hộ ${i}`, phone: `0912${String(i).padStart(6, "0")}` }));
  // A third of the requests fail (500), some answer slowly: outcomes finish out of order while
  // batches are settled and claimed around them.
  const gateway = await startTestGateway({
    keepBodies: false,
    answer: (_request, index) => (index % 3 === 0 ? { status: 500 } : { status: 200, delayMs: index % 7 === 0 ? 30 : 0 }),
  });
  const channel = new HttpChannel({ kind: "sms", url: gateway.url, connections: 64 });
  try {
    let sent = 0;
    for (let round = 0; round < 30 && sent < n; round++) {
      const summary = await deliver({ store, channel, registry, linkKey, publicUrl, backoff: fast, concurrency: 64, batchSize: 10 });
      assert.equal(summary.sent + summary.failed + summary.dead + summary.lost, summary.claimed, `every claim settled: ${JSON.stringify(summary)}`);
      assert.equal(summary.lost, 0);
      sent += summary.sent;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(sent, n);
    assert.equal(gateway.delivered.size, n);
    assert.equal(gateway.repeats, 0, "nothing handed over again after it was delivered");
    for (const code of codes) assert.equal(await notifiedTimes(store, code), 1);
  } finally {
    await channel.close();
    await gateway.close();
    await store.close();
  }
});

test("two deliverers at once, each with its own connection to the store, get each message delivered once by a gateway that fails on purpose", async () => {
  const n = 120;
  const { path, store, codes } = await storeWith(n, (i) => ({ name: `Chủ hộ ${i}`, phone: `0913${String(i).padStart(6, "0")}` }));
  const other = openSqliteStore(path);
  // Per key: the first request fails (a 500, or an answer past the client's timeout that was still
  // delivered), the next ones are answered 200, some slowly: both deliverers claim, fail, retry and
  // settle around each other.
  const seen = new Map<string, number>();
  const gateway = await startTestGateway({
    keepBodies: false,
    answer: (request, index) => {
      const k = request.key!;
      const tries = (seen.get(k) ?? 0) + 1;
      seen.set(k, tries);
      if (tries === 1) return index % 4 === 0 ? { status: 200, delayMs: 1500 } : { status: 500 };
      return { status: 200, delayMs: index % 5 === 0 ? 20 : 0 };
    },
  });
  const channels = [new HttpChannel({ kind: "sms", url: gateway.url, timeoutMs: 200 }), new HttpChannel({ kind: "sms", url: gateway.url, timeoutMs: 200 })];
  try {
    const options = (s: SqliteStore, i: number): DeliveryOptions => ({ store: s, channel: channels[i], registry, linkKey, publicUrl, backoff: fast, maxAttempts: 8, concurrency: 8, batchSize: 10 });
    const [first, second] = await Promise.all([deliverAll(options(store, 0)), deliverAll(options(other, 1))]);
    assert.equal(first.sent + second.sent, n, `sent ${first.sent} + ${second.sent}`);
    assert.ok(first.sent > 0 && second.sent > 0, `both deliverers sent (${first.sent}, ${second.sent})`);
    assert.equal(first.dead + second.dead, 0);
    assert.equal(gateway.delivered.size, n);
    assert.ok(gateway.repeats >= 1, "a send that timed out was repeated under its key and not delivered again");
    for (const code of codes) {
      assert.equal((await store.get(code))?.status, "notified");
      assert.equal(await notifiedTimes(store, code), 1, `${code} notified once in its history`);
    }
    const counts = await store.notificationCounts();
    assert.equal(counts.filter((c) => c.state === "sent").reduce((sum, c) => sum + c.count, 0), n);
  } finally {
    await Promise.all(channels.map((c) => c.close()));
    await gateway.close();
    await other.close();
    await store.close();
  }
});

test("with the store's side in a thread of its own, a failing gateway still gets each message once and each record is notified once", async () => {
  const n = 60;
  const { path, store, codes } = await storeWith(n, (i) => ({ name: `Chủ hộ ${i}`, phone: `0915${String(i).padStart(6, "0")}` }));
  const gateway = await startTestGateway({
    keepBodies: false,
    answer: (_request, index) => (index % 4 === 0 ? { status: 500 } : { status: 200, delayMs: index % 7 === 0 ? 10 : 0 }),
  });
  const channel = new HttpChannel({ kind: "sms", url: gateway.url });
  const outbox = await OutboxThread.open(path, { linkKey, publicUrl });
  try {
    const total = await deliverAll({ store: outbox, channel, registry, linkKey, publicUrl, backoff: fast, concurrency: 8, batchSize: 7 });
    assert.equal(total.sent, n);
    assert.ok(total.failed >= n / 4, `the 500s were retried (${total.failed})`);
    assert.equal(gateway.delivered.size, n);
    assert.equal(gateway.repeats, 0);
    for (const code of codes) assert.equal(await notifiedTimes(store, code), 1);
    // The store's refusals come back to the caller with their message.
    await assert.rejects(outbox.claimReady({ channel: "sms", claimant: "x", limit: 0, leaseMs: 1000 }), /limit.*must be an integer from 1/);
  } finally {
    await outbox.close();
    await channel.close();
    await gateway.close();
    await store.close();
  }
});

test("hand-overs in flight at once never exceed the deliverer's concurrency nor the HTTP channel's connections", async () => {
  const { store } = await storeWith(40);
  let active = 0;
  let most = 0;
  const gateway = await startTestGateway({
    answer: () => {
      active++;
      most = Math.max(most, active);
      // Registered before the gateway's own timer of the same delay, so it runs first: `active`
      // never counts a request whose answer has gone.
      setTimeout(() => active--, 40);
      return { status: 200, delayMs: 40 };
    },
  });
  try {
    const wide = new HttpChannel({ kind: "sms", url: gateway.url, connections: 16 });
    const first = await deliver({ store, channel: wide, registry, linkKey, publicUrl, concurrency: 5, batchSize: 7, limit: 20 });
    await wide.close();
    assert.equal(first.sent, 20);
    assert.equal(most, 5, "the deliverer's concurrency");
    most = 0;
    const narrow = new HttpChannel({ kind: "sms", url: gateway.url, connections: 2 });
    const second = await deliver({ store, channel: narrow, registry, linkKey, publicUrl, concurrency: 8, batchSize: 7 });
    await narrow.close();
    assert.equal(second.sent, 20);
    assert.equal(most, 2, "the channel's connections");
  } finally {
    await gateway.close();
    await store.close();
  }
});

test("a gateway's 4xx refusal is a dead letter at once; a notification failing every time is one after the attempts allowed", async () => {
  const { store, codes } = await storeWith(2);
  const refused = `${codes[0]}.v1`;
  const gateway = await startTestGateway({ answer: (request) => ({ status: request.key === refused ? 422 : 503 }) });
  try {
    const channel = new HttpChannel({ kind: "zalo", url: gateway.url, timeoutMs: 1000 });
    const total = await deliverAll({ store, channel, registry, linkKey, publicUrl, backoff: fast, maxAttempts: 3 });
    assert.equal(total.sent, 0);
    const dead = await store.deadLetters();
    const reasons = new Map(dead.map((d) => [d.code, d]));
    assert.match(reasons.get(codes[0])!.reason, /refused by zalo: .*HTTP 422/);
    assert.equal(reasons.get(codes[0])!.attempts, 1);
    assert.match(reasons.get(codes[1])!.reason, /^3 attempts, the last: .*HTTP 503/);
    assert.equal(gateway.requestsPerKey.get(`${codes[1]}.v1`), 3);
    assert.equal((await store.get(codes[1]))?.status, "complete");
    await channel.close();
  } finally {
    await gateway.close();
    await store.close();
  }
});

test("e-mail over SMTP carries a link whose token verifies for the notified version, and the phone code that matches it", async () => {
  const { store, codes } = await storeWith(3, (i) => ({ name: `Chủ hộ ${i}`, email: `chu.ho.${i}@example.vn` }));
  const received: { to: string[]; raw: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as { port: number }).port;
  try {
    const channel = new EmailChannel({ smtpUrl: `smtp://127.0.0.1:${port}?tls=off`, from: "Địa chỉ số <no-reply@diachiso.test>" });
    const summary = await deliver({ store, channel, registry, linkKey, publicUrl });
    await channel.close();
    assert.equal(summary.sent, 3);
    assert.equal(received.length, 3);
    for (const mail of received) {
      const body = Buffer.from(mail.raw.slice(mail.raw.indexOf("\r\n\r\n") + 4), "base64").toString("utf8");
      const token = /\/o\/(o1\.[A-Za-z0-9._-]+)/.exec(body)![1];
      const reading = readOwnerToken(linkKey, token);
      assert.ok(reading.ok, "the link's token verifies with the store's key");
      const { code, version } = reading.claims;
      assert.deepEqual(mail.to, [`chu.ho.${codes.indexOf(code)}@example.vn`]);
      const record = await store.get(code);
      assert.equal(record?.status, "notified");
      assert.equal(version, record?.version, "the token names the version the owner confirms");
      const phoneCode = /đọc mã (\d{8})/.exec(body);
      assert.ok(phoneCode, "the phone code is in the message");
      assert.equal(phoneCode[1], ownerPhoneCode(linkKey, code, version));
      assert.ok(ownerPhoneCodeMatches(linkKey, code, version, phoneCode[1]));
      assert.match(mail.raw, new RegExp(`Message-ID: <${code}\\.v1@diachiso\\.test>`, "i"));
      assert.equal(readOwnerToken(ownerLinkKey(randomBytes(32)), token).ok, false, "another store's key refuses it");
    }
  } finally {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await store.close();
  }
});

test("the file channel writes each commune's letters once to its CSV and a PDF with the Vietnamese font embedded", async () => {
  const { store, codes } = await storeWith(4);
  const out = join(dir, "letters");
  const channel = new FileChannel(out);
  const summary = await deliver({ store, channel, registry, linkKey, publicUrl });
  assert.equal(summary.sent, 4);
  // The same letters handed over again (a run killed before the store recorded them) add no line.
  const again = new FileChannel(out);
  const reread = readLetters(join(out, "01", "00004.csv"));
  assert.equal(reread.length, 4);
  await channel.close();
  const csvBefore = readFileSync(join(out, "01", "00004.csv"), "utf8");
  assert.match(csvBefore, /Phường Ba Đình, Thành phố Hà Nội/);
  await again.send({
    idempotencyKey: `${codes[0]}.v1`,
    code: codes[0],
    displayCode: reread[0].displayCode,
    version: 2,
    province: "01",
    commune: "00004",
    addressNew: "x",
    addressOld: null,
    recipient: { name: null, phone: null, email: null },
    link: "https://diachiso.test/o/x",
    phoneCode: "00000000",
    expiresAt: new Date(),
    text: "",
  });
  await again.close();
  assert.equal(readFileSync(join(out, "01", "00004.csv"), "utf8"), csvBefore);
  const pdf = readFileSync(join(out, "01", "00004.pdf")).toString("latin1");
  assert.match(pdf, /^%PDF-/);
  assert.match(pdf, /\/FontFile2/, "the font is embedded");
  assert.match(pdf, /DejaVuSans/);
  assert.equal((pdf.match(/\/Type \/Page\b/g) ?? []).length, 4, "one page per letter");
  // The subset's map back to Unicode (a compressed stream) holds the Vietnamese letters used: Đ U+0110, ị U+1ECB.
  const bytes = readFileSync(join(out, "01", "00004.pdf"));
  const streams: string[] = [];
  for (const match of pdf.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = pdf.indexOf("endstream", start);
    try {
      streams.push(inflateSync(bytes.subarray(start, end)).toString("latin1"));
    } catch {
      // Not a deflated stream (the font file's own framing): not where the map is.
    }
  }
  const toUnicode = streams.find((s) => s.includes("begincmap"));
  assert.ok(toUnicode, "the font has a ToUnicode map");
  assert.match(toUnicode, /<0110>/i);
  assert.match(toUnicode, /<1ecb>/i);
  await store.close();
});

test("a record still at its commune's label point is not notified under its placeholder code: a dead letter says why", async () => {
  const { store } = await storeWith(0);
  const placed = sampleAt(0, { owner: { phone: "0912345678" } });
  placed.location = { ...placed.location, source: "centroid", accuracyM: null };
  // The rule set would hold it back (location.present); a writer may still store it complete.
  const record = await store.create({ data: placed, status: "complete", issues: [] }, { actor: "test" });
  const gateway = await startTestGateway();
  try {
    const summary = await deliver({ store, channel: new HttpChannel({ kind: "sms", url: gateway.url }), registry, linkKey, publicUrl });
    assert.equal(summary.dead, 1);
    assert.equal(gateway.requests.length, 0);
    const [dead] = await store.deadLetters();
    assert.equal(dead.code, record.code);
    assert.match(dead.reason, /placeholder.*label point/);
    assert.equal((await store.get(record.code))?.status, "complete");
  } finally {
    await gateway.close();
    await store.close();
  }
});

test("owners the SMS channel cannot reach stay queued, and the file channel takes them", async () => {
  const { store, codes } = await storeWith(3, (i) => (i === 1 ? { name: "B", email: "b@example.vn" } : { phone: "0912345678" }));
  const gateway = await startTestGateway();
  try {
    const sms = await deliver({ store, channel: new HttpChannel({ kind: "sms", url: gateway.url }), registry, linkKey, publicUrl });
    assert.equal(sms.sent, 2);
    assert.equal((await store.get(codes[1]))?.status, "complete");
    const file = new FileChannel(join(dir, "rest"));
    const rest = await deliver({ store, channel: file, registry, linkKey, publicUrl });
    await file.close();
    assert.equal(rest.sent, 1);
    assert.equal((await store.get(codes[1]))?.status, "notified");
  } finally {
    await gateway.close();
    await store.close();
  }
});

const CHILD = fileURLToPath(new URL("../testing/notify-child.js", import.meta.url));

test("a deliverer killed mid-run (SIGKILL) and started again has each message delivered exactly once by the gateway that keeps keys", () =>
  killAndRestart(false));

test("a deliverer with its store's side in a thread of its own (notify's default), killed mid-run and started again, has each message delivered exactly once", () =>
  killAndRestart(true));

async function killAndRestart(storeThread: boolean): Promise<void> {
  const n = 60;
  const { path, store, codes } = await storeWith(n);
  await store.close();
  // The 30th request hangs: the kill lands while its batch is handed over and not yet settled.
  let hanging: () => void = () => {};
  const hung = new Promise<void>((resolve) => {
    hanging = resolve;
  });
  const gateway = await startTestGateway({
    answer: (_request, index) => {
      if (index === 29) {
        hanging();
        return { status: 200, delayMs: 60_000 };
      }
      return { status: 200 };
    },
  });
  const leaseMs = 1500;
  const mode = storeThread ? ["store-thread"] : [];
  const run = () => spawn(process.execPath, [CHILD, path, gateway.url, personalDataKey.toString("hex"), String(leaseMs), ...mode], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const first = run();
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.on("exit", (_code, signal) => resolve(signal)));
    await hung;
    first.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");
    // The kill landed inside a batch: the gateway delivered messages the store has not recorded as sent.
    const between = openSqliteStore(path);
    const sentBefore = (await between.notificationCounts()).filter((c) => c.state === "sent").reduce((s, c) => s + c.count, 0);
    await between.close();
    assert.ok(gateway.delivered.size > sentBefore, `delivered ${gateway.delivered.size}, recorded sent ${sentBefore}`);
    assert.ok(sentBefore < n);

    await new Promise((resolve) => setTimeout(resolve, leaseMs + 100));
    const second = run();
    let output = "";
    second.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => second.on("exit", resolve));
    assert.equal(code, 0);
    const summary = JSON.parse(output) as { sent: number };
    assert.equal(summary.sent, n - sentBefore);

    assert.equal(gateway.delivered.size, n, "every message delivered");
    assert.deepEqual(new Set(gateway.delivered), new Set(codes.map((c) => `${c}.v1`)));
    const resent = [...gateway.requestsPerKey.values()].filter((count) => count > 1).length;
    assert.equal(gateway.repeats, resent, "a key handed over twice was delivered once");
    assert.ok(resent >= 1, "the batch cut by the kill was handed over again");
    const after = openSqliteStore(path);
    for (const c of codes) assert.equal(await notifiedTimes(after, c), 1);
    await after.close();
  } finally {
    await gateway.close();
  }
}
