/**
 * The import's parsing worker: reads one file, cleans and maps each row, runs the completeness
 * rules and sends chunks of ready-to-store rows to the writer on the main thread. It pauses when
 * `maxInFlight` chunks are waiting, so memory stays bounded however fast it parses.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { RuleEngine } from "../rules/evaluate.js";
import { DuplicateIndex } from "./dedupe.js";
import { cleanRow, extraOf, mapRow } from "./map-row.js";
import { threadCpuSeconds } from "../common/thread-cpu.js";
import { RowEncoder, transferList } from "../store/encoded-rows.js";
import type { ChunkMessage, Reject, WorkerInput, WorkerMessage } from "./messages.js";
import { readRows } from "./readers.js";
import { UnitResolver } from "./resolve-units.js";

const input = workerData as WorkerInput;
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on("message", (message: { type: string }) => {
  if (message.type === "ack") {
    inFlight--;
    if (wake) {
      const w = wake;
      wake = null;
      w();
    }
  }
});

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** A chunk being filled: rows encoded as they come, the rest in growable plain arrays. */
class ChunkBuilder {
  readonly rows: RowEncoder;
  lines: number[] = [];
  failed: number[] = [];
  failedSets = new Map<string, number>();
  rejects: Reject[] = [];
  warnings: Record<string, number> = {};

  constructor(capacity: number) {
    this.rows = new RowEncoder(capacity);
  }

  get size(): number {
    return this.rows.count + this.rejects.length;
  }

  fail(set: string): void {
    let index = this.failedSets.get(set);
    if (index === undefined) {
      index = this.failedSets.size;
      this.failedSets.set(set, index);
    }
    this.failed.push(index);
  }

  finish(read: number, bytes: number): { message: ChunkMessage; transfer: ArrayBuffer[] } {
    const rows = this.rows.finish();
    const lines = Int32Array.from(this.lines);
    const failed = Uint16Array.from(this.failed);
    const message: ChunkMessage = {
      type: "chunk",
      rows,
      lines,
      failed,
      failedSets: [...this.failedSets.keys()],
      rejects: this.rejects,
      warnings: this.warnings,
      read,
      bytes,
    };
    return { message, transfer: [...transferList(rows), lines.buffer as ArrayBuffer, failed.buffer as ArrayBuffer] };
  }
}

async function run(): Promise<void> {
  const registry = loadRegistry();
  const boundaries = loadBoundaries();
  boundaries.loadGeometry();
  const ctx = {
    resolver: new UnitResolver(registry),
    boundaries,
    rules: new RuleEngine(),
    piiKey: Buffer.from(input.piiKeyHex, "hex"),
    // Sized for the file at most 75 % full: growing doubles the table, and both live while it does.
    duplicates: new DuplicateIndex(Math.max(1 << 16, Math.ceil(input.expectedRows / 0.75))),
  };
  const { rows, bytesRead } = readRows(input.file, input.format);
  let read = 0;
  let chunk = new ChunkBuilder(input.chunkRows);
  const flush = async () => {
    const { message, transfer } = chunk.finish(read, bytesRead());
    inFlight++;
    post(message, transfer);
    chunk = new ChunkBuilder(input.chunkRows);
    while (inFlight >= input.maxInFlight) await new Promise<void>((resolve) => (wake = resolve));
  };
  for await (const batch of rows)
    for (const raw of batch) {
      read++;
      if ("error" in raw) {
        chunk.rejects.push({ line: raw.line, reason: "malformed", message: raw.error, fields: null });
      } else {
        const row = cleanRow(raw.fields);
        const mapped = mapRow(row, ctx, extraOf(raw.fields));
        if (!mapped.ok)
          chunk.rejects.push({
            line: raw.line,
            reason: mapped.reason,
            message: mapped.message,
            fields: row,
          } satisfies Reject);
        else {
          chunk.rows.add(mapped.row);
          chunk.lines.push(raw.line);
          let failed = "";
          for (const f of mapped.findings) {
            if (f.severity === "error") failed = failed === "" ? f.rule : `${failed},${f.rule}`;
            else chunk.warnings[f.rule] = (chunk.warnings[f.rule] ?? 0) + 1;
          }
          chunk.fail(failed);
        }
      }
      if (chunk.size >= input.chunkRows) await flush();
    }
  if (chunk.size > 0) await flush();
  post({ type: "done", read, bytes: bytesRead(), cpuSeconds: threadCpuSeconds() });
}

run().catch((error: unknown) =>
  post({
    type: "error",
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  }),
);
