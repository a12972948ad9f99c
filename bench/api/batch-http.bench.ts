/**
 * Batch geocoding over HTTP (issue 15: "batch geocoding rows/s for a 100,000-row CSV"): a CSV file
 * streamed to `POST /v1/search/csv` of `diachiso serve` (a child process) and the answer read as it
 * comes, beside the same file through the same batch service in this process (`BatchGeocoder`, a
 * file stream to a counting sink, over a search session opened on the same store): what the route,
 * Fastify and TCP add to the geocoding itself. The whole-file run the API test does not make
 * (src/api/batch.test.ts streams 100,000 rows of which few are geocoded, to stay a test).
 *
 *   npx tsc -p . && node dist/bench/api/batch-http.bench.js --db STORE [--rows 100000] [--rounds 3] [--seed 15] [--dir /tmp/batch-http-bench]
 *
 * The rows are records of the store drawn with the project's seeded PRNG and written in the query
 * forms of the search benchmark in turn (as bench/search/batch-csv.bench.ts writes them). Both
 * paths warm up on the first 2,000 rows; then each round runs the HTTP upload and the in-process
 * batch one after the other, the order flipped every round; medians over the rounds. The server's
 * resident memory (VmRSS) is read before and after each upload. The request carries a partner key
 * with the `batch` scope made for the run and revoked after it.
 */
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { csvField } from "../../src/common/csv.js";
import { Random } from "../../src/common/random.js";
import type { AddressRecord } from "../../src/domain/record.js";
import { AccessService } from "../../src/services/access.js";
import { BatchGeocoder } from "../../src/services/batch-geocode.js";
import { SearchService, SearchSession } from "../../src/services/search.js";
import { storeAt } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import { loadRegistry } from "../../src/units/registry.js";
import { rssMiB, startServe } from "./serve-child.js";
import { arg } from "../args.js";
import { median } from "../median.js";
import { storeRecords } from "../search/engine.js";
import { type QueryForm, writeQuery, writtenAddress } from "../search/query-forms.js";

const FORMS: QueryForm[] = ["full", "no-diacritics", "abbrev", "typos2", "old", "old-derived", "no-province"];
const WARM_ROWS = 2_000;

/** `id,address,form` rows drawn from the store (the file the HTTP and in-process paths both read). */
async function makeFile(db: string, file: string, rows: number, seed: number): Promise<void> {
  const registry = loadRegistry();
  const store = await openStore(db, { use: "read" });
  const eligible: AddressRecord[] = [];
  for await (const record of storeRecords(store)) if (writtenAddress(record, registry)) eligible.push(record);
  await store.close();
  const random = new Random(seed);
  let csv = "id,address,form\n";
  for (let i = 0; i < rows; i++) {
    const record = random.pick(eligible);
    const written = writtenAddress(record, registry)!;
    const query = writeQuery(random, FORMS[i % FORMS.length], record, written) ?? writeQuery(random, "full", record, written)!;
    csv += `${i + 1},${csvField(query.q)},${query.form}\n`;
  }
  writeFileSync(file, csv);
}



interface Run {
  seconds: number;
  rows: number;
  bytes: number;
}

/** Streams `file` to the route and reads the answer to its end; the rows are counted from its trailer. */
function overHttp(base: string, key: string, file: string): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${base}/v1/search/csv?columns=address`,
      { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${key}` } },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on("end", () => {
          if (response.statusCode !== 200 || response.trailers["x-rows"] === undefined)
            return reject(new Error(`HTTP ${response.statusCode}, trailers ${JSON.stringify(response.trailers)}`));
          resolve({ seconds: (performance.now() - started) / 1000, rows: Number(response.trailers["x-rows"]), bytes });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    createReadStream(file).pipe(request);
  });
}

/** The same file through the batch service in this process, to a sink that only counts. */
async function inProcess(batch: BatchGeocoder, file: string): Promise<Run> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  const started = performance.now();
  const summary = await batch.geocodeCsv(createReadStream(file), sink, { columns: ["address"] });
  return { seconds: (performance.now() - started) / 1000, rows: summary.rows, bytes };
}

async function main(): Promise<void> {
  const db = arg("db");
  const rows = Number(arg("rows", "100000"));
  const rounds = Number(arg("rounds", "3"));
  const seed = Number(arg("seed", "15"));
  const dir = arg("dir", "/tmp/batch-http-bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `addresses-${rows}.csv`);
  const warmFile = join(dir, "warm.csv");
  await makeFile(db, file, rows, seed);
  writeFileSync(warmFile, readFileSync(file, "utf8").split("\n").slice(0, WARM_ROWS + 1).join("\n") + "\n");

  const keys = new AccessService(storeAt(db));
  const made = await keys.create({ name: "batch http benchmark", role: "partner", scopes: ["batch"], ratePerMinute: 1_000_000 }, { actor: "bench" });
  const { child, base } = await startServe(db);
  try {
    const batch = new BatchGeocoder(new SearchSession(await new SearchService().open(storeAt(db))));
    await overHttp(base, made.key, warmFile);
    await inProcess(batch, warmFile);
    console.log(`${rows.toLocaleString("en-US")} rows from ${db}; ${rounds} rounds; Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    const http: Run[] = [];
    const local: Run[] = [];
    const rss: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const runHttp = async () => {
        const before = rssMiB(child.pid!);
        const run = await overHttp(base, made.key, file);
        if (run.rows !== rows) throw new Error(`the server answered ${run.rows} rows of ${rows}`);
        http.push(run);
        rss.push(`${before.toFixed(0)}→${rssMiB(child.pid!).toFixed(0)}`);
      };
      const runLocal = async () => {
        const run = await inProcess(batch, file);
        if (run.rows !== rows) throw new Error(`the batch answered ${run.rows} rows of ${rows}`);
        local.push(run);
      };
      if (round % 2 === 0) {
        await runHttp();
        await runLocal();
      } else {
        await runLocal();
        await runHttp();
      }
      console.log(`round ${round + 1}: HTTP ${http.at(-1)!.seconds.toFixed(2)} s, in process ${local.at(-1)!.seconds.toFixed(2)} s`);
    }
    const h = median(http.map((r) => r.seconds));
    const l = median(local.map((r) => r.seconds));
    if (http[0].bytes !== local[0].bytes) console.log(`note: ${http[0].bytes} bytes over HTTP, ${local[0].bytes} in process`);
    console.log(`| path | median s | rows/s |`);
    console.log(`|---|---:|---:|`);
    console.log(`| POST /v1/search/csv (serve, child process) | ${h.toFixed(2)} | ${Math.round(rows / h).toLocaleString("en-US")} |`);
    console.log(`| BatchGeocoder.geocodeCsv in process | ${l.toFixed(2)} | ${Math.round(rows / l).toLocaleString("en-US")} |`);
    console.log(`HTTP ÷ in process: ${(h / l).toFixed(2)}; answer ${(http[0].bytes / 2 ** 20).toFixed(1)} MiB; server RSS MiB before→after each upload: ${rss.join(", ")}`);
  } finally {
    child.kill();
    await keys.revoke(made.record.id);
  }
}

await main();
