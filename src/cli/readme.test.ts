/**
 * README.md's CLI tour, run as written: every `npx diachiso …` line of the section, in order, by a
 * shell in an empty folder (with `npx diachiso` standing for the compiled CLI, so that the test
 * does not install anything). A line must exit 0, or 1 where its comment says "exit 1"; CODE is a
 * code printed by the tour's own `address list` line.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CLI_MAIN } from "../testing/cli.js";

const README = new URL("../../../README.md", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "diachiso-readme-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The shell lines of the README section `## CLI tour` that run the command. */
function tourLines(): string[] {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf("## CLI tour");
  assert.ok(start >= 0, "README has a CLI tour");
  const end = text.indexOf("\n## ", start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  const lines: string[] = [];
  let inShell = false;
  for (const line of section.split("\n")) {
    if (line.startsWith("```")) inShell = line === "```sh";
    else if (inShell && line.includes("npx diachiso")) lines.push(line);
  }
  return lines;
}

test("every command of the README's CLI tour runs as shown", () => {
  const lines = tourLines();
  assert.ok(lines.length >= 20, `found ${lines.length} lines`);
  const cli = `"${process.execPath}" "${CLI_MAIN}"`;
  let code = "";
  for (const line of lines) {
    if (line.includes(" CODE ")) assert.notEqual(code, "", `a code from the tour's address list line before: ${line}`);
    const command = line.replaceAll("npx diachiso", cli).replaceAll(" CODE ", ` ${code} `);
    const result = spawnSync("sh", ["-c", command], { cwd: dir, encoding: "utf8", env: { ...process.env, DIACHISO_DB: undefined } });
    const expected = /#.*\bexit 1\b/.test(line) ? 1 : 0;
    assert.equal(result.status, expected, `${line}\n${result.stderr}`);
    if (expected === 0) assert.doesNotMatch(result.stderr, /^diachiso: /m, line);
    if (line.includes("address list")) code = result.stdout.split(/\s/)[0];
  }
});
