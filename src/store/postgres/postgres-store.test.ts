import { after, before, test } from "node:test";
import { runBulkLoadContract, runStoreContract } from "../contract.js";
import { postgresSkip, TestPostgres } from "../../testing/postgres.js";
import { openPostgresStore } from "./postgres-store.js";

const skip = postgresSkip({ postgis: true });
let server: TestPostgres | null = null;
let url = "";
let schemas = 0;

if (skip) {
  test("the Store and bulk-load contracts on PostgreSQL", { skip }, () => {});
} else {
  before(async () => {
    server = await TestPostgres.start();
    url = await server.newDatabase("contract");
  });
  after(async () => {
    await server?.stop();
  });
  // One schema per store: a fresh, empty store in milliseconds, PostGIS installed once for the database.
  runStoreContract({
    name: "postgres",
    createStore: () => openPostgresStore(url, { schema: `store_${++schemas}`, poolSize: 4 }),
  });
  runBulkLoadContract({
    name: "postgres",
    newLocation: () => `store_${++schemas}`,
    open: (schema) => openPostgresStore(url, { schema, poolSize: 4 }),
  });
}
