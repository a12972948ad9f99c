/**
 * Unit registry benchmark: artefact load time, and name lookups per second for clean and messy
 * names, beside a naive peer (a linear scan comparing folded full names) on the same queries.
 * Times are CPU time of this process (process.cpuUsage), which other work on a shared 2-core
 * machine disturbs far less than wall-clock time; wall time is printed beside the load figure.
 *
 * Run: npm run build && node dist/bench/units/lookup.bench.js
 * Results: docs/benchmarks.md, section "Unit registry".
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Random } from "../../src/common/random.js";
import { fold } from "../../src/text/fold.js";
import { loadRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";

const SEED = 20250701;
const QUERIES = 4_000;
const RUNS = 7;


const ABBREVIATION: Record<string, string[]> = {
  "Thành phố": ["TP.", "Tp ", "T.P "],
  Tỉnh: ["T.", "tinh "],
  Quận: ["Q.", "Q", "quan "],
  Huyện: ["H.", "huyen "],
  "Thị xã": ["TX.", "tx "],
  "Thị trấn": ["TT.", "tt "],
  Phường: ["P.", "F", "phuong "],
  Xã: ["X.", "xa "],
  "Đặc khu": ["đặc khu "],
};

/** A messy spelling: no diacritics or NFD, abbreviated type, odd case and spacing, sometimes a typo. */
function messy(unit: Unit, random: Random): string {
  const abbreviations = ABBREVIATION[unit.type];
  let name = random.next() < 0.6 ? fold(unit.name) : unit.name.normalize("NFD");
  if (random.next() < 0.25 && name.length > 6) {
    const i = 1 + Math.floor(random.next() * (name.length - 2));
    name = name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2); // adjacent swap
  }
  const prefix = abbreviations[Math.floor(random.next() * abbreviations.length)];
  const text = `${prefix}${name}`;
  return random.next() < 0.3 ? `  ${text.toUpperCase()} ` : text;
}

/** The naive peer: a linear scan over every unit comparing folded full names and bare names. */
function naiveLookup(units: { unit: Unit; full: string; bare: string }[], text: string): Unit[] {
  const q = fold(text);
  const out: Unit[] = [];
  for (const u of units) if (u.full === q || u.bare === q) out.push(u.unit);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(label: string, queries: string[], targets: Unit[], find: (q: string) => Unit[]): { opsPerSec: number; hit: number } {
  let hits = 0;
  for (let i = 0; i < queries.length; i++) if (find(queries[i]).includes(targets[i])) hits++; // warm-up + accuracy
  const rates: number[] = [];
  let sink = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = process.cpuUsage();
    for (const q of queries) sink += find(q).length;
    const used = process.cpuUsage(start);
    const seconds = (used.user + used.system) / 1e6;
    rates.push(queries.length / seconds);
  }
  if (sink < 0) console.log(sink);
  const opsPerSec = median(rates);
  console.log(`${label.padEnd(34)} ${Math.round(opsPerSec).toLocaleString("en").padStart(12)} lookups/s (CPU)  found ${((100 * hits) / queries.length).toFixed(1)} %`);
  return { opsPerSec, hit: hits / queries.length };
}

function loadTimes(): { cpu: number[]; wall: number[] } {
  // Each load in a fresh process: the figure a CLI call or a server start pays.
  const script = `import { loadRegistry } from ${JSON.stringify(new URL("../../src/units/registry.js", import.meta.url).href)};
const c = process.cpuUsage(); const t = performance.now(); loadRegistry();
const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([(u.user + u.system) / 1000, performance.now() - t]));`;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < 11; i++) {
    const [c, w] = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as number[];
    cpu.push(c);
    wall.push(w);
  }
  return { cpu, wall };
}

const loads = loadTimes();
console.log(
  `registry load (fresh process, 11 runs): median ${median(loads.cpu).toFixed(1)} ms CPU, ${median(loads.wall).toFixed(1)} ms wall`,
);

const registry = loadRegistry();
const random = new Random(SEED);
const units = (["old", "new"] as const).flatMap((s) =>
  (["province", "district", "ward"] as const).flatMap((level) => registry.list(s, level)),
);
const targets = Array.from({ length: QUERIES }, () => units[Math.floor(random.next() * units.length)]);
const clean = targets.map((u) => u.fullName);
const dirty = targets.map((u) => messy(u, random));
const scan = units.map((unit) => ({ unit, full: fold(unit.fullName), bare: fold(unit.name) }));
// First lookup builds the name index; time it separately from the steady state.
const c0 = process.cpuUsage();
registry.lookup("Bến Nghé");
const c1 = process.cpuUsage(c0);
console.log(`name index build (first lookup): ${((c1.user + c1.system) / 1000).toFixed(1)} ms CPU`);

const ours = (q: string) => registry.lookup(q, { limit: 50 }).map((c) => c.unit);
const peer = (q: string) => naiveLookup(scan, q);
const a = measure("diachiso lookup, clean names", clean, targets, ours);
const b = measure("naive linear scan, clean names", clean, targets, peer);
const c = measure("diachiso lookup, messy names", dirty, targets, ours);
const d = measure("naive linear scan, messy names", dirty, targets, peer);
console.log(`ratio clean: ${(a.opsPerSec / b.opsPerSec).toFixed(1)}× faster; messy: ${(c.opsPerSec / d.opsPerSec).toFixed(1)}× faster`);
console.log(`node ${process.version}, ${fileURLToPath(import.meta.url).split("/").slice(-3).join("/")}, seed ${SEED}, ${QUERIES} queries × ${RUNS} runs`);
