/**
 * POST /v1/imports and its job over real HTTP on 127.0.0.1, a real SQLite store: a survey file
 * imported as `diachiso import` imports it (the same summary and rejects, the records then found),
 * the CLI's one-line messages for a broken file, who may import and where, one import at a time,
 * and files in the legacy Vietnamese encodings.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import iconv from "iconv-lite";
import type { ImportSummary } from "../services/imports.js";
import { type RunningApi, startApi, surveyedStore, TEST_PII_ENV } from "../testing/api.js";
import { runCli, withoutProgress } from "../testing/cli.js";
import { encodeTcvn3, encodeWindows1258 } from "../testing/legacy-encodings.js";
import type { ImportJobJson } from "./import-jobs.js";
import type { Role } from "./roles.js";
import { within } from "../testing/within.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-api-imports-"));
let db: string;
let api: RunningApi;
const keys: Partial<Record<"admin" | "operator01" | "surveyor01" | "surveyor79" | "partner", string>> = {};

async function makeKey(role: Exclude<Role, "public">, provinces?: string[]): Promise<string> {
  const made = await api.server.services.access.create({ name: `imports ${role} ${provinces?.join("+") ?? ""}`, role, provinces, scopes: role === "partner" ? ["search", "batch"] : undefined }, { actor: "test" });
  return made.key;
}

before(async () => {
  db = await surveyedStore(dir, 200, 23);
  api = await startApi(db, { rateLimits: { admin: 1_000_000, operator: 1_000_000, surveyor: 1_000_000 }, loadIndex: false, importsFolder: join(dir, "jobs"), importRatePerMinute: 1_000_000 });
  keys.admin = await makeKey("admin");
  keys.operator01 = await makeKey("operator", ["01"]);
  keys.surveyor01 = await makeKey("surveyor", ["01"]);
  keys.surveyor79 = await makeKey("surveyor", ["79"]);
  keys.partner = await makeKey("partner");
});
after(
  async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  },
  { timeout: 30_000 },
);


function postImport(query: string, body: string | Buffer, key: string | null, contentType = "text/csv"): Promise<Response> {
  const headers: Record<string, string> = { "content-type": contentType };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return within(20_000, `POST /v1/imports?${query}`, fetch(`${api.base}/v1/imports?${query}`, { method: "POST", headers, body }));
}

function get(path: string, key: string): Promise<Response> {
  return within(10_000, `GET ${path}`, fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${key}` } }));
}

/** Polls the job until it has ended, and answers it with every state it was seen in. */
async function ended(location: string, key: string): Promise<{ job: ImportJobJson; seen: Set<string> }> {
  const seen = new Set<string>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await get(location, key);
    assert.equal(response.status, 200, location);
    const job = (await response.json()) as ImportJobJson;
    seen.add(job.state);
    if (job.state === "done" || job.state === "failed") return { job, seen };
    await sleep(50);
  }
  throw new Error(`${location} did not end within 60 s`);
}

/** Starts an import and waits for its end: the 202's job, and the ended one. */
async function imported(query: string, body: string | Buffer, key: string, contentType?: string): Promise<{ accepted: ImportJobJson; job: ImportJobJson; location: string }> {
  const response = await postImport(query, body, key, contentType);
  const text = await response.text();
  assert.equal(response.status, 202, text);
  const location = response.headers.get("location")!;
  assert.match(location, /^\/v1\/imports\/imp_[0-9a-f]{12}$/);
  const { job } = await ended(location, key);
  return { accepted: JSON.parse(text) as ImportJobJson, job, location };
}

/** The summary without what differs between two runs of the same import (times, threads, paths). */
function comparable(summary: ImportSummary): Record<string, unknown> {
  const { seconds: _s, rows_per_second: _r, index_seconds: _i, cpu_seconds: _c, workers: _w, files, ...counts } = summary;
  return { ...counts, files: files.map(({ file: _f, rejects, ...rest }) => ({ ...rest, rejects: rejects !== null })) };
}

/** Runs `diachiso import NAME --json` in `folder` on a fresh store, as a user would: its summary, rejects file and stderr. */
async function cliImport(folder: string, name: string, extra: string[] = []) {
  const result = await runCli(["import", name, "--db", join(folder, "cli.db"), "--json", "--no-search-index", ...extra], { cwd: folder, env: TEST_PII_ENV });
  const rejectsPath = join(folder, `${name}.rejects.csv`);
  let rejects: string | null = null;
  try {
    rejects = readFileSync(rejectsPath, "utf8");
  } catch {}
  return { status: result.status, stderr: result.stderr, summary: result.stdout ? (JSON.parse(result.stdout) as ImportSummary) : null, rejects };
}

function folderFor(name: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  return folder;
}

const HEADER = "external_id,house_number,street,ward,province,lat,lon,owner_name";

describe("a good file", () => {
  test("202 with the job's Location; the job ends with the CLI's summary and rejects; the records are then found by lookup", { timeout: 90_000 }, async () => {
    const folder = folderFor("good");
    const file = join(folder, "ks-ha-noi.csv");
    const generated = await runCli(["generate", "--count", "1500", "--seed", "31", "--province", "01", "--out", file]);
    assert.equal(generated.status, 0, generated.stderr);
    const bytes = readFileSync(file);

    const { accepted, job } = await imported("filename=ks-ha-noi.csv", bytes, keys.admin!);
    assert.equal(accepted.file, "ks-ha-noi.csv");
    assert.equal(accepted.batch, "ks-ha-noi", "the batch is the file's base name, as for the CLI");
    assert.equal(accepted.progress.bytes_received, bytes.length);
    assert.equal(job.state, "done", job.error ?? "");
    assert.equal(job.progress.rows_read, 1500);
    assert.equal(job.progress.accepted + job.progress.rejected, 1500);

    // The same file through the CLI into a store of its own: the same counts, reasons and rejects.
    const cli = await cliImport(folder, "ks-ha-noi.csv");
    assert.equal(cli.status, 0, cli.stderr);
    assert.ok(job.summary);
    assert.deepEqual(comparable(job.summary), comparable(cli.summary!));
    assert.ok(job.summary.rejected > 0, "the generated defects reject some rows");
    assert.equal(job.summary.files[0].file, "ks-ha-noi.csv");
    assert.equal(job.rejects, `${`/v1/imports/${job.id}`}/rejects`);
    const rejects = await get(job.rejects!, keys.admin!);
    assert.equal(rejects.status, 200);
    assert.equal(rejects.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.equal(await rejects.text(), cli.rejects);
    // The upload itself (owners' personal data) is not kept once imported.
    assert.deepEqual(readdirNames(join(dir, "jobs", job.id)), ["ks-ha-noi.csv.rejects.csv"]);

    // Every accepted row is a record of the batch, found by its code.
    const listed = await get("/v1/records?batch=ks-ha-noi&limit=1000", keys.admin!);
    const page = (await listed.json()) as { items: { code: string }[]; next: string | null };
    const more = page.next ? ((await (await get(`/v1/records?batch=ks-ha-noi&limit=1000&after=${page.next}`, keys.admin!)).json()) as { items: { code: string }[] }).items : [];
    const codes = [...page.items, ...more].map((r) => r.code);
    assert.equal(codes.length, job.summary.accepted);
    for (const code of [codes[0], codes[Math.floor(codes.length / 2)], codes.at(-1)!]) {
      const found = await fetch(`${api.base}/v1/addresses/${code}`);
      assert.equal(found.status, 200, code);
      const answer = (await found.json()) as { features: { properties: { code: string } }[] };
      assert.equal(answer.features[0].properties.code, code);
    }
  });
});

function readdirNames(folder: string): string[] {
  return readdirSync(folder).sort();
}

/** A row of HEADER in Hà Nội (province 01) or Hồ Chí Minh (79), as a surveyor types it. */
function row(id: string, province: "01" | "79", house = "12"): string {
  return province === "01"
    ? `${id},${house},Phố Quán Thánh,Phường Ba Đình,Hà Nội,21.0412,105.8394,Trần Thị Bình`
    : `${id},${house},Lê Lợi,Phường Sài Gòn,Hồ Chí Minh,10.7725,106.6980,Ngô Văn Minh`;
}

describe("files that cannot be read: the CLI's one line", () => {
  test("a file the importer refuses before writing is a 400 at once, whose detail is the line `diachiso import` prints", async () => {
    const folder = folderFor("latin1");
    // A Latin-1 export: most Vietnamese letters lost as "?", refused with the first such line.
    const bytes = iconv.encode(`${HEADER}\n${row("L-1", "01")}\n${row("L-2", "79")}\n`, "windows1252");
    writeFileSync(join(folder, "latin1.csv"), bytes);
    const cli = await cliImport(folder, "latin1.csv");
    assert.equal(cli.status, 1);
    const response = await postImport("filename=latin1.csv", bytes, keys.admin!);
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { type: string; detail: string };
    assert.equal(problem.type, "urn:diachiso:problem:bad-file");
    assert.match(problem.detail, /^latin1\.csv, line 2: .*latin-1/);
    assert.equal(withoutProgress(cli.stderr).trim(), `diachiso: import: ${problem.detail}`);
    // Nothing was written, and the slot is free for the next import.
    const listed = (await (await get("/v1/records?batch=latin1&limit=5", keys.admin!)).json()) as { items: unknown[] };
    assert.equal(listed.items.length, 0);
    assert.equal(readdirNames(join(dir, "jobs")).filter((name) => readdirNames(join(dir, "jobs", name)).includes("latin1.csv")).length, 0, "the upload is removed");
  });

  test("a row with a bad value is rejected with its line and field, in the same rejects file as the CLI's", async () => {
    const folder = folderFor("bad-value");
    const csv = `${HEADER}\n${row("V-1", "01", "1")}\nV-2,2,Phố Quán Thánh,Phường Ba Đình,Hà Nội,abc,105.8394,An\n${row("V-3", "01", "3")}\n`;
    writeFileSync(join(folder, "bad-value.csv"), csv);
    const cli = await cliImport(folder, "bad-value.csv");
    const { job } = await imported("filename=bad-value.csv", csv, keys.admin!);
    assert.equal(job.state, "done");
    assert.deepEqual([job.progress.rows_read, job.progress.accepted, job.progress.rejected], [3, 2, 1]);
    const rejects = await (await get(job.rejects!, keys.admin!)).text();
    assert.equal(rejects, cli.rejects);
    assert.match(rejects.split("\n")[1], /^3,invalid_value,"lat ""abc"" is not a decimal number/);
  });

  test("a file whose every row is refused fails the job with the CLI's line, its rejects kept", async () => {
    const folder = folderFor("all-refused");
    const csv = `${HEADER}\nB-1,12,"Phố Quán Thánh,Phường Ba Đình,Hà Nội,21.0412,105.8394,An\n`;
    writeFileSync(join(folder, "broken.csv"), csv);
    const cli = await cliImport(folder, "broken.csv");
    assert.equal(cli.status, 1);
    const { job } = await imported("filename=broken.csv", csv, keys.admin!);
    assert.equal(job.state, "failed");
    assert.equal(withoutProgress(cli.stderr).trim(), `diachiso: import: ${job.error}`);
    assert.match(job.error ?? "", /^none of the 1 rows of broken\.csv could be imported/);
    assert.deepEqual(comparable(job.summary!), comparable(cli.summary!));
    assert.equal(await (await get(job.rejects!, keys.admin!)).text(), cli.rejects);
  });
});

describe("who may import, and where", () => {
  test("anonymous callers get 401 and partners 403, before the file is read", async () => {
    const csv = `${HEADER}\n${row("R-1", "01")}\n`;
    assert.equal((await postImport("filename=r.csv", csv, null)).status, 401);
    assert.equal((await postImport("filename=r.csv", csv, keys.partner!)).status, 403);
  });

  test("a surveyor's rows outside its provinces are rejected with their line; the others imported", async () => {
    const csv = `${HEADER}\n${row("P-1", "01", "1")}\n${row("P-2", "79", "2")}\n${row("P-3", "01", "3")}\n`;
    const { job } = await imported("filename=mixed.csv", csv, keys.surveyor01!);
    assert.equal(job.state, "done", job.error ?? "");
    assert.deepEqual(job.provinces, ["01"]);
    assert.deepEqual([job.summary?.accepted, job.summary?.rejected], [2, 1]);
    assert.deepEqual(job.summary?.rejected_by_reason, { outside_provinces: 1 });
    const rejects = await (await get(job.rejects!, keys.surveyor01!)).text();
    assert.match(rejects.split("\n")[1], /^3,outside_provinces,"?the row is in province 79 .*outside the provinces this import may write: 01/);
    // An administrator imports anywhere: the same file, every row.
    const asAdmin = await imported("filename=mixed-admin.csv", csv.replaceAll("P-", "Q-"), keys.admin!);
    assert.deepEqual([asAdmin.job.summary?.accepted, asAdmin.job.summary?.rejected], [3, 0]);
  });

  test("a file wholly outside the surveyor's provinces fails as the CLI fails a file of refused rows; only its key and admins see the job", async () => {
    const csv = `${HEADER}\n${row("S-1", "01", "1")}\n${row("S-2", "01", "2")}\n`;
    const { job, location } = await imported("filename=hn.csv", csv, keys.surveyor79!);
    assert.equal(job.state, "failed");
    assert.equal(job.error, "none of the 2 rows of hn.csv could be imported; the reasons are in hn.csv.rejects.csv");
    assert.equal((await get(location, keys.surveyor01!)).status, 404, "another surveyor's job is not found");
    assert.equal((await get(`${location}/rejects`, keys.surveyor01!)).status, 404);
    assert.equal((await get(location, keys.admin!)).status, 200);
    assert.equal((await (await get(`${location}/rejects`, keys.surveyor79!)).text()).trim().split("\n").length, 3);
  });

  test("a batch holding another province's records is refused before anything is written: a re-import would move them", async () => {
    // An administrator's batch in Hà Nội (01); a surveyor of 79 re-importing it under the same name
    // and external ids would otherwise move those records into 79.
    const mine = `${HEADER}\n${row("B-1", "01", "1")}\n`;
    const first = await imported("filename=shared.csv&batch=shared-batch", mine, keys.admin!);
    assert.equal(first.job.state, "done", first.job.error ?? "");
    const code = (await api.store.findByExternalId("shared-batch", "B-1"))!.code;
    const moved = `${HEADER}\n${row("B-1", "79", "1")}\n`;
    const refused = await postImport("filename=shared.csv&batch=shared-batch", moved, keys.surveyor79!);
    assert.equal(refused.status, 409);
    const body = (await refused.json()) as { detail: string; field: string };
    assert.match(body.detail, /batch "shared-batch" holds records outside province\(s\) 79 .*name another batch/);
    assert.equal(body.field, "batch");
    assert.equal((await api.store.get(code))?.new.province, "01", "the record stayed where it was");
  });
});

describe("one import at a time", () => {
  test("a second import while one runs is refused with 409; a CLI import beside it takes turns at the store; then the next one runs", { timeout: 120_000 }, async () => {
    const folder = folderFor("concurrent");
    const big = join(folder, "big.csv");
    const generated = await runCli(["generate", "--count", "20000", "--seed", "41", "--province", "01", "--out", big]);
    assert.equal(generated.status, 0, generated.stderr);
    const side = join(folder, "side.csv");
    assert.equal((await runCli(["generate", "--count", "2000", "--seed", "42", "--out", side])).status, 0);

    const first = await postImport("filename=big.csv", readFileSync(big), keys.operator01!);
    assert.equal(first.status, 202, await first.clone().text());
    const location = first.headers.get("location")!;
    await first.arrayBuffer();
    const small = `${HEADER}\n${row("T-1", "01")}\n`;
    const refused = await postImport("filename=second.csv", small, keys.admin!);
    assert.equal(refused.status, 409);
    const problem = (await refused.json()) as { type: string; detail: string };
    assert.equal(problem.type, "urn:diachiso:problem:import-running");
    assert.match(problem.detail, /one runs at a time/);
    const again = await postImport("filename=second.csv", small, keys.operator01!);
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as { running?: string }).running, location, "its own key is told where the running import is");

    // `diachiso import` in another process, into the same store, while the server's import runs.
    const cli = await runCli(["import", side, "--db", db, "--json", "--no-search-index"], { env: TEST_PII_ENV });
    assert.equal(cli.status, 0, cli.stderr);
    const { job } = await ended(location, keys.operator01!);
    assert.equal(job.state, "done", job.error ?? "");
    assert.equal(job.summary?.read, 20000);

    // Both loads are whole: every accepted row of each is a record of its batch.
    const count = async (batch: string) => {
      let total = 0;
      let after: string | null = null;
      do {
        const page = (await (await get(`/v1/records?batch=${batch}&limit=1000${after ? `&after=${after}` : ""}`, keys.admin!)).json()) as { items: unknown[]; next: string | null };
        total += page.items.length;
        after = page.next;
      } while (after);
      return total;
    };
    assert.equal(await count("big"), job.summary?.accepted);
    assert.equal(await count("side"), (JSON.parse(cli.stdout) as ImportSummary).accepted);
    const next = await imported("filename=second.csv", small, keys.admin!);
    assert.equal(next.job.state, "done");
  });
});

describe("legacy encodings", () => {
  const text = `${HEADER}\n${row("E-1", "01", "1")}\n${row("E-2", "79", "2")}\n`;

  test("a Windows-1258 file is detected and read as the CLI reads it", async () => {
    const { job } = await imported("filename=cp1258.csv", encodeWindows1258(text), keys.admin!);
    assert.equal(job.state, "done", job.error ?? "");
    assert.equal(job.summary?.files[0].encoding, "windows-1258");
    assert.equal(job.summary?.accepted, 2);
    const page = (await (await get("/v1/records?batch=cp1258&limit=5", keys.admin!)).json()) as { items: { parts: { street?: string } }[] };
    assert.deepEqual(page.items.map((r) => r.parts.street).sort(), ["Lê Lợi", "Phố Quán Thánh"]);
  });

  test("a TCVN3 file, its encoding named as --encoding names it", async () => {
    const { job } = await imported("filename=tcvn3.csv&encoding=tcvn3", encodeTcvn3(text), keys.admin!);
    assert.equal(job.state, "done", job.error ?? "");
    assert.equal(job.summary?.files[0].encoding, "tcvn3");
    const page = (await (await get("/v1/records?batch=tcvn3&limit=5", keys.admin!)).json()) as { items: { parts: { street?: string } }[] };
    assert.deepEqual(page.items.map((r) => r.parts.street).sort(), ["Lê Lợi", "Phố Quán Thánh"]);
  });

  test("an upload with neither a file name nor a batch, or of another type, is refused", async () => {
    const unnamed = await postImport("", text, keys.admin!);
    assert.equal(unnamed.status, 400);
    assert.equal(((await unnamed.json()) as { field: string }).field, "filename");
    assert.equal((await postImport("filename=x.csv", text, keys.admin!, "application/octet-stream")).status, 415);
  });
});

describe("a server of several processes", () => {
  test("takes no imports (a job's progress would be asked of another process): 503 saying where to import", async () => {
    const shared = await startApi(db, { loadIndex: false, processes: 2 });
    try {
      const key = (await shared.server.services.access.create({ name: "workers", role: "admin" }, { actor: "test" })).key;
      const refused = await fetch(`${shared.base}/v1/imports?filename=x.csv`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${key}` }, body: "a,b\n" });
      assert.equal(refused.status, 503);
      assert.match(((await refused.json()) as { detail: string }).detail, /--workers 1|diachiso import/);
      assert.equal((await fetch(`${shared.base}/v1/imports/imp_000000000000`, { headers: { authorization: `Bearer ${key}` } })).status, 503);
    } finally {
      await shared.close();
    }
  });
});

describe("limits", () => {
  test("imports started per key and minute are limited apart from the key's other requests", async () => {
    const limited = await startApi(db, { loadIndex: false, importRatePerMinute: 1, importsFolder: join(dir, "limited-jobs") });
    try {
      const key = (await limited.server.services.access.create({ name: "limited", role: "admin" }, { actor: "test" })).key;
      const post = () => fetch(`${limited.base}/v1/imports?filename=limit.csv`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${key}` }, body: "" });
      const first = await post();
      assert.equal(first.status, 400, "an empty file: refused, but counted");
      assert.match(((await first.json()) as { detail: string }).detail, /^limit\.csv: the file is empty/);
      assert.equal((await post()).status, 429);
      assert.equal((await fetch(`${limited.base}/v1/records?province=01&limit=1`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
    } finally {
      await limited.close();
    }
  });

  test("a file over the upload limit is a 413, and nothing of it is kept", async () => {
    const limited = await startApi(db, { loadIndex: false, importBodyLimit: 1024, importsFolder: join(dir, "small-jobs") });
    try {
      const key = (await limited.server.services.access.create({ name: "small", role: "admin" }, { actor: "test" })).key;
      const big = `${HEADER}\n${Array.from({ length: 40 }, (_, k) => row(`Z-${k}`, "01", String(k + 1))).join("\n")}\n`;
      const declared = await fetch(`${limited.base}/v1/imports?filename=big.csv`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${key}` }, body: big });
      assert.equal(declared.status, 413);
      const counted = await fetch(`${limited.base}/v1/imports?filename=big.csv`, {
        method: "POST",
        headers: { "content-type": "text/csv", authorization: `Bearer ${key}` },
        body: new Blob([big]).stream(),
        duplex: "half",
      } as RequestInit);
      assert.equal(counted.status, 413);
      assert.deepEqual(readdirNames(join(dir, "small-jobs")), [], "no job folder left");
    } finally {
      await limited.close();
    }
  });
});
