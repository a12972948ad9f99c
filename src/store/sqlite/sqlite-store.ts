/**
 * The embedded Store on SQLite (better-sqlite3): one file, WAL journal, prepared statements, one
 * IMMEDIATE transaction per write call (a whole `importBatch` included). IMMEDIATE takes the write
 * lock before reading, so a version check or a code allocation can never race with another
 * process; readers keep reading the last committed state meanwhile (WAL).
 *
 * Durability: `synchronous=NORMAL` in WAL mode never corrupts the file and never loses a committed
 * transaction when the *process* dies (SIGKILL, OOM); a power cut may lose the last transactions
 * before a checkpoint, all-or-nothing each. Schema: migrations.ts.
 */
import Database from "better-sqlite3";
import { BASE_LENGTH, encode, splitUnit, unitSuffix, withUnit } from "../../code/index.js";
import { codeRanges } from "../../code/ranges.js";
import { CellSet, cellOf } from "../cell-set.js";
import { decodeRow, type EncodedRows, N, numberOf, T, textOf, encodeRows } from "../encoded-rows.js";
import { recordIssues } from "../../rules/evaluate.js";
import { ConflictError, DuplicateError, NotFoundError, StoreBusyError, TransitionError, ValidationError } from "../../domain/errors.js";
import {
  checkTransition,
  EDITABLE_STATUSES,
  STATUS_NUMBER,
  STATUSES,
  type Status,
  statusOfNumber,
  type TransitionRequest,
} from "../../domain/lifecycle.js";
import {
  type AddressData,
  type AddressRecord,
  blockingIssues,
  type Changes,
  CONTENT_FIELDS,
  canonicalJson,
  diffFields,
  type Issue,
  type VersionedField,
} from "../../domain/record.js";
import {
  type CommuneStatusCount,
  type EncodedOutcomes,
  type ErasureResult,
  type FindingFilter,
  type ImportOptions,
  type ImportOutcome,
  type ImportRow,
  type NewRecord,
  type Page,
  type ProvinceStatusCount,
  type ReadOptions,
  type RecordQuery,
  type Revision,
  type RevisionAction,
  type RuleCount,
  type Store,
  type BulkLoadState,
  type WriteContext,
  OUTCOME_NUMBER,
} from "../store.js";
import { BulkLoadLock, bulkLockPath } from "./bulk-load-lock.js";
import { BULK_DEFERRED_INDEXES, checkStoreIdentity, migrate } from "./migrations.js";
import { checkStoreFile, storeOpenError } from "./store-file.js";

export interface SqliteStoreOptions {
  /** How long a writer waits for another process's write lock, ms (default 30,000). */
  busyTimeoutMs?: number;
  /** Page cache, MiB (default 64). Bulk imports of millions of rows gain from 256–512. */
  cacheMiB?: number;
  /** Open read-only (no migration; fails if the schema is not current). */
  readonly?: boolean;
  /** Refuse a missing file instead of creating a new store (default false). */
  mustExist?: boolean;
  /**
   * Told (one line) when a write is about to finish a bulk load its loader abandoned (killed,
   * crashed): the write first rebuilds the load's indexes, seconds per million records.
   */
  onNotice?: (message: string) => void;
}

/** Stands for owner values in answers given without `withPersonalData`. */
export const HIDDEN = "[personal data hidden]";

const ACTION_NUMBER: Record<RevisionAction, number> = { create: 1, update: 2, transition: 3, erase: 4 };
const ACTION_BY_NUMBER: RevisionAction[] = ["create", "create", "update", "transition", "erase"];
const ALL_STATUS_NUMBERS = STATUSES.map((s) => STATUS_NUMBER[s]);
const MAX_PAGE = 10_000;

/** The columns an INSERT of a record binds, in `bindRecord`'s order; `version` (1) follows as a literal. */
const INSERT_COLUMNS =
  "id, code, kind, status, province, commune, old, name, parts, lat, lon, accuracy, loc_source, tile, owner, batch_id, external_id, surveyor, issues, created_at, updated_at, extra";
/** Parameters bound per inserted record. */
const BOUND = 22;
/**
 * Rows per multi-row INSERT in `importBatch`. One statement per 32 rows rather than one per row
 * saves the per-statement cost (binding call, VDBE start, result) on each row; larger gains little.
 */
const INSERT_CHUNK = 32;

interface RecordRow {
  id: number;
  code: string;
  kind: string;
  status: number;
  version: number;
  province: string;
  commune: string;
  old: string | null;
  name: string | null;
  parts: string;
  lat: number;
  lon: number;
  accuracy: number | null;
  loc_source: string;
  tile: number;
  owner: string | null;
  extra: string | null;
  batch_id: number | null;
  external_id: string | null;
  surveyor: string | null;
  issues: string | null;
  correction: string | null;
  successor: string | null;
  created_at: number;
  updated_at: number;
  erased_at: number | null;
}

interface RevisionRow {
  seq: number;
  record_id: number;
  code?: string;
  version: number;
  action: number;
  status: number;
  at: number;
  actor: string;
  reason: string | null;
  changes: string | null;
}

/** Where a bulk load's state lives while it runs (a row of import_checkpoints, so a crash leaves it). */
const BULK_KEY = "store:bulk-load";
/** Bytes per page of a new store file. */
const PAGE_SIZE = 16_384;
/**
 * The journal of a bulk load. A rollback journal copies only the pages a transaction changes that
 * existed before it, and a load mostly appends pages, where WAL writes every page twice (to the log,
 * then back): copying 4 M imported rows with INSERT … SELECT took 3.2 µs/row this way, 4.5 with WAL.
 * Readers then block commits for as long as they read, which a bulk load (writes refused anyway) can
 * afford.
 */
const BULK_JOURNAL = "truncate";
/** Page cache while the bulk load's indexes are rebuilt (it bounds each sorting thread's memory). */
const SORT_CACHE_KIB = 64 * 1024;
/** Below this many expected rows a bulk load is not worth rebuilding indexes for. */
const BULK_MIN_ROWS = 100_000;
/**
 * How long `beginBulkLoad` waits, when the lock is taken, for its holder's marker to name a live
 * process: a loader writes it just after taking the lock, one resuming or finishing an abandoned
 * load rewrites it, one ending its load removes it just before letting the lock go.
 */
const HOLDER_WAIT_MS = 5_000;

/** Thrown inside a write transaction that meets an abandoned bulk load: the write finishes the load, then runs again. */
class AbandonedBulkLoad extends Error {}

const isBusy = (error: unknown) => error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY");

/** Whether a process with this id exists (EPERM: it does, as another user's). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface BulkLoad {
  cells: CellSet;
  /** Cells whose unit counter moved since the last commit: cell → base code. */
  dirty: Map<number, string>;
}

/** What the bulk load's row in import_checkpoints holds (`running` is read from its lock). */
type BulkLoadMarker = Omit<BulkLoadState, "running">;

/** A record with its row id, as handled inside transactions. */
type Held = AddressRecord & { id: number };

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const iso = (ms: number) => new Date(ms).toISOString();

/** The versioned fields of a record, flat, as revisions name them. */
function versionedView(r: AddressRecord): Record<VersionedField, unknown> {
  return {
    kind: r.kind,
    name: r.name,
    parts: r.parts,
    new: r.new,
    old: r.old,
    location: r.location,
    owner: r.owner,
    extra: r.extra ?? null,
    surveyor: r.provenance.surveyor,
    status: r.status,
    correction: r.correction,
    successor: r.successor,
  };
}

/** Sets one versioned field (undoing a revision in as-of reads). */
function setField(r: AddressRecord, field: VersionedField, value: unknown): void {
  if (field === "surveyor") r.provenance.surveyor = value as string | null;
  else (r as unknown as Record<string, unknown>)[field] = value;
}

function hideOwner(changes: Changes | null): Changes | null {
  if (!changes?.owner) return changes;
  const [before, after] = changes.owner;
  return { ...changes, owner: [before === null ? null : HIDDEN, after === null ? null : HIDDEN] };
}

/** The owner data a requested correction carries (`{"owner": …}`), or null. */
function correctionOwner(correction: unknown): unknown {
  if (correction === null || typeof correction !== "object" || !("owner" in correction)) return null;
  return (correction as { owner: unknown }).owner ?? null;
}

/** When the record's personal data was erased, as stored (ms), or null. */
function erasedAtOf(record: AddressRecord): number | null {
  return record.personalDataErasedAt === null ? null : Date.parse(record.personalDataErasedAt);
}

function checkCode(code: unknown, where: string): string {
  if (typeof code !== "string" || code === "") throw new ValidationError(where, code, "must be a code", "phải là mã địa chỉ");
  return code;
}

export class SqliteStore implements Store {
  readonly backend = "sqlite";
  readonly path: string;
  private readonly db: Database.Database;
  private readonly batchNames = new Map<number, string>();
  private readonly batchIds = new Map<string, number>();
  private readonly s: ReturnType<SqliteStore["prepare"]>;
  /** One record's INSERT parameters (`bindRecord`), reused: the hot path allocates as little as it can. */
  private readonly params: unknown[] = new Array(BOUND).fill(null);
  /** Multi-row INSERTs by row count, each with a parameter array of its size (prepared on first use). */
  private readonly inserts: { run: Database.Statement; params: unknown[] }[] = [];
  private readonly findingCache = new Map<string, readonly { rule: string; blocking: number }[]>();
  /** The bulk load this object runs (beginBulkLoad), with the cells it has handed codes in. */
  private bulk: BulkLoad | null = null;
  /** The bulk-load lock, held by this object from beginBulkLoad to endBulkLoad. */
  private lock: BulkLoadLock | null = null;
  private readonly busyTimeoutMs: number;
  private readonly onNotice: (message: string) => void;
  /** `SELECT … WHERE batch_id = ? AND external_id IN (n keys)` by key count. */
  private readonly lookups: Database.Statement<unknown[], RecordRow>[] = [];

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 30_000;
    this.onNotice = options.onNotice ?? (() => {});
    const readonly = options.readonly ?? false;
    const mustExist = options.mustExist ?? false;
    checkStoreFile(path, { write: !readonly, mustExist });
    this.db = new Database(path, { readonly });
    try {
      this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      // Before anything that writes: a database of another application stays exactly as it was.
      checkStoreIdentity(this.db, path, { readonly, mustExist });
      if (!readonly) {
        // 16 KiB pages for a new file (ignored once it has tables): records are ≈ 450 bytes, and at
        // 4 KiB a page held ≈ 8; copying 4 M imported rows took 2.7 µs/row instead of 3.5, rebuilding
        // the bulk load's indexes 10 % less, and the file is 4 % smaller. Must precede WAL mode.
        this.db.pragma(`page_size = ${PAGE_SIZE}`);
        // A bulk load runs with a rollback journal (BULK_JOURNAL) and puts WAL back when it ends: a
        // store opened meanwhile leaves the file as it is; any other file gets WAL.
        if (this.db.pragma("journal_mode", { simple: true }) !== "wal" && !this.bulkLoadMarked()) {
          this.setJournal("wal");
        }
        migrate(this.db, path);
      }
    } catch (error) {
      this.db.close();
      throw storeOpenError(error, path, readonly);
    }
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma(`cache_size = -${(options.cacheMiB ?? 64) * 1024}`);
    this.db.pragma("temp_store = MEMORY");
    // Checkpoint every 64 MiB of WAL rather than 4 MiB: index pages rewritten by consecutive
    // batches are then copied back once, not once per batch.
    this.db.pragma("wal_autocheckpoint = 16384");
    this.s = this.prepare();
  }

  /** Whether a bulk load is announced in the file, read before `prepare` (and before migrating). */
  private bulkLoadMarked(): boolean {
    const table = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'import_checkpoints'").get();
    return table !== undefined && this.db.prepare("SELECT 1 FROM import_checkpoints WHERE key = ?").get(BULK_KEY) !== undefined;
  }

  private prepare() {
    const db = this.db;
    return {
      byCode: db.prepare<[string], RecordRow>("SELECT * FROM records WHERE code = ?"),
      byId: db.prepare<[number], RecordRow>("SELECT * FROM records WHERE id = ?"),
      byImportKey: db.prepare<[number, string], RecordRow>("SELECT * FROM records WHERE batch_id = ? AND external_id = ?"),
      maxId: db.prepare<[], number | null>("SELECT max(id) FROM records").pluck(),
      idsBetween: db.prepare<[number, number], number>("SELECT id FROM records WHERE id BETWEEN ? AND ?").pluck(),
      // The creation revisions of rows just inserted with consecutive ids, in one statement:
      // read back from the pages the insert has just written, in id (= input) order.
      createRevisions: db.prepare<[number, string, string | null, number, number]>(
        `INSERT INTO revisions (record_id, version, action, status, at, actor, reason, changes)
         SELECT id, 1, ${ACTION_NUMBER.create}, status, ?, ?, ?, NULL FROM records WHERE id BETWEEN ? AND ? ORDER BY id`,
      ),
      write: db.prepare(
        `UPDATE records SET kind = ?, status = ?, version = ?, province = ?, commune = ?, old = ?, name = ?, parts = ?,
           lat = ?, lon = ?, accuracy = ?, loc_source = ?, tile = ?, owner = ?, surveyor = ?, issues = ?, correction = ?,
           successor = ?, updated_at = ?, erased_at = ?, extra = ?
         WHERE id = ? AND version = ?`,
      ),
      nextUnit: db.prepare<[string], { last_unit: number }>(
        "INSERT INTO cells (base, last_unit) VALUES (?, 1) ON CONFLICT (base) DO UPDATE SET last_unit = last_unit + 1 RETURNING last_unit",
      ),
      revision: db.prepare(
        "INSERT INTO revisions (record_id, version, action, status, at, actor, reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      revisionsOf: db.prepare<[number], RevisionRow>("SELECT * FROM revisions WHERE record_id = ? ORDER BY seq"),
      rewriteChanges: db.prepare<[string | null, number]>("UPDATE revisions SET changes = ? WHERE seq = ?"),
      changesSince: db.prepare<[number, number], RevisionRow>(
        "SELECT v.*, r.code FROM revisions v JOIN records r ON r.id = v.record_id WHERE v.seq > ? ORDER BY v.seq LIMIT ?",
      ),
      lastSeq: db.prepare<[], { seq: number | null }>("SELECT max(seq) AS seq FROM revisions"),
      count: db.prepare(
        "INSERT INTO unit_counts (province, commune, status, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
      ),
      countFinding: db.prepare<[string, string, number, string, number, number]>(
        `INSERT INTO finding_counts (province, commune, status, rule, blocking, n) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET n = n + excluded.n`,
      ),
      counts: db.prepare<[], { province: string; status: number; n: number }>(
        "SELECT province, status, sum(n) AS n FROM unit_counts GROUP BY province, status HAVING sum(n) > 0 ORDER BY province, status",
      ),
      provinceOfCommune: db.prepare<[string], { province: string }>("SELECT province FROM unit_counts WHERE commune = ? LIMIT 1"),
      batchByName: db.prepare<[string], { id: number }>("SELECT id FROM batches WHERE name = ?"),
      batchById: db.prepare<[number], { name: string }>("SELECT name FROM batches WHERE id = ?"),
      addBatch: db.prepare<[string]>("INSERT INTO batches (name) VALUES (?)"),
      setIssues: db.prepare<[string | null, string]>("UPDATE records SET issues = ? WHERE code = ?"),
      setCheckpoint: db.prepare<[string, string, number]>(
        "INSERT INTO import_checkpoints (key, value, at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, at = excluded.at",
      ),
      getCheckpoint: db.prepare<[string], { value: string }>("SELECT value FROM import_checkpoints WHERE key = ?"),
      deleteCheckpoint: db.prepare<[string]>("DELETE FROM import_checkpoints WHERE key = ?"),
      setCell: db.prepare<[string, number]>(
        "INSERT INTO cells (base, last_unit) VALUES (?, ?) ON CONFLICT (base) DO UPDATE SET last_unit = max(last_unit, excluded.last_unit)",
      ),
      communeCounts: db.prepare<[], { province: string; commune: string; status: number; n: number }>(
        "SELECT province, commune, status, n FROM unit_counts WHERE n <> 0 ORDER BY province, commune, status",
      ),
    };
  }

  // ── row ↔ record ─────────────────────────────────────────────────────────────────────────────

  private batchName(id: number | null): string | null {
    if (id === null) return null;
    let name = this.batchNames.get(id);
    if (name === undefined) {
      name = this.s.batchById.get(id)?.name ?? `#${id}`;
      this.batchNames.set(id, name);
    }
    return name;
  }

  /** The record of a row, without its row id (what readers get); owner parsed only when wanted. */
  private toRecord(row: RecordRow, withPersonalData = true): AddressRecord {
    return {
      code: row.code,
      kind: row.kind,
      status: statusOfNumber(row.status),
      version: row.version,
      name: row.name,
      parts: JSON.parse(row.parts),
      new: { province: row.province, commune: row.commune },
      old: parse(row.old) as AddressRecord["old"],
      location: { lat: row.lat, lon: row.lon, accuracyM: row.accuracy, source: row.loc_source },
      owner: withPersonalData ? (parse(row.owner) as AddressRecord["owner"]) : null,
      ...(row.extra === null ? {} : { extra: JSON.parse(row.extra) as Record<string, string> }),
      provenance: { batch: this.batchName(row.batch_id), externalId: row.external_id, surveyor: row.surveyor },
      issues: (parse(row.issues) as Issue[] | null) ?? [],
      correction: parse(row.correction),
      successor: row.successor,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      personalDataErasedAt: row.erased_at === null ? null : iso(row.erased_at),
    };
  }

  /** A record with its row id, for the write paths. */
  private hold(row: RecordRow): Held {
    return Object.assign(this.toRecord(row), { id: row.id });
  }

  /** What a writer gets back: the record without its row id. */
  private publish(record: Held): AddressRecord {
    const { id: _id, ...out } = record;
    return out;
  }

  private toRevision(row: RevisionRow, code: string, withPersonalData: boolean): Revision {
    const changes = parse(row.changes) as Changes | null;
    return {
      seq: row.seq,
      code,
      version: row.version,
      action: ACTION_BY_NUMBER[row.action],
      status: statusOfNumber(row.status),
      at: iso(row.at),
      actor: row.actor,
      reason: row.reason,
      changes: withPersonalData ? changes : hideOwner(changes),
    };
  }

  // ── internal writes (inside transactions) ───────────────────────────────────────────────────

  private batchId(name: string, create: boolean): { id: number; fresh: boolean } | null {
    const cached = this.batchIds.get(name);
    if (cached !== undefined) return { id: cached, fresh: false };
    const found = this.s.batchByName.get(name);
    if (found) {
      this.batchIds.set(name, found.id);
      return { id: found.id, fresh: false };
    }
    if (!create) return null;
    const id = Number(this.s.addBatch.run(name).lastInsertRowid);
    // Not cached until commit would be safer; a rolled-back batch id is simply looked up again.
    return { id, fresh: true };
  }

  /** The multi-row INSERT of `n` records and its parameter array (prepared on first use). */
  private insertOf(n: number): { run: Database.Statement; params: unknown[] } {
    let found = this.inserts[n];
    if (found === undefined) {
      const one = `(${"?, ".repeat(BOUND)}1)`;
      const sql = `INSERT INTO records (${INSERT_COLUMNS}, version) VALUES ${new Array(n).fill(one).join(", ")} ON CONFLICT DO NOTHING`;
      found = { run: this.db.prepare(sql), params: new Array(n * BOUND).fill(null) };
      this.inserts[n] = found;
    }
    return found;
  }

  /** The stored rows of up to INSERT_CHUNK external ids of one batch, in one statement. */
  private lookupOf(n: number): Database.Statement<unknown[], RecordRow> {
    let found = this.lookups[n];
    if (found === undefined) {
      found = this.db.prepare<unknown[], RecordRow>(
        `SELECT * FROM records WHERE batch_id = ? AND external_id IN (${new Array(n).fill("?").join(", ")})`,
      );
      this.lookups[n] = found;
    }
    return found;
  }

  /**
   * Writes one record's INSERT parameters into `p` from `o` on, in INSERT_COLUMNS order. `id` null
   * lets SQLite choose the rowid. The serialised columns are also what `sameAs` compares.
   */
  private bindRecord(
    p: unknown[],
    o: number,
    id: number | null,
    code: string,
    data: AddressData,
    status: Status,
    issues: readonly Issue[],
    batchId: number | null,
    externalId: string | null,
    surveyor: string | null,
    at: number,
  ): void {
    const location = data.location;
    const lat = location.lat;
    const lon = location.lon;
    p[o] = id;
    p[o + 1] = code;
    p[o + 2] = data.kind;
    p[o + 3] = STATUS_NUMBER[status];
    p[o + 4] = data.new.province;
    p[o + 5] = data.new.commune;
    p[o + 6] = json(data.old);
    p[o + 7] = data.name;
    p[o + 8] = JSON.stringify(data.parts);
    p[o + 9] = lat;
    p[o + 10] = lon;
    p[o + 11] = location.accuracyM;
    p[o + 12] = location.source;
    p[o + 13] = 0; // tile: unused since schema v3 (boxes are code ranges); 0 takes no bytes
    p[o + 14] = json(data.owner);
    p[o + 15] = batchId;
    p[o + 16] = externalId;
    p[o + 17] = surveyor;
    p[o + 18] = issues.length ? JSON.stringify(issues) : null;
    p[o + 19] = at;
    p[o + 20] = at;
    p[o + 21] = json(data.extra);
  }

  /**
   * Inserts a record, allocating its code: the cell's base code when free, else the next unit
   * number of the cell (`cells` table). The insert itself detects an existing (batch, external id):
   * no look-up runs before it. Leaves the record's parameters in `this.params` (for `sameAs`).
   * Returns the stored row when the import key is taken, null when an explicitly requested code is.
   */
  private insertRecord(
    data: AddressData,
    status: Status,
    issues: Issue[],
    batchId: number | null,
    externalId: string | null,
    surveyor: string | null,
    at: number,
    explicitCode: string | undefined,
    id: number | null = null,
  ): { id: number; code: string } | { existing: RecordRow } | null {
    const p = this.params;
    const base = explicitCode ?? encode(data.location.lat, data.location.lon);
    this.bindRecord(p, 0, id, base, data, status, issues, batchId, externalId, surveyor, at);
    const insert = this.insertOf(1).run;
    let code = base;
    for (;;) {
      p[1] = code;
      const info = insert.run(p);
      if (info.changes === 1) return { id: Number(info.lastInsertRowid), code };
      if (batchId !== null && externalId !== null) {
        const existing = this.s.byImportKey.get(batchId, externalId);
        if (existing) return { existing };
      }
      if (explicitCode !== undefined) return null;
      // The cell is taken: next unit number. Loops only past codes someone requested explicitly.
      code = withUnit(base, this.s.nextUnit.get(base)!.last_unit);
    }
  }

  /**
   * True when a stored row has the content bound by `bindRecord` in `p` from `o`: compares the
   * serialised columns as stored, so an unchanged re-imported row costs no parsing at all.
   */
  private sameAs(row: RecordRow, p: unknown[] = this.params, o = 0): boolean {
    return (
      row.kind === p[o + 2] &&
      row.province === p[o + 4] &&
      row.commune === p[o + 5] &&
      row.old === p[o + 6] &&
      row.name === p[o + 7] &&
      row.parts === p[o + 8] &&
      row.lat === p[o + 9] &&
      row.lon === p[o + 10] &&
      row.accuracy === p[o + 11] &&
      row.loc_source === p[o + 12] &&
      (row.owner === p[o + 14] || row.erased_at !== null) &&
      row.extra === p[o + 21] &&
      row.surveyor === p[o + 17]
    );
  }

  private appendRevision(
    recordId: number,
    version: number,
    action: RevisionAction,
    status: Status,
    at: number,
    context: WriteContext,
    changes: Changes | null,
  ): void {
    this.s.revision.run(
      recordId,
      version,
      ACTION_NUMBER[action],
      STATUS_NUMBER[status],
      at,
      context.actor,
      context.reason ?? null,
      changes === null ? null : JSON.stringify(changes),
    );
  }

  /**
   * Writes `next` over the row if it is still at `expectedVersion`; the caller already checked it.
   * `erasedAt`: when the owner's data was erased; later writes keep it (`erasedAtOf`), because a
   * re-import of the original file must not bring back what the owner asked us to forget.
   */
  private writeState(next: Held, expectedVersion: number, at: number, erasedAt: number | null): void {
    const { lat, lon } = next.location;
    const info = this.s.write.run(
      next.kind,
      STATUS_NUMBER[next.status],
      next.version,
      next.new.province,
      next.new.commune,
      json(next.old),
      next.name,
      JSON.stringify(next.parts),
      lat,
      lon,
      next.location.accuracyM,
      next.location.source,
      0,
      json(next.owner),
      next.provenance.surveyor,
      next.issues.length ? JSON.stringify(next.issues) : null,
      json(next.correction),
      next.successor,
      at,
      erasedAt,
      json(next.extra),
      next.id,
      expectedVersion,
    );
    if (info.changes !== 1) throw new ConflictError(next.code, expectedVersion, -1);
  }

  private bump(province: string, commune: string, status: Status, delta: number): void {
    this.s.count.run(province, commune, STATUS_NUMBER[status], delta);
  }

  /** Moves `finding_counts` for one record's findings (stored JSON or objects) in a unit and status. */
  private bumpFindings(province: string, commune: string, status: Status, issues: string | readonly Issue[] | null, delta: number): void {
    for (const { rule, blocking } of this.findingsOf(issues)) this.s.countFinding.run(province, commune, STATUS_NUMBER[status], rule, blocking, delta);
  }

  /**
   * The rules and severities of stored findings. Cached by JSON text: a national load repeats a few
   * thousand distinct sets of findings millions of times (the import's chunks share their strings).
   */
  private findingsOf(issues: string | readonly Issue[] | null): readonly { rule: string; blocking: number }[] {
    if (issues === null) return [];
    if (typeof issues !== "string") return issues.map((i) => ({ rule: i.rule, blocking: i.severity === "warning" ? 0 : 1 }));
    let found = this.findingCache.get(issues);
    if (found === undefined) {
      found = this.findingsOf(JSON.parse(issues) as Issue[]);
      if (this.findingCache.size >= 50_000) this.findingCache.clear();
      this.findingCache.set(issues, found);
    }
    return found;
  }

  /** Revision times never go backwards within a record, so as-of reads stay well defined. */
  private timeOf(context: WriteContext, after?: number): number {
    const at = context.at ? context.at.getTime() : Date.now();
    if (!Number.isFinite(at)) throw new ValidationError("at", context.at, "must be a valid date", "phải là ngày hợp lệ");
    return after !== undefined && at < after ? after : at;
  }

  private mustHold(code: string, expectedVersion: number): Held {
    const row = this.s.byCode.get(checkCode(code, "code"));
    if (!row) throw new NotFoundError(code);
    if (row.version !== expectedVersion) throw new ConflictError(code, expectedVersion, row.version);
    return this.hold(row);
  }

  /**
   * Applies a content patch to a held record; returns the changes (empty when nothing differs).
   * A change to a `complete` record sends it back to `surveyed`: its check no longer holds.
   */
  private patch(
    held: Held,
    patch: Partial<AddressData> & { surveyor?: string | null; issues?: Issue[] },
  ): { next: Held; changes: Changes } {
    const next: Held = { ...held, provenance: { ...held.provenance } };
    for (const field of CONTENT_FIELDS) if (patch[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = patch[field];
    if (patch.surveyor !== undefined) next.provenance.surveyor = patch.surveyor;
    const changes = diffFields(versionedView(held), versionedView(next), [...CONTENT_FIELDS, "surveyor"]);
    if (Object.keys(changes).length === 0) return { next: held, changes };
    if (!EDITABLE_STATUSES.has(held.status)) {
      throw new TransitionError(
        held.code,
        held.status,
        held.status,
        `content cannot change once "${held.status}": request a correction first`,
        `không sửa được nội dung khi đã "${held.status}": cần đề nghị sửa trước`,
      );
    }
    next.issues = patch.issues ?? recordIssues(next);
    if (held.status === "complete") {
      next.status = "surveyed";
      changes.status = ["complete", "surveyed"];
    }
    next.version = held.version + 1;
    return { next, changes };
  }

  /** Replaces a stored record's findings (derived data: no revision), keeping finding_counts right. */
  private replaceIssues(row: RecordRow, issues: readonly Issue[]): void {
    const status = statusOfNumber(row.status);
    this.bumpFindings(row.province, row.commune, status, row.issues, -1);
    this.bumpFindings(row.province, row.commune, status, issues, 1);
    this.s.setIssues.run(issues.length ? JSON.stringify(issues) : null, row.code);
  }

  /** Moves unit_counts and finding_counts from a record's state before a write to its state after. */
  private moveCounts(before: Held, after: Held): void {
    const sameUnit = before.new.commune === after.new.commune && before.new.province === after.new.province;
    if (sameUnit && before.status === after.status && before.issues === after.issues) return;
    if (!sameUnit || before.status !== after.status) {
      this.bump(before.new.province, before.new.commune, before.status, -1);
      this.bump(after.new.province, after.new.commune, after.status, 1);
    }
    this.bumpFindings(before.new.province, before.new.commune, before.status, before.issues, -1);
    this.bumpFindings(after.new.province, after.new.commune, after.status, after.issues, 1);
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────────

  async get(code: string, options?: ReadOptions): Promise<AddressRecord | null> {
    const row = this.s.byCode.get(code);
    return row ? this.toRecord(row, options?.withPersonalData ?? false) : null;
  }

  async getMany(codes: readonly string[], options?: ReadOptions): Promise<(AddressRecord | null)[]> {
    return codes.map((code) => {
      const row = this.s.byCode.get(code);
      return row ? this.toRecord(row, options?.withPersonalData ?? false) : null;
    });
  }

  async getAsOf(code: string, at: Date, options?: ReadOptions): Promise<AddressRecord | null> {
    const t = at.getTime();
    if (!Number.isFinite(t)) throw new ValidationError("asOf", at, "must be a valid date", "phải là ngày hợp lệ");
    const read = this.db.transaction(() => {
      const row = this.s.byCode.get(code);
      if (!row) return null;
      return { record: this.toRecord(row), revisions: this.s.revisionsOf.all(row.id) };
    });
    const found = read();
    if (!found) return null;
    const { record, revisions } = found;
    let kept = revisions.length;
    // Undo, newest first, every revision made after `at`.
    for (let i = revisions.length - 1; i >= 0 && revisions[i].at > t; i--) {
      kept = i;
      const changes = parse(revisions[i].changes) as Changes | null;
      if (changes) for (const [field, pair] of Object.entries(changes)) setField(record, field as VersionedField, pair![0]);
    }
    if (kept === 0) return null;
    const last = revisions[kept - 1];
    record.version = last.version;
    record.updatedAt = iso(last.at);
    if (!options?.withPersonalData) record.owner = null;
    return record;
  }

  async findByExternalId(batch: string, externalId: string, options?: ReadOptions): Promise<AddressRecord | null> {
    const id = this.batchId(batch, false);
    if (!id) return null;
    const row = this.s.byImportKey.get(id.id, externalId);
    return row ? this.toRecord(row, options?.withPersonalData ?? false) : null;
  }

  async history(code: string, options?: ReadOptions): Promise<Revision[]> {
    const row = this.s.byCode.get(code);
    if (!row) return [];
    return this.s.revisionsOf.all(row.id).map((r) => this.toRevision(r, code, options?.withPersonalData ?? false));
  }

  /** The SQL and parameters of a query, or null when it cannot match anything. */
  private buildQuery(query: RecordQuery): { sql: string; params: unknown[]; limit: number } | null {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new ValidationError("limit", limit, `must be an integer from 1 to ${MAX_PAGE}`, `phải là số nguyên từ 1 đến ${MAX_PAGE}`);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const statuses = query.status === undefined ? undefined : typeof query.status === "string" ? [query.status] : [...query.status];
    for (const s of statuses ?? []) {
      if (!STATUSES.includes(s)) throw new ValidationError("status", s, `must be one of ${STATUSES.join(", ")}`, "trạng thái không hợp lệ");
    }
    let province = query.province;
    if (query.commune !== undefined) {
      const found = this.s.provinceOfCommune.get(query.commune)?.province;
      if (found === undefined || (province !== undefined && province !== found)) return null;
      province = found;
    }
    if (statuses || province !== undefined) {
      // Leading status column: list every status when none is asked, so the index still serves.
      const numbers = statuses ? statuses.map((s) => STATUS_NUMBER[s]) : ALL_STATUS_NUMBERS;
      where.push(`status IN (${numbers.join(",")})`);
    }
    if (province !== undefined) {
      where.push("province = ?");
      params.push(province);
    }
    if (query.commune !== undefined) {
      where.push("commune = ?");
      params.push(query.commune);
    }
    if (query.batch !== undefined) {
      const id = this.batchId(query.batch, false);
      if (!id) return null;
      where.push("batch_id = ?");
      params.push(id.id);
    }
    if (query.bbox) {
      const { south, west, north, east } = query.bbox;
      for (const [name, v] of Object.entries(query.bbox)) {
        if (typeof v !== "number" || !Number.isFinite(v)) throw new ValidationError(`bbox.${name}`, v, "must be a number", "phải là số");
      }
      if (south > north || west > east) throw new ValidationError("bbox", query.bbox, "needs south ≤ north and west ≤ east", "cần nam ≤ bắc và tây ≤ đông");
      const ranges = codeRanges(query.bbox);
      if (ranges.length === 0) return null;
      // A UNION of index range scans: SQLite would otherwise prefer scanning in id order.
      where.push(`id IN (${ranges.map(() => "SELECT id FROM records WHERE code >= ? AND code < ?").join(" UNION ALL ")})`);
      for (const [a, b] of ranges) params.push(a, b);
      where.push("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?");
      params.push(south, north, west, east);
    }
    if (query.after) {
      const after = Number.parseInt(query.after, 36);
      if (!Number.isSafeInteger(after)) throw new ValidationError("after", query.after, "is not a cursor of this store", "con trỏ trang không hợp lệ");
      where.push("id > ?");
      params.push(after);
    }
    const sql = `SELECT * FROM records ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ${limit + 1}`;
    return { sql, params, limit };
  }

  /** SQLite's plan for a query (diagnostics, and the test that the indexes serve). */
  explainQuery(query: RecordQuery): string[] {
    const built = this.buildQuery(query);
    if (!built) return [];
    return this.db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${built.sql}`)
      .all(...built.params)
      .map((r) => r.detail);
  }

  async query(query: RecordQuery, options?: ReadOptions): Promise<Page<AddressRecord>> {
    const built = this.buildQuery(query);
    if (!built) return { items: [], next: null };
    const { sql, params, limit } = built;
    const rows = this.db.prepare<unknown[], RecordRow>(sql).all(...params);
    const more = rows.length > limit;
    if (more) rows.pop();
    return {
      items: rows.map((row) => this.toRecord(row, options?.withPersonalData ?? false)),
      next: more ? rows[rows.length - 1].id.toString(36) : null,
    };
  }

  async countsByProvinceAndStatus(): Promise<ProvinceStatusCount[]> {
    return this.s.counts.all().map((r) => ({ province: r.province, status: statusOfNumber(r.status), count: r.n }));
  }

  async countsByCommuneAndStatus(province?: string): Promise<CommuneStatusCount[]> {
    const out: CommuneStatusCount[] = [];
    for (const r of this.s.communeCounts.iterate()) {
      if (province === undefined || r.province === province) {
        out.push({ province: r.province, commune: r.commune, status: statusOfNumber(r.status), count: r.n });
      }
    }
    return out;
  }

  async findingsByRule(status?: Status | readonly Status[], options: FindingFilter = {}): Promise<RuleCount[]> {
    const statuses = status === undefined ? [] : typeof status === "string" ? [status] : [...status];
    for (const s of statuses) {
      if (!STATUSES.includes(s)) throw new ValidationError("status", s, `must be one of ${STATUSES.join(", ")}`, "trạng thái không hợp lệ");
    }
    if (options.severity !== undefined && options.severity !== "error" && options.severity !== "warning") {
      throw new ValidationError("severity", options.severity, "must be error or warning", "phải là error hoặc warning");
    }
    const where = ["n <> 0"];
    const params: unknown[] = [];
    if (statuses.length) where.push(`status IN (${statuses.map((s) => STATUS_NUMBER[s]).join(",")})`);
    if (options.severity) where.push(`blocking = ${options.severity === "error" ? 1 : 0}`);
    if (options.province !== undefined) {
      where.push("province = ?");
      params.push(options.province);
    }
    if (options.commune !== undefined) {
      where.push("commune = ?");
      params.push(options.commune);
    }
    return this.db
      .prepare<unknown[], { rule: string; count: number }>(
        `SELECT rule, sum(n) AS count FROM finding_counts WHERE ${where.join(" AND ")}
         GROUP BY rule HAVING sum(n) <> 0 ORDER BY count DESC, rule`,
      )
      .all(...params);
  }

  async importCheckpoint(key: string): Promise<string | null> {
    return this.s.getCheckpoint.get(key)?.value ?? null;
  }

  async changesSince(after: number, limit = 1000): Promise<Revision[]> {
    if (!Number.isSafeInteger(after) || after < 0) throw new ValidationError("after", after, "must be a sequence number ≥ 0", "phải là số thứ tự ≥ 0");
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new ValidationError("limit", limit, "must be 1–100,000", "phải từ 1 đến 100.000");
    return this.s.changesSince.all(after, limit).map((r) => this.toRevision(r, r.code!, false));
  }

  async lastSeq(): Promise<number> {
    return this.s.lastSeq.get()?.seq ?? 0;
  }

  // ── writes ──────────────────────────────────────────────────────────────────────────────────

  async create(record: NewRecord, context: WriteContext): Promise<AddressRecord> {
    const held = this.writeTransaction((): Held => {
      this.assertNoBulkLoad();
      const at = this.timeOf(context);
      const batch = record.batch ? this.batchId(record.batch, true)!.id : null;
      const externalId = record.externalId ?? null;
      if (batch !== null && externalId !== null && this.s.byImportKey.get(batch, externalId)) {
        throw new DuplicateError(
          `batch "${record.batch}" already has a record with external id "${externalId}"`,
          `lô "${record.batch}" đã có địa chỉ mã nguồn "${externalId}"`,
        );
      }
      const issues = record.issues ?? recordIssues(record.data);
      const status = record.status ?? "surveyed";
      if (status === "complete" && blockingIssues(issues)) {
        throw new TransitionError(record.code ?? "(new)", "surveyed", "complete", `${issues.length} completeness finding(s)`, "chưa đầy đủ");
      }
      const explicit = record.code === undefined ? undefined : checkCode(record.code, "code");
      const inserted = this.insertRecord(record.data, status, issues, batch, externalId, record.surveyor ?? null, at, explicit);
      if (!inserted || "existing" in inserted) {
        throw new DuplicateError(`code "${record.code}" is already taken`, `mã "${record.code}" đã được dùng`);
      }
      this.appendRevision(inserted.id, 1, "create", status, at, context, null);
      this.bump(record.data.new.province, record.data.new.commune, status, 1);
      this.bumpFindings(record.data.new.province, record.data.new.commune, status, issues, 1);
      return this.hold(this.s.byId.get(inserted.id)!);
    });
    return this.publish(held);
  }

  async update(
    code: string,
    expectedVersion: number,
    patch: Partial<AddressData> & { surveyor?: string | null; issues?: Issue[] },
    context: WriteContext,
  ): Promise<AddressRecord> {
    const updated = this.writeTransaction((): Held => {
      this.assertNoBulkLoad();
      const held = this.mustHold(code, expectedVersion);
      const { next, changes } = this.patch(held, patch);
      if (Object.keys(changes).length === 0) {
        if (patch.issues) this.replaceIssues(this.s.byId.get(held.id)!, patch.issues);
        return this.hold(this.s.byId.get(held.id)!);
      }
      const at = this.timeOf(context, Date.parse(held.updatedAt));
      this.writeState(next, expectedVersion, at, erasedAtOf(held));
      this.appendRevision(held.id, next.version, "update", next.status, at, context, changes);
      this.moveCounts(held, next);
      return this.hold(this.s.byId.get(held.id)!);
    });
    return this.publish(updated);
  }

  async transition(code: string, expectedVersion: number, request: TransitionRequest, context: WriteContext): Promise<AddressRecord> {
    const moved = this.writeTransaction((): Held => {
      this.assertNoBulkLoad();
      const held = this.mustHold(code, expectedVersion);
      checkTransition({ code, status: held.status, issueCount: blockingIssues(held.issues) }, request);
      if (request.successor) {
        const successor = this.s.byCode.get(request.successor);
        if (!successor) throw new ValidationError("successor", request.successor, "no record has this code", "không có địa chỉ mang mã này");
        if (successor.status === STATUS_NUMBER.retired) {
          throw new ValidationError("successor", request.successor, "the successor is itself retired", "mã kế thừa đã bị xóa bỏ");
        }
      }
      const next: Held = { ...held, status: request.to, version: held.version + 1 };
      next.correction = request.to === "correction-requested" ? request.correction : null;
      next.successor = request.to === "retired" ? (request.successor ?? null) : held.successor;
      const changes = diffFields(versionedView(held), versionedView(next), ["status", "correction", "successor"]);
      const at = this.timeOf(context, Date.parse(held.updatedAt));
      this.writeState(next, expectedVersion, at, erasedAtOf(held));
      this.appendRevision(held.id, next.version, "transition", next.status, at, { ...context, reason: request.reason }, changes);
      this.moveCounts(held, next);
      return this.hold(this.s.byId.get(held.id)!);
    });
    return this.publish(moved);
  }

  async importBatch(batch: string, rows: readonly ImportRow[], options: ImportOptions): Promise<ImportOutcome[]> {
    const encoded = encodeRows(rows);
    const { kinds, details, codes } = this.importRows(batch, encoded, options, true);
    const out: ImportOutcome[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      out[i] = details.get(i) ?? { externalId: rows[i].externalId, outcome: "created", code: codes![i], version: 1 };
      if (kinds[i] !== OUTCOME_NUMBER[out[i].outcome]) throw new Error(`importBatch: outcome of row ${i} out of step`);
    }
    return out;
  }

  async importEncoded(batch: string, rows: EncodedRows, options: ImportOptions): Promise<EncodedOutcomes> {
    const { kinds, details } = this.importRows(batch, rows, options, false);
    return { kinds, details };
  }

  /**
   * The import's write path, shared by `importBatch` and `importEncoded`: one IMMEDIATE transaction.
   * `created` rows get no outcome object unless `keepCodes` (a bulk import of millions does not
   * need them); every other outcome is in `details`.
   */
  private importRows(
    batch: string,
    enc: EncodedRows,
    options: ImportOptions,
    keepCodes: boolean,
  ): { kinds: Uint8Array; details: Map<number, ImportOutcome>; codes: string[] | null } {
    if (typeof batch !== "string" || batch.trim() === "") throw new ValidationError("batch", batch, "must be a non-empty name", "cần tên lô");
    const bulk = this.bulk;
    const body = () => {
      if (!bulk) this.assertNoBulkLoad();
      const at = this.timeOf(options);
      const { id: batchId, fresh } = this.batchId(batch, true)!;
      const n = enc.count;
      const kinds = new Uint8Array(n);
      const details = new Map<number, ImportOutcome>();
      const codes = keepCodes ? new Array<string>(n) : null;
      const settle = (i: number, outcome: ImportOutcome) => {
        kinds[i] = OUTCOME_NUMBER[outcome.outcome];
        if (outcome.outcome === "created") {
          if (codes) codes[i] = outcome.code;
        } else details.set(i, outcome);
      };
      // Counts move in memory and are written once per batch: a few thousand upserts, not one per row.
      // Keyed by commune (unique across provinces): per-status deltas of records, and of each set of
      // findings (by its JSON, which the chunk's rows share) for finding_counts.
      const deltas = new Map<string, { province: string; byStatus: Int32Array; findings: Map<string, Int32Array> }>();
      const count = (province: string, commune: string, status: Status, delta: number, issues: string | readonly Issue[] | null) => {
        let key = commune;
        let entry = deltas.get(key);
        if (entry !== undefined && entry.province !== province) {
          key = province + commune; // a row naming the commune under another province: counted apart
          entry = deltas.get(key);
        }
        if (entry === undefined) {
          entry = { province, byStatus: new Int32Array(STATUSES.length + 1), findings: new Map() };
          deltas.set(key, entry);
        }
        entry.byStatus[STATUS_NUMBER[status]] += delta;
        if (issues === null || issues.length === 0) return;
        const set = typeof issues === "string" ? issues : JSON.stringify(issues);
        let byStatus = entry.findings.get(set);
        if (byStatus === undefined) {
          byStatus = new Int32Array(STATUSES.length + 1);
          entry.findings.set(set, byStatus);
        }
        byStatus[STATUS_NUMBER[status]] += delta;
      };
      /** A row whose import key is already stored: unchanged, updated or locked. `this.params` holds its content. */
      const reimport = (i: number, stored: RecordRow): ImportOutcome => {
        const row = decodeRow(enc, i);
        const externalId = row.externalId;
        if (this.sameAs(stored)) return { externalId, outcome: "unchanged", code: stored.code, version: stored.version };
        const held = this.hold(stored);
        const patch = { ...row.data, surveyor: row.surveyor ?? null, issues: row.issues };
        // Erased personal data stays erased: the source file still holds what the owner asked us to forget.
        if (held.personalDataErasedAt) patch.owner = held.owner;
        let result: { next: Held; changes: Changes };
        try {
          result = this.patch(held, patch);
        } catch (error) {
          if (!(error instanceof TransitionError)) throw error;
          return {
            externalId,
            outcome: "locked",
            code: held.code,
            version: held.version,
            status: held.status,
            message: `record ${held.code} is "${held.status}": a survey change must go through a correction request`,
          };
        }
        const changed = Object.keys(result.changes);
        if (changed.length === 0) return { externalId, outcome: "unchanged", code: held.code, version: held.version };
        const when = Math.max(at, Date.parse(held.updatedAt));
        this.writeState(result.next, held.version, when, erasedAtOf(held));
        this.appendRevision(held.id, result.next.version, "update", result.next.status, when, options, result.changes);
        count(held.new.province, held.new.commune, held.status, -1, held.issues);
        count(result.next.new.province, result.next.new.commune, result.next.status, 1, result.next.issues);
        return { externalId, outcome: "updated", code: held.code, version: result.next.version, changed };
      };
      const statusOf = (i: number): Status =>
        options.promoteComplete && numberOf(enc, i, N.blocking) === 0 ? "complete" : "surveyed";

      // Row ids are given explicitly (we hold the write lock), so a multi-row INSERT's ids are known.
      let nextId = (this.s.maxId.get() ?? 0) + 1;
      /**
       * One row on its own: insert (its code allocated here, or the one the chunk gave it in a bulk
       * load), or re-import when its key is stored.
       */
      const single = (i: number, bulkCode: string | null): ImportOutcome => {
        const row = decodeRow(enc, i);
        const externalId = row.externalId;
        const status = statusOf(i);
        const issues = row.issues ?? [];
        const explicit = bulkCode ?? row.code;
        const inserted = this.insertRecord(row.data, status, issues, batchId, externalId, row.surveyor ?? null, at, explicit, nextId);
        if (!inserted) return { externalId, outcome: "failed", message: `row ${i}: code "${row.code}" is already taken` };
        if ("existing" in inserted) return reimport(i, inserted.existing);
        nextId = inserted.id + 1;
        this.appendRevision(inserted.id, 1, "create", status, at, options, null);
        count(row.data.new.province, row.data.new.commune, status, 1, issues);
        return { externalId, outcome: "created", code: inserted.code, version: 1 };
      };

      // Chunks of INSERT_CHUNK rows. New rows go in one multi-row INSERT … ON CONFLICT DO NOTHING
      // and one INSERT … SELECT of their creation revisions; a row the INSERT skipped (import key
      // already stored, or repeated in this call; cell taken; requested code taken) is then handled
      // on its own, after the chunk, so its revisions follow the ones it depends on. A batch seen
      // before, or a chunk of mostly stored rows (a re-import), makes the next chunks look their
      // keys up first, in one SELECT.
      const chunk = this.insertOf(INSERT_CHUNK).params;
      const pending = new Int32Array(INSERT_CHUNK); // input index of each bound row
      const pendingCodes: (string | null)[] = new Array(INSERT_CHUNK).fill(null);
      const keys: string[] = [];
      const known = new Map<string, RecordRow>();
      const skipped: number[] = [];
      const skippedCodes: (string | null)[] = [];
      let lookUp = !fresh;
      for (let start = 0; start < n; start += INSERT_CHUNK) {
        const end = Math.min(n, start + INSERT_CHUNK);
        if (lookUp) {
          keys.length = 0;
          for (let i = start; i < end; i++) {
            const externalId = textOf(enc, i, T.externalId);
            if (externalId !== null && externalId !== "") keys.push(externalId);
          }
          known.clear();
          if (keys.length > 0) for (const stored of this.lookupOf(keys.length).iterate(batchId, ...keys)) known.set(stored.external_id!, stored);
        }
        let bound = 0;
        let storedRows = 0;
        for (let i = start; i < end; i++) {
          const externalId = textOf(enc, i, T.externalId);
          if (externalId === null || externalId === "") {
            settle(i, { externalId: String(externalId), outcome: "failed", message: `row ${i}: externalId must be a non-empty string` });
            continue;
          }
          const stored = lookUp ? known.get(externalId) : undefined;
          if (stored !== undefined) {
            // Used once: a repeat of this key later in the chunk meets the INSERT's conflict instead.
            known.delete(externalId);
            storedRows++;
            this.bindEncoded(this.params, 0, null, stored.code, enc, i, "surveyed", batchId, externalId, at);
            settle(i, reimport(i, stored));
            continue;
          }
          const status = statusOf(i);
          let code = textOf(enc, i, T.code);
          if (bulk) {
            code = this.allocateBulk(bulk, code, numberOf(enc, i, N.lat), numberOf(enc, i, N.lon));
            if (code === null) {
              settle(i, { externalId, outcome: "failed", message: `row ${i}: code "${textOf(enc, i, T.code)}" is already taken` });
              continue;
            }
          } else if (code === null) code = encode(numberOf(enc, i, N.lat), numberOf(enc, i, N.lon));
          this.bindEncoded(chunk, bound * BOUND, nextId + bound, code, enc, i, status, batchId, externalId, at);
          pendingCodes[bound] = bulk ? code : null;
          pending[bound++] = i;
        }
        if (bound > 0) {
          const first = nextId;
          const last = nextId + bound - 1;
          let written: number;
          if (bound === INSERT_CHUNK) written = this.insertOf(bound).run.run(chunk).changes;
          else {
            const { run, params } = this.insertOf(bound);
            for (let k = 0; k < bound * BOUND; k++) params[k] = chunk[k];
            written = run.run(params).changes;
          }
          nextId += bound;
          const inserted = written === bound ? null : new Set(this.s.idsBetween.all(first, last));
          if (written > 0) this.s.createRevisions.run(at, options.actor, options.reason ?? null, first, last);
          for (let k = 0; k < bound; k++) {
            const i = pending[k];
            if (inserted !== null && !inserted.has(first + k)) {
              skipped.push(i);
              skippedCodes.push(pendingCodes[k]);
              continue;
            }
            const o = k * BOUND;
            count(chunk[o + 4] as string, chunk[o + 5] as string, statusOfNumber(chunk[o + 3] as number), 1, chunk[o + 18] as string | null);
            kinds[i] = OUTCOME_NUMBER.created;
            if (codes) codes[i] = chunk[o + 1] as string;
          }
        }
        for (let k = 0; k < skipped.length; k++) {
          const outcome = single(skipped[k], skippedCodes[k]);
          if (outcome.outcome !== "created") storedRows++;
          settle(skipped[k], outcome);
        }
        skipped.length = 0;
        skippedCodes.length = 0;
        lookUp = storedRows * 2 > end - start;
      }
      const byRule = new Map<string, number>();
      for (const [key, { province, byStatus, findings }] of deltas) {
        const commune = key.slice(-5);
        for (const status of STATUSES) {
          const delta = byStatus[STATUS_NUMBER[status]];
          if (delta !== 0) this.bump(province, commune, status, delta);
        }
        // Sets of findings share rules: sum per rule first, then one upsert each.
        byRule.clear();
        for (const [set, counts] of findings) {
          for (const status of STATUSES) {
            const delta = counts[STATUS_NUMBER[status]];
            if (delta === 0) continue;
            for (const { rule, blocking } of this.findingsOf(set)) {
              const k = `${STATUS_NUMBER[status]}|${blocking}|${rule}`;
              byRule.set(k, (byRule.get(k) ?? 0) + delta);
            }
          }
        }
        for (const [k, delta] of byRule) {
          if (delta === 0) continue;
          const [status, blocking, rule] = k.split("|");
          this.s.countFinding.run(province, commune, Number(status), rule, Number(blocking), delta);
        }
      }
      if (bulk) this.flushCells(bulk);
      if (options.checkpoint) this.s.setCheckpoint.run(options.checkpoint.key, options.checkpoint.value, at);
      if (fresh) this.batchIds.set(batch, batchId);
      return { kinds, details, codes };
    };
    try {
      return this.writeTransaction(body);
    } catch (error) {
      this.batchIds.delete(batch);
      // The transaction is gone: the cells it took in memory are not taken. Start again from the store.
      if (bulk) this.reloadCells(bulk);
      throw error;
    }
  }

  async setIssues(entries: readonly { code: string; issues: Issue[]; version?: number }[]): Promise<number> {
    return this.writeTransaction(() => {
      this.assertNoBulkLoad();
      let applied = 0;
      for (const { code, issues, version } of entries) {
        const row = this.s.byCode.get(code);
        if (!row || (version !== undefined && row.version !== version)) continue;
        this.replaceIssues(row, issues);
        applied++;
      }
      return applied;
    });
  }

  async erasePersonalData(code: string, context: WriteContext & { reason: string }): Promise<ErasureResult> {
    if (typeof context.reason !== "string" || context.reason.trim() === "") {
      throw new ValidationError("reason", context.reason, "an erasure needs a reason (the request it answers)", "cần ghi lý do xóa dữ liệu cá nhân");
    }
    return this.writeTransaction((): ErasureResult => {
      this.assertNoBulkLoad();
      const row = this.s.byCode.get(checkCode(code, "code"));
      if (!row) throw new NotFoundError(code);
      const held = this.hold(row);
      let redacted = 0;
      for (const revision of this.s.revisionsOf.all(row.id)) {
        const changes = parse(revision.changes) as Changes | null;
        if (!changes) continue;
        let touched = false;
        if (changes.owner && (changes.owner[0] !== null || changes.owner[1] !== null)) {
          changes.owner = [null, null];
          touched = true;
        }
        // A requested correction may carry the owner's data too.
        for (const i of [0, 1] as const) {
          const c = changes.correction?.[i];
          if (correctionOwner(c) !== null) {
            (c as { owner: unknown }).owner = null;
            touched = true;
          }
        }
        if (touched) {
          this.s.rewriteChanges.run(canonicalJson(changes), revision.seq);
          redacted++;
        }
      }
      const correctionHasOwner = correctionOwner(held.correction) !== null;
      // Erased before and nothing personal since: a repeated request (a retry, a second click)
      // must not add a revision that claims an erasure that did not happen.
      if (held.personalDataErasedAt !== null && held.owner === null && !correctionHasOwner && redacted === 0) {
        return { code, version: held.version, revisionsRedacted: 0, erased: false };
      }
      const next: Held = { ...held, owner: null, version: held.version + 1 };
      if (correctionHasOwner) next.correction = { ...(next.correction as object), owner: null };
      const at = this.timeOf(context, Date.parse(held.updatedAt));
      this.writeState(next, held.version, at, at);
      this.appendRevision(held.id, next.version, "erase", next.status, at, context, { owner: [null, null] });
      return { code, version: next.version, revisionsRedacted: redacted, erased: true };
    });
  }

  // ── bulk load ───────────────────────────────────────────────────────────────────────────────

  async bulkLoadState(): Promise<BulkLoadState | null> {
    const marked = this.readBulkMarker();
    return marked && { ...marked, running: this.lock !== null || BulkLoadLock.isHeld(this.path) };
  }

  /** The bulk load announced in the file (by any process, its loader alive or not). */
  private readBulkMarker(): BulkLoadMarker | null {
    const row = this.s.getCheckpoint.get(BULK_KEY);
    return row ? (JSON.parse(row.value) as BulkLoadMarker) : null;
  }

  /** Names this process as the loader of a load: a new one, or one taken over from its dead loader. */
  private writeBulkMarker(expectedRows: number, takenOver: BulkLoadMarker | null): void {
    const marker: BulkLoadMarker = { startedAt: new Date().toISOString(), expectedRows: Math.round(expectedRows), pid: process.pid };
    if (takenOver) marker.resumed = { startedAt: takenOver.startedAt, pid: takenOver.pid };
    this.s.setCheckpoint.run(BULK_KEY, JSON.stringify(marker), Date.now());
  }

  private loadRunning(state: BulkLoadMarker, english: string, vietnamese: string): StoreBusyError {
    return new StoreBusyError(
      `${this.path}: a bulk load started at ${state.startedAt} by process ${state.pid} is running; ${english}`,
      `${this.path}: đang nạp dữ liệu hàng loạt (bắt đầu ${state.startedAt}, tiến trình ${state.pid}); ${vietnamese}`,
    );
  }

  /**
   * Inside a write transaction: refuses the write while a bulk load runs — another object's, or this
   * object's own, which writes through importBatch/importEncoded only. A load whose lock nobody
   * holds is abandoned: the write finishes it first (writeTransaction).
   */
  private assertNoBulkLoad(): void {
    const state = this.readBulkMarker();
    if (!state) return;
    if (this.lock === null && !BulkLoadLock.isHeld(this.path)) throw new AbandonedBulkLoad();
    throw this.loadRunning(
      state,
      "writes are refused until it ends: try again then",
      "không ghi được cho đến khi việc nạp kết thúc: hãy thử lại sau",
    );
  }

  /**
   * Runs `body` as one IMMEDIATE transaction. Meeting a bulk load whose loader is gone, it finishes
   * that load (rebuilds its indexes) and runs `body` again. Another writer holding the write lock
   * past the busy timeout becomes a StoreBusyError: nothing was written.
   */
  private writeTransaction<T>(body: () => T): T {
    const run = this.db.transaction(body);
    // A load abandoned again while this write waited would be met again: a few rounds, not a loop.
    for (let round = 0; round < 3; round++) {
      try {
        return this.unlessBusy(() => run.immediate());
      } catch (error) {
        if (!(error instanceof AbandonedBulkLoad)) throw error;
      }
      this.finishAbandonedBulkLoad();
    }
    throw new StoreBusyError(
      `${this.path}: an interrupted bulk load could not be finished; run the import again`,
      `${this.path}: không hoàn tất được lần nạp hàng loạt bị gián đoạn; hãy chạy lại lệnh nhập`,
    );
  }

  /** Runs `work`, turning SQLite's "database is locked" (the busy timeout has passed) into a StoreBusyError. */
  private unlessBusy<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const seconds = this.busyTimeoutMs / 1000;
      throw new StoreBusyError(
        `${this.path}: another writer kept the store locked for more than ${seconds} s; nothing was written, try again`,
        `${this.path}: một tiến trình khác giữ khóa ghi quá ${seconds} giây; chưa ghi gì, hãy thử lại`,
      );
    }
  }

  /**
   * Sets the journal mode. Leaving WAL needs every other connection closed: while one is open SQLite
   * refuses, and the store stays in WAL (a bulk load is then only slower). Coming back to WAL waits
   * for readers like a write; if they outlast the timeout, the next store opened puts WAL back.
   */
  private setJournal(mode: "wal" | typeof BULK_JOURNAL): void {
    try {
      this.db.pragma(`journal_mode = ${mode}`);
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
  }

  async beginBulkLoad(expectedRows: number): Promise<boolean> {
    if (!Number.isFinite(expectedRows) || expectedRows < 0) {
      throw new ValidationError("expectedRows", expectedRows, "must be a number ≥ 0", "phải là số ≥ 0");
    }
    if (this.bulk) return true;
    // Nothing to resume and too small to be worth it: no load, no lock to take.
    if (this.readBulkMarker() === null && !this.worthBulkLoad(expectedRows)) return false;
    const lock = await this.takeBulkLock();
    let started: boolean;
    try {
      started = this.unlessBusy(() =>
        this.db
          .transaction((): boolean => {
            // The lock is ours, so a load announced in the file has no live loader: take it over.
            const abandoned = this.readBulkMarker();
            if (abandoned) {
              this.writeBulkMarker(abandoned.expectedRows, abandoned);
              return true;
            }
            // Rebuilding indexes over the rows already stored only pays when the load is as big as they are.
            if (!this.worthBulkLoad(expectedRows)) return false;
            this.writeBulkMarker(expectedRows, null);
            for (const index of BULK_DEFERRED_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${index.name}`);
            return true;
          })
          .immediate(),
      );
    } catch (error) {
      lock.release();
      throw error;
    }
    if (!started) {
      lock.release();
      return false;
    }
    this.lock = lock;
    this.setJournal(BULK_JOURNAL);
    // Sized for the expected cells at most 75 % full (the table doubles past that): 256 MiB for 24 M.
    const cells = new CellSet(Math.max(1 << 16, (this.s.maxId.get() ?? 0) + expectedRows));
    this.bulk = { cells, dirty: new Map() };
    this.reloadCells(this.bulk);
    return true;
  }

  private worthBulkLoad(expectedRows: number): boolean {
    return expectedRows >= BULK_MIN_ROWS && expectedRows >= (this.s.maxId.get() ?? 0);
  }

  /**
   * Takes the bulk-load lock, or throws StoreBusyError naming the load that holds it, at once: it
   * never waits for a running load. It waits (HOLDER_WAIT_MS at most) only while the holder's marker
   * does not name a live process, for the moment a loader starts, takes over or ends a load.
   */
  private async takeBulkLock(): Promise<BulkLoadLock> {
    const deadline = Date.now() + HOLDER_WAIT_MS;
    for (;;) {
      const lock = BulkLoadLock.tryAcquire(this.path);
      if (lock) return lock;
      const holder = this.readBulkMarker();
      if (holder && processExists(holder.pid)) {
        throw this.loadRunning(
          holder,
          "one bulk load at a time: run this import again when it has finished",
          "mỗi lúc chỉ một lần nạp hàng loạt: hãy chạy lại lệnh nhập sau khi lần nạp đó kết thúc",
        );
      }
      if (Date.now() >= deadline) {
        throw new StoreBusyError(
          `${this.path}: another process holds the bulk-load lock ${bulkLockPath(this.path)} (starting or ending a load); run this again in a moment`,
          `${this.path}: một tiến trình khác đang giữ khóa nạp hàng loạt ${bulkLockPath(this.path)}; hãy thử lại sau ít phút`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async endBulkLoad(): Promise<void> {
    const lock = this.lock;
    if (lock === null) {
      // Not this object's load: finish one whose loader died, leave a running one alone.
      if (this.readBulkMarker() !== null) this.finishAbandonedBulkLoad();
      return;
    }
    // The cells are not needed to build the index (a failed build is resumed by reloading them):
    // their memory goes back before the sort takes its own.
    this.bulk = null;
    try {
      if (this.readBulkMarker() !== null) this.rebuildDeferredIndexes();
      else this.setJournal("wal");
    } finally {
      // After the marker is gone: a process refused meanwhile finds the lock held, the marker gone,
      // and tries again a moment later.
      this.lock = null;
      lock.release();
    }
  }

  /** Finishes a bulk load whose loader died, when this object can take its lock (otherwise another process is at it). */
  private finishAbandonedBulkLoad(): void {
    const lock = BulkLoadLock.tryAcquire(this.path);
    if (lock === null) return;
    try {
      const abandoned = this.unlessBusy(() =>
        this.db
          .transaction(() => {
            const state = this.readBulkMarker();
            // Named as its loader while rebuilding, so that a process refused meanwhile says who.
            if (state) this.writeBulkMarker(state.expectedRows, state);
            return state;
          })
          .immediate(),
      );
      if (abandoned === null) return;
      this.onNotice(
        `${this.path}: finishing the bulk load that process ${abandoned.pid} started at ${abandoned.startedAt} and did not end: rebuilding its indexes…`,
      );
      this.rebuildDeferredIndexes();
    } finally {
      lock.release();
    }
  }

  /** Builds the indexes a bulk load deferred and removes its marker, in one transaction; then back to WAL. */
  private rebuildDeferredIndexes(): void {
    // SQLite sorts index keys with helper threads when allowed: the import's parser is done by now.
    // The sort's runs go to temporary files, not memory: at 24 M rows they held ≈ 0.6 GiB, which
    // took the import's peak RSS over 2 GiB with temp_store = MEMORY.
    this.db.pragma("threads = 2");
    this.db.pragma("temp_store = FILE");
    // Each sorting thread fills runs of up to cache_size bytes: with the import's 256 MiB cache the
    // rebuild added ≈ 630 MiB to the peak RSS of a 24 M import (sampled every 5 s). 64 MiB runs
    // also sorted faster (24 M codes: 24.3 s, against 36.8 s with 512 MiB).
    const cacheSize = this.db.pragma("cache_size", { simple: true }) as number;
    this.db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
    try {
      this.unlessBusy(() =>
        this.db
          .transaction(() => {
            for (const index of BULK_DEFERRED_INDEXES) this.db.exec(index.sql.replace("INDEX", "INDEX IF NOT EXISTS"));
            this.s.deleteCheckpoint.run(BULK_KEY);
          })
          .immediate(),
      );
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE") throw this.duplicateCodes();
      throw error;
    } finally {
      this.db.pragma("threads = 0");
      this.db.pragma("temp_store = MEMORY");
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
    this.setJournal("wal");
    this.db.pragma("optimize");
  }

  /** Why a bulk load's unique code index could not be rebuilt: codes stored twice (never by a locked load). */
  private duplicateCodes(): DuplicateError {
    const shared = this.db.prepare<[], number>("SELECT count(*) FROM (SELECT code FROM records GROUP BY code HAVING count(*) > 1)").pluck().get() ?? 0;
    return new DuplicateError(
      `${this.path}: the bulk load cannot end: ${shared} codes are each held by more than one record, so the unique code index cannot be rebuilt; no record was changed`,
      `${this.path}: không kết thúc được lần nạp hàng loạt: ${shared} mã bị trùng giữa nhiều địa chỉ; không địa chỉ nào bị thay đổi`,
    );
  }

  /** Fills a bulk load's cells from the stored codes and unit counters (start, resume, after a rollback). */
  private reloadCells(bulk: BulkLoad): void {
    const cells = new CellSet(bulk.cells.capacity);
    for (const code of this.db.prepare<[], string>("SELECT code FROM records").pluck().iterate()) {
      const cell = cellOf(code);
      cells.take(cell);
      // A unit code requested explicitly may be above its cell's counter.
      if (code.length > BASE_LENGTH) cells.noteUnit(cell, splitUnit(code).unit ?? 0);
    }
    for (const row of this.db.prepare<[], { base: string; last_unit: number }>("SELECT base, last_unit FROM cells").iterate()) {
      cells.noteUnit(cellOf(row.base), row.last_unit);
    }
    bulk.cells = cells;
    bulk.dirty.clear();
  }

  /**
   * A code for a new row during a bulk load, from the cells in memory: the base code when the cell
   * is free, else its next unit. A requested code is kept when its cell (or unit) is free; null when not.
   */
  private allocateBulk(bulk: BulkLoad, requested: string | null, lat: number, lon: number): string | null {
    if (requested !== null) {
      let split: { base: string; unit: number | null };
      try {
        split = splitUnit(requested);
      } catch {
        return null;
      }
      const cell = cellOf(split.base);
      if (split.unit === null) return bulk.cells.take(cell) ? null : split.base;
      bulk.cells.take(cell);
      if (split.unit <= bulk.cells.lastUnit(cell)) return null;
      bulk.cells.noteUnit(cell, split.unit);
      bulk.dirty.set(cell, split.base);
      return split.base + unitSuffix(split.unit);
    }
    const base = encode(lat, lon);
    const cell = cellOf(base);
    if (!bulk.cells.take(cell)) return base;
    bulk.dirty.set(cell, base);
    return base + unitSuffix(bulk.cells.nextUnit(cell));
  }

  /** Writes the unit counters a transaction moved to `cells`, so that a crash keeps them with the rows. */
  private flushCells(bulk: BulkLoad): void {
    for (const [cell, base] of bulk.dirty) this.s.setCell.run(base, bulk.cells.lastUnit(cell));
    bulk.dirty.clear();
  }

  /** `bindRecord` for row `i` of an encoded chunk: the same parameters, cut out of the chunk's text. */
  private bindEncoded(
    p: unknown[],
    o: number,
    id: number | null,
    code: string,
    enc: EncodedRows,
    i: number,
    status: Status,
    batchId: number,
    externalId: string,
    at: number,
  ): void {
    const lat = numberOf(enc, i, N.lat);
    const lon = numberOf(enc, i, N.lon);
    const accuracy = numberOf(enc, i, N.accuracy);
    p[o] = id;
    p[o + 1] = code;
    p[o + 2] = textOf(enc, i, T.kind);
    p[o + 3] = STATUS_NUMBER[status];
    p[o + 4] = textOf(enc, i, T.province);
    p[o + 5] = textOf(enc, i, T.commune);
    p[o + 6] = textOf(enc, i, T.old);
    p[o + 7] = textOf(enc, i, T.name);
    p[o + 8] = textOf(enc, i, T.parts);
    p[o + 9] = lat;
    p[o + 10] = lon;
    p[o + 11] = Number.isNaN(accuracy) ? null : accuracy;
    p[o + 12] = textOf(enc, i, T.locSource);
    p[o + 13] = 0; // tile: unused since schema v3 (boxes are code ranges); 0 takes no bytes
    p[o + 14] = textOf(enc, i, T.owner);
    p[o + 15] = batchId;
    p[o + 16] = externalId;
    p[o + 17] = textOf(enc, i, T.surveyor);
    p[o + 18] = textOf(enc, i, T.issues);
    p[o + 19] = at;
    p[o + 20] = at;
    p[o + 21] = textOf(enc, i, T.extra);
  }

  /** Runs `PRAGMA optimize` and `wal_checkpoint(TRUNCATE)`: call after a bulk import. */
  checkpointWal(): void {
    this.db.pragma("optimize");
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** Closes the store. A bulk load not ended is left announced, and abandoned: the next writer finishes it. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
    this.bulk = null;
    this.lock?.release();
    this.lock = null;
  }
}

/**
 * Opens (creating and migrating when needed) the store in `path`; ":memory:" for tests. Throws
 * StoreFileError (store-file.ts) naming the path when the file cannot be used as asked.
 */
export function openSqliteStore(path: string, options?: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(path, options);
}
