import type { Command } from "commander";

/** Registers the `address` commands. (Filled in by the issue that builds this capability.) */
export function registerAddressCommands(_program: Command): void {}
