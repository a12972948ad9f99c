import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli, storeFingerprint } from "../../testing/cli.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-migrate-cli-"));
const source = join(dir, "source.db");
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  const survey = join(dir, "survey.csv");
  assert.equal((await runCli(["generate", "--count", "400", "--seed", "3", "--out", survey])).status, 0);
  const imported = await runCli(["import", survey, "--db", source], { env: { DIACHISO_PII_KEY: undefined } });
  assert.equal(imported.status, 0, imported.stderr);
});

test("migrate copies a store into a new file, prints each table's counts and checksums, and leaves the source as it was", async () => {
  const before = storeFingerprint(source);
  const done = await runCli(["migrate", "--from", source, "--to", join(dir, "copy.db")], { env: { DIACHISO_PII_KEY: undefined } });
  assert.equal(done.status, 0, done.stderr);
  const lines = done.stdout.trim().split("\n");
  assert.match(lines[0], /^table\s+source rows\s+target rows\s+source sha256\s+target sha256/);
  const records = lines.find((l) => l.startsWith("records "))!;
  assert.match(records, /^records\s+\d{3}\s+\d{3}\s+([0-9a-f]{16})\s+\1\s+same$/);
  assert.equal(lines.filter((l) => /\s[0-9a-f]{16}\s+[0-9a-f]{16}\s+(same|DIFFERENT)$/.test(l)).length, 13, "one line per table");
  assert.match(done.stdout, /records read back: \d{3}, every one the same/);
  assert.deepEqual(storeFingerprint(source), before, "the source is read, never written");
  assert.equal(readFileSync(join(dir, "copy.db.pii-key"), "utf8"), readFileSync(`${source}.pii-key`, "utf8"));

  const json = await runCli(["migrate", "--from", source, "--to", join(dir, "json.db"), "--json"], { env: { DIACHISO_PII_KEY: undefined } });
  assert.equal(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.equal(report.same, true);
  assert.equal(report.tables.length, 13);
});

test("migrate refuses with one line: a target not empty, a missing source, an unreachable server (password hidden), no --to", async () => {
  const key = readFileSync(`${source}.pii-key`, "utf8").trim();
  const cases: [string[], number, RegExp][] = [
    [["--from", source, "--to", source], 2, /the source and the target are the same store$/],
    [["--from", join(dir, "none.db"), "--to", join(dir, "x.db")], 1, /none\.db/],
    [["--from", source, "--to", "postgres://diachiso:secret@127.0.0.1:9/none"], 1, /diachiso:\*\*\*@127\.0\.0\.1:9\/none: cannot use the PostgreSQL server/],
  ];
  const target = join(dir, "target.db");
  assert.equal((await runCli(["migrate", "--from", source, "--to", target], { env: { DIACHISO_PII_KEY: undefined } })).status, 0);
  cases.push([["--from", source, "--to", target], 1, /target\.db: the target store is not empty \(batches 1, records \d{3}, /]);
  for (const [args, status, message] of cases) {
    const done = await runCli(["migrate", ...args], { env: { DIACHISO_PII_KEY: key } });
    assert.equal(done.status, status, `${args.join(" ")}: ${done.stderr}`);
    assert.equal(done.stdout, "");
    assert.equal(done.stderr.trim().split("\n").length, 1, done.stderr);
    assert.match(done.stderr.trim(), message);
    assert.ok(!done.stderr.includes("secret"));
  }
  assert.equal((await runCli(["migrate", "--from", source])).status, 2);
});
