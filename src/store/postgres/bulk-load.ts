/**
 * The PostgreSQL store's bulk load (the BulkLoader contract, store/bulk-load.ts): new rows go in
 * through `COPY … FROM STDIN` (pg-copy-streams), one stream for the records and one for their
 * revisions per chunk, and the two indexes whose keys arrive in random order (the GiST index of
 * points and the status/unit index) are dropped while the load runs and built once at its end.
 *
 * The load is announced by a marker row in `import_checkpoints` (it survives the loader) and held
 * by a session advisory lock on the loader's own connection (it dies with the loader): a marker
 * whose lock nobody holds is a load whose loader died. Every writer transaction checks the marker
 * under the writers' lock (`gate`): a running load refuses it with StoreBusyError, an abandoned one
 * is finished first (its indexes built, the marker removed).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { StoreBusyError } from "../../domain/errors.js";
import type { BulkLoadState } from "../bulk-load.js";
import { ACTION_NUMBER } from "../record-rows.js";
import type { ImportOptions } from "../store.js";
import { type NewRow, nextSeqs, type Queryable } from "./records.js";

export const BULK_LOAD_MARKER = "diachiso:bulk-load";
/** The loader's session advisory lock key (class, object): "DIAC" and 3. */
export const BULK_LOCK = [0x44494143, 3] as const;

/** Indexes a load drops and builds at its end; their SQL must stay the migrations'. */
export const DEFERRED_INDEXES: readonly { name: string; sql: string }[] = [
  {
    name: "records_status_unit",
    sql: "CREATE INDEX IF NOT EXISTS records_status_unit ON records (status, province, commune, id)",
  },
  { name: "records_geom", sql: "CREATE INDEX IF NOT EXISTS records_geom ON records USING gist (geom)" },
];

interface Marker {
  startedAt: string;
  expectedRows: number;
  pid: number;
  resumed?: { startedAt: string; pid: number };
}

export async function readMarker(db: Queryable): Promise<Marker | null> {
  const row = (
    await db.query<{ value: string }>("SELECT value FROM import_checkpoints WHERE key = $1", [
      BULK_LOAD_MARKER,
    ])
  ).rows[0];
  return row ? (JSON.parse(row.value) as Marker) : null;
}

async function writeMarker(db: Queryable, marker: Marker): Promise<void> {
  await db.query(
    "INSERT INTO import_checkpoints (key, value, at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, at = excluded.at",
    [BULK_LOAD_MARKER, JSON.stringify(marker), Date.now()],
  );
}

/** Builds the deferred indexes and removes the marker, in the caller's transaction. */
export async function finishLoad(db: Queryable): Promise<void> {
  for (const index of DEFERRED_INDEXES) await db.query(index.sql);
  await db.query("DELETE FROM import_checkpoints WHERE key = $1", [BULK_LOAD_MARKER]);
}

/** Whether the loader of an announced load still runs (holds the lock), asked inside a transaction. */
async function loaderRuns(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ got: boolean }>("SELECT pg_try_advisory_xact_lock($1, $2) AS got", [
    ...BULK_LOCK,
  ]);
  return !rows[0].got;
}

function busy(marker: Marker, english: string, vietnamese: string): StoreBusyError {
  return new StoreBusyError(
    `a bulk load started at ${marker.startedAt} by process ${marker.pid} is running; ${english}`,
    `đang nạp dữ liệu hàng loạt (bắt đầu ${marker.startedAt}, tiến trình ${marker.pid}); ${vietnamese}`,
  );
}

/**
 * Inside a writer transaction of anyone but the running loader: refuses the write while a load
 * runs, and finishes an abandoned one first (telling `onNotice`).
 */
export async function gate(db: Queryable, onNotice: (message: string) => void): Promise<void> {
  const marker = await readMarker(db);
  if (marker === null) return;
  if (await loaderRuns(db)) throw busy(marker, "try again when it has ended", "hãy thử lại khi đã xong");
  onNotice(
    `finishing the bulk load started at ${marker.startedAt} by process ${marker.pid}, which did not end it: building its indexes`,
  );
  await finishLoad(db);
}

/** The state of the load on, if any. */
export async function loadState(db: pg.Pool): Promise<BulkLoadState | null> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const marker = await readMarker(client);
    const running = marker !== null && (await loaderRuns(client));
    await client.query("COMMIT");
    return marker === null ? null : { ...marker, running };
  } finally {
    client.release();
  }
}

/**
 * Starts (or resumes) a load on `client`, the loader's own connection, which takes the lock for
 * the session: StoreBusyError when another loader holds it. Answers false, holding nothing, when a
 * small load into a bigger store would not gain from deferring the indexes.
 */
export async function beginLoad(client: pg.ClientBase, expectedRows: number): Promise<boolean> {
  const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS got", [
    ...BULK_LOCK,
  ]);
  if (!rows[0].got) {
    const marker = await readMarker(client);
    throw busy(
      marker ?? { startedAt: "(starting)", expectedRows, pid: 0 },
      "one load at a time",
      "mỗi lần chỉ một lần nạp",
    );
  }
  try {
    const abandoned = await readMarker(client);
    if (abandoned === null) {
      const stored = (await client.query<{ n: number }>("SELECT count(*)::bigint AS n FROM records")).rows[0]
        .n;
      if (expectedRows < stored) {
        await client.query("SELECT pg_advisory_unlock($1, $2)", [...BULK_LOCK]);
        return false;
      }
    }
    await client.query("BEGIN");
    const marker: Marker = { startedAt: new Date().toISOString(), expectedRows, pid: process.pid };
    if (abandoned !== null) marker.resumed = { startedAt: abandoned.startedAt, pid: abandoned.pid };
    await writeMarker(client, marker);
    for (const index of DEFERRED_INDEXES) await client.query(`DROP INDEX IF EXISTS ${index.name}`);
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    await client.query("SELECT pg_advisory_unlock($1, $2)", [...BULK_LOCK]).catch(() => {});
    throw error;
  }
}

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function field(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** Lines a COPY message carries: one message a line costs a write a line. */
const LINES_PER_MESSAGE = 500;

function* messages(lines: readonly string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += LINES_PER_MESSAGE) yield lines.slice(i, i + LINES_PER_MESSAGE).join("");
}

async function copyRows(client: pg.ClientBase, sql: string, lines: string[]): Promise<void> {
  await pipeline(Readable.from(messages(lines)), client.query(copyFrom(sql)));
}

/** Writes new records and their `create` revisions through two COPY streams (the bulk load's `WriteNewRows`). */
export async function copyNewRows(
  db: Queryable,
  rows: readonly NewRow[],
  options: ImportOptions,
): Promise<void> {
  if (rows.length === 0) return;
  const client = db as pg.ClientBase;
  const records = rows.map(
    (r) =>
      `${[
        r.id,
        r.code,
        r.kind,
        r.status,
        1,
        r.province,
        r.commune,
        r.old,
        r.name,
        r.parts,
        r.lat,
        r.lon,
        r.accuracy,
        r.locSource,
        r.owner,
        r.batchId,
        r.externalId,
        r.surveyor,
        r.issues,
        r.at,
        r.at,
        r.extra,
      ]
        .map(field)
        .join("\t")}\n`,
  );
  await copyRows(
    client,
    "COPY records (id, code, kind, status, version, province, commune, old, name, parts, lat, lon, accuracy, loc_source, owner, batch_id, external_id, surveyor, issues, created_at, updated_at, extra) FROM STDIN",
    records,
  );
  const seqs = await nextSeqs(db, rows.length);
  const actor = field(options.actor);
  const reason = field(options.reason ?? null);
  const revisions = rows.map(
    (r, k) =>
      `${seqs[k]}\t${field(r.province)}\t${r.id}\t1\t${ACTION_NUMBER.create}\t${r.status}\t${r.at}\t${actor}\t${reason}\t\\N\n`,
  );
  await copyRows(
    client,
    "COPY revisions (seq, province, record_id, version, action, status, at, actor, reason, changes) FROM STDIN",
    revisions,
  );
}
