/**
 * The command line's error table (docs/reliability.md, "Command-line error paths"), walked with the
 * real command in a child process. Every case must answer with exactly one line on stderr that names
 * the offending path or value (never the safety net's "unexpected error"), exit 1 for bad input or 2
 * for bad usage, print nothing on stdout, and leave every store and file it was pointed at as it was:
 * same content hash and a passing integrity check for a store, same bytes for any other file, and no
 * new file beside it (-wal, -shm, .pii-key, a rejects file).
 *
 * File permissions do not bind root, and CI runs as root: the cases about read-only files and
 * folders then run the command as uid/gid 65534 ("nobody") over fixtures owned by root.
 *
 * Longer than our other files on purpose: it is one table, row by row as docs/reliability.md lists
 * it, and one file keeps the two easy to compare.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { SCHEMA_VERSION } from "../store/sqlite/migrations.js";
import { CLI_MAIN, type CliResult, runCli, storeFingerprint } from "../testing/cli.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-cli-errors-"));
const scratch = mkdtempSync(join(tmpdir(), "diachiso-cli-errors-copies-"));
const at = (...parts: string[]) => join(dir, ...parts);

const survey = at("survey.csv");
const store = at("store.db");
const missingFolderDb = at("no-such-folder", "store.db");
const folderDb = at("folder.db");
const textDb = at("text.db");
const otherAppDb = at("other-app.db");
const newerDb = at("newer.db");
const emptyDb = at("empty.db");
const absentDb = at("absent.db");
const loopDb = at("loop.db");
/** A store its owner may read but not write, in a folder anyone may write. */
const readOnlyFileDb = at("ro-file", "store.db");
/** A store anyone may write, in a folder nobody but its owner may write; a survey file beside it. */
const readOnlyFolderDb = at("ro-folder", "store.db");
const readOnlyFolderSurvey = at("ro-folder", "survey.csv");
/** A folder anyone may write: where the restricted user's new stores go. */
const writableFolder = at("rw");
const unreadableSurvey = at("rw", "secret.csv");
/** A survey file whose rejects file the restricted user may write. */
const writableSurvey = at("rw", "survey.csv");

/** How to run the command as a user the read-only fixtures bind, or why that is impossible here. */
const restricted: { ids: { uid?: number; gid?: number }; skip: string | false } = { ids: {}, skip: false };

/** A code of a record in `store`, found after the import. */
let code = "";

before(async () => {
  chmodSync(dir, 0o755);
  const generated = await runCli(["generate", "--count", "60", "--seed", "11", "--out", survey]);
  assert.equal(generated.status, 0, generated.stderr);
  const imported = await runCli(["import", survey, "--db", store]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(existsSync(`${store}-wal`), false, "the import closed the store cleanly");
  const changes = await runCli(["address", "changes", "--db", store, "--limit", "1", "--json"]);
  code = JSON.parse(changes.stdout)[0].code;

  mkdirSync(folderDb);
  writeFileSync(textDb, "external_id,street\n1,Phố Huế\n");
  writeFileSync(emptyDb, "");
  const other = new Database(otherAppDb);
  other.pragma("application_id = 1234");
  other.exec(
    "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts (name) VALUES ('a')",
  );
  other.close();
  copyFileSync(store, newerDb);
  const newer = new Database(newerDb);
  newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  newer.close();
  symlinkSync(loopDb, loopDb);
  copyFileSync(survey, at("rejects-folder.csv"));
  mkdirSync(at("rejects-folder.csv.rejects.csv"));

  for (const folder of ["ro-file", "ro-folder", "rw"]) mkdirSync(at(folder));
  copyFileSync(store, readOnlyFileDb);
  copyFileSync(store, readOnlyFolderDb);
  copyFileSync(survey, readOnlyFolderSurvey);
  copyFileSync(survey, unreadableSurvey);
  copyFileSync(survey, writableSurvey);
  chmodSync(readOnlyFileDb, 0o444);
  chmodSync(at("ro-file"), 0o777);
  chmodSync(readOnlyFolderDb, 0o666);
  chmodSync(readOnlyFolderSurvey, 0o644);
  chmodSync(at("ro-folder"), 0o555);
  chmodSync(writableFolder, 0o777);
  chmodSync(unreadableSurvey, 0o000);

  if (process.getuid?.() === 0) {
    restricted.ids = { uid: 65534, gid: 65534 };
    const probe = await runCli(["--version"], restricted.ids);
    if (probe.status !== 0)
      restricted.skip = `the CLI cannot run as uid 65534 here (is the checkout readable by other users?): ${probe.stderr.trim()}`;
  } else if (writable(readOnlyFileDb)) {
    restricted.skip = "this user may write a file with mode 0444, so read-only files cannot be tried";
  }
});

after(() => {
  for (const folder of ["ro-file", "ro-folder", "rw"])
    if (existsSync(at(folder))) chmodSync(at(folder), 0o755);
  rmSync(dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

function writable(path: string): boolean {
  try {
    writeFileSync(path, readFileSync(path), { flag: "r+" });
    return true;
  } catch {
    return false;
  }
}

/** The fixtures in WAL mode: any command that reads one has its -wal and -shm files while it runs. */
const walStores = new Set([store, newerDb, readOnlyFileDb, readOnlyFolderDb]);

/** What lies in `folder`, but for the -wal and -shm files that cases running meanwhile may hold open. */
function listing(folder: string): string {
  if (!existsSync(folder)) return "(no folder)";
  const transient = (name: string) =>
    /-(wal|shm)$/.test(name) && walStores.has(join(folder, name.slice(0, -4)));
  return readdirSync(folder)
    .filter((name) => !transient(name))
    .sort()
    .join(" ");
}

let copies = 0;
/**
 * What is at `path`, for before/after comparison, and what lies beside it. A store is fingerprinted
 * through a copy: a read-only fingerprint leaves -wal and -shm files behind, and those would let a
 * later case read a store in a read-only folder that it must not be able to read.
 */
function snapshot(path: string): string {
  const beside = listing(dirname(path));
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(path);
  } catch {
    return `absent; beside: ${beside}`;
  }
  if (stat.isDirectory()) return `folder [${readdirSync(path).sort().join(" ")}]; beside: ${beside}`;
  // The bytes catch what a content hash cannot: a database switched to WAL mode, say.
  const bytes = readFileSync(path);
  const hash = createHash("sha256").update(bytes).digest("hex");
  if (!bytes.subarray(0, 16).equals(Buffer.from("SQLite format 3\0", "latin1")))
    return `bytes ${hash}; beside: ${beside}`;
  const copy = join(scratch, `${++copies}.db`);
  copyFileSync(path, copy);
  try {
    copyFileSync(`${path}-wal`, `${copy}-wal`);
  } catch (error) {
    // None, or a reader running meanwhile has just closed it (empty: readers write nothing).
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const print = storeFingerprint(copy);
  assert.equal(print?.integrity, "ok", `integrity of ${path}`);
  return `store ${print?.content}, bytes ${hash}; beside: ${beside}`;
}

interface ErrorCase {
  /** What is wrong, as the table in docs/reliability.md says it. */
  what: string;
  /** The command's arguments; "{code}" stands for a record of the sample store. */
  args: string[];
  exit: 1 | 2;
  /** What the one line must contain: the offending path or value, and the problem. */
  names: (string | RegExp)[];
  /** Paths that must be left exactly as they were. */
  untouched?: string[];
  env?: Record<string, string | undefined>;
  /** Run as a user that the read-only fixtures bind. */
  restricted?: boolean;
}

const dbCommands = (db: string, surveyFile = survey): { name: string; args: string[] }[] => [
  { name: "import", args: ["import", surveyFile, "--db", db] },
  { name: "report", args: ["report", "--db", db] },
  { name: "validate", args: ["validate", "--db", db] },
  { name: "address show", args: ["address", "show", "{code}", "--db", db] },
  {
    name: "address set-status",
    args: ["address", "set-status", "{code}", "complete", "--reason", "checked", "--db", db],
  },
  {
    name: "address erase-personal-data",
    args: ["address", "erase-personal-data", "{code}", "--reason", "request", "--db", db],
  },
];

const STORE_CASES: ErrorCase[] = [
  ...dbCommands(missingFolderDb).map((c) => ({
    what: `${c.name}: --db in a missing folder`,
    args: c.args,
    exit: 1 as const,
    names: [missingFolderDb, /folder .* does not exist/],
    untouched: [missingFolderDb],
  })),
  ...dbCommands(folderDb).map((c) => ({
    what: `${c.name}: --db is a folder`,
    args: c.args,
    exit: 1 as const,
    names: [folderDb, "is a folder"],
    untouched: [folderDb],
  })),
  ...dbCommands(textDb).map((c) => ({
    what: `${c.name}: --db is a file that is not a database`,
    args: c.args,
    exit: 1 as const,
    names: [textDb, "not an SQLite database"],
    untouched: [textDb],
  })),
  ...dbCommands(otherAppDb).map((c) => ({
    what: `${c.name}: --db is another application's database`,
    args: c.args,
    exit: 1 as const,
    names: [otherAppDb, "not a diachiso address store", "application_id 1234"],
    untouched: [otherAppDb],
  })),
  ...dbCommands(newerDb).map((c) => ({
    what: `${c.name}: --db is a store of a newer schema`,
    args: c.args,
    exit: 1 as const,
    names: [newerDb, `v${SCHEMA_VERSION + 1} is newer than this program's v${SCHEMA_VERSION}`],
    untouched: [newerDb],
  })),
  ...dbCommands(absentDb)
    .filter((c) => c.name !== "import")
    .map((c) => ({
      what: `${c.name}: no store at --db`,
      args: c.args,
      exit: 1 as const,
      names: [`no address store at ${absentDb}`],
      untouched: [absentDb],
    })),
  ...dbCommands(emptyDb)
    .filter((c) => c.name !== "import")
    .map((c) => ({
      what: `${c.name}: --db is an empty file`,
      args: c.args,
      exit: 1 as const,
      names: [emptyDb, "empty file"],
      untouched: [emptyDb],
    })),
  // Port 1 of the loopback: nothing listens, so the connection is refused at once.
  ...dbCommands("postgres://diachiso:s3cret@127.0.0.1:1/addresses").map((c) => ({
    what: `${c.name}: --db is a PostgreSQL URL of a server that cannot be reached`,
    args: c.args,
    exit: 1 as const,
    // The password is never printed: the URL is named with "***" in its place.
    names: ["postgres://diachiso:***@127.0.0.1:1/addresses", "cannot use the PostgreSQL server"],
  })),
  ...dbCommands("mysql://db.example/addresses").map((c) => ({
    what: `${c.name}: --db is a URL of an unknown kind`,
    args: c.args,
    exit: 2 as const,
    names: ["mysql://db.example/addresses", 'unknown kind of store "mysql:"'],
  })),
  {
    what: "address show: --db sqlite: names no file",
    args: ["address", "show", "{code}", "--db", "sqlite:"],
    exit: 2,
    names: ['--db must name a file, got "sqlite:"'],
  },
  {
    what: "address show: $DIACHISO_DB names a missing store",
    args: ["address", "show", "{code}"],
    env: { DIACHISO_DB: absentDb },
    exit: 1,
    names: [`no address store at ${absentDb}`],
    untouched: [absentDb],
  },
  {
    what: 'import: --db ""',
    args: ["import", survey, "--db", ""],
    exit: 2,
    names: ['--db must name a file, got ""'],
  },
  {
    what: "import: --db :memory:",
    args: ["import", survey, "--db", ":memory:"],
    exit: 2,
    names: ['--db must name a file, got ":memory:"'],
  },
  ...["import", "address set-status", "address erase-personal-data", "validate"].map((name) => ({
    what: `${name}: the store file is read-only`,
    args: dbCommands(readOnlyFileDb, writableSurvey).find((c) => c.name === name)?.args ?? [],
    exit: 1 as const,
    names: [readOnlyFileDb, "read-only"],
    untouched: [readOnlyFileDb],
    restricted: true,
  })),
  ...["import", "address set-status", "address erase-personal-data", "validate"].map((name) => ({
    what: `${name}: the store's folder is read-only`,
    args: dbCommands(readOnlyFolderDb, writableSurvey).find((c) => c.name === name)?.args ?? [],
    exit: 1 as const,
    names: [readOnlyFolderDb, `the folder ${dirname(readOnlyFolderDb)} is read-only`],
    untouched: [readOnlyFolderDb],
    restricted: true,
  })),
  {
    what: "report: a store in WAL mode in a read-only folder (SQLite must create -shm to read it)",
    args: ["report", "--db", readOnlyFolderDb],
    exit: 1,
    names: [readOnlyFolderDb, "read-only folder", `${readOnlyFolderDb}-shm`],
    untouched: [readOnlyFolderDb],
    restricted: true,
  },
  {
    what: "import: the rejects file cannot be written beside the survey file",
    args: ["import", readOnlyFolderSurvey, "--db", join(writableFolder, "new.db")],
    exit: 1,
    names: [`${readOnlyFolderSurvey}.rejects.csv`, "cannot write the rejects file"],
    untouched: [join(writableFolder, "new.db"), readOnlyFolderSurvey],
    restricted: true,
  },
  {
    what: "import: the rejects file's path is a folder",
    args: ["import", at("rejects-folder.csv"), "--db", absentDb],
    exit: 1,
    names: [at("rejects-folder.csv.rejects.csv"), "it is a folder"],
    untouched: [absentDb],
  },
  {
    what: "import: the survey file cannot be read",
    args: ["import", unreadableSurvey, "--db", join(writableFolder, "new.db")],
    exit: 1,
    names: [unreadableSurvey, "no permission to read"],
    untouched: [join(writableFolder, "new.db")],
    restricted: true,
  },
  {
    what: "import: $DIACHISO_PII_KEY is not a key",
    args: ["import", survey, "--db", absentDb],
    env: { DIACHISO_PII_KEY: "short" },
    exit: 1,
    names: ["$DIACHISO_PII_KEY", "64 hex digits"],
    untouched: [absentDb],
  },
  {
    what: "generate: --out in a missing folder",
    args: ["generate", "--count", "5", "--out", at("no-such-folder", "out.csv")],
    exit: 1,
    names: [at("no-such-folder", "out.csv"), "does not exist"],
    untouched: [at("no-such-folder", "out.csv")],
  },
  {
    what: "generate: --out is a folder",
    args: ["generate", "--count", "5", "--out", folderDb],
    exit: 1,
    names: [folderDb, "it is a folder"],
    untouched: [folderDb],
  },
  {
    what: "generate: --out in a read-only folder",
    args: ["generate", "--count", "5", "--out", at("ro-folder", "out.csv")],
    exit: 1,
    names: [at("ro-folder", "out.csv"), "no permission"],
    untouched: [at("ro-folder", "out.csv")],
    restricted: true,
  },
  ...(existsSync("/dev/full")
    ? [
        {
          what: "generate: --out on a full disk (/dev/full)",
          args: ["generate", "--count", "20000", "--out", "/dev/full"],
          exit: 1 as const,
          names: ["/dev/full", "no space left"],
        },
      ]
    : []),
  {
    what: "import: the survey file does not exist",
    args: ["import", at("none.csv"), "--db", absentDb],
    exit: 1,
    names: [`no such file "${at("none.csv")}"`],
    untouched: [absentDb],
  },
  {
    what: "import: the survey file is a folder",
    args: ["import", at("rw"), "--db", absentDb],
    exit: 1,
    names: [`"${at("rw")}" is a folder`],
    untouched: [absentDb],
  },
  {
    what: "import: a survey file of an unknown format",
    args: ["import", textDb, "--db", absentDb],
    exit: 2,
    names: [textDb, "unknown format"],
    untouched: [absentDb, textDb],
  },
];

/** Bad arguments of every command: usage (2) or a value that names nothing known (1). */
const ARGUMENT_CASES: ErrorCase[] = [
  { what: "an unknown command", args: ["frobnicate"], exit: 2, names: ["unknown command 'frobnicate'"] },
  {
    what: "an unknown option",
    args: ["units", "show", "79", "--jsn"],
    exit: 2,
    names: ["diachiso units show", "'--jsn'", "--json"],
  },
  {
    what: "units list: bad --structure",
    args: ["units", "list", "--structure", "x", "--level", "ward"],
    exit: 2,
    names: ['--structure must be old or new, got "x"'],
  },
  {
    what: "units list: districts of the new structure",
    args: ["units", "list", "--structure", "new", "--level", "district"],
    exit: 2,
    names: ["no district level"],
  },
  {
    what: "units list: an unknown --parent",
    args: ["units", "list", "--structure", "new", "--level", "ward", "--parent", "999"],
    exit: 1,
    names: ['"999"'],
  },
  { what: "units show: an unknown code", args: ["units", "show", "999999"], exit: 1, names: ['"999999"'] },
  { what: "units lookup: an empty name", args: ["units", "lookup", " "], exit: 2, names: ["non-empty name"] },
  {
    what: "units lookup: --limit not a number",
    args: ["units", "lookup", "ben nghe", "--limit", "abc"],
    exit: 2,
    names: ['--limit must be a number, got "abc"'],
  },
  {
    what: "units lookup: --limit below 1",
    args: ["units", "lookup", "ben nghe", "--limit", "-5"],
    exit: 2,
    names: ['--limit must be a whole number ≥ 1, got "-5"'],
  },
  {
    what: "units lookup: an unknown --within",
    args: ["units", "lookup", "ben nghe", "--within", "999"],
    exit: 1,
    names: ['--within: unknown unit code "999"'],
  },
  {
    what: "units convert: an unknown old code",
    args: ["units", "convert", "99999"],
    exit: 1,
    names: ['"99999"'],
  },
  {
    what: "units convert: a name that matches nothing",
    args: ["units", "convert", "zzzz qqq"],
    exit: 1,
    names: ['"zzzz qqq"'],
  },
  {
    what: "units predecessors: not a code",
    args: ["units", "predecessors", "abc"],
    exit: 1,
    names: ['"abc"'],
  },
  {
    what: "units at: latitude not a number",
    args: ["units", "at", "abc", "106"],
    exit: 2,
    names: ['lat must be a number, got "abc"'],
  },
  {
    what: "units at: latitude out of range",
    args: ["units", "at", "91", "106"],
    exit: 2,
    names: ["lat must be between -90 and 90, got 91"],
  },
  {
    what: "units at: a point outside Vietnam",
    args: ["units", "at", "0", "0"],
    exit: 1,
    names: ["no commune at 0, 0"],
  },
  { what: "units boundary: an unknown code", args: ["units", "boundary", "999"], exit: 1, names: ['"999"'] },
  {
    what: "code encode: a point outside the grid",
    args: ["code", "encode", "999", "999"],
    exit: 1,
    names: ["Latitude 999"],
  },
  {
    what: "code encode: --unit not a number",
    args: ["code", "encode", "21", "105", "--unit", "abc"],
    exit: 2,
    names: ['--unit must be a number, got "abc"'],
  },
  {
    what: "code encode: --unit out of range",
    args: ["code", "encode", "21", "105", "--unit", "999999999"],
    exit: 1,
    names: ["999999999"],
  },
  { what: "code encode: no point", args: ["code", "encode"], exit: 2, names: ["needs <lat> <lon>"] },
  { what: "code decode: not a code", args: ["code", "decode", "garbage"], exit: 1, names: ['"garbage"'] },
  { what: "code decode: no code", args: ["code", "decode"], exit: 2, names: ["needs <code>"] },
  {
    what: "code decode: a bad --near",
    args: ["code", "decode", "8FVC+", "--near", "abc"],
    exit: 2,
    names: ['--near must be "LAT,LON", got "abc"'],
  },
  { what: "code check: no code", args: ["code", "check"], exit: 2, names: ["needs <code>"] },
  { what: "parse: no text", args: ["parse"], exit: 2, names: ["give an address to parse"] },
  {
    what: "parse: text and --ndjson",
    args: ["parse", "x", "--ndjson"],
    exit: 2,
    names: ["--ndjson reads addresses from stdin"],
  },
  {
    what: "generate: no --out",
    args: ["generate", "--count", "5"],
    exit: 2,
    names: ["diachiso generate", "'--out <file>'"],
  },
  {
    what: "generate: --count not a number",
    args: ["generate", "--count", "abc", "--out", at("g.csv")],
    exit: 2,
    names: ['--count must be a number, got "abc"'],
    untouched: [at("g.csv")],
  },
  {
    what: "generate: --count negative",
    args: ["generate", "--count", "-1", "--out", at("g.csv")],
    exit: 2,
    names: ['--count must be a whole number ≥ 0, got "-1"'],
    untouched: [at("g.csv")],
  },
  {
    what: "generate: an unknown --format",
    args: ["generate", "--count", "5", "--format", "xml", "--out", at("g.csv")],
    exit: 2,
    names: ['got "xml"'],
    untouched: [at("g.csv")],
  },
  {
    what: "generate: --old-share above 1",
    args: ["generate", "--count", "5", "--old-share", "2", "--out", at("g.csv")],
    exit: 2,
    names: ['--old-share must be a share from 0 to 1, got "2"'],
    untouched: [at("g.csv")],
  },
  {
    what: "generate: an unknown defect",
    args: ["generate", "--count", "5", "--defects", "bogus=1", "--out", at("g.csv")],
    exit: 2,
    names: ['unknown defect "bogus"'],
    untouched: [at("g.csv")],
  },
  {
    what: "generate: an unknown --province",
    args: ["generate", "--count", "5", "--province", "99", "--out", at("g.csv")],
    exit: 2,
    names: ['"99"'],
    untouched: [at("g.csv")],
  },
  {
    what: "report: a bad --by",
    args: ["report", "--db", store, "--by", "foo"],
    exit: 2,
    names: ['--by must be province or ward, got "foo"'],
    untouched: [store],
  },
  {
    what: "report: --top negative",
    args: ["report", "--db", store, "--top", "-3"],
    exit: 2,
    names: ['--top must be a whole number ≥ 0, got "-3"'],
    untouched: [store],
  },
  {
    what: "address show: an unknown code",
    args: ["address", "show", "2TTN5TGM22", "--db", store],
    exit: 1,
    names: ['no address record with code "2TTN5TGM22"'],
    untouched: [store],
  },
  {
    what: "address show: an empty code",
    args: ["address", "show", "", "--db", store],
    exit: 2,
    names: ["the code is empty"],
    untouched: [store],
  },
  {
    what: "address show: a code with a line break",
    args: ["address", "show", "2TT\nN5T", "--db", store],
    exit: 1,
    names: ['"2TT\\nN5T"'],
    untouched: [store],
  },
  {
    what: "address show: a bad --as-of",
    args: ["address", "show", "{code}", "--as-of", "garbage", "--db", store],
    exit: 2,
    names: ['--as-of must be an ISO 8601 time, got "garbage"'],
    untouched: [store],
  },
  {
    what: "address list: an unknown --status",
    args: ["address", "list", "--status", "done", "--db", store],
    exit: 2,
    names: ["--status must be one of", 'got "done"'],
    untouched: [store],
  },
  {
    what: "address list: --limit above 10,000",
    args: ["address", "list", "--limit", "20000", "--db", store],
    exit: 2,
    names: ['--limit must be a whole number from 1 to 10000, got "20000"'],
    untouched: [store],
  },
  {
    what: "address changes: --limit not a number",
    args: ["address", "changes", "--limit", "abc", "--db", store],
    exit: 2,
    names: ['--limit must be a number, got "abc"'],
    untouched: [store],
  },
  {
    what: "address changes: --limit 0",
    args: ["address", "changes", "--limit", "0", "--db", store],
    exit: 2,
    names: ['--limit must be a whole number from 1 to 100000, got "0"'],
    untouched: [store],
  },
  {
    what: "address changes: --after negative",
    args: ["address", "changes", "--after", "-5", "--db", store],
    exit: 2,
    names: ['--after must be a whole number ≥ 0, got "-5"'],
    untouched: [store],
  },
  {
    what: "address set-status: an unknown status",
    args: ["address", "set-status", "{code}", "done", "--reason", "x", "--db", store],
    exit: 2,
    names: ['got "done"'],
    untouched: [store],
  },
  {
    what: "address set-status: no --reason",
    args: ["address", "set-status", "{code}", "complete", "--db", store],
    exit: 2,
    names: ["'--reason <text>'"],
    untouched: [store],
  },
  {
    what: "address set-status: --expected-version not a number",
    args: [
      "address",
      "set-status",
      "{code}",
      "rejected",
      "--reason",
      "x",
      "--expected-version",
      "abc",
      "--db",
      store,
    ],
    exit: 2,
    names: ['--expected-version must be a number, got "abc"'],
    untouched: [store],
  },
  {
    what: "address set-status: a stale --expected-version",
    args: [
      "address",
      "set-status",
      "{code}",
      "rejected",
      "--reason",
      "x",
      "--expected-version",
      "99",
      "--db",
      store,
    ],
    exit: 1,
    names: ["based on version 99"],
    untouched: [store],
  },
  {
    what: "address set-status: a step the lifecycle forbids",
    args: ["address", "set-status", "{code}", "official", "--reason", "x", "--db", store],
    exit: 1,
    names: ['to "official"'],
    untouched: [store],
  },
  {
    what: "address set-status: an unknown --successor",
    args: [
      "address",
      "set-status",
      "{code}",
      "retired",
      "--reason",
      "x",
      "--successor",
      "2TTN5TGM22",
      "--db",
      store,
    ],
    exit: 1,
    names: ["successor", "2TTN5TGM22"],
    untouched: [store],
  },
  {
    what: "address erase-personal-data: an empty --reason",
    args: ["address", "erase-personal-data", "{code}", "--reason", "", "--db", store],
    exit: 1,
    names: ["reason", "an erasure needs a reason"],
    untouched: [store],
  },
  {
    what: "import: no files",
    args: ["import", "--db", store],
    exit: 2,
    names: ["diachiso import", "'files'"],
    untouched: [store],
  },
  {
    what: "import: --chunk 0",
    args: ["import", survey, "--chunk", "0", "--db", store],
    exit: 2,
    names: ['--chunk must be a whole number ≥ 1, got "0"'],
    untouched: [store],
  },
  {
    what: "import: --workers 99",
    args: ["import", survey, "--workers", "99", "--db", store],
    exit: 2,
    names: ['--workers must be a whole number from 1 to 16, got "99"'],
    untouched: [store],
  },
  {
    what: 'import: --batch ""',
    args: ["import", survey, "--batch", "", "--db", store],
    exit: 2,
    names: ['--batch must be a non-empty name, got ""'],
    untouched: [store],
  },
];

function assertOneLineError(result: CliResult, c: ErrorCase): void {
  const context = `stderr: ${JSON.stringify(result.stderr)}, stdout: ${JSON.stringify(result.stdout.slice(0, 300))}`;
  assert.equal(result.status, c.exit, context);
  assert.equal(result.stdout, "", context);
  const lines = result.stderr.split("\n");
  assert.equal(lines.length, 2, `exactly one line on stderr; ${context}`);
  assert.equal(lines[1], "", context);
  assert.match(lines[0], /^diachiso[ :]/, context);
  assert.doesNotMatch(lines[0], /unexpected error/, `a message of its own, not the safety net's; ${context}`);
  for (const name of c.names) {
    if (typeof name === "string")
      assert.ok(lines[0].includes(name), `names ${JSON.stringify(name)}; ${context}`);
    else assert.match(lines[0], name, context);
  }
}

// Side by side: each case is mostly a process starting. None writes anything unless it is at fault,
// so none disturbs another's comparison but through the -wal and -shm files `listing` leaves out.
describe("the command line's error table", { concurrency: 4 }, () => {
  for (const c of [...STORE_CASES, ...ARGUMENT_CASES]) {
    test(`${c.what}: exit ${c.exit}, one line naming it, nothing changed`, async (t) => {
      if (c.restricted && restricted.skip) return t.skip(restricted.skip);
      const untouched = c.untouched ?? [];
      const before = untouched.map(snapshot);
      const args = c.args.map((a) => a.replaceAll("{code}", code));
      const result = await runCli(args, { env: c.env, ...(c.restricted ? restricted.ids : {}) });
      assertOneLineError(result, c);
      assert.deepEqual(untouched.map(snapshot), before);
    });
  }
});

test("read-only commands read a read-only store file, and leave its records as they were", async (t) => {
  if (restricted.skip) return t.skip(restricted.skip);
  const before = snapshot(readOnlyFileDb).split(",")[0];
  for (const args of [
    ["report", "--db", readOnlyFileDb, "--json"],
    ["address", "show", code, "--db", readOnlyFileDb, "--json"],
    ["address", "history", code, "--db", readOnlyFileDb, "--json"],
    ["address", "counts", "--db", readOnlyFileDb, "--json"],
    ["address", "changes", "--db", readOnlyFileDb, "--json"],
  ]) {
    const result = await runCli(args, restricted.ids);
    assert.equal(result.status, 0, `${args.join(" ")}: ${result.stderr}`);
    assert.equal(result.stderr, "");
    JSON.parse(result.stdout);
  }
  assert.equal(snapshot(readOnlyFileDb).split(",")[0], before);
});

test("a store named by an sqlite: URL is the store at that path", async () => {
  for (const location of [`sqlite:${store}`, `sqlite://${store}`]) {
    const result = await runCli(["address", "show", code, "--db", location, "--json"]);
    assert.equal(result.status, 0, `${location}: ${result.stderr}`);
    assert.equal(JSON.parse(result.stdout).code, code);
  }
});

test("an error nobody foresaw is one line naming what happened, with the stack only when DIACHISO_DEBUG is set", async () => {
  // A symbolic link to itself: stat fails with ELOOP, which no check of ours names.
  const plain = await runCli(["report", "--db", loopDb], { env: { DIACHISO_DEBUG: undefined } });
  assert.equal(plain.status, 1);
  assert.equal(plain.stdout, "");
  assert.match(
    plain.stderr,
    /^diachiso: unexpected error: Error: ELOOP: .*loop\.db.*\(set DIACHISO_DEBUG=1 for the stack trace\)\n$/,
  );
  const debug = await runCli(["report", "--db", loopDb], { env: { DIACHISO_DEBUG: "1" } });
  assert.equal(debug.status, 1);
  const [first, ...stack] = debug.stderr.trimEnd().split("\n");
  assert.match(first, /^diachiso: unexpected error: Error: ELOOP: .*loop\.db'?$/);
  assert.ok(
    stack.some((line) => /^\s+at /.test(line)),
    debug.stderr,
  );
});

test("a directory given as stdin to a batch mode is refused in one line, not read as an empty input", () => {
  const stdin = openSync(dir, "r");
  try {
    // geocode --csv - and search --ndjson refuse it the same way once their store is open.
    for (const args of [["parse", "--ndjson"]]) {
      const r = spawnSync(process.execPath, [CLI_MAIN, ...args], { stdio: [stdin, "pipe", "pipe"], encoding: "utf8" });
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /stdin is a directory/);
    }
  } finally {
    closeSync(stdin);
  }
});
