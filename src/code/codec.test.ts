import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import {
  ALPHABET,
  CELL,
  CodeError,
  LOCATION_SYMBOLS,
  UNIT_MAX,
  VN_GRID,
  decode,
  encode,
  formatCode,
  isValid,
  normalise,
  splitUnit,
  validate,
  withUnit,
} from "./index.js";
import { readCsvObjects } from "../common/csv.js";
import { grid } from "./codec.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const latInBox = fc.double({ min: VN_GRID.south, max: VN_GRID.north, noNaN: true });
const lonInBox = fc.double({ min: VN_GRID.west, max: VN_GRID.east, noNaN: true });

function throwsReason(fn: () => unknown, reason: string): void {
  assert.throws(
    fn,
    (error: unknown) => error instanceof CodeError && error.reason === reason,
    `expected ${reason}`,
  );
}

test("the published vector files declare format 1, the version this codec implements", () => {
  for (const file of ["code-vectors.csv", "code-typos.csv"]) {
    const first = readFileSync(resolve(root, "test_data", file), "utf8").split("\n")[0];
    assert.match(first, /, format 1\b/, `${file} header: ${first}`);
  }
});

test("encodes and decodes every published vector in test_data/code-vectors.csv exactly", () => {
  const rows = readCsvObjects(resolve(root, "test_data/code-vectors.csv"), { comments: true });
  assert.ok(rows.length > 200);
  for (const row of rows) {
    const unit = row.unit === "" ? null : Number(row.unit);
    const code = encode(Number(row.latitude), Number(row.longitude), unit);
    assert.equal(code, row.code, `encode ${row.latitude},${row.longitude},${row.unit}`);
    assert.equal(formatCode(code), row.display);
    const d = decode(row.display);
    assert.equal(d.code, row.code);
    assert.equal(d.unit, unit);
    assert.equal(d.lat, Number(row.centre_lat), `centre of ${row.code}`);
    assert.equal(d.lon, Number(row.centre_lon));
    assert.deepEqual(d.bounds, {
      south: Number(row.south),
      west: Number(row.west),
      north: Number(row.north),
      east: Number(row.east),
    });
  }
});

test("decode(encode(p)) contains p everywhere in the box, edges included", () => {
  fc.assert(
    fc.property(latInBox, lonInBox, (lat, lon) => {
      const { bounds: b } = decode(encode(lat, lon));
      const northOk = lat < b.north || (lat === VN_GRID.north && b.north === VN_GRID.north);
      const eastOk = lon < b.east || (lon === VN_GRID.east && b.east === VN_GRID.east);
      return b.south <= lat && northOk && b.west <= lon && eastOk;
    }),
    { numRuns: 20000 },
  );
});

test("the four box corners and the centre encode and decode inside the box", () => {
  for (const lat of [VN_GRID.south, 15, VN_GRID.north]) {
    for (const lon of [VN_GRID.west, 110, VN_GRID.east]) {
      const { bounds: b } = decode(encode(lat, lon));
      assert.ok(
        b.south >= VN_GRID.south &&
          b.north <= VN_GRID.north &&
          b.west >= VN_GRID.west &&
          b.east <= VN_GRID.east,
      );
      assert.ok(b.south <= lat && lat <= b.north && b.west <= lon && lon <= b.east);
    }
  }
});

test("neighbouring cells have different codes and share an edge", () => {
  const row = fc.integer({ min: 0, max: grid.totalRows - 2 });
  const col = fc.integer({ min: 0, max: grid.totalCols - 2 });
  fc.assert(
    fc.property(row, col, (r, c) => {
      const here = grid.cellAt(r, c);
      const north = grid.cellAt(r + 1, c);
      const east = grid.cellAt(r, c + 1);
      const a = decode(encode(here.lat, here.lon));
      const n = decode(encode(north.lat, north.lon));
      const e = decode(encode(east.lat, east.lon));
      return (
        a.code !== n.code &&
        a.code !== e.code &&
        n.code !== e.code &&
        a.bounds.north === n.bounds.south &&
        a.bounds.east === e.bounds.west
      );
    }),
    { numRuns: 5000 },
  );
});

test("points outside the box or not numbers give a clear error naming the axis", () => {
  const outside: [number, number, string][] = [
    [4.99999, 110, "latitude"],
    [25.00001, 110, "latitude"],
    [15, 101.99999, "longitude"],
    [15, 118.00001, "longitude"],
    [-90, 110, "latitude"],
    [15, 200, "longitude"],
  ];
  for (const [lat, lon, axis] of outside) {
    assert.throws(
      () => encode(lat, lon),
      (error: unknown) =>
        error instanceof CodeError &&
        error.reason === "out-of-box" &&
        error.axis === axis &&
        error.message.includes(String(lat === 15 ? lon : lat)),
    );
  }
  throwsReason(() => encode(Number.NaN, 110), "not-a-number");
  throwsReason(() => encode(15, Number.POSITIVE_INFINITY), "out-of-box");
  fc.assert(
    fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (lat, lon) => {
      const inside =
        lat >= VN_GRID.south && lat <= VN_GRID.north && lon >= VN_GRID.west && lon <= VN_GRID.east;
      try {
        encode(lat, lon);
        return inside;
      } catch (error) {
        return !inside && error instanceof CodeError && error.reason === "out-of-box";
      }
    }),
  );
});

test("the box covers the extremes of Vietnam's land and islands, Hoàng Sa and Trường Sa included", () => {
  const extremes: [string, number, number][] = [
    ["Lũng Cú (north)", 23.392, 105.329],
    ["Đất Mũi (south of the mainland)", 8.562, 104.72],
    ["A Pa Chải (west)", 22.398, 102.144],
    ["Hoàng Sa, Đảo Linh Côn (Lincoln Island)", 16.667, 112.733],
    ["Trường Sa, Đá Tây / An Bang (Amboyna Cay)", 7.891, 112.915],
    ["Trường Sa, eastern reefs", 10.2, 117.0],
  ];
  for (const [name, lat, lon] of extremes) assert.ok(isValid(encode(lat, lon)), name);
});

test("cells are at most 3.5 m by 3.5 m anywhere in the box", () => {
  assert.ok(CELL.maxHeightMetres <= 3.5, `height ${CELL.maxHeightMetres}`);
  assert.ok(CELL.maxWidthMetres <= 3.5, `width ${CELL.maxWidthMetres}`);
  assert.equal(grid.totalRows, 800_000);
  assert.equal(grid.totalCols, 640_000);
});

test("the alphabet has 23 symbols, no vowels and none of 0 O 1 I L B S Z D", () => {
  assert.equal(ALPHABET.length, 23);
  assert.equal(new Set(ALPHABET).size, 23);
  assert.equal(LOCATION_SYMBOLS.length, 20);
  for (const banned of "AEIOUY01LBSZD") assert.ok(!ALPHABET.includes(banned), banned);
});

test("codes are 10 symbols and decode the same whatever the case, spaces and hyphens", () => {
  const separators = fc.constantFrom("", " ", "-", "  ", " - ", "/");
  fc.assert(
    fc.property(
      latInBox,
      lonInBox,
      fc.array(separators, { minLength: 11, maxLength: 11 }),
      fc.boolean(),
      (lat, lon, seps, lower) => {
        const code = encode(lat, lon);
        let messy: string = seps[0];
        for (let i = 0; i < code.length; i++) messy += code[i] + seps[i + 1];
        if (lower) messy = messy.toLowerCase();
        return code.length === 10 && decode(messy).code === code && normalise(messy) === code;
      },
    ),
    { numRuns: 2000 },
  );
});

test("a unit suffix round-trips, keeps the base code and has its own check character", () => {
  fc.assert(
    fc.property(latInBox, lonInBox, fc.integer({ min: 1, max: UNIT_MAX }), (lat, lon, unit) => {
      const base = encode(lat, lon);
      const full = encode(lat, lon, unit);
      const d = decode(full);
      return (
        full.startsWith(base) &&
        full === withUnit(base, unit) &&
        d.unit === unit &&
        decode(base).unit === null &&
        splitUnit(formatCode(full)).base === base &&
        splitUnit(full).unit === unit &&
        isValid(full.slice(base.length)) === false
      );
    }),
    { numRuns: 3000 },
  );
  assert.equal(formatCode(encode(21.0285, 105.8542, 27)), "2TT-PF4-CQPK/39F");
  for (const bad of [0, -1, 1.5, UNIT_MAX + 1, Number.NaN]) throwsReason(() => encode(21, 105, bad), "unit");
});

test("validate names the reason and the position of the first bad symbol", () => {
  assert.deepEqual(validate("2TT-PF4-CQPK"), {
    valid: true,
    code: "2TTPF4CQPK",
    base: "2TTPF4CQPK",
    unit: null,
  });
  const bad = validate("2TT-PO4-CQPK");
  assert.equal(bad.valid, false);
  if (!bad.valid) {
    assert.equal(bad.reason, "character");
    assert.equal(bad.position, 5);
    assert.match(bad.message, /"O" \(symbol 5\)/);
  }
  const checkOnly = validate("VTTPF4CQPK");
  assert.ok(!checkOnly.valid && checkOnly.reason === "character" && checkOnly.position === 1);
  assert.ok(!validate("").valid);
  const fullWidth = "２ＴＴ－ＰＦ４－ＣＱＰＫ";
  assert.deepEqual(validate(fullWidth), { valid: true, code: "2TTPF4CQPK", base: "2TTPF4CQPK", unit: null });
  const short = validate("2TTPF4CQP");
  assert.ok(!short.valid && short.reason === "length");
});

test("the table-driven fast paths agree with the generic grid codec", () => {
  fc.assert(
    fc.property(latInBox, lonInBox, (lat, lon) => {
      const code = encode(lat, lon);
      const cell = grid.decode(code.slice(0, 9));
      const d = decode(code);
      return (
        code.slice(0, 9) === grid.encode(lat, lon) &&
        d.lat === cell.lat &&
        d.lon === cell.lon &&
        d.bounds.south === cell.south &&
        d.bounds.west === cell.west &&
        d.bounds.north === cell.north &&
        d.bounds.east === cell.east
      );
    }),
    { numRuns: 20000 },
  );
});
