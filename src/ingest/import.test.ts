import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { SurveyGenerator } from "../generate/generator.js";
import { type OutputFormat, writeRows } from "../generate/writers.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import type { Store } from "../store/store.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { runCli } from "../testing/cli.js";
import { type CsvRecord, CsvSplitter } from "../common/csv.js";
import { emptySummary, ImportInputError, importFile, type ImportSummary } from "./import.js";

const MAIN = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-import-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const registry = loadRegistry();
const boundaries = loadBoundaries();
const piiKey = Buffer.alloc(32, 9);

async function generate(name: string, count: number, format: OutputFormat, seed = 5): Promise<string> {
  const path = join(dir, name);
  await writeRows(new SurveyGenerator(registry, boundaries, { count, seed }).rows(), format, path);
  return path;
}

async function recordCount(store: Store): Promise<number> {
  return (await store.countsByProvinceAndStatus()).reduce((s, c) => s + c.count, 0);
}

async function importInto(dbName: string, file: string, batch?: string): Promise<ImportSummary> {
  const store = openSqliteStore(join(dir, dbName));
  try {
    return await importFile(store, file, { piiKey, batch, chunkRows: 250 }, emptySummary());
  } finally {
    await store.close();
  }
}

for (const format of ["csv", "ndjson", "geojson"] as const) {
  test(`a generated ${format} file imports with every row accepted or rejected, and the store holds the accepted`, async () => {
    const file = await generate(`small.${format}`, 600, format);
    const summary = await importInto(`${format}.db`, file);
    assert.equal(summary.read, 600);
    assert.equal(summary.accepted + summary.rejected, summary.read);
    assert.equal(summary.created, summary.accepted);
    assert.equal(summary.complete + summary.incomplete, summary.accepted);
    assert.ok(
      summary.complete / summary.accepted > 0.2 && summary.complete / summary.accepted < 0.45,
      `complete ${summary.complete}`,
    );
    const store = openSqliteStore(join(dir, `${format}.db`));
    assert.equal(await recordCount(store), summary.accepted);
    await store.close();
  });
}

test("the three formats of the same rows give the same counts", async () => {
  const counts = [];
  for (const format of ["csv", "ndjson", "geojson"] as const) {
    const file = await generate(`same.${format}`, 300, format, 77);
    const s = await importInto(`same-${format}.db`, file, "same");
    counts.push([s.accepted, s.rejected, s.complete, s.incomplete]);
  }
  assert.deepEqual(counts[1], counts[0]);
  assert.deepEqual(counts[2], counts[0]);
});

test("several parsing workers give the store one worker gives: same records in file order, duplicates found across their chunks", async () => {
  const generated = readFileSync(await generate("parts.csv", 3000, "csv", 31), "utf8").trimEnd().split("\n");
  // Rows of chunk 1 (worker 1 of 2 or 3) again at the end, under new ids: duplicates of the same
  // numbers that a worker parsing the last chunk never sees.
  const copies = generated.slice(102, 152).map((line) => line.replace(/^([^,]*)/, "$1-copy"));
  const file = join(dir, "parts-all.csv");
  writeFileSync(file, `${[...generated, ...copies].join("\n")}\n`);
  const runs = [];
  for (const workers of [1, 2, 3]) {
    const path = join(dir, `parts-${workers}.db`);
    const store = openSqliteStore(path);
    const summary = await importFile(store, file, { piiKey, chunkRows: 100, workers }, emptySummary());
    await store.close();
    assert.equal(summary.workers, workers);
    const db = new Database(path, { readonly: true });
    const rows = db.prepare("SELECT code, external_id, status, issues, parts, owner FROM records ORDER BY id").all();
    db.close();
    runs.push({ summary, rows, rejects: readFileSync(`${file}.rejects.csv`, "utf8") });
  }
  const { summary, rows } = runs[0];
  assert.equal(summary.read, 3050);
  const copied = rows.filter((r) => (r as { external_id: string }).external_id.endsWith("-copy"));
  const flagged = copied.filter((r) => ((r as { issues: string | null }).issues ?? "").includes("duplicate.number"));
  assert.ok(flagged.length >= 40, `copies flagged as duplicates: ${flagged.length} of ${copied.length}`);
  for (const run of runs.slice(1)) {
    const { workers: _w, seconds: _s, rows_per_second: _r, cpu_seconds: _c, ...counts } = run.summary;
    const { workers: _w0, seconds: _s0, rows_per_second: _r0, cpu_seconds: _c0, ...expected } = summary;
    assert.deepEqual(counts, expected);
    assert.deepEqual(run.rows, rows, `records with ${run.summary.workers} workers`);
    assert.equal(run.rejects, runs[0].rejects);
  }
});

test("re-importing the same file changes nothing: every accepted row is unchanged", async () => {
  const file = await generate("again.csv", 500, "csv", 8);
  const first = await importInto("again.db", file);
  const second = await importInto("again.db", file);
  assert.equal(second.created, 0);
  assert.equal(second.updated, 0);
  assert.equal(second.unchanged, first.accepted);
  assert.equal(second.rejected, first.rejected);
});

test("a changed row becomes a new revision of its record", async () => {
  const file = await generate("change.csv", 200, "csv", 12);
  await importInto("change.db", file);
  const lines = readFileSync(file, "utf8").split("\n");
  const header = lines[0].split(",");
  const target = lines.findIndex(
    (l, i) => i > 0 && !l.includes('"') && l.split(",")[header.indexOf("lat")] !== "",
  );
  const cells = lines[target].split(",");
  cells[header.indexOf("owner_name")] = "Trần Thị Đổi Tên";
  lines[target] = cells.join(",");
  writeFileSync(file, lines.join("\n"));
  const second = await importInto("change.db", file);
  assert.equal(second.updated, 1);
  assert.equal(second.created, 0);
  const store = openSqliteStore(join(dir, "change.db"));
  const record = await store.findByExternalId("change", cells[0], { withPersonalData: true });
  assert.equal(record?.owner?.name, "Trần Thị Đổi Tên");
  assert.equal(record?.version, 2);
  assert.deepEqual(
    (await store.history(record!.code)).map((r) => r.action),
    ["create", "update"],
  );
  await store.close();
});

test("rejected rows land in FILE.rejects.csv with their line number and reason", async () => {
  const file = join(dir, "bad.csv");
  const header =
    "external_id,kind,name,house_number,alley,street,hamlet,building,unit,ward_code,ward,district_code,district,province_code,province,lat,lon,owner_name,owner_phone,owner_email,owner_citizen_id";
  writeFileSync(
    file,
    [
      header,
      "ok1,household,,12,,Lê Lợi,,,,26740,,,,79,,10.7769,106.7009,An,0912345678,,",
      ",household,,12,,Lê Lợi,,,,26740,,,,79,,10.7769,106.7009,An,0912345678,,",
      "bad2,castle,,12,,Lê Lợi,,,,26740,,,,79,,10.7769,106.7009,An,0912345678,,",
      "bad3,household,,12",
      "bad4,household,,12,,Lê Lợi,,,,99999,,,,,,,,An,0912345678,,",
      "",
    ].join("\n"),
  );
  const summary = await importInto("bad.db", file);
  assert.equal(summary.read, 5);
  assert.equal(summary.accepted, 1);
  assert.equal(summary.rejected, 4);
  assert.deepEqual(summary.rejected_by_reason, {
    missing_external_id: 1,
    unknown_kind: 1,
    malformed: 1,
    no_location: 1,
  });
  const rejects = readFileSync(`${file}.rejects.csv`, "utf8").trim().split("\n");
  assert.match(rejects[0], /^line,reason,message,external_id,/);
  assert.deepEqual(
    rejects.slice(1).map((l) => l.split(",").slice(0, 2).join(",")),
    ["3,missing_external_id", "4,unknown_kind", "5,malformed", "6,no_location"],
  );
});

test("unknown columns are kept as extra attributes and warnings are stored without blocking", async () => {
  const file = join(dir, "extra.csv");
  const header =
    "external_id,kind,house_number,street,ward_code,province_code,lat,lon,owner_phone,owner_citizen_id,survey_team,note";
  writeFileSync(
    file,
    `${header}\ne1,household,12,Lê Lợi,26740,79,10.7769,106.7009,0912345678,123456789,Tổ 3,  cổng  xanh \n`,
  );
  const summary = await importInto("extra.db", file);
  assert.equal(summary.complete, 1);
  assert.deepEqual(summary.warnings_by_rule, { "owner.citizen_id": 1 });
  const store = openSqliteStore(join(dir, "extra.db"));
  const record = await store.findByExternalId("extra", "e1");
  assert.deepEqual(record?.extra, { note: "cổng xanh", survey_team: "Tổ 3" });
  assert.equal(record?.status, "complete");
  assert.deepEqual(
    record?.issues.map((i) => [i.rule, i.severity]),
    [["owner.citizen_id", "warning"]],
  );
  await store.close();
});

test("an import SIGKILLed mid-way and run again ends with exact counts: no duplicate, no loss", async () => {
  const file = await generate("kill.csv", 12_000, "csv", 21);
  const db = join(dir, "kill.db");
  const args = [MAIN, "import", file, "--db", db, "--chunk", "300", "--json"];
  const child = spawn(process.execPath, args, { stdio: "ignore" });
  // Kill once some chunks are committed, well before the end: poll the committed rows (a WAL size
  // says nothing once pages are 16 KiB: creating the schema alone writes hundreds of KiB).
  const committed = (): number => {
    if (!existsSync(db)) return 0;
    try {
      const reader = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (reader.prepare("SELECT count(*) AS n FROM records").get() as { n: number }).n;
      } finally {
        reader.close();
      }
    } catch {
      return 0; // not created or not migrated yet
    }
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && committed() < 900) await sleep(10);
  child.kill("SIGKILL");
  await new Promise((resolve) => child.on("exit", resolve));
  const partial = openSqliteStore(db);
  const before = await recordCount(partial);
  await partial.close();

  const rerun = await runJson(args);
  const reference = await importInto("kill-reference.db", file, "kill");
  const store = openSqliteStore(db);
  const after = await recordCount(store);
  await store.close();
  assert.equal(rerun.read, 12_000);
  assert.equal(rerun.accepted, reference.accepted);
  assert.equal(rerun.rejected, reference.rejected);
  assert.equal(rerun.created + rerun.unchanged, reference.accepted);
  assert.equal(rerun.unchanged, before, "rows committed before the kill are found unchanged");
  assert.equal(after, reference.accepted, "no duplicate, no loss");
  assert.ok(
    before > 0 && before < reference.accepted,
    `kill landed mid-way (${before} of ${reference.accepted} committed)`,
  );
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function runJson(args: string[]): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out) as ImportSummary) : reject(new Error(`exit ${code}: ${err}`)),
    );
  });
}

test("a CSV without the external_id column stops with an error naming the file and line, writing nothing", async () => {
  const file = join(dir, "wrong-header.csv");
  writeFileSync(file, "ma,ten,dia_chi\n1,Nhà A,12 Lê Lợi\n");
  await assert.rejects(importInto("wrong-header.db", file), (error: Error) => {
    assert.ok(error instanceof ImportInputError, String(error));
    assert.match(error.message, /wrong-header\.csv, line 1: the header has no external_id column \(got "ma,ten,dia_chi"; /);
    return true;
  });
  const store = openSqliteStore(join(dir, "wrong-header.db"));
  assert.equal(await recordCount(store), 0);
  await store.close();
  const cli = spawnSync(process.execPath, [MAIN, "import", file, "--db", join(dir, "wrong-header.db")], { encoding: "utf8" });
  assert.equal(cli.status, 1);
  assert.equal(cli.stderr.trim().split("\n").length, 1, cli.stderr);
});

test("limits, coordinates and text cleaning as a user sees them: oversized, damaged and hex rows rejected with the field named, the rest stored clean", async () => {
  const file = join(dir, "limits.csv");
  const db = join(dir, "limits.db");
  const header =
    "external_id,kind,name,house_number,alley,street,hamlet,building,unit,ward_code,ward,district_code,district,province_code,province,lat,lon,owner_name,owner_phone,owner_email,owner_citizen_id";
  const row = (id: string, fields: { name?: string; house?: string; street?: string; lat?: string; lon?: string }) =>
    `${id},household,${fields.name ?? ""},${fields.house ?? "12"},,${fields.street ?? "Lê Lợi"},,,,26740,,,,79,,${fields.lat ?? "10.7769"},${fields.lon ?? "106.7009"},An,0912345678,,`;
  writeFileSync(
    file,
    [
      header,
      row("big-street", { street: "A".repeat(3_000_000) }), // 2: over the row limit
      row("long-street", { street: "B".repeat(201) }), // 3: over the street limit
      row("huge-lot", { house: `"lô ${"a-\n".repeat(4_000_000)}a"` }), // 4: 12 MB inside quotes, 4 M line breaks
      row("hex", { lat: "0x15", lon: "0x69" }), // 4,000,005
      row("exp", { lat: "2.1e1", lon: "1.05e2" }),
      row("nul", { street: "Lê\u0000Lợi" }),
      row("bidi", { street: "\u202eiợL êL" }),
      row("clean", { name: "Nhà thuốc 💊\u200b Minh Anh", street: "Le\u0302 Lo\u031b\u0323i\u00a0" }), // 4,000,009
      row("after", { house: "14" }),
      "",
    ].join("\n"),
  );
  const result = await runCli(["import", file, "--db", db, "--json"], {});
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as ImportSummary;
  assert.equal(summary.read, 9);
  assert.equal(summary.accepted, 2);
  assert.deepEqual(summary.rejected_by_reason, { too_long: 3, invalid_value: 2, invalid_text: 2 });
  assert.deepEqual(summary.warnings_by_rule, { "text.pictographs": 1 });
  // Records, not lines: the raw text of the cut quoted row keeps its line breaks.
  const records: CsvRecord[] = [];
  new CsvSplitter().push(readFileSync(`${file}.rejects.csv`, "utf8"), records);
  const rejects = records.slice(1).map((r) => r.raw);
  assert.deepEqual(
    records.slice(1).map((r) => r.fields.slice(0, 2).join(",")),
    ["2,too_long", "3,too_long", "4,too_long", "4000005,invalid_value", "4000006,invalid_value", "4000007,invalid_text", "4000008,invalid_text"],
  );
  assert.match(rejects[0], /CSV record of 3,000,0\d\d characters, at most 1,048,576/);
  assert.match(rejects[1], /street holds 201 characters, at most 200/);
  assert.match(rejects[3], /lat ""0x15"" is not a decimal number/);
  assert.match(rejects[5], /street: character 3 is U\+0000/);
  assert.match(rejects[6], /street: character 1 is U\+202E, a bidirectional control/);
  const store = openSqliteStore(db);
  const clean = await store.findByExternalId("limits", "clean");
  assert.equal(clean?.name, "Nhà thuốc Minh Anh");
  assert.equal(clean?.parts.street, "Lê Lợi");
  assert.equal(clean?.status, "complete");
  assert.deepEqual(clean?.issues.map((i) => i.rule), ["text.pictographs"]);
  assert.ok(await store.findByExternalId("limits", "after"));
  await store.close();
});
