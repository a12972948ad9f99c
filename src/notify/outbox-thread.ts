/**
 * The store's side of a delivery run in a thread of its own: `OutboxThread` opens the store in a
 * worker thread (`outbox-thread-worker.ts`) and answers the deliverer's two calls from there — a
 * batch claimed and made ready (the records read with their owners, the final-code rule, the
 * messages built and signed), and a batch settled. The deliverer's thread then carries only the
 * hand-overs, while the store's transactions and the messages (on SQLite, more than half of a
 * notification's CPU) run on the other core. Each batch crosses between the threads once each way,
 * as structured clones of its messages and outcomes: flat strings, not the records they came from.
 */
import { Worker } from "node:worker_threads";
import type { NotificationOutbox } from "./deliverer.js";
import type { MessageSettings } from "./message.js";

/** How the thread builds the messages: the run's settings; the unit registry is the shipped one, loaded in the thread. */
export type OutboxThreadSettings = Omit<MessageSettings, "registry">;

/** What the thread is started with. */
export interface OutboxThreadData {
  location: string;
  linkKey: Uint8Array;
  publicUrl: string;
  ttlDays?: number;
}

/**
 * A call to the store thread, by the method's name; `cpu` answers the CPU seconds the thread has
 * used; `close` closes the store and ends the thread.
 */
export interface OutboxCall {
  id: number;
  method: keyof NotificationOutbox | "cpu" | "close";
  args: unknown[];
}

export type OutboxReply = { ready: true } | { id: number; result: unknown } | { id: number; error: string };

export class OutboxThread implements NotificationOutbox {
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (reply: OutboxReply) => {
      if ("ready" in reply) return;
      const call = this.waiting.get(reply.id);
      if (call === undefined) return;
      this.waiting.delete(reply.id);
      if ("error" in reply) call.reject(new Error(reply.error));
      else call.resolve(reply.result);
    });
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) => this.fail(new Error(`the store thread stopped (exit code ${code})`)));
  }

  /**
   * Opens the store at `location` (a path or URL, as `openStore` takes it) in a new thread, which
   * builds the messages with `settings`.
   */
  static async open(location: string, settings: OutboxThreadSettings): Promise<OutboxThread> {
    const workerData: OutboxThreadData = { location, linkKey: settings.linkKey, publicUrl: settings.publicUrl, ttlDays: settings.ttlDays };
    const worker = new Worker(new URL("./outbox-thread-worker.js", import.meta.url), { workerData });
    await new Promise<void>((resolve, reject) => {
      worker.once("message", () => {
        worker.off("error", reject);
        resolve();
      });
      worker.once("error", reject);
    });
    return new OutboxThread(worker);
  }

  claimReady(...args: Parameters<NotificationOutbox["claimReady"]>): ReturnType<NotificationOutbox["claimReady"]> {
    return this.call("claimReady", args) as ReturnType<NotificationOutbox["claimReady"]>;
  }

  settleNotifications(...args: Parameters<NotificationOutbox["settleNotifications"]>): ReturnType<NotificationOutbox["settleNotifications"]> {
    return this.call("settleNotifications", args) as ReturnType<NotificationOutbox["settleNotifications"]>;
  }

  /** CPU seconds the store thread has used so far (null where the system does not tell): what a run costs on its core. */
  async cpuSeconds(): Promise<number | null> {
    return (await this.call("cpu", [])) as number | null;
  }

  /** Closes the store and ends the thread, once the calls sent before have been answered. */
  async close(): Promise<void> {
    if (this.failure !== null) return;
    await this.call("close", []);
    await this.worker.terminate();
  }

  private call(method: OutboxCall["method"], args: unknown[]): Promise<unknown> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args } satisfies OutboxCall);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const call of this.waiting.values()) call.reject(error);
    this.waiting.clear();
  }
}
