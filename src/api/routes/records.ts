/**
 * Address records for the platform's staff: list, create, read, change with optimistic concurrency
 * (`ETag` / `If-Match`: a change based on a stale version gets 412 and writes nothing, so the
 * other writer's change is never lost), lifecycle moves and history. Surveyors and operators work
 * only in their keys' provinces. The owner's personal data appears only for an operator or an
 * administrator who asks for it with a `reason`, and each such read is written to the audit log
 * before the answer leaves.
 */
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyReply } from "fastify";
import { isStatus, STATUSES, type Status } from "../../domain/lifecycle.js";
import type { AddressRecord } from "../../domain/record.js";
import { recordJson } from "../../domain/record-json.js";
import { revisionJson } from "../../services/records.js";
import { ApiProblem } from "../problems.js";
import type { Principal, Role } from "../roles.js";
import { mayMove, STAFF } from "../roles.js";
import { type ApiRoute, defineRoute } from "../route.js";
import type { ApiServices } from "../services.js";

/** Who may ask for an owner's personal data (with a reason, audited). */
const PERSONAL_DATA_ROLES: readonly Role[] = ["operator", "admin"];

const Code = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
const Units = Type.Object({ province: Type.String(), commune: Type.String() });
const OldUnits = Type.Union([Type.Null(), Type.Object({ province: Type.String(), district: Type.String(), ward: Type.String() })]);
/** The owner as a person gives it: the citizen ID number is hashed with the store's key and never kept. */
const OwnerInput = Type.Union([
  Type.Null(),
  Type.Object(
    {
      name: Type.Optional(Type.String({ maxLength: 200 })),
      phone: Type.Optional(Type.String({ maxLength: 30 })),
      email: Type.Optional(Type.String({ maxLength: 200 })),
      citizenId: Type.Optional(Type.String({ maxLength: 20 })),
    },
    { additionalProperties: false },
  ),
]);
/** The record model's content fields (record.ts), checked in depth by the records service. */
const contentFields = {
  kind: Type.String({ maxLength: 32 }),
  name: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 200 })])),
  parts: Type.Object({}, { additionalProperties: true, description: "houseNumber, lot, alleys, street, hamlet, building, floor, unit…" }),
  new: Units,
  old: Type.Optional(OldUnits),
  location: Type.Object({ lat: Type.Number(), lon: Type.Number(), accuracyM: Type.Optional(Type.Union([Type.Null(), Type.Number()])), source: Type.Optional(Type.String()) }),
  owner: Type.Optional(OwnerInput),
  extra: Type.Optional(Type.Union([Type.Null(), Type.Record(Type.String(), Type.String())])),
};
const NewRecordBody = Type.Object(contentFields, { additionalProperties: false });
const PatchBody = Type.Partial(Type.Object(contentFields), { additionalProperties: false, minProperties: 1 });
const PersonalDataQuery = Type.Object(
  {
    personal_data: Type.Optional(Type.Boolean({ description: "include the owner's personal data (operators and administrators; needs reason; audited)" })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "why the personal data is read: the request or case it answers" })),
  },
  { additionalProperties: false },
);

const SAMPLE_RECORD: Static<typeof NewRecordBody> = {
  kind: "household",
  name: null,
  parts: { houseNumber: "12", street: "Phố Quán Thánh" },
  new: { province: "01", commune: "00004" },
  location: { lat: 21.0412, lon: 105.8394, accuracyM: 4, source: "survey-phone" },
  owner: { name: "Nguyễn Văn A", phone: "0912345678" },
};

/** The strong ETag of a record version. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** The version an If-Match header names; `undefined` when absent; 400 when it names none. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(header);
  if (!match) throw new ApiProblem(400, "bad-request", `If-Match must be the ETag of a version read ("v<version>"), got ${JSON.stringify(header)}`, { field: "If-Match" });
  return Number(match[1]);
}

/** A surveyor's or operator's key works only in its provinces. */
export function mustWorkIn(principal: Principal, province: string, code?: string): void {
  if (principal.provinces === null || principal.provinces.includes(province)) return;
  throw new ApiProblem(
    403,
    "forbidden",
    `this key works in province(s) ${principal.provinces.join(", ")}; ${code ? `record ${code} is` : "the record would be"} in province ${province}`,
  );
}

/** How revisions and the audit log name the caller. */
export function actorOf(principal: Principal): string {
  return `key:${principal.keyId} (${principal.name})`;
}

function sendRecord(reply: FastifyReply, record: AddressRecord, body: unknown): unknown {
  reply.header("etag", etagOf(record.version));
  return body;
}

export function recordRoutes(services: ApiServices): ApiRoute[] {
  const { records, registry } = services;

  /** Whether this request reads personal data: refused for roles without the right, audited (first) otherwise. */
  const personalDataRead = async (principal: Principal, query: Static<typeof PersonalDataQuery>, action: string, subject: string): Promise<boolean> => {
    if (!query.personal_data) return false;
    if (!PERSONAL_DATA_ROLES.includes(principal.role))
      throw new ApiProblem(403, "forbidden", `role ${principal.role} may not read owners' personal data`);
    await services.access.audit({ actor: actorOf(principal), action, subject, reason: query.reason });
    return true;
  };

  return [
    defineRoute({
      method: "POST",
      url: "/v1/records",
      summary: "A new address record (surveyors: in their provinces); answers it with its ETag",
      tag: "records",
      allow: STAFF,
      schema: { body: NewRecordBody },
      example: { url: "/v1/records", body: SAMPLE_RECORD },
      handler: async (request, reply) => {
        mustWorkIn(request.principal, request.body.new.province);
        const record = await records.create(request.body, { actor: actorOf(request.principal), surveyor: request.principal.name });
        reply.code(201).header("location", `/v1/records/${record.code}`);
        return sendRecord(reply, record, recordJson(record, registry));
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/records",
      summary: "A page of records by province, commune, status or batch, in the order they were stored (no personal data); next page with after=<next>",
      tag: "records",
      allow: STAFF,
      schema: {
        querystring: Type.Object(
          {
            province: Type.Optional(Type.String({ pattern: "^[0-9]{2}$" })),
            commune: Type.Optional(Type.String({ pattern: "^[0-9]{5}$" })),
            status: Type.Optional(Type.String({ maxLength: 200, description: `comma-separated (${STATUSES.join(", ")})` })),
            batch: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            after: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/records?province=01&limit=5" },
      handler: async (request) => {
        const { province, commune, status, batch, limit, after } = request.query;
        const principal = request.principal;
        const inProvince = province ?? (commune ? registry.require("new", commune).provinceCode : undefined);
        if (inProvince !== undefined) mustWorkIn(principal, inProvince);
        // A key limited to several provinces lists one at a time: it never sees the rest by omission.
        const only = inProvince ?? (principal.provinces?.length === 1 ? principal.provinces[0] : undefined);
        if (only === undefined && principal.provinces !== null)
          throw new ApiProblem(400, "bad-request", `this key works in provinces ${principal.provinces.join(", ")}: give province (or commune)`, { field: "province" });
        const statuses = status?.split(",").map((s) => s.trim());
        for (const s of statuses ?? [])
          if (!isStatus(s)) throw new ApiProblem(400, "bad-request", `status must be one of ${STATUSES.join(", ")}, got "${s}"`, { field: "status" });
        const page = await records.list({ province: only, commune, status: statuses as Status[] | undefined, batch, limit: limit ?? 100, after });
        return { items: page.items.map((r) => recordJson(r, registry)), next: page.next };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/records/:code",
      summary: "One record with its ETag; personal_data=true&reason=… adds the owner's data (operators, administrators; audited)",
      tag: "records",
      allow: STAFF,
      schema: { params: Code, querystring: PersonalDataQuery },
      example: { url: "/v1/records/2TT-PF3-CM6M" },
      handler: async (request, reply) => {
        const record = await records.show(request.params.code);
        mustWorkIn(request.principal, record.new.province, record.code);
        if (!(await personalDataRead(request.principal, request.query, "read-personal-data", record.code)))
          return sendRecord(reply, record, recordJson(record, registry));
        const withOwner = await records.show(record.code, { withPersonalData: true });
        return sendRecord(reply, withOwner, recordJson(withOwner, registry, true));
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/v1/records/:code",
      summary: "Changes some fields of a record; If-Match (its ETag) is required, and a stale one gets 412 with nothing written",
      tag: "records",
      allow: STAFF,
      schema: { params: Code, body: PatchBody, headers: Type.Object({ "if-match": Type.Optional(Type.String({ description: 'the ETag read: "v<version>"' })) }) },
      example: { url: "/v1/records/2TT-PF3-CM6M", body: { name: "Nhà văn hoá" }, headers: { "if-match": '"v1"' } },
      handler: async (request, reply) => {
        const expected = ifMatchVersion(request.headers["if-match"]);
        if (expected === undefined)
          throw new ApiProblem(428, "precondition-required", 'a change needs If-Match: the ETag of the version it is based on ("v<version>")', { field: "If-Match" });
        const current = await records.show(request.params.code);
        mustWorkIn(request.principal, current.new.province, current.code);
        if (request.body.new) mustWorkIn(request.principal, request.body.new.province, current.code);
        const record = await records.update(current.code, expected, request.body, { actor: actorOf(request.principal) });
        return sendRecord(reply, record, recordJson(record, registry));
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/records/:code/status",
      summary: "Moves a record through its lifecycle (with a reason); If-Match, when given, must be current",
      tag: "records",
      allow: STAFF,
      schema: {
        params: Code,
        body: Type.Object(
          {
            to: Type.String({ maxLength: 40 }),
            reason: Type.String({ minLength: 1, maxLength: 500 }),
            successor: Type.Optional(Type.String({ maxLength: 40 })),
            correction: Type.Optional(Type.Unknown()),
          },
          { additionalProperties: false },
        ),
        headers: Type.Object({ "if-match": Type.Optional(Type.String()) }),
      },
      example: { url: "/v1/records/2TT-PF3-CM6M/status", body: { to: "complete", reason: "checked on site" } },
      handler: async (request, reply) => {
        const expectedVersion = ifMatchVersion(request.headers["if-match"]);
        const current = await records.show(request.params.code);
        mustWorkIn(request.principal, current.new.province, current.code);
        if (isStatus(request.body.to) && !mayMove(request.principal.role, current.status, request.body.to))
          throw new ApiProblem(403, "forbidden", `a ${request.principal.role} may not move a record from ${current.status} to ${request.body.to}`, { field: "to" });
        const { previous, record } = await records.setStatus(current.code, { ...request.body, expectedVersion }, { actor: actorOf(request.principal) });
        return sendRecord(reply, record, { previous, record: recordJson(record, registry) });
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/records/:code/history",
      summary: "Every revision of a record, oldest first (owner values only with personal_data and a reason; audited)",
      tag: "records",
      allow: STAFF,
      schema: { params: Code, querystring: PersonalDataQuery },
      example: { url: "/v1/records/2TT-PF3-CM6M/history" },
      handler: async (request) => {
        const current = await records.show(request.params.code);
        mustWorkIn(request.principal, current.new.province, current.code);
        const withPersonalData = await personalDataRead(request.principal, request.query, "read-history-personal-data", current.code);
        const { code, revisions } = await records.history(current.code, { withPersonalData });
        return { code, revisions: revisions.map(revisionJson) };
      },
    }),
  ];
}

