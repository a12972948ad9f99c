/**
 * A parser's fixed cost: what its first addresses cost in a fresh process, where it builds its
 * indexes, V8 compiles and optimises its code, and its caches of words are empty (as in each
 * worker thread of `parse --ndjson`, each `serve` worker, each import). Each run is a child
 * process that parses the same seeded inputs through `ParsingService` and reports the CPU time of
 * the first parse and of each later slice; several builds are run alternately, run after run.
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/warm-up.bench.js
 * Options: --lines N (default 60000), --runs N (default 3), --build DIST (a build's dist folder;
 * repeat to compare: --build ../base/dist --build dist).
 *
 * Prints, per build, the medians of the runs: the first parse (ms: the parser's build and the
 * first compilation), then µs of CPU a line over each slice up to the line named, and the child's
 * whole CPU time (its start included).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadRegistry } from "../../src/units/registry.js";
import { median } from "../median.js";
import { makeInputs } from "./inputs.js";

const SEED = 42;
/** Where the slices end: the first thousand lines apart, then by thousands, then every 20,000. */
const SLICE_ENDS = [1, 1000, 2000, 4000, 10_000, 20_000, 40_000, 60_000, 80_000, 100_000, 150_000, 200_000];

interface ChildReport {
  /** [last line of the slice, µs of CPU a line over it]; the first slice is the first parse, in ms. */
  slices: [number, number][];
  processMs: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function child(dist: string, inputPath: string, lines: number): Promise<void> {
  const { ParsingService } = await import(pathToFileURL(join(dist, "src/services/parsing.js")).href);
  const texts = readFileSync(inputPath, "utf8").split("\n").slice(0, lines);
  const parsing = new ParsingService();
  let sink = 0;
  let done = 0;
  const slices: [number, number][] = [];
  for (const end of SLICE_ENDS) {
    if (end > texts.length) break;
    const start = cpuMs();
    for (; done < end; done++) sink += parsing.parse(texts[done]).confidence;
    const spent = cpuMs() - start;
    slices.push([end, slices.length === 0 ? spent : (spent * 1000) / (end - (slices.at(-1)?.[0] ?? 0))]);
  }
  if (Number.isNaN(sink)) throw new Error("no parse");
  const report: ChildReport = { slices, processMs: cpuMs() };
  process.stdout.write(JSON.stringify(report));
}

function option(name: string, fallback: string): string[] {
  const values: string[] = [];
  for (let i = 2; i < process.argv.length; i++) if (process.argv[i] === name) values.push(process.argv[i + 1]);
  return values.length > 0 ? values : [fallback];
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    await child(process.argv[3], process.argv[4], Number(process.argv[5]));
    return;
  }
  const lines = Number(option("--lines", "60000")[0]);
  const runs = Number(option("--runs", "3")[0]);
  const builds = option("--build", "dist").map((d) => resolve(d));
  const dir = mkdtempSync(join(os.tmpdir(), "diachiso-warm-up-"));
  const inputPath = join(dir, "lines.txt");
  writeFileSync(inputPath, makeInputs(loadRegistry(), lines, SEED).join("\n"));
  process.stdout.write(
    `parser warm-up: ${lines} lines (seed ${SEED}), ${runs} runs per build, alternately, each in a fresh process; node ${process.version}, ${os.cpus()[0]?.model ?? "?"} ×${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}\n`,
  );
  const reports: ChildReport[][] = builds.map(() => []);
  const self = fileURLToPath(import.meta.url);
  for (let r = 0; r < runs; r++)
    builds.forEach((dist, b) => {
      const run = spawnSync(process.execPath, [self, "--child", dist, inputPath, String(lines)], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`${dist}: the child exited ${run.status}: ${run.stderr}`);
      reports[b].push(JSON.parse(run.stdout) as ChildReport);
    });
  builds.forEach((dist, b) => {
    const slices = reports[b][0].slices.map(([end], k) => {
      const value = median(reports[b].map((report) => report.slices[k][1]));
      return k === 0 ? `first ${value.toFixed(0)} ms` : `${end}: ${value.toFixed(0)}`;
    });
    const processMs = median(reports[b].map((report) => report.processMs));
    process.stdout.write(
      `${dist}\n  ${slices.join(", ")} µs a line; the child's CPU ${(processMs / 1000).toFixed(2)} s\n`,
    );
  });
  process.stdout.write(`load ${os.loadavg()[0].toFixed(1)}\n`);
  rmSync(dir, { recursive: true, force: true });
}

await main();
