/**
 * The import's rows in a columnar, transferable form: what a parsing thread hands to the writer.
 *
 * Why: a worker thread's rows reach the writing thread by structured clone, and cloning 20,000
 * nested `ImportRow` objects cost more than inserting them (≈ 6 µs per row to serialise and
 * ≈ 11 µs to deserialise, measured on the import machine). Here a chunk is UTF-8 bytes holding
 * the text fields of every row back to back with an Int32Array of their bounds, and a
 * Float64Array of the numbers: all three are transferred without a copy, and the writer decodes
 * each field when the store reads it (`EncodedRowsReader`, the store's `LoadRows`). Fields with
 * few distinct values (kind, units, findings, …) are kept once per chunk in a small dictionary
 * instead, so the writer decodes nothing for them. The serialised fields (parts, owner, old,
 * extra, issues) are the exact JSON the store keeps.
 */
import { recordIssues } from "../rules/evaluate.js";
import { blockingIssues, type Issue } from "../domain/record.js";
import {
  LOAD_NUMBER_COLUMNS,
  LOAD_TEXT_COLUMNS,
  type LoadRows,
  type LoadTextColumnName,
  NUMBER_COLUMN,
  type NumberColumn,
  TEXT_COLUMN,
  type TextColumn,
} from "../store/bulk-load.js";
import type { ImportRow } from "../store/store.js";
import { CITIZEN_ID_HASH_LENGTH } from "../domain/personal-data.js";

/** A row's text fields, each at its column's place (TEXT_COLUMN), and its numbers (NUMBER_COLUMN). */
const TEXT_FIELDS_PER_ROW = LOAD_TEXT_COLUMNS.length;
const NUMBERS_PER_ROW = LOAD_NUMBER_COLUMNS.length;
/** Fields kept in the chunk's dictionary: their bounds hold [index, 0], or [-1, -1] for null. */
const DICTIONARY_FIELDS: ReadonlySet<LoadTextColumnName> = new Set(["kind", "province", "commune", "old", "issues", "surveyor", "locSource"]);
const IN_DICTIONARY = LOAD_TEXT_COLUMNS.map((name) => DICTIONARY_FIELDS.has(name));

export interface EncodedRows {
  count: number;
  /** UTF-8 text of the fields not in the dictionary. */
  bytes: Uint8Array;
  /** count × LOAD_TEXT_COLUMNS.length × 2: byte start and end of each field, or dictionary index; -1 for null. */
  bounds: Int32Array;
  /** count × LOAD_NUMBER_COLUMNS.length. */
  numbers: Float64Array;
  dictionary: string[];
}

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
  private rowCount = 0;
  /** Kept from chunk to chunk: a file's rows share their sets of findings. */
  private readonly issuesJson = new IssuesJson();

  constructor(private capacity = 1024) {
    this.bytes = Buffer.allocUnsafeSlow(capacity * 512);
    this.bounds = new Int32Array(capacity * TEXT_FIELDS_PER_ROW * 2);
    this.numbers = new Float64Array(capacity * NUMBERS_PER_ROW);
  }

  get count(): number {
    return this.rowCount;
  }

  /** Appends one row. Issues default to the record-scope rules, as `importBatch` does. */
  add(row: ImportRow): void {
    if (this.rowCount === this.capacity) this.grow();
    const issues: readonly Issue[] = row.issues ?? recordIssues(row.data);
    const data = row.data;
    const first = this.rowCount * TEXT_FIELDS_PER_ROW * 2;
    // In LOAD_TEXT_COLUMNS order: `contentHashes` reads the text after the external id as one run.
    this.put(first, TEXT_COLUMN.externalId, row.externalId);
    this.put(first, TEXT_COLUMN.kind, data.kind);
    this.put(first, TEXT_COLUMN.name, data.name);
    this.put(first, TEXT_COLUMN.parts, JSON.stringify(data.parts));
    this.put(first, TEXT_COLUMN.province, data.new.province);
    this.put(first, TEXT_COLUMN.commune, data.new.commune);
    this.put(first, TEXT_COLUMN.old, jsonOfOld(data.old));
    this.put(first, TEXT_COLUMN.owner, json(data.owner));
    this.put(first, TEXT_COLUMN.extra, json(data.extra));
    this.put(first, TEXT_COLUMN.issues, this.issuesJson.of(issues));
    this.put(first, TEXT_COLUMN.surveyor, row.surveyor ?? null);
    this.put(first, TEXT_COLUMN.locSource, data.location.source);
    this.put(first, TEXT_COLUMN.code, row.code ?? null);
    const numbers = this.rowCount * NUMBERS_PER_ROW;
    this.numbers[numbers + NUMBER_COLUMN.lat] = data.location.lat;
    this.numbers[numbers + NUMBER_COLUMN.lon] = data.location.lon;
    this.numbers[numbers + NUMBER_COLUMN.accuracy] = data.location.accuracyM ?? Number.NaN;
    this.numbers[numbers + NUMBER_COLUMN.blocking] = blockingIssues(issues);
    this.rowCount++;
  }

  finish(): EncodedRows {
    const out: EncodedRows = {
      count: this.rowCount,
      bytes: new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.length),
      bounds: this.bounds.subarray(0, this.rowCount * TEXT_FIELDS_PER_ROW * 2),
      numbers: this.numbers.subarray(0, this.rowCount * NUMBERS_PER_ROW),
      dictionary: this.dictionary,
    };
    // The buffers now belong to the chunk (they are transferred): start new ones.
    this.bytes = Buffer.allocUnsafeSlow(this.bytes.length);
    this.bounds = new Int32Array(this.bounds.length);
    this.numbers = new Float64Array(this.numbers.length);
    this.dictionary = [];
    this.indexOf = new Map();
    this.length = 0;
    this.rowCount = 0;
    return out;
  }

  private put(first: number, column: TextColumn, value: string | null | undefined): void {
    const at = first + column * 2;
    if (value === null || value === undefined) {
      this.bounds[at] = -1;
      this.bounds[at + 1] = -1;
    } else if (IN_DICTIONARY[column]) {
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
      this.length += this.bytes.write(value, this.length, "utf8");
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
    const bounds = new Int32Array(this.capacity * TEXT_FIELDS_PER_ROW * 2);
    bounds.set(this.bounds);
    this.bounds = bounds;
    const numbers = new Float64Array(this.capacity * NUMBERS_PER_ROW);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}

/** Distinct issue texts remembered before IssuesJson starts again (a national file has a few thousand). */
const ISSUES_JSON_LIMIT = 20_000;

/** One issue in a path of IssuesJson: what it must match besides its message, and the JSON of the path up to it. */
interface IssuesJsonNode {
  rule: string;
  severity: Issue["severity"];
  json: string | null;
  next: Map<string, IssuesJsonNode> | null;
}

/**
 * The JSON of a row's issues (null for none), remembered per sequence of issues. Rows repeat a few
 * thousand sets of findings, and the rule engine hands out each message as one string, hashed
 * once: following the messages through nested maps costs a few look-ups, where stringifying the
 * bilingual messages and hashing that text for the chunk's dictionary cost more than the rest of
 * a row's encoding. The memo holds the texts it gave, so the dictionary hashes each once.
 *
 * The text is each issue's rule, message and severity (when it has one) in that order, as
 * `storedIssues` builds them: so any two rows with equal issues get the same text, whatever else
 * their objects hold.
 */
class IssuesJson {
  private first = new Map<string, IssuesJsonNode>();
  private size = 0;

  of(issues: readonly Issue[]): string | null {
    if (issues.length === 0) return null;
    let level = this.first;
    let node: IssuesJsonNode | undefined;
    for (let i = 0; i < issues.length; i++) {
      const issue = issues[i];
      node = level.get(issue.message);
      if (node === undefined) {
        if (this.size >= ISSUES_JSON_LIMIT) {
          this.first = new Map();
          this.size = 0;
          return issuesText(issues);
        }
        node = { rule: issue.rule, severity: issue.severity, json: null, next: null };
        level.set(issue.message, node);
        this.size++;
      } else if (node.rule !== issue.rule || node.severity !== issue.severity) {
        // The same message from another rule or severity: not remembered, never mixed up.
        return issuesText(issues);
      }
      if (i < issues.length - 1) level = node.next ??= new Map();
    }
    node!.json ??= issuesText(issues);
    return node!.json;
  }
}

function issuesText(issues: readonly Issue[]): string {
  return JSON.stringify(
    issues.map(({ rule, message, severity }) => (severity === undefined ? { rule, message } : { rule, message, severity })),
  );
}

/** Encodes rows in one go. */
export function encodeRows(rows: readonly ImportRow[]): EncodedRows {
  const encoder = new RowEncoder(Math.max(1, rows.length));
  for (const row of rows) encoder.add(row);
  return encoder.finish();
}

/** The transferable parts of a chunk, for `postMessage(chunk, transferList(chunk))`. */
export function transferList(rows: EncodedRows): ArrayBuffer[] {
  return [rows.bytes.buffer as ArrayBuffer, rows.bounds.buffer as ArrayBuffer, rows.numbers.buffer as ArrayBuffer];
}

/** A chunk's rows read by row and column: what the store loads (`LoadRows`). */
export class EncodedRowsReader implements LoadRows {
  /** The chunk's bytes as a Buffer, for its UTF-8 decoding. */
  private readonly utf8: Buffer;

  constructor(private readonly rows: EncodedRows) {
    this.utf8 = Buffer.from(rows.bytes.buffer, rows.bytes.byteOffset, rows.bytes.byteLength);
  }

  /** Read at every call: `removeRows` may have taken rows out since. */
  get count(): number {
    return this.rows.count;
  }

  text(row: number, column: TextColumn): string | null {
    const at = (row * TEXT_FIELDS_PER_ROW + column) * 2;
    const start = this.rows.bounds[at];
    if (start < 0) return null;
    if (IN_DICTIONARY[column]) return this.rows.dictionary[start];
    return this.utf8.toString("utf8", start, this.rows.bounds[at + 1]);
  }

  number(row: number, column: NumberColumn): number {
    return this.rows.numbers[row * NUMBERS_PER_ROW + column];
  }
}

/**
 * Replaces the issues of row `i` (the writer's, when it finds a duplicate that only file order
 * shows) and the number of blocking findings with them. `added` remembers the texts this call added
 * to the chunk's dictionary, so that rows sharing a set of issues share its entry.
 */
export function replaceIssues(rows: EncodedRows, i: number, text: string | null, blocking: number, added: Map<string, number>): void {
  const at = (i * TEXT_FIELDS_PER_ROW + TEXT_COLUMN.issues) * 2;
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
  rows.numbers[i * NUMBERS_PER_ROW + NUMBER_COLUMN.blocking] = blocking;
}

/**
 * What an owner's `citizenIdHash` holds until the writer hashes the ID (map-row.ts, a null
 * `piiKey`): as long as every hash, so that the hash is written over it in place, and not a valid
 * hash (record.ts accepts only `h1:` and base64url), so that it can never pass for one.
 */
export const PENDING_CITIZEN_ID_HASH = "?".repeat(CITIZEN_ID_HASH_LENGTH);
const PLACEHOLDER_BYTE = 0x3f; // "?"

/** The rows of a chunk whose owner holds PENDING_CITIZEN_ID_HASH, and the ID each stands for. */
export interface PendingCitizenIds {
  /** Row numbers in the chunk. */
  rows: Int32Array;
  /** The citizen ID's digits of each of those rows, in the same order. */
  digits: string[];
}

/**
 * Writes each pending row's citizen-ID hash over its placeholder, in the chunk's bytes. The hash is
 * the owner's last property (map-row.ts sets it last, and JSON keeps the order), so it ends just
 * before the owner text's closing `"}`. Throws if a row's placeholder is not there, so that a
 * placeholder is never stored and no other text is overwritten.
 */
export function fillCitizenIdHashes(rows: EncodedRows, pending: PendingCitizenIds, hash: (digits: string) => string): void {
  const bytes = Buffer.from(rows.bytes.buffer, rows.bytes.byteOffset, rows.bytes.byteLength);
  for (let k = 0; k < pending.rows.length; k++) {
    const row = pending.rows[k];
    const at = (row * TEXT_FIELDS_PER_ROW + TEXT_COLUMN.owner) * 2;
    const end = rows.bounds[at + 1];
    const start = end - 2 - CITIZEN_ID_HASH_LENGTH;
    if (rows.bounds[at] < 0 || start < rows.bounds[at] || !isPlaceholderAt(bytes, start))
      throw new Error(`row ${row} of the chunk has no pending citizen-ID hash in its owner`);
    const text = hash(pending.digits[k]);
    if (text.length !== CITIZEN_ID_HASH_LENGTH) throw new Error(`a citizen-ID hash has ${text.length} characters, not ${CITIZEN_ID_HASH_LENGTH}`);
    bytes.write(text, start, "latin1");
  }
}

function isPlaceholderAt(bytes: Buffer, start: number): boolean {
  for (let i = start; i < start + CITIZEN_ID_HASH_LENGTH; i++) if (bytes[i] !== PLACEHOLDER_BYTE) return false;
  // 0x22 0x7d: `"}`, the end of the owner object.
  return bytes[start + CITIZEN_ID_HASH_LENGTH] === 0x22 && bytes[start + CITIZEN_ID_HASH_LENGTH + 1] === 0x7d;
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
    const first = i * TEXT_FIELDS_PER_ROW * 2;
    let h = FNV_OFFSET;
    for (let k = 0; k < HASHED_DICTIONARY_FIELDS.length; k++) {
      const index = bounds[first + HASHED_DICTIONARY_FIELDS[k] * 2];
      if (index < 0) h = mixWord(h, -1);
      else {
        if (dictionaryHashes[index] === 0) dictionaryHashes[index] = textHash(rows.dictionary[index]);
        h = mixWord(h, dictionaryHashes[index]);
      }
    }
    for (let w = i * NUMBERS_PER_ROW * 2, end = w + HASHED_NUMBER_WORDS; w < end; w++) h = mixWord(h, numberWords[w]);
    // The text fields after the external id lie back to back in `bytes`: their lengths (-1 for
    // null) tell where each ends, then their bytes are hashed in one run, four at a time.
    let from = bounds[first + TEXT_COLUMN.externalId * 2 + 1];
    let to = from;
    for (let k = 0; k < HASHED_TEXT_FIELDS.length; k++) {
      const start = bounds[first + HASHED_TEXT_FIELDS[k] * 2];
      if (start < 0) h = mixWord(h, -1);
      else {
        to = bounds[first + HASHED_TEXT_FIELDS[k] * 2 + 1];
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

const HASHED_DICTIONARY_FIELDS = [TEXT_COLUMN.kind, TEXT_COLUMN.province, TEXT_COLUMN.commune, TEXT_COLUMN.old, TEXT_COLUMN.surveyor, TEXT_COLUMN.locSource];
/** The text fields in `bytes` after the external id, in the order RowEncoder writes them, but the requested code. */
const HASHED_TEXT_FIELDS = [TEXT_COLUMN.name, TEXT_COLUMN.parts, TEXT_COLUMN.owner, TEXT_COLUMN.extra];
/** lat, lon and accuracy, the first three numbers of a row, as 32-bit words. */
const HASHED_NUMBER_WORDS = 3 * 2;

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
      rows.bounds.copyWithin(kept * TEXT_FIELDS_PER_ROW * 2, i * TEXT_FIELDS_PER_ROW * 2, (i + 1) * TEXT_FIELDS_PER_ROW * 2);
      rows.numbers.copyWithin(kept * NUMBERS_PER_ROW, i * NUMBERS_PER_ROW, (i + 1) * NUMBERS_PER_ROW);
    }
    kept++;
  }
  rows.count = kept;
  rows.bounds = rows.bounds.subarray(0, kept * TEXT_FIELDS_PER_ROW * 2);
  rows.numbers = rows.numbers.subarray(0, kept * NUMBERS_PER_ROW);
  return kept;
}
