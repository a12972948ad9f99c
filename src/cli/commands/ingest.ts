/**
 * The survey-data commands: `generate` a realistic national survey file, `import` survey files
 * into the store, `validate` (re-run the completeness rules) and `report` (the funnel).
 */
import { accessSync, constants, statSync } from "node:fs";
import type { Command } from "commander";
import { AddressError } from "../../domain/errors.js";
import { loadPiiKey, PII_KEY_ENV } from "../../domain/personal-data.js";
import { type DefectMix, parseDefectMix } from "../../generate/defects.js";
import { SurveyGenerator } from "../../generate/generator.js";
import { OUTPUT_FORMATS, type OutputFormat, writeRows } from "../../generate/writers.js";
import { ENCODINGS, encodingNamed } from "../../ingest/encoding.js";
import { checkRejectsWritable, emptySummary, ImportInputError, importFiles, type ImportSummary } from "../../ingest/import.js";
import { inspectFiles } from "../../ingest/inspect.js";
import { progressReporter } from "../../ingest/progress.js";
import { formatOf } from "../../ingest/readers.js";
import { buildReport, reportCsv, reportText } from "../../report/report.js";
import { storeReportSource } from "../../report/store-source.js";
import { revalidate } from "../../ingest/revalidate.js";
import { loadBoundaries } from "../../units/boundaries.js";
import { loadRegistry } from "../../units/registry.js";
import { CliError, fileProblem, parseNumberArg, parseWholeNumberArg, printJson } from "../output.js";
import { addDbOption, dbPathOf, openStore } from "../store.js";

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
];

export function registerIngestCommands(program: Command): void {
  program
    .command("generate")
    .description("Write a realistic synthetic national survey file (deterministic for a seed, streaming).")
    .requiredOption("--count <n>", "number of records")
    .option("--seed <n>", "PRNG seed", "1")
    .option("--province <code...>", "new (34-structure) province codes to draw from (default: all)", collect)
    .option(
      "--format <format>",
      `output format: ${OUTPUT_FORMATS.join(", ")} (default: from --out's extension, else csv)`,
    )
    .option("--old-share <p>", "share of records written in the old 63-province structure", "0.25")
    .option("--defects <list>", 'defect probabilities over the default mix, "name=p,…", or "none"')
    .requiredOption("--out <file>", "output file")
    .option("--json", "print a JSON summary")
    .action(
      async (opts: {
        count: string;
        seed: string;
        province?: string[];
        format?: string;
        oldShare: string;
        defects?: string;
        out: string;
        json?: boolean;
      }) => {
        const count = parseWholeNumberArg("--count", opts.count, 0);
        const seed = parseNumberArg("--seed", opts.seed);
        const format = (opts.format ?? guessFormat(opts.out)) as OutputFormat;
        if (!OUTPUT_FORMATS.includes(format))
          throw new CliError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}, got "${opts.format}"`, 2);
        const oldShare = parseNumberArg("--old-share", opts.oldShare);
        if (oldShare < 0 || oldShare > 1) throw new CliError(`--old-share must be a share from 0 to 1, got "${opts.oldShare}"`, 2);
        let mix: DefectMix | undefined;
        try {
          mix = opts.defects === undefined ? undefined : parseDefectMix(opts.defects);
        } catch (error) {
          throw new CliError(`--defects: ${(error as Error).message}`, 2);
        }
        const registry = loadRegistry();
        for (const code of opts.province ?? []) {
          if (registry.get("new", code)?.level !== "province")
            throw new CliError(`--province: "${code}" is not a new (34-structure) province code`, 2);
        }
        const started = performance.now();
        const generator = new SurveyGenerator(registry, loadBoundaries(), {
          count,
          seed,
          provinces: opts.province ?? null,
          mix,
          oldShare,
        });
        let written: number;
        try {
          written = await writeRows(generator.rows(), format, opts.out);
        } catch (error) {
          const problem = fileProblem(error, opts.out);
          if (problem === null) throw error;
          throw new CliError(`generate: cannot write --out ${opts.out}: ${problem}`);
        }
        const seconds = (performance.now() - started) / 1000;
        if (opts.json)
          printJson({
            file: opts.out,
            format,
            count: written,
            seed,
            seconds: round(seconds),
            rows_per_second: Math.round(written / seconds),
          });
        else
          process.stderr.write(
            `generate: ${written.toLocaleString("en-US")} records → ${opts.out} (${format}) in ${seconds.toFixed(1)} s\n`,
          );
      },
    );

  addDbOption(program.command("import"))
    .description(
      "Import survey files (CSV, NDJSON, GeoJSON; see docs/import-format.md): idempotent and resumable.",
    )
    .argument("<files...>", "survey files")
    .option("--batch <name>", "batch name (default: each file's base name)")
    .option("--chunk <rows>", "rows per store transaction", "20000")
    .option("--workers <n>", "parsing threads (default: one per core but the writer's, at most 4; one for a file of a few chunks)")
    .option("--no-bulk", "keep every index up to date row by row (default: a load as big as the store defers some and rebuilds them at the end)")
    .option("--encoding <name>", `the files' text encoding: ${ENCODINGS.join(", ")} (default: detected per file)`)
    .option("--json", "print the summary as JSON")
    .action(async (files: string[], opts: { db?: string; batch?: string; chunk: string; workers?: string; bulk: boolean; encoding?: string; json?: boolean }) => {
      for (const file of files) {
        const stat = statSync(file, { throwIfNoEntry: false });
        if (stat === undefined) throw new CliError(`import: no such file "${file}"`);
        if (stat.isDirectory()) throw new CliError(`import: "${file}" is a folder, not a survey file`);
        try {
          formatOf(file);
        } catch (error) {
          throw new CliError((error as Error).message, 2);
        }
        if (!canRead(file)) throw new CliError(`import: "${file}": no permission to read it`);
      }
      const chunkRows = parseWholeNumberArg("--chunk", opts.chunk, 1);
      const workers = opts.workers === undefined ? undefined : parseWholeNumberArg("--workers", opts.workers, 1, 16);
      if (opts.batch !== undefined && opts.batch.trim() === "") throw new CliError(`--batch must be a non-empty name, got "${opts.batch}"`, 2);
      const dbPath = dbPathOf(opts.db);
      // Everything that can be refused is refused before the store is created or written.
      try {
        checkRejectsWritable(files);
      } catch (error) {
        if (error instanceof ImportInputError) throw new CliError(`import: ${error.message}`);
        throw error;
      }
      const encoding = opts.encoding === undefined ? null : encodingNamed(opts.encoding);
      if (encoding === null && opts.encoding !== undefined)
        throw new CliError(`--encoding must be one of ${ENCODINGS.join(", ")}, got "${opts.encoding}"`, 2);
      // Every file's encoding, format and header are checked before the store is even opened.
      let inspections: Awaited<ReturnType<typeof inspectFiles>>;
      try {
        inspections = await inspectFiles(files, formatOf, encoding);
      } catch (error) {
        if (error instanceof ImportInputError) throw new CliError(`import: ${error.message}`);
        throw error;
      }
      const keyFromEnv = process.env[PII_KEY_ENV] ? piiKeyOf(dbPath) : null;
      const store = openStore(dbPath, "create", { cacheMiB: 256 });
      let key: Buffer;
      try {
        key = keyFromEnv ?? piiKeyOf(dbPath);
      } catch (error) {
        await store.close();
        throw error;
      }
      const progress = progressReporter();
      const summary = emptySummary();
      const print = () => {
        summary.seconds = round(summary.seconds);
        summary.index_seconds = round(summary.index_seconds);
        if (opts.json) printJson(summary);
        else process.stdout.write(importText(summary));
      };
      try {
        await importFiles(
          store,
          files,
          {
            batch: opts.batch,
            piiKey: key,
            chunkRows,
            workers,
            bulk: opts.bulk,
            inspections,
            onProgress: (p) => progress.update(p),
            onPhase: (message) => {
              progress.stop();
              process.stderr.write(`import: ${message}\n`);
            },
          },
          summary,
        );
      } catch (error) {
        // What each file did so far is printed before the one-line error.
        progress.stop();
        if (summary.files.length > 0) print();
        // A bad file, a bulk load running elsewhere, the store locked past the timeout, …: one line.
        if (error instanceof ImportInputError || error instanceof AddressError) throw new CliError(`import: ${error.message}`);
        throw error;
      } finally {
        progress.stop();
        await store.close();
      }
      print();
      // Every row of a file refused is most likely the wrong file or a wrong export: not a success.
      const refused = summary.files.find((f) => f.read > 0 && f.accepted === 0);
      if (refused !== undefined) {
        throw new CliError(
          `import: none of the ${refused.read.toLocaleString("en-US")} rows of ${refused.file} could be imported; the reasons are in ${refused.rejects}`,
        );
      }
    });

  addDbOption(program.command("validate"))
    .description("Re-run the completeness rules over every stored record and store the findings.")
    .option("--json", "print the summary as JSON")
    .action(async (opts: { db?: string; json?: boolean }) => {
      const dbPath = dbPathOf(opts.db);
      const store = openStore(dbPath, "write", { cacheMiB: 256, onNotice: (message) => process.stderr.write(`validate: ${message}\n`) });
      try {
        // It would read every record before its first write, which the load refuses: refuse now.
        const load = await store.bulkLoadState();
        if (load?.running) {
          throw new CliError(
            `validate: ${dbPath}: a bulk load started at ${load.startedAt} by process ${load.pid} is running; run validate when it has ended`,
          );
        }
        const summary = await revalidate(store, loadBoundaries()).catch((error: unknown) => {
          // A bulk load running, the store locked past the timeout, …: one line.
          throw error instanceof AddressError ? new CliError(`validate: ${error.message}`) : error;
        });
        summary.seconds = round(summary.seconds);
        if (opts.json) printJson(summary);
        else
          process.stdout.write(
            `validate: ${summary.records} records, ${summary.complete} complete, ${summary.incomplete} incomplete; findings changed on ${summary.changed}; ${summary.promoted} → complete, ${summary.demoted} → surveyed${summary.skipped > 0 ? `; ${summary.skipped} skipped (changed meanwhile by another writer: run validate again)` : ""} (${summary.seconds} s)\n`,
          );
      } finally {
        await store.close();
      }
    });

  addDbOption(program.command("report"))
    .description("The survey funnel per province or commune, and the top reasons records are incomplete.")
    .option("--by <level>", "province or ward", "province")
    .option("--top <n>", "how many incompleteness reasons to list", "10")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action(async (opts: { db?: string; by: string; top: string; json?: boolean; csv?: boolean }) => {
      if (opts.by !== "province" && opts.by !== "ward")
        throw new CliError(`--by must be province or ward, got "${opts.by}"`, 2);
      const top = parseWholeNumberArg("--top", opts.top, 0);
      const store = openStore(dbPathOf(opts.db), "read");
      try {
        const report = await buildReport(storeReportSource(store), loadRegistry(), opts.by, top);
        if (opts.json) printJson(report);
        else if (opts.csv) process.stdout.write(reportCsv(report));
        else process.stdout.write(reportText(report));
      } finally {
        await store.close();
      }
    });
}

/** The key that hashes citizen IDs for the store at `dbPath`, or a CliError naming where it comes from. */
function piiKeyOf(dbPath: string): Buffer {
  try {
    return loadPiiKey(dbPath).key;
  } catch (error) {
    const problem = fileProblem(error, dbPath);
    if (problem !== null) throw new CliError(`cannot read or create the personal-data key ${dbPath}.pii-key: ${problem}`);
    throw new CliError((error as Error).message);
  }
}

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function guessFormat(out: string): string {
  try {
    return formatOf(out);
  } catch {
    return "csv";
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function importText(s: ImportSummary): string {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const lines = [
    `read ${fmt(s.read)}: accepted ${fmt(s.accepted)} (created ${fmt(s.created)}, updated ${fmt(s.updated)}, unchanged ${fmt(s.unchanged)}), rejected ${fmt(s.rejected)}`,
    `complete ${fmt(s.complete)}, incomplete ${fmt(s.incomplete)}; ${s.seconds} s, ${fmt(s.rows_per_second)} rows/s`,
  ];
  const top = Object.entries(s.incomplete_by_rule).sort((a, b) => b[1] - a[1]);
  if (top.length) lines.push(`incomplete by rule: ${top.map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);
  const rejected = Object.entries(s.rejected_by_reason);
  if (rejected.length)
    lines.push(`rejected by reason: ${rejected.map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);
  for (const f of s.files) {
    const what =
      f.status === "not_imported"
        ? "not imported (an earlier file failed)"
        : `${f.status === "failed" ? "failed after " : ""}read ${fmt(f.read)}, accepted ${fmt(f.accepted)}, rejected ${fmt(f.rejected)}` +
          (f.rejects ? `; rejected rows: ${f.rejects}` : "");
    lines.push(`${f.file} (${f.encoding}): ${what}`);
  }
  return `${lines.join("\n")}\n`;
}
