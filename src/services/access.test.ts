import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openStore } from "../store/open.js";
import { AccessService } from "./access.js";
import { type StoreAccess, sharedStore } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-access-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const PII = Buffer.alloc(32, 7);

/** A server's view of the store at `path` (its own connection, as another process would have), counting the store reads it makes. */
async function server(path: string): Promise<{ access: AccessService; reads: { revision: number; lookup: number }; close: () => Promise<void> }> {
  const store = await openStore(path, { use: "create" });
  const shared = sharedStore(store, { location: path, personalDataKey: PII });
  const reads = { revision: 0, lookup: 0 };
  const counted: StoreAccess = {
    ...shared,
    withStore: (need, work) =>
      shared.withStore(need, (s) =>
        work(
          new Proxy(s, {
            get(target, name, receiver) {
              if (name === "accessKeysRevision") reads.revision++;
              if (name === "accessKeyByHash") reads.lookup++;
              return Reflect.get(target, name, receiver);
            },
          }),
        ),
      ),
  };
  return { access: new AccessService(counted), reads, close: () => store.close() };
}

test("a key kept from earlier requests is refused at the next one once another process revoked it", async () => {
  const path = join(dir, "revoked.db");
  const a = await server(path);
  const b = await server(path);
  try {
    const made = await b.access.create({ name: "partner", role: "partner", scopes: ["search"] }, { actor: "test" });
    assert.equal((await a.access.resolve(made.key))?.id, made.record.id);
    assert.equal((await a.access.resolve(made.key))?.id, made.record.id);
    assert.equal(a.reads.lookup, 1, "the second request finds the key kept");
    await b.access.revoke(made.record.id);
    assert.equal(await a.access.resolve(made.key), null, "refused at once, though kept");
    const other = await b.access.create({ name: "other", role: "partner" }, { actor: "test" });
    assert.equal((await a.access.resolve(other.key))?.id, other.record.id, "a key made by another process is known at once");
    assert.equal(await a.access.resolve(`${other.key.slice(0, -1)}x`), null);
    assert.equal(await a.access.resolve("not a key"), null);
  } finally {
    await a.close();
    await b.close();
  }
});

test("requests that arrive together read the key revision once, and each after it arrived", async () => {
  const path = join(dir, "together.db");
  const a = await server(path);
  try {
    const made = await a.access.create({ name: "partner", role: "partner" }, { actor: "test" });
    await a.access.resolve(made.key);
    const before = { ...a.reads };
    const answers = await Promise.all(Array.from({ length: 20 }, () => a.access.resolve(made.key)));
    assert.ok(answers.every((k) => k?.id === made.record.id));
    assert.equal(a.reads.revision - before.revision, 1, "one revision read for the twenty");
    assert.equal(a.reads.lookup, before.lookup, "no look-up: the key was kept");
    // The revision is read once the turn's requests have all come, so a revocation made in the same
    // turn, after the request, is seen too: the request is refused.
    const pending = a.access.resolve(made.key);
    await a.access.revoke(made.record.id);
    assert.equal(await pending, null, "the revision is read after the request came");
  } finally {
    await a.close();
  }
});
