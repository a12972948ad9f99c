/**
 * The owner's routes over real HTTP: the link's token in X-Owner-Token opens the owner's own record
 * (their personal data, audited, never cached), confirms it or asks for a correction; each refusal
 * its own RFC 9457 problem; staff take a confirmation by phone and read the proposals in their
 * provinces; the owner page answers without cache or referrer; the request log never holds a token;
 * the owner routes have their own rate limit and are in the OpenAPI document.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { newOwnerLinkNonce, ownerLinkKey, ownerPhoneCode, signOwnerToken } from "../domain/owner-link.js";
import { sampleAt } from "../store/contract.js";
import { openStore } from "../store/open.js";
import { type RunningApi, startApi } from "../testing/api.js";
import { OWNER_TOKEN_HEADER } from "./routes/owner.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-api-owner-"));
const db = join(dir, "owner.db");
let api: RunningApi;
let linkKey: Buffer;
let cell = 0;
const key = { operator: "", elsewhere: "", surveyor: "" };
const NO_LIMIT = { public: 1_000_000, partner: 1_000_000, surveyor: 1_000_000, operator: 1_000_000, admin: 1_000_000 };

before(async () => {
  await (await openStore(db, { use: "create" })).close();
  api = await startApi(db, { loadIndex: false, rateLimits: NO_LIMIT, ownerRatePerMinute: 1_000_000 });
  linkKey = ownerLinkKey(api.server.services.stores.personalDataKey());
  const access = api.server.services.access;
  key.operator = (await access.create({ name: "Xã Ba Đình", role: "operator", provinces: ["01"] }, { actor: "test" })).key;
  key.elsewhere = (await access.create({ name: "TP HCM", role: "operator", provinces: ["79"] }, { actor: "test" })).key;
  key.surveyor = (await access.create({ name: "đội 1", role: "surveyor", provinces: ["01"] }, { actor: "test" })).key;
});
after(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A record in Hà Nội moved to `notified` through the lifecycle, and a link for it. */
async function notified(expiresAt = new Date(Date.now() + 86_400_000)): Promise<{ code: string; version: number; token: string }> {
  const data = sampleAt(cell++, { owner: { name: "Phạm Văn Nam", phone: "0903111222", citizenIdHash: "h1:not-for-owners" } });
  const { code } = await api.store.create({ data }, { actor: "surveyor:test" });
  await api.store.transition(code, 1, { to: "complete", reason: "checked" }, { actor: "surveyor:test" });
  const { version } = await api.store.transition(code, 2, { to: "notified", reason: "sent" }, { actor: "notify:file" });
  return { code, version, token: signOwnerToken(linkKey, { code, version, expiresAt, nonce: newOwnerLinkNonce() }) };
}

async function call(path: string, init: { method?: string; token?: string; key?: string; body?: unknown; base?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers[OWNER_TOKEN_HEADER] = init.token;
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${init.base ?? api.base}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text && /json/.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : null };
}

describe("the owner's link over HTTP", () => {
  test("GET /v1/owner: the owner's own record with their name and phone, no ID hash, not cached, no referrer, audited under the link", async () => {
    const { code, token } = await notified();
    const answer = await call("/v1/owner", { token });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.code, code);
    assert.deepEqual(answer.body.owner, { name: "Phạm Văn Nam", phone: "0903111222", email: null });
    assert.doesNotMatch(answer.text, /not-for-owners/);
    assert.equal(answer.headers.get("cache-control"), "no-store");
    assert.equal(answer.headers.get("referrer-policy"), "no-referrer");
    const audit = await api.store.auditLog({ subject: code });
    assert.deepEqual(audit.map((e) => [e.actor, e.action]), [[`owner-link:${token.split(".")[4]}`, "owner-read-personal-data"]]);
  });

  test("each refusal is its own problem: missing 401, malformed 400, tampered 403, expired 410, stale 409, used 410", async () => {
    const { code, version, token } = await notified();
    const problem = async (t: string | undefined, status: number, type: string) => {
      const answer = await call("/v1/owner", { token: t });
      assert.equal(answer.status, status, `${type}: ${answer.text}`);
      assert.match(answer.headers.get("content-type") ?? "", /^application\/problem\+json/);
      assert.equal(answer.body.type, `urn:diachiso:problem:${type}`);
      assert.ok(answer.body.detail.length > 20);
      return answer.body.detail as string;
    };
    await problem(undefined, 401, "owner-link-missing");
    await problem("o1.cut.short", 400, "owner-link-malformed");
    await problem(token.replace(`.${version}.`, `.${version + 1}.`), 403, "owner-link-tampered");
    const expired = signOwnerToken(linkKey, { code, version, expiresAt: new Date(Date.now() - 1000), nonce: newOwnerLinkNonce() });
    assert.match(await problem(expired, 410, "owner-link-expired"), /expired on/);
    const old = signOwnerToken(linkKey, { code, version: version - 2, expiresAt: new Date(Date.now() + 60_000), nonce: newOwnerLinkNonce() });
    assert.match(await problem(old, 409, "owner-link-stale"), /changed since the notification/);
    assert.equal((await call("/v1/owner/confirm", { method: "POST", token })).status, 200);
    assert.match(await problem(token, 410, "owner-link-used"), /already used/);
  });

  test("POST /v1/owner/confirm: the record is confirmed in the store with its history entry, and the link is used up", async () => {
    const { code, token } = await notified();
    const answer = await call("/v1/owner/confirm", { method: "POST", token });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.status, "confirmed");
    assert.equal((await api.store.get(code))?.status, "confirmed");
    assert.equal((await api.store.history(code)).at(-1)?.actor, "owner");
    const again = await call("/v1/owner/confirm", { method: "POST", token });
    assert.equal(again.status, 410);
    assert.equal(again.body.type, "urn:diachiso:problem:owner-link-used");
  });

  test("POST /v1/owner/correction keeps the proposal (record unchanged); staff of the province list it, others are refused", async () => {
    const { code, token } = await notified();
    const before = await api.store.get(code);
    const refused = await call("/v1/owner/correction", { method: "POST", token, body: { fields: { "owner.phone": "1" } } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.field, "fields.owner.phone");
    const answer = await call("/v1/owner/correction", { method: "POST", token, body: { text: "Ngõ là 36", fields: { "parts.alleys": "Ngõ 36" } } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.status, "correction-requested");
    assert.deepEqual((await api.store.get(code))?.parts, before?.parts);
    const listed = await call(`/v1/proposals?code=${code}`, { key: key.surveyor });
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.body.items.map((p: { text: string; fields: unknown }) => [p.text, p.fields]), [["Ngõ là 36", { "parts.alleys": "Ngõ 36" }]]);
    const byUnit = await call("/v1/proposals?commune=00004", { key: key.operator });
    assert.ok(byUnit.body.items.some((p: { code: string }) => p.code === code));
    assert.equal((await call(`/v1/proposals?code=${code}`, { key: key.elsewhere })).status, 403);
    assert.equal((await call("/v1/proposals", { key: key.operator })).status, 200, "one province: no need to name it");
    assert.equal((await call("/v1/proposals")).status, 401);
  });

  test("a phone confirmation by staff of the record's province: the code read out confirms once; a wrong code or another province is refused", async () => {
    const { code, version } = await notified();
    const spoken = ownerPhoneCode(linkKey, code, version);
    const path = `/v1/records/${code}/owner-confirmation`;
    assert.equal((await call(path, { method: "POST", key: key.elsewhere, body: { phone_code: spoken } })).status, 403);
    const wrong = await call(path, { method: "POST", key: key.operator, body: { phone_code: "0000 0000" === spoken ? "1111 1111" : "0000 0000" } });
    assert.equal(wrong.status, 409);
    assert.match(wrong.body.detail, /phone code does not match/);
    const right = await call(path, { method: "POST", key: key.operator, body: { phone_code: `${spoken.slice(0, 4)}-${spoken.slice(4)}` } });
    assert.equal(right.status, 200, right.text);
    assert.equal((await api.store.get(code))?.status, "confirmed");
    assert.match((await api.store.history(code)).at(-1)?.actor ?? "", /^owner by phone \(key:k_/);
    assert.equal((await call(path, { method: "POST", key: key.operator, body: { phone_code: spoken } })).status, 409);
  });

  test("the OpenAPI document lists the owner routes under their tag", async () => {
    const document = (await call("/openapi.json")).body as { paths: Record<string, Record<string, { tags: string[] }>> };
    for (const [path, method] of [["/v1/owner", "get"], ["/v1/owner/confirm", "post"], ["/v1/owner/correction", "post"], ["/v1/proposals", "get"]])
      assert.deepEqual(document.paths[path]?.[method]?.tags, ["owner"], path);
  });
});

describe("what the server keeps of a token, and how often it may be tried", () => {
  test("the request log holds neither the owner page's token nor the API's, and the page is not cached and sends no referrer", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await startApi(db, { loadIndex: false, logger: { level: "info", stream }, rateLimits: NO_LIMIT });
    try {
      const { token } = await notified();
      const page = await fetch(`${logged.base}/o/${token}`);
      await page.text();
      assert.equal(page.status, 200, "the built pages are there (npm run build:web)");
      assert.equal(page.headers.get("cache-control"), "no-store");
      assert.equal(page.headers.get("referrer-policy"), "no-referrer");
      assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
      assert.equal((await call("/v1/owner", { token, base: logged.base })).status, 200);
      const log = lines.join("");
      assert.match(log, /"url":"\/o\/<token>"/, "the page request is logged, redacted");
      // One line a request, with its status and time.
      const pageLines = lines.filter((line) => line.includes('"url":"/o/<token>"'));
      assert.equal(pageLines.length, 1, pageLines.join(""));
      const entry = JSON.parse(pageLines[0]);
      assert.equal(entry.req.method, "GET");
      assert.equal(entry.res.statusCode, 200);
      assert.equal(typeof entry.responseTime, "number");
      assert.match(log, /"url":"\/v1\/owner"/);
      const [, , , , nonce, signature] = token.split(".");
      assert.ok(!log.includes(signature) && !log.includes(nonce), "no part of the token in the log");
    } finally {
      await logged.close();
    }
  });

  test("the owner page answers for a link to a record with a long code migrated from an earlier system", async () => {
    const data = sampleAt(cell++, { owner: { name: "X" } });
    const code = "LEGACY-HANOI-BADINH-0000000000012345";
    await api.store.create({ data, code, issues: [] }, { actor: "migration" });
    await api.store.transition(code, 1, { to: "complete", reason: "checked" }, { actor: "t" });
    const { version } = await api.store.transition(code, 2, { to: "notified", reason: "sent" }, { actor: "t" });
    const token = signOwnerToken(linkKey, { code, version, expiresAt: new Date(Date.now() + 86_400_000), nonce: newOwnerLinkNonce() });
    assert.ok(token.length > 100, `${token.length} characters`);
    const page = await fetch(`${api.base}/o/${token}`);
    await page.text();
    assert.equal(page.status, 200);
    assert.equal((await call("/v1/owner", { token })).body.code, code);
  });

  test("each owner route has its own limit per caller address: past it, 429", async () => {
    const limited = await startApi(db, { loadIndex: false, rateLimits: NO_LIMIT, ownerRatePerMinute: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call("/v1/owner", { token: "o1.guess", base: limited.base })).status);
      assert.deepEqual(statuses, [400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});
