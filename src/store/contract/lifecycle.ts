/** Store contract, the lifecycle and history: allowed moves, who and why, and reads as of a time. */
import assert from "node:assert/strict";
import { TransitionError, ValidationError } from "../../domain/errors.js";
import type { Status } from "../../domain/lifecycle.js";
import { type ContractCase, sampleAt, sampleData, who } from "./samples.js";

export function lifecycleCases(it: ContractCase): void {
  // ── lifecycle ─────────────────────────────────────────────────────────────────────────────

  it("walks surveyed → complete → notified → confirmed → official, recording who and why", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    const path: Status[] = ["complete", "notified", "confirmed", "official"];
    let version = 1;
    for (const to of path) {
      const r = await store.transition(code, version, { to, reason: `to ${to}` }, { actor: `actor-${to}` });
      assert.equal(r.status, to);
      version = r.version;
    }
    const history = await store.history(code);
    assert.deepEqual(
      history.map((h) => h.status),
      ["surveyed", ...path],
    );
    assert.equal(history[4].actor, "actor-official");
    assert.equal(history[4].reason, "to official");
    assert.deepEqual(history[4].changes, { status: ["confirmed", "official"] });
  });

  it("refuses a transition the lifecycle does not allow, naming both statuses", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    await assert.rejects(store.transition(code, 1, { to: "official", reason: "skip ahead" }, who), (error: unknown) => {
      assert.ok(error instanceof TransitionError);
      assert.match(error.message, /"surveyed" to "official"/);
      return true;
    });
  });

  it("refuses complete while completeness findings remain, and a transition without a reason", async (store) => {
    const { code } = await store.create({ data: sampleData({ parts: {} }) }, who);
    await assert.rejects(store.transition(code, 1, { to: "complete", reason: "ok" }, who), /finding/);
    await assert.rejects(store.transition(code, 1, { to: "rejected", reason: " " }, who), /reason/);
  });

  it("locks content once notified; a correction request carries the change and leads back to surveyed", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    await store.transition(code, 1, { to: "complete", reason: "checked" }, who);
    await store.transition(code, 2, { to: "notified", reason: "letter sent" }, who);
    await assert.rejects(store.update(code, 3, { name: "X" }, who), TransitionError);
    await assert.rejects(store.transition(code, 3, { to: "correction-requested", reason: "owner" }, who), /requested change/);
    const asked = await store.transition(
      code,
      3,
      { to: "correction-requested", reason: "owner says 14", correction: { "parts.houseNumber": "14" } },
      who,
    );
    assert.deepEqual(asked.correction, { "parts.houseNumber": "14" });
    const fixed = await store.update(code, 4, { parts: { ...sampleData().parts, houseNumber: "14" } }, who);
    const back = await store.transition(code, fixed.version, { to: "surveyed", reason: "applied" }, who);
    assert.equal(back.status, "surveyed");
    assert.equal(back.correction, null);
  });

  it("retires a record with an existing successor code and allows nothing after", async (store) => {
    const a = await store.create({ data: sampleAt(1) }, who);
    const b = await store.create({ data: sampleAt(2) }, who);
    await assert.rejects(store.transition(a.code, 1, { to: "retired", reason: "merged", successor: "NOSUCHCODE" }, who), ValidationError);
    const retired = await store.transition(a.code, 1, { to: "retired", reason: "merged", successor: b.code }, who);
    assert.equal(retired.successor, b.code);
    await assert.rejects(store.transition(a.code, 2, { to: "surveyed", reason: "undo" }, who), /final/);
  });

  // ── history and as-of ─────────────────────────────────────────────────────────────────────

  it("reads a record as it was at a given time, and null before it existed", async (store) => {
    const t = (s: string) => new Date(`2025-08-01T${s}Z`);
    const { code } = await store.create({ data: sampleData() }, { actor: "a", at: t("08:00:00") });
    await store.update(code, 1, { name: "Tạp hóa Minh" }, { actor: "a", at: t("09:00:00") });
    await store.transition(code, 2, { to: "complete", reason: "ok" }, { actor: "a", at: t("10:00:00") });
    assert.equal(await store.getAsOf(code, t("07:59:59")), null);
    const first = await store.getAsOf(code, t("08:30:00"));
    assert.equal(first?.version, 1);
    assert.equal(first?.name, null);
    assert.equal(first?.status, "surveyed");
    const second = await store.getAsOf(code, t("09:00:00"));
    assert.equal(second?.version, 2);
    assert.equal(second?.name, "Tạp hóa Minh");
    assert.equal(second?.updatedAt, "2025-08-01T09:00:00.000Z");
    assert.equal((await store.getAsOf(code, t("11:00:00")))?.status, "complete");
  });
}
