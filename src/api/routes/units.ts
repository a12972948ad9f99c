/**
 * Administrative units (the CLI's `units` commands, the same JSON) and the progress report per
 * unit (`report`, as JSON or as the committee's CSV table).
 */
import { gzipSync } from "node:zlib";
import { Type } from "@sinclair/typebox";
import { reportCsv } from "../../services/reports.js";
import { GEOJSON_CONTENT_TYPE } from "../geojson.js";
import { EVERYONE } from "../roles.js";
import { type ApiRoute, defineRoute } from "../route.js";
import type { ApiServices } from "../services.js";

const Structure = Type.Union([Type.Literal("old"), Type.Literal("new")], { description: "old: 63 provinces, three levels; new: 34 provinces, two levels" });
const Level = Type.Union([Type.Literal("province"), Type.Literal("district"), Type.Literal("ward")]);
const UnitCode = Type.String({ pattern: "^[0-9]{2,5}$", description: "a GSO unit code (2 digits: province, 3: district, 5: ward or commune)" });

/** How long a browser keeps a boundary layer before asking again (one day). */
const BOUNDARY_LAYER_MAX_AGE_S = 86_400;

export function unitRoutes(services: ApiServices): ApiRoute[] {
  const { units } = services;
  /**
   * The boundary layers as sent, by level and province (at most 35), built and compressed on first
   * ask: they are the largest answers the API gives, and the same for every visitor.
   */
  const layers = new Map<string, { json: Buffer; gzip: Buffer }>();
  return [
    defineRoute({
      method: "GET",
      url: "/v1/units",
      summary: "The units of one structure and level, optionally only those inside a parent (its children)",
      tag: "units",
      allow: EVERYONE,
      scope: "units",
      schema: {
        querystring: Type.Object(
          { structure: Type.Optional(Structure), level: Type.Optional(Level), parent: Type.Optional(UnitCode) },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/units?structure=new&level=ward&parent=01" },
      handler: async (request) => {
        const { structure = "new", level = "province", parent } = request.query;
        return units.list(structure, level, parent).map((u) => units.unitJson(u));
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/units/lookup",
      summary: "Units matching a name, optionally followed by its parents (\"Kim Chung, Hoài Đức, Hà Nội\"), best first",
      tag: "units",
      allow: EVERYONE,
      scope: "units",
      schema: {
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 300 }),
            structure: Type.Optional(Structure),
            level: Type.Optional(Level),
            within: Type.Optional(UnitCode),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/units/lookup?q=kim%20chung&within=01" },
      handler: async (request) => {
        const { q, structure, level, within, limit } = request.query;
        const candidates = units.lookup(q, { structure, levels: level ? [level] : undefined, within, limit: limit ?? 10 });
        return { input: q, candidates: candidates.map((c) => ({ ...units.unitJson(c.unit), score: c.score, match: c.match })) };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/units/convert",
      summary: "An old ward (by code, or by name with its parents) and the new communes it went into",
      tag: "units",
      allow: EVERYONE,
      scope: "units",
      schema: { querystring: Type.Object({ from: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }) },
      example: { url: "/v1/units/convert?from=26740" },
      handler: async (request) => units.conversionJson(units.convert(request.query.from)),
    }),
    defineRoute({
      method: "GET",
      url: "/v1/units/at",
      summary: "The new commune and province at a point, and the old units it corresponds to",
      tag: "units",
      allow: EVERYONE,
      scope: "units",
      schema: {
        querystring: Type.Object(
          { lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/units/at?lat=10.7725&lon=106.698" },
      handler: async (request) => units.at(request.query.lat, request.query.lon),
    }),
    defineRoute({
      method: "GET",
      url: "/v1/units/:structure/:code",
      summary: "One unit by code, with its type, parents and number of children",
      tag: "units",
      allow: EVERYONE,
      scope: "units",
      schema: { params: Type.Object({ structure: Structure, code: UnitCode }) },
      example: { url: "/v1/units/new/01" },
      handler: async (request) => {
        const [found] = units.show(request.params.code, request.params.structure);
        return { ...units.unitJson(found.unit), children: found.children };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/units/new/:code/boundary",
      summary: "A new commune's or province's boundary as a GeoJSON Feature",
      tag: "units",
      allow: EVERYONE,
      scope: "units",
      schema: { params: Type.Object({ code: UnitCode }) },
      example: { url: "/v1/units/new/00004/boundary" },
      handler: async (request, reply) => {
        reply.type(GEOJSON_CONTENT_TYPE);
        return units.boundary(request.params.code);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/units/boundaries",
      summary: "Boundaries as a map layer (GeoJSON, simplified for drawing): the 34 new provinces, or the communes of one",
      tag: "units",
      allow: EVERYONE,
      scope: "units",
      schema: {
        querystring: Type.Object(
          {
            level: Type.Optional(Type.Union([Type.Literal("province"), Type.Literal("ward")], { description: "province (default without parent) or ward (the default with parent): the communes of `parent`" })),
            parent: Type.Optional(Type.String({ pattern: "^[0-9]{2}$", description: "a new province: its communes (default: the 34 provinces)" })),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/units/boundaries?parent=01" },
      handler: async (request, reply) => {
        const { parent } = request.query;
        const level = request.query.level ?? (parent === undefined ? "province" : "ward");
        const key = `${level}:${parent ?? ""}`;
        let layer = layers.get(key);
        if (!layer) {
          const json = Buffer.from(JSON.stringify(services.units.boundaryLayer(level, parent)));
          layer = { json, gzip: gzipSync(json, { level: 9 }) };
          layers.set(key, layer);
        }
        // Shipped data, the same until the next release: a day in the browser's cache, then asked again.
        reply.type(GEOJSON_CONTENT_TYPE).header("cache-control", `public, max-age=${BOUNDARY_LAYER_MAX_AGE_S}`).header("vary", "accept-encoding");
        if (!/\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) return layer.json;
        return reply.header("content-encoding", "gzip").send(layer.gzip);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/report",
      summary: "The survey's progress per new province or commune, the top reasons records are incomplete and the owner notifications' states (JSON, or CSV with format=csv)",
      tag: "report",
      allow: EVERYONE,
      scope: "report",
      schema: {
        querystring: Type.Object(
          {
            by: Type.Optional(Type.Union([Type.Literal("province"), Type.Literal("ward")])),
            top: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: "most frequent reasons listed (default 10)" })),
            province: Type.Optional(Type.String({ pattern: "^[0-9]{2}$", description: "only this new province: its row, or its communes (by=ward), and its reasons" })),
            format: Type.Optional(Type.Union([Type.Literal("json"), Type.Literal("csv")])),
          },
          { additionalProperties: false },
        ),
      },
      example: { url: "/v1/report?by=province" },
      handler: async (request, reply) => {
        const { by = "province", top = 10, province } = request.query;
        if (request.query.format !== "csv") return services.reports.withNotifications(by, top, province);
        const report = await services.reports.report(by, top, province);
        const filename = province === undefined ? `report-${by}.csv` : `report-${by}-${province}.csv`;
        reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${filename}"`);
        return reportCsv(report);
      },
    }),
  ];
}
