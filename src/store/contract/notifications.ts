/**
 * Store contract, the notification outbox: queued in the transaction that makes a record complete,
 * once per record version; claimed under a lease; settled as sent (the record moves to notified),
 * failed (due again later) or dead (listed with its reason); counted by unit and state.
 */
import assert from "node:assert/strict";
import type { NotificationCount, NotificationState, Store } from "../store.js";
import { type ContractCase, rows, sampleAt, who } from "./samples.js";

const T0 = new Date("2026-01-10T08:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

/** Notification counts of one state, summed over units. */
function total(counts: readonly NotificationCount[], state: NotificationState): number {
  return counts.filter((c) => c.state === state).reduce((sum, c) => sum + c.count, 0);
}

/** Claims everything due (at T0 unless told) for `claimant`. */
function claimAll(store: Store, claimant: string, options: { now?: Date; contact?: "phone" | "email"; leaseMs?: number; channel?: string } = {}) {
  return store.claimNotifications({
    channel: options.channel ?? "sms",
    claimant,
    limit: 100,
    leaseMs: options.leaseMs ?? 60_000,
    contact: options.contact,
    now: options.now ?? T0,
  });
}

const at = (s: string) => ({ ...who, at: new Date(`2026-01-0${s}Z`) });

export function notificationCases(it: ContractCase): void {
  it("queues one notification for a record created complete and none for a surveyed one, counted by unit", async (store) => {
    const complete = await store.create({ data: sampleAt(1), status: "complete" }, at("1T08:00:00"));
    await store.create({ data: sampleAt(2) }, at("1T08:00:00"));
    const counts = await store.notificationCounts();
    assert.deepEqual(counts, [{ province: "01", commune: "00004", state: "queued", count: 1 }]);
    const claimed = await claimAll(store, "a");
    assert.deepEqual(
      claimed.map((n) => [n.code, n.version, n.attempts, n.province, n.commune]),
      [[complete.code, 1, 0, "01", "00004"]],
    );
  });

  it("queues on a transition to complete and on an import that promotes rows, never twice for one record version", async (store) => {
    const moved = await store.create({ data: sampleAt(1) }, at("1T08:00:00"));
    await store.transition(moved.code, 1, { to: "complete", reason: "checked" }, at("1T09:00:00"));
    await store.importBatch("b", rows(3, 10), { actor: "import", promoteComplete: true, at: new Date("2026-01-01T10:00:00Z") });
    // The same rows again change nothing, so queue nothing.
    await store.importBatch("b", rows(3, 10), { actor: "import", promoteComplete: true, at: new Date("2026-01-01T11:00:00Z") });
    const claimed = await claimAll(store, "a");
    assert.equal(claimed.length, 4);
    assert.equal(new Set(claimed.map((n) => `${n.code}@${n.version}`)).size, 4);
    assert.deepEqual(claimed.find((n) => n.code === moved.code)?.version, 2);
  });

  it("supersedes a queued notification when its record leaves complete, and queues the new version when it comes back", async (store) => {
    const { code } = await store.create({ data: sampleAt(1), status: "complete" }, at("1T08:00:00"));
    const edited = await store.update(code, 1, { name: "Quán phở" }, at("1T09:00:00"));
    assert.equal(edited.status, "surveyed");
    assert.equal(total(await store.notificationCounts(), "superseded"), 1);
    assert.deepEqual(await claimAll(store, "a"), []);
    await store.transition(code, 2, { to: "complete", reason: "checked again" }, at("1T10:00:00"));
    const claimed = await claimAll(store, "a");
    assert.deepEqual(
      claimed.map((n) => [n.code, n.version]),
      [[code, 3]],
    );
  });

  it("leases a claim: nobody else gets it until the lease ends, then the first claimant can no longer settle it", async (store) => {
    await store.create({ data: sampleAt(1), status: "complete" }, at("1T08:00:00"));
    const [first] = await claimAll(store, "killed-deliverer", { leaseMs: 30_000 });
    assert.ok(first);
    assert.deepEqual(await claimAll(store, "other", { now: later(29_999) }), []);
    const [again] = await claimAll(store, "other", { now: later(30_000) });
    assert.equal(again?.id, first.id);
    const late = await store.settleNotifications("killed-deliverer", "sms", [{ id: first.id, outcome: "sent", receipt: "r1" }]);
    assert.deepEqual(late, [{ id: first.id, applied: false }]);
    const settled = await store.settleNotifications("other", "sms", [{ id: first.id, outcome: "sent", receipt: "r2" }]);
    assert.equal(settled[0].applied, true);
    // Settled once: a repeat (a retried settle) changes nothing.
    assert.deepEqual(await store.settleNotifications("other", "sms", [{ id: first.id, outcome: "sent", receipt: "r2" }]), [
      { id: first.id, applied: false },
    ]);
  });

  it("sending moves the record complete → notified in the same write, with the channel as actor and the receipt in the reason", async (store) => {
    const { code } = await store.create({ data: sampleAt(1), status: "complete" }, at("1T08:00:00"));
    const [claimed] = await claimAll(store, "d1", { channel: "email" });
    const [settled] = await store.settleNotifications("d1", "email", [{ id: claimed.id, outcome: "sent", receipt: "<m1@x>" }], later(1000));
    assert.deepEqual(settled, { id: claimed.id, applied: true, recordStatus: "notified", recordVersion: 2 });
    const history = await store.history(code);
    const last = history[history.length - 1];
    assert.equal(last.status, "notified");
    assert.equal(last.actor, "notify:email");
    assert.match(last.reason ?? "", /<m1@x>/);
    assert.equal(last.at, later(1000).toISOString());
    const counts = await store.notificationCounts();
    assert.equal(total(counts, "sent"), 1);
    assert.equal(total(counts, "queued"), 0);
  });

  it("a failure counts an attempt and makes the notification due again at the time given; dead letters keep their reason", async (store) => {
    const a = await store.create({ data: sampleAt(1), status: "complete" }, at("1T08:00:00"));
    const b = await store.create({ data: sampleAt(2), status: "complete" }, at("1T08:00:00"));
    const claimed = await claimAll(store, "d1");
    const byCode = new Map(claimed.map((n) => [n.code, n]));
    await store.settleNotifications("d1", "sms", [
      { id: byCode.get(a.code)!.id, outcome: "failed", error: "gateway 500", nextAttemptAt: later(5_000) },
      { id: byCode.get(b.code)!.id, outcome: "dead", reason: "number refused by the gateway" },
    ]);
    assert.deepEqual(await claimAll(store, "d2", { now: later(4_999) }), []);
    const [retry] = await claimAll(store, "d2", { now: later(5_000) });
    assert.equal(retry.code, a.code);
    assert.equal(retry.attempts, 1);
    const dead = await store.deadLetters();
    assert.deepEqual(
      dead.map((d) => [d.code, d.reason, d.attempts, d.channel]),
      [[b.code, "number refused by the gateway", 1, "sms"]],
    );
    assert.deepEqual(await store.deadLetters({ after: dead[0].id }), []);
    const counts = await store.notificationCounts("01");
    assert.equal(total(counts, "failed"), 1);
    assert.equal(total(counts, "dead"), 1);
    assert.equal((await store.get(b.code))?.status, "complete");
  });

  it("hands a channel only owners it can reach; owners without the contact stay queued for another channel", async (store) => {
    const withPhone = await store.create({ data: sampleAt(1), status: "complete" }, at("1T08:00:00"));
    const withEmail = await store.create({ data: sampleAt(2, { owner: { name: "B", email: "b@example.vn" } }), status: "complete" }, at("1T08:00:00"));
    // The rule set asks for a contact; a writer may still store a record without one (the store trusts it).
    const none = await store.create({ data: sampleAt(3, { owner: null }), status: "complete", issues: [] }, at("1T08:00:00"));
    assert.deepEqual(
      (await claimAll(store, "sms", { contact: "phone" })).map((n) => n.code),
      [withPhone.code],
    );
    assert.deepEqual(
      (await claimAll(store, "mail", { contact: "email", channel: "email" })).map((n) => n.code),
      [withEmail.code],
    );
    assert.deepEqual(
      (await claimAll(store, "file", { channel: "file" })).map((n) => n.code),
      [none.code],
    );
  });

  it("a record moved on by hand before its notification was claimed is superseded at the claim, not sent", async (store) => {
    const { code } = await store.create({ data: sampleAt(1), status: "complete" }, at("1T08:00:00"));
    await store.transition(code, 1, { to: "notified", reason: "told in person" }, at("1T09:00:00"));
    assert.deepEqual(await claimAll(store, "d1"), []);
    assert.equal(total(await store.notificationCounts(), "superseded"), 1);
  });

  it("claims in the order notifications fell due, at most the limit", async (store) => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await store.create({ data: sampleAt(i), status: "complete" }, at(`1T0${i}:00:00`))).code);
    const first = await store.claimNotifications({ channel: "sms", claimant: "d", limit: 2, leaseMs: 1000, now: T0 });
    const rest = await store.claimNotifications({ channel: "sms", claimant: "d", limit: 10, leaseMs: 1000, now: T0 });
    assert.deepEqual([...first, ...rest].map((n) => n.code), codes);
    await assert.rejects(store.claimNotifications({ channel: "sms", claimant: "d", limit: 0, leaseMs: 1000 }), /limit/);
  });
}
