import type { Command } from "commander";

/** Registers the `parse` commands. (Filled in by the issue that builds this capability.) */
export function registerParseCommands(_program: Command): void {}
