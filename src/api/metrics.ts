/**
 * Prometheus metrics of one server (`/metrics`): the process's default metrics and the requests
 * answered, by method, route pattern (never the raw path: a code in a path would make a series per
 * address) and status. Each server has its own registry, so two servers in one process (tests)
 * never count each other's requests.
 */
import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ReplicationState } from "../store/store.js";

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
  app.addHook("onResponse", (request, reply, done) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? "unmatched", status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  return registry;
}

/**
 * The store's primary and read replicas, asked when `/metrics` is scraped: whether each answers, and
 * how far each replica is behind (WAL bytes not replayed; seconds since the last transaction it
 * replayed) and whether that is past the lag limit. No series for a store without replicas.
 */
export function useReplicationMetrics(registry: Registry, replication: () => Promise<ReplicationState | null>): void {
  // One look at the servers per scrape, shared by the gauges (prom-client collects them together).
  let asked: { at: number; state: Promise<ReplicationState | null> } | null = null;
  const state = () => {
    if (asked === null || performance.now() - asked.at > 1000) asked = { at: performance.now(), state: replication() };
    return asked.state;
  };
  const gauge = (name: string, help: string, label: string, fill: (gauge: Gauge, state: ReplicationState) => void) =>
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      async collect() {
        const now = await state().catch(() => null);
        this.reset();
        if (now) fill(this, now);
      },
    });
  gauge("diachiso_store_primary_up", "1 when the store's primary answers, else 0", "primary", (g, s) =>
    g.set({ primary: s.primary.name }, s.primary.reachable ? 1 : 0),
  );
  gauge("diachiso_store_replica_up", "1 when the read replica answers, else 0", "replica", (g, s) => {
    for (const r of s.replicas) g.set({ replica: r.name }, r.reachable ? 1 : 0);
  });
  gauge("diachiso_store_replica_lag_bytes", "WAL bytes written on the primary and not yet replayed on the replica", "replica", (g, s) => {
    for (const r of s.replicas) if (r.lagBytes !== null) g.set({ replica: r.name }, r.lagBytes);
  });
  gauge(
    "diachiso_store_replica_replay_age_seconds",
    "Seconds since the commit of the last transaction the replica replayed (its lag while the primary writes)",
    "replica",
    (g, s) => {
      for (const r of s.replicas) if (r.replayAgeSeconds !== null) g.set({ replica: r.name }, r.replayAgeSeconds);
    },
  );
  gauge(
    "diachiso_store_replica_lagging",
    "1 when the replica is further behind than the lag limit, so reads ask the primary before it, else 0",
    "replica",
    (g, s) => {
      for (const r of s.replicas) g.set({ replica: r.name }, r.lagging ? 1 : 0);
    },
  );
}

/**
 * Autocomplete questions answered, by where the answer came from (`computed`: worked out; `kept`:
 * an earlier caller's, kept; `sibling`: worked out by another process of `serve --workers`): the
 * share worked out is what the answers kept save.
 */
export function useAutocompleteMetrics(registry: Registry, answered: () => { computed: number; kept: number; fromSibling: number }): void {
  new Counter({
    name: "diachiso_autocomplete_answers_total",
    help: "Autocomplete questions answered, by where the answer came from: computed, kept (an earlier caller's), sibling (another worker's)",
    labelNames: ["origin"],
    registers: [registry],
    collect() {
      const now = answered();
      this.reset();
      this.inc({ origin: "computed" }, now.computed);
      this.inc({ origin: "kept" }, now.kept);
      this.inc({ origin: "sibling" }, now.fromSibling);
    },
  });
}
