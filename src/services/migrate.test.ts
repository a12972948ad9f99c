import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import { SurveyGenerator } from "../generate/generator.js";
import { writeRows } from "../generate/writers.js";
import { sampleAt, sampleData } from "../store/contract/samples.js";
import { type OpenedStore, openStore, StoreFileError, StoreLocationError } from "../store/open.js";
import type { AddressRecord } from "../domain/record.js";
import { tableDigests } from "../store/transfer.js";
import { postgresSkip, TestPostgres } from "../testing/postgres.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { ServiceError } from "./errors.js";
import { ImportService } from "./imports.js";
import { MigrationService } from "./migrate.js";
import { storeAt } from "./stores.js";

const skip = postgresSkip({ postgis: true });
const dir = mkdtempSync(join(tmpdir(), "diachiso-migrate-"));
const survey = join(dir, "survey.csv");
const source = join(dir, "source.db");
let server: TestPostgres | null = null;
/** The source's personal-data key, as $DIACHISO_PII_KEY takes it. */
let keyEnv: NodeJS.ProcessEnv = {};

async function withStore<T>(location: string, work: (store: OpenedStore) => Promise<T>): Promise<T> {
  const store = await openStore(location, { use: "write" });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function allRecords(store: OpenedStore): Promise<AddressRecord[]> {
  const out: AddressRecord[] = [];
  let after: string | null = null;
  do {
    const page = await store.query({ limit: 10_000, after }, { withPersonalData: true });
    out.push(...page.items);
    after = page.next;
  } while (after !== null);
  return out;
}

/**
 * A store with a row in every table: a generated survey imported, then edits, lifecycle moves,
 * notifications sent, failed and given up, owners' answers (a confirmation, a correction
 * proposal), an erasure, a checkpoint, access keys (one revoked) and audit entries.
 */
async function buildSource(): Promise<void> {
  await writeRows(new SurveyGenerator(loadRegistry(), loadBoundaries(), { count: 600, seed: 11 }).rows(), "csv", survey);
  await new ImportService(storeAt(source, { env: {} })).import({ files: [survey] });
  keyEnv = { DIACHISO_PII_KEY: readFileSync(`${source}.pii-key`, "utf8").trim() };
  await withStore(source, async (store) => {
    const who = { actor: "surveyor:test", reason: "migration test" };
    const surveyed = (await store.query({ status: "surveyed", limit: 3 })).items;
    await store.update(surveyed[0].code, surveyed[0].version, { name: "Nhà văn hóa" }, who);
    await store.transition(surveyed[1].code, surveyed[1].version, { to: "rejected", reason: "not an address" }, who);
    const claimed = await store.claimNotifications({ channel: "file", claimant: "test", limit: 6, leaseMs: 60_000 });
    assert.ok(claimed.length === 6, "the import queued notifications");
    const settled = await store.settleNotifications("test", "file", [
      ...claimed.slice(0, 3).map((c) => ({ id: c.id, outcome: "sent" as const, receipt: `r-${c.id}` })),
      { id: claimed[3].id, outcome: "failed", error: "no answer", nextAttemptAt: new Date("2030-01-01T00:00:00Z") },
      { id: claimed[4].id, outcome: "dead", reason: "no such number" },
    ]);
    assert.ok(settled.every((s) => s.applied));
    const [confirmed, corrected, erased] = claimed.slice(0, 3).map((c) => c.code);
    const one = (await store.get(confirmed))!;
    await store.answerAsOwner({ code: confirmed, expectedVersion: one.version, nonce: "n-1", to: "confirmed", reason: "owner", via: "owner-link:n-1" }, { actor: "owner" });
    await store.transition(confirmed, one.version + 1, { to: "official", reason: "signed" }, who);
    const two = (await store.get(corrected))!;
    await store.answerAsOwner(
      {
        code: corrected,
        expectedVersion: two.version,
        nonce: "n-2",
        to: "correction-requested",
        reason: "owner",
        via: "owner-link:n-2",
        proposal: { text: "số nhà sai", fields: { "parts.houseNumber": "14" } },
      },
      { actor: "owner" },
    );
    await store.erasePersonalData(erased, { actor: "dpo", reason: "owner request" });
    await store.importBatch("manual", [{ externalId: "m-1", data: sampleAt(1) }], { actor: "import", checkpoint: { key: "manual|file", value: "120" } });
    await store.addAccessKey({ id: "k_a", hash: "a".repeat(64), name: "Giao hàng", role: "partner", scopes: ["search"], provinces: null, ratePerMinute: 60, createdBy: "cli" });
    await store.addAccessKey({ id: "k_b", hash: "b".repeat(64), name: "Khảo sát", role: "surveyor", scopes: [], provinces: ["01"], ratePerMinute: null, createdBy: "cli" });
    await store.revokeAccessKey("k_b");
    await store.appendAudit({ actor: "key:k_a", action: "read-personal-data", subject: confirmed, reason: "delivery" });
    await store.appendAudit({ actor: "cli:root", action: "read-history-personal-data", subject: erased, reason: "audit" });
  });
}

before(async () => {
  await buildSource();
  if (!skip) server = await TestPostgres.start();
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("a store moves SQLite → PostgreSQL → SQLite with every table, record, history, counter and key the same", { skip }, async () => {
  const pg = await server!.newDatabase("migrate");
  const back = join(dir, "back.db");
  const migrations = new MigrationService();
  const there = await migrations.migrate(source, pg, { env: keyEnv });
  assert.equal(there.same, true, JSON.stringify(there.tables.filter((t) => !t.same)));
  assert.ok(there.tables.every((t) => t.sourceRows > 0), `a row in every table: ${there.tables.filter((t) => t.sourceRows === 0).map((t) => t.table)}`);
  const home = await migrations.migrate(pg, back, { env: keyEnv });
  assert.equal(home.same, true, JSON.stringify(home.tables.filter((t) => !t.same)));
  assert.equal(readFileSync(`${back}.pii-key`, "utf8").trim(), keyEnv.DIACHISO_PII_KEY, "the key is written beside the new file");

  const [sourceDigests, backDigests] = [await withStore(source, tableDigests), await withStore(back, tableDigests)];
  assert.deepEqual(backDigests, sourceDigests, "the round trip's checksums are the source's");

  await withStore(source, (a) =>
    withStore(pg, (b) =>
      withStore(back, async (c) => {
        const records = await allRecords(a);
        assert.deepEqual(await allRecords(b), records);
        assert.deepEqual(await allRecords(c), records);
        for (const { code } of records) {
          const history = await a.history(code, { withPersonalData: true });
          assert.deepEqual(await b.history(code, { withPersonalData: true }), history, code);
          assert.deepEqual(await c.history(code, { withPersonalData: true }), history, code);
        }
        const feed = await a.changesSince(0, 100_000);
        assert.deepEqual(await b.changesSince(0, 100_000), feed);
        assert.deepEqual(await c.changesSince(0, 100_000), feed);
        assert.equal(await c.lastSeq(), await a.lastSeq());
        const edited = feed.find((r) => r.action === "update")!;
        const before = new Date(Date.parse(edited.at) - 1);
        assert.deepEqual(await c.getAsOf(edited.code, before, { withPersonalData: true }), await a.getAsOf(edited.code, before, { withPersonalData: true }));
        assert.deepEqual(await c.accessKeys(), await a.accessKeys());
        assert.deepEqual(await b.auditLog(), await a.auditLog());
        assert.deepEqual(await c.correctionProposals(), await a.correctionProposals());
        assert.deepEqual(await b.deadLetters(), await a.deadLetters());
        assert.deepEqual(await c.ownerNonceSpent("n-2"), await a.ownerNonceSpent("n-2"));
        assert.equal(await c.importCheckpoint("manual|file"), "120");

        // The next code in a cell that holds addresses already, and the next seq, go on where the source's do.
        const crowded = sampleData({ location: records[0].location, new: records[0].new, old: records[0].old });
        const who = { actor: "surveyor:test", at: new Date() };
        const made = await Promise.all([a, b, c].map((store) => store.create({ data: crowded }, who)));
        assert.equal(made[1].code, made[0].code, "PostgreSQL allocates the source's next code");
        assert.equal(made[2].code, made[0].code, "SQLite allocates the source's next code");
        assert.deepEqual(await b.changesSince(await a.lastSeq() - 1), await a.changesSince(await a.lastSeq() - 1));
        assert.deepEqual(await c.notificationCounts(), await a.notificationCounts());
      }),
    ),
  );

  // A re-import of the same survey after the move finds what it found before it: nothing new.
  const againBack = await new ImportService(storeAt(back, { env: {} })).import({ files: [survey] });
  const againSource = await new ImportService(storeAt(source, { env: {} })).import({ files: [survey] });
  assert.equal(againBack.created, 0);
  assert.ok(againBack.unchanged > 590, `unchanged ${againBack.unchanged}`);
  const outcomes = (s: typeof againBack) => [s.read, s.accepted, s.created, s.updated, s.unchanged, s.rejected];
  assert.deepEqual(outcomes(againBack), outcomes(againSource));
});

test("the checksums tell a changed row apart, in the table it is in", async () => {
  const copy = join(dir, "copy.db");
  const report = await new MigrationService().migrate(source, copy, { env: {} });
  assert.equal(report.same, true);
  const db = new Database(copy);
  db.prepare("UPDATE cells SET last_unit = last_unit + 1 WHERE base = (SELECT min(base) FROM cells)").run();
  db.close();
  const [expected, changed] = [await withStore(source, tableDigests), await withStore(copy, tableDigests)];
  const differing = expected.filter((d, i) => d.sha256 !== changed[i].sha256).map((d) => d.table);
  assert.deepEqual(differing, ["cells"]);
  assert.deepEqual(changed.map((d) => d.rows), expected.map((d) => d.rows), "the counts alone would not have told");
});

test("a target that holds rows, a missing source and a key left behind are refused, writing nothing", async () => {
  const migrations = new MigrationService();
  const full = join(dir, "full.db");
  const made = await openStore(full, { use: "create" });
  await made.create({ data: sampleData() }, { actor: "t" });
  await made.close();
  await assert.rejects(migrations.migrate(source, full, { env: {} }), (e: unknown) => e instanceof ServiceError && /full\.db: the target store is not empty \(.*records 1/.test(e.message));
  await assert.rejects(migrations.migrate(join(dir, "none.db"), join(dir, "never.db"), { env: {} }), StoreFileError);
  assert.equal(existsSync(join(dir, "never.db")), false);
  await assert.rejects(
    migrations.migrate(source, "postgres://diachiso:secret@127.0.0.1:9/none", { env: {} }),
    (e: unknown) => e instanceof ServiceError && e.message.includes(`DIACHISO_PII_KEY=$(cat '${source}.pii-key')`),
  );
  await assert.rejects(
    migrations.migrate(source, "postgres://diachiso:secret@127.0.0.1:9/none", { env: { DIACHISO_PII_KEY: "cd".repeat(32) } }),
    (e: unknown) => e instanceof ServiceError && /is not the key in .*source\.db\.pii-key/.test(e.message),
  );
  await assert.rejects(migrations.migrate(source, "postgres://diachiso:secret@127.0.0.1:9/none", { env: keyEnv }), (e: unknown) => {
    return e instanceof StoreLocationError && e.problem === "unreachable" && !e.message.includes("secret") && e.message.includes("***");
  });
  await assert.rejects(migrations.migrate(source, `sqlite:${source}`, { env: {} }), (e: unknown) => e instanceof ServiceError && /the same store/.test(e.message));
});
