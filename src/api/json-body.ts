/**
 * The one way a request body becomes a value: JSON only, UTF-8 only (bytes that are not UTF-8 are
 * refused, not read as U+FFFD: a name silently changed is worse than a clear 400), nested at most
 * MAX_JSON_DEPTH deep (no record or request of ours is deeper, and a deep document is a way to spend
 * a server's stack), and parsed with Fastify's own parser, which refuses `__proto__` and
 * `constructor.prototype` keys.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiProblem } from "./problems.js";

/** Deeper than any request of ours (a record's parts and their alleys are four deep). */
export const MAX_JSON_DEPTH = 16;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * How deep the arrays and objects of a JSON text nest, counted over its bytes (brackets inside
 * strings do not count), stopping as soon as `limit` is passed: a 1 MB run of "[" costs one pass
 * and no recursion.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Replaces Fastify's JSON body parser with the checked one above (for `application/json` and `…+json`). */
export function useCheckedJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  app.removeContentTypeParser("application/json");
  const parser = (request: FastifyRequest, bytes: Buffer, done: (error: Error | null, value?: unknown) => void) => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return done(new ApiProblem(400, "bad-request", "the request body is not valid UTF-8"));
    }
    if (text.trim() === "") return done(new ApiProblem(400, "bad-request", "the request body is empty; a JSON document was expected"));
    if (jsonDepthExceeds(bytes, MAX_JSON_DEPTH))
      return done(new ApiProblem(400, "bad-request", `the request body nests deeper than ${MAX_JSON_DEPTH} levels`));
    parse(request, text, (error, value) => {
      if (error) return done(new ApiProblem(400, "bad-request", `the request body is not valid JSON: ${error.message}`));
      done(null, value);
    });
  };
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => parser(request, body as Buffer, done));
  app.addContentTypeParser(/^application\/[\w.-]+\+json$/, { parseAs: "buffer" }, (request, body, done) => parser(request, body as Buffer, done));
}
