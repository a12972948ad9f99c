/**
 * Test helpers for driving the real `diachiso` command (a child process, as a user runs it) and for
 * proving that a failed command left a store file exactly as it was. Used by tests only.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

/** The compiled CLI entry point. */
export const CLI_MAIN = fileURLToPath(new URL("../cli/main.js", import.meta.url));

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * stderr without the progress lines a slow import reports every few seconds when stderr is no
 * terminal ("import: FILE: 1,507 rows (100%), 97 rows/s, ETA 0 s"): on a busy machine a small
 * file takes that long, and the lines a test checks are the others.
 */
export function withoutProgress(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !/^import: .*: [\d,]+ rows \(\d+%\), [\d,.]+ rows\/s, ETA /.test(line))
    .join("\n");
}

/**
 * Runs `diachiso ...args` in a child process and waits for it. `env` is merged over the current
 * environment (pass `DIACHISO_DB: undefined` to remove a variable); `input` goes to stdin; `uid`
 * and `gid` run it as another user (a test running as root needs one for file permissions to apply).
 */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; input?: string; timeoutMs?: number; uid?: number; gid?: number } = {},
): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...options.env })) if (v !== undefined) env[k] = v;
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    env,
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
    uid: options.uid,
    gid: options.gid,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  child.stdin.end(options.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  return new Promise((resolve) =>
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    }),
  );
}

/**
 * What a store file holds, for before/after comparisons: SQLite's integrity check and a SHA-256 over
 * every row of every table (schema included). Independent of page layout, WAL
 * state and free pages, so a read that checkpoints or vacuums nothing changes it, and any lost,
 * added or altered row does. `null` when there is no file.
 */
export function storeFingerprint(path: string): { integrity: string; content: string } | null {
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const hash = createHash("sha256");
    const tables = db
      .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all();
    for (const { name, sql } of tables) {
      hash.update(`${sql}\n`);
      // Sorted as text: the same rows give the same hash whatever order the table returns them in.
      const rows: string[] = [];
      for (const row of db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).raw().iterate()) {
        rows.push(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : Buffer.isBuffer(v) ? v.toString("hex") : v)));
      }
      for (const row of rows.sort()) hash.update(`${row}\n`);
    }
    return { integrity, content: hash.digest("hex") };
  } finally {
    db.close();
  }
}
