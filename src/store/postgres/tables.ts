/**
 * The PostgreSQL store's tables as raw rows (the TableTransfer contract, store/tables.ts): read
 * through cursors in one REPEATABLE READ, READ ONLY transaction (a snapshot), written with one
 * `COPY … FROM STDIN` per chunk in one transaction under the writers' lock, with the triggers that
 * queue and count notifications disabled and the indexes whose keys arrive in random order built
 * once at the end.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import {
  allEmpty,
  type Cell,
  DEFAULT_CHUNK_ROWS,
  type Row,
  STORE_TABLES,
  type TableChunk,
  type TableCounts,
  type TableExport,
  type TableSpec,
  TargetNotEmptyError,
} from "../tables.js";
import { DEFERRED_INDEXES } from "./bulk-load.js";
import { WRITERS_LOCK } from "./connection.js";

/** Neutral columns PostgreSQL keeps in another type: how each is read. */
const READ_AS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  finding_counts: { blocking: "blocking::int" },
};

/** Tables whose rows queue or count notifications by trigger: the rows bring the outbox as it is. */
const TRIGGERED_TABLES = ["records", "notifications"];

/** Indexes built once after the rows are in, rather than row by row; their SQL must stay the migrations'. */
const BUILT_AFTER: readonly { name: string; sql: string }[] = [
  ...DEFERRED_INDEXES,
  { name: "records_code", sql: "CREATE INDEX IF NOT EXISTS records_code ON records (code)" },
];

/** Identity columns and sequences that go on after the highest value written. */
const SEQUENCES: readonly { table: string; column: string; sequence?: string }[] = [
  { table: "batches", column: "id" },
  { table: "records", column: "id" },
  { table: "revisions", column: "seq", sequence: "'revisions_seq'" },
  { table: "audit_log", column: "seq" },
  { table: "notifications", column: "id" },
  { table: "correction_proposals", column: "id" },
];

function selectOf(table: TableSpec): string {
  const columns = table.columns.map((c) => READ_AS[table.name]?.[c] ?? c);
  const order = table.key.map((c) => (table.textKey?.includes(c) ? `${c} COLLATE "C"` : c));
  return `SELECT ${columns.join(", ")} FROM ${table.name} ORDER BY ${order.join(", ")}`;
}

async function tableCounts(client: pg.ClientBase): Promise<TableCounts> {
  const { rows } = await client.query<Record<string, number>>(
    `SELECT ${STORE_TABLES.map((t) => `(SELECT count(*) FROM ${t.name}) AS ${t.name}`).join(", ")}`,
  );
  return rows[0];
}

/** A snapshot of every table on a connection of its own, released by `close`. */
export async function exportPostgresTables(pool: pg.Pool): Promise<TableExport> {
  const client = await pool.connect();
  let counts: TableCounts;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    counts = await tableCounts(client);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    client.release();
    throw error;
  }
  let cursors = 0;
  return {
    counts: async () => counts,
    async *rows(table: TableSpec, chunkRows = DEFAULT_CHUNK_ROWS): AsyncIterable<Row[]> {
      const cursor = `diachiso_export_${++cursors}`;
      await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${selectOf(table)}`);
      try {
        for (;;) {
          const { rows } = await client.query<Row>({ text: `FETCH FORWARD ${chunkRows} FROM ${cursor}`, rowMode: "array" });
          if (rows.length > 0) yield rows;
          if (rows.length < chunkRows) break;
        }
      } finally {
        await client.query(`CLOSE ${cursor}`);
      }
    },
    async close() {
      try {
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
  };
}

/** A value as COPY's text format writes it. */
function copyField(value: Cell): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** Writes every table's rows into the empty store in one transaction (see the file's comment). */
export async function importPostgresTables(
  pool: pg.Pool,
  chunks: AsyncIterable<TableChunk>,
  onRows: (rows: number) => void = () => {},
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1, $2)", [...WRITERS_LOCK]);
      const counts = await tableCounts(client);
      if (!allEmpty(counts)) throw new TargetNotEmptyError("the PostgreSQL database", counts);
      for (const table of TRIGGERED_TABLES) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      for (const index of BUILT_AFTER) await client.query(`DROP INDEX IF EXISTS ${index.name}`);
      const specs = new Map(STORE_TABLES.map((table) => [table.name, table]));
      for await (const chunk of chunks) {
        const table = specs.get(chunk.table);
        if (table === undefined) throw new Error(`importTables: no table "${chunk.table}" in a PostgreSQL store`);
        // One string per chunk: a stream of one line each would send a CopyData message per row.
        const text = chunk.rows.map((row) => `${row.map(copyField).join("\t")}\n`).join("");
        await pipeline(
          Readable.from([text]),
          client.query(copyFrom(`COPY ${table.name} (${table.columns.join(", ")}) FROM STDIN`)),
        );
        onRows(chunk.rows.length);
      }
      for (const index of BUILT_AFTER) await client.query(index.sql);
      for (const table of TRIGGERED_TABLES) await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      for (const { table, column, sequence } of SEQUENCES) {
        // setval is strict: an empty table (max NULL) leaves its sequence where it starts.
        await client.query(
          `SELECT setval(${sequence ?? `pg_get_serial_sequence('${table}', '${column}')`}, max(${column})) FROM ${table}`,
        );
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
    // The planner's statistics for the tables just filled (autovacuum would take its time).
    await client.query("ANALYZE");
  } finally {
    client.release();
  }
}
