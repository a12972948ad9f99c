/**
 * The Store on PostgreSQL 15 + PostGIS (`pg`, one pool per store): the same contract as the
 * embedded SQLite store (store.ts), the same answers (records and revisions as the same JSON, the
 * same errors), for many processes and machines writing one database.
 *
 *   connection.ts   the pool, the schema (migrations.ts), the reader and writer transactions
 *   records.ts      rows of records, revisions and batches, and the records readers get
 *   lifecycle.ts    one record at a time: create, update, transition, findings, erasure, as-of
 *   import-rows.ts  importBatch and loadRows: a whole chunk per statement
 *   codes.ts        code allocation under the writers' lock
 *   counters.ts     the counts kept in the write transaction, and their reads
 *   outbox.ts       the notification outbox: claims under a lease, settling, dead letters, counts
 *   bulk-load.ts    the bulk load through COPY, its marker, its lock, and the gate every write passes
 *   tables.ts       every table as raw rows, out of a snapshot and into an empty store (migrate)
 *   replicas.ts     which server a read goes to when the store has read replicas
 *
 * With read replicas (streaming standbys of the primary), each read method names where it goes:
 * the public reads to a replica, reads whose answer must follow the latest commit (access keys,
 * a spent owner link, the bulk-load state) to the primary first; `primaryView()` is the same store
 * with every read on the primary, for operations that read and then write (docs/postgres.md).
 *
 * Records, owner answers and the outbox are written under the writers' lock (connection.ts), so the
 * change feed grows in commit order; access keys and the audit log are not records and take none.
 */
import { type AuditRow, entryOf, KEY_COLUMNS, type KeyRow, keyOf, type ProposalRow, proposalOf } from "../rows.js";
import type pg from "pg";
import { codeRanges } from "../../code/ranges.js";
import { DuplicateError, SpentNonceError, ValidationError } from "../../domain/errors.js";
import {
  STATUS_NUMBER,
  STATUSES,
  type Status,
  type TransitionRequest,
} from "../../domain/lifecycle.js";
import type { AddressRecord, Issue } from "../../domain/record.js";
import {
  type BulkLoader,
  type BulkLoadState,
  type LoadOutcomes,
  type LoadRows,
  OUTCOME_NUMBER,
} from "../bulk-load.js";
import { loadRowsOf } from "../load-rows.js";
import type { TableChunk, TableExport, TableTransfer } from "../tables.js";
import type { ContentPatch } from "../record-changes.js";
import { timeOf } from "../record-changes.js";
import { type Held, SCAN_COLUMNS, type ScanRow, scanPage, scanStart } from "../record-rows.js";
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
  NotificationClaim,
  NotificationCount,
  NotificationOutcome,
  NotificationSettled,
  OwnerAnswer,
  Page,
  ProposalFilter,
  ProvinceStatusCount,
  ReadOptions,
  RecordQuery,
  RecordSummary,
  ReplicationState,
  Revision,
  RuleCount,
  Store,
  WriteContext,
} from "../store.js";
import { BULK_LOCK, beginLoad, copyNewRows, finishLoad, gate, loadState } from "./bulk-load.js";
import { heldConnectionLost, migratePool, openPool, transaction, WRITERS_LOCK } from "./connection.js";
import { isUnreachable, ReadPools, type ReadRoute, sourceName, unavailable } from "./replicas.js";

export { PostgresSchemaError } from "./connection.js";
import * as counts from "./counters.js";
import { importRows } from "./import-rows.js";
import { exportPostgresTables, importPostgresTables } from "./tables.js";
import * as lifecycle from "./lifecycle.js";
import * as outbox from "./outbox.js";
import {
  batchId,
  changesSince,
  checkCode,
  history,
  mustHold,
  type PgRecordRow,
  RECORD_SELECT,
  rowByCode,
  toRecord,
} from "./records.js";

export interface PostgresStoreOptions {
  /** Connections at most (default 10). */
  poolSize?: number;
  /** A schema of the database to keep the store in (created when missing); default `public`. */
  schema?: string;
  /** Refuse a database without a store in it instead of creating one (default false). */
  mustExist?: boolean;
  /** Told (one line) when a write first finishes a bulk load its loader abandoned, or the schema is upgraded. */
  onNotice?: (message: string) => void;
  /**
   * URLs of read replicas of this database (streaming standbys of the primary `url` names): reads
   * are served from them in turn, the primary when none answers. Default none.
   */
  readReplicas?: readonly string[];
  /** WAL bytes a replica may be behind the primary and still be read first (default 16 MiB, replicas.ts). */
  maxReplicaLagBytes?: number;
}

/** A replica that does not answer is passed over after this long; the primary keeps the pool's own timeout. */
const REPLICA_CONNECT_TIMEOUT_MS = 5_000;

const MAX_PAGE = 10_000;
const MAX_PROPOSALS = 10_000;

/** What a writer gets back: the record without its row id. */
function publish(record: Held): AddressRecord {
  const { id: _id, ...out } = record;
  return out;
}

export class PostgresStore implements Store, BulkLoader, TableTransfer {
  readonly backend = "postgres";
  private readonly onNotice: (message: string) => void;
  /** The loader's own connection while this object runs a bulk load (it holds the load's lock). */
  private loader: pg.PoolClient | null = null;
  /** The loader's connection watched while held (connection.ts, heldConnectionLost). */
  private loaderHeld: { release(drop?: boolean): void } | null = null;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly reads: ReadPools,
    private readonly options: PostgresStoreOptions,
    /** Whether closing this object ends the pools (false for a primaryView, which borrows them). */
    private readonly ownsPools: boolean,
  ) {
    this.onNotice = options.onNotice ?? (() => {});
  }

  /** Connects, creating or upgrading the schema when needed. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = openPool(url, { max: options.poolSize, schema: options.schema });
    try {
      await migratePool(pool, {
        schema: options.schema,
        mustExist: options.mustExist,
        onNotice: options.onNotice,
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    const replicas = (options.readReplicas ?? []).map((replica) => ({
      name: sourceName(replica),
      pool: openPool(replica, { max: options.poolSize, schema: options.schema, connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS }),
    }));
    const reads = new ReadPools({ name: sourceName(url), pool }, replicas, options.maxReplicaLagBytes);
    if (replicas.length > 0) {
      const state = await reads.status();
      for (const replica of state.replicas) {
        if (!replica.reachable) options.onNotice?.(`read replica ${replica.name} does not answer: reads go elsewhere until it does`);
        else if (!replica.inRecovery) options.onNotice?.(`read replica ${replica.name} is not a standby (pg_is_in_recovery() is false): is it the right server?`);
      }
    }
    return new PostgresStore(pool, reads, options, true);
  }

  /**
   * This store with every read on the primary, sharing this one's connections: for an operation
   * that reads and then writes on what it read (an update's current record, an owner link's
   * checks), which must not act on a replica's older copy. Closing it closes nothing.
   */
  primaryView(): this {
    if (this.reads.replicas.length === 0) return this;
    return new PostgresStore(this.pool, new ReadPools(this.reads.primary, []), this.options, false) as this;
  }

  /** Where the primary and each read replica stand (reachable, replay position, lag); null without replicas. */
  async replication(): Promise<ReplicationState | null> {
    return this.reads.replicas.length === 0 ? null : this.reads.status();
  }

  /** A read, on the server `route` chooses (replicas.ts). */
  private read<T>(route: ReadRoute, work: (db: pg.Pool) => Promise<T>): Promise<T> {
    return this.reads.read(route, work);
  }

  /** Work on the primary only; a primary that cannot be reached is StoreUnavailableError. */
  private onPrimary<T>(work: (db: pg.Pool) => Promise<T>): Promise<T> {
    return this.reads.read("only-primary", work);
  }

  /** A record write: under the writers' lock, through the bulk-load gate. */
  private async write<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await transaction(this.pool, true, async (client) => {
        await gate(client, this.onNotice);
        return work(client);
      });
    } catch (error) {
      if (isUnreachable(error)) throw unavailable([`${this.reads.primary.name}: ${(error as Error).message}`]);
      throw error;
    }
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────────

  async get(code: string, options?: ReadOptions): Promise<AddressRecord | null> {
    const row = await this.read("replica", (db) => rowByCode(db, code));
    return row ? toRecord(row, options?.withPersonalData ?? false) : null;
  }

  async getMany(codes: readonly string[], options?: ReadOptions): Promise<(AddressRecord | null)[]> {
    if (codes.length === 0) return [];
    const { rows } = await this.read("replica", (db) =>
      db.query<PgRecordRow>(`${RECORD_SELECT} WHERE r.code = ANY($1::text[])`, [codes]),
    );
    const byCode = new Map(rows.map((row) => [row.code, row]));
    return codes.map((code) => {
      const row = byCode.get(code);
      return row ? toRecord(row, options?.withPersonalData ?? false) : null;
    });
  }

  async getAsOf(code: string, at: Date, options?: ReadOptions): Promise<AddressRecord | null> {
    return this.read("replica", (db) =>
      transaction(db, false, async (client) => {
        await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        return lifecycle.recordAsOf(client, code, at, options);
      }),
    );
  }

  async findByExternalId(
    batch: string,
    externalId: string,
    options?: ReadOptions,
  ): Promise<AddressRecord | null> {
    const { rows } = await this.read("replica", (db) =>
      db.query<PgRecordRow>(`${RECORD_SELECT} WHERE b.name = $1 AND r.external_id = $2`, [batch, externalId]),
    );
    return rows[0] ? toRecord(rows[0], options?.withPersonalData ?? false) : null;
  }

  async history(code: string, options?: ReadOptions): Promise<Revision[]> {
    return this.read("replica", (db) =>
      transaction(db, false, (client) => history(client, code, options?.withPersonalData ?? false)),
    );
  }

  async query(query: RecordQuery, options?: ReadOptions): Promise<Page<AddressRecord>> {
    return this.read("replica", (db) => this.queryOn(db, query, options));
  }

  /** `query` on one server: its lookups (a commune's province, a batch's id) and its page from the same one. */
  private async queryOn(db: pg.Pool, query: RecordQuery, options?: ReadOptions): Promise<Page<AddressRecord>> {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw new ValidationError(
        "limit",
        limit,
        `must be an integer from 1 to ${MAX_PAGE}`,
        `phải là số nguyên từ 1 đến ${MAX_PAGE}`,
      );
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const statuses =
      query.status === undefined
        ? undefined
        : typeof query.status === "string"
          ? [query.status]
          : [...query.status];
    for (const s of statuses ?? []) {
      if (!STATUSES.includes(s))
        throw new ValidationError(
          "status",
          s,
          `must be one of ${STATUSES.join(", ")}`,
          "trạng thái không hợp lệ",
        );
    }
    let province = query.province;
    if (query.commune !== undefined) {
      const found = await counts.provinceOfCommune(db, query.commune);
      if (found === undefined || (province !== undefined && province !== found))
        return { items: [], next: null };
      province = found;
    }
    if (statuses) where.push(`r.status = ANY(${param(statuses.map((s) => STATUS_NUMBER[s]))}::smallint[])`);
    if (province !== undefined) where.push(`r.province = ${param(province)}`);
    if (query.commune !== undefined) where.push(`r.commune = ${param(query.commune)}`);
    if (query.batch !== undefined) {
      const id = await batchId(db, query.batch, false);
      if (id === null) return { items: [], next: null };
      where.push(`r.batch_id = ${param(id)}`);
    }
    if (query.bbox) {
      const { south, west, north, east } = query.bbox;
      for (const [name, v] of Object.entries(query.bbox)) {
        if (typeof v !== "number" || !Number.isFinite(v))
          throw new ValidationError(`bbox.${name}`, v, "must be a number", "phải là số");
      }
      if (south > north || west > east)
        throw new ValidationError(
          "bbox",
          query.bbox,
          "needs south ≤ north and west ≤ east",
          "cần nam ≤ bắc và tây ≤ đông",
        );
      if (codeRanges(query.bbox).length === 0) return { items: [], next: null };
      // The GiST index answers the box; the bounds are inclusive, as the SQLite store's BETWEEN.
      where.push(
        `r.geom && ST_MakeEnvelope(${param(west)}, ${param(south)}, ${param(east)}, ${param(north)}, 4326)`,
      );
      where.push(
        `r.lat BETWEEN $${params.length - 2} AND $${params.length} AND r.lon BETWEEN $${params.length - 3} AND $${params.length - 1}`,
      );
    }
    if (query.after) {
      const after = Number.parseInt(query.after, 36);
      if (!Number.isSafeInteger(after))
        throw new ValidationError(
          "after",
          query.after,
          "is not a cursor of this store",
          "con trỏ trang không hợp lệ",
        );
      where.push(`r.id > ${param(after)}`);
    }
    const { rows } = await db.query<PgRecordRow>(
      `${RECORD_SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY r.id LIMIT ${limit + 1}`,
      params,
    );
    const more = rows.length > limit;
    if (more) rows.pop();
    return {
      items: rows.map((row) => toRecord(row, options?.withPersonalData ?? false)),
      next: more ? rows[rows.length - 1].id.toString(36) : null,
    };
  }

  async scan(after?: string | null, limit = MAX_PAGE): Promise<Page<RecordSummary>> {
    const from = scanStart(after, limit);
    const { rows } = await this.read("replica", (db) =>
      db.query<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM records WHERE id > $1 ORDER BY id LIMIT $2`, [from, limit + 1]),
    );
    return scanPage(rows, limit);
  }

  async countsByProvinceAndStatus(): Promise<ProvinceStatusCount[]> {
    return this.read("replica", (db) => counts.countsByProvinceAndStatus(db));
  }

  async countsByCommuneAndStatus(province?: string): Promise<CommuneStatusCount[]> {
    return this.read("replica", (db) => counts.countsByCommuneAndStatus(db, province));
  }

  async findingsByRule(
    status?: Status | readonly Status[],
    options: FindingFilter = {},
  ): Promise<RuleCount[]> {
    return this.read("replica", (db) => counts.findingsByRule(db, status, options));
  }

  async importCheckpoint(key: string): Promise<string | null> {
    return (
      (
        await this.read("primary", (db) =>
          db.query<{ value: string }>("SELECT value FROM import_checkpoints WHERE key = $1", [key]),
        )
      ).rows[0]?.value ?? null
    );
  }

  async changesSince(after: number, limit = 1000): Promise<Revision[]> {
    return this.read("replica", (db) => changesSince(db, after, limit));
  }

  async lastSeq(): Promise<number> {
    return (
      (
        await this.read("replica", (db) =>
          db.query<{ seq: number | null }>("SELECT max(seq) AS seq FROM revisions"),
        )
      ).rows[0].seq ?? 0
    );
  }

  // ── writes ──────────────────────────────────────────────────────────────────────────────────

  async create(record: NewRecord, context: WriteContext): Promise<AddressRecord> {
    return publish(await this.write((client) => lifecycle.createRecord(client, record, context)));
  }

  async update(
    code: string,
    expectedVersion: number,
    patch: ContentPatch,
    context: WriteContext,
  ): Promise<AddressRecord> {
    return publish(
      await this.write((client) => lifecycle.updateRecord(client, code, expectedVersion, patch, context)),
    );
  }

  async transition(
    code: string,
    expectedVersion: number,
    request: TransitionRequest,
    context: WriteContext,
  ): Promise<AddressRecord> {
    return publish(
      await this.write((client) =>
        lifecycle.transitionRecord(client, code, expectedVersion, request, context),
      ),
    );
  }

  async importBatch(
    batch: string,
    rows: readonly ImportRow[],
    options: ImportOptions,
  ): Promise<ImportOutcome[]> {
    const { kinds, details, codes } = await this.importChunk(batch, loadRowsOf(rows), options, true);
    const out: ImportOutcome[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      out[i] = details.get(i) ?? {
        externalId: rows[i].externalId,
        outcome: "created",
        code: codes![i],
        version: 1,
      };
      if (kinds[i] !== OUTCOME_NUMBER[out[i].outcome])
        throw new Error(`importBatch: outcome of row ${i} out of step`);
    }
    return out;
  }

  /** One chunk of an import: on the loader's own connection, through COPY, when this object runs a load. */
  private async importChunk(batch: string, rows: LoadRows, options: ImportOptions, keepCodes: boolean) {
    const loader = this.loader;
    if (loader === null) return this.write((client) => importRows(client, batch, rows, options, keepCodes));
    await loader.query("BEGIN");
    try {
      await loader.query("SELECT pg_advisory_xact_lock($1, $2)", [...WRITERS_LOCK]);
      const result = await importRows(loader, batch, rows, options, keepCodes, copyNewRows);
      await loader.query("COMMIT");
      return result;
    } catch (error) {
      await loader.query("ROLLBACK").catch(() => {});
      throw error;
    }
  }

  async setIssues(entries: readonly { code: string; issues: Issue[]; version?: number }[]): Promise<number> {
    return this.write((client) => lifecycle.setIssues(client, entries));
  }

  async erasePersonalData(code: string, context: WriteContext & { reason: string }): Promise<ErasureResult> {
    if (typeof context.reason !== "string" || context.reason.trim() === "") {
      throw new ValidationError(
        "reason",
        context.reason,
        "an erasure needs a reason (the request it answers)",
        "cần ghi lý do xóa dữ liệu cá nhân",
      );
    }
    return this.write(async (client) => {
      const words = await client.query(
        "UPDATE correction_proposals SET text = NULL WHERE text IS NOT NULL AND record_id = (SELECT id FROM records WHERE code = $1)",
        [checkCode(code, "code")],
      );
      return lifecycle.erasePersonalData(client, code, context, (words.rowCount ?? 0) > 0);
    });
  }

  // ── the owner's answers ─────────────────────────────────────────────────────────────────────

  async answerAsOwner(
    answer: OwnerAnswer,
    context: WriteContext,
  ): Promise<{ record: AddressRecord; proposal: CorrectionProposal | null }> {
    return this.write(async (client) => {
      const held = await mustHold(client, answer.code, answer.expectedVersion);
      const at = context.at ? context.at.getTime() : Date.now();
      if (answer.nonce !== null) {
        const spent = await client.query(
          "INSERT INTO owner_link_spent (nonce, record_id, at) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING",
          [answer.nonce, held.id, at],
        );
        if (spent.rowCount === 0) throw new SpentNonceError(answer.nonce);
      }
      let proposal: CorrectionProposal | null = null;
      let correction: unknown;
      if (answer.to === "correction-requested") {
        const proposed = answer.proposal;
        const text = proposed?.text?.trim() || null;
        const fields = proposed?.fields ?? {};
        if (text === null && Object.keys(fields).length === 0)
          throw new ValidationError(
            "proposal",
            proposed ?? null,
            "say what is wrong (text) or propose values (fields)",
            "cần nói điều gì sai hoặc đề xuất giá trị",
          );
        const { rows } = await client.query<ProposalRow>(
          `INSERT INTO correction_proposals (province, commune, record_id, version, text, fields, at, via) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           RETURNING id, $9::text AS code, version, province, commune, text, fields, at, via`,
          [
            held.new.province,
            held.new.commune,
            held.id,
            held.version,
            text,
            JSON.stringify(fields),
            at,
            answer.via,
            held.code,
          ],
        );
        proposal = proposalOf(rows[0]);
        correction = { proposal: proposal.id, text, fields };
      }
      const record = await lifecycle.transitionRecord(
        client,
        answer.code,
        answer.expectedVersion,
        { to: answer.to, reason: answer.reason, correction },
        context,
      );
      return { record: publish(record), proposal };
    });
  }

  async ownerNonceSpent(nonce: string): Promise<{ code: string; at: string } | null> {
    // On the primary: a link spent a moment ago must not look unspent on a replica behind it.
    const { rows } = await this.read("primary", (db) =>
      db.query<{ code: string; at: number }>(
        "SELECT r.code, s.at FROM owner_link_spent AS s JOIN records AS r ON r.id = s.record_id WHERE s.nonce = $1",
        [nonce],
      ),
    );
    return rows[0] ? { code: rows[0].code, at: new Date(rows[0].at).toISOString() } : null;
  }

  async correctionProposals(filter: ProposalFilter = {}): Promise<CorrectionProposal[]> {
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PROPOSALS)
      throw new ValidationError(
        "limit",
        limit,
        `must be a whole number from 1 to ${MAX_PROPOSALS}`,
        `phải là số nguyên từ 1 đến ${MAX_PROPOSALS}`,
      );
    const { rows } = await this.read("replica", (db) => db.query<ProposalRow>(
      `SELECT p.id, r.code, p.version, p.province, p.commune, p.text, p.fields, p.at, p.via
       FROM correction_proposals AS p JOIN records AS r ON r.id = p.record_id
       WHERE p.id > $1 AND ($2::text IS NULL OR r.code = $2) AND ($3::text IS NULL OR p.province = $3) AND ($4::text IS NULL OR p.commune = $4)
       ORDER BY p.id LIMIT $5`,
      [
        filter.after ?? 0,
        filter.code === undefined ? null : checkCode(filter.code, "code"),
        filter.province ?? null,
        filter.commune ?? null,
        limit,
      ],
    ));
    return rows.map(proposalOf);
  }

  // ── the notification outbox ─────────────────────────────────────────────────────────────────

  async claimNotifications(claim: NotificationClaim): Promise<ClaimedNotification[]> {
    return this.write((client) => outbox.claimNotifications(client, claim));
  }

  async settleNotifications(
    claimant: string,
    channel: string,
    outcomes: readonly NotificationOutcome[],
    at?: Date,
  ): Promise<NotificationSettled[]> {
    const when = timeOf({ actor: claimant, at });
    return this.write((client) =>
      outbox.settleNotifications(
        client,
        claimant,
        channel,
        outcomes,
        when,
        async (recordId, sentBy, receipt, sentAt) => {
          const record = await lifecycle.notifyRecord(
            client,
            recordId,
            { actor: `notify:${sentBy}`, at: new Date(sentAt) },
            `notified by ${sentBy} (receipt ${receipt})`,
          );
          return { status: STATUS_NUMBER[record.status], version: record.version };
        },
      ),
    );
  }

  async deadLetters(
    options: { after?: number; limit?: number; province?: string } = {},
  ): Promise<DeadLetter[]> {
    return this.read("replica", (db) => outbox.deadLetters(db, options));
  }

  async notificationCounts(province?: string): Promise<NotificationCount[]> {
    return this.read("replica", (db) => outbox.notificationCounts(db, province));
  }

  // ── access keys and the audit log ───────────────────────────────────────────────────────────

  async addAccessKey(key: NewAccessKey, at = new Date()): Promise<AccessKey> {
    try {
      const { rows } = await this.onPrimary((db) => db.query<KeyRow>(
        `INSERT INTO access_keys (id, hash, name, role, scopes, provinces, rate_per_minute, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING ${KEY_COLUMNS}`,
        [
          key.id,
          key.hash,
          key.name,
          key.role,
          JSON.stringify(key.scopes),
          key.provinces === null ? null : JSON.stringify(key.provinces),
          key.ratePerMinute,
          at.getTime(),
          key.createdBy,
        ],
      ));
      return keyOf(rows[0]);
    } catch (error) {
      if ((error as { code?: string }).code === "23505")
        throw new DuplicateError(
          `an access key with id ${key.id} or the same hash exists`,
          `đã có khóa truy cập ${key.id} hoặc cùng mã băm`,
        );
      throw error;
    }
  }

  async accessKeyByHash(hash: string): Promise<AccessKey | null> {
    // The primary first, so that a revocation holds at once; a replica only while the primary is
    // unreachable, when a key revoked in the last moments may still be let in.
    const { rows } = await this.read("primary", (db) =>
      db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE hash = $1`, [hash]),
    );
    return rows[0] ? keyOf(rows[0]) : null;
  }

  async accessKeysRevision(): Promise<number> {
    // Where accessKeyByHash reads, so that the two agree; keys are added and revoked once, never
    // removed nor revived (Store.accessKeysRevision). count() is a bigint, which pg reads as text.
    const { rows } = await this.read("primary", (db) =>
      db.query<{ revision: string }>("SELECT count(*) + count(revoked_at) AS revision FROM access_keys"),
    );
    return Number(rows[0].revision);
  }

  async accessKeys(): Promise<AccessKey[]> {
    return (
      await this.read("primary", (db) =>
        db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM access_keys ORDER BY created_at, id COLLATE "C"`),
      )
    ).rows.map(keyOf);
  }

  async revokeAccessKey(id: string, at = new Date()): Promise<AccessKey | null> {
    const { rows } = await this.onPrimary(async (db) => {
      await db.query("UPDATE access_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [at.getTime(), id]);
      return db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE id = $1`, [id]);
    });
    return rows[0] ? keyOf(rows[0]) : null;
  }

  async appendAudit(entry: Omit<AuditEntry, "seq" | "at">, at = new Date()): Promise<AuditEntry> {
    const { rows } = await this.onPrimary((db) => db.query<AuditRow>(
      "INSERT INTO audit_log (at, actor, action, subject, reason) VALUES ($1, $2, $3, $4, $5) RETURNING seq, at, actor, action, subject, reason",
      [at.getTime(), entry.actor, entry.action, entry.subject, entry.reason],
    ));
    return entryOf(rows[0]);
  }

  async auditLog(options: { after?: number; limit?: number; subject?: string } = {}): Promise<AuditEntry[]> {
    const { rows } = await this.read("replica", (db) => db.query<AuditRow>(
      "SELECT seq, at, actor, action, subject, reason FROM audit_log WHERE seq > $1 AND ($2::text IS NULL OR subject = $2) ORDER BY seq LIMIT $3",
      [options.after ?? 0, options.subject ?? null, options.limit ?? 1000],
    ));
    return rows.map(entryOf);
  }

  // ── bulk load ───────────────────────────────────────────────────────────────────────────────

  async beginBulkLoad(expectedRows: number): Promise<boolean> {
    if (this.loader !== null) return true;
    const client = await this.pool.connect();
    const held = heldConnectionLost(client);
    try {
      const deferred = await beginLoad(client, expectedRows);
      if (deferred) {
        this.loader = client;
        this.loaderHeld = held;
      } else held.release();
      return deferred;
    } catch (error) {
      held.release();
      throw error;
    }
  }

  async loadRows(batch: string, rows: LoadRows, options: ImportOptions): Promise<LoadOutcomes> {
    const { kinds, details } = await this.importChunk(batch, rows, options, false);
    return { kinds, details };
  }

  async endBulkLoad(): Promise<void> {
    const loader = this.loader;
    if (loader === null) {
      // Not this object's load: finish an abandoned one, leave a running one alone.
      const state = await this.onPrimary((db) => loadState(db));
      if (state !== null && !state.running) await this.write(async () => {});
      return;
    }
    try {
      await loader.query("BEGIN");
      await loader.query("SELECT pg_advisory_xact_lock($1, $2)", [...WRITERS_LOCK]);
      await finishLoad(loader);
      await loader.query("COMMIT");
      await loader.query("SELECT pg_advisory_unlock($1, $2)", [...BULK_LOCK]);
    } catch (error) {
      await loader.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      this.loader = null;
      this.loaderHeld?.release();
      this.loaderHeld = null;
    }
  }

  async bulkLoadState(): Promise<BulkLoadState | null> {
    return this.read("primary", (db) => loadState(db));
  }

  // ── raw tables (a migration between backends) ─────────────────────────────────────────────

  async exportTables(): Promise<TableExport> {
    return exportPostgresTables(this.pool);
  }

  async importTables(chunks: AsyncIterable<TableChunk>, onRows?: (rows: number) => void): Promise<void> {
    return importPostgresTables(this.pool, chunks, onRows);
  }

  /** Closes the pool. A bulk load not ended is left announced, and abandoned: the next writer finishes it. */
  async close(): Promise<void> {
    if (this.loader !== null) {
      // Ending the loader's session drops its lock: the load is abandoned, as when its process dies.
      this.loaderHeld?.release(true);
      this.loader = null;
      this.loaderHeld = null;
    }
    if (this.ownsPools) await this.reads.end();
  }
}

/** Opens (creating or upgrading the schema when needed) the PostgreSQL store at `url`. */
export function openPostgresStore(url: string, options?: PostgresStoreOptions): Promise<PostgresStore> {
  return PostgresStore.open(url, options);
}

