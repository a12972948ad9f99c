import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import {
  citizenIdMatches,
  hashCitizenId,
  hashCitizenIdAsWritten,
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

test("keyed hashes are the ones existing stores hold, for keys shorter and longer than a block and any text", () => {
  // Computed by the hand-written SHA-256 the import used before node:crypto (ASCII texts up to 55
  // characters, as citizen IDs are) and by node:crypto for other texts: a store written then must
  // still verify.
  const keys: Record<string, Buffer> = {
    "32 bytes of 7": Buffer.alloc(32, 7),
    "64 hex digits ab…": Buffer.from("ab".repeat(32), "hex"),
    "100 bytes 0…99": Buffer.from(Array.from({ length: 100 }, (_, i) => i)),
  };
  const stored: Record<string, [string, string, string][]> = {
    "32 bytes of 7": [
      ["hash", "001090012345", "h1:yJHXVGYuX59yl4qtOfEr9RmSAgC6H-M8LIzcvb4MbsU"],
      ["hash", "079203001234", "h1:8h9lCMDJoJUA9ibF6vuCwkGyji4fNztKHcK_GIRuG0s"],
      ["hash", "123456789", "h1:akugBo_zm7iKfZez40HY8rB7XQPOmquTTjkIohTl4Ms"],
      ["as written", "12345", "h1:isu22W6nUVgfzgIqN4Hr7gL5PpHFiH1jQXc0KqWIrkQ"],
      ["as written", "0790-ABC", "h1:Tfk59mCnG2gT8PfF6ikKAoCUMmbRP99mr3FKS4-ZKOE"],
      ["as written", "Nguyễn Văn A", "h1:M-xedxWYCK9m7c6bhE_fbg8yS8RlitmcFsp_IAO3G8w"],
    ],
    "64 hex digits ab…": [
      ["hash", "001090012345", "h1:HNDDiu_BHdyJLaP9fLW4yWNab_6ETrOyJ1OPJ_rNvF4"],
      ["hash", "079203001234", "h1:d9Jieu2LMZvAhbKwpU6W3OGyxSDfjeO3aomc2HJ8pM4"],
      ["hash", "123456789", "h1:jAZwT6_kNEkh17_LhnrgEn6quTm74O6-Hv7l_33znLM"],
      ["as written", "12345", "h1:O9u9OpmSIPZEwZO54ayqrDv9szqiipOwenWZMK_e0OM"],
      ["as written", "0790-ABC", "h1:1lPe4-H5aRHZ6M335Pqa6jC20xB20KlqRH4t--hL2WI"],
      ["as written", "Nguyễn Văn A", "h1:ysaNRiBZK6djvR-w6HT0C14llXOwtHk_9A86X1WyEVk"],
    ],
    "100 bytes 0…99": [
      ["hash", "001090012345", "h1:xSEkWKXQxd1gFPM9VeY_v9rRvI_03LoPfF5lZy774m8"],
      ["hash", "079203001234", "h1:BkvCniOICPo_K79tC31fjAYZTP6PBxTnbHOSHcvo_Ks"],
      ["hash", "123456789", "h1:oXvSN-rUHNWWa46FpceyGkgSuM5CIq6RXsE3KMTlwrE"],
      ["as written", "12345", "h1:bq-GzFk_2xVD7RA-0t1EvAfE8hnzx5eyPP_4ZFpqQEA"],
      ["as written", "0790-ABC", "h1:VPZmcT_4WxlKqXt4eCYU757TpAEAfqUDd7V8R2SNXMw"],
      ["as written", "Nguyễn Văn A", "h1:EXkAec6wRlhT_XDsgibpnHcrBRoZjEPh1VUOWWyR_0g"],
    ],
  };
  for (const [name, key] of Object.entries(keys)) {
    for (const [how, id, hash] of stored[name]) {
      assert.equal(how === "hash" ? hashCitizenId(id, key) : hashCitizenIdAsWritten(id, key), hash, `${name}: ${how} ${id}`);
    }
    assert.equal(citizenIdMatches({ citizenIdHash: stored[name][0][2] }, "001 090 012 345", key), true);
  }
  // The scheme is HMAC-SHA256 over the digits, in base64url, for any key and text.
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 100 }), fc.string({ maxLength: 60 }), (bytes, text) => {
      const k = Buffer.from(bytes);
      return hashCitizenIdAsWritten(text, k) === `h1:${createHmac("sha256", k).update(text.replace(/[\s.-]/g, "")).digest("base64url")}`;
    }),
    { numRuns: 500 },
  );
  // A key Buffer changed after use gives the new key's hashes, not the old one's.
  const k = Buffer.alloc(32, 1);
  const before = hashCitizenId("001090012345", k);
  k[0] = 2;
  assert.notEqual(hashCitizenId("001090012345", k), before);
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

test("processes creating a store's key at the same moment all read one whole key, never a half-written file", async () => {
  const { spawn } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const module = fileURLToPath(new URL("./personal-data.js", import.meta.url));
  for (let round = 0; round < 5; round++) {
    const dir = mkdtempSync(join(tmpdir(), "diachiso-pii-race-"));
    try {
      const db = join(dir, "store.db");
      const script = `import(${JSON.stringify(module)}).then((m) => process.stdout.write(m.loadPiiKey(${JSON.stringify(db)}, {}).key.toString("hex")))`;
      const runs = Array.from({ length: 6 }, () =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          const child = spawn(process.execPath, ["-e", script]);
          let out = "";
          let err = "";
          child.stdout.on("data", (d) => (out += d));
          child.stderr.on("data", (d) => (err += d));
          child.on("close", (code) => resolve({ code, out, err }));
        }),
      );
      const results = await Promise.all(runs);
      for (const r of results) assert.equal(r.code, 0, r.err);
      assert.equal(new Set(results.map((r) => r.out)).size, 1);
      assert.equal(results[0].out, readFileSync(`${db}.pii-key`, "utf8").trim());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
