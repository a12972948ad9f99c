import { basename } from "node:path";

/**
 * The value after `--name` on the command line, else `fallback`; without either, one line naming
 * the benchmark and the flag, and exit 2 (flags are read as a benchmark's module loads).
 */
export function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  if (fallback === undefined) {
    process.stderr.write(`${basename(process.argv[1] ?? "bench", ".js")}: --${name} is required\n`);
    process.exit(2);
  }
  return fallback;
}

/**
 * Runs a benchmark's main: a failure (a missing flag, a store that is not there) is one line
 * naming the benchmark, and exit 1, not a stack trace.
 */
export async function runBench(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
