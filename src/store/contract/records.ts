/** Store contract, records and codes, and updates under concurrency: what every backend must do one record at a time. */
import assert from "node:assert/strict";
import { ConflictError, DuplicateError } from "../../domain/errors.js";
import { type ContractCase, sampleAt, sampleData, who } from "./samples.js";

export function recordCases(it: ContractCase): void {
  // ── records and codes ──────────────────────────────────────────────────────────────────────

  it("creates a record at version 1 in status surveyed with a 10-symbol code for its cell", async (store) => {
    const record = await store.create({ data: sampleData() }, who);
    assert.match(record.code, /^[0-9A-Z]{10}$/);
    assert.equal(record.version, 1);
    assert.equal(record.status, "surveyed");
    assert.deepEqual(record.parts, sampleData().parts);
    assert.equal((await store.get(record.code))?.code, record.code);
  });

  it("gives a second and third address in the same cell the base code plus distinct unit suffixes", async (store) => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await store.create({ data: sampleData() }, who)).code);
    assert.equal(new Set(codes).size, 3);
    assert.equal(codes[1].slice(0, 10), codes[0]);
    assert.equal(codes[2].slice(0, 10), codes[0]);
    assert.ok(codes[1].length > 10 && codes[2].length > 10);
  });

  it("keeps an explicitly requested code and refuses it a second time with a DuplicateError", async (store) => {
    const first = await store.create({ data: sampleData() }, who);
    const other = await store.create({ data: sampleAt(50), code: "TESTCODE01" }, who);
    assert.equal(other.code, "TESTCODE01");
    await assert.rejects(store.create({ data: sampleAt(60), code: first.code }, who), DuplicateError);
  });

  it("refuses a second record with the same batch and external id", async (store) => {
    await store.create({ data: sampleData(), batch: "b1", externalId: "x1" }, who);
    await assert.rejects(store.create({ data: sampleAt(9), batch: "b1", externalId: "x1" }, who), DuplicateError);
  });

  it("answers null for an unknown code and getMany in input order", async (store) => {
    const a = await store.create({ data: sampleAt(1) }, who);
    const b = await store.create({ data: sampleAt(2) }, who);
    assert.equal(await store.get("NOSUCHCODE"), null);
    const many = await store.getMany([b.code, "NOSUCHCODE", a.code]);
    assert.deepEqual(
      many.map((r) => r?.code ?? null),
      [b.code, null, a.code],
    );
  });

  it("scans every current record once, page by page, with its address and state and no personal data", async (store) => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await store.create({ data: sampleAt(i + 1) }, who));
    const moved = await store.update(made[2].code, 1, { name: "Nhà văn hóa" }, who);
    const seen = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await store.scan(after, 3);
      assert.ok(page.items.length <= 3);
      seen.push(...page.items);
      after = page.next;
      pages++;
    } while (after);
    assert.equal(pages, 3);
    assert.deepEqual(seen.map((r) => r.code).sort(), made.map((r) => r.code).sort());
    const summary = seen.find((r) => r.code === moved.code)!;
    assert.deepEqual(summary, {
      code: moved.code,
      kind: moved.kind,
      status: moved.status,
      name: "Nhà văn hóa",
      parts: moved.parts,
      new: moved.new,
      old: moved.old,
      lat: moved.location.lat,
      lon: moved.location.lon,
    });
    assert.ok(!("owner" in summary));
  });

  it("hides the owner's personal data unless asked for it", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    assert.equal((await store.get(code))?.owner, null);
    assert.deepEqual((await store.get(code, { withPersonalData: true }))?.owner, sampleData().owner);
  });

  it("stores completeness findings with the record, computing them when the writer gives none", async (store) => {
    const incomplete = await store.create({ data: sampleData({ parts: {} }) }, who);
    assert.deepEqual(
      incomplete.issues.map((i) => i.rule),
      ["parts.required"],
    );
    const given = await store.create({ data: sampleAt(3), issues: [{ rule: "custom", message: "m" }] }, who);
    assert.deepEqual(given.issues, [{ rule: "custom", message: "m" }]);
  });

  // ── updates and concurrency ───────────────────────────────────────────────────────────────

  it("applies an update carrying the current version and records what changed, who and why", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    const updated = await store.update(code, 1, { name: "Nhà văn hóa" }, { actor: "surveyor:b", reason: "name added" });
    assert.equal(updated.version, 2);
    assert.equal(updated.name, "Nhà văn hóa");
    const history = await store.history(code);
    assert.equal(history.length, 2);
    assert.deepEqual(history[1].changes, { name: [null, "Nhà văn hóa"] });
    assert.equal(history[1].actor, "surveyor:b");
    assert.equal(history[1].reason, "name added");
    assert.equal(history[1].action, "update");
  });

  it("fails a stale update with a ConflictError naming both versions, so no update is lost", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    await store.update(code, 1, { name: "A" }, who);
    await assert.rejects(store.update(code, 1, { name: "B" }, who), (error: unknown) => {
      assert.ok(error instanceof ConflictError);
      assert.match(error.message, /version 2.*version 1/);
      return true;
    });
    assert.equal((await store.get(code))?.name, "A");
  });

  it("writes nothing for an update that changes nothing", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    const seq = await store.lastSeq();
    const same = await store.update(code, 1, { parts: sampleData().parts }, who);
    assert.equal(same.version, 1);
    assert.equal(await store.lastSeq(), seq);
  });

  it("sends a complete record back to surveyed when its content changes", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    await store.transition(code, 1, { to: "complete", reason: "checked" }, who);
    const changed = await store.update(code, 2, { parts: { ...sampleData().parts, houseNumber: "14" } }, who);
    assert.equal(changed.status, "surveyed");
  });
}
