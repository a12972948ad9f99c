/**
 * The CLI's capabilities, one module of sub-commands each (src/cli/main.ts wires them together).
 */
import type { Command } from "commander";

export type RegisterCommands = (program: Command) => void;

/**
 * Each capability's module of sub-commands, in the order `--help` lists them, with the top-level
 * commands it registers (index.test.ts checks these names against what each module registers).
 * A command line that names one of them loads that module alone: loading all of them costs more
 * CPU than a short command does (the server's and the demo's modules most), and `parse --ndjson`
 * pays it before its first line.
 */
export const COMMAND_MODULES: readonly {
  commands: readonly string[];
  load: () => Promise<RegisterCommands>;
}[] = [
  { commands: ["units"], load: async () => (await import("./units.js")).registerUnitsCommands },
  { commands: ["code"], load: async () => (await import("./code.js")).registerCodeCommands },
  { commands: ["address"], load: async () => (await import("./address.js")).registerAddressCommands },
  {
    commands: ["generate", "import", "validate", "report"],
    load: async () => (await import("./ingest.js")).registerIngestCommands,
  },
  { commands: ["parse"], load: async () => (await import("./parse.js")).registerParseCommands },
  {
    commands: ["search", "geocode", "reverse", "index"],
    load: async () => (await import("./search.js")).registerSearchCommands,
  },
  { commands: ["serve"], load: async () => (await import("./serve.js")).registerServeCommand },
  { commands: ["demo"], load: async () => (await import("./demo.js")).registerDemoCommand },
  { commands: ["keys", "audit"], load: async () => (await import("./access.js")).registerAccessCommands },
  { commands: ["notify"], load: async () => (await import("./notify.js")).registerNotifyCommand },
  { commands: ["migrate"], load: async () => (await import("./migrate.js")).registerMigrateCommand },
  { commands: ["owner"], load: async () => (await import("./owner.js")).registerOwnerCommands },
  { commands: ["tour"], load: async () => (await import("./tour.js")).registerTourCommand },
];
