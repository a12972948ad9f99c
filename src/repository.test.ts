/**
 * The repository's own text holds no merge left half done: a conflict's markers committed by
 * mistake read as prose in a document and break nothing else, so nothing else would catch them.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Built, installed or generated folders, and the shipped data (large, made by scripts/). */
const SKIPPED = new Set(["node_modules", "dist", ".git", "data"]);
const TEXT = /\.(ts|js|mjs|md|json|sh|yml|yaml|html|css|txt)$/;
const MARKER = /^(<{7} |>{7} |={7}$)/m;

function textFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...textFiles(path));
    else if (TEXT.test(entry.name)) out.push(path);
  }
  return out;
}

test("no file of the repository holds a merge conflict's markers", () => {
  const files = textFiles(ROOT);
  assert.ok(files.some((f) => f.endsWith("ARCHITECTURE.md")), "the walk reaches the repository's documents");
  const marked = files.filter((file) => MARKER.test(readFileSync(file, "utf8"))).map((file) => relative(ROOT, file));
  assert.deepEqual(marked, []);
});
