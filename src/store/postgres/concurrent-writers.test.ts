import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sampleAt, sampleData } from "../contract.js";
import type { Revision } from "../store.js";
import { postgresSkip, TestPostgres } from "../../testing/postgres.js";
import { openPostgresStore, type PostgresStore } from "./postgres-store.js";

const skip = postgresSkip({ postgis: true });
let server: TestPostgres | null = null;
let schemas = 0;

before(async () => {
  if (!skip) server = await TestPostgres.start();
});
after(async () => {
  await server?.stop();
});

/** `n` stores on one new database: each its own pool, as separate processes would have. */
async function writers(n: number): Promise<PostgresStore[]> {
  const url = await server!.newDatabase("writers");
  const schema = `w_${++schemas}`;
  const first = await openPostgresStore(url, { schema, poolSize: 3 });
  const rest = await Promise.all(
    Array.from({ length: n - 1 }, () => openPostgresStore(url, { schema, poolSize: 3 })),
  );
  return [first, ...rest];
}

test("four pools creating and importing records in the same cells at once never hand out a code twice", {
  skip,
}, async () => {
  const stores = await writers(4);
  try {
    const who = { actor: "surveyor:test" };
    // Every writer's records fall in the same eight cells: each cell's base code and units are contested.
    const work = stores.map(async (store, w) => {
      const codes: string[] = [];
      for (let round = 0; round < 5; round++) {
        const made = await Promise.all(
          Array.from({ length: 3 }, (_, k) => store.create({ data: sampleAt((w + round + k) % 8) }, who)),
        );
        codes.push(...made.map((r) => r.code));
        const imported = await store.importBatch(
          `b${w}`,
          Array.from({ length: 16 }, (_, k) => ({ externalId: `r${round}-${k}`, data: sampleAt(k % 8) })),
          who,
        );
        for (const outcome of imported) {
          assert.equal(outcome.outcome, "created");
          if (outcome.outcome === "created") codes.push(outcome.code);
        }
      }
      return codes;
    });
    const codes = (await Promise.all(work)).flat();
    assert.equal(codes.length, 4 * 5 * (3 + 16));
    assert.equal(new Set(codes).size, codes.length, "every code handed out once");
    const counted = (await stores[0].countsByProvinceAndStatus()).reduce((sum, c) => sum + c.count, 0);
    assert.equal(counted, codes.length, "the kept counts agree with the records");
  } finally {
    for (const store of stores) await store.close();
  }
});

test("a follower reading the change feed while four pools write misses no revision: seqs grow in commit order", {
  skip,
}, async () => {
  const stores = await writers(4);
  try {
    const seen: Revision[] = [];
    let writing = true;
    const follower = (async () => {
      let last = 0;
      while (writing || (await stores[0].lastSeq()) > last) {
        for (const revision of await stores[0].changesSince(last, 1000)) {
          assert.ok(revision.seq > last, "the feed goes forward");
          seen.push(revision);
          last = revision.seq;
        }
      }
    })();
    await Promise.all(
      stores.map(async (store, w) => {
        for (let k = 0; k < 15; k++) {
          const record = await store.create({ data: sampleAt(100 * w + k) }, { actor: `w${w}` });
          await store.update(record.code, 1, { name: `Nhà ${w}-${k}` }, { actor: `w${w}` });
        }
      }),
    );
    writing = false;
    await follower;
    const all = await stores[1].changesSince(0, 10_000);
    assert.equal(all.length, 4 * 15 * 2);
    assert.deepEqual(
      seen.map((r) => r.seq),
      all.map((r) => r.seq),
      "the follower saw every revision, in order",
    );
  } finally {
    for (const store of stores) await store.close();
  }
});

test("two pools updating one record from the same version: one wins, the other gets ConflictError", {
  skip,
}, async () => {
  const [a, b] = await writers(2);
  try {
    const record = await a.create({ data: sampleData() }, { actor: "t" });
    const results = await Promise.allSettled([
      a.update(record.code, 1, { name: "A" }, { actor: "a" }),
      b.update(record.code, 1, { name: "B" }, { actor: "b" }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.equal(refused.reason.name, "ConflictError");
    assert.equal((await b.get(record.code))?.version, 2);
    assert.equal((await b.history(record.code)).length, 2);
  } finally {
    await a.close();
    await b.close();
  }
});
