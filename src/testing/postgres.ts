/**
 * A throwaway PostgreSQL server for tests and benchmarks: the cluster lives in a temporary folder,
 * listens on 127.0.0.1 and a free port, and is gone after `stop()`. Used by the PostgreSQL store's
 * tests and by the search benchmark's pg_trgm peer; `TestReplicatedPostgres` is a primary and a
 * streaming replica of it (built-in physical replication), for the read replicas' tests.
 *
 * A test that needs PostgreSQL asks `postgresSkip()`: where the server binaries are missing it
 * skips with that reason, unless DIACHISO_REQUIRE_POSTGRES=1 (set by .ci/run), where a missing
 * server is a failure: in CI these tests run, never skip.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** The newest PostgreSQL server binaries of the Debian layout, or those on PATH; null when there are none. */
export function findPgBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0], "bin");
  }
  const found = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path.slice(0, path.lastIndexOf("/")) : null;
}

/** Whether the binaries' installation has PostGIS (its extension control file beside theirs). */
export function hasPostgis(bin: string): boolean {
  const share = spawnSync(join(bin, "pg_config"), ["--sharedir"], { encoding: "utf8" });
  const dirs = [
    share.status === 0 ? share.stdout.trim() : "",
    bin.replace(/\/lib\/postgresql\/(\d+)\/bin$/, "/share/postgresql/$1"),
  ];
  return dirs.some((dir) => dir !== "" && existsSync(join(dir, "extension", "postgis.control")));
}

/**
 * Why a test needing PostgreSQL (with PostGIS when `postgis`) cannot run here, or false when it
 * can. Throws when DIACHISO_REQUIRE_POSTGRES=1 and it cannot: CI must run these tests.
 */
export function postgresSkip(options: { postgis?: boolean } = {}): string | false {
  const bin = findPgBin();
  let reason: string | false = false;
  if (bin === null)
    reason = "no PostgreSQL server binaries (initdb) on this machine (apt-get install postgresql)";
  else if (options.postgis && !hasPostgis(bin))
    reason = `no PostGIS beside the PostgreSQL binaries in ${bin} (apt-get install postgresql-15-postgis-3)`;
  if (reason !== false && process.env.DIACHISO_REQUIRE_POSTGRES === "1") {
    throw new Error(`DIACHISO_REQUIRE_POSTGRES=1 but ${reason}`);
  }
  return reason;
}

/** A TCP port nothing listens on now, on the loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * A PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a free port, gone after `stop()`.
 * PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user, who owns
 * the folder. It runs without durability (fsync, full-page writes and synchronous commit off:
 * nothing in it outlives the run) and with parallel query off, so that one query is one core.
 */
export class ThrowawayCluster {
  readonly dir = mkdtempSync(join(tmpdir(), "diachiso-pg-"));
  port = 0;
  /** The server's options as `start` gave them, for `resume`. */
  private settings = "";

  constructor(private readonly bin: string) {}

  private run(command: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(this.bin, command), ...args]]
      : [join(this.bin, command), args];
    const done = spawnSync(file, argv, { encoding: "utf8", cwd: this.dir });
    if (done.status !== 0)
      throw new Error(
        `${command} ${args.join(" ")} failed (exit ${done.status}): ${(done.stderr || done.stdout || String(done.error)).trim()}`,
      );
  }

  /** As root, the folder is handed to the `postgres` user, who runs the server. */
  private ownFolder(): void {
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      chownSync(this.dir, uid, gid);
    }
  }

  /**
   * Starts the server; answers the URL of its `postgres` database (superuser `postgres`, no password).
   * It can be a primary of streaming replicas (`startReplicaOf`): WAL at the `replica` level, senders
   * for them, and initdb's pg_hba.conf trusts replication connections from 127.0.0.1. `extra`
   * settings (`-c name=value`) come last and win.
   */
  async start(extra: readonly string[] = []): Promise<string> {
    this.ownFolder();
    const data = join(this.dir, "data");
    this.run("initdb", [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
    ]);
    this.port = await freePort();
    this.settings = [
      `-h 127.0.0.1 -p ${this.port} -k ${this.dir}`,
      "-c fsync=off -c full_page_writes=off -c synchronous_commit=off",
      "-c shared_buffers=256MB -c maintenance_work_mem=512MB -c work_mem=64MB",
      "-c max_parallel_workers_per_gather=0 -c max_parallel_maintenance_workers=0",
      "-c wal_level=replica -c max_wal_senders=4",
      ...extra,
    ].join(" ");
    this.resume();
    return this.url("postgres");
  }

  /**
   * Makes this cluster a streaming replica of `primary` (`pg_basebackup -R`: a copy of its data,
   * standby.signal and primary_conninfo written) and starts it, read-only, on its own free port.
   */
  async startReplicaOf(primary: ThrowawayCluster): Promise<string> {
    this.ownFolder();
    this.run("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primary.port),
      "-U",
      "postgres",
      "-D",
      join(this.dir, "data"),
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
      "--no-sync",
    ]);
    this.port = await freePort();
    this.settings = [
      `-h 127.0.0.1 -p ${this.port} -k ${this.dir}`,
      "-c fsync=off -c hot_standby=on -c max_parallel_workers_per_gather=0",
      // The replica asks the primary again soon after the primary comes back.
      "-c wal_retrieve_retry_interval=200ms",
    ].join(" ");
    this.resume();
    return this.url("postgres");
  }

  /** Stops the server (fast: connections ended) and keeps its data, for `resume`. */
  halt(): void {
    this.run("pg_ctl", ["-D", join(this.dir, "data"), "-m", "fast", "-w", "stop"]);
  }

  /** Starts the server again on the same port with the same data, and waits until it accepts connections. */
  resume(): void {
    this.run("pg_ctl", [
      "-D",
      join(this.dir, "data"),
      "-l",
      join(this.dir, "server.log"),
      "-o",
      this.settings,
      "-w",
      "-t",
      "60",
      "start",
    ]);
  }

  /** The URL of database `name` on this cluster. */
  url(name: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  /** Stops the server if one runs (fast: connections ended) and removes the folder; again, nothing. */
  stop(): void {
    const data = join(this.dir, "data");
    try {
      if (existsSync(join(data, "postmaster.pid")))
        this.run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * A started throwaway cluster that hands out new, empty databases: what the store's tests use, one
 * database per store. Stopped by `stop()` and, as a last resort, when the process exits.
 */
export class TestPostgres {
  private constructor(
    readonly cluster: ThrowawayCluster,
    private readonly admin: pg.Pool,
  ) {}

  private databases = 0;

  static async start(): Promise<TestPostgres> {
    const bin = findPgBin();
    if (bin === null) throw new Error("no PostgreSQL server binaries (initdb) found");
    const cluster = new ThrowawayCluster(bin);
    process.once("exit", () => cluster.stop());
    const url = await cluster.start();
    const admin = new pg.Pool({ connectionString: url, max: 2 });
    admin.on("error", () => {});
    return new TestPostgres(cluster, admin);
  }

  /** The URL of a new, empty database of this cluster. */
  async newDatabase(prefix = "t"): Promise<string> {
    const name = `${prefix}_${process.pid}_${++this.databases}`;
    await this.admin.query(`CREATE DATABASE ${name}`);
    return this.cluster.url(name);
  }

  /**
   * CPU seconds the server has used so far: the postmaster, its running backends, and the backends
   * that have ended (their time is added to the postmaster's when it reaps them). Linux only.
   */
  serverCpuSeconds(): number {
    const postmaster = Number(readFileSync(join(this.cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    let ticks = 0;
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        // After the command's closing parenthesis: state, ppid, … utime (12th), stime, cutime, cstime.
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
        if (Number(pid) === postmaster) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
        else if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process ended between the listing and the read.
      }
    }
    return ticks / 100;
  }

  async stop(): Promise<void> {
    await this.admin.end();
    this.cluster.stop();
  }
}

/**
 * A primary and a streaming replica of it, each a throwaway cluster on 127.0.0.1: what the read
 * replicas' tests use. `database` names the same database on both (made on the primary, replicated).
 */
export class TestReplicatedPostgres {
  private constructor(
    readonly primary: ThrowawayCluster,
    readonly replica: ThrowawayCluster,
    private readonly admin: pg.Pool,
  ) {}

  private databases = 0;

  static async start(): Promise<TestReplicatedPostgres> {
    const bin = findPgBin();
    if (bin === null) throw new Error("no PostgreSQL server binaries (initdb) found");
    const primary = new ThrowawayCluster(bin);
    const replica = new ThrowawayCluster(bin);
    process.once("exit", () => {
      replica.stop();
      primary.stop();
    });
    // Commits written before they are answered, so that the primary's WAL position (what replica
    // lag is measured from) includes every commit a caller has seen; fsync stays off.
    const url = await primary.start(["-c synchronous_commit=on"]);
    await replica.startReplicaOf(primary);
    const admin = new pg.Pool({ connectionString: url, max: 2 });
    admin.on("error", () => {});
    return new TestReplicatedPostgres(primary, replica, admin);
  }

  /** A new, empty database, made on the primary and replayed on the replica: its URL on each. */
  async newDatabase(prefix = "t"): Promise<{ primary: string; replica: string }> {
    const name = `${prefix}_${process.pid}_${++this.databases}`;
    await this.admin.query(`CREATE DATABASE ${name}`);
    await this.caughtUp();
    return { primary: this.primary.url(name), replica: this.replica.url(name) };
  }

  /**
   * Waits until the replica has replayed everything the primary had written when called (its replay
   * LSN at or past the primary's WAL insert position), asking every 20 ms; throws after `timeoutMs`
   * naming both positions.
   */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const { rows } = await this.admin.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    const target = rows[0].lsn;
    const replica = new pg.Client({ connectionString: this.replica.url("postgres") });
    await replica.connect();
    try {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { rows: at } = await replica.query<{ done: boolean; replay: string | null }>(
          "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS replay",
          [target],
        );
        if (at[0].done) return;
        if (Date.now() > until)
          throw new Error(`the replica replayed up to ${at[0].replay}, not the primary's ${target}, in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await replica.end();
    }
  }

  async stop(): Promise<void> {
    await this.admin.end();
    this.replica.stop();
    this.primary.stop();
  }
}

/** Runs `sql` in a connection of its own to `url` (a replica's replay paused or resumed, say). */
export async function runOn(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
