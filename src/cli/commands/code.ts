import type { Command } from "commander";

/** Registers the `code` commands. (Filled in by the issue that builds this capability.) */
export function registerCodeCommands(_program: Command): void {}
