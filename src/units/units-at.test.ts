import assert from "node:assert/strict";
import { test } from "node:test";
import { loadRegistry } from "./registry.js";
import { sharedBoundaries, unitsAt } from "./units-at.js";

const registry = loadRegistry();

test("units at the label point of every new commune names that commune and its province", () => {
  const boundaries = sharedBoundaries();
  const communes = registry.list("new", "ward");
  assert.equal(boundaries.count, communes.length);
  for (const commune of communes) {
    // The label point is the centroid when it lies inside the commune, else the pole of
    // inaccessibility: a concave commune's centroid can lie in its neighbour.
    const point = boundaries.labelPoint(commune.code);
    assert.ok(point, `no boundary for ${commune.code}`);
    const at = unitsAt(registry, point.lat, point.lon);
    assert.equal(at?.new.ward.code, commune.code, `${commune.code} ${commune.fullName}`);
    assert.equal(at?.new.province.code, commune.provinceCode);
    assert.ok(at.exact);
  }
});

test("units at a point in Bến Thành market: Phường Bến Thành now, Quận 1's wards before", () => {
  const at = unitsAt(registry, 10.7725, 106.698);
  assert.equal(at?.new.ward.full_name, "Phường Bến Thành");
  assert.equal(at?.new.province.code, "79");
  assert.ok(at.old.length >= 1);
  assert.ok(at.old.every((o) => o.district?.full_name === "Quận 1" && o.province.code === "79"));
  assert.ok(at.old.some((o) => o.ward?.full_name === "Phường Bến Thành" && o.whole));
});

test("units at Hoàn Kiếm lake are in Hà Nội in both structures", () => {
  const at = unitsAt(registry, 21.0287, 105.8524);
  assert.equal(at?.new.province.code, "01");
  assert.ok(at.old.every((o) => o.province.code === "01"));
});

test("a point in the open sea or abroad has no commune", () => {
  assert.equal(unitsAt(registry, 12.0, 112.0), null); // South China Sea, between coast and Trường Sa
  assert.equal(unitsAt(registry, 13.75, 100.5), null); // Bangkok
});
