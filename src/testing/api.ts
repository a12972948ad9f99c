/**
 * Test kit for the HTTP API: a store surveyed and imported as a user would (`generate`, `import`),
 * and a real server over it on 127.0.0.1, port 0, asked with `fetch`. Used by tests only.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createApiServer, type ApiServer, type ApiServerOptions } from "../api/server.js";
import { storeAt } from "../services/stores.js";
import { type OpenedStore, openStore } from "../store/open.js";
import { runCli } from "./cli.js";

/** The personal-data key the kit's stores are imported with ($DIACHISO_PII_KEY). */
export const TEST_PII_ENV = { DIACHISO_PII_KEY: "ab".repeat(32) };

/** A store of `count` generated records at `dir`/survey.db, imported (its search index built). */
export async function surveyedStore(dir: string, count = 1500, seed = 5): Promise<string> {
  const file = join(dir, "survey.csv");
  const db = join(dir, "survey.db");
  const generated = await runCli(["generate", "--count", String(count), "--seed", String(seed), "--out", file]);
  assert.equal(generated.status, 0, generated.stderr);
  const imported = await runCli(["import", file, "--db", db], { env: TEST_PII_ENV });
  assert.equal(imported.status, 0, imported.stderr);
  return db;
}

export interface RunningApi {
  /** "http://127.0.0.1:<port>" */
  base: string;
  server: ApiServer;
  store: OpenedStore;
  close(): Promise<void>;
}

/** A server over the store at `db`, listening on 127.0.0.1 on a free port; its index loaded unless `loadIndex` is false. */
export async function startApi(
  db: string,
  options: Partial<Omit<ApiServerOptions, "store" | "location" | "personalDataKey">> & { loadIndex?: boolean } = {},
): Promise<RunningApi> {
  const store = await openStore(db, { use: "write" });
  const { loadIndex = true, ...rest } = options;
  const server = await createApiServer({
    store,
    location: db,
    personalDataKey: storeAt(db, { env: TEST_PII_ENV }).personalDataKey(),
    ...rest,
  });
  const base = await server.app.listen({ port: 0, host: "127.0.0.1" });
  if (loadIndex) await server.loadIndex();
  return {
    base,
    server,
    store,
    close: async () => {
      await server.app.close();
      await store.close();
    },
  };
}
