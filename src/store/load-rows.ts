/**
 * `ImportRow` objects ↔ `LoadRows` (bulk-load.ts): a backend whose `importBatch` and `loadRows`
 * share one write path turns the rows of `importBatch` into columns here, and turns the rare row it
 * must treat as a whole (a re-import that changed) back into an `ImportRow`.
 */
import { checkCompleteness } from "../domain/completeness.js";
import { type AddressData, blockingIssues, type Issue } from "../domain/record.js";
import {
  LOAD_NUMBER_COLUMNS,
  LOAD_TEXT_COLUMNS,
  type LoadNumberColumn,
  type LoadRows,
  type LoadTextColumn,
} from "./bulk-load.js";
import type { ImportRow } from "./store.js";

const TEXT_INDEX = Object.fromEntries(LOAD_TEXT_COLUMNS.map((column, i) => [column, i])) as Record<LoadTextColumn, number>;
const NUMBER_INDEX = Object.fromEntries(LOAD_NUMBER_COLUMNS.map((column, i) => [column, i])) as Record<LoadNumberColumn, number>;

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
      // Issues default to the domain rules, as `Store.importBatch` promises.
      const issues: readonly Issue[] = row.issues ?? checkCompleteness(row.data);
      const data = row.data;
      const texts: Record<LoadTextColumn, string | null> = {
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
      for (const column of LOAD_TEXT_COLUMNS) this.texts[i * LOAD_TEXT_COLUMNS.length + TEXT_INDEX[column]] = texts[column];
      const numbers: Record<LoadNumberColumn, number> = {
        lat: data.location.lat,
        lon: data.location.lon,
        accuracy: data.location.accuracyM ?? Number.NaN,
        blocking: blockingIssues(issues),
      };
      for (const column of LOAD_NUMBER_COLUMNS) this.numbers[i * LOAD_NUMBER_COLUMNS.length + NUMBER_INDEX[column]] = numbers[column];
    });
  }

  text(row: number, column: LoadTextColumn): string | null {
    return this.texts[row * LOAD_TEXT_COLUMNS.length + TEXT_INDEX[column]];
  }

  number(row: number, column: LoadNumberColumn): number {
    return this.numbers[row * LOAD_NUMBER_COLUMNS.length + NUMBER_INDEX[column]];
  }
}

/** `rows` as columns to load; findings default to the domain rules. */
export function loadRowsOf(rows: readonly ImportRow[]): LoadRows {
  return new ImportRowColumns(rows);
}

/** Row `i` of a chunk as an ImportRow again. */
export function importRowOf(rows: LoadRows, i: number): ImportRow {
  const parse = (column: LoadTextColumn): unknown => {
    const text = rows.text(i, column);
    return text === null ? null : JSON.parse(text);
  };
  const accuracy = rows.number(i, "accuracy");
  const extra = parse("extra") as Record<string, string> | null;
  const row: ImportRow = {
    externalId: rows.text(i, "externalId") ?? "",
    data: {
      kind: rows.text(i, "kind") ?? "",
      name: rows.text(i, "name"),
      parts: (parse("parts") ?? {}) as AddressData["parts"],
      new: { province: rows.text(i, "province") ?? "", commune: rows.text(i, "commune") ?? "" },
      old: parse("old") as AddressData["old"],
      location: {
        lat: rows.number(i, "lat"),
        lon: rows.number(i, "lon"),
        accuracyM: Number.isNaN(accuracy) ? null : accuracy,
        source: (rows.text(i, "locSource") ?? "") as AddressData["location"]["source"],
      },
      owner: parse("owner") as AddressData["owner"],
      ...(extra === null ? {} : { extra }),
    },
    surveyor: rows.text(i, "surveyor"),
    issues: (parse("issues") as Issue[] | null) ?? [],
  };
  const code = rows.text(i, "code");
  if (code !== null) row.code = code;
  return row;
}
