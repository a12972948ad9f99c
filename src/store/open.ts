/**
 * Opens the address store a location names, whichever backend holds it, so that no caller (the CLI,
 * the HTTP API, a worker) names a backend class. A location is
 *
 * - a file path (`diachiso.db`, `/var/lib/diachiso/national.db`): the embedded SQLite store;
 * - an `sqlite:` URL: the same, the rest of the URL being the path as written
 *   (`sqlite:data/x.db`, `sqlite:/var/x.db`, `sqlite:///var/x.db`; `sqlite::memory:` for tests);
 * - a `postgres://` or `postgresql://` URL (libpq's form: `postgres://user:password@host:port/db`):
 *   the PostgreSQL store (store/postgres/), its schema created in that database when new.
 *
 * Any other `scheme://…` is refused (StoreLocationError `unknown-scheme`) rather than taken for a
 * file name: a mistyped URL must not become a new, empty store in a folder named after the host.
 */
import { openPostgresStore, PostgresSchemaError } from "./postgres/postgres-store.js";
import { openSqliteStore } from "./sqlite/sqlite-store.js";
import { storeFileWritable } from "./sqlite/store-file.js";
import type { BulkLoader } from "./bulk-load.js";
import type { Store } from "./store.js";
import type { TableTransfer } from "./tables.js";

export { StoreFileError, type StoreFileProblem } from "./sqlite/store-file.js";

/**
 * What a caller does with the store: `read` (it must exist; opened read-only when this process may
 * not write it, so a read-only store can still be read), `write` (it must exist and be writable) or
 * `create` (writable; a missing store is created empty).
 */
export type StoreUse = "read" | "write" | "create";

/**
 * The store as `openStore` hands it out: the record store every caller uses, the bulk-load
 * interface only the importer uses (each backend loads its own best way), and the raw tables only
 * a migration between backends reads and writes.
 */
export type OpenedStore = Store & BulkLoader & TableTransfer;

export interface OpenStoreOptions {
  /** Default `create`. */
  use?: StoreUse;
  /**
   * With `use: "read"`: an SQLite file is opened read-only even when this process may write it (a
   * migration's source, which must stay exactly as it was). Default false.
   */
  readOnly?: boolean;
  /** Page cache, MiB, where the backend has one (SQLite default 64). Work over every record gains from 256. */
  cacheMiB?: number;
  /** How long a writer waits for another writer's lock, ms (SQLite default 30,000). */
  busyTimeoutMs?: number;
  /**
   * Told (one line) when opening or a first write takes a while for a reason the caller did not
   * ask for: finishing a bulk load whose process was killed, say. Default: nothing is told.
   */
  onNotice?: (message: string) => void;
  /**
   * Read replicas of a PostgreSQL store (`postgres://` URLs of its streaming standbys): reads are
   * served from them, writes go to `location` (docs/postgres.md, "Read replicas"). An SQLite store
   * has none: giving any is StoreLocationError `no-replicas`.
   */
  readReplicas?: readonly string[];
  /** WAL bytes a read replica may be behind and still be read first (PostgreSQL; default 16 MiB). */
  maxReplicaLagBytes?: number;
}

/** Where a store lives, as `parseStoreLocation` reads it. */
export type StoreLocation = { backend: "sqlite"; path: string } | { backend: "postgres"; url: string };

/** Why a location cannot be opened; stable, for callers that map it (the CLI: exit 2 or 1). */
export type StoreLocationProblem =
  /** A `scheme://` this program does not know: bad usage. */
  | "unknown-scheme"
  /** A URL of a known scheme written wrongly (`sqlite://host/…`): bad usage. */
  | "bad-url"
  /** Read replicas given for a store that cannot have them (SQLite), or one that is no postgres:// URL: bad usage. */
  | "no-replicas"
  /** A backend this program will have but does not yet. */
  | "not-available"
  /** A database server that could not be reached or refused the connection. */
  | "unreachable"
  /** A database that holds no store this program can use (none when one must exist, or a newer schema). */
  | "not-a-store";

/** The location names no store this program can open. The message names it, any password hidden. */
export class StoreLocationError extends Error {
  constructor(
    readonly location: string,
    readonly problem: StoreLocationProblem,
    message: string,
  ) {
    super(message);
    this.name = "StoreLocationError";
  }
}

const SQLITE_PREFIX = "sqlite:";
const POSTGRES_SCHEMES = ["postgres:", "postgresql:"];
/** `scheme://`: RFC 3986 scheme, then the authority's two slashes. */
const URL_WITH_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** Reads a location (see the file's comment), or throws StoreLocationError. Opens nothing. */
export function parseStoreLocation(location: string): StoreLocation {
  const lower = location.toLowerCase();
  if (lower.startsWith(SQLITE_PREFIX)) return { backend: "sqlite", path: sqlitePathOf(location) };
  if (POSTGRES_SCHEMES.some((scheme) => lower.startsWith(scheme)))
    return { backend: "postgres", url: location };
  const scheme = URL_WITH_AUTHORITY.exec(location)?.[1];
  if (scheme !== undefined) {
    throw new StoreLocationError(
      location,
      "unknown-scheme",
      `${shown(location)}: unknown kind of store "${scheme}:" (give an SQLite file path or an sqlite: URL)`,
    );
  }
  return { backend: "sqlite", path: location };
}

/** The path an `sqlite:` URL names: what follows the scheme, less an empty authority (`//`). */
function sqlitePathOf(location: string): string {
  const rest = location.slice(SQLITE_PREFIX.length);
  if (!rest.startsWith("//")) return rest;
  if (rest.startsWith("///")) return rest.slice(2);
  throw new StoreLocationError(
    location,
    "bad-url",
    `${shown(location)}: an sqlite: URL names a file on this machine, not a host (write sqlite:///absolute/path or sqlite:relative/path)`,
  );
}

/**
 * Opens the store at `location` for `options.use`. Throws StoreLocationError for a location no
 * backend here can open, and the backend's own errors for the store itself (for SQLite,
 * StoreFileError naming the path and the problem: missing, a folder, not a store, read-only…).
 * Asynchronous because a networked backend connects before it answers.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const parsed = parseStoreLocation(location);
  const use = options.use ?? "create";
  const replicas = options.readReplicas ?? [];
  if (parsed.backend !== "postgres" && replicas.length > 0)
    throw new StoreLocationError(
      location,
      "no-replicas",
      `${shown(location)}: read replicas are for a PostgreSQL store (postgres://…); an SQLite store is read where it is written`,
    );
  for (const replica of replicas) {
    if (parseStoreLocation(replica).backend !== "postgres")
      throw new StoreLocationError(replica, "no-replicas", `read replica ${shown(replica)}: give a postgres:// URL`);
  }
  if (parsed.backend === "postgres") {
    try {
      return await openPostgresStore(parsed.url, {
        mustExist: use !== "create",
        onNotice: options.onNotice,
        readReplicas: replicas,
        maxReplicaLagBytes: options.maxReplicaLagBytes,
      });
    } catch (error) {
      if (error instanceof PostgresSchemaError)
        throw new StoreLocationError(location, "not-a-store", `${shown(location)}: ${error.message}`);
      throw new StoreLocationError(
        location,
        "unreachable",
        `${shown(location)}: cannot use the PostgreSQL server: ${(error as Error).message}`,
      );
    }
  }
  return openSqliteStore(parsed.path, {
    cacheMiB: options.cacheMiB,
    busyTimeoutMs: options.busyTimeoutMs,
    onNotice: options.onNotice,
    mustExist: use !== "create",
    readonly: use === "read" && (options.readOnly === true || !storeFileWritable(parsed.path)),
  });
}

/** A location as it may be printed: the password of a `user:password@` URL replaced by `***`. */
export function shown(location: string): string {
  return location.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/, "$1:***@");
}
