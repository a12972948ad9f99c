/**
 * The import's first look at each file, before anything is written: its encoding (encoding.ts),
 * and whether its start reads as the format its name says (a CSV header with the identity column,
 * an NDJSON object, a GeoJSON FeatureCollection) with at least one row. A file that fails refuses
 * the whole import, so a bad second file cannot leave the first one half-loaded.
 */
import { open, stat } from "node:fs/promises";
import { bomEncoding, bytesEncodingOf, createDecoder, decodeAll, detectEncoding, type Encoding, isRefusal } from "./encoding.js";
import { type InputFormat, type RawRow, rowsOf } from "./readers.js";

/**
 * The file cannot be imported as it is (unreadable, wrong header, not the format its name says, an
 * encoding that cannot be settled). The message names the file and, where there is one, the line.
 */
export class ImportInputError extends Error {
  constructor(message: string, workerStack?: string) {
    super(message);
    this.name = "ImportInputError";
    if (workerStack) this.stack = workerStack;
  }
}

export interface FileInspection {
  file: string;
  format: InputFormat;
  encoding: Encoding;
  /** How the encoding was settled: "byte order mark", "valid UTF-8", "--encoding", or the evidence. */
  encodingEvidence: string;
}

/** How much of a file is looked at: enough for thousands of rows, read in a few milliseconds. */
export const SAMPLE_BYTES = 256 * 1024;

const NO_ROWS: Record<InputFormat, string> = {
  csv: "only a header row, no data rows",
  ndjson: "no JSON lines, only blank ones",
  geojson: "the FeatureCollection has no features",
};

/**
 * Looks at the start of `file`: throws an ImportInputError naming the file and line when it cannot
 * be imported. `encoding`: the one the user named (--encoding), else it is detected.
 */
export async function inspectFile(
  file: string,
  format: InputFormat,
  encoding: Encoding | null = null,
): Promise<FileInspection> {
  const sample = await readStart(file);
  const complete = sample.length < SAMPLE_BYTES;
  if (sample.length === 0) throw new ImportInputError(`${file}: the file is empty (no header row, no data)`);
  let settled: { encoding: Encoding; evidence: string };
  if (encoding !== null) {
    const bom = bomEncoding(sample);
    if (bom && bom !== bytesEncodingOf(encoding))
      throw new ImportInputError(
        `${file}: the file starts with a ${bom} byte order mark, but --encoding ${encoding} was given`,
      );
    settled = { encoding, evidence: "--encoding" };
  } else {
    const detected = detectEncoding(sample, complete);
    if (isRefusal(detected))
      throw new ImportInputError(`${file}, line ${detected.line}: ${detected.message}`);
    settled = detected;
  }
  const decoder = createDecoder(settled.encoding);
  const text = decoder.write(sample) + (complete ? decoder.end() : "");
  if (complete && text.trim() === "")
    throw new ImportInputError(`${file}: the file holds only white space (no header row, no data)`);
  const rows: RawRow[] = [];
  for await (const batch of rowsOf([text], format, { encoding: settled.encoding, complete }))
    rows.push(...batch);
  const last = rows.at(-1);
  if (last !== undefined && "problem" in last)
    throw new ImportInputError(`${file}, line ${last.line}: ${last.problem}`);
  if (complete && rows.length === 0) throw new ImportInputError(`${file}: ${NO_ROWS[format]}`);
  if (
    format === "ndjson" &&
    rows.length > 0 &&
    rows.every((row) => "error" in row && row.reason === "malformed")
  ) {
    const first = rows[0] as Extract<RawRow, { error: string }>;
    throw new ImportInputError(
      `${file}, line ${first.line}: not NDJSON: no line${complete ? "" : ` of the first ${rows.length}`} is a JSON object (${first.error})`,
    );
  }
  // A FeatureCollection ends with "}": a file cut short (a download stopped) is refused before
  // anything is written, instead of failing once the rows before the cut are in.
  if (format === "geojson" && !complete && !(await readEnd(file, settled.encoding)).trimEnd().endsWith("}"))
    throw new ImportInputError(
      `${file}: the file does not end with the FeatureCollection's closing "}" (truncated?)`,
    );
  return { file, format, encoding: settled.encoding, encodingEvidence: settled.evidence };
}

/** Inspects every file (in order; the first that fails throws). */
export async function inspectFiles(
  files: readonly string[],
  formatOf: (file: string) => InputFormat,
  encoding: Encoding | null = null,
): Promise<FileInspection[]> {
  const out: FileInspection[] = [];
  for (const file of files) out.push(await inspectFile(file, formatOf(file), encoding));
  return out;
}

/** The last few KiB of a file, decoded (from an even offset, for UTF-16). */
async function readEnd(file: string, encoding: Encoding): Promise<string> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const from = Math.max(0, size - 4096) & ~1;
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    return decodeAll(buffer, encoding);
  } finally {
    await handle.close();
  }
}

/** Up to SAMPLE_BYTES from the start of the file. */
async function readStart(file: string): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    if ((await stat(file)).isDirectory()) throw new ImportInputError(`${file}: is a folder, not a file`);
    handle = await open(file, "r");
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    throw new ImportInputError(
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    let length = 0;
    while (length < SAMPLE_BYTES) {
      const { bytesRead } = await handle.read(buffer, length, SAMPLE_BYTES - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
