/**
 * diachiso's search on a store too big for the harness's peers and its query maker (24 M
 * records): the store's saved index opened as the CLI opens it, queries written in the harness's
 * forms (query-forms.ts) from records drawn during one lean scan (`Store.scan`), and per form the
 * top-1/top-5, latency percentiles, CPU per query, and the process's RSS while serving.
 *
 * Run from the repository root, after `diachiso index build --db STORE.db`:
 *   npx tsc -p . && node --expose-gc dist/bench/search/at-scale.bench.js --db STORE.db [--per-form 100] [--seed 14]
 *
 * Unlike make-queries.ts it keeps nothing per record, so it does not leave out a record another
 * record of its commune is written like: such a query's gold is one of several equal answers, and
 * the top-1 figures here are a little pessimistic.
 */
import { arg } from "../args.js";
import { Random } from "../../src/common/random.js";
import type { AddressRecord } from "../../src/domain/record.js";
import { SearchService, SearchSession } from "../../src/services/search.js";
import { storeAt } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import type { RecordSummary } from "../../src/store/store.js";
import { loadRegistry } from "../../src/units/registry.js";
import { percentile } from "../median.js";
import { type BenchQuery, QUERY_FORMS, writeQuery, writtenAddress } from "./query-forms.js";

/** The record fields the query forms read, from a scanned summary (no owner, no provenance). */
function asRecord(r: RecordSummary): AddressRecord {
  return {
    ...r,
    location: { lat: r.lat, lon: r.lon, accuracyM: null, source: "survey-phone" },
    owner: null,
    version: 1,
    provenance: { batch: null, externalId: null, surveyor: null },
    issues: [],
    correction: null,
    successor: null,
    createdAt: "",
    updatedAt: "",
    personalDataErasedAt: null,
  };
}

async function main(): Promise<void> {
  const db = arg("db", "");
  if (db === "") throw new Error("at-scale.bench: --db STORE.db is required");
  const perForm = Number(arg("per-form", "100"));
  const random = new Random(Number(arg("seed", "14")));
  const registry = loadRegistry();

  // Draw about three records per query during one scan, then write each form from its own share.
  const store = await openStore(db, { use: "read" });
  const total = await store.lastSeq();
  const wanted = perForm * QUERY_FORMS.length * 3;
  const drawn: AddressRecord[] = [];
  let after: string | null = null;
  do {
    const page = await store.scan(after, 50_000);
    for (const r of page.items) if (random.chance(wanted / Math.max(1, total))) drawn.push(asRecord(r));
    after = page.next;
  } while (after);
  await store.close();
  const queries: BenchQuery[] = [];
  for (const form of QUERY_FORMS) {
    let made = 0;
    for (const record of drawn) {
      if (made >= perForm) break;
      if (!random.chance(1 / 3)) continue;
      const address = writtenAddress(record, registry);
      const query = address && writeQuery(random, form, record, address);
      if (query) {
        queries.push(query);
        made++;
      }
    }
  }

  const started = performance.now();
  const session = new SearchSession(await new SearchService(registry).open(storeAt(db)));
  const openSeconds = (performance.now() - started) / 1000;
  for (const q of queries.slice(0, 50)) session.search(q.q, { autocomplete: q.autocomplete });
  globalThis.gc?.();
  const rssMiB = process.memoryUsage().rss / 2 ** 20;

  console.log(`${queries.length} queries over ${db} (${total.toLocaleString("en")} revisions), index opened in ${openSeconds.toFixed(1)} s, RSS ${rssMiB.toFixed(0)} MiB serving`);
  console.log("| form | n | top-1 | top-5 | p50 ms | p95 ms | p99 ms | CPU ms/query |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const all: number[] = [];
  let allTop1 = 0;
  let allTop5 = 0;
  for (const form of QUERY_FORMS) {
    const set = queries.filter((q) => q.form === form);
    if (set.length === 0) continue;
    const times: number[] = [];
    let top1 = 0;
    let top5 = 0;
    const cpu = process.cpuUsage();
    for (const q of set) {
      const t = performance.now();
      const codes = session.search(q.q, { autocomplete: q.autocomplete, limit: 5 }).results.map((r) => r.code);
      times.push(performance.now() - t);
      if (codes[0] === q.gold) top1++;
      if (codes.includes(q.gold)) top5++;
    }
    const used = process.cpuUsage(cpu);
    all.push(...times);
    allTop1 += top1;
    allTop5 += top5;
    const pct = (x: number) => `${((100 * x) / set.length).toFixed(1)} %`;
    console.log(
      `| ${form} | ${set.length} | ${pct(top1)} | ${pct(top5)} | ${percentile(times, 0.5).toFixed(2)} | ${percentile(times, 0.95).toFixed(2)} | ${percentile(times, 0.99).toFixed(2)} | ${((used.user + used.system) / 1000 / set.length).toFixed(2)} |`,
    );
  }
  const pct = (x: number) => `${((100 * x) / all.length).toFixed(1)} %`;
  console.log(
    `| all | ${all.length} | ${pct(allTop1)} | ${pct(allTop5)} | ${percentile(all, 0.5).toFixed(2)} | ${percentile(all, 0.95).toFixed(2)} | ${percentile(all, 0.99).toFixed(2)} | |`,
  );
  const reverseTimes: number[] = [];
  // Warm: a commune's polygon is decoded on its first point-in-polygon test.
  for (const record of drawn.slice(0, 1000)) session.reverse(record.location.lat, record.location.lon, { radius: 100, limit: 5 });
  for (const record of drawn.slice(0, 1000)) {
    const t = performance.now();
    session.reverse(record.location.lat, record.location.lon, { radius: 100, limit: 5 });
    reverseTimes.push(performance.now() - t);
  }
  console.log(
    `reverse (radius 100 m, 5 nearest, units at the point) over ${reverseTimes.length} record points: p50 ${percentile(reverseTimes, 0.5).toFixed(3)} ms, p99 ${percentile(reverseTimes, 0.99).toFixed(3)} ms`,
  );
}

await main();
