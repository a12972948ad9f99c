/**
 * Answers as GeoJSON FeatureCollections, the shape BAN (France's address API) answers and map
 * libraries read as they are: one Point feature per result, its properties the very fields the CLI
 * prints for that result (`diachiso search --json`), and the answer's own fields (`query`,
 * `read_as`, `suggestions`, …) beside `features`.
 */
import type { SearchResult } from "../search/types.js";

export const GEOJSON_CONTENT_TYPE = "application/geo+json";

export interface PointFeature<P> {
  type: "Feature";
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: P;
}

export interface FeatureCollection<P> {
  type: "FeatureCollection";
  features: PointFeature<P>[];
  [member: string]: unknown;
}

/** A point feature at (lat, lon): GeoJSON orders coordinates longitude first. */
export function pointFeature<P>(lat: number, lon: number, properties: P): PointFeature<P> {
  return { type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] }, properties };
}

/** Results as a FeatureCollection, `members` (the answer's other fields) beside the features. */
export function resultCollection(results: readonly SearchResult[], members: Record<string, unknown>): FeatureCollection<SearchResult> {
  return { type: "FeatureCollection", ...members, features: results.map((r) => pointFeature(r.lat, r.lon, r)) };
}
