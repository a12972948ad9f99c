/**
 * Shared CLI plumbing: every command prints either human text or, with `--json`, exactly one
 * JSON document on stdout, and reports failures as one line on stderr naming the bad input.
 */

/** A failure caused by the user's input. `exitCode` 1 = not found / invalid, 2 = usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Prints a value as pretty JSON (for `--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints one compact JSON line (for `--ndjson` batch modes). */
export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Parses a decimal number argument or throws a CliError naming the argument. */
export function parseNumberArg(name: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) {
    throw new CliError(`${name} must be a number, got "${raw}"`, 2);
  }
  return value;
}

/** Parses a whole-number argument within [min, max] or throws a usage CliError naming the argument. */
export function parseWholeNumberArg(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = parseNumberArg(name, raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new CliError(`${name} must be a whole number ${range}, got "${raw}"`, 2);
  }
  return value;
}

/** Reads stdin line by line (for `--ndjson` batch modes), without holding the whole input. */
export async function* stdinLines(): AsyncGenerator<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}
