/**
 * Concurrent writers and kill -9, with real processes of the real CLI: what docs/reliability.md
 * ("Concurrent writers and crashes") promises. The figures that page quotes are printed here as
 * test diagnostics (`node --test` shows them) and asserted.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { STATUS_NUMBER } from "../../domain/lifecycle.js";
import { SurveyGenerator } from "../../generate/generator.js";
import { writeRows } from "../../generate/writers.js";
import type { ImportSummary } from "../../ingest/import.js";
import { CLI_MAIN, type CliResult, runCli, storeFingerprint } from "../../testing/cli.js";
import { loadBoundaries } from "../../units/boundaries.js";
import { loadRegistry } from "../../units/registry.js";
import { BulkLoadLock } from "./bulk-load-lock.js";

const CHILD = fileURLToPath(new URL("./child-writer.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-writers-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of each big file: the smallest load that is a bulk load (docs/import-format.md). */
const BIG = 100_000;
const files = { bigA: join(dir, "survey-a.csv"), bigB: join(dir, "survey-b.csv"), base: join(dir, "base.csv"), small: [1, 2, 3].map((k) => join(dir, `small-${k}.csv`)) };

before(async () => {
  const registry = loadRegistry();
  const boundaries = loadBoundaries();
  const generate = (path: string, count: number, seed: number) =>
    writeRows(new SurveyGenerator(registry, boundaries, { count, seed }).rows(), "csv", path);
  await generate(files.bigA, BIG, 101);
  await generate(files.bigB, BIG, 102);
  await generate(files.base, 4_000, 103);
  for (const [k, path] of files.small.entries()) await generate(path, 1_500, 104 + k);
});

/** `runCli` with its wall time. */
async function timed(args: string[]): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const result = await runCli(args);
  return { ...result, ms: Date.now() - started };
}

/** A refusal as the common brief wants it: exit 1, one line on stderr, no stack trace, nothing on stdout. */
function assertOneLine(result: CliResult, pattern: RegExp, what: string): string {
  assert.equal(result.status, 1, `${what}: exit ${result.status}, stderr: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${what}: one line, got: ${result.stderr}`);
  assert.match(lines[0], pattern, what);
  assert.equal(result.stdout, "", what);
  return lines[0];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface StoreState {
  integrity: string;
  records: number;
  distinctCodes: number;
  bulkMarkers: number;
  journal: string;
  deferredIndexes: number;
}

/**
 * What a store file holds after the writers are done, and the proof that its kept counts equal what
 * the records say: `unit_counts` against the records grouped by unit and status, `finding_counts`
 * against their stored findings.
 */
function inspect(path: string): StoreState {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const units = db.prepare("SELECT province, commune, status, n FROM unit_counts WHERE n <> 0 ORDER BY 1, 2, 3").raw().all();
    const counted = db.prepare("SELECT province, commune, status, count(*) FROM records GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").raw().all();
    assert.deepEqual(units, counted, `${path}: unit_counts differ from the records`);
    const findings = db
      .prepare("SELECT province, commune, status, rule, blocking, n FROM finding_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5")
      .raw()
      .all();
    const stored = db
      .prepare(
        `SELECT province, commune, status, json_extract(f.value, '$.rule'),
           CASE WHEN json_extract(f.value, '$.severity') = 'warning' THEN 0 ELSE 1 END, count(*)
         FROM records, json_each(records.issues) AS f GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      )
      .raw()
      .all();
    assert.deepEqual(findings, stored, `${path}: finding_counts differ from the stored findings`);
    const { records, distinctCodes } = db.prepare("SELECT count(*) AS records, count(DISTINCT code) AS distinctCodes FROM records").get() as {
      records: number;
      distinctCodes: number;
    };
    return {
      integrity: db.pragma("integrity_check", { simple: true }) as string,
      records,
      distinctCodes,
      bulkMarkers: db.prepare("SELECT count(*) FROM import_checkpoints WHERE key = 'store:bulk-load'").pluck().get() as number,
      journal: db.pragma("journal_mode", { simple: true }) as string,
      deferredIndexes: db
        .prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('records_code', 'records_status_unit')")
        .pluck()
        .get() as number,
    };
  } finally {
    db.close();
  }
}

/** A store every writer has left whole: the figures every test below ends with. */
function assertWhole(state: StoreState, records: number): void {
  assert.equal(state.integrity, "ok");
  assert.equal(state.records, records, "the records the successful runs reported, no more, no less");
  assert.equal(state.distinctCodes, state.records, "no code held twice");
  assert.equal(state.bulkMarkers, 0, "no bulk load left announced");
  assert.equal(state.journal, "wal", "back to WAL");
  assert.equal(state.deferredIndexes, 2, "the bulk load's indexes rebuilt");
}

const summaryOf = (result: CliResult): ImportSummary => JSON.parse(result.stdout) as ImportSummary;

test("two imports of different 100,000-row files into one new store, started together: one loads, the other is refused at once in one line, and run again it adds its rows", async (t) => {
  const db = join(dir, "two-loads.db");
  const startedAt = Date.now();
  const runs = await Promise.all([files.bigA, files.bigB].map((file) => timed(["import", file, "--db", db, "--json"])));
  const won = runs.filter((r) => r.status === 0);
  const refused = runs.filter((r) => r.status !== 0);
  assert.equal(won.length, 1, `one load runs: ${runs.map((r) => r.stderr).join(" | ")}`);
  assert.equal(refused.length, 1);
  const line = assertOneLine(
    refused[0],
    new RegExp(`^diachiso: import: ${escapeRegExp(db)}: a bulk load started at (\\S+Z) by process (\\d+) is running; one bulk load at a time: run this import again`),
    "the refused import",
  );
  const named = /started at (\S+Z) by process (\d+)/.exec(line)!;
  assert.ok(Date.parse(named[1]) >= startedAt - 1000 && Date.parse(named[1]) <= Date.now(), "the running load's start time");
  assert.ok(refused[0].ms < won[0].ms, `refused at once (${refused[0].ms} ms), not after the load (${won[0].ms} ms)`);
  const first = summaryOf(won[0]);
  assert.equal(first.bulk_load, true);
  assert.equal(first.read, BIG);

  const refusedFile = runs[0] === refused[0] ? files.bigA : files.bigB;
  const rerun = await timed(["import", refusedFile, "--db", db, "--json"]);
  assert.equal(rerun.status, 0, rerun.stderr);
  const second = summaryOf(rerun);
  assert.equal(second.read, BIG);
  assert.equal(second.unchanged, 0, "the refused run wrote nothing");
  assertWhole(inspect(db), first.created + second.created);
  t.diagnostic(
    `2 processes, ${(2 * BIG).toLocaleString("en-US")} rows: load ${won[0].ms} ms, refusal ${refused[0].ms} ms; store ${(first.created + second.created).toLocaleString("en-US")} records, all codes distinct`,
  );
});

test("imports, status changes and validate from six processes at once all finish, and the store stays whole with its counts right", async (t) => {
  const db = join(dir, "many-writers.db");
  const base = await runCli(["import", files.base, "--db", db, "--json"]);
  assert.equal(base.status, 0, base.stderr);
  assert.equal(summaryOf(base).bulk_load, false, "small next to nothing: not a bulk load (this test is about the other writers)");
  // Records validate leaves alone whatever it reads: surveyed with a blocking finding, or rejected.
  const picked = new Database(db, { readonly: true });
  const codes = picked
    .prepare("SELECT code FROM records WHERE status = ? AND issues LIKE '%\"owner.contact\"%' ORDER BY id LIMIT 8")
    .pluck()
    .all(STATUS_NUMBER.surveyed) as string[];
  picked.close();
  assert.equal(codes.length, 8);

  const statusLoop = async (mine: string[]) => {
    const results: CliResult[] = [];
    for (const code of mine) {
      for (const to of ["rejected", "surveyed"]) results.push(await runCli(["address", "set-status", code, to, "--reason", "concurrency test", "--db", db]));
    }
    return results;
  };
  const [imports, loops, validate] = await Promise.all([
    Promise.all(files.small.map((file) => runCli(["import", file, "--db", db, "--chunk", "250", "--json"]))),
    Promise.all([statusLoop(codes.slice(0, 4)), statusLoop(codes.slice(4))]),
    runCli(["validate", "--db", db, "--json"]),
  ]);
  for (const r of [...imports, ...loops.flat(), validate]) assert.equal(r.status, 0, r.stderr);
  const created = imports.map(summaryOf).reduce((sum, s) => sum + s.created, summaryOf(base).created);
  const checked = JSON.parse(validate.stdout) as { promoted: number; demoted: number; skipped: number };

  assertWhole(inspect(db), created);
  const db2 = new Database(db, { readonly: true });
  const transitions = db2.prepare("SELECT count(*) FROM revisions WHERE action = 3").pluck().get() as number;
  const statuses = db2.prepare(`SELECT DISTINCT status FROM records WHERE code IN (${codes.map(() => "?").join(", ")})`).pluck().all(...codes);
  db2.close();
  assert.equal(transitions, 16 + checked.promoted + checked.demoted, "every status change is one revision, none lost");
  assert.deepEqual(statuses, [STATUS_NUMBER.surveyed]);
  t.diagnostic(
    `6 processes at once (3 imports of 1,500 rows in 250-row transactions, 2 loops of 8 status changes, validate): all exited 0; ${created.toLocaleString("en-US")} records, validate skipped ${checked.skipped} changed meanwhile`,
  );
});

/** Starts `diachiso import` as a child this test can kill; `stderr` fills as it goes. */
function startImport(args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, [CLI_MAIN, "import", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  return { child, stderr: () => stderr, exited };
}

/** Committed records, read as another process would (0 before the schema exists). */
function committed(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const reader = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return reader.prepare("SELECT count(*) FROM records").pluck().get() as number;
    } finally {
      reader.close();
    }
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `import` of the first big file and kills it when `ready` says so; the store must be left mid-load. */
async function killLoader(db: string, ready: (stderr: string) => boolean): Promise<{ pid: number; committed: number; stderr: string }> {
  const loader = startImport([files.bigA, "--db", db, "--chunk", "5000", "--json"]);
  const deadline = Date.now() + 90_000;
  while (!ready(loader.stderr()) && Date.now() < deadline) await sleep(10);
  loader.child.kill("SIGKILL");
  assert.equal(await loader.exited, "SIGKILL", `the loader ended before the kill: ${loader.stderr()}`);
  const state = inspect(db);
  assert.equal(state.bulkMarkers, 1, "killed inside the load: its marker is still there");
  assert.equal(BulkLoadLock.isHeld(db), false, "the lock died with its holder");
  return { pid: loader.child.pid!, committed: state.records, stderr: loader.stderr() };
}

test("kill -9 of the bulk loader mid-load, then of its resumer in the index rebuild: the lock is free at once, imports resume, an edit finishes the load, nothing is lost or doubled", async (t) => {
  const figures: string[] = [];
  const db = join(dir, "killed.db");
  const first = await killLoader(db, () => committed(db) >= 20_000);
  assert.ok(first.committed > 0 && first.committed < BIG, `killed mid-load (${first.committed} committed)`);
  figures.push(`mid-load at ${first.committed.toLocaleString("en-US")} of ${BIG.toLocaleString("en-US")} rows`);
  // The killed store, copied to be recovered by an edit below: with its journal, whichever the load
  // ran with (it stays in WAL when another connection, such as this test's polling, was open as it began).
  const copy = join(dir, "killed-copy.db");
  for (const suffix of ["", "-journal", "-wal", ".pii-key"]) if (existsSync(db + suffix)) copyFileSync(db + suffix, copy + suffix);

  // The same import again resumes the load; killed in its index rebuild (every row committed by then).
  const second = await killLoader(db, (stderr) => stderr.includes("rebuilding indexes"));
  assert.match(second.stderr, new RegExp(`resuming the bulk load that process ${first.pid} started at \\S+Z and did not end`));
  figures.push(`its resumer during the index rebuild (${second.committed.toLocaleString("en-US")} rows committed)`);
  const rerun = await runCli(["import", files.bigA, "--db", db, "--json"]);
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stderr, new RegExp(`resuming the bulk load that process ${second.pid} started`));
  const summary = summaryOf(rerun);
  assert.equal(summary.created, 0, "every row was committed before the rebuild");
  assert.equal(summary.unchanged, second.committed, "what was committed before the kills is found unchanged, once");
  assertWhole(inspect(db), summary.accepted);
  const after = await runCli(["address", "set-status", firstCode(db), "rejected", "--reason", "after the kills", "--db", db]);
  assert.equal(after.status, 0, after.stderr);

  // An edit first, on the store killed mid-load: it finishes the abandoned load (indexes, WAL), then writes.
  const edit = await timed(["address", "set-status", firstCode(copy), "rejected", "--reason", "after the kill", "--db", copy]);
  assert.equal(edit.status, 0, edit.stderr);
  assert.match(edit.stderr, new RegExp(`finishing the bulk load that process ${first.pid} started at \\S+Z and did not end: rebuilding its indexes`));
  assertWhole(inspect(copy), first.committed);
  t.diagnostic(
    `kill points survived: ${figures.join("; ")} → the import run again resumed and ended it; the store killed mid-load → set-status finished the load in ${edit.ms} ms`,
  );
});

function firstCode(db: string): string {
  const reader = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return reader.prepare("SELECT code FROM records ORDER BY id LIMIT 1").pluck().get() as string;
  } finally {
    reader.close();
  }
}

test("while a bulk load runs every other command answers at once: imports, validate and edits refused in one line naming it, reads served; killed, it blocks nothing", async () => {
  const db = join(dir, "held.db");
  const holder = spawn(process.execPath, [CHILD, "hold-bulk", db, "200"], { stdio: ["ignore", "pipe", "pipe"] });
  let holderErr = "";
  holder.stderr!.setEncoding("utf8").on("data", (s: string) => (holderErr += s));
  const code = await new Promise<string>((resolve, reject) => {
    holder.stdout!.setEncoding("utf8").on("data", (s: string) => {
      const held = /^holding (\S+)/.exec(s);
      if (held) resolve(held[1]);
    });
    holder.on("exit", () => reject(new Error(`the holder exited: ${holderErr}`)));
  });
  const exited = new Promise((resolve) => holder.on("exit", (_code, signal) => resolve(signal)));
  try {
    const before = storeFingerprint(db);
    const running = `a bulk load started at \\S+Z by process ${holder.pid} is running`;
    const [load, noBulk, validate, edit, erase, report, show] = await Promise.all([
      timed(["import", files.small[0], "--db", db]),
      timed(["import", files.small[0], "--db", db, "--no-bulk"]),
      timed(["validate", "--db", db]),
      timed(["address", "set-status", code, "rejected", "--reason", "r", "--db", db]),
      timed(["address", "erase-personal-data", code, "--reason", "r", "--db", db]),
      timed(["report", "--db", db, "--json"]),
      timed(["address", "show", code, "--db", db, "--json"]),
    ]);
    assertOneLine(load, new RegExp(`^diachiso: import: ${escapeRegExp(db)}: ${running}; one bulk load at a time`), "a second import");
    assertOneLine(noBulk, new RegExp(`^diachiso: import: ${escapeRegExp(db)}: ${running}`), "an import with --no-bulk");
    assertOneLine(validate, new RegExp(`^diachiso: validate: ${escapeRegExp(db)}: ${running}; run validate when it has ended`), "validate");
    assertOneLine(edit, new RegExp(`${running}; writes are refused until it ends`), "set-status");
    assertOneLine(erase, new RegExp(`${running}; writes are refused until it ends`), "erase-personal-data");
    // Refused from what the store says, not after the write lock's 30 s timeout (a loaded machine
    // takes seconds to start seven processes).
    for (const r of [load, noBulk, validate, edit, erase]) assert.ok(r.ms < 25_000, `answered in ${r.ms} ms`);
    assert.equal(report.status, 0, report.stderr);
    assert.equal(show.status, 0, show.stderr);
    assert.equal(JSON.parse(show.stdout).code, code);
    assert.deepEqual(storeFingerprint(db), before, "nothing refused wrote anything");
  } finally {
    holder.kill("SIGKILL");
  }
  assert.equal(await exited, "SIGKILL");
  const edit = await runCli(["address", "set-status", code, "rejected", "--reason", "after the kill", "--db", db]);
  assert.equal(edit.status, 0, edit.stderr);
  assertWhole(inspect(db), 200);
});
