/**
 * `diachiso serve --workers N`: N server processes sharing one port (node:cluster), so that the
 * API uses every core. Each worker is a whole server — its own store connection (SQLite in WAL
 * mode takes many readers and serialises the writers) and its own search index in memory (N times
 * the index's RSS). The primary supervises: it starts the workers, starts another when one
 * dies after it had served, stops them all on SIGINT or SIGTERM, and gives up (exit 1) when a
 * worker dies before it ever listened, since its siblings would fail the same way. It also passes
 * on the autocomplete answers each worker works out to the others (workerAnswerExchange).
 */
import cluster, { type Worker } from "node:cluster";
import type { AnswerExchange, SharedAnswer } from "../services/search.js";

/** How long the primary waits before replacing a worker that died, so a crash loop is not a busy loop. */
const RESTART_DELAY_MS = 1000;
/** How long stopping workers may take before they are killed. */
const STOP_GRACE_MS = 10_000;

/** Whether this process is one of the workers of `serve --workers`. */
export function isServeWorker(): boolean {
  return cluster.isWorker;
}

/** The IPC message of the autocomplete answers a worker worked out, passed on by the primary. */
interface AnswersMessage {
  kind: typeof ANSWERS_MESSAGE;
  answers: SharedAnswer[];
}

const ANSWERS_MESSAGE = "diachiso:autocomplete-answers";
/**
 * How long a worker gathers its answers before passing them on: a message costs about as much to
 * send as the answers in it, and the next person to type the same keystrokes comes seconds later.
 */
const ANSWERS_GATHERED_MS = 20;

function isAnswersMessage(message: unknown): message is AnswersMessage {
  return typeof message === "object" && message !== null && (message as { kind?: unknown }).kind === ANSWERS_MESSAGE;
}

/**
 * A worker's side of the answers the workers share: the connections of one port are dealt out
 * among the workers, so the first keystrokes everyone types ("12 Ng") reach each of them, and
 * each would work out the same answer (a few ms at 24 M records) again. What one works out goes
 * through the primary to the others, which keep it as their own (SearchSession.keepShared).
 */
export function workerAnswerExchange(): AnswerExchange {
  let gathered: SharedAnswer[] = [];
  let timer: NodeJS.Timeout | null = null;
  const passOn = () => {
    // A primary gone (the server stopping) leaves nobody to tell: the answers are only not shared.
    if (process.connected) process.send?.({ kind: ANSWERS_MESSAGE, answers: gathered } satisfies AnswersMessage, undefined, {}, () => {});
    gathered = [];
    timer = null;
  };
  return {
    publish(answer) {
      gathered.push(answer);
      if (timer === null) timer = setTimeout(passOn, ANSWERS_GATHERED_MS).unref();
    },
    subscribe(take) {
      process.on("message", (message) => {
        if (isAnswersMessage(message)) for (const answer of message.answers) take(answer);
      });
    },
  };
}

/** Runs the primary: forks `count` workers (each runs this same command) and supervises them until stopped. */
export function superviseWorkers(count: number): Promise<never> {
  const say = (line: string) => process.stderr.write(`diachiso serve: ${line}\n`);
  const listened = new WeakSet<Worker>();
  let stopping = false;
  return new Promise<never>(() => {
    cluster.on("listening", (worker) => listened.add(worker));
    cluster.on("message", (from, message) => {
      if (!isAnswersMessage(message)) return;
      for (const worker of Object.values(cluster.workers ?? {}))
        if (worker && worker !== from && worker.isConnected()) worker.send(message, undefined, {}, () => {});
    });
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
