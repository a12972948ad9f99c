/** The `diachiso code` commands, run as a user runs them: the built CLI in a child process. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { encode } from "./index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const main = resolve(root, "dist/src/cli/main.js");

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, "code", ...args], { input, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("encode --json prints code, display, centre and bounds", () => {
  const r = run(["encode", "21.0285", "105.8542", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ["code", "display", "lat", "lon", "bounds"]);
  assert.equal(out.code, encode(21.0285, 105.8542));
  assert.deepEqual(Object.keys(out.bounds), ["south", "west", "north", "east"]);
});

test("encode --unit appends the unit suffix and decode --json returns the same shape plus unit", () => {
  const enc = JSON.parse(run(["encode", "10.772461", "106.698055", "--unit", "42", "--json"]).stdout);
  const r = run(["decode", enc.display, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const dec = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(dec), ["code", "display", "lat", "lon", "bounds", "unit"]);
  assert.equal(dec.unit, 42);
  assert.equal(dec.code, enc.code);
});

test("decode accepts a code typed in several words and lower case", () => {
  const code = encode(16.061111, 108.227222);
  const r = run(["decode", code.slice(0, 3).toLowerCase(), code.slice(3, 6), code.slice(6), "--json"]);
  assert.equal(JSON.parse(r.stdout).code, code);
});

test("check exits 0 for a valid code and 1 with a reason and suggestions for a typo", () => {
  const code = encode(8.645, 111.919722);
  assert.equal(run(["check", code]).status, 0);
  const typo = code.slice(0, 4) + code[5] + code[4] + code.slice(6);
  const r = run(["check", typo, "--json"]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.valid, false);
  assert.equal(out.reason, "check");
  assert.ok(out.suggestions.map((s: string) => s.replaceAll("-", "")).includes(code));
});

test("out-of-box points and bad codes fail with a one-line message and exit 1; usage errors exit 2", () => {
  const r = run(["encode", "30", "100"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Latitude 30 is outside/);
  assert.equal(run(["decode", "ABC"]).status, 1);
  assert.equal(run(["encode", "abc", "100"]).status, 2);
  assert.equal(run(["encode"]).status, 2);
});

test("--ndjson modes answer every stdin line in order, with an error object for a bad line", () => {
  const enc = run(["encode", "--ndjson"], "21 105.8\n30 100\n21,106,5\n");
  const lines = enc.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.ok(lines[0].code && lines[2].unit === 5);
  assert.equal(lines[1].input, "30 100");
  assert.match(lines[1].error, /outside/);
  assert.equal(enc.status, 1);
  const codes = `${lines[0].code}\nnot-a-code\n${lines[2].display}\n7PH72VH3+CM4\n`;
  const dec = run(["decode", "--ndjson"], codes)
    .stdout.trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(dec.length, 4);
  assert.equal(dec[0].code, lines[0].code);
  assert.ok(dec[1].error);
  assert.equal(dec[2].unit, 5);
  assert.equal(dec[3].format, "plus-code");
  const chk = run(["check", "--ndjson"], `${lines[0].code}\n${lines[0].code.slice(0, 9)}2\n`);
  const checks = chk.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    checks.map((c) => c.valid),
    [true, false],
  );
  assert.ok(Array.isArray(checks[1].suggestions) && checks[1].error);
});

test("decode takes a Vpostcode with a short Plus Code only with --near, and says why otherwise", () => {
  const without = run(["decode", "10000", "2VH3+CM"]);
  assert.equal(without.status, 1);
  assert.match(without.stderr, /reference location/);
  const withNear = run(["decode", "10000 2VH3+CM", "--near", "21,105.8", "--json"]);
  assert.equal(withNear.status, 0, withNear.stderr);
  assert.equal(JSON.parse(withNear.stdout).postcode, "10000");
});
