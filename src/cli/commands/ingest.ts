import type { Command } from "commander";

/** Registers the `ingest` commands. (Filled in by the issue that builds this capability.) */
export function registerIngestCommands(_program: Command): void {}
