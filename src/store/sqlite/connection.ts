/**
 * Opening the store's SQLite file: the checks before SQLite touches it (store-file.ts), the schema
 * (migrations.ts), and the settings every connection runs with. What the store promises about
 * durability follows from these: `synchronous=NORMAL` in WAL mode never corrupts the file and
 * never loses a committed transaction when the *process* dies (SIGKILL, OOM); a power cut may lose
 * the last transactions before a checkpoint, all-or-nothing each.
 */
import Database from "better-sqlite3";
import { StoreBusyError } from "../../domain/errors.js";
import { checkStoreIdentity, migrate } from "./migrations.js";
import { checkStoreFile, storeOpenError } from "./store-file.js";

/** An open store file: the connection and what its error messages name. */
export interface Connection {
  readonly db: Database.Database;
  readonly path: string;
  /** How long a writer waits for another process's write lock, ms. */
  readonly busyTimeoutMs: number;
}

export interface ConnectionOptions {
  busyTimeoutMs: number;
  /** Page cache, MiB. */
  cacheMiB: number;
  readonly: boolean;
  mustExist: boolean;
  /** Told (one line) before a migration upgrades an existing store: on millions of records it takes a while. */
  onNotice?: (message: string) => void;
  /**
   * Whether the file announces a bulk load (read before migrating): the load's rollback journal is
   * then left as it is. Any other file gets WAL.
   */
  bulkLoadAnnounced: (db: Database.Database) => boolean;
}

/** Bytes per page of a new store file. */
const PAGE_SIZE = 16_384;

/**
 * Opens, checks and (when writable) migrates the store in `path`. Throws StoreFileError
 * (store-file.ts) naming the path when the file cannot be used as asked.
 */
export function openConnection(path: string, options: ConnectionOptions): Connection {
  const { readonly, mustExist } = options;
  checkStoreFile(path, { write: !readonly, mustExist });
  const db = new Database(path, { readonly });
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    // Before anything that writes: a database of another application stays exactly as it was.
    checkStoreIdentity(db, path, { readonly, mustExist });
    if (!readonly) {
      // 16 KiB pages for a new file (ignored once it has tables): records are ≈ 450 bytes, and a
      // 4 KiB page held ≈ 8 (docs/store.md, "Pages"). Must precede WAL mode.
      db.pragma(`page_size = ${PAGE_SIZE}`);
      if (db.pragma("journal_mode", { simple: true }) !== "wal" && !options.bulkLoadAnnounced(db)) setJournal(db, "wal");
      migrate(db, path, options.onNotice);
    }
  } catch (error) {
    db.close();
    throw storeOpenError(error, path, readonly);
  }
  db.pragma("synchronous = NORMAL");
  db.pragma(`cache_size = -${options.cacheMiB * 1024}`);
  db.pragma("temp_store = MEMORY");
  // Checkpoint every 64 MiB of WAL rather than 4 MiB: index pages rewritten by consecutive
  // batches are then copied back once, not once per batch.
  db.pragma("wal_autocheckpoint = 16384");
  return { db, path, busyTimeoutMs: options.busyTimeoutMs };
}

/** Whether SQLite gave up waiting for a lock (the busy timeout has passed). */
export const isBusy = (error: unknown): boolean => error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY");

/**
 * Sets the journal mode. Leaving WAL needs every other connection closed: while one is open SQLite
 * refuses, and the store stays in WAL (a bulk load is then only slower). Coming back to WAL waits
 * for readers like a write; if they outlast the timeout, the next store opened puts WAL back.
 */
export function setJournal(db: Database.Database, mode: "wal" | "truncate"): void {
  try {
    db.pragma(`journal_mode = ${mode}`);
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
}

/** Runs `work`, turning SQLite's "database is locked" (the busy timeout has passed) into a StoreBusyError. */
export function unlessBusy<T>(connection: Connection, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isBusy(error)) throw error;
    const seconds = connection.busyTimeoutMs / 1000;
    throw new StoreBusyError(
      `${connection.path}: another writer kept the store locked for more than ${seconds} s; nothing was written, try again`,
      `${connection.path}: một tiến trình khác giữ khóa ghi quá ${seconds} giây; chưa ghi gì, hãy thử lại`,
    );
  }
}
