/**
 * `diachiso address …`: reading and moving address records, through the records service.
 *
 *   address show <code> [--as-of TIME] [--with-personal-data]
 *   address history <code> [--with-personal-data]
 *   address set-status <code> <status> --reason "…" [--expected-version N] [--successor CODE] [--correction JSON]
 *   address erase-personal-data <code> --reason "…"
 *   address list [--status S] [--province P] [--commune C] [--batch B] [--limit N]
 *   address counts | address changes [--after SEQ] [--limit N]
 *
 * Every command takes `--db PATH` (default $DIACHISO_DB, else ./diachiso.db) and `--json`. Owner data (personal data,
 * Decree 13/2023) is printed only with `--with-personal-data`. Writes record the actor: `--actor`,
 * else `cli:$USER`.
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import { isStatus, STATUSES, type Status } from "../../domain/lifecycle.js";
import type { AddressRecord } from "../../domain/record.js";
import { describeChanges, displayCode, recordJson } from "../../domain/record-json.js";
import { RecordService, revisionJson } from "../../services/records.js";
import type { Revision } from "../../store/store.js";
import { loadRegistry } from "../../units/registry.js";
import { CliError, parseWholeNumberArg, printJson } from "../output.js";
import { addDbOption, cliStores } from "../store.js";

interface Common {
  db?: string;
  json?: boolean;
  withPersonalData?: boolean;
  actor?: string;
}

/** The records service over the store `--db` names. */
function recordsOf(opts: Common): RecordService {
  return new RecordService(cliStores(opts.db));
}

function actorOf(opts: Common): string {
  if (opts.actor) return opts.actor;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

function printRecordText(record: AddressRecord, withPersonalData: boolean): void {
  const registry = loadRegistry();
  const j = recordJson(record, registry, withPersonalData) as {
    formatted: { new: string | null; old: string | null };
    location: { lat: number; lon: number; accuracy_m: number | null; source: string };
  };
  const lines = [
    `${displayCode(record.code)}  ${record.kind}  ${record.status}  v${record.version}`,
    `new: ${j.formatted.new ?? `(unknown unit ${record.new.province}/${record.new.commune})`}`,
    `old: ${j.formatted.old ?? "—"}`,
    `location: ${record.location.lat}, ${record.location.lon} (${record.location.accuracyM === null ? "accuracy unknown" : `±${record.location.accuracyM} m`}, ${record.location.source})`,
  ];
  const p = record.provenance;
  if (p.batch || p.surveyor) lines.push(`provenance: batch ${p.batch ?? "—"}, external id ${p.externalId ?? "—"}, surveyor ${p.surveyor ?? "—"}`);
  for (const issue of record.issues) lines.push(`issue ${issue.rule}: ${issue.message}`);
  if (record.correction !== null) lines.push(`correction requested: ${JSON.stringify(record.correction)}`);
  if (record.successor) lines.push(`successor: ${displayCode(record.successor)}`);
  if (withPersonalData) lines.push(`owner: ${record.owner ? JSON.stringify(record.owner) : "—"}`);
  if (record.personalDataErasedAt) lines.push(`personal data erased: ${record.personalDataErasedAt}`);
  lines.push(`created ${record.createdAt}, updated ${record.updatedAt}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

function printRevisionText(r: Revision): void {
  const what = r.action === "erase" ? "owner's personal data erased here and in every earlier revision" : describeChanges(r.changes);
  process.stdout.write(
    `#${r.seq} v${r.version} ${r.at} ${r.action} → ${r.status} by ${r.actor}${r.reason ? ` (${r.reason})` : ""}${what ? `\n    ${what}` : ""}\n`,
  );
}

function dbOption(cmd: Command): Command {
  return addDbOption(cmd).option("--json", "machine-readable output");
}

export function registerAddressCommands(program: Command): void {
  const address = program.command("address").description("address records: show, history, lifecycle, personal-data erasure");

  dbOption(address.command("show"))
    .description("one address record by its code")
    .argument("<code>", "digital address code, any case, with or without separators")
    .option("--as-of <time>", "the record as it was at this ISO 8601 time")
    .option("--with-personal-data", "include the owner's data (personal data: Decree 13/2023)")
    .action(async (code: string, opts: Common & { asOf?: string }) => {
      let asOf: Date | undefined;
      if (opts.asOf !== undefined) {
        asOf = new Date(opts.asOf);
        if (Number.isNaN(asOf.getTime())) throw new CliError(`--as-of must be an ISO 8601 time, got "${opts.asOf}"`, 2);
      }
      const withPersonalData = opts.withPersonalData ?? false;
      const record = await recordsOf(opts).show(code, { asOf, withPersonalData });
      if (opts.json) printJson(recordJson(record, loadRegistry(), withPersonalData));
      else printRecordText(record, withPersonalData);
    });

  dbOption(address.command("history"))
    .description("every revision of a record, oldest first: who, when, what changed, why")
    .argument("<code>", "digital address code")
    .option("--with-personal-data", "include owner values in the changes")
    .action(async (typed: string, opts: Common) => {
      const { code, revisions } = await recordsOf(opts).history(typed, { withPersonalData: opts.withPersonalData ?? false });
      if (opts.json) return printJson({ code, revisions: revisions.map(revisionJson) });
      for (const revision of revisions) printRevisionText(revision);
    });

  dbOption(address.command("set-status"))
    .description(`move a record through its lifecycle: ${STATUSES.join(", ")}`)
    .argument("<code>", "digital address code")
    .argument("<status>", "the new status")
    .requiredOption("--reason <text>", "why (kept in the history)")
    // Not "--version": the program's own flag prints the program version.
    .option("--expected-version <n>", "the version you read: fails if the record changed since (default: current)")
    .option("--successor <code>", "for retired: the code that replaces this one")
    .option("--correction <json>", 'for correction-requested: the change asked for, e.g. \'{"houseNumber":"14"}\'')
    .option("--actor <name>", "who makes the change (default cli:$USER)")
    .action(
      async (code: string, status: string, opts: Common & { reason: string; expectedVersion?: string; successor?: string; correction?: string }) => {
        let correction: unknown;
        if (opts.correction !== undefined) {
          try {
            correction = JSON.parse(opts.correction);
          } catch {
            correction = opts.correction; // plain words are a valid request too
          }
        }
        const expectedVersion = opts.expectedVersion === undefined ? undefined : parseWholeNumberArg("--expected-version", opts.expectedVersion, 1);
        const { previous, record } = await recordsOf(opts).setStatus(
          code,
          { to: status, reason: opts.reason, expectedVersion, successor: opts.successor, correction },
          { actor: actorOf(opts) },
        );
        if (opts.json) return printJson(recordJson(record, loadRegistry(), false));
        process.stdout.write(`${displayCode(record.code)}: ${previous} → ${record.status} (v${record.version})\n`);
      },
    );

  dbOption(address.command("erase-personal-data"))
    .description("erase the owner's personal data from a record and all its revisions (Decree 13/2023); the address stays")
    .argument("<code>", "digital address code")
    .requiredOption("--reason <text>", "the request this answers (kept in the history)")
    .option("--actor <name>", "who makes the change (default cli:$USER)")
    .action(async (code: string, opts: Common & { reason: string }) => {
      const result = await recordsOf(opts).erasePersonalData(code, { actor: actorOf(opts), reason: opts.reason });
      if (opts.json) {
        return printJson({ code: result.code, erased: result.erased, version: result.version, revisions_redacted: result.revisionsRedacted });
      }
      process.stdout.write(
        result.erased
          ? `${displayCode(result.code)}: personal data erased (v${result.version}, ${result.revisionsRedacted} earlier revision(s) redacted)\n`
          : `${displayCode(result.code)}: nothing to erase, the personal data was already erased (still v${result.version}, no revision added)\n`,
      );
    });

  dbOption(address.command("list"))
    .description("records in a status, unit or batch, in the order they were stored: their codes, to show or move them")
    .option("--status <status>", `only this status: ${STATUSES.join(", ")}`)
    .option("--province <code>", "only this new (34-structure) province")
    .option("--commune <code>", "only this new commune")
    .option("--batch <name>", "only records imported in this batch")
    .option("--limit <n>", "at most this many", "20")
    .action(async (opts: Common & { status?: string; province?: string; commune?: string; batch?: string; limit: string }) => {
      if (opts.status !== undefined && !isStatus(opts.status)) {
        throw new CliError(`--status must be one of ${STATUSES.join(", ")}, got "${opts.status}"`, 2);
      }
      const limit = parseWholeNumberArg("--limit", opts.limit, 1, 10_000);
      const page = await recordsOf(opts).list({
        status: opts.status as Status | undefined,
        province: opts.province,
        commune: opts.commune,
        batch: opts.batch,
        limit,
      });
      const registry = loadRegistry();
      if (opts.json) return printJson(page.items.map((record) => recordJson(record, registry, false)));
      for (const record of page.items) {
        const { formatted } = recordJson(record, registry, false) as { formatted: { new: string | null } };
        process.stdout.write(`${displayCode(record.code)}\t${record.status}\tv${record.version}\t${formatted.new ?? "—"}\n`);
      }
    });

  dbOption(address.command("counts"))
    .description("number of records by new province and status")
    .action(async (opts: Common) => {
      const counts = await recordsOf(opts).counts();
      if (opts.json) return printJson(counts);
      const registry = loadRegistry();
      for (const c of counts) {
        process.stdout.write(`${c.province}\t${registry.get("new", c.province)?.fullName ?? "?"}\t${c.status}\t${c.count}\n`);
      }
    });

  dbOption(address.command("changes"))
    .description("the change feed: revisions after a sequence number (owner values left out)")
    .option("--after <seq>", "last sequence number already seen", "0")
    .option("--limit <n>", "at most this many", "100")
    .action(async (opts: Common & { after: string; limit: string }) => {
      const after = parseWholeNumberArg("--after", opts.after, 0);
      const limit = parseWholeNumberArg("--limit", opts.limit, 1, 100_000);
      const changes = await recordsOf(opts).changes(after, limit);
      if (opts.json) return printJson(changes.map(revisionJson));
      for (const revision of changes) printRevisionText(revision);
    });
}
