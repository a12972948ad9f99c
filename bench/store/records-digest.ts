/**
 * A digest of what a store holds, without the times a run stamps: to show that a change to the
 * write path stores the same records (docs/benchmarks.md, "Issue 12"). Hashes, table by table in
 * key order, `records` without created_at/updated_at, `revisions` without `at`, and `batches`,
 * `cells`, `unit_counts`, `finding_counts` whole; prints one SHA-256 per table and one of them all.
 *
 * Usage: node dist/bench/store/records-digest.js STORE.db
 * Two imports of one file give equal digests only with the same citizen-ID key: set
 * DIACHISO_PII_KEY for both (otherwise each store gets its own random key file).
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";

const path = process.argv[2];
if (!path) throw new Error("usage: records-digest.js STORE.db");

const TABLES: { table: string; columns: string; order: string }[] = [
  {
    table: "records",
    columns:
      "id, code, kind, status, version, province, commune, old, name, parts, lat, lon, accuracy, loc_source, tile, owner, extra, batch_id, external_id, surveyor, issues, correction, successor, erased_at",
    order: "id",
  },
  { table: "revisions", columns: "seq, record_id, version, action, status, actor, reason, changes", order: "seq" },
  { table: "batches", columns: "*", order: "id" },
  { table: "cells", columns: "*", order: "base" },
  { table: "unit_counts", columns: "*", order: "province, commune, status" },
  { table: "finding_counts", columns: "*", order: "province, commune, status, rule, blocking" },
];

const db = new Database(path, { readonly: true, fileMustExist: true });
const all = createHash("sha256");
for (const { table, columns, order } of TABLES) {
  const hash = createHash("sha256");
  let rows = 0;
  for (const row of db.prepare(`SELECT ${columns} FROM ${table} ORDER BY ${order}`).raw().iterate()) {
    hash.update(`${JSON.stringify(row)}\n`);
    rows++;
  }
  const digest = hash.digest("hex");
  all.update(`${table} ${digest}\n`);
  console.log(`${table.padEnd(15)} ${String(rows).padStart(9)} rows  ${digest}`);
}
console.log(`${"all".padEnd(15)} ${"".padStart(9)}       ${all.digest("hex")}`);
db.close();
