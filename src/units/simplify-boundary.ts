/**
 * Boundaries made lighter for drawing a whole country or a whole province at once (the dashboard's
 * choropleth): each ring simplified (Douglas–Peucker, npm `simplify-js`) to a tolerance in metres
 * and its coordinates rounded to 5 decimals (about 1 m). The shipped provinces are unsimplified
 * (about 92,000 points, 2 MB): drawn 600 px tall, a kilometre is already less than a pixel.
 *
 * A ring is simplified in a plane where a degree of longitude is as long as it is at the ring's
 * latitude, so the tolerance means the same metres east–west and north–south. Holes and parts that
 * shrink to nothing are dropped, but never a unit's last part: a small island commune stays drawn
 * with its points as shipped.
 */
import simplify from "simplify-js";

/** Metres per degree of latitude (and of longitude at the equator). */
const METRES_PER_DEGREE = 111_320;

export type PolygonCoordinates = number[][][];

export interface DrawableGeometry {
  type: "Polygon" | "MultiPolygon";
  coordinates: PolygonCoordinates | PolygonCoordinates[];
}

const round = (value: number) => Math.round(value * 1e5) / 1e5;

/** A closed ring ([lon, lat] points, the first repeated last) simplified; null when fewer than 3 distinct points are left. */
function simplifyRing(ring: number[][], toleranceM: number): number[][] | null {
  const midLat = ring.reduce((sum, [, lat]) => sum + lat, 0) / ring.length;
  const lonScale = Math.cos((midLat * Math.PI) / 180);
  const points = ring.map(([lon, lat]) => ({ x: lon * lonScale, y: lat }));
  const kept = simplify(points, toleranceM / METRES_PER_DEGREE, true).map(({ x, y }) => [round(x / lonScale), round(y)]);
  const distinct = kept.filter((point, i) => i === 0 || point[0] !== kept[i - 1][0] || point[1] !== kept[i - 1][1]);
  if (distinct.length < 4) return null; // a triangle closed on itself is 4 points
  return distinct;
}

function simplifyPolygon(polygon: PolygonCoordinates, toleranceM: number): PolygonCoordinates | null {
  const [outer, ...holes] = polygon;
  const simplifiedOuter = simplifyRing(outer, toleranceM);
  if (simplifiedOuter === null) return null;
  const keptHoles = holes.map((hole) => simplifyRing(hole, toleranceM)).filter((hole) => hole !== null);
  return [simplifiedOuter, ...keptHoles];
}

/**
 * `geometry` (a Polygon or MultiPolygon in WGS84) with every ring simplified to `toleranceM`
 * metres; 0 rounds the coordinates only. Never empty: when every part would vanish, the largest
 * part (by points) is kept as it was, rounded.
 */
export function simplifyGeometry(geometry: DrawableGeometry, toleranceM: number): DrawableGeometry {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates as PolygonCoordinates] : (geometry.coordinates as PolygonCoordinates[]);
  const kept = polygons.map((polygon) => simplifyPolygon(polygon, toleranceM)).filter((polygon) => polygon !== null);
  if (kept.length === 0) {
    const largest = polygons.reduce((best, polygon) => (polygon[0].length > best[0].length ? polygon : best));
    kept.push(largest.map((ring) => ring.map(([lon, lat]) => [round(lon), round(lat)])));
  }
  return kept.length === 1 ? { type: "Polygon", coordinates: kept[0] } : { type: "MultiPolygon", coordinates: kept };
}
