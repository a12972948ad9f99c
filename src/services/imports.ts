/**
 * Bulk import of survey files, with the rules every door applies around `importFiles`: everything
 * that can be refused is refused before the store is created or written (each file exists, is a
 * file of a known format this process may read, its rejects file can be written beside it, its
 * encoding and header are readable, a configured personal-data key is well formed), and a file
 * whose every row is refused is a failure, not a success: most likely the wrong file or a wrong
 * export.
 */
import { constants, statSync } from "node:fs";
import { canAccess } from "../common/file-problem.js";
import type { Encoding } from "../ingest/encoding.js";
import {
  checkRejectsWritable,
  emptySummary,
  type ImportProgress,
  ImportInputError,
  importFiles,
  type ImportSummary,
} from "../ingest/import.js";
import { inspectFiles } from "../ingest/inspect.js";
import { formatOf } from "../ingest/readers.js";
import { ServiceError } from "./errors.js";
import type { StoreAccess } from "./stores.js";

export type { FileSummary, ImportProgress, ImportSummary } from "../ingest/import.js";
export { emptySummary } from "../ingest/import.js";

export interface ImportRequest {
  /** Survey files (CSV, NDJSON, GeoJSON: docs/import-format.md), imported in this order as one load. */
  files: readonly string[];
  /** Batch name: with each row's external_id, its identity across re-imports. Default: each file's base name. */
  batch?: string;
  /** Rows per store transaction (default 20,000). */
  chunkRows?: number;
  /** Parsing threads (default: one per core but the writer's, at most four; one for a small file). */
  workers?: number;
  /** Whether a load as big as the store may defer index upkeep and rebuild at the end (default true). */
  bulk?: boolean;
  /** The files' text encoding when known; default: detected per file. */
  encoding?: Encoding;
  /** Who the revisions name (default "import"). */
  actor?: string;
  /**
   * Only rows the importer places in these new provinces are imported; the others are rejected
   * (`outside_provinces`) with their line. Default: any province. (A surveyor's key over HTTP.)
   */
  provinces?: readonly string[] | null;
  /** Told after every committed chunk. */
  onProgress?: (progress: ImportProgress) => void;
  /** Told (one line) when the import enters a slow phase: resuming a killed load, rebuilding indexes. */
  onPhase?: (message: string) => void;
}

/** Page cache for a load of millions of rows, MiB. */
const IMPORT_CACHE_MIB = 256;

export class ImportService {
  constructor(private readonly stores: StoreAccess) {}

  /**
   * Imports `request.files` into the store (created when missing) and answers the counters.
   * `summary` is filled as the files go, so that a caller can show what was done when this throws:
   * ImportInputError for a file that cannot be imported (before anything is written, or after the
   * rows before the problem, as any interrupted import) or whose every row was refused; the
   * store's AddressError for a store busy with another load.
   */
  async import(request: ImportRequest, summary: ImportSummary = emptySummary()): Promise<ImportSummary> {
    const { files } = request;
    const inspections = await this.checkFiles(request);
    await this.checkBatchProvinces(request);
    // A bad key from configuration is refused before the store is created; a key file is created
    // beside the store only once the store exists.
    const configuredKey = this.stores.configuredKey();
    await this.stores.withStore({ use: "create", cacheMiB: IMPORT_CACHE_MIB }, async (store) => {
      const piiKey = configuredKey ?? this.stores.personalDataKey();
      await importFiles(
        store,
        files,
        {
          batch: request.batch,
          piiKey,
          chunkRows: request.chunkRows,
          workers: request.workers,
          bulk: request.bulk,
          actor: request.actor,
          provinces: request.provinces,
          inspections,
          onProgress: request.onProgress,
          onPhase: request.onPhase,
        },
        summary,
      );
    });
    const refused = summary.files.find((f) => f.read > 0 && f.accepted === 0);
    if (refused !== undefined) {
      throw new ImportInputError(
        `none of the ${refused.read.toLocaleString("en-US")} rows of ${refused.file} could be imported; the reasons are in ${refused.rejects}`,
      );
    }
    return summary;
  }

  /**
   * What `import` refuses before it opens the store, without importing: the batch name, each file
   * (there, readable, a known format, its rejects file writable, its encoding and header readable).
   * Throws as `import` would (ImportInputError, ServiceError `bad-request`); a door that must answer
   * at once (the HTTP API's 400) asks this before it starts the import in the background.
   */
  async check(request: Pick<ImportRequest, "files" | "batch" | "encoding" | "provinces">): Promise<void> {
    await this.checkFiles(request);
    await this.checkBatchProvinces(request);
  }

  /**
   * A re-import updates the batch's records by their external id, wherever they are: an import
   * limited to some provinces may not name a batch that holds records outside them (it would move
   * or overwrite another province's records). Refused before anything is written.
   */
  private async checkBatchProvinces(request: Pick<ImportRequest, "batch" | "provinces">): Promise<void> {
    const provinces = request.provinces;
    if (!provinces) return;
    const outside = await this.stores.withStore({ use: "read" }, async (store) => {
      let after: string | null = null;
      do {
        const page = await store.query({ batch: request.batch, limit: 10_000, after });
        const found = page.items.find((record) => !provinces.includes(record.new.province));
        if (found) return found;
        after = page.next;
      } while (after !== null);
      return null;
    });
    if (outside !== null)
      throw new ServiceError(
        "refused",
        `batch "${request.batch}" holds records outside province(s) ${provinces.join(", ")} (${outside.code} is in ${outside.new.province}): name another batch`,
        "batch",
      );
  }

  private async checkFiles(request: Pick<ImportRequest, "files" | "batch" | "encoding">) {
    if (request.batch !== undefined && request.batch.trim() === "")
      throw new ServiceError("bad-request", "the batch name is empty");
    for (const file of request.files) checkSurveyFile(file);
    checkRejectsWritable(request.files);
    return inspectFiles(request.files, formatOf, request.encoding ?? null);
  }
}

/** Throws ImportInputError (or ServiceError `bad-request` for an unknown format) when `file` is no survey file this process can read. */
function checkSurveyFile(file: string): void {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw new ImportInputError(`no such file "${file}"`);
  if (stat.isDirectory()) throw new ImportInputError(`"${file}" is a folder, not a survey file`);
  try {
    formatOf(file);
  } catch (error) {
    throw new ServiceError("bad-request", (error as Error).message);
  }
  if (!canAccess(file, constants.R_OK)) throw new ImportInputError(`"${file}": no permission to read it`);
}

