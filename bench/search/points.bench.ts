/**
 * The reverse-geocoding point index (src/search/points.ts) beside kdbush + geokdbush and Flatbush,
 * on the same points and the same queries, in one process:
 *   npx tsc -p . && node dist/bench/search/points.bench.js [sizes=1000000,24000000] [queries=20000] [rounds=5]
 *
 * Points are drawn like the survey data: a commune chosen with the generator's weights (province
 * population × commune type, `communeSampler`), then a point around its label point, spread over
 * the commune's bounding box (a triangular distribution, so dense at the centre), one point in five
 * repeating the previous one (the flats of a building share a point). Queries stand where a courier
 * would: within ±50 m of a random address. Seeded PRNG, so every run sees the same data.
 *
 * Each query asks the 5 nearest within 100 m and within 1 km. Every structure is built `rounds`
 * times and queried `rounds` times, the structures alternating within each round (the order
 * rotating) so that load on the shared machine hits all alike; per-query latency from
 * `process.hrtime.bigint()`; the figures are medians over the rounds of each round's percentiles.
 *
 * The peers: kdbush 4 (a static k-d tree, Float64 degrees) searched by geokdbush's `around`
 * (great-circle distance, a priority queue); Flatbush 4 (a packed Hilbert R-tree, Int32 coordinates
 * in µ° with longitude scaled by cos 16°, so its planar distance is metres up to ±5 % away from
 * 16° N) searched by `neighbors`. Sizes are the bytes of each index's own arrays.
 */
import { cpus, loadavg } from "node:os";
import Flatbush from "flatbush";
import { around } from "geokdbush";
import KDBush from "kdbush";
import { Random } from "../../src/common/random.js";
import { communeSampler } from "../../src/generate/population.js";
import {
  DEFAULT_CELL_SIZE_E6,
  distanceMetres,
  METRES_PER_MICRODEGREE,
  PointIndex,
} from "../../src/search/points.js";
import { loadBoundaries } from "../../src/units/boundaries.js";
import { loadRegistry } from "../../src/units/registry.js";
import { median } from "../median.js";

const sizes = (process.argv[2] ?? "1000000,24000000").split(",").map(Number);
const queryCount = Number(process.argv[3] ?? 20_000);
const rounds = Number(process.argv[4] ?? 5);
const LIMIT = 5;
// Our grid at the default cell size and its neighbours (the default was chosen from these at 24 M).
const CELL_SIZES_E6 = [500, 1_000, 2_000, 4_000];
const RADII = [100, 1_000];
// Flatbush measures planar distance: longitude scaled at Vietnam's middle latitude.
const FLATBUSH_LON_SCALE = Math.cos((16 * Math.PI) / 180);

const registry = loadRegistry();
const boundaries = loadBoundaries();
const sampler = communeSampler(registry, null, undefined, (code) => boundaries.has(code));
// Per commune: label point and half the bounding box, in µ°.
const communeIndex = new Map(sampler.items.map((unit, k) => [unit, k]));
const labelLat = new Float64Array(sampler.items.length);
const labelLon = new Float64Array(sampler.items.length);
const halfHeight = new Float64Array(sampler.items.length);
const halfWidth = new Float64Array(sampler.items.length);
sampler.items.forEach((unit, k) => {
  const label = boundaries.labelPoint(unit.code)!;
  const [west, south, east, north] = boundaries.bboxOf(unit.code)!;
  labelLat[k] = label.lat * 1e6;
  labelLon[k] = label.lon * 1e6;
  halfHeight[k] = ((north - south) / 2) * 1e6;
  halfWidth[k] = ((east - west) / 2) * 1e6;
});

function surveyLikePoints(n: number, random: Random): { lat: Int32Array; lon: Int32Array } {
  const lat = new Int32Array(n);
  const lon = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && random.chance(0.2)) {
      lat[i] = lat[i - 1];
      lon[i] = lon[i - 1];
      continue;
    }
    const k = communeIndex.get(sampler.sample(random))!;
    // Triangular in [-1, 1]: most addresses near the centre, a few out to the commune's edge.
    lat[i] = Math.round(labelLat[k] + (random.next() - random.next()) * halfHeight[k]);
    lon[i] = Math.round(labelLon[k] + (random.next() - random.next()) * halfWidth[k]);
  }
  return { lat, lon };
}

interface Structure {
  name: string;
  build(): void;
  bytes(): number;
  /** The k nearest within radiusM; returns a number the sink consumes. */
  query(lat: number, lon: number, radiusM: number): number;
  /** The record indexes of the answer, for agreement with ours. */
  answer(lat: number, lon: number, radiusM: number): number[];
}

function structures(lat: Int32Array, lon: Int32Array): Structure[] {
  const n = lat.length;
  const grids = CELL_SIZES_E6.map((cellSizeE6): Structure => {
    let index: PointIndex | null = null;
    return {
      name: `ours, grid ${cellSizeE6} µ°`,
      build: () => {
        index = PointIndex.build(lat, lon, n, { cellSizeE6 });
      },
      bytes: () => index!.byteLength,
      query: (qLat, qLon, r) => index!.nearest(qLat, qLon, r, LIMIT).length,
      answer: (qLat, qLon, r) => index!.nearest(qLat, qLon, r, LIMIT).map((a) => a.index),
    };
  });
  let kd: KDBush | null = null;
  const kdbush: Structure = {
    name: "kdbush + geokdbush",
    build: () => {
      kd = new KDBush(n, 64, Float64Array);
      for (let i = 0; i < n; i++) kd.add(lon[i] / 1e6, lat[i] / 1e6);
      kd.finish();
    },
    bytes: () => kd!.data.byteLength,
    query: (qLat, qLon, r) => around(kd!, qLon, qLat, LIMIT, r / 1_000).length,
    answer: (qLat, qLon, r) => around(kd!, qLon, qLat, LIMIT, r / 1_000),
  };
  let fb: Flatbush | null = null;
  const flatbush: Structure = {
    name: "Flatbush (neighbors)",
    build: () => {
      fb = new Flatbush(n, 16, Int32Array);
      for (let i = 0; i < n; i++) {
        const x = Math.round(lon[i] * FLATBUSH_LON_SCALE);
        fb.add(x, lat[i], x, lat[i]);
      }
      fb.finish();
    },
    bytes: () => fb!.data.byteLength,
    query: (qLat, qLon, r) =>
      fb!.neighbors(qLon * 1e6 * FLATBUSH_LON_SCALE, qLat * 1e6, LIMIT, r / METRES_PER_MICRODEGREE).length,
    answer: (qLat, qLon, r) =>
      fb!.neighbors(qLon * 1e6 * FLATBUSH_LON_SCALE, qLat * 1e6, LIMIT, r / METRES_PER_MICRODEGREE),
  };
  return [...grids, kdbush, flatbush];
}

let sink = 0;
function percentiles(structure: Structure, queries: Float64Array, radiusM: number) {
  const n = queries.length / 2;
  const nanos = new Float64Array(n);
  const started = process.hrtime.bigint();
  for (let q = 0; q < n; q++) {
    const t0 = process.hrtime.bigint();
    sink += structure.query(queries[2 * q], queries[2 * q + 1], radiusM);
    nanos[q] = Number(process.hrtime.bigint() - t0);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  nanos.sort();
  const at = (p: number) => nanos[Math.min(n - 1, Math.floor(p * n))] / 1e3;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), perSecond: n / seconds };
}

const format = (x: number, digits = 1) =>
  x.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load average ${loadavg()[0].toFixed(2)}; ` +
    `k = ${LIMIT}; ${queryCount.toLocaleString("en")} queries; ${rounds} rounds, medians`,
);

for (const n of sizes) {
  const random = new Random(20_261_203);
  const { lat, lon } = surveyLikePoints(n, random);
  const queries = new Float64Array(2 * queryCount);
  for (let q = 0; q < queryCount; q++) {
    const i = random.int(0, n - 1);
    // Within ±50 m of an address (450 µ° of latitude is 50 m).
    queries[2 * q] = (lat[i] + random.int(-450, 450)) / 1e6;
    queries[2 * q + 1] = (lon[i] + random.int(-450, 450)) / 1e6;
  }
  const all = structures(lat, lon);
  const buildMs = new Map<Structure, number[]>(all.map((s) => [s, []]));
  const results = new Map<string, { p50: number; p95: number; p99: number; perSecond: number }[]>();
  for (let round = 0; round < rounds; round++) {
    const rotated = all.map((_, k) => all[(k + round) % all.length]);
    for (const structure of rotated) {
      const t0 = performance.now();
      structure.build();
      buildMs.get(structure)!.push(performance.now() - t0);
      for (const radiusM of RADII) {
        // Warm-up after every build: the JIT, and the collector freeing the previous build's arrays.
        percentiles(structure, queries.subarray(0, 4_000), radiusM);
        const key = `${structure.name}|${radiusM}`;
        results.set(key, [...(results.get(key) ?? []), percentiles(structure, queries, radiusM)]);
      }
    }
  }
  // Agreement with our default grid on the first 2,000 queries: the same distances (to 1 cm, by our
  // measure), since flats share a point and each index breaks such ties its own way, and the peers
  // measure distance their own way (great circle; planar at 16° N).
  const ours = all[CELL_SIZES_E6.indexOf(DEFAULT_CELL_SIZE_E6)];
  const agreement = (s: Structure, radiusM: number) => {
    let same = 0;
    for (let q = 0; q < 2_000; q++) {
      const [qLat, qLon] = [queries[2 * q], queries[2 * q + 1]];
      const distances = (answer: number[]) =>
        answer.map((i) => distanceMetres(qLat, qLon, lat[i], lon[i])).sort((x, y) => x - y);
      const a = distances(ours.answer(qLat, qLon, radiusM));
      const b = distances(s.answer(qLat, qLon, radiusM));
      if (a.length === b.length && a.every((x, k) => Math.abs(x - b[k]) < 0.01)) same++;
    }
    return (100 * same) / 2_000;
  };

  console.log(`\n### ${n.toLocaleString("en")} points\n`);
  console.log(
    "| index | build s | bytes/point | r | p50 µs | p95 µs | p99 µs | queries/s | same distances as ours |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const structure of all) {
    for (const radiusM of RADII) {
      const runs = results.get(`${structure.name}|${radiusM}`)!;
      const pick = (key: "p50" | "p95" | "p99" | "perSecond") => median(runs.map((r) => r[key]));
      console.log(
        `| ${structure.name} | ${format(median(buildMs.get(structure)!) / 1e3, 2)} | ${format(structure.bytes() / n)} | ` +
          `${radiusM} m | ${format(pick("p50"))} | ${format(pick("p95"))} | ${format(pick("p99"))} | ` +
          `${Math.round(pick("perSecond")).toLocaleString("en")} | ${format(agreement(structure, radiusM))} % |`,
      );
    }
  }
  const p99 = (s: Structure, r: number) => median(results.get(`${s.name}|${r}`)!.map((x) => x.p99));
  for (const peer of all.slice(CELL_SIZES_E6.length))
    console.log(
      `\np99 ratio ${peer.name} / ours (grid ${DEFAULT_CELL_SIZE_E6} µ°): ` +
        RADII.map((r) => `${r} m ${format(p99(peer, r) / p99(ours, r))}×`).join(", ") +
        `; build ${format(median(buildMs.get(peer)!) / median(buildMs.get(ours)!))}×`,
    );
  console.log(`rss ${format(process.memoryUsage().rss / 2 ** 20, 0)} MiB after this size`);
}
if (sink === 42) console.log("");
