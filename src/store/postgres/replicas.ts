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
 * set aside for a moment and the next one is asked; a read is a read, so asking again is safe. So is
 * a read a replica cancelled because the WAL it replays conflicts with it. An error of the query
 * itself (bad input, a missing table) is the caller's answer, not a reason to ask elsewhere. When no
 * source answers, StoreUnavailableError says so: the API answers 503.
 *
 * A replica further behind the primary than the lag limit (WAL bytes not replayed, as pgpool's
 * `delay_threshold` measures it) is asked only after the primary, so that a replica stuck or
 * catching up after an outage does not serve answers minutes old. Lag is probed at most once a
 * LAG_PROBE_MS, by the reads themselves, never waited on: an idle store probes nothing.
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

/** How often, at most, the replicas' lag is measured while reads come in, ms. */
const LAG_PROBE_MS = 1_000;

/** The lag limit when none is given: one WAL segment, a few seconds of a busy primary's writes. */
export const DEFAULT_MAX_REPLICA_LAG_BYTES = 16 * 1024 * 1024;

/**
 * Whether a replica cancelled the read because replaying the primary's WAL conflicts with it
 * (a vacuum removed rows the read still needed): SQLSTATE 40001 with that reason. Another server
 * can answer the same read.
 */
export function isRecoveryConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40001" && error instanceof Error && /conflict with recovery/i.test(error.message);
}

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
  /** Replicas found further behind than the lag limit at the last probe. */
  private readonly lagging = new Set<ReadSource>();
  private lastProbe = Number.NEGATIVE_INFINITY;
  private turn = 0;

  constructor(
    readonly primary: ReadSource,
    readonly replicas: readonly ReadSource[],
    /** WAL bytes a replica may be behind and still be asked first (DEFAULT_MAX_REPLICA_LAG_BYTES). */
    readonly maxLagBytes: number = DEFAULT_MAX_REPLICA_LAG_BYTES,
  ) {}

  /**
   * The sources to ask for `route`, in order: those answering and within the lag limit, then the
   * lagging replicas, then those set aside (asked only when no other answers).
   */
  private order(route: ReadRoute): ReadSource[] {
    if (route === "only-primary" || this.replicas.length === 0) return [this.primary];
    this.probeLagNow();
    const start = this.turn++ % this.replicas.length;
    const replicas = [...this.replicas.slice(start), ...this.replicas.slice(0, start)];
    const all = route === "replica" ? [...replicas, this.primary] : [this.primary, ...replicas];
    const now = Date.now();
    const answering = all.filter((source) => (this.setAsideUntil.get(source) ?? 0) <= now);
    const current = answering.filter((source) => !this.lagging.has(source));
    const behind = answering.filter((source) => this.lagging.has(source));
    return [...current, ...behind, ...all.filter((source) => !answering.includes(source))];
  }

  /** Starts a lag probe when the last one is older than LAG_PROBE_MS; the read does not wait for it. */
  private probeLagNow(): void {
    const now = performance.now();
    if (now - this.lastProbe < LAG_PROBE_MS) return;
    this.lastProbe = now;
    // A probe that fails leaves the last verdicts; the reads themselves find unreachable servers.
    this.status().catch(() => {});
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
        if (isRecoveryConflict(error) && source !== this.primary) {
          reasons.push(`${source.name}: ${(error as Error).message}`);
          continue;
        }
        if (!isUnreachable(error)) throw error;
        this.setAsideUntil.set(source, Date.now() + SET_ASIDE_MS);
        reasons.push(`${source.name}: ${(error as Error).message}`);
      }
    }
    throw unavailable(reasons);
  }

  /**
   * Where each server stands now: reachable, replaying, and how far behind the primary. Also the
   * lag probe: a replica measured beyond the limit is asked after the primary until a later
   * measure finds it within; one whose lag cannot be measured (either side unreachable) keeps
   * its last verdict.
   */
  async status(): Promise<ReplicationState> {
    let lsn: string | null = null;
    try {
      lsn = (await this.primary.pool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0].lsn;
    } catch (error) {
      if (!isUnreachable(error)) throw error;
    }
    const replicas = await Promise.all(
      this.replicas.map(async (replica) => {
        const state = await replicaState(replica, lsn);
        if (state.lagBytes !== null) {
          if (state.lagBytes > this.maxLagBytes) this.lagging.add(replica);
          else this.lagging.delete(replica);
        }
        return { ...state, lagging: this.lagging.has(replica) };
      }),
    );
    return { primary: { name: this.primary.name, reachable: lsn !== null, lsn }, replicas, maxLagBytes: this.maxLagBytes };
  }

  async end(): Promise<void> {
    await Promise.all(
      [this.primary, ...this.replicas].map((source) => (source.pool.ended ? undefined : source.pool.end())),
    );
  }
}

async function replicaState(replica: ReadSource, primaryLsn: string | null): Promise<Omit<ReplicaState, "lagging">> {
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
