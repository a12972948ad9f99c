/**
 * `diachiso validate`: re-runs the completeness rules over every stored record (after a rule or
 * data change), in store order, and stores the new findings. A record whose findings disappear
 * moves from `surveyed` to `complete`; one that gains findings moves from `complete` back to
 * `surveyed`. Records past `complete` (notified …) keep their status: only their findings change.
 *
 * Other writers may work meanwhile: findings and moves are written only while the record is still at
 * the version this run read (else counted as `skipped`), so a concurrent edit is never overwritten
 * with findings of its old content.
 *
 * Rules of scope `survey-row` need the survey row itself (an invalid house number is not stored,
 * nor the written unit code or the point when it was outside Vietnam): their earlier findings are
 * kept as they are.
 */
import { ConflictError } from "../domain/errors.js";
import type { AddressRecord, Issue } from "../domain/record.js";
import { RuleEngine, storedIssues } from "../rules/evaluate.js";
import { factsFromRecord } from "../rules/facts.js";
import { SURVEY_ROW_RULES } from "../rules/ruleset.js";
import type { Store } from "../store/store.js";
import type { Boundaries } from "../units/boundaries.js";
import { DuplicateIndex } from "./dedupe.js";

export interface ValidateSummary {
  records: number;
  changed: number;
  complete: number;
  incomplete: number;
  promoted: number;
  demoted: number;
  /**
   * Findings or status moves not written because another writer changed the record after this run
   * read it (its version moved on): run validate again to recheck those records.
   */
  skipped: number;
  incomplete_by_rule: Record<string, number>;
  seconds: number;
}

const sameIssues = (a: readonly Issue[], b: readonly Issue[]) =>
  a.length === b.length &&
  a.every((x, i) => x.rule === b[i].rule && x.message === b[i].message && x.severity === b[i].severity);

/** The findings a stored record gets from the current rules. */
export function recheck(
  record: AddressRecord,
  boundaries: Boundaries,
  engine: RuleEngine,
  duplicates: DuplicateIndex,
): Issue[] {
  const pointCommune =
    record.location.source === "centroid"
      ? null
      : boundaries.communeAt(record.location.lat, record.location.lon);
  const facts = factsFromRecord(record, pointCommune, duplicates.seen(record.new.commune, record.parts));
  const kept = record.issues.filter((i) => SURVEY_ROW_RULES.has(i.rule));
  let fresh = storedIssues(engine.evaluate(facts)).filter((i) => !SURVEY_ROW_RULES.has(i.rule));
  // A point outside Vietnam was stored as the commune centroid: its finding says more than "missing".
  if (kept.some((i) => i.rule === "location.in_vietnam"))
    fresh = fresh.filter((i) => i.rule !== "location.present");
  return [...kept, ...fresh].sort((a, b) => engine.positionOf(a.rule) - engine.positionOf(b.rule));
}

export async function revalidate(
  store: Store,
  boundaries: Boundaries,
  options: { engine?: RuleEngine; actor?: string; onProgress?: (records: number) => void } = {},
): Promise<ValidateSummary> {
  const started = performance.now();
  const engine = options.engine ?? new RuleEngine();
  const duplicates = new DuplicateIndex(1 << 20);
  const summary: ValidateSummary = {
    records: 0,
    changed: 0,
    complete: 0,
    incomplete: 0,
    promoted: 0,
    demoted: 0,
    skipped: 0,
    incomplete_by_rule: {},
    seconds: 0,
  };
  const context = {
    actor: options.actor ?? "validate",
    reason: "completeness rules re-run (diachiso validate)",
  };
  let after: string | null = null;
  do {
    const page = await store.query({ limit: 10_000, after }, { withPersonalData: true });
    const updates: { code: string; issues: Issue[]; version: number }[] = [];
    const moves: { record: AddressRecord; to: "complete" | "surveyed" }[] = [];
    for (const record of page.items) {
      summary.records++;
      const issues = recheck(record, boundaries, engine, duplicates);
      const blocking = issues.filter((i) => i.severity !== "warning");
      if (blocking.length === 0) summary.complete++;
      else {
        summary.incomplete++;
        for (const i of blocking)
          summary.incomplete_by_rule[i.rule] = (summary.incomplete_by_rule[i.rule] ?? 0) + 1;
      }
      if (!sameIssues(issues, record.issues)) updates.push({ code: record.code, issues, version: record.version });
      if (record.status === "surveyed" && blocking.length === 0) moves.push({ record, to: "complete" });
      if (record.status === "complete" && blocking.length > 0) moves.push({ record, to: "surveyed" });
    }
    if (updates.length > 0) {
      const applied = await store.setIssues(updates);
      summary.changed += applied;
      summary.skipped += updates.length - applied;
    }
    for (const { record, to } of moves) {
      try {
        await store.transition(record.code, record.version, { to, reason: context.reason }, context);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        summary.skipped++;
        continue;
      }
      if (to === "complete") summary.promoted++;
      else summary.demoted++;
    }
    options.onProgress?.(summary.records);
    after = page.next;
  } while (after);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
