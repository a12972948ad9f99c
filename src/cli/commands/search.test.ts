/**
 * The search commands as a user runs them: a generated survey imported (which builds the search
 * index), then search, geocode and reverse one at a time and in batches, and the index commands.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openStore } from "../../store/open.js";
import type { RecordSummary } from "../../store/store.js";
import { runCli } from "../../testing/cli.js";
import { loadRegistry } from "../../units/registry.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-search-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "s.db");
const env = { DIACHISO_PII_KEY: "ab".repeat(32) };
let withHouse: RecordSummary;

before(async () => {
  const file = join(dir, "survey.csv");
  assert.equal((await runCli(["generate", "--count", "1500", "--seed", "5", "--out", file])).status, 0);
  const imported = await runCli(["import", file, "--db", db, "--json"], { env });
  assert.equal(imported.status, 0, imported.stderr);
  const summary = JSON.parse(imported.stdout);
  assert.equal(summary.search_index.rebuilt, true);
  assert.equal(summary.search_index.records, summary.accepted);
  assert.ok(existsSync(`${db}.search`));
  const store = await openStore(db, { use: "read" });
  const page = await store.scan(null, 2000);
  await store.close();
  withHouse = page.items.find((r) => r.parts.houseNumber && r.parts.street && !r.parts.building && !r.name)!;
});

function written(r: RecordSummary): string {
  const registry = loadRegistry();
  const commune = registry.require("new", r.new.commune).fullName;
  const province = registry.require("new", r.new.province).fullName;
  return `${r.parts.houseNumber} ${r.parts.street}, ${commune}, ${province}`;
}

test("search --json finds a record by its address, in the shape the issue names", async () => {
  const r = await runCli(["search", written(withHouse), "--db", db, "--json", "--limit", "3"]);
  assert.equal(r.status, 0, r.stderr);
  const answer = JSON.parse(r.stdout);
  assert.equal(answer.read_as, "text");
  const codes = answer.results.map((x: { code: string }) => x.code);
  assert.ok(codes.includes(withHouse.code), `${withHouse.code} in ${codes}`);
  for (const key of ["code", "label", "lat", "lon", "kind", "status", "score", "match"]) assert.ok(key in answer.results[0], key);
});

test("search, geocode and reverse --ndjson answer one JSON line per input line, in order", async () => {
  const queries = [written(withHouse), "", withHouse.code];
  const r = await runCli(["search", "--ndjson", "--db", db, "--limit", "1"], { input: `${queries.join("\n")}\n` });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.query),
    queries,
  );
  assert.equal(lines[2].read_as, "code");
  assert.equal(lines[2].results[0].code, withHouse.code);
  assert.deepEqual(lines[1].results, []);

  const g = await runCli(["geocode", "--ndjson", "--db", db], { input: `${written(withHouse)}\nzzqx wvvk\n` });
  const geocoded = g.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(geocoded.length, 2);
  assert.equal(geocoded[1].result, null);

  const rev = await runCli(["reverse", "--ndjson", "--db", db, "--radius", "5"], { input: `${withHouse.lat} ${withHouse.lon}\nnot a point\n` });
  const points = rev.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(points[0].results.some((x: { code: string }) => x.code === withHouse.code));
  assert.match(points[1].error, /not a latitude and longitude/);
});

test("reverse and geocode one at a time; geocode exits 1 when it places nothing", async () => {
  const rev = await runCli(["reverse", String(withHouse.lat), String(withHouse.lon), "--db", db, "--json"]);
  assert.equal(rev.status, 0, rev.stderr);
  const answer = JSON.parse(rev.stdout);
  assert.equal(answer.units.commune.code, withHouse.new.commune);
  assert.equal(answer.results[0].distance_m, 0);
  const none = await runCli(["geocode", "zzqx wvvk", "--db", db]);
  assert.equal(none.status, 1);
  assert.match(none.stdout, /no place found/);
});

test("index status and build; wrong arguments get one line and exit 2", async () => {
  const status = JSON.parse((await runCli(["index", "status", "--db", db, "--json"])).stdout);
  assert.equal(status.behind, 0);
  assert.equal(status.problem, null);
  const built = await runCli(["index", "build", "--db", db, "--json"]);
  assert.equal(JSON.parse(built.stdout).records, status.records);
  for (const args of [["search", "x", "--province", "1"], ["search", "x", "--status", "done"], ["reverse", "north", "1"], ["search"], ["search", "x", "--limit", "0"]]) {
    const r = await runCli([...args, "--db", db]);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});
