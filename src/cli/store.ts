/**
 * How every command finds the address store: `--db LOCATION`, else `$DIACHISO_DB`, else
 * `./diachiso.db`, a location being a file path or a URL (store/open.ts); and how the store's
 * errors become the one line the CLI prints.
 */
import type { Command } from "commander";
import { type StoreAccess, storeAt } from "../services/stores.js";
import { parseStoreLocation, StoreFileError, StoreLocationError } from "../store/open.js";
import { CliError } from "./output.js";

const DB_ENV = "DIACHISO_DB";
const FALLBACK_DB = "diachiso.db";

/** The store file when `--db` is not given: $DIACHISO_DB (unless empty), else ./diachiso.db. */
function defaultDbPath(): string {
  return process.env[DB_ENV] || FALLBACK_DB;
}

/** Adds `--db <path>` with the one description every command shares. */
export function addDbOption(command: Command): Command {
  return command.option(
    "--db <path>",
    `the address store: an SQLite file, or a postgres:// URL (default $${DB_ENV}, else ./${FALLBACK_DB})`,
  );
}

/**
 * The store location a command was given. SQLite's names for a database without a file ("" and
 * ":memory:", as a path or an sqlite: URL) are refused: each command is its own process, so
 * whatever it wrote would be lost. A location of an unknown kind throws StoreLocationError.
 */
function dbLocationOf(option: string | undefined): string {
  const location = option ?? defaultDbPath();
  const parsed = parseStoreLocation(location);
  if (parsed.backend === "sqlite" && (parsed.path === "" || parsed.path === ":memory:")) {
    throw new CliError(
      `--db must name a file, got "${location}" (a database without a file is gone when the command ends)`,
      2,
    );
  }
  return location;
}

/**
 * The store a command was given (`--db`), opened for each service call and closed after. A notice
 * (a write first finishing a bulk load whose process was killed) is a line on stderr, `who: …`.
 */
export function cliStores(option: string | undefined, who = "diachiso"): StoreAccess {
  return storeAt(dbLocationOf(option), {
    onNotice: (message) => process.stderr.write(`${who}: ${message}\n`),
  });
}

/** A store's error as the one line the CLI prints (a CliError with its exit code); any other error unchanged. */
export function cliStoreError(error: unknown): unknown {
  if (error instanceof StoreFileError) {
    const hint = error.problem === "missing" ? ` (give the store's file with --db PATH or $${DB_ENV})` : "";
    return new CliError(`${error.message}${hint}`, 1);
  }
  if (error instanceof StoreLocationError)
    return new CliError(
      error.message,
      error.problem === "unknown-scheme" || error.problem === "bad-url" || error.problem === "no-replicas" ? 2 : 1,
    );
  return error;
}
