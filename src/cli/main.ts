#!/usr/bin/env node
/**
 * The `diachiso` command line. Each capability registers its own sub-commands from
 * `src/cli/commands/<capability>.ts`; this file only wires them together and turns every error
 * into ONE line on stderr: exit 2 for bad usage, 1 for bad input and for anything unexpected
 * (whose stack trace is printed only when $DIACHISO_DEBUG is set).
 */
import { Command, CommanderError } from "commander";
import { CodeError } from "../code/errors.js";
import { AddressError } from "../domain/errors.js";
import { ServiceError } from "../services/errors.js";
import { COMMAND_MODULES } from "./commands/index.js";
import { CliError } from "./output.js";

/** Set (to anything) to get the stack trace of an unexpected error after its one-line message. */
const DEBUG_ENV = "DIACHISO_DEBUG";

/**
 * The program for a command line (`process.argv` form). When its first word is a command, only
 * the module that registers it is loaded; anything else (no command, an option such as `--help`,
 * a misspelt command that deserves its "did you mean") gets every command.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command("diachiso")
    .description("Vietnam's national digital address platform: units, codes, records, parsing.")
    .version("0.1.0");
  // Before the sub-commands exist, so that they inherit it: usage errors throw and exit 2.
  program.exitOverride();
  const first = argv[2];
  const named = COMMAND_MODULES.find((m) => first !== undefined && m.commands.includes(first));
  for (const capability of named ? [named] : COMMAND_MODULES) (await capability.load())(program);
  oneLineUsageErrors(program);
  return program;
}

/**
 * Commander writes "error: unknown option '--x'" and, on its own line, a "Did you mean" hint; every
 * command here writes instead one line that names the command and where to read its usage.
 */
function oneLineUsageErrors(command: Command): void {
  const path: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) path.unshift(c.name());
  const name = path.join(" ");
  command.configureOutput({
    outputError: (text, write) =>
      write(
        `${name}: ${text
          .trim()
          .replace(/^error: /, "")
          .replace(/\s*\n\s*/g, " ")} (see ${name} --help)\n`,
      ),
  });
  for (const sub of command.commands) oneLineUsageErrors(sub);
}

/** Line breaks inside a message (a value the user typed, a library's text) written as `\n`. */
function oneLine(text: string): string {
  return text.replace(/\r/g, "\\r").replace(/\n/g, "\\n");
}

/**
 * The error classes of the capabilities that are modules of some weight: the importer's, the
 * registry's, and the store's (cli/store.ts, which loads both backends). They are loaded when an
 * error is reported, not at start: `parse --ndjson` opens no store and, on worker threads, reads no
 * registry on this thread, and loading them cost its start about a quarter of a second of CPU before
 * the workers began (docs/benchmarks.md). An error one of them threw means its module is loaded already.
 */
async function capabilityErrors() {
  const [{ ImportInputError }, { UnknownUnitError }, { cliStoreError }] = await Promise.all([
    import("../ingest/import.js"),
    import("../units/registry.js"),
    import("./store.js"),
  ]);
  return { ImportInputError, UnknownUnitError, cliStoreError };
}

/** The errors of our own capabilities: their messages already name the value and the place. */
function isDomainError(error: unknown, kinds: Awaited<ReturnType<typeof capabilityErrors>> | null): error is Error {
  return (
    error instanceof AddressError ||
    error instanceof CodeError ||
    (kinds !== null && (error instanceof kinds.UnknownUnitError || error instanceof kinds.ImportInputError))
  );
}

/**
 * A service's refusal as a CliError: exit 2 for a malformed request, 1 for the rest; a message about
 * one field of the request names it as the option a user typed (`within` → `--within: …`).
 */
function cliServiceError(error: ServiceError): CliError {
  const option =
    error.field === undefined ? "" : `--${error.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: `;
  return new CliError(`${option}${error.message}`, error.kind === "bad-request" ? 2 : 1);
}

/** Prints `error` as one line and sets the exit code. */
async function report(error: unknown): Promise<void> {
  if (error instanceof CommanderError) {
    // Commander already printed its message (usage errors, --help, --version).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  // A module that cannot load (a native module not built) must not turn the report into a stack
  // trace: the error is then reported as it is, in one line.
  const kinds = await capabilityErrors().catch(() => null);
  const known =
    error instanceof ServiceError ? cliServiceError(error) : kinds ? kinds.cliStoreError(error) : error;
  if (known instanceof CliError || isDomainError(known, kinds)) {
    process.stderr.write(`diachiso: ${oneLine(known.message)}\n`);
    process.exitCode = known instanceof CliError ? known.exitCode : 1;
    return;
  }
  const what = known instanceof Error ? `${known.name}: ${known.message}` : String(known);
  const debug = Boolean(process.env[DEBUG_ENV]);
  process.stderr.write(
    `diachiso: unexpected error: ${oneLine(what)}${debug ? "" : ` (set ${DEBUG_ENV}=1 for the stack trace)`}\n`,
  );
  if (debug && known instanceof Error && known.stack) process.stderr.write(`${known.stack}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  // `diachiso units list ... | head` closes our stdout early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  // Errors raised outside the command's own chain of promises (a stream's "error" event, say):
  // the first is reported (one line), then the process ends.
  let ending = false;
  const fatal = (error: unknown) => {
    if (ending) return;
    ending = true;
    void report(error).finally(() => process.exit(process.exitCode));
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
  try {
    await (await buildProgram(process.argv)).parseAsync(process.argv);
  } catch (error) {
    await report(error);
  }
}

await main();
