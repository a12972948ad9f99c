/**
 * How services reach the address store. A service says what each operation needs (read, write or
 * create; a bigger page cache for work over every record) and a StoreAccess decides how to give it:
 * `storeAt(location)` opens the store for that one operation and closes it after (a command-line
 * run, a script); `sharedStore(store)` lends a store its owner keeps open (a server), never
 * closing it. Either way a service holds no store between calls and names no backend.
 */
import { fileProblem } from "../common/file-problem.js";
import { loadPiiKey, PII_KEY_ENV } from "../domain/personal-data.js";
import { type OpenedStore, openStore, parseStoreLocation, type StoreUse } from "../store/open.js";
import type { ReplicationState } from "../store/store.js";
import { ServiceError } from "./errors.js";

export type { OpenedStore, StoreUse } from "../store/open.js";

/** What an operation needs of the store. */
export interface StoreNeed {
  use: StoreUse;
  /** Page cache for work that reads or writes every record (import, validate), MiB; default the backend's. */
  cacheMiB?: number;
}

export interface StoreAccess {
  /** Where the store is, as messages name it. */
  readonly location: string;
  /** Runs `work` on the store, opened as `need` says; whether it is closed after is the access's business. */
  withStore<T>(need: StoreNeed, work: (store: OpenedStore) => Promise<T>): Promise<T>;
  /**
   * The key citizen IDs are hashed with when configuration gives it ($DIACHISO_PII_KEY), else null.
   * Reads and creates nothing beside the store; throws ServiceError `refused` for a malformed key.
   */
  configuredKey(): Buffer | null;
  /**
   * The key citizen IDs are hashed with in this store: the configured one, else the one kept beside
   * the store (created there on first use). Throws ServiceError `refused` naming the key's file.
   */
  personalDataKey(): Buffer;
}

export interface StoreAtOptions {
  /** Told (one line) when opening the store takes a while for a reason nobody asked for (see OpenStoreOptions). */
  onNotice?: (message: string) => void;
  /** How long a writer waits for another writer's lock, ms (default the backend's). */
  busyTimeoutMs?: number;
  /** Where $DIACHISO_PII_KEY is read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A StoreAccess that opens the store at `location` (a path or URL: see openStore) for each operation and closes it after. */
export function storeAt(location: string, options: StoreAtOptions = {}): StoreAccess {
  const env = options.env ?? process.env;
  return {
    location,
    async withStore(need, work) {
      const store = await openStore(location, {
        use: need.use,
        cacheMiB: need.cacheMiB,
        busyTimeoutMs: options.busyTimeoutMs,
        onNotice: options.onNotice,
      });
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    },
    configuredKey: () => (env[PII_KEY_ENV] ? keyBeside(location, env) : null),
    personalDataKey: () => keyBeside(location, env),
  };
}

/** The store's key, from `env` or from the file beside an SQLite store, as ServiceError when it cannot be had. */
function keyBeside(location: string, env: NodeJS.ProcessEnv): Buffer {
  const parsed = parseStoreLocation(location);
  if (parsed.backend !== "sqlite" && !env[PII_KEY_ENV]) {
    // No file to keep a key beside; the location is not repeated, since a URL may hold a password.
    throw new ServiceError(
      "refused",
      `a store that is not a file keeps no personal-data key: set $${PII_KEY_ENV}`,
    );
  }
  const path = parsed.backend === "sqlite" ? parsed.path : "";
  try {
    return loadPiiKey(path, env).key;
  } catch (error) {
    const problem = fileProblem(error, path);
    if (problem !== null)
      throw new ServiceError(
        "refused",
        `cannot read or create the personal-data key ${path}.pii-key: ${problem}`,
      );
    throw new ServiceError("refused", (error as Error).message);
  }
}

/**
 * A StoreAccess over one store its owner opened and keeps open (a server): the owner opened it for
 * everything it serves. An operation that only reads gets the store as it is (with read replicas,
 * its reads served by them); one that writes gets its primary view, so that what it reads before
 * it writes is the latest. `personalDataKey` is the store's key (a server reads it from its secret
 * store).
 */
export function sharedStore(
  store: OpenedStore,
  options: { location: string; personalDataKey: Buffer },
): StoreAccess {
  const primary = store.primaryView?.() ?? store;
  return {
    location: options.location,
    withStore: (need, work) => work(need.use === "read" ? store : primary),
    configuredKey: () => options.personalDataKey,
    personalDataKey: () => options.personalDataKey,
  };
}

/** Where the store's primary and read replicas stand (reachable, lag), for a store with replicas; null otherwise. */
export function replicationOf(access: StoreAccess): Promise<ReplicationState | null> {
  return access.withStore({ use: "read" }, async (store) => (await store.replication?.()) ?? null);
}
