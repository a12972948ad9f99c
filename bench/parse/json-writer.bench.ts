/**
 * CPU per line of `parse --ndjson`'s JSON output alone: the same parsed results written by
 * `JSON.stringify` (+ join + UTF-8) and by `ParsedJsonWriter`, and optionally by the writer of
 * another build (`--writer BUILD/dist/src/cli/parsed-json.js`), in alternating rounds in one
 * process. The results are parsed once, outside the timing, from the seeded inputs the other parse
 * benches use.
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/json-writer.bench.js
 * Options: --lines N (default 20000), --rounds N (default 7), --writer PATH (repeatable).
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ParsedJsonWriter } from "../../src/cli/parsed-json.js";
import { createParser } from "../../src/parse/index.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { loadRegistry } from "../../src/units/registry.js";
import { median } from "../median.js";
import { makeInputs } from "./inputs.js";

const SEED = 42;
/** Lines per take(), as the command writes them. */
const BATCH_LINES = 2000;

function option(name: string): string[] {
  const values: string[] = [];
  for (let i = 2; i < process.argv.length; i++)
    if (process.argv[i] === name) values.push(process.argv[i + 1]);
  return values;
}
const lines = Number(option("--lines")[0] ?? 20_000);
const rounds = Number(option("--rounds")[0] ?? 7);

interface Writer {
  write(r: ParsedAddress): void;
  take(): Buffer;
}
type Encode = (results: readonly ParsedAddress[]) => Buffer[];

const viaWriter =
  (writer: Writer): Encode =>
  (results) => {
    const out: Buffer[] = [];
    for (let i = 0; i < results.length; i++) {
      writer.write(results[i]);
      if ((i + 1) % BATCH_LINES === 0) out.push(writer.take());
    }
    out.push(writer.take());
    return out;
  };
const viaStringify: Encode = (results) => {
  const out: Buffer[] = [];
  for (let i = 0; i < results.length; i += BATCH_LINES)
    out.push(
      Buffer.from(
        results
          .slice(i, i + BATCH_LINES)
          .map((r) => `${JSON.stringify(r)}\n`)
          .join(""),
        "utf8",
      ),
    );
  return out;
};

const encoders: { label: string; encode: Encode }[] = [
  { label: "JSON.stringify + join + Buffer.from", encode: viaStringify },
  { label: "ParsedJsonWriter (this build)", encode: viaWriter(new ParsedJsonWriter()) },
];
for (const path of option("--writer")) {
  const module = (await import(pathToFileURL(resolve(path)).href)) as { ParsedJsonWriter: new () => Writer };
  encoders.push({ label: `ParsedJsonWriter (${path})`, encode: viaWriter(new module.ParsedJsonWriter()) });
}

const parse = createParser().parse;
const results = makeInputs(loadRegistry(), lines, SEED).map((text) => parse(text));
const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

process.stdout.write(
  `JSON lines of ${lines} parsed results, ${rounds} rounds, alternately; node ${process.version}, ${os.cpus()[0]?.model ?? "?"} ×${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}\n`,
);
const perLine: number[][] = encoders.map(() => []);
const digests = encoders.map(() => "");
let sink = 0;
for (let round = -1; round < rounds; round++)
  encoders.forEach(({ encode }, k) => {
    const start = cpuMicros();
    const buffers = encode(results);
    const micros = cpuMicros() - start;
    sink += buffers.length;
    if (round < 0) {
      // Warm-up round: not timed; the bytes of every encoder must agree.
      const hash = createHash("sha256");
      for (const b of buffers) hash.update(b);
      digests[k] = hash.digest("hex");
    } else perLine[k].push(micros / lines);
  });
encoders.forEach(({ label }, k) => {
  process.stdout.write(
    `${label}\n  median ${median(perLine[k]).toFixed(2)} µs of CPU a line, least ${Math.min(...perLine[k]).toFixed(2)} (rounds ${perLine[k].map((m) => m.toFixed(2)).join(", ")})  sha256 ${digests[k].slice(0, 12)}\n`,
  );
});
if (new Set(digests).size > 1) process.stdout.write("OUTPUTS DIFFER\n");
if (sink === 0) process.stdout.write("(nothing written)\n");
