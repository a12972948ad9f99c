/**
 * The survey-data commands: `generate` a realistic national survey file, `import` survey files
 * into the store, `validate` (re-run the completeness rules) and `report` (the funnel).
 */
import type { Command } from "commander";
import { fileProblem } from "../../common/file-problem.js";
import { AddressError } from "../../domain/errors.js";
import { type DefectMix, parseDefectMix } from "../../generate/defects.js";
import { SurveyGenerator } from "../../generate/generator.js";
import { OUTPUT_FORMATS, type OutputFormat, writeRows } from "../../generate/writers.js";
import { ENCODINGS, encodingNamed } from "../../ingest/encoding.js";
import { ImportInputError } from "../../ingest/import.js";
import { progressReporter } from "../../ingest/progress.js";
import { formatOf } from "../../ingest/readers.js";
import { emptySummary, ImportService, type ImportSummary } from "../../services/imports.js";
import { SearchService } from "../../services/search.js";
import { notificationReportText } from "../../services/notifications.js";
import { ReportService, reportCsv, reportText } from "../../services/reports.js";
import { ServiceError } from "../../services/errors.js";
import { ValidationService } from "../../services/validation.js";
import { loadBoundaries } from "../../units/boundaries.js";
import { loadRegistry } from "../../units/registry.js";
import { CliError, parseNumberArg, parseWholeNumberArg, printJson } from "../output.js";
import { addDbOption, cliStores } from "../store.js";

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
    .option("--no-search-index", "do not bring the search index up to date after the import (search does it when first run)")
    .option("--json", "print the summary as JSON")
    .action(async (files: string[], opts: { db?: string; batch?: string; chunk: string; workers?: string; bulk: boolean; encoding?: string; searchIndex: boolean; json?: boolean }) => {
      const chunkRows = parseWholeNumberArg("--chunk", opts.chunk, 1);
      const workers = opts.workers === undefined ? undefined : parseWholeNumberArg("--workers", opts.workers, 1, 16);
      if (opts.batch !== undefined && opts.batch.trim() === "") throw new CliError(`--batch must be a non-empty name, got "${opts.batch}"`, 2);
      const encoding = opts.encoding === undefined ? undefined : encodingNamed(opts.encoding);
      if (encoding === null) throw new CliError(`--encoding must be one of ${ENCODINGS.join(", ")}, got "${opts.encoding}"`, 2);
      const imports = new ImportService(cliStores(opts.db));
      const progress = progressReporter();
      const summary = emptySummary();
      let searchIndex: { file: string; rebuilt: boolean; records: number; seconds: number } | null = null;
      const print = () => {
        summary.seconds = round(summary.seconds);
        summary.index_seconds = round(summary.index_seconds);
        if (opts.json) printJson(searchIndex ? { ...summary, search_index: { ...searchIndex, seconds: round(searchIndex.seconds) } } : summary);
        else {
          process.stdout.write(importText(summary));
          if (searchIndex?.rebuilt) process.stdout.write(`search index: ${searchIndex.records.toLocaleString("en")} records in ${searchIndex.seconds.toFixed(1)} s → ${searchIndex.file}\n`);
        }
      };
      try {
        await imports.import(
          {
            files,
            batch: opts.batch,
            chunkRows,
            workers,
            bulk: opts.bulk,
            encoding,
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
        // A bad file, every row of a file refused, a bulk load running elsewhere, the store locked past the timeout, …: one line.
        if (error instanceof ImportInputError || error instanceof AddressError) throw new CliError(`import: ${error.message}`);
        throw error;
      } finally {
        progress.stop();
      }
      if (opts.searchIndex && summary.files.some((f) => f.status === "imported")) {
        const refreshed = await new SearchService().refresh(cliStores(opts.db));
        searchIndex = { file: refreshed.file, rebuilt: refreshed.rebuilt, records: refreshed.records, seconds: refreshed.seconds };
      }
      print();
    });

  addDbOption(program.command("validate"))
    .description("Re-run the completeness rules over every stored record and store the findings.")
    .option("--json", "print the summary as JSON")
    .action(async (opts: { db?: string; json?: boolean }) => {
      const validation = new ValidationService(cliStores(opts.db, "validate"));
      const summary = await validation.validate().catch((error: unknown) => {
        // A bulk load running, the store locked past the timeout, …: one line.
        throw error instanceof AddressError || (error instanceof ServiceError && error.kind === "busy") ? new CliError(`validate: ${error.message}`) : error;
      });
      summary.seconds = round(summary.seconds);
      if (opts.json) printJson(summary);
      else
        process.stdout.write(
          `validate: ${summary.records} records, ${summary.complete} complete, ${summary.incomplete} incomplete; findings changed on ${summary.changed}; ${summary.promoted} → complete, ${summary.demoted} → surveyed${summary.skipped > 0 ? `; ${summary.skipped} skipped (changed meanwhile by another writer: run validate again)` : ""} (${summary.seconds} s)\n`,
        );
    });

  addDbOption(program.command("report"))
    .description("The survey funnel per province or commune, and the top reasons records are incomplete.")
    .option("--by <level>", "province or ward", "province")
    .option("--top <n>", "how many incompleteness reasons to list", "10")
    .option("--province <code>", "only this new province (2 digits): its row, or its communes with --by ward, and its reasons")
    .option("--json", "print JSON")
    .option("--csv", "print CSV")
    .action(async (opts: { db?: string; by: string; top: string; province?: string; json?: boolean; csv?: boolean }) => {
      if (opts.by !== "province" && opts.by !== "ward")
        throw new CliError(`--by must be province or ward, got "${opts.by}"`, 2);
      const top = parseWholeNumberArg("--top", opts.top, 0);
      const report = await new ReportService(cliStores(opts.db)).withNotifications(opts.by, top, opts.province);
      if (opts.json) printJson(report);
      else if (opts.csv) process.stdout.write(reportCsv(report));
      else process.stdout.write(reportText(report) + (report.notifications ? `\n${notificationReportText(report.notifications)}` : ""));
    });
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
