/**
 * The storage contract of address records: one small interface that the embedded SQLite store
 * (`store/sqlite/`) and the PostgreSQL + PostGIS store (`store/postgres/`) implement.
 * `contract.ts` holds the tests every implementation must pass (`runStoreContract`). Loading
 * millions of rows is a separate contract (`bulk-load.ts`): each backend loads in its own way.
 *
 * Methods are asynchronous so that a networked backend fits; the SQLite implementation resolves
 * at once, the PostgreSQL one after its round trips. Writers hand in validated, normalised content (`normaliseAddressData`): the store
 * trusts its callers and checks only what needs the stored state (versions, transitions, codes).
 *
 * Guarantees every implementation gives:
 * - nothing is deleted: every change appends a revision (who, when, what changed, why) with a
 *   store-wide, strictly increasing sequence number (the change feed);
 * - an update carries the version it read; a stale one fails with ConflictError;
 * - codes are allocated inside the writing transaction, so concurrent writers (threads or
 *   processes) never hand out the same code;
 * - a batch (`importBatch`) is one transaction: after a crash it is all there or not at all;
 * - a record that becomes `complete` (created so, promoted by an import, or moved there) has a
 *   notification queued in the same transaction, one per record version (the outbox: nothing
 *   queued twice, nothing lost on a crash); a record that leaves `complete` for anything but
 *   `notified` supersedes its notification still queued;
 * - while a bulk load runs (bulk-load.ts), every write but the loader's is refused with
 *   StoreBusyError at once, and reads go on; a write that meets a load whose loader died finishes
 *   that load first.
 */
import type { Status, TransitionRequest } from "../domain/lifecycle.js";
import type { AddressData, AddressRecord, Changes, Issue } from "../domain/record.js";

/** Version of this interface; bumped when a member changes meaning or leaves. */
export const STORE_INTERFACE_VERSION = 4;

/** Who, when and why, for every write. */
export interface WriteContext {
  /** A person ("surveyor:nguyen.van.a"), a service ("import", "owner-portal") or a batch job. */
  actor: string;
  /** Why the change was made; required for transitions and erasure, optional for edits. */
  reason?: string;
  /** When, default now. Importers pass the survey time; must not precede the record's last revision. */
  at?: Date;
}

/** What a revision did. */
export type RevisionAction = "create" | "update" | "transition" | "erase";

/** One appended change of one record; also an entry of the change feed. */
export interface Revision {
  /** Store-wide sequence number, strictly increasing in commit order. */
  seq: number;
  code: string;
  /** The record's version after this revision (1 = creation). */
  version: number;
  action: RevisionAction;
  /** The record's status after this revision. */
  status: Status;
  /** ISO 8601 UTC. */
  at: string;
  actor: string;
  reason: string | null;
  /**
   * Field → [before, after]. Null for `create` (the initial state is `getAsOf(code, at)`).
   * Owner values are present only when asked for (`withPersonalData`) and are null after erasure.
   */
  changes: Changes | null;
}

/** A new record written one at a time (API, CLI, tests). */
export interface NewRecord {
  data: AddressData;
  /** Keep this code instead of allocating one (records migrated from an earlier system). */
  code?: string;
  batch?: string | null;
  externalId?: string | null;
  surveyor?: string | null;
  /** Completeness findings; default: the rule set's record-scope rules (`recordIssues`). */
  issues?: Issue[];
  /** Initial status: `surveyed` (default) or `complete` when there are no findings. */
  status?: "surveyed" | "complete";
}

/** One row of a bulk import; `(batch, externalId)` is its identity across re-imports. */
export interface ImportRow {
  externalId: string;
  data: AddressData;
  surveyor?: string | null;
  /**
   * Completeness findings computed by the importer; default: the record-scope rules. Stored on creation
   * and on a content change; an unchanged row keeps its stored findings (use `setIssues`).
   */
  issues?: Issue[];
  /** Keep this code on creation instead of allocating one; ignored when the row already exists. */
  code?: string;
}

export interface ImportOptions extends WriteContext {
  /** New rows without blocking findings (warnings allowed) start as `complete` rather than `surveyed` (default false). */
  promoteComplete?: boolean;
  /**
   * Saved in the same transaction as the batch, so after a crash `importCheckpoint(key)` tells
   * exactly how far the import got (e.g. key "batch|file", value the byte offset after this chunk).
   */
  checkpoint?: { key: string; value: string };
}

/**
 * What happened to one import row, in input order:
 * - `created`: a new record, code allocated, revision 1;
 * - `updated`: content differed from the stored record: one new revision listing `changed`;
 * - `unchanged`: identical content, nothing written (re-running an import is free and idempotent);
 * - `locked`: content differed but the record is past the editable statuses (notified, confirmed,
 *   official, retired): nothing written, `message` says why; a correction must go through the lifecycle;
 * - `failed`: the row could not be written (its requested code is taken...); the rest of the batch is.
 */
export type ImportOutcome =
  | { externalId: string; outcome: "created"; code: string; version: 1 }
  | { externalId: string; outcome: "updated"; code: string; version: number; changed: string[] }
  | { externalId: string; outcome: "unchanged"; code: string; version: number }
  | { externalId: string; outcome: "locked"; code: string; version: number; status: Status; message: string }
  | { externalId: string; outcome: "failed"; message: string };

/** WGS84 degrees; south ≤ north, west ≤ east. */
export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Filters combine with AND. Results come in a stable order (insertion), page by page. */
export interface RecordQuery {
  /** New-structure commune code (5 digits). */
  commune?: string;
  /** New-structure province code (2 digits). */
  province?: string;
  status?: Status | readonly Status[];
  batch?: string;
  bbox?: BoundingBox;
  /** Page size, default 100, at most 10,000. */
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page, null on the last one. */
  next: string | null;
}

/**
 * What an index built beside the store (search, reverse geocoding, map layers) reads of a record:
 * its address and state, never personal data or provenance.
 */
export interface RecordSummary {
  code: string;
  kind: AddressRecord["kind"];
  status: Status;
  /** Building, agency or shop name. */
  name: string | null;
  parts: AddressRecord["parts"];
  new: AddressRecord["new"];
  old: AddressRecord["old"];
  lat: number;
  lon: number;
}

export interface ProvinceStatusCount {
  /** New-structure province code. */
  province: string;
  status: Status;
  count: number;
}

export interface CommuneStatusCount extends ProvinceStatusCount {
  /** New-structure commune code. */
  commune: string;
}

export interface FindingFilter {
  severity?: "error" | "warning";
  province?: string;
  commune?: string;
}

export interface RuleCount {
  rule: string;
  count: number;
}

export interface ReadOptions {
  /** Include the owner's data (default false: `owner` is null in the answer). */
  withPersonalData?: boolean;
}

export interface ErasureResult {
  code: string;
  /** The version of the appended `erase` revision; the record's version when `erased` is false. */
  version: number;
  /** How many earlier revisions had owner values that were redacted. */
  revisionsRedacted: number;
  /** False when the data was erased before and none came back since: nothing written, no revision. */
  erased: boolean;
}

/**
 * An access key as the store keeps it: never the key itself, only its SHA-256, so a copy of the
 * store lets nobody in. What a role or a scope means is the access service's business; the store
 * keeps them as text.
 */
export interface AccessKey {
  /** Public identifier ("k_…"): what lists, audit entries and revocation name. */
  id: string;
  /** Hex SHA-256 of the key. */
  hash: string;
  /** Who or what the key is for ("Giao Hàng Nhanh checkout"). */
  name: string;
  role: string;
  scopes: string[];
  /** New-province codes the key is limited to; null = every province. */
  provinces: string[] | null;
  /** Requests per minute; null = the server's default for the role. */
  ratePerMinute: number | null;
  /** ISO 8601 UTC. */
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

/** A new access key: what `addAccessKey` takes. */
export type NewAccessKey = Omit<AccessKey, "createdAt" | "revokedAt">;

/** One entry of the audit log of reads of personal data: who read what, when and why. */
export interface AuditEntry {
  /** Strictly increasing. */
  seq: number;
  /** ISO 8601 UTC. */
  at: string;
  /** The caller ("key:k_…" and its name, or a CLI user). */
  actor: string;
  /** What was done ("read-personal-data", "read-history-personal-data", …). */
  action: string;
  /** What it was done to (a record's code). */
  subject: string;
  /** Why, as the caller gave it. */
  reason: string;
}

/** What an owner says is wrong with their record: kept for the surveyor as data, never applied to the record. */
export interface ProposedCorrection {
  /** The owner's own words (what is wrong), or null when they only proposed values. */
  text: string | null;
  /** Content field as a dotted path ("parts.houseNumber", "name") → the value the owner proposes; may be empty. */
  fields: Record<string, string>;
}

/** A kept correction proposal, as the surveyor reads it. */
export interface CorrectionProposal extends ProposedCorrection {
  /** Strictly increasing. */
  id: number;
  code: string;
  /** The record's version the owner answered about. */
  version: number;
  /** New-structure units of the record when the proposal was made (the surveyor's worklist is per unit). */
  province: string;
  commune: string;
  /** ISO 8601 UTC. */
  at: string;
  /** The way it came: "owner-link:<nonce>" (the link it came through) or "phone:<who took the call>". */
  via: string;
}

/**
 * The owner's answer to a notification (issue 17), written in ONE transaction: the link's nonce
 * spent, the lifecycle move with its revision, and the proposal kept. Any refusal writes nothing,
 * so a failed answer leaves the link usable.
 */
export interface OwnerAnswer {
  code: string;
  /** The version read just before answering; a stale one fails with ConflictError. */
  expectedVersion: number;
  /**
   * The owner link's nonce, spent here: a second answer through the same nonce fails with
   * SpentNonceError, even from another process. Null for a confirmation taken by phone (its code is
   * tied to the version, so the version check alone makes it once-only).
   */
  nonce: string | null;
  to: "confirmed" | "correction-requested";
  reason: string;
  /** Required with `correction-requested`. */
  proposal?: ProposedCorrection;
  /** How the answer came, kept with the proposal ("owner-link:<nonce>", "phone:<who>"). */
  via: string;
}

export interface ProposalFilter {
  code?: string;
  /** New-structure province code. */
  province?: string;
  /** New-structure commune code. */
  commune?: string;
  /** Only proposals with a greater id (the previous page's last). */
  after?: number;
  /** Default 100, at most 10,000. */
  limit?: number;
}

/**
 * A notification's state. `queued` and `failed` (waiting for its next attempt) may be claimed;
 * `sent`, `dead` (given up, with a reason) and `superseded` (the record left `complete` before it
 * was sent) are final.
 */
export const NOTIFICATION_STATES = ["queued", "failed", "sent", "dead", "superseded"] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** What a deliverer asks for: a batch of due notifications, leased to it. */
export interface NotificationClaim {
  /** The channel that will send them ("sms", "email", "zalo", "file"): kept on the notification. */
  channel: string;
  /** Who claims (one per deliverer run): only it may settle what it claimed. */
  claimant: string;
  /** At most this many (1–10,000). */
  limit: number;
  /**
   * How long the claim holds, ms: a deliverer killed before settling loses its claims after this,
   * and another deliverer may take them again.
   */
  leaseMs: number;
  /** Only records whose owner has this contact (`owner.phone`, `owner.email`); null or absent: every one. */
  contact?: "phone" | "email" | null;
  /** The claim's clock (default now): due means `nextAttemptAt ≤ now`, expired means `leaseUntil ≤ now`. */
  now?: Date;
}

/** A notification handed to a deliverer by a claim. */
export interface ClaimedNotification {
  /** The store's identifier of the notification (settle it by this). */
  id: number;
  /** The record's code, and the version at which it became `complete` (the notification's identity). */
  code: string;
  version: number;
  province: string;
  commune: string;
  /** Attempts made before this one (0 the first time). */
  attempts: number;
  /** ISO 8601 UTC. */
  queuedAt: string;
}

/** How an attempt ended, as the deliverer settles it. */
export type NotificationOutcome =
  /** Sent: the record moves `complete → notified` (actor `notify:<channel>`) in the same transaction. */
  | { id: number; outcome: "sent"; receipt: string }
  /** Failed, to be tried again from `nextAttemptAt`. */
  | { id: number; outcome: "failed"; error: string; nextAttemptAt: Date }
  /** Given up (too many attempts, a permanent refusal, a record that may not be notified): listed among the dead letters. */
  | { id: number; outcome: "dead"; reason: string };

/** What settling one notification did. */
export interface NotificationSettled {
  id: number;
  /** False when the claim was lost (its lease expired and another claimant took it, or it is settled already): nothing written. */
  applied: boolean;
  /** For `sent`: the record's status after (`notified`, or its status when it had left `complete` meanwhile). */
  recordStatus?: Status;
  /** For `sent`: the record's version after. */
  recordVersion?: number;
}

/** A notification given up, with why. */
export interface DeadLetter {
  id: number;
  code: string;
  version: number;
  province: string;
  commune: string;
  channel: string | null;
  attempts: number;
  reason: string;
  /** ISO 8601 UTC: when it was given up. */
  at: string;
}

export interface NotificationCount {
  province: string;
  commune: string;
  state: NotificationState;
  count: number;
}

export interface Store {
  /** "sqlite", "postgres"... */
  readonly backend: string;

  // ── reads ──────────────────────────────────────────────────────────────────────────────────
  /** The current record, or null. `code` must be canonical (normalise it at the edge). */
  get(code: string, options?: ReadOptions): Promise<AddressRecord | null>;
  /** Several records in one round trip, answers in input order (null when absent). */
  getMany(codes: readonly string[], options?: ReadOptions): Promise<(AddressRecord | null)[]>;
  /** The record as it was at `at` (after every revision at or before it), or null if not yet created. */
  getAsOf(code: string, at: Date, options?: ReadOptions): Promise<AddressRecord | null>;
  findByExternalId(batch: string, externalId: string, options?: ReadOptions): Promise<AddressRecord | null>;
  /** Every revision of a record, oldest first; [] for an unknown code. */
  history(code: string, options?: ReadOptions): Promise<Revision[]>;
  query(query: RecordQuery, options?: ReadOptions): Promise<Page<AddressRecord>>;
  /**
   * Every current record's summary, page by page in a stable order (`after`: the previous page's
   * `next`; `limit` default 10,000, at most 50,000): the full read an index is built from, lean
   * enough for 24 million records.
   */
  scan(after?: string | null, limit?: number): Promise<Page<RecordSummary>>;
  countsByProvinceAndStatus(): Promise<ProvinceStatusCount[]>;
  /** The same by commune (kept in the write transaction, no scan), optionally for one province. */
  countsByCommuneAndStatus(province?: string): Promise<CommuneStatusCount[]>;
  /**
   * Stored completeness findings counted by rule id, most frequent first (then by id), optionally
   * only for records in these statuses, only blocking ones (`severity: "error"`) or warnings, and
   * only in one province or commune. Kept in the write transaction like the unit counts: no scan.
   */
  findingsByRule(status?: Status | readonly Status[], options?: FindingFilter): Promise<RuleCount[]>;
  /** The value last saved with `ImportOptions.checkpoint` under this key, or null. */
  importCheckpoint(key: string): Promise<string | null>;
  /**
   * The change feed: revisions with `seq > after`, in seq order, at most `limit` (default 1,000).
   * Owner values are always left out: followers that need them read the record.
   */
  changesSince(after: number, limit?: number): Promise<Revision[]>;
  /** The highest sequence number written so far (0 for an empty store). */
  lastSeq(): Promise<number>;

  // ── writes ─────────────────────────────────────────────────────────────────────────────────
  /** Creates one record, allocating its code unless given. Throws DuplicateError for a taken code or (batch, externalId). */
  create(record: NewRecord, context: WriteContext): Promise<AddressRecord>;
  /**
   * Changes content fields (a partial AddressData, already normalised). Throws ConflictError when
   * `expectedVersion` is stale, TransitionError when the status is not editable. A change to a
   * `complete` record sends it back to `surveyed`; a no-op update writes nothing and returns the record.
   */
  update(
    code: string,
    expectedVersion: number,
    patch: Partial<AddressData> & { surveyor?: string | null; issues?: Issue[] },
    context: WriteContext,
  ): Promise<AddressRecord>;
  /** Moves a record through the lifecycle (lifecycle.ts); `request.reason` is mandatory. */
  transition(
    code: string,
    expectedVersion: number,
    request: TransitionRequest,
    context: WriteContext,
  ): Promise<AddressRecord>;
  /**
   * Idempotent bulk upsert keyed by (batch, externalId), in ONE transaction with code allocation.
   * Sized for 10–50k rows per call. Returns one outcome per row, in input order. A repeated
   * externalId within `rows` acts like a re-import of the earlier row.
   */
  importBatch(batch: string, rows: readonly ImportRow[], options: ImportOptions): Promise<ImportOutcome[]>;
  /**
   * Replaces stored completeness findings (a later `validate` re-running the rules). Derived data:
   * no revision, no version change. An entry with `version` applies only while the record is still
   * at that version (findings computed from content another writer has since changed are not
   * stored). Returns how many entries were applied.
   */
  setIssues(entries: readonly { code: string; issues: Issue[]; version?: number }[]): Promise<number>;
  /**
   * Decree 13/2023 erasure: removes the owner's data from the record and from every revision,
   * keeps the address, and appends an `erase` revision (who, when, why, no personal data). Asked
   * again with nothing personal left since the last erasure, it changes nothing (`erased: false`).
   * Later writes keep the record erased: a re-import of the original file does not restore the data.
   */
  erasePersonalData(code: string, context: WriteContext & { reason: string }): Promise<ErasureResult>;

  // ── the owner's answers (issue 17) ─────────────────────────────────────────────────────────
  /**
   * Records the owner's answer (`OwnerAnswer`): nonce spent, lifecycle move, proposal kept, in one
   * transaction. The proposal never changes the record's content; the record's `correction` names
   * it (`{proposal, text, fields}`) while the record waits for the surveyor.
   */
  answerAsOwner(
    answer: OwnerAnswer,
    context: WriteContext,
  ): Promise<{ record: AddressRecord; proposal: CorrectionProposal | null }>;
  /** Whether an owner-link nonce was spent: when, and for which record; null when it was not. */
  ownerNonceSpent(nonce: string): Promise<{ code: string; at: string } | null>;
  /** Kept correction proposals, oldest first, filtered by record or unit (AND). */
  correctionProposals(filter?: ProposalFilter): Promise<CorrectionProposal[]>;

  // ── the notification outbox ────────────────────────────────────────────────────────────────
  /**
   * Leases up to `limit` due notifications to `claimant` (in the order they became due), in one
   * transaction, so two deliverers never hold the same one. Queued notifications whose record is no
   * longer `complete` are marked `superseded` on the way and not handed out.
   */
  claimNotifications(claim: NotificationClaim): Promise<ClaimedNotification[]>;
  /**
   * Settles claimed notifications in one transaction: sent (the record moves to `notified`, with its
   * history entry), failed (attempts + 1, due again at `nextAttemptAt`) or dead. Only the claimant
   * holding a notification settles it; anything else is answered `applied: false`.
   */
  settleNotifications(
    claimant: string,
    channel: string,
    outcomes: readonly NotificationOutcome[],
    at?: Date,
  ): Promise<NotificationSettled[]>;
  /** Dead letters with `id > after`, oldest first, at most `limit` (default 1,000). */
  deadLetters(options?: { after?: number; limit?: number; province?: string }): Promise<DeadLetter[]>;
  /** Notifications by unit and state (kept in the write transaction, no scan), optionally for one province. */
  notificationCounts(province?: string): Promise<NotificationCount[]>;

  // ── access keys and the audit log ──────────────────────────────────────────────────────────
  /** Keeps a new access key. Throws DuplicateError when its id or hash is taken. */
  addAccessKey(key: NewAccessKey, at?: Date): Promise<AccessKey>;
  /** The key with this hash, revoked or not; null when none. */
  accessKeyByHash(hash: string): Promise<AccessKey | null>;
  /**
   * A number that moves whenever a key is added or revoked, and only then: keys are only ever
   * added and revoked once, so the count of keys plus the count of revocations moves with every
   * key write. A caller that read keys at one revision knows them current while it reads the same
   * revision again (a server's key check: one small read instead of a look-up and a row's decoding
   * per request). A key write added to this contract must move it too.
   */
  accessKeysRevision(): Promise<number>;
  /** Every key, oldest first. */
  accessKeys(): Promise<AccessKey[]>;
  /** Marks the key revoked (once: a second call keeps the first time); null when no key has this id. */
  revokeAccessKey(id: string, at?: Date): Promise<AccessKey | null>;
  /** Appends an entry to the audit log (append-only: nothing removes one). */
  appendAudit(entry: Omit<AuditEntry, "seq" | "at">, at?: Date): Promise<AuditEntry>;
  /** Audit entries after `after` (seq), oldest first, at most `limit` (default 1,000), optionally about one subject. */
  auditLog(options?: { after?: number; limit?: number; subject?: string }): Promise<AuditEntry[]>;

  // ── read replicas (a backend that has them; absent elsewhere) ──────────────────────────────
  /**
   * The same store with every read served where the writes go: for an operation that reads and
   * then writes on what it read, which must not act on a replica's older copy. Absent, or `this`,
   * where reads and writes have one source.
   */
  primaryView?(): this;
  /** Where the primary and each read replica stand (reachable, replay position, lag); null without replicas. */
  replication?(): Promise<ReplicationState | null>;

  close(): Promise<void>;
}

/** The primary and read replicas of a store that has them, as `Store.replication` reports them. */
export interface ReplicationState {
  primary: { name: string; reachable: boolean; lsn: string | null };
  /** WAL bytes a replica may be behind before reads ask the primary first. */
  maxLagBytes: number;
  replicas: {
    /** `host:port/database`, never a user or password. */
    name: string;
    reachable: boolean;
    /** A standby replaying the primary's WAL (false: promoted, or no replica at all); null when unreachable. */
    inRecovery: boolean | null;
    replayLsn: string | null;
    /** WAL bytes written on the primary and not yet replayed here; null when either is unreachable. */
    lagBytes: number | null;
    /** Seconds since the commit of the last transaction replayed here (the lag while the primary writes). */
    replayAgeSeconds: number | null;
    /** Behind by more than `maxLagBytes` when last measured: reads ask the primary before it. */
    lagging: boolean;
  }[];
}

/** How a contract test or a tool obtains a fresh, empty store. */
export type CreateStore = () => Promise<Store> | Store;
