/**
 * E-mail over SMTP with nodemailer (one pooled transport per run). The Message-ID is made from the
 * idempotency key, so every attempt of one notification is the same message to the receiving
 * system, and the key travels as a header too. An SMTP 5xx refuses the message for good; anything
 * else (4xx, a dropped connection, a timeout) is worth another attempt.
 */
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import { type Channel, DeliveryError } from "../channel.js";
import type { OwnerMessage } from "../message.js";

export interface EmailChannelSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`. */
  smtpUrl: string;
  /** The sender ("Địa chỉ số <no-reply@diachiso.example.vn>"). */
  from: string;
  /** Per connection and greeting, ms (default 10,000). */
  timeoutMs?: number;
}

export class EmailChannel implements Channel {
  readonly name = "email";
  readonly contact = "email" as const;
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  private readonly domain: string;

  constructor(private readonly settings: EmailChannelSettings) {
    const timeout = settings.timeoutMs ?? 10_000;
    const url = new URL(settings.smtpUrl);
    this.transport = nodemailer.createTransport({
      pool: true,
      host: url.hostname,
      port: Number(url.port) || (url.protocol === "smtps:" ? 465 : 587),
      secure: url.protocol === "smtps:",
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // Plain SMTP to a relay on the local network or 127.0.0.1 is the operator's choice, not ours to refuse.
      ignoreTLS: url.searchParams.get("tls") === "off",
    });
    this.domain = /@([^>\s]+)/.exec(settings.from)?.[1] ?? "diachiso.invalid";
  }

  async send(message: OwnerMessage): Promise<string> {
    const to = message.recipient.email;
    if (!to) throw new DeliveryError(`no e-mail address for ${message.code}`, true);
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: message.recipient.name ? { name: message.recipient.name, address: to } : to,
        subject: `Địa chỉ số ${message.displayCode}: xin xác nhận`,
        text: message.text,
        // Base64 keeps the link in one piece for any reader (quoted-printable would fold it).
        textEncoding: "base64",
        messageId: `<${message.idempotencyKey}@${this.domain}>`,
        headers: { "Idempotency-Key": message.idempotencyKey },
      });
      return info.messageId;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      throw new DeliveryError(`SMTP: ${(error as Error).message}`, code !== undefined && code >= 500);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
