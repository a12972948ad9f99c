/**
 * Who is calling and whether they may call this route, decided before anything else reads the
 * request (after the caller's rate limit has counted it). A key comes as `Authorization: Bearer <key>`; no key makes the caller `public`; a key
 * nobody knows (or one revoked) is a 401, never a silent downgrade to public, so that a partner
 * whose key broke finds out at once. The route's declared roles (route.ts) then admit or refuse:
 * 401 for an anonymous caller (a key would help), 403 for a keyed one (it would not).
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from "fastify";
import { ApiProblem } from "./problems.js";
import type { AccessService } from "../services/access.js";
import { ANONYMOUS, isRole, isScope, type Principal, type Role, type Scope } from "./roles.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling, set before the route runs. */
    principal: Principal;
    /** A key was presented that nobody knows (or that was revoked): the route answers 401. */
    keyRefused: boolean;
  }
  /** What a route declares about its callers (route.ts), read before the route runs. */
  interface FastifyContextConfig {
    allow?: readonly Role[];
    scope?: Scope;
    /** Not counted against the caller's rate limit. */
    unlimited?: boolean;
  }
}

/** Finds who a presented key belongs to (null: no such key, or revoked). */
export interface KeyResolver {
  resolve(key: string): Promise<Principal | null>;
}

/** Keys as the access service keeps them, read for each request (so a revocation holds at once). */
export function serviceKeys(access: AccessService): KeyResolver {
  return {
    async resolve(key) {
      const found = await access.resolve(key);
      if (found === null || !isRole(found.role)) return null;
      return {
        role: found.role,
        keyId: found.id,
        name: found.name,
        scopes: found.scopes.filter(isScope),
        provinces: found.provinces,
        ratePerMinute: found.ratePerMinute,
      };
    },
  };
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key of a request's Authorization header; undefined when there is none; ApiProblem 401 for another scheme. */
export function presentedKey(header: string | undefined): string | undefined {
  if (header === undefined || header === "") return undefined;
  const match = BEARER.exec(header);
  if (!match) throw new ApiProblem(401, "unauthorized", 'the Authorization header must be "Bearer <API key>"');
  return match[1];
}

/** Whether `principal` may call a route declared with `allow` and `scope`. */
export function mayCall(principal: Principal, allow: readonly Role[], scope?: Scope): boolean {
  if (!allow.includes(principal.role)) return false;
  return scope === undefined || principal.role !== "partner" || principal.scopes.includes(scope);
}

/**
 * Who is calling, for every request: a request with a key nobody knows is counted as anonymous
 * until its route refuses it (below), so that guessing keys spends the caller's anonymous rate
 * limit like any other request.
 */
export function identifyCallers(app: FastifyInstance, keys: KeyResolver): void {
  app.decorateRequest("principal", null as unknown as Principal);
  app.decorateRequest("keyRefused", false);
  app.addHook("onRequest", (request, _reply, done) => {
    request.principal = ANONYMOUS;
    let key: string | undefined;
    try {
      key = presentedKey(request.headers.authorization);
    } catch (error) {
      return done(error as Error);
    }
    if (key === undefined) return done();
    keys.resolve(key).then((principal) => {
      if (principal === null) request.keyRefused = true;
      else request.principal = principal;
      done();
    }, done);
  });
}

/**
 * Whether the caller may call the route, checked on every route after the rate limit's count (this
 * must be called after the rate limiter is registered: a route's hooks run in the order added).
 */
export function enforceRouteAccess(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    const declared = route.config;
    if (declared?.allow === undefined) return; // the documentation page's own assets: public
    const refusal = (request: FastifyRequest): ApiProblem | null => {
      if (request.keyRefused) return new ApiProblem(401, "unauthorized", "the API key is unknown or revoked");
      if (mayCall(request.principal, declared.allow!, declared.scope)) return null;
      if (request.principal.role === "public")
        return new ApiProblem(401, "unauthorized", `${route.url} needs an API key (roles: ${declared.allow!.join(", ")})`);
      const scoped = declared.allow!.includes(request.principal.role) && declared.scope;
      return new ApiProblem(
        403,
        "forbidden",
        scoped
          ? `this key lacks the scope "${declared.scope}" that ${route.url} needs`
          : `role ${request.principal.role} may not call ${request.method} ${route.url} (roles: ${declared.allow!.join(", ")})`,
      );
    };
    const check: onRequestHookHandler = (request, _reply, done) => {
      const refused = refusal(request);
      if (refused) done(refused);
      else done();
    };
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, check];
  });
}
