/**
 * Worker threads that geocode beside the main thread, each over the same index: the saved base
 * is read once into shared memory (`SearchService.open(…, { shared: true })`) and every thread
 * builds its engine over those bytes (only the tables an engine builds as it answers are its
 * own), so a second core costs no second copy of a 2.4 GB index. A batch hands each thread a
 * share of its rows and takes the answers back in order.
 */
import { Worker } from "node:worker_threads";
import type { SearchOptions, SearchResult } from "../search/types.js";
import { ServiceError } from "./errors.js";
import type { SharedIndex } from "./search.js";

export interface GeocodeRequest {
  id: number;
  texts: string[];
  options: SearchOptions;
}

export type GeocodeReply =
  | { id: number; results: (SearchResult | null)[] }
  | { ready: true }
  | { id: number; error: string };

export class GeocodeThreads {
  private readonly waiting = new Map<
    number,
    { resolve: (r: (SearchResult | null)[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on("message", (reply: GeocodeReply) => {
        if ("ready" in reply) return;
        const w = this.waiting.get(reply.id);
        if (!w) return;
        this.waiting.delete(reply.id);
        if ("error" in reply) w.reject(new Error(`a geocoding thread failed: ${reply.error}`));
        else w.resolve(reply.results);
      });
      worker.on("error", (error) => this.failAll(error));
      worker.on("exit", (code) => {
        if (code !== 0) this.failAll(new Error(`a geocoding thread exited with code ${code}`));
      });
    }
  }

  /** `count` threads over the index, resolved once each has opened it and built its tables. */
  static async start(index: SharedIndex, count: number): Promise<GeocodeThreads> {
    if (!Number.isInteger(count) || count < 1)
      throw new ServiceError("bad-request", `geocoding threads are counted from 1, got ${count}`, "threads");
    const workers = Array.from(
      { length: count },
      () => new Worker(new URL("./geocode-thread.js", import.meta.url), { workerData: index }),
    );
    const threads = new GeocodeThreads(workers);
    try {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              const onMessage = (reply: GeocodeReply) => {
                if (!("ready" in reply)) return;
                worker.off("message", onMessage);
                worker.off("error", reject);
                resolve();
              };
              worker.on("message", onMessage);
              worker.once("error", reject);
            }),
        ),
      );
    } catch (error) {
      await threads.close();
      throw error;
    }
    return threads;
  }

  get size(): number {
    return this.workers.length;
  }

  /** The best place for each text (as `SearchSession.geocode` answers it), on thread `k` of the pool. */
  geocode(k: number, texts: string[], options: SearchOptions): Promise<(SearchResult | null)[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: GeocodeRequest = { id, texts, options };
      this.workers[k % this.workers.length].postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}
