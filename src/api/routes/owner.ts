/**
 * The owner's routes (issue 17): what the link in a notification lets its holder do — read their own
 * record with their personal data, confirm it, or ask for a correction — and, for the commune's
 * staff, a confirmation the owner gave by phone and the proposals owners sent.
 *
 * The link's token is the credential, so the routes are open to every role (an owner has no key);
 * the token comes in the `X-Owner-Token` header, not in the API's path: a path is written to every
 * access log and proxy log on its way, a header is not (the page at `/o/<token>` has the token in its
 * own path, and the request log writes that path redacted: request-log.ts). Answers carrying personal
 * data are `Cache-Control: no-store` and `Referrer-Policy: no-referrer`. Each route has its own
 * per-address limit below the public one: an owner needs a handful of requests.
 */
import { Type } from "@sinclair/typebox";
import type { FastifyReply } from "fastify";
import { PROPOSABLE_FIELDS, PROPOSAL_TEXT_MAX, PROPOSAL_VALUE_MAX } from "../../services/owner.js";
import { ApiProblem } from "../problems.js";
import { EVERYONE, STAFF } from "../roles.js";
import { type ApiRoute, defineRoute } from "../route.js";
import type { ApiServices } from "../services.js";
import { actorOf, mustWorkIn } from "./records.js";

/** The header the owner page sends the link's token in. */
export const OWNER_TOKEN_HEADER = "x-owner-token";

/** Requests per minute and caller address on each owner route (opening, confirming, correcting). */
export const DEFAULT_OWNER_RATE = 30;

const TokenHeader = Type.Object({
  [OWNER_TOKEN_HEADER]: Type.Optional(Type.String({ maxLength: 300, description: "the token of the owner's link (the part after /o/)" })),
});

/** A token that is well formed enough to be read but signs nothing: the example answers 400 for every role. */
const EXAMPLE_TOKEN = "o1.example";

/** The token of a request, or a 401 problem naming the header when there is none. */
function tokenOf(headers: { [OWNER_TOKEN_HEADER]?: string }): string {
  const token = headers[OWNER_TOKEN_HEADER]?.trim();
  if (!token) throw new ApiProblem(401, "owner-link-missing", `the owner's link token is required in the ${OWNER_TOKEN_HEADER} header`, { field: OWNER_TOKEN_HEADER });
  return token;
}

/** Nothing of an owner's answer is kept by a browser or a proxy, nor sent on as a referrer. */
function private_(reply: FastifyReply): void {
  reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");
}

export function ownerRoutes(services: ApiServices, ratePerMinute = DEFAULT_OWNER_RATE): ApiRoute[] {
  const { owner } = services;
  return [
    defineRoute({
      method: "GET",
      url: "/v1/owner",
      summary: "The owner's own record with their personal data, through the token of their notification link (audited under the link)",
      tag: "owner",
      allow: EVERYONE,
      ratePerMinute,
      schema: { headers: TokenHeader },
      example: { url: "/v1/owner", headers: { [OWNER_TOKEN_HEADER]: EXAMPLE_TOKEN } },
      handler: async (request, reply) => {
        private_(reply);
        return owner.open(tokenOf(request.headers));
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/owner/confirm",
      summary: "The owner confirms their record (notified → confirmed); the link is spent",
      tag: "owner",
      allow: EVERYONE,
      ratePerMinute,
      schema: { headers: TokenHeader },
      example: { url: "/v1/owner/confirm", headers: { [OWNER_TOKEN_HEADER]: EXAMPLE_TOKEN } },
      handler: async (request, reply) => {
        private_(reply);
        return owner.confirm(tokenOf(request.headers));
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/owner/correction",
      summary: "The owner says what is wrong (notified → correction-requested); the proposal is kept for the surveyor, never applied; the link is spent",
      tag: "owner",
      allow: EVERYONE,
      ratePerMinute,
      schema: {
        headers: TokenHeader,
        body: Type.Object(
          {
            text: Type.Optional(Type.String({ maxLength: PROPOSAL_TEXT_MAX, description: "what is wrong, in the owner's words" })),
            fields: Type.Optional(
              Type.Record(Type.String(), Type.String({ maxLength: PROPOSAL_VALUE_MAX }), { description: `proposed values: ${PROPOSABLE_FIELDS.join(", ")}` }),
            ),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/owner/correction", headers: { [OWNER_TOKEN_HEADER]: EXAMPLE_TOKEN }, body: { text: "Số nhà là 14", fields: { "parts.houseNumber": "14" } } },
      handler: async (request, reply) => {
        private_(reply);
        return owner.requestCorrection(tokenOf(request.headers), request.body);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/records/:code/owner-confirmation",
      summary: "A confirmation the owner gave by phone: the eight-digit code they read out (staff of the record's province)",
      tag: "owner",
      allow: STAFF,
      schema: {
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        body: Type.Object({ phone_code: Type.String({ minLength: 8, maxLength: 20, description: "as the owner reads it out; spaces and dashes ignored" }) }, { additionalProperties: false }),
      },
      example: { url: "/v1/records/2TT-PF3-CM6M/owner-confirmation", body: { phone_code: "1234 5678" } },
      handler: async (request) => {
        const record = await services.records.show(request.params.code);
        mustWorkIn(request.principal, record.new.province, record.code);
        return owner.confirmByPhone(record.code, request.body.phone_code, { actor: actorOf(request.principal) });
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/proposals",
      summary: "Correction proposals owners sent, oldest first, by province, commune or record (staff of the province); next page with after=<last id>",
      tag: "owner",
      allow: STAFF,
      schema: {
        querystring: Type.Object(
          {
            province: Type.Optional(Type.String({ pattern: "^[0-9]{2}$" })),
            commune: Type.Optional(Type.String({ pattern: "^[0-9]{5}$" })),
            code: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/proposals?province=01" },
      handler: async (request) => {
        const { province, commune, code, after, limit } = request.query;
        const principal = request.principal;
        let inProvince = province ?? (commune ? services.registry.require("new", commune).provinceCode : undefined);
        let canonical: string | undefined;
        if (code !== undefined) {
          const record = await services.records.show(code);
          canonical = record.code;
          inProvince ??= record.new.province;
          mustWorkIn(principal, record.new.province, record.code);
        }
        // A key limited to one province lists it; to several, one at a time (it never sees the rest by omission).
        if (inProvince === undefined && principal.provinces?.length === 1) inProvince = principal.provinces[0];
        if (inProvince === undefined && principal.provinces !== null)
          throw new ApiProblem(400, "bad-request", `this key works in provinces ${principal.provinces.join(", ")}: give province, commune or code`, { field: "province" });
        if (inProvince !== undefined) mustWorkIn(principal, inProvince);
        const items = await owner.proposals({ province: inProvince, commune, code: canonical, after, limit: limit ?? 100 });
        return { items, next: items.length === (limit ?? 100) ? items.at(-1)!.id : null };
      },
    }),
  ];
}
