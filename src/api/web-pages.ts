/**
 * The web app's pages (web/, built by Vite into dist/web/) served by the API's own process: `/`
 * and its hashed files under `/assets/`, and `/a/<code>` (the address card), `/dashboard` and
 * `/batch`, which are the same page reading its path, and `/o/<token>` (the owner page, from a
 * notification's link). Only the files the build wrote are routes (no wildcard), so the pages
 * never shadow /v1, /docs or the probes, and an unknown path stays the API's 404 problem.
 *
 * Every page answer carries a Content-Security-Policy of 'self': the pages can load and call
 * nothing but this server, whatever a future change to them tries.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/** Where `npm run build` writes the pages, beside the compiled server (dist/src/api → dist/web). */
export const BUILT_WEB_ROOT = fileURLToPath(new URL("../../web/", import.meta.url));

/** The pages' policy: scripts, styles and requests to this origin only; the QR code is inline SVG. */
export const WEB_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Whether a URL is one of the pages' files (the rate limit counts queries, not a page's assets). */
export const isWebAsset = (url: string) => url.startsWith("/assets/");

/**
 * Registers the pages found at `root` (default: the built ones). Answers false, registering
 * nothing, when there are none there (a checkout where only `tsc` ran): the API serves on without them.
 */
export async function useWebPages(app: FastifyInstance, root: string = BUILT_WEB_ROOT): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    wildcard: false,
    index: "index.html",
    cacheControl: false, // ours, below
    // Hashed names change with their content: a browser may keep them; index.html is asked each time.
    setHeaders: (res, path) => {
      res.setHeader("content-security-policy", WEB_CONTENT_SECURITY_POLICY);
      res.setHeader("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  // The card, the dashboard and the batch page are the same page; its script reads the path.
  const samePage = (_request: unknown, reply: FastifyReply) => {
    reply.header("content-security-policy", WEB_CONTENT_SECURITY_POLICY).header("cache-control", "no-cache");
    return reply.sendFile("index.html");
  };
  app.get("/a/:code", { schema: { hide: true } }, samePage);
  app.get("/dashboard", { schema: { hide: true } }, samePage);
  app.get("/batch", { schema: { hide: true } }, samePage);
  // The owner page: the same page again, reading the link's token from its path. Its address is a
  // credential, so it is never cached and never sent on as a referrer (not even to this server's
  // own assets, whose requests the page makes from that address).
  app.get("/o/:token", { schema: { hide: true } }, (_request, reply) => {
    reply
      .header("content-security-policy", WEB_CONTENT_SECURITY_POLICY)
      .header("cache-control", "no-store")
      .header("referrer-policy", "no-referrer");
    return reply.sendFile("index.html");
  });
  return true;
}
