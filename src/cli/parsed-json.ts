/**
 * Parsed addresses as JSON lines, byte for byte what `JSON.stringify(result) + "\n"` encodes to in
 * UTF-8, for `diachiso parse --ndjson`. Batch mode prints millions of lines of about 1 KB, most of
 * it the same few thousand units over and over; `JSON.stringify` re-escapes each of them on every
 * line, builds a string that is then copied by the join of the batch, then encoded to UTF-8. Here
 * the lines are written as UTF-8 straight into one buffer per batch: the bytes of each unit's JSON
 * are made once per writer and copied, the keys are constant bytes in the order the parser builds
 * its objects (src/parse/parser.ts, convert.ts, format.ts), and a string is encoded between quotes
 * unless it holds a character JSON escapes (then `JSON.stringify` writes that one string).
 *
 * The key order is part of the output: `parsed-json.test.ts` compares this writer with
 * `JSON.stringify` over the evaluation sets, so a new field or a new order in the parser's output
 * fails that test until it is added here.
 */
import type {
  ParsedParts,
  AlternativeOut,
  NewUnitsOut,
  OldUnitsOut,
  ParsedAddress,
  UnitOut,
} from "../parse/types.js";

/** UTF-8 needs at most 3 bytes per UTF-16 unit; an escape at most 6 (`\u001f`). */
const MAX_BYTES_PER_CHAR = 6;
/** Chunks up to this many bytes are copied byte by byte. */
const SMALL_CHUNK = 32;
/** Bytes a batch buffer starts with; it grows by doubling when a batch needs more. */
const INITIAL_BYTES = 1 << 20;

const bytes = (text: string): Buffer => Buffer.from(text, "utf8");
const NULL = bytes("null");
const TRUE = bytes("true");
const FALSE = bytes("false");
const EMPTY_LIST = bytes("[]");
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const CLOSE_BRACE = 0x7d;
const K = {
  input: bytes('{"input":'),
  error: bytes(',"error":'),
  parts: bytes(',"parts":{"house_number":'),
  alley: bytes(',"alley":'),
  street: bytes(',"street":'),
  hamlet: bytes(',"hamlet":'),
  building: bytes(',"building":'),
  unit: bytes(',"unit":'),
  name: bytes(',"name":'),
  plusCode: bytes(',"plus_code":'),
  structure: bytes('},"structure":'),
  old: bytes(',"old":'),
  new: bytes(',"new":'),
  formattedOld: bytes(',"formatted":{"old":'),
  formattedNew: bytes(',"new":'),
  confidence: bytes('},"confidence":'),
  ambiguous: bytes(',"ambiguous":'),
  undecided: bytes(',"undecided":'),
  alternatives: bytes(',"alternatives":['),
  former: bytes('],"former":'),
  unplaced: bytes(',"unplaced":'),
  end: bytes("}"),
  province: bytes('{"province":'),
  district: bytes(',"district":'),
  ward: bytes(',"ward":'),
  close: bytes("}"),
  reason: bytes('{"reason":'),
  score: bytes(',"score":'),
} as const;

interface CachedUnit {
  name: string;
  fullName: string;
  json: Buffer;
  /** Another unit with the same code (an old ward and the new commune that kept its code). */
  next: CachedUnit | null;
}

/** An address the parser threw on: its index in the batch, and the error's message. */
export interface ParseFailure {
  index: number;
  message: string;
}

/**
 * Writes parsed addresses into a batch and hands the batch out as one buffer. It keeps the JSON
 * of the units it has written (one entry per administrative unit, a few thousand at most), so
 * make one per run of the command.
 */
export class ParsedJsonWriter {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private length = 0;
  private lines = 0;
  private readonly units = new Map<string, CachedUnit>();

  /** Lines written since the last `take()`. */
  get pending(): number {
    return this.lines;
  }

  /** Appends one result as one JSON line ending in "\n". */
  write(r: ParsedAddress): void {
    this.raw(K.input);
    this.string(r.input);
    this.parts(r.parts);
    this.raw(K.structure);
    this.nullableString(r.structure);
    this.raw(K.old);
    this.oldUnits(r.old);
    this.raw(K.new);
    this.newUnits(r.new);
    this.raw(K.formattedOld);
    this.nullableString(r.formatted.old);
    this.raw(K.formattedNew);
    this.nullableString(r.formatted.new);
    this.raw(K.confidence);
    this.number(r.confidence);
    this.raw(K.ambiguous);
    this.raw(r.ambiguous ? TRUE : FALSE);
    this.raw(K.undecided);
    this.rare(r.undecided);
    this.raw(K.alternatives);
    for (let i = 0; i < r.alternatives.length; i++) {
      if (i > 0) this.byte(COMMA);
      this.alternative(r.alternatives[i]);
    }
    this.raw(K.former);
    this.rare(r.former);
    this.raw(K.unplaced);
    this.rare(r.unplaced);
    this.raw(K.end);
    this.byte(NEWLINE);
    this.lines++;
  }

  /**
   * Appends the line of an address the parser failed on: `{"input": …, "error": …}`, so that the
   * output keeps one line per input line, in order, and the batch goes on.
   */
  writeFailure(input: string, error: string): void {
    this.raw(K.input);
    this.string(input);
    this.raw(K.error);
    this.string(error);
    this.byte(CLOSE_BRACE);
    this.byte(NEWLINE);
    this.lines++;
  }

  /**
   * Parses and appends each line; an address the parser throws on is written as a failure
   * (writeFailure) and the others go on. Returns the failures, by their index in `lines`.
   */
  writeParsed(parse: (text: string) => ParsedAddress, lines: readonly string[]): ParseFailure[] {
    const failures: ParseFailure[] = [];
    for (let i = 0; i < lines.length; i++) {
      let result: ParsedAddress;
      try {
        result = parse(lines[i]);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.writeFailure(lines[i], `the parser failed: ${message}`);
        failures.push({ index: i, message });
        continue;
      }
      this.write(result);
    }
    return failures;
  }

  /** The lines written since the last call, as UTF-8; the writer starts a new buffer. */
  take(): Buffer {
    const batch = this.buffer.subarray(0, this.length);
    // The batch may still be queued in a stream, so it is never written over.
    this.buffer = Buffer.allocUnsafe(Math.max(INITIAL_BYTES, this.buffer.length));
    this.length = 0;
    this.lines = 0;
    return batch;
  }

  /** A list that is nearly always empty: `[]`, else its JSON as JSON.stringify writes it. */
  private rare(list: readonly unknown[]): void {
    if (list.length === 0) this.raw(EMPTY_LIST);
    else this.raw(Buffer.from(JSON.stringify(list)));
  }

  private parts(p: ParsedParts): void {
    this.raw(K.parts);
    this.nullableString(p.house_number);
    this.raw(K.alley);
    this.nullableString(p.alley);
    this.raw(K.street);
    this.nullableString(p.street);
    this.raw(K.hamlet);
    this.nullableString(p.hamlet);
    this.raw(K.building);
    this.nullableString(p.building);
    this.raw(K.unit);
    this.nullableString(p.unit);
    this.raw(K.name);
    this.nullableString(p.name);
    this.raw(K.plusCode);
    this.nullableString(p.plus_code);
  }

  private oldUnits(o: OldUnitsOut | null): void {
    if (o === null) {
      this.raw(NULL);
      return;
    }
    this.raw(K.province);
    this.unit(o.province);
    this.raw(K.district);
    this.unit(o.district);
    this.raw(K.ward);
    this.unit(o.ward);
    this.raw(K.close);
  }

  private newUnits(n: NewUnitsOut | null): void {
    if (n === null) {
      this.raw(NULL);
      return;
    }
    this.raw(K.province);
    this.unit(n.province);
    this.raw(K.ward);
    this.unit(n.ward);
    this.raw(K.close);
  }

  private alternative(a: AlternativeOut): void {
    this.raw(K.reason);
    this.string(a.reason);
    this.raw(K.old);
    this.oldUnits(a.old);
    this.raw(K.new);
    this.newUnits(a.new);
    this.raw(K.score);
    if (a.score === null) this.raw(NULL);
    else this.number(a.score);
    this.raw(K.close);
  }

  private unit(u: UnitOut | null): void {
    if (u === null) {
      this.raw(NULL);
      return;
    }
    // The code alone does not name a unit across the structures (an old ward and a new commune
    // may share one, and a line often names both), so each code keeps every unit written under
    // it, told apart by their names (the parser hands out the registry's own strings, so the
    // comparisons are mostly of the same string).
    const first = this.units.get(u.code);
    for (let cached = first ?? null; cached !== null; cached = cached.next)
      if (cached.name === u.name && cached.fullName === u.full_name) {
        this.raw(cached.json);
        return;
      }
    const json = bytes(JSON.stringify({ code: u.code, name: u.name, full_name: u.full_name }));
    this.units.set(u.code, { name: u.name, fullName: u.full_name, json, next: first ?? null });
    this.raw(json);
  }

  private nullableString(value: string | null): void {
    if (value === null) this.raw(NULL);
    else this.string(value);
  }

  /**
   * A string between quotes, encoded to UTF-8 here: the strings are short (a name, an input line),
   * and one pass that encodes and looks for what JSON escapes costs less than a regular expression
   * and a call to `Buffer#write` each. A string with such a character (or any surrogate, so that
   * lone ones are escaped as JSON.stringify escapes them) is written by `JSON.stringify` instead.
   */
  private string(value: string): void {
    const n = value.length;
    this.reserve(n * MAX_BYTES_PER_CHAR + 2);
    const buffer = this.buffer;
    let at = this.length;
    buffer[at++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c === QUOTE || c === BACKSLASH) {
          this.escapedString(value);
          return;
        }
        buffer[at++] = c;
      } else if (c < 0x800) {
        buffer[at++] = 0xc0 | (c >> 6);
        buffer[at++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        this.escapedString(value);
        return;
      } else {
        buffer[at++] = 0xe0 | (c >> 12);
        buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
        buffer[at++] = 0x80 | (c & 0x3f);
      }
    }
    buffer[at++] = QUOTE;
    this.length = at;
  }

  private escapedString(value: string): void {
    this.length += this.buffer.write(JSON.stringify(value), this.length, "utf8");
  }

  private number(value: number): void {
    // JSON prints a finite number as String(value), anything else as null.
    if (!Number.isFinite(value)) {
      this.raw(NULL);
      return;
    }
    const text = String(value);
    this.reserve(text.length);
    this.length += this.buffer.write(text, this.length, "latin1");
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  private raw(chunk: Buffer): void {
    const n = chunk.length;
    this.reserve(n);
    const buffer = this.buffer;
    let at = this.length;
    // Keys are a few bytes to a few dozen: a loop copies them faster than a call to set(). A unit's
    // JSON, about a hundred, goes faster through set() (json-writer.bench.js).
    if (n > SMALL_CHUNK) buffer.set(chunk, at);
    else for (let i = 0; i < n; i++) buffer[at++] = chunk[i];
    this.length += n;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
