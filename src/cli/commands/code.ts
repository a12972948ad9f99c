/**
 * `diachiso code encode|decode|check`: the digital address code on the command line. Each
 * subcommand prints text, one JSON document (`--json`), or works as a filter (`--ndjson`): one input
 * per stdin line, one JSON object per output line in the same order, an `"error"` object for a bad
 * line instead of an abort. Batch modes exit 1 when any line failed, so scripts can notice.
 */
import type { Command } from "commander";
import { CodeError, type ParseOptions, type ParsedLocation } from "../../code/index.js";
import { CodeService } from "../../services/codes.js";
import { CliError, parseNumberArg, printJson, printJsonLine, stdinLines } from "../output.js";

interface CodeFlags {
  json?: boolean;
  ndjson?: boolean;
  unit?: string;
  near?: string;
}

/** The JSON shape of an encoded or decoded cell (`unit` only for decode, or encode with --unit). */
function cellJson(location: ParsedLocation, withUnit: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    code: location.code,
    display: location.display,
    lat: location.lat,
    lon: location.lon,
    bounds: location.bounds,
  };
  if (withUnit) out.unit = location.unit;
  if (location.format !== "diachiso") out.format = location.format;
  if (location.postcode !== undefined) out.postcode = location.postcode;
  return out;
}

function parseUnit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const unit = parseNumberArg("--unit", raw);
  if (!Number.isInteger(unit)) throw new CliError(`--unit must be a whole number, got "${raw}"`, 2);
  return unit;
}

function parseNear(raw: string | undefined): ParseOptions {
  if (raw === undefined) return {};
  const parts = raw.split(/[\s,]+/).filter(Boolean);
  if (parts.length !== 2) throw new CliError(`--near must be "LAT,LON", got "${raw}"`, 2);
  return {
    near: {
      lat: parseNumberArg("--near latitude", parts[0]),
      lon: parseNumberArg("--near longitude", parts[1]),
    },
  };
}

/** Turns a code-capability error into a CLI error (exit 1); anything else propagates. */
function asCliError(error: unknown): never {
  if (error instanceof CodeError) throw new CliError(error.message, 1);
  throw error;
}

function errorJson(input: string, error: unknown): Record<string, unknown> {
  if (error instanceof CodeError) return { input, error: error.message, reason: error.reason };
  if (error instanceof CliError) return { input, error: error.message };
  throw error;
}

/** Runs `handle` on every stdin line, printing one JSON line each; exit code 1 if any line failed. */
async function batch(handle: (line: string) => Record<string, unknown>): Promise<void> {
  let failed = false;
  for await (const line of stdinLines()) {
    let out: Record<string, unknown>;
    try {
      out = handle(line);
    } catch (error) {
      out = errorJson(line, error);
    }
    if ("error" in out) failed = true;
    printJsonLine(out);
  }
  if (failed) process.exitCode = 1;
}

function printText(location: ParsedLocation, withUnit: boolean): void {
  const b = location.bounds;
  const lines = [
    location.display,
    `  centre  ${location.lat.toFixed(7)}, ${location.lon.toFixed(7)}`,
    `  bounds  ${b.south.toFixed(7)}, ${b.west.toFixed(7)} – ${b.north.toFixed(7)}, ${b.east.toFixed(7)}`,
  ];
  if (withUnit && location.unit !== null) lines.push(`  unit    ${location.unit}`);
  if (location.format !== "diachiso") lines.push(`  format  ${location.format}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

export function registerCodeCommands(program: Command): void {
  const code = program
    .command("code")
    .description("Digital address codes (mã địa chỉ số): encode a point, decode or check a code");
  const codes = new CodeService();

  code
    .command("encode")
    .description("Encode a point to its code: diachiso code encode <lat> <lon> [--unit N]")
    .argument("[lat]", "latitude, degrees north (5–25)")
    .argument("[lon]", "longitude, degrees east (102–118)")
    .option("--unit <n>", "unit number within the cell (1–159999), appended as a checked suffix")
    .option("--json", "print one JSON object")
    .option("--ndjson", 'batch: read "lat lon [unit]" per stdin line, write one JSON object per line')
    .action(async (latRaw: string | undefined, lonRaw: string | undefined, flags: CodeFlags) => {
      if (flags.ndjson) {
        await batch((line) => {
          const parts = line
            .trim()
            .split(/[\s,;]+/)
            .filter(Boolean);
          if (parts.length < 2 || parts.length > 3)
            throw new CliError(`expected "lat lon [unit]", got "${line}"`);
          const unit = parts[2] === undefined ? undefined : parseUnit(parts[2]);
          const location = codes.encode(parseNumberArg("lat", parts[0]), parseNumberArg("lon", parts[1]), unit);
          return cellJson(location, unit !== undefined);
        });
        return;
      }
      if (latRaw === undefined || lonRaw === undefined)
        throw new CliError("code encode needs <lat> <lon>", 2);
      const unit = parseUnit(flags.unit);
      let location: ParsedLocation;
      try {
        location = codes.encode(parseNumberArg("lat", latRaw), parseNumberArg("lon", lonRaw), unit);
      } catch (error) {
        asCliError(error);
      }
      if (flags.json) printJson(cellJson(location, unit !== undefined));
      else printText(location, unit !== undefined);
    });

  code
    .command("decode")
    .description("Decode a code (ours, a Plus Code, or a Vpostcode-style postcode + Plus Code) to its cell")
    .argument("[code...]", "the code; spaces and hyphens are ignored")
    .option("--near <lat,lon>", "reference point for short Plus Codes")
    .option("--json", "print one JSON object")
    .option("--ndjson", "batch: read one code per stdin line, write one JSON object per line")
    .action(async (words: string[], flags: CodeFlags) => {
      const options = parseNear(flags.near);
      if (flags.ndjson) {
        await batch((line) => cellJson(codes.decode(line, options), true));
        return;
      }
      if (words.length === 0) throw new CliError("code decode needs <code>", 2);
      let location: ParsedLocation;
      try {
        location = codes.decode(words.join(" "), options);
      } catch (error) {
        asCliError(error);
      }
      if (flags.json) printJson(cellJson(location, true));
      else printText(location, true);
    });

  code
    .command("check")
    .description("Check a code; exit 0 when valid, 1 otherwise with suggestions one edit away")
    .argument("[code...]", "the code; spaces and hyphens are ignored")
    .option("--near <lat,lon>", "reference point for short Plus Codes")
    .option("--json", "print one JSON object")
    .option("--ndjson", "batch: read one code per stdin line, write one JSON object per line")
    .action(async (words: string[], flags: CodeFlags) => {
      const options = parseNear(flags.near);
      if (flags.ndjson) {
        await batch((line) => {
          const out = codes.check(line, options);
          return out.valid ? { input: line, ...out } : { input: line, ...out, error: out.message };
        });
        return;
      }
      if (words.length === 0) throw new CliError("code check needs <code>", 2);
      const input = words.join(" ");
      const out = codes.check(input, options);
      if (!out.valid) process.exitCode = 1;
      if (flags.json) {
        printJson(out);
      } else if (out.valid) {
        process.stdout.write(`valid: ${out.display}\n`);
      } else {
        process.stdout.write(`invalid: ${out.message}\n`);
        if (out.suggestions.length > 0)
          process.stdout.write(`did you mean (có phải): ${out.suggestions.join(", ")}\n`);
      }
    });
}
