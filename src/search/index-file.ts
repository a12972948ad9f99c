/**
 * The search index on disk: a versioned artefact beside the store (`<store>.search`), written
 * whole to a temporary file and renamed, so a reader sees the old index or the new one, never half.
 *
 * Layout: 8 magic bytes, a little-endian u32 format version, a u32 header length, the header
 * (JSON: the change-feed position the index reflects, the unit tables its 2-byte unit numbers
 * refer to, and where each column lies), then the columns, each 8-byte aligned. Loading is one
 * read and typed-array views, no parsing per record.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { StringColumn } from "./columns.js";
import { PointIndex } from "./points.js";
import { Segment, type SegmentColumns } from "./segment.js";

/** Column names of the saved point grid. */
const POINTS = "points.";

const MAGIC = Buffer.from("DCSSRCH\0", "latin1");
export const INDEX_FORMAT_VERSION = 6;

export interface IndexHeader {
  format: "diachiso-search";
  version: number;
  /** The store's change-feed position the index reflects (every revision up to it is in). */
  seq: number;
  builtAt: string;
  records: number;
  documents: number;
  communes: string[];
  oldWards: string[];
  columns: { name: string; type: "u8" | "u16" | "u32" | "i32" | "f64"; offset: number; length: number }[];
}

export class IndexFileError extends Error {}

/**
 * The whole file in one buffer, read in pieces: `readFileSync` refuses files over 2 GiB (24 M
 * records make 2.4 GB). `shared`: in memory that worker threads can be handed without a copy.
 */
function readWhole(path: string, shared: boolean): Buffer {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const buffer = shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
    for (let at = 0; at < size; ) {
      const read = readSync(fd, buffer, at, Math.min(1 << 30, size - at), at);
      if (read === 0) throw new IndexFileError(`${path} is cut short (read ${at} of ${size} bytes)`);
      at += read;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

const TYPE_OF = (a: Column): IndexHeader["columns"][number]["type"] =>
  a instanceof Uint8Array
    ? "u8"
    : a instanceof Uint16Array
      ? "u16"
      : a instanceof Uint32Array
        ? "u32"
        : a instanceof Int32Array
          ? "i32"
          : "f64";

function flatten(c: SegmentColumns): [string, Column][] {
  const out: [string, Column][] = [];
  for (const [name, value] of Object.entries(c)) {
    if (value instanceof StringColumn) {
      out.push([`${name}.bytes`, value.bytes], [`${name}.offsets`, value.offsets]);
    } else out.push([name, value as Column]);
  }
  return out;
}

export function writeIndexFile(
  path: string,
  segment: Segment,
  meta: { seq: number; communes: readonly string[]; oldWards: readonly string[] },
): void {
  // The point grid is saved too: at 24 M records it takes seconds to build, and a reader should
  // answer its first reverse query at once.
  const columns = flatten(segment.c);
  for (const [name, array] of Object.entries(segment.points().toArrays())) columns.push([`${POINTS}${name}`, array]);
  const header: IndexHeader = {
    format: "diachiso-search",
    version: INDEX_FORMAT_VERSION,
    seq: meta.seq,
    builtAt: new Date().toISOString(),
    records: segment.size,
    documents: segment.documents,
    communes: [...meta.communes],
    oldWards: [...meta.oldWards],
    columns: [],
  };
  let offset = 0;
  for (const [name, array] of columns) {
    header.columns.push({ name, type: TYPE_OF(array), offset, length: array.length });
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(16);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(INDEX_FORMAT_VERSION, 8);
  prefix.writeUInt32LE(headerBytes.length, 12);
  const pad = (n: number) => Buffer.alloc((8 - (n % 8)) % 8);
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w", 0o644);
  try {
    writeSync(fd, prefix);
    writeSync(fd, headerBytes);
    writeSync(fd, pad(16 + headerBytes.length));
    for (const [, array] of columns) {
      const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      // Large columns in pieces: one write is capped near 2 GiB.
      for (let at = 0; at < bytes.length; at += 1 << 30)
        writeSync(fd, bytes.subarray(at, Math.min(bytes.length, at + (1 << 30))));
      writeSync(fd, pad(array.byteLength));
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export interface LoadedIndex {
  header: IndexHeader;
  segment: Segment;
  /** The file's bytes the segment's columns are views of (shared memory when read `shared`). */
  bytes: Uint8Array;
}

/**
 * The header of an index file, checked against the file (magic, format, every column within its
 * size), reading only the file's first bytes: what `status` needs of a 2 GB index.
 */
export function readIndexHeader(path: string): IndexHeader {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const prefix = Buffer.alloc(Math.min(16, size));
    readSync(fd, prefix, 0, prefix.length, 0);
    const headerLength = checkPrefix(path, prefix, size);
    const head = Buffer.alloc(headerLength);
    readSync(fd, head, 0, headerLength, 16);
    return checkHeader(path, head.toString("utf8"), headerLength, size);
  } finally {
    closeSync(fd);
  }
}

/** Magic and format version; the header's length. */
function checkPrefix(path: string, prefix: Buffer, size: number): number {
  if (prefix.length < 16 || !prefix.subarray(0, 8).equals(MAGIC)) throw new IndexFileError(`${path} is not a diachiso search index`);
  const version = prefix.readUInt32LE(8);
  if (version !== INDEX_FORMAT_VERSION) {
    throw new IndexFileError(
      `${path} is a search index of format ${version}, this version reads ${INDEX_FORMAT_VERSION}: rebuild it with "diachiso index build"`,
    );
  }
  const headerLength = prefix.readUInt32LE(12);
  if (16 + headerLength > size) throw new IndexFileError(`${path} is cut short (header)`);
  return headerLength;
}

const BYTES = { u8: 1, u16: 2, u32: 4, i32: 4, f64: 8 } as const;

/** The header, every column of it within the file. */
function checkHeader(path: string, text: string, headerLength: number, size: number): IndexHeader {
  const header = JSON.parse(text) as IndexHeader;
  const dataStart = Math.ceil((16 + headerLength) / 8) * 8;
  for (const col of header.columns) {
    if (dataStart + col.offset + col.length * BYTES[col.type] > size) throw new IndexFileError(`${path} is cut short (column ${col.name})`);
  }
  return header;
}

/**
 * Reads an index file; throws IndexFileError naming the file and what is wrong with it.
 * `shared`: the bytes in a SharedArrayBuffer, so that worker threads answer from the same columns
 * (`indexFromBytes`) instead of each holding a copy (2.4 GB at 24 M records).
 */
export function readIndexFile(path: string, options: { shared?: boolean } = {}): LoadedIndex {
  return indexFromBytes(readWhole(path, options.shared ?? false), path);
}

/** An index over bytes read whole from an index file (`path` names it in errors); the columns are views, not copies. */
export function indexFromBytes(bytes: Uint8Array, path: string): LoadedIndex {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = checkPrefix(path, file.subarray(0, 16), file.length);
  const header = checkHeader(path, file.toString("utf8", 16, 16 + headerLength), headerLength, file.length);
  const dataStart = Math.ceil((16 + headerLength) / 8) * 8;
  // Typed views need their element alignment: a file buffer from a pool may start anywhere.
  const data = file.byteOffset % 8 === 0 ? file : Buffer.from(file);
  const arrays = new Map<string, Column>();
  for (const col of header.columns) {
    const at = data.byteOffset + dataStart + col.offset;
    const make = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f64: Float64Array }[
      col.type
    ];
    arrays.set(col.name, new make(data.buffer as ArrayBuffer, at, col.length));
  }
  const columns: Record<string, unknown> = {};
  const points: Record<string, Uint32Array | Int32Array> = {};
  for (const [name, array] of arrays) {
    if (name.startsWith(POINTS)) points[name.slice(POINTS.length)] = array as Uint32Array | Int32Array;
    else if (name.endsWith(".bytes")) {
      const base = name.slice(0, -".bytes".length);
      columns[base] = new StringColumn(array as Uint8Array, arrays.get(`${base}.offsets`) as Uint32Array);
    } else if (!name.endsWith(".offsets")) columns[name] = array;
  }
  let grid: PointIndex;
  try {
    grid = PointIndex.fromArrays(points);
  } catch (error) {
    throw new IndexFileError(`${path}: ${(error as Error).message}`);
  }
  return { header, segment: new Segment(columns as unknown as SegmentColumns, grid), bytes: data };
}
