/**
 * Streaming readers of survey files: CSV (RFC 4180, header row of field names), NDJSON (one JSON
 * object per line) and GeoJSON (a FeatureCollection; each Feature's properties are the fields and
 * its Point geometry gives lon/lat). Each yields raw rows with the line they start on, or a
 * malformed-row entry; memory stays bounded whatever the file size.
 */
import { createReadStream, type ReadStream } from "node:fs";
import { type CsvRecord, CsvSplitter, SKIPPED_FIELDS } from "./csv.js";
import { CANONICAL_FIELDS, MAX_ROW_CHARS } from "./fields.js";

export type InputFormat = "csv" | "ndjson" | "geojson";

export type RawRow =
  | { line: number; fields: Record<string, unknown> }
  /** A row that cannot be read: `reason` "too_long" for one over MAX_ROW_CHARS, else malformed. */
  | { line: number; error: string; reason?: "too_long" }
  /** A row `readRows` was told to pass over (its `wanted`): counted, not parsed. */
  | { line: number; skipped: true };

/** The format of a file, from its extension (.csv, .ndjson/.jsonl, .geojson/.json). */
export function formatOf(path: string): InputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) return "ndjson";
  if (lower.endsWith(".geojson") || lower.endsWith(".json")) return "geojson";
  throw new Error(`${path}: unknown format (use .csv, .ndjson or .geojson)`);
}

/**
 * Rows of a file, how many of its bytes have been read so far (for progress and ETA), and the CSV
 * header once read (null before, and for the other formats).
 */
export function readRows(
  path: string,
  format: InputFormat = formatOf(path),
  /** Which data rows (1 = the first after a CSV header) to parse; the others come as `skipped` (CSV only for now). */
  wanted: ((row: number) => boolean) | null = null,
): { rows: AsyncGenerator<RawRow[]>; bytesRead: () => number; header: () => string[] | null } {
  // 64 KiB reads: a decoded chunk then stays below V8's large-object size (128 KiB). 1 MiB chunks
  // made every decode and every join with the previous chunk's tail a large-object allocation:
  // 5.2 → 2.2 µs per row for reading and splitting a CSV file.
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  const bytesRead = () => stream.bytesRead;
  const csv = { header: null as string[] | null };
  const header = () => csv.header;
  if (format === "csv") return { rows: readCsv(stream, path, wanted, csv), bytesRead, header };
  if (format === "ndjson") return { rows: readNdjson(stream), bytesRead, header };
  stream.setEncoding("utf8");
  return { rows: readGeojson(stream), bytesRead, header };
}

/**
 * Rows per batch of a CSV file. A batch's rows stay alive until the consumer is done with them:
 * small batches die young, where a whole chunk's rows outlived young-generation collections.
 */
const CSV_BATCH_ROWS = 64;

async function* readCsv(
  stream: ReadStream,
  path: string,
  wanted: ((row: number) => boolean) | null,
  read: { header: string[] | null },
): AsyncGenerator<RawRow[]> {
  stream.setEncoding("utf8");
  // Record 1 is the header, always wanted.
  const splitter = new CsvSplitter(wanted === null ? null : (record) => record === 1 || wanted(record - 1), MAX_ROW_CHARS);
  let header: string[] | null = null;
  let template: Record<string, unknown> | null = null;
  let batch: CsvRecord[] = [];
  const convert = (records: CsvRecord[]): RawRow[] => {
    const out: RawRow[] = [];
    for (const { line, fields: values, tooLong } of records) {
      if (!header) {
        header = values.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim().toLowerCase());
        // Without the identity column every row would be rejected: most likely the wrong file or
        // a file without a header row. Stop before writing anything.
        if (!header.includes("external_id")) {
          throw new Error(
            `${path}, line ${line}: the header has no external_id column (got "${values.slice(0, 6).join(",")}"${values.length > 6 ? ",…" : ""}); ` +
              `expected the fields of docs/import-format.md: ${CANONICAL_FIELDS.join(",")}`,
          );
        }
        template = rowTemplate(header);
        read.header = header;
        continue;
      }
      if (values === SKIPPED_FIELDS) {
        out.push({ line, skipped: true });
        continue;
      }
      if (tooLong !== undefined) {
        out.push({ line, error: tooLongMessage("CSV record", tooLong), reason: "too_long" });
        continue;
      }
      if (values.length !== header.length) {
        out.push({ line, error: `malformed CSV: ${values.length} fields, header has ${header.length}` });
        continue;
      }
      const fields: Record<string, unknown> = { ...template! };
      for (let i = 0; i < header.length; i++) fields[header[i]] = values[i];
      out.push({ line, fields });
    }
    return out;
  };
  for await (const chunk of stream) {
    splitter.feed(chunk as string);
    while (splitter.take(batch, CSV_BATCH_ROWS) > 0) {
      yield convert(batch);
      batch = [];
    }
  }
  splitter.end(batch);
  yield convert(batch);
}

/**
 * An object with a property per column, to copy for each row. Adding 21 properties one by one
 * leaves V8 with a slow dictionary-mode object (about 0.9 µs per row, and slower reads later); a
 * copy of an object made by JSON.parse keeps fast properties (about 0.3 µs). `__proto__` is left
 * out: assigning it (as each row does) sets no property, and the template must not have one either.
 */
export function rowTemplate(header: readonly string[]): Record<string, unknown> {
  const names = new Set(header);
  names.delete("__proto__");
  return JSON.parse(`{${[...names].map((name) => `${JSON.stringify(name)}:""`).join(",")}}`) as Record<
    string,
    unknown
  >;
}

async function* readNdjson(stream: ReadStream): AsyncGenerator<RawRow[]> {
  stream.setEncoding("utf8");
  let n = 0;
  let rest = "";
  // Characters of a line over MAX_ROW_CHARS passed over so far; -1 when not in such a line.
  let skipped = -1;
  const tooLong = (chars: number): RawRow => ({ line: ++n, error: tooLongMessage("NDJSON line", chars), reason: "too_long" });
  const parseLines = (text: string): RawRow[] => {
    const out: RawRow[] = [];
    const lines = text.split("\n");
    for (const raw of lines) {
      if (raw.length > MAX_ROW_CHARS) {
        out.push(tooLong(raw.length));
        continue;
      }
      n++;
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (line.trim() === "") continue;
      try {
        const value = JSON.parse(line) as unknown;
        if (typeof value !== "object" || value === null || Array.isArray(value))
          out.push({ line: n, error: "malformed NDJSON: not an object" });
        else out.push({ line: n, fields: value as Record<string, unknown> });
      } catch (error) {
        out.push({ line: n, error: `malformed NDJSON: ${(error as Error).message}` });
      }
    }
    return out;
  };
  for await (const chunk of stream) {
    let text = chunk as string;
    if (skipped >= 0) {
      const end = text.indexOf("\n");
      skipped += end < 0 ? text.length : end;
      if (end < 0) continue;
      yield [tooLong(skipped)];
      skipped = -1;
      text = text.slice(end + 1);
    }
    text = rest + text;
    const cut = text.lastIndexOf("\n");
    if (cut < 0) {
      rest = text;
      // A line over the limit is passed over to its end, not kept.
      if (rest.length > MAX_ROW_CHARS) {
        skipped = rest.length;
        rest = "";
      }
      continue;
    }
    rest = text.slice(cut + 1);
    yield parseLines(text.slice(0, cut));
  }
  if (skipped >= 0) yield [tooLong(skipped)];
  else if (rest !== "") yield parseLines(rest);
}

function tooLongMessage(what: string, chars: number): string {
  return `${what} of ${chars.toLocaleString("en-US")} characters, at most ${MAX_ROW_CHARS.toLocaleString("en-US")} (dòng quá dài)`;
}

/** A Feature → fields: its properties, with lat/lon from a Point geometry when present. */
export function featureFields(feature: unknown): Record<string, unknown> | string {
  if (typeof feature !== "object" || feature === null) return "feature is not an object";
  const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown };
  if (f.type !== "Feature") return `expected a Feature, got ${JSON.stringify(f.type)}`;
  const fields: Record<string, unknown> = { ...((f.properties as Record<string, unknown> | null) ?? {}) };
  const g = f.geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g && g.type === "Point" && Array.isArray(g.coordinates) && g.coordinates.length >= 2) {
    fields.lon = g.coordinates[0];
    fields.lat = g.coordinates[1];
  } else if (g) return `geometry must be a Point, got ${JSON.stringify(g.type)}`;
  return fields;
}

/**
 * A FeatureCollection read feature by feature: a scanner tracks strings and brace depth inside the
 * `features` array and parses each feature's text alone, so a 10 GB file needs no more memory than
 * its largest feature.
 */
async function* readGeojson(stream: ReadStream): AsyncGenerator<RawRow[]> {
  let line = 1;
  let inFeatures = false;
  let prefix = "";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current: string[] = [];
  // Characters of the feature being read; past MAX_ROW_CHARS its text is no longer kept.
  let currentChars = 0;
  let start = 0;
  let featureLine = 0;
  for await (const chunk of stream) {
    const text = chunk as string;
    if (!inFeatures) {
      prefix += text;
      const m = /"features"\s*:\s*\[/.exec(prefix);
      if (!m) {
        if (prefix.length > 1 << 20) prefix = prefix.slice(-100);
        continue;
      }
      inFeatures = true;
      const rest = prefix.slice(m.index + m[0].length);
      line += countNewlines(prefix, 0, m.index + m[0].length);
      prefix = "";
      yield [...scan(rest)];
      continue;
    }
    yield [...scan(text)];
  }
  if (depth !== 0) yield [{ line: featureLine, error: "malformed GeoJSON: file ends inside a feature" }];

  function* scan(text: string): Generator<RawRow> {
    start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) {
        if (depth > 0) inString = true;
      } else if (c === 123) {
        if (depth === 0) {
          start = i;
          featureLine = line;
          current = [];
          currentChars = 0;
        }
        depth++;
      } else if (c === 125) {
        depth--;
        if (depth === 0) {
          currentChars += i + 1 - start;
          if (currentChars > MAX_ROW_CHARS) {
            current = [];
            start = i + 1;
            yield { line: featureLine, error: tooLongMessage("GeoJSON feature", currentChars), reason: "too_long" };
            continue;
          }
          current.push(text.slice(start, i + 1));
          const body = current.join("");
          current = [];
          start = i + 1;
          let parsed: unknown;
          try {
            parsed = JSON.parse(body);
          } catch (error) {
            yield { line: featureLine, error: `malformed GeoJSON: ${(error as Error).message}` };
            continue;
          }
          const fields = featureFields(parsed);
          yield typeof fields === "string"
            ? { line: featureLine, error: `malformed GeoJSON: ${fields}` }
            : { line: featureLine, fields };
        }
      } else if (c === 93 && depth === 0) {
        inFeatures = false;
        return;
      }
    }
    if (depth > 0) {
      currentChars += text.length - start;
      if (currentChars <= MAX_ROW_CHARS) current.push(text.slice(start));
      else current = [];
    }
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
