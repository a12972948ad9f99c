/**
 * The counts the PostgreSQL store keeps in the writing transaction, as the SQLite store does:
 * `unit_counts` (records by unit and status) and `finding_counts` (stored findings by unit, status,
 * rule and severity). A write sums its changes in memory (`CountChanges`) and writes them at its
 * end in two statements, whatever the number of rows.
 */
import { ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, STATUSES, type Status, statusOfNumber } from "../../domain/lifecycle.js";
import type { Issue } from "../../domain/record.js";
import type { CommuneStatusCount, FindingFilter, ProvinceStatusCount, RuleCount } from "../store.js";
import type { Queryable } from "./records.js";

/** What the counts depend on in a record. */
export interface CountedState {
  new: { province: string; commune: string };
  status: Status;
  issues: string | readonly Issue[] | null;
}

function findingsOf(issues: string | readonly Issue[] | null): { rule: string; blocking: boolean }[] {
  if (issues === null) return [];
  const list = typeof issues === "string" ? (JSON.parse(issues) as Issue[]) : issues;
  return list.map((i) => ({ rule: i.rule, blocking: i.severity !== "warning" }));
}

/** One write's count changes, summed in memory. */
export class CountChanges {
  private readonly units = new Map<string, number>();
  private readonly findings = new Map<string, number>();
  /** Parsed sets of findings by their JSON (an import's rows repeat a few sets). */
  private readonly parsed = new Map<string, { rule: string; blocking: boolean }[]>();

  add(
    province: string,
    commune: string,
    status: Status,
    delta: number,
    issues: string | readonly Issue[] | null,
  ): void {
    const unit = `${province}\t${commune}\t${STATUS_NUMBER[status]}`;
    this.units.set(unit, (this.units.get(unit) ?? 0) + delta);
    let found: { rule: string; blocking: boolean }[];
    if (typeof issues === "string") {
      found = this.parsed.get(issues) ?? findingsOf(issues);
      this.parsed.set(issues, found);
    } else found = findingsOf(issues);
    for (const { rule, blocking } of found) {
      const key = `${unit}\t${rule}\t${blocking ? 1 : 0}`;
      this.findings.set(key, (this.findings.get(key) ?? 0) + delta);
    }
  }

  /** A new record counted in its unit and status, with its findings. */
  addNew(state: CountedState): void {
    this.add(state.new.province, state.new.commune, state.status, 1, state.issues);
  }

  /** Both counts moved from a record's state before a write to its state after. */
  move(before: CountedState, after: CountedState): void {
    this.add(before.new.province, before.new.commune, before.status, -1, before.issues);
    this.add(after.new.province, after.new.commune, after.status, 1, after.issues);
  }

  async write(db: Queryable): Promise<void> {
    const units = [...this.units]
      .filter(([, n]) => n !== 0)
      .map(([key, n]) => [...key.split("\t"), n] as [string, string, string, number]);
    if (units.length > 0) {
      await db.query(
        `INSERT INTO unit_counts (province, commune, status, n) SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::bigint[])
         ON CONFLICT (province, commune, status) DO UPDATE SET n = unit_counts.n + excluded.n`,
        [0, 1, 2, 3].map((k) => units.map((u) => u[k])),
      );
    }
    const findings = [...this.findings]
      .filter(([, n]) => n !== 0)
      .map(([key, n]) => {
        const [province, commune, status, rule, blocking] = key.split("\t");
        return [province, commune, status, rule, blocking === "1", n] as const;
      });
    if (findings.length > 0) {
      await db.query(
        `INSERT INTO finding_counts (province, commune, status, rule, blocking, n)
         SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::boolean[], $6::bigint[])
         ON CONFLICT (province, commune, status, rule, blocking) DO UPDATE SET n = finding_counts.n + excluded.n`,
        [0, 1, 2, 3, 4, 5].map((k) => findings.map((f) => f[k])),
      );
    }
    this.units.clear();
    this.findings.clear();
  }
}

export async function countsByProvinceAndStatus(db: Queryable): Promise<ProvinceStatusCount[]> {
  const { rows } = await db.query<{ province: string; status: number; n: number }>(
    "SELECT province, status, sum(n)::bigint AS n FROM unit_counts GROUP BY province, status HAVING sum(n) > 0 ORDER BY province, status",
  );
  return rows.map((r) => ({ province: r.province, status: statusOfNumber(r.status), count: r.n }));
}

export async function countsByCommuneAndStatus(
  db: Queryable,
  province?: string,
): Promise<CommuneStatusCount[]> {
  const { rows } = await db.query<{ province: string; commune: string; status: number; n: number }>(
    "SELECT province, commune, status, n FROM unit_counts WHERE n <> 0 AND ($1::text IS NULL OR province = $1) ORDER BY province, commune, status",
    [province ?? null],
  );
  return rows.map((r) => ({
    province: r.province,
    commune: r.commune,
    status: statusOfNumber(r.status),
    count: r.n,
  }));
}

/** The province a commune's records are counted in, or undefined. */
export async function provinceOfCommune(db: Queryable, commune: string): Promise<string | undefined> {
  return (
    await db.query<{ province: string }>("SELECT province FROM unit_counts WHERE commune = $1 LIMIT 1", [
      commune,
    ])
  ).rows[0]?.province;
}

export async function findingsByRule(
  db: Queryable,
  status?: Status | readonly Status[],
  options: FindingFilter = {},
): Promise<RuleCount[]> {
  const statuses = status === undefined ? [] : typeof status === "string" ? [status] : [...status];
  for (const s of statuses) {
    if (!STATUSES.includes(s))
      throw new ValidationError(
        "status",
        s,
        `must be one of ${STATUSES.join(", ")}`,
        "trạng thái không hợp lệ",
      );
  }
  if (options.severity !== undefined && options.severity !== "error" && options.severity !== "warning") {
    throw new ValidationError(
      "severity",
      options.severity,
      "must be error or warning",
      "phải là error hoặc warning",
    );
  }
  const { rows } = await db.query<{ rule: string; count: number }>(
    `SELECT rule, sum(n)::bigint AS count FROM finding_counts
     WHERE n <> 0 AND (cardinality($1::smallint[]) = 0 OR status = ANY($1)) AND ($2::boolean IS NULL OR blocking = $2)
       AND ($3::text IS NULL OR province = $3) AND ($4::text IS NULL OR commune = $4)
     GROUP BY rule HAVING sum(n) <> 0 ORDER BY count DESC, rule COLLATE "C"`,
    [
      statuses.map((s) => STATUS_NUMBER[s]),
      options.severity === undefined ? null : options.severity === "error",
      options.province ?? null,
      options.commune ?? null,
    ],
  );
  return rows;
}
