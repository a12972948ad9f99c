import assert from "node:assert/strict";
import { test } from "node:test";
import { communeLayer, type LayerGeometry, provinceLayer, simplifyGeometry } from "./boundary-layers.js";
import { sharedBoundaries } from "./units-at.js";

const vertices = (geometry: LayerGeometry): number =>
  (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates).flat(2).length;

test("the province layer has the 34 provinces with a small share of the shipped vertices", () => {
  const layer = provinceLayer();
  assert.equal(layer.features.length, 34);
  assert.equal(new Set(layer.features.map((f) => f.properties.code)).size, 34);
  const sent = layer.features.reduce((sum, f) => sum + vertices(f.geometry), 0);
  const shipped = provinceLayer({ toleranceDeg: 0, decimals: 7 }).features.reduce((sum, f) => sum + vertices(f.geometry), 0);
  assert.ok(sent < shipped / 5, `${sent} vertices sent of ${shipped}`);
  for (const feature of layer.features) {
    const rings = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const ring of rings.flat()) {
      assert.ok(ring.length >= 4, `${feature.properties.code}: a ring of ${ring.length} points`);
      assert.deepEqual(ring[0], ring.at(-1), `${feature.properties.code}: a ring that does not close`);
    }
  }
});

test("the commune layer of a province holds exactly the communes the boundaries give that province", () => {
  const boundaries = sharedBoundaries();
  const expected = boundaries.codes.filter((code) => boundaries.provinceOf(code) === "01");
  const layer = communeLayer(boundaries, "01");
  assert.deepEqual(
    layer.features.map((f) => f.properties.code),
    expected,
  );
  assert.equal(communeLayer(boundaries, "00").features.length, 0);
});

test("coordinates are rounded to the decimals asked", () => {
  const [feature] = communeLayer(sharedBoundaries(), "01", { toleranceDeg: 0.0002, decimals: 3 }).features;
  const coordinates = (feature.geometry.type === "Polygon" ? feature.geometry.coordinates : feature.geometry.coordinates.flat()).flat();
  for (const [lon, lat] of coordinates) {
    assert.equal(Math.round(lon * 1000) / 1000, lon);
    assert.equal(Math.round(lat * 1000) / 1000, lat);
  }
});

test("a unit smaller than the tolerance keeps its largest part rather than vanishing", () => {
  const tiny: LayerGeometry = {
    type: "MultiPolygon",
    coordinates: [
      [[[0, 0], [0.001, 0], [0.001, 0.001], [0, 0.001], [0, 0]]],
      [[[1, 1], [1.0001, 1], [1.0001, 1.0001], [1, 1]]],
    ],
  };
  const kept = simplifyGeometry(tiny, { toleranceDeg: 0.01, decimals: 4 });
  assert.equal(kept.type, "Polygon");
  assert.deepEqual(kept.coordinates[0], tiny.coordinates[0][0]);
});

test("a part larger than the tolerance survives while a smaller island beside it is dropped", () => {
  const square = (x: number, size: number) => [[[x, 0], [x + size, 0], [x + size, size], [x, size], [x, 0]]];
  const kept = simplifyGeometry({ type: "MultiPolygon", coordinates: [square(0, 1), square(5, 0.0001)] }, { toleranceDeg: 0.01, decimals: 4 });
  assert.equal(kept.type, "Polygon");
  assert.deepEqual(kept.coordinates, square(0, 1));
});
