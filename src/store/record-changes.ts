/**
 * A record's content change, its personal data's erasure and the time of a write, as both backends
 * apply them inside their write transactions: these rules are the store's, not a backend's.
 */
import { ValidationError, TransitionError } from "../domain/errors.js";
import { EDITABLE_STATUSES } from "../domain/lifecycle.js";
import { type AddressData, type AddressRecord, type Changes, CONTENT_FIELDS, diffFields, type Issue } from "../domain/record.js";
import { recordIssues } from "../rules/evaluate.js";
import { type Held, versionedView } from "./record-rows.js";
import type { ImportOutcome, ImportRow, WriteContext } from "./store.js";

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

/** When the record's personal data was erased, as stored (ms), or null. */
export function erasedAtOf(record: AddressRecord): number | null {
  return record.personalDataErasedAt === null ? null : Date.parse(record.personalDataErasedAt);
}

/**
 * Whether a requested correction carries personal data: the owner's data (`{"owner": …}`), or the
 * owner's own words of a proposal sent through their link (`{"proposal": id, "text": …}`, which may
 * name them).
 */
function correctionIsPersonal(correction: unknown): boolean {
  if (correction === null || typeof correction !== "object") return false;
  const c = correction as { owner?: unknown; proposal?: unknown; text?: unknown };
  return (c.owner ?? null) !== null || ("proposal" in c && (c.text ?? null) !== null);
}

/** The correction without its personal data (see correctionIsPersonal); others are left as they are. */
function impersonalCorrection(correction: unknown): unknown {
  if (!correctionIsPersonal(correction)) return correction;
  const c = { ...(correction as Record<string, unknown>) };
  if ("owner" in c) c.owner = null;
  if ("proposal" in c) c.text = null;
  return c;
}

/**
 * A revision's changes with the owner's data taken out (Decree 13/2023 erasure): the owner's values
 * and a requested correction's personal data. Null when the changes held none.
 */
export function redactedChanges(changes: Changes): Changes | null {
  let touched = false;
  if (changes.owner && (changes.owner[0] !== null || changes.owner[1] !== null)) {
    changes.owner = [null, null];
    touched = true;
  }
  // A requested correction may carry the owner's data or words too.
  for (const i of [0, 1] as const) {
    const pair = changes.correction;
    if (pair && correctionIsPersonal(pair[i])) {
      pair[i] = impersonalCorrection(pair[i]);
      touched = true;
    }
  }
  return touched ? changes : null;
}

/**
 * The record once its personal data is erased, or null when there is nothing to erase: erased
 * before and nothing personal since (a retry, a second click must not add a revision that claims an
 * erasure that did not happen). `redacted`: revisions just redacted; `elsewhere`: personal data of
 * this record was just removed from another table in the same transaction (the owners' proposals).
 */
export function erasedRecord(held: Held, redacted: number, elsewhere: boolean): Held | null {
  const correctionHasOwner = correctionIsPersonal(held.correction);
  if (held.personalDataErasedAt !== null && held.owner === null && !correctionHasOwner && redacted === 0 && !elsewhere) return null;
  const next: Held = { ...held, owner: null, version: held.version + 1 };
  if (correctionHasOwner) next.correction = impersonalCorrection(next.correction);
  return next;
}

/**
 * A stored record met again in a survey file: its outcome when nothing is to be written (unchanged,
 * or locked past the survey's statuses), else the record as the row makes it and what changed.
 * Erased personal data stays erased: the source file still holds what the owner asked us to forget.
 */
export function reimported(
  held: Held,
  row: ImportRow,
): { outcome: ImportOutcome } | { next: Held; changes: Changes; changed: string[] } {
  const patch: ContentPatch = { ...row.data, surveyor: row.surveyor ?? null, issues: row.issues };
  if (held.personalDataErasedAt) patch.owner = held.owner;
  const unchanged: ImportOutcome = { externalId: row.externalId, outcome: "unchanged", code: held.code, version: held.version };
  let result: { next: Held; changes: Changes };
  try {
    result = patchRecord(held, patch);
  } catch (error) {
    if (!(error instanceof TransitionError)) throw error;
    return {
      outcome: {
        externalId: row.externalId,
        outcome: "locked",
        code: held.code,
        version: held.version,
        status: held.status,
        message: `record ${held.code} is "${held.status}": a survey change must go through a correction request`,
      },
    };
  }
  const changed = Object.keys(result.changes);
  return changed.length === 0 ? { outcome: unchanged } : { ...result, changed };
}
