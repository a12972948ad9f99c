/**
 * Records over real HTTP: create, read with its ETag, change with If-Match (stale → 412 and nothing
 * lost, also when many writers race with the same version), lifecycle and history; provinces a key
 * works in; the owner's personal data never in public answers and, for operators, only with a
 * reason that the audit log keeps.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openStore } from "../store/open.js";
import { type RunningApi, startApi } from "../testing/api.js";
import { runCli } from "../testing/cli.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-api-records-"));
const db = join(dir, "records.db");
let api: RunningApi;
const key: Record<"surveyor" | "elsewhere" | "operator" | "admin" | "partner" | "verifier", string> = {
  surveyor: "",
  elsewhere: "",
  operator: "",
  admin: "",
  partner: "",
  verifier: "",
};

const OWNER = { name: "Trần Thị Bình", phone: "0987 654 321", citizenId: "001203004567" };
const NEW_RECORD = {
  kind: "household",
  parts: { houseNumber: "12", street: "Phố Quán Thánh" },
  new: { province: "01", commune: "00004" },
  location: { lat: 21.0412, lon: 105.8394, accuracyM: 4, source: "survey-phone" },
  owner: OWNER,
};

before(async () => {
  await (await openStore(db, { use: "create" })).close();
  api = await startApi(db, { followMs: 100, rateLimits: { public: 1_000_000, partner: 1_000_000, surveyor: 1_000_000, operator: 1_000_000, admin: 1_000_000 } });
  const access = api.server.services.access;
  const make = async (role: string, provinces?: string[], scopes?: string[]) => (await access.create({ name: `test ${role}`, role, provinces, scopes }, { actor: "test" })).key;
  key.surveyor = await make("surveyor", ["01"]);
  key.elsewhere = await make("surveyor", ["79"]);
  key.operator = await make("operator", ["01"]);
  key.admin = await make("admin");
  key.partner = await make("partner", undefined, ["search"]);
  key.verifier = await make("partner", undefined, ["verify"]);
});
after(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(path: string, as: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (as) headers.authorization = `Bearer ${as}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${api.base}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
}

async function created(): Promise<{ code: string; etag: string }> {
  const answer = await call("/v1/records", key.surveyor, { method: "POST", body: NEW_RECORD });
  assert.equal(answer.status, 201, answer.text);
  return { code: answer.body.code, etag: answer.headers.get("etag")! };
}

describe("records", () => {
  test("a surveyor creates a record in their province: 201, Location, ETag, no owner in the answer, the ID number kept only as its keyed hash", async () => {
    const answer = await call("/v1/records", key.surveyor, { method: "POST", body: NEW_RECORD });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.headers.get("etag"), '"v1"');
    assert.equal(answer.headers.get("location"), `/v1/records/${answer.body.code}`);
    assert.equal(answer.body.version, 1);
    assert.ok(!("owner" in answer.body));
    assert.doesNotMatch(answer.text, /Trần Thị Bình|987654321|001203004567/);
    const stored = await api.store.get(answer.body.code, { withPersonalData: true });
    assert.equal(stored?.owner?.name, OWNER.name);
    assert.match(stored?.owner?.citizenIdHash ?? "", /^h1:/);
    assert.doesNotMatch(JSON.stringify(stored), /001203004567/);
  });

  test("content the model refuses is a 400 naming the field; a commune outside its province too", async () => {
    const outside = await call("/v1/records", key.surveyor, { method: "POST", body: { ...NEW_RECORD, location: { lat: 48.85, lon: 2.35 } } });
    assert.equal(outside.status, 400);
    assert.equal(outside.body.field, "location");
    const wrongCommune = await call("/v1/records", key.surveyor, { method: "POST", body: { ...NEW_RECORD, new: { province: "01", commune: "26734" } } });
    assert.equal(wrongCommune.status, 400);
    assert.equal(wrongCommune.body.field, "new.commune");
    const unknownField = await call("/v1/records", key.surveyor, { method: "POST", body: { ...NEW_RECORD, admin: true } });
    assert.equal(unknownField.status, 400);
  });

  test("a key works only in its provinces: another province's surveyor can neither create nor read there", async () => {
    const { code } = await created();
    const create = await call("/v1/records", key.elsewhere, { method: "POST", body: NEW_RECORD });
    assert.equal(create.status, 403);
    assert.match(create.body.detail, /province/);
    assert.equal((await call(`/v1/records/${code}`, key.elsewhere)).status, 403);
    assert.equal((await call(`/v1/records/${code}`, key.surveyor)).status, 200);
  });

  test("a change needs If-Match; a stale one gets 412 with the current version and writes nothing", async () => {
    const { code, etag } = await created();
    assert.equal((await call(`/v1/records/${code}`, key.surveyor, { method: "PATCH", body: { name: "A" } })).status, 428);
    const first = await call(`/v1/records/${code}`, key.surveyor, { method: "PATCH", body: { name: "Quán Phở" }, headers: { "if-match": etag } });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers.get("etag"), '"v2"');
    const stale = await call(`/v1/records/${code}`, key.surveyor, { method: "PATCH", body: { name: "Tiệm Bánh" }, headers: { "if-match": etag } });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.current_version, 2);
    const now = await call(`/v1/records/${code}`, key.surveyor);
    assert.equal(now.body.name, "Quán Phở", "the first writer's change is kept");
    assert.equal(now.headers.get("etag"), '"v2"');
    assert.equal((await call(`/v1/records/${code}`, key.surveyor, { method: "PATCH", body: { name: "x" }, headers: { "if-match": "v2" } })).status, 400);
    const owner = (await api.store.get(code, { withPersonalData: true }))?.owner;
    assert.equal(owner?.name, OWNER.name, "a patch of other fields keeps the owner");
  });

  test("twenty writers racing with the same version: exactly one wins, the others get 412, and the history holds one change", async () => {
    const { code, etag } = await created();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(`/v1/records/${code}`, key.operator, { method: "PATCH", body: { name: `Writer ${i}` }, headers: { "if-match": etag } })),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, ...Array(19).fill(412)]);
    const winner = answers.find((a) => a.status === 200)!.body.name;
    const stored = await api.store.get(code);
    assert.equal(stored?.name, winner);
    assert.equal(stored?.version, 2);
    assert.equal((await api.store.history(code)).length, 2);
  });

  test("lifecycle moves with a reason, checked against If-Match when given, and the history lists them", async () => {
    const { code } = await created();
    const stale = await call(`/v1/records/${code}/status`, key.operator, { method: "POST", body: { to: "rejected", reason: "duplicate" }, headers: { "if-match": '"v7"' } });
    assert.equal(stale.status, 412);
    const refused = await call(`/v1/records/${code}/status`, key.operator, { method: "POST", body: { to: "official", reason: "skip ahead" } });
    assert.equal(refused.status, 409);
    const moved = await call(`/v1/records/${code}/status`, key.operator, { method: "POST", body: { to: "rejected", reason: "duplicate of another" }, headers: { "if-match": '"v1"' } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.previous, "surveyed");
    assert.equal(moved.body.record.status, "rejected");
    const history = await call(`/v1/records/${code}/history`, key.surveyor);
    assert.deepEqual(history.body.revisions.map((r: { action: string }) => r.action), ["create", "transition"]);
    assert.equal(history.body.revisions[1].reason, "duplicate of another");
    assert.doesNotMatch(history.text, /Trần Thị Bình/);
  });

  test("who moves what: a surveyor completes a survey, but only an operator notifies the owner or makes it official", async () => {
    const { code } = await created();
    const move = (as: string, to: string) => call(`/v1/records/${code}/status`, as, { method: "POST", body: { to, reason: "test" } });
    const completed = await move(key.surveyor, "complete");
    assert.equal(completed.status, 200, completed.text);
    const notifyAsSurveyor = await move(key.surveyor, "notified");
    assert.equal(notifyAsSurveyor.status, 403, notifyAsSurveyor.text);
    assert.match(notifyAsSurveyor.body.detail, /surveyor may not move a record from complete to notified/);
    assert.equal((await api.store.get(code))?.status, "complete");
    assert.equal((await move(key.operator, "notified")).status, 200);
    assert.equal((await move(key.operator, "confirmed")).status, 200);
    assert.equal((await move(key.surveyor, "official")).status, 403);
    assert.equal((await move(key.admin, "official")).status, 200);
    assert.equal((await move(key.surveyor, "retired")).status, 403);
    assert.equal((await api.store.get(code))?.status, "official");
  });
});

describe("search follows the writes", () => {
  test("a record created over the API is found by search without restarting the server", async () => {
    const created = await call("/v1/records", key.surveyor, { method: "POST", body: { ...NEW_RECORD, parts: { houseNumber: "88", street: "Phố Quán Thánh" } } });
    assert.equal(created.status, 201);
    const until = Date.now() + 10_000;
    let codes: string[] = [];
    while (Date.now() < until) {
      const found = await call(`/v1/search?q=${encodeURIComponent("88 Quán Thánh, Ba Đình, Hà Nội")}&limit=3`, null);
      codes = found.body.features.map((f: { properties: { code: string } }) => f.properties.code);
      if (codes.includes(created.body.code)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(codes[0], created.body.code);
  });
});

describe("autocomplete's kept answers", () => {
  test("an answer kept for the next caller never outlives the index: a record written after it is completed", async () => {
    const typed = `/v1/autocomplete?q=${encodeURIComponent("77 Phố Hàng Cá")}&limit=10`;
    const codesOf = (body: { features: { properties: { code?: string } }[] }) => body.features.map((f) => f.properties.code);
    const before = await call(typed, null);
    assert.equal(before.status, 200);
    assert.deepEqual(await call(typed, null).then((a) => a.body), before.body, "asked again, the same answer");
    const created = await call("/v1/records", key.surveyor, { method: "POST", body: { ...NEW_RECORD, parts: { houseNumber: "77", street: "Phố Hàng Cá" } } });
    assert.equal(created.status, 201);
    assert.ok(!codesOf(before.body).includes(created.body.code));
    const until = Date.now() + 10_000;
    let codes: (string | undefined)[] = [];
    while (Date.now() < until) {
      codes = codesOf((await call(typed, null)).body);
      if (codes.includes(created.body.code)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(codes.includes(created.body.code), `${created.body.code} not in ${codes.join(", ")}`);
  });
});

describe("listing records", () => {
  test("a page at a time within the key's provinces, without personal data; another province is refused", async () => {
    await created();
    await created();
    const first = await call("/v1/records?limit=1", key.surveyor);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.items.length, 1);
    assert.equal(first.body.items[0].new.province.code, "01");
    assert.ok(first.body.next);
    const second = await call(`/v1/records?limit=1&after=${encodeURIComponent(first.body.next)}`, key.surveyor);
    assert.notEqual(second.body.items[0].code, first.body.items[0].code);
    const all = await call("/v1/records?province=01&status=surveyed&limit=1000", key.admin);
    assert.ok(all.body.items.length >= 2);
    assert.doesNotMatch(all.text, /Trần Thị Bình|h1:/);
    assert.equal((await call("/v1/records?province=79", key.surveyor)).status, 403);
    assert.equal((await call("/v1/records?commune=26740", key.surveyor)).status, 403);
    assert.equal((await call("/v1/records?commune=99999", key.surveyor)).status, 404);
    assert.equal((await call("/v1/records?status=sunny", key.admin)).status, 400);
  });
});

describe("personal data", () => {
  test("never in public or partner answers", async () => {
    const { code } = await created();
    for (const as of [null, key.partner]) {
      const answer = await call(`/v1/addresses/${code}`, as);
      assert.equal(answer.status, 200);
      assert.doesNotMatch(answer.text, /Trần Thị Bình|987654321|h1:/);
      assert.equal((await call(`/v1/records/${code}`, as)).status, as ? 403 : 401);
    }
  });

  test("a surveyor may not read it; an operator must give a reason; each read is audited with who, what, when and why", async () => {
    const { code } = await created();
    assert.equal((await call(`/v1/records/${code}?personal_data=true&reason=x`, key.surveyor)).status, 403);
    const before = await api.store.auditLog({ subject: code });
    const noReason = await call(`/v1/records/${code}?personal_data=true`, key.operator);
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, "reason");
    assert.deepEqual(await api.store.auditLog({ subject: code }), before, "a refused read is not a read");
    const read = await call(`/v1/records/${code}?personal_data=true&reason=${encodeURIComponent("complaint 2026-118")}`, key.operator);
    assert.equal(read.status, 200);
    assert.equal(read.body.owner.name, OWNER.name);
    const history = await call(`/v1/records/${code}/history?personal_data=true&reason=court%20order`, key.admin);
    assert.equal(history.status, 200);
    const entries = await api.store.auditLog({ subject: code });
    assert.deepEqual(entries.map((e) => [e.action, e.reason]), [
      ["read-personal-data", "complaint 2026-118"],
      ["read-history-personal-data", "court order"],
    ]);
    assert.match(entries[0].actor, /^key:k_[0-9a-f]+ \(test operator\)$/);
    assert.ok(Math.abs(Date.parse(entries[0].at) - Date.now()) < 60_000);
    const cli = await runCli(["audit", "--db", db, "--subject", code, "--json"]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), entries);
    const viaApi = await call(`/v1/audit?subject=${code}`, key.admin);
    assert.deepEqual(viaApi.body, entries);
  });
});

describe("residence verification", () => {
  const verify = (as: string, body: Record<string, string>) => call("/v1/residence/verify", as, { method: "POST", body: { reason: "application 2026-77", ...body } });

  test("answers only yes or no through the stored hash, written as people write the number, and audits each check without the number", async () => {
    const { code } = await created();
    const yes = await verify(key.verifier, { code, citizen_id: OWNER.citizenId });
    assert.equal(yes.status, 200, yes.text);
    assert.deepEqual(yes.body, { resident: true });
    assert.deepEqual((await verify(key.verifier, { code, citizen_id: "001 203 004 567" })).body, { resident: true });
    assert.deepEqual((await verify(key.verifier, { code, citizen_id: "001203004568" })).body, { resident: false });
    const entries = await api.store.auditLog({ subject: code });
    assert.deepEqual(entries.map((e) => [e.action, e.reason]), Array(3).fill(["verify-residence", "application 2026-77"]));
    assert.doesNotMatch(JSON.stringify(await api.store.auditLog()), /001203004567|001 203/);
  });

  test("a malformed ID number is a 400 that does not echo it; an unknown code a 404; neither is logged", async () => {
    const { code } = await created();
    const malformed = await verify(key.verifier, { code, citizen_id: "12345678901X" });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.field, "citizen_id");
    assert.doesNotMatch(malformed.text, /12345678901X/);
    assert.equal((await verify(key.verifier, { code: "2TT-PF3-CM6M", citizen_id: OWNER.citizenId })).status, 404);
    assert.deepEqual(await api.store.auditLog({ subject: code }), []);
  });

  test("after the owner's personal data is erased the answer is no", async () => {
    const { code } = await created();
    await api.server.services.records.erasePersonalData(code, { actor: "dpo", reason: "owner's request" });
    assert.deepEqual((await verify(key.verifier, { code, citizen_id: OWNER.citizenId })).body, { resident: false });
  });

  test("needs the verify scope, and has its own rate limit per key", async () => {
    const { code } = await created();
    assert.equal((await verify(key.partner, { code, citizen_id: OWNER.citizenId })).status, 403);
    assert.equal((await verify(key.operator, { code, citizen_id: OWNER.citizenId })).status, 403);
    const strict = await startApi(db, { loadIndex: false, verifyRatePerMinute: 2 });
    try {
      const ask = async () =>
        (
          await fetch(`${strict.base}/v1/residence/verify`, {
            method: "POST",
            headers: { authorization: `Bearer ${key.verifier}`, "content-type": "application/json" },
            body: JSON.stringify({ code, citizen_id: OWNER.citizenId, reason: "x" }),
          })
        ).status;
      assert.deepEqual([await ask(), await ask(), await ask()], [200, 200, 429]);
      const asAdmin = await fetch(`${strict.base}/v1/residence/verify`, {
        method: "POST",
        headers: { authorization: `Bearer ${key.admin}`, "content-type": "application/json" },
        body: JSON.stringify({ code, citizen_id: OWNER.citizenId, reason: "x" }),
      });
      assert.equal(asAdmin.status, 200, "each key has its own count");
    } finally {
      await strict.close();
    }
  });
});
