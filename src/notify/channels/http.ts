/**
 * SMS and Zalo Official Account messages through an HTTP gateway: one JSON POST per message to a
 * configured endpoint, with a bearer token and the notification's `Idempotency-Key` header (the
 * IETF draft's name, which gateways that dedupe accept), and a timeout. A 2xx is sent (the receipt
 * is the gateway's `id`, else the key); 408, 429 and 5xx, a timeout or a broken connection are
 * worth another attempt; any other 4xx is the gateway refusing this message for good.
 *
 * Requests go through an undici `Pool` of kept-alive connections to the gateway's origin, not
 * through `fetch`: the same client underneath without the WHATWG layer (streams, abort signals,
 * response objects), which cost most of the CPU of a hand-over to a local gateway. The gateways
 * take one message a request, so throughput comes from requests in flight at once, one per
 * connection (no pipelining: a gateway that answers slowly holds up only its own request).
 */
import { errors, Pool } from "undici";
import { type Channel, DeliveryError } from "../channel.js";
import type { OwnerMessage } from "../message.js";

export interface HttpChannelSettings {
  /** "sms" or "zalo": what the body carries differs (see bodyOf). */
  kind: "sms" | "zalo";
  /** The gateway's endpoint (https in production). */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  token?: string | null;
  /**
   * Per request, ms, to connect and again to answer (default 10,000). Checked about once a second
   * (undici's coarse timers, cheap with many requests in flight): a timeout fires up to a second
   * late, which a gateway's timeout of seconds does not notice.
   */
  timeoutMs?: number;
  /** Connections kept open to the gateway, so requests in flight at once (default 16). */
  connections?: number;
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
  private readonly pool: Pool;
  /** The endpoint's path and query, requested on the pool's origin. */
  private readonly path: string;

  constructor(private readonly settings: HttpChannelSettings) {
    this.name = settings.kind;
    this.timeoutMs = settings.timeoutMs ?? 10_000;
    const connections = settings.connections ?? 16;
    if (!Number.isInteger(connections) || connections < 1) throw new Error(`${settings.kind} channel: ${connections} connections is not a positive integer`);
    const url = new URL(settings.url);
    this.path = `${url.pathname}${url.search}`;
    this.pool = new Pool(url.origin, { connections, pipelining: 1, connectTimeout: this.timeoutMs });
  }

  async send(message: OwnerMessage): Promise<string> {
    const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": message.idempotencyKey };
    if (this.settings.token) headers.authorization = `Bearer ${this.settings.token}`;
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        path: this.path,
        method: "POST",
        headers,
        body: JSON.stringify(bodyOf(this.settings.kind, message)),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const timedOut = error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError;
      const reason = timedOut ? `no answer within ${this.timeoutMs} ms` : (error as Error).message;
      throw new DeliveryError(`${this.name} gateway ${this.settings.url}: ${reason}`, false);
    }
    if (status >= 200 && status < 300) {
      try {
        const id = (JSON.parse(text) as { id?: unknown }).id;
        if (typeof id === "string" || typeof id === "number") return String(id);
      } catch {
        // A 2xx without a JSON id is still a send: the key is the receipt.
      }
      return message.idempotencyKey;
    }
    const retry = status === 408 || status === 429 || status >= 500;
    throw new DeliveryError(`${this.name} gateway ${this.settings.url}: HTTP ${status} ${text.slice(0, 200)}`, !retry);
  }

  /** Waits for the requests in flight and closes the connections. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
