/**
 * A streaming RFC 4180 CSV splitter for the import's hot path. csv-parse (which we used first)
 * delivered ~20k rows/s through its async iterator on the import machine; this one splits a
 * decoded chunk synchronously: a line without a quote is cut with `split(",")`, and only lines
 * with quotes go through the character state machine (quoted separators, doubled quotes, line
 * breaks inside quotes). It reports each record's first line number and its text as read.
 *
 * Records are split on demand, a bounded number at a time (`feed`, then `take` until it gives
 * none): a chunk holds hundreds or thousands of records, and splitting them all at once kept them
 * alive together long enough for the garbage collector to copy them all (with 1 MiB chunks, a
 * quarter of the worker's time).
 *
 * An unclosed quote must not swallow the rows after it. RFC 4180 lets a quoted field run over line
 * breaks, so a quote is taken as unclosed when the record it opens spans a line break and then
 * has a different number of fields than the header (record 1), when it is still open at the end
 * of the text, or when it is still open MAX_QUOTED_RECORD characters on. Such a record is given
 * back as its first line alone, marked `unclosedQuote`, and splitting restarts on the next line.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** The record's text as read, without its line break ("" for a record passed over). */
  raw: string;
  /** The record holds a "?" or U+FFFD: worth checking for letters lost to a wrong encoding. */
  suspect: boolean;
  /** The record is the first line of a quoted field that never closes properly; `fields` is empty. */
  unclosedQuote: boolean;
}

/** The fields of a record the splitter was told to pass over (see CsvSplitter's `wanted`). */
export const SKIPPED_FIELDS: readonly string[] = Object.freeze([]);

/** How far a quoted record may run before its quote is taken as unclosed (characters). */
export const MAX_QUOTED_RECORD = 1 << 20;

export class CsvSplitter {
  /** The text being split: what was left of the last chunk, then the new one. */
  private s = "";
  /** Where the next record starts in `s`. */
  private start = 0;
  /**
   * The next quote at or after `start` (-1: none in `s`), looked up again only once passed: a file
   * without quotes is scanned for them once, not once per line. The next "?" and U+FFFD likewise.
   */
  private quote = -1;
  private question = -1;
  private replacement = -1;
  private line = 1;
  /** Records split so far (the header included). */
  private records = 0;
  /** Fields of record 1 (the header), once split: what a record spanning lines must have. */
  private headerFields = 0;
  /** `end` was called: a quote still open now is unclosed, not waiting for more text. */
  private ended = false;

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
    this.question = this.s.indexOf("?");
    this.replacement = this.s.indexOf("\uFFFD");
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
          if (this.wanted === null || this.wanted(record)) {
            const raw = s.slice(start, end);
            const fields = raw.split(",");
            if (record === 1) this.headerFields = fields.length;
            out.push({
              line: this.line,
              fields,
              raw,
              suspect: this.suspect(start, end),
              unclosedQuote: false,
            });
          } else
            out.push({
              line: this.line,
              fields: SKIPPED_FIELDS as string[],
              raw: "",
              suspect: false,
              unclosedQuote: false,
            });
          taken++;
        }
        this.line++;
        start = nl + 1;
        continue;
      }
      const parsed = this.quoted(s, start, Math.min(n, start + MAX_QUOTED_RECORD));
      if (parsed === null && !this.ended && n - start < MAX_QUOTED_RECORD) break; // the record continues in the next chunk
      const record = ++this.records;
      if (
        parsed === null ||
        (parsed.lines > 1 && this.headerFields > 0 && parsed.fields.length !== this.headerFields)
      ) {
        let end = nl;
        if (end > start && s.charCodeAt(end - 1) === 13) end--;
        out.push({
          line: this.line,
          fields: [],
          raw: s.slice(start, end),
          suspect: false,
          unclosedQuote: true,
        });
        this.line++;
        start = nl + 1;
      } else {
        let end = parsed.next - 1;
        if (end > start && s.charCodeAt(end - 1) === 13) end--;
        if (record === 1) this.headerFields = parsed.fields.length;
        out.push({
          line: this.line,
          fields: parsed.fields,
          raw: s.slice(start, end),
          suspect: this.suspect(start, end),
          unclosedQuote: false,
        });
        this.line += parsed.lines;
        start = parsed.next;
      }
      taken++;
    }
    this.start = start;
    return taken;
  }

  /** The records left at the end of the text, the last one possibly without a line break. */
  end(out: CsvRecord[]): void {
    this.ended = true;
    const rest = this.s.slice(this.start);
    if (rest.trim() === "") {
      this.s = "";
      this.start = 0;
      return;
    }
    if (!rest.endsWith("\n")) this.feed("\n");
    while (this.take(out, Number.POSITIVE_INFINITY) > 0);
    this.s = "";
    this.start = 0;
  }

  /** Whether s[start, end) holds a "?" or U+FFFD. */
  private suspect(start: number, end: number): boolean {
    const s = this.s;
    if (this.question >= 0 && this.question < start) this.question = s.indexOf("?", start);
    if (this.replacement >= 0 && this.replacement < start) this.replacement = s.indexOf("\uFFFD", start);
    return (this.question >= 0 && this.question < end) || (this.replacement >= 0 && this.replacement < end);
  }

  /**
   * One record that has quotes, from `start`, read no further than `limit`; null when it is not
   * complete before `limit`.
   */
  private quoted(
    s: string,
    start: number,
    limit: number,
  ): { fields: string[]; next: number; lines: number } | null {
    const fields: string[] = [];
    let field = "";
    let i = start;
    let lines = 1;
    const n = limit;
    for (;;) {
      if (i >= n) return null;
      if (s.charCodeAt(i) === 34) {
        // Quoted field: up to the closing quote; "" is a literal quote.
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0 || q >= n) return null;
          const piece = s.slice(i, q);
          for (let k = 0; k < piece.length; k++) if (piece.charCodeAt(k) === 10) lines++;
          field += piece;
          if (q + 1 < n && s.charCodeAt(q + 1) === 34) {
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
