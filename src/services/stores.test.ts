import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore } from "../store/open.js";
import { ServiceError } from "./errors.js";
import { SearchService } from "./search.js";
import { sharedStore, storeAt } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-stores-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a store file's personal-data key is created beside it on first use, the same for its path and its sqlite: URL", () => {
  const path = join(dir, "keyed.db");
  const stores = storeAt(path, { env: {} });
  assert.equal(stores.configuredKey(), null);
  assert.equal(existsSync(`${path}.pii-key`), false, "asking for the configured key creates nothing");
  const key = stores.personalDataKey();
  assert.equal(readFileSync(`${path}.pii-key`, "utf8").trim(), key.toString("hex"));
  assert.deepEqual(storeAt(`sqlite:${path}`, { env: {} }).personalDataKey(), key);
});

test("a configured key wins; a malformed one is refused; a store that is not a file needs one, its URL never printed", () => {
  const configured = randomBytes(32);
  const env = { DIACHISO_PII_KEY: configured.toString("hex") };
  assert.deepEqual(storeAt(join(dir, "env.db"), { env }).configuredKey(), configured);
  assert.throws(
    () => storeAt(join(dir, "bad.db"), { env: { DIACHISO_PII_KEY: "short" } }).configuredKey(),
    (e: unknown) => e instanceof ServiceError && e.kind === "refused" && /DIACHISO_PII_KEY/.test(e.message),
  );
  const remote = storeAt("postgres://diachiso:s3cret@db.example/addresses", { env: {} });
  assert.equal(remote.configuredKey(), null);
  assert.throws(
    () => remote.personalDataKey(),
    (e: unknown) => e instanceof ServiceError && e.kind === "refused" && !e.message.includes("s3cret"),
  );
  assert.deepEqual(storeAt("postgres://db.example/addresses", { env }).personalDataKey(), configured);
});

test("a shared store is lent to every call and never closed by them", async () => {
  const store = await openStore(join(dir, "shared.db"));
  const key = randomBytes(32);
  const stores = sharedStore(store, { location: "shared", personalDataKey: key });
  assert.equal(await stores.withStore({ use: "read" }, async (lent) => lent), store);
  assert.equal(
    await stores.withStore({ use: "write" }, (lent) => lent.lastSeq()),
    0,
    "still open after a call",
  );
  assert.deepEqual([stores.configuredKey(), stores.personalDataKey()], [key, key]);
  await store.close();
});

test("a search index lives beside a store file, and for a PostgreSQL store in the index folder, named after its server and database", () => {
  const search = new SearchService(undefined, { indexDir: "/var/cache/diachiso" });
  assert.equal(search.indexFile(join(dir, "a.db")), join(dir, "a.db.search"));
  assert.equal(
    search.indexFile("postgres://app:secret@db.internal:5433/addresses"),
    "/var/cache/diachiso/db.internal-5433-addresses.search",
  );
  assert.equal(new SearchService(undefined, { indexDir: "." }).indexFile("postgres://h/db"), "h-5432-db.search");
});
