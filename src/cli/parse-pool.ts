/**
 * Worker threads for `diachiso parse --ndjson`: batches of lines go to the workers in turn, and
 * each batch's JSON lines come back as a promise, so the caller writes them in input order.
 * Parsing is most of the command's time (a CPU profile of 50,000 lines: parse ≈ 65 %, JSON ≈ 20 %,
 * line reading a few %), so it is what is spread over the cores; reading and writing stay on the
 * main thread.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ParseFailure } from "./parsed-json.js";

/** At most this many workers by default: each holds its own registry and parser (tens of MB). */
const MAX_DEFAULT_WORKERS = 4;
/**
 * Young generation of each worker, MB. A parse leaves most of what it allocates for the next
 * scavenge, which also walks the parser's caches; twice V8's default halves the scavenges, and the
 * collector's share of a worker's CPU falls by about a third (docs/benchmarks.md).
 */
const WORKER_YOUNG_GENERATION_MB = 96;

export interface ParseBatchRequest {
  id: number;
  lines: string[];
}

export interface ParseBatchResult {
  id: number;
  buffer: ArrayBuffer;
  length: number;
  /** The batch's addresses the parser threw on (written as failures, ParsedJsonWriter.writeFailure). */
  failures: ParseFailure[];
}

/** A batch's JSON lines, and the addresses among them the parser failed on. */
export interface ParsedBatch {
  bytes: Buffer;
  failures: ParseFailure[];
}

/**
 * Below this many bytes of input (about 140,000 lines of 60 bytes) the main thread alone finishes
 * first: every parser warms up on its first tens of thousands of lines (the JIT compiles its
 * largest functions several times over), and each worker pays that again. Measured on two cores
 * against two workers (docs/benchmarks.md): 20,000 lines ×1.47 alone, 100,000 ×1.11, 200,000 ×0.93.
 */
export const SMALL_INPUT_BYTES = 8 * 1024 * 1024;

/**
 * Workers the command uses when not told: none on one core, or for an input file known to be
 * small (`inputBytes` below SMALL_INPUT_BYTES; null when stdin is a pipe and its size unknown); two
 * on two cores (the main thread only reads and writes, so two parsers fit; measured there, two
 * workers gave more lines a second than the main thread alone on large inputs, docs/benchmarks.md);
 * else one per core but the main thread's, at most MAX_DEFAULT_WORKERS.
 */
export function defaultParseWorkers(inputBytes: number | null, cores = availableParallelism()): number {
  if (cores <= 1 || (inputBytes !== null && inputBytes < SMALL_INPUT_BYTES)) return 0;
  return Math.min(MAX_DEFAULT_WORKERS, Math.max(2, cores - 1));
}

export class ParsePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (b: ParsedBatch) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL("./parse-worker.js", import.meta.url), {
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      worker.on("message", ({ id, buffer, length, failures }: ParseBatchResult) => {
        const w = this.waiting.get(id)!;
        this.waiting.delete(id);
        w.resolve({ bytes: Buffer.from(buffer, 0, length), failures });
      });
      worker.on("error", (error) => this.failAll(error));
      worker.on("exit", (code) => {
        if (code !== 0) this.failAll(new Error(`a parse worker exited with code ${code}`));
      });
      return worker;
    });
  }

  /** The JSON lines of `lines`, parsed by the next worker in turn. */
  parse(lines: string[]): Promise<ParsedBatch> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: ParseBatchRequest = { id, lines };
      this.workers[id % this.workers.length].postMessage(request);
    });
  }

  get size(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }
}
