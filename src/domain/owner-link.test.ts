import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  newOwnerLinkNonce,
  ownerLinkKey,
  ownerPhoneCode,
  ownerPhoneCodeMatches,
  readOwnerToken,
  signOwnerToken,
} from "./owner-link.js";

const key = ownerLinkKey(Buffer.alloc(32, 7));
const now = new Date("2026-12-04T00:00:00Z");
const later = new Date("2027-01-03T00:00:00Z");

test("a signed owner token reads back its claims until it expires", () => {
  const nonce = newOwnerLinkNonce();
  const token = signOwnerToken(key, { code: "6645GPPQK3", version: 4, expiresAt: later, nonce });
  assert.match(token, /^[0-9A-Za-z._-]+$/, "URL-safe as it stands");
  const reading = readOwnerToken(key, token, now);
  assert.deepEqual(reading, { ok: true, claims: { code: "6645GPPQK3", version: 4, expiresAt: later, nonce } });
  assert.deepEqual(readOwnerToken(key, token, later), { ok: false, reason: "expired" });
});

test("nonces drawn across many refills of their random bytes are all different, each 16 base64url characters", () => {
  const nonces = Array.from({ length: 2000 }, () => newOwnerLinkNonce());
  for (const nonce of nonces) assert.match(nonce, /^[0-9A-Za-z_-]{16}$/);
  assert.equal(new Set(nonces).size, nonces.length);
});

test("a token changed in any character, or signed by another store's key, is refused as tampered or malformed", () => {
  const token = signOwnerToken(key, { code: "6645GPPQK3", version: 4, expiresAt: later, nonce: newOwnerLinkNonce() });
  fc.assert(
    fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(..."0123456789abcXYZ-_."), (at, c) => {
      fc.pre(token[at] !== c);
      const changed = token.slice(0, at) + c + token.slice(at + 1);
      const reading = readOwnerToken(key, changed, now);
      assert.equal(reading.ok, false, changed);
    }),
  );
  const otherKey = ownerLinkKey(Buffer.alloc(32, 8));
  assert.deepEqual(readOwnerToken(otherKey, token, now), { ok: false, reason: "tampered" });
  for (const bad of ["", "o1", "o2.a.1.2.nonce12345.sig", `${token}.x`]) assert.deepEqual(readOwnerToken(key, bad, now), { ok: false, reason: "malformed" });
});

test("the phone code is eight digits tied to the record's code and version, read out with spaces", () => {
  const code = ownerPhoneCode(key, "6645GPPQK3", 4);
  assert.match(code, /^\d{8}$/);
  assert.equal(ownerPhoneCodeMatches(key, "6645GPPQK3", 4, `${code.slice(0, 4)} ${code.slice(4)}`), true);
  assert.equal(ownerPhoneCodeMatches(key, "6645GPPQK3", 5, code), false, "a newer version needs a newer code");
  assert.equal(ownerPhoneCodeMatches(key, "6645GPPQK4", 4, code), false);
  assert.equal(ownerPhoneCodeMatches(key, "6645GPPQK3", 4, code.slice(1)), false);
});
