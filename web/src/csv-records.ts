/**
 * Just enough CSV for the batch page to show progress: count the records (rows) of a file or of the
 * answer streaming back, and read the header's names. Rows are counted, not parsed — the server
 * parses (services/batch-csv.ts); the page cannot import src/ — so a line break inside quotes
 * (RFC 4180) is the one thing to get right. Quotes and line breaks are ASCII, never inside a
 * multi-byte UTF-8 character, so bytes are scanned without decoding.
 */

const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Counts the records of a CSV stream fed in chunks cut anywhere. */
export class RecordCounter {
  private ended = 0;
  private inQuotes = false;
  /** Whether bytes have come since the last record's end (a last line without a line break is a record too). */
  private pending = false;

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      // A doubled quote inside a quoted field toggles twice: the state is right after both.
      if (byte === QUOTE) this.inQuotes = !this.inQuotes;
      if (byte === LINE_FEED && !this.inQuotes) {
        this.ended++;
        this.pending = false;
      } else if (byte !== CARRIAGE_RETURN) this.pending = true;
    }
  }

  /** Records seen so far, header included; the last one counts once it has ended (or with `final`). */
  records(final = false): number {
    return this.ended + (final && this.pending ? 1 : 0);
  }
}

/** The records of a whole file (header included). */
export async function countRecords(file: Blob): Promise<number> {
  const counter = new RecordCounter();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    counter.push(value);
  }
  return counter.records(true);
}

/** The separators the server reads a batch's CSV at (src/common/csv.ts CSV_SEPARATORS), comma first. */
const SEPARATORS = [",", ";", "\t", "|"];

/**
 * The separator of a header line as the server works it out (src/common/csv.ts likeliestSeparator):
 * the one it holds most often outside quotes, the comma on a tie. A spreadsheet set to Vietnamese
 * saves its CSV with ";".
 */
function separatorOf(text: string, start: number): string {
  const counts = SEPARATORS.map(() => 0);
  let inQuotes = false;
  for (let i = start; i < text.length && text[i] !== "\n"; i++) {
    if (text[i] === '"') inQuotes = !inQuotes;
    else if (!inQuotes) {
      const k = SEPARATORS.indexOf(text[i]);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
  return SEPARATORS[best];
}

/**
 * The fields of the first record of `text` (a UTF-8 BOM dropped, quotes undone, split at its own
 * separator); null when no record ends in it, unless `text` is the `whole` file (a header and nothing else).
 */
export function headerFields(text: string, whole: boolean): string[] | null {
  const fields: string[] = [];
  let field = "";
  let inQuotes = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const separator = separatorOf(text, start);
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') inQuotes = false;
      else field += char;
    } else if (char === '"') inQuotes = true;
    else if (char === separator) {
      fields.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      fields.push(field);
      return fields;
    } else field += char;
  }
  return inQuotes || !whole ? null : [...fields, field];
}
