/**
 * Scoring the parser against labelled cases (test/fixtures/parse-eval*.jsonl): exact-match
 * accuracy of each unit level in both structures, token F1 of house number and street, invented
 * parts, a pass/fail verdict per case and accuracy by confidence band. Shared by
 * bench/parse/eval.ts (the report) and eval.test.ts (verdicts and floors CI holds).
 *
 * A case's `expect.house_number` / `expect.street` of `null` says the text has none: a parser
 * that prints one there has invented it (a street made from a landmark phrase, a house number
 * from a ward's number), and the case fails however right its units are.
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

/** The text parts a case labels; `null` expected means the text has no such part. */
export const LABELLED_PARTS = ["house_number", "street"] as const;

/** Hits and totals of one group of cases; `tokens` holds token counts for the text parts. */
export interface Tally {
  cases: number;
  passed: number;
  /** Cases whose units all match and that invent no part (whatever the text parts' spelling). */
  right: number;
  /** Cases with a part in the output that the text does not have. */
  invented: number;
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
    right: 0,
    invented: 0,
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

/** What one case came to: its verdict, whether its units are right, what it invented. */
export interface CaseOutcome {
  /** Units all right, nothing invented, labelled house number and street exactly right. */
  pass: boolean;
  /** Units all right and nothing invented. */
  right: boolean;
  /** Labelled-absent parts the parser printed anyway. */
  invented: string[];
  confidence: number;
}

/** Scores one case into the tallies given. */
export function scoreCase(c: EvalCase, got: ParsedAddress, tallies: Tally[]): CaseOutcome {
  let unitsRight = true;
  const exact = (name: string, expected: string | null, actual: string | null) => {
    const hit = expected === actual;
    if (!hit) unitsRight = false;
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
  let partsRight = true;
  const invented: string[] = [];
  for (const part of LABELLED_PARTS) {
    for (const t of tallies.slice(1)) countTokens(c.expect[part], got.parts[part], t.tokens[part]);
    const same = countTokens(c.expect[part], got.parts[part], tallies[0].tokens[part]);
    if (c.expect[part] === null) {
      if (got.parts[part] !== null) invented.push(part);
    } else if (!same) partsRight = false;
  }
  const right = unitsRight && invented.length === 0;
  const pass = right && partsRight;
  for (const t of tallies) {
    t.cases++;
    if (pass) t.passed++;
    if (right) t.right++;
    if (invented.length > 0) t.invented++;
  }
  return { pass, right, invented, confidence: got.confidence };
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

/** Runs the parser over the cases: tallies overall and per tag, and each case's outcome. */
export function evaluate(
  cases: readonly EvalCase[],
  parse: (text: string) => ParsedAddress,
): {
  overall: Tally;
  byTag: Map<string, Tally>;
  statuses: Map<string, "pass" | "fail">;
  outcomes: Map<string, CaseOutcome>;
} {
  const overall = emptyTally();
  const byTag = new Map<string, Tally>();
  const statuses = new Map<string, "pass" | "fail">();
  const outcomes = new Map<string, CaseOutcome>();
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
    const outcome = scoreCase(c, parse(c.input), tallies);
    outcomes.set(c.id, outcome);
    statuses.set(c.id, outcome.pass ? "pass" : "fail");
  }
  return { overall, byTag, statuses, outcomes };
}

/**
 * Confidence bands, highest first, as [lowest confidence in the band, label]. Chosen around the
 * values the parser gives: 1 and 0.95 for a reading with nothing against it, ×0.8 or ×0.65 for a
 * name reached through a typo, lower for ties and incomplete readings.
 */
export const CONFIDENCE_BANDS: readonly (readonly [number, string])[] = [
  [0.95, "≥ 0.95"],
  [0.85, "0.85–0.95"],
  [0.7, "0.70–0.85"],
  [0.5, "0.50–0.70"],
  [0, "< 0.50"],
];

/** Per confidence band: how many cases fell in it and how many of them are right (units right, nothing invented). */
export function accuracyByConfidence(outcomes: Iterable<CaseOutcome>): { band: string; cases: number; right: number }[] {
  const rows = CONFIDENCE_BANDS.map(([, band]) => ({ band, cases: 0, right: 0 }));
  for (const o of outcomes) {
    const k = CONFIDENCE_BANDS.findIndex(([low]) => o.confidence >= low);
    const row = rows[k === -1 ? rows.length - 1 : k];
    row.cases++;
    if (o.right) row.right++;
  }
  return rows;
}
