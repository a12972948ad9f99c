/**
 * The HTTP API: a Fastify server over one store kept open (a `sharedStore`), its routes declared in
 * one table (route-table.ts) and each request passed through, in order:
 *
 *   URL check (bytes that are not UTF-8 refused) → who is calling (key → role) → rate limit of the
 *   caller → may this role call this route → body (JSON, UTF-8, depth, size) → schema validation →
 *   handler (a service) → answer; any refusal an RFC 9457 problem (problems.ts)
 *
 * The search index is opened after the server starts listening: `/healthz` answers at once,
 * `/readyz` and the search routes say 503 until the index is loaded.
 */
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { type AnswerExchange, SearchService, SearchSession, type SharedAnswer } from "../services/search.js";
import { type OpenedStore, replicationOf, sharedStore, storeAt } from "../services/stores.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import { enforceRouteAccess, identifyCallers, serviceKeys } from "./access.js";
import { useCheckedJsonBodies } from "./json-body.js";
import { useAutocompleteMetrics, useMetrics, useReplicationMetrics } from "./metrics.js";
import { OneLineRequestLog, redactingLogger } from "./request-log.js";
import { ApiProblem, problem, problemOf, sendProblem } from "./problems.js";
import type { Role } from "./roles.js";
import type { ApiRoute } from "./route.js";
import { routeTable } from "./route-table.js";
import { DEFAULT_CSV_BODY_LIMIT, passCsvBodies } from "./routes/batch.js";
import { DEFAULT_IMPORT_BODY_LIMIT, passImportBodies } from "./routes/imports.js";
import { DEFAULT_OWNER_RATE } from "./routes/owner.js";
import { ImportJobs } from "./import-jobs.js";
import { ImportService } from "../services/imports.js";
import { ApiServices } from "./services.js";
import { isWebAsset, useWebPages } from "./web-pages.js";

/** Requests carry a query or a record, never a file (CSV uploads have their own limit, routes/batch.ts): 64 KiB is ample. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Requests per minute by role, unless a key sets its own. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<Role, number>> = {
  public: 120,
  partner: 6000,
  surveyor: 1200,
  operator: 1200,
  admin: 1200,
};

/** How often a server's search index looks for changes written since (by the API or an import). */
export const DEFAULT_FOLLOW_MS = 2000;
/**
 * Autocomplete answers a server keeps, per process: ten thousand answers of five results are tens
 * of MiB, and hold the first keystrokes that users repeat (docs/benchmarks.md, "HTTP API").
 */
export const DEFAULT_AUTOCOMPLETE_CACHE = 10_000;

/** Residence checks per key and minute: a public service checks one applicant at a time, and a higher rate would help someone guess ID numbers. */
export const DEFAULT_VERIFY_RATE = 60;

export interface ApiServerOptions {
  /** The store, opened by the caller for writing and closed by it after the server. */
  store: OpenedStore;
  /** Where the store is (its search index lives beside it). */
  location: string;
  /** The key citizen IDs are hashed with. */
  personalDataKey: Buffer;
  registry?: UnitRegistry;
  /** Fastify's logger (pino): true for JSON lines on stdout, false for none; an owner link's token is never written (request-log.ts). */
  logger?: FastifyServerOptions["logger"];
  bodyLimit?: number;
  /** The most bytes a CSV upload may hold (default DEFAULT_CSV_BODY_LIMIT, 50 MiB). */
  csvBodyLimit?: number;
  /** CSV files per key and minute (default BATCH_RATE_PER_MINUTE). */
  batchRatePerMinute?: number;
  /** The most bytes a survey file sent to POST /v1/imports may hold (default DEFAULT_IMPORT_BODY_LIMIT, 512 MiB). */
  importBodyLimit?: number;
  /** Imports started per key and minute (default IMPORT_RATE_PER_MINUTE). */
  importRatePerMinute?: number;
  /** Where uploaded survey files and their rejects are kept while their jobs are (default: a new temporary folder, removed on close). */
  importsFolder?: string;
  /** Requests per minute by role (merged over DEFAULT_RATE_LIMITS). */
  rateLimits?: Partial<Record<Role, number>>;
  /** Residence verifications per minute per key (default DEFAULT_VERIFY_RATE). */
  verifyRatePerMinute?: number;
  /** Requests per minute and caller address on each owner route (default DEFAULT_OWNER_RATE, routes/owner.ts). */
  ownerRatePerMinute?: number;
  /**
   * How many server processes share the port and its callers (serve --workers), 1 by default.
   * Each enforces its share of every rate limit (rounded up); with more than one, imports are off
   * (a job lives in the process that runs it, and its progress would be asked of another).
   */
  processes?: number;
  /** How often the search index looks for the store's changes (ms; 0: never). */
  followMs?: number;
  /** Autocomplete answers kept for the next caller (SearchSessionOptions; default DEFAULT_AUTOCOMPLETE_CACHE, 0: none). */
  autocompleteCache?: number;
  /**
   * How the processes of `serve --workers` pass each other the autocomplete answers they work out
   * (none by default: each keeps only its own).
   */
  answerExchange?: AnswerExchange;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges), so that an
   * anonymous caller is limited by its own address rather than the proxy's. None by default: a
   * header anyone may send would let a caller choose the address it is limited by.
   */
  trustProxy?: readonly string[];
  /** The web app's built pages (default: dist/web beside the server; null: serve none). */
  webRoot?: string | null;
  /** Told once the search index is open (or could not be). */
  onIndex?: (outcome: { ok: true; records: number; seconds: number } | { ok: false; message: string }) => void;
}

export interface ApiServer {
  app: FastifyInstance;
  /** The route table the server answers (the authorisation matrix test walks it). */
  routes: readonly ApiRoute[];
  services: ApiServices;
  /** The web app's pages are served (false: none were built, or `webRoot` was null). */
  webPages: boolean;
  /**
   * Opens the search index (after `listen`, so that probes are answered meanwhile); settles once it
   * is open or failed to open (never rejects: `/readyz` says why).
   */
  loadIndex(): Promise<void>;
}

export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const registry = options.registry ?? loadRegistry();
  const access = sharedStore(options.store, { location: options.location, personalDataKey: options.personalDataKey });
  const services = new ApiServices(access, registry);
  const app = Fastify({
    logger: redactingLogger(options.logger ?? false),
    logController: new OneLineRequestLog(),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // A request parsed by Ajv: query strings coerced to the declared types, unknown members refused by the schemas.
    ajv: { customOptions: { coerceTypes: "array", removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    // Fastify's default of 100 characters per path parameter is less than an owner link's token
    // (about 90 with a 13-character code, more for a code migrated from an earlier system), and a
    // longer one would be a 404 for the owner page.
    routerOptions: { maxParamLength: 300 },
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((error, request, reply) => {
    const body = problemOf(error);
    if (body) return sendProblem(reply, request, body);
    request.log.error({ err: error }, "unexpected error");
    return sendProblem(reply, request, problem(500, "internal", "an unexpected error occurred; it has been logged"));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, problem(404, "not-found", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );
  useCheckedJsonBodies(app);
  passCsvBodies(app);
  passImportBodies(app);
  const metrics = useMetrics(app);
  const replication = () => replicationOf(access);
  useReplicationMetrics(metrics, replication);
  useAutocompleteMetrics(metrics, () => services.autocompleteAnswers());

  // A URL whose %-escapes are not UTF-8 is refused before anyone reads it. The per-request hooks
  // here and in access.ts and metrics.ts take Fastify's `done` rather than return a promise: they
  // mostly wait for nothing, and a promise and its turn of the microtask queue per hook per
  // request is server CPU for nothing.
  app.addHook("onRequest", (request, _reply, done) => {
    try {
      decodeURIComponent(request.url);
    } catch {
      return done(new ApiProblem(400, "bad-request", "the URL has %-escapes that are not UTF-8"));
    }
    done();
  });
  identifyCallers(app, serviceKeys(services.access));

  const rates = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const share = Math.max(1, options.processes ?? 1);
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (request) => Math.ceil((request.principal.ratePerMinute ?? rates[request.principal.role]) / share),
    keyGenerator: (request) => (request.principal.role === "public" ? `ip:${request.ip}` : `key:${request.principal.keyId}`),
    // The documentation page's assets (a dozen files per visit) are not queries.
    allowList: (request) =>
      request.routeOptions.config?.unlimited === true || request.url.startsWith("/docs") || isWebAsset(request.url),
    errorResponseBuilder: (_request, context) =>
      new ApiProblem(429, "rate-limited", `more than ${context.max} requests in ${context.after}; retry after that`),
  });
  enforceRouteAccess(app);

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "diachiso",
        version: "1",
        description:
          "Vietnam's national digital address platform: search, geocoding, administrative units of both structures, address records. Errors are RFC 9457 problems (application/problem+json).",
      },
      components: {
        securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "an API key from `diachiso keys create`" } },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    // No call to the public validator: the page loads nothing from outside this server.
    uiConfig: { validatorUrl: null, deepLinking: false },
    staticCSP: true,
  });

  const webPages = options.webRoot !== null && (await useWebPages(app, options.webRoot));

  // An import opens the store itself, as the CLI's does (its own connection and page cache, the
  // bulk-load lock taken on it), with the server's personal-data key.
  const importStores = {
    ...storeAt(options.location),
    configuredKey: () => options.personalDataKey,
    personalDataKey: () => options.personalDataKey,
  };
  const imports = share > 1 ? null : new ImportJobs(new ImportService(importStores), options.importsFolder ?? null);
  if (imports) app.addHook("onClose", () => imports.close());

  const routes = routeTable(services, {
    openapi: () => app.swagger(),
    metrics,
    replication,
    verifyRatePerMinute: Math.ceil((options.verifyRatePerMinute ?? DEFAULT_VERIFY_RATE) / share),
    ownerRatePerMinute: Math.ceil((options.ownerRatePerMinute ?? DEFAULT_OWNER_RATE) / share),
    csvBodyLimit: options.csvBodyLimit ?? DEFAULT_CSV_BODY_LIMIT,
    batchRatePerMinute: options.batchRatePerMinute,
    imports,
    importBodyLimit: options.importBodyLimit ?? DEFAULT_IMPORT_BODY_LIMIT,
    importRatePerMinute: options.importRatePerMinute,
  });
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      schema: {
        ...route.schema,
        summary: route.summary,
        description: `Roles: ${route.allow.join(", ")}${route.scope ? ` (partner keys need scope "${route.scope}")` : ""}. Example: ${route.method} ${route.example.url}`,
        tags: [route.tag],
        hide: route.hidden,
        security: route.allow.includes("public") ? [] : [{ apiKey: [] }],
      } as typeof route.schema,
      config: {
        allow: route.allow,
        scope: route.scope,
        unlimited: route.unlimited,
        ...(route.ratePerMinute === undefined ? {} : { rateLimit: { max: route.ratePerMinute, timeWindow: 60_000 } }),
      },
      handler: route.handler,
    });
  }

  // The index follows the store: what is written (here or by an import beside the server) is
  // found within a follow period, the base and its tables kept, only the delta built again.
  const search = new SearchService(registry);
  const exchange = options.answerExchange;
  const sessionOptions = {
    autocompleteCache: options.autocompleteCache ?? DEFAULT_AUTOCOMPLETE_CACHE,
    onAnswer: exchange && ((shared: SharedAnswer) => exchange.publish(shared)),
  };
  // A sibling's answer goes to the session serving now; one over another index refuses it.
  exchange?.subscribe((shared) => services.searchIfReady()?.keepShared(shared));
  let follower: NodeJS.Timeout | null = null;
  const follow = (session: SearchSession) => {
    const every = options.followMs ?? DEFAULT_FOLLOW_MS;
    if (every <= 0) return;
    let current = session;
    let lastProblem: string | null = null;
    let catchingUp = false;
    follower = setInterval(async () => {
      if (catchingUp) return;
      catchingUp = true;
      try {
        const next = await search.catchUp(access, current.index);
        if (next) {
          current = new SearchSession(next, sessionOptions);
          services.searchReady(current);
        }
        lastProblem = null;
      } catch (error) {
        // Said once, not every period, while the same problem stands (a store moved too far stays so).
        const message = (error as Error).message;
        if (message !== lastProblem) app.log.warn({ err: error }, "the search index could not follow the store");
        lastProblem = message;
      } finally {
        catchingUp = false;
      }
    }, every);
    follower.unref();
  };
  app.addHook("onClose", async () => {
    if (follower) clearInterval(follower);
  });

  const loadIndex = async () => {
    const started = performance.now();
    try {
      const session = new SearchSession(await search.open(access), sessionOptions);
      session.warm();
      services.searchReady(session);
      follow(session);
      options.onIndex?.({ ok: true, records: session.index.engine.size, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      const message = (error as Error).message;
      services.searchFailed(message);
      app.log.error({ err: error }, "the search index could not be opened");
      options.onIndex?.({ ok: false, message });
    }
  };
  return { app, routes, services, webPages, loadIndex };
}
