/**
 * A separate writer process for the crash and concurrency tests (crash.test.ts): the guarantees
 * under test are about processes, so they must be tested with real ones.
 *
 *   node child-writer.js import <db> <batchSize> <batches>   import batches, announcing each on stdout
 *   node child-writer.js bulk-import <db> <batchSize> <batches>  the same inside a bulk load (never ended)
 *   node child-writer.js allocate <db> <count> <tag> [go]     create <count> records in one cell, one by one;
 *                                                              with [go], print "ready" and wait until that file
 *                                                              exists, so that two writers really overlap
 *   node child-writer.js hold-bulk <db> <rows>                begin a bulk load, import <rows> rows in it, print
 *                                                              "holding <first code>" and keep the load open until killed
 *   node child-writer.js answer-owner <db> <code> <nonce> <go>  print "ready", wait for <go>, then confirm the notified
 *                                                              record <code> through <nonce>: print "confirmed" or "spent"
 */
import { existsSync } from "node:fs";
import { SpentNonceError } from "../../domain/errors.js";
import { sampleAt, sampleData } from "../contract.js";
import { openSqliteStore } from "./sqlite-store.js";

const [mode, path, a, b] = process.argv.slice(2);
const store = openSqliteStore(path, { cacheMiB: 32 });

if (mode === "import" || mode === "bulk-import") {
  if (mode === "bulk-import") await store.beginBulkLoad(1_000_000);
  const size = Number(a);
  for (let k = 0; k < Number(b); k++) {
    const rows = Array.from({ length: size }, (_, i) => ({ externalId: `k${k}-${i}`, data: sampleAt(k * size + i) }));
    process.stdout.write(`begin ${k}\n`);
    await store.importBatch("crash", rows, { actor: "crash-test" });
    process.stdout.write(`committed ${k}\n`);
  }
} else if (mode === "allocate") {
  const go = process.argv[6];
  if (go) {
    process.stdout.write("ready\n");
    while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const codes: string[] = [];
  for (let i = 0; i < Number(a); i++) codes.push((await store.create({ data: sampleData() }, { actor: `writer-${b}` })).code);
  process.stdout.write(`${JSON.stringify(codes)}\n`);
} else if (mode === "hold-bulk") {
  if (!(await store.beginBulkLoad(1_000_000))) throw new Error("child-writer: the bulk load did not start");
  const rows = Array.from({ length: Number(a) }, (_, i) => ({ externalId: `h${i}`, data: sampleAt(i) }));
  const outcomes = await store.importBatch("held", rows, { actor: "hold-test" });
  process.stdout.write(`holding ${outcomes[0].outcome === "created" ? outcomes[0].code : "?"}\n`);
  await new Promise(() => setInterval(() => {}, 60_000));
} else if (mode === "answer-owner") {
  const [nonce, go] = process.argv.slice(5);
  process.stdout.write("ready\n");
  while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 2));
  const record = await store.get(a);
  try {
    await store.answerAsOwner({ code: a, expectedVersion: record!.version, nonce, to: "confirmed", reason: "race", via: `owner-link:${nonce}` }, { actor: "owner" });
    process.stdout.write("confirmed\n");
  } catch (error) {
    if (!(error instanceof SpentNonceError)) throw error;
    process.stdout.write("spent\n");
  }
} else {
  throw new Error(`child-writer: unknown mode "${mode}" (import | bulk-import | allocate | hold-bulk | answer-owner)`);
}
await store.close();
