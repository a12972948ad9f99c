import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../common/random.js";
import { encode, VN_GRID, withUnit } from "./codec.js";
import { codeRanges } from "./ranges.js";

const inRanges = (code: string, ranges: [string, string][]) => ranges.some(([a, z]) => code >= a && code < z);

test("the code ranges of a box hold the code (and unit codes) of every point inside it", () => {
  const random = new Random(11);
  for (let b = 0; b < 300; b++) {
    const size = 10 ** (-4 + random.next() * 4.5); // 10 m to 300 km
    const width = size * (0.5 + random.next());
    // Boxes lie inside the code's box, where every point encodes.
    const south = 8 + random.next() * (VN_GRID.north - 2 - 8 - size);
    const west = 102.5 + random.next() * (VN_GRID.east - 0.5 - 102.5 - width);
    const box = { south, west, north: south + size, east: west + width };
    const ranges = codeRanges(box);
    assert.ok(ranges.length > 0 && ranges.length <= 64, `${ranges.length} ranges`);
    for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] >= ranges[i - 1][1], "sorted and disjoint");
    for (let i = 0; i < 40; i++) {
      const lat = box.south + random.next() * (box.north - box.south);
      const lon = box.west + random.next() * (box.east - box.west);
      const code = encode(lat, lon);
      assert.ok(inRanges(code, ranges), `${lat},${lon} → ${code} outside the ranges of ${JSON.stringify(box)}`);
      assert.ok(inRanges(withUnit(code, 27), ranges));
    }
  }
});

test("a small box is a few narrow ranges that leave out the city around it", () => {
  const box = { south: 21.028, west: 105.852, north: 21.029, east: 105.853 }; // ≈ 100 m by Hồ Gươm
  const ranges = codeRanges(box);
  assert.ok(ranges.length <= 32, `${ranges.length} ranges`);
  assert.ok(inRanges(encode(21.0285, 105.8525), ranges));
  assert.equal(inRanges(encode(21.04, 105.8525), ranges), false, "1 km north is outside");
  assert.equal(inRanges(encode(10.77, 106.7), ranges), false);
  assert.ok(ranges.every(([a]) => a.length >= 6), "prefixes of cells of 280 m or smaller");
});

test("a box outside the code's box has no ranges; one overlapping its edge is clamped", () => {
  assert.deepEqual(codeRanges({ south: 30, west: 120, north: 31, east: 121 }), []);
  const edge = codeRanges({ south: 24.5, west: 117.5, north: 26, east: 119 });
  assert.ok(inRanges(encode(24.9, 117.9), edge));
});
