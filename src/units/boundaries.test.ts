import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Random } from "../common/random.js";
import { DEFAULT_BOUNDARIES_PATH, loadBoundaries } from "./boundaries.js";
import {
  decodeCoordinates,
  encodeBoundaries,
  HEADER_BYTES,
  readBoundariesMeta,
} from "./boundaries-format.js";
import { buildEdgeBlocks, pointInRings, pointInRingsBlocked } from "./point-in-polygon.js";

const boundaries = loadBoundaries();

describe("the shipped commune boundaries", () => {
  test("hold all 3,321 new communes with distinct 5-digit codes and 2-digit province codes", () => {
    assert.equal(boundaries.count, 3321);
    assert.equal(new Set(boundaries.codes).size, 3321);
    for (const code of boundaries.codes) {
      assert.match(code, /^\d{5}$/);
      assert.match(boundaries.provinceOf(code)!, /^\d{2}$/);
    }
    assert.equal(new Set(boundaries.codes.map((code) => boundaries.provinceOf(code))).size, 34);
  });

  test("defer decoding the coordinates until the first point query", () => {
    const fresh = loadBoundaries();
    assert.equal(fresh.geometryLoaded, false);
    fresh.communeAt(21.0287, 105.8524);
    assert.equal(fresh.geometryLoaded, true);
  });
});

describe("units at a point", () => {
  test("locates every commune's label point exactly in that commune: its centroid, or polylabel's pole of inaccessibility for the 37 whose centroid lies outside", () => {
    const misplaced: string[] = [];
    for (const code of boundaries.codes) {
      const { lat, lon } = boundaries.labelPoint(code)!;
      const found = boundaries.locate(lat, lon, 0);
      if (found?.code !== code || !found.exact) misplaced.push(`${code} → ${JSON.stringify(found)}`);
    }
    assert.deepEqual(misplaced, []);
  });

  test("places Hoàn Kiếm lake in Phường Hoàn Kiếm (00070), Hà Nội (01)", () => {
    assert.deepEqual(boundaries.locate(21.0287, 105.8524), {
      code: "00070",
      provinceCode: "01",
      exact: true,
      distanceM: 0,
    });
    assert.equal(boundaries.communeAt(21.0287, 105.8524), "00070");
    assert.equal(boundaries.provinceAt(21.0287, 105.8524), "01");
  });

  test("places Bến Thành market in Phường Bến Thành (26743), Hồ Chí Minh City (79)", () => {
    assert.equal(boundaries.communeAt(10.7725, 106.698), "26743");
    assert.equal(boundaries.provinceAt(10.7725, 106.698), "79");
  });

  test("finds no commune or province in the open sea far from any coast", () => {
    for (const [lat, lon] of [
      [17.5, 109.5], // between Quảng Trị and Hainan
      [14, 110.5], // off Bình Định, between the coast and the Paracels
    ]) {
      assert.equal(boundaries.locate(lat, lon), null);
      assert.equal(boundaries.communeAt(lat, lon), null);
      assert.equal(boundaries.provinceAt(lat, lon), null);
    }
  });

  test("gives a beach point 126 m outside Đà Nẵng's simplified coastline to Phường An Hải, marked inexact", () => {
    const found = boundaries.locate(16.06, 108.2485)!;
    assert.equal(found.code, "20275");
    assert.equal(found.provinceCode, "48");
    assert.equal(found.exact, false);
    assert.ok(found.distanceM > 100 && found.distanceM < 150, `distance ${found.distanceM}`);
    assert.equal(boundaries.communeAt(16.06, 108.2485), "20275");
  });

  test("gives a gap point nothing when the tolerance is smaller than its distance", () => {
    assert.equal(boundaries.locate(16.06, 108.2485, 0), null);
    assert.equal(boundaries.locate(16.06, 108.2485, 100), null);
  });

  test("rejects a non-finite or out-of-range coordinate with an error naming the value", () => {
    for (const [lat, lon, shown] of [
      [Number.NaN, 105, "invalid latitude: NaN"],
      [91, 105, "invalid latitude: 91"],
      [-90.5, 105, "invalid latitude: -90.5"],
      [21, Number.POSITIVE_INFINITY, "invalid longitude: Infinity"],
      [21, 180.1, "invalid longitude: 180.1"],
      [21, "105" as unknown as number, "invalid longitude: 105"],
    ] as [number, number, string][]) {
      assert.throws(() => boundaries.communeAt(lat, lon), { message: new RegExp(shown.replace(".", "\\.")) });
    }
    assert.throws(() => boundaries.locate(21, 105, -1), /Tolerance must be .* got -1/);
  });
});

describe("a commune's boundary", () => {
  test("is a GeoJSON Feature with closed rings inside its bounding box", () => {
    const feature = boundaries.boundaryOf("00070")!;
    assert.equal(feature.type, "Feature");
    assert.deepEqual(feature.properties, { code: "00070", provinceCode: "01" });
    assert.equal(feature.geometry.type, "Polygon");
    const [west, south, east, north] = boundaries.bboxOf("00070")!;
    assert.deepEqual(feature.bbox, [west, south, east, north]);
    for (const ring of feature.geometry.coordinates as number[][][]) {
      assert.ok(ring.length >= 4);
      assert.deepEqual(ring[0], ring[ring.length - 1]);
      for (const [lon, lat] of ring) assert.ok(lon >= west && lon <= east && lat >= south && lat <= north);
    }
  });

  test("is a MultiPolygon for a commune with islands", () => {
    const multi = boundaries.codes.find(
      (code) => boundaries.boundaryOf(code)!.geometry.type === "MultiPolygon",
    );
    assert.ok(multi, "some commune has several parts");
  });

  test("is null, as are its label point and box, for a code we hold no boundary for", () => {
    assert.equal(boundaries.boundaryOf("99999"), null);
    assert.equal(boundaries.labelPoint("99999"), null);
    assert.equal(boundaries.bboxOf("99999"), null);
    assert.equal(boundaries.provinceOf("99999"), null);
  });
});

describe("the boundaries file format", () => {
  const dir = mkdtempSync(join(tmpdir(), "diachiso-boundaries-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const shipped = readFileSync(DEFAULT_BOUNDARIES_PATH);
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  test("round-trips codes, label points and rings through encode and decode", () => {
    const bytes = encodeBoundaries([
      { code: "00001", provinceCode: "01", label: [5, 5], parts: [[[0, 0, 10, 0, 10, 10, 0, 10]]] },
      {
        code: "12345",
        provinceCode: "79",
        label: [-3, 2],
        parts: [
          [[-10, -10, 0, -10, 0, 10]],
          [
            [20, 20, 30, 20, 30, 30, 20, 30],
            [22, 22, 28, 22, 28, 28],
          ],
        ],
      },
    ]);
    const meta = readBoundariesMeta(bytes, "memory");
    assert.deepEqual(meta.codes, ["00001", "12345"]);
    assert.deepEqual(meta.provinceCodes, ["01", "79"]);
    assert.deepEqual([...meta.labels], [5, 5, -3, 2]);
    assert.deepEqual([...meta.bboxes], [0, 0, 10, 10, -10, -10, 30, 30]);
    assert.deepEqual([...meta.featureParts], [0, 1, 3]);
    assert.deepEqual([...meta.partRings], [0, 1, 2, 4]);
    assert.deepEqual([...meta.ringPoints], [0, 4, 7, 11, 14]);
    const coordinates = decodeCoordinates(meta.coordinateBytes, meta.pointCount, "memory");
    assert.deepEqual([...coordinates.subarray(22)], [22, 22, 28, 22, 28, 28]);
  });

  test("rejects a foreign file by its magic bytes", () => {
    const path = write("foreign.bin", new TextEncoder().encode('{"type":"Topology","arcs":[]}'));
    assert.throws(
      () => loadBoundaries(path),
      /foreign\.bin: not a usable diachiso boundaries file \(magic bytes "\{\\"ty"/,
    );
  });

  test("rejects a file of another format version and says how to rebuild it", () => {
    const newer = Uint8Array.from(shipped);
    newer[4] = 2;
    assert.throws(
      () => loadBoundaries(write("newer.bin", newer)),
      /format version 2, this build reads version 1; rebuild/,
    );
  });

  test("rejects a file whose stored spatial index is not a Flatbush index", () => {
    const damaged = Uint8Array.from(shipped);
    damaged[HEADER_BYTES] = 0; // Flatbush's own magic byte, 0xfb
    assert.throws(
      () => loadBoundaries(write("damaged.bin", damaged)),
      /spatial index: Data does not appear to be in a Flatbush format/,
    );
  });

  test("rejects a truncated file before reading its tables", () => {
    const truncated = shipped.subarray(0, shipped.length - 1000);
    assert.throws(
      () => loadBoundaries(write("truncated.bin", truncated)),
      /header says \d+ bytes, file has \d+/,
    );
    assert.throws(() => loadBoundaries(write("tiny.bin", shipped.subarray(0, 10))), /10 bytes, shorter than/);
  });

  test("rejects a missing file with the command that builds it", () => {
    assert.throws(() => loadBoundaries(join(dir, "absent.bin")), /build-boundaries/);
  });
});

describe("point in rings (even-odd)", () => {
  // A 10 × 10 square with a 4 × 4 hole, and an island to its right, as one commune.
  const coordinates = Int32Array.from([
    0, 0, 10, 0, 10, 10, 0, 10, 3, 3, 7, 3, 7, 7, 3, 7, 20, 0, 25, 0, 25, 5,
  ]);
  const ringPoints = Uint32Array.from([0, 4, 8, 11]);
  const inside = (x: number, y: number) => pointInRings(coordinates, ringPoints, 0, 3, x, y);

  test("counts a point between the outer ring and the hole as inside", () =>
    assert.equal(inside(1, 1), true));
  test("counts a point in the hole as outside", () => assert.equal(inside(5, 5), false));
  test("counts a point on a separate island part as inside", () => assert.equal(inside(24, 1), true));
  test("counts a point beside every ring as outside", () => assert.equal(inside(15, 5), false));
});

describe("point in rings with edge blocks", () => {
  test("gives the same answer as the plain even-odd test for 20,000 seeded points around real communes", () => {
    const meta = readBoundariesMeta(readFileSync(DEFAULT_BOUNDARIES_PATH), DEFAULT_BOUNDARIES_PATH);
    const coordinates = decodeCoordinates(meta.coordinateBytes, meta.pointCount, DEFAULT_BOUNDARIES_PATH);
    const blocks = buildEdgeBlocks(coordinates, meta.ringPoints);
    const random = new Random(1);
    let insideCount = 0;
    for (let n = 0; n < 20_000; n++) {
      const i = Math.floor(random.next() * meta.count);
      const [west, south, east, north] = meta.bboxes.subarray(4 * i, 4 * i + 4);
      const firstRing = meta.partRings[meta.featureParts[i]];
      const endRing = meta.partRings[meta.featureParts[i + 1]];
      const x = west + random.next() * (east - west);
      // Every other point level with a vertex, where the half-open crossing rule and block ranges meet.
      const start = meta.ringPoints[firstRing];
      const vertex = start + Math.floor(random.next() * (meta.ringPoints[firstRing + 1] - start));
      const y = n % 2 ? coordinates[2 * vertex + 1] : south + random.next() * (north - south);
      const plain = pointInRings(coordinates, meta.ringPoints, firstRing, endRing, x, y);
      assert.equal(
        pointInRingsBlocked(coordinates, meta.ringPoints, blocks, firstRing, endRing, x, y),
        plain,
        `commune ${meta.codes[i]} at ${x}, ${y}`,
      );
      if (plain) insideCount++;
    }
    assert.ok(insideCount > 5_000, `only ${insideCount} points inside: the check would prove little`);
  });
});

describe("the gap between two communes", () => {
  test("is 0 for neighbours, and 42 km from Phường Hải Châu (Đà Nẵng) to Xã Quế Phước (ex-Quảng Nam)", () => {
    // Phường Hải Châu and Phường Hòa Cường share a boundary in central Đà Nẵng.
    assert.equal(boundaries.gapM("20242", "20257"), 0);
    assert.equal(boundaries.gapM("20242", "20242"), 0);
    const far = boundaries.gapM("20242", "20669");
    assert.ok(far > 42_000 && far < 42_700, `gap ${far}`);
    assert.equal(boundaries.gapM("20669", "20242"), far);
    assert.throws(() => boundaries.gapM("20242", "99999"), /No boundary for commune code "99999"/);
  });

  test("agrees with a vertex-by-vertex reference on 300 pairs of communes of one province", () => {
    const random = new Random(11);
    const polygons = (code: string) => {
      const { geometry } = boundaries.boundaryOf(code)!;
      return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    };
    const inside = (point: number[], rings: number[][][]) => {
      let crossings = 0;
      for (const ring of rings)
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i];
          const [xj, yj] = ring[j];
          if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) crossings++;
        }
      return crossings % 2 === 1;
    };
    const reference = (a: string, b: string) => {
      const [boxA, boxB] = [boundaries.bboxOf(a)!, boundaries.bboxOf(b)!];
      const latitude = (boxA[1] + boxA[3] + boxB[1] + boxB[3]) / 4;
      const kx = 111_195 * Math.cos((latitude * Math.PI) / 180);
      const ky = 111_195;
      const ringsA = polygons(a).flat();
      const ringsB = polygons(b).flat();
      if (ringsA.some((r) => r.some((p) => inside(p, ringsB))) || ringsB.some((r) => r.some((p) => inside(p, ringsA)))) return 0;
      let best = Number.POSITIVE_INFINITY;
      const pointToEdges = (p: number[], rings: number[][][]) => {
        for (const ring of rings)
          for (let i = 0; i + 1 < ring.length; i++) {
            const [ax, ay] = [(ring[i][0] - p[0]) * kx, (ring[i][1] - p[1]) * ky];
            const [bx, by] = [(ring[i + 1][0] - p[0]) * kx, (ring[i + 1][1] - p[1]) * ky];
            const dx = bx - ax;
            const dy = by - ay;
            const t = Math.max(0, Math.min(1, dx * dx + dy * dy === 0 ? 0 : -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
            best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
          }
      };
      for (const ring of ringsA) for (const p of ring) pointToEdges(p, ringsB);
      for (const ring of ringsB) for (const p of ring) pointToEdges(p, ringsA);
      return best;
    };
    let touching = 0;
    for (let n = 0; n < 300; n++) {
      const a = boundaries.codes[Math.floor(random.next() * boundaries.count)];
      const sameProvince = boundaries.codes.filter((c) => boundaries.provinceOf(c) === boundaries.provinceOf(a));
      const b = sameProvince[Math.floor(random.next() * sameProvince.length)];
      const expected = reference(a, b);
      const gap = boundaries.gapM(a, b);
      assert.ok(Math.abs(gap - expected) < 0.01, `${a}–${b}: gapM ${gap}, reference ${expected}`);
      if (gap === 0) touching++;
    }
    assert.ok(touching > 5 && touching < 295, `${touching} of 300 pairs touch: the sample would prove little`);
  });
});
