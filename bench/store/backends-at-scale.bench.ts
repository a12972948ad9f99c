/**
 * The two backends on the same large store (issue 18: "point reads, search and reverse on
 * PostgreSQL beside SQLite on the same 24 M dataset"): the same survey imported into an SQLite file
 * and into a PostgreSQL database, so that the same codes name the same records in both.
 *
 * 1. Point reads through the Store contract, as the API makes them: `get` one code at a time (one
 *    round trip each on PostgreSQL) and `getMany` of 100, rounds alternated between the backends,
 *    medians over rounds.
 * 2. Writes, as an operator's edit makes them: read a record, then `update` it at that version
 *    (a name change: one revision), one at a time and with 8 in flight on distinct records — the
 *    writers' lock serialises them, so this is its ceiling. The stores keep these edits.
 * 3. Reverse, where PostgreSQL could answer it itself: PostGIS's nearest-neighbour search on the
 *    store's own GiST index (`ORDER BY geom <-> point`, within the radius), beside the application's
 *    point index (`SearchSession.reverse`, which also names the units at the point), at the same
 *    points, with the share answering the record the point was drawn from.
 * Search itself runs from the application's index whichever backend holds the records (the index is
 * built from the store and follows its change feed); at-scale.bench.ts measures it with `--db` set to
 * either store, and docs/benchmarks.md has pg_trgm, the in-database alternative, at 200 k.
 *
 * Run from the repository root, with a query set saved by at-scale.bench.ts (its gold codes and
 * reverse points) and the search index built for the PostgreSQL store (`diachiso index build`):
 *   npx tsc -p . && node dist/bench/store/backends-at-scale.bench.js --sqlite S.db --postgres URL \
 *     --queries Q.jsonl [--reads 5000] [--rounds 3] [--no-app-reverse]
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import pg from "pg";
import { arg, runBench } from "../args.js";
import { median, percentile } from "../median.js";
import { Random } from "../../src/common/random.js";
import { SearchService, SearchSession } from "../../src/services/search.js";
import { storeAt } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/store.js";
import { loadRegistry } from "../../src/units/registry.js";

const REVERSE = { radius: 50, limit: 5 };
/** Degrees that hold `REVERSE.radius` metres in every direction in Vietnam (8–24° N), for the index's box test. */
const RADIUS_DEGREES = REVERSE.radius / 111_320 / Math.cos((24 * Math.PI) / 180);

interface SavedLine {
  form: string;
  gold: string;
  lat?: number;
  lon?: number;
}

interface ReadFigures {
  perSecond: number;
  p50: number;
  p99: number;
}

async function pointReads(store: Store, codes: readonly string[]): Promise<ReadFigures> {
  const times: number[] = [];
  const started = performance.now();
  for (const code of codes) {
    const t = performance.now();
    const record = await store.get(code);
    times.push(performance.now() - t);
    if (record === null) throw new Error(`${store.backend}: no record ${code}: the two stores do not hold the same survey`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: codes.length / seconds, p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

/** Read-modify-writes of `codes`, `inFlight` at a time, each on its own record; answers writes/s. */
async function edits(store: Store, codes: readonly string[], inFlight: number, label: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < codes.length; i = next++) {
      const record = await store.get(codes[i]);
      if (record === null) throw new Error(`${store.backend}: no record ${codes[i]}`);
      await store.update(codes[i], record.version, { name: `bench ${label} ${i}` }, { actor: "bench", reason: "benchmark edit" });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return codes.length / ((performance.now() - started) / 1000);
}

async function manyReads(store: Store, codes: readonly string[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < codes.length; i += 100) await store.getMany(codes.slice(i, i + 100));
  return codes.length / ((performance.now() - started) / 1000);
}

interface ReverseFigures {
  first: number;
  among: number;
  p50: number;
  p99: number;
  perSecond: number;
}

async function timedReverse(
  points: readonly Required<SavedLine>[],
  nearest: (lat: number, lon: number) => Promise<string[]> | string[],
): Promise<ReverseFigures> {
  for (const p of points.slice(0, 200)) await nearest(p.lat, p.lon);
  const times: number[] = [];
  let first = 0;
  let among = 0;
  const started = performance.now();
  for (const p of points) {
    const t = performance.now();
    const codes = await nearest(p.lat, p.lon);
    times.push(performance.now() - t);
    if (codes[0] === p.gold) first++;
    if (codes.includes(p.gold)) among++;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    first: first / points.length,
    among: among / points.length,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    perSecond: points.length / seconds,
  };
}

async function main(): Promise<void> {
  const sqliteAt = arg("sqlite");
  const postgresAt = arg("postgres");
  const saved = readFileSync(arg("queries"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as SavedLine);
  const reads = Number(arg("reads", "5000"));
  const rounds = Number(arg("rounds", "3"));
  const random = new Random(27);
  const golds = [...new Set(saved.map((l) => l.gold))];
  const codes = Array.from({ length: reads }, () => golds[Math.floor(random.next() * golds.length)]);
  const points = saved.filter((l): l is Required<SavedLine> => l.form === "reverse" && l.lat !== undefined);
  console.log(
    `${golds.length} gold codes, ${reads} reads a round, ${rounds} rounds; ${points.length} reverse points; load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );

  const stores: Store[] = [await openStore(sqliteAt, { use: "read" }), await openStore(postgresAt, { use: "read" })];
  const one = new Map<string, ReadFigures[]>();
  const many = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++)
    for (const store of round % 2 === 0 ? stores : [...stores].reverse()) {
      one.set(store.backend, [...(one.get(store.backend) ?? []), await pointReads(store, codes)]);
      many.set(store.backend, [...(many.get(store.backend) ?? []), await manyReads(store, codes)]);
    }
  console.log("\n| backend | `get` reads/s | p50 ms | p99 ms | `getMany` of 100, records/s |");
  console.log("|---|---:|---:|---:|---:|");
  for (const store of stores) {
    const f = one.get(store.backend)!;
    console.log(
      `| ${store.backend} | ${median(f.map((x) => x.perSecond)).toFixed(0)} | ${median(f.map((x) => x.p50)).toFixed(3)} | ${median(f.map((x) => x.p99)).toFixed(3)} | ${median(many.get(store.backend)!).toFixed(0)} |`,
    );
  }

  // Each round edits its own records (distinct codes), so no edit waits on a stale version.
  const writable: Store[] = [await openStore(sqliteAt, { use: "write" }), await openStore(postgresAt, { use: "write" })];
  const writeRate = new Map<string, { one: number[]; eight: number[] }>();
  const editCodes = golds.slice(0, Math.min(golds.length, 1000));
  const per = Math.floor(editCodes.length / (2 * rounds));
  for (let round = 0; round < rounds; round++)
    for (const store of round % 2 === 0 ? writable : [...writable].reverse()) {
      const mine = editCodes.slice(2 * round * per, (2 * round + 2) * per);
      const rate = writeRate.get(store.backend) ?? { one: [], eight: [] };
      rate.one.push(await edits(store, mine.slice(0, per), 1, `r${round}`));
      rate.eight.push(await edits(store, mine.slice(per), 8, `r${round}`));
      writeRate.set(store.backend, rate);
    }
  console.log(`\n| backend | read + \`update\`, one at a time, /s | 8 in flight, /s |`);
  console.log("|---|---:|---:|");
  for (const store of writable) {
    const r = writeRate.get(store.backend)!;
    console.log(`| ${store.backend} | ${median(r.one).toFixed(0)} | ${median(r.eight).toFixed(0)} |`);
  }
  for (const store of [...stores, ...writable]) await store.close();

  if (points.length === 0) return;
  const client = new pg.Client({ connectionString: postgresAt });
  await client.connect();
  const sql = {
    name: "reverse",
    text: `SELECT code FROM records
           WHERE ST_DWithin(geom, ST_SetSRID(ST_MakePoint($2, $1), 4326), $3)
             AND ST_DistanceSphere(geom, ST_SetSRID(ST_MakePoint($2, $1), 4326)) <= $4
           ORDER BY geom <-> ST_SetSRID(ST_MakePoint($2, $1), 4326), code LIMIT $5`,
  };
  const postgis = await timedReverse(points, async (lat, lon) => {
    const { rows } = await client.query<{ code: string }>({
      ...sql,
      values: [lat, lon, RADIUS_DEGREES, REVERSE.radius, REVERSE.limit],
    });
    return rows.map((r) => r.code);
  });
  await client.end();
  const table: [string, ReverseFigures][] = [["PostGIS KNN (GiST on records.geom), one query a point", postgis]];
  if (!process.argv.includes("--no-app-reverse")) {
    const session = new SearchSession(await new SearchService(loadRegistry()).open(storeAt(postgresAt)));
    table.push([
      "diachiso point index (units at the point too)",
      await timedReverse(points, (lat, lon) => session.reverse(lat, lon, REVERSE).results.map((r) => r.code ?? "")),
    ]);
  }
  console.log(`\n| reverse, ${REVERSE.radius} m, ${REVERSE.limit} nearest | gold first | gold among | p50 ms | p99 ms | points/s |`);
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [name, f] of table)
    console.log(
      `| ${name} | ${(100 * f.first).toFixed(1)} % | ${(100 * f.among).toFixed(1)} % | ${f.p50.toFixed(3)} | ${f.p99.toFixed(3)} | ${f.perSecond.toFixed(0)} |`,
    );
}

await runBench("backends-at-scale.bench", main);
