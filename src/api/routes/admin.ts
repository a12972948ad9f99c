/**
 * The administrator's routes: API keys (made, listed, revoked; the key itself is in the answer that
 * makes it and nowhere else) and the audit log of personal-data reads. The same as
 * `diachiso keys` and `diachiso audit`. And, for every key, what the server knows of the key
 * presented (`/v1/keys/me`): how a page or a partner checks a key before using it.
 */
import { Type } from "@sinclair/typebox";
import type { AccessService } from "../../services/access.js";
import { ADMIN, type Role, ROLES, SCOPES } from "../roles.js";

/** Every caller that presents a key (an anonymous caller has nothing to ask about). */
const KEYED: readonly Role[] = ["partner", "surveyor", "operator", "admin"];
import { type ApiRoute, defineRoute } from "../route.js";

export function adminRoutes(access: AccessService): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      url: "/v1/keys/me",
      summary: "The key presented, as the server sees it: its id, name, role, scopes and provinces (never the key)",
      tag: "admin",
      allow: KEYED,
      schema: {},
      example: { url: "/v1/keys/me" },
      handler: async (request) => {
        const { keyId, name, role, scopes, provinces, ratePerMinute } = request.principal;
        return { id: keyId, name, role, scopes, provinces, rate_per_minute: ratePerMinute };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/keys",
      summary: "Every API key (its id, role, scopes, provinces; never the key)",
      tag: "admin",
      allow: ADMIN,
      schema: {},
      example: { url: "/v1/keys" },
      handler: async () => (await access.list()).map(({ hash: _hash, ...shown }) => shown),
    }),
    defineRoute({
      method: "POST",
      url: "/v1/keys",
      summary: "Makes an API key: the answer holds the key, shown this once",
      tag: "admin",
      allow: ADMIN,
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: Type.Union(ROLES.filter((r) => r !== "public").map((r) => Type.Literal(r))),
            scopes: Type.Optional(Type.Array(Type.Union(SCOPES.map((s) => Type.Literal(s))), { maxItems: SCOPES.length })),
            provinces: Type.Optional(Type.Array(Type.String({ pattern: "^[0-9]{2}$" }), { maxItems: 34 })),
            rate_per_minute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/keys", body: { name: "matrix test partner", role: "partner", scopes: ["search"] } },
      handler: async (request, reply) => {
        const { rate_per_minute, ...rest } = request.body;
        const made = await access.create({ ...rest, ratePerMinute: rate_per_minute }, { actor: `key:${request.principal.keyId}` });
        const { hash: _hash, ...shown } = made.record;
        reply.code(201);
        return { key: made.key, ...shown };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/v1/keys/:id",
      summary: "Revokes an API key at once",
      tag: "admin",
      allow: ADMIN,
      schema: { params: Type.Object({ id: Type.String({ pattern: "^k_[0-9a-f]{1,32}$" }) }) },
      example: { url: "/v1/keys/k_000000000000" },
      handler: async (request) => {
        const { hash: _hash, ...shown } = await access.revoke(request.params.id);
        return shown;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/audit",
      summary: "The audit log of personal-data reads: who, what, when, why",
      tag: "admin",
      allow: ADMIN,
      schema: {
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
            subject: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/audit?limit=10" },
      handler: async (request) => access.auditLog(request.query),
    }),
  ];
}
