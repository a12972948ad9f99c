/**
 * The one error type of the code capability. `reason` is a stable machine-readable word (it appears
 * in CLI JSON and in test_data/code-typos.csv); the message is in English then Vietnamese, because
 * the person reading it may be a courier, an owner or a developer.
 */
export type CodeErrorReason =
  | "empty"
  | "length"
  | "character"
  | "check"
  | "unit"
  | "unit-check"
  | "out-of-box"
  | "not-a-number"
  | "plus-code"
  | "short-plus-code";

export class CodeError extends Error {
  readonly reason: CodeErrorReason;
  /** 1-based symbol position of the fault, when there is one. */
  readonly position?: number;
  readonly axis?: "latitude" | "longitude";

  constructor(
    reason: CodeErrorReason,
    english: string,
    vietnamese: string,
    detail: { position?: number; axis?: "latitude" | "longitude" } = {},
  ) {
    super(`${english} (${vietnamese})`);
    this.name = "CodeError";
    this.reason = reason;
    if (detail.position !== undefined) this.position = detail.position;
    if (detail.axis !== undefined) this.axis = detail.axis;
  }
}
