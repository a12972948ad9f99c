/**
 * A store written by the code before the one rule set (schema v3, test/fixtures/stores/schema-v3.db,
 * made by make-schema-v3-store.mjs beside it) opens with this code: its findings are those of the
 * one rule set, its counts match them, and its citizen-ID hashes still verify.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { citizenIdDigits, citizenIdMatches, isCitizenIdDigits } from "../../domain/personal-data.js";
import type { AddressRecord, Issue } from "../../domain/record.js";
import { SurveyGenerator } from "../../generate/generator.js";
import { buildReport } from "../../report/report.js";
import { storeReportSource } from "../../report/store-source.js";
import { RuleEngine, recordIssues } from "../../rules/evaluate.js";
import { RULES } from "../../rules/ruleset.js";
import { loadBoundaries } from "../../units/boundaries.js";
import { loadRegistry } from "../../units/registry.js";
import { SCHEMA_VERSION } from "./migrations.js";
import { openSqliteStore } from "./sqlite-store.js";

const FIXTURE = fileURLToPath(new URL("../../../../test/fixtures/stores/schema-v3.db", import.meta.url));
/** The personal-data key the fixture was written with (DIACHISO_PII_KEY). */
const FIXTURE_KEY = Buffer.from("ab".repeat(32), "hex");

const dir = mkdtempSync(join(tmpdir(), "diachiso-v3-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A fresh copy of the fixture: opening migrates it, and the committed file must stay v3. */
function fixtureCopy(): string {
  const path = join(dir, `v3-${++copies}.db`);
  copyFileSync(FIXTURE, path);
  return path;
}

async function allRecords(path: string): Promise<Map<string, AddressRecord>> {
  const store = openSqliteStore(path);
  try {
    const page = await store.query({ limit: 1000 }, { withPersonalData: true });
    return new Map(page.items.map((record) => [record.provenance.externalId ?? record.code, record]));
  } finally {
    await store.close();
  }
}

const engine = new RuleEngine();
const finding = (rule: string, value = ""): Issue => ({ rule, message: engine.findingOf(rule, value).message });

test("the fixture is a schema v3 store", () => {
  const db = new Database(FIXTURE, { readonly: true });
  assert.equal(db.pragma("user_version", { simple: true }), 3);
  db.close();
  assert.ok(SCHEMA_VERSION > 3);
});

test("findings under the store's retired rule ids take the surviving rule's id and message, one per rule", async () => {
  const records = await allRecords(fixtureCopy());
  const door = finding("parts.required", "houseNumber|lot|building|hamlet");
  // parts.door + parts.way → one parts.required, the first one's.
  assert.deepEqual(records.get("no-parts")?.issues, [door]);
  // location.accuracy survives as it was; location.surveyed → location.present; name.required → parts.required.
  assert.deepEqual(records.get("business-geocoded")?.issues, [
    { rule: "location.accuracy", message: "location accuracy 80 m is worse than 30 m (độ chính xác tọa độ kém hơn 30 m)" },
    finding("location.present"),
    finding("parts.required", "name"),
  ]);
  assert.deepEqual(records.get("centroid-street-only")?.issues, [finding("location.present"), door]);
  // A writer's severity is kept; a surviving id already present absorbs the retired one, at the first's place.
  assert.deepEqual(records.get("given-warning")?.issues, [{ ...finding("parts.required", "street|alleys|hamlet"), severity: "warning" }]);
  assert.deepEqual(records.get("given-mixed")?.issues, [finding("owner.contact"), door]);
  // The store's own findings are what the one rule set gives the same content today.
  for (const id of ["no-parts", "centroid-street-only"]) assert.deepEqual(records.get(id)?.issues, recordIssues(records.get(id)!));
  assert.deepEqual(records.get("business-geocoded")?.issues.map((i) => i.message)[0], recordIssues(records.get("business-geocoded")!)[0].message);
});

test("every stored finding names a rule of the rule set, the counts match the records, and the report names every reason", async () => {
  const path = fixtureCopy();
  const records = await allRecords(path);
  const ids = new Set(RULES.map((r) => r.id));
  for (const record of records.values()) for (const issue of record.issues) assert.ok(ids.has(issue.rule), `${record.code}: ${issue.rule}`);

  const truth = new Map<string, number>();
  for (const record of records.values()) for (const issue of record.issues) truth.set(issue.rule, (truth.get(issue.rule) ?? 0) + 1);
  const store = openSqliteStore(path);
  try {
    const counted = await store.findingsByRule();
    assert.deepEqual(new Map(counted.map((c) => [c.rule, c.count])), truth);
    assert.ok(!counted.some((c) => ["parts.door", "parts.way", "name.required", "location.surveyed"].includes(c.rule)));
    const report = await buildReport(storeReportSource(store), loadRegistry(), "province", 20);
    assert.ok(report.reasons.length >= 4, `${report.reasons.length} reasons`);
    for (const reason of report.reasons) assert.ok(reason.message, `${reason.rule} has a message`);
  } finally {
    await store.close();
  }
});

test("findings the import stored are left as they were", async () => {
  const before = new Database(FIXTURE, { readonly: true });
  const stored = new Map(
    (before.prepare("SELECT external_id, issues FROM records WHERE external_id LIKE 'KS-%'").all() as { external_id: string; issues: string | null }[]).map(
      (row) => [row.external_id, row.issues === null ? [] : (JSON.parse(row.issues) as Issue[])],
    ),
  );
  before.close();
  assert.equal(stored.size, 40);
  const records = await allRecords(fixtureCopy());
  for (const [externalId, issues] of stored) assert.deepEqual(records.get(externalId)?.issues, issues, externalId);
});

test("citizen-ID hashes written by the previous code verify with this one", async () => {
  const records = await allRecords(fixtureCopy());
  assert.equal(citizenIdMatches(records.get("citizen-id")!.owner, "001090012345", FIXTURE_KEY), true);
  assert.equal(records.get("citizen-id")?.status, "complete");
  // The imported rows: the same seed gives the same survey file, so the IDs are known.
  let verified = 0;
  for (const row of new SurveyGenerator(loadRegistry(), loadBoundaries(), { count: 40, seed: 11 }).rows()) {
    const record = records.get(row.external_id);
    assert.ok(record, row.external_id);
    if (!isCitizenIdDigits(citizenIdDigits(row.owner_citizen_id))) continue;
    assert.equal(citizenIdMatches(record.owner, row.owner_citizen_id, FIXTURE_KEY), true, row.external_id);
    assert.equal(citizenIdMatches(record.owner, row.owner_citizen_id, Buffer.alloc(32, 1)), false);
    verified++;
  }
  assert.ok(verified >= 30, `${verified} imported IDs verified`);
});

test("upgrading an existing store says so, a line per migration, before the wait; a new store says nothing", async () => {
  const notices: string[] = [];
  const path = fixtureCopy();
  const store = openSqliteStore(path, { onNotice: (message) => notices.push(message) });
  await store.close();
  assert.equal(notices.length, SCHEMA_VERSION - 3);
  for (const [i, notice] of notices.entries()) assert.ok(notice.startsWith(`upgrading ${path} to store version ${i + 4}: `), notice);
  const fresh: string[] = [];
  await openSqliteStore(join(dir, "new.db"), { onNotice: (message) => fresh.push(message) }).close();
  assert.deepEqual(fresh, []);
});
