/**
 * Point → commune lookups per second: our Flatbush + exact point-in-polygon lookup beside a naive
 * peer, a linear scan over all 3,321 communes (bounding-box check, then the very same point-in-polygon
 * test, first hit wins; so the ratio is what the index buys), plus how long the boundaries take to load.
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/units/point.bench.js
 *
 * Honest by construction: a seeded PRNG so every run sees the same points, a warm-up, repeated runs
 * reported as medians, a sink so no lookup is optimised away, and ours measured with its full product
 * semantics (the 200 m gap tolerance on misses) while the peer does exact matching only, so the
 * ratio understates rather than flatters us.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { DEFAULT_BOUNDARIES_PATH, loadBoundaries } from "../../src/units/boundaries.js";
import { decodeCoordinates, MICRO, readBoundariesMeta } from "../../src/units/boundaries-format.js";
import { buildEdgeBlocks, pointInRingsBlocked } from "../../src/units/point-in-polygon.js";
import { Random } from "../../src/common/random.js";
import { median } from "../median.js";

const RUNS = 7;
const POINTS = 100_000;
const PEER_POINTS = 10_000; // the peer is slow enough that fewer points give a stable figure

const boundaries = loadBoundaries();
boundaries.loadGeometry();

// Two point sets, as [lat, lon] pairs in one Float64Array.
function nearLabelPoints(n: number, random: Random): Float64Array {
  // Within ±0.01° (about 1 km) of a random commune's label point: almost all on land.
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const { lat, lon } = boundaries.labelPoint(boundaries.codes[Math.floor(random.next() * boundaries.count)])!;
    points[2 * i] = lat + (random.next() - 0.5) * 0.02;
    points[2 * i + 1] = lon + (random.next() - 0.5) * 0.02;
  }
  return points;
}
function uniformInMainlandBox(n: number, random: Random): Float64Array {
  // Vietnam's mainland bounding box: much of it is sea, Laos or Cambodia, so misses are common.
  const points = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    points[2 * i] = 8.56 + random.next() * (23.39 - 8.56);
    points[2 * i + 1] = 102.14 + random.next() * (109.47 - 102.14);
  }
  return points;
}

// The naive peer works on the same decoded arrays, so only the search strategy differs.
const meta = readBoundariesMeta(readFileSync(DEFAULT_BOUNDARIES_PATH), DEFAULT_BOUNDARIES_PATH);
const coordinates = decodeCoordinates(meta.coordinateBytes, meta.pointCount, DEFAULT_BOUNDARIES_PATH);
const featureRings = Uint32Array.from(meta.featureParts, (part) => meta.partRings[part]);
const blocks = buildEdgeBlocks(coordinates, meta.ringPoints);
function linearScan(lat: number, lon: number): string | null {
  const x = lon * MICRO;
  const y = lat * MICRO;
  const b = meta.bboxes;
  for (let i = 0; i < meta.count; i++) {
    if (x < b[4 * i] || x > b[4 * i + 2] || y < b[4 * i + 1] || y > b[4 * i + 3]) continue;
    if (
      pointInRingsBlocked(coordinates, meta.ringPoints, blocks, featureRings[i], featureRings[i + 1], x, y)
    ) {
      return meta.codes[i];
    }
  }
  return null;
}

let sink = 0;
function opsPerSecond(lookup: (lat: number, lon: number) => string | null, points: Float64Array): number {
  const n = points.length / 2;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const code = lookup(points[2 * i], points[2 * i + 1]);
    sink += code === null ? 1 : code.charCodeAt(4);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return n / seconds;
}
function measure(lookup: (lat: number, lon: number) => string | null, points: Float64Array): number {
  opsPerSecond(lookup, points); // warm-up: let the JIT settle before anything counts
  return median(Array.from({ length: RUNS }, () => opsPerSecond(lookup, points)));
}

const ours = (lat: number, lon: number) => boundaries.communeAt(lat, lon);
const format = (n: number) => Math.round(n).toLocaleString("en");
const rows: string[] = [];
for (const [name, makePoints] of [
  ["near label points (±1 km)", nearLabelPoints],
  ["uniform in mainland bbox", uniformInMainlandBox],
] as const) {
  const points = makePoints(POINTS, new Random(20250701));
  const peerPoints = points.subarray(0, 2 * PEER_POINTS);

  let exact = 0;
  let tolerant = 0;
  let disagree = 0;
  for (let i = 0; i < POINTS; i++) {
    const found = boundaries.locate(points[2 * i], points[2 * i + 1]);
    if (found?.exact) exact++;
    else if (found) tolerant++;
    if (i < PEER_POINTS && found?.exact && linearScan(points[2 * i], points[2 * i + 1]) !== found.code)
      disagree++;
  }

  const oursOps = measure(ours, points);
  const peerOps = measure(linearScan, peerPoints);
  rows.push(
    `| ${name} | ${format(oursOps)} | ${format(peerOps)} | ${(oursOps / peerOps).toFixed(1)}× | ` +
      `${((100 * exact) / POINTS).toFixed(1)} % / ${((100 * tolerant) / POINTS).toFixed(1)} % / ` +
      `${((100 * (POINTS - exact - tolerant)) / POINTS).toFixed(1)} % | ${disagree} |`,
  );
}

// Load times in fresh processes, as the CLI pays them: import + read + index, then the first query
// (which decodes the coordinates). Medians over several processes.
const probe = `
  const t0 = performance.now();
  const { loadBoundaries } = await import(${JSON.stringify(new URL("../../src/units/boundaries.js", import.meta.url).href)});
  const t1 = performance.now();
  const b = loadBoundaries();
  const t2 = performance.now();
  b.communeAt(21.0287, 105.8524);
  const t3 = performance.now();
  console.log(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, firstQueryMs: t3 - t2 }));
`;
const cold = Array.from({ length: RUNS }, () =>
  JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" })),
) as { importMs: number; loadMs: number; firstQueryMs: number }[];
const ms = (key: "importMs" | "loadMs" | "firstQueryMs") => median(cold.map((c) => c[key])).toFixed(1);

const artefactBytes = readFileSync(DEFAULT_BOUNDARIES_PATH).length;
console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load average ${loadavg()[0].toFixed(2)} ` +
    `(other work on the machine slows both sides alike), ${fileURLToPath(import.meta.url)}`,
);
console.log(
  `${format(POINTS)} points per run (peer ${format(PEER_POINTS)}), warm-up + ${RUNS} runs, medians; seed 20250701\n`,
);
console.log(
  "| points | ours (Flatbush + PIP), lookups/s | naive linear scan, lookups/s | ratio | exact / within 200 m / none | peer disagrees |",
);
console.log("|---|---:|---:|---:|---|---:|");
for (const row of rows) console.log(row);
console.log(
  `\nartefact ${format(artefactBytes)} bytes; fresh process, medians of ${RUNS}: import ${ms("importMs")} ms, ` +
    `loadBoundaries() ${ms("loadMs")} ms, first query incl. decoding the coordinates ${ms("firstQueryMs")} ms`,
);
if (sink === 42) console.log(""); // keeps the sink observable
