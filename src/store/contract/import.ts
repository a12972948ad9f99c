/** Store contract, `importBatch`: the idempotent upsert of plain rows, and the findings stored with them. */
import assert from "node:assert/strict";
import { withUnit } from "../../code/index.js";
import { TransitionError } from "../../domain/errors.js";
import type { ImportRow } from "../store.js";
import { type ContractCase, rows, sampleAt, sampleData, who } from "./samples.js";

export function importCases(it: ContractCase): void {
  // ── bulk import ───────────────────────────────────────────────────────────────────────────

  it("imports a batch with one outcome per row in input order", async (store) => {
    const outcomes = await store.importBatch("hn-2025-08", rows(5), { actor: "import" });
    assert.deepEqual(
      outcomes.map((o) => [o.externalId, o.outcome]),
      rows(5).map((r) => [r.externalId, "created"]),
    );
    const found = await store.findByExternalId("hn-2025-08", "row-3");
    assert.equal(found?.provenance.batch, "hn-2025-08");
    assert.equal(found?.provenance.surveyor, "team-1");
  });

  it("re-importing an unchanged batch writes nothing, and a changed row gets exactly one new revision", async (store) => {
    await store.importBatch("b", rows(4), { actor: "import" });
    const seq = await store.lastSeq();
    const again = await store.importBatch("b", rows(4), { actor: "import" });
    assert.deepEqual(
      again.map((o) => o.outcome),
      ["unchanged", "unchanged", "unchanged", "unchanged"],
    );
    assert.equal(await store.lastSeq(), seq);
    const changed = rows(4);
    changed[2] = { ...changed[2], data: { ...changed[2].data, name: "Quán phở" } };
    const third = await store.importBatch("b", changed, { actor: "import" });
    assert.deepEqual(
      third.map((o) => o.outcome),
      ["unchanged", "unchanged", "updated", "unchanged"],
    );
    assert.deepEqual(third[2].outcome === "updated" && third[2].changed, ["name"]);
    assert.equal(await store.lastSeq(), seq + 1);
  });

  it("treats a repeated external id inside one batch as a re-import of the earlier row", async (store) => {
    const r = rows(1);
    const outcomes = await store.importBatch("b", [r[0], r[0], { ...r[0], data: { ...r[0].data, name: "N" } }], { actor: "import" });
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ["created", "unchanged", "updated"],
    );
  });

  it("allocates distinct codes to batch rows that share one cell", async (store) => {
    const same = Array.from({ length: 5 }, (_, i) => ({ externalId: `flat-${i}`, data: sampleData() }));
    const outcomes = await store.importBatch("tower", same, { actor: "import" });
    const codes = outcomes.map((o) => (o.outcome === "created" ? o.code : ""));
    assert.equal(new Set(codes).size, 5);
  });

  it("hands out a cell's unit codes in order inside a batch, past a unit code a row of the batch asked for", async (store) => {
    const [first] = await store.importBatch("tower", [{ externalId: "ground", data: sampleData() }], who);
    assert.equal(first.outcome, "created");
    const base = first.outcome === "created" ? first.code : "";
    const flat = (i: number): ImportRow => ({ externalId: `flat-${i}`, data: sampleData() });
    const outcomes = await store.importBatch(
      "tower",
      [flat(1), { ...flat(2), code: withUnit(base, 2) }, flat(3), flat(4), flat(1)],
      who,
    );
    assert.deepEqual(
      outcomes.map((o) => [o.outcome, o.outcome === "created" || o.outcome === "unchanged" ? o.code : null]),
      [
        ["created", withUnit(base, 1)],
        ["created", withUnit(base, 2)],
        ["created", withUnit(base, 3)],
        ["created", withUnit(base, 4)],
        ["unchanged", withUnit(base, 1)],
      ],
    );
    const [next] = await store.importBatch("tower", [flat(5)], who);
    assert.equal(next.outcome === "created" && next.code, withUnit(base, 5));
  });

  // Large enough for an implementation's bulk paths (multi-row statements, batched look-ups) to
  // meet stored, changed, repeated and colliding rows in the middle of their chunks.
  it("keeps outcomes, history, the feed and counts exact in a large re-import mixing stored, changed, repeated and new rows", async (store) => {
    const first = rows(100);
    const created = await store.importBatch("b", first, who);
    assert.ok(created.every((o) => o.outcome === "created"));
    const moved = (r: ImportRow): ImportRow => ({ ...r, data: { ...r.data, parts: { ...r.data.parts, houseNumber: "99" } } });
    const second: ImportRow[] = [
      ...first.slice(0, 50),
      ...first.slice(50, 60).map(moved),
      ...rows(40, 100),
      moved(rows(1, 100)[0]),
      first[5],
      { externalId: "same-cell", data: sampleAt(0) },
    ];
    const outcomes = await store.importBatch("b", second, who);
    const expected = [
      ...Array(50).fill("unchanged"),
      ...Array(10).fill("updated"),
      ...Array(40).fill("created"),
      "updated",
      "unchanged",
      "created",
    ];
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      expected,
    );
    const code0 = (created[0] as { code: string }).code;
    const sameCell = outcomes[outcomes.length - 1] as { code: string };
    assert.equal(sameCell.code.slice(0, 10), code0);
    assert.ok(sameCell.code.length > 10);
    const codes = [...created, ...outcomes].map((o) => (o as { code: string }).code);
    assert.equal(new Set(codes).size, 141);
    const repeated = (await store.findByExternalId("b", "row-100"))!;
    assert.equal(repeated.version, 2);
    assert.equal(repeated.parts.houseNumber, "99");
    assert.deepEqual(
      (await store.history(repeated.code)).map((r) => [r.version, r.action]),
      [
        [1, "create"],
        [2, "update"],
      ],
    );
    const feed = await store.changesSince(0, 100_000);
    assert.equal(feed.length, 141 + 11);
    assert.equal(await store.lastSeq(), feed[feed.length - 1].seq);
    for (let i = 1; i < feed.length; i++) assert.ok(feed[i].seq > feed[i - 1].seq);
    const lastVersion = new Map<string, number>();
    for (const r of feed) {
      assert.equal(r.version, (lastVersion.get(r.code) ?? 0) + 1, `versions of ${r.code} in feed order`);
      lastVersion.set(r.code, r.version);
    }
    const counted = (await store.countsByProvinceAndStatus()).reduce((n, c) => n + c.count, 0);
    assert.equal(counted, 141);
    // Running it again is free: every row is unchanged (row-100 only in its later, moved form).
    const again = await store.importBatch("b", second.filter((_, i) => i !== 60), who);
    assert.ok(again.every((o) => o.outcome === "unchanged"));
    assert.equal(await store.lastSeq(), feed[feed.length - 1].seq);
  });

  it("reports a locked outcome for a changed row whose record was already notified", async (store) => {
    const [o] = await store.importBatch("b", rows(1), { actor: "import" });
    assert.ok(o.outcome === "created");
    await store.transition(o.code, 1, { to: "complete", reason: "ok" }, who);
    await store.transition(o.code, 2, { to: "notified", reason: "sent" }, who);
    const changed = rows(1);
    changed[0].data = { ...changed[0].data, name: "Changed" };
    const [again] = await store.importBatch("b", changed, { actor: "import" });
    assert.equal(again.outcome, "locked");
    assert.equal((await store.get(o.code))?.name, null);
  });

  it("rolls the whole batch back when one row makes it fail", async (store) => {
    const bad = rows(3);
    bad[1] = { ...bad[1], data: { ...bad[1].data, location: { ...bad[1].data.location, lat: Number.NaN } } };
    await assert.rejects(store.importBatch("b", bad, { actor: "import" }));
    assert.equal(await store.lastSeq(), 0);
    assert.equal(await store.findByExternalId("b", "row-0"), null);
    assert.deepEqual(await store.countsByProvinceAndStatus(), []);
  });

  it("starts rows without findings as complete when promoteComplete is set", async (store) => {
    const outcomes = await store.importBatch("b", [...rows(1), { externalId: "bare", data: sampleAt(7, { parts: {} }) }], {
      actor: "import",
      promoteComplete: true,
    });
    const [ok, bare] = await store.getMany(outcomes.map((o) => (o.outcome === "created" ? o.code : "")));
    assert.equal(ok?.status, "complete");
    assert.equal(bare?.status, "surveyed");
  });

  it("replaces completeness findings without a revision", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    const seq = await store.lastSeq();
    assert.equal(await store.setIssues([{ code, issues: [{ rule: "r", message: "m" }] }, { code: "NOSUCHCODE", issues: [] }]), 1);
    const r = await store.get(code);
    assert.deepEqual(r?.issues, [{ rule: "r", message: "m" }]);
    assert.equal(r?.version, 1);
    assert.equal(await store.lastSeq(), seq);
  });

  it("replaces findings given with a version only while the record is still at it (a concurrent edit is not overwritten)", async (store) => {
    const { code } = await store.create({ data: sampleData() }, who);
    const moved = await store.update(code, 1, { surveyor: "someone else" }, who);
    const stale = [{ rule: "stale", message: "computed from version 1" }];
    assert.equal(await store.setIssues([{ code, issues: stale, version: 1 }]), 0);
    assert.deepEqual((await store.get(code))?.issues, moved.issues);
    assert.equal(await store.setIssues([{ code, issues: [{ rule: "r", message: "m" }], version: moved.version }]), 1);
    assert.deepEqual((await store.get(code))?.issues, [{ rule: "r", message: "m" }]);
  });

  it("keeps extra source attributes, versions them, and treats a changed one as a change on re-import", async (store) => {
    const row = { ...rows(1)[0], data: { ...sampleData(), extra: { "so-thua": "12", "to-ban-do": "5" } } };
    const [o] = await store.importBatch("b", [row], { actor: "import" });
    assert.ok(o.outcome === "created");
    assert.deepEqual((await store.get(o.code))?.extra, { "so-thua": "12", "to-ban-do": "5" });
    assert.equal((await store.importBatch("b", [row], { actor: "import" }))[0].outcome, "unchanged");
    const changed = { ...row, data: { ...row.data, extra: { "so-thua": "13", "to-ban-do": "5" } } };
    const [again] = await store.importBatch("b", [changed], { actor: "import" });
    assert.deepEqual(again.outcome === "updated" && again.changed, ["extra"]);
  });

  it("lets warnings through to complete while errors block it", async (store) => {
    const warned = await store.create({ data: sampleAt(1), issues: [{ rule: "owner.citizen-id", message: "m", severity: "warning" }] }, who);
    assert.equal((await store.transition(warned.code, 1, { to: "complete", reason: "ok" }, who)).status, "complete");
    const blocked = await store.create({ data: sampleAt(2), issues: [{ rule: "parts.door", message: "m" }] }, who);
    await assert.rejects(store.transition(blocked.code, 1, { to: "complete", reason: "ok" }, who), TransitionError);
    const [promoted] = await store.importBatch(
      "b",
      [{ externalId: "w", data: sampleAt(3), issues: [{ rule: "x", message: "m", severity: "warning" }] }],
      { actor: "import", promoteComplete: true },
    );
    assert.equal(promoted.outcome === "created" && (await store.get(promoted.code))?.status, "complete");
  });

  it("saves an import checkpoint with its batch, and not when the batch rolls back", async (store) => {
    assert.equal(await store.importCheckpoint("b|file.csv"), null);
    await store.importBatch("b", rows(2), { actor: "import", checkpoint: { key: "b|file.csv", value: "1024" } });
    assert.equal(await store.importCheckpoint("b|file.csv"), "1024");
    const bad = rows(2, 10);
    bad[1] = { ...bad[1], data: { ...bad[1].data, location: { ...bad[1].data.location, lon: Number.NaN } } };
    await assert.rejects(store.importBatch("b", bad, { actor: "import", checkpoint: { key: "b|file.csv", value: "2048" } }));
    assert.equal(await store.importCheckpoint("b|file.csv"), "1024");
  });
}
