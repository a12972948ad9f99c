/**
 * Where the PostgreSQL store's reads go when it has read replicas (streaming standbys of the
 * primary, built-in physical replication): the primary's pool beside one pool per replica, and a
 * choice per call.
 *
 *   replica    a replica, in turn; another one or the primary when it is unreachable
 *   primary    the primary; a replica only when the primary is unreachable (reads that should
 *              see the latest commit, such as an access key's revocation, but may answer late
 *              rather than not at all)
 *   only-primary  the primary or nothing: reads inside a write, and a writer's own reads
 *
 * A source that fails to connect (refused, reset, shutting down, starting up, a connect timeout) is
 * set aside for a moment and the next one is asked; a read is a read, so asking again is safe. An
 * error of the query itself (bad input, a missing table) is the caller's answer, not a reason to
 * ask elsewhere. When no source answers, StoreUnavailableError says so: the API answers 503.
 */
import type pg from "pg";
import { StoreUnavailableError } from "../../domain/errors.js";
import type { ReplicationState } from "../store.js";

type ReplicaState = ReplicationState["replicas"][number];

export type ReadRoute = "replica" | "primary" | "only-primary";

/** How long a source that did not answer is passed over before it is asked again, ms. */
const SET_ASIDE_MS = 2_000;

/** Node's errors for a server that cannot be reached or went away. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** SQLSTATEs of a server going down or not up yet: admin_shutdown, crash_shutdown, cannot_connect_now. */
const GOING_DOWN = new Set(["57P01", "57P02", "57P03"]);

/**
 * Whether `error` says the server could not be used at all (rather than that it refused this query):
 * a network error, SQLSTATE class 08 (connection exception), a server shutting down or starting up,
 * or pg's own words for a connection that ended or never came.
 */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || GOING_DOWN.has(code) || code.startsWith("08")))
    return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed/i.test(
    message,
  );
}

/** A database server the store reads from, as messages and metrics name it. */
export interface ReadSource {
  /** `host:port/database`, never the user or password. */
  readonly name: string;
  readonly pool: pg.Pool;
}

/** `host:port/database` of a postgres:// URL: what a message or a metric label may show. */
export function sourceName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "(a PostgreSQL URL that cannot be read)";
  }
}

export class ReadPools {
  private readonly setAsideUntil = new Map<ReadSource, number>();
  private turn = 0;

  constructor(
    readonly primary: ReadSource,
    readonly replicas: readonly ReadSource[],
  ) {}

  /** The sources to ask for `route`, in order; those set aside last (asked only when no other answers). */
  private order(route: ReadRoute): ReadSource[] {
    if (route === "only-primary" || this.replicas.length === 0) return [this.primary];
    const start = this.turn++ % this.replicas.length;
    const replicas = [...this.replicas.slice(start), ...this.replicas.slice(0, start)];
    const all = route === "replica" ? [...replicas, this.primary] : [this.primary, ...replicas];
    const now = Date.now();
    const ready = all.filter((source) => (this.setAsideUntil.get(source) ?? 0) <= now);
    return [...ready, ...all.filter((source) => !ready.includes(source))];
  }

  /**
   * Runs `work` against the first source of `route` that answers. Throws the work's own error, or
   * StoreUnavailableError when no source could be reached.
   */
  async read<T>(route: ReadRoute, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
    const reasons: string[] = [];
    for (const source of this.order(route)) {
      try {
        const result = await work(source.pool);
        this.setAsideUntil.delete(source);
        return result;
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        this.setAsideUntil.set(source, Date.now() + SET_ASIDE_MS);
        reasons.push(`${source.name}: ${(error as Error).message}`);
      }
    }
    throw unavailable(reasons);
  }

  /** Where each server stands now: reachable, replaying, and how far behind the primary. */
  async status(): Promise<ReplicationState> {
    let lsn: string | null = null;
    try {
      lsn = (await this.primary.pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0].lsn;
    } catch (error) {
      if (!isUnreachable(error)) throw error;
    }
    const replicas = await Promise.all(this.replicas.map((replica) => replicaState(replica, lsn)));
    return { primary: { name: this.primary.name, reachable: lsn !== null, lsn }, replicas };
  }

  async end(): Promise<void> {
    await Promise.all(
      [this.primary, ...this.replicas].map((source) => (source.pool.ended ? undefined : source.pool.end())),
    );
  }
}

async function replicaState(replica: ReadSource, primaryLsn: string | null): Promise<ReplicaState> {
  try {
    const { rows } = await replica.pool.query<{
      recovery: boolean;
      replay: string | null;
      lag: string | null;
      age: string | null;
    }>(
      `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay,
              pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::text AS lag,
              extract(epoch FROM now() - pg_last_xact_replay_timestamp())::text AS age`,
      [primaryLsn],
    );
    const row = rows[0];
    return {
      name: replica.name,
      reachable: true,
      inRecovery: row.recovery,
      replayLsn: row.replay,
      // A replica that received WAL the primary has not flushed yet is behind by nothing.
      lagBytes: row.lag === null ? null : Math.max(0, Number(row.lag)),
      replayAgeSeconds: row.age === null ? null : Number(row.age),
    };
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    return { name: replica.name, reachable: false, inRecovery: null, replayLsn: null, lagBytes: null, replayAgeSeconds: null };
  }
}

/** The error a caller gets when no server could be asked; each one's reason in the message. */
export function unavailable(reasons: readonly string[]): StoreUnavailableError {
  return new StoreUnavailableError(
    `the PostgreSQL store cannot be reached (${reasons.join("; ")}): retry shortly`,
    `không kết nối được cơ sở dữ liệu PostgreSQL: hãy thử lại sau ít phút`,
  );
}
