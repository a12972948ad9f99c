/**
 * Search as every door asks for it: the index of a store opened once, brought up to the store's
 * last change from its change feed (the changed records become a small delta over the saved
 * base, so one edit never rebuilds it), and rebuilt from a full scan when it is missing, of
 * another format, or further behind than a rebuild costs.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { LRUCache } from "lru-cache";
import type { AddressRecord } from "../domain/record.js";
import { createParser } from "../parse/index.js";
import { buildBase, buildSegment, unitTablesOf, type UnitTables } from "../search/build.js";
import { SearchEngine } from "../search/engine.js";
import { IndexFileError, indexFromBytes, readIndexFile, readIndexHeader, writeIndexFile } from "../search/index-file.js";
import type { Segment } from "../search/segment.js";
import type {
  GeocodeAnswer,
  ReverseAnswer,
  ReverseOptions,
  SearchAnswer,
  SearchOptions,
} from "../search/types.js";
import { parseStoreLocation } from "../store/open.js";
import type { RecordSummary, Store } from "../store/store.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import { ServiceError } from "./errors.js";
import type { StoreAccess } from "./stores.js";

/** Past this share of the base changed since it was built, a rebuild is cheaper than a delta. */
const REBUILD_SHARE = 0.2;
const FEED_PAGE = 10_000;

export interface IndexBuild {
  file: string;
  records: number;
  documents: number;
  seq: number;
  seconds: number;
}

export interface IndexStatus {
  file: string;
  exists: boolean;
  /** Records in the saved base; null when there is none. */
  records: number | null;
  /** Change-feed position of the saved base, and of the store now. */
  seq: number | null;
  storeSeq: number;
  /** Revisions written since the base was saved (a delta at open, or a rebuild past 20 %). */
  behind: number | null;
  builtAt: string | null;
  bytes: number | null;
  /** Why the saved file cannot be used, when it cannot. */
  problem: string | null;
}

/** An opened index: the engine and what it reflects. Read-only; reopen to see later changes. */
export interface OpenedIndex {
  engine: SearchEngine;
  /** The change-feed position the engine reflects, and that of its saved base. */
  seq: number;
  baseSeq: number;
  /** Records changed since the saved base and answered from the delta. */
  delta: number;
  rebuilt: boolean;
  /** What worker threads need to answer from the same index (opened with `shared`). */
  shared?: SharedIndex;
}

/**
 * An opened index as worker threads take it (structured clone): the saved base's bytes in shared
 * memory (not copied to a thread) and the delta's records with the base codes it hides.
 */
export interface SharedIndex {
  file: string;
  bytes: Uint8Array;
  seq: number;
  baseSeq: number;
  delta: RecordSummary[];
  stale: string[];
}

/** The environment variable naming the folder of the indexes of PostgreSQL stores. */
export const INDEX_DIR_ENV = "DIACHISO_INDEX_DIR";

export class SearchService {
  private readonly registry: UnitRegistry;
  private readonly tables: UnitTables;

  private readonly indexDir: string;

  /**
   * @param options.indexDir the folder of the indexes of stores that are not files (PostgreSQL):
   *   default `$DIACHISO_INDEX_DIR`, else the working folder.
   */
  constructor(registry?: UnitRegistry, options: { indexDir?: string } = {}) {
    this.registry = registry ?? loadRegistry();
    this.tables = unitTablesOf(this.registry);
    this.indexDir = options.indexDir ?? process.env[INDEX_DIR_ENV] ?? ".";
  }

  /**
   * Where the index of a store lives: beside an SQLite store's file; for a PostgreSQL store, in the
   * index folder (see the constructor), named after its server and database
   * (`127.0.0.1-5432-addresses.search`): the index is the application's, built from any store
   * through `scan` and the change feed, so each application server keeps its own copy.
   */
  indexFile(location: string): string {
    const parsed = parseStoreLocation(location);
    if (parsed.backend === "sqlite") return `${parsed.path}.search`;
    let url: URL;
    try {
      url = new URL(parsed.url);
    } catch {
      throw new ServiceError(
        "bad-request",
        "the PostgreSQL URL cannot be read (postgres://user@host:port/database)",
      );
    }
    const database = decodeURIComponent(url.pathname.slice(1)) || "postgres";
    const name = [url.hostname || "localhost", url.port || "5432", database].join("-").replace(/[^A-Za-z0-9._-]/g, "_");
    return join(this.indexDir, `${name}.search`);
  }

  /** Builds the index from a full scan of the store and saves it. */
  async build(access: StoreAccess, onProgress?: (records: number) => void): Promise<IndexBuild> {
    const file = this.indexFile(access.location);
    const started = performance.now();
    const { segment, seq } = await access.withStore({ use: "read" }, (store) =>
      buildBase(store, this.tables, (p) => onProgress?.(p.records)),
    );
    writeIndexFile(file, segment, {
      seq,
      communes: this.tables.communes.codes,
      oldWards: this.tables.oldWards.codes,
    });
    return {
      file,
      records: segment.size,
      documents: segment.documents,
      seq,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /**
   * Makes the saved index fit to open: builds it when missing, unusable or further behind the
   * store than a delta should carry (what an import calls when it has written); otherwise leaves
   * it, the changes since being applied when it is opened.
   */
  async refresh(
    access: StoreAccess,
  ): Promise<{ file: string; rebuilt: boolean; records: number; behind: number; seconds: number }> {
    const started = performance.now();
    const status = await this.status(access);
    const usable =
      status.exists && status.problem === null && status.records !== null && status.behind !== null;
    if (usable && status.behind! <= Math.max(1000, status.records! * REBUILD_SHARE)) {
      return {
        file: status.file,
        rebuilt: false,
        records: status.records!,
        behind: status.behind!,
        seconds: (performance.now() - started) / 1000,
      };
    }
    const built = await this.build(access);
    return {
      file: built.file,
      rebuilt: true,
      records: built.records,
      behind: 0,
      seconds: (performance.now() - started) / 1000,
    };
  }

  async status(access: StoreAccess): Promise<IndexStatus> {
    const file = this.indexFile(access.location);
    const storeSeq = await access.withStore({ use: "read" }, (store) => store.lastSeq());
    const none: IndexStatus = {
      file,
      exists: false,
      records: null,
      seq: null,
      storeSeq,
      behind: null,
      builtAt: null,
      bytes: null,
      problem: null,
    };
    if (!existsSync(file)) return none;
    try {
      const header = readIndexHeader(file);
      return {
        ...none,
        exists: true,
        records: header.records,
        seq: header.seq,
        behind: storeSeq - header.seq,
        builtAt: header.builtAt,
        bytes: statSync(file).size,
      };
    } catch (error) {
      return { ...none, exists: true, problem: (error as Error).message };
    }
  }

  /**
   * The store's index brought up to its last change: the saved base plus a delta of the records
   * changed since; built and saved first when missing, unreadable, of other unit tables, or
   * further behind than `REBUILD_SHARE` of its records.
   */
  async open(
    access: StoreAccess,
    onNotice?: (message: string) => void,
    options: { shared?: boolean } = {},
  ): Promise<OpenedIndex> {
    const file = this.indexFile(access.location);
    const shared = options.shared ?? false;
    return access.withStore({ use: "read" }, async (store) => {
      let base: Segment | null = null;
      let bytes: Uint8Array | null = null;
      let seq = 0;
      if (existsSync(file)) {
        try {
          const loaded = readIndexFile(file, { shared });
          if (
            sameList(loaded.header.communes, this.tables.communes.codes) &&
            sameList(loaded.header.oldWards, this.tables.oldWards.codes)
          ) {
            base = loaded.segment;
            bytes = loaded.bytes;
            seq = loaded.header.seq;
          }
        } catch (error) {
          if (!(error instanceof IndexFileError || error instanceof SyntaxError)) throw error;
        }
      }
      let rebuilt = false;
      let changed = base
        ? await changedSince(store, seq, Math.max(1000, Math.ceil(base.size * REBUILD_SHARE)))
        : null;
      if (base === null || changed === null) {
        onNotice?.(
          `${base === null ? "building the search index" : "rebuilding the search index (a fifth of the store changed since)"} → ${file}`,
        );
        const built = await buildBase(store, this.tables);
        writeIndexFile(file, built.segment, {
          seq: built.seq,
          communes: this.tables.communes.codes,
          oldWards: this.tables.oldWards.codes,
        });
        base = built.segment;
        seq = built.seq;
        rebuilt = true;
        // Threads read the base from the file just written: a built segment is not in shared memory.
        if (shared) {
          const loaded = readIndexFile(file, { shared });
          base = loaded.segment;
          bytes = loaded.bytes;
        }
        changed = (await changedSince(store, seq, Number.POSITIVE_INFINITY)) ?? { codes: new Set<string>(), inBase: new Set<string>(), seq };
      }
      const deltaRecords = await this.deltaRecords(store, changed.codes);
      const delta = buildSegment(deltaRecords, this.tables);
      const engine = new SearchEngine(
        { registry: this.registry, parser: createParser(this.registry), base, delta, stale: changed.inBase },
        this.tables.communes.codes,
        this.tables.oldWards.codes,
      );
      const opened: OpenedIndex = { engine, seq: changed.seq, baseSeq: seq, delta: delta.size, rebuilt };
      if (shared && bytes)
        opened.shared = { file, bytes, seq: changed.seq, baseSeq: seq, delta: deltaRecords, stale: [...changed.inBase] };
      return opened;
    });
  }

  /** The index another thread opened with `shared`, answering from the same bytes: nothing read from the store. */
  openShared(shared: SharedIndex): OpenedIndex {
    const loaded = indexFromBytes(shared.bytes, shared.file);
    if (
      !sameList(loaded.header.communes, this.tables.communes.codes) ||
      !sameList(loaded.header.oldWards, this.tables.oldWards.codes)
    )
      throw new ServiceError("refused", `${shared.file} was built over other unit tables than this process reads`);
    const delta = buildSegment(shared.delta, this.tables);
    const engine = new SearchEngine(
      { registry: this.registry, parser: createParser(this.registry), base: loaded.segment, delta, stale: new Set(shared.stale) },
      this.tables.communes.codes,
      this.tables.oldWards.codes,
    );
    return { engine, seq: shared.seq, baseSeq: shared.baseSeq, delta: delta.size, rebuilt: false, shared };
  }

  /**
   * An opened index brought up to the store's last change, or null when nothing changed since:
   * the delta built again from the feed since the base, the base (and its warmed tables) kept.
   * Refused (`busy`) when the store has moved further than a delta should carry: `index build`.
   */
  async catchUp(access: StoreAccess, index: OpenedIndex): Promise<OpenedIndex | null> {
    return access.withStore({ use: "read" }, async (store) => {
      if ((await store.lastSeq()) === index.seq) return null;
      const most = Math.max(1000, Math.ceil(index.engine.baseSize * REBUILD_SHARE));
      const changed = await changedSince(store, index.baseSeq, most);
      if (changed === null) throw new ServiceError("busy", "the store changed too much for the index to follow: run `diachiso index build`");
      const deltaRecords = await this.deltaRecords(store, changed.codes);
      const delta = buildSegment(deltaRecords, this.tables);
      const shared = index.shared && { ...index.shared, seq: changed.seq, delta: deltaRecords, stale: [...changed.inBase] };
      return { ...index, engine: index.engine.withDelta(delta, changed.inBase), seq: changed.seq, delta: delta.size, shared };
    });
  }
  /** The records changed since the base (a delta's): what open and catchUp answer from. */
  private async deltaRecords(store: Store, codes: ReadonlySet<string>): Promise<RecordSummary[]> {
    const records = (await store.getMany([...codes])).filter((r): r is AddressRecord => r !== null);
    return records.map(summaryOf);
  }
}

/** Refuses what is no latitude and longitude in degrees (a door checks before opening an index). */
export function checkPoint(lat: number, lon: number): void {
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
    throw new ServiceError("bad-request", `"${lat} ${lon}" is not a latitude and longitude in degrees`);
  }
}

export interface SearchSessionOptions {
  /**
   * Autocomplete answers kept for the next one to ask the same (0, the default: none). A server
   * keeps some: the first keystrokes of an address ("12 Ng", "Số 5, Ngõ") are what everyone types
   * and the dearest to answer, and they come back from user after user. The cache belongs to this
   * session: a session over a newer index starts empty, so no answer outlives the index it came
   * from. Answers given from it are shared: callers must not change them.
   */
  autocompleteCache?: number;
  /**
   * Told each autocomplete answer this session works out and keeps, for the sessions of sibling
   * processes to keep too (`serve --workers`: the first keystrokes everyone types reach every
   * worker, and each would work them out again). Only with a cache.
   */
  onAnswer?: (shared: SharedAnswer) => void;
}

/** An autocomplete answer one session worked out, as a session of another process keeps it. */
export interface SharedAnswer {
  /** The index it was answered from: its base's change-feed position and its own. */
  baseSeq: number;
  seq: number;
  /** The question: the options as the door built them and the text (SearchSession's cache key). */
  key: string;
  /** The answer as JSON. */
  json: string;
}

/** A channel between the search sessions of sibling processes: what one works out, the others keep. */
export interface AnswerExchange {
  publish(shared: SharedAnswer): void;
  /** `take` is called with each answer a sibling published. */
  subscribe(take: (shared: SharedAnswer) => void): void;
}

/** A search service bound to one opened index: what a door calls per query. */
export class SearchSession {
  /** Answers kept; a sibling's stays JSON until it is asked for (most never are). */
  private readonly answers: LRUCache<string, SearchAnswer | string> | null;
  private readonly onAnswer: ((shared: SharedAnswer) => void) | null;
  private readonly answered = { computed: 0, kept: 0, fromSibling: 0 };

  constructor(
    readonly index: OpenedIndex,
    options: SearchSessionOptions = {},
  ) {
    const size = options.autocompleteCache ?? 0;
    this.answers = size > 0 ? new LRUCache({ max: size }) : null;
    this.onAnswer = size > 0 ? (options.onAnswer ?? null) : null;
  }

  /**
   * How many answers the autocomplete cache holds now and may hold; of the autocomplete questions
   * asked since, how many were worked out, answered from this session's own answers, and from
   * those of a sibling.
   */
  cacheStats(): { size: number; max: number; computed: number; kept: number; fromSibling: number } {
    return { size: this.answers?.size ?? 0, max: this.answers?.max ?? 0, ...this.answered };
  }

  /**
   * Keeps an answer a sibling session worked out (SearchSessionOptions.onAnswer), unless it was
   * answered from another index than this session's (the sibling followed the store sooner or
   * later) or this session already holds one. Whether it was kept.
   */
  keepShared(shared: SharedAnswer): boolean {
    if (!this.answers || shared.seq !== this.index.seq || shared.baseSeq !== this.index.baseSeq) return false;
    if (this.answers.has(shared.key)) return false;
    this.answers.set(shared.key, shared.json);
    return true;
  }

  /** Builds the engine's lazily built tables now (a server before its first request, a batch). */
  warm(): void {
    this.index.engine.warm();
  }

  search(query: string, options?: SearchOptions): SearchAnswer {
    if (!this.answers || !options?.autocomplete) return this.index.engine.search(query, options);
    // The options as the door built them: the same question asked the same way is one key.
    const key = `${JSON.stringify(options)}\u0000${query}`;
    const kept = this.answers.get(key);
    if (typeof kept === "object") {
      this.answered.kept++;
      return kept;
    }
    if (kept !== undefined) {
      this.answered.fromSibling++;
      const answer = JSON.parse(kept) as SearchAnswer;
      this.answers.set(key, answer);
      return answer;
    }
    this.answered.computed++;
    const answer = this.index.engine.search(query, options);
    this.answers.set(key, answer);
    this.onAnswer?.({ baseSeq: this.index.baseSeq, seq: this.index.seq, key, json: JSON.stringify(answer) });
    return answer;
  }

  geocode(query: string, options?: SearchOptions): GeocodeAnswer {
    return this.index.engine.geocodeText(query, options);
  }

  reverse(lat: number, lon: number, options?: ReverseOptions): ReverseAnswer {
    checkPoint(lat, lon);
    return this.index.engine.reverse(lat, lon, options);
  }
}

/**
 * Codes changed after `seq` and, of them, those the base holds (not created since: their base
 * entry is stale), and the feed's last position; null when more than `most` changed.
 */
async function changedSince(
  store: Store,
  seq: number,
  most: number,
): Promise<{ codes: Set<string>; inBase: Set<string>; seq: number } | null> {
  const codes = new Set<string>();
  const created = new Set<string>();
  let at = seq;
  for (;;) {
    const page = await store.changesSince(at, FEED_PAGE);
    for (const revision of page) {
      codes.add(revision.code);
      if (revision.action === "create") created.add(revision.code);
      at = revision.seq;
    }
    if (codes.size > most) return null;
    if (page.length < FEED_PAGE)
      return { codes, inBase: new Set([...codes].filter((c) => !created.has(c))), seq: at };
  }
}

function summaryOf(r: AddressRecord): RecordSummary {
  return {
    code: r.code,
    kind: r.kind,
    status: r.status,
    name: r.name,
    parts: r.parts,
    new: r.new,
    old: r.old,
    lat: r.location.lat,
    lon: r.location.lon,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
