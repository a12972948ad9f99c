/**
 * `diachiso serve --workers N`: N server processes sharing one port (node:cluster), so that the
 * API uses every core. Each worker is a whole server — its own store connection (SQLite in WAL
 * mode takes many readers and serialises the writers) and its own search index in memory (N times
 * the index's RSS). The primary only supervises: it starts the workers, starts another when one
 * dies after it had served, stops them all on SIGINT or SIGTERM, and gives up (exit 1) when a
 * worker dies before it ever listened, since its siblings would fail the same way.
 */
import cluster, { type Worker } from "node:cluster";

/** How long the primary waits before replacing a worker that died, so a crash loop is not a busy loop. */
const RESTART_DELAY_MS = 1000;
/** How long stopping workers may take before they are killed. */
const STOP_GRACE_MS = 10_000;

/** Whether this process is one of the workers of `serve --workers`. */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** Runs the primary: forks `count` workers (each runs this same command) and supervises them until stopped. */
export function superviseWorkers(count: number): Promise<never> {
  const say = (line: string) => process.stderr.write(`diachiso serve: ${line}\n`);
  const listened = new WeakSet<Worker>();
  let stopping = false;
  return new Promise<never>(() => {
    cluster.on("listening", (worker) => listened.add(worker));
    cluster.on("exit", (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
        return;
      }
      if (!listened.has(worker)) {
        // It said why on stderr (the store, the port): the others would fail alike.
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
        process.exit(code && code > 0 ? code : 1);
      }
      say(`worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
      setTimeout(() => cluster.fork(), RESTART_DELAY_MS).unref();
    });
    const stop = () => {
      if (stopping) return;
      stopping = true;
      const running = Object.values(cluster.workers ?? {});
      if (running.length === 0) process.exit(0);
      for (const worker of running) worker?.process.kill("SIGTERM");
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
        process.exit(1);
      }, STOP_GRACE_MS).unref();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    say(`starting ${count} worker processes`);
    for (let i = 0; i < count; i++) cluster.fork();
  });
}
