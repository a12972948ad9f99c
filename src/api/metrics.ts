/**
 * Prometheus metrics of one server (`/metrics`): the process's default metrics and the requests
 * answered, by method, route pattern (never the raw path: a code in a path would make a series per
 * address) and status. Each server has its own registry, so two servers in one process (tests)
 * never count each other's requests.
 */
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

export function useMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "diachiso_" });
  const duration = new Histogram({
    name: "diachiso_http_request_duration_seconds",
    help: "Time to answer a request, by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? "unmatched", status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  return registry;
}
