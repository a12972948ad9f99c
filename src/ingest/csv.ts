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

  /**
   * @param wanted which records (1 = the first line's) to split into fields; the others come out
   *   with SKIPPED_FIELDS, found without cutting them up (an import's workers each parse a share).
   */
  constructor(private readonly wanted: ((record: number) => boolean) | null = null) {}

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
      const nl = s.indexOf("\n", start);
      if (nl < 0) break;
      if (this.quote >= 0 && this.quote < start) this.quote = s.indexOf('"', start);
      if (this.quote < 0 || this.quote > nl) {
        let end = nl;
        if (end > start && s.charCodeAt(end - 1) === 13) end--;
        if (end > start) {
          const record = ++this.records;
          const fields = this.wanted === null || this.wanted(record) ? s.slice(start, end).split(",") : (SKIPPED_FIELDS as string[]);
          out.push({ line: this.line, fields });
          taken++;
        }
        this.line++;
        start = nl + 1;
        continue;
      }
      const parsed = this.quoted(s, start);
      if (parsed === null) break; // the record continues in the next chunk
      this.records++;
      out.push({ line: this.line, fields: parsed.fields });
      taken++;
      this.line += parsed.lines;
      start = parsed.next;
    }
    this.start = start;
    return taken;
  }

  /** The last record when the file does not end with a line break. */
  end(out: CsvRecord[]): void {
    const rest = this.s.slice(this.start);
    this.s = "";
    this.start = 0;
    if (rest.trim() === "") return;
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
