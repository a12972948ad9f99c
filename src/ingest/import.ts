/**
 * `diachiso import`: survey files → the store, on two cores. A worker thread reads, cleans, maps
 * and validates rows (worker.ts); the main thread writes chunks to the store, one transaction per
 * chunk, through its bulk-load interface (store/bulk-load.ts `loadRows`: `importBatch`'s idempotent
 * upsert keyed by (batch, external_id)).
 *
 * Guarantees:
 * - nothing is silently dropped: every row read is accepted (created, updated, unchanged) or
 *   written to `FILE.rejects.csv` with its line number and reason;
 * - re-importing the same file changes nothing (`unchanged` = every accepted row); a changed row
 *   becomes a new revision of its record;
 * - resumable: a chunk is committed whole or not at all, so after a kill at any moment running the
 *   same command again re-reads the file, finds the committed rows unchanged and writes the rest,
 *   with no duplicate and no loss. The rejects file is rewritten from the start on every run;
 * - every file is inspected (encoding, format, header, at least one row: inspect.ts) before
 *   anything is written; a file that fails later (truncated) is reported with what it did.
 */
import { constants, rmSync, statSync, type WriteStream } from "node:fs";
import { canAccess } from "../common/file-problem.js";
import { once } from "node:events";
import { basename, dirname, resolve } from "node:path";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type BulkLoader, OUTCOME_BY_NUMBER, OUTCOME_NUMBER } from "../store/bulk-load.js";
import type { ImportOutcome } from "../store/store.js";
import { csvLine } from "../common/csv.js";
import type { ChunkMessage, Reject, WriterChunk, WorkerInput, WorkerMessage } from "./messages.js";
import { openRejectsFile, REJECT_HEADER, RejectRedactor, rejectLine } from "./rejects.js";
import { formatOf, type InputFormat } from "./readers.js";
import type { Encoding } from "./encoding.js";
import { type FileInspection, ImportInputError, inspectFile, inspectFiles } from "./inspect.js";
import { threadCpuSeconds } from "../common/thread-cpu.js";
import { RuleEngine } from "../rules/evaluate.js";
import { contentHashes, EncodedRowsReader, fillCitizenIdHashes } from "./encoded-rows.js";
import { hashCitizenId } from "../domain/personal-data.js";
import { FileOrderDuplicates } from "./file-order-duplicates.js";

export { ImportInputError } from "./inspect.js";

export interface ImportFileOptions {
  /** Batch name: with external_id, the identity of a row across re-imports. Default: the file's base name. */
  batch?: string;
  /** Key for hashing citizen IDs (see domain/personal-data.ts loadPiiKey). */
  piiKey: Buffer;
  /** Rows per store transaction (default 20,000). */
  chunkRows?: number;
  /** Format; default from the extension. */
  format?: InputFormat;
  /** Called after every committed chunk. */
  onProgress?: (progress: ImportProgress) => void;
  /** Who the revisions name (default "import"). */
  actor?: string;
  /** Parsing worker threads (default: defaultWorkers). */
  workers?: number;
  /** The files' encoding when the user named it (--encoding); default: detected per file. */
  encoding?: Encoding;
  /** Only rows in these new provinces are imported, the others rejected (`outside_provinces`); default any. */
  provinces?: readonly string[] | null;
}

export interface ImportProgress {
  file: string;
  read: number;
  bytes: number;
  totalBytes: number;
  seconds: number;
}

/** The final counters (`--json` prints them). */
export interface ImportSummary {
  read: number;
  accepted: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  complete: number;
  incomplete: number;
  incomplete_by_rule: Record<string, number>;
  rejected_by_reason: Record<string, number>;
  warnings_by_rule: Record<string, number>;
  seconds: number;
  rows_per_second: number;
  /** Whether the store deferred index upkeep for this load (see BulkLoader.beginBulkLoad). */
  bulk_load: boolean;
  /** Part of `seconds` spent rebuilding the deferred indexes at the end. */
  index_seconds: number;
  /** Parsing worker threads (of the last file). */
  workers: number;
  /** CPU seconds of the writing thread and of the parsing threads (where the OS tells): which one limits the rate. */
  cpu_seconds: { writer: number | null; parser: number | null };
  /** What each file did, in the order given. */
  files: FileSummary[];
}

export interface FileSummary {
  file: string;
  batch: string;
  encoding: Encoding;
  /** How the encoding was settled: "byte order mark", "valid UTF-8", "--encoding", or the evidence. */
  encoding_evidence: string;
  /**
   * imported; failed (`error` says why; the rows before it are kept, as in any interrupted
   * import); not_imported (an earlier file failed, so this one was not started).
   */
  status: "imported" | "failed" | "not_imported";
  read: number;
  accepted: number;
  rejected: number;
  rejects: string | null;
  error?: string;
}

export function emptySummary(): ImportSummary {
  return {
    read: 0,
    accepted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    complete: 0,
    incomplete: 0,
    incomplete_by_rule: {},
    rejected_by_reason: {},
    warnings_by_rule: {},
    seconds: 0,
    rows_per_second: 0,
    bulk_load: false,
    index_seconds: 0,
    workers: 0,
    cpu_seconds: { writer: null, parser: null },
    files: [],
  };
}

function bump(counter: Record<string, number>, key: string, by = 1): void {
  counter[key] = (counter[key] ?? 0) + by;
}

/** Where the rows of `file` that are not imported go, with their line and reason. */
export function rejectsPathOf(file: string): string {
  return `${file}.rejects.csv`;
}

/**
 * Throws ImportInputError naming the path when a file's rejects file could not be written: the
 * import is then refused before it writes anything, not stopped after committing its first chunks.
 */
export function checkRejectsWritable(files: readonly string[]): void {
  for (const file of files) {
    const path = rejectsPathOf(file);
    const stat = statSync(path, { throwIfNoEntry: false });
    let problem: string | null = null;
    if (stat?.isDirectory()) problem = "it is a folder";
    else if (stat !== undefined && !canAccess(path, constants.W_OK)) problem = "no permission to write it";
    else if (stat === undefined && !canAccess(dirname(resolve(path)), constants.W_OK)) problem = `no permission to write in ${dirname(resolve(path))}`;
    if (problem !== null) {
      throw new ImportInputError(`${path}: cannot write the rejects file (${problem}); import a copy of ${file} from a folder you can write in`);
    }
  }
}


/** The batch name of a file when none is given: its base name without the extension. */
function batchOf(file: string): string {
  return basename(file).replace(/\.(csv|ndjson|jsonl|geojson|json)$/i, "");
}

/**
 * Imports one file into a store through its bulk-load interface, adding its counts to `summary`
 * and its own entry to `summary.files`. `inspection`: the file's, when already inspected (else it
 * is inspected first). Throws ImportInputError when the file cannot be read to its end; its entry
 * says what it did.
 */
export async function importFile(
  loader: BulkLoader,
  file: string,
  options: ImportFileOptions & { inspection?: FileInspection },
  summary: ImportSummary = emptySummary(),
): Promise<ImportSummary> {
  const started = performance.now();
  const format = options.format ?? formatOf(file);
  const inspection = options.inspection ?? (await inspectFile(file, format, options.encoding ?? null));
  const batch = options.batch ?? batchOf(file);
  const entry: FileSummary = {
    file,
    batch,
    encoding: inspection.encoding,
    encoding_evidence: inspection.encodingEvidence,
    status: "failed",
    read: 0,
    accepted: 0,
    rejected: 0,
    rejects: null,
  };
  summary.files.push(entry);
  const totalBytes = statSync(file).size;
  const rejectsPath = rejectsPathOf(file);
  let rejectsOut: WriteStream;
  try {
    rejectsOut = openRejectsFile(rejectsPath);
  } catch (error) {
    throw new ImportInputError(`${rejectsPath}: cannot write the rejects file owner-only: ${(error as Error).message}`);
  }
  rejectsOut.write(csvLine(REJECT_HEADER));
  const redactor = new RejectRedactor(format, options.piiKey);
  const writeReject = async (r: Reject) => {
    entry.rejected++;
    summary.rejected++;
    bump(summary.rejected_by_reason, r.reason);
    if (!rejectsOut.write(rejectLine(r, redactor))) await once(rejectsOut, "drain");
  };

  const chunkRows = options.chunkRows ?? 20_000;
  const expectedRows = Math.ceil(totalBytes / BYTES_PER_ROW[format]);
  const parts = options.workers ?? defaultWorkers(expectedRows, chunkRows);
  summary.workers = parts;
  // A cap on each worker's heap keeps V8 from growing it lazily to gigabytes: its live data is a
  // few chunks and the caches.
  const workers = Array.from(
    { length: parts },
    (_, part) =>
      new Worker(new URL("./worker.js", import.meta.url), {
        workerData: {
          file,
          format,
          encoding: inspection.encoding,
          chunkRows,
          part,
          parts,
          maxInFlight: 3,
          provinces: options.provinces ?? null,
        } satisfies WorkerInput,
        resourceLimits: { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 48 },
      }),
  );
  const duplicates = new FileOrderDuplicates(expectedRows, new RuleEngine());
  const actor = options.actor ?? "import";
  const hashCitizenIdWithKey = (digits: string) => hashCitizenId(digits, options.piiKey);
  const writeChunk = async (parsed: ChunkMessage) => {
    // The writer's share of the per-row work: the citizen-ID hashes, then the content hashes over
    // the finished rows (the parsing thread is the import's bottleneck; the writer has time).
    fillCitizenIdHashes(parsed.rows, parsed.citizenIds, hashCitizenIdWithKey);
    const chunk: WriterChunk = { ...parsed, contentHashes: contentHashes(parsed.rows) };
    redactor.header ??= chunk.header;
    for (const r of chunk.rejects) await writeReject(r);
    for (const r of duplicates.apply(chunk)) await writeReject(r);
    if (chunk.rows.count > 0) {
      const { kinds, details } = await loader.loadRows(batch, new EncodedRowsReader(chunk.rows), {
        actor,
        reason: `import ${basename(file)}`,
        promoteComplete: true,
      });
      // Accepted rows per set of failed rules, then the counters once per set.
      const perSet = new Int32Array(chunk.failedSets.length);
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[i];
        if (kind === OUTCOME_NUMBER.locked || kind === OUTCOME_NUMBER.failed) {
          const o = details.get(i) as Extract<ImportOutcome, { message: string }>;
          await writeReject({
            line: chunk.lines[i],
            reason: kind === OUTCOME_NUMBER.locked ? "locked" : "store_failed",
            message: o.message,
            fields: { external_id: o.externalId },
          });
          continue;
        }
        summary.accepted++;
        entry.accepted++;
        summary[OUTCOME_BY_NUMBER[kind] as "created" | "updated" | "unchanged"]++;
        perSet[chunk.failed[i]]++;
      }
      chunk.failedSets.forEach((set, k) => {
        if (perSet[k] === 0) return;
        if (set === "") summary.complete += perSet[k];
        else {
          summary.incomplete += perSet[k];
          for (const rule of set.split(",")) bump(summary.incomplete_by_rule, rule, perSet[k]);
        }
      });
    }
    for (const [rule, n] of Object.entries(chunk.warnings)) bump(summary.warnings_by_rule, rule, n);
  };

  const readBefore = summary.read;
  let problem: { line: number; message: string } | null = null;
  await new Promise<void>((resolve, reject) => {
    // Chunks are written strictly one after another, in file order, whichever worker parsed them.
    let queue = Promise.resolve();
    let failed = false;
    const waiting = new Map<number, { chunk: ChunkMessage; worker: Worker }>();
    let next = 0;
    let done = 0;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    for (const worker of workers) {
      worker.on("message", (message: WorkerMessage) => {
        queue = queue.then(async () => {
          if (failed) return;
          try {
            if (message.type === "chunk") {
              waiting.set(message.index, { chunk: message, worker });
              for (let ready = waiting.get(next); ready !== undefined; ready = waiting.get(next)) {
                waiting.delete(next++);
                await writeChunk(ready.chunk);
                ready.worker.postMessage({ type: "ack" });
                summary.read = readBefore + ready.chunk.read; // chunks come in file order
                entry.read = ready.chunk.read;
                options.onProgress?.({
                  file,
                  read: summary.read,
                  bytes: ready.chunk.bytes,
                  totalBytes,
                  seconds: (performance.now() - started) / 1000,
                });
              }
            } else if (message.type === "done") {
              summary.read = readBefore + message.read;
              entry.read = message.read;
              problem ??= message.problem;
              if (message.cpuSeconds !== null) summary.cpu_seconds.parser = (summary.cpu_seconds.parser ?? 0) + message.cpuSeconds;
              if (++done < workers.length) return;
              // Every worker has sent all its chunks (a port delivers in order), so none can be missing.
              if (waiting.size > 0) throw new Error(`import of ${file}: chunk ${next} never arrived (${waiting.size} waiting)`);
              resolve();
            } else throw new ImportInputError(message.message, message.stack);
          } catch (error) {
            fail(error);
          }
        });
      });
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (code !== 0) queue.then(() => fail(new Error(`import worker exited with code ${code} on ${file}`)));
      });
    }
  })
    .catch((error: unknown) => {
      entry.error = error instanceof Error ? error.message : String(error);
      throw error;
    })
    .finally(async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
      rejectsOut.end();
      await once(rejectsOut, "finish");
      // A clean run leaves no rejects file behind (nor the stale one of an earlier run).
      if (entry.rejected === 0) rmSync(rejectsPath, { force: true });
      else entry.rejects = rejectsPath;
      summary.seconds += (performance.now() - started) / 1000;
      summary.rows_per_second = summary.seconds > 0 ? Math.round(summary.read / summary.seconds) : 0;
    });
  // Every row read is accounted for; then the file's own problem, if any.
  const failure = problem as { line: number; message: string } | null;
  if (failure !== null) entry.error = `${file}, line ${failure.line}: ${failure.message}`;
  else if (entry.read === 0) entry.error = `${file}: no data rows`;
  if (entry.error !== undefined) throw new ImportInputError(entry.error);
  entry.status = "imported";
  return summary;
}

/**
 * Parsing workers for a file: one per core but the writer's, at most four (what one writer keeps
 * up with), and one for a file of a few chunks (each worker loads the units and boundaries first).
 * Not one per core: on the 2-core benchmark machine a second worker made the 24 M import slower
 * (616.7 s against 592.8 s with one, peak RSS 2,003 MiB): both cores were already busy, and each
 * worker reads the whole file and warms its own caches.
 */
export function defaultWorkers(expectedRows: number, chunkRows: number): number {
  if (expectedRows < 4 * chunkRows) return 1;
  return Math.max(1, Math.min(MAX_WORKERS, availableParallelism() - 1));
}
const MAX_WORKERS = 4;

/** Rough bytes per row by format, to tell a national load from a small one before reading it. */
const BYTES_PER_ROW: Record<InputFormat, number> = { csv: 150, ndjson: 350, geojson: 450 };

/**
 * Imports several files as one load: when they are big next to what the store holds, the store
 * defers its costliest indexes for the whole load (BulkLoader.beginBulkLoad) and rebuilds them at the
 * end, also after a file fails; a killed load is resumed and finished by running it again. While
 * another process's bulk load runs, this throws StoreBusyError before reading anything.
 */
export async function importFiles(
  loader: BulkLoader,
  files: readonly string[],
  options: ImportFileOptions & {
    bulk?: boolean;
    onPhase?: (message: string) => void;
    /** The files' inspections, when already made (the CLI makes them before opening the store). */
    inspections?: readonly FileInspection[];
  },
  summary: ImportSummary = emptySummary(),
): Promise<ImportSummary> {
  // Every file is looked at before anything is written: a bad one refuses the whole import.
  checkRejectsWritable(files);
  const inspections = options.inspections ?? (await inspectFiles(files, (f) => options.format ?? formatOf(f), options.encoding ?? null));
  let expected = 0;
  for (const file of files) expected += statSync(file).size / BYTES_PER_ROW[options.format ?? formatOf(file)];
  const writerCpu = threadCpuSeconds();
  // A load announced in the store is resumed even with `bulk: false`: it must end before any other
  // write (a running one refuses this import here, at once).
  const announced = (await loader.bulkLoadState()) !== null;
  summary.bulk_load = options.bulk === false && !announced ? false : await loader.beginBulkLoad(expected);
  const resumed = summary.bulk_load ? (await loader.bulkLoadState())?.resumed : undefined;
  if (resumed) options.onPhase?.(`resuming the bulk load that process ${resumed.pid} started at ${resumed.startedAt} and did not end`);
  try {
    for (const [i, file] of files.entries()) {
      try {
        await importFile(loader, file, { ...options, inspection: inspections[i] }, summary);
      } catch (error) {
        for (const later of inspections.slice(i + 1))
          summary.files.push({
            file: later.file,
            batch: options.batch ?? batchOf(later.file),
            encoding: later.encoding,
            encoding_evidence: later.encodingEvidence,
            status: "not_imported",
            read: 0,
            accepted: 0,
            rejected: 0,
            rejects: null,
          });
        throw error;
      }
    }
  } finally {
    if (summary.bulk_load) {
      options.onPhase?.(`rebuilding indexes over ${summary.read.toLocaleString("en-US")} rows read…`);
      const started = performance.now();
      await loader.endBulkLoad();
      summary.index_seconds = (performance.now() - started) / 1000;
      summary.seconds += summary.index_seconds;
      summary.rows_per_second = summary.seconds > 0 ? Math.round(summary.read / summary.seconds) : 0;
    }
    const cpu = threadCpuSeconds();
    if (cpu !== null && writerCpu !== null) summary.cpu_seconds.writer = Math.round((cpu - writerCpu) * 100) / 100;
  }
  return summary;
}
