/**
 * The rejects file, `FILE.rejects.csv`: one line per rejected row with its line number, reason,
 * message, canonical fields and the row as read (`raw`), so that an office can find and fix it.
 *
 * It holds no personal data in clear (Decree 13/2023/NĐ-CP): it is made readable by its owner only,
 * and every column goes through `RejectRedactor`:
 *
 * | data | written as |
 * |---|---|
 * | owner name | initials: `Nguyễn Văn An` → `N. V. A.` |
 * | phone number | its last three digits: `0912 345 678` → `**** *** 678` |
 * | e-mail address | first character and domain: `an.nguyen@gmail.com` → `a***@gmail.com` |
 * | citizen ID (CCCD/CMND) | the store's keyed hash (`h1:…`, domain/personal-data.ts), so that it can be matched to a record without being shown |
 *
 * The owner columns are known by name (CSV: by their position in the header, JSON: by key); in any
 * other text (other columns, messages, a row that cannot be parsed) ID numbers (9 or 12 digits),
 * phone numbers (10–11 digits, or with +84) and e-mail addresses are found by their shape. A name
 * written outside the owner_name column cannot be recognised.
 */
import { closeSync, createWriteStream, fchmodSync, openSync, type WriteStream } from "node:fs";
import { hashCitizenIdAsWritten } from "../domain/personal-data.js";
import { type CsvRecord, CsvSplitter, csvField, csvLine } from "../common/csv.js";
import { CANONICAL_FIELDS } from "./fields.js";
import { fieldOfHeading } from "./headings.js";
import type { Reject } from "./messages.js";
import type { InputFormat } from "./readers.js";

export const REJECT_HEADER = ["line", "reason", "message", ...CANONICAL_FIELDS, "raw"] as const;

/**
 * Creates or truncates the rejects file, readable and writable by its owner only (0600) before a
 * byte is written, also when it existed with wider permissions.
 */
export function openRejectsFile(path: string): WriteStream {
  const fd = openSync(path, "w", 0o600);
  try {
    fchmodSync(fd, 0o600);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return createWriteStream(path, { fd });
}

/** "Nguyễn Văn An" → "N. V. A.": enough to recognise a row, not to name a person. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => word !== "")
    .map((word) => `${String.fromCodePoint(word.codePointAt(0)!).toUpperCase()}.`)
    .join(" ");
}

/** Every letter and digit masked but the last three digits (all of them when there are six or fewer). */
export function maskPhone(text: string): string {
  let digits = 0;
  for (let i = 0; i < text.length; i++) if (isDigit(text.charCodeAt(i))) digits++;
  let keepFrom = digits > 6 ? digits - 3 : digits;
  let out = "";
  for (const char of text) {
    if (isDigit(char.charCodeAt(0))) out += keepFrom-- > 0 ? "*" : char;
    else out += /[\p{L}\p{N}]/u.test(char) ? "*" : char;
  }
  return out;
}

/** "an.nguyen@gmail.com" → "a***@gmail.com"; text without an "@" is masked whole. */
export function maskEmail(text: string): string {
  const at = text.lastIndexOf("@");
  return at > 0 ? `${String.fromCodePoint(text.codePointAt(0)!)}***${text.slice(at)}` : "***";
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const EMAILS = /[^\s@,;:"'<>()[\]{}]+@[^\s@,;:"'<>()[\]{}]+\.[^\s@,;:"'<>()[\]{}]+/gu;
/** Digits, possibly grouped by single spaces, dots or hyphens, possibly after "+". */
const NUMBERS = /\+?\d(?:[ .-]?\d)*/g;
const DECIMAL = /^[+-]?\d{1,3}\.\d+$/;

/** Hides the owner data of rejected rows; `header` (CSV) is set from the file once read. */
export class RejectRedactor {
  /** The CSV header as read: which raw fields are the owner's. */
  header: readonly string[] | null = null;

  constructor(
    private readonly format: InputFormat,
    private readonly piiKey: Buffer,
  ) {}

  /** The value of a field (canonical, or an extra column) with personal data hidden. */
  field(name: string, value: string): string {
    if (value === "") return value;
    switch (name) {
      case "external_id":
        return value; // the row's identity in the survey: the office looks it up by it
      case "owner_name":
        return initials(value);
      case "owner_phone":
        return maskPhone(value);
      case "owner_email":
        return maskEmail(value);
      case "owner_citizen_id":
        return hashCitizenIdAsWritten(value, this.piiKey);
      default:
        return this.text(value);
    }
  }

  /** Free text: ID numbers hashed, phone numbers and e-mail addresses masked, found by their shape. */
  text(value: string): string {
    return value.replace(EMAILS, maskEmail).replace(NUMBERS, (run) => {
      if (DECIMAL.test(run)) return run; // a coordinate or an amount
      const digits = run.replace(/\D/g, "").length;
      if (!run.startsWith("+") && (digits === 9 || digits === 12))
        return hashCitizenIdAsWritten(run, this.piiKey);
      return digits >= 9 && digits <= 12 ? maskPhone(run) : run;
    });
  }

  /** The row as read, with the owner fields hidden where they can be told by name, and shapes elsewhere. */
  raw(raw: string): string {
    return this.format === "csv" ? this.csvRaw(raw) : this.jsonRaw(raw);
  }

  private csvRaw(raw: string): string {
    const records: CsvRecord[] = [];
    const splitter = new CsvSplitter();
    splitter.push(raw, records);
    splitter.end(records);
    return records
      .map(({ fields, raw: text, unclosedQuote, tooLong }) => {
        // An unclosed quote: its line cut at every comma usually still lines up with the header.
        if (unclosedQuote) {
          const naive = text.split(",");
          return naive.length === this.header?.length ? this.fields(naive, false, false) : this.text(text);
        }
        // A record over the limit: only its start is kept, hidden by shape.
        if (tooLong !== undefined) return this.text(text);
        return this.fields(fields, fields.length === this.header?.length);
      })
      .join("\n");
  }

  /**
   * A CSV record's fields hidden by their position in the header. `aligned` false: the record has
   * another number of fields (malformed) and may have them shifted, so its owner positions are still
   * hidden but nothing is taken for the external id. `quote` false: the fields are pieces of a line
   * cut at its commas, joined back as they were.
   */
  private fields(fields: readonly string[], aligned: boolean, quote = true): string {
    return fields
      .map((value, i) => {
        const name = this.header?.[i] ?? "";
        const hidden = this.field(name === "external_id" && !aligned ? "" : name, value);
        return quote ? csvField(hidden) : hidden;
      })
      .join(",");
  }

  private jsonRaw(raw: string): string {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return this.text(raw);
    }
    const hidden = JSON.stringify(this.json(value, ""));
    // Nothing told by its key: the text as read (its spacing and order), hidden by shape only.
    return hidden === JSON.stringify(this.json(value, "", false)) ? this.text(raw) : hidden;
  }

  /** A parsed NDJSON row or GeoJSON feature: string values by their key (a feature's properties are keyed alike). */
  private json(value: unknown, key: string, byKey = true): unknown {
    if (typeof value === "string") return byKey ? this.field(key, value) : this.text(value);
    if (typeof value === "number") return byKey && key.startsWith("owner_") ? this.field(key, String(value)) : value;
    if (Array.isArray(value)) return value.map((item) => this.json(item, key, byKey));
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    // A key may be a sheet's heading of an owner field ("Số điện thoại"): hidden as that field.
    for (const [k, v] of Object.entries(value)) out[k] = this.json(v, fieldOfHeading(k) ?? k, byKey);
    return out;
  }
}

/** The rejects file's line for `reject` (REJECT_HEADER's columns), personal data hidden. */
export function rejectLine(reject: Reject, redactor: RejectRedactor): string {
  const fields = reject.fields ?? {};
  const values = [
    String(reject.line),
    reject.reason,
    redactor.text(reject.message),
    ...CANONICAL_FIELDS.map((field) => redactor.field(field, fields[field] ?? "")),
    reject.raw === undefined ? "" : redactor.raw(reject.raw),
  ];
  return csvLine(values);
}
