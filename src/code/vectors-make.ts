/**
 * Regenerates test_data/code-vectors.csv and test_data/code-typos.csv from the codec:
 *   node dist/src/code/vectors-make.js
 * Run it only when the specification changes (then bump the format number in both headers); the
 * test suite checks the codec against the committed files, which is what makes them a contract for
 * implementations in other languages. Points come from the seeded PRNG (common/random.ts), so the
 * output is reproducible; the committed format-1 files drew their random points from the PRNG the
 * project had then, so a re-run draws other points: regenerate only with a format bump.
 */
import { writeFileSync } from "node:fs";
import { ALPHABET, BASE_LENGTH, decode, encode, formatCode, suggest, validate } from "./index.js";
import { csvLine } from "../common/csv.js";
import { Random } from "../common/random.js";

export const VECTORS_FORMAT = 1;

const PLACES: [string, number, number][] = [
  ["Hồ Gươm, Hà Nội", 21.028511, 105.852083],
  ["Nhà thờ Đức Bà, TP Hồ Chí Minh", 10.779783, 106.699018],
  ["Cột cờ Lũng Cú, Tuyên Quang", 23.363611, 105.316389],
  ["Mũi Cà Mau", 8.577222, 104.728056],
  ["A Pa Chải, Điện Biên", 22.398, 102.144],
  ["Đảo Hoàng Sa (Pattle)", 16.533333, 111.6],
  ["Đảo Trường Sa Lớn", 8.645, 111.919722],
  ["Phú Quốc", 10.227, 103.967],
  ["Cầu Rồng, Đà Nẵng", 16.061111, 108.227222],
  ["Chợ Bến Thành", 10.772461, 106.698055],
];

const LEVEL_STEPS = [4, 1, 0.2, 0.05, 0.01, 0.0025, 0.0005, 0.000125, 0.000025];
const LON_STEPS = [4, 0.8, 0.2, 0.04, 0.01, 0.002, 0.0005, 0.0001, 0.000025];

function vectorRows(): string[] {
  const rows: string[] = [];
  const add = (lat: number, lon: number, unit: number | null) => {
    const code = encode(lat, lon, unit);
    const d = decode(code);
    const b = d.bounds;
    rows.push(csvLine([lat, lon, unit ?? "", code, formatCode(code), d.lat, d.lon, b.south, b.west, b.north, b.east].map(String)));
  };
  for (const [, lat, lon] of PLACES) add(lat, lon, null);
  // Corners, edges and the centre of the box: edges belong to the cell north/east of them, except
  // the north and east box edges, which belong to the last row/column.
  for (const lat of [5, 15, 25]) for (const lon of [102, 110, 118]) add(lat, lon, null);
  // Points on the grid lines of every level, and a hair either side of them.
  for (let l = 0; l < LEVEL_STEPS.length; l++) {
    const lat = 5 + 3 * LEVEL_STEPS[l];
    const lon = 102 + 3 * LON_STEPS[l];
    add(lat, lon, null);
    add(lat - 1e-9, lon - 1e-9, null);
    add(lat + 1e-9, lon + 1e-9, null);
  }
  const random = new Random(20251127);
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  for (let i = 0; i < 200; i++) {
    const lat = round6(5 + 20 * random.next());
    const lon = round6(102 + 16 * random.next());
    const unit = i % 5 === 0 ? 1 + Math.floor(random.next() * (i % 2 === 0 ? 20 : 159999)) : null;
    add(lat, lon, unit);
  }
  for (const unit of [1, 19, 20, 399, 400, 7999, 8000, 159999]) add(21.028511, 105.852083, unit);
  return rows;
}

function typoRows(): string[] {
  const rows: string[] = [];
  const add = (input: string) => {
    const v = validate(input);
    const suggestions = v.valid ? "" : suggest(input).join(" ");
    rows.push(csvLine([input, String(v.valid), v.valid ? "" : v.reason, v.valid ? v.code : "", suggestions]));
  };
  const random = new Random(7);
  const pick = () => ALPHABET[Math.floor(random.next() * ALPHABET.length)];
  const base = encode(21.028511, 105.852083);
  const withUnit = encode(10.779783, 106.699018, 27);
  // Accepted spellings of one code.
  add(base);
  add(base.toLowerCase());
  add(formatCode(base));
  add(`${base.slice(0, 3)} ${base.slice(3, 6)} ${base.slice(6)}`);
  add(formatCode(withUnit));
  add(withUnit.toLowerCase());
  // Every kind of fault, on codes from seeded random points.
  for (let i = 0; i < 40; i++) {
    const code = encode(
      5 + 20 * random.next(),
      102 + 16 * random.next(),
      i % 4 === 0 ? 1 + Math.floor(random.next() * 500) : null,
    );
    const p = Math.floor(random.next() * code.length);
    const kind = i % 5;
    if (kind === 0 || kind === 1) {
      let x = pick();
      while (x === code[p]) x = pick();
      add(code.slice(0, p) + x + code.slice(p + 1));
    } else if (kind === 2) {
      const q = Math.min(p, code.length - 2);
      if (code[q] === code[q + 1]) continue;
      add(code.slice(0, q) + code[q + 1] + code[q] + code.slice(q + 2));
    } else if (kind === 3) {
      add(code.slice(0, p) + code.slice(p + 1));
    } else {
      add(code.slice(0, p) + pick() + code.slice(p));
    }
  }
  // Characters outside the alphabet, check-only symbols in a location position, bad lengths and units.
  for (const bad of ["O", "0", "I", "1", "L", "B", "S", "Z", "A"])
    add(base.slice(0, 4) + bad + base.slice(5));
  add(`V${base.slice(1)}`);
  add(base.slice(0, BASE_LENGTH - 2));
  add("");
  add(`${base}2K`);
  add(`${base}3`);
  add(`${base}3C4`);
  return rows;
}

if (process.argv[1]?.endsWith("vectors-make.js")) {
  const vectorsHeader = [
    `# diachiso digital address code: test vectors, format ${VECTORS_FORMAT} (specification: docs/code-spec.md)`,
    "# Encode (latitude, longitude, unit) and expect code; decode code and expect the centre and bounds.",
    "# Numbers are binary64 values written in their shortest round-trip decimal form; compare exactly.",
    "latitude,longitude,unit,code,display,centre_lat,centre_lon,south,west,north,east",
  ];
  writeFileSync("test_data/code-vectors.csv", `${vectorsHeader.join("\n")}\n${vectorRows().join("")}`);
  const typosHeader = [
    `# diachiso digital address code: validation and did-you-mean vectors, format ${VECTORS_FORMAT}`,
    "# valid inputs give the canonical code; invalid ones give the reason and all valid codes one edit",
    "# away (space-separated, sorted). Reasons: empty length character check unit unit-check.",
    "input,valid,reason,code,suggestions",
  ];
  writeFileSync("test_data/code-typos.csv", `${typosHeader.join("\n")}\n${typoRows().join("")}`);
  process.stdout.write("wrote test_data/code-vectors.csv and test_data/code-typos.csv\n");
}
