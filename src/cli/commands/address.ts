/**
 * `diachiso address …`: reading and moving address records in the embedded store.
 *
 *   address show <code> [--as-of TIME] [--with-personal-data]
 *   address history <code> [--with-personal-data]
 *   address set-status <code> <status> --reason "…" [--expected-version N] [--successor CODE] [--correction JSON]
 *   address erase-personal-data <code> --reason "…"
 *   address counts | address changes [--after SEQ] [--limit N]
 *
 * Every command takes `--db PATH` (default ./diachiso.db) and `--json`. Owner data (personal data,
 * Decree 13/2023) is printed only with `--with-personal-data`. Writes record the actor: `--actor`,
 * else `cli:$USER`.
 */
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import type { Command } from "commander";
import { normalise, validate } from "../../code/index.js";
import { AddressError } from "../../domain/errors.js";
import { isStatus, STATUSES, type Status } from "../../domain/lifecycle.js";
import type { AddressRecord } from "../../domain/record.js";
import { describeChanges, displayCode, recordJson } from "../../domain/record-json.js";
import { openSqliteStore, type SqliteStore } from "../../store/sqlite/sqlite-store.js";
import type { Revision } from "../../store/store.js";
import { loadRegistry } from "../../units/registry.js";
import { CliError, parseNumberArg, printJson } from "../output.js";

export const DEFAULT_DB = "./diachiso.db";

interface Common {
  db: string;
  json?: boolean;
  withPersonalData?: boolean;
  actor?: string;
}

/** Opens an existing store: a read or a lifecycle step on a mistyped path must not create an empty one. */
function openStore(path: string): SqliteStore {
  if (path !== ":memory:" && !existsSync(path)) throw new CliError(`no address store at ${path} (use --db PATH)`);
  try {
    // A write may first finish a bulk load whose process was killed: say why it takes a while.
    return openSqliteStore(path, { onNotice: (message) => process.stderr.write(`diachiso: ${message}\n`) });
  } catch (error) {
    throw new CliError(`cannot open the address store ${path}: ${(error as Error).message}`);
  }
}

/** The canonical code of user input ("cq6-j9m-th3x/3fk" → "CQ6J9MTH3X3FK"), or a usage error naming it. */
function codeArg(raw: string): string {
  const checked = validate(raw);
  if (checked.valid) return checked.code;
  const loose = normalise(raw);
  if (loose === "") throw new CliError(`the code is empty`, 2);
  return loose; // records migrated with foreign codes; "not found" below names the input
}

async function withStore<T>(opts: Common, fn: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = openStore(opts.db);
  try {
    return await fn(store);
  } catch (error) {
    if (error instanceof AddressError) throw new CliError(error.message, 1);
    throw error;
  } finally {
    await store.close();
  }
}

async function mustGet(store: SqliteStore, raw: string, code: string, withPersonalData = false): Promise<AddressRecord> {
  const record = await store.get(code, { withPersonalData });
  if (record) return record;
  const checked = validate(raw);
  const hint = checked.valid ? "" : ` (not a valid code either: ${checked.message})`;
  throw new CliError(`no address record with code "${raw}" in the store${hint}`);
}

function actorOf(opts: Common): string {
  if (opts.actor) return opts.actor;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

function revisionJson(revision: Revision): Record<string, unknown> {
  return {
    seq: revision.seq,
    code: revision.code,
    version: revision.version,
    action: revision.action,
    status: revision.status,
    at: revision.at,
    actor: revision.actor,
    reason: revision.reason,
    changes: revision.changes,
  };
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
  return cmd.option("--db <path>", "the address store (SQLite file)", DEFAULT_DB).option("--json", "machine-readable output");
}

export function registerAddressCommands(program: Command): void {
  const address = program.command("address").description("address records: show, history, lifecycle, personal-data erasure");

  dbOption(address.command("show"))
    .description("one address record by its code")
    .argument("<code>", "digital address code, any case, with or without separators")
    .option("--as-of <time>", "the record as it was at this ISO 8601 time")
    .option("--with-personal-data", "include the owner's data (personal data: Decree 13/2023)")
    .action(async (raw: string, opts: Common & { asOf?: string }) => {
      const code = codeArg(raw);
      await withStore(opts, async (store) => {
        const withPersonalData = opts.withPersonalData ?? false;
        let record: AddressRecord;
        if (opts.asOf !== undefined) {
          const at = new Date(opts.asOf);
          if (Number.isNaN(at.getTime())) throw new CliError(`--as-of must be an ISO 8601 time, got "${opts.asOf}"`, 2);
          await mustGet(store, raw, code);
          const then = await store.getAsOf(code, at, { withPersonalData });
          if (!then) throw new CliError(`address ${displayCode(code)} did not exist yet at ${at.toISOString()}`);
          record = then;
        } else record = await mustGet(store, raw, code, withPersonalData);
        if (opts.json) printJson(recordJson(record, loadRegistry(), withPersonalData));
        else printRecordText(record, withPersonalData);
      });
    });

  dbOption(address.command("history"))
    .description("every revision of a record, oldest first: who, when, what changed, why")
    .argument("<code>", "digital address code")
    .option("--with-personal-data", "include owner values in the changes")
    .action(async (raw: string, opts: Common) => {
      const code = codeArg(raw);
      await withStore(opts, async (store) => {
        await mustGet(store, raw, code);
        const history = await store.history(code, { withPersonalData: opts.withPersonalData ?? false });
        if (opts.json) return printJson({ code, revisions: history.map(revisionJson) });
        for (const revision of history) printRevisionText(revision);
      });
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
      async (raw: string, status: string, opts: Common & { reason: string; expectedVersion?: string; successor?: string; correction?: string }) => {
        const code = codeArg(raw);
        if (!isStatus(status)) throw new CliError(`status must be one of ${STATUSES.join(", ")}, got "${status}"`, 2);
        let correction: unknown;
        if (opts.correction !== undefined) {
          try {
            correction = JSON.parse(opts.correction);
          } catch {
            correction = opts.correction; // plain words are a valid request too
          }
        }
        await withStore(opts, async (store) => {
          const current = await mustGet(store, raw, code);
          const version = opts.expectedVersion === undefined ? current.version : parseNumberArg("--expected-version", opts.expectedVersion);
          const record = await store.transition(
            code,
            version,
            { to: status as Status, reason: opts.reason, correction, successor: opts.successor ? codeArg(opts.successor) : undefined },
            { actor: actorOf(opts) },
          );
          if (opts.json) return printJson(recordJson(record, loadRegistry(), false));
          process.stdout.write(`${displayCode(record.code)}: ${current.status} → ${record.status} (v${record.version})\n`);
        });
      },
    );

  dbOption(address.command("erase-personal-data"))
    .description("erase the owner's personal data from a record and all its revisions (Decree 13/2023); the address stays")
    .argument("<code>", "digital address code")
    .requiredOption("--reason <text>", "the request this answers (kept in the history)")
    .option("--actor <name>", "who makes the change (default cli:$USER)")
    .action(async (raw: string, opts: Common & { reason: string }) => {
      const code = codeArg(raw);
      await withStore(opts, async (store) => {
        await mustGet(store, raw, code);
        const result = await store.erasePersonalData(code, { actor: actorOf(opts), reason: opts.reason });
        if (opts.json) return printJson({ code: result.code, version: result.version, revisions_redacted: result.revisionsRedacted });
        process.stdout.write(
          `${displayCode(code)}: personal data erased (v${result.version}, ${result.revisionsRedacted} earlier revision(s) redacted)\n`,
        );
      });
    });

  dbOption(address.command("counts"))
    .description("number of records by new province and status")
    .action(async (opts: Common) => {
      await withStore(opts, async (store) => {
        const counts = await store.countsByProvinceAndStatus();
        if (opts.json) return printJson(counts);
        const registry = loadRegistry();
        for (const c of counts) {
          process.stdout.write(`${c.province}\t${registry.get("new", c.province)?.fullName ?? "?"}\t${c.status}\t${c.count}\n`);
        }
      });
    });

  dbOption(address.command("changes"))
    .description("the change feed: revisions after a sequence number (owner values left out)")
    .option("--after <seq>", "last sequence number already seen", "0")
    .option("--limit <n>", "at most this many", "100")
    .action(async (opts: Common & { after: string; limit: string }) => {
      await withStore(opts, async (store) => {
        const changes = await store.changesSince(parseNumberArg("--after", opts.after), parseNumberArg("--limit", opts.limit));
        if (opts.json) return printJson(changes.map(revisionJson));
        for (const revision of changes) printRevisionText(revision);
      });
    });
}
