/**
 * Code allocation in the PostgreSQL store, inside a writer transaction (connection.ts): a new
 * record gets its cell's base code when no record holds it, else the base code with the cell's
 * next unit number (the `cells` counter, moved under its row lock). The writers' lock keeps every
 * other allocation out between the check and the insert, in this process or another, which is what
 * makes a code unique without a unique index (none may span provinces: migrations.ts).
 */
import { withUnit } from "../../code/index.js";
import type { Queryable } from "./records.js";

export class CodeAllocator {
  /** Codes known taken in this transaction: stored (as checked) or handed out by it. */
  private readonly taken = new Set<string>();
  /** Codes checked free and not handed out yet. */
  private readonly free = new Set<string>();

  constructor(private readonly db: Queryable) {}

  /** Checks many candidate codes in one statement (an import's base codes), before `allocate`. */
  async prefetch(codes: readonly string[]): Promise<void> {
    const unknown = [...new Set(codes)].filter((c) => !this.taken.has(c) && !this.free.has(c));
    if (unknown.length === 0) return;
    const { rows } = await this.db.query<{ code: string }>(
      "SELECT code FROM records WHERE code = ANY($1::text[])",
      [unknown],
    );
    for (const { code } of rows) this.taken.add(code);
    for (const code of unknown) if (!this.taken.has(code)) this.free.add(code);
  }

  private async isTaken(code: string): Promise<boolean> {
    if (!this.taken.has(code) && !this.free.has(code)) await this.prefetch([code]);
    return this.taken.has(code);
  }

  /**
   * A code for a new record: `base` when free; else, unless it was `requested` (then null: taken),
   * the base with the cell's next free unit number.
   */
  async allocate(base: string, requested: boolean): Promise<string | null> {
    let code = base;
    for (;;) {
      if (!(await this.isTaken(code))) {
        this.free.delete(code);
        this.taken.add(code);
        return code;
      }
      if (requested) return null;
      // Loops only past unit codes someone requested explicitly.
      const { rows } = await this.db.query<{ last_unit: number }>(
        "INSERT INTO cells (base, last_unit) VALUES ($1, 1) ON CONFLICT (base) DO UPDATE SET last_unit = cells.last_unit + 1 RETURNING last_unit",
        [base],
      );
      code = withUnit(base, rows[0].last_unit);
    }
  }
}
