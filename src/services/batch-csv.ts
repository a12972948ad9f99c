/**
 * The streaming loop of the CSV batches (BAN's `/search/csv`): the same CSV back, row for row and
 * in order, each row's own text kept byte for byte (its quoting too) and the answer appended as
 * `result_*` columns at the file's own separator (the comma, or the ";", tab or "|" its header is
 * written with); a batch of rows at a time, the output's backpressure honoured before the next
 * batch is read, so a file of a million rows passes through in bounded memory. What makes the whole
 * file unreadable — an unclosed quote, a row with more fields than the header, text that is not
 * UTF-8, a row past the limit — stops it with one error naming the line; the rows before it have
 * been written, nothing after it is. Geocoding (batch-geocode.ts) and unit conversion (units.ts)
 * say what each row's answer is.
 */
import type { Writable } from "node:stream";
import { type CsvRecord, type CsvSeparator, CsvSplitter, csvField, likeliestSeparator } from "../common/csv.js";
import { MAX_ROW_CHARS } from "../ingest/fields.js";
import type { MatchLevel } from "../search/types.js";
import { ServiceError } from "./errors.js";

/** Rows a file may hold unless the caller says otherwise. */
export const DEFAULT_MAX_ROWS = 1_000_000;
/** Rows answered between two writes (and two progress calls): few enough to keep memory flat. */
const BATCH_ROWS = 256;
const UTF8_BOM = "\uFEFF";

/** A CSV's bytes: a file or request stream (any Readable), or any other source of chunks. */
export type CsvInput = AsyncIterable<Buffer | string>;

/**
 * How a row fared: answered, nothing found, nothing to look up, what it holds is no point, or the
 * engine failed on it (a bug: the row is written with empty answers and the batch goes on).
 */
export type RowStatus = "ok" | "not-found" | "skipped" | "invalid" | "error";

export interface BatchProgress {
  /** Rows answered so far (the header and blank lines not counted). */
  rows: number;
  /** Bytes of the input read so far (a percentage, for a file whose size is known). */
  bytes: number;
}

export interface BatchCsvOptions {
  /** Refuse the file at the row after this many (default 1,000,000). */
  maxRows?: number;
  /** Called after each batch of rows written. */
  onProgress?: (progress: BatchProgress) => void;
  /** Stops the batch (between two batches of rows, or while waiting for the output) with the signal's reason. */
  signal?: AbortSignal;
}

/** What a batch did: the CLI's `--json` summary, the HTTP API's trailer. */
export interface BatchSummary {
  rows: number;
  /** Rows given a place (any match level). */
  answered: number;
  not_found: number;
  /** Rows with nothing to look up (an empty address, no coordinates). */
  skipped: number;
  /** Rows whose coordinates are no latitude and longitude (reverse only). */
  invalid: number;
  /** Rows the engine failed on, written with `result_status` "error". */
  errors: number;
  /** The first of them: its line in the file and what failed. */
  first_error: { line: number; message: string } | null;
  by_match: Record<MatchLevel, number>;
  seconds: number;
  rows_per_second: number;
}

/** One row's answer: its status, the match level when answered, and the values of the appended columns. */
export interface RowAnswer {
  status: RowStatus;
  match: MatchLevel | null;
  values: string[];
}

/** What a batch does with each row, once it has seen the header. */
export interface RowReader {
  appended: readonly string[];
  answer(fields: readonly string[]): RowAnswer;
  /**
   * Works out the answers of the rows about to be asked, all at once (on several threads, say),
   * before `answer` is called for each in turn; `answer` gives the same either way.
   */
  answerAhead?(rows: readonly (readonly string[])[]): Promise<void>;
}

/**
 * The streaming loop both batches share: decode → split records → the header read once → each
 * row answered → written in order with the answer appended; a batch at a time, waiting for the
 * output to drain.
 */
export async function mapCsv(
  input: CsvInput,
  output: Writable,
  options: BatchCsvOptions,
  readHeader: (header: readonly string[]) => RowReader,
): Promise<BatchSummary> {
  const started = performance.now();
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const summary: BatchSummary = {
    rows: 0,
    answered: 0,
    not_found: 0,
    skipped: 0,
    invalid: 0,
    errors: 0,
    first_error: null,
    by_match: { house: 0, street: 0, commune: 0, province: 0 },
    seconds: 0,
    rows_per_second: 0,
  };
  // Made once the header's line is read: the rows are split, and go out, at its separator.
  let splitter: CsvSplitter | null = null;
  let separator: CsvSeparator = ",";
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let reader: RowReader | null = null;
  let headerFields = 0;
  let lineEnd = "\n";
  let first = true;
  /** The text read while the header's line is not complete yet. */
  let firstLine = "";
  let bytes = 0;
  let text = "";
  const records: CsvRecord[] = [];

  const handle = (record: CsvRecord): void => {
    if (record.raw.trim() === "" && !record.unclosedQuote && record.tooLong === undefined) return; // a blank line is no row
    checkRecord(record, reader === null ? null : headerFields, separator);
    if (reader === null) {
      const header = record.fields.map((name) => name.trim());
      reader = readHeader(header);
      headerFields = header.length;
      text += record.raw + reader.appended.map((name) => separator + csvField(name, separator)).join("") + lineEnd;
      return;
    }
    if (++summary.rows > maxRows)
      throw new ServiceError(
        "bad-request",
        `line ${record.line}: the file has more than ${maxRows.toLocaleString("en-US")} rows, the most one batch takes; split it`,
      );
    const answer = answerRow(reader, record, summary);
    count(summary, answer);
    // A short row is padded to the header's width so that the answer lands under its own columns.
    text +=
      record.raw +
      separator.repeat(headerFields - record.fields.length) +
      answer.values.map((v) => separator + csvField(v, separator)).join("") +
      lineEnd;
  };
  // Rows go out with the line ending the header came with (CRLF from Windows tools), split and
  // joined at its separator: a spreadsheet set to Vietnamese (or French) saves its CSV with ";".
  const splitterFor = (headerLine: string): CsvSplitter => {
    if (headerLine.endsWith("\r")) lineEnd = "\r\n";
    separator = likeliestSeparator(headerLine);
    return new CsvSplitter(null, MAX_ROW_CHARS, separator);
  };
  const flush = async (): Promise<void> => {
    try {
      let k = 0;
      while (k < records.length && reader === null) handle(records[k++]);
      if (k < records.length && reader?.answerAhead) await answerAhead(reader, records.slice(k));
      for (; k < records.length; k++) handle(records[k]);
    } finally {
      // On a refusal, the rows before the refused one still go out: they were answered.
      records.length = 0;
      const out = text;
      text = "";
      if (out !== "") await write(output, out, options.signal);
    }
    options.onProgress?.({ rows: summary.rows, bytes });
    options.signal?.throwIfAborted();
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    let decoded = decoder.decode(buffer, { stream: true });
    if (first && decoded !== "") {
      first = false;
      // The byte order mark goes back out as it came in: spreadsheets read UTF-8 by it.
      if (decoded.startsWith(UTF8_BOM)) {
        decoded = decoded.slice(1);
        text += UTF8_BOM;
      }
    }
    if (splitter === null) {
      firstLine += decoded;
      const nl = firstLine.indexOf("\n");
      if (nl < 0 && firstLine.length <= MAX_ROW_CHARS) continue;
      splitter = splitterFor(nl < 0 ? firstLine : firstLine.slice(0, nl));
      decoded = firstLine;
    }
    splitter.feed(decoded);
    while (splitter.take(records, BATCH_ROWS) > 0) await flush();
  }
  const rest = decoder.decode();
  if (splitter === null) {
    // The whole input was its header line, with no line break after it.
    firstLine += rest;
    splitter = splitterFor(firstLine);
    splitter.feed(firstLine);
  } else splitter.feed(rest);
  splitter.end(records);
  await flush();
  if (reader === null)
    throw new ServiceError("bad-request", "the file is empty: a header row naming its columns is expected");
  summary.seconds = (performance.now() - started) / 1000;
  summary.rows_per_second = summary.seconds > 0 ? Math.round(summary.rows / summary.seconds) : 0;
  return summary;
}

/**
 * The row's answer; where the engine throws on it (a bug, never the row's own fault: what the file
 * holds is checked before), the row goes out with result_status "error" and the batch goes on, as
 * one failed row of a million should not cost the rest. A refusal (ServiceError) still stops the file.
 */
function answerRow(reader: RowReader, record: CsvRecord, summary: BatchSummary): RowAnswer {
  try {
    return reader.answer(record.fields);
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    summary.first_error ??= { line: record.line, message: (error as Error).message ?? String(error) };
    return { status: "error", match: null, values: emptyValues(reader.appended, "error") };
  }
}

/**
 * The answers worked out ahead, all at once; where that fails (the engine threw on one of the rows,
 * on this thread or another), each row is then answered alone, so that only the row at fault fails.
 */
async function answerAhead(reader: RowReader, records: readonly CsvRecord[]): Promise<void> {
  try {
    await reader.answerAhead?.(records.map((r) => r.fields));
  } catch {
    // answerRow names the row at fault when `answer` meets it again.
  }
}

/** The output was closed before the batch ended (an HTTP client gone): nobody reads the rest. */
export class OutputClosedError extends Error {
  constructor() {
    super("the output was closed before the batch ended");
    this.name = "OutputClosedError";
  }
}

/**
 * Writes `text`, then waits until the output takes more. Stops waiting (and throws) when the
 * output is closed or fails, or `signal` aborts: a batch never hangs on a reader that has left.
 */
async function write(output: Writable, text: string, signal: AbortSignal | undefined): Promise<void> {
  if (output.destroyed || output.writableEnded) throw new OutputClosedError();
  if (output.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: unknown) => {
      output.off("drain", onDrain);
      output.off("close", onClose);
      output.off("error", onError);
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = () => done();
    const onClose = () => done(new OutputClosedError());
    const onError = (error: Error) => done(error);
    const onAbort = () => done(signal!.reason);
    output.on("drain", onDrain);
    output.on("close", onClose);
    output.on("error", onError);
    signal?.addEventListener("abort", onAbort);
  });
}

/** Refuses, naming the line, a record that makes the file unreadable from there on. */
function checkRecord(record: CsvRecord, headerFields: number | null, separator: CsvSeparator): void {
  const at = `line ${record.line}`;
  if (record.unclosedQuote)
    throw new ServiceError("bad-request", `${at}: a quoted field is not closed (${preview(record.raw)})`);
  if (record.tooLong !== undefined)
    throw new ServiceError(
      "bad-request",
      `${at}: the row has ${record.tooLong.toLocaleString("en-US")} characters, more than a row of addresses can (${preview(record.raw)})`,
    );
  if (record.suspect && record.raw.includes("\uFFFD"))
    throw new ServiceError(
      "bad-request",
      `${at}: the text is not UTF-8 (${preview(record.raw)}); save the file as UTF-8 (with or without BOM)`,
    );
  if (headerFields !== null && record.fields.length > headerFields)
    throw new ServiceError(
      "bad-request",
      `${at}: ${record.fields.length} fields, the header has ${headerFields}; quote a field that holds a ${SEPARATOR_NAMES[separator]} (${preview(record.raw)})`,
    );
}

const SEPARATOR_NAMES: Record<CsvSeparator, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar" };

function preview(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}

function count(summary: BatchSummary, answer: RowAnswer): void {
  if (answer.match !== null) {
    summary.answered++;
    summary.by_match[answer.match]++;
  } else if (answer.status === "not-found") summary.not_found++;
  else if (answer.status === "skipped") summary.skipped++;
  else if (answer.status === "invalid") summary.invalid++;
  else if (answer.status === "error") summary.errors++;
}

/** The index of a header column by its name (exact, else ignoring case), or a refusal listing the header. */
export function columnOf(header: readonly string[], name: string, field: string): number {
  let k = header.indexOf(name.trim());
  if (k < 0) k = header.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase());
  if (k < 0)
    throw new ServiceError("bad-request", `no column "${name}" in the header (${header.join(", ")})`, field);
  return k;
}

/** The appended columns of a row with no answer: its status, the rest empty. */
export function emptyValues(columns: readonly string[], status: RowStatus): string[] {
  return [status, ...columns.slice(1).map(() => "")];
}
