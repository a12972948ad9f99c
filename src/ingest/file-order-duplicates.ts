/**
 * The rule "same number as an earlier record in the same street and commune" (duplicate.number),
 * applied on the import's writer in file order. Several workers parse one file, each a share of
 * its chunks, so none of them sees every earlier row: each sends the hash of every row's key
 * (DuplicateIndex.keyHash, 0 without a number) and evaluates the other rules; here the hashes are
 * recorded chunk after chunk, and a row whose key was recorded before gets the finding, in its rule
 * order, with the counts that go with it (blocking findings, the chunk's failed-rule sets and
 * warnings). The result is what one worker checking duplicates itself would give.
 */
import type { Issue } from "../domain/record.js";
import type { RuleEngine } from "../rules/evaluate.js";
import { storedIssues } from "../rules/evaluate.js";
import { replaceIssues, T, textOf } from "../store/encoded-rows.js";
import { DuplicateIndex } from "./dedupe.js";
import type { ChunkMessage } from "./messages.js";

const DUPLICATE_RULE = "duplicate.number";

/** A set of issues with the duplicate finding added, and what it counts as. */
interface Patched {
  text: string;
  blocking: number;
  /** Comma-joined ids of the error rules, as the worker writes `failedSets`. */
  failed: string;
}

/** Distinct sets of issues remembered with their patched form (a national file has a few thousand). */
const PATCH_CACHE_LIMIT = 10_000;

export class FileOrderDuplicates {
  private readonly index: DuplicateIndex;
  private readonly finding: Issue;
  private readonly warning: boolean;
  private readonly order: Map<string, number>;
  private readonly patched = new Map<string | null, Patched>();

  /** @param expectedRows sizes the hash table up front (it doubles past 75 % full). */
  constructor(expectedRows: number, rules: RuleEngine) {
    this.index = new DuplicateIndex(Math.max(1 << 16, Math.ceil(expectedRows / 0.75)));
    const finding = rules.findingOf(DUPLICATE_RULE);
    this.finding = storedIssues([finding])[0];
    this.warning = finding.severity === "warning";
    this.order = new Map(rules.rules.map((r, i) => [r.id, i]));
  }

  /** Records the chunk's keys in row order and adds the finding to the rows that repeat one. */
  apply(chunk: ChunkMessage): void {
    const rows = chunk.rows;
    const keys = chunk.duplicateKeys;
    let added: Map<string, number> | null = null;
    let failedIndex: Map<string, number> | null = null;
    for (let i = 0; i < rows.count; i++) {
      if (!this.index.addHash(keys[i])) continue;
      const before = textOf(rows, i, T.issues);
      const after = this.patch(before);
      added ??= new Map();
      replaceIssues(rows, i, after.text, after.blocking, added);
      if (this.warning) {
        chunk.warnings[DUPLICATE_RULE] = (chunk.warnings[DUPLICATE_RULE] ?? 0) + 1;
        continue;
      }
      failedIndex ??= new Map(chunk.failedSets.map((set, k) => [set, k]));
      let k = failedIndex.get(after.failed);
      if (k === undefined) {
        k = chunk.failedSets.push(after.failed) - 1;
        failedIndex.set(after.failed, k);
      }
      chunk.failed[i] = k;
    }
  }

  private patch(before: string | null): Patched {
    let after = this.patched.get(before);
    if (after !== undefined) return after;
    const issues = before === null ? [] : (JSON.parse(before) as Issue[]);
    // In rule order, as RuleEngine.evaluate lists findings.
    const rank = this.order.get(DUPLICATE_RULE)!;
    let at = 0;
    while (at < issues.length && (this.order.get(issues[at].rule) ?? -1) < rank) at++;
    issues.splice(at, 0, this.finding);
    const errors = issues.filter((issue) => issue.severity !== "warning");
    after = { text: JSON.stringify(issues), blocking: errors.length, failed: errors.map((issue) => issue.rule).join(",") };
    if (this.patched.size >= PATCH_CACHE_LIMIT) this.patched.clear();
    this.patched.set(before, after);
    return after;
  }
}
