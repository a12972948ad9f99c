/**
 * Throughput of the real batch command, `diachiso parse --ndjson < lines.txt > out.ndjson`: the
 * built CLI in a child process, stdin from a file, stdout to a file, so line reading, parsing, JSON
 * output and the writes to disk are all in the figure (and the registry load of the start).
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/cli-ndjson.bench.js
 * Options: --lines N (default 200000), --runs N (default 5), --cli "PATH [ARGS]" (a build's
 * dist/src/cli/main.js and extra arguments of the command; repeat to time several alternately:
 * --cli "../base/dist/src/cli/main.js" --cli "dist/src/cli/main.js --workers 0").
 *
 * Honest by construction: the input is made by the seeded generator the library bench uses (same
 * file every run and machine), every build is timed alternately run after run (a busy machine
 * slows both alike), medians of wall clock and of the child's CPU time are printed, and the
 * outputs of all builds are compared byte for byte (a faster build that prints something else is
 * reported, not timed as a win).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { loadRegistry } from "../../src/units/registry.js";
import { makeInputs } from "./inputs.js";
import { median } from "../median.js";

const SEED = 42;
/** The goal for the batch command, lines a second. */
const GOAL = 40_000;

function option(name: string, fallback: string): string[] {
  const values: string[] = [];
  for (let i = 2; i < process.argv.length; i++)
    if (process.argv[i] === name) values.push(process.argv[i + 1]);
  return values.length > 0 ? values : [fallback];
}

const lines = Number(option("--lines", "200000")[0]);
const runs = Number(option("--runs", "5")[0]);
const clis = option("--cli", "dist/src/cli/main.js").map((spec) => {
  const [path, ...args] = spec.split(" ").filter(Boolean);
  return { path: resolve(path), args, label: [resolve(path), ...args].join(" ") };
});

const dir = mkdtempSync(join(os.tmpdir(), "diachiso-ndjson-"));
const inputPath = join(dir, "lines.txt");
writeFileSync(inputPath, `${makeInputs(loadRegistry(), lines, SEED).join("\n")}\n`);

interface Timing {
  wall: number[];
  cpu: number[];
  digest: string | null;
}
const timings: Timing[] = clis.map(() => ({ wall: [], cpu: [], digest: null }));

/** One run of one build: wall seconds, the child's CPU seconds and the digest of its output. */
function runOnce(cli: { path: string; args: string[]; label: string }): {
  wall: number;
  cpu: number;
  digest: string;
} {
  const outputPath = join(dir, "out.ndjson");
  const stdin = openSync(inputPath, "r");
  const stdout = openSync(outputPath, "w");
  const start = process.hrtime.bigint();
  // `/usr/bin/time`-free CPU figure: the children's rusage is read through a shell `times`.
  const child = spawnSync(
    "sh",
    [
      "-c",
      `${JSON.stringify(process.execPath)} ${JSON.stringify(cli.path)} parse --ndjson ${cli.args.map((a) => JSON.stringify(a)).join(" ")}; times >&2`,
    ],
    {
      stdio: [stdin, stdout, "pipe"],
    },
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(stdin);
  closeSync(stdout);
  if (child.status !== 0) throw new Error(`${cli.label} exited ${child.status}: ${child.stderr.toString()}`);
  // `times` prints two lines: the shell's user/sys, then its children's user/sys ("0m1.234s 0m0.100s").
  const childLine = child.stderr.toString().trim().split("\n").at(-1) ?? "";
  const cpu = [...childLine.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (s, m) => s + Number(m[1]) * 60 + Number(m[2]),
    0,
  );
  const digest = createHash("sha256").update(readFileSync(outputPath)).digest("hex");
  return { wall, cpu, digest };
}

process.stdout.write(
  `diachiso parse --ndjson: ${lines} lines (seed ${SEED}), ${runs} runs per build, alternately; node ${process.version}, ${os.cpus()[0]?.model ?? "?"} ×${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}\n`,
);
runOnce(clis[0]); // warm-up: file caches, the registry file
for (let r = 0; r < runs; r++)
  clis.forEach((cli, k) => {
    const { wall, cpu, digest } = runOnce(cli);
    const t = timings[k];
    t.wall.push(wall);
    t.cpu.push(cpu);
    if (t.digest !== null && t.digest !== digest)
      throw new Error(`${cli.label}: output differs between runs`);
    t.digest = digest;
  });

clis.forEach((cli, k) => {
  const t = timings[k];
  const wall = median(t.wall);
  const cpu = median(t.cpu);
  process.stdout.write(
    `${cli.label}\n  median ${Math.round(lines / wall).toLocaleString("en")} lines/s wall (${wall.toFixed(2)} s; runs ${t.wall.map((w) => Math.round(lines / w)).join(", ")}), ${Math.round(lines / cpu).toLocaleString("en")} lines/s CPU (${cpu.toFixed(2)} s)  goal ≥ ${GOAL.toLocaleString("en")}: ${lines / wall >= GOAL ? "met" : "not met"}\n  output sha256 ${t.digest}\n`,
  );
});
if (new Set(timings.map((t) => t.digest)).size > 1)
  process.stdout.write("OUTPUTS DIFFER between the builds\n");
rmSync(dir, { recursive: true, force: true });
