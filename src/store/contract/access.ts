/** Store contract, access keys (kept as their hash only) and the audit log of personal-data reads. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { NewAccessKey } from "../store.js";
import type { ContractCase } from "./samples.js";

function keyFor(id: string, secret: string): NewAccessKey {
  return {
    id,
    hash: createHash("sha256").update(secret).digest("hex"),
    name: `key ${id}`,
    role: "operator",
    scopes: ["search"],
    provinces: ["01", "79"],
    ratePerMinute: 600,
    createdBy: "admin:test",
  };
}

export function accessCases(it: ContractCase): void {
  it("keeps an access key under its hash, finds it by hash, lists it, and never holds the key itself", async (store) => {
    const at = new Date("2026-01-02T03:04:05.000Z");
    const added = await store.addAccessKey(keyFor("k_one", "secret-one"), at);
    assert.equal(added.createdAt, at.toISOString());
    assert.equal(added.revokedAt, null);
    assert.deepEqual(added.provinces, ["01", "79"]);
    const found = await store.accessKeyByHash(createHash("sha256").update("secret-one").digest("hex"));
    assert.deepEqual(found, added);
    assert.equal(await store.accessKeyByHash(createHash("sha256").update("secret-two").digest("hex")), null);
    await store.addAccessKey({ ...keyFor("k_two", "secret-two"), provinces: null, ratePerMinute: null }, new Date(at.getTime() + 1));
    const all = await store.accessKeys();
    assert.deepEqual(all.map((k) => k.id), ["k_one", "k_two"]);
    assert.equal(all[1].provinces, null);
    assert.doesNotMatch(JSON.stringify(all), /secret-/);
  });

  it("refuses a second key with the same id or the same hash", async (store) => {
    await store.addAccessKey(keyFor("k_one", "secret-one"));
    await assert.rejects(store.addAccessKey(keyFor("k_one", "secret-other")), /k_one/);
    await assert.rejects(store.addAccessKey(keyFor("k_other", "secret-one")), /same hash/);
    assert.equal((await store.accessKeys()).length, 1);
  });

  it("revokes a key once: the first time stays, an unknown id answers null", async (store) => {
    await store.addAccessKey(keyFor("k_one", "secret-one"));
    const first = new Date("2026-02-01T00:00:00.000Z");
    assert.equal((await store.revokeAccessKey("k_one", first))?.revokedAt, first.toISOString());
    assert.equal((await store.revokeAccessKey("k_one", new Date("2026-03-01T00:00:00.000Z")))?.revokedAt, first.toISOString());
    assert.equal(await store.revokeAccessKey("k_nobody"), null);
  });

  it("moves its key revision when a key is added or revoked, and for nothing else", async (store) => {
    const empty = await store.accessKeysRevision();
    assert.equal(await store.accessKeysRevision(), empty, "reading it moves nothing");
    await store.addAccessKey(keyFor("k_one", "secret-one"));
    const one = await store.accessKeysRevision();
    assert.notEqual(one, empty);
    await store.addAccessKey(keyFor("k_two", "secret-two"));
    const two = await store.accessKeysRevision();
    assert.ok(two !== one && two !== empty);
    await store.appendAudit({ actor: "key:k_one", action: "read-personal-data", subject: "CODE1", reason: "complaint 12" });
    assert.equal(await store.accessKeysRevision(), two, "an audit entry is no key write");
    await store.revokeAccessKey("k_one");
    const revoked = await store.accessKeysRevision();
    assert.ok(![empty, one, two].includes(revoked), "a revocation moves it");
    await store.revokeAccessKey("k_one");
    await store.revokeAccessKey("k_nobody");
    assert.equal(await store.accessKeysRevision(), revoked, "a second revocation, or one of no key, writes nothing");
  });

  it("appends audit entries in order and reads them after a position, or about one subject", async (store) => {
    const a = await store.appendAudit({ actor: "key:k_one", action: "read-personal-data", subject: "CODE1", reason: "complaint 12" });
    const b = await store.appendAudit({ actor: "key:k_two", action: "read-personal-data", subject: "CODE2", reason: "court order" });
    const c = await store.appendAudit({ actor: "key:k_one", action: "read-history-personal-data", subject: "CODE1", reason: "complaint 12" });
    assert.ok(a.seq < b.seq && b.seq < c.seq);
    assert.deepEqual((await store.auditLog()).map((e) => e.seq), [a.seq, b.seq, c.seq]);
    assert.deepEqual((await store.auditLog({ after: a.seq, limit: 1 })).map((e) => e.seq), [b.seq]);
    assert.deepEqual((await store.auditLog({ subject: "CODE1" })).map((e) => e.action), ["read-personal-data", "read-history-personal-data"]);
    assert.equal((await store.auditLog())[1].reason, "court order");
  });
}
