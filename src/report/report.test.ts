import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { SurveyGenerator } from "../generate/generator.js";
import { writeRows } from "../generate/writers.js";
import { emptySummary, importFile } from "../ingest/import.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { buildReport, FUNNEL, reportCsv, reportText } from "./report.js";
import { storeReportSource } from "./store-source.js";

const MAIN = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-report-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const registry = loadRegistry();
const db = join(dir, "r.db");

test("report totals equal the record count, per province and per ward, and units add up to the total", async () => {
  const file = join(dir, "r.csv");
  await writeRows(
    new SurveyGenerator(registry, loadBoundaries(), { count: 800, seed: 4 }).rows(),
    "csv",
    file,
  );
  const store = openSqliteStore(db);
  const summary = await importFile(store, file, { piiKey: Buffer.alloc(32, 1) }, emptySummary());
  // Move one record along the lifecycle so that more than two counters are used.
  const first = (await store.query({ status: "complete", limit: 1 })).items[0];
  await store.transition(first.code, first.version, { to: "notified", reason: "test" }, { actor: "test" });

  const source = storeReportSource(store);
  for (const by of ["province", "ward"] as const) {
    const report = await buildReport(source, registry, by);
    assert.equal(report.total.total, summary.accepted);
    assert.equal(report.total.notified, 1);
    assert.equal(report.total.complete, summary.complete - 1);
    assert.equal(report.total.surveyed, summary.incomplete);
    assert.equal(
      FUNNEL.reduce((s, k) => s + report.total[k], 0),
      report.total.total,
    );
    for (const k of ["total", ...FUNNEL] as const)
      assert.equal(
        report.units.reduce((s, u) => s + u[k], 0),
        report.total[k],
        `${by} ${k}`,
      );
    assert.ok(report.units.every((u) => u.name !== "?"));
    assert.equal(report.reasons[0].rule, "owner.contact");
    assert.match(reportText(report), /TOTAL/);
    assert.equal(reportCsv(report).trim().split("\n").length, report.units.length + 2);
    // The store's finding counts agree with what the import saw, rule by rule.
    for (const reason of report.reasons) assert.equal(reason.count, summary.incomplete_by_rule[reason.rule], reason.rule);
  }
  await store.close();
});

test("report --json prints units and a total with the documented counters", () => {
  const out = JSON.parse(
    execFileSync(process.execPath, [MAIN, "report", "--db", db, "--json"], { encoding: "utf8" }),
  ) as {
    units: Record<string, unknown>[];
    total: Record<string, number>;
  };
  for (const key of ["code", "name", "total", ...FUNNEL]) assert.ok(key in out.units[0], key);
  assert.equal(
    out.units.reduce((s, u) => s + (u.total as number), 0),
    out.total.total,
  );
});

test("validate re-runs the rules and leaves a freshly imported store as it found it", () => {
  const out = JSON.parse(
    execFileSync(process.execPath, [MAIN, "validate", "--db", db, "--json"], { encoding: "utf8" }),
  ) as Record<string, number>;
  assert.ok(out.records > 700);
  assert.equal(out.promoted, 0);
  assert.equal(out.demoted, 0);
  assert.equal(out.changed, 0);
});

test("a report limited to one province counts its communes and its reasons, and they add up to its row in the national report", async () => {
  const store = openSqliteStore(db);
  const source = storeReportSource(store);
  const national = await buildReport(source, registry, "province", 100);
  const busiest = [...national.units].sort((a, b) => b.total - a.total)[0];
  const provinceRow = await buildReport(source, registry, "province", 100, busiest.code);
  assert.deepEqual(provinceRow.units, [busiest]);
  assert.deepEqual(provinceRow.province, { code: busiest.code, name: busiest.name });

  const communes = await buildReport(source, registry, "ward", 100, busiest.code);
  assert.ok(communes.units.length > 1, "a busy province has records in several communes");
  for (const unit of communes.units) assert.equal(registry.ancestors(registry.get("new", unit.code)!).province.code, busiest.code, unit.code);
  const { name: _name, code: _code, ...counters } = busiest;
  assert.deepEqual(communes.total, counters);
  // Its reasons are its own records' findings: no more than the national count, rule by rule, and
  // together no more than a province's share of the country's.
  const nationalReasons = new Map(national.reasons.map((r) => [r.rule, r.count]));
  for (const reason of communes.reasons) assert.ok(reason.count <= nationalReasons.get(reason.rule)!, reason.rule);
  const sum = (reasons: { count: number }[]) => reasons.reduce((s, r) => s + r.count, 0);
  assert.ok(sum(communes.reasons) < sum(national.reasons), "the province's reasons are the country's");
  await store.close();
});
