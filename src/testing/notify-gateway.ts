/**
 * A local HTTP server standing in for an SMS or Zalo gateway (tests and the notification
 * benchmark): it answers on 127.0.0.1, fails on purpose when told to (a status, a delay past the
 * client's timeout), and keeps what a real gateway that honours `Idempotency-Key` keeps — each
 * key's requests and whether it was delivered — so a test can count deliveries per key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the gateway does with one request (after reading its body): answer with `status` after `delayMs`. */
export interface GatewayAnswer {
  status: number;
  delayMs?: number;
}

export interface GatewayRequest {
  key: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
}

export interface TestGateway {
  url: string;
  /** Every request received, in order (empty when `keepBodies` is false). */
  requests: GatewayRequest[];
  /** Key → how many requests carried it. */
  requestsPerKey: Map<string, number>;
  /** Keys delivered: a 2xx answered for a key not delivered before. A repeat is answered 200 without a second delivery. */
  delivered: Set<string>;
  /** Requests answered with a 2xx for a key already delivered (what idempotency saved). */
  repeats: number;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Decides each request's answer; by default 200 at once. */
  answer?: (request: GatewayRequest, index: number) => GatewayAnswer;
  /** Keep each request's body (default true; the benchmark turns it off). */
  keepBodies?: boolean;
  port?: number;
}

export async function startTestGateway(options: GatewayOptions = {}): Promise<TestGateway> {
  const keepBodies = options.keepBodies ?? true;
  let index = 0;
  const gateway: Omit<TestGateway, "url" | "close"> = { requests: [], requestsPerKey: new Map(), delivered: new Set(), repeats: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const request: GatewayRequest = {
      key,
      authorization: req.headers.authorization ?? null,
      body: keepBodies ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {},
    };
    if (keepBodies) gateway.requests.push(request);
    if (key !== null) gateway.requestsPerKey.set(key, (gateway.requestsPerKey.get(key) ?? 0) + 1);
    const answer = options.answer?.(request, index++) ?? { status: 200 };
    // Accepted before the (slow) answer, as a real gateway does: a client that gave up waiting has
    // still had its message sent, and only the key keeps its retry from being sent again.
    if (answer.status >= 200 && answer.status < 300 && key !== null) {
      if (gateway.delivered.has(key)) gateway.repeats++;
      else gateway.delivered.add(key);
    }
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.status < 300 ? { id: `gw-${key}` } : { error: `failing on purpose (${answer.status})` }));
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      res.writeHead(400);
      res.end(error.message);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...gateway,
    get repeats() {
      return gateway.repeats;
    },
    url: `http://127.0.0.1:${port}/send`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  } as TestGateway;
}
