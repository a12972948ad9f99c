/**
 * Import rows in a columnar, transferable form: what a parsing thread hands to the writer.
 *
 * Why: a worker thread's rows reach the writing thread by structured clone, and cloning 20,000
 * nested `ImportRow` objects cost more than inserting them (≈ 6 µs per row to serialise and
 * ≈ 11 µs to deserialise, measured on the import machine). Here a chunk is UTF-8 bytes holding
 * the text fields of every row back to back with an Int32Array of their bounds, and a
 * Float64Array of the numbers: all three are transferred without a copy, and the writer decodes
 * each field when it binds it. Fields with few distinct values (kind, units, findings, …) are
 * kept once per chunk in a small dictionary instead, so the writer decodes nothing for them.
 * The serialised fields (parts, owner, old, extra, issues) are the exact JSON the store keeps.
 */
import { recordIssues } from "../rules/evaluate.js";
import { blockingIssues, type Issue } from "../domain/record.js";
import type { ImportRow } from "./store.js";

/** Text fields per row, in this order. */
export const TEXT_FIELDS = [
  "externalId",
  "kind",
  "name",
  "parts",
  "province",
  "commune",
  "old",
  "owner",
  "extra",
  "issues",
  "surveyor",
  "locSource",
  "code",
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export const T = Object.fromEntries(TEXT_FIELDS.map((f, i) => [f, i])) as Record<TextField, number>;
const NT = TEXT_FIELDS.length;
/** Fields kept in the chunk's dictionary: their bounds hold [index, 0], or [-1, -1] for null. */
const DICTIONARY_FIELDS: ReadonlySet<number> = new Set([T.kind, T.province, T.commune, T.old, T.issues, T.surveyor, T.locSource]);
const IN_DICTIONARY = TEXT_FIELDS.map((_, i) => DICTIONARY_FIELDS.has(i));

/** Numbers per row: lat, lon, accuracy (NaN = null), blocking findings. */
export const N = { lat: 0, lon: 1, accuracy: 2, blocking: 3 } as const;
const NN = 4;

export interface EncodedRows {
  count: number;
  /** UTF-8 text of the fields not in the dictionary. */
  bytes: Uint8Array;
  /** count × TEXT_FIELDS.length × 2: byte start and end of each field, or dictionary index; -1 for null. */
  bounds: Int32Array;
  numbers: Float64Array;
  dictionary: string[];
}

/** Buffer's own UTF-8 writer (Node's `buf.utf8Write`, what `buf.write` calls after checking its arguments). */
type NativeBuffer = Buffer & { utf8Write?(text: string, offset: number, length: number): number };
// `buf.write(text, offset, "utf8")` checks and normalises its arguments first, which cost 6× the
// copy itself on the import's hot path (measured with --cpu-prof); called as a method, not through
// `.call`, so that V8 inlines the call.
const HAS_UTF8_WRITE = typeof (Buffer.prototype as NativeBuffer).utf8Write === "function";
const writeUtf8 = (bytes: NativeBuffer, text: string, offset: number): number =>
  HAS_UTF8_WRITE ? bytes.utf8Write!(text, offset, bytes.length - offset) : bytes.write(text, offset, "utf8");

/** JSON of the old units, once per object: the import's unit resolver hands out shared ones. */
const oldJson = new WeakMap<object, string>();
function jsonOfOld(old: object | null): string | null {
  if (old === null) return null;
  let text = oldJson.get(old);
  if (text === undefined) {
    text = JSON.stringify(old);
    oldJson.set(old, text);
  }
  return text;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Builds an encoded chunk row by row; `finish` returns it. */
export class RowEncoder {
  private bytes: Buffer;
  private length = 0;
  private bounds: Int32Array;
  private numbers: Float64Array;
  private dictionary: string[] = [];
  private indexOf = new Map<string, number>();
  private n = 0;

  constructor(private capacity = 1024) {
    this.bytes = Buffer.allocUnsafeSlow(capacity * 512);
    this.bounds = new Int32Array(capacity * NT * 2);
    this.numbers = new Float64Array(capacity * NN);
  }

  get count(): number {
    return this.n;
  }

  /** Appends one row. Issues default to the record-scope rules, as `importBatch` does. */
  add(row: ImportRow): void {
    if (this.n === this.capacity) this.grow();
    const issues: readonly Issue[] = row.issues ?? recordIssues(row.data);
    const d = row.data;
    const b = this.n * NT * 2;
    this.put(b, T.externalId, row.externalId);
    this.put(b, T.kind, d.kind);
    this.put(b, T.name, d.name);
    this.put(b, T.parts, JSON.stringify(d.parts));
    this.put(b, T.province, d.new.province);
    this.put(b, T.commune, d.new.commune);
    this.put(b, T.old, jsonOfOld(d.old));
    this.put(b, T.owner, json(d.owner));
    this.put(b, T.extra, json(d.extra));
    this.put(b, T.issues, issues.length ? JSON.stringify(issues) : null);
    this.put(b, T.surveyor, row.surveyor ?? null);
    this.put(b, T.locSource, d.location.source);
    this.put(b, T.code, row.code ?? null);
    const o = this.n * NN;
    this.numbers[o + N.lat] = d.location.lat;
    this.numbers[o + N.lon] = d.location.lon;
    this.numbers[o + N.accuracy] = d.location.accuracyM ?? Number.NaN;
    this.numbers[o + N.blocking] = blockingIssues(issues);
    this.n++;
  }

  finish(): EncodedRows {
    const out: EncodedRows = {
      count: this.n,
      bytes: new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.length),
      bounds: this.bounds.subarray(0, this.n * NT * 2),
      numbers: this.numbers.subarray(0, this.n * NN),
      dictionary: this.dictionary,
    };
    // The buffers now belong to the chunk (they are transferred): start new ones.
    this.bytes = Buffer.allocUnsafeSlow(this.bytes.length);
    this.bounds = new Int32Array(this.bounds.length);
    this.numbers = new Float64Array(this.numbers.length);
    this.dictionary = [];
    this.indexOf = new Map();
    this.length = 0;
    this.n = 0;
    return out;
  }

  private put(b: number, field: number, value: string | null | undefined): void {
    const at = b + field * 2;
    if (value === null || value === undefined) {
      this.bounds[at] = -1;
      this.bounds[at + 1] = -1;
    } else if (IN_DICTIONARY[field]) {
      let index = this.indexOf.get(value);
      if (index === undefined) {
        index = this.dictionary.length;
        this.dictionary.push(value);
        this.indexOf.set(value, index);
      }
      this.bounds[at] = index;
      this.bounds[at + 1] = 0;
    } else {
      // At most 3 UTF-8 bytes per UTF-16 unit.
      if (this.bytes.length - this.length < value.length * 3) this.growBytes(value.length * 3);
      this.bounds[at] = this.length;
      this.length += writeUtf8(this.bytes, value, this.length);
      this.bounds[at + 1] = this.length;
    }
  }

  private growBytes(atLeast: number): void {
    const bytes = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.length + atLeast));
    this.bytes.copy(bytes, 0, 0, this.length);
    this.bytes = bytes;
  }

  private grow(): void {
    this.capacity *= 2;
    const bounds = new Int32Array(this.capacity * NT * 2);
    bounds.set(this.bounds);
    this.bounds = bounds;
    const numbers = new Float64Array(this.capacity * NN);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}

/** Encodes rows in one go (tests, and `importBatch` callers that hold objects). */
export function encodeRows(rows: readonly ImportRow[]): EncodedRows {
  const encoder = new RowEncoder(Math.max(1, rows.length));
  for (const row of rows) encoder.add(row);
  return encoder.finish();
}

/** The transferable parts of a chunk, for `postMessage(chunk, transferList(chunk))`. */
export function transferList(rows: EncodedRows): ArrayBuffer[] {
  return [rows.bytes.buffer as ArrayBuffer, rows.bounds.buffer as ArrayBuffer, rows.numbers.buffer as ArrayBuffer];
}

// The chunk being read, as a Buffer (for its fast UTF-8 decoding); one chunk is read at a time.
let viewOf: Uint8Array | null = null;
let view: Buffer = Buffer.alloc(0);

/** One text field of row `i`, or null. */
export function textOf(rows: EncodedRows, i: number, field: number): string | null {
  const at = (i * NT + field) * 2;
  const start = rows.bounds[at];
  if (start < 0) return null;
  if (IN_DICTIONARY[field]) return rows.dictionary[start];
  if (viewOf !== rows.bytes) {
    viewOf = rows.bytes;
    view = Buffer.from(rows.bytes.buffer, rows.bytes.byteOffset, rows.bytes.byteLength);
  }
  return view.toString("utf8", start, rows.bounds[at + 1]);
}

export function numberOf(rows: EncodedRows, i: number, field: number): number {
  return rows.numbers[i * NN + field];
}

/**
 * Replaces the issues of row `i` (the writer's, when it finds a duplicate that only file order
 * shows) and the number of blocking findings with them. `added` remembers the texts this call added
 * to the chunk's dictionary, so that rows sharing a set of issues share its entry.
 */
export function replaceIssues(rows: EncodedRows, i: number, text: string | null, blocking: number, added: Map<string, number>): void {
  const at = (i * NT + T.issues) * 2;
  let index = -1;
  if (text !== null) {
    index = added.get(text) ?? -1;
    if (index < 0) {
      index = rows.dictionary.push(text) - 1;
      added.set(text, index);
    }
  }
  rows.bounds[at] = index;
  rows.bounds[at + 1] = text === null ? -1 : 0;
  rows.numbers[i * NN + N.blocking] = blocking;
}

/** Row `i` as an ImportRow again (the writer's rare paths: re-imports, taken codes). */
export function decodeRow(rows: EncodedRows, i: number): ImportRow {
  const parse = (field: number) => {
    const text = textOf(rows, i, field);
    return text === null ? null : JSON.parse(text);
  };
  const accuracy = numberOf(rows, i, N.accuracy);
  const extra = parse(T.extra) as Record<string, string> | null;
  const row: ImportRow = {
    externalId: textOf(rows, i, T.externalId) ?? "",
    data: {
      kind: textOf(rows, i, T.kind) ?? "",
      name: textOf(rows, i, T.name),
      parts: parse(T.parts) ?? {},
      new: { province: textOf(rows, i, T.province) ?? "", commune: textOf(rows, i, T.commune) ?? "" },
      old: parse(T.old),
      location: {
        lat: numberOf(rows, i, N.lat),
        lon: numberOf(rows, i, N.lon),
        accuracyM: Number.isNaN(accuracy) ? null : accuracy,
        source: (textOf(rows, i, T.locSource) ?? "") as ImportRow["data"]["location"]["source"],
      },
      owner: parse(T.owner),
      ...(extra === null ? {} : { extra }),
    },
    surveyor: textOf(rows, i, T.surveyor),
    issues: (parse(T.issues) as Issue[] | null) ?? [],
  };
  const code = textOf(rows, i, T.code);
  if (code !== null) row.code = code;
  return row;
}

/**
 * Per row, a 32-bit hash of what the store compares to call a re-imported row unchanged: every
 * field but the external id, the requested code and the findings. Rows with equal hashes make the
 * same record (but for a chance of 2⁻³² per pair). The import's rule for an external id repeated
 * in one file tells an identical repeat from a changed one with it.
 */
export function contentHashes(rows: EncodedRows): Uint32Array {
  const hashes = new Uint32Array(rows.count);
  // Dictionary texts are shared by many rows: each hashed once per chunk, when first met (0: not yet).
  const dictionaryHashes = new Int32Array(rows.dictionary.length);
  // The numbers as their bits: lat, lon and accuracy are the first 2 × 3 words of a row's numbers.
  const numberWords = new Int32Array(rows.numbers.buffer, rows.numbers.byteOffset, rows.numbers.length * 2);
  const { bounds, bytes } = rows;
  for (let i = 0; i < rows.count; i++) {
    const b = i * NT * 2;
    let h = FNV_OFFSET;
    for (let k = 0; k < HASHED_DICTIONARY_FIELDS.length; k++) {
      const index = bounds[b + HASHED_DICTIONARY_FIELDS[k] * 2];
      if (index < 0) h = mixWord(h, -1);
      else {
        if (dictionaryHashes[index] === 0) dictionaryHashes[index] = textHash(rows.dictionary[index]);
        h = mixWord(h, dictionaryHashes[index]);
      }
    }
    for (let w = i * NN * 2, end = w + 6; w < end; w++) h = mixWord(h, numberWords[w]);
    // The text fields after the external id lie back to back in `bytes`: their lengths (-1 for
    // null) tell where each ends, then their bytes are hashed in one run, four at a time.
    let from = bounds[b + T.externalId * 2 + 1];
    let to = from;
    for (let k = 0; k < HASHED_TEXT_FIELDS.length; k++) {
      const start = bounds[b + HASHED_TEXT_FIELDS[k] * 2];
      if (start < 0) h = mixWord(h, -1);
      else {
        to = bounds[b + HASHED_TEXT_FIELDS[k] * 2 + 1];
        h = mixWord(h, to - start);
      }
    }
    for (; from + 4 <= to; from += 4)
      h = mixWord(h, bytes[from] | (bytes[from + 1] << 8) | (bytes[from + 2] << 16) | (bytes[from + 3] << 24));
    for (; from < to; from++) h = mixWord(h, bytes[from]);
    hashes[i] = finalMix(h);
  }
  return hashes;
}

const HASHED_DICTIONARY_FIELDS = [T.kind, T.province, T.commune, T.old, T.surveyor, T.locSource];
/** The text fields in `bytes` after the external id, in the order RowEncoder writes them, but the requested code. */
const HASHED_TEXT_FIELDS = [T.name, T.parts, T.owner, T.extra];

function textHash(text: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < text.length; k++) h = mixWord(h, text.charCodeAt(k));
  return finalMix(h ^ text.length) | 1; // never 0, which marks "not hashed yet"
}

/**
 * FNV-1a taken a 32-bit word at a time: each step (xor, then multiply by an odd number) is a
 * bijection of the state, so texts that differ in one word never collide; `finalMix` spreads
 * every bit over the result.
 */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function mixWord(h: number, word: number): number {
  return Math.imul(h ^ word, FNV_PRIME);
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function finalMix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Takes the rows marked in `removed` out of the chunk, in place (their text stays in `bytes`,
 * unreferenced); the others keep their order. Returns the new count.
 */
export function removeRows(rows: EncodedRows, removed: Uint8Array): number {
  let kept = 0;
  for (let i = 0; i < rows.count; i++) {
    if (removed[i]) continue;
    if (kept !== i) {
      rows.bounds.copyWithin(kept * NT * 2, i * NT * 2, (i + 1) * NT * 2);
      rows.numbers.copyWithin(kept * NN, i * NN, (i + 1) * NN);
    }
    kept++;
  }
  rows.count = kept;
  rows.bounds = rows.bounds.subarray(0, kept * NT * 2);
  rows.numbers = rows.numbers.subarray(0, kept * NN);
  return kept;
}
