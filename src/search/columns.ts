/**
 * Compact columns for millions of entries: strings as one UTF-8 buffer with offsets, numbers in
 * typed arrays that grow while an index is built. A JavaScript array of 24 million strings or
 * numbers costs several times the bytes and makes every garbage collection walk it.
 */

/** Strings stored end to end; entry i is bytes[offsets[i], offsets[i + 1]). */
export class StringColumn {
  private readonly view: Buffer;

  constructor(
    readonly bytes: Uint8Array,
    readonly offsets: Uint32Array,
  ) {
    this.view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  get(i: number): string {
    return this.view.toString("utf8", this.offsets[i], this.offsets[i + 1]);
  }

  /** Whether entry i holds these bytes, read in place (no string made). */
  includes(i: number, pattern: Uint8Array): boolean {
    return this.view.subarray(this.offsets[i], this.offsets[i + 1]).indexOf(pattern) >= 0;
  }
}

export class StringColumnBuilder {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private readonly offsets = new GrowableUint32();

  constructor() {
    this.offsets.push(0);
  }

  push(s: string): void {
    const need = Buffer.byteLength(s, "utf8");
    if (this.used + need > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(s, this.used, "utf8");
    this.offsets.push(this.used);
  }

  finish(): StringColumn {
    return new StringColumn(new Uint8Array(this.bytes.subarray(0, this.used)), this.offsets.finish());
  }
}

/** Column of strings from a plain list (small tables: vocabulary, names). */
export function stringColumnOf(strings: readonly string[]): StringColumn {
  const builder = new StringColumnBuilder();
  for (const s of strings) builder.push(s);
  return builder.finish();
}

type TypedArrayConstructor<T> = { new (length: number): T };

class Growable<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: TypedArrayConstructor<T>) {
    this.data = new make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor() {
    super(Int32Array);
  }
}
export class GrowableUint32 extends Growable<Uint32Array> {
  constructor() {
    super(Uint32Array);
  }
}
export class GrowableUint16 extends Growable<Uint16Array> {
  constructor() {
    super(Uint16Array);
  }
}
export class GrowableUint8 extends Growable<Uint8Array> {
  constructor() {
    super(Uint8Array);
  }
}

/**
 * Compressed lists (CSR): list i is values[starts[i], starts[i + 1]). Built from (list, value)
 * pairs given in any order of lists; values keep the order they were given within a list.
 */
export function compressedLists(
  count: number,
  owners: Uint32Array | Int32Array,
  values: Uint32Array | Int32Array,
  pairs: number,
): { starts: Uint32Array; values: Uint32Array } {
  const starts = new Uint32Array(count + 1);
  for (let i = 0; i < pairs; i++) if (owners[i] >= 0) starts[owners[i] + 1]++;
  for (let i = 0; i < count; i++) starts[i + 1] += starts[i];
  const fill = starts.slice(0, count);
  const out = new Uint32Array(starts[count]);
  for (let i = 0; i < pairs; i++) {
    const owner = owners[i];
    if (owner >= 0) out[fill[owner]++] = values[i];
  }
  return { starts, values: out };
}

/** The first position in values[from, to) holding a value ≥ value (values ascending there). */
export function lowerBound(values: Uint32Array | Float64Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
