/**
 * Every table a store holds, as raw rows in one neutral form both backends read and write alike:
 * the contract that moves a whole store from one backend to another (`diachiso migrate`) without
 * going through the record-level writers, which would renumber the history, hand out new codes and
 * queue notifications again. Each backend maps its own columns to these (SQLite's unused `tile`
 * and PostgreSQL's generated `geom` are neither read nor written).
 *
 * A cell is text, a number or null: times are epoch milliseconds, JSON columns their exact text,
 * statuses and states their numbers, booleans 0 or 1. Rows come ordered by the table's key (text
 * keys by their UTF-8 bytes, as SQLite compares them and PostgreSQL's "C" collation), so the same
 * content gives the same row stream, and so the same checksum, on either backend.
 */

/** Version of this interface; bumped when a table or a column changes meaning, comes or goes. */
export const TABLE_TRANSFER_INTERFACE_VERSION = 1;

export type Cell = string | number | null;
export type Row = Cell[];

export interface TableSpec {
  readonly name: string;
  /** The neutral columns, in the order a row holds them. */
  readonly columns: readonly string[];
  /** The columns rows are ordered by (a unique key). */
  readonly key: readonly string[];
  /** Those of `key` that hold text (ordered by their bytes, whatever the database's collation). */
  readonly textKey?: readonly string[];
  /**
   * Columns carried but left out of the checksum: values one backend derives rather than keeps.
   * PostgreSQL keeps each revision's province (the record's when it was written: its future
   * distribution key); SQLite keeps none and reads the record's current one instead.
   */
  readonly derived?: readonly string[];
}

/**
 * The tables, in the order they are copied: a batch before the records naming it, the records
 * before their history, the outbox and the proposals.
 */
export const STORE_TABLES: readonly TableSpec[] = [
  { name: "batches", columns: ["id", "name"], key: ["id"] },
  {
    name: "records",
    columns: [
      "id",
      "code",
      "kind",
      "status",
      "version",
      "province",
      "commune",
      "old",
      "name",
      "parts",
      "lat",
      "lon",
      "accuracy",
      "loc_source",
      "owner",
      "extra",
      "batch_id",
      "external_id",
      "surveyor",
      "issues",
      "correction",
      "successor",
      "created_at",
      "updated_at",
      "erased_at",
    ],
    key: ["id"],
  },
  {
    name: "revisions",
    columns: ["seq", "record_id", "version", "action", "status", "at", "actor", "reason", "changes", "province"],
    key: ["seq"],
    derived: ["province"],
  },
  { name: "cells", columns: ["base", "last_unit"], key: ["base"], textKey: ["base"] },
  { name: "import_checkpoints", columns: ["key", "value", "at"], key: ["key"], textKey: ["key"] },
  {
    name: "unit_counts",
    columns: ["province", "commune", "status", "n"],
    key: ["province", "commune", "status"],
    textKey: ["province", "commune"],
  },
  {
    name: "finding_counts",
    columns: ["province", "commune", "status", "rule", "blocking", "n"],
    key: ["province", "commune", "status", "rule", "blocking"],
    textKey: ["province", "commune", "rule"],
  },
  {
    name: "access_keys",
    columns: ["id", "hash", "name", "role", "scopes", "provinces", "rate_per_minute", "created_at", "created_by", "revoked_at"],
    key: ["id"],
    textKey: ["id"],
  },
  { name: "audit_log", columns: ["seq", "at", "actor", "action", "subject", "reason"], key: ["seq"] },
  {
    name: "notifications",
    columns: [
      "id",
      "record_id",
      "version",
      "province",
      "commune",
      "state",
      "attempts",
      "next_at",
      "lease_until",
      "claimant",
      "channel",
      "queued_at",
      "settled_at",
      "receipt",
      "last_error",
    ],
    key: ["id"],
  },
  {
    name: "notification_counts",
    columns: ["province", "commune", "state", "n"],
    key: ["province", "commune", "state"],
    textKey: ["province", "commune"],
  },
  { name: "owner_link_spent", columns: ["nonce", "record_id", "at"], key: ["nonce"], textKey: ["nonce"] },
  {
    name: "correction_proposals",
    columns: ["id", "record_id", "version", "province", "commune", "text", "fields", "at", "via"],
    key: ["id"],
  },
];

/** Rows per table. */
export type TableCounts = Record<string, number>;

/** A chunk of one table's rows, in key order. */
export interface TableChunk {
  table: string;
  rows: Row[];
}

/**
 * A read of every table from one snapshot: what the counts say is what the rows are, even while
 * others write. Close it when done (it holds a read transaction).
 */
export interface TableExport {
  counts(): Promise<TableCounts>;
  /** The table's rows in key order, in chunks of at most `chunkRows`. */
  rows(table: TableSpec, chunkRows?: number): AsyncIterable<Row[]>;
  close(): Promise<void>;
}

/** Raw rows in and out of a store, table by table (see the file's comment). */
export interface TableTransfer {
  /** Opens a snapshot of every table (`TableExport`); writes nobody. */
  exportTables(): Promise<TableExport>;
  /**
   * Writes `chunks` (tables in STORE_TABLES order, rows in key order) into this store, which must
   * hold no row at all, in one transaction: after a failure or a crash the store is as empty as
   * before. The kept counts and the outbox come as they are (nothing recounted or queued on the
   * way); the identities and the change feed's sequence continue after the highest row written.
   * `onRows` is told after each chunk.
   */
  importTables(chunks: AsyncIterable<TableChunk>, onRows?: (rows: number) => void): Promise<void>;
}

/** The rows' default chunk: a few MiB of records, a round trip worth its cost. */
export const DEFAULT_CHUNK_ROWS = 5_000;

/** Whether every table of `counts` is empty. */
export function allEmpty(counts: TableCounts): boolean {
  return Object.values(counts).every((n) => n === 0);
}

/** The store holds rows: what importTables refuses (`where` names the store, never with a password). */
export class TargetNotEmptyError extends Error {
  constructor(where: string, counts: TableCounts) {
    const held = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${table} ${n}`);
    super(`${where}: the target store is not empty (${held.join(", ")}); migrate into a new store`);
    this.name = "TargetNotEmptyError";
  }
}
