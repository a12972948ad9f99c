/**
 * An import's parsing worker: reads one file, and for its share of the file's chunks (several
 * workers split one file: chunk k goes to worker k mod parts) cleans and maps each row, runs the
 * completeness rules and sends the encoded rows to the writer on the main thread, which writes
 * their citizen-ID hashes (this thread never holds the key), stores them in chunk order and applies
 * the one rule that needs every earlier row (duplicate.number, see file-order-duplicates.ts). It pauses when `maxInFlight` of its chunks are waiting, so memory
 * stays bounded however fast it parses.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { RuleEngine } from "../rules/evaluate.js";
import { DuplicateIndex } from "./dedupe.js";
import { CleaningNotes, cleanRow, extraOf, mapRow } from "./map-row.js";
import { threadCpuSeconds } from "../common/thread-cpu.js";
import { RowEncoder, transferList } from "./encoded-rows.js";
import type { ChunkMessage, DoneMessage, Reject, WorkerInput, WorkerMessage } from "./messages.js";
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
  duplicateKeys: number[] = [];
  idHashes: number[] = [];
  /** Rows (by number in the chunk) whose citizen-ID hash the writer writes, and their IDs. */
  pendingRows: number[] = [];
  pendingDigits: string[] = [];
  failed: number[] = [];
  failedSets = new Map<string, number>();
  rejects: Reject[] = [];
  warnings: Record<string, number> = {};

  constructor(
    readonly index: number,
    capacity: number,
  ) {
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

  finish(read: number, bytes: number, header: readonly string[] | null): { message: ChunkMessage; transfer: ArrayBuffer[] } {
    const rows = this.rows.finish();
    const lines = Int32Array.from(this.lines);
    const duplicateKeys = Float64Array.from(this.duplicateKeys);
    const idHashes = Float64Array.from(this.idHashes);
    const pendingRows = Int32Array.from(this.pendingRows);
    const failed = Uint16Array.from(this.failed);
    const message: ChunkMessage = {
      type: "chunk",
      index: this.index,
      rows,
      lines,
      duplicateKeys,
      idHashes,
      citizenIds: { rows: pendingRows, digits: this.pendingDigits },
      failed,
      failedSets: [...this.failedSets.keys()],
      rejects: this.rejects,
      header,
      warnings: this.warnings,
      read,
      bytes,
    };
    return {
      message,
      transfer: [
        ...transferList(rows),
        lines.buffer as ArrayBuffer,
        duplicateKeys.buffer as ArrayBuffer,
        idHashes.buffer as ArrayBuffer,
        pendingRows.buffer as ArrayBuffer,
        failed.buffer as ArrayBuffer,
      ],
    };
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
    // Citizen IDs are hashed by the writer, which holds the key (see MapContext.piiKey).
    piiKey: null,
    // Only hashes keys here: the writer records them in file order (file-order-duplicates.ts).
    duplicates: new DuplicateIndex(16),
    checkDuplicates: false,
    provinces: input.provinces,
  };
  const size = input.chunkRows;
  // Row r (1 = the first data row) is in chunk ⌊(r − 1) / size⌋, which is this worker's when that
  // chunk number mod parts is its part. Other rows are only counted (and CSV ones not even cut into fields).
  const ours = (row: number): boolean => input.parts === 1 || Math.floor((row - 1) / size) % input.parts === input.part;
  const { rows, bytesRead, header } = readRows(input.file, input.format, input.parts === 1 ? null : ours, input.encoding);
  const notes = new CleaningNotes();
  let read = 0;
  let problem: DoneMessage["problem"] = null;
  let chunk = new ChunkBuilder(input.part, size);
  const flush = async () => {
    const { message, transfer } = chunk.finish(read, bytesRead(), header());
    inFlight++;
    post(message, transfer);
    chunk = new ChunkBuilder(chunk.index + input.parts, size);
    while (inFlight >= input.maxInFlight) await new Promise<void>((resolve) => (wake = resolve));
  };
  for await (const batch of rows)
    for (const raw of batch) {
      if ("problem" in raw) {
        // Always the reader's last row: the rows before it are sent as usual, then the writer hears why.
        problem = { line: raw.line, message: raw.problem };
        break;
      }
      read++;
      if (!ours(read)) continue;
      if ("skipped" in raw) throw new Error(`${input.file}, line ${raw.line}: row ${read} was skipped but is this worker's`);
      if ("error" in raw) {
        chunk.rejects.push({ line: raw.line, reason: raw.reason, message: raw.error, fields: null, raw: raw.raw });
      } else {
        const row = cleanRow(raw.fields, notes);
        const mapped = mapRow(row, ctx, extraOf(raw.fields, notes), notes);
        if (!mapped.ok)
          chunk.rejects.push({
            line: raw.line,
            reason: mapped.reason,
            message: mapped.message,
            fields: row,
            raw: raw.raw,
          } satisfies Reject);
        else {
          if (mapped.pendingCitizenId !== null) {
            chunk.pendingRows.push(chunk.rows.count);
            chunk.pendingDigits.push(mapped.pendingCitizenId);
          }
          chunk.rows.add(mapped.row);
          chunk.lines.push(raw.line);
          chunk.duplicateKeys.push(mapped.duplicateKey);
          chunk.idHashes.push(ctx.duplicates.textHash(mapped.row.externalId));
          let failed = "";
          for (const f of mapped.findings) {
            if (f.severity === "error") failed = failed === "" ? f.rule : `${failed},${f.rule}`;
            else chunk.warnings[f.rule] = (chunk.warnings[f.rule] ?? 0) + 1;
          }
          chunk.fail(failed);
        }
      }
      if (chunk.size >= size) await flush();
    }
  if (chunk.size > 0) await flush();
  post({ type: "done", read, bytes: bytesRead(), cpuSeconds: threadCpuSeconds(), problem });
}

run().catch((error: unknown) =>
  post({
    type: "error",
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  }),
);
