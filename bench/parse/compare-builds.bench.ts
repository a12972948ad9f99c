/**
 * The parser's CPU throughput in two or more builds of this repository, measured in one process
 * in alternating slices, for before/after comparisons on a shared machine: the load swings the
 * rate of separate runs by more than the differences a change makes, but slices of a thousand
 * parses taken in turn see the same load. Same seeded inputs as parse.bench.ts.
 *
 * Run from the repository root, with the other build compiled elsewhere (say a worktree of the
 * commit before the change, `npx tsc -p .` run there):
 *   npx tsc -p . && node dist/bench/parse/compare-builds.bench.js /tmp/before/dist dist
 *
 * Each build gets its own parser over its own registry; all parse every input once to warm up,
 * then each round gives every build the same slice of inputs, in an order reversed every other
 * round. Reported: CPU time per build (`process.cpuUsage`, which counts the GC threads too), and
 * each build's speed relative to the first, overall and as the median of the per-slice ratios.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { median } from "../median.js";

const ROUNDS = 400;
const SLICE = 1_000;
const INPUTS = 20_000;
const SEED = 42;

interface Build {
  dist: string;
  parse: (text: string) => { confidence: number };
  inputs: string[];
  /** CPU microseconds of each round's slice. */
  cpu: number[];
}

async function load(dist: string): Promise<Build> {
  const url = (path: string) => pathToFileURL(resolve(dist, path)).href;
  const { createParser } = await import(url("src/parse/index.js"));
  const { loadRegistry } = await import(url("src/units/registry.js"));
  const { makeInputs } = await import(url("bench/parse/inputs.js"));
  const registry = loadRegistry();
  const parser = createParser(registry);
  return { dist, parse: parser.parse, inputs: makeInputs(registry, INPUTS, SEED), cpu: [] };
}

const dists = process.argv.slice(2);
if (dists.length < 2) {
  process.stderr.write("usage: node dist/bench/parse/compare-builds.bench.js DIST DIST [DIST…]\n");
  process.exit(2);
}
const builds: Build[] = [];
for (const dist of dists) builds.push(await load(dist));
let sink = 0;
for (const build of builds) for (const text of build.inputs) if (build.parse(text).confidence > 0) sink++;
for (let round = 0; round < ROUNDS; round++) {
  const from = (round * SLICE) % INPUTS;
  for (const build of round % 2 ? [...builds].reverse() : builds) {
    const before = process.cpuUsage();
    for (let i = from; i < from + SLICE; i++) if (build.parse(build.inputs[i]).confidence > 0) sink++;
    const used = process.cpuUsage(before);
    build.cpu.push(used.user + used.system);
  }
}
if (sink === 0) throw new Error("sink: nothing parsed");
const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0);
const first = builds[0];
for (const build of builds) {
  const speed = total(first.cpu) / total(build.cpu);
  const paired = median(build.cpu.map((cpu, i) => first.cpu[i] / cpu));
  const perSecond = (ROUNDS * SLICE) / (total(build.cpu) / 1e6);
  process.stdout.write(
    `${build.dist}: ${Math.round(perSecond).toLocaleString("en")} parses/s of CPU; speed vs ${first.dist}: ${speed.toFixed(3)} overall, ${paired.toFixed(3)} median of ${ROUNDS} slices\n`,
  );
}
