import type { Command } from "commander";

/** Registers the `tour` commands. (Filled in by the issue that builds this capability.) */
export function registerTourCommand(_program: Command): void {}
