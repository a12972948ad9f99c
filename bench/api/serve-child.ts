/** `diachiso serve` as a benchmark's child process, and its memory as Linux reports it. */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLI_MAIN } from "../../src/testing/cli.js";

/**
 * Starts `serve` over `db` on a free port; settles once every worker has loaded the index. `nodeFlags`
 * go to Node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses), and serve's workers inherit them.
 * With `requestLog`, serve writes its request log (as it does unless `--quiet`) into a pipe this
 * process reads and drops, as a log collector would take it.
 */
export async function startServe(
  db: string,
  workers = 1,
  flags: readonly string[] = [],
  nodeFlags: readonly string[] = [],
  requestLog = false,
): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    [...nodeFlags, CLI_MAIN, "serve", "--db", db, "--port", "0", ...(requestLog ? [] : ["--quiet"]), "--workers", String(workers), ...flags],
    { stdio: ["ignore", requestLog ? "pipe" : "ignore", "pipe"] },
  );
  child.stdout?.resume();
  return { child, base: await listening(child, workers) };
}

/** Starts the bare server of floor-server.ts over the answers recorded in `answersFile`, `workers` processes. */
export async function startFloor(answersFile: string, workers = 1): Promise<{ child: ChildProcess; base: string }> {
  const script = fileURLToPath(new URL("floor-server.js", import.meta.url));
  const child = spawn(process.execPath, [script, answersFile, String(workers)], { stdio: ["ignore", "ignore", "pipe"] });
  return { child, base: await listening(child, workers) };
}

/** The URL a child server says it listens on, once each of its `workers` has said "ready". */
function listening(child: ChildProcess, workers: number): Promise<string> {
  let base = "";
  let text = "";
  return new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      base ||= /listening on (http:\/\/\S+)/.exec(text)?.[1] ?? "";
      if ((text.match(/ready/g) ?? []).length >= workers) resolve(base);
      if (/could not be opened/.test(text)) reject(new Error(text));
    });
    child.on("exit", (code) => reject(new Error(`${child.spawnargs.join(" ")} exited ${code}: ${text}`)));
  });
}

/** The resident memory of process `pid` and its children (serve's workers), MiB (Linux's /proc). */
export function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter((c) => c !== "");
  return Number(kb) / 1024 + children.reduce((sum, child) => sum + rssMiB(Number(child)), 0);
}

/** Linux reports a process's CPU time in clock ticks of USER_HZ, 100 a second on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

/**
 * The CPU time process `pid` and its children (serve's workers) have used, s (Linux's /proc): what
 * a request costs the server, whatever else runs on the machine.
 */
export function cpuSeconds(pid: number): number {
  // Fields after the command's closing parenthesis: state is the 3rd field, utime and stime the 14th and 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const own = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter((c) => c !== "");
  return own + children.reduce((sum, child) => sum + cpuSeconds(Number(child)), 0);
}
