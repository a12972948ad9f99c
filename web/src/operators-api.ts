/**
 * What the operators' pages read from the API with a key (docs/http-api.md): the key's own
 * description (`/v1/keys/me`), the report, the boundaries drawn together. The key is kept in
 * sessionStorage only (this tab, until it closes) and sent as `Authorization: Bearer <key>`.
 */

const KEY_STORAGE = "diachiso.apiKey";

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null; // storage refused: the page asks each time
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(KEY_STORAGE);
    else sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    // not kept: the page still works until it is reloaded
  }
}

/** A refusal as the API words it (RFC 9457). */
export class KeyedRefusal extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

export function authorization(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

async function keyedJson<T>(url: string, key: string): Promise<T> {
  const response = await fetch(url, { headers: { ...authorization(key), accept: "application/json, application/geo+json" } });
  const body = (await response.json()) as { detail?: string };
  if (!response.ok) throw new KeyedRefusal(response.status, body.detail ?? response.statusText);
  return body as T;
}

export interface KeyInfo {
  id: string;
  name: string;
  role: string;
  scopes: string[];
  provinces: string[] | null;
}

export const keyInfo = (key: string) => keyedJson<KeyInfo>("/v1/keys/me", key);

export const STAGES = ["surveyed", "complete", "notified", "confirmed", "official", "rejected"] as const;
export type Stage = (typeof STAGES)[number];
export type Counters = { total: number } & Record<Stage, number>;
export type UnitFunnel = Counters & { code: string; name: string };

/** The columns of the notifications' table: the outbox's states, then the owners' answers. */
export const NOTICE_COLUMNS = ["queued", "failed", "sent", "dead", "confirmed", "correction-requested"] as const;
export type NoticeColumn = (typeof NOTICE_COLUMNS)[number];
export type UnitNotices = Record<NoticeColumn, number> & { code: string; name: string };

export interface FunnelReport {
  /** Owner notifications per unit, once the store has any (the report's `notifications`). */
  notifications?: { units: UnitNotices[]; total: Record<NoticeColumn, number> };
  by: "province" | "ward";
  province: { code: string; name: string } | null;
  units: UnitFunnel[];
  total: Counters;
  reasons: { rule: string; count: number; share: number; message: { vi: string; en: string } | null }[];
}

/** The report's query: the provinces, or one province's communes. */
export function reportQuery(province: string | null): string {
  return province === null ? "by=province" : `by=ward&province=${encodeURIComponent(province)}`;
}

export const report = (key: string, province: string | null) => keyedJson<FunnelReport>(`/v1/report?${reportQuery(province)}`, key);

export interface BoundaryFeature {
  properties: { code: string; name: string; full_name: string };
  geometry: { type: "Polygon"; coordinates: number[][][] } | { type: "MultiPolygon"; coordinates: number[][][][] };
}

export const boundaries = (key: string, province: string | null) =>
  keyedJson<{ features: BoundaryFeature[] }>(province === null ? "/v1/units/boundaries" : `/v1/units/boundaries?parent=${encodeURIComponent(province)}`, key);

/** The file name a Content-Disposition header gives, or `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  return /filename="([^"]+)"/.exec(header ?? "")?.[1] ?? fallback;
}

/** Makes the browser save `blob` as `filename` (a link to an object URL, clicked). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a turn later: the download has taken the URL by then.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
