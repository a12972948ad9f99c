/**
 * Code allocation in the PostgreSQL store, inside a writer transaction (connection.ts): a new
 * record gets its cell's base code when no record holds it, else the base code with the cell's
 * next unit number (the `cells` counter, moved under its row lock). The writers' lock keeps every
 * other allocation out between the check and the insert, in this process or another, which is what
 * makes a code unique without a unique index (none may span provinces: migrations.ts).
 *
 * Round trips are what an import pays for here: a dense survey puts a third of its rows in a cell
 * already taken, so an import first reserves every unit a chunk will need in one statement
 * (`reserveUnits`) and checks the codes they make in another, instead of one statement a row.
 */
import { withUnit } from "../../code/index.js";
import type { Queryable } from "./records.js";

export class CodeAllocator {
  /** Codes known taken in this transaction: stored (as checked) or handed out by it. */
  private readonly taken = new Set<string>();
  /** Codes checked free and not handed out yet. */
  private readonly free = new Set<string>();
  /** Unit codes reserved by `reserveUnits` and not handed out yet, per base, in unit order. */
  private readonly reserved = new Map<string, string[]>();

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

  /** Whether `code` is known taken; call after `prefetch` covered it. */
  knownTaken(code: string): boolean {
    return this.taken.has(code);
  }

  private async isTaken(code: string): Promise<boolean> {
    if (!this.taken.has(code) && !this.free.has(code)) await this.prefetch([code]);
    return this.taken.has(code);
  }

  /**
   * Moves the unit counter of each base by the units it will need (`needed`: base → count), in one
   * statement, and checks the codes they make in another. `allocate` hands them out in unit order,
   * as one statement a row would have; a reserved code found taken (someone asked for that exact
   * unit code) is skipped and the counter moved again then, as before.
   */
  async reserveUnits(needed: ReadonlyMap<string, number>): Promise<void> {
    if (needed.size === 0) return;
    const bases = [...needed.keys()];
    const counts = bases.map((b) => needed.get(b)!);
    const { rows } = await this.db.query<{ base: string; last_unit: number }>(
      `INSERT INTO cells (base, last_unit) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (base) DO UPDATE SET last_unit = cells.last_unit + excluded.last_unit
       RETURNING base, last_unit`,
      [bases, counts],
    );
    const candidates: string[] = [];
    for (const { base, last_unit } of rows) {
      const count = needed.get(base)!;
      const codes: string[] = [];
      for (let unit = last_unit - count + 1; unit <= last_unit; unit++) codes.push(withUnit(base, unit));
      this.reserved.set(base, [...(this.reserved.get(base) ?? []), ...codes]);
      candidates.push(...codes);
    }
    await this.prefetch(candidates);
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
      const queued = this.reserved.get(base);
      if (queued !== undefined && queued.length > 0) {
        code = queued.shift()!;
        continue;
      }
      // Loops only past unit codes someone requested explicitly, or beyond what was reserved.
      const { rows } = await this.db.query<{ last_unit: number }>(
        "INSERT INTO cells (base, last_unit) VALUES ($1, 1) ON CONFLICT (base) DO UPDATE SET last_unit = cells.last_unit + 1 RETURNING last_unit",
        [base],
      );
      code = withUnit(base, rows[0].last_unit);
    }
  }
}
