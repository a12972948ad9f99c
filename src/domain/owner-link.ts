/**
 * The owner's link and phone code: what a notification carries so that the owner of an address,
 * and only they, can open their record, confirm it or ask for a correction (issue 17).
 *
 * - The link's token is signed (HMAC-SHA256), names the record and the version the owner was
 *   shown, expires, and carries a random nonce. Nothing secret is in it, and nothing about it is
 *   stored when it is made: a notification can be prepared millions of times a day without a write
 *   per token. Using it once is the store's business (it records the nonce as spent), so reuse is
 *   refused even by another server.
 * - The phone code lets an owner without internet confirm by calling the commune: eight digits
 *   derived from the record and version, so the officer can check what the owner reads out without
 *   any lookup, and a code read for an older version no longer matches.
 *
 * Both are keyed by a key derived (HKDF) from the store's personal-data key, so an installation has
 * one secret to keep, and a token signed by one store's key is refused by another's.
 */
import { createHmac, hkdfSync, randomFillSync, timingSafeEqual } from "node:crypto";

const TOKEN_VERSION = "o1";
/** Default life of a link: long enough for a letter handed out by the commune officer. */
export const OWNER_LINK_DEFAULT_TTL_DAYS = 30;

/** What a token says. */
export interface OwnerLinkClaims {
  code: string;
  /** The record's version the owner was notified of: a later change makes the link stale. */
  version: number;
  expiresAt: Date;
  /** Random, base64url; the store records it as spent on first use. */
  nonce: string;
}

export type OwnerTokenReading =
  | { ok: true; claims: OwnerLinkClaims }
  | { ok: false; reason: "malformed" | "tampered" | "expired" };

/** The key owner links and phone codes are signed with, derived from the personal-data key. */
export function ownerLinkKey(personalDataKey: Buffer): Buffer {
  if (personalDataKey.length < 32) throw new Error(`personal-data key must be at least 32 bytes, got ${personalDataKey.length}`);
  return Buffer.from(hkdfSync("sha256", personalDataKey, Buffer.alloc(0), "diachiso/owner-link/v1", 32));
}

const NONCE_BYTES = 12;
/**
 * Random bytes for the next nonces, drawn from the CSPRNG a few hundred nonces at a time: one
 * draw per nonce cost as much as the token's signature. Each byte goes into one nonce only, and a
 * nonce is public once sent, so nothing here is secret. Safe beside concurrent callers: a nonce is
 * cut out synchronously, and each thread has its own pool.
 */
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nextNonceAt = noncePool.length;

/** A fresh nonce: 12 random bytes, base64url (16 characters). */
export function newOwnerLinkNonce(): string {
  if (nextNonceAt === noncePool.length) {
    randomFillSync(noncePool);
    nextNonceAt = 0;
  }
  const nonce = noncePool.toString("base64url", nextNonceAt, nextNonceAt + NONCE_BYTES);
  nextNonceAt += NONCE_BYTES;
  return nonce;
}

/** `o1.<code>.<version>.<expiry, unix seconds>.<nonce>.<signature>`; URL-safe as it stands. */
export function signOwnerToken(key: Buffer, claims: OwnerLinkClaims): string {
  if (!/^[0-9A-Za-z-]+$/.test(claims.code)) throw new Error(`owner link: code "${claims.code}" is not in the stored form`);
  if (!/^[0-9A-Za-z_-]{8,}$/.test(claims.nonce)) throw new Error("owner link: the nonce must be base64url, ≥ 8 characters");
  const payload = [TOKEN_VERSION, claims.code, claims.version, Math.floor(claims.expiresAt.getTime() / 1000), claims.nonce].join(".");
  return `${payload}.${mac(key, payload)}`;
}

/** Checks signature and expiry; says which check failed. Spent nonces are the store's to check. */
export function readOwnerToken(key: Buffer, token: string, now: Date = new Date()): OwnerTokenReading {
  const parts = token.split(".");
  if (parts.length !== 6 || parts[0] !== TOKEN_VERSION) return { ok: false, reason: "malformed" };
  const [, code, versionText, expiryText, nonce, signature] = parts;
  if (!/^[1-9]\d{0,9}$/.test(versionText) || !/^\d{1,12}$/.test(expiryText) || code === "" || nonce === "") {
    return { ok: false, reason: "malformed" };
  }
  const expected = Buffer.from(mac(key, parts.slice(0, 5).join(".")));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "tampered" };
  const expiresAt = new Date(Number(expiryText) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: { code, version: Number(versionText), expiresAt, nonce } };
}

/** Eight digits the owner reads out on the phone: tied to the record's code and version. */
export function ownerPhoneCode(key: Buffer, code: string, version: number): string {
  const digest = createHmac("sha256", key).update(`phone|${code}|${version}`).digest();
  return String(digest.readUInt32BE(0) % 100_000_000).padStart(8, "0");
}

/** Constant-time comparison of what the owner read out (spaces and dashes ignored) with the code. */
export function ownerPhoneCodeMatches(key: Buffer, code: string, version: number, readOut: string): boolean {
  const given = Buffer.from(readOut.replace(/[\s-]/g, ""));
  const expected = Buffer.from(ownerPhoneCode(key, code, version));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function mac(key: Buffer, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}
