/**
 * Counts kept, never scanned: `unit_counts` (records by unit and status) and `finding_counts`
 * (stored findings by unit, status, rule and severity) move in the same transaction as the records
 * they count, so the progress report over 24 M records reads a few thousand rows.
 */
import type Database from "better-sqlite3";
import { ValidationError } from "../../domain/errors.js";
import { STATUS_NUMBER, STATUSES, type Status, statusOfNumber } from "../../domain/lifecycle.js";
import type { Issue } from "../../domain/record.js";
import type { CommuneStatusCount, FindingFilter, ProvinceStatusCount, RuleCount } from "../store.js";

/** A finding as `finding_counts` counts it. */
interface CountedFinding {
  rule: string;
  /** 1: an error (blocks `complete`), 0: a warning. */
  blocking: number;
}

/** Distinct sets of findings whose rules are remembered (a national load has a few thousand). */
const FINDING_CACHE_LIMIT = 50_000;

export class Counters {
  private readonly findingCache = new Map<string, readonly CountedFinding[]>();
  private readonly countUnit: Database.Statement<[string, string, number, number]>;
  private readonly countFinding: Database.Statement<[string, string, number, string, number, number]>;
  private readonly byProvince: Database.Statement<[], { province: string; status: number; n: number }>;
  private readonly byCommune: Database.Statement<[], { province: string; commune: string; status: number; n: number }>;
  private readonly provinceOfCommuneStatement: Database.Statement<[string], { province: string }>;

  constructor(private readonly db: Database.Database) {
    this.countUnit = db.prepare(
      "INSERT INTO unit_counts (province, commune, status, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
    );
    this.countFinding = db.prepare(
      `INSERT INTO finding_counts (province, commune, status, rule, blocking, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    );
    this.byProvince = db.prepare(
      "SELECT province, status, sum(n) AS n FROM unit_counts GROUP BY province, status HAVING sum(n) > 0 ORDER BY province, status",
    );
    this.byCommune = db.prepare("SELECT province, commune, status, n FROM unit_counts WHERE n <> 0 ORDER BY province, commune, status");
    this.provinceOfCommuneStatement = db.prepare("SELECT province FROM unit_counts WHERE commune = ? LIMIT 1");
  }

  // ── writes (inside the caller's transaction) ───────────────────────────────────────────────

  /** Moves the count of records in a unit and status. */
  bump(province: string, commune: string, status: Status, delta: number): void {
    this.countUnit.run(province, commune, STATUS_NUMBER[status], delta);
  }

  /** Moves `finding_counts` for one record's findings (stored JSON or objects) in a unit and status. */
  bumpFindings(province: string, commune: string, status: Status, issues: string | readonly Issue[] | null, delta: number): void {
    for (const { rule, blocking } of this.findingsOf(issues)) this.countFinding.run(province, commune, STATUS_NUMBER[status], rule, blocking, delta);
  }

  /** Moves one finding's count by `delta` (an import's summed deltas). */
  bumpFinding(province: string, commune: string, status: Status, finding: CountedFinding, delta: number): void {
    this.countFinding.run(province, commune, STATUS_NUMBER[status], finding.rule, finding.blocking, delta);
  }

  /** A new record counted in its unit and status, with its findings. */
  countNew(record: { new: { province: string; commune: string }; status: Status; issues: string | readonly Issue[] | null }): void {
    this.bump(record.new.province, record.new.commune, record.status, 1);
    this.bumpFindings(record.new.province, record.new.commune, record.status, record.issues, 1);
  }

  /** Moves both counts from a record's state before a write to its state after. */
  move(before: CountedState, after: CountedState): void {
    const sameUnit = before.new.commune === after.new.commune && before.new.province === after.new.province;
    if (sameUnit && before.status === after.status && before.issues === after.issues) return;
    if (!sameUnit || before.status !== after.status) {
      this.bump(before.new.province, before.new.commune, before.status, -1);
      this.bump(after.new.province, after.new.commune, after.status, 1);
    }
    this.bumpFindings(before.new.province, before.new.commune, before.status, before.issues, -1);
    this.bumpFindings(after.new.province, after.new.commune, after.status, after.issues, 1);
  }

  /**
   * The rules and severities of stored findings. Cached by JSON text: a national load repeats a few
   * thousand distinct sets of findings millions of times (the import's chunks share their strings).
   */
  findingsOf(issues: string | readonly Issue[] | null): readonly CountedFinding[] {
    if (issues === null) return [];
    if (typeof issues !== "string") return issues.map((i) => ({ rule: i.rule, blocking: i.severity === "warning" ? 0 : 1 }));
    let found = this.findingCache.get(issues);
    if (found === undefined) {
      found = this.findingsOf(JSON.parse(issues) as Issue[]);
      if (this.findingCache.size >= FINDING_CACHE_LIMIT) this.findingCache.clear();
      this.findingCache.set(issues, found);
    }
    return found;
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────────

  byProvinceAndStatus(): ProvinceStatusCount[] {
    return this.byProvince.all().map((r) => ({ province: r.province, status: statusOfNumber(r.status), count: r.n }));
  }

  byCommuneAndStatus(province?: string): CommuneStatusCount[] {
    const out: CommuneStatusCount[] = [];
    for (const r of this.byCommune.iterate()) {
      if (province === undefined || r.province === province) {
        out.push({ province: r.province, commune: r.commune, status: statusOfNumber(r.status), count: r.n });
      }
    }
    return out;
  }

  /** The province a commune's records are counted in (a query by commune narrows to it), or undefined. */
  provinceOfCommune(commune: string): string | undefined {
    return this.provinceOfCommuneStatement.get(commune)?.province;
  }

  findingsByRule(status?: Status | readonly Status[], options: FindingFilter = {}): RuleCount[] {
    const statuses = status === undefined ? [] : typeof status === "string" ? [status] : [...status];
    for (const s of statuses) {
      if (!STATUSES.includes(s)) throw new ValidationError("status", s, `must be one of ${STATUSES.join(", ")}`, "trạng thái không hợp lệ");
    }
    if (options.severity !== undefined && options.severity !== "error" && options.severity !== "warning") {
      throw new ValidationError("severity", options.severity, "must be error or warning", "phải là error hoặc warning");
    }
    const where = ["n <> 0"];
    const params: unknown[] = [];
    if (statuses.length) where.push(`status IN (${statuses.map((s) => STATUS_NUMBER[s]).join(",")})`);
    if (options.severity) where.push(`blocking = ${options.severity === "error" ? 1 : 0}`);
    if (options.province !== undefined) {
      where.push("province = ?");
      params.push(options.province);
    }
    if (options.commune !== undefined) {
      where.push("commune = ?");
      params.push(options.commune);
    }
    return this.db
      .prepare<unknown[], { rule: string; count: number }>(
        `SELECT rule, sum(n) AS count FROM finding_counts WHERE ${where.join(" AND ")}
         GROUP BY rule HAVING sum(n) <> 0 ORDER BY count DESC, rule`,
      )
      .all(...params);
  }
}

/** What the counts depend on in a record. */
interface CountedState {
  new: { province: string; commune: string };
  status: Status;
  issues: string | readonly Issue[] | null;
}

/** One unit's count changes in an import transaction. */
interface UnitDelta {
  province: string;
  commune: string;
  /** Records by status number. */
  byStatus: Int32Array;
  /** Records by set of findings (its JSON, which a chunk's rows share), then by status number. */
  findings: Map<string, Int32Array>;
}

/**
 * The count changes of one import transaction, summed in memory and written once at its end: a
 * few thousand upserts, not one per row.
 */
export class CountDeltas {
  /** By commune code, which is unique across provinces. */
  private readonly byCommune = new Map<string, UnitDelta>();
  /** A row naming a commune under another province than its first row did: counted apart, by province then commune. */
  private readonly elsewhere = new Map<string, Map<string, UnitDelta>>();

  add(province: string, commune: string, status: Status, delta: number, issues: string | readonly Issue[] | null): void {
    const unit = this.unit(province, commune);
    unit.byStatus[STATUS_NUMBER[status]] += delta;
    if (issues === null || issues.length === 0) return;
    const set = typeof issues === "string" ? issues : JSON.stringify(issues);
    let byStatus = unit.findings.get(set);
    if (byStatus === undefined) {
      byStatus = new Int32Array(STATUSES.length + 1);
      unit.findings.set(set, byStatus);
    }
    byStatus[STATUS_NUMBER[status]] += delta;
  }

  /** Writes the summed changes: one upsert per unit and status, and per unit, status and rule. */
  writeTo(counters: Counters): void {
    for (const unit of this.byCommune.values()) writeUnit(unit, counters);
    for (const communes of this.elsewhere.values()) for (const unit of communes.values()) writeUnit(unit, counters);
  }

  private unit(province: string, commune: string): UnitDelta {
    let unit = this.byCommune.get(commune);
    if (unit === undefined) {
      unit = newUnit(province, commune);
      this.byCommune.set(commune, unit);
    } else if (unit.province !== province) {
      let communes = this.elsewhere.get(province);
      if (communes === undefined) {
        communes = new Map();
        this.elsewhere.set(province, communes);
      }
      unit = communes.get(commune);
      if (unit === undefined) {
        unit = newUnit(province, commune);
        communes.set(commune, unit);
      }
    }
    return unit;
  }
}

function newUnit(province: string, commune: string): UnitDelta {
  return { province, commune, byStatus: new Int32Array(STATUSES.length + 1), findings: new Map() };
}

function writeUnit({ province, commune, byStatus, findings }: UnitDelta, counters: Counters): void {
  for (const status of STATUSES) {
    const delta = byStatus[STATUS_NUMBER[status]];
    if (delta !== 0) counters.bump(province, commune, status, delta);
  }
  // Sets of findings share rules: sum per status and rule first, then one upsert each.
  const byRule = new Map<string, { status: Status; finding: CountedFinding; delta: number }>();
  for (const [set, counts] of findings) {
    for (const status of STATUSES) {
      const delta = counts[STATUS_NUMBER[status]];
      if (delta === 0) continue;
      for (const finding of counters.findingsOf(set)) {
        const key = `${STATUS_NUMBER[status]}|${finding.blocking}|${finding.rule}`;
        const sum = byRule.get(key);
        if (sum === undefined) byRule.set(key, { status, finding, delta });
        else sum.delta += delta;
      }
    }
  }
  for (const { status, finding, delta } of byRule.values()) if (delta !== 0) counters.bumpFinding(province, commune, status, finding, delta);
}
