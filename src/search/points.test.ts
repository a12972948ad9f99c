import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../common/random.js";
import { distanceMetres, type Neighbour, PointIndex, POINT_INDEX_VERSION } from "./points.js";

interface Points {
  lat: Int32Array;
  lon: Int32Array;
}

/** The answer by definition: every point measured, the near ones sorted by distance then index. */
function bruteForce(
  points: Points,
  added: Map<number, [number, number]>,
  lat: number,
  lon: number,
  radiusM: number,
  limit: number,
  accept: (i: number) => boolean = () => true,
): Neighbour[] {
  const all: Neighbour[] = [];
  const measure = (index: number, latE6: number, lonE6: number) => {
    const distanceM = distanceMetres(lat, lon, latE6, lonE6);
    if (distanceM <= radiusM && accept(index)) all.push({ index, distanceM });
  };
  for (let i = 0; i < points.lat.length; i++) if (!added.has(i)) measure(i, points.lat[i], points.lon[i]);
  for (const [index, [latE6, lonE6]] of added) measure(index, latE6, lonE6);
  all.sort((a, b) => a.distanceM - b.distanceM || a.index - b.index);
  return all.slice(0, limit);
}

function uniformPoints(random: Random, n: number): Points {
  const lat = new Int32Array(n);
  const lon = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    lat[i] = random.int(7_500_000, 23_500_000);
    lon[i] = random.int(102_000_000, 118_000_000);
  }
  return { lat, lon };
}

/** Dense towns (a few hundred metres across), many flats on one point, and scattered villages. */
function clusteredPoints(random: Random, n: number): Points {
  const towns = Array.from({ length: 12 }, () => [
    random.int(10_000_000, 21_000_000),
    random.int(104_000_000, 108_000_000),
  ]);
  const lat = new Int32Array(n);
  const lon = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && random.chance(0.2)) {
      lat[i] = lat[i - 1];
      lon[i] = lon[i - 1];
      continue;
    }
    const [townLat, townLon] = random.pick(towns);
    const spread = random.chance(0.7) ? 3_000 : 60_000;
    lat[i] = townLat + random.int(-spread, spread);
    lon[i] = townLon + random.int(-spread, spread);
  }
  return { lat, lon };
}

function assertSameAnswers(
  index: PointIndex,
  points: Points,
  added: Map<number, [number, number]>,
  queries: [number, number][],
  radii: number[],
  limits: number[],
  accept?: (i: number) => boolean,
) {
  let nonEmpty = 0;
  for (const [lat, lon] of queries)
    for (const radiusM of radii)
      for (const limit of limits) {
        const expected = bruteForce(points, added, lat, lon, radiusM, limit, accept);
        assert.deepEqual(
          index.nearest(lat, lon, radiusM, limit, accept),
          expected,
          `query ${lat}, ${lon}, r ${radiusM} m, limit ${limit}`,
        );
        if (expected.length > 0) nonEmpty++;
      }
  // The comparison means something only if many queries find points.
  assert.ok(nonEmpty > queries.length, `only ${nonEmpty} non-empty answers`);
}

/** Queries near the points (some exactly on one), and some in between. */
function queriesNear(random: Random, points: Points, n: number): [number, number][] {
  return Array.from({ length: n }, () => {
    const i = random.int(0, points.lat.length - 1);
    const jitter = random.chance(0.2) ? 0 : random.int(-2_000, 2_000);
    return [(points.lat[i] + jitter) / 1e6, (points.lon[i] + random.int(-2_000, 2_000)) / 1e6];
  });
}

const noAdded = new Map<number, [number, number]>();

test("nearest points match brute force on uniform random points", () => {
  const random = new Random(14_01);
  const points = uniformPoints(random, 50_000);
  const index = PointIndex.build(points.lat, points.lon);
  assertSameAnswers(
    index,
    points,
    noAdded,
    queriesNear(random, points, 150),
    [100, 1_000, 5_000],
    [1, 5, 20],
  );
});

test("nearest points match brute force on clustered points, with many in one cell and many on one spot", () => {
  const random = new Random(14_02);
  const points = clusteredPoints(random, 40_000);
  for (const cellSizeE6 of [250, 1_000, 4_000]) {
    const index = PointIndex.build(points.lat, points.lon, undefined, { cellSizeE6 });
    assertSameAnswers(
      index,
      points,
      noAdded,
      queriesNear(random, points, 60),
      [0, 30, 300, 3_000],
      [1, 5, 50],
    );
  }
});

test("points on cell borders are found from both sides of the border", () => {
  // A 5 × 5 lattice on the cell corners of a 1,000 µ° grid, queried exactly on borders and corners.
  const lat: number[] = [];
  const lon: number[] = [];
  for (let r = 0; r < 5; r++)
    for (let c = 0; c < 5; c++) {
      lat.push(21_000_000 + r * 1_000);
      lon.push(105_000_000 + c * 1_000);
    }
  const points = { lat: Int32Array.from(lat), lon: Int32Array.from(lon) };
  const index = PointIndex.build(points.lat, points.lon, undefined, { cellSizeE6: 1_000 });
  const queries: [number, number][] = [];
  for (let r = 0; r <= 8; r++) for (let c = 0; c <= 8; c++) queries.push([21 + r * 0.0005, 105 + c * 0.0005]);
  assertSameAnswers(index, points, noAdded, queries, [0, 50, 111.2, 200], [1, 4, 30]);
  // Radius 0 on a point finds exactly that point.
  assert.deepEqual(index.nearest(21.002, 105.003, 0, 5), [{ index: 13, distanceM: 0 }]);
});

test("a limit larger than the points within reach returns all of them, nearest first", () => {
  const random = new Random(14_03);
  const points = clusteredPoints(random, 2_000);
  const index = PointIndex.build(points.lat, points.lon);
  const [lat, lon] = [points.lat[7] / 1e6, points.lon[7] / 1e6];
  const all = index.nearest(lat, lon, 3e6, 10_000);
  assert.equal(all.length, 2_000);
  assert.deepEqual(all, bruteForce(points, noAdded, lat, lon, 3e6, 10_000));
});

test("an accept filter that rejects most points still yields the nearest accepted ones", () => {
  const random = new Random(14_04);
  const points = clusteredPoints(random, 30_000);
  const index = PointIndex.build(points.lat, points.lon);
  const accept = (i: number) => i % 23 === 0;
  assertSameAnswers(index, points, noAdded, queriesNear(random, points, 80), [200, 2_000], [1, 5], accept);
});

test("the accept filter is asked only about points that would enter the answer", () => {
  const random = new Random(14_05);
  const points = clusteredPoints(random, 20_000);
  const index = PointIndex.build(points.lat, points.lon);
  const asked = new Set<number>();
  const answer = index.nearest(points.lat[0] / 1e6, points.lon[0] / 1e6, 100, 5, (i) => {
    asked.add(i);
    return true;
  });
  for (const i of asked)
    assert.ok(distanceMetres(points.lat[0] / 1e6, points.lon[0] / 1e6, points.lat[i], points.lon[i]) <= 100);
  assert.ok(answer.every((n) => asked.has(n.index)));
});

test("an empty index answers nothing, and a zero limit answers nothing", () => {
  const empty = PointIndex.build(new Int32Array(0), new Int32Array(0));
  assert.deepEqual(empty.nearest(21, 105, 5_000, 5), []);
  const one = PointIndex.build(Int32Array.of(21_000_000), Int32Array.of(105_000_000));
  assert.deepEqual(one.nearest(21, 105, 10, 0), []);
  assert.deepEqual(one.nearest(21, 105, 10, 1), [{ index: 0, distanceM: 0 }]);
});

test("build indexes only the first `count` points", () => {
  const lat = Int32Array.of(21_000_000, 21_000_100, 21_000_200);
  const lon = Int32Array.of(105_000_000, 105_000_000, 105_000_000);
  const index = PointIndex.build(lat, lon, 2);
  assert.deepEqual(
    index.nearest(21.0002, 105, 1_000, 5).map((n) => n.index),
    [1, 0],
  );
});

test("a query far outside the grid finds what lies within its radius and stops", () => {
  const random = new Random(14_06);
  const points = uniformPoints(random, 5_000);
  const index = PointIndex.build(points.lat, points.lon);
  assert.deepEqual(index.nearest(40, 130, 5_000, 5), []);
  // Just outside the box of the points, with a radius that reaches into it.
  assertSameAnswers(
    index,
    points,
    noAdded,
    [
      [7.4, 101.9],
      [23.6, 118.1],
      [15, 101.5],
    ],
    [80_000, 200_000],
    [3],
  );
});

test("points added after the build are found, and a moved record is found only at its new place", () => {
  const random = new Random(14_07);
  const points = clusteredPoints(random, 20_000);
  const index = PointIndex.build(points.lat, points.lon);
  const added = new Map<number, [number, number]>();
  for (let k = 0; k < 300; k++) {
    // New records (indexes past the build) and moved ones (indexes inside it), near existing points.
    const index_ = k % 3 === 0 ? random.int(0, 19_999) : 20_000 + k;
    const near = random.int(0, 19_999);
    const at: [number, number] = [
      points.lat[near] + random.int(-300, 300),
      points.lon[near] + random.int(-300, 300),
    ];
    index.add(index_, at[0], at[1]);
    added.set(index_, at);
  }
  assert.equal(index.addedCount, added.size);
  assertSameAnswers(index, points, added, queriesNear(random, points, 80), [50, 500], [1, 5, 20]);
  // Moved twice: only the last place counts.
  index.add(5, 8_000_000, 104_000_000);
  index.add(5, 8_000_100, 104_000_000);
  assert.deepEqual(index.nearest(8.0001, 104, 1, 5), [{ index: 5, distanceM: 0 }]);
  assert.deepEqual(index.nearest(8, 104, 1, 5), []);
});

test("the persisted arrays open to an index that answers the same, side list included", () => {
  const random = new Random(14_08);
  const points = clusteredPoints(random, 20_000);
  const index = PointIndex.build(points.lat, points.lon, undefined, { cellSizeE6: 700 });
  index.add(20_000, points.lat[3] + 10, points.lon[3]);
  index.add(3, points.lat[9], points.lon[9] + 40);
  // Through bytes, as the engine's file would carry them.
  const copies = Object.fromEntries(
    Object.entries(index.toArrays()).map(([name, array]) => [name, array.slice()]),
  ) as Record<string, Uint32Array | Int32Array>;
  const reopened = PointIndex.fromArrays(copies);
  assert.equal(reopened.addedCount, 2);
  assert.equal(reopened.builtCount, 20_000);
  for (const [lat, lon] of queriesNear(random, points, 100))
    assert.deepEqual(reopened.nearest(lat, lon, 500, 10), index.nearest(lat, lon, 500, 10));
});

test("persisted arrays of another version or with a wrong size are refused, naming the problem", () => {
  const arrays = PointIndex.build(
    Int32Array.of(21_000_000, 21_000_001),
    Int32Array.of(105_000_000, 105_000_000),
  ).toArrays();
  const version = { ...arrays, format: arrays.format.slice() };
  version.format[1] = POINT_INDEX_VERSION + 1;
  assert.throws(() => PointIndex.fromArrays(version), /format version 2, this build reads version 1/);
  assert.throws(
    () => PointIndex.fromArrays({ ...arrays, format: Int32Array.of(1, 2, 3) }),
    /not a point index/,
  );
  assert.throws(
    () => PointIndex.fromArrays({ ...arrays, pointLat: new Int32Array(1) }),
    /"pointLat" should be a Int32Array of 2 entries, got a Int32Array of 1/,
  );
  assert.throws(
    () => PointIndex.fromArrays({ ...arrays, order: new Int32Array(2) }),
    /"order" should be a Uint32Array/,
  );
});

test("the equirectangular distance is within 0.01 % of the great-circle distance up to 5 km in Vietnam", () => {
  const random = new Random(14_09);
  const R = 6_371_008.8;
  const radians = Math.PI / 180;
  for (let k = 0; k < 2_000; k++) {
    const lat = 7.5 + random.next() * 16;
    const lon = 102 + random.next() * 16;
    const bearing = random.next() * 2 * Math.PI;
    const metres = 1 + random.next() * 5_000;
    const latE6 = Math.round((lat + (metres * Math.cos(bearing)) / R / radians) * 1e6);
    const lonE6 = Math.round(
      (lon + (metres * Math.sin(bearing)) / (R * Math.cos(lat * radians)) / radians) * 1e6,
    );
    // Haversine.
    const dLat = (latE6 / 1e6 - lat) * radians;
    const dLon = (lonE6 / 1e6 - lon) * radians;
    const h =
      Math.sin(dLat / 2) ** 2 +
      Math.cos(lat * radians) * Math.cos((latE6 / 1e6) * radians) * Math.sin(dLon / 2) ** 2;
    const greatCircle = 2 * R * Math.asin(Math.sqrt(h));
    const planar = distanceMetres(lat, lon, latE6, lonE6);
    assert.ok(
      Math.abs(planar - greatCircle) <= 1e-4 * greatCircle + 1e-6,
      `${planar} vs ${greatCircle} at ${lat}, ${lon}`,
    );
  }
});

test("bad arguments are refused with the offending value", () => {
  const index = PointIndex.build(Int32Array.of(21_000_000), Int32Array.of(105_000_000));
  assert.throws(() => index.nearest(Number.NaN, 105, 10, 1), /NaN, 105, 10/);
  assert.throws(() => index.nearest(21, 105, -1, 1), /-1/);
  assert.throws(() => index.add(-1, 0, 0), /got -1/);
  assert.throws(() => PointIndex.build(new Int32Array(2), new Int32Array(2), 3), /count 3/);
  assert.throws(() => PointIndex.build(new Int32Array(2), new Int32Array(2), 2, { cellSizeE6: 0 }), /got 0/);
  // 100,001 × 100,001 cells of 1 µ° need more than 32-bit cell keys.
  assert.throws(
    () => PointIndex.build(Int32Array.of(0, 100_000), Int32Array.of(0, 100_000), 2, { cellSizeE6: 1 }),
    /100001 × 100001 cells of 1 µ° do not fit 32-bit cell keys/,
  );
});
