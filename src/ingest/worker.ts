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

function post(message: WorkerMessage): void {
  port.postMessage(message);
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
    duplicates: new DuplicateIndex(1 << 20),
  };
  const { rows, bytesRead } = readRows(input.file, input.format);
  let read = 0;
  let chunk = newChunk();
  const flush = async () => {
    chunk.read = read;
    chunk.bytes = bytesRead();
    inFlight++;
    post(chunk);
    chunk = newChunk();
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
          chunk.rows.push(mapped.row);
          chunk.lines.push(raw.line);
          let failed = "";
          for (const f of mapped.findings) {
            if (f.severity === "error") failed = failed === "" ? f.rule : `${failed},${f.rule}`;
            else chunk.warnings[f.rule] = (chunk.warnings[f.rule] ?? 0) + 1;
          }
          chunk.failed.push(failed);
        }
      }
      if (chunk.rows.length + chunk.rejects.length >= input.chunkRows) await flush();
    }
  if (chunk.rows.length + chunk.rejects.length > 0) await flush();
  post({ type: "done", read, bytes: bytesRead() });
}

function newChunk(): ChunkMessage {
  return { type: "chunk", rows: [], lines: [], failed: [], rejects: [], warnings: {}, read: 0, bytes: 0 };
}

run().catch((error: unknown) =>
  post({
    type: "error",
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  }),
);
