/**
 * The HTTP API under load: autocannon against `diachiso serve` (a child process: the server on one
 * core, autocannon on the other) on 127.0.0.1, beside the same questions answered in this process
 * by the same services without HTTP (the peer: what a route costs before Fastify, JSON and TCP),
 * so that the HTTP overhead is visible.
 *
 *   npx tsc -p . && node dist/bench/api/http.bench.js --db STORE [--seconds 5] [--rounds 3]
 *     [--connections 20] [--queries 2000] [--seed 15] [--soak 600] [--workers 2]
 *     [--autocomplete-cache N] [--typists 5000] [--routes lookup,autocomplete,typed,search,reverse]
 *     [--serve-node-flags "--cpu-prof --cpu-prof-dir=DIR"] [--request-log] [--floor]
 *
 * "autocomplete" asks `--queries` prefixes cut into the second word; "autocomplete, typed" asks
 * what `--typists` people typing an address each at once send (typingStream). Both the server and
 * the in-process peer keep `--autocomplete-cache` answers (0 by default: every answer computed;
 * serve's own default keeps some), so the typed stream shows what keeping them is worth.
 *
 * With `--soak S` it then loads the server for S seconds with every route's requests interleaved
 * and samples the server's resident memory (VmRSS) every 10 s: a leak shows as a rising line.
 *
 * The requests carry a partner key made for the run (and revoked after it) whose rate limit no run
 * reaches. Questions come from the store's own records, drawn with the project's PRNG: lookup by code,
 * autocomplete (the written address cut two or more letters into its second word), search (the
 * written address) and reverse (a record's point, 5 nearest within 100 m). Each round runs every
 * route over HTTP and in process, the two alternating (the order flipping each round) so that load
 * on the shared machine hits both alike; the figures are medians over the rounds. Each HTTP run
 * also reports the CPU time per request of the server's processes (from /proc) and of this one
 * (autocannon): on a shared machine the rate follows the load, the CPU a request costs much less.
 * `--routes typed,lookup` runs only those (lookup, autocomplete, typed, search, reverse).
 *
 * `serve` runs `--quiet` (no request log) unless `--request-log`: then it writes its log, as it does
 * in service, into a pipe this process drains. With `--floor`, each round also loads a bare
 * `node:http` server that answers each route's last 2,000 questions with the bytes `serve` answered
 * them with (floor-server.ts): the CPU a request costs it is the floor under the server's own work.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Random } from "../../src/common/random.js";
import { publicRecordJson } from "../../src/domain/record-json.js";
import { AccessService } from "../../src/services/access.js";
import { RecordService } from "../../src/services/records.js";
import { SearchService, SearchSession } from "../../src/services/search.js";
import { sharedStore, storeAt } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import { loadRegistry } from "../../src/units/registry.js";
import type { RecordedAnswer } from "./floor-server.js";
import { cpuSeconds, rssMiB, startFloor, startServe } from "./serve-child.js";
import { typingStream, written } from "../search/typing-stream.js";
import { arg, runBench } from "../args.js";
import { median, percentile } from "../median.js";

const db = arg("db");
const seconds = Number(arg("seconds", "5"));
const rounds = Number(arg("rounds", "3"));
const connections = Number(arg("connections", "20"));
const count = Number(arg("queries", "2000"));
const seed = Number(arg("seed", "15"));
const soakSeconds = Number(arg("soak", "0"));
/** Server processes (serve --workers): one per core uses both of this machine's. */
const workers = Number(arg("workers", "1"));
/** Autocomplete answers kept by the server and by the in-process peer alike (serve's default is on; 0 here: every answer computed). */
const autocompleteCache = Number(arg("autocomplete-cache", "0"));
/** People typing at once, for the "autocomplete, typed" stream. */
const typists = Number(arg("typists", "5000"));
/** The routes run, by short name (every one by default). */
const only = new Set(arg("routes", "lookup,autocomplete,typed,search,reverse").split(","));
/** Flags for the server's Node processes, space-separated (a profile of the server under load: `--cpu-prof`). */
const serveNodeFlags = arg("serve-node-flags", "").split(" ").filter((flag) => flag !== "");
/** serve writes its request log (into a pipe this process drains), as in service. */
const requestLog = process.argv.includes("--request-log");
/** Each round also loads the bare server of floor-server.ts with the same answers. */
const floor = process.argv.includes("--floor");
/** The questions of each route whose answers the floor server holds: the route's last ones, which the rounds reach last. */
const FLOOR_QUESTIONS = 2000;
/** How often the soak samples the server's memory, s. */
const SOAK_SAMPLE_SECONDS = 10;

interface Route {
  name: string;
  /** What `--routes` calls it. */
  short: string;
  /** The request paths, used in turn. */
  paths: string[];
  /** The same question answered in process, its answer serialised as the route would. */
  inProcess: (i: number) => Promise<string> | string;
  /**
   * Where each side goes on in `paths` at its next run: a stream of keystrokes is not asked twice
   * across rounds (answers kept from an earlier round would flatter the later ones).
   */
  cursor: { http: number; local: number };
}

interface HttpRun {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time per request, ms: of the server's processes, and of this one (autocannon, the client). */
  serverCpu: number;
  clientCpu: number;
}

async function overHttp(base: string, key: string, route: Route, serverProcess: ChildProcess): Promise<HttpRun> {
  const run = await load(base, key, route.paths, route.cursor.http, serverProcess);
  route.cursor.http += run.asked;
  return run;
}

/** autocannon over `paths` from `start` on, for `seconds`; the CPU per request of `serverProcess` and of this one. */
async function load(base: string, key: string, paths: readonly string[], start: number, serverProcess: ChildProcess): Promise<HttpRun & { asked: number }> {
  let next = 0;
  const serverBefore = cpuSeconds(serverProcess.pid!);
  const clientBefore = process.cpuUsage();
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${key}` },
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[(start + next++) % paths.length] }) }],
  });
  const client = process.cpuUsage(clientBefore);
  const server = cpuSeconds(serverProcess.pid!) - serverBefore;
  const answered = Math.max(1, result.requests.total);
  return {
    asked: next,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    serverCpu: (server * 1000) / answered,
    clientCpu: (client.user + client.system) / 1000 / answered,
  };
}


/** Loads the server with every route's requests interleaved for `soakSeconds`, sampling its RSS. */
async function soak(base: string, key: string, child: ChildProcess, routes: Route[]): Promise<void> {
  const paths = routes.flatMap((route) => route.paths);
  const samples: { at: number; rss: number }[] = [{ at: 0, rss: rssMiB(child.pid!) }];
  const started = performance.now();
  const timer = setInterval(() => samples.push({ at: Math.round((performance.now() - started) / 1000), rss: rssMiB(child.pid!) }), SOAK_SAMPLE_SECONDS * 1000);
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: soakSeconds,
    headers: { authorization: `Bearer ${key}` },
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[(next++ * 7919) % paths.length] }) }],
  });
  clearInterval(timer);
  samples.push({ at: soakSeconds, rss: rssMiB(child.pid!) });
  console.log(
    `soak ${soakSeconds} s, every route interleaved: ${Math.round(result.requests.average).toLocaleString("en")} req/s, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} errors of ${result.requests.total.toLocaleString("en")}`,
  );
  console.log(`server RSS MiB every ${SOAK_SAMPLE_SECONDS} s: ${samples.map((s) => s.rss.toFixed(0)).join(" ")}`);
  const firstHalf = samples.slice(1, Math.ceil(samples.length / 2)).map((s) => s.rss);
  const secondHalf = samples.slice(Math.ceil(samples.length / 2)).map((s) => s.rss);
  console.log(`median RSS, first half ${median(firstHalf).toFixed(0)} MiB, second half ${median(secondHalf).toFixed(0)} MiB`);
}

async function inProcess(route: Route): Promise<{ rps: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let sink = 0;
  const end = performance.now() + seconds * 1000;
  for (; performance.now() < end; route.cursor.local++) {
    const started = performance.now();
    sink += (await route.inProcess(route.cursor.local % route.paths.length)).length;
    latencies.push(performance.now() - started);
  }
  if (sink === 0) throw new Error("no answers");
  return { rps: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function main(): Promise<void> {
  const registry = loadRegistry();
  const store = await openStore(db, { use: "read" });
  const access = sharedStore(store, { location: db, personalDataKey: Buffer.alloc(32) });
  const records = new RecordService(access, registry);
  const session = new SearchSession(await new SearchService(registry).open(access), { autocompleteCache });
  session.warm();
  const random = new Random(seed);
  const pool = (await store.scan(null, 50_000)).items.filter((r) => (r.parts.houseNumber || r.parts.lot) && (r.parts.street || r.parts.hamlet));
  const drawn = Array.from({ length: count }, () => pool[random.int(0, pool.length - 1)]);
  const texts = drawn.map((r) => written(r, registry));
  const prefixes = texts.map((t) => {
    const second = t.indexOf(" ") + 1;
    return t.slice(0, Math.min(t.length, second + 2 + random.int(0, 8)));
  });
  const q = (t: string) => encodeURIComponent(t);
  const typed = typingStream(
    Array.from({ length: typists }, () => written(pool[random.int(0, pool.length - 1)], registry)),
  );
  const questions: Omit<Route, "cursor">[] = [
    {
      name: "lookup by code",
      short: "lookup",
      paths: drawn.map((r) => `/v1/addresses/${r.code}`),
      inProcess: async (i) => {
        const record = await records.show(drawn[i].code);
        return JSON.stringify({ type: "FeatureCollection", features: [publicRecordJson(record, registry)] });
      },
    },
    {
      name: "autocomplete",
      short: "autocomplete",
      paths: prefixes.map((t) => `/v1/autocomplete?q=${q(t)}&limit=5`),
      inProcess: (i) => JSON.stringify(session.search(prefixes[i], { autocomplete: true, limit: 5 })),
    },
    {
      name: "autocomplete, typed",
      short: "typed",
      paths: typed.map((t) => `/v1/autocomplete?q=${q(t)}&limit=5`),
      inProcess: (i) => JSON.stringify(session.search(typed[i], { autocomplete: true, limit: 5 })),
    },
    {
      name: "search",
      short: "search",
      paths: texts.map((t) => `/v1/search?q=${q(t)}&limit=5`),
      inProcess: (i) => JSON.stringify(session.search(texts[i], { limit: 5 })),
    },
    {
      name: "reverse",
      short: "reverse",
      paths: drawn.map((r) => `/v1/reverse?lat=${r.lat}&lon=${r.lon}&limit=5`),
      inProcess: (i) => JSON.stringify(session.reverse(drawn[i].lat, drawn[i].lon, { limit: 5 })),
    },
  ];
  const routes: Route[] = questions.filter((route) => only.has(route.short)).map((route) => ({ ...route, cursor: { http: 0, local: 0 } }));
  if (routes.length === 0) throw new Error(`--routes names none of ${questions.map((route) => route.short).join(", ")}`);

  // A partner key with a limit no run reaches: the figures are the server's, not the rate limiter's refusals.
  const keys = new AccessService(storeAt(db));
  const made = await keys.create({ name: "http benchmark", role: "partner", scopes: ["search", "units"], ratePerMinute: 1_000_000 }, { actor: "bench" });
  const { child, base } = await startServe(db, workers, ["--autocomplete-cache", String(autocompleteCache)], serveNodeFlags, requestLog);
  const floorServer = floor ? await startFloorOver(base, made.key, routes) : null;
  const floorCpu = new Map<string, number[]>();
  const http = new Map<string, { rps: number[]; p50: number[]; p99: number[]; errors: number; serverCpu: number[]; clientCpu: number[] }>();
  const local = new Map<string, { rps: number[]; p50: number[]; p99: number[] }>();
  const loads: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const route of routes) {
        const h = http.get(route.name) ?? { rps: [], p50: [], p99: [], errors: 0, serverCpu: [], clientCpu: [] };
        const l = local.get(route.name) ?? { rps: [], p50: [], p99: [] };
        const runHttp = async () => {
          const r = await overHttp(base, made.key, route, child);
          h.serverCpu.push(r.serverCpu);
          h.clientCpu.push(r.clientCpu);
          h.rps.push(r.rps);
          h.p50.push(r.p50);
          h.p99.push(r.p99);
          h.errors += r.errors;
        };
        const runLocal = async () => {
          const r = await inProcess(route);
          l.rps.push(r.rps);
          l.p50.push(r.p50);
          l.p99.push(r.p99);
        };
        if (round % 2 === 0) {
          await runHttp();
          await runLocal();
        } else {
          await runLocal();
          await runHttp();
        }
        if (floorServer) {
          const paths = route.paths.slice(-FLOOR_QUESTIONS);
          const r = await load(floorServer.base, made.key, paths, 0, floorServer.child);
          floorCpu.set(route.name, [...(floorCpu.get(route.name) ?? []), r.serverCpu]);
          process.stderr.write(`round ${round + 1}/${rounds} ${route.name}: the floor server ${Math.round(r.rps)} req/s (CPU ${r.serverCpu.toFixed(3)} ms a request)\n`);
        }
        http.set(route.name, h);
        local.set(route.name, l);
        loads.push(loadavg()[0]);
        process.stderr.write(
          `round ${round + 1}/${rounds} ${route.name}: ${Math.round(h.rps.at(-1)!)} req/s over HTTP (server CPU ${h.serverCpu.at(-1)!.toFixed(3)} ms a request), ${Math.round(l.rps.at(-1)!)} /s in process\n`,
        );
      }
    }
    if (soakSeconds > 0) await soak(base, made.key, child, routes);
  } finally {
    floorServer?.child.kill("SIGTERM");
    child.kill("SIGTERM");
    await store.close();
    await keys.revoke(made.record.id);
  }

  if (rounds === 0) return; // a soak alone
  const f = (n: number, digits = 1) => n.toFixed(digits);
  const repeated = typed.length - new Set(typed).size;
  console.log(`typed stream: ${typists.toLocaleString("en")} typists, ${typed.length.toLocaleString("en")} questions, ${f((100 * repeated) / typed.length)} % asked before by someone; answers kept: ${autocompleteCache.toLocaleString("en")}`);
  console.log(`store ${db}: ${pool.length.toLocaleString("en")} candidate records; ${count} questions, seed ${seed}; ${connections} connections; ${rounds} rounds × ${seconds} s; serve --workers ${workers}${requestLog ? " with its request log" : " --quiet"}; Node ${process.version}; load average ${f(median(loads))}`);
  if (floor)
    console.log(
      `the floor (a bare node:http server answering the same bytes, ${workers} process(es)), CPU ms a request: ${routes.map((route) => `${route.name} ${f(median(floorCpu.get(route.name)!), 3)}`).join(", ")}`,
    );
  console.log("| route | HTTP req/s | HTTP p50 ms | HTTP p99 ms | errors | server CPU ms/req | client CPU ms/req | in process /s | in process p50 ms | in process p99 ms | HTTP / in process |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const route of routes) {
    const h = http.get(route.name)!;
    const l = local.get(route.name)!;
    console.log(
      `| ${route.name} | ${Math.round(median(h.rps)).toLocaleString("en")} | ${f(median(h.p50))} | ${f(median(h.p99))} | ${h.errors} | ${f(median(h.serverCpu), 3)} | ${f(median(h.clientCpu), 3)} | ${Math.round(median(l.rps)).toLocaleString("en")} | ${f(median(l.p50), 2)} | ${f(median(l.p99), 2)} | ${f(median(h.rps) / median(l.rps), 2)} |`,
    );
  }
}

/**
 * Records what `serve` answers each route's last FLOOR_QUESTIONS questions (status, the headers a
 * client reads, body) and starts the floor server over them, with as many processes as serve.
 */
async function startFloorOver(base: string, key: string, routes: readonly Route[]): Promise<{ child: ChildProcess; base: string }> {
  const recorded: Record<string, RecordedAnswer> = {};
  // Node's HTTP server writes these itself, for the floor server as for serve.
  const written = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);
  for (const route of routes)
    for (const path of route.paths.slice(-FLOOR_QUESTIONS)) {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!written.has(name)) headers[name] = value;
      });
      recorded[path] = { status: response.status, headers, body: await response.text() };
    }
  const dir = mkdtempSync(join(tmpdir(), "diachiso-floor-"));
  try {
    const file = join(dir, "answers.json");
    writeFileSync(file, JSON.stringify(recorded));
    return await startFloor(file, workers);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await runBench("http.bench", main);
