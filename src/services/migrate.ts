/**
 * Moving a whole store to another location, of either backend (issue 18): every table copied as
 * raw rows (store/transfer.ts), so records keep their ids, versions, codes and times, the history
 * its sequence numbers, the outbox its states, the cells their counters; then proved by each
 * table's count and SHA-256 on both sides and by every record read back through the Store
 * contract, personal data included, as the same JSON.
 *
 * The source is opened read-only and read from one snapshot. The target must hold nothing; the
 * copy is one transaction, so a failed or killed migration leaves it empty and running it again is
 * safe. Citizen-ID hashes are keyed (domain/personal-data.ts): the key goes with the data, or the
 * migration refuses to start, since a store whose key is lost cannot check an ID again.
 */
import { existsSync, writeFileSync } from "node:fs";
import { fileProblem } from "../common/file-problem.js";
import { loadPiiKey, PII_KEY_ENV } from "../domain/personal-data.js";
import type { AddressRecord, Page } from "../store/index.js";
import { type OpenedStore, openStore, parseStoreLocation, shown, type StoreLocation } from "../store/open.js";
import { allEmpty, TargetNotEmptyError } from "../store/tables.js";
import { type CopyProgress, copyTables, type TableDigest, tableDigests } from "../store/transfer.js";
import { ServiceError } from "./errors.js";

export type { CopyProgress } from "../store/transfer.js";

/** One table as both sides hold it after the copy. */
export interface TableCheck {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceSha256: string;
  targetSha256: string;
  same: boolean;
}

export interface MigrationReport {
  /** The locations, any password hidden. */
  from: string;
  to: string;
  tables: TableCheck[];
  /** Every record read on both sides (`query`, with personal data) and compared as JSON. */
  records: { compared: number; differing: number; firstDiffering: string[] };
  /** Rows copied, all tables. */
  rows: number;
  /** Where the target's personal-data key is: a file written beside an SQLite target, or $DIACHISO_PII_KEY. */
  personalDataKey: string;
  /** Seconds spent copying (the target's commit included), reading the target's tables back, and comparing every record. */
  copySeconds: number;
  checksumSeconds: number;
  recordSeconds: number;
  /** True when every table and every record is the same on both sides. */
  same: boolean;
}

export interface MigrateOptions {
  /** Told as rows are written. */
  onProgress?: (progress: CopyProgress) => void;
  /** Told (one line) when the verification starts: on millions of records it takes as long as the copy. */
  onPhase?: (message: string) => void;
  /** Where $DIACHISO_PII_KEY is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Rows per chunk (default the transfer's). */
  chunkRows?: number;
}

/** Records compared per page. */
const COMPARE_PAGE = 2_000;
/** Differing records named in the report at most. */
const NAMED_DIFFERENCES = 10;

/** The key beside an SQLite store, or null when it has none. */
function keyFileOf(location: StoreLocation): { file: string; key: Buffer } | null {
  if (location.backend !== "sqlite") return null;
  const file = `${location.path}.pii-key`;
  if (!existsSync(file)) return null;
  try {
    return { file, key: loadPiiKey(location.path, {}).key };
  } catch (error) {
    throw new ServiceError("refused", `cannot read the personal-data key ${file}: ${fileProblem(error, file) ?? (error as Error).message}`);
  }
}

/**
 * Decides where the target's personal-data key comes from, refusing any way that would leave the
 * stored citizen-ID hashes unverifiable. Writes nothing: `keep` writes the key file, when one is due.
 */
function planKey(from: StoreLocation, to: StoreLocation, env: NodeJS.ProcessEnv): { describe: string; keep: () => void } {
  const configured = env[PII_KEY_ENV] ? loadPiiKey("", env).key : null;
  const sourceFile = keyFileOf(from);
  if (sourceFile !== null && configured !== null && !sourceFile.key.equals(configured)) {
    throw new ServiceError(
      "refused",
      `$${PII_KEY_ENV} is not the key in ${sourceFile.file}: the source's citizen-ID hashes need one key; set $${PII_KEY_ENV} to the file's key, or unset it`,
    );
  }
  const key = sourceFile?.key ?? configured;
  if (to.backend === "postgres") {
    if (key !== null && configured === null) {
      throw new ServiceError(
        "refused",
        `a PostgreSQL store takes its personal-data key from $${PII_KEY_ENV}: run again with ${PII_KEY_ENV}=$(cat '${sourceFile?.file}')`,
      );
    }
    return { describe: key === null ? "none (the source has none)" : `$${PII_KEY_ENV}`, keep: () => {} };
  }
  const targetFile = `${to.path}.pii-key`;
  const existing = keyFileOf(to);
  if (existing !== null && key !== null && !existing.key.equals(key)) {
    throw new ServiceError("refused", `${targetFile} holds another personal-data key than the source's: remove it, or migrate to another file`);
  }
  if (key === null) return { describe: "none (the source has none)", keep: () => {} };
  return {
    describe: targetFile,
    keep: () => {
      if (existing !== null) return;
      try {
        writeFileSync(targetFile, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
      } catch (error) {
        throw new ServiceError("refused", `cannot write the personal-data key ${targetFile}: ${fileProblem(error, targetFile) ?? (error as Error).message}`);
      }
    },
  };
}

/** Every record of both stores, page by page in id order, compared as JSON with personal data. */
async function compareRecords(source: OpenedStore, target: OpenedStore): Promise<MigrationReport["records"]> {
  let compared = 0;
  let differing = 0;
  const firstDiffering: string[] = [];
  let afterSource: string | null = null;
  let afterTarget: string | null = null;
  for (;;) {
    const [a, b]: Page<AddressRecord>[] = await Promise.all([
      source.query({ limit: COMPARE_PAGE, after: afterSource }, { withPersonalData: true }),
      target.query({ limit: COMPARE_PAGE, after: afterTarget }, { withPersonalData: true }),
    ]);
    const n = Math.max(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      compared++;
      const left = a.items[i];
      const right = b.items[i];
      if (left !== undefined && right !== undefined && JSON.stringify(left) === JSON.stringify(right)) continue;
      differing++;
      if (firstDiffering.length < NAMED_DIFFERENCES) firstDiffering.push((left ?? right).code);
    }
    if (a.next === null && b.next === null) break;
    afterSource = a.next;
    afterTarget = b.next;
    // One side ended before the other: the rest of the other differs, counted by the tables' rows.
    if (a.next === null || b.next === null) {
      differing++;
      break;
    }
  }
  return { compared, differing, firstDiffering };
}

function checks(source: TableDigest[], counts: Record<string, number>, target: TableDigest[]): TableCheck[] {
  return source.map((s, i) => {
    const t = target[i];
    return {
      table: s.table,
      sourceRows: counts[s.table],
      targetRows: t.rows,
      sourceSha256: s.sha256,
      targetSha256: t.sha256,
      same: s.rows === counts[s.table] && s.rows === t.rows && s.sha256 === t.sha256,
    };
  });
}

export class MigrationService {
  /**
   * Copies the store at `from` into the empty store at `to` (either a file path or a URL) and
   * verifies it. Throws ServiceError `refused` (same location, a key that would be lost, a target
   * not empty, a source whose bulk load is not finished), StoreLocationError and StoreFileError for
   * locations that cannot be opened; answers the report, whose `same` says whether the copy holds
   * everything the source held.
   */
  async migrate(from: string, to: string, options: MigrateOptions = {}): Promise<MigrationReport> {
    const env = options.env ?? process.env;
    const source = parseStoreLocation(from);
    const target = parseStoreLocation(to);
    if (JSON.stringify(source) === JSON.stringify(target))
      throw new ServiceError("bad-request", `${shown(from)}: the source and the target are the same store`);
    const key = planKey(source, target, env);

    const sourceStore = await openStore(from, { use: "read", readOnly: true });
    try {
      const load = await sourceStore.bulkLoadState();
      if (load !== null)
        throw new ServiceError(
          "refused",
          `${shown(from)}: a bulk load started at ${load.startedAt} is ${load.running ? "running" : "unfinished (its loader died)"}: let it finish, or run any write to finish it, then migrate`,
        );
      const targetStore = await openStore(to, { use: "create" });
      try {
        const before = await targetStore.exportTables();
        const counts = await before.counts().finally(() => before.close());
        if (!allEmpty(counts)) throw new ServiceError("refused", new TargetNotEmptyError(shown(to), counts).message);
        key.keep();

        const copyStarted = performance.now();
        const copied = await copyTables(sourceStore, targetStore, { chunkRows: options.chunkRows, onProgress: options.onProgress });
        const copySeconds = (performance.now() - copyStarted) / 1000;

        const rows = Object.values(copied.counts).reduce((a, b) => a + b, 0);
        options.onPhase?.(`${rows} rows copied in ${copySeconds.toFixed(1)} s; verifying: every table's checksum read back, then every record on both sides`);
        const checksumStarted = performance.now();
        const tables = checks(copied.digests, copied.counts, await tableDigests(targetStore, options.chunkRows));
        const recordStarted = performance.now();
        const records = await compareRecords(sourceStore, targetStore);
        const done = performance.now();
        return {
          from: shown(from),
          to: shown(to),
          tables,
          records,
          rows,
          personalDataKey: key.describe,
          copySeconds,
          checksumSeconds: (recordStarted - checksumStarted) / 1000,
          recordSeconds: (done - recordStarted) / 1000,
          same: tables.every((t) => t.same) && records.differing === 0,
        };
      } catch (error) {
        if (error instanceof TargetNotEmptyError) throw new ServiceError("refused", error.message);
        throw error;
      } finally {
        await targetStore.close();
      }
    } finally {
      await sourceStore.close();
    }
  }
}
