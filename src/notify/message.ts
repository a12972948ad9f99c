/**
 * What an owner is told: the address in both structures, its code, a link to the owner page with a
 * signed, expiring token (a fresh nonce each time it is built) and the phone code. Built from the
 * record as the deliverer read it; the same notification always carries the same idempotency key.
 */
import type { AddressRecord } from "../domain/record.js";
import { formatNew, formatOld } from "../domain/format.js";
import { newOwnerLinkNonce, OWNER_LINK_DEFAULT_TTL_DAYS, ownerPhoneCode, signOwnerToken } from "../domain/owner-link.js";
import { displayCode } from "../domain/record-json.js";
import type { ClaimedNotification } from "../store/store.js";
import type { UnitRegistry } from "../units/registry.js";

export interface OwnerMessage {
  /**
   * The notification's identity, the same on every attempt: the record's code and the version at
   * which it became complete (unique in the outbox, and the same in every backend).
   */
  idempotencyKey: string;
  code: string;
  /** The code as people read it (2TT-PF3-CM6M). */
  displayCode: string;
  /**
   * The record's version once notified (the complete version + 1): the version the token and the
   * phone code name, the one the owner confirms.
   */
  version: number;
  province: string;
  commune: string;
  /** The address in the new structure and, when the record has one, the old. */
  addressNew: string;
  addressOld: string | null;
  recipient: { name: string | null; phone: string | null; email: string | null };
  /** `<public URL>/o/<token>`. */
  link: string;
  /** Eight digits the owner reads out to the commune to confirm by phone. */
  phoneCode: string;
  expiresAt: Date;
  /** The message in words (SMS, Zalo, the e-mail's text, the letter). */
  text: string;
}

export interface MessageSettings {
  registry: UnitRegistry;
  /** `ownerLinkKey(personalDataKey)`. */
  linkKey: Buffer;
  /** Where the owner page is served, without a trailing slash ("https://diachiso.gov.vn"). */
  publicUrl: string;
  /** Life of the link, days (default OWNER_LINK_DEFAULT_TTL_DAYS). */
  ttlDays?: number;
}

/** The idempotency key of a notification: `<code>.v<version it became complete at>`. */
export function idempotencyKeyOf(notification: Pick<ClaimedNotification, "code" | "version">): string {
  return `${notification.code}.v${notification.version}`;
}

/** Checks a public base URL at the edge: http(s), no query or fragment; answers it without a trailing slash. */
export function checkPublicUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`public URL "${url}" is not a URL (e.g. https://diachiso.example.vn)`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error(`public URL "${url}": must be http or https`);
  if (parsed.search || parsed.hash) throw new Error(`public URL "${url}": no query or fragment`);
  return parsed.href.replace(/\/+$/, "");
}

export function buildMessage(notification: ClaimedNotification, record: AddressRecord, settings: MessageSettings, now: Date = new Date()): OwnerMessage {
  const version = record.version + 1;
  const ttlDays = settings.ttlDays ?? OWNER_LINK_DEFAULT_TTL_DAYS;
  const expiresAt = new Date(now.getTime() + ttlDays * 86_400_000);
  const token = signOwnerToken(settings.linkKey, { code: record.code, version, expiresAt, nonce: newOwnerLinkNonce() });
  const link = `${settings.publicUrl}/o/${token}`;
  const phoneCode = ownerPhoneCode(settings.linkKey, record.code, version);
  const shown = displayCode(record.code);
  const addressNew = formatNew(record, settings.registry) ?? `${record.new.commune}, ${record.new.province}`;
  const addressOld = formatOld(record, settings.registry);
  const until = expiresAt.toISOString().slice(0, 10);
  const text = [
    `Địa chỉ số của bạn: ${shown}`,
    addressNew,
    ...(addressOld ? [`(địa chỉ cũ: ${addressOld})`] : []),
    `Xác nhận hoặc đề nghị sửa tại ${link} (hiệu lực đến ${until})`,
    `hoặc gọi UBND xã/phường, đọc mã ${phoneCode}.`,
  ].join("\n");
  return {
    idempotencyKey: idempotencyKeyOf(notification),
    code: record.code,
    displayCode: shown,
    version,
    province: notification.province,
    commune: notification.commune,
    addressNew,
    addressOld,
    recipient: { name: record.owner?.name ?? null, phone: record.owner?.phone ?? null, email: record.owner?.email ?? null },
    link,
    phoneCode,
    expiresAt,
    text,
  };
}
