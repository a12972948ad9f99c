/**
 * `diachiso keys create|list|revoke` (the HTTP API's keys, kept hashed in the store) and
 * `diachiso audit` (who read whose personal data, when and why).
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import { type AccessKey, AccessService, ROLES, SCOPES } from "../../services/access.js";
import { parseWholeNumberArg, printJson } from "../output.js";
import { addDbOption, cliStoreError, cliStores } from "../store.js";

/** A key as shown: everything but its hash. */
function shown(key: AccessKey): Omit<AccessKey, "hash"> {
  const { hash: _hash, ...rest } = key;
  return rest;
}

function keyLine(key: AccessKey): string {
  const limits = [
    key.scopes.length > 0 ? `scopes ${key.scopes.join(",")}` : "",
    key.provinces ? `provinces ${key.provinces.join(",")}` : "",
    key.ratePerMinute ? `${key.ratePerMinute}/min` : "",
  ].filter(Boolean);
  const state = key.revokedAt ? `revoked ${key.revokedAt}` : `since ${key.createdAt}`;
  return `${key.id}  ${key.role.padEnd(8)} ${key.name}${limits.length ? `  (${limits.join("; ")})` : ""}  ${state}`;
}

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(",").map((s) => s.trim()).filter(Boolean));

export function registerAccessCommands(program: Command): void {
  const keys = program.command("keys").description("API keys of the HTTP API (kept as their SHA-256 only)");
  addDbOption(
    keys
      .command("create")
      .description("make a key; it is printed once and never kept")
      .requiredOption("--name <text>", "who or what the key is for")
      .requiredOption("--role <role>", `one of ${ROLES.filter((r) => r !== "public").join(", ")}`)
      .option("--scopes <list>", `a partner's scopes, comma-separated (${SCOPES.join(", ")})`)
      .option("--provinces <list>", "a surveyor's or operator's new provinces, comma-separated 2-digit codes")
      .option("--rate <n>", "requests per minute (default: the server's for the role)")
      .option("--json", "machine-readable output"),
  ).action(async (flags: { db?: string; name: string; role: string; scopes?: string; provinces?: string; rate?: string; json?: boolean }) => {
    const ratePerMinute = flags.rate === undefined ? undefined : parseWholeNumberArg("--rate", flags.rate, 1, 1_000_000);
    try {
      const made = await new AccessService(cliStores(flags.db, "diachiso keys")).create(
        { name: flags.name, role: flags.role, scopes: list(flags.scopes), provinces: list(flags.provinces), ratePerMinute },
        { actor: `cli:${userInfo().username}` },
      );
      if (flags.json) return printJson({ key: made.key, ...shown(made.record) });
      process.stdout.write(`${made.key}\n`);
      process.stderr.write(`diachiso keys: ${keyLine(made.record)}\ndiachiso keys: the key above is shown once; only its hash is kept\n`);
    } catch (error) {
      throw cliStoreError(error);
    }
  });
  addDbOption(keys.command("list").description("every key: id, role, limits, when made or revoked").option("--json", "machine-readable output")).action(
    async (flags: { db?: string; json?: boolean }) => {
      try {
        const all = await new AccessService(cliStores(flags.db, "diachiso keys")).list();
        if (flags.json) return printJson(all.map(shown));
        if (all.length === 0) process.stdout.write("no keys\n");
        for (const key of all) process.stdout.write(`${keyLine(key)}\n`);
      } catch (error) {
        throw cliStoreError(error);
      }
    },
  );
  addDbOption(keys.command("revoke").description("revoke a key at once").argument("<id>", "the key's id (k_…)").option("--json", "machine-readable output")).action(
    async (id: string, flags: { db?: string; json?: boolean }) => {
      try {
        const revoked = await new AccessService(cliStores(flags.db, "diachiso keys")).revoke(id);
        if (flags.json) return printJson(shown(revoked));
        process.stdout.write(`${keyLine(revoked)}\n`);
      } catch (error) {
        throw cliStoreError(error);
      }
    },
  );

  addDbOption(
    program
      .command("audit")
      .description("the audit log of personal-data reads: who, what, when, why")
      .option("--subject <code>", "only reads of this record")
      .option("--after <seq>", "only entries after this one")
      .option("--limit <n>", "most entries (default 1000)")
      .option("--json", "machine-readable output"),
  ).action(async (flags: { db?: string; subject?: string; after?: string; limit?: string; json?: boolean }) => {
    try {
      const entries = await new AccessService(cliStores(flags.db, "diachiso audit")).auditLog({
        subject: flags.subject,
        after: flags.after === undefined ? undefined : parseWholeNumberArg("--after", flags.after, 0),
        limit: flags.limit === undefined ? undefined : parseWholeNumberArg("--limit", flags.limit, 1, 100_000),
      });
      if (flags.json) return printJson(entries);
      if (entries.length === 0) process.stdout.write("no entries\n");
      for (const e of entries) process.stdout.write(`${e.seq}  ${e.at}  ${e.actor}  ${e.action}  ${e.subject}  ${JSON.stringify(e.reason)}\n`);
    } catch (error) {
      throw cliStoreError(error);
    }
  });
}
