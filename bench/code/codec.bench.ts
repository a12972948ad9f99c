/**
 * Encode and decode throughput of our code beside open-location-code and ngeohash, on one core:
 *   npx tsc -p . && node dist/bench/code/codec.bench.js [points] [rounds]
 * Same seeded points for all three; a warm-up pass; then `rounds` timed passes per codec,
 * interleaved so machine drift hits all alike; medians in operations per second, and our ratio to
 * each peer. A sink consumes every result so the work cannot be optimised away.
 * Precisions are chosen for comparable cells: ours 2.8 m (10 chars), Plus Code length 11
 * (3.5 m × 2.8 m), geohash 9 characters (4.8 m × 4.8 m, the nearest geohash size).
 */
import { cpus } from "node:os";
import ngeohash from "ngeohash";
import { OpenLocationCode } from "open-location-code";
import { VN_GRID, decode, encode } from "../../src/code/index.js";
import { Random } from "../../src/common/random.js";

const points = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 11);
const olc = new OpenLocationCode();

const random = new Random(42);
const lats = new Float64Array(points);
const lons = new Float64Array(points);
for (let i = 0; i < points; i++) {
  lats[i] = VN_GRID.south + (VN_GRID.north - VN_GRID.south) * random.next();
  lons[i] = VN_GRID.west + (VN_GRID.east - VN_GRID.west) * random.next();
}

interface Contender {
  name: string;
  encode: (lat: number, lon: number) => string;
  decodeLat: (code: string) => number;
}

const contenders: Contender[] = [
  { name: "diachiso", encode: (lat, lon) => encode(lat, lon), decodeLat: (code) => decode(code).lat },
  {
    name: "open-location-code",
    encode: (lat, lon) => olc.encode(lat, lon, 11),
    decodeLat: (code) => olc.decode(code).latitudeCenter,
  },
  {
    name: "ngeohash",
    encode: (lat, lon) => ngeohash.encode(lat, lon, 9),
    decodeLat: (code) => ngeohash.decode(code).latitude,
  },
];

let sink = 0;
const codes = contenders.map((c) => Array.from(lats, (lat, i) => c.encode(lat, lons[i])));

function timeEncode(c: Contender): number {
  const start = process.hrtime.bigint();
  let s = 0;
  for (let i = 0; i < points; i++) s += c.encode(lats[i], lons[i]).length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  sink += s;
  return points / seconds;
}

function timeDecode(c: Contender, input: string[]): number {
  const start = process.hrtime.bigint();
  let s = 0;
  for (let i = 0; i < points; i++) s += c.decodeLat(input[i]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  sink += s;
  return points / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// Warm-up: let the JIT optimise every path before anything is timed.
for (let w = 0; w < 3; w++) {
  contenders.forEach((c, k) => {
    timeEncode(c);
    timeDecode(c, codes[k]);
  });
}

const enc: number[][] = contenders.map(() => []);
const dec: number[][] = contenders.map(() => []);
for (let r = 0; r < rounds; r++) {
  contenders.forEach((c, k) => {
    enc[k].push(timeEncode(c));
    dec[k].push(timeDecode(c, codes[k]));
  });
}

const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
const encMed = enc.map(median);
const decMed = dec.map(median);
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores), one core used`,
);
console.log(
  `${points} points in the Vietnam box, seed 42, ${rounds} timed rounds after 3 warm-up rounds; medians\n`,
);
console.log("codec               encode/s      decode/s      example");
contenders.forEach((c, k) => {
  console.log(
    `${c.name.padEnd(18)}  ${fmt(encMed[k]).padStart(11)}   ${fmt(decMed[k]).padStart(11)}   ${codes[k][0]}`,
  );
});
console.log("");
for (let k = 1; k < contenders.length; k++) {
  console.log(
    `diachiso / ${contenders[k].name}: encode ×${(encMed[0] / encMed[k]).toFixed(2)}, decode ×${(decMed[0] / decMed[k]).toFixed(2)}`,
  );
}
console.log(`\n(sink ${sink.toExponential(3)})`);
