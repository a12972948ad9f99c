import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createHmac, randomBytes } from "node:crypto";
import fc from "fast-check";
import {
  citizenIdMatches,
  hashCitizenId,
  hmacSha256Base64url,
  loadPiiKey,
  ownerFromInput,
} from "./personal-data.js";
import { normaliseAddressData } from "./record.js";

const key = Buffer.alloc(32, 7);

test("a citizen ID is kept only as a keyed, versioned hash that verifies the same number written any way", () => {
  const hash = hashCitizenId("001 090 012 345", key);
  assert.match(hash, /^h1:[A-Za-z0-9_-]{43}$/);
  assert.doesNotMatch(hash, /001090012345/);
  assert.equal(hashCitizenId("001-090-012345", key), hash);
  assert.notEqual(hashCitizenId("001090012345", Buffer.alloc(32, 8)), hash);
  const owner = ownerFromInput({ name: "A", citizenId: "001090012345" }, key);
  assert.equal(citizenIdMatches(owner, "001090012345", key), true);
  assert.equal(citizenIdMatches(owner, "001090012346", key), false);
  assert.equal(citizenIdMatches(null, "001090012345", key), false);
});

test("the built-in HMAC-SHA256 gives node:crypto's answer for any key and text", () => {
  const reference = (k: Buffer, text: string) => createHmac("sha256", k).update(text).digest("base64url");
  // Keys of every length around the block size (longer ones are hashed first), texts of every
  // length around the one-block limit (55), and non-ASCII texts (left to node:crypto).
  for (let keyLength = 32; keyLength <= 130; keyLength += 7) {
    const k = randomBytes(keyLength);
    for (let n = 0; n <= 70; n++) {
      const text = "0123456789".repeat(8).slice(0, n);
      assert.equal(hmacSha256Base64url(k, text), reference(k, text), `key ${keyLength} bytes, text ${n}`);
    }
    assert.equal(hmacSha256Base64url(k, "Nguyễn"), reference(k, "Nguyễn"));
  }
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 100 }),
      fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 20 })),
      (bytes, text) => {
        const k = Buffer.from(bytes);
        return hmacSha256Base64url(k, text) === reference(k, text);
      },
    ),
    { numRuns: 2000 },
  );
  // A key Buffer changed after use gives the new key's hashes, not the old one's.
  const k = Buffer.alloc(32, 1);
  const before = hmacSha256Base64url(k, "001090012345");
  k[0] = 2;
  assert.notEqual(hmacSha256Base64url(k, "001090012345"), before);
  assert.equal(hmacSha256Base64url(k, "001090012345"), reference(k, "001090012345"));
  // The stored form, for a known key and number.
  assert.equal(
    hashCitizenId("001090012345", key),
    `h1:${createHmac("sha256", key).update("001090012345").digest("base64url")}`,
  );
});

test("rejects an ID number of the wrong length without echoing it", () => {
  assert.throws(() => hashCitizenId("12345", key), (error: Error) => !error.message.includes("12345") && /12 digits/.test(error.message));
});

test("refuses a plain citizen ID in record input", () => {
  assert.throws(
    () => normaliseAddressData({ kind: "household", new: { province: "01", commune: "00004" }, location: { lat: 21, lon: 105.8 }, owner: { citizenId: "001090012345" } }),
    /never stored/,
  );
});

test("the key comes from DIACHISO_PII_KEY, else from a 0600 key file created beside the database once", () => {
  const dir = mkdtempSync(join(tmpdir(), "diachiso-pii-"));
  try {
    const db = join(dir, "a.db");
    const fromEnv = loadPiiKey(db, { DIACHISO_PII_KEY: "ab".repeat(32) });
    assert.equal(fromEnv.source, "env");
    assert.equal(fromEnv.key.toString("hex"), "ab".repeat(32));
    assert.equal(existsSync(`${db}.pii-key`), false);
    const first = loadPiiKey(db, {});
    assert.equal(first.source, "file");
    assert.equal(statSync(`${db}.pii-key`).mode & 0o777, 0o600);
    assert.deepEqual(loadPiiKey(db, {}).key, first.key);
    assert.match(readFileSync(`${db}.pii-key`, "utf8"), /^[0-9a-f]{64}\n$/);
    assert.throws(() => loadPiiKey(db, { DIACHISO_PII_KEY: "short" }), /64 hex digits/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
