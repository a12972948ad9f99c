/**
 * The survey funnel the national steering committee reads: per province or per commune (new
 * structure), how many records are surveyed (not yet complete), complete, notified, confirmed,
 * official and rejected, and the most frequent reasons records are incomplete.
 *
 * Every record is counted once, in the counter of its current status. Two statuses of the
 * lifecycle have no column of their own: `correction-requested` counts as `surveyed` (the record
 * is back with the surveyors) and `retired` as `rejected` (no longer an address in use).
 */
import { csvLine } from "../common/csv.js";
import type { Status } from "../domain/lifecycle.js";
import type { UnitRegistry } from "../units/registry.js";
import { ruleTitle } from "../rules/evaluate.js";
import { RULES } from "../rules/ruleset.js";

export const FUNNEL = ["surveyed", "complete", "notified", "confirmed", "official", "rejected"] as const;
export type FunnelStage = (typeof FUNNEL)[number];

export const STAGE_OF_STATUS: Readonly<Record<Status, FunnelStage>> = {
  surveyed: "surveyed",
  "correction-requested": "surveyed",
  complete: "complete",
  notified: "notified",
  confirmed: "confirmed",
  official: "official",
  rejected: "rejected",
  retired: "rejected",
};

export type Counters = { total: number } & Record<FunnelStage, number>;

export interface UnitFunnel extends Counters {
  code: string;
  name: string;
}

export interface Reason {
  rule: string;
  count: number;
  /** Share of the incomplete (surveyed) records that break this rule. */
  share: number;
  message: { vi: string; en: string } | null;
}

export interface FunnelReport {
  by: "province" | "ward";
  /** The new province the report is limited to (its communes, its reasons), or null for the whole country. */
  province: { code: string; name: string } | null;
  units: UnitFunnel[];
  total: Counters;
  reasons: Reason[];
}

/** One count of the source: records of a unit in a status. */
export interface UnitStatusCount {
  unit: string;
  status: Status;
  count: number;
}

/** What the report reads: counts by unit and status, and finding counts by rule, optionally in one new province. */
export interface ReportSource {
  countsByUnitAndStatus(by: "province" | "ward", province?: string): Promise<UnitStatusCount[]>;
  /** Records with findings (status surveyed), by rule id. */
  findingsByRule(province?: string): Promise<{ rule: string; count: number }[]>;
}

function zero(): Counters {
  return { total: 0, surveyed: 0, complete: 0, notified: 0, confirmed: 0, official: 0, rejected: 0 };
}

/**
 * The funnel `by` province or commune ("ward"), with the `topReasons` most frequent reasons. With
 * `province` (a new province's 2-digit code) only that province is counted: its row, or its communes,
 * and the reasons of its records — the dashboard's drill-down.
 */
export async function buildReport(
  source: ReportSource,
  registry: UnitRegistry,
  by: "province" | "ward",
  topReasons = 10,
  province?: string,
): Promise<FunnelReport> {
  const units = new Map<string, UnitFunnel>();
  const total = zero();
  for (const { unit, status, count } of await source.countsByUnitAndStatus(by, province)) {
    let row = units.get(unit);
    if (!row) {
      row = { code: unit, name: registry.get("new", unit)?.fullName ?? "?", ...zero() };
      units.set(unit, row);
    }
    const stage = STAGE_OF_STATUS[status];
    row[stage] += count;
    row.total += count;
    total[stage] += count;
    total.total += count;
  }
  const titles = new Map(RULES.map((rule) => [rule.id, ruleTitle(rule)]));
  const findings = await source.findingsByRule(province);
  const reasons = findings
    .sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1))
    .slice(0, topReasons)
    .map((f) => ({
      ...f,
      share: total.surveyed > 0 ? f.count / total.surveyed : 0,
      message: titles.get(f.rule) ?? null,
    }));
  const scope = province === undefined ? null : { code: province, name: registry.get("new", province)?.fullName ?? "?" };
  return { by, province: scope, units: [...units.values()].sort((a, b) => (a.code < b.code ? -1 : 1)), total, reasons };
}

const COLUMNS = ["total", ...FUNNEL] as const;

/** The `--csv` form: one line per unit, then a TOTAL line. */
export function reportCsv(report: FunnelReport): string {
  const share = (c: Counters) =>
    c.total > 0 ? ((c.total - c.surveyed - c.rejected) / c.total).toFixed(4) : "0";
  let out = csvLine(["code", "name", ...COLUMNS, "complete_share"]);
  for (const u of report.units) out += csvLine([u.code, u.name, ...COLUMNS.map((c) => String(u[c])), share(u)]);
  out += csvLine(["TOTAL", "", ...COLUMNS.map((c) => String(report.total[c])), share(report.total)]);
  return out;
}

/** The text table: units, totals, and the top reasons of incompleteness. */
export function reportText(report: FunnelReport): string {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const pct = (n: number, d: number) => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : "-");
  const header = ["code", "unit", ...COLUMNS, "≥complete"];
  const rows = report.units.map((u) => [
    u.code,
    u.name,
    ...COLUMNS.map((c) => fmt(u[c])),
    pct(u.total - u.surveyed - u.rejected, u.total),
  ]);
  const t = report.total;
  rows.push(["", "TOTAL", ...COLUMNS.map((c) => fmt(t[c])), pct(t.total - t.surveyed - t.rejected, t.total)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  if (report.reasons.length > 0) {
    out.push("", "Top reasons records are incomplete (lý do chưa đủ điều kiện):");
    for (const r of report.reasons) {
      out.push(
        `  ${fmt(r.count).padStart(12)}  ${pct(r.count, t.surveyed).padStart(6)}  ${r.rule}${r.message ? ` — ${r.message.en} / ${r.message.vi}` : ""}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
