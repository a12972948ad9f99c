import assert from "node:assert/strict";
import { test } from "node:test";
import { tileOf, tileRanges } from "./tiles.js";
import { mulberry32 } from "../../common/prng.js";

const prng = mulberry32;

test("the tile ranges of a box cover the tile of every point inside it", () => {
  const random = prng(7);
  for (let b = 0; b < 200; b++) {
    const size = 10 ** (-3 + random() * 3.5); // 100 m to 300 km
    const south = 8 + random() * 15;
    const west = 102.5 + random() * 14;
    const box = { south, west, north: south + size, east: west + size * (0.5 + random()) };
    const ranges = tileRanges(box);
    assert.ok(ranges.length <= 80, `${ranges.length} ranges`);
    for (let i = 0; i < 50; i++) {
      const lat = box.south + random() * (box.north - box.south);
      const lon = box.west + random() * (box.east - box.west);
      const tile = tileOf(lat, lon);
      assert.ok(
        ranges.some(([a, z]) => tile >= a && tile <= z),
        `point ${lat},${lon} (tile ${tile}) not covered by the ranges of ${JSON.stringify(box)}`,
      );
    }
  }
});

test("a small box needs few ranges and covers few tiles; ranges are sorted and disjoint", () => {
  const ranges = tileRanges({ south: 21.03, west: 105.83, north: 21.04, east: 105.84 });
  const tiles = ranges.reduce((n, [a, z]) => n + z - a + 1, 0);
  assert.ok(ranges.length <= 16 && tiles <= 64, `${ranges.length} ranges, ${tiles} tiles`);
  for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] > ranges[i - 1][1] + 1);
});

test("points outside the grid clamp to its edge instead of failing", () => {
  assert.equal(tileOf(-90, -180), 0);
  assert.equal(tileOf(90, 180), tileOf(24.9999999, 117.9999999));
});
