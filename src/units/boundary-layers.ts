/**
 * Boundaries as map layers for the web app: the 34 provinces simplified for a view of the whole
 * country, and the communes of one province for a closer view. Both are drawn from the shipped
 * polygons (no tile server), so they must be light enough to send to a phone: the outlines are
 * simplified (Douglas–Peucker, `simplify-js`) to about a pixel at the zoom they are drawn at and
 * their coordinates rounded to that precision. Names are not added here: the unit service joins
 * them from the registry.
 */
import { readFileSync } from "node:fs";
import simplify from "simplify-js";
import type { Boundaries } from "./boundaries.js";
import { PROVINCES_GEOJSON_PATH } from "./province-boundaries.js";

export type LayerGeometry =
  | { type: "Polygon"; coordinates: number[][][] }
  | { type: "MultiPolygon"; coordinates: number[][][][] };

export interface LayerFeature {
  type: "Feature";
  properties: { code: string };
  geometry: LayerGeometry;
}

export interface LayerCollection {
  type: "FeatureCollection";
  features: LayerFeature[];
}

/** How a layer is simplified: the largest deviation allowed, and the decimals kept. */
export interface Simplification {
  /** Degrees an outline may move (Douglas–Peucker tolerance). */
  toleranceDeg: number;
  /** Decimals of a degree kept in each coordinate (4 ≈ 11 m, 5 ≈ 1 m). */
  decimals: number;
}

/**
 * The country seen whole (zoom 5–7, where a pixel is 1–5 km): 0.005° (~550 m) keeps every coast
 * and border recognisable and sends about a twentieth of the shipped vertices.
 */
export const PROVINCE_LAYER: Simplification = { toleranceDeg: 0.005, decimals: 4 };

/**
 * One province seen close (zoom 9–13): the communes are already simplified when shipped
 * (communes.v1.bin), so this only drops the vertices closer than ~20 m to the line and the digits
 * below a metre.
 */
export const COMMUNE_LAYER: Simplification = { toleranceDeg: 0.0002, decimals: 5 };

function simplifyRing(ring: readonly number[][], { toleranceDeg, decimals }: Simplification): number[][] | null {
  const scale = 10 ** decimals;
  const kept = simplify(
    ring.map(([x, y]) => ({ x, y })),
    toleranceDeg,
    true,
  );
  // A ring needs three distinct corners and its closing point; smaller islands vanish at this zoom.
  if (kept.length < 4) return null;
  return kept.map(({ x, y }) => [Math.round(x * scale) / scale, Math.round(y * scale) / scale]);
}

function simplifyPolygon(rings: readonly number[][][], how: Simplification): number[][][] | null {
  const [outer, ...holes] = rings;
  const kept = simplifyRing(outer, how);
  if (!kept) return null;
  return [kept, ...holes.map((hole) => simplifyRing(hole, how)).filter((hole) => hole !== null)];
}

/**
 * A polygon or multipolygon simplified; parts that shrink below a triangle are dropped, but never
 * all of them: a unit smaller than the tolerance keeps its largest part unsimplified, so that it
 * stays on the map and clickable.
 */
export function simplifyGeometry(geometry: LayerGeometry, how: Simplification): LayerGeometry {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const kept = polygons.map((polygon) => simplifyPolygon(polygon, how)).filter((polygon) => polygon !== null);
  if (kept.length === 0) {
    const largest = polygons.reduce((a, b) => (b[0].length > a[0].length ? b : a));
    return { type: "Polygon", coordinates: largest.map((ring) => simplifyRing(ring, { ...how, toleranceDeg: 0 }) ?? ring) };
  }
  return kept.length === 1 ? { type: "Polygon", coordinates: kept[0] } : { type: "MultiPolygon", coordinates: kept };
}

/** The 34 provinces from the shipped GeoJSON, simplified for a whole-country view. */
export function provinceLayer(how: Simplification = PROVINCE_LAYER, path: string = PROVINCES_GEOJSON_PATH): LayerCollection {
  const shipped = JSON.parse(readFileSync(path, "utf8")) as {
    features: { properties: { code: string | number }; geometry: LayerGeometry }[];
  };
  return {
    type: "FeatureCollection",
    features: shipped.features.map((feature) => ({
      type: "Feature",
      properties: { code: String(feature.properties.code) },
      geometry: simplifyGeometry(feature.geometry, how),
    })),
  };
}

/** The communes of one province (2-digit code), in file order; empty for a code without communes. */
export function communeLayer(boundaries: Boundaries, provinceCode: string, how: Simplification = COMMUNE_LAYER): LayerCollection {
  const features: LayerFeature[] = [];
  for (const code of boundaries.codes) {
    if (boundaries.provinceOf(code) !== provinceCode) continue;
    const shipped = boundaries.boundaryOf(code)!;
    features.push({ type: "Feature", properties: { code }, geometry: simplifyGeometry(shipped.geometry, how) });
  }
  return { type: "FeatureCollection", features };
}
