/**
 * Batch geocoding from a CSV file (issue 15, "batch geocoding rows/s"), beside the same queries
 * through our own per-line path, `diachiso geocode --ndjson --old` (old units asked for too, as the CSV gives them; the CSV path's only peer on the same
 * engine and index: what the CSV reading, writing and streaming cost or save). Reverse likewise:
 * `reverse --csv` beside `reverse --ndjson`.
 *
 * Run from the repository root (the store is only read; its index must be current):
 *   npx tsc -p . && node dist/bench/search/batch-csv.bench.js --db /tmp/b200k.db [--rows 100000] [--rounds 3] [--seed 15] [--dir /tmp/batch-csv-bench]
 *   node --expose-gc dist/bench/search/batch-csv.bench.js --db /tmp/b200k.db --rows 100000 --heap   (what a batch holds)
 *   node dist/bench/search/batch-csv.bench.js --db /tmp/b200k.db --rows 100000 --direct-share   (rows the direct look-up answered, by form)
 *   node dist/bench/search/batch-csv.bench.js --db STORE --kinds FILE.csv [--rows N]   (a survey file's rows by kind: CPU a row, the direct look-up's share)
 *
 * The rows are records of the store drawn with the project's seeded PRNG (two lean scans: the
 * records written with a door are counted, then the drawn ones read) and written the ways
 * people write addresses (query-forms.ts: full, no diacritics, abbreviated, two typos, old
 * structure, old structure derived, no province), one form per row in turn; the prefix form is
 * left out (a batch file holds whole addresses). Each command runs as a user runs it, in its own
 * process through /usr/bin/time (wall seconds and maximum RSS), the two of a pair one after the
 * other, their order swapped every round; medians over the rounds. A header-only file gives the
 * fixed cost of a run (registry, index file, first queries' tables), said apart. The two paths
 * answer from the same engine, so their answers are compared row by row: they must agree.
 * `geocode --csv` runs twice, as a user runs it (threads beside the main one by default, for a
 * file of 1 MB or more) and with `--threads 0`: the two files must be the same. Each run's CPU
 * (user + system, every thread's) is reported beside its wall time: on a shared machine threads
 * raise rows/s only where a core is free, and the CPU a row costs says what the code does.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { finished } from "node:stream/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Random } from "../../src/common/random.js";
import { csvField, readCsvObjects } from "../../src/common/csv.js";
import type { AddressRecord } from "../../src/domain/record.js";
import { BatchGeocoder } from "../../src/services/batch-geocode.js";
import { SearchService, SearchSession } from "../../src/services/search.js";
import { storeAt } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import { loadRegistry } from "../../src/units/registry.js";
import { arg, runBench } from "../args.js";
import { median } from "../median.js";
import { storeRecords } from "./engine.js";
import { type QueryForm, writeQuery, writtenAddress } from "./query-forms.js";

const CLI = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const FORMS: QueryForm[] = ["full", "no-diacritics", "abbrev", "typos2", "old", "old-derived", "no-province"];

interface Run {
  seconds: number;
  /** User and system CPU seconds of the process, every thread's. */
  cpuSeconds: number;
  rssMiB: number;
}

/** One CLI run with stdin from a file and stdout to a file, timed by /usr/bin/time. */
function timed(args: string[], stdinFile: string, stdoutFile: string): Run {
  const stdin = openSync(stdinFile, "r");
  const stdout = openSync(stdoutFile, "w");
  try {
    const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %M %U %S", process.execPath, CLI, ...args], {
      stdio: [stdin, stdout, "pipe"],
      encoding: "utf8",
    });
    const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    if (r.status !== 0 || !m)
      throw new Error(`diachiso ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-500)}`);
    return { seconds: Number(m[1]), cpuSeconds: Number(m[3]) + Number(m[4]), rssMiB: Number(m[2]) / 1024 };
  } finally {
    closeSync(stdin);
    closeSync(stdout);
  }
}

async function makeInputs(
  db: string,
  dir: string,
  rows: number,
  seed: number,
): Promise<{ forms: Record<string, number> }> {
  const registry = loadRegistry();
  const store = await openStore(db, { use: "read" });
  // Two scans, holding only the records drawn (a 24 M store's records do not fit in memory): the
  // records that can be written as an address are counted, then the drawn ones among them read.
  let eligible = 0;
  for await (const record of storeRecords(store)) if (writtenAddress(record, registry)) eligible++;
  if (eligible === 0) throw new Error(`${db} holds no record written with a door and a street or hamlet`);
  const draw = new Random(seed);
  const picks = Array.from({ length: rows }, () => draw.int(0, eligible - 1));
  const wanted = new Set(picks);
  const drawn = new Map<number, AddressRecord>();
  let index = 0;
  for await (const record of storeRecords(store)) {
    if (!writtenAddress(record, registry)) continue;
    if (wanted.has(index)) drawn.set(index, record);
    index++;
  }
  await store.close();
  const random = new Random(seed + 1);
  const forms: Record<string, number> = {};
  let csv = "id,address,form\n";
  let lines = "";
  let points = "id,lat,lon\n";
  let pointLines = "";
  for (let i = 0; i < rows; i++) {
    const record = drawn.get(picks[i])!;
    const written = writtenAddress(record, registry)!;
    const query =
      writeQuery(random, FORMS[i % FORMS.length], record, written) ??
      writeQuery(random, "full", record, written)!;
    forms[query.form] = (forms[query.form] ?? 0) + 1;
    csv += `${i + 1},${csvField(query.q)},${query.form}\n`;
    lines += `${query.q}\n`;
    // A point a few metres off the record, as a phone reports it.
    const lat = (record.location.lat + (random.next() - 0.5) * 0.0001).toFixed(6);
    const lon = (record.location.lon + (random.next() - 0.5) * 0.0001).toFixed(6);
    points += `${i + 1},${lat},${lon}\n`;
    pointLines += `${lat} ${lon}\n`;
  }
  writeFileSync(join(dir, "addresses.csv"), csv);
  writeFileSync(join(dir, "addresses.txt"), lines);
  writeFileSync(join(dir, "header-only.csv"), "id,address,form\n");
  writeFileSync(join(dir, "points.csv"), points);
  writeFileSync(join(dir, "points.txt"), pointLines);
  writeFileSync(join(dir, "empty.txt"), "");
  return { forms };
}

/** Row by row, whether the CSV's result_code is the code the NDJSON line answered. */
function agreement(
  csvOut: string,
  ndjsonOut: string,
  code: (line: Record<string, unknown>) => string,
): { same: number; answered: number } {
  const rows = readCsvObjects(csvOut);
  const lines = readFileSync(ndjsonOut, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  if (rows.length !== lines.length) throw new Error(`${rows.length} CSV rows, ${lines.length} NDJSON lines`);
  let same = 0;
  let answered = 0;
  rows.forEach((row, i) => {
    if (row.result_code === code(lines[i])) same++;
    if (row.result_code !== "") answered++;
  });
  return { same, answered };
}

/**
 * What a batch holds: in this process, the live heap after a full GC every 10,000 rows, for the
 * CSV through `geocodeCsv` (file stream to file stream) and for the same texts geocoded one by one
 * in a loop (the per-line path without its I/O). Needs `node --expose-gc`.
 */
async function heapProfile(db: string, dir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("--heap needs node --expose-gc");
  const mib = (n: number) => Math.round(n / 2 ** 20);
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    return `${mib(m.heapUsed)}/${mib(m.rss)}`;
  };
  const session = new SearchSession(await new SearchService().open(storeAt(db)));
  const csv: string[] = [];
  let next = 0;
  const out = createWriteStream(join(dir, "heap-out.csv"));
  await new BatchGeocoder(session).geocodeCsv(createReadStream(join(dir, "addresses.csv")), out, {
    columns: ["address"],
    onProgress: (p) => {
      if (p.rows < next) return;
      next += 10_000;
      csv.push(sample());
    },
  });
  csv.push(sample());
  out.end();
  await finished(out);
  const lines: string[] = [];
  const texts = readFileSync(join(dir, "addresses.txt"), "utf8").trimEnd().split("\n");
  let sink = 0;
  for (let i = 0; i < texts.length; i++) {
    if (i % 10_000 === 0) lines.push(sample());
    sink += JSON.stringify(session.geocode(texts[i], { withOld: true })).length;
  }
  lines.push(sample());
  console.log(`live heap / RSS MiB after a full GC, every 10,000 rows (sink ${sink}):`);
  console.log(`  geocodeCsv:        ${csv.join(" → ")}`);
  console.log(`  one by one (loop): ${lines.join(" → ")}`);
}

/**
 * The share of the file's rows the direct look-up of a full address answered (search/direct.ts),
 * by form: the file's texts geocoded in this process, one by one, as `geocode --csv` asks.
 */
async function directShare(db: string, dir: string): Promise<void> {
  const session = new SearchSession(await new SearchService().open(storeAt(db)));
  const rows = readCsvObjects(join(dir, "addresses.csv"));
  const byForm: Record<string, { rows: number; direct: number }> = {};
  const engine = session.index.engine;
  for (const row of rows) {
    const before = engine.directLookups().answered;
    session.geocode(row.address, { withOld: true });
    byForm[row.form] ??= { rows: 0, direct: 0 };
    const form = byForm[row.form];
    form.rows++;
    if (engine.directLookups().answered > before) form.direct++;
  }
  const all = Object.values(byForm).reduce((a, f) => ({ rows: a.rows + f.rows, direct: a.direct + f.direct }), { rows: 0, direct: 0 });
  const share = (f: { rows: number; direct: number }) => `${((100 * f.direct) / f.rows).toFixed(1)} %`;
  console.log(`rows the direct look-up answered: ${share(all)} of ${all.rows.toLocaleString("en-US")}`);
  for (const [form, f] of Object.entries(byForm)) console.log(`  ${form}: ${share(f)} of ${f.rows.toLocaleString("en-US")}`);
}

/** What a row of a survey file writes after its first part, and what the direct look-up made of it. */
function kindOf(address: string, tried: boolean, answered: boolean): string {
  const parts = address.split(",").filter((p) => p.trim() !== "").length;
  const units = parts <= 1 ? "first part only" : parts === 2 ? "one part more" : "two parts or more";
  return `${units}, ${answered ? "answered directly" : tried ? "fell through" : "not tried"}`;
}

/**
 * A file's rows (its `address` column, as `geocode --csv --columns address` reads it) geocoded
 * one by one in this process, as the CSV asks, grouped by kind: how many parts the row writes
 * (a survey row with only its door and street names no unit, and is read against the whole
 * country) and whether the direct look-up answered it; each group's CPU a row (the process's
 * user + system time around each row, less what asking for it costs).
 */
async function rowKinds(db: string, file: string, limit: number): Promise<void> {
  const session = new SearchSession(await new SearchService().open(storeAt(db)));
  const engine = session.index.engine;
  const addresses = readCsvObjects(file)
    .slice(0, limit)
    .map((row) => row.address ?? "");
  const cpuMicros = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const askedAt = cpuMicros();
  for (let i = 0; i < 10_000; i++) cpuMicros();
  const askCost = (cpuMicros() - askedAt) / 10_001;
  const kinds = new Map<string, { rows: number; micros: number }>();
  const loopAt = cpuMicros();
  for (const address of addresses) {
    const before = engine.directLookups();
    const at = cpuMicros();
    session.geocode(address, { withOld: true });
    const micros = cpuMicros() - at - askCost;
    const after = engine.directLookups();
    const kind = kindOf(address, after.tried > before.tried, after.answered > before.answered);
    const k = kinds.get(kind) ?? { rows: 0, micros: 0 };
    k.rows++;
    k.micros += micros;
    kinds.set(kind, k);
  }
  const loop = (cpuMicros() - loopAt) / 1e6;
  console.log(`${addresses.length.toLocaleString("en-US")} rows of ${file} over ${db}: ${loop.toFixed(2)} s of CPU in the loop (${((1000 * loop) / addresses.length).toFixed(3)} ms a row)`);
  for (const [kind, k] of [...kinds].sort((a, b) => b[1].micros - a[1].micros))
    console.log(
      `  ${kind.padEnd(40)} ${k.rows.toLocaleString("en-US").padStart(7)} rows (${((100 * k.rows) / addresses.length).toFixed(1).padStart(4)} %)  ${(k.micros / k.rows / 1000).toFixed(3)} ms a row  ${(k.micros / 1e6).toFixed(2)} s`,
    );  const doorless = engine.doorlessLookups();
  console.log(`door-less rankings (rows that name no unit): ${doorless.asked.toLocaleString("en-US")} asked, ${doorless.kept.toLocaleString("en-US")} kept ones`);
}

async function main(): Promise<void> {
  const db = arg("db");
  if (process.argv.includes("--kinds")) return rowKinds(db, arg("kinds"), Number(arg("rows", String(Number.MAX_SAFE_INTEGER))));
  const rows = Number(arg("rows", "100000"));
  const rounds = Number(arg("rounds", "3"));
  const seed = Number(arg("seed", "15"));
  const dir = arg("dir", "/tmp/batch-csv-bench");
  mkdirSync(dir, { recursive: true });
  const { forms } = await makeInputs(db, dir, rows, seed);
  if (process.argv.includes("--heap")) return heapProfile(db, dir);
  if (process.argv.includes("--direct-share")) return directShare(db, dir);
  console.log(
    `${rows.toLocaleString("en-US")} rows from ${db}, forms: ${JSON.stringify(forms)}; ${rounds} rounds; Node ${process.version}`,
  );
  const f = (name: string) => join(dir, name);
  const commands = {
    "geocode --csv": () =>
      timed(
        [
          "geocode",
          "--csv",
          f("addresses.csv"),
          "--columns",
          "address",
          "--out",
          f("geocoded.csv"),
          "--db",
          db,
        ],
        f("empty.txt"),
        f("geocode-csv.stdout"),
      ),
    "geocode --csv --threads 0": () =>
      timed(
        [
          "geocode",
          "--csv",
          f("addresses.csv"),
          "--columns",
          "address",
          "--threads",
          "0",
          "--out",
          f("geocoded-one-thread.csv"),
          "--db",
          db,
        ],
        f("empty.txt"),
        f("geocode-csv-one-thread.stdout"),
      ),
    "geocode --ndjson": () =>
      timed(["geocode", "--ndjson", "--old", "--db", db], f("addresses.txt"), f("geocoded.ndjson")),
    "reverse --csv": () =>
      timed(
        ["reverse", "--csv", f("points.csv"), "--radius", "50", "--out", f("reversed.csv"), "--db", db],
        f("empty.txt"),
        f("reverse-csv.stdout"),
      ),
    "reverse --ndjson": () =>
      timed(
        ["reverse", "--ndjson", "--radius", "50", "--limit", "1", "--db", db],
        f("points.txt"),
        f("reversed.ndjson"),
      ),
    "fixed cost (header-only CSV)": () =>
      timed(
        ["geocode", "--csv", f("header-only.csv"), "--out", f("header-only-out.csv"), "--db", db],
        f("empty.txt"),
        f("header-only.stdout"),
      ),
  };
  const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const groups: (keyof typeof commands)[][] = [
    ["geocode --csv", "geocode --csv --threads 0", "geocode --ndjson"],
    ["reverse --csv", "reverse --ndjson"],
  ];
  for (let round = 0; round < rounds; round++) {
    for (const group of groups)
      for (const name of round % 2 === 0 ? group : [...group].reverse()) runs[name].push(commands[name]());
    runs["fixed cost (header-only CSV)"].push(commands["fixed cost (header-only CSV)"]());
    console.log(
      `round ${round + 1}: ${Object.entries(runs)
        .map(([k, r]) => `${k} ${r.at(-1)!.seconds} s`)
        .join(", ")}`,
    );
  }
  const geocoded = agreement(
    f("geocoded.csv"),
    f("geocoded.ndjson"),
    (l) => ((l.result as { code?: string } | null)?.code ?? "") as string,
  );
  const reversed = agreement(
    f("reversed.csv"),
    f("reversed.ndjson"),
    (l) => ((l.results as { code: string }[])[0]?.code ?? "") as string,
  );
  const oneThread = readFileSync(f("geocoded-one-thread.csv"), "utf8") === readFileSync(f("geocoded.csv"), "utf8");
  console.log("\n| command | median wall s | rows/s | CPU ms a row (median) | max RSS MiB (median) |");
  console.log("|---|---:|---:|---:|---:|");
  const rate = (name: string) =>
    name.startsWith("fixed") ? 0 : rows / median(runs[name].map((r) => r.seconds));
  for (const name of Object.keys(runs)) {
    const seconds = median(runs[name].map((r) => r.seconds));
    console.log(
      `| ${name} | ${seconds.toFixed(2)} | ${name.startsWith("fixed") ? "—" : Math.round(rate(name)).toLocaleString("en-US")} | ${name.startsWith("fixed") ? "—" : ((1000 * median(runs[name].map((r) => r.cpuSeconds))) / rows).toFixed(3)} | ${median(runs[name].map((r) => r.rssMiB)).toFixed(0)} |`,
    );
  }
  console.log(
    `\nratio CSV / NDJSON rows/s: geocode ${(rate("geocode --csv") / rate("geocode --ndjson")).toFixed(2)}, reverse ${(rate("reverse --csv") / rate("reverse --ndjson")).toFixed(2)}`,
  );
  console.log(`threads beside the main one (the default for this file) and none: ${oneThread ? "the same file" : "DIFFERENT files"}`);
  console.log(
    `same answer row by row: geocode ${geocoded.same}/${rows} (answered ${geocoded.answered}), reverse ${reversed.same}/${rows} (answered ${reversed.answered})`,
  );
}

await runBench("batch-csv.bench", main);
