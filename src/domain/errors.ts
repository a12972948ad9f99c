/**
 * The errors of the address-record capability. Each carries a stable machine-readable `reason`
 * (CLI JSON and HTTP answers use it) and a message that names the value and the record, in English
 * then Vietnamese, because the reader may be a surveyor, an owner or a developer.
 */
export type AddressErrorReason = "invalid" | "not-found" | "conflict" | "transition" | "duplicate" | "busy" | "unavailable";

export class AddressError extends Error {
  readonly reason: AddressErrorReason;
  constructor(reason: AddressErrorReason, english: string, vietnamese: string) {
    super(`${english} (${vietnamese})`);
    this.name = "AddressError";
    this.reason = reason;
  }
}

/** A field value that breaks the model's rules; `field` is a dotted path such as `parts.houseNumber`. */
export class ValidationError extends AddressError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    english: string,
    vietnamese: string,
  ) {
    super("invalid", `${field}: ${english}, got ${JSON.stringify(value)}`, `${field}: ${vietnamese}, nhận ${JSON.stringify(value)}`);
    this.name = "ValidationError";
  }
}

export class NotFoundError extends AddressError {
  constructor(readonly code: string) {
    super("not-found", `no address record with code "${code}"`, `không có địa chỉ mã "${code}"`);
    this.name = "NotFoundError";
  }
}

/** An update carried a version that is no longer current: someone else changed the record first. */
export class ConflictError extends AddressError {
  constructor(
    readonly code: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      "conflict",
      `record ${code} is at version ${actualVersion}, the update was based on version ${expectedVersion}: re-read and retry`,
      `địa chỉ ${code} đang ở phiên bản ${actualVersion}, thay đổi dựa trên phiên bản ${expectedVersion}: đọc lại rồi thử lại`,
    );
    this.name = "ConflictError";
  }
}

/** A code or (batch, external id) that is already taken. */
export class DuplicateError extends AddressError {
  constructor(english: string, vietnamese: string) {
    super("duplicate", english, vietnamese);
    this.name = "DuplicateError";
  }
}

export class TransitionError extends AddressError {
  constructor(
    readonly code: string,
    readonly from: string,
    readonly to: string,
    why: string,
    whyVi: string,
  ) {
    super(
      "transition",
      `record ${code}: cannot go from "${from}" to "${to}": ${why}`,
      `địa chỉ ${code}: không thể chuyển từ "${from}" sang "${to}": ${whyVi}`,
    );
    this.name = "TransitionError";
  }
}

/** An owner link's nonce already spent: the link was used once and is used up. */
export class SpentNonceError extends DuplicateError {
  constructor(readonly nonce: string) {
    super(`the owner link with nonce ${nonce} has already been used`, `đường liên kết (mã ${nonce}) đã được dùng`);
    this.name = "SpentNonceError";
  }
}

/** The store cannot take this write now (a bulk load holds it); retry later. */
export class StoreBusyError extends AddressError {
  constructor(english: string, vietnamese: string) {
    super("busy", english, vietnamese);
    this.name = "StoreBusyError";
  }
}

/** The store's database server cannot be reached now (down, restarting, or the network); retry later. */
export class StoreUnavailableError extends AddressError {
  constructor(english: string, vietnamese: string) {
    super("unavailable", english, vietnamese);
    this.name = "StoreUnavailableError";
  }
}
