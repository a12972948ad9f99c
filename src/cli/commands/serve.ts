/**
 * `diachiso serve`: the HTTP API (src/api/) over one store, opened once for reading and writing
 * and closed when the process is asked to stop (SIGINT, SIGTERM). Request logs are pino's JSON
 * lines on stdout; what the operator reads (where it listens, the index loaded) goes to stderr.
 * A PostgreSQL store may be given read replicas (`--read-replica`, `$DIACHISO_READ_REPLICAS`):
 * reads are served from them, writes from the primary `--db` names (docs/postgres.md).
 */
import { isIP } from "node:net";
import type { Command } from "commander";
import { createApiServer, DEFAULT_AUTOCOMPLETE_CACHE } from "../../api/server.js";
import { openStore, parseStoreLocation } from "../../store/open.js";
import { CliError, parseWholeNumberArg } from "../output.js";
import { isServeWorker, superviseWorkers, workerAnswerExchange } from "../serve-workers.js";
import { addDbOption, cliStoreError, cliStores } from "../store.js";

const READ_REPLICAS_ENV = "DIACHISO_READ_REPLICAS";
const MAX_REPLICA_LAG_ENV = "DIACHISO_MAX_REPLICA_LAG";

export function registerServeCommand(program: Command): void {
  addDbOption(
    program
      .command("serve")
      .description("the HTTP API: search, units, records and the report over the store (docs: /docs)")
      .option("--port <n>", "TCP port (0: any free one)", "8080")
      .option("--host <address>", "address to listen on", "127.0.0.1")
      .option("--quiet", "no request log")
      .option(
        "--trust-proxy <addresses>",
        "comma-separated addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed",
      )
      .option("--workers <n>", "server processes sharing the port, one per core (each holds the search index)", "1")
      .option("--autocomplete-cache <n>", "autocomplete answers each process keeps for the next caller (0: none)", String(DEFAULT_AUTOCOMPLETE_CACHE))
      .option(
        "--read-replica <url>",
        `a read replica of the PostgreSQL store (postgres://…), again for each one; reads go to them, writes to --db (default $${READ_REPLICAS_ENV}, comma-separated)`,
        (url: string, urls: string[]) => [...urls, url],
        [] as string[],
      )
      .option(
        "--max-replica-lag <size>",
        `how far a read replica may be behind the primary (WAL: 16MB, 512kB, bytes) and still be read first; further behind, reads ask the primary first (default $${MAX_REPLICA_LAG_ENV}, else 16MB)`,
      ),
  ).action(async (flags: { db?: string; port: string; host: string; quiet?: boolean; trustProxy?: string; workers: string; autocompleteCache: string; readReplica: string[]; maxReplicaLag?: string }) => {
    const port = parseWholeNumberArg("--port", flags.port, 0, 65535);
    const trustProxy = flags.trustProxy === undefined ? undefined : proxyList(flags.trustProxy);
    const workers = parseWholeNumberArg("--workers", flags.workers, 1, 64);
    const autocompleteCache = parseWholeNumberArg("--autocomplete-cache", flags.autocompleteCache, 0, 10_000_000);
    const readReplicas = flags.readReplica.length > 0 ? flags.readReplica : replicasOfEnv();
    const lagGiven = flags.maxReplicaLag ?? process.env[MAX_REPLICA_LAG_ENV];
    const maxReplicaLagBytes =
      lagGiven === undefined || lagGiven === ""
        ? undefined
        : walSize(flags.maxReplicaLag === undefined ? `$${MAX_REPLICA_LAG_ENV}` : "--max-replica-lag", lagGiven);
    await serveStore({ db: flags.db, port, host: flags.host, quiet: flags.quiet ?? false, trustProxy, workers, autocompleteCache, readReplicas, maxReplicaLagBytes });
  });
}

export interface ServeOptions {
  /** --db as given (else $DIACHISO_DB, else the default). */
  db?: string;
  port: number;
  host: string;
  quiet: boolean;
  trustProxy?: string[];
  workers: number;
  /** Autocomplete answers kept per process (default DEFAULT_AUTOCOMPLETE_CACHE). */
  autocompleteCache?: number;
  /** Read replicas of a PostgreSQL store (`--read-replica`); none by default. */
  readReplicas?: readonly string[];
  /** WAL bytes a replica may be behind and still be read first (`--max-replica-lag`; default 16 MiB). */
  maxReplicaLagBytes?: number;
  /** Told the address once the server listens (and the index is loading). */
  onListening?: (address: string) => void;
}

/**
 * Serves a store until SIGINT or SIGTERM: `diachiso serve`, and the last step of `diachiso demo`.
 * With several workers this process only supervises them (serve-workers.ts).
 */
export async function serveStore(options: ServeOptions): Promise<void> {
  const { port, host, workers } = options;
  const stores = cliStores(options.db, "diachiso serve");
  if ((options.readReplicas?.length ?? 0) > 0 && parseStoreLocation(stores.location).backend !== "postgres")
    throw new CliError(
      `--read-replica (or $${READ_REPLICAS_ENV}): read replicas are for a postgres:// store, and ${stores.location} is an SQLite store, read where it is written`,
      2,
    );
  let store: Awaited<ReturnType<typeof openStore>>;
  let personalDataKey: Buffer;
  try {
    store = await openStore(stores.location, {
      use: "write",
      readReplicas: options.readReplicas,
      maxReplicaLagBytes: options.maxReplicaLagBytes,
      onNotice: (message) => process.stderr.write(`diachiso serve: ${message}\n`),
    });
    personalDataKey = stores.personalDataKey();
  } catch (error) {
    throw cliStoreError(error);
  }
  if (workers > 1 && !isServeWorker()) {
    // The store was opened above only to say now, in one line, what is wrong with it.
    await store.close();
    await superviseWorkers(workers);
  }
  const server = await createApiServer({
    store,
    location: stores.location,
    personalDataKey,
    logger: options.quiet ? false : { level: "info" },
    trustProxy: options.trustProxy,
    // The workers share the port, round robin: each enforces its share of every rate limit.
    processes: workers,
    autocompleteCache: options.autocompleteCache,
    answerExchange: isServeWorker() ? workerAnswerExchange() : undefined,
    onIndex: (outcome) =>
      process.stderr.write(
        outcome.ok
          ? `diachiso serve: search index loaded (${outcome.records.toLocaleString("en")} records, ${outcome.seconds.toFixed(1)} s); ready\n`
          : `diachiso serve: the search index could not be opened: ${outcome.message}\n`,
      ),
  });
  let address: string;
  try {
    address = await server.app.listen({ port, host });
  } catch (error) {
    await server.app.close();
    await store.close();
    throw listenError(error, host, port);
  }
  const who = isServeWorker() ? `worker ${process.pid} ` : "";
  process.stderr.write(`diachiso serve: ${who}listening on ${address} (documentation: ${address}/docs)\n`);
  if (!server.webPages && !isServeWorker())
    process.stderr.write(
      "diachiso serve: the web app's pages are not built (dist/web): run `npm run build`; the API and /docs answer without them\n",
    );
  options.onListening?.(address);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.app.close();
    await store.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await server.loadIndex();
}

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/**
 * A WAL size as PostgreSQL's settings write it (`16MB`, `512kB`, `1GB`: units of 1024) or a
 * number of bytes; anything else is one line naming the option, exit 2.
 */
export function walSize(option: string, given: string): number {
  const match = /^\s*(\d+)\s*(b|kb|mb|gb)?\s*$/i.exec(given);
  const bytes = match === null ? Number.NaN : Number(match[1]) * SIZE_UNITS[(match[2] ?? "").toLowerCase()];
  if (!Number.isSafeInteger(bytes))
    throw new CliError(`${option}: "${given}" is not a WAL size (write it as 16MB, 512kB, 1GB or a number of bytes)`, 2);
  return bytes;
}

/** $DIACHISO_READ_REPLICAS: comma-separated URLs; unset or empty, none. */
function replicasOfEnv(): string[] {
  return (process.env[READ_REPLICAS_ENV] ?? "").split(",").map((url) => url.trim()).filter((url) => url !== "");
}

/** The range names proxy-addr (Fastify's trustProxy) knows beside addresses and CIDR ranges. */
const PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** `--trust-proxy`: addresses, CIDR ranges or range names, each checked here so a typo is one clear line. */
function proxyList(raw: string): string[] {
  const entries = raw.split(",").map((a) => a.trim()).filter((a) => a !== "");
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!PROXY_RANGES.has(entry) && (family === 0 || !validBits || extra !== undefined))
      throw new CliError(`--trust-proxy: "${entry}" is no IP address, CIDR range (10.0.0.0/8) or range name (${[...PROXY_RANGES].join(", ")})`, 2);
  }
  if (entries.length === 0) throw new CliError("--trust-proxy needs at least one address", 2);
  return entries;
}

/** Why the server could not listen, in one line; a worker of `--workers` then leaves at once. */
function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "EADDRINUSE"
      ? "the port is in use (another server? choose one with --port)"
      : code === "EACCES"
        ? "permission denied (ports below 1024 need privileges)"
        : code === "EADDRNOTAVAIL"
          ? "this machine has no such address (--host)"
          : null;
  if (reason === null) return error as Error;
  // A worker's IPC channel would keep it alive after the error: it says why and leaves.
  if (isServeWorker()) {
    process.stderr.write(`diachiso: cannot listen on ${host}:${port}: ${reason}\n`);
    process.exit(1);
  }
  return new CliError(`cannot listen on ${host}:${port}: ${reason}`, 1);
}
