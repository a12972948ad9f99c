/**
 * The SQLite store's bulk load (docs/store.md, "Bulk load"), and the gate every write passes.
 *
 * A load as big as the store drops the indexes whose keys arrive out of order
 * (`BULK_DEFERRED_INDEXES`), writes through a rollback journal, hands out codes from the cells in
 * memory (codes.ts `BulkCodes`), refuses every other writer, and rebuilds the indexes once at the
 * end. States, all kept in the file so that a killed loader leaves them to the next process:
 *
 *   none ──begin──► running (marker in import_checkpoints + this object holds the lock)
 *   running ──end──► none (indexes rebuilt, marker removed, WAL back)
 *   running ──loader dies──► abandoned (marker, nobody holds the lock)
 *   abandoned ──begin──► running (taken over: `resumed`)   abandoned ──any other write──► none
 */
import Database from "better-sqlite3";
import { DuplicateError, StoreBusyError, ValidationError } from "../../domain/errors.js";
import type { BulkLoadState } from "../bulk-load.js";
import { BulkLoadLock, bulkLockPath } from "./bulk-load-lock.js";
import type { Checkpoints } from "./checkpoints.js";
import { BulkCodes } from "./codes.js";
import { type Connection, setJournal, unlessBusy } from "./connection.js";
import { BULK_DEFERRED_INDEXES } from "./migrations.js";
import type { RecordTable } from "./records.js";

/** Where a bulk load's marker lives: a row of import_checkpoints, so that a crash leaves it. */
const BULK_KEY = "store:bulk-load";
/**
 * The journal of a bulk load. A rollback journal copies only the pages a transaction changes that
 * existed before it, and a load mostly appends pages, where WAL writes every page twice (to the log,
 * then back). Readers then block commits for as long as they read, which a bulk load (writes
 * refused anyway) can afford.
 */
const BULK_JOURNAL = "truncate";
/** Page cache while the bulk load's indexes are rebuilt (it bounds each sorting thread's memory). */
const SORT_CACHE_KIB = 64 * 1024;
/** Below this many expected rows a bulk load is not worth rebuilding indexes for. */
const BULK_MIN_ROWS = 100_000;
/**
 * How long `begin` waits, when the lock is taken, for its holder's marker to name a live process:
 * a loader writes it just after taking the lock, one resuming or finishing an abandoned load
 * rewrites it, one ending its load removes it just before letting the lock go.
 */
const HOLDER_WAIT_MS = 5_000;

/** What the bulk load's marker holds (`running` is read from its lock). */
type BulkLoadMarker = Omit<BulkLoadState, "running">;

/** Thrown inside a write transaction that meets an abandoned bulk load: the write finishes the load, then runs again. */
class AbandonedBulkLoad extends Error {}

/** Whether a bulk load is announced in `db`, read before the schema is known to be there (opening). */
export function bulkLoadAnnounced(db: Database.Database): boolean {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'import_checkpoints'").get();
  return table !== undefined && db.prepare("SELECT 1 FROM import_checkpoints WHERE key = ?").get(BULK_KEY) !== undefined;
}

/** Whether a process with this id exists (EPERM: it does, as another user's). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class SqliteBulkLoad {
  /** The codes of the load this object runs (from `begin` to `end`). */
  private codes: BulkCodes | null = null;
  /** The bulk-load lock, held by this object from `begin` to `end`. */
  private lock: BulkLoadLock | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly checkpoints: Checkpoints,
    private readonly records: RecordTable,
    /** Told (one line) when a write is about to finish a load its loader abandoned. */
    private readonly onNotice: (message: string) => void,
  ) {}

  private get db(): Database.Database {
    return this.connection.db;
  }

  private get path(): string {
    return this.connection.path;
  }

  // ── the write gate ─────────────────────────────────────────────────────────────────────────

  /**
   * Runs an ordinary write as one IMMEDIATE transaction: refused while a bulk load runs (this
   * object's own included, which writes through imports only). Meeting a load whose loader is gone,
   * it finishes that load (rebuilds its indexes) and runs `body` again. Another writer holding the
   * write lock past the busy timeout becomes a StoreBusyError: nothing was written.
   */
  writeTransaction<T>(body: () => T): T {
    return this.transaction(() => {
      this.refuseWhileLoading();
      return body();
    });
  }

  /**
   * Runs an import's write: inside this object's bulk load, with its codes; without one, as an
   * ordinary write (`codes` null).
   */
  importTransaction<T>(body: (codes: BulkCodes | null) => T): T {
    const codes = this.codes;
    try {
      return this.transaction(() => {
        if (codes === null) this.refuseWhileLoading();
        return body(codes);
      });
    } catch (error) {
      // The transaction is gone, so the cells it took in memory are not taken: start again from
      // the store, or its rows loaded again would get unit suffixes and requested codes be refused.
      codes?.reload();
      throw error;
    }
  }

  private transaction<T>(body: () => T): T {
    const run = this.db.transaction(body);
    // A load abandoned again while this write waited would be met again: a few rounds, not a loop.
    for (let round = 0; round < 3; round++) {
      try {
        return unlessBusy(this.connection, () => run.immediate());
      } catch (error) {
        if (!(error instanceof AbandonedBulkLoad)) throw error;
      }
      this.finishAbandoned();
    }
    throw new StoreBusyError(
      `${this.path}: an interrupted bulk load could not be finished; run the import again`,
      `${this.path}: không hoàn tất được lần nạp hàng loạt bị gián đoạn; hãy chạy lại lệnh nhập`,
    );
  }

  /** Inside a write transaction: throws while a bulk load runs; AbandonedBulkLoad when its loader is gone. */
  private refuseWhileLoading(): void {
    const state = this.marker();
    if (!state) return;
    if (this.lock === null && !BulkLoadLock.isHeld(this.path)) throw new AbandonedBulkLoad();
    throw this.loadRunning(
      state,
      "writes are refused until it ends: try again then",
      "không ghi được cho đến khi việc nạp kết thúc: hãy thử lại sau",
    );
  }

  // ── begin, end, state ──────────────────────────────────────────────────────────────────────

  state(): BulkLoadState | null {
    const marked = this.marker();
    return marked && { ...marked, running: this.lock !== null || BulkLoadLock.isHeld(this.path) };
  }

  async begin(expectedRows: number): Promise<boolean> {
    if (!Number.isFinite(expectedRows) || expectedRows < 0) {
      throw new ValidationError("expectedRows", expectedRows, "must be a number ≥ 0", "phải là số ≥ 0");
    }
    if (this.codes) return true;
    // Nothing to resume and too small to be worth it: no load, no lock to take.
    if (this.marker() === null && !this.worthLoading(expectedRows)) return false;
    const lock = await this.takeLock();
    let started: boolean;
    try {
      started = unlessBusy(this.connection, () =>
        this.db
          .transaction((): boolean => {
            // The lock is ours, so a load announced in the file has no live loader: take it over.
            const abandoned = this.marker();
            if (abandoned) {
              this.writeMarker(abandoned.expectedRows, abandoned);
              return true;
            }
            // Rebuilding indexes over the rows already stored only pays when the load is as big as they are.
            if (!this.worthLoading(expectedRows)) return false;
            this.writeMarker(expectedRows, null);
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
    setJournal(this.db, BULK_JOURNAL);
    // Sized for the expected cells at most 75 % full (the table doubles past that): 256 MiB for 24 M.
    this.codes = new BulkCodes(this.db, Math.max(1 << 16, this.records.maxId() + expectedRows));
    return true;
  }

  async end(): Promise<void> {
    const lock = this.lock;
    if (lock === null) {
      // Not this object's load: finish one whose loader died, leave a running one alone.
      if (this.marker() !== null) this.finishAbandoned();
      return;
    }
    // The cells are not needed to build the index (a failed build is resumed by reloading them):
    // their memory goes back before the sort takes its own.
    this.codes = null;
    try {
      if (this.marker() !== null) this.rebuildDeferredIndexes();
      else setJournal(this.db, "wal");
    } finally {
      // After the marker is gone: a process refused meanwhile finds the lock held, the marker gone,
      // and tries again a moment later.
      this.lock = null;
      lock.release();
    }
  }

  /** Closing leaves a load not ended announced, and abandoned: the next writer finishes it. */
  close(): void {
    this.codes = null;
    this.lock?.release();
    this.lock = null;
  }

  private worthLoading(expectedRows: number): boolean {
    return expectedRows >= BULK_MIN_ROWS && expectedRows >= this.records.maxId();
  }

  // ── the marker ─────────────────────────────────────────────────────────────────────────────

  /** The bulk load announced in the file (by any process, its loader alive or not). */
  private marker(): BulkLoadMarker | null {
    const value = this.checkpoints.get(BULK_KEY);
    return value === null ? null : (JSON.parse(value) as BulkLoadMarker);
  }

  /** Names this process as the loader of a load: a new one, or one taken over from its dead loader. */
  private writeMarker(expectedRows: number, takenOver: BulkLoadMarker | null): void {
    const marker: BulkLoadMarker = { startedAt: new Date().toISOString(), expectedRows: Math.round(expectedRows), pid: process.pid };
    if (takenOver) marker.resumed = { startedAt: takenOver.startedAt, pid: takenOver.pid };
    this.checkpoints.set(BULK_KEY, JSON.stringify(marker), Date.now());
  }

  private loadRunning(state: BulkLoadMarker, english: string, vietnamese: string): StoreBusyError {
    return new StoreBusyError(
      `${this.path}: a bulk load started at ${state.startedAt} by process ${state.pid} is running; ${english}`,
      `${this.path}: đang nạp dữ liệu hàng loạt (bắt đầu ${state.startedAt}, tiến trình ${state.pid}); ${vietnamese}`,
    );
  }

  // ── the lock ───────────────────────────────────────────────────────────────────────────────

  /**
   * Takes the bulk-load lock, or throws StoreBusyError naming the load that holds it, at once: it
   * never waits for a running load. It waits (HOLDER_WAIT_MS at most) only while the holder's marker
   * does not name a live process, for the moment a loader starts, takes over or ends a load.
   */
  private async takeLock(): Promise<BulkLoadLock> {
    const deadline = Date.now() + HOLDER_WAIT_MS;
    for (;;) {
      const lock = BulkLoadLock.tryAcquire(this.path);
      if (lock) return lock;
      const holder = this.marker();
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

  // ── ending ─────────────────────────────────────────────────────────────────────────────────

  /** Finishes a bulk load whose loader died, when this object can take its lock (otherwise another process is at it). */
  private finishAbandoned(): void {
    const lock = BulkLoadLock.tryAcquire(this.path);
    if (lock === null) return;
    try {
      const abandoned = unlessBusy(this.connection, () =>
        this.db
          .transaction(() => {
            const state = this.marker();
            // Named as its loader while rebuilding, so that a process refused meanwhile says who.
            if (state) this.writeMarker(state.expectedRows, state);
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
    // The sort's runs go to temporary files, not memory: in memory they took a 24 M import's peak
    // RSS over 2 GiB (docs/store.md, "Bulk load").
    this.db.pragma("threads = 2");
    this.db.pragma("temp_store = FILE");
    // Each sorting thread fills runs of up to cache_size bytes: the import's own cache would let
    // the rebuild add hundreds of MiB to the peak RSS, and smaller runs also sorted faster.
    const cacheSize = this.db.pragma("cache_size", { simple: true }) as number;
    this.db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
    try {
      unlessBusy(this.connection, () =>
        this.db
          .transaction(() => {
            for (const index of BULK_DEFERRED_INDEXES) this.db.exec(index.sql.replace("INDEX", "INDEX IF NOT EXISTS"));
            this.checkpoints.delete(BULK_KEY);
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
    setJournal(this.db, "wal");
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
}
