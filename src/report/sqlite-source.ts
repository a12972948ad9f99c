/**
 * The report's source over a SQLite store file, read-only. The Store interface counts by province
 * only and has no aggregate of findings, so until it does (see src/ingest/NEEDS.md) the report
 * reads the store's own summary table `unit_counts` (maintained in every write transaction) and
 * aggregates `records.issues` in SQL. Schema v1 of src/store/sqlite/migrations.ts.
 */
import Database from "better-sqlite3";
import { statusOfNumber } from "../domain/lifecycle.js";
import type { ReportSource, UnitStatusCount } from "./report.js";

const SUPPORTED_SCHEMA = 1;

export class SqliteReportSource implements ReportSource {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version !== SUPPORTED_SCHEMA) {
      this.db.close();
      throw new Error(`${path}: store schema v${version}; the report reads v${SUPPORTED_SCHEMA}`);
    }
  }

  async countsByUnitAndStatus(by: "province" | "ward"): Promise<UnitStatusCount[]> {
    const column = by === "province" ? "province" : "commune";
    const rows = this.db
      .prepare<[], { unit: string; status: number; n: number }>(
        `SELECT ${column} AS unit, status, sum(n) AS n FROM unit_counts GROUP BY 1, 2 HAVING sum(n) <> 0`,
      )
      .all();
    return rows.map((r) => ({ unit: r.unit, status: statusOfNumber(r.status), count: r.n }));
  }

  async findingsByRule(): Promise<{ rule: string; count: number }[]> {
    return this.db
      .prepare<[], { rule: string; count: number }>(
        `SELECT json_extract(j.value, '$.rule') AS rule, count(*) AS count
           FROM records r, json_each(r.issues) j
          WHERE r.status = 1 AND r.issues IS NOT NULL
            AND coalesce(json_extract(j.value, '$.severity'), 'error') <> 'warning'
          GROUP BY 1`,
      )
      .all();
  }

  close(): void {
    this.db.close();
  }
}
