/**
 * Streaming readers of survey files: CSV (RFC 4180, header row of field names), NDJSON (one JSON
 * object per line) and GeoJSON (a FeatureCollection; each Feature's properties are the fields and
 * its Point geometry gives lon/lat). Files are decoded here, from the encoding the import settled
 * for them (encoding.ts). Each reader yields raw rows with the line they start on and their text
 * as read, or a rejected row with its reason; a file that cannot be read on ends with a `problem`.
 * Memory stays bounded whatever the file size.
 */
import { createReadStream, type ReadStream } from "node:fs";
import { type CsvRecord, CsvSplitter, SKIPPED_FIELDS, separatorOf } from "../common/csv.js";
import { createDecoder, type Encoding, lostLetters } from "./encoding.js";
import { CANONICAL_FIELDS, isCanonicalField, MAX_ROW_CHARS } from "./fields.js";
import { fieldOfHeading, headerFields, withFieldKeys } from "./headings.js";

const namesExternalId = (heading: string): boolean => fieldOfHeading(heading) === "external_id";

export type InputFormat = "csv" | "ndjson" | "geojson";

export type RawRow =
  /** `raw`: the row as read (CSV record, NDJSON line, GeoJSON feature text), for the rejects file. */
  | { line: number; fields: Record<string, unknown>; raw: string }
  /** `reason` "too_long" for a row over MAX_ROW_CHARS (its `raw` then only its start). */
  | { line: number; error: string; reason: "malformed" | "encoding" | "too_long"; raw: string }
  /** A row `readRows` was told to pass over (its `wanted`): counted, not parsed. */
  | { line: number; skipped: true }
  /**
   * The file cannot be read on from here (no identity column, not a FeatureCollection, truncated):
   * always the last row; `problem` says why, without the file's name.
   */
  | { line: number; problem: string };

export interface ReadOptions {
  /** Which data rows (1 = the first after a CSV header) to parse; the others come as `skipped` (CSV only for now). */
  wanted?: ((row: number) => boolean) | null;
  /** The file's encoding (default UTF-8), named in the reasons of rows with bytes invalid in it. */
  encoding?: Encoding;
  /**
   * False when the text is only the start of the file (the import's first look at it): the
   * last, possibly cut, row is left out, and nothing is said about how the file ends.
   */
  complete?: boolean;
  /** Told the CSV header once read, keyed as the rows are (headings.ts headerFields): where a rejected record's owner columns are. */
  onHeader?: (header: readonly string[]) => void;
}

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
  encoding: Encoding = "utf-8",
): { rows: AsyncGenerator<RawRow[]>; bytesRead: () => number; header: () => readonly string[] | null } {
  // 64 KiB reads: a decoded chunk then stays below V8's large-object size (128 KiB). 1 MiB chunks
  // made every decode and every join with the previous chunk's tail a large-object allocation:
  // 5.2 → 2.2 µs per row for reading and splitting a CSV file.
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  const bytesRead = () => stream.bytesRead;
  let header: readonly string[] | null = null;
  const onHeader = (read: readonly string[]) => {
    header = read;
  };
  return { rows: rowsOf(decoded(stream, encoding), format, { wanted, encoding, onHeader }), bytesRead, header: () => header };
}

async function* decoded(stream: ReadStream, encoding: Encoding): AsyncGenerator<string> {
  const decoder = createDecoder(encoding);
  for await (const bytes of stream) {
    const text = decoder.write(bytes as Buffer);
    if (text !== "") yield text;
  }
  const tail = decoder.end();
  if (tail !== "") yield tail;
}

/** Rows of decoded text given in pieces (a file read in chunks, or the start of one). */
export function rowsOf(
  text: AsyncIterable<string> | Iterable<string>,
  format: InputFormat,
  options: ReadOptions = {},
): AsyncGenerator<RawRow[]> {
  const checks = new LostLetterCheck(options.encoding ?? "utf-8");
  const complete = options.complete ?? true;
  if (format === "csv") return readCsv(text, options.wanted ?? null, checks, complete, options.onHeader);
  if (format === "ndjson") return readNdjson(text, checks, complete);
  return readGeojson(text, checks, complete);
}

/**
 * Rejects rows holding letters lost before the file reached us (encoding.ts lostLetters): such a
 * row is never stored, so "Nguy?n" or "V�n" cannot become a record, let alone a complete one.
 */
class LostLetterCheck {
  constructor(private readonly encoding: Encoding) {}

  /** Why the row must be rejected, or null. */
  problem(fields: Record<string, unknown>): string | null {
    for (const name in fields) {
      const value = fields[name];
      if (value === null || value === undefined) continue;
      const text =
        typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : null;
      if (text === null) continue;
      const lost = lostLetters(text, isCanonicalField(name));
      if (lost === null) continue;
      // The value is shown unless it is the owner's: the rejects file must not spread personal data.
      const shown = name.startsWith("owner_")
        ? ""
        : ` ("${text.length > 60 ? `${text.slice(0, 60)}…` : text}")`;
      return lost === "replacement"
        ? `field ${name}${shown} has bytes that are not valid ${this.encoding} (U+FFFD); if the file is in another encoding, name it with --encoding`
        : `field ${name}${shown} has "?" in place of a letter: the file was written by a program that could not write Vietnamese letters`;
    }
    return null;
  }
}

/**
 * Rows per batch of a CSV file. A batch's rows stay alive until the consumer is done with them:
 * small batches die young, where a whole chunk's rows outlived young-generation collections.
 */
const CSV_BATCH_ROWS = 64;

async function* readCsv(
  text: AsyncIterable<string> | Iterable<string>,
  wanted: ((row: number) => boolean) | null,
  checks: LostLetterCheck,
  complete: boolean,
  onHeader: ((header: readonly string[]) => void) | undefined,
): AsyncGenerator<RawRow[]> {
  // Record 1 is the header, always wanted. The separator is the header's (set at the first chunk).
  const want = wanted === null ? null : (record: number) => record === 1 || wanted(record - 1);
  let splitter: CsvSplitter | null = null;
  let header: string[] | null = null;
  let template: Record<string, unknown> | null = null;
  let batch: CsvRecord[] = [];
  let stopped = false;
  const convert = (records: CsvRecord[]): RawRow[] => {
    const out: RawRow[] = [];
    for (const record of records) {
      const { line, fields: values, raw } = record;
      if (!header) {
        const headings = values.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h));
        const { names, twice } = headerFields(headings);
        header = names;
        const problem = record.unclosedQuote
          ? "the header row has an unclosed quote"
          : twice !== null
            ? `columns ${twice.columns[0] + 1} ("${headings[twice.columns[0]].trim()}") and ${twice.columns[1] + 1} ("${headings[twice.columns[1]].trim()}") both name ${twice.field}: rename or remove one`
            : headerProblem(header, raw);
        if (problem !== null) {
          out.push({ line, problem });
          stopped = true;
          return out;
        }
        template = rowTemplate(header);
        onHeader?.(header);
        continue;
      }
      if (values === SKIPPED_FIELDS) {
        out.push({ line, skipped: true });
        continue;
      }
      if (record.tooLong !== undefined) {
        out.push({ line, error: tooLongMessage("CSV record", record.tooLong), reason: "too_long", raw });
        continue;
      }
      if (record.unclosedQuote) {
        out.push({
          line,
          error:
            "malformed CSV: a quoted field opened on this line is not closed where the record ends (unclosed quote); the next line is read as a row of its own",
          reason: "malformed",
          raw,
        });
        continue;
      }
      if (values.length !== header.length) {
        out.push({
          line,
          error: `malformed CSV: ${values.length} fields, header has ${header.length}`,
          reason: "malformed",
          raw,
        });
        continue;
      }
      const fields: Record<string, unknown> = { ...template! };
      for (let i = 0; i < header.length; i++) fields[header[i]] = values[i];
      const problem = record.suspect ? checks.problem(fields) : null;
      if (problem !== null) out.push({ line, error: problem, reason: "encoding", raw });
      else out.push({ line, fields, raw });
    }
    return out;
  };
  for await (const chunk of text) {
    if (splitter === null) {
      if (chunk === "") continue;
      const nl = chunk.indexOf("\n");
      splitter = new CsvSplitter(want, MAX_ROW_CHARS, separatorOf(nl < 0 ? chunk : chunk.slice(0, nl), namesExternalId));
    }
    splitter.feed(chunk);
    while (splitter.take(batch, CSV_BATCH_ROWS) > 0) {
      const rows = convert(batch);
      batch = [];
      yield rows;
      if (stopped) return;
    }
  }
  if (!complete || splitter === null) return;
  splitter.end(batch);
  yield convert(batch);
}

/**
 * Why a header row cannot be read, or null. Without the identity column every row would be
 * rejected: most likely the wrong file, a file without a header row, or another separator.
 */
function headerProblem(header: readonly string[], raw: string): string | null {
  if (header.includes("external_id")) return null;
  const shown = raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
  return (
    `the header has no external_id column (got "${shown}"; columns separated by a comma, ";", a tab or "|")` +
    `; expected the fields of docs/import-format.md: ${CANONICAL_FIELDS.join(",")}` +
    `, or their Vietnamese headings (Mã hộ, Số nhà, Xã/Phường, Họ tên chủ hộ…)`
  );
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

/** Text that may hold lost letters: "?", U+FFFD, or a JSON escape that could stand for either. */
const MAY_HAVE_LOST_LETTERS = /[?\uFFFD]|\\u/;

async function* readNdjson(
  text: AsyncIterable<string> | Iterable<string>,
  checks: LostLetterCheck,
  complete: boolean,
): AsyncGenerator<RawRow[]> {
  let n = 0;
  let rest = "";
  // A line over MAX_ROW_CHARS is passed over to its end without keeping it: its length so far and
  // its start, or null when not in such a line.
  let skipping: { chars: number; start: string } | null = null;
  const tooLong = (chars: number, start: string): RawRow => ({
    line: ++n,
    error: tooLongMessage("NDJSON line", chars),
    reason: "too_long",
    raw: `${start.slice(0, TOO_LONG_RAW_CHARS)}…`,
  });
  const parseLines = (block: string): RawRow[] => {
    const out: RawRow[] = [];
    const suspect = MAY_HAVE_LOST_LETTERS.test(block);
    for (const rawLine of block.split("\n")) {
      if (rawLine.length > MAX_ROW_CHARS) {
        out.push(tooLong(rawLine.length, rawLine));
        continue;
      }
      n++;
      const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        out.push({
          line: n,
          error: `malformed NDJSON: ${(error as Error).message}`,
          reason: "malformed",
          raw: line,
        });
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        out.push({ line: n, error: "malformed NDJSON: not an object", reason: "malformed", raw: line });
        continue;
      }
      const fields = withFieldKeys(value as Record<string, unknown>);
      if (typeof fields === "string") {
        out.push({ line: n, error: `malformed NDJSON: ${fields}`, reason: "malformed", raw: line });
        continue;
      }
      const problem = suspect ? checks.problem(fields) : null;
      if (problem !== null) out.push({ line: n, error: problem, reason: "encoding", raw: line });
      else out.push({ line: n, fields, raw: line });
    }
    return out;
  };
  for await (const chunk of text) {
    let piece = chunk;
    if (skipping !== null) {
      const end = piece.indexOf("\n");
      skipping.chars += end < 0 ? piece.length : end;
      if (end < 0) continue;
      yield [tooLong(skipping.chars, skipping.start)];
      skipping = null;
      piece = piece.slice(end + 1);
    }
    const joined = rest + piece;
    const cut = joined.lastIndexOf("\n");
    if (cut < 0) {
      rest = joined;
      if (rest.length > MAX_ROW_CHARS) {
        skipping = { chars: rest.length, start: rest.slice(0, TOO_LONG_RAW_CHARS) };
        rest = "";
      }
      continue;
    }
    rest = joined.slice(cut + 1);
    yield parseLines(joined.slice(0, cut));
  }
  if (!complete) return;
  if (skipping !== null) yield [tooLong(skipping.chars, skipping.start)];
  else if (rest !== "") yield parseLines(rest);
}

/** How much of a row over the limit its `raw` keeps, to recognise it by. */
const TOO_LONG_RAW_CHARS = 200;

function tooLongMessage(what: string, chars: number): string {
  return `${what} of ${chars.toLocaleString("en-US")} characters, at most ${MAX_ROW_CHARS.toLocaleString("en-US")} (dòng quá dài)`;
}

/** A Feature → fields: its properties, with lat/lon from a Point geometry when present. */
export function featureFields(feature: unknown): Record<string, unknown> | string {
  if (typeof feature !== "object" || feature === null || Array.isArray(feature))
    return "feature is not an object";
  const f = feature as { type?: unknown; properties?: unknown; geometry?: unknown };
  if (f.type !== "Feature") return `expected a Feature, got ${JSON.stringify(f.type)}`;
  const properties = withFieldKeys((f.properties as Record<string, unknown> | null) ?? {});
  if (typeof properties === "string") return properties;
  const fields: Record<string, unknown> = { ...properties };
  const g = f.geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g && g.type === "Point" && Array.isArray(g.coordinates) && g.coordinates.length >= 2) {
    fields.lon = g.coordinates[0];
    fields.lat = g.coordinates[1];
  } else if (g) return `geometry must be a Point, got ${JSON.stringify(g.type)}`;
  return fields;
}

async function* readGeojson(
  text: AsyncIterable<string> | Iterable<string>,
  checks: LostLetterCheck,
  complete: boolean,
): AsyncGenerator<RawRow[]> {
  const scanner = new GeojsonScanner(checks);
  for await (const chunk of text) {
    const rows = scanner.scan(chunk);
    if (rows.length > 0) yield rows;
    if (scanner.stopped) return;
  }
  if (complete) yield scanner.end();
}

/**
 * A FeatureCollection read feature by feature: a scanner tracks strings and nesting, reads the
 * top-level members (`type` must be "FeatureCollection", `features` an array) and parses each item
 * of the features array alone, so a 10 GB file needs no more memory than its largest feature.
 */
class GeojsonScanner {
  stopped = false;
  private line = 1;
  /** Before the top-level object, among its members, in its features array, or after it. */
  private phase: "before" | "members" | "features" | "after" = "before";
  private inString = false;
  private escaped = false;
  /** A string being kept (a member's name, or the value of `type`), and what it is. */
  private collecting: "name" | "type" | null = null;
  private collected = "";
  /** Among the members: nesting inside a member's value (0: between members). */
  private depth = 0;
  private expectName = true;
  /** The last member name read. */
  private name = "";
  /** The name of the member whose value comes next, once its colon is read; null otherwise. */
  private valueOf: string | null = null;
  private sawFeatures = false;
  /** The features item being read: its text so far, its nesting, its first line; null between items. */
  private item: string[] | null = null;
  /** Characters of the item so far: past MAX_ROW_CHARS its text is no longer kept. */
  private itemChars = 0;
  private itemDepth = 0;
  private itemLine = 0;
  private out: RawRow[] = [];

  constructor(private readonly checks: LostLetterCheck) {}

  scan(text: string): RawRow[] {
    this.out = [];
    let itemStart = 0;
    for (let i = 0; i < text.length && !this.stopped; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.collecting !== null) this.endCollected();
          continue;
        }
        if (this.collecting !== null) this.collected += text[i];
        continue;
      }
      if (this.phase === "features") {
        if (this.item === null) {
          if (c === 93) this.phase = "members";
          else if (!isSpace(c) && c !== 44) {
            this.item = [];
            this.itemChars = 0;
            this.itemDepth = 0;
            this.itemLine = this.line;
            itemStart = i;
          }
          if (this.item === null) continue;
        }
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.itemDepth++;
        else if (c === 125 || c === 93) this.itemDepth--;
        if (this.itemDepth === 0 && (c === 125 || c === 93)) {
          this.keep(text, itemStart, i + 1);
          this.endItem();
        } else if (this.itemDepth < 0 || (this.itemDepth === 0 && c === 44)) {
          // A scalar item, ended by the next comma or by the array's closing bracket.
          this.keep(text, itemStart, i);
          this.endItem();
          if (c === 93) this.phase = "members";
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.phase === "before") {
        if (c === 123) this.phase = "members";
        else
          this.stop(
            `not a GeoJSON FeatureCollection: the file starts with ${JSON.stringify(text.slice(i, i + 20))}, not "{"`,
          );
        continue;
      }
      if (this.phase === "after") {
        this.stop(`text after the end of the FeatureCollection: ${JSON.stringify(text.slice(i, i + 20))}`);
        continue;
      }
      if (this.depth > 0) {
        // Inside the value of a member other than type and features: only its nesting matters.
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if (c === 125 || c === 93) this.depth--;
        continue;
      }
      if (this.valueOf !== null) {
        const member = this.valueOf;
        this.valueOf = null;
        if (member === "features") {
          if (c === 91) {
            this.phase = "features";
            this.sawFeatures = true;
          } else this.stop('not a GeoJSON FeatureCollection: "features" is not an array');
        } else if (member === "type" && c !== 34)
          this.stop('not a GeoJSON FeatureCollection: "type" is not a string');
        else if (c === 34) {
          this.inString = true;
          if (member === "type") this.collect("type");
        } else if (c === 123 || c === 91) this.depth++;
        continue;
      }
      if (c === 34 && this.expectName) {
        this.inString = true;
        this.collect("name");
      } else if (c === 58) {
        this.expectName = false;
        this.valueOf = this.name;
      } else if (c === 44) this.expectName = true;
      else if (c === 125) this.phase = "after";
    }
    if (this.item !== null && !this.stopped) this.keep(text, itemStart, text.length);
    return this.out;
  }

  /** Adds text[from, to) to the item, keeping only the start of an item over MAX_ROW_CHARS. */
  private keep(text: string, from: number, to: number): void {
    const item = this.item!;
    if (this.itemChars <= MAX_ROW_CHARS) {
      const room = MAX_ROW_CHARS + 1 - this.itemChars;
      item.push(to - from > room ? text.slice(from, from + room) : text.slice(from, to));
    }
    this.itemChars += to - from;
  }

  /** At the end of the file: what is left open says how it was cut. */
  end(): RawRow[] {
    this.out = [];
    if (this.stopped) return this.out;
    if (this.item !== null) {
      this.out.push({
        line: this.itemLine,
        error: "malformed GeoJSON: the file ends inside this feature (truncated?)",
        reason: "malformed",
        raw: this.item.join(""),
      });
      this.item = null;
    }
    if (this.phase === "before") this.stop("not a GeoJSON FeatureCollection: the file holds no JSON object");
    else if (this.phase === "features") this.stop("the file ends inside the features array (truncated?)");
    else if (!this.sawFeatures) this.stop('not a GeoJSON FeatureCollection: it has no "features" array');
    else if (this.phase === "members")
      this.stop("the file ends before the FeatureCollection is closed (truncated?)");
    return this.out;
  }

  private collect(what: "name" | "type"): void {
    this.collecting = what;
    this.collected = "";
  }

  private endCollected(): void {
    if (this.collecting === "name") this.name = this.collected;
    else if (this.collected !== "FeatureCollection")
      this.stop(`not a GeoJSON FeatureCollection: its "type" is ${JSON.stringify(this.collected)}`);
    this.collecting = null;
  }

  private endItem(): void {
    const body = this.item!.join("");
    this.item = null;
    if (this.itemChars > MAX_ROW_CHARS) {
      this.out.push({
        line: this.itemLine,
        error: tooLongMessage("GeoJSON feature", this.itemChars),
        reason: "too_long",
        raw: `${body.slice(0, TOO_LONG_RAW_CHARS)}…`,
      });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      this.out.push({
        line: this.itemLine,
        error: `malformed GeoJSON: ${(error as Error).message}`,
        reason: "malformed",
        raw: body,
      });
      return;
    }
    const fields = featureFields(parsed);
    if (typeof fields === "string") {
      this.out.push({
        line: this.itemLine,
        error: `malformed GeoJSON: ${fields}`,
        reason: "malformed",
        raw: body,
      });
      return;
    }
    const problem = MAY_HAVE_LOST_LETTERS.test(body) ? this.checks.problem(fields) : null;
    if (problem !== null)
      this.out.push({ line: this.itemLine, error: problem, reason: "encoding", raw: body });
    else this.out.push({ line: this.itemLine, fields, raw: body });
  }

  private stop(problem: string): void {
    this.out.push({ line: this.line, problem });
    this.stopped = true;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
