/**
 * Scoring the parser against labelled cases (test/fixtures/parse-eval.jsonl): exact-match
 * accuracy of each unit level in both structures, token F1 of house number and street, and a
 * pass/fail status per case. Shared by bench/parse/eval.ts (the report) and eval.test.ts (the
 * regression floor).
 */
import { readFileSync } from "node:fs";
import { fold } from "../text/fold.js";
import type { ParsedAddress } from "./types.js";

export interface EvalCase {
  id: string;
  input: string;
  expect: {
    old: { province: string | null; district: string | null; ward: string | null } | null;
    new: { province: string | null; ward: string | null } | null;
    house_number: string | null;
    street: string | null;
  };
  tags: string[];
  status: "pass" | "fail";
  note: string;
}

export const METRICS = [
  "old.province",
  "old.district",
  "old.ward",
  "new.province",
  "new.ward",
  "house_number",
  "street",
] as const;
export type MetricName = (typeof METRICS)[number];

/** Hits and totals of one group of cases; `f1` holds token counts for the text parts. */
export interface Tally {
  cases: number;
  passed: number;
  exact: Record<string, { hit: number; total: number }>;
  tokens: Record<string, { tp: number; fp: number; fn: number }>;
}

export function readEvalSet(path: string): EvalCase[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line) as EvalCase;
      } catch (error) {
        throw new Error(`${path}:${i + 1}: not a JSON object (${(error as Error).message})`);
      }
    });
}

export function emptyTally(): Tally {
  return {
    cases: 0,
    passed: 0,
    exact: {
      "old.province": { hit: 0, total: 0 },
      "old.district": { hit: 0, total: 0 },
      "old.ward": { hit: 0, total: 0 },
      "new.province": { hit: 0, total: 0 },
      "new.ward": { hit: 0, total: 0 },
    },
    tokens: { house_number: { tp: 0, fp: 0, fn: 0 }, street: { tp: 0, fp: 0, fn: 0 } },
  };
}

function tokens(text: string | null): string[] {
  return text
    ? fold(text)
        .split(" ")
        .filter((t) => t !== "")
    : [];
}

function countTokens(
  expected: string | null,
  got: string | null,
  into: { tp: number; fp: number; fn: number },
): boolean {
  const want = tokens(expected);
  const have = tokens(got);
  const left = [...want];
  let tp = 0;
  for (const t of have) {
    const k = left.indexOf(t);
    if (k >= 0) {
      tp++;
      left.splice(k, 1);
    }
  }
  into.tp += tp;
  into.fp += have.length - tp;
  into.fn += want.length - tp;
  return want.join(" ") === have.join(" ");
}

/** Scores one case into the tallies given; returns whether it passes. */
export function scoreCase(c: EvalCase, got: ParsedAddress, tallies: Tally[]): boolean {
  let pass = true;
  const exact = (name: string, expected: string | null, actual: string | null) => {
    const hit = expected === actual;
    if (!hit) pass = false;
    for (const t of tallies) {
      t.exact[name].total++;
      if (hit) t.exact[name].hit++;
    }
  };
  if (c.expect.old) {
    exact("old.province", c.expect.old.province, got.old?.province?.code ?? null);
    exact("old.district", c.expect.old.district, got.old?.district?.code ?? null);
    exact("old.ward", c.expect.old.ward, got.old?.ward?.code ?? null);
  }
  if (c.expect.new) {
    exact("new.province", c.expect.new.province, got.new?.province?.code ?? null);
    exact("new.ward", c.expect.new.ward, got.new?.ward?.code ?? null);
  }
  for (const part of ["house_number", "street"] as const) {
    for (const t of tallies.slice(1)) countTokens(c.expect[part], got.parts[part], t.tokens[part]);
    const same = countTokens(c.expect[part], got.parts[part], tallies[0].tokens[part]);
    if (c.expect[part] !== null && !same) pass = false;
  }
  for (const t of tallies) {
    t.cases++;
    if (pass) t.passed++;
  }
  return pass;
}

/** Accuracy (0..1) of an exact metric or F1 of a token metric; null without cases. */
export function metric(t: Tally, name: MetricName): number | null {
  if (name === "house_number" || name === "street") {
    const { tp, fp, fn } = t.tokens[name];
    if (tp + fp + fn === 0) return null;
    return (2 * tp) / (2 * tp + fp + fn);
  }
  const { hit, total } = t.exact[name];
  return total === 0 ? null : hit / total;
}

/** Runs the parser over the cases: tallies overall and per tag, and each case's status. */
export function evaluate(
  cases: readonly EvalCase[],
  parse: (text: string) => ParsedAddress,
): {
  overall: Tally;
  byTag: Map<string, Tally>;
  statuses: Map<string, "pass" | "fail">;
  /** The parser's confidence on each case, by id (for the calibration table). */
  confidences: Map<string, number>;
} {
  const overall = emptyTally();
  const confidences = new Map<string, number>();
  const byTag = new Map<string, Tally>();
  const statuses = new Map<string, "pass" | "fail">();
  for (const c of cases) {
    const tallies = [overall];
    for (const tag of c.tags) {
      let t = byTag.get(tag);
      if (!t) {
        t = emptyTally();
        byTag.set(tag, t);
      }
      tallies.push(t);
    }
    const got = parse(c.input);
    confidences.set(c.id, got.confidence);
    statuses.set(c.id, scoreCase(c, got, tallies) ? "pass" : "fail");
  }
  return { overall, byTag, statuses, confidences };
}

/**
 * Lower bounds of the confidence bands the calibration table reports; a band runs up to the next
 * bound (the last to 1 inclusive). Narrower near the top, where most answers sit and where a
 * client decides whether to trust an answer without asking the person.
 */
export const CONFIDENCE_BANDS = [0, 0.5, 0.7, 0.85, 0.95] as const;

export interface CalibrationBand {
  /** "<0.5", "0.5–0.7", …, "≥0.95". */
  label: string;
  from: number;
  /** Exclusive upper bound; Infinity for the last band. */
  to: number;
  cases: number;
  /** Cases of the band that pass (every unit, house number and street right). */
  passed: number;
}

/**
 * How often the answer is right per confidence band: a calibrated parser's answers at 0.9 are
 * right about nine times in ten. A case counts as right when it passes.
 */
export function calibration(
  cases: readonly EvalCase[],
  statuses: ReadonlyMap<string, "pass" | "fail">,
  confidences: ReadonlyMap<string, number>,
): CalibrationBand[] {
  const bands: CalibrationBand[] = CONFIDENCE_BANDS.map((from, i) => {
    const to = i + 1 < CONFIDENCE_BANDS.length ? CONFIDENCE_BANDS[i + 1] : Number.POSITIVE_INFINITY;
    const label = i === 0 ? `<${to}` : to === Number.POSITIVE_INFINITY ? `≥${from}` : `${from}–${to}`;
    return { label, from, to, cases: 0, passed: 0 };
  });
  for (const c of cases) {
    const confidence = confidences.get(c.id);
    if (confidence === undefined) continue;
    const band = bands.find((b) => confidence >= b.from && confidence < b.to)!;
    band.cases++;
    if (statuses.get(c.id) === "pass") band.passed++;
  }
  return bands;
}
