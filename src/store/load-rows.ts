/**
 * `ImportRow` objects ↔ `LoadRows` (bulk-load.ts): a backend whose `importBatch` and `loadRows`
 * share one write path turns the rows of `importBatch` into columns here, and turns the rare row it
 * must treat as a whole (a re-import that changed) back into an `ImportRow`.
 */
import { recordIssues } from "../rules/evaluate.js";
import { type AddressData, blockingIssues, type Issue } from "../domain/record.js";
import {
  LOAD_NUMBER_COLUMNS,
  LOAD_TEXT_COLUMNS,
  type LoadNumberColumnName,
  type LoadRows,
  type LoadTextColumnName,
  NUMBER_COLUMN,
  type NumberColumn,
  TEXT_COLUMN,
  type TextColumn,
} from "./bulk-load.js";
import type { ImportRow } from "./store.js";

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Rows held as objects, serialised column by column once. */
class ImportRowColumns implements LoadRows {
  readonly count: number;
  private readonly texts: (string | null)[];
  private readonly numbers: Float64Array;

  constructor(rows: readonly ImportRow[]) {
    this.count = rows.length;
    this.texts = new Array(rows.length * LOAD_TEXT_COLUMNS.length);
    this.numbers = new Float64Array(rows.length * LOAD_NUMBER_COLUMNS.length);
    rows.forEach((row, i) => {
      // Issues default to the record-scope rules, as `Store.importBatch` promises.
      const issues: readonly Issue[] = row.issues ?? recordIssues(row.data);
      const data = row.data;
      const texts: Record<LoadTextColumnName, string | null> = {
        externalId: row.externalId,
        kind: data.kind,
        name: data.name,
        parts: JSON.stringify(data.parts),
        province: data.new.province,
        commune: data.new.commune,
        old: json(data.old),
        owner: json(data.owner),
        extra: json(data.extra),
        issues: issues.length ? JSON.stringify(issues) : null,
        surveyor: row.surveyor ?? null,
        locSource: data.location.source,
        code: row.code ?? null,
      };
      for (const name of LOAD_TEXT_COLUMNS) this.texts[i * LOAD_TEXT_COLUMNS.length + TEXT_COLUMN[name]] = texts[name];
      const numbers: Record<LoadNumberColumnName, number> = {
        lat: data.location.lat,
        lon: data.location.lon,
        accuracy: data.location.accuracyM ?? Number.NaN,
        blocking: blockingIssues(issues),
      };
      for (const name of LOAD_NUMBER_COLUMNS) this.numbers[i * LOAD_NUMBER_COLUMNS.length + NUMBER_COLUMN[name]] = numbers[name];
    });
  }

  text(row: number, column: TextColumn): string | null {
    return this.texts[row * LOAD_TEXT_COLUMNS.length + column];
  }

  number(row: number, column: NumberColumn): number {
    return this.numbers[row * LOAD_NUMBER_COLUMNS.length + column];
  }
}

/** `rows` as columns to load; findings default to the domain rules. */
export function loadRowsOf(rows: readonly ImportRow[]): LoadRows {
  return new ImportRowColumns(rows);
}

/** Row `i` of a chunk as an ImportRow again. */
export function importRowOf(rows: LoadRows, i: number): ImportRow {
  const parse = (column: TextColumn): unknown => {
    const text = rows.text(i, column);
    return text === null ? null : JSON.parse(text);
  };
  const accuracy = rows.number(i, NUMBER_COLUMN.accuracy);
  const extra = parse(TEXT_COLUMN.extra) as Record<string, string> | null;
  const row: ImportRow = {
    externalId: rows.text(i, TEXT_COLUMN.externalId) ?? "",
    data: {
      kind: rows.text(i, TEXT_COLUMN.kind) ?? "",
      name: rows.text(i, TEXT_COLUMN.name),
      parts: (parse(TEXT_COLUMN.parts) ?? {}) as AddressData["parts"],
      new: { province: rows.text(i, TEXT_COLUMN.province) ?? "", commune: rows.text(i, TEXT_COLUMN.commune) ?? "" },
      old: parse(TEXT_COLUMN.old) as AddressData["old"],
      location: {
        lat: rows.number(i, NUMBER_COLUMN.lat),
        lon: rows.number(i, NUMBER_COLUMN.lon),
        accuracyM: Number.isNaN(accuracy) ? null : accuracy,
        source: (rows.text(i, TEXT_COLUMN.locSource) ?? "") as AddressData["location"]["source"],
      },
      owner: parse(TEXT_COLUMN.owner) as AddressData["owner"],
      ...(extra === null ? {} : { extra }),
    },
    surveyor: rows.text(i, TEXT_COLUMN.surveyor),
    issues: (parse(TEXT_COLUMN.issues) as Issue[] | null) ?? [],
  };
  const code = rows.text(i, TEXT_COLUMN.code);
  if (code !== null) row.code = code;
  return row;
}
