/**
 * The SQLite store's tables as raw rows (the TableTransfer contract, store/tables.ts): read from
 * one read transaction, written into an empty store in one write transaction, with the triggers
 * that queue and count notifications and the bulk load's deferred indexes set aside meanwhile.
 */
import type Database from "better-sqlite3";
import {
  allEmpty,
  DEFAULT_CHUNK_ROWS,
  type Row,
  STORE_TABLES,
  type TableChunk,
  type TableCounts,
  type TableExport,
  type TableSpec,
  TargetNotEmptyError,
} from "../tables.js";
import { type Connection, setJournal } from "./connection.js";
import { BULK_DEFERRED_INDEXES } from "./migrations.js";

/** Neutral columns SQLite does not keep as such: how each is read. */
const READ_AS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // No province is kept per revision: the record's current one stands for it (a derived column).
  revisions: { province: "(SELECT r.province FROM records AS r WHERE r.id = revisions.record_id)" },
};

/** Columns SQLite keeps that the neutral form has not: the value a written row gets. */
const WRITE_ALSO: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Written as 0 since the code index answers bounding boxes (migration 3).
  records: { tile: "0" },
};

function selectOf(table: TableSpec): string {
  const columns = table.columns.map((c) => READ_AS[table.name]?.[c] ?? c);
  return `SELECT ${columns.join(", ")} FROM ${table.name} ORDER BY ${table.key.join(", ")}`;
}

function insertOf(table: TableSpec): string {
  const also = Object.entries(WRITE_ALSO[table.name] ?? {});
  const columns = table.columns.filter((c) => READ_AS[table.name]?.[c] === undefined);
  return `INSERT INTO ${table.name} (${[...columns, ...also.map(([c]) => c)].join(", ")}) VALUES (${[
    ...columns.map(() => "?"),
    ...also.map(([, value]) => value),
  ].join(", ")})`;
}

export function tableCounts(db: Database.Database): TableCounts {
  const counts: TableCounts = {};
  for (const table of STORE_TABLES)
    counts[table.name] = (db.prepare(`SELECT count(*) AS n FROM ${table.name}`).get() as { n: number }).n;
  return counts;
}

/**
 * A snapshot of every table: a read transaction begun here and held until `close`. Only one
 * table's rows may be read at a time (the connection runs one statement while it iterates).
 */
export function exportSqliteTables(db: Database.Database): TableExport {
  db.exec("BEGIN");
  // The first read fixes the snapshot, so the counts and the rows read later agree.
  const counts = tableCounts(db);
  return {
    counts: async () => counts,
    async *rows(table: TableSpec, chunkRows = DEFAULT_CHUNK_ROWS): AsyncIterable<Row[]> {
      let chunk: Row[] = [];
      for (const row of db.prepare(selectOf(table)).raw(true).iterate() as IterableIterator<Row>) {
        chunk.push(row);
        if (chunk.length === chunkRows) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    },
    async close() {
      if (db.inTransaction) db.exec("COMMIT");
    },
  };
}

/**
 * Writes every table's rows into the empty store in one IMMEDIATE transaction. The file's journal
 * is a rollback journal meanwhile (pages of a new file are not copied into it, where WAL would
 * write the whole store twice), and WAL again after.
 */
export async function importSqliteTables(
  connection: Connection,
  chunks: AsyncIterable<TableChunk>,
  onRows: (rows: number) => void = () => {},
): Promise<void> {
  const { db } = connection;
  const counts = tableCounts(db);
  if (!allEmpty(counts)) throw new TargetNotEmptyError(connection.path, counts);
  setJournal(db, "truncate");
  db.exec("BEGIN IMMEDIATE");
  try {
    // Set aside: the rows bring the outbox and its counts as they are, and the queueing triggers
    // would queue again every complete record written.
    const triggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all() as {
      name: string;
      sql: string;
    }[];
    for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
    for (const index of BULK_DEFERRED_INDEXES) db.exec(`DROP INDEX ${index.name}`);
    const inserts = new Map(STORE_TABLES.map((table) => [table.name, { table, statement: db.prepare(insertOf(table)) }]));
    for await (const chunk of chunks) {
      const insert = inserts.get(chunk.table);
      if (insert === undefined) throw new Error(`importTables: no table "${chunk.table}" in an SQLite store`);
      const kept = insert.table.columns.map((c, i) => (READ_AS[chunk.table]?.[c] === undefined ? i : -1)).filter((i) => i >= 0);
      const whole = kept.length === insert.table.columns.length;
      for (const row of chunk.rows) insert.statement.run(whole ? row : kept.map((i) => row[i]));
      onRows(chunk.rows.length);
    }
    for (const index of BULK_DEFERRED_INDEXES) db.exec(index.sql);
    for (const trigger of triggers) db.exec(trigger.sql);
    db.exec("COMMIT");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  } finally {
    setJournal(db, "wal");
  }
}
