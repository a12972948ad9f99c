/**
 * `diachiso notify`: delivers the queued owner notifications through one channel and prints a
 * one-line summary. Channel settings come from flags or the environment (secrets from the
 * environment only: a flag shows in the process list).
 */
import type { Command } from "commander";
import { CHANNELS, type ChannelName, NotificationService } from "../../services/notifications.js";
import { CliError, parseNumberArg, parseWholeNumberArg, printJson } from "../output.js";
import { addDbOption, cliStores } from "../store.js";

/** Where the owner page is served: the base of every link (`<URL>/o/<token>`). */
export const PUBLIC_URL_ENV = "DIACHISO_PUBLIC_URL";

interface NotifyOptions {
  db?: string;
  channel: string;
  limit?: string;
  out: string;
  publicUrl?: string;
  smtpUrl?: string;
  from?: string;
  gatewayUrl?: string;
  rate?: string;
  concurrency?: string;
  deliverers?: string;
  storeThread?: boolean;
  timeout?: string;
  json?: boolean;
}

export function registerNotifyCommand(program: Command): void {
  addDbOption(program.command("notify"))
    .description("Deliver queued owner notifications (records that became complete) through one channel.")
    .option("--channel <name>", `${CHANNELS.join(", ")}`, "file")
    .option("--limit <n>", "at most this many notifications")
    .option("--out <dir>", "file channel: the folder of the communes' CSVs and PDFs", "letters")
    .option("--public-url <url>", `the owner page's base URL (default $${PUBLIC_URL_ENV}; required)`)
    .option("--smtp-url <url>", "email: smtp://user:pass@host:587 (default $DIACHISO_SMTP_URL)")
    .option("--from <address>", "email: the sender (default $DIACHISO_MAIL_FROM)")
    .option("--gateway-url <url>", "sms/zalo: the gateway endpoint (default $DIACHISO_SMS_URL or $DIACHISO_ZALO_URL); its token from $DIACHISO_SMS_TOKEN or $DIACHISO_ZALO_TOKEN")
    .option("--rate <n>", "hand-overs per second at most (the gateway's limit)")
    .option("--concurrency <n>", "hand-overs in flight at once (sms/zalo: connections to the gateway)", "16")
    .option("--store-thread", "run the store's side (claims, records, messages, settles) in a thread of its own, beside the hand-overs (default for one sms, zalo or email deliverer over SQLite)")
    .option("--no-store-thread", "keep the store's side on the deliverer's thread")
    .option("--deliverers <n>", "sms/zalo/email: deliverers side by side, each a thread with its share of --concurrency, --limit and --rate", "1")
    .option("--timeout <ms>", "per request, ms", "10000")
    .option("--json", "print the summary as JSON")
    .action(async (opts: NotifyOptions) => {
      if (!(CHANNELS as readonly string[]).includes(opts.channel)) throw new CliError(`--channel must be one of ${CHANNELS.join(", ")}, got "${opts.channel}"`, 2);
      const channel = opts.channel as ChannelName;
      const publicUrl = opts.publicUrl ?? process.env[PUBLIC_URL_ENV];
      if (!publicUrl) throw new CliError(`notify: the owner page's URL is needed for the links: --public-url URL or $${PUBLIC_URL_ENV}`, 2);
      const upper = channel.toUpperCase();
      const started = performance.now();
      const summary = await new NotificationService(cliStores(opts.db, "notify")).deliver({
        channel,
        publicUrl,
        out: opts.out,
        smtpUrl: opts.smtpUrl ?? process.env.DIACHISO_SMTP_URL,
        from: opts.from ?? process.env.DIACHISO_MAIL_FROM,
        gatewayUrl: opts.gatewayUrl ?? process.env[`DIACHISO_${upper}_URL`],
        token: process.env[`DIACHISO_${upper}_TOKEN`] ?? null,
        timeoutMs: parseWholeNumberArg("--timeout", opts.timeout ?? "10000", 1),
        limit: opts.limit === undefined ? undefined : parseWholeNumberArg("--limit", opts.limit, 1),
        ratePerSecond: opts.rate === undefined ? undefined : parseNumberArg("--rate", opts.rate),
        concurrency: parseWholeNumberArg("--concurrency", opts.concurrency ?? "16", 1),
        deliverers: parseWholeNumberArg("--deliverers", opts.deliverers ?? "1", 1),
        storeThread: opts.storeThread,
      });
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      if (opts.json) printJson({ ...summary, seconds });
      else
        process.stdout.write(
          `notify ${channel}: ${summary.sent} sent, ${summary.failed} failed (to retry), ${summary.dead} dead letters${summary.lost ? `, ${summary.lost} taken over by another deliverer` : ""} of ${summary.claimed} claimed (${seconds} s)\n`,
        );
    });
}
