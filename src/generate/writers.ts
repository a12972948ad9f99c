/**
 * Writers for generated rows: CSV (RFC 4180, header = canonical fields), NDJSON (one object per
 * line) and GeoJSON (a FeatureCollection, Point geometry from lat/lon, null when absent). They
 * stream: text is buffered in ~1 MiB chunks and written with back-pressure.
 */
import { createWriteStream, openSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { csvLine } from "../common/csv.js";
import { CANONICAL_FIELDS, type SurveyRow } from "../ingest/fields.js";

export type OutputFormat = "csv" | "ndjson" | "geojson";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["csv", "ndjson", "geojson"];

const CHUNK_CHARS = 1 << 20;

function feature(row: SurveyRow): string {
  const lat = Number(row.lat);
  const lon = Number(row.lon);
  const hasPoint = row.lat !== "" && row.lon !== "" && Number.isFinite(lat) && Number.isFinite(lon);
  const properties: Record<string, string> = {};
  for (const field of CANONICAL_FIELDS)
    if (field !== "lat" && field !== "lon") properties[field] = row[field];
  // Swapped coordinates stay swapped in the geometry: the defect is in the data, not the writer.
  const geometry = hasPoint ? { type: "Point", coordinates: [lon, lat] } : null;
  return JSON.stringify({ type: "Feature", geometry, properties });
}

/**
 * Writes rows to `path` in `format`; resolves with the number of rows written. The file is opened
 * before the first row is made, so a path that cannot be written fails at once with its error.
 */
export async function writeRows(
  rows: Iterable<SurveyRow>,
  format: OutputFormat,
  path: string,
): Promise<number> {
  const out = createWriteStream(path, { fd: openSync(path, "w") });
  let buffer = "";
  let count = 0;
  const flush = async (stream: WriteStream) => {
    if (buffer === "") return;
    const ok = stream.write(buffer);
    buffer = "";
    if (!ok) await once(stream, "drain");
  };
  if (format === "csv") buffer += csvLine(CANONICAL_FIELDS);
  if (format === "geojson") buffer += '{"type":"FeatureCollection","features":[\n';
  for (const row of rows) {
    if (format === "csv") buffer += csvLine(CANONICAL_FIELDS.map((f) => row[f]));
    else if (format === "ndjson") buffer += `${JSON.stringify(row)}\n`;
    else buffer += `${count === 0 ? "" : ",\n"}${feature(row)}`;
    count++;
    if (buffer.length >= CHUNK_CHARS) await flush(out);
  }
  if (format === "geojson") buffer += "\n]}\n";
  await flush(out);
  out.end();
  await once(out, "finish");
  return count;
}
