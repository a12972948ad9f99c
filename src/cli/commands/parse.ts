/**
 * `diachiso parse`: free-text addresses read through the parsing service, one from the argument or
 * millions from stdin (`--ndjson`, one JSON object per line, in order).
 */
import { StringDecoder } from "node:string_decoder";
import type { Command } from "commander";
import type { ParsedAddress, UnitOut } from "../../parse/types.js";
import { ParsingService } from "../../services/parsing.js";
import { CliError, printJson } from "../output.js";
import { ParsedJsonWriter } from "../parsed-json.js";

/** Lines buffered before one write in batch mode: fewer syscalls for files of millions of lines. */
const BATCH_LINES = 2000;
const LF = 0x0a;
const CR = 0x0d;

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
    if (alt.old)
      parts.push(`old ${label(alt.old.ward)}, ${label(alt.old.district)}, ${label(alt.old.province)}`);
    if (alt.new) parts.push(`new ${label(alt.new.ward ?? null)}, ${label(alt.new.province ?? null)}`);
    out.push(`alternative  [${alt.reason}] ${parts.join(" → ")}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

/**
 * Reads stdin line by line and writes one JSON object per line, in order, with backpressure.
 * Lines end as readline ends them (CRLF, LF or a lone CR; a last line without an ending counts,
 * an empty tail after the final ending does not), so the output is the same line for line.
 * Chunks are split here rather than through readline's per-line events, and each result is
 * written as UTF-8 by the writer of parsed-json.ts: with the parse itself, those were the cost.
 */
async function parseBatch(): Promise<void> {
  const parsing = new ParsingService();
  const writer = new ParsedJsonWriter();
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const flush = async () => {
    if (writer.pending === 0) return;
    if (!process.stdout.write(writer.take()))
      await new Promise((resolve) => process.stdout.once("drain", resolve));
  };
  const emit = (line: string) => writer.write(parsing.parse(line));
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    let text = pending + decoder.write(chunk);
    // A CR at the very end may be the first half of a CRLF split across chunks: keep it.
    let end = text.length;
    if (end > 0 && text.charCodeAt(end - 1) === CR) end--;
    let start = 0;
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      emit(text.slice(start, i));
      if (c === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      start = i + 1;
    }
    pending = text.slice(start);
    text = "";
    if (writer.pending >= BATCH_LINES) await flush();
  }
  pending += decoder.end();
  // What is left is one line, or a lone CR ending the last one.
  if (pending !== "") {
    const last = pending.charCodeAt(pending.length - 1) === CR ? pending.slice(0, -1) : pending;
    emit(last);
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
