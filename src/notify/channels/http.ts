/**
 * SMS and Zalo Official Account messages through an HTTP gateway: one JSON POST per message to a
 * configured endpoint, with a bearer token and the notification's `Idempotency-Key` header (the
 * IETF draft's name, which gateways that dedupe accept), and a timeout. A 2xx is sent (the receipt
 * is the gateway's `id`, else the key); 408, 429 and 5xx, a timeout or a broken connection are
 * worth another attempt; any other 4xx is the gateway refusing this message for good.
 */
import { type Channel, DeliveryError } from "../channel.js";
import type { OwnerMessage } from "../message.js";

export interface HttpChannelSettings {
  /** "sms" or "zalo": what the body carries differs (see bodyOf). */
  kind: "sms" | "zalo";
  /** The gateway's endpoint (https in production). */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string | null;
  /** Per request, ms (default 10,000). */
  timeoutMs?: number;
}

/** The JSON a gateway receives: an SMS text to a number, or a Zalo message with its link apart. */
function bodyOf(kind: "sms" | "zalo", message: OwnerMessage): Record<string, unknown> {
  if (kind === "sms") return { to: message.recipient.phone, text: message.text, reference: message.idempotencyKey };
  return {
    phone: message.recipient.phone,
    text: message.text,
    link: message.link,
    code: message.displayCode,
    reference: message.idempotencyKey,
  };
}

export class HttpChannel implements Channel {
  readonly name: string;
  readonly contact = "phone" as const;
  private readonly timeoutMs: number;

  constructor(private readonly settings: HttpChannelSettings) {
    this.name = settings.kind;
    this.timeoutMs = settings.timeoutMs ?? 10_000;
  }

  async send(message: OwnerMessage): Promise<string> {
    const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": message.idempotencyKey };
    if (this.settings.token) headers.authorization = `Bearer ${this.settings.token}`;
    let response: Response;
    try {
      response = await fetch(this.settings.url, {
        method: "POST",
        headers,
        body: JSON.stringify(bodyOf(this.settings.kind, message)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === "TimeoutError" ? `no answer within ${this.timeoutMs} ms` : String((error as Error).cause ?? (error as Error).message);
      throw new DeliveryError(`${this.name} gateway ${this.settings.url}: ${reason}`, false);
    }
    const text = await response.text();
    if (response.ok) {
      try {
        const id = (JSON.parse(text) as { id?: unknown }).id;
        if (typeof id === "string" || typeof id === "number") return String(id);
      } catch {
        // A 2xx without a JSON id is still a send: the key is the receipt.
      }
      return message.idempotencyKey;
    }
    const retry = response.status === 408 || response.status === 429 || response.status >= 500;
    throw new DeliveryError(`${this.name} gateway ${this.settings.url}: HTTP ${response.status} ${text.slice(0, 200)}`, !retry);
  }

  async close(): Promise<void> {}
}
