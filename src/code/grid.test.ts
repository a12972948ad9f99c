import assert from "node:assert/strict";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { readCsvObjects } from "../common/csv.js";
import { DIGIPIN_PARAMS, formatDigipin } from "./digipin.js";
import { CodeError } from "./errors.js";
import { GridCodec } from "./grid.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const fixtures = resolve(root, "test/fixtures/digipin");
const digipin = new GridCodec(DIGIPIN_PARAMS);

test("reproduces every DIGIPIN reference vector, code and decoded centre", () => {
  const rows = readCsvObjects(resolve(fixtures, "vectors.csv"), { comments: true });
  assert.ok(rows.length >= 2000, `expected the 2,054 reference rows, got ${rows.length}`);
  for (const row of rows) {
    const lat = Number(row.latitude);
    const lon = Number(row.longitude);
    assert.equal(formatDigipin(digipin.encode(lat, lon)), row.digipin, `encode ${lat},${lon}`);
    const cell = digipin.decode(row.digipin);
    assert.equal(cell.lat.toFixed(6), row.decoded_latitude, `decode ${row.digipin} latitude`);
    assert.equal(cell.lon.toFixed(6), row.decoded_longitude, `decode ${row.digipin} longitude`);
  }
});

test("rejects the points the DIGIPIN reference rejects, naming the same axis", () => {
  for (const row of readCsvObjects(resolve(fixtures, "encode_errors.csv"), { comments: true })) {
    const expectedAxis = row.error.startsWith("Latitude") ? "latitude" : "longitude";
    assert.throws(
      () => digipin.encode(Number(row.latitude), Number(row.longitude)),
      (error: unknown) =>
        error instanceof CodeError && error.reason === "out-of-box" && error.axis === expectedAxis,
      `${row.latitude},${row.longitude} should fail on ${expectedAxis}`,
    );
  }
});

test("decodes or rejects the reference's decoder cases like the reference, except that case is ignored", () => {
  for (const row of readCsvObjects(resolve(fixtures, "decode_errors.csv"), { comments: true })) {
    const input = row.digipin;
    if (row.error.startsWith("OK ")) {
      const [, lat, lon] = row.error.split(" ");
      const cell = digipin.decode(input);
      assert.equal(cell.lat.toFixed(6), lat);
      assert.equal(cell.lon.toFixed(6), lon);
    } else if (input !== input.toUpperCase() && digipin.decode(input.toUpperCase())) {
      // The reference is case-sensitive; our codec deliberately is not (see docs/code-spec.md).
      assert.deepEqual(digipin.decode(input), digipin.decode(input.toUpperCase()));
    } else {
      const reason = row.error === "Invalid DIGIPIN" ? "length" : "character";
      assert.throws(
        () => digipin.decode(input),
        (error: unknown) => error instanceof CodeError && error.reason === reason,
        `"${input}" should fail with ${reason}`,
      );
    }
  }
});

test("the decoded DIGIPIN cell always contains the encoded point, edges included", () => {
  const lat = fc.double({ min: 2.5, max: 38.5, noNaN: true });
  const lon = fc.double({ min: 63.5, max: 99.5, noNaN: true });
  fc.assert(
    fc.property(lat, lon, (la, lo) => {
      const c = digipin.decode(digipin.encode(la, lo));
      return c.south <= la && la <= c.north && c.west <= lo && lo <= c.east;
    }),
    { numRuns: 5000 },
  );
});

test("refuses grid parameters that cannot describe a grid", () => {
  const base = { name: "t", south: 0, west: 0, north: 1, east: 1 };
  assert.throws(
    () => new GridCodec({ ...base, levels: [{ rows: 2, cols: 2, symbols: "ABC" }] }),
    /needs 4 symbols/,
  );
  assert.throws(
    () => new GridCodec({ ...base, levels: [{ rows: 2, cols: 2, symbols: "AABC" }] }),
    /repeated/,
  );
  assert.throws(
    () => new GridCodec({ ...base, north: 0, levels: [{ rows: 1, cols: 2, symbols: "AB" }] }),
    /box/,
  );
  assert.throws(() => new GridCodec({ ...base, levels: [] }), /no levels/);
});
