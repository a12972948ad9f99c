import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { runCli } from "../testing/cli.js";
import { CANONICAL_FIELDS } from "./fields.js";
import { emptySummary, importFile, type ImportSummary } from "./import.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-repeats-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const piiKey = Buffer.alloc(32, 4);

/** A complete household row in Phường Sài Gòn; `fields` overrides. */
function line(fields: Record<string, string>): string {
  const row: Record<string, string> = {
    kind: "household",
    house_number: "12",
    street: "Lê Lợi",
    ward_code: "26740",
    province_code: "79",
    lat: "10.7769",
    lon: "106.7009",
    owner_name: "Nguyễn Văn An",
    owner_phone: "0912345678",
    ...fields,
  };
  return CANONICAL_FIELDS.map((f) => row[f] ?? "").join(",");
}

const FILE_ROWS = [
  CANONICAL_FIELDS.join(","),
  line({ external_id: "r1" }), // line 2: complete
  line({ external_id: "r2", house_number: "14" }), // line 3
  line({ external_id: "r3", house_number: "14" }), // line 4: same number as r2
  line({ external_id: "r1" }), // line 5: r1 again, identical
  line({ external_id: "r2", house_number: "14", street: "Lê Lợi " }), // line 6: identical once cleaned
  line({ external_id: "r1", owner_phone: "0987654321" }), // line 7: r1 changed
  line({ external_id: "r3", house_number: "14" }), // line 8: r3 again, a duplicate number like its first row
  line({ external_id: "r4", house_number: "16" }), // line 9
];

interface Run {
  summary: ImportSummary;
  records: unknown[];
  rejects: string;
}

async function importWith(name: string, workers: number, file: string): Promise<Run> {
  const db = join(dir, `${name}.db`);
  const store = openSqliteStore(db);
  const summary = await importFile(
    store,
    file,
    { piiKey, chunkRows: 2, workers, batch: "repeats" },
    emptySummary(),
  );
  await store.close();
  const reader = new Database(db, { readonly: true });
  const records = reader
    .prepare("SELECT code, external_id, status, version, issues, parts, owner FROM records ORDER BY id")
    .all();
  reader.close();
  const rejectsPath = `${file}.rejects.csv`;
  return { summary, records, rejects: existsSync(rejectsPath) ? readFileSync(rejectsPath, "utf8") : "" };
}

test("an external id repeated in a file: the same record again is accepted unchanged, a changed one is refused naming the first line, with 1, 2 or 3 workers alike", async () => {
  const file = join(dir, "repeats.csv");
  writeFileSync(file, `${FILE_ROWS.join("\n")}\n`);
  const runs: Run[] = [];
  for (const workers of [1, 2, 3]) runs.push(await importWith(`repeats-${workers}`, workers, file));
  const { summary, records, rejects } = runs[0];
  assert.deepEqual(
    { ...summary, seconds: 0, rows_per_second: 0, cpu_seconds: null, workers: 0 },
    {
      ...emptySummary(),
      read: 8,
      accepted: 7,
      created: 4,
      unchanged: 3,
      rejected: 1,
      complete: 5,
      incomplete: 2,
      incomplete_by_rule: { "duplicate.number": 2 },
      rejected_by_reason: { repeated_external_id: 1 },
      files: [
        {
          file,
          batch: "repeats",
          encoding: "utf-8",
          encoding_evidence: "valid UTF-8",
          status: "imported",
          read: 8,
          accepted: 7,
          rejected: 1,
          rejects: `${file}.rejects.csv`,
        },
      ],
      seconds: 0,
      rows_per_second: 0,
      cpu_seconds: null,
      workers: 0,
    },
  );
  const byId = new Map(
    records.map((r) => [(r as { external_id: string }).external_id, r as Record<string, unknown>]),
  );
  assert.deepEqual(
    [...byId.values()].map((r) => [
      r.external_id,
      r.status,
      r.version,
      r.issues === null ? [] : JSON.parse(String(r.issues)).map((i: { rule: string }) => i.rule),
    ]),
    [
      ["r1", 2, 1, []], // complete: its repeat is not a duplicate of it, and the changed repeat did not overwrite it
      ["r2", 2, 1, []],
      ["r3", 1, 1, ["duplicate.number"]],
      ["r4", 2, 1, []],
    ],
  );
  assert.equal(JSON.parse(String(byId.get("r1")!.owner)).phone, "0912345678");
  const lines = rejects.trim().split("\n");
  assert.equal(lines.length, 2);
  assert.match(
    lines[1],
    /^7,repeated_external_id,"external_id ""r1"" is already on line 2 with different content: this row is not stored over it \(external_id đã có ở dòng 2 với nội dung khác\)",r1,/,
  );
  for (const run of runs.slice(1)) {
    assert.deepEqual(
      { ...run.summary, workers: 0, seconds: 0, rows_per_second: 0, cpu_seconds: null },
      { ...summary, workers: 0, seconds: 0, rows_per_second: 0, cpu_seconds: null },
    );
    assert.deepEqual(run.records, records, `records with ${run.summary.workers} workers`);
    assert.equal(run.rejects, rejects);
  }
});

test("re-importing a file with repeated ids changes nothing and refuses the same rows again", async () => {
  const file = join(dir, "again.csv");
  writeFileSync(file, `${FILE_ROWS.join("\n")}\n`);
  const first = await importWith("again", 2, file);
  const second = await importWith("again", 2, file);
  assert.equal(second.summary.created, 0);
  assert.equal(second.summary.updated, 0);
  assert.equal(second.summary.unchanged, 7);
  assert.deepEqual(second.summary.rejected_by_reason, { repeated_external_id: 1 });
  assert.deepEqual(second.records, first.records);
  assert.equal(second.rejects, first.rejects);
});

test("the CLI reports a changed repeat as a rejected row and exits 0 with the rest imported", async () => {
  const file = join(dir, "cli-repeats.csv");
  writeFileSync(
    file,
    `${[FILE_ROWS[0], line({ external_id: "k1" }), line({ external_id: "k1", street: "Hai Bà Trưng" })].join("\n")}\n`,
  );
  const result = await runCli(["import", file, "--db", join(dir, "cli-repeats.db"), "--json"]);
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as ImportSummary;
  assert.deepEqual(
    [summary.read, summary.created, summary.rejected, summary.rejected_by_reason],
    [2, 1, 1, { repeated_external_id: 1 }],
  );
  assert.match(
    readFileSync(`${file}.rejects.csv`, "utf8"),
    /\n3,repeated_external_id,"external_id ""k1"" is already on line 2/,
  );
});

test("a repeat that differs only in the owner's citizen ID is a changed record: refused, with 1 or 2 workers", async () => {
  // The writer hashes citizen IDs before it compares a repeat with its first row: the comparison
  // sees the two hashes, not a placeholder they share.
  const file = join(dir, "citizen-ids.csv");
  const rows = [
    FILE_ROWS[0],
    line({ external_id: "c1", owner_citizen_id: "079203001234" }),
    line({ external_id: "c1", owner_citizen_id: "079203001234" }),
    line({ external_id: "c1", owner_citizen_id: "079203009999" }),
  ];
  writeFileSync(file, `${rows.join("\n")}\n`);
  for (const workers of [1, 2]) {
    const run = await importWith(`citizen-ids-${workers}`, workers, file);
    assert.deepEqual(
      [run.summary.created, run.summary.unchanged, run.summary.rejected_by_reason],
      [1, 1, { repeated_external_id: 1 }],
    );
    assert.match(String((run.records[0] as { owner: string }).owner), /"citizenIdHash":"h1:[A-Za-z0-9_-]{43}"\}$/);
  }
});
