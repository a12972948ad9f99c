/**
 * Batch geocoding of CSV files, as France's BAN answers `/search/csv` (the streaming loop is
 * batch-csv.ts): `geocodeCsv` reads an address from chosen columns; `reverseCsv` reads a latitude
 * and a longitude. The CLI calls it with a file or stdin, the HTTP API with a request body. A row
 * nobody can answer gets empty answer columns and a `result_status` saying why, never a made-up
 * place.
 */
import type { Writable } from "node:stream";
import { LRUCache } from "lru-cache";
import { parseDegrees } from "../domain/degrees.js";
import type { ReverseAnswer, SearchOptions, SearchResult, UnitRef } from "../search/types.js";
import {
  type BatchCsvOptions,
  type BatchSummary,
  type CsvInput,
  columnOf,
  emptyValues,
  mapCsv,
  type RowAnswer,
} from "./batch-csv.js";
import { ServiceError } from "./errors.js";
import type { GeocodeThreads } from "./geocode-threads.js";
import type { SearchSession } from "./search.js";

export {
  type BatchCsvOptions,
  type BatchProgress,
  type BatchSummary,
  type CsvInput,
  DEFAULT_MAX_ROWS,
  OutputClosedError,
  type RowStatus,
} from "./batch-csv.js";

export interface GeocodeCsvOptions extends BatchCsvOptions {
  /** Header names of the columns that make the address, joined with ", " in this order (default: every column). */
  columns?: readonly string[];
  /** Only answers in this new province (2 digits). */
  province?: string;
}

export interface ReverseCsvOptions extends BatchCsvOptions {
  /** Header name of the latitude column (default: the first of lat, latitude, vĩ độ, y). */
  latColumn?: string;
  /** Header name of the longitude column (default: the first of lon, lng, long, longitude, kinh độ, x). */
  lonColumn?: string;
  /** Metres around each point for the nearest address (default 100, at most 5,000). */
  radius?: number;
}

/** The columns both batches append after the answer's own: its units, new and old. */
const UNIT_COLUMNS = [
  "result_match",
  "result_commune_code",
  "result_commune",
  "result_province_code",
  "result_province",
  "result_old_ward_code",
  "result_old_ward",
  "result_old_district_code",
  "result_old_district",
  "result_old_province_code",
  "result_old_province",
] as const;

/** The columns `geocodeCsv` appends, in order. */
export const GEOCODE_COLUMNS = [
  "result_status",
  "result_code",
  "result_latitude",
  "result_longitude",
  "result_label",
  "result_score",
  ...UNIT_COLUMNS,
] as const;

/** The columns `reverseCsv` appends, in order: the nearest address and the units at the point. */
export const REVERSE_COLUMNS = [
  "result_status",
  "result_code",
  "result_latitude",
  "result_longitude",
  "result_label",
  "result_distance_m",
  ...UNIT_COLUMNS,
] as const;

const LATITUDE_NAMES = ["lat", "latitude", "vĩ độ", "vi do", "y"];
const LONGITUDE_NAMES = ["lon", "lng", "long", "longitude", "kinh độ", "kinh do", "x"];

/**
 * Texts of a file whose answers are kept while it is read: a delivery file names the same
 * addresses again and again, and the same text over the same index has the same answer.
 */
const KEPT_TEXTS = 10_000;

export interface BatchGeocoderOptions {
  /** Threads over the session's index that geocode a share of each chunk of rows beside this one. */
  threads?: GeocodeThreads;
}

/** Batch geocoding over one opened index; as many batches as wanted, one after another or side by side. */
export class BatchGeocoder {
  private readonly threads: GeocodeThreads | null;

  constructor(
    private readonly session: SearchSession,
    options: BatchGeocoderOptions = {},
  ) {
    this.threads = options.threads ?? null;
  }

  /**
   * The best place for each text, in order: shared between this thread and the pool's, each a
   * run of the texts (the answers do not depend on which thread gives them: one index).
   */
  private async geocodeAll(texts: readonly string[], options: SearchOptions): Promise<(SearchResult | null)[]> {
    const threads = this.threads;
    if (threads === null || texts.length < 2)
      return texts.map((text) => this.session.geocode(text, options).result);
    const share = Math.ceil(texts.length / (threads.size + 1));
    const theirs: Promise<(SearchResult | null)[]>[] = [];
    for (let k = 0; k < threads.size; k++) {
      const from = share * (k + 1);
      if (from < texts.length) theirs.push(threads.geocode(k, texts.slice(from, from + share), options));
    }
    let mine: (SearchResult | null)[];
    try {
      mine = texts.slice(0, share).map((text) => this.session.geocode(text, options).result);
    } catch (error) {
      // The threads' answers are waited for all the same: one of them failing too must not go unheard.
      await Promise.allSettled(theirs);
      throw error;
    }
    return mine.concat(...(await Promise.all(theirs)));
  }

  /** Appends the best place for each row's address (see GEOCODE_COLUMNS). */
  async geocodeCsv(
    input: CsvInput,
    output: Writable,
    options: GeocodeCsvOptions = {},
  ): Promise<BatchSummary> {
    if (options.province !== undefined && !/^\d{2}$/.test(options.province))
      throw new ServiceError(
        "bad-request",
        `a province is a 2-digit new province code, got "${options.province}"`,
        "province",
      );
    return mapCsv(input, output, options, (header) => {
      const columns = options.columns
        ? options.columns.map((name) => columnOf(header, name, "columns"))
        : header.map((_, k) => k);
      if (columns.length === 0)
        throw new ServiceError("bad-request", "no column given to read the address from", "columns");
      const searchOptions = { province: options.province, withOld: true };
      const known = new LRUCache<string, { result: SearchResult | null }>({ max: KEPT_TEXTS });
      return {
        appended: GEOCODE_COLUMNS,
        answerAhead: async (rows) => {
          const texts = new Set<string>();
          for (const fields of rows) {
            const address = addressOf(fields, columns);
            if (address !== "" && !known.has(address)) texts.add(address);
          }
          const asked = [...texts];
          const results = await this.geocodeAll(asked, searchOptions);
          for (let k = 0; k < asked.length; k++) known.set(asked[k], { result: results[k] });
        },
        answer: (fields) => {
          const address = addressOf(fields, columns);
          if (address === "")
            return { status: "skipped", match: null, values: emptyValues(GEOCODE_COLUMNS, "skipped") };
          let kept = known.get(address);
          if (kept === undefined) {
            kept = { result: this.session.geocode(address, searchOptions).result };
            known.set(address, kept);
          }
          const result = kept.result;
          if (!result)
            return { status: "not-found", match: null, values: emptyValues(GEOCODE_COLUMNS, "not-found") };
          return {
            status: "ok",
            match: result.match,
            values: [
              "ok",
              result.code ?? "",
              String(result.lat),
              String(result.lon),
              result.label,
              String(result.score),
              result.match,
              ...unitValues(result.commune),
              ...unitValues(result.province),
              ...oldValues(result.old ?? null),
            ],
          };
        },
      };
    });
  }

  /** Appends the nearest address to each row's point and the units there (see REVERSE_COLUMNS). */
  reverseCsv(input: CsvInput, output: Writable, options: ReverseCsvOptions = {}): Promise<BatchSummary> {
    return mapCsv(input, output, options, (header) => {
      const latitude =
        options.latColumn !== undefined
          ? columnOf(header, options.latColumn, "latColumn")
          : namedColumn(header, LATITUDE_NAMES, "latitude", "latColumn");
      const longitude =
        options.lonColumn !== undefined
          ? columnOf(header, options.lonColumn, "lonColumn")
          : namedColumn(header, LONGITUDE_NAMES, "longitude", "lonColumn");
      const reverseOptions = { radius: options.radius, limit: 1 };
      return {
        appended: REVERSE_COLUMNS,
        answer: (fields) => {
          const latText = (fields[latitude] ?? "").trim();
          const lonText = (fields[longitude] ?? "").trim();
          if (latText === "" && lonText === "")
            return { status: "skipped", match: null, values: emptyValues(REVERSE_COLUMNS, "skipped") };
          // As survey files write them: a decimal point or comma ("10,7725" in a ";" file), nothing else.
          const lat = parseDegrees(latText);
          const lon = parseDegrees(lonText);
          if (latText === "" || lonText === "" || !isPoint(lat, lon))
            return { status: "invalid", match: null, values: emptyValues(REVERSE_COLUMNS, "invalid") };
          return this.reverseRow(this.session.reverse(lat, lon, reverseOptions));
        },
      };
    });
  }

  /** The nearest address when one is within the radius, else the commune at the point, else nothing. */
  private reverseRow(answer: ReverseAnswer): RowAnswer {
    const nearest = answer.results[0];
    const units = answer.units;
    if (nearest) {
      // Reverse answers carry no old units; the record's own (as surveyed) come with its code.
      let old: OldUnits = nearest.code
        ? (this.session.search(nearest.code, { limit: 1, withOld: true }).results[0]?.old ?? null)
        : null;
      // The point's own old units only when the address is in the commune the point is in.
      if (!old && nearest.commune?.code === units?.commune?.code) old = oldAtPoint(units);
      return {
        status: "ok",
        match: "house",
        values: [
          "ok",
          nearest.code ?? "",
          String(nearest.lat),
          String(nearest.lon),
          nearest.label,
          String(nearest.distance_m ?? ""),
          "house",
          ...unitValues(nearest.commune),
          ...unitValues(nearest.province),
          ...oldValues(old ?? null),
        ],
      };
    }
    if (!units?.commune)
      return { status: "not-found", match: null, values: emptyValues(REVERSE_COLUMNS, "not-found") };
    return {
      status: "ok",
      match: "commune",
      values: [
        "ok",
        "",
        "",
        "",
        units.province ? `${units.commune.name}, ${units.province.name}` : units.commune.name,
        "",
        "commune",
        ...unitValues(units.commune),
        ...unitValues(units.province),
        ...oldValues(oldAtPoint(units)),
      ],
    };
  }
}

/** The first header column with one of the usual names for a coordinate, or a refusal. */
function namedColumn(
  header: readonly string[],
  names: readonly string[],
  what: string,
  field: string,
): number {
  const lower = header.map((h) => h.toLowerCase());
  for (const name of names) {
    const k = lower.indexOf(name);
    if (k >= 0) return k;
  }
  throw new ServiceError(
    "bad-request",
    `no ${what} column in the header (${header.join(", ")}): name one of ${names.join(", ")}, or say which`,
    field,
  );
}

/** The row's address: the chosen fields, trimmed, the empty ones left out, joined with ", ". */
function addressOf(fields: readonly string[], columns: readonly number[]): string {
  const parts: string[] = [];
  for (const k of columns) {
    const value = (fields[k] ?? "").trim();
    if (value !== "") parts.push(value);
  }
  return parts.join(", ");
}

function isPoint(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}


function unitValues(unit: UnitRef | null | undefined): [string, string] {
  return unit ? [unit.code, unit.name] : ["", ""];
}

type OldUnits = { ward: UnitRef | null; district: UnitRef | null; province: UnitRef } | null;

function oldValues(old: OldUnits): string[] {
  return old
    ? [...unitValues(old.ward), ...unitValues(old.district), ...unitValues(old.province)]
    : ["", "", "", "", "", ""];
}

/**
 * The old units at a point, as far as they are one: the new commune's predecessor when it has one,
 * else the district and province they all share (a commune formed from several old wards does not
 * say which of them the point was in).
 */
function oldAtPoint(units: ReverseAnswer["units"]): OldUnits {
  const old = units?.old ?? [];
  if (old.length === 0) return null;
  if (old.length === 1) return { ward: old[0].ward, district: old[0].district, province: old[0].province };
  if (!old.every((o) => o.province.code === old[0].province.code)) return null;
  const oneDistrict = old.every((o) => o.district?.code === old[0].district?.code);
  return { ward: null, district: oneDistrict ? old[0].district : null, province: old[0].province };
}
