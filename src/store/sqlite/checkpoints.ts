/**
 * The `import_checkpoints` table: values saved in the same transaction as what they describe — how
 * far an import got (`ImportOptions.checkpoint`), and the marker of a bulk load (bulk-load.ts).
 */
import type Database from "better-sqlite3";

export class Checkpoints {
  private readonly getStatement: Database.Statement<[string], { value: string }>;
  private readonly setStatement: Database.Statement<[string, string, number]>;
  private readonly deleteStatement: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.getStatement = db.prepare("SELECT value FROM import_checkpoints WHERE key = ?");
    this.setStatement = db.prepare(
      "INSERT INTO import_checkpoints (key, value, at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, at = excluded.at",
    );
    this.deleteStatement = db.prepare("DELETE FROM import_checkpoints WHERE key = ?");
  }

  get(key: string): string | null {
    return this.getStatement.get(key)?.value ?? null;
  }

  /** Saves `value` under `key`, stamped `at` (ms). */
  set(key: string, value: string, at: number): void {
    this.setStatement.run(key, value, at);
  }

  delete(key: string): void {
    this.deleteStatement.run(key);
  }
}
