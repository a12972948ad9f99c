/**
 * `Store.query`: filters by unit, status, batch and bounding box, page by page in insertion order,
 * each served by an index (docs/store.md, "Schema"; `sqlite-store.test.ts` checks the plans).
 */
import type Database from "better-sqlite3";
import { codeRanges } from "../../code/ranges.js";
import { ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, STATUSES } from "../../domain/lifecycle.js";
import type { AddressRecord } from "../../domain/record.js";
import type { Page, ReadOptions, RecordQuery, RecordSummary } from "../store.js";
import type { Counters } from "./counters.js";
import { type RecordRow, SCAN_COLUMNS, type ScanRow, scanPage, scanStart } from "../record-rows.js";
import type { RecordTable } from "./records.js";

const ALL_STATUS_NUMBERS = STATUSES.map((s) => STATUS_NUMBER[s]);
const MAX_PAGE = 10_000;

/** The columns `scan` reads: what an index needs of a record. */

export class RecordQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly records: RecordTable,
    private readonly counters: Counters,
  ) {}

  query(query: RecordQuery, options?: ReadOptions): Page<AddressRecord> {
    const built = this.build(query);
    if (!built) return { items: [], next: null };
    const { sql, params, limit } = built;
    const rows = this.db.prepare<unknown[], RecordRow>(sql).all(...params);
    const more = rows.length > limit;
    if (more) rows.pop();
    return {
      items: rows.map((row) => this.records.toRecord(row, options?.withPersonalData ?? false)),
      next: more ? rows[rows.length - 1].id.toString(36) : null,
    };
  }

  scan(after: string | null | undefined, limit = MAX_PAGE): Page<RecordSummary> {
    const from = scanStart(after, limit);
    const rows = this.db
      .prepare<[number, number], ScanRow>(`SELECT ${SCAN_COLUMNS} FROM records WHERE id > ? ORDER BY id LIMIT ?`)
      .all(from, limit + 1);
    return scanPage(rows, limit);
  }

  /** SQLite's plan for a query (diagnostics, and the test that the indexes serve). */
  explain(query: RecordQuery): string[] {
    const built = this.build(query);
    if (!built) return [];
    return this.db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${built.sql}`)
      .all(...built.params)
      .map((r) => r.detail);
  }

  /** The SQL and parameters of a query, or null when it cannot match anything. */
  private build(query: RecordQuery): { sql: string; params: unknown[]; limit: number } | null {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new ValidationError("limit", limit, `must be an integer from 1 to ${MAX_PAGE}`, `phải là số nguyên từ 1 đến ${MAX_PAGE}`);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const statuses = query.status === undefined ? undefined : typeof query.status === "string" ? [query.status] : [...query.status];
    for (const s of statuses ?? []) {
      if (!STATUSES.includes(s)) throw new ValidationError("status", s, `must be one of ${STATUSES.join(", ")}`, "trạng thái không hợp lệ");
    }
    let province = query.province;
    if (query.commune !== undefined) {
      const found = this.counters.provinceOfCommune(query.commune);
      if (found === undefined || (province !== undefined && province !== found)) return null;
      province = found;
    }
    if (statuses || province !== undefined) {
      // Leading status column: list every status when none is asked, so the index still serves.
      const numbers = statuses ? statuses.map((s) => STATUS_NUMBER[s]) : ALL_STATUS_NUMBERS;
      where.push(`status IN (${numbers.join(",")})`);
    }
    if (province !== undefined) {
      where.push("province = ?");
      params.push(province);
    }
    if (query.commune !== undefined) {
      where.push("commune = ?");
      params.push(query.commune);
    }
    if (query.batch !== undefined) {
      const id = this.records.batchId(query.batch, false);
      if (!id) return null;
      where.push("batch_id = ?");
      params.push(id.id);
    }
    if (query.bbox) {
      const { south, west, north, east } = query.bbox;
      for (const [name, v] of Object.entries(query.bbox)) {
        if (typeof v !== "number" || !Number.isFinite(v)) throw new ValidationError(`bbox.${name}`, v, "must be a number", "phải là số");
      }
      if (south > north || west > east) throw new ValidationError("bbox", query.bbox, "needs south ≤ north and west ≤ east", "cần nam ≤ bắc và tây ≤ đông");
      const ranges = codeRanges(query.bbox);
      if (ranges.length === 0) return null;
      // A UNION of index range scans: SQLite would otherwise prefer scanning in id order.
      where.push(`id IN (${ranges.map(() => "SELECT id FROM records WHERE code >= ? AND code < ?").join(" UNION ALL ")})`);
      for (const [a, b] of ranges) params.push(a, b);
      where.push("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?");
      params.push(south, north, west, east);
    }
    if (query.after) {
      const after = Number.parseInt(query.after, 36);
      if (!Number.isSafeInteger(after)) throw new ValidationError("after", query.after, "is not a cursor of this store", "con trỏ trang không hợp lệ");
      where.push("id > ?");
      params.push(after);
    }
    const sql = `SELECT * FROM records ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ${limit + 1}`;
    return { sql, params, limit };
  }
}
