/**
 * Import of a survey file over HTTP: the file is the request body (CSV, or NDJSON), written to the
 * job's folder as it arrives and then imported by the import service exactly as `diachiso import`
 * imports a file of that name — same formats, encodings detected the same way (or named, as
 * `--encoding`), same rules, same rejects file, same summary, the same store lock against any other
 * import. Imports can be long, so the answer is `202` with the job's `Location`; `GET
 * /v1/imports/{id}` says how it goes (rows read, accepted, rejected), then the summary or the
 * one-line error, and `GET /v1/imports/{id}/rejects` gives the rejected rows. Jobs live in the
 * server's process (import-jobs.ts).
 *
 * A file the importer refuses before writing anything (empty, no header it knows, an encoding it
 * cannot tell, a broken first row…) is a 400 with the CLI's one line at once; what is found later
 * (a file cut short further down) ends the job as `failed` with that line.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { ENCODINGS, encodingNamed } from "../../ingest/encoding.js";
import { ImportInputError } from "../../ingest/import.js";
import { ServiceError } from "../../services/errors.js";
import type { ImportJobs } from "../import-jobs.js";
import { ApiProblem } from "../problems.js";
import type { Role } from "../roles.js";
import { type ApiRoute, defineRoute } from "../route.js";
import { actorOf } from "./records.js";
import { CSV_CONTENT_TYPE, limitBytes } from "./batch.js";

/** Who may import: the staff. A surveyor's or operator's rows must be in its provinces; an admin's anywhere. */
export const IMPORT_ROLES: readonly Role[] = ["surveyor", "operator", "admin"];

/** An upload's own limit: a few million rows. A national load is the CLI's, beside the store. */
export const DEFAULT_IMPORT_BODY_LIMIT = 512 * 1024 * 1024;

/** Imports started per key and minute: each one is a long job, and only one runs at a time. */
export const IMPORT_RATE_PER_MINUTE = 10;

/** Content types of the files, and the extension that tells the importer the format. */
const FORMATS: Record<string, "csv" | "ndjson"> = { "text/csv": "csv", "application/x-ndjson": "ndjson" };

/** Sends an NDJSON body to its route as the stream it is (CSV bodies already are: batch.ts). */
export function passImportBodies(app: FastifyInstance): void {
  app.addContentTypeParser("application/x-ndjson", (_request, payload, done) => done(null, payload));
}

const ImportQuery = Type.Object(
  {
    filename: Type.Optional(
      Type.String({
        pattern: "^[^/\\\\\\x00-\\x1f]{1,120}$",
        description: "the file's name, as the messages and the summary name it; its base name is the default batch",
      }),
    ),
    batch: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "batch name: with each row's external_id, its identity across re-imports (default: the file's base name)" }),
    ),
    encoding: Type.Optional(Type.String({ description: `the file's text encoding, as --encoding: ${ENCODINGS.join(", ")} (default: detected)` })),
  },
  { additionalProperties: false },
);

const JobParams = Type.Object({ id: Type.String({ pattern: "^imp_[0-9a-f]{12}$" }) });

export function importRoutes(available: ImportJobs | null, bodyLimit: number, ratePerMinute = IMPORT_RATE_PER_MINUTE): ApiRoute[] {
  // Jobs live in one process: with several workers sharing the port (serve --workers) a job's
  // progress would be asked of a worker that never saw it, so such a server imports nothing.
  const need = (): ImportJobs => {
    if (available === null)
      throw new ApiProblem(503, "imports-unavailable", "this server runs several worker processes and takes no imports: import with a server started with --workers 1, or with `diachiso import`");
    return available;
  };
  const sample = "external_id,house_number,street,ward_code,province_code,lat,lon\nHTTP-EXAMPLE-1,12,Phố Quán Thánh,00004,01,21.0412,105.8394\n";
  return [
    defineRoute({
      method: "POST",
      url: "/v1/imports",
      summary: "Imports a survey file (the body: CSV or NDJSON) as `diachiso import` does; 202 with the job to follow",
      tag: "records",
      allow: IMPORT_ROLES,
      ratePerMinute,
      schema: { querystring: ImportQuery },
      example: { url: "/v1/imports?filename=example.csv", body: sample, headers: { "content-type": CSV_CONTENT_TYPE } },
      handler: async (request, reply) => {
        const jobs = need();
        const query = request.query as Static<typeof ImportQuery>;
        const body = request.body;
        const mediaType = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
        const format = FORMATS[mediaType];
        if (!(body instanceof Readable) || format === undefined)
          throw new ApiProblem(415, "unsupported-media-type", `send the survey file as the request body with Content-Type: text/csv or application/x-ndjson (got ${request.headers["content-type"] ?? "no body"})`);
        const declared = Number(request.headers["content-length"]);
        if (declared > bodyLimit) throw tooLarge(bodyLimit);
        const encoding = query.encoding === undefined ? undefined : encodingNamed(query.encoding);
        if (encoding === null)
          throw new ApiProblem(400, "bad-request", `encoding must be one of ${ENCODINGS.join(", ")}, got "${query.encoding}"`, { field: "encoding" });
        const name = fileName(query.filename, query.batch, format);
        const batch = query.batch ?? name.replace(/\.[^.]+$/, "");

        const principal = request.principal;
        const reserved = jobs.reserve({
          name,
          batch,
          keyId: principal.keyId,
          actor: actorOf(principal),
          provinces: principal.role === "admin" ? null : principal.provinces,
        });
        if (reserved === null) {
          const running = jobs.running;
          throw new ApiProblem(
            409,
            "import-running",
            `an import is already running on this server (received ${running?.received_at ?? "just now"}); one runs at a time: send this file again once it has ended`,
            running && running.by === actorOf(principal) ? { running: `/v1/imports/${running.id}` } : {},
          );
        }
        try {
          let bytes = 0;
          const count = new Transform({
            transform(chunk: Buffer, _encoding, callback) {
              bytes += chunk.length;
              jobs.received(reserved.id, bytes);
              callback(null, chunk);
            },
          });
          await pipeline(Readable.from(limitBytes(body, bodyLimit)), count, createWriteStream(reserved.path, { flags: "wx", mode: 0o600 }));
          await jobs.check(reserved.id, encoding);
        } catch (error) {
          const message = jobs.messageOf(reserved.id, error);
          jobs.abandon(reserved.id);
          if (error instanceof ImportInputError) throw new ApiProblem(400, "bad-file", message);
          if (error instanceof ServiceError) throw new ServiceError(error.kind, message, error.field);
          throw error;
        }
        const job = jobs.start(reserved.id, encoding);
        reply.code(202).header("location", `/v1/imports/${job.id}`);
        return job;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/imports/:id",
      summary: "How an import goes: state, rows read, accepted and rejected; then its summary (as `import --json`) or its one-line error",
      tag: "records",
      allow: IMPORT_ROLES,
      schema: { params: JobParams },
      example: { url: "/v1/imports/imp_000000000000" },
      handler: async (request) => {
        const jobs = need();
        const job = jobs.get(request.params.id, request.principal.keyId, request.principal.role === "admin");
        if (job === null) throw unknownJob(request.params.id);
        return job;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/v1/imports/:id/rejects",
      summary: "The rejected rows of an ended import, as the CLI's FILE.rejects.csv (line, reason, message, the row with personal data hidden)",
      tag: "records",
      allow: IMPORT_ROLES,
      schema: { params: JobParams },
      example: { url: "/v1/imports/imp_000000000000/rejects" },
      handler: async (request, reply) => {
        const jobs = need();
        const found = jobs.rejectsFile(request.params.id, request.principal.keyId, request.principal.role === "admin");
        if ("problem" in found) {
          if (found.problem === "unknown") throw unknownJob(request.params.id);
          if (found.problem === "running") throw new ApiProblem(409, "import-running", `import ${request.params.id} is still running: its rejected rows are listed once it has ended`);
          throw new ApiProblem(404, "not-found", `import ${request.params.id} rejected no row`);
        }
        return reply
          .header("content-type", CSV_CONTENT_TYPE)
          .header("content-disposition", `attachment; filename="${request.params.id}.rejects.csv"`)
          .send(createReadStream(found.path));
      },
    }),
  ];
}

/** The upload's file name: the caller's (its extension made the format's), else the batch's; one of them is needed. */
function fileName(filename: string | undefined, batch: string | undefined, format: "csv" | "ndjson"): string {
  const given = filename?.trim();
  if (given) {
    if (given === "." || given === "..") throw new ApiProblem(400, "bad-request", `filename "${given}" is no file name`, { field: "filename" });
    const extension = format === "csv" ? /\.csv$/i : /\.(ndjson|jsonl)$/i;
    return extension.test(given) ? given : `${given}.${format}`;
  }
  if (batch !== undefined) return `${batch.replace(/[/\\\x00-\x1f]/g, "_").slice(0, 110)}.${format}`;
  throw new ApiProblem(
    400,
    "bad-request",
    "name the file (filename=…) or the batch (batch=…): with each row's external_id the batch is the row's identity across re-imports, so an upload cannot go without one",
    { field: "filename" },
  );
}

function unknownJob(id: string): ApiProblem {
  return new ApiProblem(404, "not-found", `no import ${id} on this server that this key may see (imports are kept in the server's process, the last ones only)`);
}

function tooLarge(bodyLimit: number): ApiProblem {
  return new ApiProblem(413, "too-large", `the file is larger than ${bodyLimit.toLocaleString("en-US")} bytes, the most one upload takes; import it with diachiso import beside the store, or split it`);
}
