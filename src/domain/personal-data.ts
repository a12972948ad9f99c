/**
 * Personal data under Decree 13/2023/NĐ-CP. The citizen ID number (CCCD, 12 digits; old CMND,
 * 9 digits) is never stored: only HMAC-SHA256(key, normalised number), so that a service can answer
 * "does this citizen live here?" by hashing the number it is given, while a leaked database does
 * not reveal the numbers (an unkeyed hash of 12 digits is brute-forced in minutes).
 *
 * The key: env `DIACHISO_PII_KEY` (64 hex digits or base64 of ≥ 32 bytes) wins, so production keeps
 * it in a secret manager and never beside the data; otherwise a random 32-byte key file
 * `<db>.pii-key` is created beside the database on first use (mode 0600), which keeps a laptop or
 * test install working. Losing the key makes the stored hashes unverifiable (not wrong), so back
 * it up apart from the database. Hashes carry a version prefix (`h1:`) to allow a change of scheme.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { ValidationError } from "./errors.js";
import type { Owner } from "./record.js";

export const PII_KEY_ENV = "DIACHISO_PII_KEY";
const HASH_PREFIX = "h1:";
/** Characters of every stored citizen-ID hash: the prefix and the 43 of base64url(32 bytes). */
export const CITIZEN_ID_HASH_LENGTH = HASH_PREFIX.length + 43;

/**
 * The ID as written without the spaces, dots and hyphens people put between digit groups
 * (`id.replace(/[\s.-]/g, "")`); the same string, without the regex, when there are none.
 */
export function citizenIdDigits(id: string): string {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    // Digits, the usual content, first; anything else may be a separator: leave it to the regex.
    if (c < 48 || c > 57) return id.replace(/[\s.-]/g, "");
  }
  return id;
}

/**
 * A Vietnamese phone number a spreadsheet stored as a number, its leading 0 dropped: 9 digits opening
 * like a mobile number (3, 5, 7, 8, 9) or 10 opening like a landline (2), with the 0 back. Null for
 * anything else (a number written with its 0, or +84, is not touched).
 */
export function phoneWithLeadingZero(digits: string): string | null {
  return /^[35789]\d{8}$/.test(digits) || /^2\d{9}$/.test(digits) ? `0${digits}` : null;
}

/** `/^(\d{12}|\d{9})$/.test(text)`: the digits of a CCCD (12) or an old CMND (9). */
export function isCitizenIdDigits(text: string): boolean {
  if (text.length !== 12 && text.length !== 9) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Digits only; 12 (CCCD) or 9 (CMND). Throws ValidationError naming the field otherwise. */
export function normaliseCitizenId(id: string, field = "owner.citizenId"): string {
  const digits = citizenIdDigits(String(id));
  if (!isCitizenIdDigits(digits)) {
    throw new ValidationError(field, "(hidden)", "a citizen ID has 12 digits (CCCD) or 9 (CMND)", "số CCCD có 12 chữ số (CMND 9 chữ số)");
  }
  return digits;
}

/** The stored form: `h1:` + base64url(HMAC-SHA256(key, digits)). */
export function hashCitizenId(id: string, key: Buffer): string {
  if (key.length < 32) throw new Error(`personal-data key must be at least 32 bytes, got ${key.length}`);
  return HASH_PREFIX + hmacSha256Base64url(key, normaliseCitizenId(id));
}

/**
 * The keyed hash of an ID as written, valid or not, for places that must name an ID without
 * showing it (an import's rejects file): for a valid ID its stored form (hashCitizenId), so that
 * the two can be matched; otherwise the same scheme over the text without separators.
 */
export function hashCitizenIdAsWritten(id: string, key: Buffer): string {
  const digits = citizenIdDigits(id);
  if (isCitizenIdDigits(digits)) return hashCitizenId(digits, key);
  if (key.length < 32) throw new Error(`personal-data key must be at least 32 bytes, got ${key.length}`);
  return HASH_PREFIX + hmacSha256Base64url(key, digits);
}

/** base64url(HMAC-SHA256(key, text)) without padding (43 characters). */
function hmacSha256Base64url(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

/** "Does this citizen live here?": compares in constant time; false when the owner has no hash. */
export function citizenIdMatches(owner: Owner | null, id: string, key: Buffer): boolean {
  if (!owner?.citizenIdHash) return false;
  const a = Buffer.from(hashCitizenId(id, key));
  const b = Buffer.from(owner.citizenIdHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64,}$/i.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length < 32) throw new Error(`personal-data key from ${where} must be 64 hex digits or base64 of ≥ 32 bytes`);
  return key;
}

/**
 * The key for `dbPath`: from the environment, else from `<dbPath>.pii-key`, created on first use.
 * An in-memory database (":memory:") without the env variable gets a throw-away key.
 */
export function loadPiiKey(dbPath: string, env: NodeJS.ProcessEnv = process.env): { key: Buffer; source: "env" | "file" | "ephemeral" } {
  const fromEnv = env[PII_KEY_ENV];
  if (fromEnv) return { key: parseKey(fromEnv, `$${PII_KEY_ENV}`), source: "env" };
  if (dbPath === ":memory:" || dbPath === "") return { key: randomBytes(32), source: "ephemeral" };
  const file = `${dbPath}.pii-key`;
  if (!existsSync(file)) {
    // Written whole to a file of its own, then linked into place: two processes starting at once
    // must not both write a key, and the loser must never read the winner's half written (a
    // "wx" create is visible, empty, before its write lands). link() fails if the key is there.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(draft, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  return { key: parseKey(readFileSync(file, "utf8"), file), source: "file" };
}

/** Owner input as a person gives it (with the plain ID number) → the stored Owner (hash only). */
export function ownerFromInput(input: { name?: string; phone?: string; email?: string; citizenId?: string }, key: Buffer): Owner {
  const owner: Owner = {};
  if (input.name) owner.name = input.name;
  if (input.phone) owner.phone = input.phone;
  if (input.email) owner.email = input.email;
  if (input.citizenId) owner.citizenIdHash = hashCitizenId(input.citizenId, key);
  return owner;
}
