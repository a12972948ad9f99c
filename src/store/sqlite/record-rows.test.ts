import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { sampleData } from "../contract.js";
import { loadRowsOf } from "../load-rows.js";
import type { ImportRow } from "../store.js";
import { bindLoadRow, bindRecordData, INSERTED_COLUMNS, InsertParams, type NewRowKeys, RECORD_COLUMN } from "./record-rows.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-rows-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const row: ImportRow = {
  externalId: "KS-1",
  data: { ...sampleData(), name: "Nhà văn hóa", extra: { tầng: "3" } },
  surveyor: "đội 1",
  issues: [{ rule: "owner.citizen_id", message: "m", severity: "warning" }],
};
const keys: NewRowKeys = { id: 1, code: "2TTPF3CNT8", status: "surveyed", batchId: 1, externalId: "KS-1", at: Date.parse("2025-08-01T08:00:00Z") };
const UNSET = Symbol("unset");

test("binds every inserted column, from a record's data and from a chunk to load alike", () => {
  const fromData = new InsertParams(1);
  const fromChunk = new InsertParams(1);
  fromData.values.fill(UNSET);
  fromChunk.values.fill(UNSET);
  bindRecordData(fromData, 0, keys, row.data, row.issues!, row.surveyor!);
  bindLoadRow(fromChunk, 0, keys, loadRowsOf([row]), 0);
  for (const name of INSERTED_COLUMNS) assert.notEqual(fromData.get(0, RECORD_COLUMN[name]), UNSET, name);
  assert.deepEqual(fromChunk.values, fromData.values);
});

test("puts each bound value in the column of its name", async () => {
  const path = join(dir, "columns.db");
  const store = openSqliteStore(path);
  const [created] = await store.importBatch("b", [row], { actor: "t", at: new Date(keys.at) });
  await store.close();
  assert.ok(created.outcome === "created");
  const params = new InsertParams(1);
  bindRecordData(params, 0, { ...keys, code: created.code }, row.data, row.issues!, row.surveyor!);
  const db = new Database(path, { readonly: true });
  const stored = db.prepare("SELECT * FROM records").get() as Record<string, unknown>;
  db.close();
  for (const name of INSERTED_COLUMNS) assert.equal(stored[name], params.get(0, RECORD_COLUMN[name]), name);
});
