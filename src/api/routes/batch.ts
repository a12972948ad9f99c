/**
 * Batch geocoding over HTTP, as BAN's `/search/csv`, and old → new unit conversion of a file: the
 * request body is the CSV (text/csv, read as it arrives, never held whole), the answer the same CSV
 * streamed back with the `result_*` columns (services/batch-csv.ts) as the rows are answered, in order.
 *
 * What the client sees when the file turns out unreadable depends on whether the answer has begun:
 * - before the first answered batch (an empty file, a header naming no such column, an unclosed
 *   quote in the first rows…): a 400 problem, like any other refusal;
 * - after it (the status line is sent): the connection is aborted before the response's last chunk,
 *   so that no client can take a truncated file for a whole one (curl exits 18, fetch's body read
 *   rejects); the reason goes to the server's log with the request id.
 * A whole file ends with trailers counting its rows (`X-Rows`, `X-Rows-Answered`, …): their presence
 * is the sign that the file is complete. A row the engine fails on is no reason to abort: it goes out
 * with `result_status` "error", counted in `X-Rows-Errors`.
 * A client that disconnects stops the batch (its AbortSignal), and no row is answered after that.
 */
import { Readable, Transform } from "node:stream";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  BatchGeocoder,
  type BatchSummary,
  type CsvInput,
  DEFAULT_MAX_ROWS,
  OutputClosedError,
} from "../../services/batch-geocode.js";
import { ApiProblem } from "../problems.js";
import type { Role } from "../roles.js";
import { type ApiRoute, defineRoute } from "../route.js";
import type { ApiServices } from "../services.js";

/** A CSV upload's own limit, far above the JSON routes' 64 KiB: a million rows of addresses fit in it. */
export const DEFAULT_CSV_BODY_LIMIT = 50 * 1024 * 1024;

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/**
 * Who may send files. Not `public`: one request is up to a million lookups, which a per-request rate
 * limit cannot meter, and anonymous callers have the one-address routes. Partners need the `batch`
 * scope (bought apart from `search`); operators and admins clean their provinces' lists.
 */
export const BATCH_ROLES: readonly Role[] = ["partner", "operator", "admin"];

/** Files per key and minute: each may hold a million rows, so a handful a minute is a day's work. */
export const BATCH_RATE_PER_MINUTE = 30;

/** The counts sent as trailers once the file is whole, and the summary member each one reads. */
const SUMMARY_TRAILERS = {
  "x-rows": "rows",
  "x-rows-answered": "answered",
  "x-rows-not-found": "not_found",
  "x-rows-skipped": "skipped",
  "x-rows-invalid": "invalid",
  "x-rows-errors": "errors",
} as const satisfies Record<string, keyof BatchSummary>;

const MaxRows = Type.Optional(
  Type.Integer({ minimum: 1, maximum: DEFAULT_MAX_ROWS, description: `refuse the file past this many rows (default and most ${DEFAULT_MAX_ROWS.toLocaleString("en-US")})` }),
);

const GeocodeCsvQuery = Type.Object(
  {
    columns: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        minItems: 1,
        maxItems: 50,
        description: "header names of the columns that make the address, in order, repeated (columns=so_nha&columns=duong); default every column",
      }),
    ),
    province: Type.Optional(Type.String({ pattern: "^[0-9]{2}$", description: "only answers in this new province (2 digits)" })),
    max_rows: MaxRows,
  },
  { additionalProperties: false },
);

const ReverseCsvQuery = Type.Object(
  {
    lat: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "header name of the latitude column (default lat, latitude, vĩ độ or y)" })),
    lon: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "header name of the longitude column (default lon, lng, long, longitude, kinh độ or x)" })),
    radius: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000, description: "metres around each point for the nearest address (default 100)" })),
    max_rows: MaxRows,
  },
  { additionalProperties: false },
);

const ConvertCsvQuery = Type.Object(
  {
    column: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "header name of the old ward's column (default old_ward, ward, ma_xa, xa, phuong or code, else the first)" })),
    max_rows: MaxRows,
  },
  { additionalProperties: false },
);

/** Sends the body of a `text/csv` request to its route as the stream it is (server.ts registers it). */
export function passCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));
}

export function batchRoutes(services: ApiServices, bodyLimit: number, ratePerMinute = BATCH_RATE_PER_MINUTE): ApiRoute[] {
  const example = "address\n\"1 Hàng Bài, Hoàn Kiếm, Hà Nội\"\n";
  return [
    defineRoute({
      method: "POST",
      url: "/v1/search/csv",
      summary: "Geocodes a CSV file: the same file back, each row with the best place appended (result_* columns), streamed",
      tag: "batch",
      allow: BATCH_ROLES,
      scope: "batch",
      ratePerMinute,
      schema: { querystring: GeocodeCsvQuery },
      example: { url: "/v1/search/csv?columns=address", body: example, headers: { "content-type": CSV_CONTENT_TYPE } },
      handler: (request, reply) => {
        const query = request.query as Static<typeof GeocodeCsvQuery>;
        return streamBatch(request, reply, bodyLimit, "geocoded.csv", (input, output, common) =>
          new BatchGeocoder(services.search()).geocodeCsv(input, output, { ...common, columns: query.columns, province: query.province, maxRows: query.max_rows }),
        );
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/reverse/csv",
      summary: "Reverse-geocodes a CSV file of points: the same file back with the nearest address and the units there appended, streamed",
      tag: "batch",
      allow: BATCH_ROLES,
      scope: "batch",
      ratePerMinute,
      schema: { querystring: ReverseCsvQuery },
      example: { url: "/v1/reverse/csv", body: "id,lat,lon\n1,21.0245,105.8412\n", headers: { "content-type": CSV_CONTENT_TYPE } },
      handler: (request, reply) => {
        const query = request.query as Static<typeof ReverseCsvQuery>;
        return streamBatch(request, reply, bodyLimit, "reversed.csv", (input, output, common) =>
          new BatchGeocoder(services.search()).reverseCsv(input, output, {
            ...common,
            latColumn: query.lat,
            lonColumn: query.lon,
            radius: query.radius,
            maxRows: query.max_rows,
          }),
        );
      },
    }),
    defineRoute({
      method: "POST",
      url: "/v1/units/convert/csv",
      summary: "Converts a CSV file's old wards (codes, or names with their parents) to the new communes: the same file back with result_* columns, streamed",
      tag: "batch",
      allow: BATCH_ROLES,
      scope: "units",
      ratePerMinute,
      schema: { querystring: ConvertCsvQuery },
      example: { url: "/v1/units/convert/csv?column=old_ward", body: "id,old_ward\n1,26740\n", headers: { "content-type": CSV_CONTENT_TYPE } },
      handler: (request, reply) => {
        const query = request.query as Static<typeof ConvertCsvQuery>;
        return streamBatch(request, reply, bodyLimit, "converted.csv", (input, output, common) =>
          services.units.convertCsv(input, output, { ...common, column: query.column, maxRows: query.max_rows }),
        );
      },
    }),
  ];
}

type RunBatch = (input: CsvInput, output: Transform, common: { signal: AbortSignal }) => Promise<BatchSummary>;

/**
 * Runs one batch from the request's body to the reply: a problem while nothing is written, the
 * stream once the first rows are answered (see the top of this file for what a later failure does).
 */
async function streamBatch(request: FastifyRequest, reply: FastifyReply, bodyLimit: number, filename: string, run: RunBatch): Promise<FastifyReply> {
  const body = request.body;
  if (!(body instanceof Readable))
    throw new ApiProblem(415, "unsupported-media-type", `send the file as the request body with Content-Type: text/csv (got ${request.headers["content-type"] ?? "no body"})`);
  const declared = Number(request.headers["content-length"]);
  if (declared > bodyLimit) throw tooLarge(bodyLimit);

  // The client gone (or the answer aborted) stops the batch between two batches of rows.
  const stop = new AbortController();
  reply.raw.on("close", () => {
    if (!reply.raw.writableFinished) stop.abort(new OutputClosedError());
  });
  let begun: () => void = () => {};
  const firstBytes = new Promise<void>((resolve) => {
    begun = resolve;
  });
  const output = new Transform({
    transform(chunk, _encoding, callback) {
      // Told a turn later: a batch that writes the header and then refuses its first rows (in the
      // same step) has rejected by then, and gets its 400 instead of a begun answer.
      setImmediate(begun);
      callback(null, chunk);
    },
  });
  const outcome = run(limitBytes(body, bodyLimit), output, { signal: stop.signal }).then(
    (summary) => ({ summary }),
    (error: unknown) => ({ error }),
  );
  const first = await Promise.race([firstBytes.then(() => null), outcome]);
  if (first !== null && "error" in first) {
    output.destroy();
    throw first.error;
  }

  void outcome.then((settled) => {
    if ("summary" in settled) {
      // The rows the engine failed on went out with result_status "error"; the bug is the operator's to see.
      if (settled.summary.first_error !== null)
        request.log.error(
          { rows_failed: settled.summary.errors, first_error: settled.summary.first_error },
          "the engine failed on rows of a batch; they were answered with result_status error",
        );
      output.end();
    } else {
      if (!(settled.error instanceof OutputClosedError) && !stop.signal.aborted)
        request.log.warn({ err: settled.error }, "batch stopped after its answer had begun: the connection is aborted");
      output.destroy(settled.error instanceof Error ? settled.error : new Error(String(settled.error)));
    }
  });
  for (const [name, member] of Object.entries(SUMMARY_TRAILERS))
    reply.trailer(name, async () => {
      const settled = await outcome;
      return "summary" in settled ? String(settled.summary[member]) : "";
    });
  return reply
    .header("content-type", CSV_CONTENT_TYPE)
    .header("content-disposition", `attachment; filename="${filename}"`)
    .send(output);
}

function tooLarge(bodyLimit: number): ApiProblem {
  return new ApiProblem(413, "too-large", `the file is larger than ${bodyLimit.toLocaleString("en-US")} bytes, the most one request takes; split it`);
}

/** The body's chunks, refused with a 413 once more than `limit` bytes have come (whatever Content-Length said). */
export async function* limitBytes(body: Readable, limit: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) throw tooLarge(limit);
    yield chunk;
  }
}
