/**
 * The owner's answers (issue 17): the `owner_link_spent` and `correction_proposals` tables, the one
 * write that spends a link, moves the record and keeps the proposal, and the erasure of the owner's
 * words (a proposal's text may name them; the proposed values are the address's). It runs inside the
 * caller's write transaction (sqlite-store.ts), so the three land together or not at all.
 */
import { type ProposalRow, proposalOf } from "../rows.js";
import type Database from "better-sqlite3";
import { SpentNonceError, ValidationError } from "../../domain/errors.js";
import type { CorrectionProposal, OwnerAnswer, ProposalFilter, WriteContext } from "../store.js";
import type { RecordWrites } from "./lifecycle.js";
import type { Held } from "../record-rows.js";
import { checkCode, type RecordTable } from "./records.js";

/** A page of proposals is at most this long (as the records' pages). */
const MAX_PROPOSALS = 10_000;

export class OwnerAnswers {
  private readonly spend: Database.Statement<[string, number, number]>;
  private readonly spentByNonce: Database.Statement<[string], { code: string; at: number }>;
  private readonly insertProposal: Database.Statement<[number, number, string, string, string | null, string, number, string]>;
  private readonly proposalById: Database.Statement<[number], ProposalRow>;
  private readonly eraseText: Database.Statement<[string]>;
  /** One statement per combination of filters, prepared on first use. */
  private readonly listings = new Map<string, Database.Statement<unknown[], ProposalRow>>();

  constructor(
    private readonly db: Database.Database,
    private readonly records: RecordTable,
    private readonly writes: RecordWrites,
  ) {
    // OR IGNORE + changes: a taken nonce is told apart from any other failure without parsing an error message.
    this.spend = db.prepare("INSERT OR IGNORE INTO owner_link_spent (nonce, record_id, at) VALUES (?, ?, ?)");
    this.spentByNonce = db.prepare(
      "SELECT r.code AS code, s.at AS at FROM owner_link_spent AS s JOIN records AS r ON r.id = s.record_id WHERE s.nonce = ?",
    );
    this.insertProposal = db.prepare(
      "INSERT INTO correction_proposals (record_id, version, province, commune, text, fields, at, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.eraseText = db.prepare(
      "UPDATE correction_proposals SET text = NULL WHERE text IS NOT NULL AND record_id = (SELECT id FROM records WHERE code = ?)",
    );
    this.proposalById = db.prepare(
      "SELECT p.id, r.code, p.version, p.province, p.commune, p.text, p.fields, p.at, p.via FROM correction_proposals AS p JOIN records AS r ON r.id = p.record_id WHERE p.id = ?",
    );
  }

  /** Inside a write transaction: spend, move, keep. Throws (writing nothing) on any refusal. */
  answer(answer: OwnerAnswer, context: WriteContext): { record: Held; proposal: CorrectionProposal | null } {
    const held = this.records.mustHold(answer.code, answer.expectedVersion);
    const at = context.at ? context.at.getTime() : Date.now();
    if (answer.nonce !== null && this.spend.run(answer.nonce, held.id, at).changes === 0) throw new SpentNonceError(answer.nonce);
    let proposal: CorrectionProposal | null = null;
    let correction: unknown;
    if (answer.to === "correction-requested") {
      const proposed = answer.proposal;
      const text = proposed?.text?.trim() || null;
      const fields = proposed?.fields ?? {};
      if (text === null && Object.keys(fields).length === 0)
        throw new ValidationError("proposal", proposed ?? null, "say what is wrong (text) or propose values (fields)", "cần nói điều gì sai hoặc đề xuất giá trị");
      const id = Number(
        this.insertProposal.run(held.id, held.version, held.new.province, held.new.commune, text, JSON.stringify(fields), at, answer.via).lastInsertRowid,
      );
      proposal = proposalOf(this.proposalById.get(id)!);
      correction = { proposal: id, text, fields };
    }
    const record = this.writes.transition(answer.code, answer.expectedVersion, { to: answer.to, reason: answer.reason, correction }, context);
    return { record, proposal };
  }

  /** Inside a write transaction: the owner's words removed from every proposal about `code` (an erasure); how many had any. */
  eraseWords(code: string): number {
    return this.eraseText.run(checkCode(code, "code")).changes;
  }

  spent(nonce: string): { code: string; at: string } | null {
    const row = this.spentByNonce.get(nonce);
    return row ? { code: row.code, at: new Date(row.at).toISOString() } : null;
  }

  list(filter: ProposalFilter): CorrectionProposal[] {
    const where: string[] = ["p.id > ?"];
    const params: unknown[] = [filter.after ?? 0];
    if (filter.code !== undefined) {
      where.push("r.code = ?");
      params.push(checkCode(filter.code, "code"));
    }
    if (filter.province !== undefined) {
      where.push("p.province = ?");
      params.push(filter.province);
    }
    if (filter.commune !== undefined) {
      where.push("p.commune = ?");
      params.push(filter.commune);
    }
    const limit = filter.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PROPOSALS)
      throw new ValidationError("limit", limit, `must be a whole number from 1 to ${MAX_PROPOSALS}`, `phải là số nguyên từ 1 đến ${MAX_PROPOSALS}`);
    params.push(limit);
    const sql = `SELECT p.id, r.code, p.version, p.province, p.commune, p.text, p.fields, p.at, p.via FROM correction_proposals AS p JOIN records AS r ON r.id = p.record_id WHERE ${where.join(" AND ")} ORDER BY p.id LIMIT ?`;
    let statement = this.listings.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.listings.set(sql, statement);
    }
    return statement.all(...params).map(proposalOf);
  }
}
