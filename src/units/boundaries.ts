/**
 * Point → new commune and province, and each commune's boundary, from `data/boundaries/communes.v1.bin`
 * (built by `scripts/build-boundaries.ts` from the simplified 2025 commune polygons).
 *
 * A lookup asks a Flatbush index over the commune bounding boxes for candidates, then runs an exact
 * even-odd point-in-polygon test on each. The polygons were simplified to 12 % of their vertices, so
 * a point on land can still miss every polygon: on a coast whose simplified line cuts inland, in the
 * ~50 slivers the simplifier dropped, or inside a self-intersection. Such a point is given to the
 * commune with the nearest boundary, if that boundary is within a tolerance (200 m by default), and
 * the answer says so: `exact: false` and the distance. Farther out (open sea, neighbouring countries)
 * the answer is null.
 *
 * Loading reads the file, checks its magic and version and opens the Flatbush index stored in it
 * (~20 ms); the coordinate stream is decoded on the first query that needs it (~50 ms once; see
 * docs/benchmarks.md "Point → unit"). The province polygons are never read: see `provinceAt`.
 *
 * Hot path: one Flatbush search per query with a callback created once (Flatbush itself allocates two
 * small arrays per search), and allocation-free polygon tests. `locate` allocates its answer object;
 * `communeAt` and `provinceAt` return interned strings.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type Flatbush from "flatbush";
import { type BoundariesMeta, decodeCoordinates, MICRO, readBoundariesMeta } from "./boundaries-format.js";
import {
  buildEdgeBlocks,
  distanceToRings,
  type EdgeBlocks,
  pointInRingsBlocked,
  ringsDistance,
} from "./point-in-polygon.js";

/** Where `loadBoundaries()` looks by default: <repo>/data/boundaries/communes.v1.bin (from dist/src/units/). */
export const DEFAULT_BOUNDARIES_PATH = fileURLToPath(
  new URL("../../../data/boundaries/communes.v1.bin", import.meta.url),
);

/** How far (metres) from the nearest commune boundary a point outside every polygon may be and still get it. */
export const DEFAULT_TOLERANCE_M = 200;

/** Metres per micro-degree of latitude (and of longitude at the equator), on a sphere of 6,371 km radius. */
const METRES_PER_MICRODEGREE = 0.111_195;

/** The commune a point lies in, or was given to under the gap tolerance. */
export interface CommuneLocation {
  /** 5-digit new (2025) commune code. */
  code: string;
  /** 2-digit new (2025) province code of that commune. */
  provinceCode: string;
  /** True when the point lies inside the commune's polygon; false when given to it by the tolerance. */
  exact: boolean;
  /** 0 when exact; otherwise the distance in metres to the commune's boundary (≤ the tolerance). */
  distanceM: number;
}

export interface LatLon {
  lat: number;
  lon: number;
}

/** [west, south, east, north] in degrees (GeoJSON order). */
export type BBox = [west: number, south: number, east: number, north: number];

/** A GeoJSON Feature (RFC 7946) for one commune; rings closed, outer rings first, [lon, lat] degrees. */
export interface CommuneFeature {
  type: "Feature";
  bbox: BBox;
  properties: { code: string; provinceCode: string };
  geometry:
    | { type: "Polygon"; coordinates: number[][][] }
    | { type: "MultiPolygon"; coordinates: number[][][][] };
}

/**
 * Reads the commune boundaries. Throws if the file is missing, foreign, truncated or of another
 * format version (the message names the file and what was wrong).
 * @param path defaults to DEFAULT_BOUNDARIES_PATH
 */
export function loadBoundaries(path: string = DEFAULT_BOUNDARIES_PATH): Boundaries {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(
      `Cannot read the commune boundaries at ${path} (build them with: node dist/scripts/build-boundaries.js): ${(error as Error).message}`,
    );
  }
  return new Boundaries(readBoundariesMeta(bytes, path), path);
}

export class Boundaries {
  /** Number of communes (3,321 in the 2025 data). */
  readonly count: number;
  /** Commune codes in file order. */
  readonly codes: readonly string[];

  private readonly meta: BoundariesMeta;
  private readonly source: string;
  private readonly indexByCode = new Map<string, number>();
  private readonly index: Flatbush;
  /** First ring of each commune (count + 1 entries), so the hot path skips the parts table. */
  private readonly featureRings: Uint32Array;
  private coordinates: Int32Array | null = null;
  private blocks: EdgeBlocks | null = null;


  constructor(meta: BoundariesMeta, source: string) {
    this.meta = meta;
    this.source = source;
    this.count = meta.count;
    this.codes = meta.codes;
    for (const [i, code] of meta.codes.entries()) this.indexByCode.set(code, i);

    this.featureRings = new Uint32Array(meta.count + 1);
    for (let i = 0; i <= meta.count; i++) this.featureRings[i] = meta.partRings[meta.featureParts[i]];

    this.index = meta.index;
  }

  /** True once the coordinate stream has been decoded (it is on the first point query or boundaryOf). */
  get geometryLoaded(): boolean {
    return this.coordinates !== null;
  }

  /** Decodes the coordinates now rather than on the first query (for servers that warm up, and benchmarks). */
  loadGeometry(): void {
    this.geometry();
  }

  /**
   * The commune containing a WGS84 point. When no polygon contains it, the commune whose boundary is
   * nearest, if within `toleranceM` metres, with `exact: false`; otherwise null (sea, abroad).
   * Where two simplified polygons overlap, the one the point lies deeper inside wins.
   * Throws on a latitude or longitude that is not a finite number in range.
   * @param toleranceM defaults to DEFAULT_TOLERANCE_M (200 m); 0 gives exact matches only.
   */
  locate(lat: number, lon: number, toleranceM: number = DEFAULT_TOLERANCE_M): CommuneLocation | null {
    const found = this.find(lat, lon, toleranceM);
    if (found.index < 0) return null;
    return {
      code: this.meta.codes[found.index],
      provinceCode: this.meta.provinceCodes[found.index],
      exact: found.exact,
      distanceM: found.distanceM,
    };
  }

  /** 5-digit code of the commune at a point (same rules as `locate` with the default tolerance), or null. */
  communeAt(lat: number, lon: number): string | null {
    const { index } = this.find(lat, lon, DEFAULT_TOLERANCE_M);
    return index < 0 ? null : this.meta.codes[index];
  }

  /**
   * 2-digit code of the province at a point: the province of `communeAt`, so that the commune and the
   * province we report can never disagree. The 34 province polygons are not consulted: they are the
   * unsimplified outlines, so along every border they differ from the simplified communes by tens of
   * metres, and every commune, islands (Hoàng Sa, Trường Sa) included, already carries its province.
   */
  provinceAt(lat: number, lon: number): string | null {
    const { index } = this.find(lat, lon, DEFAULT_TOLERANCE_M);
    return index < 0 ? null : this.meta.provinceCodes[index];
  }

  has(code: string): boolean {
    return this.indexByCode.has(code);
  }

  /** 2-digit province code of a commune, or null for a code we hold no boundary for. */
  provinceOf(code: string): string | null {
    const i = this.indexByCode.get(code);
    return i === undefined ? null : this.meta.provinceCodes[i];
  }

  /**
   * A point inside the commune, checked at build time, for placing a label or a pin: its centroid
   * when that lies inside, else (37 concave or multi-part communes) polylabel's pole of
   * inaccessibility, which never falls outside. Null for an unknown code.
   */
  labelPoint(code: string): LatLon | null {
    const i = this.indexByCode.get(code);
    if (i === undefined) return null;
    return { lat: this.meta.labels[2 * i + 1] / MICRO, lon: this.meta.labels[2 * i] / MICRO };
  }

  /** Bounding box in degrees, [west, south, east, north]; null for an unknown code. */
  bboxOf(code: string): BBox | null {
    const i = this.indexByCode.get(code);
    if (i === undefined) return null;
    const b = this.meta.bboxes;
    return [b[4 * i] / MICRO, b[4 * i + 1] / MICRO, b[4 * i + 2] / MICRO, b[4 * i + 3] / MICRO];
  }

  /**
   * The commune's (simplified) boundary as a GeoJSON Feature for drawing, or null for an unknown
   * code. Names are not included: join on `properties.code` with the unit registry.
   */
  boundaryOf(code: string): CommuneFeature | null {
    const i = this.indexByCode.get(code);
    if (i === undefined) return null;
    const coordinates = this.geometry();
    const { featureParts, partRings, ringPoints } = this.meta;
    const polygons: number[][][][] = [];
    for (let part = featureParts[i]; part < featureParts[i + 1]; part++) {
      const rings: number[][][] = [];
      for (let ring = partRings[part]; ring < partRings[part + 1]; ring++) {
        const points: number[][] = [];
        for (let p = ringPoints[ring]; p < ringPoints[ring + 1]; p++) {
          points.push([coordinates[2 * p] / MICRO, coordinates[2 * p + 1] / MICRO]);
        }
        points.push([...points[0]]); // GeoJSON rings repeat their first point
        rings.push(points);
      }
      polygons.push(rings);
    }
    return {
      type: "Feature",
      bbox: this.bboxOf(code)!,
      properties: { code, provinceCode: this.meta.provinceCodes[i] },
      geometry:
        polygons.length === 1
          ? { type: "Polygon", coordinates: polygons[0] }
          : { type: "MultiPolygon", coordinates: polygons },
    };
  }

  /**
   * The gap in metres between two communes' (simplified) polygons: 0 when they share a boundary,
   * overlap or one lies inside the other, otherwise the shortest distance between their boundaries.
   * Throws for a code we hold no boundary for. Exact over the edges of both, so meant for checks
   * over the reference data (see successor-geometry.ts), not for per-record work.
   */
  gapM(codeA: string, codeB: string): number {
    const a = this.mustIndex(codeA);
    const b = this.mustIndex(codeB);
    if (a === b) return 0;
    const coordinates = this.geometry();
    const { bboxes, ringPoints } = this.meta;
    const rings = this.featureRings;
    const meanLatitude = (bboxes[4 * a + 1] + bboxes[4 * a + 3] + bboxes[4 * b + 1] + bboxes[4 * b + 3]) / (4 * MICRO);
    const [kx, ky] = metresPerMicrodegree(meanLatitude);
    const gap = ringsDistance(coordinates, ringPoints, rings[a], rings[a + 1], rings[b], rings[b + 1], kx, ky);
    if (gap === 0) return 0;
    // No edge meets: either apart, or one polygon wholly inside the other (then any of its points is).
    const firstPoint = (i: number) => ringPoints[rings[i]];
    const pa = firstPoint(a);
    const pb = firstPoint(b);
    if (this.contains(b, coordinates[2 * pa], coordinates[2 * pa + 1])) return 0;
    if (this.contains(a, coordinates[2 * pb], coordinates[2 * pb + 1])) return 0;
    return gap;
  }

  private mustIndex(code: string): number {
    const i = this.indexByCode.get(code);
    if (i === undefined) throw new Error(`No boundary for commune code "${code}" in ${this.source}.`);
    return i;
  }

  /**
   * The commune at the point (see `locate`): its index or -1, whether its polygon contains the point,
   * and the distance in metres (0 when it does). Everything a query needs lives in this call, so
   * that queries never share state (a server answers many; the boundaries are shared).
   */
  private find(lat: number, lon: number, toleranceM: number): { index: number; exact: boolean; distanceM: number } {
    assertLatLon(lat, lon);
    if (!(toleranceM >= 0)) throw new Error(`Tolerance must be a number of metres ≥ 0; got ${toleranceM}.`);
    const coordinates = this.geometry();
    const blocks = this.blocks!;
    const { ringPoints } = this.meta;
    const rings = this.featureRings;
    const count = this.count;
    const x = lon * MICRO;
    const y = lat * MICRO;
    let firstHit = -1;
    let hitCount = 0;
    // Flatbush has already matched the bounding box, so only the exact test remains. The filter
    // never keeps a candidate: hits are counted here, and search() returns an empty array.
    this.index.search(x, y, x, y, (i: number): boolean => {
      if (i < count && pointInRingsBlocked(coordinates, ringPoints, blocks, rings[i], rings[i + 1], x, y)) {
        if (hitCount++ === 0) firstHit = i;
      }
      return false;
    });
    if (hitCount === 1) return { index: firstHit, exact: true, distanceM: 0 };
    if (hitCount > 1) return { index: this.deepestContaining(x, y, lat), exact: true, distanceM: 0 };
    if (toleranceM > 0) return this.nearestWithin(x, y, lat, toleranceM);
    return { index: -1, exact: true, distanceM: 0 };
  }

  private contains(i: number, x: number, y: number): boolean {
    const b = this.meta.bboxes;
    if (x < b[4 * i] || x > b[4 * i + 2] || y < b[4 * i + 1] || y > b[4 * i + 3]) return false;
    const rings = this.featureRings;
    return pointInRingsBlocked(
      this.coordinates!,
      this.meta.ringPoints,
      this.blocks!,
      rings[i],
      rings[i + 1],
      x,
      y,
    );
  }

  /** Simplified neighbours can overlap slightly; the commune whose boundary is farther away is the likelier. */
  private deepestContaining(x: number, y: number, lat: number): number {
    const [kx, ky] = metresPerMicrodegree(lat);
    let best = -1;
    let bestDepth = -1;
    for (const i of this.index.search(x, y, x, y)) {
      if (!this.contains(i, x, y)) continue;
      const depth = this.distanceToBoundary(i, x, y, kx, ky);
      if (depth > bestDepth || (depth === bestDepth && i < best)) {
        best = i;
        bestDepth = depth;
      }
    }
    return best;
  }

  private nearestWithin(x: number, y: number, lat: number, toleranceM: number): { index: number; exact: boolean; distanceM: number } {
    const [kx, ky] = metresPerMicrodegree(lat);
    const dx = toleranceM / kx;
    const dy = toleranceM / ky;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const i of this.index.search(x - dx, y - dy, x + dx, y + dy)) {
      const distance = this.distanceToBoundary(i, x, y, kx, ky);
      if (distance < bestDistance || (distance === bestDistance && i < best)) {
        best = i;
        bestDistance = distance;
      }
    }
    if (best < 0 || bestDistance > toleranceM) return { index: -1, exact: true, distanceM: 0 };
    // Even at distance 0 (a point on an edge the even-odd rule put outside) the answer is not exact.
    return { index: best, exact: false, distanceM: bestDistance };
  }

  private distanceToBoundary(i: number, x: number, y: number, kx: number, ky: number): number {
    return distanceToRings(
      this.coordinates!,
      this.meta.ringPoints,
      this.featureRings[i],
      this.featureRings[i + 1],
      x,
      y,
      kx,
      ky,
    );
  }

  private geometry(): Int32Array {
    if (this.coordinates === null) {
      const coordinates = decodeCoordinates(this.meta.coordinateBytes, this.meta.pointCount, this.source);
      this.blocks = buildEdgeBlocks(coordinates, this.meta.ringPoints);
      this.coordinates = coordinates;
    }
    return this.coordinates;
  }
}

/** Throws an Error naming the value unless lat ∈ [-90, 90] and lon ∈ [-180, 180] are finite numbers. */
export function assertLatLon(lat: number, lon: number): void {
  if (typeof lat !== "number" || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new Error(
      `Vĩ độ không hợp lệ / invalid latitude: ${String(lat)} (expected a number from -90 to 90).`,
    );
  }
  if (typeof lon !== "number" || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new Error(
      `Kinh độ không hợp lệ / invalid longitude: ${String(lon)} (expected a number from -180 to 180).`,
    );
  }
}

function metresPerMicrodegree(lat: number): [kx: number, ky: number] {
  const ky = METRES_PER_MICRODEGREE;
  return [Math.max(ky * Math.cos((lat * Math.PI) / 180), 1e-9), ky];
}
