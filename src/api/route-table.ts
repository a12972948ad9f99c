/**
 * Every route the API answers, in one table: the probes and documents, then each capability's
 * routes. The server registers exactly this list and the authorisation matrix test walks it, so a
 * route added here is checked for every role without anyone writing its test by hand. (The
 * documentation page's own assets under /docs come from @fastify/swagger-ui and are public.)
 */
import { Type } from "@sinclair/typebox";
import type { Registry } from "prom-client";
import type { ReplicationState } from "../store/store.js";
import { ApiProblem } from "./problems.js";
import { EVERYONE } from "./roles.js";
import { type ApiRoute, defineRoute } from "./route.js";
import { adminRoutes } from "./routes/admin.js";
import { batchRoutes } from "./routes/batch.js";
import { importRoutes } from "./routes/imports.js";
import type { ImportJobs } from "./import-jobs.js";
import { ownerRoutes } from "./routes/owner.js";
import { recordRoutes } from "./routes/records.js";
import { searchRoutes } from "./routes/search.js";
import { unitRoutes } from "./routes/units.js";
import { verifyRoutes } from "./routes/verify.js";
import type { ApiServices } from "./services.js";

export interface ServerParts {
  /** The OpenAPI document as the server built it from the routes' schemas. */
  openapi: () => unknown;
  metrics: Registry;
  /** Where the store's primary and read replicas stand; null for a store without replicas. */
  replication: () => Promise<ReplicationState | null>;
  verifyRatePerMinute: number;
  /** The most bytes a CSV upload may hold (routes/batch.ts). */
  csvBodyLimit: number;
  /** CSV files per key and minute (routes/batch.ts). */
  batchRatePerMinute?: number;
  /** The server's survey imports (routes/imports.ts). */
  /** The import jobs; null in a server of several processes, which takes no imports. */
  imports: ImportJobs | null;
  /** The most bytes a survey file uploaded for import may hold. */
  importBodyLimit: number;
  /** Imports started per key and minute (routes/imports.ts). */
  importRatePerMinute?: number;
  /** Requests per minute and caller on each owner route (routes/owner.ts). */
  ownerRatePerMinute?: number;
}

function serverRoutes(services: ApiServices, parts: ServerParts): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/healthz",
      summary: "The process answers (liveness)",
      tag: "server",
      allow: EVERYONE,
      unlimited: true,
      schema: {},
      example: { url: "/healthz" },
      handler: async () => ({ status: "ok" }),
    }),
    defineRoute({
      method: "GET",
      url: "/readyz",
      summary:
        "The store is open and the search index loaded (readiness), with the read replicas' state and lag where the store has them; 503 with the reason until then, or when no database server answers",
      tag: "server",
      allow: EVERYONE,
      unlimited: true,
      schema: {},
      example: { url: "/readyz" },
      handler: async () => {
        const why = services.notReadyBecause;
        if (why !== null) throw new ApiProblem(503, "not-ready", why);
        const { seq, delta } = services.search().index;
        const replication = await parts.replication();
        // The primary alone down is still ready: reads are answered by the replicas.
        if (replication && !replication.primary.reachable && !replication.replicas.some((r) => r.reachable))
          throw new ApiProblem(503, "store-unavailable", "neither the primary nor any read replica of the store answers");
        return { status: "ready", index: { seq, delta }, ...(replication ? { replication } : {}) };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/metrics",
      summary: "Prometheus metrics",
      tag: "server",
      allow: EVERYONE,
      unlimited: true,
      hidden: true,
      schema: {},
      example: { url: "/metrics" },
      handler: async (_request, reply) => {
        reply.type(parts.metrics.contentType);
        return parts.metrics.metrics();
      },
    }),
    defineRoute({
      method: "GET",
      url: "/openapi.json",
      summary: "This API's OpenAPI 3.1 document",
      tag: "server",
      allow: EVERYONE,
      unlimited: true,
      hidden: true,
      schema: { querystring: Type.Object({}, { additionalProperties: false }) },
      example: { url: "/openapi.json" },
      handler: async () => parts.openapi(),
    }),
  ];
}

export function routeTable(services: ApiServices, parts: ServerParts): ApiRoute[] {
  return [
    ...serverRoutes(services, parts),
    ...searchRoutes(services),
    ...batchRoutes(services, parts.csvBodyLimit, parts.batchRatePerMinute),
    ...unitRoutes(services), ...recordRoutes(services),
    ...importRoutes(parts.imports, parts.importBodyLimit, parts.importRatePerMinute),
    ...verifyRoutes(services, parts.verifyRatePerMinute),
    ...ownerRoutes(services, parts.ownerRatePerMinute),
    ...adminRoutes(services.access),
  ];
}
