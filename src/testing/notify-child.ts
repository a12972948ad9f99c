/**
 * A deliverer in its own process, for the test that kills one mid-run (SIGKILL) and starts it
 * again: `node notify-child.js <store> <gateway url> <personal-data key hex> <lease ms> [store-thread]`
 * (with `store-thread`, the store's side runs in a thread of its own, as `notify` runs it by default).
 * Prints one JSON line with its summary when it finishes.
 */
import { ownerLinkKey } from "../domain/owner-link.js";
import { HttpChannel } from "../notify/channels/http.js";
import { deliver } from "../notify/deliverer.js";
import { OutboxThread } from "../notify/outbox-thread.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { loadRegistry } from "../units/registry.js";

const [storePath, url, keyHex, leaseMs, mode] = process.argv.slice(2);
const linkKey = ownerLinkKey(Buffer.from(keyHex, "hex"));
const publicUrl = "https://diachiso.test";
const store = mode === "store-thread" ? await OutboxThread.open(storePath, { linkKey, publicUrl }) : openSqliteStore(storePath);
const channel = new HttpChannel({ kind: "sms", url, token: "test-token", timeoutMs: 30_000 });
const summary = await deliver({
  store,
  channel,
  registry: loadRegistry(),
  linkKey,
  publicUrl,
  batchSize: 20,
  concurrency: 4,
  leaseMs: Number(leaseMs),
});
await channel.close();
await store.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
