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
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { ValidationError } from "./errors.js";
import type { Owner } from "./record.js";

export const PII_KEY_ENV = "DIACHISO_PII_KEY";
const HASH_PREFIX = "h1:";

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

/**
 * base64url(HMAC-SHA256(key, text)), as `createHmac("sha256", key).update(text).digest("base64url")`
 * gives it. For a short ASCII text (a citizen ID: up to 55 characters, one SHA-256 block) it is
 * computed here in two SHA-256 block compressions from the key's precomputed pad states (RFC 2104,
 * FIPS 180-4): ~0.8 µs instead of ~1.9 µs for a native HMAC object, most of which is set-up that
 * a bulk import would pay per row. Anything else goes to node:crypto. personal-data.test.ts checks
 * the two agree for many keys and texts.
 */
export function hmacSha256Base64url(key: Buffer, text: string): string {
  if (text.length > 55 || !isAscii(text)) return createHmac("sha256", key).update(text).digest("base64url");
  const pads = padsOf(key);
  // Inner hash: the key's inner pad state, then the text with SHA-256 padding (64 pad bytes before it).
  const state = SCRATCH_STATE;
  const block = SCRATCH_BLOCK;
  state.set(pads.inner);
  block.fill(0);
  for (let i = 0; i < text.length; i++) block[i >> 2] |= text.charCodeAt(i) << (24 - 8 * (i & 3));
  block[text.length >> 2] |= 0x80 << (24 - 8 * (text.length & 3));
  block[15] = (64 + text.length) * 8;
  sha256Block(state, block);
  // Outer hash: the outer pad state, then the 32-byte inner digest with its padding.
  for (let i = 0; i < 8; i++) block[i] = state[i];
  block[8] = 0x80000000;
  block.fill(0, 9, 15);
  block[15] = (64 + 32) * 8;
  state.set(pads.outer);
  sha256Block(state, block);
  return base64url(state);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

interface HmacPads {
  /** A copy of the key, to notice a Buffer whose bytes were changed after first use. */
  key: Buffer;
  /** SHA-256 state after the block key ⊕ 0x36… and after key ⊕ 0x5c… */
  inner: Int32Array;
  outer: Int32Array;
}

const padsByKey = new WeakMap<Buffer, HmacPads>();

function padsOf(key: Buffer): HmacPads {
  let pads = padsByKey.get(key);
  if (!pads || !sameBytes(pads.key, key)) {
    // A key longer than the block is hashed first (RFC 2104).
    const k = key.length > 64 ? createHash("sha256").update(key).digest() : key;
    pads = { key: Buffer.from(key), inner: padState(k, 0x36), outer: padState(k, 0x5c) };
    padsByKey.set(key, pads);
  }
  return pads;
}

/** a.equals(b) without the native call, which costs more than comparing 32 bytes here. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function padState(key: Uint8Array, pad: number): Int32Array {
  const bytes = new Uint8Array(64).fill(pad);
  for (let i = 0; i < key.length; i++) bytes[i] ^= key[i];
  const block = new Int32Array(16);
  for (let i = 0; i < 16; i++)
    block[i] = (bytes[4 * i] << 24) | (bytes[4 * i + 1] << 16) | (bytes[4 * i + 2] << 8) | bytes[4 * i + 3];
  const state = Int32Array.from(SHA256_IV);
  sha256Block(state, block);
  return state;
}

const SCRATCH_STATE = new Int32Array(8);
const SCRATCH_BLOCK = new Int32Array(16);
const SCHEDULE = new Int32Array(64);
const SHA256_IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
// biome-ignore format: the FIPS 180-4 round constants, eight to a line
const SHA256_K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** One SHA-256 block compression (FIPS 180-4 §6.2.2): `state` (8 words) absorbs `block` (16 words). */
function sha256Block(state: Int32Array, block: Int32Array): void {
  const w = SCHEDULE;
  for (let i = 0; i < 16; i++) w[i] = block[i];
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

const DIGEST = Buffer.alloc(32);

/** The 8 state words as big-endian bytes, in base64url without padding (43 characters). */
function base64url(state: Int32Array): string {
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    DIGEST[4 * i] = v >>> 24;
    DIGEST[4 * i + 1] = v >>> 16;
    DIGEST[4 * i + 2] = v >>> 8;
    DIGEST[4 * i + 3] = v;
  }
  return DIGEST.toString("base64url");
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
    try {
      // "wx": two processes starting at once must not both write a key; the loser reads the winner's.
      writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
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
