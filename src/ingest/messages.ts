/** Messages between the import's parsing worker and the writer on the main thread. */
import type { EncodedRows, PendingCitizenIds } from "./encoded-rows.js";
import type { RejectReason } from "./map-row.js";
import type { SurveyRow } from "./fields.js";
import type { Encoding } from "./encoding.js";

export interface WorkerInput {
  file: string;
  format: "csv" | "ndjson" | "geojson";
  /** The file's encoding, settled before any worker starts (inspect.ts). */
  encoding: Encoding;
  /** Rows per message to the writer (and per store transaction). */
  chunkRows: number;
  /**
   * This worker parses chunks number `part`, `part + parts`, … of the file (chunk k: rows read
   * k × chunkRows + 1 to (k + 1) × chunkRows) and only reads past the others.
   */
  part: number;
  parts: number;
  /** How many chunks may wait for the writer before the worker pauses (bounded memory). */
  maxInFlight: number;
  /** The new provinces rows may be in (MapContext.provinces); null: any. */
  provinces: readonly string[] | null;
}

export interface Reject {
  line: number;
  reason: RejectReason;
  message: string;
  fields: Partial<SurveyRow> | null;
  /** The row as read (CSV record, NDJSON line, GeoJSON feature text), for the rejects file. */
  raw?: string;
}

export interface ChunkMessage {
  type: "chunk";
  /** The chunk's number in the file (see WorkerInput.part): the writer stores chunks in this order. */
  index: number;
  /** The chunk's valid rows, encoded for the store (typed arrays transferred, not copied). */
  rows: EncodedRows;
  /** Source line of each row. */
  lines: Int32Array;
  /** Per row, the hash of its "same number" key, 0 without a number (file-order-duplicates.ts). */
  duplicateKeys: Float64Array;
  /** Per row, the 52-bit hash of its external id (DuplicateIndex.textHash; file-order-duplicates.ts). */
  idHashes: Float64Array;
  /**
   * The rows whose citizen-ID hash the writer still has to write (encoded-rows.ts
   * fillCitizenIdHashes): the key stays on the writer, and so does the time it takes.
   */
  citizenIds: PendingCitizenIds;
  /** Per row, an index into `failedSets`: the error rules the row breaks. */
  failed: Uint16Array;
  /** Distinct comma-joined sets of error rule ids in this chunk; "" = complete. */
  failedSets: string[];
  rejects: Reject[];
  /** The CSV header as the reader keys it (headings.ts headerFields), null for other formats: where the owner columns of a rejected record's raw text are. */
  header: readonly string[] | null;
  /** Warning findings of this chunk's rows, by rule. */
  warnings: Record<string, number>;
  /** Rows read so far, up to the chunk's end (valid or not), and bytes of the file read so far. */
  read: number;
  bytes: number;
}

/**
 * A chunk as the writer applies and stores it: its citizen-ID hashes written, and per row the hash
 * of the record it makes (encoded-rows.ts contentHashes; file-order-duplicates.ts), taken after.
 */
export interface WriterChunk extends ChunkMessage {
  contentHashes: Uint32Array;
}

export interface DoneMessage {
  type: "done";
  read: number;
  bytes: number;
  /**
   * Why the file could not be read to its end (truncated, not a FeatureCollection after all), with
   * the line; null when it was. Every row before it has been sent.
   */
  problem: { line: number; message: string } | null;
  /** CPU seconds the worker thread used (null where unknown). */
  cpuSeconds: number | null;
}

export interface ErrorMessage {
  type: "error";
  /** What went wrong, for the user (names the file and line). */
  message: string;
  /** Where, for the developer. */
  stack?: string;
}

export type WorkerMessage = ChunkMessage | DoneMessage | ErrorMessage;
