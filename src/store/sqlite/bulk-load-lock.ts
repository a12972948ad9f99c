/**
 * The bulk-load lock: which process may run a bulk load on a store file. It is an open EXCLUSIVE
 * transaction on a sidecar SQLite file, `<db>.bulk-lock`, held from `beginBulkLoad` to `endBulkLoad`.
 *
 * Why this mechanism rather than another:
 * - The OS releases it when its holder dies, however it dies (kill -9, OOM): SQLite locks files with
 *   fcntl record locks (LockFileEx on Windows), which the kernel drops with the process. A killed
 *   load therefore never leaves the store stuck, and "abandoned" has an exact meaning: the load's
 *   marker is in the store and nobody holds this lock. A PID file cannot say that (PIDs are reused).
 * - It excludes a second store object of the same process too. POSIX locks alone belong to the
 *   process (a second descriptor would be granted the lock, and closing any descriptor of the file
 *   drops them all); SQLite keeps one lock table per file for all the connections of a process and
 *   defers closing descriptors while a lock is held, so a second connection is refused like another
 *   process. Nothing in this process may open the file by other means (node:fs), which would drop it.
 * - It leaves the database itself alone. `locking_mode=EXCLUSIVE` on the database would shut out
 *   readers (`report`, `address show`) for the whole load, and the refused process could not read
 *   who holds it; here the load's marker in the database (pid, start time) stays readable.
 * - better-sqlite3 is already a dependency; the flock packages for Node are native add-ons of their own.
 *
 * The transaction writes nothing: the file stays empty and there is never a journal to recover. The
 * file is never deleted: a process could then lock a new file while another still held the old one.
 * EXCLUSIVE rather than IMMEDIATE so that a read-only connection can tell the lock is held (a read
 * is refused), which is how `isHeld` asks without taking it.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { isBusy } from "./connection.js";
import { isFilelessStore } from "./store-file.js";

/** The lock file of the store at `storePath`. */
export function bulkLockPath(storePath: string): string {
  return `${storePath}.bulk-lock`;
}

export class BulkLoadLock {
  private constructor(
    private readonly connection: Database.Database | null,
    /** The lock file (empty for a private store). */
    readonly path: string,
  ) {}

  /**
   * Takes the lock of the store at `storePath` when nobody holds it, without waiting; null when
   * another connection does (of another process, or of this one).
   */
  static tryAcquire(storePath: string): BulkLoadLock | null {
    if (isFilelessStore(storePath)) return new BulkLoadLock(null, "");
    const path = bulkLockPath(storePath);
    const connection = new Database(path);
    try {
      connection.pragma("busy_timeout = 0");
      connection.exec("BEGIN EXCLUSIVE");
      return new BulkLoadLock(connection, path);
    } catch (error) {
      connection.close();
      if (isBusy(error)) return null;
      throw new Error(`${path}: cannot take the bulk-load lock: ${(error as Error).message}`);
    }
  }

  /** Whether a connection (of any process, this one included) holds the lock of the store at `storePath`. */
  static isHeld(storePath: string): boolean {
    if (isFilelessStore(storePath)) return false;
    const path = bulkLockPath(storePath);
    // Whoever takes the lock creates the file first.
    if (!existsSync(path)) return false;
    let connection: Database.Database;
    try {
      connection = new Database(path, { readonly: true, fileMustExist: true });
    } catch {
      return false; // gone since: nobody holds it
    }
    try {
      connection.pragma("busy_timeout = 0");
      connection.prepare("SELECT count(*) FROM sqlite_schema").get();
      return false;
    } catch (error) {
      if (isBusy(error)) return true;
      throw new Error(`${path}: cannot read the bulk-load lock: ${(error as Error).message}`);
    } finally {
      connection.close();
    }
  }

  /** Lets the lock go (idempotent). */
  release(): void {
    if (this.connection?.open) this.connection.close();
  }
}
