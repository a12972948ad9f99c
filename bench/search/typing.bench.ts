/**
 * Autocomplete over a typing stream, in process with no answers kept: what each first-asked
 * question costs the engine. The questions are those of the HTTP benchmark's "autocomplete, typed"
 * route (typing-stream.ts): `--typists` people typing addresses drawn from the store's records,
 * every other keystroke from the third letter; each distinct question is asked once, in the order
 * it first arrives (a server keeping answers computes exactly these). Each pass draws other typists.
 *
 *   npx tsc -p . && node dist/bench/search/typing.bench.js --db STORE [--typists 1000] [--seed 15]
 *     [--limit 5] [--passes 3] [--out answers.ndjson] [--by-kind]
 *
 * Each pass reports the CPU time of the process per question (the primary figure on a shared
 * machine) and the wall percentiles; the first pass also warms the code. `--out` writes every
 * answer of every pass as one JSON line, so two builds' answers can be compared byte for
 * byte (`cmp`, `sha256sum`). `--by-kind` adds, for the passes after the first, each kind of
 * question's count and CPU (questionKind: which part of the address is being typed).
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { Random } from "../../src/common/random.js";
import { SearchService, SearchSession } from "../../src/services/search.js";
import { sharedStore } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import { UNIT_TYPES } from "../../src/search/evidence.js";
import { foldedWords } from "../../src/search/words.js";
import { loadRegistry } from "../../src/units/registry.js";
import { arg, runBench } from "../args.js";
import { median, percentile } from "../median.js";
import { typingStream, written } from "./typing-stream.js";

const db = arg("db");
const typists = Number(arg("typists", "1000"));
const seed = Number(arg("seed", "15"));
const limit = Number(arg("limit", "5"));
const passes = Number(arg("passes", "3"));
const out = arg("out", "");
const byKind = process.argv.includes("--by-kind");

/**
 * Which part of "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh" a question is typing: the
 * street (no comma yet: the whole country's names), a unit's type word ("…, Phườ") or its name
 * ("…, Phường Sài G"), the commune after the first comma and the province after the second.
 */
function questionKind(question: string): string {
  const commas = question.split(",").length - 1;
  if (commas === 0) return "0 street (door + start of the street)";
  const last = foldedWords(question.slice(question.lastIndexOf(",") + 1)).join(" ");
  const part = commas === 1 ? "1 commune" : "2 province";
  const typeWord = last === "" || UNIT_TYPES.some((t) => t.startsWith(last));
  return typeWord ? `${part}: its type word` : `${part}: its name`;
}

async function main(): Promise<void> {
  const registry = loadRegistry();
  const store = await openStore(db, { use: "read" });
  const access = sharedStore(store, { location: db, personalDataKey: Buffer.alloc(32) });
  const session = new SearchSession(await new SearchService(registry).open(access), { autocompleteCache: 0 });
  session.warm();
  const random = new Random(seed);
  const pool = (await store.scan(null, 50_000)).items.filter((r) => (r.parts.houseNumber || r.parts.lot) && (r.parts.street || r.parts.hamlet));
  const cpuPerQuestion: number[] = [];
  const answers: string[] = [];
  let asked = 0;
  let distinct = 0;
  /** By kind of question (questionKind), the passes after the first: how many, and their CPU in µs. */
  const kinds = new Map<string, { count: number; cpu: number }>();
  for (let pass = 0; pass < passes; pass++) {
    // Each pass is other people typing: what the engine keeps from one text (the settled part's
    // reading) helps the next keystrokes of the same person, not a second pass over the same stream.
    const stream = typingStream(Array.from({ length: typists }, () => written(pool[random.int(0, pool.length - 1)], registry)));
    const questions = [...new Set(stream)];
    asked += stream.length;
    distinct += questions.length;
    const latencies: number[] = [];
    const cpu = process.cpuUsage();
    for (const q of questions) {
      const started = performance.now();
      const before = byKind && pass > 0 ? process.cpuUsage() : null;
      const answer = session.search(q, { autocomplete: true, limit });
      if (before !== null) {
        const spent = process.cpuUsage(before);
        const kind = kinds.get(questionKind(q)) ?? { count: 0, cpu: 0 };
        kind.count++;
        kind.cpu += spent.user + spent.system;
        kinds.set(questionKind(q), kind);
      }
      latencies.push(performance.now() - started);
      answers.push(JSON.stringify(answer));
    }
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000 / questions.length;
    cpuPerQuestion.push(ms);
    // The system's share is mostly the index's pages read back in (another process on the machine
    // reading a large store evicts them): the user's share is the engine's own work.
    const userMs = used.user / 1000 / questions.length;
    process.stderr.write(
      `pass ${pass + 1}/${passes}: CPU ${ms.toFixed(3)} ms per question (user ${userMs.toFixed(3)}); wall p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms; load ${loadavg()[0].toFixed(1)}\n`,
    );
  }
  await store.close();
  // Of the autocomplete texts the engine answered, those read as an earlier text was (readingKey).
  const reading = session.index.engine.readingLookups();
  console.log(`answered with an earlier text's results, read alike: ${reading.kept} of ${reading.asked}`);
  if (kinds.size > 0) {
    const total = [...kinds.values()].reduce((sum, k) => sum + k.cpu, 0);
    console.log("| what is being typed | questions | CPU ms each | share of the CPU |\n|---|---:|---:|---:|");
    for (const [kind, { count, cpu }] of [...kinds].sort(([a], [b]) => a.localeCompare(b)))
      console.log(`| ${kind} | ${count} | ${(cpu / 1000 / count).toFixed(3)} | ${((100 * cpu) / total).toFixed(1)} % |`);
  }
  if (out !== "") writeFileSync(out, `${answers.join("\n")}\n`);
  const later = cpuPerQuestion.length > 1 ? cpuPerQuestion.slice(1) : cpuPerQuestion;
  console.log(
    `typing streams: ${passes} × ${typists} typists, ${asked} questions, ${distinct} distinct; CPU ms per question, median of passes after the first: ${median(later).toFixed(3)}; Node ${process.version}`,
  );
}

await runBench("typing.bench", main);
