import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

interface Step {
  say: string;
  args: string[];
  /** Pull a value out of this step's output for later steps (e.g. a code). */
  capture?: (stdout: string) => Record<string, string>;
  /** Non-zero exit is the point of the step (a typo caught by the check character). */
  expectFailure?: boolean;
}

/**
 * `diachiso tour`: runs the main commands one after another on the embedded default (a SQLite
 * file in a temporary folder), printing each command as a user would type it and its output.
 */
export function registerTourCommand(program: Command): void {
  program
    .command("tour")
    .description("a guided run through the main commands, on a temporary embedded database")
    .option("--keep", "keep the temporary folder (database and sample file) afterwards")
    .action((opts: { keep?: boolean }) => {
      const dir = mkdtempSync(join(tmpdir(), "diachiso-tour-"));
      const db = join(dir, "diachiso.db");
      const sample = join(dir, "sample.csv");
      const vars: Record<string, string> = {};
      const steps: Step[] = [
        { say: "Find a unit however it is written: abbreviations, no diacritics, aliases.", args: ["units", "lookup", "P.Ben Nghe, Q1, TPHCM"] },
        { say: "Shared names are never guessed: every candidate comes with its parents.", args: ["units", "lookup", "xa kim chung", "--within", "01"] },
        { say: "Convert an old ward to the 2025 structure (this one was split in two).", args: ["units", "convert", "Phường Tràng Tiền, Hoàn Kiếm, Hà Nội"] },
        { say: "Which commune is this point in, now and before 2025?", args: ["units", "at", "10.7725", "106.6980"] },
        {
          say: "Give the point a digital address code: decodable offline, with a check character.",
          args: ["code", "encode", "10.7725", "106.6980", "--json"],
          capture: (out) => ({ code: (JSON.parse(out) as { code: string }).code }),
        },
        { say: "Decode it back to its ~3 m cell without any database.", args: ["code", "decode", "{code}"] },
        { say: "A mistyped code is caught, with the codes one edit away as suggestions.", args: ["code", "check", "{typo}"], expectFailure: true },
        { say: "Read a free-text address as people type it, in both structures.", args: ["parse", "12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM"] },
        { say: "Generate a realistic survey file (deterministic for a seed).", args: ["generate", "--count", "2000", "--seed", "7", "--out", sample] },
        { say: "Import it: validation, unit conversion, codes, completeness rules.", args: ["import", sample, "--db", db] },
        { say: "The progress funnel per province.", args: ["report", "--db", db, "--by", "province"] },
        { say: "Search the records as people type: no diacritics, old or new units, typos.", args: ["search", "1/80/10 bach mai, p. ben thanh, q1, tphcm", "--db", db, "--limit", "3"] },
        { say: "Reverse geocoding: the nearest addresses and the units at a point.", args: ["reverse", "10.7725", "106.6980", "--radius", "500", "--db", db, "--limit", "3"] },
      ];
      process.stdout.write(`diachiso tour — working folder ${dir}\n`);
      try {
        for (const step of steps) {
          const args = step.args.map((a) => a.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? `{${k}}`));
          process.stdout.write(`\n# ${step.say}\n$ diachiso ${args.map(quote).join(" ")}\n`);
          let stdout: string;
          try {
            stdout = execFileSync(process.execPath, [MAIN, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
          } catch (error) {
            const failed = error as { stdout?: string; stderr?: string; status?: number };
            process.stdout.write(`${failed.stdout ?? ""}${failed.stderr ?? ""}`);
            if (!step.expectFailure) throw new Error(`tour step failed (exit ${failed.status}): diachiso ${args.join(" ")}`);
            process.stdout.write(`(exit code ${failed.status})\n`);
            continue;
          }
          process.stdout.write(stdout);
          if (step.capture) {
            Object.assign(vars, step.capture(stdout));
            if (vars.code) vars.typo = mistype(vars.code);
          }
        }
        process.stdout.write(`\nDone. Try \`diachiso --help\` and the README's CLI tour for more.\n`);
      } finally {
        if (!opts.keep) rmSync(dir, { recursive: true, force: true });
      }
    });
}

function quote(arg: string): string {
  return /^[\w./:-]+$/.test(arg) ? arg : `"${arg}"`;
}

/** Swaps two adjacent characters of the code's first group: the commonest copying mistake. */
function mistype(code: string): string {
  const chars = [...code];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i] !== chars[i - 1]) {
      [chars[i - 1], chars[i]] = [chars[i], chars[i - 1]];
      return chars.join("");
    }
  }
  return code;
}
