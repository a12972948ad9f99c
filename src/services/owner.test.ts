/**
 * The owner's side of notification over a real SQLite file: links made with signOwnerToken for
 * records moved to `notified` through the real lifecycle; each refusal (malformed, tampered,
 * expired, used, stale) told apart; confirm and correction change the status in the store with
 * their history entry; the proposal is kept and the record's content untouched; every read of
 * personal data audited under the link's nonce.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { newOwnerLinkNonce, ownerLinkKey, ownerPhoneCode, signOwnerToken } from "../domain/owner-link.js";
import { sampleAt } from "../store/contract.js";
import { type OpenedStore, openStore } from "../store/open.js";
import { ServiceError } from "./errors.js";
import { OwnerLinkError, type OwnerLinkRefusal, OwnerService } from "./owner.js";
import { sharedStore, type StoreAccess } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-owner-service-"));
const personalDataKey = Buffer.alloc(32, 7);
const linkKey = ownerLinkKey(personalDataKey);
let store: OpenedStore;
let access: StoreAccess;
let owner: OwnerService;
let nextCell = 0;

before(async () => {
  const path = join(dir, "owner.db");
  store = await openStore(path, { use: "create" });
  access = sharedStore(store, { location: path, personalDataKey });
  owner = new OwnerService(access);
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A record surveyed, completed and notified through the real lifecycle; its code and notified version. */
async function notifiedRecord(): Promise<{ code: string; version: number }> {
  const data = sampleAt(nextCell++, { owner: { name: "Lê Thị Hoa", phone: "0912345678", email: "hoa@example.vn", citizenIdHash: "h1:secret-hash" } });
  const { code } = await store.create({ data }, { actor: "surveyor:test" });
  await store.transition(code, 1, { to: "complete", reason: "checked" }, { actor: "surveyor:test" });
  const notified = await store.transition(code, 2, { to: "notified", reason: "letter sent" }, { actor: "notify:file" });
  return { code, version: notified.version };
}

function linkFor(code: string, version: number, expiresAt = new Date(Date.now() + 86_400_000)): string {
  return signOwnerToken(linkKey, { code, version, expiresAt, nonce: newOwnerLinkNonce() });
}

const refused = (refusal: OwnerLinkRefusal, message: RegExp) => (error: unknown) =>
  error instanceof OwnerLinkError && error.refusal === refusal && message.test(error.message);

describe("opening the link", () => {
  test("shows the owner their record with name, phone and e-mail, never the citizen ID hash, and audits the read under the link's nonce", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    const view = await owner.open(token);
    assert.equal(view.code, code);
    assert.equal(view.status, "notified");
    assert.deepEqual(view.owner, { name: "Lê Thị Hoa", phone: "0912345678", email: "hoa@example.vn" });
    assert.doesNotMatch(JSON.stringify(view), /secret-hash|citizen/i);
    assert.match(view.formatted.new ?? "", /Ba Đình/);
    const audit = await store.auditLog({ subject: code });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor, `owner-link:${token.split(".")[4]}`);
    assert.equal(audit[0].action, "owner-read-personal-data");
  });

  test("opening twice is allowed (reading spends nothing); each read is audited", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    await owner.open(token);
    await owner.open(token);
    assert.equal((await store.auditLog({ subject: code })).length, 2);
  });

  test("a link signed for the version before the send (complete) is current while nothing changed after the move to notified", async () => {
    const { code, version } = await notifiedRecord();
    assert.equal((await owner.open(linkFor(code, version - 1))).code, code);
    await assert.rejects(owner.open(linkFor(code, version - 2)), refused("stale", /version 1 of address/));
  });
});

describe("refusals, each told apart", () => {
  test("a tampered link: a changed record code, version or signature", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    const parts = token.split(".");
    const otherVersion = [...parts.slice(0, 2), String(version + 1), ...parts.slice(3)].join(".");
    await assert.rejects(owner.open(otherVersion), refused("tampered", /altered.*signature/));
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    await assert.rejects(owner.confirm(flipped), refused("tampered", /altered/));
    const foreign = signOwnerToken(ownerLinkKey(Buffer.alloc(32, 9)), { code, version, expiresAt: new Date(Date.now() + 60_000), nonce: newOwnerLinkNonce() });
    await assert.rejects(owner.open(foreign), refused("tampered", /altered/), "signed by another store's key");
    assert.equal((await store.get(code))?.status, "notified");
    assert.deepEqual(await store.auditLog({ subject: code }), [], "nothing was read");
  });

  test("a malformed link: cut short or not a link at all", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    await assert.rejects(owner.open(token.split(".").slice(0, 5).join(".")), refused("malformed", /not a whole owner link/));
    await assert.rejects(owner.open("hello"), refused("malformed", /copied/));
  });

  test("an expired link names the day it expired, and confirms nothing", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version, new Date("2026-01-31T12:00:00Z"));
    const later = new OwnerService(access, undefined, () => new Date("2026-02-01T00:00:00Z"));
    await assert.rejects(later.confirm(token), refused("expired", /expired on 2026-01-31/));
    assert.equal((await store.get(code))?.status, "notified");
  });

  test("a used link: after a confirmation, opening, confirming and correcting again are refused as used", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    assert.equal((await owner.confirm(token)).status, "confirmed");
    await assert.rejects(owner.open(token), refused("used", /already used on \d{4}-\d{2}-\d{2}/));
    await assert.rejects(owner.confirm(token), refused("used", /already used/));
    await assert.rejects(owner.requestCorrection(token, { text: "sai" }), refused("used", /already used/));
  });

  test("a stale link: the record changed after the notice (an officer moved it, or a newer notification)", async () => {
    const moved = await notifiedRecord();
    const token = linkFor(moved.code, moved.version);
    await store.transition(moved.code, moved.version, { to: "rejected", reason: "not an address" }, { actor: "operator:test" });
    await assert.rejects(owner.open(token), refused("stale", /changed since the notification \(now "rejected"\)/));

    // Sent back to surveyed, completed and notified again: the first letter's link is out of date.
    const renotified = await notifiedRecord();
    const old = linkFor(renotified.code, renotified.version);
    await store.transition(renotified.code, renotified.version, { to: "correction-requested", reason: "officer", correction: "x" }, { actor: "o" });
    await store.transition(renotified.code, renotified.version + 1, { to: "surveyed", reason: "fixed" }, { actor: "o" });
    await store.transition(renotified.code, renotified.version + 2, { to: "complete", reason: "checked" }, { actor: "o" });
    const again = await store.transition(renotified.code, renotified.version + 3, { to: "notified", reason: "second letter" }, { actor: "notify:file" });
    await assert.rejects(owner.confirm(old), refused("stale", new RegExp(`now version ${again.version}`)));
    assert.equal((await owner.confirm(linkFor(renotified.code, again.version))).status, "confirmed");
  });
});

describe("answers", () => {
  test("confirm moves notified → confirmed in the store, with the history entry (actor owner, a reason)", async () => {
    const { code, version } = await notifiedRecord();
    const answer = await owner.confirm(linkFor(code, version));
    assert.deepEqual({ status: answer.status, version: answer.version }, { status: "confirmed", version: version + 1 });
    assert.equal((await store.get(code))?.status, "confirmed");
    const last = (await store.history(code)).at(-1)!;
    assert.equal(last.actor, "owner");
    assert.match(last.reason ?? "", /owner confirmed/);
    assert.deepEqual(last.changes, { status: ["notified", "confirmed"] });
  });

  test("a correction keeps the proposal for the surveyor, moves to correction-requested, and leaves the content as it was", async () => {
    const { code, version } = await notifiedRecord();
    const before = await store.get(code, { withPersonalData: true });
    const token = linkFor(code, version);
    const answer = await owner.requestCorrection(token, { text: " Nhà tôi số 14 ", fields: { "parts.houseNumber": "14", "parts.street": " " } });
    assert.equal(answer.status, "correction-requested");
    assert.equal(answer.proposal?.text, "Nhà tôi số 14");
    assert.deepEqual(answer.proposal?.fields, { "parts.houseNumber": "14" }, "an empty value is no proposal");
    assert.equal(answer.proposal?.via, `owner-link:${token.split(".")[4]}`);
    const after = await store.get(code, { withPersonalData: true });
    assert.equal(after?.status, "correction-requested");
    assert.deepEqual(after?.parts, before?.parts);
    assert.deepEqual(after?.owner, before?.owner);
    assert.deepEqual(await owner.proposals({ code }), [answer.proposal]);
    assert.equal((await store.history(code)).at(-1)?.actor, "owner");
  });

  test("a correction with no words and no values, or a value for a field owners cannot propose, is refused and spends nothing", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    await assert.rejects(owner.requestCorrection(token, { text: "  " }), (e: unknown) => e instanceof ServiceError && e.kind === "bad-request");
    await assert.rejects(owner.requestCorrection(token, { fields: { "owner.name": "X" } }), /no value can be proposed for "owner.name"/);
    await assert.rejects(owner.requestCorrection(token, { fields: { "parts.street": 12 as unknown as string } }), /must be text/);
    assert.equal((await owner.confirm(token)).status, "confirmed", "the link still works");
  });

  test("two answers through one link at once: one wins, the other is told the link is used", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    const outcomes = await Promise.allSettled([owner.confirm(token), owner.requestCorrection(token, { text: "sai tên đường" })]);
    assert.equal(outcomes.filter((o) => o.status === "fulfilled").length, 1);
    const loser = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    assert.ok(loser.reason instanceof OwnerLinkError && (loser.reason.refusal === "used" || loser.reason.refusal === "stale"), String(loser.reason));
  });

  test("a phone confirmation: the officer types the code the owner reads out; a wrong code or a second call is refused", async () => {
    const { code, version } = await notifiedRecord();
    const spoken = ownerPhoneCode(linkKey, code, version);
    const wrong = spoken.slice(0, -1) + (spoken.endsWith("0") ? "1" : "0");
    await assert.rejects(owner.confirmByPhone(code, wrong, { actor: "key:k_1 (Xã A)" }), /phone code does not match/);
    const spaced = `${spoken.slice(0, 4)} ${spoken.slice(4)}`;
    const answer = await owner.confirmByPhone(code, spaced, { actor: "key:k_1 (Xã A)" });
    assert.equal(answer.status, "confirmed");
    const last = (await store.history(code)).at(-1)!;
    assert.equal(last.actor, "owner by phone (key:k_1 (Xã A))");
    await assert.rejects(owner.confirmByPhone(code, spoken, { actor: "key:k_1 (Xã A)" }), /"confirmed", not waiting/);
  });

  test("a link of a notification already answered by phone is refused as used, not as a changed address", async () => {
    const { code, version } = await notifiedRecord();
    const token = linkFor(code, version);
    await owner.confirmByPhone(code, ownerPhoneCode(linkKey, code, version), { actor: "key:k_1 (Xã A)" });
    await assert.rejects(owner.open(token), refused("used", /already used on/));
    // An officer's later move is a change, whatever the owner answered before it.
    const moved = await notifiedRecord();
    const link = linkFor(moved.code, moved.version);
    await store.transition(moved.code, moved.version, { to: "rejected", reason: "not an address" }, { actor: "operator:test" });
    await assert.rejects(owner.open(link), refused("stale", /now "rejected"/));
  });
});
