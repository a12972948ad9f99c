/**
 * `diachiso parse`: free-text addresses read through the parsing service, one from the argument or
 * millions from stdin (`--ndjson`, one JSON object per line, in order).
 */
import { fstatSync } from "node:fs";
import type { Command } from "commander";
import type { ParsedAddress, UnitOut } from "../../parse/types.js";
import type { ParsingService } from "../../services/parsing.js";
import { CliError, parseWholeNumberArg, printJson, stdinLineBatches } from "../output.js";
import { defaultParseWorkers, type ParsedBatch, ParsePool } from "../parse-pool.js";
import { ParsedJsonWriter } from "../parsed-json.js";

/** Lines per batch in batch mode: one write each, and the unit of work sent to a worker. */
const BATCH_LINES = 2000;
/** Most workers `--workers` accepts. */
const MAX_WORKERS = 64;

/**
 * A parsing service, its module loaded on first need: with worker threads the main thread of
 * `--ndjson` parses nothing (unless the input is one batch), and the parser's modules would only
 * delay the workers' start.
 */
async function newParsingService(): Promise<ParsingService> {
  return new (await import("../../services/parsing.js")).ParsingService();
}

/** The size of stdin when it is a regular file (`< FILE`), else null (a pipe, a terminal). */
function stdinFileBytes(): number | null {
  try {
    const stat = fstatSync(0);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

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
  for (const u of result.unplaced) {
    const elsewhere = u.elsewhere.map((e) => `${label(e.unit)}, ${e.province.full_name}`).join("; ");
    const reading =
      u.reason === "near-spelling" ? "read as a near spelling" : u.reason === "part-read" ? "read in part" : "left empty";
    out.push(`unplaced     "${u.written}": none in ${u.province.full_name}, ${reading} (elsewhere: ${elsewhere})`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

/**
 * Reads stdin line by line and writes one JSON object per line, in order, with backpressure. With
 * `workers` > 0 and more than one batch of input, the batches are parsed by that many worker
 * threads (parse-pool.ts), at most two batches per worker in flight; a single batch (a short
 * input) is parsed here, which spares starting the workers.
 */
async function parseBatch(workers: number): Promise<void> {
  const write = async (bytes: Buffer) => {
    if (bytes.length > 0 && !process.stdout.write(bytes))
      await new Promise((resolve) => process.stdout.once("drain", resolve));
  };
  // Addresses the parser threw on are written as such and the batch goes on; they are counted by
  // their line, and the command ends non-zero naming the first.
  const failed: { count: number; first: { line: number; message: string } | null } = { count: 0, first: null };
  let linesRead = 0;
  const answer = async ({ bytes, failures }: ParsedBatch, firstLine: number) => {
    await write(bytes);
    failed.count += failures.length;
    if (failed.first === null && failures.length > 0)
      failed.first = { line: firstLine + failures[0].index, message: failures[0].message };
  };
  let local: { parse: (text: string) => ParsedAddress; writer: ParsedJsonWriter } | null = null;
  const parseHere = async (lines: string[]): Promise<ParsedBatch> => {
    if (local === null) {
      const parsing = await newParsingService();
      local = { parse: (text) => parsing.parse(text), writer: new ParsedJsonWriter() };
    }
    const failures = local.writer.writeParsed(local.parse, lines);
    return { bytes: local.writer.take(), failures };
  };
  let pool: ParsePool | null = null;
  const inFlight: { batch: Promise<ParsedBatch>; firstLine: number }[] = [];
  let held: { lines: string[]; firstLine: number } | null = null;
  // A bad line ends the reading, but the lines before it, held or in flight, are answered first.
  let stopped: { error: unknown } | null = null;
  try {
    try {
      for await (const batch of stdinLineBatches(BATCH_LINES)) {
        const firstLine = linesRead + 1;
        linesRead += batch.length;
        if (workers === 0) {
          await answer(await parseHere(batch), firstLine);
          continue;
        }
        if (pool === null && held === null) {
          held = { lines: batch, firstLine };
          continue;
        }
        pool ??= new ParsePool(workers);
        if (held !== null) {
          inFlight.push({ batch: pool.parse(held.lines), firstLine: held.firstLine });
          held = null;
        }
        inFlight.push({ batch: pool.parse(batch), firstLine });
        while (inFlight.length >= 2 * pool.size) {
          const next = inFlight.shift()!;
          await answer(await next.batch, next.firstLine);
        }
      }
    } catch (error) {
      stopped = { error };
    }
    if (held !== null) await answer(await parseHere(held.lines), held.firstLine);
    while (inFlight.length > 0) {
      const next = inFlight.shift()!;
      await answer(await next.batch, next.firstLine);
    }
    if (stopped !== null) throw stopped.error;
  } finally {
    await pool?.close();
  }
  const first = failed.first;
  if (first !== null)
    throw new CliError(
      `stdin, line ${first.line}: the parser failed on this address (${first.message}); ${failed.count === 1 ? "it was" : `${failed.count} addresses were`} written with an "error" field, every other line answered`,
    );
}

export function registerParseCommands(program: Command): void {
  program
    .command("parse")
    .description("parse a free-text Vietnamese address into parts and units of both structures")
    .argument("[text]", "the address (omit with --ndjson to read one address per line from stdin)")
    .option("--json", "machine-readable output (one JSON document)")
    .option("--ndjson", "batch mode: one address per stdin line, one JSON object per output line, same order")
    .option(
      "--workers <n>",
      "with --ndjson: worker threads that parse (0 = on the main thread; default: none on one core or for a file under 8 MiB, 2 on two cores, else one per core but one, at most 4)",
    )
    .addHelpText(
      "after",
      '\nExamples:\n  diachiso parse "12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM"\n  diachiso parse --ndjson < addresses.txt > parsed.ndjson',
    )
    .action(
      async (text: string | undefined, opts: { json?: boolean; ndjson?: boolean; workers?: string }) => {
        if (opts.workers !== undefined && !opts.ndjson) throw new CliError("--workers goes with --ndjson", 2);
        if (opts.ndjson) {
          if (text !== undefined)
            throw new CliError("--ndjson reads addresses from stdin; do not pass <text> as well", 2);
          const workers =
            opts.workers === undefined
              ? defaultParseWorkers(stdinFileBytes())
              : parseWholeNumberArg("--workers", opts.workers, 0, MAX_WORKERS);
          return parseBatch(workers);
        }
        if (text === undefined || text.trim() === "")
          throw new CliError(
            'give an address to parse, e.g. diachiso parse "12 Lê Lợi, Q1, TPHCM" (or use --ndjson)',
            2,
          );
        const result = (await newParsingService()).parse(text);
        if (opts.json) return printJson(result);
        printHuman(result);
      },
    );
}
