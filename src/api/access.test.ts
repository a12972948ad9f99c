/**
 * Who may call what, over real HTTP: the authorisation matrix (every route of the table × every
 * role, generated from the table, so a route added later is checked without a new test), keys that
 * are unknown, revoked or malformed, partners' scopes and own rate limits, and the keys and audit
 * commands as a user runs them.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { openStore } from "../store/open.js";
import { type RunningApi, startApi, surveyedStore } from "../testing/api.js";
import { runCli } from "../testing/cli.js";
import { loadRegistry } from "../units/registry.js";
import { mayCall } from "./access.js";
import { ANONYMOUS, type Principal, ROLES, type Role, SCOPES } from "./roles.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-api-access-"));
let db: string;
let api: RunningApi;
/** One key per keyed role, with every scope a partner can have and the provinces of the survey. */
const keys = new Map<Role, { key: string; principal: Principal }>();
const NO_LIMIT = Object.fromEntries(ROLES.map((r) => [r, 1_000_000]));

before(async () => {
  db = await surveyedStore(dir, 300, 11);
  api = await startApi(db, { rateLimits: NO_LIMIT });
  // Every new province, so that a route's example (a record in Hà Nội, say) is never refused for its place.
  const provinces = loadRegistry().list("new", "province").map((p) => p.code);
  for (const role of ROLES) {
    if (role === "public") continue;
    const made = await api.server.services.access.create(
      {
        name: `matrix ${role}`,
        role,
        scopes: role === "partner" ? [...SCOPES] : undefined,
        provinces: role === "surveyor" || role === "operator" ? provinces : undefined,
      },
      { actor: "test" },
    );
    const principal: Principal = { role, keyId: made.record.id, name: made.record.name, scopes: role === "partner" ? [...SCOPES] : [], provinces: made.record.provinces, ratePerMinute: null };
    keys.set(role, { key: made.key, principal });
  }
});
after(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(url: string, init: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== undefined) headers.authorization = `Bearer ${init.key}`;
  // A text body (a CSV upload) goes as it is, with the example's own Content-Type.
  if (typeof init.body === "string") return fetch(`${api.base}${url}`, { method: init.method ?? "POST", headers, body: init.body });
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${api.base}${url}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

describe("the authorisation matrix, generated from the route table", () => {
  test("the table has routes for every role and at least one route no anonymous caller may use", () => {
    const routes = api.server.routes;
    for (const role of ROLES) assert.ok(routes.some((r) => r.allow.includes(role)), role);
    assert.ok(routes.some((r) => !r.allow.includes("public")));
  });

  // The routes are known once the server runs: one test per role walks every route of the table.
  for (const role of ROLES) {
    test(`as ${role}: every route answers as the table allows (allowed: no 401/403 and no 5xx; denied: ${role === "public" ? "401" : "403"})`, async () => {
      const principal = role === "public" ? ANONYMOUS : keys.get(role)!.principal;
      const key = role === "public" ? undefined : keys.get(role)!.key;
      const rows: string[] = [];
      for (const route of api.server.routes) {
        const { example } = route;
        const response = await call(example.url, { method: route.method, key, body: example.body, headers: example.headers });
        await response.arrayBuffer();
        const allowed = mayCall(principal, route.allow, route.scope);
        const where = `${role} ${route.method} ${example.url} → ${response.status}`;
        rows.push(where);
        if (allowed) {
          assert.ok(response.status !== 401 && response.status !== 403, `${where}: should be allowed`);
          assert.ok(response.status < 500 || route.url === "/readyz", `${where}: no server error`);
        } else {
          assert.equal(response.status, role === "public" ? 401 : 403, `${where}: should be denied`);
          assert.match(response.headers.get("content-type") ?? "", /^application\/problem\+json/);
        }
      }
      assert.equal(rows.length, api.server.routes.length);
    });
  }
});

describe("keys", () => {
  test("an unknown key, a malformed header and a revoked key are 401, never a silent fall back to public", async () => {
    const unknown = await call("/v1/units/new/01", { key: "dck_not-a-key" });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.headers.get("www-authenticate"), 'Bearer realm="diachiso"');
    assert.equal((await call("/v1/units/new/01", { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } })).status, 401);
    const made = await api.server.services.access.create({ name: "short-lived", role: "admin" }, { actor: "test" });
    assert.equal((await call("/v1/keys", { key: made.key })).status, 200);
    const revoked = await call(`/v1/keys/${made.record.id}`, { method: "DELETE", key: keys.get("admin")!.key });
    assert.equal(revoked.status, 200);
    assert.ok(((await revoked.json()) as { revokedAt: string | null }).revokedAt);
    const after = await call("/v1/keys", { key: made.key });
    assert.equal(after.status, 401, "revocation holds at once");
  });

  test("/v1/keys/me tells a key's holder its role and provinces, never the key; without a key it is a 401", async () => {
    const operator = keys.get("operator")!;
    const me = await call("/v1/keys/me", { key: operator.key });
    assert.equal(me.status, 200);
    const body = (await me.json()) as Record<string, unknown>;
    assert.deepEqual(
      { id: body.id, role: body.role, provinces: body.provinces },
      { id: operator.principal.keyId, role: "operator", provinces: operator.principal.provinces },
    );
    assert.ok(!JSON.stringify(body).includes(operator.key.slice(4)), "the key itself is not in the answer");
    assert.equal((await call("/v1/keys/me")).status, 401);
  });

  test("the store keeps a key's SHA-256 only: neither the key nor any part of its secret is in the file", async () => {
    const made = await call("/v1/keys", { method: "POST", key: keys.get("admin")!.key, body: { name: "partner X", role: "partner", scopes: ["search"] } });
    assert.equal(made.status, 201);
    const { key, id } = (await made.json()) as { key: string; id: string };
    assert.match(key, /^dck_[A-Za-z0-9_-]{43}$/, "256 random bits, base64url");
    const file = new Database(db, { readonly: true });
    try {
      const row = file.prepare("SELECT * FROM access_keys WHERE id = ?").get(id) as Record<string, unknown>;
      assert.match(String(row.hash), /^[0-9a-f]{64}$/);
      const everything = JSON.stringify(file.prepare("SELECT * FROM access_keys").all());
      assert.ok(!everything.includes(key.slice(4, 20)), "no part of the secret");
    } finally {
      file.close();
    }
    const listed = await call("/v1/keys", { key: keys.get("admin")!.key });
    assert.doesNotMatch(await listed.text(), /"hash"/);
  });

  test("a partner key without a route's scope is refused with 403 naming the scope", async () => {
    const made = await api.server.services.access.create({ name: "units only", role: "partner", scopes: ["units"] }, { actor: "test" });
    assert.equal((await call("/v1/units/new/01", { key: made.key })).status, 200);
    const refused = await call("/v1/search?q=ha", { key: made.key });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { detail: string }).detail, /scope "search"/);
  });

  test("a key's own rate limit counts its requests apart from anonymous callers", async () => {
    const limited = await startApi(db, { loadIndex: false, rateLimits: { public: 5 } });
    try {
      const made = await limited.server.services.access.create({ name: "slow partner", role: "partner", scopes: ["units"], ratePerMinute: 2 }, { actor: "test" });
      const asPartner = async () => (await fetch(`${limited.base}/v1/units/new/01`, { headers: { authorization: `Bearer ${made.key}` } })).status;
      assert.deepEqual([await asPartner(), await asPartner(), await asPartner()], [200, 200, 429]);
      assert.equal((await fetch(`${limited.base}/v1/units/new/01`)).status, 200, "anonymous callers have their own count");
    } finally {
      await limited.close();
    }
  });

  test("guessing keys spends the caller's anonymous rate limit: unknown keys get 401, then 429", async () => {
    const limited = await startApi(db, { loadIndex: false, rateLimits: { public: 2 } });
    try {
      const guess = async (i: number) => (await fetch(`${limited.base}/v1/keys`, { headers: { authorization: `Bearer dck_guess${i}` } })).status;
      assert.deepEqual([await guess(1), await guess(2), await guess(3)], [401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  test("diachiso keys create|list|revoke and audit, as a user runs them", async () => {
    const cliDir = mkdtempSync(join(dir, "cli-"));
    const cliDb = join(cliDir, "k.db");
    await (await openStore(cliDb, { use: "create" })).close();
    const created = await runCli(["keys", "create", "--db", cliDb, "--name", "Giao hàng", "--role", "partner", "--scopes", "search,units", "--json"]);
    assert.equal(created.status, 0, created.stderr);
    const made = JSON.parse(created.stdout);
    assert.match(made.key, /^dck_/);
    assert.deepEqual(made.scopes, ["search", "units"]);
    const refused = await runCli(["keys", "create", "--db", cliDb, "--name", "x", "--role", "surveyor"]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--provinces: surveyor keys need the provinces/);
    const listed = await runCli(["keys", "list", "--db", cliDb, "--json"]);
    assert.deepEqual(JSON.parse(listed.stdout).map((k: { id: string }) => k.id), [made.id]);
    assert.ok(!listed.stdout.includes(made.key));
    const revoked = await runCli(["keys", "revoke", made.id, "--db", cliDb]);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.match(revoked.stdout, /revoked/);
    assert.equal((await runCli(["keys", "revoke", "k_nobody", "--db", cliDb])).status, 1);
    const audit = await runCli(["audit", "--db", cliDb]);
    assert.equal(audit.status, 0, audit.stderr);
    assert.equal(audit.stdout, "no entries\n");
  });
});
