/**
 * The embedded Store on SQLite (better-sqlite3): one file, WAL journal, prepared statements, one
 * IMMEDIATE transaction per write call (a whole `importBatch` included). IMMEDIATE takes the write
 * lock before reading, so a version check or a code allocation can never race with another
 * process; readers keep reading the last committed state meanwhile (WAL).
 *
 * It implements both contracts, the record store (`Store`) and the bulk load (`BulkLoader`), by
 * handing each call to the part that does it:
 *
 *   connection.ts     opening: file checks, schema (migrations.ts), pragmas
 *   records.ts        the records, revisions and batches tables; reads by code, key, history, feed
 *   record-rows.ts    a record as a row and back; the columns an INSERT binds
 *   lifecycle.ts      one record at a time: create, update, transition, findings, erasure, as-of
 *   import-rows.ts    importBatch and loadRows: groups of rows through named stages
 *   codes.ts          code allocation, row by row and from the cells in memory of a bulk load
 *   counters.ts       the counts kept in the write transaction, and their reads
 *   queries.ts        query by unit, status, batch and bounding box
 *   bulk-load.ts      the bulk load's states, its lock, and the gate every write passes
 *   access.ts         access keys (hashed) and the audit log of personal-data reads
 *   owner-answers.ts  the owner's answers: links spent once, correction proposals kept
 *   notifications.ts  the notification outbox: claims under a lease, settling, dead letters, counts
 *   tables.ts         every table as raw rows, out of a snapshot and into an empty store (migrate)
 */
import type { TransitionRequest } from "../../domain/lifecycle.js";
import type { Status } from "../../domain/lifecycle.js";
import type { AddressRecord, Issue } from "../../domain/record.js";
import { ValidationError } from "../../domain/errors.js";
import { type BulkLoader, type BulkLoadState, type LoadOutcomes, type LoadRows, OUTCOME_NUMBER } from "../bulk-load.js";
import { loadRowsOf } from "../load-rows.js";
import type { TableChunk, TableExport, TableTransfer } from "../tables.js";
import type {
  AccessKey,
  AuditEntry,
  ClaimedNotification,
  CommuneStatusCount,
  CorrectionProposal,
  DeadLetter,
  ErasureResult,
  FindingFilter,
  ImportOptions,
  ImportOutcome,
  ImportRow,
  NewAccessKey,
  NewRecord,
  OwnerAnswer,
  NotificationClaim,
  NotificationCount,
  NotificationOutcome,
  NotificationSettled,
  Page,
  ProposalFilter,
  ProvinceStatusCount,
  ReadOptions,
  RecordQuery,
  RecordSummary,
  Revision,
  RuleCount,
  Store,
  WriteContext,
} from "../store.js";
import { AccessTables } from "./access.js";
import { bulkLoadAnnounced, SqliteBulkLoad } from "./bulk-load.js";
import { Checkpoints } from "./checkpoints.js";
import { CodeAllocation } from "./codes.js";
import { type Connection, openConnection } from "./connection.js";
import { CountDeltas, Counters } from "./counters.js";
import { RowImporter } from "./import-rows.js";
import { type ContentPatch, timeOf } from "../record-changes.js";
import { RecordWrites, recordAsOf } from "./lifecycle.js";
import { NotificationTable } from "./notifications.js";
import { OwnerAnswers } from "./owner-answers.js";
import { RecordQueries } from "./queries.js";
import type { Held } from "../record-rows.js";
import { RecordTable } from "./records.js";
import { exportSqliteTables, importSqliteTables } from "./tables.js";

export { HIDDEN } from "../record-rows.js";

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

/** What a writer gets back: the record without its row id. */
function publish(record: Held): AddressRecord {
  const { id: _id, ...out } = record;
  return out;
}

export class SqliteStore implements Store, BulkLoader, TableTransfer {
  readonly backend = "sqlite";
  readonly path: string;
  private readonly connection: Connection;
  private readonly records: RecordTable;
  private readonly counters: Counters;
  private readonly checkpoints: Checkpoints;
  private readonly writes: RecordWrites;
  private readonly queries: RecordQueries;
  private readonly bulkLoad: SqliteBulkLoad;
  private readonly importer: RowImporter;
  private readonly access: AccessTables;
  private readonly ownerAnswers: OwnerAnswers;
  private readonly notifications: NotificationTable;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.connection = openConnection(path, {
      busyTimeoutMs: options.busyTimeoutMs ?? 30_000,
      cacheMiB: options.cacheMiB ?? 64,
      readonly: options.readonly ?? false,
      mustExist: options.mustExist ?? false,
      onNotice: options.onNotice,
      bulkLoadAnnounced,
    });
    const db = this.connection.db;
    this.records = new RecordTable(db);
    this.counters = new Counters(db);
    this.checkpoints = new Checkpoints(db);
    const codes = new CodeAllocation(db, this.records);
    this.writes = new RecordWrites(this.records, codes, this.counters);
    this.queries = new RecordQueries(db, this.records, this.counters);
    this.bulkLoad = new SqliteBulkLoad(this.connection, this.checkpoints, this.records, options.onNotice ?? (() => {}));
    this.importer = new RowImporter({ records: this.records, codes, counters: this.counters, checkpoints: this.checkpoints }, this.bulkLoad);
    this.access = new AccessTables(db);
    this.ownerAnswers = new OwnerAnswers(db, this.records, this.writes);
    this.notifications = new NotificationTable(db);
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────────

  async get(code: string, options?: ReadOptions): Promise<AddressRecord | null> {
    return this.records.get(code, options?.withPersonalData ?? false);
  }

  async getMany(codes: readonly string[], options?: ReadOptions): Promise<(AddressRecord | null)[]> {
    return codes.map((code) => this.records.get(code, options?.withPersonalData ?? false));
  }

  async getAsOf(code: string, at: Date, options?: ReadOptions): Promise<AddressRecord | null> {
    return recordAsOf(this.connection.db, this.records, code, at, options);
  }

  async findByExternalId(batch: string, externalId: string, options?: ReadOptions): Promise<AddressRecord | null> {
    return this.records.findByExternalId(batch, externalId, options?.withPersonalData ?? false);
  }

  async history(code: string, options?: ReadOptions): Promise<Revision[]> {
    return this.records.history(code, options?.withPersonalData ?? false);
  }

  async scan(after?: string | null, limit?: number): Promise<Page<RecordSummary>> {
    return this.queries.scan(after, limit);
  }

  async query(query: RecordQuery, options?: ReadOptions): Promise<Page<AddressRecord>> {
    return this.queries.query(query, options);
  }

  /** SQLite's plan for a query (diagnostics, and the test that the indexes serve). */
  explainQuery(query: RecordQuery): string[] {
    return this.queries.explain(query);
  }

  async countsByProvinceAndStatus(): Promise<ProvinceStatusCount[]> {
    return this.counters.byProvinceAndStatus();
  }

  async countsByCommuneAndStatus(province?: string): Promise<CommuneStatusCount[]> {
    return this.counters.byCommuneAndStatus(province);
  }

  async findingsByRule(status?: Status | readonly Status[], options: FindingFilter = {}): Promise<RuleCount[]> {
    return this.counters.findingsByRule(status, options);
  }

  async importCheckpoint(key: string): Promise<string | null> {
    return this.checkpoints.get(key);
  }

  async changesSince(after: number, limit = 1000): Promise<Revision[]> {
    return this.records.changesSince(after, limit);
  }

  async lastSeq(): Promise<number> {
    return this.records.lastSeq();
  }

  // ── writes ──────────────────────────────────────────────────────────────────────────────────

  async create(record: NewRecord, context: WriteContext): Promise<AddressRecord> {
    return publish(this.bulkLoad.writeTransaction(() => this.writes.create(record, context)));
  }

  async update(code: string, expectedVersion: number, patch: ContentPatch, context: WriteContext): Promise<AddressRecord> {
    return publish(this.bulkLoad.writeTransaction(() => this.writes.update(code, expectedVersion, patch, context)));
  }

  async transition(code: string, expectedVersion: number, request: TransitionRequest, context: WriteContext): Promise<AddressRecord> {
    return publish(this.bulkLoad.writeTransaction(() => this.writes.transition(code, expectedVersion, request, context)));
  }

  async importBatch(batch: string, rows: readonly ImportRow[], options: ImportOptions): Promise<ImportOutcome[]> {
    const { kinds, details, codes } = this.importer.importRows(batch, loadRowsOf(rows), options, true);
    const out: ImportOutcome[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      out[i] = details.get(i) ?? { externalId: rows[i].externalId, outcome: "created", code: codes![i], version: 1 };
      if (kinds[i] !== OUTCOME_NUMBER[out[i].outcome]) throw new Error(`importBatch: outcome of row ${i} out of step`);
    }
    return out;
  }

  async setIssues(entries: readonly { code: string; issues: Issue[]; version?: number }[]): Promise<number> {
    return this.bulkLoad.writeTransaction(() => this.writes.setIssues(entries));
  }

  async erasePersonalData(code: string, context: WriteContext & { reason: string }): Promise<ErasureResult> {
    if (typeof context.reason !== "string" || context.reason.trim() === "") {
      throw new ValidationError("reason", context.reason, "an erasure needs a reason (the request it answers)", "cần ghi lý do xóa dữ liệu cá nhân");
    }
    return this.bulkLoad.writeTransaction(() => this.writes.erasePersonalData(code, context, this.ownerAnswers.eraseWords(code) > 0));
  }

  // ── the owner's answers ─────────────────────────────────────────────────────────────────────

  async answerAsOwner(answer: OwnerAnswer, context: WriteContext): Promise<{ record: AddressRecord; proposal: CorrectionProposal | null }> {
    const { record, proposal } = this.bulkLoad.writeTransaction(() => this.ownerAnswers.answer(answer, context));
    return { record: publish(record), proposal };
  }

  async ownerNonceSpent(nonce: string): Promise<{ code: string; at: string } | null> {
    return this.ownerAnswers.spent(nonce);
  }

  async correctionProposals(filter: ProposalFilter = {}): Promise<CorrectionProposal[]> {
    return this.ownerAnswers.list(filter);
  }

  // ── the notification outbox ─────────────────────────────────────────────────────────────────
  // Claims and settlements are record writes (sending moves a record to notified): a bulk load
  // holds them back like any other.

  async claimNotifications(claim: NotificationClaim): Promise<ClaimedNotification[]> {
    return this.bulkLoad.writeTransaction(() => this.notifications.claim(claim));
  }

  async settleNotifications(claimant: string, channel: string, outcomes: readonly NotificationOutcome[], at?: Date): Promise<NotificationSettled[]> {
    const when = timeOf({ actor: claimant, at });
    return this.bulkLoad.writeTransaction(() => {
      const deltas = new CountDeltas();
      const settled = this.notifications.settle(claimant, channel, outcomes, when, (recordId, sentBy, receipt, sentAt) =>
        this.writes.notify(recordId, { actor: `notify:${sentBy}`, at: new Date(sentAt) }, `notified by ${sentBy} (receipt ${receipt})`, deltas),
      );
      deltas.writeTo(this.counters);
      return settled;
    });
  }

  async deadLetters(options: { after?: number; limit?: number; province?: string } = {}): Promise<DeadLetter[]> {
    return this.notifications.deadLetters(options);
  }

  async notificationCounts(province?: string): Promise<NotificationCount[]> {
    return this.notifications.countsByUnit(province);
  }

  // ── access keys and the audit log ───────────────────────────────────────────────────────────
  // Not records: a bulk load does not hold them back (a key made or an audit entry written during a
  // load touches neither the records nor their indexes).

  async addAccessKey(key: NewAccessKey, at = new Date()): Promise<AccessKey> {
    return this.access.add(key, at);
  }

  async accessKeyByHash(hash: string): Promise<AccessKey | null> {
    return this.access.byHash(hash);
  }

  async accessKeysRevision(): Promise<number> {
    return this.access.revision();
  }

  async accessKeys(): Promise<AccessKey[]> {
    return this.access.list();
  }

  async revokeAccessKey(id: string, at = new Date()): Promise<AccessKey | null> {
    return this.access.revokeKey(id, at);
  }

  async appendAudit(entry: Omit<AuditEntry, "seq" | "at">, at = new Date()): Promise<AuditEntry> {
    return this.access.append(entry, at);
  }

  async auditLog(options: { after?: number; limit?: number; subject?: string } = {}): Promise<AuditEntry[]> {
    return this.access.log(options);
  }

  // ── bulk load ───────────────────────────────────────────────────────────────────────────────

  async beginBulkLoad(expectedRows: number): Promise<boolean> {
    return this.bulkLoad.begin(expectedRows);
  }

  async loadRows(batch: string, rows: LoadRows, options: ImportOptions): Promise<LoadOutcomes> {
    const { kinds, details } = this.importer.importRows(batch, rows, options, false);
    return { kinds, details };
  }

  async endBulkLoad(): Promise<void> {
    return this.bulkLoad.end();
  }

  async bulkLoadState(): Promise<BulkLoadState | null> {
    return this.bulkLoad.state();
  }

  // ── raw tables (a migration between backends) ─────────────────────────────────────────────

  async exportTables(): Promise<TableExport> {
    return exportSqliteTables(this.connection.db);
  }

  async importTables(chunks: AsyncIterable<TableChunk>, onRows?: (rows: number) => void): Promise<void> {
    return importSqliteTables(this.connection, chunks, onRows);
  }

  // ── maintenance ─────────────────────────────────────────────────────────────────────────────

  /** Runs `PRAGMA optimize` and `wal_checkpoint(TRUNCATE)`: call after a bulk import. */
  checkpointWal(): void {
    this.connection.db.pragma("optimize");
    this.connection.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** Closes the store. A bulk load not ended is left announced, and abandoned: the next writer finishes it. */
  async close(): Promise<void> {
    if (this.connection.db.open) this.connection.db.close();
    this.bulkLoad.close();
  }
}

/**
 * Opens (creating and migrating when needed) the store in `path`; ":memory:" for tests. Throws
 * StoreFileError (store-file.ts) naming the path when the file cannot be used as asked.
 */
export function openSqliteStore(path: string, options?: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(path, options);
}
