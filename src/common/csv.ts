/**
 * The project's one CSV module (RFC 4180: quoted fields, doubled quotes, line breaks inside
 * quotes): the streaming splitter the import reads survey files with, small-file readers for data
 * files and fixtures, and the writer every CSV output uses (generated surveys, rejects files,
 * reports).
 *
 * The splitter is on the import's hot path. csv-parse delivered ~20k rows/s through its async
 * iterator there; this one splits a decoded chunk synchronously: a line without a quote is cut
 * with `split` at the separator (the comma, or the file's own: `separatorOf`), and only lines with
 * quotes go through the character state machine (quoted separators, doubled quotes, line breaks
 * inside quotes). It reports each record's first line number and its text as read.
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
 *
 * A record longer than `maxRecordChars` comes back marked `tooLong`, without fields: no survey row
 * is that long, and holding a 40 MB line (or scanning it again for every chunk) is what exhausted
 * the worker's memory. A line over the limit is passed over to its line break without keeping
 * its text — not to the end of a quoted field, which for an unclosed quote would be the end of the file.
 */
import { readFileSync } from "node:fs";

export interface CsvRecord {
  line: number;
  fields: string[];
  /** The record's text as read, without its line break ("" for a record passed over). */
  raw: string;
  /** The record holds a "?" or U+FFFD: worth checking for letters lost to a wrong encoding. */
  suspect: boolean;
  /** The record is the first line of a quoted field that never closes properly; `fields` is empty. */
  unclosedQuote: boolean;
  /** Set when the record is longer than the splitter's limit: its length in characters; `fields` is then empty and `raw` its start. */
  tooLong?: number;
}

/** How much of a record over the limit `raw` keeps, to recognise the row by. */
const TOO_LONG_RAW_CHARS = 200;

/**
 * A record over the limit being passed over: where it started and its length so far. `inQuotes`:
 * null when passing over one line; else the record is a quoted one passed over to its real end
 * (the first line break outside quotes), and whether the scan is inside quotes.
 */
interface Skipping {
  line: number;
  record: number;
  chars: number;
  raw: string;
  inQuotes: boolean | null;
}

/**
 * The separators a CSV file may use. RFC 4180's comma first; Excel writes its "CSV" with the list
 * separator of the computer's region, which is ";" where the decimal mark is a comma (Vietnamese
 * among them), and its "Unicode text" (UTF-16) with tabs.
 */
export const CSV_SEPARATORS = [",", ";", "\t", "|"] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/**
 * The separator of a file whose first line (the header) is `firstLine`: the first of
 * CSV_SEPARATORS that sets the column apart as a field of its own (quotes and spaces around it
 * allowed), else the comma. The column is a name (compared in lower case) or a test of a heading.
 */
export function separatorOf(firstLine: string, column: string | ((heading: string) => boolean)): CsvSeparator {
  const isColumn = typeof column === "string" ? (heading: string) => heading.toLowerCase() === column : column;
  for (const separator of CSV_SEPARATORS)
    for (const field of firstLine.split(separator))
      if (isColumn(field.replace(/^\uFEFF/, "").trim().replace(/^"(.*)"$/, "$1").trim())) return separator;
  return ",";
}

/**
 * The separator of a file whose columns nobody fixes (a batch's own CSV): of CSV_SEPARATORS, the
 * one the header line holds most often outside quotes; the comma on a tie or when it holds none.
 */
export function likeliestSeparator(headerLine: string): CsvSeparator {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted) {
      const k = CSV_SEPARATORS.indexOf(c as CsvSeparator);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
  return CSV_SEPARATORS[best];
}

/** The fields of a record the splitter was told to pass over (see CsvSplitter's `wanted`). */
export const SKIPPED_FIELDS: readonly string[] = Object.freeze([]);

/** How far a quoted record may run before its quote is taken as unclosed (characters). */
export const MAX_QUOTED_RECORD = 1 << 20;

export class CsvSplitter {
  /** The text being split: what was left of the last chunk, then the new one. */
  private buffered = "";
  /** Where the next record starts in `buffered`. */
  private start = 0;
  /**
   * The next quote at or after `start` (-1: none in `buffered`), looked up again only once passed: a file
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
  /** A line over the limit being passed over to its end, without keeping its text. */
  private skipping: Skipping | null = null;

  /**
   * @param wanted which records (1 = the first line's) to split into fields; the others come out
   *   with SKIPPED_FIELDS, found without cutting them up (an import's workers each parse a share).
   * @param maxRecordChars a longer record comes out with `tooLong` and no fields.
   * @param separator the one character between fields (CSV_SEPARATORS; `separatorOf` finds a file's).
   */
  constructor(
    private readonly wanted: ((record: number) => boolean) | null = null,
    private readonly maxRecordChars = Number.POSITIVE_INFINITY,
    private readonly separator: CsvSeparator = ",",
  ) {}

  /** Splits the complete records of `text` (appended to what was left over); keeps a partial one. */
  push(text: string, out: CsvRecord[]): void {
    this.feed(text);
    while (this.take(out, Number.POSITIVE_INFINITY) > 0);
  }

  /** Appends `text` to the text to split. */
  feed(text: string): void {
    this.buffered = this.start < this.buffered.length ? this.buffered.slice(this.start) + text : text;
    this.start = 0;
    this.quote = this.buffered.indexOf('"');
    this.question = this.buffered.indexOf("?");
    this.replacement = this.buffered.indexOf("\uFFFD");
  }

  /**
   * Splits up to `max` complete records into `out`; returns how many. 0: the rest of the text is
   * not a complete record (feed more, or call `end`).
   */
  take(out: CsvRecord[], max: number): number {
    const s = this.buffered;
    const n = s.length;
    let start = this.start;
    let taken = 0;
    while (start < n && taken < max) {
      const nl = s.indexOf("\n", start);
      if (this.skipping !== null) {
        const skipping = this.skipping;
        const end = skipping.inQuotes === null ? nl : this.quotedEnd(skipping, s, start);
        skipping.chars += (end < 0 ? n : end) - start;
        if (end < 0) {
          start = n;
          break;
        }
        out.push(this.tooLong(skipping));
        this.skipping = null;
        taken++;
        this.line++;
        start = end + 1;
        continue;
      }
      if (nl < 0) {
        if (n - start > this.maxRecordChars) {
          this.skipping = { line: this.line, record: ++this.records, chars: n - start, raw: s.slice(start, start + TOO_LONG_RAW_CHARS), inQuotes: null };
          start = n;
        }
        break;
      }
      if (this.quote >= 0 && this.quote < start) this.quote = s.indexOf('"', start);
      if (nl - start > this.maxRecordChars) {
        out.push(this.tooLong({ line: this.line, record: ++this.records, chars: nl - start, raw: s.slice(start, start + TOO_LONG_RAW_CHARS), inQuotes: null }));
        taken++;
        this.line++;
        start = nl + 1;
        continue;
      }
      if (this.quote < 0 || this.quote > nl) {
        let end = nl;
        if (end > start && s.charCodeAt(end - 1) === 13) end--;
        if (end > start) {
          const record = ++this.records;
          if (this.wanted === null || this.wanted(record)) {
            const raw = s.slice(start, end);
            const fields = raw.split(this.separator);
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
      if (parsed === null && !this.ended && !this.isRecordLine(s, nl + 1)) {
        // Still open MAX_QUOTED_RECORD on, but the line after its first is no record of its own: a
        // quoted field that long, not an unclosed quote. Passed over to its real end, as too long.
        this.skipping = { line: this.line, record, chars: 0, raw: s.slice(start, start + TOO_LONG_RAW_CHARS), inQuotes: false };
        continue;
      }
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
      } else if (parsed.next - 1 - start > this.maxRecordChars) {
        out.push(this.tooLong({ line: this.line, record, chars: parsed.next - 1 - start, raw: s.slice(start, start + TOO_LONG_RAW_CHARS), inQuotes: null }));
        this.line += parsed.lines;
        start = parsed.next;
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

  /**
   * Where a quoted record being passed over ends: the first line break outside quotes from `from`
   * on (a quote opens or closes quoting; a doubled quote does both), or -1 past the text. Counts
   * the line breaks inside quotes.
   */
  private quotedEnd(skipping: Skipping, s: string, from: number): number {
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) skipping.inQuotes = !skipping.inQuotes;
      else if (c === 10) {
        if (!skipping.inQuotes) return i;
        this.line++;
      }
    }
    return -1;
  }

  /** Whether the line from `from` reads as a record of its own: no quote, and the header's number of fields. */
  private isRecordLine(s: string, from: number): boolean {
    if (this.headerFields === 0) return true;
    let end = s.indexOf("\n", from);
    if (end < 0) end = s.length;
    const line = s.slice(from, end);
    return !line.includes('"') && line.split(this.separator).length === this.headerFields;
  }

  /** A record over the limit, as handed out: skipped like any other when another worker owns it. */
  private tooLong(skipping: Skipping): CsvRecord {
    if (this.wanted !== null && !this.wanted(skipping.record)) {
      return { line: skipping.line, fields: SKIPPED_FIELDS as string[], raw: "", suspect: false, unclosedQuote: false, tooLong: skipping.chars };
    }
    return { line: skipping.line, fields: [], raw: `${skipping.raw}…`, suspect: false, unclosedQuote: false, tooLong: skipping.chars };
  }

  /** The records left at the end of the text, the last one possibly without a line break. */
  end(out: CsvRecord[]): void {
    this.ended = true;
    if (this.skipping !== null) {
      this.skipping.chars += this.buffered.length - this.start;
      out.push(this.tooLong(this.skipping));
      this.skipping = null;
      this.buffered = "";
      this.start = 0;
      return;
    }
    const rest = this.buffered.slice(this.start);
    if (rest.trim() === "") {
      this.buffered = "";
      this.start = 0;
      return;
    }
    if (!rest.endsWith("\n")) this.feed("\n");
    while (this.take(out, Number.POSITIVE_INFINITY) > 0);
    this.buffered = "";
    this.start = 0;
  }

  /** Whether buffered[start, end) holds a "?" or U+FFFD. */
  private suspect(start: number, end: number): boolean {
    const s = this.buffered;
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
    const separator = this.separator.charCodeAt(0);
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
        while (i < n && s.charCodeAt(i) !== separator && s.charCodeAt(i) !== 10) {
          if (s.charCodeAt(i) !== 13) field += s[i];
          i++;
        }
      } else {
        while (i < n && s.charCodeAt(i) !== separator && s.charCodeAt(i) !== 10) {
          field += s[i];
          i++;
        }
        if (field.endsWith("\r") && (i >= n || s.charCodeAt(i) === 10)) field = field.slice(0, -1);
      }
      if (i >= n) return null;
      fields.push(field);
      field = "";
      if (s.charCodeAt(i) === 10) return { fields, next: i + 1, lines };
      i++; // the separator
    }
  }
}

// ── small files: data files and fixtures, read whole ──────────────────────────────────────────

/** A small CSV file: its header and its rows, each with the line it starts on. */
export interface CsvTable {
  header: string[];
  rows: { line: number; fields: string[] }[];
}

/**
 * Reads a small CSV file whole (a shipped data list, a test fixture). Blank lines are left out, and
 * with `comments` so are lines starting with `#`. Throws naming the file
 * and line on a quote that never closes: these files are ours, and must be well-formed.
 */
export function readCsvTable(path: string, options: { comments?: boolean } = {}): CsvTable {
  const splitter = new CsvSplitter();
  const records: CsvRecord[] = [];
  const text = readFileSync(path, "utf8");
  // A comment becomes a blank line, so that it neither counts as the header nor moves line numbers.
  splitter.push(options.comments ? text.replace(/^#.*$/gm, "") : text, records);
  splitter.end(records);
  const rows: CsvTable["rows"] = [];
  for (const record of records) {
    if (record.raw.trim() === "") continue;
    if (record.unclosedQuote) throw new Error(`${path}:${record.line}: a quoted field is not closed`);
    rows.push({ line: record.line, fields: record.fields });
  }
  if (rows.length === 0) throw new Error(`${path}: no header row`);
  return { header: rows[0].fields, rows: rows.slice(1) };
}

/** The rows of a small CSV file as objects keyed by its header; throws on a row whose field count differs. */
export function readCsvObjects(path: string, options: { comments?: boolean } = {}): Record<string, string>[] {
  const { header, rows } = readCsvTable(path, options);
  return rows.map(({ line, fields }) => {
    if (fields.length !== header.length) {
      throw new Error(`${path}:${line}: ${fields.length} fields, the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, k) => [name, fields[k]]));
  });
}

// ── writing ───────────────────────────────────────────────────────────────────────────────────

/** A field as written: quoted (with doubled quotes) only when it holds the separator, a quote or a line break. */
export function csvField(value: string, separator: CsvSeparator = ","): string {
  return /["\r\n]/.test(value) || value.includes(separator) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record: the fields, each as `csvField` writes it, joined by commas, and a line break. */
export function csvLine(values: readonly string[]): string {
  let out = "";
  for (let i = 0; i < values.length; i++) out += (i === 0 ? "" : ",") + csvField(values[i]);
  return `${out}\n`;
}
