/**
 * The two rules that need every earlier row of a file, applied on the import's writer in file
 * order. Several workers parse one file, each a share of its chunks, so none of them sees every
 * earlier row: each sends per row the hash of its "same number" key (DuplicateIndex.keyHash, 0
 * without a number), the hash of its external id and the hash of its content; here they are
 * recorded chunk after chunk. The result is what one worker seeing the whole file would give,
 * whatever the number of workers.
 *
 * - **An external id repeated in the file** names one record twice. A repeat that makes the same
 *   record (the content the store compares: encoded-rows.ts contentHashes) is that record
 *   again: the store finds it unchanged, and it gets the duplicate-number finding only if the
 *   first row got it. A repeat that differs is refused (`repeated_external_id`),
 *   naming the first row's line: which of the two is right is for a person to say, and storing
 *   the later one would silently overwrite the earlier.
 * - **The same number as an earlier record in the same street and commune** (duplicate.number):
 *   a row whose key was recorded before gets the finding, in its rule order, with the counts that
 *   go with it (blocking findings, the chunk's failed-rule sets and warnings). The repeat of an
 *   external id is not a duplicate of its own first row.
 */
import type { Issue } from "../domain/record.js";
import type { RuleEngine } from "../rules/evaluate.js";
import { storedIssues } from "../rules/evaluate.js";
import { TEXT_COLUMN } from "../store/bulk-load.js";
import { EncodedRowsReader, removeRows, replaceIssues } from "./encoded-rows.js";
import { DuplicateIndex } from "./dedupe.js";
import { FirstRows } from "./first-rows.js";
import type { Reject, WriterChunk } from "./messages.js";

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
  private readonly firstRows: FirstRows;
  private readonly finding: Issue;
  private readonly warning: boolean;
  private readonly order: Map<string, number>;
  private readonly patched = new Map<string | null, Patched>();

  /** @param expectedRows sizes the hash tables up front (they double past 75 % full). */
  constructor(expectedRows: number, rules: RuleEngine) {
    this.index = new DuplicateIndex(Math.max(1 << 16, Math.ceil(expectedRows / 0.75)));
    this.firstRows = new FirstRows(expectedRows);
    const finding = rules.findingOf(DUPLICATE_RULE);
    this.finding = storedIssues([finding])[0];
    this.warning = finding.severity === "warning";
    this.order = new Map(rules.rules.map((r, i) => [r.id, i]));
  }

  /**
   * Applies both rules to the chunk's rows in order: adds the duplicate finding where it is due,
   * and takes the changed repeats of an external id out of the chunk. Returns their rejects.
   */
  apply(chunk: WriterChunk): Reject[] {
    const rows = chunk.rows;
    const reader = new EncodedRowsReader(rows);
    let added: Map<string, number> | null = null;
    let failedIndex: Map<string, number> | null = null;
    let refused: Uint8Array | null = null;
    const rejects: Reject[] = [];
    for (let i = 0; i < rows.count; i++) {
      const idHash = chunk.idHashes[i];
      const slot = this.firstRows.slotOf(idHash);
      let duplicate: boolean;
      if (!this.firstRows.isTaken(slot)) {
        duplicate = this.index.addHash(chunk.duplicateKeys[i]);
        this.firstRows.add(slot, idHash, chunk.lines[i], chunk.contentHashes[i], duplicate);
      } else if (this.firstRows.contentAt(slot) === chunk.contentHashes[i]) {
        duplicate = this.firstRows.duplicateAt(slot);
      } else {
        refused ??= new Uint8Array(rows.count);
        refused[i] = 1;
        const externalId = reader.text(i, TEXT_COLUMN.externalId) ?? "";
        const first = this.firstRows.lineAt(slot);
        rejects.push({
          line: chunk.lines[i],
          reason: "repeated_external_id",
          message: `external_id "${externalId}" is already on line ${first} with different content: this row is not stored over it (external_id đã có ở dòng ${first} với nội dung khác)`,
          fields: { external_id: externalId },
        });
        continue;
      }
      if (!duplicate) continue;
      const before = reader.text(i, TEXT_COLUMN.issues);
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
    if (refused) this.remove(chunk, refused);
    return rejects;
  }

  /** Takes refused rows out of the chunk: its rows, their per-row arrays and their warnings. */
  private remove(chunk: WriterChunk, refused: Uint8Array): void {
    const reader = new EncodedRowsReader(chunk.rows);
    for (let i = 0; i < chunk.rows.count; i++) {
      if (!refused[i]) continue;
      const issues = reader.text(i, TEXT_COLUMN.issues);
      for (const issue of issues === null ? [] : (JSON.parse(issues) as Issue[]))
        if (issue.severity === "warning") chunk.warnings[issue.rule]--;
    }
    const count = chunk.rows.count;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      if (refused[i]) continue;
      chunk.lines[kept] = chunk.lines[i];
      chunk.duplicateKeys[kept] = chunk.duplicateKeys[i];
      chunk.idHashes[kept] = chunk.idHashes[i];
      chunk.contentHashes[kept] = chunk.contentHashes[i];
      chunk.failed[kept] = chunk.failed[i];
      kept++;
    }
    removeRows(chunk.rows, refused);
    chunk.lines = chunk.lines.subarray(0, kept);
    chunk.duplicateKeys = chunk.duplicateKeys.subarray(0, kept);
    chunk.idHashes = chunk.idHashes.subarray(0, kept);
    chunk.contentHashes = chunk.contentHashes.subarray(0, kept);
    chunk.failed = chunk.failed.subarray(0, kept);
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
    after = {
      text: JSON.stringify(issues),
      blocking: errors.length,
      failed: errors.map((issue) => issue.rule).join(","),
    };
    if (this.patched.size >= PATCH_CACHE_LIMIT) this.patched.clear();
    this.patched.set(before, after);
    return after;
  }
}
