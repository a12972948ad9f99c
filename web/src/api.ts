/** The few API answers the pages read (docs/http-api.md), typed as far as the pages use them. */

export interface Suggestion {
  code: string | null;
  label: string;
  kind: string | null;
  status: string | null;
  match: string;
  type: string;
}

export interface PublicAddress {
  code: string;
  display: string;
  kind: string;
  status: string;
  name: string | null;
  formatted: { new: string | null; old: string | null };
  location: { lat: number; lon: number; accuracy_m: number | null };
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

export async function addressByCode(code: string): Promise<PublicAddress> {
  const answer = (await getJson(`/v1/addresses/${encodeURIComponent(code)}`)) as FeatureCollection<PublicAddress>;
  return answer.features[0].properties;
}
