/**
 * Every refusal the API answers is an RFC 9457 problem (`application/problem+json`): a `type` that
 * names the kind of problem, a `title`, the `status`, a `detail` that names the offending value
 * (the message of the service or capability that refused), and — when one input field is at fault —
 * `field`. A stack trace never leaves the process: an unexpected error is logged with its stack and
 * answered as a bare 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { CodeError } from "../code/errors.js";
import {
  AddressError,
  ConflictError,
  DuplicateError,
  NotFoundError,
  StoreBusyError,
  StoreUnavailableError,
  TransitionError,
  ValidationError,
} from "../domain/errors.js";
import { ServiceError, type ServiceErrorKind } from "../services/errors.js";
import { OwnerLinkError, type OwnerLinkRefusal } from "../services/owner.js";
import { StoreFileError, StoreLocationError } from "../store/open.js";
import { UnknownUnitError } from "../units/registry.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The body of a problem answer. Extensions (`field`, `suggestions`, `current_version`) are ours. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The path that was asked (without its query: a query may hold what the caller typed). */
  instance?: string;
  field?: string;
  [extension: string]: unknown;
}

/** A problem a route raises itself, with its status and extension members. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiProblem";
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  428: "Precondition Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

const SERVICE_STATUS: Record<ServiceErrorKind, number> = {
  "bad-request": 400,
  "not-found": 404,
  ambiguous: 409,
  busy: 503,
  refused: 409,
};

/**
 * An owner link refused: 400 when it is no link, 403 when its signature fails (another store's, or
 * altered), 410 when it is over (expired, or used once already), 409 when the record changed after
 * the notification. Each its own type (`owner-link-<refusal>`), so the owner page words it.
 */
const OWNER_LINK_STATUS: Record<OwnerLinkRefusal, number> = { malformed: 400, tampered: 403, expired: 410, used: 410, stale: 409 };

/** `urn:diachiso:problem:<kind>`: a stable name a client can switch on (a URN needs no web page behind it). */
function problemType(kind: string): string {
  return `urn:diachiso:problem:${kind}`;
}

/** Seconds a client is asked to wait before retrying a 503: about the time a store set aside is passed over. */
const STORE_RETRY_AFTER_SECONDS = 2;

export function problem(status: number, kind: string, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return { type: problemType(kind), title: TITLES[status] ?? "Error", status, detail, ...extensions };
}

/** The problem an error thrown while answering stands for; null for an unexpected error (a 500). */
export function problemOf(error: unknown): Problem | null {
  if (error instanceof ApiProblem) return problem(error.status, error.kind, error.message, error.extensions);
  if (error instanceof OwnerLinkError) return problem(OWNER_LINK_STATUS[error.refusal], `owner-link-${error.refusal}`, error.message);
  if (error instanceof ServiceError)
    return problem(SERVICE_STATUS[error.kind], error.kind, error.message, error.field ? { field: error.field } : {});
  if (error instanceof UnknownUnitError) return problem(404, "not-found", error.message);
  if (error instanceof CodeError) return problem(400, "bad-request", error.message);
  if (error instanceof ConflictError)
    return problem(412, "stale-version", error.message, { current_version: error.actualVersion });
  if (error instanceof ValidationError) return problem(400, "bad-request", error.message, { field: error.field });
  if (error instanceof NotFoundError) return problem(404, "not-found", error.message);
  if (error instanceof TransitionError) return problem(409, "transition", error.message);
  if (error instanceof DuplicateError) return problem(409, "duplicate", error.message);
  if (error instanceof StoreBusyError) return problem(503, "busy", error.message);
  if (error instanceof StoreUnavailableError) return problem(503, "store-unavailable", error.message);
  if (error instanceof AddressError) return problem(400, "bad-request", error.message);
  if (error instanceof StoreFileError || error instanceof StoreLocationError) return null;
  return fastifyProblem(error as FastifyError);
}

/** Fastify's own refusals (validation, body too large, bad media type, bad URL) carry a 4xx status. */
function fastifyProblem(error: FastifyError): Problem | null {
  if (error.validation) {
    const first = error.validation[0];
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const path = first?.instancePath.replace(/^\//, "").replaceAll("/", ".") ?? "";
    const field = missing ? [path, missing].filter(Boolean).join(".") : path;
    return problem(400, "bad-request", `${error.validationContext ?? "request"}${field ? ` ${field}` : ""}: ${first?.message ?? error.message}`, field ? { field } : {});
  }
  const status = error.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const kind = status === 413 ? "too-large" : status === 429 ? "rate-limited" : status === 415 ? "unsupported-media-type" : "bad-request";
    return problem(status, kind, error.message);
  }
  return null;
}

/** Sends `body` as a problem answer. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, body: Problem): FastifyReply {
  // RFC 9110: a 401 says how to authenticate.
  if (body.status === 401) reply.header("www-authenticate", 'Bearer realm="diachiso"');
  // A store that is busy or cannot be reached is passing (a writer's lock, a primary restarting):
  // tell clients and proxies when to ask again rather than leave them to hammer it. The rate
  // limiter's 429 sets its own.
  if (body.status === 503 && !reply.hasHeader("retry-after")) reply.header("retry-after", String(STORE_RETRY_AFTER_SECONDS));
  return reply
    .code(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...body, instance: request.url.split("?")[0] });
}
