/**
 * A record's content change and the time of a write, as both backends apply them inside their
 * write transactions: the patch and the lifecycle rule it obeys are the store's, not a backend's.
 */
import { ValidationError, TransitionError } from "../domain/errors.js";
import { EDITABLE_STATUSES } from "../domain/lifecycle.js";
import { type AddressData, type Changes, CONTENT_FIELDS, diffFields, type Issue } from "../domain/record.js";
import { recordIssues } from "../rules/evaluate.js";
import { type Held, versionedView } from "./record-rows.js";
import type { WriteContext } from "./store.js";

/** A content patch: a partial AddressData (already normalised), the surveyor, and findings to store with it. */
export type ContentPatch = Partial<AddressData> & { surveyor?: string | null; issues?: Issue[] };

/**
 * Applies a content patch to a held record; returns the changes (empty when nothing differs).
 * A change to a `complete` record sends it back to `surveyed`: its check no longer holds. Throws
 * TransitionError when the record's status does not allow content changes.
 */
export function patchRecord(held: Held, patch: ContentPatch): { next: Held; changes: Changes } {
  const next: Held = { ...held, provenance: { ...held.provenance } };
  for (const field of CONTENT_FIELDS) if (patch[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = patch[field];
  if (patch.surveyor !== undefined) next.provenance.surveyor = patch.surveyor;
  const changes = diffFields(versionedView(held), versionedView(next), [...CONTENT_FIELDS, "surveyor"]);
  if (Object.keys(changes).length === 0) return { next: held, changes };
  if (!EDITABLE_STATUSES.has(held.status)) {
    throw new TransitionError(
      held.code,
      held.status,
      held.status,
      `content cannot change once "${held.status}": request a correction first`,
      `không sửa được nội dung khi đã "${held.status}": cần đề nghị sửa trước`,
    );
  }
  next.issues = patch.issues ?? recordIssues(next);
  if (held.status === "complete") {
    next.status = "surveyed";
    changes.status = ["complete", "surveyed"];
  }
  next.version = held.version + 1;
  return { next, changes };
}

/** Revision times never go backwards within a record, so as-of reads stay well defined. */
export function timeOf(context: WriteContext, after?: number): number {
  const at = context.at ? context.at.getTime() : Date.now();
  if (!Number.isFinite(at)) throw new ValidationError("at", context.at, "must be a valid date", "phải là ngày hợp lệ");
  return after !== undefined && at < after ? after : at;
}
