/**
 * The public shapes of search, autocomplete, geocoding and reverse geocoding (`diachiso/search`).
 * The JSON the CLI prints and the HTTP API will answer is exactly these objects.
 */
import type { AddressKind } from "../domain/kinds.js";
import type { Status } from "../domain/lifecycle.js";

/** How far down the address a result matched. */
export type MatchLevel = "house" | "street" | "commune" | "province";

/** What a result is: an address record, a street (or hamlet) of a commune, or a unit. */
export type ResultType = "address" | "street" | "commune" | "province";

/** A unit as results carry it. */
export interface UnitRef {
  code: string;
  name: string;
}

export interface SearchResult {
  /** The digital address code of an address result; null for streets and units. */
  code: string | null;
  /** The address in the new (34-province, two-level) structure, as a person writes it. */
  label: string;
  lat: number;
  lon: number;
  /** The record's kind for an address result; null otherwise. */
  kind: AddressKind | null;
  /** The record's lifecycle status for an address result; null otherwise. */
  status: Status | null;
  /** 0..1: how well the result matches the text (1 = every part stated was found as stated). */
  score: number;
  match: MatchLevel;
  type: ResultType;
  /** New-structure commune and province of the result (null for a province result's commune). */
  commune: UnitRef | null;
  province: UnitRef;
  /** The address in the old (63-province) structure, only when asked (`withOld`). */
  old?: { label: string; ward: UnitRef | null; district: UnitRef | null; province: UnitRef } | null;
  /** Metres from the point asked, for reverse and for a location bias. */
  distance_m?: number;
}

export interface SearchOptions {
  /** At most this many results (default 10, at most 100). */
  limit?: number;
  /** Treat the last word as a prefix still being typed (checkout fields, as-you-type). */
  autocomplete?: boolean;
  /** New-structure province code (2 digits). */
  province?: string;
  /** A commune: a new-structure code (5 digits) or an old ward code; an old ward means its successors. */
  ward?: string;
  kind?: AddressKind;
  status?: Status | readonly Status[];
  /** Prefer results near this point (WGS84). */
  near?: { lat: number; lon: number };
  /** Add the old-structure address to each result. */
  withOld?: boolean;
}

export interface SearchAnswer {
  /** The text as asked. */
  query: string;
  /**
   * How the text was read: `code` (a digital address code), `code-suggestion` (a code with a
   * typo; `suggestions` lists the likely codes), `plus-code`, `coordinates`, or `text`.
   */
  read_as: "code" | "code-suggestion" | "plus-code" | "coordinates" | "text";
  results: SearchResult[];
  /** Codes the text may have meant, for a mistyped code. */
  suggestions?: string[];
}

export interface GeocodeAnswer {
  query: string;
  /** The best match, or null when nothing matches well enough to be placed. */
  result: SearchResult | null;
  /** Same as result.score: 0 when nothing was found. */
  confidence: number;
}

export interface ReverseOptions {
  /** Metres around the point (default 100, at most 5,000). */
  radius?: number;
  /** At most this many addresses (default 5, at most 100). */
  limit?: number;
}

export interface ReverseAnswer {
  lat: number;
  lon: number;
  /** Nearest addresses first, each with `distance_m`. */
  results: SearchResult[];
  /** The units at the point: new commune and province, and the old units it was formed from. */
  units: {
    commune: UnitRef | null;
    province: UnitRef | null;
    old: { ward: UnitRef | null; district: UnitRef | null; province: UnitRef; whole: boolean }[];
  } | null;
}
