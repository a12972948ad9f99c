/**
 * `diachiso migrate --from LOCATION --to LOCATION`: moves a whole store to an empty one of either
 * backend (an SQLite file, a postgres:// URL) and proves the copy, table by table (counts and
 * SHA-256) and record by record; exit 1 when anything differs.
 */
import type { Command } from "commander";
import { MigrationService, type MigrationReport } from "../../services/migrate.js";
import { type BatchProgressReporter, batchProgressReporter } from "../batch-progress.js";
import { CliError, printJson } from "../output.js";
import { cliStoreError } from "../store.js";

const fmt = (n: number) => n.toLocaleString("en-US");

function reportText(report: MigrationReport): string {
  const width = Math.max(...report.tables.map((t) => t.table.length));
  const lines = [
    `${"table".padEnd(width)}  ${"source rows".padStart(12)}  ${"target rows".padStart(12)}  ${"source sha256".padEnd(16)}  ${"target sha256".padEnd(16)}`,
  ];
  for (const t of report.tables) {
    lines.push(
      `${t.table.padEnd(width)}  ${fmt(t.sourceRows).padStart(12)}  ${fmt(t.targetRows).padStart(12)}  ${t.sourceSha256.slice(0, 16)}  ${t.targetSha256.slice(0, 16)}  ${t.same ? "same" : "DIFFERENT"}`,
    );
  }
  const { compared, differing, firstDiffering } = report.records;
  lines.push(
    `records read back: ${fmt(compared)}, ${differing === 0 ? "every one the same" : `${fmt(differing)} different (${firstDiffering.join(", ")})`}`,
    `rows copied: ${fmt(report.rows)} in ${report.copySeconds.toFixed(1)} s (${fmt(Math.round(report.rows / Math.max(report.copySeconds, 1e-3)))} rows/s), verified in ${(report.checksumSeconds + report.recordSeconds).toFixed(1)} s (tables ${report.checksumSeconds.toFixed(1)} s, records ${report.recordSeconds.toFixed(1)} s)`,
    `personal-data key: ${report.personalDataKey}`,
  );
  return `${lines.join("\n")}\n`;
}

export function registerMigrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("copy a whole store into a new, empty one (SQLite file or postgres:// URL, either way) and verify it")
    .requiredOption("--from <location>", "the store to copy: an SQLite file or a postgres:// URL (opened read-only)")
    .requiredOption("--to <location>", "the empty store to copy into: an SQLite file (created) or a postgres:// URL")
    .option("--json", "machine-readable output")
    .action(async (flags: { from: string; to: string; json?: boolean }) => {
      const shown: { progress: BatchProgressReporter | null } = { progress: null };
      let report: MigrationReport;
      try {
        report = await new MigrationService().migrate(flags.from, flags.to, {
          onProgress: ({ rows, total }) => {
            shown.progress ??= batchProgressReporter("diachiso migrate", total);
            shown.progress.update({ rows, bytes: rows });
          },
          onPhase: (message) => {
            shown.progress?.stop();
            shown.progress = null;
            process.stderr.write(`diachiso migrate: ${message}\n`);
          },
        });
      } catch (error) {
        throw cliStoreError(error);
      } finally {
        shown.progress?.stop();
      }
      if (flags.json) printJson(report);
      else process.stdout.write(reportText(report));
      if (!report.same)
        throw new CliError(`migrate: the copy in ${report.to} differs from ${report.from} (see the table above); do not use it`);
    });
}
