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
import { ImportInputError } from "../ingest/import.js";
import { ServiceError } from "../services/errors.js";
import { UnknownUnitError } from "../units/registry.js";
import { COMMAND_MODULES } from "./commands/index.js";
import { CliError } from "./output.js";
import { cliStoreError } from "./store.js";

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

/** The errors of our own capabilities: their messages already name the value and the place. */
function isDomainError(error: unknown): error is Error {
  return (
    error instanceof AddressError ||
    error instanceof CodeError ||
    error instanceof UnknownUnitError ||
    error instanceof ImportInputError
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
function report(error: unknown): void {
  if (error instanceof CommanderError) {
    // Commander already printed its message (usage errors, --help, --version).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  const known = error instanceof ServiceError ? cliServiceError(error) : cliStoreError(error);
  if (known instanceof CliError || isDomainError(known)) {
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
  // Errors raised outside the command's own chain of promises (a stream's "error" event, say).
  const fatal = (error: unknown) => {
    report(error);
    process.exit(process.exitCode);
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
  try {
    await (await buildProgram(process.argv)).parseAsync(process.argv);
  } catch (error) {
    report(error);
  }
}

await main();
