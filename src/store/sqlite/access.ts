/**
 * The `access_keys` and `audit_log` tables: API keys kept as their SHA-256 only, and the
 * append-only log of reads of personal data.
 */
import { type AuditRow, entryOf, KEY_COLUMNS, type KeyRow, keyOf } from "../rows.js";
import type Database from "better-sqlite3";
import { DuplicateError } from "../../domain/errors.js";
import type { AccessKey, AuditEntry, NewAccessKey } from "../store.js";

export class AccessTables {
  private readonly insertKey: Database.Statement<[string, string, string, string, string, string | null, number | null, number, string]>;
  private readonly keyById: Database.Statement<[string], KeyRow>;
  private readonly keyByHash: Database.Statement<[string], KeyRow>;
  private readonly allKeys: Database.Statement<[], KeyRow>;
  private readonly keysRevision: Database.Statement<[], { revision: number }>;
  private readonly revoke: Database.Statement<[number, string]>;
  private readonly insertAudit: Database.Statement<[number, string, string, string, string], AuditRow>;
  private readonly auditAfter: Database.Statement<[number, number], AuditRow>;
  private readonly auditOfSubject: Database.Statement<[string, number, number], AuditRow>;

  constructor(private readonly db: Database.Database) {
    this.insertKey = db.prepare(
      "INSERT INTO access_keys (id, hash, name, role, scopes, provinces, rate_per_minute, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.keyById = db.prepare(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE id = ?`);
    this.keyByHash = db.prepare(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE hash = ?`);
    this.allKeys = db.prepare(`SELECT ${KEY_COLUMNS} FROM access_keys ORDER BY created_at, id`);
    // Keys are added and revoked once, never removed nor revived: Store.accessKeysRevision.
    this.keysRevision = db.prepare("SELECT count(*) + count(revoked_at) AS revision FROM access_keys");
    this.revoke = db.prepare("UPDATE access_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    this.insertAudit = db.prepare("INSERT INTO audit_log (at, actor, action, subject, reason) VALUES (?, ?, ?, ?, ?) RETURNING *");
    this.auditAfter = db.prepare("SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?");
    this.auditOfSubject = db.prepare("SELECT * FROM audit_log WHERE subject = ? AND seq > ? ORDER BY seq LIMIT ?");
  }

  add(key: NewAccessKey, at: Date): AccessKey {
    return this.db.transaction(() => {
      if (this.keyById.get(key.id) || this.keyByHash.get(key.hash))
        throw new DuplicateError(`an access key with id ${key.id} or the same hash exists`, `đã có khóa truy cập ${key.id} hoặc cùng mã băm`);
      this.insertKey.run(
        key.id,
        key.hash,
        key.name,
        key.role,
        JSON.stringify(key.scopes),
        key.provinces === null ? null : JSON.stringify(key.provinces),
        key.ratePerMinute,
        at.getTime(),
        key.createdBy,
      );
      return keyOf(this.keyById.get(key.id)!);
    }).immediate();
  }

  byHash(hash: string): AccessKey | null {
    const row = this.keyByHash.get(hash);
    return row ? keyOf(row) : null;
  }

  revision(): number {
    return this.keysRevision.get()!.revision;
  }

  list(): AccessKey[] {
    return this.allKeys.all().map(keyOf);
  }

  revokeKey(id: string, at: Date): AccessKey | null {
    this.revoke.run(at.getTime(), id);
    const row = this.keyById.get(id);
    return row ? keyOf(row) : null;
  }

  append(entry: Omit<AuditEntry, "seq" | "at">, at: Date): AuditEntry {
    return entryOf(this.insertAudit.get(at.getTime(), entry.actor, entry.action, entry.subject, entry.reason)!);
  }

  log(options: { after?: number; limit?: number; subject?: string }): AuditEntry[] {
    const after = options.after ?? 0;
    const limit = options.limit ?? 1000;
    const rows = options.subject === undefined ? this.auditAfter.all(after, limit) : this.auditOfSubject.all(options.subject, after, limit);
    return rows.map(entryOf);
  }
}
