/**
 * A new record as a row of SQLite's `records` table: the columns an INSERT writes (one named list
 * drives the SQL, the parameters' order and their binding), and the content check of a re-import.
 * The conversion of rows back into records is both backends' (../record-rows.ts).
 */
import { STATUS_NUMBER, type Status } from "../../domain/lifecycle.js";
import type { AddressData, Issue } from "../../domain/record.js";
import { type LoadRows, NUMBER_COLUMN, TEXT_COLUMN } from "../bulk-load.js";
import type { RecordRow } from "../record-rows.js";

// ── inserting ─────────────────────────────────────────────────────────────────────────────────

/** The columns an INSERT of a new record binds, in parameter order; `version` (1) follows as a literal. */
export const INSERTED_COLUMNS = [
  "id",
  "code",
  "kind",
  "status",
  "province",
  "commune",
  "old",
  "name",
  "parts",
  "lat",
  "lon",
  "accuracy",
  "loc_source",
  "tile",
  "owner",
  "batch_id",
  "external_id",
  "surveyor",
  "issues",
  "created_at",
  "updated_at",
  "extra",
] as const;
export type InsertedColumnName = (typeof INSERTED_COLUMNS)[number];

declare const insertedColumn: unique symbol;
/** An inserted column, by its place among a row's parameters: name it with RECORD_COLUMN. */
export type InsertedColumn = number & { readonly [insertedColumn]: true };
/**
 * The inserted columns by name: `params.set(row, RECORD_COLUMN.kind, value)`. A number rather than
 * the name, so that binding a row (22 columns, millions of rows per load) looks nothing up by name.
 */
export const RECORD_COLUMN = Object.freeze(Object.fromEntries(INSERTED_COLUMNS.map((name, i) => [name, i]))) as {
  readonly [Name in InsertedColumnName]: InsertedColumn;
};
const WIDTH = INSERTED_COLUMNS.length;

/** The SQL of one INSERT of `rows` new records; a row whose import key or code is taken is skipped. */
export function insertSql(rows: number): string {
  const one = `(${"?, ".repeat(WIDTH)}1)`;
  return `INSERT INTO records (${INSERTED_COLUMNS.join(", ")}, version) VALUES ${new Array(rows).fill(one).join(", ")} ON CONFLICT DO NOTHING`;
}

/** The parameters of an INSERT of up to `rows` records (`insertSql`), set and read by row and column. */
export class InsertParams {
  readonly values: unknown[];

  constructor(readonly rows: number) {
    this.values = new Array(rows * WIDTH).fill(null);
  }

  set(row: number, column: InsertedColumn, value: unknown): void {
    this.values[row * WIDTH + column] = value;
  }

  get(row: number, column: InsertedColumn): unknown {
    return this.values[row * WIDTH + column];
  }

  /** Copies the first `rows` rows of `from` (an INSERT of fewer rows than `from` holds). */
  copyFrom(from: InsertParams, rows: number): void {
    for (let k = 0; k < rows * WIDTH; k++) this.values[k] = from.values[k];
  }
}

/** What a new row holds besides its content: `id` null lets SQLite choose the row id. */
export interface NewRowKeys {
  id: number | null;
  code: string;
  status: Status;
  batchId: number | null;
  externalId: string | null;
  /** Creation time, ms. */
  at: number;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** Binds row `row` of `params` to a record of `data`. */
export function bindRecordData(
  params: InsertParams,
  row: number,
  keys: NewRowKeys,
  data: AddressData,
  issues: readonly Issue[],
  surveyor: string | null,
): void {
  bindKeys(params, row, keys);
  params.set(row, RECORD_COLUMN.kind, data.kind);
  params.set(row, RECORD_COLUMN.province, data.new.province);
  params.set(row, RECORD_COLUMN.commune, data.new.commune);
  params.set(row, RECORD_COLUMN.old, json(data.old));
  params.set(row, RECORD_COLUMN.name, data.name);
  params.set(row, RECORD_COLUMN.parts, JSON.stringify(data.parts));
  params.set(row, RECORD_COLUMN.lat, data.location.lat);
  params.set(row, RECORD_COLUMN.lon, data.location.lon);
  params.set(row, RECORD_COLUMN.accuracy, data.location.accuracyM);
  params.set(row, RECORD_COLUMN.loc_source, data.location.source);
  params.set(row, RECORD_COLUMN.owner, json(data.owner));
  params.set(row, RECORD_COLUMN.surveyor, surveyor);
  params.set(row, RECORD_COLUMN.issues, issues.length ? JSON.stringify(issues) : null);
  params.set(row, RECORD_COLUMN.extra, json(data.extra));
}

/** Binds row `row` of `params` to row `i` of a chunk to load: the same values, taken as the chunk holds them. */
export function bindLoadRow(params: InsertParams, row: number, keys: NewRowKeys, rows: LoadRows, i: number): void {
  bindKeys(params, row, keys);
  params.set(row, RECORD_COLUMN.kind, rows.text(i, TEXT_COLUMN.kind));
  params.set(row, RECORD_COLUMN.province, rows.text(i, TEXT_COLUMN.province));
  params.set(row, RECORD_COLUMN.commune, rows.text(i, TEXT_COLUMN.commune));
  params.set(row, RECORD_COLUMN.old, rows.text(i, TEXT_COLUMN.old));
  params.set(row, RECORD_COLUMN.name, rows.text(i, TEXT_COLUMN.name));
  params.set(row, RECORD_COLUMN.parts, rows.text(i, TEXT_COLUMN.parts));
  params.set(row, RECORD_COLUMN.lat, rows.number(i, NUMBER_COLUMN.lat));
  params.set(row, RECORD_COLUMN.lon, rows.number(i, NUMBER_COLUMN.lon));
  const accuracy = rows.number(i, NUMBER_COLUMN.accuracy);
  params.set(row, RECORD_COLUMN.accuracy, Number.isNaN(accuracy) ? null : accuracy);
  params.set(row, RECORD_COLUMN.loc_source, rows.text(i, TEXT_COLUMN.locSource));
  params.set(row, RECORD_COLUMN.owner, rows.text(i, TEXT_COLUMN.owner));
  params.set(row, RECORD_COLUMN.surveyor, rows.text(i, TEXT_COLUMN.surveyor));
  params.set(row, RECORD_COLUMN.issues, rows.text(i, TEXT_COLUMN.issues));
  params.set(row, RECORD_COLUMN.extra, rows.text(i, TEXT_COLUMN.extra));
}

function bindKeys(params: InsertParams, row: number, keys: NewRowKeys): void {
  params.set(row, RECORD_COLUMN.id, keys.id);
  params.set(row, RECORD_COLUMN.code, keys.code);
  params.set(row, RECORD_COLUMN.status, STATUS_NUMBER[keys.status]);
  // Unused since schema v3 (boxes are code ranges); 0 takes no bytes.
  params.set(row, RECORD_COLUMN.tile, 0);
  params.set(row, RECORD_COLUMN.batch_id, keys.batchId);
  params.set(row, RECORD_COLUMN.external_id, keys.externalId);
  params.set(row, RECORD_COLUMN.created_at, keys.at);
  params.set(row, RECORD_COLUMN.updated_at, keys.at);
}

/** The columns that make a record's content: a re-imported row is unchanged when they are. */
const CONTENT_COLUMNS = ["kind", "province", "commune", "old", "name", "parts", "lat", "lon", "accuracy", "loc_source", "extra", "surveyor"] as const;

/**
 * True when a stored row has the content bound in row `row` of `params`: compares the serialised
 * columns as stored, so an unchanged re-imported row costs no parsing at all. An erased owner
 * stays erased, whatever the row says (a re-import of the original file).
 */
export function sameContent(stored: RecordRow, params: InsertParams, row: number): boolean {
  for (const name of CONTENT_COLUMNS) if (stored[name] !== params.get(row, RECORD_COLUMN[name])) return false;
  return stored.owner === params.get(row, RECORD_COLUMN.owner) || stored.erased_at !== null;
}
