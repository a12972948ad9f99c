import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { loadRowsOf } from "../load-rows.js";
import { runBulkLoadContract, runStoreContract, sampleAt } from "../contract.js";
import { postgresSkip, TestPostgres } from "../../testing/postgres.js";
import { PG_SCHEMA_VERSION } from "./migrations.js";
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

/** The indexes of a schema's tables, as PostgreSQL defines them (schema name left out). */
async function indexesOf(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ d: string }>(
      "SELECT indexdef AS d FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname",
      [schema],
    );
    return rows.map((r) => r.d.replaceAll(`${schema}.`, ""));
  } finally {
    await client.end();
  }
}

test("after a bulk load the records have the indexes of a new store, the GiST index of points among them", {
  skip,
}, async () => {
  const fresh = `store_${++schemas}`;
  await (await openPostgresStore(url, { schema: fresh })).close();
  const loaded = `store_${++schemas}`;
  const store = await openPostgresStore(url, { schema: loaded });
  try {
    assert.equal(await store.beginBulkLoad(1_000_000), true);
    assert.ok(!(await indexesOf(loaded)).some((d) => d.includes("gist")), "deferred while the load runs");
    const rows = Array.from({ length: 50 }, (_, i) => ({
      externalId: `r${i}`,
      data: sampleAt(i),
      issues: [],
    }));
    await store.loadRows("b", loadRowsOf(rows), { actor: "import" });
    await store.endBulkLoad();
  } finally {
    await store.close();
  }
  const indexes = await indexesOf(loaded);
  assert.deepEqual(indexes, await indexesOf(fresh));
  assert.ok(
    indexes.some((d) => /records_geom ON records USING gist \(geom\)/.test(d)),
    indexes.join("\n"),
  );
});

test("a database migrated by a newer program is refused, naming both versions", { skip }, async () => {
  const schema = `store_${++schemas}`;
  await (await openPostgresStore(url, { schema })).close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO ${schema}.diachiso_schema (version, description) VALUES ($1, 'from the future')`,
    [PG_SCHEMA_VERSION + 1],
  );
  await client.end();
  await assert.rejects(
    openPostgresStore(url, { schema }),
    new RegExp(`v${PG_SCHEMA_VERSION + 1} is newer than this program's v${PG_SCHEMA_VERSION}`),
  );
});
