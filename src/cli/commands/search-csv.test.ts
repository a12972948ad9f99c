/**
 * `diachiso geocode --csv` and `diachiso reverse --csv` as a user runs them, over a real store:
 * a file or stdin in, the CSV out to a file or stdout, the summary, and refusals as one line.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readCsvObjects } from "../../common/csv.js";
import type { AddressData } from "../../domain/record.js";
import { openStore } from "../../store/open.js";
import { runCli } from "../../testing/cli.js";
import { loadRegistry } from "../../units/registry.js";
import { sharedBoundaries } from "../../units/units-at.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-search-csv-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "s.db");
const CUA_NAM = "00082";
let code45: string;
let point45: { lat: number; lon: number };

before(async () => {
  const point = sharedBoundaries().labelPoint(CUA_NAM)!;
  const data: AddressData = {
    kind: "household",
    name: null,
    parts: { houseNumber: "45", street: "Hàng Bài" },
    new: { province: loadRegistry().require("new", CUA_NAM).provinceCode, commune: CUA_NAM },
    old: null,
    location: { lat: point.lat, lon: point.lon, accuracyM: 5, source: "survey-phone" },
    owner: null,
  };
  const store = await openStore(db);
  code45 = (await store.create({ data }, { actor: "surveyor:test" })).code;
  await store.close();
  point45 = point;
  // The index is built once here, not by the first command under test.
  assert.equal((await runCli(["index", "build", "--db", db])).status, 0);
});

const addresses = 'id,address\n1,"45 Hàng Bài, Cửa Nam, Hà Nội"\n2,zzqx wvvk\n';

test("geocode --csv FILE --out FILE --json: the answers in the file, the summary on stdout, nothing else left behind", async () => {
  const input = join(dir, "in.csv");
  const out = join(dir, "out.csv");
  writeFileSync(input, addresses);
  const r = await runCli([
    "geocode",
    "--csv",
    input,
    "--columns",
    "address",
    "--out",
    out,
    "--db",
    db,
    "--json",
  ]);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.deepEqual(
    {
      rows: summary.rows,
      answered: summary.answered,
      not_found: summary.not_found,
      house: summary.by_match.house,
      file: summary.file,
      out: summary.out,
    },
    { rows: 2, answered: 1, not_found: 1, house: 1, file: input, out },
  );
  assert.equal(typeof summary.seconds, "number");
  const rows = readCsvObjects(out);
  assert.deepEqual(
    rows.map((row) => [row.id, row.result_status, row.result_code]),
    [
      ["1", "ok", code45],
      ["2", "not-found", ""],
    ],
  );
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes(".partial")),
    [],
  );
});

test("geocode --csv - reads stdin and writes the CSV on stdout, a one-line summary on stderr", async () => {
  const r = await runCli(["geocode", "--csv", "-", "--columns", "address", "--db", db], { input: addresses });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines.length, 3);
  assert.ok(lines[1].startsWith(`1,"45 Hàng Bài, Cửa Nam, Hà Nội",ok,${code45},`), lines[1]);
  assert.match(r.stderr, /^geocode: 2 rows, 1 answered \(house 1\), 1 not found in [\d.]+ s/);
  // With --json the summary is one JSON document, on stderr since stdout holds the CSV.
  const json = await runCli(["geocode", "--csv", "-", "--columns", "address", "--db", db, "--json"], {
    input: addresses,
  });
  assert.equal(json.stdout, r.stdout);
  assert.deepEqual([JSON.parse(json.stderr).file, JSON.parse(json.stderr).rows], ["-", 2]);
});

test("a malformed file is refused in one line naming the file and line, and --out is not created", async () => {
  const input = join(dir, "broken.csv");
  const out = join(dir, "broken-out.csv");
  writeFileSync(input, `${addresses}3,"47 Hàng Bài, Cửa Nam\n4,x\n`);
  const r = await runCli(["geocode", "--csv", input, "--columns", "address", "--out", out, "--db", db]);
  assert.equal(r.status, 2, r.stderr);
  // One error line; a notice may come before it when the index had to be built first.
  const errors = r.stderr.trim().split("\n").filter((line) => !/^diachiso search: building the search index/.test(line));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0], /broken\.csv: line 4: a quoted field is not closed .*; nothing written to .*broken-out\.csv/);
  assert.equal(existsSync(out), false);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes(".partial")),
    [],
  );
});

test("reverse --csv appends the nearest address to each point", async () => {
  const input = join(dir, "points.csv");
  const out = join(dir, "points-out.csv");
  writeFileSync(input, `name,vĩ độ,kinh độ\ngate,${point45.lat},${point45.lon}\n`);
  const r = await runCli(["reverse", "--csv", input, "--out", out, "--radius", "20", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  const [row] = readCsvObjects(out);
  assert.deepEqual(
    [row.name, row.result_code, row.result_distance_m, row.result_commune_code],
    ["gate", code45, "0", CUA_NAM],
  );
  assert.match(r.stderr, /^reverse: 1 rows, 1 answered \(house 1\)/);
});

test("wrong batch arguments get one line and exit 2; a missing file exits 1", async () => {
  const input = join(dir, "in.csv");
  writeFileSync(input, addresses);
  const cases: [string[], number, RegExp][] = [
    [
      ["geocode", "x", "--csv", input],
      2,
      /--csv takes --columns, --province, --out, --max-rows and --threads, not <text>/,
    ],
    [["geocode", "x", "--columns", "a"], 2, /--columns, --out, --max-rows and --threads go with --csv/],
    [["geocode", "x", "--threads", "1"], 2, /--columns, --out, --max-rows and --threads go with --csv/],
    [["geocode", "--csv", input, "--threads", "-1"], 2, /--threads/],
    [["geocode", "--csv", input, "--out", input], 2, /is the input file/],
    [
      ["geocode", "--csv", input, "--columns", "address,street"],
      2,
      /--columns: no column "street" in the header \(id, address\)/,
    ],
    [
      ["geocode", "--csv", input, "--max-rows", "1", "--columns", "address"],
      2,
      /in\.csv: line 3: the file has more than 1 rows/,
    ],
    [["reverse", "--csv", input], 2, /--lat-column: no latitude column in the header \(id, address\)/],
    [["geocode", "--csv", join(dir, "nowhere.csv")], 1, /--csv: cannot read .*nowhere\.csv/],
  ];
  for (const [args, status, message] of cases) {
    const r = await runCli([...args, "--db", db]);
    assert.equal(r.status, status, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
  assert.equal(readFileSync(input, "utf8"), addresses, "the input is never written");
});
