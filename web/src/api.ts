/** The few API answers the pages read (docs/http-api.md), typed as far as the pages use them. */

export interface Suggestion {
  code: string | null;
  label: string;
  kind: string | null;
  status: string | null;
  match: string;
  type: string;
  lat: number;
  lon: number;
  province: UnitRef;
}

export interface UnitRef {
  code: string;
  name: string;
}

export interface PublicAddress {
  code: string;
  display: string;
  kind: string;
  status: string;
  name: string | null;
  formatted: { new: string | null; old: string | null };
  location: { lat: number; lon: number; accuracy_m: number | null };
  new: { province: UnitRef | null; ward: UnitRef | null };
}

/** An address near a point, nearest first (`/v1/reverse`). */
export interface NearbyAddress {
  code: string | null;
  label: string;
  lat: number;
  lon: number;
  distance_m: number;
}

export interface ReverseAnswer {
  lat: number;
  lon: number;
  nearest: NearbyAddress[];
  /** The units at the point: the new commune and province, and the old units the commune was formed from. */
  units: {
    commune: UnitRef | null;
    province: UnitRef | null;
    old: { ward: UnitRef | null; district: UnitRef | null; province: UnitRef; whole: boolean }[];
  } | null;
}

/** Polygons as GeoJSON has them (what Leaflet's GeoJSON layer draws). */
export interface AreaFeature {
  type: "Feature";
  properties: { code: string; name: string; full_name: string };
  geometry: { type: "Polygon"; coordinates: number[][][] } | { type: "MultiPolygon"; coordinates: number[][][][] };
}

/** A refusal as the API words it (RFC 9457), with the codes a mistyped one may have meant. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly suggestions: readonly string[],
    /** The problem's type (`urn:diachiso:problem:<kind>`), when the API gave one. */
    readonly type = "",
  ) {
    super(detail);
  }
}

async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: "application/json, application/geo+json" } });
  const body = (await response.json()) as { detail?: string; suggestions?: string[]; type?: string };
  if (!response.ok) throw new ApiRefusal(response.status, body.detail ?? response.statusText, body.suggestions ?? [], body.type ?? "");
  return body;
}

interface FeatureCollection<P> {
  features: { properties: P }[];
}

export async function autocomplete(text: string, signal: AbortSignal, limit = 8): Promise<Suggestion[]> {
  const answer = (await getJson(`/v1/autocomplete?q=${encodeURIComponent(text)}&limit=${limit}`, signal)) as FeatureCollection<Suggestion>;
  return answer.features.map((feature) => feature.properties);
}

export async function reverse(lat: number, lon: number, radiusM: number, limit = 3): Promise<ReverseAnswer> {
  const answer = (await getJson(`/v1/reverse?lat=${lat}&lon=${lon}&radius=${Math.round(radiusM)}&limit=${limit}`)) as FeatureCollection<NearbyAddress> &
    Pick<ReverseAnswer, "lat" | "lon" | "units">;
  return { lat: answer.lat, lon: answer.lon, units: answer.units, nearest: answer.features.map((feature) => feature.properties) };
}

/** The 34 provinces, or the communes of one (`/v1/units/boundaries`), simplified for drawing. */
export async function boundaryLayer(province?: string): Promise<AreaFeature[]> {
  const url = province === undefined ? "/v1/units/boundaries" : `/v1/units/boundaries?parent=${encodeURIComponent(province)}`;
  return ((await getJson(url)) as { features: AreaFeature[] }).features;
}

/** One new commune's or province's boundary as shipped. */
export async function unitBoundary(code: string): Promise<AreaFeature> {
  return (await getJson(`/v1/units/new/${encodeURIComponent(code)}/boundary`)) as AreaFeature;
}

export async function addressByCode(code: string): Promise<PublicAddress> {
  const answer = (await getJson(`/v1/addresses/${encodeURIComponent(code)}`)) as FeatureCollection<PublicAddress>;
  return answer.features[0].properties;
}
