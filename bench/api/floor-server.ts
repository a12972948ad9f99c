/**
 * The floor under `serve`: a bare `node:http` server that answers each request with the bytes
 * `serve` answered it with (status, headers, body), recorded beforehand, and does nothing else —
 * no routing beyond a map look-up, no hooks, no key check, no serialisation. What a request costs
 * it is what the machine's HTTP and TCP cost before any work of ours (http.bench.ts --floor).
 *
 *   node dist/bench/api/floor-server.js ANSWERS.json WORKERS
 *
 * ANSWERS.json holds `{ path: { status, headers, body } }`; a path not in it is a 404. With WORKERS
 * above 1, that many processes share the port (node:cluster), as `serve --workers` does. Says
 * "listening on URL" and "ready" on stderr, as `serve` does.
 */
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

/** One recorded answer. */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const [file, workersArg] = process.argv.slice(2);
const workers = Number(workersArg ?? "1");

if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  cluster.on("message", (_worker, message: string) => {
    process.stderr.write(message);
    if (/ready/.test(message) && ++listening === workers) process.stderr.write("all ready\n");
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const recorded = JSON.parse(readFileSync(file, "utf8")) as Record<string, RecordedAnswer>;
  // Bodies as bytes once, so that a request costs only its write.
  const answers = new Map(Object.entries(recorded).map(([path, a]) => [path, { ...a, body: Buffer.from(a.body) }]));
  const server = createServer((request, response) => {
    const answer = answers.get(request.url ?? "");
    if (answer === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.body.length) });
    response.end(answer.body);
  });
  // serve's (Fastify's) keep-alive, so that connections live as long.
  server.keepAliveTimeout = 72_000;
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number };
    const say = `floor-server: listening on http://127.0.0.1:${port}\nfloor-server: ready\n`;
    if (cluster.isWorker) process.send?.(say);
    else process.stderr.write(say);
  });
}
