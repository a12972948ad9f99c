/**
 * Two builds' autocomplete in one process, question by question: the typing stream of
 * typing.bench asked of each build's engine in turn (which goes first alternates), the CPU time
 * of each call summed per build, and every answer compared. On a shared machine two separate runs
 * of one build differ by a third; two builds asked the same question side by side share its load.
 *
 *   npx tsc -p . && cp -a dist dist-other   # (the other build, e.g. main's, compiled the same way)
 *   node dist/bench/search/typing-pair.bench.js --db STORE --builds dist-other,dist [--typists 300] [--passes 3]
 *
 * `--builds`: two folders holding a compiled build (each with src/ and data beside it, as dist/).
 * Each build reads the store's index into memory of its own: twice the index's size.
 */
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Random } from "../../src/common/random.js";
import { openStore } from "../../src/store/open.js";
import { loadRegistry } from "../../src/units/registry.js";
import { arg, runBench } from "../args.js";
import { typingStream, written } from "./typing-stream.js";

const db = arg("db");
const builds = arg("builds").split(",");
const typists = Number(arg("typists", "300"));
const passes = Number(arg("passes", "3"));
const seed = Number(arg("seed", "15"));

/** What this bench asks of a build: an autocomplete answer, as its session gives it. */
interface Asker {
  search(query: string, options: { autocomplete: boolean; limit: number }): unknown;
}

async function openBuild(folder: string): Promise<Asker> {
  const module = (path: string) => import(pathToFileURL(resolve(folder, path)).href);
  const { SearchService, SearchSession } = await module("src/services/search.js");
  const { sharedStore } = await module("src/services/stores.js");
  const { openStore: open } = await module("src/store/open.js");
  const { loadRegistry: load } = await module("src/units/registry.js");
  const store = await open(db, { use: "read" });
  const access = sharedStore(store, { location: db, personalDataKey: Buffer.alloc(32) });
  const session = new SearchSession(await new SearchService(load()).open(access), { autocompleteCache: 0 });
  session.warm();
  return session;
}

async function main(): Promise<void> {
  if (builds.length !== 2) throw new Error(`--builds takes two folders separated by a comma, got "${builds.join(",")}"`);
  const askers = [await openBuild(builds[0]), await openBuild(builds[1])];
  const registry = loadRegistry();
  const store = await openStore(db, { use: "read" });
  const random = new Random(seed);
  const pool = (await store.scan(null, 50_000)).items.filter((r) => (r.parts.houseNumber || r.parts.lot) && (r.parts.street || r.parts.hamlet));
  await store.close();
  for (let pass = 0; pass < passes; pass++) {
    const stream = typingStream(Array.from({ length: typists }, () => written(pool[random.int(0, pool.length - 1)], registry)));
    const questions = [...new Set(stream)];
    const cpu = [0, 0];
    let differing = 0;
    questions.forEach((q, n) => {
      const answers: string[] = [];
      for (const k of n % 2 === 0 ? [0, 1] : [1, 0]) {
        const before = process.cpuUsage();
        answers[k] = JSON.stringify(askers[k].search(q, { autocomplete: true, limit: 5 }));
        const used = process.cpuUsage(before);
        cpu[k] += used.user + used.system;
      }
      if (answers[0] !== answers[1]) differing++;
    });
    const ms = cpu.map((us) => (us / 1000 / questions.length).toFixed(3));
    console.log(
      `pass ${pass + 1}/${passes}: ${questions.length} questions; CPU ms per question ${builds[0]} ${ms[0]}, ${builds[1]} ${ms[1]} (×${(cpu[0] / cpu[1]).toFixed(2)}); answers differing ${differing}; load ${loadavg()[0].toFixed(1)}`,
    );
  }
}

await runBench("typing-pair.bench", main);
