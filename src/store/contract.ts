/**
 * The Store contract: written once, run against every implementation (as Hono's router tests are):
 *
 *   runStoreContract({ name: "sqlite", createStore: () => openSqliteStore(":memory:") });
 *
 * Every case gets a fresh, empty store and closes it. A case an implementation cannot pass yet is
 * listed in `skip` with its reason, so the gap stays visible in the test output.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { ConflictError, DuplicateError, TransitionError, ValidationError } from "../domain/errors.js";
import type { Status } from "../domain/lifecycle.js";
import type { AddressData } from "../domain/record.js";
import type { CreateStore, ImportRow, Store, WriteContext } from "./store.js";

export interface StoreContractOptions {
  name: string;
  createStore: CreateStore;
  /** Case title → why this implementation skips it. */
  skip?: Record<string, string>;
}

/** A household in Phường Ba Đình, Hà Nội (new 01/00004; old 01/001/00004 Trúc Bạch). */
export function sampleData(overrides: Partial<AddressData> = {}): AddressData {
  return {
    kind: "household",
    name: null,
    parts: { houseNumber: "12", alleys: [{ type: "ngõ", number: "34" }], street: "Phố Quán Thánh" },
    new: { province: "01", commune: "00004" },
    old: { province: "01", district: "001", ward: "00004" },
    location: { lat: 21.0412, lon: 105.8394, accuracyM: 4, source: "survey-phone" },
    owner: { name: "Nguyễn Văn A", phone: "0912345678" },
    ...overrides,
  };
}

/** A point `i` cells (≈ 3 m) east of the sample, so that rows get distinct base codes. */
export function sampleAt(i: number, overrides: Partial<AddressData> = {}): AddressData {
  const base = sampleData(overrides);
  return { ...base, location: { ...base.location, lon: base.location.lon + i * 0.00005 } };
}

const who: WriteContext = { actor: "surveyor:test", reason: "contract test" };
const rows = (n: number, from = 0): ImportRow[] =>
  Array.from({ length: n }, (_, i) => ({ externalId: `row-${from + i}`, data: sampleAt(from + i), surveyor: "team-1" }));

export function runStoreContract(options: StoreContractOptions): void {
  describe(`Store contract: ${options.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await options.createStore();
    });
    afterEach(async () => {
      await store.close();
    });
    const it = (title: string, fn: () => Promise<void>) => {
      const reason = options.skip?.[title];
      if (reason) test(title, { skip: reason }, fn);
      else test(title, fn);
    };

    // ── records and codes ──────────────────────────────────────────────────────────────────────

    it("creates a record at version 1 in status surveyed with a 10-symbol code for its cell", async () => {
      const record = await store.create({ data: sampleData() }, who);
      assert.match(record.code, /^[0-9A-Z]{10}$/);
      assert.equal(record.version, 1);
      assert.equal(record.status, "surveyed");
      assert.deepEqual(record.parts, sampleData().parts);
      assert.equal((await store.get(record.code))?.code, record.code);
    });

    it("gives a second and third address in the same cell the base code plus distinct unit suffixes", async () => {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await store.create({ data: sampleData() }, who)).code);
      assert.equal(new Set(codes).size, 3);
      assert.equal(codes[1].slice(0, 10), codes[0]);
      assert.equal(codes[2].slice(0, 10), codes[0]);
      assert.ok(codes[1].length > 10 && codes[2].length > 10);
    });

    it("keeps an explicitly requested code and refuses it a second time with a DuplicateError", async () => {
      const first = await store.create({ data: sampleData() }, who);
      const other = await store.create({ data: sampleAt(50), code: "TESTCODE01" }, who);
      assert.equal(other.code, "TESTCODE01");
      await assert.rejects(store.create({ data: sampleAt(60), code: first.code }, who), DuplicateError);
    });

    it("refuses a second record with the same batch and external id", async () => {
      await store.create({ data: sampleData(), batch: "b1", externalId: "x1" }, who);
      await assert.rejects(store.create({ data: sampleAt(9), batch: "b1", externalId: "x1" }, who), DuplicateError);
    });

    it("answers null for an unknown code and getMany in input order", async () => {
      const a = await store.create({ data: sampleAt(1) }, who);
      const b = await store.create({ data: sampleAt(2) }, who);
      assert.equal(await store.get("NOSUCHCODE"), null);
      const many = await store.getMany([b.code, "NOSUCHCODE", a.code]);
      assert.deepEqual(
        many.map((r) => r?.code ?? null),
        [b.code, null, a.code],
      );
    });

    it("hides the owner's personal data unless asked for it", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      assert.equal((await store.get(code))?.owner, null);
      assert.deepEqual((await store.get(code, { withPersonalData: true }))?.owner, sampleData().owner);
    });

    it("stores completeness findings with the record, computing them when the writer gives none", async () => {
      const incomplete = await store.create({ data: sampleData({ parts: {} }) }, who);
      assert.deepEqual(
        incomplete.issues.map((i) => i.rule),
        ["parts.required"],
      );
      const given = await store.create({ data: sampleAt(3), issues: [{ rule: "custom", message: "m" }] }, who);
      assert.deepEqual(given.issues, [{ rule: "custom", message: "m" }]);
    });

    // ── updates and concurrency ───────────────────────────────────────────────────────────────

    it("applies an update carrying the current version and records what changed, who and why", async () => {
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

    it("fails a stale update with a ConflictError naming both versions, so no update is lost", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      await store.update(code, 1, { name: "A" }, who);
      await assert.rejects(store.update(code, 1, { name: "B" }, who), (error: unknown) => {
        assert.ok(error instanceof ConflictError);
        assert.match(error.message, /version 2.*version 1/);
        return true;
      });
      assert.equal((await store.get(code))?.name, "A");
    });

    it("writes nothing for an update that changes nothing", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      const seq = await store.lastSeq();
      const same = await store.update(code, 1, { parts: sampleData().parts }, who);
      assert.equal(same.version, 1);
      assert.equal(await store.lastSeq(), seq);
    });

    it("sends a complete record back to surveyed when its content changes", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      await store.transition(code, 1, { to: "complete", reason: "checked" }, who);
      const changed = await store.update(code, 2, { parts: { ...sampleData().parts, houseNumber: "14" } }, who);
      assert.equal(changed.status, "surveyed");
    });

    // ── lifecycle ─────────────────────────────────────────────────────────────────────────────

    it("walks surveyed → complete → notified → confirmed → official, recording who and why", async () => {
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

    it("refuses a transition the lifecycle does not allow, naming both statuses", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      await assert.rejects(store.transition(code, 1, { to: "official", reason: "skip ahead" }, who), (error: unknown) => {
        assert.ok(error instanceof TransitionError);
        assert.match(error.message, /"surveyed" to "official"/);
        return true;
      });
    });

    it("refuses complete while completeness findings remain, and a transition without a reason", async () => {
      const { code } = await store.create({ data: sampleData({ parts: {} }) }, who);
      await assert.rejects(store.transition(code, 1, { to: "complete", reason: "ok" }, who), /finding/);
      await assert.rejects(store.transition(code, 1, { to: "rejected", reason: " " }, who), /reason/);
    });

    it("locks content once notified; a correction request carries the change and leads back to surveyed", async () => {
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

    it("retires a record with an existing successor code and allows nothing after", async () => {
      const a = await store.create({ data: sampleAt(1) }, who);
      const b = await store.create({ data: sampleAt(2) }, who);
      await assert.rejects(store.transition(a.code, 1, { to: "retired", reason: "merged", successor: "NOSUCHCODE" }, who), ValidationError);
      const retired = await store.transition(a.code, 1, { to: "retired", reason: "merged", successor: b.code }, who);
      assert.equal(retired.successor, b.code);
      await assert.rejects(store.transition(a.code, 2, { to: "surveyed", reason: "undo" }, who), /final/);
    });

    // ── history and as-of ─────────────────────────────────────────────────────────────────────

    it("reads a record as it was at a given time, and null before it existed", async () => {
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

    // ── bulk import ───────────────────────────────────────────────────────────────────────────

    it("imports a batch with one outcome per row in input order", async () => {
      const outcomes = await store.importBatch("hn-2025-08", rows(5), { actor: "import" });
      assert.deepEqual(
        outcomes.map((o) => [o.externalId, o.outcome]),
        rows(5).map((r) => [r.externalId, "created"]),
      );
      const found = await store.findByExternalId("hn-2025-08", "row-3");
      assert.equal(found?.provenance.batch, "hn-2025-08");
      assert.equal(found?.provenance.surveyor, "team-1");
    });

    it("re-importing an unchanged batch writes nothing, and a changed row gets exactly one new revision", async () => {
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

    it("treats a repeated external id inside one batch as a re-import of the earlier row", async () => {
      const r = rows(1);
      const outcomes = await store.importBatch("b", [r[0], r[0], { ...r[0], data: { ...r[0].data, name: "N" } }], { actor: "import" });
      assert.deepEqual(
        outcomes.map((o) => o.outcome),
        ["created", "unchanged", "updated"],
      );
    });

    it("allocates distinct codes to batch rows that share one cell", async () => {
      const same = Array.from({ length: 5 }, (_, i) => ({ externalId: `flat-${i}`, data: sampleData() }));
      const outcomes = await store.importBatch("tower", same, { actor: "import" });
      const codes = outcomes.map((o) => (o.outcome === "created" ? o.code : ""));
      assert.equal(new Set(codes).size, 5);
    });

    // Large enough for an implementation's bulk paths (multi-row statements, batched look-ups) to
    // meet stored, changed, repeated and colliding rows in the middle of their chunks.
    it("keeps outcomes, history, the feed and counts exact in a large re-import mixing stored, changed, repeated and new rows", async () => {
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

    it("reports a locked outcome for a changed row whose record was already notified", async () => {
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

    it("rolls the whole batch back when one row makes it fail", async () => {
      const bad = rows(3);
      bad[1] = { ...bad[1], data: { ...bad[1].data, location: { ...bad[1].data.location, lat: Number.NaN } } };
      await assert.rejects(store.importBatch("b", bad, { actor: "import" }));
      assert.equal(await store.lastSeq(), 0);
      assert.equal(await store.findByExternalId("b", "row-0"), null);
      assert.deepEqual(await store.countsByProvinceAndStatus(), []);
    });

    it("starts rows without findings as complete when promoteComplete is set", async () => {
      const outcomes = await store.importBatch("b", [...rows(1), { externalId: "bare", data: sampleAt(7, { parts: {} }) }], {
        actor: "import",
        promoteComplete: true,
      });
      const [ok, bare] = await store.getMany(outcomes.map((o) => (o.outcome === "created" ? o.code : "")));
      assert.equal(ok?.status, "complete");
      assert.equal(bare?.status, "surveyed");
    });

    it("replaces completeness findings without a revision", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      const seq = await store.lastSeq();
      assert.equal(await store.setIssues([{ code, issues: [{ rule: "r", message: "m" }] }, { code: "NOSUCHCODE", issues: [] }]), 1);
      const r = await store.get(code);
      assert.deepEqual(r?.issues, [{ rule: "r", message: "m" }]);
      assert.equal(r?.version, 1);
      assert.equal(await store.lastSeq(), seq);
    });

    it("replaces findings given with a version only while the record is still at it (a concurrent edit is not overwritten)", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      const moved = await store.update(code, 1, { surveyor: "someone else" }, who);
      const stale = [{ rule: "stale", message: "computed from version 1" }];
      assert.equal(await store.setIssues([{ code, issues: stale, version: 1 }]), 0);
      assert.deepEqual((await store.get(code))?.issues, moved.issues);
      assert.equal(await store.setIssues([{ code, issues: [{ rule: "r", message: "m" }], version: moved.version }]), 1);
      assert.deepEqual((await store.get(code))?.issues, [{ rule: "r", message: "m" }]);
    });

    it("keeps extra source attributes, versions them, and treats a changed one as a change on re-import", async () => {
      const row = { ...rows(1)[0], data: { ...sampleData(), extra: { "so-thua": "12", "to-ban-do": "5" } } };
      const [o] = await store.importBatch("b", [row], { actor: "import" });
      assert.ok(o.outcome === "created");
      assert.deepEqual((await store.get(o.code))?.extra, { "so-thua": "12", "to-ban-do": "5" });
      assert.equal((await store.importBatch("b", [row], { actor: "import" }))[0].outcome, "unchanged");
      const changed = { ...row, data: { ...row.data, extra: { "so-thua": "13", "to-ban-do": "5" } } };
      const [again] = await store.importBatch("b", [changed], { actor: "import" });
      assert.deepEqual(again.outcome === "updated" && again.changed, ["extra"]);
    });

    it("lets warnings through to complete while errors block it", async () => {
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

    it("saves an import checkpoint with its batch, and not when the batch rolls back", async () => {
      assert.equal(await store.importCheckpoint("b|file.csv"), null);
      await store.importBatch("b", rows(2), { actor: "import", checkpoint: { key: "b|file.csv", value: "1024" } });
      assert.equal(await store.importCheckpoint("b|file.csv"), "1024");
      const bad = rows(2, 10);
      bad[1] = { ...bad[1], data: { ...bad[1].data, location: { ...bad[1].data.location, lon: Number.NaN } } };
      await assert.rejects(store.importBatch("b", bad, { actor: "import", checkpoint: { key: "b|file.csv", value: "2048" } }));
      assert.equal(await store.importCheckpoint("b|file.csv"), "1024");
    });

    // ── queries and counts ────────────────────────────────────────────────────────────────────

    it("queries by commune, province, status, batch and bounding box, page by page", async () => {
      await store.importBatch("b1", rows(25), { actor: "import" });
      await store.importBatch("b2", [{ externalId: "hcm", data: sampleData({ new: { province: "79", commune: "26734" }, old: null, location: { lat: 10.776, lon: 106.701, accuracyM: 3, source: "survey-gnss" } }) }], { actor: "import" });
      const all: string[] = [];
      let after: string | null = null;
      do {
        const page = await store.query({ commune: "00004", limit: 10, after });
        all.push(...page.items.map((r) => r.code));
        after = page.next;
      } while (after);
      assert.equal(all.length, 25);
      assert.equal(new Set(all).size, 25);
      assert.equal((await store.query({ province: "79" })).items.length, 1);
      assert.equal((await store.query({ commune: "99999" })).items.length, 0);
      assert.equal((await store.query({ status: "surveyed", batch: "b2" })).items.length, 1);
      assert.equal((await store.query({ status: ["official"] })).items.length, 0);
      const box = { south: 21.04, north: 21.042, west: 105.8394, east: 105.8394 + 4.5 * 0.00005 };
      const inBox = await store.query({ bbox: box });
      assert.equal(inBox.items.length, 5);
      assert.ok(inBox.items.every((r) => r.location.lon <= box.east));
      assert.equal((await store.query({ bbox: { south: 10, north: 11, west: 106, east: 107 } })).items[0]?.provenance.externalId, "hcm");
    });

    it("counts records by province and status as they are created and move", async () => {
      await store.importBatch("b", rows(3), { actor: "import" });
      const [o] = await store.importBatch("c", [{ externalId: "x", data: sampleData({ new: { province: "79", commune: "26734" }, old: null }) }], { actor: "import" });
      assert.ok(o.outcome === "created");
      await store.transition(o.code, 1, { to: "rejected", reason: "not an address" }, who);
      assert.deepEqual(await store.countsByProvinceAndStatus(), [
        { province: "01", status: "surveyed", count: 3 },
        { province: "79", status: "rejected", count: 1 },
      ]);
      assert.deepEqual(await store.countsByCommuneAndStatus("79"), [{ province: "79", commune: "26734", status: "rejected", count: 1 }]);
      assert.equal((await store.countsByCommuneAndStatus()).length, 2);
    });

    it("counts stored findings by rule, optionally for some statuses", async () => {
      await store.create({ data: sampleAt(1, { parts: {} }) }, who);
      await store.create({ data: sampleAt(2, { parts: { street: "Phố Huế" } }) }, who);
      await store.create({ data: sampleAt(3, { owner: null }) }, who);
      assert.deepEqual(await store.findingsByRule(), [
        { rule: "parts.required", count: 2 },
        { rule: "owner.contact", count: 1 },
      ]);
      assert.deepEqual(await store.findingsByRule("official"), []);
    });

    it("keeps finding counts equal to the stored findings through imports, re-imports, edits, transitions and setIssues", async () => {
      const warning = { rule: "owner.citizen_id", message: "w", severity: "warning" as const };
      const batch: ImportRow[] = [
        { externalId: "a", data: sampleAt(1, { parts: {} }) },
        { externalId: "b", data: sampleAt(2), issues: [warning] },
        { externalId: "c", data: sampleAt(3, { parts: { street: "Phố Huế" } }) },
        { externalId: "d", data: sampleAt(4, { new: { province: "79", commune: "26734" }, old: null, parts: {} }) },
      ];
      const out = await store.importBatch("f", batch, { actor: "import", promoteComplete: true });
      // A re-import that fixes "a" and breaks "b".
      await store.importBatch("f", [{ ...batch[0], data: sampleAt(1) }, { ...batch[1], data: sampleAt(2, { parts: {} }) }], { actor: "import" });
      const codeOf = (i: number) => (out[i] as { code: string }).code;
      const c = (await store.get(codeOf(2)))!;
      await store.update(c.code, c.version, { parts: {} }, who);
      const d = (await store.get(codeOf(3)))!;
      await store.transition(d.code, d.version, { to: "rejected", reason: "not an address" }, who);
      await store.setIssues([{ code: codeOf(0), issues: [warning, { rule: "parts.way", message: "m" }] }]);

      // The truth: every stored record's findings.
      const truth = new Map<string, number>();
      const add = (key: string) => truth.set(key, (truth.get(key) ?? 0) + 1);
      for (const r of (await store.query({ limit: 100 })).items) {
        for (const issue of r.issues) {
          add(`*|${issue.rule}`);
          add(`${r.status}|${issue.rule}`);
          add(`${issue.severity ?? "error"}|${issue.rule}`);
          add(`${r.new.province}|${issue.rule}`);
        }
      }
      const expect = (prefix: string) =>
        [...truth]
          .filter(([k]) => k.startsWith(`${prefix}|`))
          .map(([k, count]) => ({ rule: k.slice(prefix.length + 1), count }))
          .sort((x, y) => y.count - x.count || (x.rule < y.rule ? -1 : 1));
      assert.deepEqual(await store.findingsByRule(), expect("*"));
      for (const status of ["surveyed", "complete", "rejected"] as const) assert.deepEqual(await store.findingsByRule(status), expect(status), status);
      assert.deepEqual(await store.findingsByRule(undefined, { severity: "warning" }), expect("warning"));
      assert.deepEqual(await store.findingsByRule(undefined, { severity: "error" }), expect("error"));
      assert.deepEqual(await store.findingsByRule(undefined, { province: "79" }), expect("79"));
      assert.ok(truth.size > 6, "the scenario leaves findings in several statuses");
    });

    // ── change feed ───────────────────────────────────────────────────────────────────────────

    it("feeds every revision with a strictly increasing sequence number, after a given one, without owner values", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      await store.update(code, 1, { owner: { name: "Trần Thị B" } }, who);
      await store.importBatch("b", rows(3, 100), { actor: "import" });
      const feed = await store.changesSince(0);
      assert.equal(feed.length, 5);
      for (let i = 1; i < feed.length; i++) assert.ok(feed[i].seq > feed[i - 1].seq);
      assert.equal(feed[1].code, code);
      assert.notDeepEqual(feed[1].changes?.owner?.[1], { name: "Trần Thị B" });
      const tail = await store.changesSince(feed[1].seq, 2);
      assert.deepEqual(
        tail.map((r) => r.seq),
        [feed[2].seq, feed[3].seq],
      );
      assert.equal(await store.lastSeq(), feed[4].seq);
      assert.deepEqual(await store.changesSince(feed[4].seq), []);
    });

    // ── personal-data erasure ─────────────────────────────────────────────────────────────────

    it("erases the owner's data from the record and every revision, keeping the address and its history", async () => {
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

    it("changes nothing when asked to erase again with no personal data added since: no revision, same version", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      const first = await store.erasePersonalData(code, { actor: "dpo", reason: "request 1" });
      const before = await store.history(code, { withPersonalData: true });
      const again = await store.erasePersonalData(code, { actor: "dpo", reason: "request 1, sent twice" });
      assert.deepEqual(again, { code, version: first.version, revisionsRedacted: 0, erased: false });
      assert.deepEqual(await store.history(code, { withPersonalData: true }), before);
      assert.equal((await store.get(code))?.version, first.version);
    });

    it("erases again once new personal data was added after an erasure", async () => {
      const { code } = await store.create({ data: sampleData() }, who);
      await store.erasePersonalData(code, { actor: "dpo", reason: "request 1" });
      await store.update(code, 2, { owner: { name: "Lê Thị C" } }, who);
      const again = await store.erasePersonalData(code, { actor: "dpo", reason: "request 2" });
      assert.deepEqual(again, { code, version: 4, revisionsRedacted: 1, erased: true });
      assert.doesNotMatch(JSON.stringify(await store.history(code, { withPersonalData: true })), /Lê Thị C/);
    });

    it("keeps erased personal data erased through a status change and a later re-import of a changed row", async () => {
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

    it("does not bring erased personal data back on a re-import of the original batch", async () => {
      const [o] = await store.importBatch("b", rows(1), { actor: "import" });
      assert.ok(o.outcome === "created");
      await store.erasePersonalData(o.code, { actor: "dpo", reason: "request" });
      const [again] = await store.importBatch("b", rows(1), { actor: "import" });
      assert.equal(again.outcome, "unchanged");
      assert.equal((await store.get(o.code, { withPersonalData: true }))?.owner, null);
    });
  });
}
