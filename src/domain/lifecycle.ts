/**
 * The life of an address record, as a table of allowed transitions (see docs/store.md):
 *
 *   surveyed → complete → notified → confirmed → official
 *
 * plus `rejected` (the survey was wrong: not an address), `correction-requested` (the owner or an
 * official asked for a change; the record goes back to `surveyed` once a surveyor applies it) and
 * `retired` (demolished or merged, optionally with a successor code; terminal). Every transition
 * is recorded as a revision with who, when and why.
 */
import { TransitionError } from "./errors.js";

export const STATUSES = [
  "surveyed",
  "complete",
  "notified",
  "confirmed",
  "official",
  "rejected",
  "correction-requested",
  "retired",
] as const;
export type Status = (typeof STATUSES)[number];

/** Allowed next statuses of each status. */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  surveyed: ["complete", "rejected", "retired"],
  complete: ["notified", "surveyed", "rejected", "retired"],
  notified: ["confirmed", "correction-requested", "rejected", "retired"],
  confirmed: ["official", "correction-requested", "retired"],
  official: ["correction-requested", "retired"],
  "correction-requested": ["surveyed", "rejected", "retired"],
  rejected: ["surveyed"],
  retired: [],
};

/**
 * Statuses in which the address content may be edited (by a person or a re-import). Once the owner
 * has been notified the content is what they saw: a change goes through `correction-requested`.
 */
export const EDITABLE_STATUSES: ReadonlySet<Status> = new Set<Status>(["surveyed", "complete", "correction-requested", "rejected"]);

/** Small integers for the store's status column (compact rows and indexes). Never renumber. */
export const STATUS_NUMBER: Readonly<Record<Status, number>> = {
  surveyed: 1,
  complete: 2,
  notified: 3,
  confirmed: 4,
  official: 5,
  rejected: 6,
  "correction-requested": 7,
  retired: 8,
};
const STATUS_BY_NUMBER: Status[] = [];
for (const status of STATUSES) STATUS_BY_NUMBER[STATUS_NUMBER[status]] = status;

export function statusOfNumber(n: number): Status {
  const status = STATUS_BY_NUMBER[n];
  if (!status) throw new Error(`unknown status number ${n} in the store`);
  return status;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === "string" && (STATUSES as readonly string[]).includes(value);
}

/** What a transition needs beyond the target status. */
export interface TransitionRequest {
  to: Status;
  /** Why: mandatory for every transition, kept in the revision. */
  reason: string;
  /** For `correction-requested`: the change asked for (free JSON: field → requested value, or text). */
  correction?: unknown;
  /** For `retired`: the code of the record that replaces this one (merged), if any. */
  successor?: string | null;
}

/** The state a transition checks: status plus the facts some transitions depend on. */
export interface TransitionSubject {
  code: string;
  status: Status;
  /** Blocking completeness findings (warnings excluded, see `blockingIssues`); `complete` requires none. */
  issueCount: number;
}

/**
 * Checks a transition and throws TransitionError naming the record, both statuses and the rule.
 * It does not change anything: the store applies the change and writes the revision.
 */
export function checkTransition(subject: TransitionSubject, request: TransitionRequest): void {
  const { code, status: from } = subject;
  const { to } = request;
  if (!isStatus(to)) {
    throw new TransitionError(code, from, String(to), `unknown status; one of ${STATUSES.join(", ")}`, `trạng thái không hợp lệ`);
  }
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from];
    throw new TransitionError(
      code,
      from,
      to,
      allowed.length ? `allowed from "${from}": ${allowed.join(", ")}` : `"${from}" is final`,
      allowed.length ? `từ "${from}" chỉ được sang: ${allowed.join(", ")}` : `"${from}" là trạng thái cuối`,
    );
  }
  if (typeof request.reason !== "string" || request.reason.trim() === "") {
    throw new TransitionError(code, from, to, "a reason is required", "cần ghi lý do");
  }
  if (to === "complete" && subject.issueCount > 0) {
    throw new TransitionError(
      code,
      from,
      to,
      `${subject.issueCount} completeness finding(s) remain`,
      `còn ${subject.issueCount} lỗi về tính đầy đủ`,
    );
  }
  if (to === "correction-requested" && (request.correction === undefined || request.correction === null)) {
    throw new TransitionError(code, from, to, "the requested change (correction) is required", "cần nêu nội dung đề nghị sửa");
  }
  if (to !== "retired" && request.successor) {
    throw new TransitionError(code, from, to, "only a retirement names a successor", "chỉ khi xóa bỏ mới có mã kế thừa");
  }
  if (request.successor === code) {
    throw new TransitionError(code, from, to, "a record cannot succeed itself", "mã kế thừa trùng chính nó");
  }
}
