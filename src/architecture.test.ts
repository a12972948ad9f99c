/**
 * Dependencies point one way (ARCHITECTURE.md): read every source file's imports (TypeScript's own
 * pre-processor, so comments and strings are not taken for imports) and check the folder graph.
 *
 * Nodes are the capability folders directly under src/ (`store/sqlite` is part of `store`); an
 * edge is any import, type-only imports included, from a file of one folder to a file of another.
 * Test files are left out: a test may drive the product from anywhere downstream (a store test
 * importing a survey file through the importer), which is not a dependency of the product.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import ts from "typescript";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

interface ImportEdge {
  /** Importing file and imported file, relative to src/. */
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

/** Every relative import of the product's files, resolved to the file it names. */
function importEdges(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolve(dirname(file), fileName).replace(/\.js$/, ".ts");
      edges.push({ from: relative(SRC, file), to: relative(SRC, target) });
    }
  }
  return edges;
}

/** The capability folder of a path relative to src/ ("." for a file directly in src/). */
const folderOf = (path: string) => (path.includes(sep) ? path.split(sep)[0] : ".");

/** Folder cycles, each as its folders in order with one file import per step. */
function folderCycles(edges: readonly ImportEdge[]): string[] {
  const graph = new Map<string, Map<string, ImportEdge>>();
  for (const edge of edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, edge);
  }
  // A cycle through each folder, found by walking back from it: every cycle passes some folder.
  const cycles = new Set<string>();
  for (const start of graph.keys()) {
    const path: string[] = [start];
    const seen = new Set<string>([start]);
    const walk = (folder: string): boolean => {
      for (const next of graph.get(folder)?.keys() ?? []) {
        if (next === start) {
          const steps = [...path, start].map((f, i, all) => (i === 0 ? f : `${f} (${graph.get(all[i - 1])!.get(f)!.from})`));
          const key = [...path].sort().join(",");
          if (![...cycles].some((c) => c.startsWith(`${key}:`))) cycles.add(`${key}: ${steps.join(" → ")}`);
          return true;
        }
        if (seen.has(next)) continue;
        seen.add(next);
        path.push(next);
        if (walk(next)) return true;
        path.pop();
      }
      return false;
    };
    walk(start);
  }
  return [...cycles].map((c) => c.slice(c.indexOf(": ") + 2));
}

test("no folder under src/ depends on itself through other folders", () => {
  const edges = importEdges();
  assert.ok(edges.length > 300, `${edges.length} imports read`);
  assert.deepEqual(folderCycles(edges), []);
});

test("the cycle check finds a cycle when there is one", () => {
  const edges: ImportEdge[] = [
    { from: "ingest/import.ts", to: "store/store.ts" },
    { from: "store/sqlite/sqlite-store.ts", to: "rules/evaluate.ts" },
    { from: "rules/revalidate.ts", to: "ingest/dedupe.ts" },
    { from: "report/report.ts", to: "rules/ruleset.ts" },
  ];
  assert.deepEqual(folderCycles(edges), [
    "ingest → store (ingest/import.ts) → rules (store/sqlite/sqlite-store.ts) → ingest (rules/revalidate.ts)",
  ]);
  assert.deepEqual(folderCycles(edges.slice(0, 2)), []);
});

test("the CLI reaches the store through the service layer, never store/sqlite/ itself", () => {
  const direct = importEdges().filter((e) => folderOf(e.from) === "cli" && e.to.startsWith(`store${sep}sqlite${sep}`));
  assert.deepEqual(
    direct.map((e) => `${e.from} → ${e.to}`),
    [],
  );
});

test("the HTTP API's routes reach the store only through the services: no store module but the shared types", () => {
  // The server is handed an opened store and lends it to the services (sharedStore); a route imports
  // no store code at all, and nothing under api/ imports the SQLite backend.
  const direct = importEdges().filter(
    (e) => folderOf(e.from) === "api" && !e.from.includes(".test.") && e.to.startsWith(`store${sep}`) && !/^store[\\/](store|open)\.ts$/.test(e.to),
  );
  assert.deepEqual(
    direct.map((e) => `${e.from} → ${e.to}`),
    [],
  );
  const routes = importEdges().filter((e) => e.from.startsWith(`api${sep}routes${sep}`) && e.to.startsWith(`store${sep}`));
  assert.deepEqual(
    routes.map((e) => `${e.from} → ${e.to}`),
    [],
  );
});
