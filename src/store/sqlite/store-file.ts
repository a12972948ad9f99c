/**
 * What can be wrong with the file a store is asked to open, found before SQLite touches it: SQLite
 * answers most of these with "unable to open database file" or creates what it was not asked to,
 * while a person needs to know which path is wrong and why. Nothing here writes.
 */
import { closeSync, constants, openSync, readSync, statSync } from "node:fs";
import { canAccess } from "../../common/file-problem.js";
import { dirname, resolve } from "node:path";

/** Why a store file cannot be opened; stable, for JSON answers and tests. */
export type StoreFileProblem =
  | "no-folder"
  | "is-folder"
  | "missing"
  | "empty"
  | "not-sqlite"
  | "damaged"
  | "other-application"
  | "newer-schema"
  | "older-schema"
  | "unreadable"
  | "read-only";

/** The store file cannot be used as asked. The message names the path and what to do. */
export class StoreFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: StoreFileProblem,
    message: string,
  ) {
    super(message);
    this.name = "StoreFileError";
  }
}

/** How a caller means to use the file. */
export interface StoreFileAccess {
  /** Whether it will write (SQLite then also creates its -wal and -shm files beside the store). */
  write: boolean;
  /** Whether a missing file is an error rather than a new, empty store. */
  mustExist: boolean;
}

/** Every SQLite 3 database file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Whether SQLite's name stands for a database without a file (nothing to check on disk). */
export function isFilelessStore(path: string): boolean {
  return path === "" || path === ":memory:" || path.startsWith("file::memory:");
}

/**
 * Throws StoreFileError when `path` cannot be opened as asked: its folder is missing or not a folder,
 * the path is a folder, the file is missing or empty (with `mustExist`), not an SQLite
 * file, unreadable, or, for writing, the file or its folder is read-only.
 */
export function checkStoreFile(path: string, access: StoreFileAccess): void {
  if (isFilelessStore(path)) return;
  const folder = dirname(resolve(path));
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (folderStat === undefined) {
    throw new StoreFileError(
      path,
      "no-folder",
      `${path}: the folder ${folder} does not exist (create it, or give another --db)`,
    );
  }
  if (!folderStat.isDirectory())
    throw new StoreFileError(path, "no-folder", `${path}: ${folder} is not a folder`);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) {
    if (access.mustExist) throw new StoreFileError(path, "missing", `no address store at ${path}`);
  } else {
    if (stat.isDirectory())
      throw new StoreFileError(path, "is-folder", `${path} is a folder, not an address store file`);
    if (!canAccess(path, constants.R_OK))
      throw new StoreFileError(path, "unreadable", `${path}: no permission to read the address store`);
    // An empty file is what SQLite makes of a new database: a store may be created in it, but it
    // holds none yet.
    if (stat.size === 0 && access.mustExist) {
      throw new StoreFileError(path, "empty", `${path} is an empty file, not an address store`);
    }
    if (stat.size > 0 && !startsWithSqliteHeader(path)) {
      throw new StoreFileError(
        path,
        "not-sqlite",
        `${path} is not an address store: the file is not an SQLite database`,
      );
    }
    if (access.write && !canAccess(path, constants.W_OK)) {
      throw new StoreFileError(
        path,
        "read-only",
        `${path}: the address store is read-only (no permission to write the file)`,
      );
    }
  }
  if (access.write && !canAccess(folder, constants.W_OK)) {
    throw new StoreFileError(
      path,
      "read-only",
      `${path}: the folder ${folder} is read-only, and writing a store needs its journal files (-wal, -shm) beside it`,
    );
  }
}

/** Whether this process may write the store in `path` (the file, if there is one, and its folder). */
export function storeFileWritable(path: string): boolean {
  if (isFilelessStore(path)) return true;
  if (statSync(path, { throwIfNoEntry: false }) !== undefined && !canAccess(path, constants.W_OK))
    return false;
  return canAccess(dirname(resolve(path)), constants.W_OK);
}

/**
 * The error SQLite raised while opening `path`, as a StoreFileError when it says something about the
 * file; any other error is returned as it is.
 */
export function storeOpenError(error: unknown, path: string, readonly: boolean): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return error;
  const sqlite = (error as Error).message;
  if (code === "SQLITE_NOTADB")
    return new StoreFileError(
      path,
      "not-sqlite",
      `${path} is not an address store: the file is not an SQLite database`,
    );
  if (code === "SQLITE_CORRUPT")
    return new StoreFileError(path, "damaged", `${path}: the database file is damaged (SQLite: ${sqlite})`);
  if (code === "SQLITE_READONLY_DIRECTORY" || (readonly && code.startsWith("SQLITE_READONLY"))) {
    // A store in WAL mode is read through a shared-memory file (-shm) that SQLite must be able to create.
    return new StoreFileError(
      path,
      "read-only",
      `${path}: cannot read the store in a read-only folder (SQLite needs to create ${path}-shm beside it): make ${dirname(resolve(path))} writable or copy the store elsewhere`,
    );
  }
  if (code.startsWith("SQLITE_READONLY"))
    return new StoreFileError(
      path,
      "read-only",
      `${path}: the address store is read-only (SQLite: ${sqlite})`,
    );
  if (code === "SQLITE_CANTOPEN" || code === "SQLITE_PERM")
    return new StoreFileError(
      path,
      "unreadable",
      `${path}: cannot open the address store (SQLite: ${sqlite})`,
    );
  return error;
}


function startsWithSqliteHeader(path: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, "r");
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}
