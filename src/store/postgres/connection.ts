/**
 * The pool of connections to the PostgreSQL store's database, its schema brought up to date
 * (migrations.ts), and the two kinds of transaction every call runs in.
 *
 * Writers of records take one advisory lock, held to their commit: the change feed's seq is handed
 * out under it, so seqs grow in commit order (a sequence alone grows in the order values are taken,
 * and a follower reading `seq > n` would skip a smaller seq committed later), and a code is checked
 * free and taken with no other writer between. Readers never wait for it.
 */
import pg from "pg";
import { MIGRATION_LOCK, PG_MIGRATIONS, PG_SCHEMA_VERSION } from "./migrations.js";

/** The writers' advisory lock key (class, object): "DIAC" and 2. */
export const WRITERS_LOCK = [0x44494143, 2] as const;

/** BEGIN and the writers' lock in one simple query (constants only, so no parameters are needed). */
const BEGIN_AS_WRITER = `BEGIN; SELECT pg_advisory_xact_lock(${WRITERS_LOCK[0]}, ${WRITERS_LOCK[1]})`;

/** The database holds a schema this program cannot use. */
export class PostgresSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PostgresSchemaError";
  }
}

const INT8_OID = 20;
/**
 * bigint columns as numbers: ids, seqs and ms times stay far below 2^53, and the store's answers
 * carry numbers, as the SQLite store's do.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** A schema of the database to keep the store in (created when missing); default the user's (`public`). */
  schema?: string;
  /** How long a new connection may take before it is given up, ms (default 15,000). */
  connectTimeoutMs?: number;
}

export function openPool(url: string, options: PoolOptions = {}): pg.Pool {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`schema "${schema}": use lower-case letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // A server that does not answer is told within seconds, not after the system's TCP timeout.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 15_000,
    types,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema},public` }),
  });
  // An idle connection the server ends (a restart) is told here rather than crashing the process;
  // the next query opens a new one.
  pool.on("error", () => {});
  return pool;
}

/** Brings the database to PG_SCHEMA_VERSION; throws PostgresSchemaError for a newer one. */
export async function migratePool(
  pool: pg.Pool,
  options: { schema?: string; mustExist?: boolean; onNotice?: (message: string) => void } = {},
): Promise<void> {
  const client = await pool.connect();
  const lost = heldConnectionLost(client);
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", [...MIGRATION_LOCK]);
    try {
      if (options.mustExist) {
        const { rows } = await client.query<{ found: string | null }>(
          "SELECT to_regclass('diachiso_schema')::text AS found",
        );
        if (rows[0].found === null)
          throw new PostgresSchemaError("no address store in this database (an import creates one)");
      }
      if (options.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      await client.query(
        "CREATE TABLE IF NOT EXISTS diachiso_schema (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const { rows } = await client.query<{ v: number | null }>(
        "SELECT max(version) AS v FROM diachiso_schema",
      );
      const current = rows[0].v ?? 0;
      if (current > PG_SCHEMA_VERSION) {
        throw new PostgresSchemaError(
          `store schema v${current} is newer than this program's v${PG_SCHEMA_VERSION}: upgrade diachiso`,
        );
      }
      for (const migration of PG_MIGRATIONS) {
        if (migration.version <= current) continue;
        if (current > 0)
          options.onNotice?.(
            `upgrading the PostgreSQL store to version ${migration.version}: ${migration.description}`,
          );
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO diachiso_schema (version, description) VALUES ($1, $2)", [
            migration.version,
            migration.description,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1, $2)", [...MIGRATION_LOCK]);
    }
  } finally {
    lost.release();
  }
}

/**
 * Runs `work` in one transaction on one connection; `writer`: under the writers' lock (see the
 * file's comment). Rolled back when `work` throws.
 */
export async function transaction<T>(
  pool: pg.Pool,
  writer: boolean,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const lost = heldConnectionLost(client);
  try {
    // One round trip for both: a writer's transaction is a handful of them, all under the lock.
    await client.query(writer ? BEGIN_AS_WRITER : "BEGIN");
    try {
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    lost.release();
  }
}

/**
 * Watches a connection taken from the pool for its end while it is held: pg emits an ended
 * connection's error on the client, and the pool listens only to the connections it holds idle, so
 * without this a server going away under a transaction (a restart) would end the whole process.
 * The query under way fails as well, and that is the caller's error; `release` hands the connection
 * back, or drops it when it ended (or when `drop`).
 */
export function heldConnectionLost(client: pg.PoolClient): { release(drop?: boolean): void } {
  let ended: Error | undefined;
  const onError = (error: Error) => {
    ended = error;
  };
  client.on("error", onError);
  return {
    release(drop = false) {
      client.removeListener("error", onError);
      client.release(ended ?? drop);
    },
  };
}
