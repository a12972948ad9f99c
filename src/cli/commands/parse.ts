/**
 * `diachiso parse`: free-text addresses read through the parsing service, one from the argument or
 * millions from stdin (`--ndjson`, one JSON object per line, in order).
 */
import type { Command } from "commander";
import type { ParsedAddress, UnitOut } from "../../parse/types.js";
import { ParsingService } from "../../services/parsing.js";
import { CliError, printJson } from "../output.js";

/** Lines buffered before one write in batch mode: fewer syscalls for files of millions of lines. */
const BATCH_LINES = 2000;

function label(unit: UnitOut | null): string {
  return unit ? `${unit.full_name} (${unit.code})` : "—";
}

function printHuman(result: ParsedAddress): void {
  const out: string[] = [];
  for (const [key, value] of Object.entries(result.parts))
    if (value !== null) out.push(`${key.padEnd(13)}${value}`);
  if (result.old)
    out.push(
      `old          ${label(result.old.ward)}, ${label(result.old.district)}, ${label(result.old.province)}`,
    );
  if (result.new) out.push(`new          ${label(result.new.ward)}, ${label(result.new.province)}`);
  out.push(`formatted    old: ${result.formatted.old ?? "—"}`);
  out.push(`             new: ${result.formatted.new ?? "—"}`);
  out.push(
    `confidence   ${result.confidence}${result.ambiguous ? " (ambiguous)" : ""}  structure: ${result.structure ?? "—"}`,
  );
  for (const alt of result.alternatives) {
    // Both structures when the alternative has them: a split old ward is one line per new commune.
    const parts: string[] = [];
    if (alt.old) parts.push(`old ${label(alt.old.ward)}, ${label(alt.old.district)}, ${label(alt.old.province)}`);
    if (alt.new) parts.push(`new ${label(alt.new.ward ?? null)}, ${label(alt.new.province ?? null)}`);
    out.push(`alternative  [${alt.reason}] ${parts.join(" → ")}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

/** Reads stdin line by line and writes one JSON object per line, in order, with backpressure. */
async function parseBatch(): Promise<void> {
  const parsing = new ParsingService();
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let buffer: string[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = `${buffer.join("\n")}\n`;
    buffer = [];
    if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once("drain", resolve));
  };
  for await (const line of rl) {
    buffer.push(JSON.stringify(parsing.parse(line)));
    if (buffer.length >= BATCH_LINES) await flush();
  }
  await flush();
}

export function registerParseCommands(program: Command): void {
  program
    .command("parse")
    .description("parse a free-text Vietnamese address into parts and units of both structures")
    .argument("[text]", "the address (omit with --ndjson to read one address per line from stdin)")
    .option("--json", "machine-readable output (one JSON document)")
    .option("--ndjson", "batch mode: one address per stdin line, one JSON object per output line, same order")
    .addHelpText(
      "after",
      '\nExamples:\n  diachiso parse "12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM"\n  diachiso parse --ndjson < addresses.txt > parsed.ndjson',
    )
    .action(async (text: string | undefined, opts: { json?: boolean; ndjson?: boolean }) => {
      if (opts.ndjson) {
        if (text !== undefined)
          throw new CliError("--ndjson reads addresses from stdin; do not pass <text> as well", 2);
        return parseBatch();
      }
      if (text === undefined || text.trim() === "")
        throw new CliError(
          'give an address to parse, e.g. diachiso parse "12 Lê Lợi, Q1, TPHCM" (or use --ndjson)',
          2,
        );
      const result = new ParsingService().parse(text);
      if (opts.json) return printJson(result);
      printHuman(result);
    });
}
