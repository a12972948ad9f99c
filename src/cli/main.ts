#!/usr/bin/env node
/**
 * The `diachiso` command line. Each capability registers its own sub-commands from
 * `src/cli/commands/<capability>.ts`; this file only wires them together and turns
 * errors into one-line messages with a non-zero exit code.
 */
import { Command, CommanderError } from "commander";
import { registerAddressCommands } from "./commands/address.js";
import { registerCodeCommands } from "./commands/code.js";
import { registerIngestCommands } from "./commands/ingest.js";
import { registerParseCommands } from "./commands/parse.js";
import { registerTourCommand } from "./commands/tour.js";
import { registerUnitsCommands } from "./commands/units.js";
import { CliError } from "./output.js";

export function buildProgram(): Command {
  const program = new Command("diachiso")
    .description("Vietnam's national digital address platform: units, codes, records, parsing.")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)");
  // Before the sub-commands exist, so that they inherit it: usage errors throw and exit 2.
  program.exitOverride();
  registerUnitsCommands(program);
  registerCodeCommands(program);
  registerAddressCommands(program);
  registerIngestCommands(program);
  registerParseCommands(program);
  registerTourCommand(program);
  return program;
}

async function main(): Promise<void> {
  // `diachiso units list ... | head` closes our stdout early: that is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (usage errors, --help, --version).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`diachiso: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  }
}

await main();
