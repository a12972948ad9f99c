/**
 * How every command finds and opens the address store: `--db PATH`, else `$DIACHISO_DB`, else
 * `./diachiso.db`. The store's own checks (store/sqlite/store-file.ts) become one-line errors.
 */
import type { Command } from "commander";
import { openSqliteStore, type SqliteStore } from "../store/sqlite/sqlite-store.js";
import { StoreFileError, storeFileWritable } from "../store/sqlite/store-file.js";
import { CliError } from "./output.js";

export const DB_ENV = "DIACHISO_DB";
const FALLBACK_DB = "diachiso.db";

/** The store file when `--db` is not given: $DIACHISO_DB (unless empty), else ./diachiso.db. */
export function defaultDbPath(): string {
  return process.env[DB_ENV] || FALLBACK_DB;
}

/** Adds `--db <path>` with the one description every command shares. */
export function addDbOption(command: Command): Command {
  return command.option(
    "--db <path>",
    `the address store, an SQLite file (default $${DB_ENV}, else ./${FALLBACK_DB})`,
  );
}

/**
 * The store path a command was given. SQLite's names for a database without a file ("" and
 * ":memory:") are refused: each command is its own process, so whatever it wrote would be lost.
 */
export function dbPathOf(option: string | undefined): string {
  const path = option ?? defaultDbPath();
  if (path === "" || path === ":memory:") {
    throw new CliError(
      `--db must name a file, got "${path}" (a database without a file is gone when the command ends)`,
      2,
    );
  }
  return path;
}

/**
 * What a command does with the store: `read` (must exist; opened read-only when this process may not
 * write it, so a read-only file can still be read), `write` (must exist, writable), or `create`
 * (writable; a missing file becomes a new store).
 */
export type StoreUse = "read" | "write" | "create";

/**
 * Opens the store at `path` for `use`, or throws a CliError naming the path and the problem. A write
 * may first finish a bulk load whose process was killed; `onNotice` (default: a line on stderr) says
 * why it takes a while.
 */
export function openStore(
  path: string,
  use: StoreUse,
  options: { cacheMiB?: number; onNotice?: (message: string) => void } = {},
): SqliteStore {
  try {
    return openSqliteStore(path, {
      onNotice: (message) => process.stderr.write(`diachiso: ${message}\n`),
      ...options,
      mustExist: use !== "create",
      readonly: use === "read" && !storeFileWritable(path),
    });
  } catch (error) {
    throw cliStoreError(error);
  }
}

/** A StoreFileError as the one line the CLI prints; any other error unchanged. */
export function cliStoreError(error: unknown): unknown {
  if (!(error instanceof StoreFileError)) return error;
  const hint = error.problem === "missing" ? ` (give the store's file with --db PATH or $${DB_ENV})` : "";
  return new CliError(`${error.message}${hint}`, 1);
}
