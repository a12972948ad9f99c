/**
 * Search, autocomplete, geocode, reverse and lookup by code: the CLI's `search`, `geocode` and
 * `reverse` answers as GeoJSON FeatureCollections (geojson.ts), each result's properties the CLI's
 * result fields. Only the public form of a record leaves these routes: no owner, no provenance.
 */
import { type Static, Type } from "@sinclair/typebox";
import { STATUSES, type Status } from "../../domain/lifecycle.js";
import { publicRecordJson } from "../../domain/record-json.js";
import { ServiceError } from "../../services/errors.js";
import type { SearchAnswer, SearchOptions, SearchResult } from "../../search/types.js";
import { type FeatureCollection, GEOJSON_CONTENT_TYPE, pointFeature, resultCollection } from "../geojson.js";
import { ApiProblem } from "../problems.js";
import { EVERYONE } from "../roles.js";
import { type ApiRoute, defineRoute } from "../route.js";
import type { ApiServices } from "../services.js";

/** Longer than any address; long enough for a pasted line with a note after it. */
const MAX_QUERY_CHARS = 500;

const Query = Type.String({ minLength: 1, maxLength: MAX_QUERY_CHARS, description: "what to look for: an address, a street, a unit, a code, a Plus Code or coordinates" });

/** The filters every text query takes (the CLI's flags of the same names). */
const Filters = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "most results (default 10)" })),
  province: Type.Optional(Type.String({ pattern: "^[0-9]{2}$", description: "only this new province (2 digits)" })),
  ward: Type.Optional(Type.String({ pattern: "^[0-9]{5}$", description: "only this commune: a new commune code, or an old ward code (its successors)" })),
  kind: Type.Optional(Type.String({ pattern: "^[a-z][a-z0-9-]{0,31}$", description: "only addresses of this kind (household, agency, business, organisation…)" })),
  status: Type.Optional(Type.String({ maxLength: 200, description: `only these statuses, comma-separated (${STATUSES.join(", ")})` })),
  near: Type.Optional(Type.String({ maxLength: 60, description: "prefer results near this point: LAT,LON" })),
  old: Type.Optional(Type.Boolean({ description: "add the old-structure address to each result" })),
};

const SearchQuery = Type.Object({ q: Query, ...Filters }, { additionalProperties: false });
type SearchQuery = Static<typeof SearchQuery>;

/** The filters as the search service takes them; a value the schema cannot check refused naming its field. */
export function searchOptions(query: Omit<SearchQuery, "q">): SearchOptions {
  const options: SearchOptions = {};
  if (query.limit !== undefined) options.limit = query.limit;
  if (query.province !== undefined) options.province = query.province;
  if (query.ward !== undefined) options.ward = query.ward;
  if (query.kind !== undefined) options.kind = query.kind;
  if (query.old) options.withOld = true;
  if (query.status !== undefined) {
    const statuses = query.status.split(",").map((s) => s.trim());
    for (const s of statuses)
      if (!STATUSES.includes(s as Status))
        throw new ServiceError("bad-request", `status must be one of ${STATUSES.join(", ")}, got "${s}"`, "status");
    options.status = statuses as Status[];
  }
  if (query.near !== undefined) {
    const [lat, lon, rest] = query.near.split(",").map((x) => (x.trim() === "" ? Number.NaN : Number(x)));
    if (rest !== undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      throw new ServiceError("bad-request", `near must be LAT,LON in degrees, got "${query.near}"`, "near");
    options.near = { lat, lon };
  }
  return options;
}

/** A text query's answer as GeoJSON: its results as features, its other fields beside them. */
function collectionOf(answer: SearchAnswer): FeatureCollection<SearchResult> {
  const { results, ...members } = answer;
  return resultCollection(results, members);
}

const Point = {
  lat: Type.Number({ minimum: -90, maximum: 90, description: "latitude, WGS84 degrees" }),
  lon: Type.Number({ minimum: -180, maximum: 180, description: "longitude, WGS84 degrees" }),
};

export function searchRoutes(services: ApiServices): ApiRoute[] {
  /**
   * The JSON body of each autocomplete answer the search session keeps: a kept answer is the same
   * object, never changed, each time it is asked again (the first keystrokes everyone types), so
   * its body is written once rather than built and serialised for every caller, which cost more
   * server CPU than the rest of such a request's own work. Weakly held: a body goes when the
   * session lets its answer go.
   */
  const keptBodies = new WeakMap<SearchAnswer, string>();
  const answerText = (query: SearchQuery, autocomplete: boolean, reply: { type(t: string): unknown }) => {
    const { q, ...filters } = query;
    const answer = services.search().search(q, { ...searchOptions(filters), autocomplete });
    reply.type(GEOJSON_CONTENT_TYPE);
    // A search's answer is new each time: nothing to keep.
    if (!autocomplete) return collectionOf(answer);
    let body = keptBodies.get(answer);
    if (body === undefined) {
      body = JSON.stringify(collectionOf(answer));
      keptBodies.set(answer, body);
    }
    // A string under a JSON content type is sent as it is (Fastify serialises only objects).
    return body;
  };
  const textQuery = (autocomplete: boolean) => async (request: { query: SearchQuery }, reply: { type(t: string): unknown }) =>
    answerText(request.query, autocomplete, reply);
  return [
    defineRoute({
      method: "GET",
      url: "/v1/search",
      summary: "Addresses, streets and units matching a text, a code, a Plus Code or coordinates",
      tag: "search",
      allow: EVERYONE,
      scope: "search",
      schema: { querystring: SearchQuery },
      example: { url: "/v1/search?q=ha%20noi&limit=3" },
      handler: textQuery(false),
    }),
    defineRoute({
      method: "POST",
      url: "/v1/search",
      summary: "As GET /v1/search, the query in a JSON body (kept out of URLs, and so out of proxies' logs)",
      tag: "search",
      allow: EVERYONE,
      scope: "search",
      schema: { body: Type.Composite([SearchQuery, Type.Object({ autocomplete: Type.Optional(Type.Boolean()) })], { additionalProperties: false }) },
      example: { url: "/v1/search", body: { q: "ha noi", limit: 3 } },
      handler: async (request, reply) => {
        const { autocomplete, ...query } = request.body;
        return answerText(query, autocomplete ?? false, reply);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/autocomplete",
      summary: "As search, the last word read as still being typed (checkout fields)",
      tag: "search",
      allow: EVERYONE,
      scope: "search",
      schema: { querystring: SearchQuery },
      example: { url: "/v1/autocomplete?q=ha%20n&limit=3" },
      handler: textQuery(true),
    }),
    defineRoute({
      method: "GET",
      url: "/v1/geocode",
      summary: "The one best place for an address, with its confidence (no feature when none is good enough)",
      tag: "search",
      allow: EVERYONE,
      scope: "search",
      schema: { querystring: SearchQuery },
      example: { url: "/v1/geocode?q=ha%20noi" },
      handler: async (request, reply) => {
        const { q, ...filters } = request.query;
        const answer = services.search().geocode(q, searchOptions(filters));
        reply.type(GEOJSON_CONTENT_TYPE);
        return resultCollection(answer.result ? [answer.result] : [], { query: answer.query, confidence: answer.confidence });
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/reverse",
      summary: "The addresses nearest a point, and the units there (new, and the old it was formed from)",
      tag: "search",
      allow: EVERYONE,
      scope: "search",
      schema: {
        querystring: Type.Object(
          {
            ...Point,
            radius: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000, description: "metres around the point (default 100)" })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: "most addresses (default 5)" })),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/reverse?lat=21.0245&lon=105.8412&radius=500" },
      handler: async (request, reply) => {
        const { lat, lon, radius, limit } = request.query;
        const answer = services.search().reverse(lat, lon, { radius, limit });
        reply.type(GEOJSON_CONTENT_TYPE);
        return resultCollection(answer.results, { lat: answer.lat, lon: answer.lon, units: answer.units });
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/addresses/:code",
      summary: "One address by its code as people type it; a mistyped code answers 404 with the codes it may have meant",
      tag: "search",
      allow: EVERYONE,
      scope: "search",
      schema: { params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }) },
      example: { url: "/v1/addresses/2TT-PF3-CM6M" },
      handler: async (request, reply) => {
        try {
          const record = await services.records.show(request.params.code);
          reply.type(GEOJSON_CONTENT_TYPE);
          return {
            type: "FeatureCollection",
            features: [pointFeature(record.location.lat, record.location.lon, publicRecordJson(record, services.registry))],
          };
        } catch (error) {
          if (!(error instanceof ServiceError && error.kind === "not-found")) throw error;
          const check = services.codes.check(request.params.code);
          throw new ApiProblem(404, "not-found", error.message, check.valid ? {} : { suggestions: check.suggestions });
        }
      },
    }),
  ];
}
