import assert from "node:assert/strict";
import { test } from "node:test";
import { simplifyGeometry } from "./simplify-boundary.js";

/** A closed ring approximating a circle of `radiusDeg` around (lon, lat) with `n` points. */
function circle(lon: number, lat: number, radiusDeg: number, n: number): number[][] {
  const ring = Array.from({ length: n }, (_, i) => [lon + radiusDeg * Math.cos((2 * Math.PI * i) / n), lat + radiusDeg * Math.sin((2 * Math.PI * i) / n)]);
  return [...ring, ring[0]];
}

test("a ring loses the points a tolerance cannot see and stays closed", () => {
  const ring = circle(105.8, 21, 0.5, 2000);
  const simplified = simplifyGeometry({ type: "Polygon", coordinates: [ring] }, 500);
  const [outer] = simplified.coordinates as number[][][];
  assert.ok(outer.length < 200 && outer.length >= 4, `${outer.length} points`);
  assert.deepEqual(outer[0], outer.at(-1));
});

test("a hole or a part that shrinks to nothing is dropped, but a unit's last part never is", () => {
  const big = circle(105.8, 21, 0.5, 400);
  const tinyHole = circle(105.8, 21, 0.0001, 40);
  const islet = circle(107, 20, 0.0001, 40);
  const both = simplifyGeometry({ type: "MultiPolygon", coordinates: [[big, tinyHole], [islet]] }, 1000);
  assert.equal(both.type, "Polygon", "the islet vanished");
  assert.equal((both.coordinates as number[][][]).length, 1, "the hole vanished");
  const alone = simplifyGeometry({ type: "Polygon", coordinates: [islet] }, 1000);
  assert.equal((alone.coordinates as number[][][])[0].length, islet.length, "an islet alone is kept as it was");
});

test("tolerance 0 only rounds to 5 decimals", () => {
  const ring = [[105.123456789, 21.1], [105.2, 21.1], [105.2, 21.2], [105.123456789, 21.1]];
  const rounded = simplifyGeometry({ type: "Polygon", coordinates: [ring] }, 0);
  assert.deepEqual((rounded.coordinates as number[][][])[0][0], [105.12346, 21.1]);
});
