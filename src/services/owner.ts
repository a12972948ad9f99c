/**
 * The owner's side of notification (issue 17): what the link in a notification lets its holder do.
 * The link's token (domain/owner-link.ts) is the credential: it names one record and the version the
 * owner was notified of, expires, and is spent by the first answer. Its holder may
 *
 *   open       read their own record, their personal data included (audited, like an operator's read);
 *   confirm    notified → confirmed;
 *   correct    notified → correction-requested, with a proposal kept for the surveyor (never applied);
 *
 * and an owner without internet confirms by phone: the commune's officer types the eight-digit code
 * the owner reads out (`confirmByPhone`). Every refusal of a link is an `OwnerLinkError` naming which
 * check failed, in English and Vietnamese, since the owner reads it.
 *
 * Which version a link is "current" for: the notification is prepared from the record as it is when
 * claimed (`complete`, version v) and the send moves it to `notified` (v + 1) in the same transaction
 * (the delivery, src/notify/). So a link signed for v or for v + 1 is current while the record is
 * `notified` at v + 1 and that last revision is the move to `notified`; any later revision (an
 * erasure, a move by an officer) makes the link stale.
 */
import { ConflictError, SpentNonceError } from "../domain/errors.js";
import { ownerLinkKey, ownerPhoneCodeMatches, readOwnerToken, type OwnerLinkClaims } from "../domain/owner-link.js";
import type { AddressRecord } from "../domain/record.js";
import { displayCode, partsJson } from "../domain/record-json.js";
import { formatNew, formatOld, unitsJson } from "../domain/format.js";
import type { CorrectionProposal, ProposalFilter, ProposedCorrection, Store } from "../store/store.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import { ServiceError } from "./errors.js";
import { recordCode } from "./records.js";
import type { StoreAccess } from "./stores.js";

/** Why a link was refused; each maps to its own HTTP problem. */
export type OwnerLinkRefusal = "malformed" | "tampered" | "expired" | "used" | "stale";

export class OwnerLinkError extends Error {
  constructor(
    readonly refusal: OwnerLinkRefusal,
    message: string,
  ) {
    super(message);
    this.name = "OwnerLinkError";
  }
}

/** The content fields an owner may propose values for (dotted paths of the record model). Owner data is not among them: the words say it, and the officer checks it in person. */
export const PROPOSABLE_FIELDS = [
  "name",
  "parts.houseNumber",
  "parts.lot",
  "parts.alleys",
  "parts.street",
  "parts.hamlet",
  "parts.building",
  "parts.floor",
  "parts.flat",
] as const;

/** The most characters of the owner's words and of one proposed value. */
export const PROPOSAL_TEXT_MAX = 2000;
export const PROPOSAL_VALUE_MAX = 200;

/** What the owner sees on their page: their record, their own personal data (never the citizen ID hash), both addresses. */
export interface OwnerView {
  code: string;
  display: string;
  kind: string;
  status: string;
  version: number;
  name: string | null;
  parts: Record<string, unknown>;
  new: unknown;
  old: unknown;
  formatted: { new: string | null; old: string | null };
  location: { lat: number; lon: number; accuracy_m: number | null };
  owner: { name: string | null; phone: string | null; email: string | null } | null;
  /** When the link stops working (ISO 8601). */
  link_expires_at: string;
}

export interface OwnerAnswerResult {
  code: string;
  status: string;
  version: number;
  /** The kept proposal (a correction request), without anything of the record's personal data. */
  proposal: CorrectionProposal | null;
}

/** How a revision and a proposal name an answer through a link: the token's nonce, never a person. */
export const linkActor = (nonce: string) => `owner-link:${nonce}`;

export class OwnerService {
  constructor(
    private readonly stores: StoreAccess,
    private readonly registry?: UnitRegistry,
    /** The time links are checked against (tests move it). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The owner's record with their personal data; the read is written to the audit log first. */
  async open(token: string): Promise<OwnerView> {
    return this.stores.withStore({ use: "write" }, async (store) => {
      const { claims, record } = await this.current(store, token);
      await store.appendAudit({
        actor: linkActor(claims.nonce),
        action: "owner-read-personal-data",
        subject: record.code,
        reason: "the owner opened the link of their notification",
      });
      return this.view(record, claims);
    });
  }

  /** The owner confirms the record they were notified of: notified → confirmed, the link spent. */
  async confirm(token: string): Promise<OwnerAnswerResult> {
    return this.stores.withStore({ use: "write" }, async (store) => {
      const { claims, record } = await this.current(store, token);
      return this.answer(store, token, claims, record, "confirmed", "the owner confirmed the address through the link of their notification");
    });
  }

  /**
   * The owner says something is wrong: notified → correction-requested, the proposal kept for the
   * surveyor (the record's content is not touched), the link spent.
   */
  async requestCorrection(token: string, input: { text?: string | null; fields?: Record<string, unknown> | null }): Promise<OwnerAnswerResult> {
    const proposal = checkedProposal(input);
    return this.stores.withStore({ use: "write" }, async (store) => {
      const { claims, record } = await this.current(store, token);
      return this.answer(store, token, claims, record, "correction-requested", "the owner asked for a correction through the link of their notification", proposal);
    });
  }

  /**
   * A confirmation the owner gave by phone: the officer types the code the owner reads out. The
   * code is tied to the record's version, so it works once (the confirmation moves the version on).
   * Refused (`refused`) when the code does not match or the record is not waiting for the owner.
   */
  async confirmByPhone(typed: string, phoneCode: string, officer: { actor: string }): Promise<OwnerAnswerResult> {
    const code = recordCode(typed);
    return this.stores.withStore({ use: "write" }, async (store) => {
      // Read once the store is open: beside a store file that is not there, the key would be made.
      const key = ownerLinkKey(this.stores.personalDataKey());
      const record = await store.get(code);
      if (!record) throw new ServiceError("not-found", `no address record with code "${typed}" in the store`);
      if (record.status !== "notified")
        throw new ServiceError("refused", `address ${displayCode(code)} is "${record.status}", not waiting for its owner's answer ("notified")`);
      const versions = await this.currentVersions(store, record);
      if (!versions.some((v) => ownerPhoneCodeMatches(key, code, v, phoneCode)))
        throw new ServiceError("refused", `the phone code does not match address ${displayCode(code)} as notified: check the digits the owner reads out`);
      const { record: after } = await store.answerAsOwner(
        { code, expectedVersion: record.version, nonce: null, to: "confirmed", reason: `the owner confirmed by phone to ${officer.actor}`, via: `phone:${officer.actor}` },
        { actor: `owner by phone (${officer.actor})` },
      );
      return { code, status: after.status, version: after.version, proposal: null };
    });
  }

  /** Kept proposals for the surveyor's worklist, oldest first. */
  async proposals(filter: ProposalFilter): Promise<CorrectionProposal[]> {
    return this.stores.withStore({ use: "read" }, (store) => store.correctionProposals(filter));
  }

  /** The token's claims and the record it names, refusing every link that may not be used now. */
  private async current(store: Store, token: string): Promise<{ claims: OwnerLinkClaims; record: AddressRecord }> {
    const key = ownerLinkKey(this.stores.personalDataKey());
    const reading = readOwnerToken(key, token, this.now());
    if (!reading.ok) {
      if (reading.reason === "expired") {
        const expiry = new Date(Number(token.split(".")[3]) * 1000).toISOString().slice(0, 10);
        throw new OwnerLinkError(
          "expired",
          `this owner link expired on ${expiry}: ask the commune for a new notification (đường liên kết đã hết hạn ngày ${expiry}: hãy đề nghị xã, phường gửi thông báo mới)`,
        );
      }
      if (reading.reason === "tampered")
        throw new OwnerLinkError(
          "tampered",
          "this owner link has been altered: its signature does not match; open the link exactly as it was sent (đường liên kết đã bị sửa: chữ ký không khớp; hãy mở đúng đường liên kết đã nhận)",
        );
      throw new OwnerLinkError(
        "malformed",
        "this is not a whole owner link: check that all of it was copied (đường liên kết không đầy đủ: hãy kiểm tra đã chép hết chưa)",
      );
    }
    const { claims } = reading;
    const spent = await store.ownerNonceSpent(claims.nonce);
    if (spent) throw usedError(spent.at);
    const record = await store.get(claims.code, { withPersonalData: true });
    const stale = (now: string) =>
      new OwnerLinkError(
        "stale",
        `this owner link is for version ${claims.version} of address ${displayCode(claims.code)}, which has changed since the notification (${now}): ask the commune for a new link (địa chỉ đã thay đổi sau khi thông báo: hãy đề nghị xã, phường gửi đường liên kết mới)`,
      );
    if (!record) throw stale("no such record any more");
    if (record.status !== "notified") {
      // The notification this link belongs to was answered another way (by phone, or a second link
      // of the same notification): for the owner, that is the link used, not the address changed.
      const last = (await store.history(record.code)).at(-1);
      const answered = last?.action === "transition" && last.changes?.status?.[0] === "notified" && (last.status === "confirmed" || last.status === "correction-requested");
      const answeredFrom = answered ? last.version - 1 : null;
      if (answeredFrom !== null && (answeredFrom === claims.version || answeredFrom === claims.version + 1)) throw usedError(last?.at ?? "");
      throw stale(`now "${record.status}"`);
    }
    if (!(await this.currentVersions(store, record)).includes(claims.version)) throw stale(`now version ${record.version}`);
    return { claims, record };
  }

  /** The versions a link or phone code for this notified record may carry (see the file's comment). */
  private async currentVersions(store: Store, record: AddressRecord): Promise<number[]> {
    const last = (await store.history(record.code)).at(-1);
    const notifiedNow = last?.version === record.version && last.action === "transition" && last.status === "notified";
    return notifiedNow ? [record.version, record.version - 1] : [];
  }

  private async answer(
    store: Store,
    token: string,
    claims: OwnerLinkClaims,
    record: AddressRecord,
    to: "confirmed" | "correction-requested",
    reason: string,
    proposal?: ProposedCorrection,
  ): Promise<OwnerAnswerResult> {
    try {
      const answered = await store.answerAsOwner(
        { code: record.code, expectedVersion: record.version, nonce: claims.nonce, to, reason, proposal, via: linkActor(claims.nonce) },
        { actor: "owner" },
      );
      return { code: record.code, status: answered.record.status, version: answered.record.version, proposal: answered.proposal };
    } catch (error) {
      // Another answer won the race between the check and the write (through this link: spent; or
      // another way: the version moved on). Checked again, the link's refusal says which.
      if (error instanceof SpentNonceError || error instanceof ConflictError) await this.current(store, token);
      throw error;
    }
  }

  private view(record: AddressRecord, claims: OwnerLinkClaims): OwnerView {
    const registry = this.registry ?? loadRegistry();
    const units = unitsJson(record, registry);
    const owner = record.owner;
    return {
      code: record.code,
      display: displayCode(record.code),
      kind: record.kind,
      status: record.status,
      version: record.version,
      name: record.name,
      parts: partsJson(record.parts),
      new: units.new,
      old: units.old,
      formatted: { new: formatNew(record, registry), old: formatOld(record, registry) },
      location: { lat: record.location.lat, lon: record.location.lon, accuracy_m: record.location.accuracyM },
      // Never the citizen ID's hash: it is of no use to the owner, and a copy of the page must not carry it.
      owner: owner ? { name: owner.name ?? null, phone: owner.phone ?? null, email: owner.email ?? null } : null,
      link_expires_at: claims.expiresAt.toISOString(),
    };
  }
}

function usedError(at: string): OwnerLinkError {
  const day = at.slice(0, 10);
  return new OwnerLinkError(
    "used",
    `this owner link was already used on ${day}; the answer given then stands: contact the commune to change it (đường liên kết đã được dùng ngày ${day}; muốn thay đổi hãy liên hệ xã, phường)`,
  );
}

/** The owner's proposal as received → checked: words and/or values for known fields, each within its length. */
export function checkedProposal(input: { text?: string | null; fields?: Record<string, unknown> | null }): ProposedCorrection {
  const text = typeof input.text === "string" ? input.text.normalize("NFC").trim() : "";
  if (text.length > PROPOSAL_TEXT_MAX)
    throw new ServiceError("bad-request", `the words of a correction are at most ${PROPOSAL_TEXT_MAX} characters, got ${text.length}`, "text");
  const fields: Record<string, string> = {};
  for (const [field, value] of Object.entries(input.fields ?? {})) {
    if (!(PROPOSABLE_FIELDS as readonly string[]).includes(field))
      throw new ServiceError("bad-request", `no value can be proposed for "${field}"; fields: ${PROPOSABLE_FIELDS.join(", ")}`, `fields.${field}`);
    if (typeof value !== "string") throw new ServiceError("bad-request", `the proposed ${field} must be text, got ${JSON.stringify(value)}`, `fields.${field}`);
    const trimmed = value.normalize("NFC").replace(/\s+/g, " ").trim();
    if (trimmed.length > PROPOSAL_VALUE_MAX)
      throw new ServiceError("bad-request", `the proposed ${field} is at most ${PROPOSAL_VALUE_MAX} characters, got ${trimmed.length}`, `fields.${field}`);
    if (trimmed !== "") fields[field] = trimmed;
  }
  if (text === "" && Object.keys(fields).length === 0)
    throw new ServiceError("bad-request", "a correction says what is wrong (text) or proposes a value (fields)", "text");
  return { text: text === "" ? null : text, fields };
}
