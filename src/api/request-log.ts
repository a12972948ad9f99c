/**
 * What the request log (pino, through Fastify) writes of a request: Fastify's own fields, with an
 * owner link's token cut out of the path. The owner page's address is `/o/<token>` (the link a
 * notification carries), and a token in a log file would let whoever reads the log answer for the
 * owner; the API's owner routes take the token in a header, which the log never writes.
 */
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from "fastify";

/** The path of the owner page, whose one segment is a token. */
const OWNER_PAGE_PATH = /^\/o\/[^/?#]*/;

/** `url` as the log may keep it: the owner page's token replaced by `<token>`. */
export function redactedUrl(url: string): string {
  return url.replace(OWNER_PAGE_PATH, "/o/<token>");
}

/** Fastify's request serializer, the same fields, the URL redacted. */
function requestFields(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactedUrl(request.url),
    version: request.headers?.["accept-version"] as string | undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket ? request.socket.remotePort : undefined,
  };
}

/** The server's logger options with the redacting request serializer (false stays false: no log). */
export function redactingLogger(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: requestFields } };
}

/**
 * One line a request, once it is answered: what Fastify writes in two lines ("incoming request",
 * then "request completed"), the request's fields, its status and its time in one. The second
 * write was half the request log's cost, and the log is on in service (docs/benchmarks.md).
 * Fastify's other lines (errors, routes not found) are its own.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, "request errored");
    else reply.log.info(fields, "request completed");
  }
}
