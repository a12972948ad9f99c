/**
 * The on-disk layout of `data/boundaries/communes.v1.bin`, the commune polygons the product reads
 * instead of TopoJSON (parsing 5.5 MB of JSON and stitching arcs costs far more than reading this).
 *
 * All integers little-endian. Coordinates are integer micro-degrees (1e-6°, about 0.11 m), which is
 * finer than the source's own quantisation grid (about 1.7 m), so rounding loses nothing that matters.
 *
 *   offset  size          field
 *   0       4             magic "DCSB" (diachiso boundaries)
 *   4       u16           format version (BOUNDARIES_VERSION)
 *   6       u16           header size in bytes (HEADER_BYTES)
 *   8       u32           F, number of communes
 *   12      u32           P, number of polygon parts (a commune with islands has several)
 *   16      u32           R, number of rings (outer rings and holes)
 *   20      u32           N, number of points over all rings
 *   24      u32           byte length of the spatial index section (a multiple of 8)
 *   28      u32           byte length of the coordinate stream
 *   32      u32           byte length of the whole file (catches truncation before anything is read)
 *   36      u32           reserved, 0
 *   40      bytes         Flatbush index over the commune bounding boxes (Int32 micro-degrees), in
 *                         Flatbush's own format with its own magic and version (see Flatbush.from),
 *                         zero-padded to a multiple of 8; stored so that loading skips building it
 *           u32 × F       commune code as a number (5 digits once zero-padded)
 *           u32 × F       province code as a number (2 digits once zero-padded)
 *           i32 × 4F      bounding box per commune: west, south, east, north
 *           i32 × 2F      interior label point per commune: lon, lat (built with polylabel)
 *           u32 × (F+1)   first part of each commune; the last entry is P
 *           u32 × (P+1)   first ring of each part; the last entry is R
 *           u32 × (R+1)   first point of each ring; the last entry is N
 *           bytes         coordinates: for every point, lon then lat, each as the zigzag varint of its
 *                         difference from the previous point's (the first from 0)
 *
 * Every section before the coordinate stream starts 4-byte aligned (the index 8-byte aligned), so on a
 * little-endian machine the loader views the tables in place instead of copying them.
 * Rings are stored open (the closing point that repeats the first is dropped) and without consecutive
 * duplicate points. Deltas plus varints make the stream about a third of plain Int32 pairs; decoding
 * it is a single pass that runs once, lazily, on the first point query.
 */

import { endianness } from "node:os";
import Flatbush from "flatbush";

export const BOUNDARIES_MAGIC = "DCSB";
export const BOUNDARIES_VERSION = 1;
export const HEADER_BYTES = 40;
/** Coordinates are stored as integer multiples of 1 / MICRO degrees. */
export const MICRO = 1_000_000;

/** One commune ready to be written: coordinates already in integer micro-degrees. */
export interface CommuneRecord {
  /** 5-digit new commune code. */
  code: string;
  /** 2-digit new province code. */
  provinceCode: string;
  /** Interior label point [lon, lat] in micro-degrees. */
  label: [number, number];
  /** parts → rings → flat [lon0, lat0, lon1, lat1, …], rings open, first ring of a part is its outer. */
  parts: number[][][];
}

/** Everything but the coordinates: small, parsed eagerly so that loading the file stays cheap. */
export interface BoundariesMeta {
  count: number;
  /** Flatbush index over the bounding boxes; item i is commune i. */
  index: Flatbush;
  codes: string[];
  provinceCodes: string[];
  /** 4 per commune: west, south, east, north in micro-degrees. */
  bboxes: Int32Array;
  /** 2 per commune: lon, lat in micro-degrees. */
  labels: Int32Array;
  featureParts: Uint32Array;
  partRings: Uint32Array;
  ringPoints: Uint32Array;
  pointCount: number;
  /** The undecoded coordinate stream (a view into the file, not a copy). */
  coordinateBytes: Uint8Array;
}

/** Serialises communes into the v1 layout; throws on a code that is not 5 (commune) or 2 (province) digits. */
export function encodeBoundaries(communes: CommuneRecord[]): Uint8Array {
  const featureCount = communes.length;
  let partCount = 0;
  let ringCount = 0;
  let pointCount = 0;
  for (const commune of communes) {
    if (!/^\d{5}$/.test(commune.code))
      throw new Error(`Commune code must be 5 digits; got "${commune.code}".`);
    if (!/^\d{2}$/.test(commune.provinceCode)) {
      throw new Error(
        `Province code of commune ${commune.code} must be 2 digits; got "${commune.provinceCode}".`,
      );
    }
    partCount += commune.parts.length;
    for (const part of commune.parts) {
      ringCount += part.length;
      for (const ring of part) pointCount += ring.length / 2;
    }
  }

  const stream = new VarintWriter(pointCount * 3);
  let previousX = 0;
  let previousY = 0;
  for (const commune of communes) {
    for (const part of commune.parts) {
      for (const ring of part) {
        for (let i = 0; i < ring.length; i += 2) {
          stream.writeSigned(ring[i] - previousX);
          stream.writeSigned(ring[i + 1] - previousY);
          previousX = ring[i];
          previousY = ring[i + 1];
        }
      }
    }
  }
  const coordinateBytes = stream.finish();

  const index = new Flatbush(Math.max(1, featureCount), 16, Int32Array);
  for (const commune of communes) index.add(...boundsOf(commune.parts));
  if (featureCount === 0) index.add(0, 0, 0, 0); // Flatbush refuses an empty index
  index.finish();
  const indexBytes = Math.ceil(index.data.byteLength / 8) * 8;

  const fixedBytes = 4 * (featureCount * 8 + (featureCount + 1) + (partCount + 1) + (ringCount + 1));
  const fileBytes = HEADER_BYTES + indexBytes + fixedBytes + coordinateBytes.length;
  const out = new Uint8Array(fileBytes);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = BOUNDARIES_MAGIC.charCodeAt(i);
  view.setUint16(4, BOUNDARIES_VERSION, true);
  view.setUint16(6, HEADER_BYTES, true);
  view.setUint32(8, featureCount, true);
  view.setUint32(12, partCount, true);
  view.setUint32(16, ringCount, true);
  view.setUint32(20, pointCount, true);
  view.setUint32(24, indexBytes, true);
  view.setUint32(28, coordinateBytes.length, true);
  view.setUint32(32, fileBytes, true);
  view.setUint32(36, 0, true);
  out.set(new Uint8Array(index.data), HEADER_BYTES);

  let at = HEADER_BYTES + indexBytes;
  const u32 = (value: number) => {
    view.setUint32(at, value, true);
    at += 4;
  };
  const i32 = (value: number) => {
    view.setInt32(at, value, true);
    at += 4;
  };
  for (const commune of communes) u32(Number(commune.code));
  for (const commune of communes) u32(Number(commune.provinceCode));
  for (const commune of communes) {
    const [west, south, east, north] = boundsOf(commune.parts);
    i32(west);
    i32(south);
    i32(east);
    i32(north);
  }
  for (const commune of communes) {
    i32(commune.label[0]);
    i32(commune.label[1]);
  }
  let part = 0;
  let ring = 0;
  let point = 0;
  for (const commune of communes) {
    u32(part);
    part += commune.parts.length;
  }
  u32(part);
  for (const commune of communes) {
    for (const p of commune.parts) {
      u32(ring);
      ring += p.length;
    }
  }
  u32(ring);
  for (const commune of communes) {
    for (const p of commune.parts) {
      for (const r of p) {
        u32(point);
        point += r.length / 2;
      }
    }
  }
  u32(point);
  out.set(coordinateBytes, at);
  return out;
}

/**
 * Checks the header and parses everything but the coordinates. `source` names the file in errors.
 * Throws on a foreign file (magic), a file from another format version, or a truncated or padded file.
 */
export function readBoundariesMeta(bytes: Uint8Array, source: string): BoundariesMeta {
  const fail = (what: string): never => {
    throw new Error(`${source}: not a usable diachiso boundaries file (${what}).`);
  };
  // The magic first: for a foreign file it is the most telling complaint, whatever its length.
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== BOUNDARIES_MAGIC)
    fail(`magic bytes ${JSON.stringify(magic)}, expected "${BOUNDARIES_MAGIC}"`);
  if (bytes.length < HEADER_BYTES)
    fail(`${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== BOUNDARIES_VERSION) {
    fail(
      `format version ${version}, this build reads version ${BOUNDARIES_VERSION}; rebuild it with scripts/build-boundaries`,
    );
  }
  const headerBytes = view.getUint16(6, true);
  if (headerBytes !== HEADER_BYTES) fail(`header size ${headerBytes}, expected ${HEADER_BYTES}`);
  const count = view.getUint32(8, true);
  const partCount = view.getUint32(12, true);
  const ringCount = view.getUint32(16, true);
  const pointCount = view.getUint32(20, true);
  const indexBytes = view.getUint32(24, true);
  const streamBytes = view.getUint32(28, true);
  const fileBytes = view.getUint32(32, true);
  if (fileBytes !== bytes.length) fail(`header says ${fileBytes} bytes, file has ${bytes.length}`);
  const fixedBytes = 4 * (count * 8 + (count + 1) + (partCount + 1) + (ringCount + 1));
  if (indexBytes % 8 !== 0 || HEADER_BYTES + indexBytes + fixedBytes + streamBytes !== fileBytes) {
    fail("section sizes do not add up to the file size");
  }

  // Typed-array views need aligned offsets; a file read into a pooled Buffer may start anywhere.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const buffer = aligned.buffer as ArrayBuffer;
  const base = aligned.byteOffset;
  const littleEndian = endianness() === "LE";
  const alignedView = new DataView(buffer, base, aligned.byteLength);

  let index: Flatbush;
  try {
    index = Flatbush.from(buffer, base + HEADER_BYTES);
  } catch (error) {
    return fail(`spatial index: ${(error as Error).message}`);
  }
  if (index.numItems !== Math.max(1, count))
    fail(`spatial index holds ${index.numItems} items for ${count} communes`);

  let at = HEADER_BYTES + indexBytes;
  const readU32 = (n: number): Uint32Array => {
    const start = at;
    at += 4 * n;
    if (littleEndian) return new Uint32Array(buffer, base + start, n);
    return Uint32Array.from({ length: n }, (_, i) => alignedView.getUint32(start + 4 * i, true));
  };
  const readI32 = (n: number): Int32Array => {
    const start = at;
    at += 4 * n;
    if (littleEndian) return new Int32Array(buffer, base + start, n);
    return Int32Array.from({ length: n }, (_, i) => alignedView.getInt32(start + 4 * i, true));
  };
  const codes = Array.from(readU32(count), (code) => String(code).padStart(5, "0"));
  const provinceCodes = Array.from(readU32(count), (code) => String(code).padStart(2, "0"));
  const bboxes = readI32(count * 4);
  const labels = readI32(count * 2);
  const featureParts = readU32(count + 1);
  const partRings = readU32(partCount + 1);
  const ringPoints = readU32(ringCount + 1);
  if (
    featureParts[count] !== partCount ||
    partRings[partCount] !== ringCount ||
    ringPoints[ringCount] !== pointCount
  ) {
    fail("offset tables do not end at the declared counts");
  }
  if (!littleEndian) {
    // Flatbush reads its boxes in the machine's byte order; rebuild it rather than misread it.
    index = new Flatbush(Math.max(1, count), 16, Int32Array);
    for (let i = 0; i < count; i++)
      index.add(bboxes[4 * i], bboxes[4 * i + 1], bboxes[4 * i + 2], bboxes[4 * i + 3]);
    if (count === 0) index.add(0, 0, 0, 0);
    index.finish();
  }
  const coordinateBytes = aligned.subarray(at, at + streamBytes);
  return {
    count,
    index,
    codes,
    provinceCodes,
    bboxes,
    labels,
    featureParts,
    partRings,
    ringPoints,
    pointCount,
    coordinateBytes,
  };
}

/** Decodes the coordinate stream into interleaved [lon, lat, …] micro-degrees. */
export function decodeCoordinates(stream: Uint8Array, pointCount: number, source: string): Int32Array {
  const values = pointCount * 2;
  const coordinates = new Int32Array(values);
  const end = stream.length;
  let pos = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < values; i++) {
    let raw = 0;
    let shift = 0;
    let byte = 0;
    do {
      if (pos >= end) throw new Error(`${source}: coordinate stream ends after ${i} of ${values} values.`);
      byte = stream[pos++];
      raw |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    const delta = (raw >>> 1) ^ -(raw & 1);
    if (i & 1) coordinates[i] = y += delta;
    else coordinates[i] = x += delta;
  }
  if (pos !== end) throw new Error(`${source}: ${end - pos} unread bytes after the coordinate stream.`);
  return coordinates;
}

function boundsOf(parts: number[][][]): [number, number, number, number] {
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  for (const part of parts) {
    for (const ring of part) {
      for (let i = 0; i < ring.length; i += 2) {
        if (ring[i] < west) west = ring[i];
        if (ring[i] > east) east = ring[i];
        if (ring[i + 1] < south) south = ring[i + 1];
        if (ring[i + 1] > north) north = ring[i + 1];
      }
    }
  }
  return [west, south, east, north];
}

/** Growable byte buffer of zigzag varints (the protobuf encoding of signed integers). */
class VarintWriter {
  private bytes: Uint8Array;
  private length = 0;

  constructor(initialCapacity: number) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
  }

  writeSigned(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new Error(`Coordinate delta out of the 32-bit range: ${value}.`);
    }
    let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    while (zigzag >= 0x80) {
      this.bytes[this.length++] = (zigzag & 0x7f) | 0x80;
      zigzag >>>= 7;
    }
    this.bytes[this.length++] = zigzag;
  }

  finish(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
