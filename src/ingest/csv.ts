/**
 * A streaming RFC 4180 CSV splitter for the import's hot path. csv-parse (which we used first)
 * delivered ~20k rows/s through its async iterator on the import machine; this one splits a
 * decoded chunk synchronously: a line without a quote is cut with `split(",")`, and only lines
 * with quotes go through the character state machine (quoted separators, doubled quotes, line
 * breaks inside quotes). It reports each record's first line number.
 *
 * Records are split on demand, a bounded number at a time (`feed`, then `take` until it gives
 * none): a chunk holds hundreds or thousands of records, and splitting them all at once kept them
 * alive together long enough for the garbage collector to copy them all (with 1 MiB chunks, a
 * quarter of the worker's time).
 */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is longer than the splitter's limit: its length in characters; `fields` is then empty. */
  tooLong?: number;
}

/** A record over the splitter's limit: where it starts, its number, its length so far, and whether the scan is inside quotes. */
interface Skipped {
  line: number;
  record: number;
  chars: number;
  inQuotes: boolean;
}

/** The fields of a record the splitter was told to pass over (see CsvSplitter's `wanted`). */
export const SKIPPED_FIELDS: readonly string[] = Object.freeze([]);

export class CsvSplitter {
  /** The text being split: what was left of the last chunk, then the new one. */
  private s = "";
  /** Where the next record starts in `s`. */
  private start = 0;
  /**
   * The next quote at or after `start` (-1: none in `s`), looked up again only once passed: a file
   * without quotes is scanned for them once, not once per line.
   */
  private quote = -1;
  private line = 1;
  /** Records split so far (the header included). */
  private records = 0;
  /** A record over the limit being passed over to its end, without keeping its text. */
  private skipping: Skipped | null = null;

  /**
   * @param wanted which records (1 = the first line's) to split into fields; the others come out
   *   with SKIPPED_FIELDS, found without cutting them up (an import's workers each parse a share).
   * @param maxRecordChars a longer record comes out with `tooLong` and no fields; its text is not
   *   kept: from the limit on it is only scanned for its end (the first line break outside quotes).
   */
  constructor(
    private readonly wanted: ((record: number) => boolean) | null = null,
    private readonly maxRecordChars = Number.POSITIVE_INFINITY,
  ) {}

  /** Splits the complete records of `text` (appended to what was left over); keeps a partial one. */
  push(text: string, out: CsvRecord[]): void {
    this.feed(text);
    while (this.take(out, Number.POSITIVE_INFINITY) > 0);
  }

  /** Appends `text` to the text to split. */
  feed(text: string): void {
    this.s = this.start < this.s.length ? this.s.slice(this.start) + text : text;
    this.start = 0;
    this.quote = this.s.indexOf('"');
  }

  /**
   * Splits up to `max` complete records into `out`; returns how many. 0: the rest of the text is
   * not a complete record (feed more, or call `end`).
   */
  take(out: CsvRecord[], max: number): number {
    const s = this.s;
    const n = s.length;
    let start = this.start;
    let taken = 0;
    while (start < n && taken < max) {
      if (this.skipping !== null) {
        const next = this.passOver(this.skipping, s, start);
        if (next < 0) {
          start = n;
          break;
        }
        out.push(this.tooLong(this.skipping));
        taken++;
        this.skipping = null;
        start = next;
        continue;
      }
      const nl = s.indexOf("\n", start);
      if (nl < 0) {
        start = this.skipWhenTooLong(s, start);
        break;
      }
      if (this.quote >= 0 && this.quote < start) this.quote = s.indexOf('"', start);
      if (this.quote < 0 || this.quote > nl) {
        let end = nl;
        if (end > start && s.charCodeAt(end - 1) === 13) end--;
        if (end > start) {
          const record = ++this.records;
          if (end - start > this.maxRecordChars)
            out.push(this.tooLong({ line: this.line, record, chars: end - start, inQuotes: false }));
          else {
            const fields = this.wanted === null || this.wanted(record) ? s.slice(start, end).split(",") : (SKIPPED_FIELDS as string[]);
            out.push({ line: this.line, fields });
          }
          taken++;
        }
        this.line++;
        start = nl + 1;
        continue;
      }
      const parsed = this.quoted(s, start);
      if (parsed === null) {
        start = this.skipWhenTooLong(s, start); // else the record continues in the next chunk
        break;
      }
      // Its length without the line break that ends it, as for the other records.
      if (parsed.next - 1 - start > this.maxRecordChars)
        out.push(this.tooLong({ line: this.line, record: ++this.records, chars: parsed.next - 1 - start, inQuotes: false }));
      else {
        this.records++;
        out.push({ line: this.line, fields: parsed.fields });
      }
      taken++;
      this.line += parsed.lines;
      start = parsed.next;
    }
    this.start = start;
    return taken;
  }

  /**
   * When the incomplete record from `start` is over the limit already: starts passing over it
   * and returns the end of the text; else `start` (the record continues in the next chunk).
   */
  private skipWhenTooLong(s: string, start: number): number {
    if (s.length - start <= this.maxRecordChars) return start;
    this.skipping = { line: this.line, record: ++this.records, chars: 0, inQuotes: false };
    this.passOver(this.skipping, s, start);
    return s.length;
  }

  /**
   * Scans a record being passed over from `from` for its end, the first line break outside quotes
   * (a quote opens or closes quoting; a doubled quote does both), counting its characters and
   * lines. Returns where the next record starts, or -1 when the record goes on past `s`.
   */
  private passOver(skipped: Skipped, s: string, from: number): number {
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) skipped.inQuotes = !skipped.inQuotes;
      else if (c === 10) {
        this.line++;
        if (!skipped.inQuotes) {
          skipped.chars += i - from;
          return i + 1;
        }
      }
    }
    skipped.chars += s.length - from;
    return -1;
  }

  private tooLong(skipped: Skipped): CsvRecord {
    const wanted = this.wanted === null || this.wanted(skipped.record);
    return { line: skipped.line, fields: wanted ? [] : (SKIPPED_FIELDS as string[]), tooLong: skipped.chars };
  }

  /** The last record when the file does not end with a line break. */
  end(out: CsvRecord[]): void {
    if (this.skipping !== null) {
      this.skipping.chars += this.s.length - this.start;
      out.push(this.tooLong(this.skipping));
      this.skipping = null;
      this.s = "";
      this.start = 0;
      return;
    }
    const rest = this.s.slice(this.start);
    this.s = "";
    this.start = 0;
    if (rest.trim() === "") return;
    if (rest.length > this.maxRecordChars) {
      out.push(this.tooLong({ line: this.line, record: ++this.records, chars: rest.length, inQuotes: false }));
      return;
    }
    const parsed = this.quoted(`${rest}\n`, 0);
    if (parsed) out.push({ line: this.line, fields: parsed.fields });
    else out.push({ line: this.line, fields: [rest] }); // an unterminated quote: the caller rejects it
  }

  /** One record that has quotes, from `start`; null when it is not complete in `s`. */
  private quoted(s: string, start: number): { fields: string[]; next: number; lines: number } | null {
    const fields: string[] = [];
    let field = "";
    let i = start;
    let lines = 1;
    const n = s.length;
    for (;;) {
      if (i >= n) return null;
      if (s.charCodeAt(i) === 34) {
        // Quoted field: up to the closing quote; "" is a literal quote.
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0) return null;
          const piece = s.slice(i, q);
          for (let k = 0; k < piece.length; k++) if (piece.charCodeAt(k) === 10) lines++;
          field += piece;
          if (s.charCodeAt(q + 1) === 34) {
            field += '"';
            i = q + 2;
            continue;
          }
          if (q + 1 >= n) return null;
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the separator is kept (lenient).
        while (i < n && s.charCodeAt(i) !== 44 && s.charCodeAt(i) !== 10) {
          if (s.charCodeAt(i) !== 13) field += s[i];
          i++;
        }
      } else {
        while (i < n && s.charCodeAt(i) !== 44 && s.charCodeAt(i) !== 10) {
          field += s[i];
          i++;
        }
        if (field.endsWith("\r") && (i >= n || s.charCodeAt(i) === 10)) field = field.slice(0, -1);
      }
      if (i >= n) return null;
      fields.push(field);
      field = "";
      if (s.charCodeAt(i) === 10) return { fields, next: i + 1, lines };
      i++; // the comma
    }
  }
}
