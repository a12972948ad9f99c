import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CANONICAL_FIELDS } from "../ingest/fields.js";
import { ImportInputError } from "../ingest/import.js";
import { ServiceError } from "./errors.js";
import { emptySummary, ImportService } from "./imports.js";
import { ReportService } from "./reports.js";
import { storeAt } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-import-service-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = CANONICAL_FIELDS.join(",");
/** A CSV row that becomes a complete record in Phường Sài Gòn (26740). */
const row = (id: string, street: string) =>
  `${id},household,,12,,${street},,,,26740,,,,79,,10.7769,106.7009,Nguyễn Văn An,0912345678,,`;

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

test("imports survey files into a new store, its key beside it, and the report reads the funnel it left", async () => {
  const survey = file("two.csv", `${HEADER}\n${row("1", "Lê Lợi")}\n${row("2", "Đồng Khởi")}\n`);
  const db = join(dir, "two.db");
  const imports = new ImportService(storeAt(db, { env: {} }));
  const first = await imports.import({ files: [survey] });
  assert.deepEqual([first.read, first.created, first.complete, first.files[0].status], [2, 2, 2, "imported"]);
  assert.ok(existsSync(`${db}.pii-key`), "the personal-data key is kept beside the store");
  const again = await imports.import({ files: [survey] });
  assert.deepEqual([again.read, again.unchanged, again.created], [2, 2, 0], "a re-import changes nothing");
  const report = await new ReportService(storeAt(db)).report("province");
  assert.deepEqual(
    [report.total.total, report.total.complete, report.units.map((u) => u.code)],
    [2, 2, ["79"]],
  );
});

test("a file that cannot be imported is refused before the store is created", async () => {
  const db = join(dir, "never.db");
  const imports = new ImportService(storeAt(db, { env: {} }));
  mkdirSync(join(dir, "folder.csv"));
  const cases: [string, (error: unknown) => boolean][] = [
    [
      join(dir, "none.csv"),
      (e) => e instanceof ImportInputError && /^no such file ".*none\.csv"$/.test(e.message),
    ],
    [
      join(dir, "folder.csv"),
      (e) => e instanceof ImportInputError && /is a folder, not a survey file$/.test(e.message),
    ],
    [
      file("notes.txt", "x"),
      (e) => e instanceof ServiceError && e.kind === "bad-request" && /unknown format/.test(e.message),
    ],
    [
      file("header-only.csv", `${HEADER}\n`),
      (e) => e instanceof ImportInputError && /only a header row, no data rows$/.test(e.message),
    ],
  ];
  for (const [path, refusal] of cases) await assert.rejects(imports.import({ files: [path] }), refusal, path);
  assert.equal(existsSync(db), false);
});

test("a malformed key from configuration is refused before the store is created", async () => {
  const survey = file("keyed.csv", `${HEADER}\n${row("1", "Lê Lợi")}\n`);
  const db = join(dir, "keyed.db");
  const imports = new ImportService(storeAt(db, { env: { DIACHISO_PII_KEY: "short" } }));
  await assert.rejects(imports.import({ files: [survey] }), (error: unknown) => {
    return (
      error instanceof ServiceError &&
      error.kind === "refused" &&
      /\$DIACHISO_PII_KEY must be 64 hex digits/.test(error.message)
    );
  });
  assert.equal(existsSync(db), false);
  assert.equal(existsSync(`${db}.pii-key`), false);
});

test("a file whose every row is refused is a failure, with the summary of what was read", async () => {
  const survey = file("refused.csv", `${HEADER}\n${row("", "Lê Lợi")}\n${row("", "Đồng Khởi")}\n`);
  const imports = new ImportService(storeAt(join(dir, "refused.db"), { env: {} }));
  const summary = emptySummary();
  await assert.rejects(imports.import({ files: [survey] }, summary), (error: unknown) => {
    return (
      error instanceof ImportInputError &&
      /^none of the 2 rows of .*refused\.csv could be imported; the reasons are in .*refused\.csv\.rejects\.csv$/.test(
        error.message,
      )
    );
  });
  assert.deepEqual([summary.read, summary.accepted, summary.rejected], [2, 0, 2]);
});
