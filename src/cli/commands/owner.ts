/**
 * `diachiso owner confirm-phone` (the commune officer types the code an owner reads out on the
 * phone) and `diachiso owner proposals` (what owners said is wrong, for the surveyor): the owner's
 * side of notification on the command line (docs/owner.md). The link itself is the web page's.
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import { OwnerService } from "../../services/owner.js";
import { recordCode } from "../../services/records.js";
import type { CorrectionProposal } from "../../store/store.js";
import { CliError, parseWholeNumberArg, printJson } from "../output.js";
import { addDbOption, cliStoreError, cliStores } from "../store.js";

function proposalLine(p: CorrectionProposal): string {
  const fields = Object.entries(p.fields).map(([field, value]) => `${field}=${JSON.stringify(value)}`);
  const words = p.text === null ? "" : `  "${p.text.replace(/\s+/g, " ")}"`;
  return `${p.id}  ${p.at}  ${p.code} v${p.version}  ${p.province}/${p.commune}${fields.length ? `  ${fields.join(" ")}` : ""}${words}`;
}

export function registerOwnerCommands(program: Command): void {
  const owner = program.command("owner").description("the owner's answers to a notification: a confirmation by phone, the correction proposals");
  addDbOption(
    owner
      .command("confirm-phone")
      .description("record the confirmation an owner gave by phone: the eight digits of their notification")
      .argument("<code>", "the address code")
      .argument("<digits>", "the phone code as the owner reads it out (spaces and dashes ignored)")
      .option("--json", "machine-readable output"),
  ).action(async (code: string, digits: string, flags: { db?: string; json?: boolean }) => {
    try {
      const answer = await new OwnerService(cliStores(flags.db, "diachiso owner")).confirmByPhone(code, digits, { actor: `cli:${userInfo().username}` });
      if (flags.json) return printJson(answer);
      process.stdout.write(`${answer.code}: ${answer.status} (version ${answer.version})\n`);
    } catch (error) {
      throw cliStoreError(error);
    }
  });
  addDbOption(
    owner
      .command("proposals")
      .description("what owners said is wrong, oldest first (never applied: the surveyor decides)")
      .option("--province <code>", "new province (2 digits)")
      .option("--commune <code>", "new commune (5 digits)")
      .option("--code <code>", "one record")
      .option("--after <id>", "only proposals after this id (the last one printed)")
      .option("--limit <n>", "at most this many (default 100)")
      .option("--json", "machine-readable output"),
  ).action(async (flags: { db?: string; province?: string; commune?: string; code?: string; after?: string; limit?: string; json?: boolean }) => {
    if (flags.province !== undefined && !/^\d{2}$/.test(flags.province)) throw new CliError(`--province: a 2-digit new province code, got "${flags.province}"`, 2);
    if (flags.commune !== undefined && !/^\d{5}$/.test(flags.commune)) throw new CliError(`--commune: a 5-digit new commune code, got "${flags.commune}"`, 2);
    const after = flags.after === undefined ? undefined : parseWholeNumberArg("--after", flags.after, 0);
    const limit = flags.limit === undefined ? 100 : parseWholeNumberArg("--limit", flags.limit, 1, 10_000);
    try {
      const code = flags.code === undefined ? undefined : recordCode(flags.code);
      const items = await new OwnerService(cliStores(flags.db, "diachiso owner")).proposals({ province: flags.province, commune: flags.commune, code, after, limit });
      if (flags.json) return printJson(items);
      if (items.length === 0) process.stdout.write("no proposals\n");
      for (const item of items) process.stdout.write(`${proposalLine(item)}\n`);
    } catch (error) {
      throw cliStoreError(error);
    }
  });
}
