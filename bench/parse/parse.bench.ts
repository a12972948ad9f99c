/**
 * Parser throughput on one core: diachiso's parser beside a plain token matcher (the baseline a
 * team would write first: fold the text, look every 1–4-token n-gram up in a map of unit names,
 * keep the last province, a district inside it and a ward inside that). Same inputs for both,
 * and the accuracy of each on the evaluation set, so the speed ratio is read beside what it buys.
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/parse.bench.js
 *
 * Honest by construction: a seeded PRNG so every run parses the same addresses, a warm-up,
 * repeated runs reported as medians (wall clock and this process's CPU time, which a busy
 * machine disturbs less), a sink so no result is optimised away, single-threaded.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import { createParser } from "../../src/parse/index.js";
import { evaluate, metric, readEvalSet } from "../../src/parse/evaluate.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { fold } from "../../src/text/fold.js";
import { loadRegistry, type UnitRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";
import { EVAL_SET_PATH } from "./eval-case.js";
import { makeInputs } from "./inputs.js";
import { median } from "../median.js";

const SEED = 42;
const INPUTS = 20_000;
const RUNS = 7;
/** Passes over the inputs before the timed runs. */
const WARM_UP_PASSES = 3;
/** The throughput goal, addresses a second on one core. */
const GOAL = 50_000;

/** The baseline: n-gram look-ups in a map of folded unit names, then the hierarchy. */
class PlainTokenMatcher {
  private readonly names = new Map<string, Unit[]>();

  constructor(private readonly registry: UnitRegistry) {
    for (const structure of ["old", "new"] as const)
      for (const level of ["province", "district", "ward"] as const) {
        if (structure === "new" && level === "district") continue;
        for (const unit of registry.list(structure, level)) {
          const key = fold(unit.name);
          const list = this.names.get(key);
          if (list) list.push(unit);
          else this.names.set(key, [unit]);
        }
      }
  }

  match(text: string): { province: Unit | null; district: Unit | null; ward: Unit | null } {
    const tokens = fold(text).split(" ");
    const found: Unit[] = [];
    for (let i = 0; i < tokens.length; i++) {
      let key = "";
      for (let len = 1; len <= 4 && i + len <= tokens.length; len++) {
        key = len === 1 ? tokens[i] : `${key} ${tokens[i + len - 1]}`;
        const units = this.names.get(key);
        if (units) for (const u of units) if (u.structure === "old") found.push(u);
      }
    }
    let province: Unit | null = null;
    for (const u of found) if (u.level === "province") province = u;
    const district =
      found.find((u) => u.level === "district" && (!province || u.provinceCode === province.code)) ?? null;
    const ward =
      found.find(
        (u) =>
          u.level === "ward" &&
          (district ? u.districtCode === district.code : !province || u.provinceCode === province.code),
      ) ?? null;
    return {
      province: province ?? (district ? this.registry.get("old", district.provinceCode)! : null),
      district,
      ward,
    };
  }
}

function measure(
  label: string,
  inputs: string[],
  run: (text: string) => unknown,
): { wall: number; cpu: number; cpuMin: number; cpuMax: number } {
  let sink = 0;
  // Warm-up: whole passes until V8 has compiled the parser's code for what the inputs ask of it (a
  // first pass runs at a third of the warm rate, a second at two thirds; docs/benchmarks.md,
  // session 52). Their rates are printed: they are what a fresh process pays (warm-up.bench.ts).
  const warmUp: number[] = [];
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
    const cpu0 = process.cpuUsage();
    for (const text of inputs) if (run(text)) sink++;
    const used = process.cpuUsage(cpu0);
    warmUp.push(inputs.length / ((used.user + used.system) / 1e6));
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const text of inputs) if (run(text)) sink++;
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    wall.push(inputs.length / seconds);
    cpu.push(inputs.length / ((used.user + used.system) / 1e6));
  }
  if (sink === 0) throw new Error("sink: nothing parsed");
  const result = { wall: median(wall), cpu: median(cpu), cpuMin: Math.min(...cpu), cpuMax: Math.max(...cpu) };
  const fmt = (x: number) => Math.round(x).toLocaleString("en");
  process.stdout.write(
    `${label.padEnd(26)} ${fmt(result.wall).padStart(9)} /s wall   ${fmt(result.cpu).padStart(9)} /s cpu   (cpu runs ${fmt(result.cpuMin)}–${fmt(result.cpuMax)}; warm-up passes ${warmUp.map(fmt).join(", ")})\n`,
  );
  return result;
}

function cpuModel(): string {
  try {
    return execFileSync("sh", ["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return os.cpus()[0]?.model ?? "unknown CPU";
  }
}

const registry = loadRegistry();
let t0 = performance.now();
const parser = createParser(registry);
parser.parse("12 Lê Lợi, Q.1, TP.HCM");
const parserBuild = performance.now() - t0;
t0 = performance.now();
const baseline = new PlainTokenMatcher(registry);
const baselineBuild = performance.now() - t0;
const inputs = makeInputs(registry, INPUTS, SEED);

process.stdout.write(
  `Node ${process.version}, ${cpuModel()}, ${os.cpus().length} logical CPUs, load ${os.loadavg()[0].toFixed(1)}\n`,
);
process.stdout.write(
  `${INPUTS.toLocaleString("en")} seeded addresses, ${WARM_UP_PASSES} passes to warm up, ${RUNS} runs, medians; build: parser ${parserBuild.toFixed(0)} ms, baseline ${baselineBuild.toFixed(0)} ms\n\n`,
);
const ours = measure("diachiso parse", inputs, (text) => parser.parse(text));
const peer = measure("plain token matcher", inputs, (text) => baseline.match(text));
process.stdout.write(
  `\nratio (ours / baseline): ${(ours.cpu / peer.cpu).toFixed(2)} by CPU time, ${(ours.wall / peer.wall).toFixed(2)} by wall clock; load after the runs ${os.loadavg()[0].toFixed(1)}\n`,
);
process.stdout.write(
  `goal ≥ ${GOAL.toLocaleString("en")} addresses/s of CPU time on one core: ${ours.cpu >= GOAL ? "met" : "not met"} in this run\n`,
);

// What the speed buys: old-structure accuracy on the evaluation set, same cases for both.
const cases = readEvalSet(EVAL_SET_PATH).filter((c) => c.expect.old);
const asParsed = (text: string): ParsedAddress => {
  const m = baseline.match(text);
  const ref = (u: Unit | null) => (u ? { code: u.code, name: u.name, full_name: u.fullName } : null);
  return {
    input: text,
    parts: {
      house_number: null,
      alley: null,
      street: null,
      hamlet: null,
      building: null,
      unit: null,
      name: null,
      plus_code: null,
    },
    structure: "old",
    old: { province: ref(m.province), district: ref(m.district), ward: ref(m.ward) },
    new: null,
    formatted: { old: null, new: null },
    confidence: 0,
    ambiguous: false,
    undecided: [],
    alternatives: [],
    former: [],
    unplaced: [],
  };
};
const oursEval = evaluate(cases, parser.parse).overall;
const peerEval = evaluate(cases, asParsed).overall;
const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);
process.stdout.write(
  `\nold-structure accuracy on ${cases.length} evaluation cases (province / district / ward):\n`,
);
process.stdout.write(
  `  diachiso parse       ${pct(metric(oursEval, "old.province"))} / ${pct(metric(oursEval, "old.district"))} / ${pct(metric(oursEval, "old.ward"))}\n`,
);
process.stdout.write(
  `  plain token matcher  ${pct(metric(peerEval, "old.province"))} / ${pct(metric(peerEval, "old.district"))} / ${pct(metric(peerEval, "old.ward"))}\n`,
);
