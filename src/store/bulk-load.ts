/**
 * The bulk-load contract: how an importer hands a store millions of rows, so that each backend
 * loads them its own best way — the embedded SQLite store with multi-row INSERTs and its costliest
 * indexes deferred (store/sqlite/bulk-load.ts), a PostgreSQL store with COPY. It is separate from
 * the record store (`Store`, store.ts), which every caller uses; only the importer loads.
 *
 * A load is, from one object:
 *
 *   await loader.beginBulkLoad(expectedRows);            // optional: whether the backend defers work
 *   for (const chunk of chunks) await loader.loadRows(batch, chunk, options);   // in file order
 *   await loader.endBulkLoad();                           // also after a failure
 *
 * Rows cross as `LoadRows`: a chunk's rows by named column, each value the text the store keeps
 * (the JSON columns as their exact JSON), which is what a COPY stream writes and what an INSERT
 * binds. How the rows got there (the importer's worker threads hand them over as encoded bytes) is
 * the importer's business. `contract/bulk-load.ts` holds the tests every backend must pass
 * (`runBulkLoadContract`).
 */
import type { ImportOptions, ImportOutcome } from "./store.js";

/** Version of this interface; bumped when a member changes meaning or leaves. */
export const BULK_LOADER_INTERFACE_VERSION = 1;

/**
 * The text columns of a row to load, as the store keeps them:
 * - `externalId`: the row's id in its batch (with the batch, its identity across re-imports);
 * - `kind`, `name`, `surveyor`, `locSource` (`location.source`), `province` and `commune` (new
 *   structure): the record's fields;
 * - `parts`, `old`, `owner`, `extra`: their normalised JSON (`JSON.stringify`), null when null;
 * - `issues`: the JSON of the completeness findings, null when there are none;
 * - `code`: a code to keep (records migrated from an earlier system), null to allocate one.
 */
export const LOAD_TEXT_COLUMNS = [
  "externalId",
  "kind",
  "name",
  "parts",
  "province",
  "commune",
  "old",
  "owner",
  "extra",
  "issues",
  "surveyor",
  "locSource",
  "code",
] as const;
export type LoadTextColumnName = (typeof LOAD_TEXT_COLUMNS)[number];

/**
 * The number columns of a row to load: `lat` and `lon` (WGS84 degrees), `accuracy` (metres, NaN
 * when unknown) and `blocking` (how many of its findings block `complete`).
 */
export const LOAD_NUMBER_COLUMNS = ["lat", "lon", "accuracy", "blocking"] as const;
export type LoadNumberColumnName = (typeof LOAD_NUMBER_COLUMNS)[number];

declare const textColumn: unique symbol;
declare const numberColumn: unique symbol;
/** A text column, by its place in LOAD_TEXT_COLUMNS: name it with TEXT_COLUMN. */
export type TextColumn = number & { readonly [textColumn]: true };
/** A number column, by its place in LOAD_NUMBER_COLUMNS: name it with NUMBER_COLUMN. */
export type NumberColumn = number & { readonly [numberColumn]: true };

/**
 * The text columns by name: `rows.text(i, TEXT_COLUMN.kind)`. A column is a number rather than its
 * name so that a reader finds it without a look-up by name on every call: the writer reads a dozen
 * columns of every row of a load of millions.
 */
export const TEXT_COLUMN = Object.freeze(Object.fromEntries(LOAD_TEXT_COLUMNS.map((name, i) => [name, i]))) as {
  readonly [Name in LoadTextColumnName]: TextColumn;
};
/** The number columns by name: `rows.number(i, NUMBER_COLUMN.lat)`. */
export const NUMBER_COLUMN = Object.freeze(Object.fromEntries(LOAD_NUMBER_COLUMNS.map((name, i) => [name, i]))) as {
  readonly [Name in LoadNumberColumnName]: NumberColumn;
};

/** A chunk of rows to load, read by row and column. */
export interface LoadRows {
  readonly count: number;
  /** Row `row`'s value in a text column (see LOAD_TEXT_COLUMNS), or null. */
  text(row: number, column: TextColumn): string | null;
  /** Row `row`'s value in a number column (see LOAD_NUMBER_COLUMNS). */
  number(row: number, column: NumberColumn): number;
}

/** `ImportOutcome["outcome"]` as a small number, for compact per-row results. */
export const OUTCOME_NUMBER = { created: 0, updated: 1, unchanged: 2, locked: 3, failed: 4 } as const;
export const OUTCOME_BY_NUMBER = ["created", "updated", "unchanged", "locked", "failed"] as const;

/**
 * What `loadRows` returns: the outcome of every row as a number (OUTCOME_NUMBER), and the full
 * outcome of every row that was not simply created (a load of millions needs no object per
 * created row).
 */
export interface LoadOutcomes {
  kinds: Uint8Array;
  details: Map<number, ImportOutcome>;
}

export interface BulkLoadState {
  /** When its current loader started (or resumed) it, ISO 8601 UTC. */
  startedAt: string;
  expectedRows: number;
  /** Process id of its current loader (which may have died: see `running`). */
  pid: number;
  /** The interrupted load this one took over, if any. */
  resumed?: { startedAt: string; pid: number };
  /**
   * Whether its loader is alive (holds the load's lock). False: the load was abandoned (its process
   * killed or crashed); the next import resumes it, any other writer finishes it.
   */
  running: boolean;
}

export interface BulkLoader {
  /** "sqlite", "postgres"... */
  readonly backend: string;
  /**
   * Announces a load of about `expectedRows` new records through `loadRows` (or `importBatch`)
   * from this object. The backend may then stop maintaining what costs most per row (rebuilding it
   * once in `endBulkLoad`) and refuse every other writer, in this process or another, with
   * StoreBusyError until then; reads still work, some more slowly. Returns whether it did (small
   * loads into a large store do not gain). One load at a time: while another object (of any
   * process) runs one, this throws StoreBusyError naming it, at once. A load whose loader died
   * stays announced: calling this again (any expected size) resumes it, and `endBulkLoad` finishes
   * it; any other write finishes it first.
   */
  beginBulkLoad(expectedRows: number): Promise<boolean>;
  /**
   * Writes one chunk of rows with `Store.importBatch`'s semantics — an idempotent upsert keyed by
   * (batch, externalId) in one transaction, a repeated externalId acting as a re-import of the
   * earlier row — inside this object's bulk load or, without one, as an ordinary batch.
   */
  loadRows(batch: string, rows: LoadRows, options: ImportOptions): Promise<LoadOutcomes>;
  /**
   * Ends this object's bulk load: rebuilds what was deferred and lets other writers in. Finishes an
   * abandoned load too; no-op when none is on or another object's load is running.
   */
  endBulkLoad(): Promise<void>;
  /** The bulk load on, if any (started by any process): when, how big, and whether its loader still runs. */
  bulkLoadState(): Promise<BulkLoadState | null>;
}
