/**
 * The package as a user gets it: a real `npm pack` of this build, installed into an empty project
 * by a real `npm ci`, then a TypeScript program that imports every public subpath, compiled by the
 * project's own tsc against the installed declarations (library checks on) and run.
 *
 * Offline and quick, by design:
 * - The project's package-lock.json is made from this repository's: the tarball, plus every
 *   runtime entry of our lock (name, version, integrity), so that `npm ci --offline` installs the
 *   very versions `npm ci` put in npm's cache here, with no registry request (a plain `npm install`
 *   of the tarball would ask the registry for each dependency's versions, which the cache lacks).
 * - `--ignore-scripts` skips better-sqlite3's native build (minutes); the binary this repository
 *   built is copied in instead: the same version, by the lock, for the same Node.
 * The test fails, saying so, when npm's cache does not hold the dependencies (a cleared cache):
 * run `npm ci` again.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CANONICAL_FIELDS } from "./ingest/fields.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const dir = mkdtempSync(join(tmpdir(), "diachiso-library-"));
const project = join(dir, "consumer");
after(() => rmSync(dir, { recursive: true, force: true }));

interface PackageJson {
  name: string;
  version: string;
  license: string;
  main: string;
  types: string;
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson;

function run(
  command: string,
  args: string[],
  cwd: string,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, DIACHISO_PII_KEY: undefined, DIACHISO_DB: undefined },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The packed files, by path inside the package. */
let packed: string[] = [];
let tarball = "";

before(() => {
  mkdirSync(project);
  const pack = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT);
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = info.files.map((f) => f.path);
  tarball = join(dir, info.filename);
});

test("the packed package holds runtime code, its declarations and data only", () => {
  const unwanted = packed.filter((path) =>
    /\.test\.|\.map$|^dist\/(bench|scripts)\/|^dist\/src\/testing\/|^(test|test_data|docs|bench|scripts|src)\/|\.topo\.json$/.test(
      path,
    ),
  );
  assert.deepEqual(unwanted, []);
  for (const path of [
    "dist/src/index.js",
    "dist/src/index.d.ts",
    "dist/src/ingest/worker.js",
    "data/units.v2.json",
    "data/unit-links.v2.json",
    "data/boundaries/communes.v1.bin",
    "data/PROVENANCE.md",
  ]) {
    assert.ok(packed.includes(path), `${path} is packed`);
  }
  const scripts = packed.filter((path) => path.endsWith(".js"));
  for (const path of scripts) {
    assert.doesNotMatch(readFileSync(join(ROOT, path), "utf8"), /from "node:test"/, `${path}: test code`);
  }
  // Every packed module is reached from an entry point (an export, the command, the import's
  // worker) by its code or its declarations: anything else is a test helper or a build tool that
  // slipped in. A module is its path without ".js" or ".d.ts".
  const moduleOf = (path: string) => path.replace(/(\.d\.ts|\.js)$/, "");
  const entries = [
    ...Object.values(manifest.exports).flatMap((target) =>
      typeof target === "string" ? [] : [target.default],
    ),
    ...Object.values(manifest.bin),
  ].map((path) => moduleOf(posix.normalize(path)));
  const reached = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const module = pending.pop() as string;
    if (reached.has(module)) continue;
    reached.add(module);
    for (const file of [`${module}.js`, `${module}.d.ts`]) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const [, reference] of text.matchAll(/(?:from |import\(|new URL\()"(\.{1,2}\/[^"]+)\.js"/g)) {
        pending.push(posix.join(posix.dirname(module), reference));
      }
    }
  }
  // The web app's built pages are files `serve` sends (api/web-pages.ts), not modules anything imports.
  assert.ok(packed.includes("dist/web/index.html"), "the web app's pages are packed");
  const code = packed.filter((path) => path.startsWith("dist/") && !path.startsWith("dist/web/"));
  assert.deepEqual(
    code.filter((path) => !reached.has(moduleOf(path))),
    [],
    "packed but reached from no entry point",
  );
  assert.deepEqual(
    [...reached]
      .flatMap((module) => [`${module}.js`, `${module}.d.ts`])
      .filter((path) => !packed.includes(path)),
    [],
    "reached but not packed",
  );
});

test("installed from its tarball, every public subpath compiles from TypeScript and runs", () => {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const tarballSpec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: { diachiso: tarballSpec } },
    "node_modules/diachiso": {
      version: manifest.version,
      resolved: tarballSpec,
      integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages))
    if (path.startsWith("node_modules/") && !entry.dev) packages[path] = entry;
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: { diachiso: tarballSpec },
    }),
  );
  writeFileSync(
    join(project, "package-lock.json"),
    JSON.stringify({ name: "consumer", lockfileVersion: 3, requires: true, packages }),
  );
  const install = run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], project);
  assert.equal(
    install.status,
    0,
    `npm ci --offline (is npm's cache missing the dependencies? run npm ci): ${install.stderr}`,
  );
  const binary = "node_modules/better-sqlite3/build/Release/better_sqlite3.node";
  mkdirSync(dirname(join(project, binary)), { recursive: true });
  copyFileSync(join(ROOT, binary), join(project, binary));

  writeFileSync(
    join(project, "survey.csv"),
    `${CANONICAL_FIELDS.join(",")}\n${surveyRow("1", "12")}\n${surveyRow("2", "14")}\n`,
  );
  writeFileSync(join(project, "main.ts"), CONSUMER);
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        // The package's declarations are checked too, not only this program.
        skipLibCheck: false,
        types: ["node"],
        typeRoots: [join(ROOT, "node_modules/@types")],
        outDir: "out",
      },
      files: ["main.ts"],
    }),
  );
  const compile = run(process.execPath, [TSC, "-p", "tsconfig.json"], project);
  assert.equal(compile.status, 0, compile.stdout + compile.stderr);
  const program = run(process.execPath, ["out/main.js"], project);
  assert.equal(program.status, 0, program.stderr);
  assert.deepEqual(JSON.parse(program.stdout), {
    units: { converted: "Phường Sài Gòn", at: "79" },
    code: { display: "2TT-PF3-CM6M", valid: true },
    parse: { ward: "Đa Kao" },
    store: { backend: "sqlite", postgres: "unreachable" },
    services: {
      imported: 2,
      complete: 2,
      listed: 2,
      reported: 2,
      validated: 2,
      lookup: "Phường Bến Nghé",
      check: false,
    },
    search: {
      house: "house",
      label: "14 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh",
      near: 2,
      metres: 111,
    },
    privateModules: "ERR_PACKAGE_PATH_NOT_EXPORTED",
  });
  const command = run(
    join(project, "node_modules/.bin/diachiso"),
    ["units", "show", "79", "--structure", "new", "--json"],
    project,
  );
  assert.equal(command.status, 0, command.stderr);
  assert.equal(JSON.parse(command.stdout)[0].code, "79");
});

/** A survey row that becomes a complete record in Phường Sài Gòn (26740). */
function surveyRow(id: string, houseNumber: string): string {
  return `${id},household,,${houseNumber},,Lê Lợi,,,,26740,,,,79,,10.7769,106.7009,Nguyễn Văn An,0912345678,,`;
}

/** The user's program: every subpath imported and called, the answers printed as one JSON document. */
const CONSUMER = `
import { CodeService, ImportService, RecordService, ReportService, SearchService, SearchSession, ServiceError, storeAt, UnitService, ValidationService } from "diachiso";
import { formatCode, validate } from "diachiso/code";
import { parseAddress } from "diachiso/parse";
import { type SearchResult, distanceM } from "diachiso/search";
import { type AddressRecord, openStore, StoreLocationError } from "diachiso/store";
import { loadRegistry, unitsAt } from "diachiso/units";

const registry = loadRegistry();
const converted = registry.convertOld("26740").to[0].unit.fullName;
const at = unitsAt(registry, 10.7725, 106.698)?.new.province.code;
// The declarations are real types, not \`any\`: a wrong structure does not compile (never called).
function wrongStructure() {
  // @ts-expect-error "newest" is not a Structure
  return registry.list("newest", "ward");
}
void wrongStructure;

const code = formatCode("2TTPF3CM6M");
const valid = validate(code).valid;
const ward = parseAddress("12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM").old?.ward?.name;

const store = await openStore("addresses.db");
const backend = store.backend;
await store.close();
const postgres = await openStore("postgres://127.0.0.1:1/addresses").then(
  () => "opened",
  (error: unknown) => (error instanceof StoreLocationError ? error.problem : String(error)),
);

const stores = storeAt("addresses.db");
const summary = await new ImportService(stores).import({ files: ["survey.csv"] });
const page = await new RecordService(stores).list({ status: "complete" });
const first: AddressRecord = page.items[0];
const report = await new ReportService(stores).report("province");
const validation = await new ValidationService(stores).validate();
const lookup = new UnitService().lookup("P.Bến Nghé, Q1, TPHCM")[0].unit.fullName;
const check = new CodeService().check("2TTPF3CM6N").valid;
const refused = await new RecordService(stores).show("").catch((error: unknown) => error instanceof ServiceError);
const session = new SearchSession(await new SearchService().open(stores));
const found: SearchResult | undefined = session.search("14 Lê Lợi, Phường Sài Gòn, TP.HCM").results[0];
const near = session.reverse(10.7769, 106.7009, { radius: 10 }).results.length;

const privateModules = await import("diachiso/dist/src/store/sqlite/sqlite-store.js" as string).then(
  () => "imported",
  (error: { code?: string }) => error.code,
);

if (!first.code || !refused) throw new Error("no record, or an empty code not refused");
process.stdout.write(JSON.stringify({
  units: { converted, at },
  code: { display: code, valid },
  parse: { ward },
  store: { backend, postgres },
  services: {
    imported: summary.accepted,
    complete: summary.complete,
    listed: page.items.length,
    reported: report.total.total,
    validated: validation.records,
    lookup,
    check,
  },
  search: { house: found?.match, label: found?.label, near, metres: Math.round(distanceM(10.7769, 106.7009, 10.7779, 106.7009)) },
  privateModules,
}));
`;
