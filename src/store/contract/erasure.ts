/** Store contract, personal-data erasure (Decree 13/2023): once, everywhere, and for good. */
import assert from "node:assert/strict";
import { type ContractCase, rows, sampleData, who } from "./samples.js";

export function erasureCases(it: ContractCase): void {
  // ── personal-data erasure ─────────────────────────────────────────────────────────────────

  it("erases the owner's data from the record and every revision, keeping the address and its history", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    await store.update(code, 1, { owner: { name: "Trần Thị B", phone: "0987654321" } }, who);
    await assert.rejects(store.erasePersonalData(code, { actor: "dpo", reason: "" }), /reason/);
    const result = await store.erasePersonalData(code, { actor: "dpo", reason: "owner request 2025-0042" });
    assert.deepEqual(result, { code, version: 3, revisionsRedacted: 1, erased: true });
    const record = await store.get(code, { withPersonalData: true });
    assert.equal(record?.owner, null);
    assert.ok(record?.personalDataErasedAt);
    assert.deepEqual(record?.parts, sampleData().parts);
    const history = await store.history(code, { withPersonalData: true });
    assert.deepEqual(
      history.map((h) => h.action),
      ["create", "update", "erase"],
    );
    assert.doesNotMatch(JSON.stringify(history), /Trần|0987654321|Nguyễn|0912345678/);
    assert.doesNotMatch(JSON.stringify(await store.getAsOf(code, new Date(Date.parse(history[0].at)), { withPersonalData: true })), /Nguyễn/);
    assert.equal(history[2].reason, "owner request 2025-0042");
  });

  it("changes nothing when asked to erase again with no personal data added since: no revision, same version", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    const first = await store.erasePersonalData(code, { actor: "dpo", reason: "request 1" });
    const before = await store.history(code, { withPersonalData: true });
    const again = await store.erasePersonalData(code, { actor: "dpo", reason: "request 1, sent twice" });
    assert.deepEqual(again, { code, version: first.version, revisionsRedacted: 0, erased: false });
    assert.deepEqual(await store.history(code, { withPersonalData: true }), before);
    assert.equal((await store.get(code))?.version, first.version);
  });

  it("erases again once new personal data was added after an erasure", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    await store.erasePersonalData(code, { actor: "dpo", reason: "request 1" });
    await store.update(code, 2, { owner: { name: "Lê Thị C" } }, who);
    const again = await store.erasePersonalData(code, { actor: "dpo", reason: "request 2" });
    assert.deepEqual(again, { code, version: 4, revisionsRedacted: 1, erased: true });
    assert.doesNotMatch(JSON.stringify(await store.history(code, { withPersonalData: true })), /Lê Thị C/);
  });

  it("keeps erased personal data erased through a status change and a later re-import of a changed row", async (store) => {
    const [o] = await store.importBatch("b", rows(1), { actor: "import" });
    assert.ok(o.outcome === "created");
    await store.erasePersonalData(o.code, { actor: "dpo", reason: "request" });
    const moved = await store.transition(o.code, 2, { to: "complete", reason: "checked" }, who);
    assert.ok(moved.personalDataErasedAt, "the record still says its personal data was erased");
    const changed = rows(1).map((r) => ({ ...r, data: { ...r.data, parts: { ...r.data.parts, houseNumber: "14" } } }));
    const [again] = await store.importBatch("b", changed, { actor: "import" });
    assert.equal(again.outcome, "updated");
    const record = await store.get(o.code, { withPersonalData: true });
    assert.equal(record?.parts.houseNumber, "14");
    assert.equal(record?.owner, null);
  });

  it("does not bring erased personal data back on a re-import of the original batch", async (store) => {
    const [o] = await store.importBatch("b", rows(1), { actor: "import" });
    assert.ok(o.outcome === "created");
    await store.erasePersonalData(o.code, { actor: "dpo", reason: "request" });
    const [again] = await store.importBatch("b", rows(1), { actor: "import" });
    assert.equal(again.outcome, "unchanged");
    assert.equal((await store.get(o.code, { withPersonalData: true }))?.owner, null);
  });
}
