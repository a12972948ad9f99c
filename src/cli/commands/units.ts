import type { Command } from "commander";

/** Registers the `units` commands. (Filled in by the issue that builds this capability.) */
export function registerUnitsCommands(_program: Command): void {}
