/**
 * diachiso's search, geocode and reverse on a store too big for the harness's peers and its query
 * maker (24 M records): the store's saved index opened as the CLI opens it, queries written in the
 * harness's forms (query-forms.ts) from records drawn from the store, and per form the top-1/top-5,
 * latency percentiles, CPU per query, and the process's RSS while serving; then geocode over the
 * complete forms and reverse from points near drawn records.
 *
 * Run from the repository root, after `diachiso index build --db STORE.db`:
 *   npx tsc -p .
 *   node dist/bench/search/at-scale.bench.js --db STORE.db --per-form 100 --seed 14 --save-queries Q.jsonl   # draw, save, exit
 *   node --expose-gc dist/bench/search/at-scale.bench.js --db STORE.db --queries Q.jsonl                   # run a saved set
 * (without either flag it draws and runs in one go; `--prefix any` cuts prefixes anywhere.)
 * `--warm-passes N` (default 0) first runs the whole set N times unmeasured, as a server that has
 * answered queries before: the code compiled, nothing of these queries left in the CPU's caches
 * (a 2.5 GB index, hundreds of queries between two of the same).
 *
 * Drawing takes two lean scans (`Store.scan`), holding nothing per record of the store:
 * 1. about three records per query are drawn at random (the project's seeded PRNG);
 * 2. one pass over every record finds, for the drawn ones only: whether another record of the same
 *    commune is written the same below the commune (house, alley, street, hamlet, building, flat,
 *    folded, as make-queries.ts compares them: the gold would be one of several equal answers, so
 *    such records are left out); the record's unique prefix length, for answerable prefixes
 *    (answerable.ts `UniquePrefixScan`: a prefix is cut only where no other record's folded full
 *    text starts with it; only records that start with a drawn record's shortest cut are written out); and whether another record stands on exactly the same point (left out of
 *    reverse, where it would tie with the gold).
 * Each form then takes its records from the drawn ones (a third of them each, in order).
 *
 * The saved file is one JSON line per query, as make-queries.ts writes them ({form, q, gold,
 * autocomplete[, steps]}), then one line per reverse point: {form: "reverse", gold, lat, lon,
 * offsetM} — the gold record's point moved by `offsetM` (0–15 m) in a random direction.
 *
 * Geocode (`SearchSession.geocode`) runs over the `full`, `mixed` and `no-province` queries: the
 * share answered with the gold, with a confident wrong house (a house result that is not the gold,
 * confidence ≥ 0.8: what the issue says must never happen), at street or commune level, and not
 * at all. Reverse asks `reverse(lat, lon, {radius: 50, limit: 5})` at each point: the gold first,
 * the gold among the results.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { arg, runBench } from "../args.js";
import { Random } from "../../src/common/random.js";
import { formatParts } from "../../src/domain/format.js";
import type { AddressRecord } from "../../src/domain/record.js";
import { SearchService, SearchSession } from "../../src/services/search.js";
import { storeAt } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import type { RecordSummary, Store } from "../../src/store/store.js";
import { fold } from "../../src/text/fold.js";
import { loadRegistry, type UnitRegistry } from "../../src/units/registry.js";
import { percentile } from "../median.js";
import { foldedFullText, UniquePrefixScan } from "./answerable.js";
import {
  type BenchQuery,
  type PrefixCut,
  QUERY_FORMS,
  shortestCut,
  writeOut,
  writeQuery,
  writtenAddress,
} from "./query-forms.js";

/** A point near a record for reverse: the record's point moved `offsetM` metres in a random direction. */
export interface ReversePoint {
  form: "reverse";
  gold: string;
  lat: number;
  lon: number;
  offsetM: number;
}

/** How far reverse points are moved from their record, metres (a phone's fix at a gate). */
const REVERSE_MAX_OFFSET_M = 15;
const REVERSE_POINTS = 1000;
const REVERSE_OPTIONS = { radius: 50, limit: 5 };
/** The forms geocode is asked: complete addresses, as a batch file holds them. */
const GEOCODE_FORMS = new Set(["full", "mixed", "no-province"]);
/** A wrong house at or above this confidence is the failure the issue rules out. */
const CONFIDENT = 0.8;
const METRES_PER_DEGREE_LAT = 111_320;

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

/** Every record of the store, page by page, as the lean scan gives them. */
async function* scanAll(store: Store): AsyncGenerator<RecordSummary> {
  let after: string | null = null;
  do {
    const page = await store.scan(after, 50_000);
    yield* page.items;
    after = page.next;
  } while (after);
}

/** What the second scan found about each drawn record. */
interface DrawnFacts {
  /** Codes of drawn records another record of the same commune is written the same as. */
  shared: Set<string>;
  /** Codes of drawn records another record stands on exactly the same point as. */
  colocated: Set<string>;
  /** Unique prefix length of each drawn record with units the registry knows. */
  uniquePrefix: Map<string, number | null>;
}

const belowKey = (commune: string, foldedBelow: string) => `${commune}|${foldedBelow}`;
const pointKey = (lat: number, lon: number) => `${lat},${lon}`;

async function factsAbout(
  store: Store,
  registry: UnitRegistry,
  drawn: readonly AddressRecord[],
): Promise<DrawnFacts> {
  const recordsWritten = new Map<string, number>();
  const recordsAt = new Map<string, number>();
  const texts: { code: string; text: string; shortestCut: number }[] = [];
  for (const record of drawn) {
    const below = formatParts(record.parts);
    recordsWritten.set(belowKey(record.new.commune, fold(below)), 0);
    recordsAt.set(pointKey(record.location.lat, record.location.lon), 0);
    const commune = registry.get("new", record.new.commune);
    const province = registry.get("new", record.new.province);
    // Only records the forms are written from are drawn for a prefix.
    if (commune && province && writtenAddress(record, registry)) {
      const full = writeOut(below, [commune, province]);
      texts.push({
        code: record.code,
        text: fold(full),
        shortestCut: fold(full.slice(0, shortestCut(full, record))).length,
      });
    }
  }
  const prefixes = new UniquePrefixScan(texts);
  let scanned = 0;
  for await (const r of scanAll(store)) {
    const below = formatParts(r.parts);
    const foldedBelow = fold(below);
    const written = belowKey(r.new.commune, foldedBelow);
    const sameWritten = recordsWritten.get(written);
    if (sameWritten !== undefined) recordsWritten.set(written, sameWritten + 1);
    const at = pointKey(r.lat, r.lon);
    const sameAt = recordsAt.get(at);
    if (sameAt !== undefined) recordsAt.set(at, sameAt + 1);
    prefixes.see(r.code, foldedBelow, () => {
      const commune = registry.get("new", r.new.commune);
      const province = registry.get("new", r.new.province);
      // A record whose units are unknown cannot be written out: no text to share a prefix with.
      return commune && province ? foldedFullText(below, [commune, province]) : "";
    });
    if (++scanned % 2_000_000 === 0) console.error(`  second scan: ${scanned.toLocaleString("en")} records`);
  }
  // Each drawn record counted itself once.
  const shared = new Set<string>();
  const colocated = new Set<string>();
  for (const record of drawn) {
    if (recordsWritten.get(belowKey(record.new.commune, fold(formatParts(record.parts))))! > 1)
      shared.add(record.code);
    if (recordsAt.get(pointKey(record.location.lat, record.location.lon))! > 1) colocated.add(record.code);
  }
  return { shared, colocated, uniquePrefix: prefixes.lengths() };
}

/** A point `metres` from (lat, lon) in a random direction (the earth taken as flat: right to a few centimetres over 15 m). */
function moved(random: Random, lat: number, lon: number, metres: number): { lat: number; lon: number } {
  const bearing = random.next() * 2 * Math.PI;
  const dLat = (metres * Math.cos(bearing)) / METRES_PER_DEGREE_LAT;
  const dLon = (metres * Math.sin(bearing)) / (METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  return { lat: lat + dLat, lon: lon + dLon };
}

/** Draws records from the store and writes the query set and the reverse points. */
async function drawSets(
  db: string,
  registry: UnitRegistry,
  random: Random,
  perForm: number,
  prefixRule: "answerable" | "any",
): Promise<{ queries: BenchQuery[]; points: ReversePoint[] }> {
  const store = await openStore(db, { use: "read" });
  const drawn: AddressRecord[] = [];
  let facts: DrawnFacts;
  try {
    const total = await store.lastSeq();
    const wanted = perForm * QUERY_FORMS.length * 3;
    for await (const r of scanAll(store))
      if (random.chance(wanted / Math.max(1, total))) drawn.push(asRecord(r));
    console.error(`first scan: ${drawn.length} records drawn`);
    facts = await factsAbout(store, registry, drawn);
  } finally {
    await store.close();
  }
  const queries: BenchQuery[] = [];
  const leftOut = { shared: 0, prefixUnanswerable: 0 };
  const distinct = drawn.filter((record) => {
    if (!facts.shared.has(record.code)) return true;
    leftOut.shared++;
    return false;
  });
  for (const form of QUERY_FORMS) {
    let made = 0;
    for (const record of distinct) {
      if (made >= perForm) break;
      if (!random.chance(1 / 3)) continue;
      const address = writtenAddress(record, registry);
      if (!address) continue;
      const cut: PrefixCut | undefined =
        form !== "prefix"
          ? undefined
          : prefixRule === "any"
            ? "any"
            : (facts.uniquePrefix.get(record.code) ?? null);
      const query = writeQuery(random, form, record, address, cut);
      if (query) {
        queries.push(query);
        made++;
      } else if (form === "prefix") leftOut.prefixUnanswerable++;
    }
  }
  const points: ReversePoint[] = [];
  for (const record of drawn) {
    if (points.length >= REVERSE_POINTS) break;
    if (facts.colocated.has(record.code)) continue;
    const offsetM = random.next() * REVERSE_MAX_OFFSET_M;
    points.push({
      form: "reverse",
      gold: record.code,
      ...moved(random, record.location.lat, record.location.lon, offsetM),
      offsetM,
    });
  }
  console.error(
    `drawn records left out: ${leftOut.shared} written like another record of their commune; ${leftOut.prefixUnanswerable} with no answerable prefix; ${facts.colocated.size} on another record's point (reverse)`,
  );
  return { queries, points };
}

function readSets(file: string): { queries: BenchQuery[]; points: ReversePoint[] } {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as BenchQuery | ReversePoint);
  return {
    queries: lines.filter((l): l is BenchQuery => l.form !== "reverse"),
    points: lines.filter((l): l is ReversePoint => l.form === "reverse"),
  };
}

const pctOf = (x: number, n: number) => `${((100 * x) / n).toFixed(1)} %`;
const ms = (values: number[], share: number) => percentile(values, share).toFixed(2);

function searchTable(session: SearchSession, queries: BenchQuery[]): void {
  console.log("| form | n | top-1 | top-5 | p50 ms | p95 ms | p99 ms | CPU ms/query |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const all: number[] = [];
  let allTop1 = 0;
  let allTop5 = 0;
  let weakest: { form: string; top1: number } | null = null;
  for (const form of QUERY_FORMS) {
    const set = queries.filter((q) => q.form === form);
    if (set.length === 0) continue;
    const times: number[] = [];
    let top1 = 0;
    let top5 = 0;
    const cpu = process.cpuUsage();
    for (const q of set) {
      const t = performance.now();
      const codes = session
        .search(q.q, { autocomplete: q.autocomplete, limit: 5 })
        .results.map((r) => r.code);
      times.push(performance.now() - t);
      if (codes[0] === q.gold) top1++;
      if (codes.includes(q.gold)) top5++;
    }
    const used = process.cpuUsage(cpu);
    all.push(...times);
    allTop1 += top1;
    allTop5 += top5;
    if (!weakest || top1 / set.length < weakest.top1) weakest = { form, top1: top1 / set.length };
    console.log(
      `| ${form} | ${set.length} | ${pctOf(top1, set.length)} | ${pctOf(top5, set.length)} | ${ms(times, 0.5)} | ${ms(times, 0.95)} | ${ms(times, 0.99)} | ${((used.user + used.system) / 1000 / set.length).toFixed(2)} |`,
    );
  }
  console.log(
    `| **all** | ${all.length} | ${pctOf(allTop1, all.length)} | ${pctOf(allTop5, all.length)} | ${ms(all, 0.5)} | ${ms(all, 0.95)} | ${ms(all, 0.99)} | |`,
  );
  // The issue's two accuracy goals, over every query of the set (no form left out).
  if (weakest)
    console.log(
      `top-1 over all ${all.length} queries, every form counted: ${pctOf(allTop1, all.length)} (goal ≥ 98 %); weakest form ${weakest.form} ${(100 * weakest.top1).toFixed(1)} % (goal ≥ 95 % in every form)`,
    );
}

function geocodeFigures(session: SearchSession, queries: BenchQuery[]): void {
  const set = queries.filter((q) => GEOCODE_FORMS.has(q.form));
  const times: number[] = [];
  const counts = { right: 0, confidentWrongHouse: 0, otherWrongHouse: 0, streetOrCommune: 0, none: 0 };
  for (const q of set) {
    const t = performance.now();
    const answer = session.geocode(q.q);
    times.push(performance.now() - t);
    const result = answer.result;
    if (!result) counts.none++;
    else if (result.code === q.gold) counts.right++;
    else if (result.match === "house")
      counts[answer.confidence >= CONFIDENT ? "confidentWrongHouse" : "otherWrongHouse"]++;
    else counts.streetOrCommune++;
  }
  const n = set.length;
  console.log(
    `geocode over ${n} queries (${[...GEOCODE_FORMS].join(", ")}): right ${pctOf(counts.right, n)}, confident wrong house (≥ ${CONFIDENT}) ${pctOf(counts.confidentWrongHouse, n)}, other wrong house ${pctOf(counts.otherWrongHouse, n)}, street or commune level ${pctOf(counts.streetOrCommune, n)}, no answer ${pctOf(counts.none, n)}; p50 ${ms(times, 0.5)} ms, p95 ${ms(times, 0.95)} ms, p99 ${ms(times, 0.99)} ms`,
  );
}

function reverseFigures(session: SearchSession, points: ReversePoint[]): void {
  if (points.length === 0) {
    // A set written by make-queries has no reverse points: say so rather than print NaN.
    console.log("reverse: the query set has no reverse points (make them with --save-queries)");
    return;
  }
  // Warm: a commune's polygon is decoded on its first point-in-polygon test.
  for (const p of points) session.reverse(p.lat, p.lon, REVERSE_OPTIONS);
  const times: number[] = [];
  let first = 0;
  let among = 0;
  for (const p of points) {
    const t = performance.now();
    const codes = session.reverse(p.lat, p.lon, REVERSE_OPTIONS).results.map((r) => r.code);
    times.push(performance.now() - t);
    if (codes[0] === p.gold) first++;
    if (codes.includes(p.gold)) among++;
  }
  const n = points.length;
  console.log(
    `reverse (radius ${REVERSE_OPTIONS.radius} m, ${REVERSE_OPTIONS.limit} nearest, units at the point) at ${n} record points moved 0–${REVERSE_MAX_OFFSET_M} m: gold first ${pctOf(first, n)}, gold among the results ${pctOf(among, n)}; p50 ${percentile(times, 0.5).toFixed(3)} ms, p99 ${percentile(times, 0.99).toFixed(3)} ms`,
  );
}

async function main(): Promise<void> {
  const db = arg("db", "");
  if (db === "") throw new Error("--db STORE.db is required");
  const saved = arg("queries", "");
  const saveTo = arg("save-queries", "");
  const prefixRule = arg("prefix", "answerable");
  if (prefixRule !== "answerable" && prefixRule !== "any")
    throw new Error(`--prefix ${prefixRule}: must be answerable or any`);
  const registry = loadRegistry();

  const { queries, points } =
    saved !== ""
      ? readSets(saved)
      : await drawSets(
          db,
          registry,
          new Random(Number(arg("seed", "14"))),
          Number(arg("per-form", "100")),
          prefixRule,
        );
  if (saveTo !== "") {
    writeFileSync(saveTo, [...queries, ...points].map((line) => JSON.stringify(line)).join("\n") + "\n");
    const byForm = new Map<string, number>();
    for (const q of queries) byForm.set(q.form, (byForm.get(q.form) ?? 0) + 1);
    console.log(
      `${queries.length} queries and ${points.length} reverse points → ${saveTo} (${[...byForm].map(([f, n]) => `${f} ${n}`).join(", ")})`,
    );
    return;
  }

  const started = performance.now();
  const session = new SearchSession(await new SearchService(registry).open(storeAt(db)));
  const openSeconds = (performance.now() - started) / 1000;
  session.warm();
  const warmPasses = Number(arg("warm-passes", "0"));
  for (let pass = 0; pass < warmPasses; pass++)
    for (const q of queries) session.search(q.q, { autocomplete: q.autocomplete, limit: 5 });
  globalThis.gc?.();
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  console.log(
    `${queries.length} queries over ${db}${saved ? ` (saved set ${saved})` : ""}, index opened in ${openSeconds.toFixed(1)} s, RSS ${rssMiB.toFixed(0)} MiB serving, ${warmPasses} warm-up pass${warmPasses === 1 ? "" : "es"}`,
  );
  searchTable(session, queries);
  geocodeFigures(session, queries);
  reverseFigures(session, points);
}

await runBench("at-scale.bench", main);
