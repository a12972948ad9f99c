/**
 * Boundaries of the 34 new provinces, as shipped (GeoJSON, unsimplified). Read only when asked:
 * point → unit never needs them, since every commune carries its province code.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const PROVINCES_GEOJSON_PATH = fileURLToPath(
  new URL("../../../data/boundaries/vn34_provinces_2025.geojson", import.meta.url),
);

interface ProvinceFeature {
  type: "Feature";
  properties: { code: string; [key: string]: unknown };
  geometry: { type: "Polygon" | "MultiPolygon"; coordinates: unknown };
}

let byCode: Map<string, ProvinceFeature> | null = null;

/** The GeoJSON Feature of a new province (2-digit code), or null when there is none. */
export function provinceBoundary(code: string, path = PROVINCES_GEOJSON_PATH): ProvinceFeature | null {
  if (!byCode) {
    const collection = JSON.parse(readFileSync(path, "utf8")) as { features: ProvinceFeature[] };
    byCode = new Map(collection.features.map((f) => [String(f.properties.code), f]));
  }
  return byCode.get(code) ?? null;
}
