/**
 * Who is calling and whether they may call this route, decided before anything else reads the
 * request. A key comes as `Authorization: Bearer <key>`; no key makes the caller `public`; a key
 * nobody knows (or one revoked) is a 401, never a silent downgrade to public, so that a partner
 * whose key broke finds out at once. The route's declared roles (route.ts) then admit or refuse:
 * 401 for an anonymous caller (a key would help), 403 for a keyed one (it would not).
 */
import type { FastifyInstance } from "fastify";
import { ApiProblem } from "./problems.js";
import type { AccessService } from "../services/access.js";
import { ANONYMOUS, isRole, isScope, type Principal, type Role, type Scope } from "./roles.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling, set before the route runs. */
    principal: Principal;
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

export function useAccessControl(app: FastifyInstance, keys: KeyResolver): void {
  app.decorateRequest("principal", null as unknown as Principal);
  app.addHook("onRequest", async (request) => {
    request.principal = ANONYMOUS;
    const key = presentedKey(request.headers.authorization);
    if (key !== undefined) {
      const principal = await keys.resolve(key);
      if (principal === null) throw new ApiProblem(401, "unauthorized", "the API key is unknown or revoked");
      request.principal = principal;
    }
    const declared = request.routeOptions.config;
    if (declared?.allow === undefined) return; // no such route: the not-found answer follows
    if (mayCall(request.principal, declared.allow, declared.scope)) return;
    if (request.principal.role === "public")
      throw new ApiProblem(401, "unauthorized", `${request.routeOptions.url} needs an API key (roles: ${declared.allow.join(", ")})`);
    const scoped = declared.allow.includes(request.principal.role) && declared.scope;
    throw new ApiProblem(
      403,
      "forbidden",
      scoped
        ? `this key lacks the scope "${declared.scope}" that ${request.routeOptions.url} needs`
        : `role ${request.principal.role} may not call ${request.method} ${request.routeOptions.url} (roles: ${declared.allow.join(", ")})`,
    );
  });
}
