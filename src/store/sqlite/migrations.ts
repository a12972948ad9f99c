/**
 * Versioned schema of the SQLite store. `PRAGMA application_id` marks the file as ours and
 * `PRAGMA user_version` holds the schema version; opening applies the missing migrations in one
 * transaction each, and refuses a file from a newer program or from another application.
 * Append migrations, never edit a released one.
 */
import type Database from "better-sqlite3";
import { StoreFileError } from "./store-file.js";

/** "DIAC" as a big-endian int32: marks the file as a diachiso address store. */
export const APPLICATION_ID = 0x44494143;

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "records, revisions (change feed), batches, cells (unit suffixes), unit_counts, import_checkpoints",
    sql: `
      -- Survey/import batch names, stored once: records refer to them by integer.
      CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      );

      -- One row per address, current state. id is the rowid: inserts append, and revisions and
      -- secondary indexes refer to 8-byte integers rather than to codes.
      CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        kind TEXT NOT NULL,
        status INTEGER NOT NULL,          -- lifecycle.ts STATUS_NUMBER
        version INTEGER NOT NULL,
        province TEXT NOT NULL,           -- new structure, 2 digits
        commune TEXT NOT NULL,            -- new structure, 5 digits
        old TEXT,                         -- JSON {province, district, ward} or NULL
        name TEXT,
        parts TEXT NOT NULL,              -- JSON, keys in canonical order
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        accuracy REAL,
        loc_source TEXT NOT NULL,
        tile INTEGER NOT NULL,            -- tiles.ts Morton number, for bounding boxes
        owner TEXT,                       -- JSON, personal data; NULL when none or erased
        extra TEXT,                       -- JSON {name: text} of source attributes without a field
        batch_id INTEGER,                 -- batches.id; not a declared foreign key: the check would cost every insert
        external_id TEXT,
        surveyor TEXT,
        issues TEXT,                      -- JSON [{rule, message}] or NULL when complete
        correction TEXT,                  -- JSON, while correction-requested
        successor TEXT,
        created_at INTEGER NOT NULL,      -- ms since epoch, UTC
        updated_at INTEGER NOT NULL,
        erased_at INTEGER
      );
      CREATE UNIQUE INDEX records_code ON records(code);
      CREATE UNIQUE INDEX records_import_key ON records(batch_id, external_id);
      -- Serves status, status+province, status+commune, and commune or province alone (IN every status).
      CREATE INDEX records_status_unit ON records(status, province, commune);
      CREATE INDEX records_tile ON records(tile);

      -- The append-only history and change feed. seq is the rowid, so it grows in commit order
      -- (rows are never deleted, so no AUTOINCREMENT is needed). changes: JSON {field: [before, after]}.
      CREATE TABLE revisions (
        seq INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        action INTEGER NOT NULL,          -- 1 create, 2 update, 3 transition, 4 erase
        status INTEGER NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT,
        changes TEXT
      );
      CREATE INDEX revisions_record ON revisions(record_id, version);

      -- Cells holding more than one address: the last unit number handed out in that cell.
      CREATE TABLE cells (
        base TEXT PRIMARY KEY,
        last_unit INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Where a bulk import got to (e.g. a file's byte offset), committed with the batch it covers.
      CREATE TABLE import_checkpoints (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        at INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Maintained in the writing transaction, so counts never need a scan of 24 M rows.
      CREATE TABLE unit_counts (
        province TEXT NOT NULL,
        commune TEXT NOT NULL,
        status INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (province, commune, status)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: "finding_counts: findings by unit, status, rule and severity, kept like unit_counts",
    sql: `
      -- Maintained in the writing transaction, so the report's reasons never scan the records.
      CREATE TABLE finding_counts (
        province TEXT NOT NULL,
        commune TEXT NOT NULL,
        status INTEGER NOT NULL,
        rule TEXT NOT NULL,
        blocking INTEGER NOT NULL,        -- 1: an error (blocks complete), 0: a warning
        n INTEGER NOT NULL,
        PRIMARY KEY (province, commune, status, rule, blocking)
      ) WITHOUT ROWID;
      INSERT INTO finding_counts (province, commune, status, rule, blocking, n)
        SELECT province, commune, status, json_extract(f.value, '$.rule'),
               coalesce(json_extract(f.value, '$.severity'), 'error') <> 'warning', count(*)
        FROM records, json_each(records.issues) AS f
        WHERE records.issues IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5;
    `,
  },
  {
    version: 3,
    description: "bounding boxes by code prefix ranges: the tile index goes",
    sql: `
      -- Codes are hierarchical and sort by cell, so the code index answers boxes (code/ranges.ts);
      -- a second spatial index only cost the bulk load (6 s of 26 s of index building at 4 M rows).
      -- The tile column stays (dropping a column rewrites the table) and is written as 0.
      DROP INDEX IF EXISTS records_tile;
    `,
  },
  {
    version: 4,
    description: "one rule set: findings under the store's retired default rules take the surviving rule's id",
    sql: `
      -- The store's own default rules gave way to the one rule set (src/rules/ruleset.ts). Findings
      -- stored under a retired id take the surviving rule's id and message, in place of the first
      -- of them (a rule gives one finding per record; other keys, such as severity, are kept), and
      -- finding_counts is recounted. Only a store that holds a retired id is touched: its counts
      -- say so without reading the records. The store never wrote units.commune or units.old (it
      -- ran them only with a unit registry, which it never had), and location.accuracy survives.
      CREATE TEMP TABLE retired_rules (rule TEXT PRIMARY KEY, survivor TEXT NOT NULL, message TEXT NOT NULL);
      INSERT INTO temp.retired_rules (rule, survivor, message) VALUES
        ('parts.door', 'parts.required', 'required part missing: houseNumber|lot|building|hamlet (thiếu thành phần bắt buộc: houseNumber|lot|building|hamlet)'),
        ('parts.way', 'parts.required', 'required part missing: street|alleys|hamlet (thiếu thành phần bắt buộc: street|alleys|hamlet)'),
        ('name.required', 'parts.required', 'required part missing: name (thiếu thành phần bắt buộc: name)'),
        ('location.surveyed', 'location.present', 'coordinates missing (thiếu tọa độ)');
      CREATE TEMP TABLE retired_found AS
        SELECT EXISTS (SELECT 1 FROM finding_counts WHERE rule IN (SELECT rule FROM temp.retired_rules)) AS yes;

      UPDATE records SET issues = (
        SELECT json_group_array(json(kept.finding) ORDER BY kept.position)
        FROM (
          SELECT CASE WHEN r.rule IS NULL THEN f.value
                      ELSE json_set(f.value, '$.rule', r.survivor, '$.message', r.message) END AS finding,
                 coalesce(r.survivor, json_extract(f.value, '$.rule')) AS rule,
                 min(f.key) AS position
          FROM json_each(records.issues) AS f
          LEFT JOIN temp.retired_rules AS r ON r.rule = json_extract(f.value, '$.rule')
          GROUP BY 2
        ) AS kept
      )
      WHERE (SELECT yes FROM temp.retired_found)
        AND issues IS NOT NULL
        AND EXISTS (
          SELECT 1 FROM json_each(records.issues) AS f
          WHERE json_extract(f.value, '$.rule') IN (SELECT rule FROM temp.retired_rules)
        );

      DELETE FROM finding_counts WHERE (SELECT yes FROM temp.retired_found);
      INSERT INTO finding_counts (province, commune, status, rule, blocking, n)
        SELECT province, commune, status, json_extract(f.value, '$.rule'),
               coalesce(json_extract(f.value, '$.severity'), 'error') <> 'warning', count(*)
        FROM records, json_each(records.issues) AS f
        WHERE (SELECT yes FROM temp.retired_found) AND records.issues IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5;

      DROP TABLE temp.retired_found;
      DROP TABLE temp.retired_rules;
    `,
  },
  {
    version: 5,
    description: "access keys (hashed) and the audit log of personal-data reads",
    sql: `
      -- Only the SHA-256 of a key is kept: the key is shown once, when it is made.
      CREATE TABLE access_keys (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        scopes TEXT NOT NULL,             -- JSON array
        provinces TEXT,                   -- JSON array, NULL = every province
        rate_per_minute INTEGER,
        created_at INTEGER NOT NULL,      -- ms since epoch, UTC
        created_by TEXT NOT NULL,
        revoked_at INTEGER
      ) WITHOUT ROWID;

      -- Append-only: who read whose personal data, when and why (seq grows in commit order).
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX audit_log_subject ON audit_log(subject, seq);
    `,
  },
  {
    version: 6,
    description: "the notification outbox: queued by triggers in the writing transaction, kept counts, backfill of complete records",
    sql: `
      -- One notification per record version that became complete (the unique key): the owner is
      -- told once, and again only after the record left complete and came back (a new version).
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL,       -- records.id
        version INTEGER NOT NULL,         -- the record's version when it became complete
        province TEXT NOT NULL,           -- the record's units then, for the counts and the commune's letters
        commune TEXT NOT NULL,
        state INTEGER NOT NULL,           -- 1 queued, 2 failed (due again at next_at), 3 sent, 4 dead, 5 superseded
        attempts INTEGER NOT NULL,
        next_at INTEGER NOT NULL,         -- ms since epoch: due from then
        lease_until INTEGER,              -- ms: claimed until then by claimant
        claimant TEXT,
        channel TEXT,                     -- the channel of the last claim
        queued_at INTEGER NOT NULL,
        settled_at INTEGER,               -- sent or given up
        receipt TEXT,                     -- the channel's receipt, when sent
        last_error TEXT                   -- the last failure, or why it was given up
      );
      CREATE UNIQUE INDEX notifications_record ON notifications(record_id, version);
      -- Only claimable rows, in the order they fall due: a claim walks the front of this index.
      CREATE INDEX notifications_due ON notifications(next_at, id) WHERE state IN (1, 2);
      CREATE INDEX notifications_dead ON notifications(id) WHERE state = 4;

      -- Like unit_counts: the report reads a few thousand rows, never the outbox.
      CREATE TABLE notification_counts (
        province TEXT NOT NULL,
        commune TEXT NOT NULL,
        state INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (province, commune, state)
      ) WITHOUT ROWID;

      -- A store made before the outbox: its complete records were never notified (nothing could
      -- notify them), so each is queued once now, at the version it has; counted in one pass,
      -- before the triggers that count row by row exist.
      INSERT INTO notifications (record_id, version, province, commune, state, attempts, next_at, queued_at)
        SELECT id, version, province, commune, 1, 0, updated_at, updated_at FROM records WHERE status = 2 ORDER BY id;
      INSERT INTO notification_counts (province, commune, state, n)
        SELECT province, commune, state, count(*) FROM notifications GROUP BY 1, 2, 3;

      -- Triggers rather than code in each writer: every path that makes a record complete (a
      -- creation, an import, a bulk load, a transition, a future writer) queues in its own
      -- transaction, so a crash loses both or neither.
      CREATE TRIGGER records_queue_created AFTER INSERT ON records WHEN NEW.status = 2 BEGIN
        INSERT INTO notifications (record_id, version, province, commune, state, attempts, next_at, queued_at)
          VALUES (NEW.id, NEW.version, NEW.province, NEW.commune, 1, 0, NEW.updated_at, NEW.updated_at)
          ON CONFLICT DO NOTHING;
      END;
      CREATE TRIGGER records_queue_completed AFTER UPDATE OF status ON records WHEN NEW.status = 2 AND OLD.status <> 2 BEGIN
        INSERT INTO notifications (record_id, version, province, commune, state, attempts, next_at, queued_at)
          VALUES (NEW.id, NEW.version, NEW.province, NEW.commune, 1, 0, NEW.updated_at, NEW.updated_at)
          ON CONFLICT DO NOTHING;
      END;
      -- Leaving complete other than by being notified (an edit, a rejection, a retirement): what
      -- the queued notification would say is no longer true.
      CREATE TRIGGER records_supersede_notification AFTER UPDATE OF status ON records WHEN OLD.status = 2 AND NEW.status NOT IN (2, 3) BEGIN
        UPDATE notifications SET state = 5, lease_until = NULL, settled_at = NEW.updated_at
          WHERE record_id = NEW.id AND state IN (1, 2);
      END;

      CREATE TRIGGER notifications_count_new AFTER INSERT ON notifications BEGIN
        INSERT INTO notification_counts (province, commune, state, n) VALUES (NEW.province, NEW.commune, NEW.state, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER notifications_count_moved AFTER UPDATE OF state ON notifications WHEN NEW.state <> OLD.state BEGIN
        UPDATE notification_counts SET n = n - 1 WHERE province = OLD.province AND commune = OLD.commune AND state = OLD.state;
        INSERT INTO notification_counts (province, commune, state, n) VALUES (NEW.province, NEW.commune, NEW.state, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
    `,
  },
  {
    version: 7,
    description: "owner links spent (one answer per link) and the owners' correction proposals",
    sql: `
      -- A link's nonce, once the owner answered through it: the primary key makes a second answer
      -- fail inside its transaction, whichever process tries (issue 17, "single-use").
      CREATE TABLE owner_link_spent (
        nonce TEXT PRIMARY KEY,
        record_id INTEGER NOT NULL,
        at INTEGER NOT NULL               -- ms since epoch, UTC
      ) WITHOUT ROWID;

      -- What owners say is wrong: data for the surveyor, never applied to the record. The unit is
      -- copied from the record so that a commune's worklist is one index range.
      CREATE TABLE correction_proposals (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL,
        version INTEGER NOT NULL,         -- the record's version the owner answered about
        province TEXT NOT NULL,
        commune TEXT NOT NULL,
        text TEXT,
        fields TEXT NOT NULL,             -- JSON {dotted field: proposed value}
        at INTEGER NOT NULL,
        via TEXT NOT NULL
      );
      CREATE INDEX correction_proposals_record ON correction_proposals(record_id, id);
      CREATE INDEX correction_proposals_unit ON correction_proposals(province, commune, id);
    `,
  },
];

/**
 * Indexes a bulk load drops and rebuilds at its end (bulk-load.ts). Their keys arrive
 * in random order (codes are spatial) or in thousands of hot spots (status × commune), and rows come
 * in survey order: kept row by row they cost more than the rest of an insert once the table outgrows
 * the page cache, while one CREATE INDEX sorts all keys at once. Measured by copying 4 M imported rows
 * with INSERT … SELECT (no JavaScript in the loop): 4.5 µs/row without the status/unit index, 13.5 µs
 * with it and rising with the table (18 µs/row in the fourth million); rebuilding it took 6.0 s
 * (1.5 µs/row). The history index and the import key stay: their keys arrive in order. Their SQL must
 * stay identical to the migrations' (a test compares the schema after a bulk load with a fresh store's).
 */
export const BULK_DEFERRED_INDEXES: readonly { name: string; sql: string }[] = [
  { name: "records_code", sql: "CREATE UNIQUE INDEX records_code ON records(code)" },
  { name: "records_status_unit", sql: "CREATE INDEX records_status_unit ON records(status, province, commune)" },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Throws StoreFileError unless `db` is a diachiso store this program can open as asked, or an empty
 * database that may become one (`migrate` makes it one; not when opened read-only, nor when the
 * caller needs an existing store). Only reads, so a database of another application is left
 * exactly as it was.
 */
export function checkStoreIdentity(db: Database.Database, file: string, open: { readonly: boolean; mustExist: boolean }): void {
  const { readonly } = open;
  // One statement, so one snapshot: read apart, the mark and the tables could straddle another
  // process's creation of the store (mark 0 read before it commits, its 13 tables after) and a
  // store being created would look like another application's database.
  const { appId, current, objects } = db
    .prepare(
      "SELECT a.application_id AS appId, u.user_version AS current, (SELECT count(*) FROM sqlite_schema) AS objects FROM pragma_application_id AS a, pragma_user_version AS u",
    )
    .get() as { appId: number; current: number; objects: number };
  if (appId !== APPLICATION_ID) {
    if (appId !== 0 || objects > 0) {
      throw new StoreFileError(
        file,
        "other-application",
        `${file}: not a diachiso address store (an SQLite database with application_id ${appId} and ${objects} schema objects)`,
      );
    }
    if (readonly || open.mustExist) throw new StoreFileError(file, "empty", `${file}: no address store in this empty database`);
    return;
  }
  if (current > SCHEMA_VERSION) {
    throw new StoreFileError(file, "newer-schema", `${file}: store schema v${current} is newer than this program's v${SCHEMA_VERSION}: upgrade diachiso`);
  }
  if (readonly && current < SCHEMA_VERSION) {
    throw new StoreFileError(
      file,
      "older-schema",
      `${file}: store schema v${current} is older than this program's v${SCHEMA_VERSION}, and a read-only store cannot be upgraded: open it once with write access`,
    );
  }
}

/** Brings `db` to SCHEMA_VERSION. Throws StoreFileError naming the file's version when it cannot. */
export function migrate(db: Database.Database, file: string, onNotice: (message: string) => void = () => {}): void {
  checkStoreIdentity(db, file, { readonly: false, mustExist: false });
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated while this one waited for the write lock.
      if ((db.pragma("user_version", { simple: true }) as number) >= migration.version) return;
      // An existing store's upgrade rewrites or backfills tables (migration 6 queues every complete
      // record: minutes at 24 M): said, so a long pause has its reason. A new file says nothing.
      if (current > 0) onNotice(`upgrading ${file} to store version ${migration.version}: ${migration.description}`);
      db.exec(migration.sql);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
