/**
 * Survey imports started over HTTP, as jobs kept in the server's process (not in the store: a job
 * is a view of one run of the import service, and a restarted server has none). Each job has a
 * folder of its own under the server's imports folder, holding the uploaded file while it is
 * imported (then deleted: it holds owners' personal data) and its rejects file (redacted, as the
 * CLI writes it) for as long as the job is kept.
 *
 * One import at a time per server: a second one is refused while one is received or runs (the
 * route answers 409 naming it), rather than queued. Two imports into one store would only take
 * turns at the store's write lock, each slower, and a queue of uploaded files would hold personal
 * data on disk for nobody knows how long. Against imports from other processes (`diachiso import`
 * beside the server) the import service's own store lock decides, exactly as between two CLI runs.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, sep } from "node:path";
import { randomBytes } from "node:crypto";
import type { Encoding } from "../ingest/encoding.js";
import { emptySummary, type ImportService, type ImportSummary } from "../services/imports.js";

export type ImportJobState = "receiving" | "running" | "done" | "failed";

/** One import as its caller sees it (GET /v1/imports/{id}). */
export interface ImportJobJson {
  id: string;
  state: ImportJobState;
  /** The file's name as uploaded (`filename`), which the messages and the summary name. */
  file: string;
  batch: string;
  /** Whose key started it. */
  by: string;
  /** Provinces the rows had to be in (a surveyor's or operator's key); null: any. */
  provinces: readonly string[] | null;
  received_at: string;
  finished_at: string | null;
  progress: {
    /** Bytes of the upload received, then of the file read by the importer. */
    bytes_received: number;
    bytes_read: number;
    rows_read: number;
    accepted: number;
    rejected: number;
  };
  /** Once ended: the summary `diachiso import --json` prints (also after a failure: what was done), files named as uploaded. */
  summary: ImportSummary | null;
  /** When failed: the one line the CLI prints after "import: ". */
  error: string | null;
  /** Where the rejected rows are (the CLI's FILE.rejects.csv), once the import has ended with some. */
  rejects: string | null;
}

interface Job {
  id: string;
  state: ImportJobState;
  name: string;
  batch: string;
  byKey: string;
  by: string;
  provinces: readonly string[] | null;
  folder: string;
  receivedAt: Date;
  finishedAt: Date | null;
  bytesReceived: number;
  bytesRead: number;
  summary: ImportSummary;
  error: string | null;
  /** Settles when the job has ended (the server's close waits for it). */
  ended: Promise<void>;
}

export interface StartImport {
  /** The file's name (its extension tells the format, as for the CLI). */
  name: string;
  batch: string;
  encoding?: Encoding;
  /** The caller's key id (who may read the job) and how revisions name it. */
  keyId: string;
  actor: string;
  provinces: readonly string[] | null;
}

/** Rows per store transaction for an import run by a server: its writes are synchronous, and shorter ones keep the other requests answered meanwhile. */
const SERVER_CHUNK_ROWS = 5_000;

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  /** The job being received or run; null when a new one may start. */
  private current: Job | null = null;
  private root: string | null = null;

  /**
   * @param imports the import service over a store access of the import's own (the CLI's path).
   * @param folder where job folders go; default a new folder in the OS's temporary folder, removed on `close`.
   * @param keep finished jobs kept (their rejects with them); the oldest go first.
   */
  constructor(
    private readonly imports: ImportService,
    private readonly folder: string | null = null,
    private readonly keep = 50,
  ) {}

  /** The running job, when one is being received or run. */
  get running(): ImportJobJson | null {
    return this.current && this.json(this.current);
  }

  /**
   * Claims the one import slot for a new job and makes its folder; null when another job holds it.
   * The caller writes the upload to `path`, then calls `start` (or `abandon`).
   */
  reserve(request: StartImport): { id: string; path: string } | null {
    if (this.current !== null) return null;
    const id = `imp_${randomBytes(6).toString("hex")}`;
    const folder = join(this.rootFolder(), id);
    mkdirSync(folder, { mode: 0o700 });
    const job: Job = {
      id,
      state: "receiving",
      name: request.name,
      batch: request.batch,
      byKey: request.keyId,
      by: request.actor,
      provinces: request.provinces,
      folder,
      receivedAt: new Date(),
      finishedAt: null,
      bytesReceived: 0,
      bytesRead: 0,
      summary: emptySummary(),
      error: null,
      ended: Promise.resolve(),
    };
    this.current = job;
    this.jobs.set(id, job);
    return { id, path: join(folder, request.name) };
  }

  /** Counts the bytes of the upload as they arrive. */
  received(id: string, bytes: number): void {
    const job = this.jobs.get(id);
    if (job) job.bytesReceived = bytes;
  }

  /** Drops a job whose upload could not be received or was refused before it ran; frees the slot. */
  abandon(id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    if (this.current === job) this.current = null;
    rmSync(job.folder, { recursive: true, force: true });
  }

  /** The message of an import error with the job's folder left out: it names the file as uploaded, as the CLI names it as typed. */
  messageOf(id: string, error: unknown): string {
    const job = this.jobs.get(id);
    const message = error instanceof Error ? error.message : String(error);
    return job ? withoutFolder(message, job.folder) : message;
  }

  /** Refuses the upload as `import` would, before anything is written (ImportService.check). */
  async check(id: string, encoding?: Encoding): Promise<void> {
    const job = this.require(id);
    await this.imports.check({ files: [join(job.folder, job.name)], batch: job.batch, encoding, provinces: job.provinces });
  }

  /** Runs the import of the received upload in the background; the job says how it goes. */
  start(id: string, encoding?: Encoding): ImportJobJson {
    const job = this.require(id);
    job.state = "running";
    const file = join(job.folder, job.name);
    job.ended = this.imports
      .import(
        {
          files: [file],
          batch: job.batch,
          encoding,
          actor: job.by,
          provinces: job.provinces,
          chunkRows: SERVER_CHUNK_ROWS,
          onProgress: (progress) => {
            job.bytesRead = progress.bytes;
          },
        },
        job.summary,
      )
      .then(
        () => {
          job.state = "done";
        },
        (error: unknown) => {
          job.state = "failed";
          job.error = withoutFolder(error instanceof Error ? error.message : String(error), job.folder);
        },
      )
      .finally(() => {
        job.finishedAt = new Date();
        // The upload holds owners' personal data: gone once imported. The rejects stay (redacted).
        rmSync(file, { force: true });
        if (this.current === job) this.current = null;
        this.forgetOldest();
      });
    return this.json(job);
  }

  /** The job as `keyId` may see it: its own jobs, or any for an administrator; null otherwise. */
  get(id: string, keyId: string, isAdmin: boolean): ImportJobJson | null {
    const job = this.jobs.get(id);
    if (!job || (!isAdmin && job.byKey !== keyId)) return null;
    return this.json(job);
  }

  /** The rejects file of an ended job `keyId` may see, or why not. */
  rejectsFile(id: string, keyId: string, isAdmin: boolean): { path: string } | { problem: "unknown" | "running" | "none" } {
    const job = this.jobs.get(id);
    if (!job || (!isAdmin && job.byKey !== keyId)) return { problem: "unknown" };
    if (job.state === "receiving" || job.state === "running") return { problem: "running" };
    const entry = job.summary.files[0];
    return entry?.rejects ? { path: entry.rejects } : { problem: "none" };
  }

  /** Waits for the running job to end, then removes every job's folder (the server is closing). */
  async close(): Promise<void> {
    await this.current?.ended;
    for (const job of this.jobs.values()) rmSync(job.folder, { recursive: true, force: true });
    this.jobs.clear();
    if (this.root !== null && this.folder === null) rmSync(this.root, { recursive: true, force: true });
  }

  private rootFolder(): string {
    if (this.root === null) {
      if (this.folder === null) this.root = mkdtempSync(join(tmpdir(), "diachiso-imports-"));
      else {
        mkdirSync(this.folder, { recursive: true, mode: 0o700 });
        this.root = this.folder;
      }
    }
    return this.root;
  }

  private require(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no import job ${id}`);
    return job;
  }

  private forgetOldest(): void {
    const ended = [...this.jobs.values()].filter((job) => job.finishedAt !== null);
    for (const job of ended.slice(0, Math.max(0, ended.length - this.keep))) {
      this.jobs.delete(job.id);
      rmSync(job.folder, { recursive: true, force: true });
    }
  }

  private json(job: Job): ImportJobJson {
    const summary = job.summary;
    const entry = summary.files[0];
    const rejectsUrl = `/v1/imports/${job.id}/rejects`;
    const ended = job.state === "done" || job.state === "failed";
    return {
      id: job.id,
      state: job.state,
      file: job.name,
      batch: job.batch,
      by: job.by,
      provinces: job.provinces,
      received_at: job.receivedAt.toISOString(),
      finished_at: job.finishedAt?.toISOString() ?? null,
      progress: {
        bytes_received: job.bytesReceived,
        bytes_read: job.bytesRead,
        rows_read: summary.read,
        accepted: summary.accepted,
        rejected: summary.rejected,
      },
      summary:
        ended && summary.files.length > 0
          ? {
              ...summary,
              files: summary.files.map((f) => ({
                ...f,
                file: basename(f.file),
                rejects: f.rejects ? rejectsUrl : null,
                ...(f.error === undefined ? {} : { error: withoutFolder(f.error, job.folder) }),
              })),
            }
          : null,
      error: job.error,
      rejects: ended && entry?.rejects ? rejectsUrl : null,
    };
  }
}

/** `message` with every mention of `folder/` taken out, so that a path inside it reads as the bare file name. */
function withoutFolder(message: string, folder: string): string {
  return message.split(`${folder}${sep}`).join("");
}
