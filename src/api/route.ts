/**
 * What a route of the API is: one declaration holding its method and path, the roles that may call
 * it, its TypeBox schema (which validates the request, types the handler and writes the OpenAPI
 * document at once), an example request (the OpenAPI document shows it and the authorisation
 * matrix test sends it) and its handler. The server registers the route table and checks each
 * request's role against `allow` before anything else runs, so a route cannot be reached by a role
 * it does not name, and a test walks every route × every role from the same table.
 */
import type { IncomingMessage } from "node:http";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest, FastifySchema, RawServerDefault, RouteGenericInterface } from "fastify";
import type { Role, Scope } from "./roles.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A request the route answers for an entitled caller (the matrix test sends it as each role). */
export interface RouteExample {
  /** Path and query, e.g. "/v1/search?q=hang%20bai". */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type TypedRequest<S extends FastifySchema> = FastifyRequest<
  RouteGenericInterface,
  RawServerDefault,
  IncomingMessage,
  S,
  TypeBoxTypeProvider
>;

export interface ApiRoute<S extends FastifySchema = FastifySchema> {
  method: HttpMethod;
  url: string;
  /** One line for the OpenAPI document. */
  summary: string;
  /** The OpenAPI tag (the section of the documentation page). */
  tag: string;
  /** The roles that may call it; everyone else gets 401 (no key) or 403. */
  allow: readonly Role[];
  /** A partner key must also hold this scope. */
  scope?: Scope;
  /** Left out of the OpenAPI document (the documentation's own pages). */
  hidden?: boolean;
  /** Not counted against the caller's rate limit (health probes, metrics scrapes). */
  unlimited?: boolean;
  /** A limit of this route's own per caller, requests per minute, below the caller's general one. */
  ratePerMinute?: number;
  schema: S;
  example: RouteExample;
  handler: (request: TypedRequest<S>, reply: FastifyReply) => unknown;
}

/** A route with its schema's types checked against its handler, kept in a table of mixed schemas. */
export function defineRoute<S extends FastifySchema>(route: ApiRoute<S>): ApiRoute {
  return route as unknown as ApiRoute;
}
