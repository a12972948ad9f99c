/**
 * Store contract, the owner's answers (issue 17): a link's nonce spent exactly once, the lifecycle
 * move and its history entry, and the correction proposal kept as data — never applied — all in
 * one transaction; proposals listed per record and per unit.
 */
import assert from "node:assert/strict";
import { ConflictError, SpentNonceError, TransitionError, ValidationError } from "../../domain/errors.js";
import type { Store } from "../store.js";
import { type ContractCase, sampleAt, sampleData, who } from "./samples.js";

/** A record created and moved to `notified` through the lifecycle; answers its code and version. */
async function notified(store: Store, data = sampleData()): Promise<{ code: string; version: number }> {
  const { code } = await store.create({ data }, who);
  await store.transition(code, 1, { to: "complete", reason: "checked" }, who);
  const record = await store.transition(code, 2, { to: "notified", reason: "letter sent" }, { actor: "notify:file" });
  return { code, version: record.version };
}

export function ownerAnswerCases(it: ContractCase): void {
  it("an owner's confirmation spends the link's nonce and moves the record to confirmed with its history entry", async (store) => {
    const { code, version } = await notified(store);
    assert.equal(await store.ownerNonceSpent("nonce-confirm-1"), null);
    const at = new Date("2026-03-01T08:00:00.000Z");
    const { record, proposal } = await store.answerAsOwner(
      { code, expectedVersion: version, nonce: "nonce-confirm-1", to: "confirmed", reason: "the owner confirmed", via: "owner-link:nonce-confirm-1" },
      { actor: "owner", at },
    );
    assert.equal(record.status, "confirmed");
    assert.equal(record.version, version + 1);
    assert.equal(proposal, null);
    assert.deepEqual(await store.ownerNonceSpent("nonce-confirm-1"), { code, at: at.toISOString() });
    const last = (await store.history(code)).at(-1)!;
    assert.equal(last.actor, "owner");
    assert.equal(last.reason, "the owner confirmed");
    assert.deepEqual(last.changes, { status: ["notified", "confirmed"] });
  });

  it("a nonce is spent once: a second answer through it is refused even for another record, and writes nothing", async (store) => {
    const first = await notified(store, sampleAt(1));
    const second = await notified(store, sampleAt(2));
    const answer = { nonce: "nonce-twice", to: "confirmed" as const, reason: "owner", via: "owner-link:nonce-twice" };
    await store.answerAsOwner({ ...answer, code: first.code, expectedVersion: first.version }, { actor: "owner" });
    const before = await store.lastSeq();
    await assert.rejects(store.answerAsOwner({ ...answer, code: second.code, expectedVersion: second.version }, { actor: "owner" }), SpentNonceError);
    assert.equal((await store.get(second.code))?.status, "notified");
    assert.equal(await store.lastSeq(), before, "no revision written");
    assert.equal((await store.ownerNonceSpent("nonce-twice"))?.code, first.code, "the first spend stays");
  });

  it("a refused answer (stale version, move the lifecycle forbids) leaves the nonce unspent", async (store) => {
    const { code, version } = await notified(store);
    const answer = { code, nonce: "nonce-kept", to: "confirmed" as const, reason: "owner", via: "owner-link:nonce-kept" };
    await assert.rejects(store.answerAsOwner({ ...answer, expectedVersion: version - 1 }, { actor: "owner" }), ConflictError);
    assert.equal(await store.ownerNonceSpent("nonce-kept"), null);
    const other = await store.create({ data: sampleAt(5) }, who);
    await assert.rejects(store.answerAsOwner({ ...answer, code: other.code, expectedVersion: 1 }, { actor: "owner" }), TransitionError);
    assert.equal(await store.ownerNonceSpent("nonce-kept"), null);
    assert.equal((await store.answerAsOwner({ ...answer, expectedVersion: version }, { actor: "owner" })).record.status, "confirmed");
  });

  it("a correction request keeps the owner's proposal as data and leaves the record's content as it was", async (store) => {
    const { code, version } = await notified(store);
    const before = await store.get(code, { withPersonalData: true });
    const at = new Date("2026-03-02T09:30:00.000Z");
    const { record, proposal } = await store.answerAsOwner(
      {
        code,
        expectedVersion: version,
        nonce: "nonce-fix",
        to: "correction-requested",
        reason: "the owner asked for a correction",
        proposal: { text: "  Số nhà là 14, không phải 12  ", fields: { "parts.houseNumber": "14" } },
        via: "owner-link:nonce-fix",
      },
      { actor: "owner", at },
    );
    assert.equal(record.status, "correction-requested");
    assert.ok(proposal);
    assert.equal(proposal.code, code);
    assert.equal(proposal.version, version, "the version the owner answered about");
    assert.equal(proposal.text, "Số nhà là 14, không phải 12");
    assert.deepEqual(proposal.fields, { "parts.houseNumber": "14" });
    assert.deepEqual([proposal.province, proposal.commune], ["01", "00004"]);
    assert.equal(proposal.at, at.toISOString());
    assert.equal(proposal.via, "owner-link:nonce-fix");
    assert.deepEqual(record.correction, { proposal: proposal.id, text: proposal.text, fields: proposal.fields });
    const after = await store.get(code, { withPersonalData: true });
    assert.deepEqual(after?.parts, before?.parts, "nothing applied");
    assert.deepEqual(after?.owner, before?.owner);
    assert.deepEqual(await store.correctionProposals({ code }), [proposal]);
  });

  it("a correction request with neither words nor values is refused, and nothing is spent or kept", async (store) => {
    const { code, version } = await notified(store);
    const answer = { code, expectedVersion: version, nonce: "nonce-empty", to: "correction-requested" as const, reason: "owner", via: "owner-link:nonce-empty" };
    await assert.rejects(store.answerAsOwner({ ...answer, proposal: { text: "  ", fields: {} } }, { actor: "owner" }), ValidationError);
    assert.equal(await store.ownerNonceSpent("nonce-empty"), null);
    assert.deepEqual(await store.correctionProposals(), []);
    assert.equal((await store.get(code))?.status, "notified");
  });

  it("a phone confirmation spends no nonce: the version check makes it once-only", async (store) => {
    const { code, version } = await notified(store);
    const answer = { code, expectedVersion: version, nonce: null, to: "confirmed" as const, reason: "confirmed by phone", via: "phone:key:k_1" };
    assert.equal((await store.answerAsOwner(answer, { actor: "owner by phone" })).record.status, "confirmed");
    await assert.rejects(store.answerAsOwner(answer, { actor: "owner by phone" }), ConflictError);
  });

  it("lists proposals per record and per unit, oldest first, page by page", async (store) => {
    const hanoi = [await notified(store, sampleAt(1)), await notified(store, sampleAt(2))];
    const hcm = await notified(store, sampleAt(3, { new: { province: "79", commune: "26734" }, old: null }));
    const ask = (r: { code: string; version: number }, n: string) =>
      store.answerAsOwner(
        { code: r.code, expectedVersion: r.version, nonce: n, to: "correction-requested", reason: "owner", proposal: { text: n, fields: {} }, via: `owner-link:${n}` },
        { actor: "owner" },
      );
    const a = (await ask(hanoi[0], "n-a")).proposal!;
    const c = (await ask(hcm, "n-c")).proposal!;
    const b = (await ask(hanoi[1], "n-b")).proposal!;
    assert.deepEqual((await store.correctionProposals()).map((p) => p.text), ["n-a", "n-c", "n-b"]);
    assert.deepEqual((await store.correctionProposals({ province: "01" })).map((p) => p.id), [a.id, b.id]);
    assert.deepEqual((await store.correctionProposals({ province: "79", commune: "26734" })).map((p) => p.id), [c.id]);
    assert.deepEqual((await store.correctionProposals({ commune: "00004", after: a.id })).map((p) => p.id), [b.id]);
    assert.deepEqual((await store.correctionProposals({ limit: 1 })).map((p) => p.id), [a.id]);
    assert.deepEqual((await store.correctionProposals({ code: hanoi[1].code })).map((p) => p.id), [b.id]);
    assert.deepEqual(await store.correctionProposals({ code: hanoi[1].code, province: "79" }), []);
  });

  it("an erasure removes the owner's words from their proposals, the record's correction and its history; the proposed values stay", async (store) => {
    const { code, version } = await notified(store);
    const words = "Tôi là Nguyễn Văn A, số nhà là 14";
    await store.answerAsOwner(
      { code, expectedVersion: version, nonce: "n-erase", to: "correction-requested", reason: "owner", proposal: { text: words, fields: { "parts.houseNumber": "14" } }, via: "owner-link:n-erase" },
      { actor: "owner" },
    );
    const result = await store.erasePersonalData(code, { actor: "dpo", reason: "owner request" });
    assert.equal(result.erased, true);
    const [proposal] = await store.correctionProposals({ code });
    assert.equal(proposal.text, null);
    assert.deepEqual(proposal.fields, { "parts.houseNumber": "14" });
    const record = await store.get(code, { withPersonalData: true });
    assert.deepEqual(record?.correction, { proposal: proposal.id, text: null, fields: { "parts.houseNumber": "14" } });
    assert.doesNotMatch(JSON.stringify(await store.history(code, { withPersonalData: true })), /Nguyễn Văn A/);
    const again = await store.erasePersonalData(code, { actor: "dpo", reason: "sent twice" });
    assert.equal(again.erased, false, "nothing personal left: nothing written");
  });
}
