/**
 * Shared CLI plumbing: every command prints either human text or, with `--json`, exactly one
 * JSON document on stdout, and reports failures as one line on stderr naming the bad input.
 */
import { fstatSync } from "node:fs";
import { createDecoder } from "../ingest/encoding.js";
import { MAX_ROW_CHARS } from "../ingest/fields.js";

/** A failure caused by the user's input. `exitCode` 1 = not found / invalid, 2 = usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Prints a value as pretty JSON (for `--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints one compact JSON line (for `--ndjson` batch modes). */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Parses a decimal number argument or throws a CliError naming the argument. */
export function parseNumberArg(name: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) {
    throw new CliError(`${name} must be a number, got "${raw}"`, 2);
  }
  return value;
}

/** Parses a whole-number argument within [min, max] or throws a usage CliError naming the argument. */
export function parseWholeNumberArg(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = parseNumberArg(name, raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new CliError(`${name} must be a whole number ${range}, got "${raw}"`, 2);
  }
  return value;
}

const LF = 0x0a;
const CR = 0x0d;
/** The longest line a batch mode takes: one address, one code or one point is far shorter. */
const MAX_LINE_CHARS = MAX_ROW_CHARS;

/**
 * Stdin's lines (for `--ndjson` batch modes) in batches of at most `batchLines`, without holding
 * the whole input. Decoded as UTF-8 without its byte order mark (Excel and Notepad write one).
 * Lines end as readline ends them (CRLF, LF or a lone CR; a last line without an ending counts, an
 * empty tail after the final ending does not); chunks are split here because readline's per-line
 * events cost more than the split. A line over MAX_LINE_CHARS is refused naming its number (the
 * lines before it are answered); lines with bytes that are not UTF-8 are answered and counted, and
 * one line on stderr says how many and where the first was.
 */
export async function* stdinLineBatches(batchLines: number, input: AsyncIterable<Buffer> = process.stdin): AsyncGenerator<string[]> {
  if (input === process.stdin) refuseDirectoryStdin();
  const decoder = createDecoder("utf-8");
  let pending = "";
  let batch: string[] = [];
  let lineNo = 0;
  let invalid = 0;
  let firstInvalid = 0;
  const take = (line: string) => {
    lineNo++;
    if (line.includes("\uFFFD") && invalid++ === 0) firstInvalid = lineNo;
    batch.push(line);
  };
  for await (const chunk of input) {
    const text = pending + decoder.write(chunk);
    // A CR at the very end may be the first half of a CRLF split across chunks: keep it.
    let end = text.length;
    if (end > 0 && text.charCodeAt(end - 1) === CR) end--;
    let start = 0;
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      if (i - start > MAX_LINE_CHARS) {
        if (batch.length > 0) yield batch;
        throw tooLong(lineNo + 1);
      }
      take(text.slice(start, i));
      if (c === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      start = i + 1;
      if (batch.length === batchLines) {
        yield batch;
        batch = [];
      }
    }
    pending = text.slice(start);
    if (pending.length > MAX_LINE_CHARS) {
      if (batch.length > 0) yield batch;
      throw tooLong(lineNo + 1);
    }
  }
  pending += decoder.end();
  if (pending.length > MAX_LINE_CHARS + 1) {
    if (batch.length > 0) yield batch;
    throw tooLong(lineNo + 1);
  }
  // What is left is one line, or a lone CR ending the last one.
  if (pending !== "") take(pending.charCodeAt(pending.length - 1) === CR ? pending.slice(0, -1) : pending);
  if (batch.length > 0) yield batch;
  if (invalid > 0)
    process.stderr.write(
      `diachiso: note: ${invalid.toLocaleString("en-US")} stdin line(s) are not valid UTF-8 (first: line ${firstInvalid}); their bad bytes were read as U+FFFD\n`,
    );
}

function tooLong(line: number): CliError {
  return new CliError(`stdin line ${line} has more than ${MAX_LINE_CHARS.toLocaleString("en-US")} characters: one item per line expected`);
}

/** Stdin's lines one at a time (for `--ndjson` batch modes that answer line by line). */
export async function* stdinLines(): AsyncGenerator<string> {
  for await (const batch of stdinLineBatches(1000)) yield* batch;
}

/**
 * A directory given as stdin (`< /some/dir`) reads as an empty input in Node: the command would
 * answer nothing and exit 0. Refused in one line instead.
 */
export function refuseDirectoryStdin(): void {
  let directory = false;
  try {
    directory = fstatSync(0).isDirectory();
  } catch {
    return; // no stdin to look at (closed): reading it says so
  }
  if (directory) throw new CliError("stdin is a directory, not a file: give the file itself (< FILE)", 2);
}
