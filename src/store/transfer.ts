/**
 * Copying a whole store into an empty one of any backend, table by table (store/tables.ts), and
 * proving the copy: each table's row count and a SHA-256 over its rows in the neutral form, in key
 * order, computed the same way on both sides. The source's checksums are taken from the very rows
 * copied (one snapshot), the target's by reading it back after the copy committed.
 *
 * Memory stays flat whatever the store's size: rows cross a chunk at a time.
 */
import { createHash, type Hash } from "node:crypto";
import { DEFAULT_CHUNK_ROWS, type Row, STORE_TABLES, type TableChunk, type TableCounts, type TableSpec, type TableTransfer } from "./tables.js";

/** One table's count and checksum (hex SHA-256 of its rows, derived columns left out). */
export interface TableDigest {
  table: string;
  rows: number;
  sha256: string;
}

/** Hashes a table's rows as they pass: one JSON array and a newline per row. */
class TableHash {
  private readonly hash: Hash = createHash("sha256");
  private readonly kept: number[] | null;
  rows = 0;

  constructor(readonly table: TableSpec) {
    const derived = table.derived ?? [];
    this.kept = derived.length === 0 ? null : table.columns.flatMap((c, i) => (derived.includes(c) ? [] : [i]));
  }

  add(rows: readonly Row[]): void {
    const kept = this.kept;
    // One update per chunk: the digest is of the lines' concatenation either way.
    this.hash.update(rows.map((row) => `${JSON.stringify(kept === null ? row : kept.map((i) => row[i]))}\n`).join(""));
    this.rows += rows.length;
  }

  digest(): TableDigest {
    return { table: this.table.name, rows: this.rows, sha256: this.hash.digest("hex") };
  }
}

/** Every table's count and checksum, read from one snapshot of `store`. */
export async function tableDigests(store: TableTransfer, chunkRows = DEFAULT_CHUNK_ROWS): Promise<TableDigest[]> {
  const snapshot = await store.exportTables();
  try {
    const out: TableDigest[] = [];
    for (const table of STORE_TABLES) {
      const hash = new TableHash(table);
      for await (const rows of snapshot.rows(table, chunkRows)) hash.add(rows);
      out.push(hash.digest());
    }
    return out;
  } finally {
    await snapshot.close();
  }
}

/** How far a copy got: rows written of the source's total. */
export interface CopyProgress {
  rows: number;
  total: number;
}

export interface CopyResult {
  /** The source's rows per table, as its snapshot counted them. */
  counts: TableCounts;
  /** The source's digests, over the rows copied. */
  digests: TableDigest[];
}

/**
 * Copies every table of `source` into `target`, which must be empty (TargetNotEmptyError
 * otherwise, nothing written). All or nothing on the target's side (`importTables`).
 */
export async function copyTables(
  source: TableTransfer,
  target: TableTransfer,
  options: { chunkRows?: number; onProgress?: (progress: CopyProgress) => void } = {},
): Promise<CopyResult> {
  const snapshot = await source.exportTables();
  try {
    const counts = await snapshot.counts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const hashes = STORE_TABLES.map((table) => new TableHash(table));
    async function* chunks(): AsyncIterable<TableChunk> {
      for (const hash of hashes) {
        for await (const rows of snapshot.rows(hash.table, options.chunkRows)) {
          hash.add(rows);
          yield { table: hash.table.name, rows };
        }
      }
    }
    let written = 0;
    await target.importTables(chunks(), (rows) => {
      written += rows;
      options.onProgress?.({ rows: written, total });
    });
    return { counts, digests: hashes.map((hash) => hash.digest()) };
  } finally {
    await snapshot.close();
  }
}
