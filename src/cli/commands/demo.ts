/**
 * `diachiso demo`: the platform on a laptop in one command (`npm start`). It generates a survey of
 * a province or two, imports it (building the search index), and serves the web app and the API
 * over it, printing where to open them. The sample is kept in its folder, so the next run starts
 * at once; `--fresh` draws it again. Generation and import run as the CLI's own commands, in child
 * processes, exactly as a user would run them. The sample gets an administrator's key (made by
 * `keys create`, kept beside it in demo.key), printed with the operators' pages that ask for one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { RecordService } from "../../services/records.js";
import { storeAt } from "../../services/stores.js";
import { CliError, parseWholeNumberArg } from "../output.js";
import { serveStore } from "./serve.js";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("a sample survey generated, imported and served with the web app (what `npm start` runs)")
    .option("--dir <folder>", "where the sample and its store are kept", join(tmpdir(), "diachiso-demo"))
    .option("--count <n>", "records to generate", "20000")
    .option("--province <code...>", "new provinces to draw from", ["01", "79"])
    .option("--seed <n>", "PRNG seed of the sample", "1")
    .option("--port <n>", "TCP port (0: any free one)", "8080")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--fresh", "draw and import the sample again even when one is kept")
    .action(async (flags: { dir: string; count: string; province: string[]; seed: string; port: string; host: string; fresh?: boolean }) => {
      const count = parseWholeNumberArg("--count", flags.count, 1, 1_000_000);
      const seed = parseWholeNumberArg("--seed", flags.seed, 0);
      const port = parseWholeNumberArg("--port", flags.port, 0, 65535);
      const db = join(flags.dir, "demo.db");
      const keyFile = join(flags.dir, "demo.key");
      const say = (line: string) => process.stderr.write(`diachiso demo: ${line}\n`);
      if (flags.fresh || !existsSync(db)) {
        // Only the demo's own files go: --dir may name a folder that holds other things.
        mkdirSync(flags.dir, { recursive: true });
        for (const name of readdirSync(flags.dir))
          if (name.startsWith("demo.db") || name.startsWith("survey.csv") || name === "demo.key") rmSync(join(flags.dir, name), { force: true });
        const sample = join(flags.dir, "survey.csv");
        say(`generating ${count.toLocaleString("en")} addresses in province(s) ${flags.province.join(", ")}…`);
        run(["generate", "--count", String(count), "--seed", String(seed), "--province", ...flags.province, "--out", sample]);
        say("importing them and building the search index…");
        run(["import", sample, "--db", db]);
        // Owner-only: whoever holds it may do anything to the sample's store.
        writeFileSync(keyFile, run(["keys", "create", "--db", db, "--name", "diachiso demo", "--role", "admin"]).trim(), { mode: 0o600 });
      } else say(`using the sample kept in ${flags.dir} (--fresh draws it again)`);
      const example = (await new RecordService(storeAt(db)).list({ limit: 1 })).items[0]?.code;
      const key = existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : null;
      await serveStore({
        db,
        port,
        host: flags.host,
        quiet: true,
        workers: 1,
        onListening: (address) => {
          say(`open ${address}/ to search (the index is loading: a few seconds)`);
          if (example) say(`an address card: ${address}/a/${example}`);
          if (key) say(`the operators' dashboard: ${address}/dashboard and batch geocoding: ${address}/batch (the sample's key: ${key})`);
          say(`the API and its documentation: ${address}/docs   (Ctrl-C stops)`);
        },
      });
    });
}

/** Runs one of the CLI's own commands as a child process, answering its stdout; its failure is this command's one line. */
function run(args: string[]): string {
  try {
    return execFileSync(process.execPath, [MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    const failed = error as { stderr?: string; status?: number };
    const reason = (failed.stderr ?? "").trim().split("\n").at(-1) ?? `exit ${failed.status}`;
    throw new CliError(`diachiso ${args[0]} failed: ${reason.replace(/^diachiso: /, "")}`, 1);
  }
}
