/**
 * `diachiso geocode --csv FILE|-` and `diachiso reverse --csv FILE|-`: a CSV in, the same CSV out
 * with the answers appended (services/batch-geocode.ts), to `--out FILE` or stdout. With `--out`,
 * the file appears only once every row is answered (written beside it, then renamed), so a file
 * at that name is always whole; on stdout the rows before a refused line have gone out. A row the
 * engine fails on is written with result_status "error" and the others go on; the command then
 * exits 1 naming the first such line. Progress
 * on stderr for a file; the summary at the end on stderr, or with `--json` as one JSON document
 * (on stdout when the CSV went to a file, else on stderr).
 */
import { createReadStream, createWriteStream, openSync, renameSync, rmSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { finished } from "node:stream/promises";
import type { Writable } from "node:stream";
import { fileProblem } from "../../common/file-problem.js";
import {
  BatchGeocoder,
  type BatchProgress,
  type BatchSummary,
  type CsvInput,
} from "../../services/batch-geocode.js";
import { ServiceError } from "../../services/errors.js";
import { GeocodeThreads } from "../../services/geocode-threads.js";
import type { SearchSession } from "../../services/search.js";
import { batchProgressReporter } from "../batch-progress.js";
import { CliError, parseWholeNumberArg, refuseDirectoryStdin } from "../output.js";

export interface CsvFlags {
  csv: string;
  out?: string;
  json?: boolean;
  maxRows?: string;
  threads?: string;
}

/** Threads by default: one per core but this one's, at most this many (each builds its own tables). */
const MAX_DEFAULT_THREADS = 3;
/** Below this size a file is answered on the main thread alone: starting threads costs more than they save. */
const THREADED_FROM_BYTES = 1_000_000;

/** The options every CSV batch shares, as a command adds them. */
export const CSV_OPTIONS = {
  csv: [
    "--csv <file>",
    "batch mode: a CSV file (or - for stdin), given back with the answer appended to each row",
  ],
  out: ["--out <file>", "with --csv: write the CSV here (default stdout)"],
  maxRows: ["--max-rows <n>", "with --csv: refuse a file of more rows (default 1,000,000)"],
  threads: [
    "--threads <n>",
    "with --csv: threads geocoding beside the main one, over the same index in shared memory (default: one per core but one, at most 3, for a file of 1 MB or more; 0 for none)",
  ],
} as const;

/**
 * Runs one CSV batch: checks the flags and the input before opening the index (`open`, `shared`
 * when threads will read it too), then streams the file through `run` to the output, and prints
 * the summary. Only a geocoding batch uses threads.
 */
export async function runCsvBatch(
  what: "geocode" | "reverse",
  flags: CsvFlags,
  open: (shared: boolean) => Promise<SearchSession>,
  run: (
    batch: BatchGeocoder,
    input: CsvInput,
    output: Writable,
    options: { maxRows?: number; onProgress: (p: BatchProgress) => void },
  ) => Promise<BatchSummary>,
): Promise<void> {
  const maxRows =
    flags.maxRows === undefined ? undefined : parseWholeNumberArg("--max-rows", flags.maxRows, 1);
  const fromStdin = flags.csv === "-";
  let totalBytes = 0;
  if (!fromStdin) {
    try {
      const stat = statSync(flags.csv);
      if (!stat.isFile()) throw new CliError(`--csv: ${flags.csv} is not a file`, 2);
      totalBytes = stat.size;
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(
        `--csv: cannot read ${flags.csv}: ${fileProblem(error, flags.csv) ?? (error as Error).message}`,
        1,
      );
    }
  }
  if (flags.out !== undefined && !fromStdin && sameFile(flags.out, flags.csv))
    throw new CliError(`--out ${flags.out} is the input file: write the answers to another file`, 2);

  const asked = flags.threads === undefined ? undefined : parseWholeNumberArg("--threads", flags.threads, 0);
  const threadCount =
    what !== "geocode"
      ? 0
      : (asked ??
        (fromStdin || totalBytes < THREADED_FROM_BYTES ? 0 : Math.min(MAX_DEFAULT_THREADS, availableParallelism() - 1)));
  const session = await open(threadCount > 0);
  const threads =
    threadCount > 0 && session.index.shared ? await GeocodeThreads.start(session.index.shared, threadCount) : undefined;
  const batch = new BatchGeocoder(session, { threads });
  if (fromStdin) refuseDirectoryStdin();
  const input = fromStdin ? process.stdin : createReadStream(flags.csv);
  const partial = flags.out === undefined ? null : `${flags.out}.partial-${process.pid}`;
  const output =
    partial === null ? process.stdout : createWriteStream(partial, { fd: openOut(partial, flags.out!) });
  const progress = fromStdin ? null : batchProgressReporter(`${what} ${flags.csv}`, totalBytes);
  let summary: BatchSummary;
  try {
    summary = await run(batch, input, output, { maxRows, onProgress: (p) => progress?.update(p) });
    if (partial !== null) {
      output.end();
      await finished(output);
      renameSync(partial, flags.out!);
    }
  } catch (error) {
    if (partial !== null) {
      // The rows answered before the refused one may still be on their way to the file: their
      // write then fails against the destroyed stream, and that error, told to nobody, would end
      // the process ("unexpected error", exit 1) in place of the refusal. The file goes anyway.
      output.on("error", () => {});
      output.destroy();
      await finished(output).catch(() => {});
      rmSync(partial, { force: true });
    }
    throw inFile(error, fromStdin ? "stdin" : flags.csv, partial === null ? null : flags.out!);
  } finally {
    progress?.stop();
    await threads?.close();
  }
  const report = { file: fromStdin ? "-" : flags.csv, out: flags.out ?? "-", ...summary };
  if (flags.json)
    (partial === null ? process.stderr : process.stdout).write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stderr.write(`${summaryLine(what, report)}\n`);
  // The file is whole, every other row answered; the exit says that some were not.
  const failed = summary.first_error;
  if (failed !== null)
    throw new CliError(
      `${report.file === "-" ? "stdin" : report.file}, line ${failed.line}: the ${what === "geocode" ? "geocoder" : "reverse geocoder"} failed on this row (${failed.message}); ${summary.errors.toLocaleString("en-US")} ${summary.errors === 1 ? "row was" : "rows were"} written with result_status "error", every other row answered`,
      1,
    );
}

/** Opens the file the answers are written to first, so that a folder that is not there is told before any work. */
function openOut(partial: string, out: string): number {
  try {
    return openSync(partial, "w");
  } catch (error) {
    throw new CliError(
      `--out: cannot write ${out}: ${fileProblem(error, out) ?? (error as Error).message}`,
      1,
    );
  }
}

/** A refusal about the file's content, naming the file (and that nothing was written to `out`). */
function inFile(error: unknown, file: string, out: string | null): unknown {
  if (error instanceof ServiceError && error.field === undefined) {
    const nothing = out === null ? "" : `; nothing written to ${out}`;
    return new ServiceError(error.kind, `${file}: ${error.message}${nothing}`);
  }
  if (out !== null && (error as NodeJS.ErrnoException).code !== undefined) {
    const problem = fileProblem(error, out);
    if (problem) return new CliError(`--out: cannot write ${out}: ${problem}`, 1);
  }
  return error;
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

function summaryLine(what: string, r: BatchSummary & { file: string; out: string }): string {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const levels = Object.entries(r.by_match)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${level} ${fmt(n)}`)
    .join(", ");
  const others = [
    r.not_found > 0 ? `${fmt(r.not_found)} not found` : "",
    r.skipped > 0 ? `${fmt(r.skipped)} empty` : "",
    r.invalid > 0 ? `${fmt(r.invalid)} not a point` : "",
    r.errors > 0 ? `${fmt(r.errors)} failed` : "",
  ].filter((s) => s !== "");
  return `${what}: ${fmt(r.rows)} rows, ${fmt(r.answered)} answered${levels ? ` (${levels})` : ""}${others.length ? `, ${others.join(", ")}` : ""} in ${r.seconds.toFixed(1)} s (${fmt(r.rows_per_second)} rows/s)${r.out === "-" ? "" : ` → ${r.out}`}`;
}
