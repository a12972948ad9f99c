/**
 * POST /v1/search/csv and /v1/reverse/csv over real HTTP on 127.0.0.1, a real store and its index:
 * the file back byte for byte as the batch service writes it in-process, trailers counting the rows,
 * a 100,000-row upload streamed through in bounded memory, malformed and oversized files, callers
 * without the right, and a client that leaves mid-way.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { setImmediate as setImmediatePromise, setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { after, before, describe, test } from "node:test";
import { BatchGeocoder, GEOCODE_COLUMNS, REVERSE_COLUMNS } from "../services/batch-geocode.js";
import type { RecordSummary } from "../store/store.js";
import { type RunningApi, startApi, surveyedStore } from "../testing/api.js";
import { loadRegistry } from "../units/registry.js";
import type { Role, Scope } from "./roles.js";
import { within } from "../testing/within.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-api-batch-"));
const registry = loadRegistry();
let db: string;
let api: RunningApi;
let records: RecordSummary[];
const keys: Partial<Record<"admin" | "operator" | "surveyor" | "partner" | "partnerNoBatch", string>> = {};

async function makeKey(role: Exclude<Role, "public">, scopes?: Scope[]): Promise<string> {
  const made = await api.server.services.access.create(
    { name: `batch ${role} ${scopes?.join("+") ?? ""}`, role, scopes, provinces: role === "surveyor" || role === "operator" ? ["01"] : undefined },
    { actor: "test" },
  );
  return made.key;
}

before(async () => {
  db = await surveyedStore(dir, 400, 17);
  api = await startApi(db, { rateLimits: { admin: 1_000_000, partner: 1_000_000 }, batchRatePerMinute: 1_000_000 });
  records = (await api.store.scan(null, 1000)).items;
  keys.admin = await makeKey("admin");
  keys.operator = await makeKey("operator");
  keys.surveyor = await makeKey("surveyor");
  keys.partner = await makeKey("partner", ["batch"]);
  keys.partnerNoBatch = await makeKey("partner", ["search"]);
});
after(
  async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  },
  { timeout: 10_000 },
);

function postCsv(path: string, body: string | ReadableStream<Uint8Array>, key: string | null = keys.admin ?? null, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8" };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(`${api.base}${path}`, { method: "POST", headers, body, duplex: "half", ...init } as RequestInit);
}

/** What the batch service writes in-process for the same file: the HTTP answer must be exactly this. */
async function inProcess(kind: "geocode" | "reverse", csv: string, options: Record<string, unknown> = {}): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const batch = new BatchGeocoder(api.server.services.search());
  if (kind === "geocode") await batch.geocodeCsv(Readable.from([Buffer.from(csv)]), sink, options);
  else await batch.reverseCsv(Readable.from([Buffer.from(csv)]), sink, options);
  return Buffer.concat(chunks).toString("utf8");
}

/** An address line per record, as a person would type it (house, street, commune). */
function addressOf(record: RecordSummary): string {
  const commune = registry.require("new", record.new.commune);
  const province = registry.require("new", commune.provinceCode);
  return [[record.parts.houseNumber, record.parts.street].filter(Boolean).join(" "), commune.name, province.name].filter(Boolean).join(", ");
}

describe("the file back, in order, as the batch service answers it", () => {
  test("geocoding keeps each row's text and quoting, appends the result columns, and equals the in-process answer", async () => {
    const rows = records.slice(0, 40).map((r, k) => `${k},"${addressOf(r).replaceAll('"', '""')}","note, with ""quotes"""`);
    const csv = `id,address,note\n${rows.join("\n")}\n`;
    const response = await postCsv("/v1/search/csv?columns=address", csv);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(response.headers.get("content-disposition") ?? "", /^attachment; filename="geocoded\.csv"$/);
    const text = await response.text();
    assert.equal(text, await inProcess("geocode", csv, { columns: ["address"] }));
    const lines = text.split("\n");
    assert.equal(lines[0], `id,address,note,${GEOCODE_COLUMNS.join(",")}`);
    for (const [k, row] of rows.entries()) assert.ok(lines[k + 1].startsWith(`${row},`), `row ${k} kept as sent`);
    // The surveyed addresses are found: this is no file of empty answers.
    const ok = lines.slice(1).filter((line) => line.includes(',"note, with ""quotes""",ok,')).length;
    assert.ok(ok >= 30, `${ok} of 40 rows answered`);
  });

  test("reverse geocoding reads the named coordinate columns and answers as in-process", async () => {
    const rows = records.slice(0, 20).map((r, k) => `${k};${r.lat},${r.lon}`);
    const csv = `name,vy,vx\n${rows.map((r) => r.replace(";", ",")).join("\n")}\n`;
    const response = await postCsv("/v1/reverse/csv?lat=vy&lon=vx&radius=50", csv);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.equal(text, await inProcess("reverse", csv, { latColumn: "vy", lonColumn: "vx", radius: 50 }));
    assert.equal(text.split("\n")[0], `name,vy,vx,${REVERSE_COLUMNS.join(",")}`);
    assert.equal(text.split("\n").filter((line) => /,ok,/.test(line)).length, 20);
  });

  test("a whole file ends with trailers counting its rows", async () => {
    const csv = `address\n"${addressOf(records[0])}"\n\n"   "\nxyzzy qwrtp\n`;
    const { status, trailers, body } = await new Promise<{ status: number; trailers: Record<string, string | undefined>; body: string }>((resolve, reject) => {
      const request = httpRequest(`${api.base}/v1/search/csv`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${keys.admin}` } }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, trailers: response.trailers, body }));
      });
      request.on("error", reject);
      request.end(csv);
    });
    assert.equal(status, 200);
    assert.equal(body.trim().split("\n").length, 4, body);
    assert.equal(trailers["x-rows"], "3");
    assert.equal(Number(trailers["x-rows-answered"]) + Number(trailers["x-rows-not-found"]) + Number(trailers["x-rows-skipped"]), 3);
    assert.equal(trailers["x-rows-skipped"], "1");
  });
});

/**
 * A CSV of `count` rows made as it is read, never held whole: every `addressEvery`-th row holds one
 * of the surveyed addresses to geocode, the others an empty address (answered "skipped", without
 * the engine) and a note of filler, so the bytes are those of a real file while the time is not all
 * geocoding (a whole file of addresses geocoded over HTTP is bench/api/batch-http.bench.ts).
 *
 * Each chunk is made a macrotask after the last, and the stream errors once `leave` aborts, as an
 * upload read from a file would: Node 20's fetch (undici 6) does not cancel a request's body
 * stream when the request is aborted (nodejs/node#61460) and keeps pulling it; a body that
 * answered every pull at once would then pull in a loop of promises that never lets a timer run —
 * which is how this file's run once hung, with no test timeout able to fire.
 */
function generatedUpload(count: number, { addressEvery = 1, leave }: { addressEvery?: number; leave?: AbortSignal } = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const filler = "ghi chú ".repeat(20);
  let row = 0;
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      await setImmediatePromise();
      if (leave?.aborted) return controller.error(leave.reason);
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode("id,address,note\n"));
        return;
      }
      if (row >= count) return controller.close();
      let chunk = "";
      for (let k = 0; k < 500 && row < count; k++, row++)
        chunk += row % addressEvery === 0 ? `${row},"${addressOf(records[row % records.length])}",\n` : `${row},,${filler}\n`;
      controller.enqueue(encoder.encode(chunk));
    },
  });
}


/** V8's collector, asked for even when the test runs without --expose-gc. */
function garbageCollector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("large files", () => {
  test("a 100,000-row upload streams through: every row back in order, the addresses answered, memory bounded", { timeout: 60_000 }, async () => {
    const rows = 100_000;
    const addressEvery = 50;
    const gc = garbageCollector();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await within(20_000, "the answer's status", postCsv("/v1/search/csv?columns=address", generatedUpload(rows, { addressEvery }), keys.partner!));
    assert.equal(response.status, 200);
    let lines = 0;
    let bytes = 0;
    let expected = 0;
    let answered = 0;
    let pending = "";
    const decoder = new TextDecoder();
    const read = async () => {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        pending += decoder.decode(chunk, { stream: true });
        const parts = pending.split("\n");
        pending = parts.pop()!;
        for (const line of parts) {
          if (lines++ === 0) continue; // the header
          assert.ok(line.startsWith(`${expected},`), `row ${expected} in its place`);
          if (expected % addressEvery === 0 && /,ok,/.test(line)) answered++;
          expected++;
        }
      }
    };
    await within(50_000, "the whole answer", read());
    assert.equal(expected, rows);
    assert.ok(answered >= (rows / addressEvery) * 0.75, `${answered} of ${rows / addressEvery} addresses answered`);
    // Tens of MB passed through (the file up, the answer down); what stays behind once the garbage
    // is collected is a few MB at most, whatever the file's length: nothing of it was kept.
    assert.ok(bytes > 20 * 2 ** 20, `${(bytes / 2 ** 20).toFixed(1)} MB answered`);
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    assert.ok(retainedMb < 10, `${retainedMb.toFixed(1)} MB of heap retained after ${(bytes / 2 ** 20).toFixed(1)} MB answered`);
  });
});

describe("files that cannot be read", () => {
  test("a fault before the first answered rows is a 400 problem naming the line", async () => {
    const response = await postCsv("/v1/search/csv", 'id,address\n1,"Hàng Bài\n');
    assert.equal(response.status, 400);
    assert.match(response.headers.get("content-type") ?? "", /^application\/problem\+json/);
    const body = (await response.json()) as { detail: string };
    assert.match(body.detail, /line 2: a quoted field is not closed/);
  });

  test("a column the header does not have is a 400 naming the header", async () => {
    const response = await postCsv("/v1/search/csv?columns=street", "id,address\n1,x\n");
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { detail: string }).detail, /no column "street" in the header \(id, address\)/);
  });

  test("a fault after rows were answered aborts the connection: the client cannot take the part for the whole", async () => {
    const good = records.slice(0, 300).map((r, k) => `${k},"${addressOf(r)}"`);
    const csv = `id,address\n${good.join("\n")}\n301,a,b,c,too many fields\n${good.join("\n")}\n`;
    const response = await postCsv("/v1/search/csv?columns=address", csv);
    assert.equal(response.status, 200);
    await assert.rejects(response.text(), /terminated|aborted|closed/i);
  });

  test("an empty body and a body that is not text/csv are refused", async () => {
    assert.equal((await postCsv("/v1/search/csv", "")).status, 400);
    const json = await fetch(`${api.base}/v1/search/csv`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${keys.admin}` },
      body: '{"address":"x"}',
    });
    assert.equal(json.status, 415);
  });

  test("a file over the upload limit: a 413 when its length is declared, an aborted answer when only counted", async () => {
    const small = await startApi(db, { csvBodyLimit: 64 * 1024, rateLimits: { admin: 1_000_000 } });
    try {
      const key = (await small.server.services.access.create({ name: "small", role: "admin" }, { actor: "test" })).key;
      const big = `id,address\n${"1,".concat("x".repeat(1000), "\n").repeat(100)}`;
      const declared = await fetch(`${small.base}/v1/search/csv`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${key}` }, body: big });
      assert.equal(declared.status, 413);
      assert.match(((await declared.json()) as { detail: string }).detail, /larger than 65,536 bytes/);
      const counted = await fetch(`${small.base}/v1/search/csv`, {
        method: "POST",
        headers: { "content-type": "text/csv", authorization: `Bearer ${key}` },
        body: Readable.toWeb(Readable.from([Buffer.from(big)])) as ReadableStream,
        duplex: "half",
      } as RequestInit);
      // Rows answered before the limit was passed are already on their way: the connection is aborted.
      assert.equal(counted.status, 200);
      await assert.rejects(counted.text(), /terminated|aborted|closed/i);
      // The usual limit of a JSON body does not apply to files.
      const underLimit = await fetch(`${small.base}/v1/search/csv`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${key}` }, body: big.slice(0, 60_000).replace(/\n[^\n]*$/, "\n") });
      assert.equal(underLimit.status, 200);
      await underLimit.text();
    } finally {
      await small.close();
    }
  });
});

describe("who may send files", () => {
  test("anonymous callers get 401, surveyors and partners without the batch scope 403; partners with it, operators and admins 200", async () => {
    const csv = `address\n"${addressOf(records[0])}"\n`;
    const statusAs = async (key: string | null) => {
      const response = await postCsv("/v1/reverse/csv", "lat,lon\n21.02,105.84\n", key);
      await response.arrayBuffer();
      const geocode = await postCsv("/v1/search/csv", csv, key);
      await geocode.arrayBuffer();
      assert.equal(geocode.status, response.status);
      return response.status;
    };
    assert.equal(await statusAs(null), 401);
    assert.equal(await statusAs(keys.surveyor!), 403);
    assert.equal(await statusAs(keys.partnerNoBatch!), 403);
    assert.equal(await statusAs(keys.partner!), 200);
    assert.equal(await statusAs(keys.operator!), 200);
    assert.equal(await statusAs(keys.admin!), 200);
  });
});

describe("a client that leaves", () => {
  test("aborting mid-way stops the batch: no row is answered after, and the server takes the next file", { timeout: 30_000 }, async () => {
    const session = api.server.services.search();
    const geocode = session.geocode.bind(session);
    let answered = 0;
    session.geocode = (...args: Parameters<typeof session.geocode>) => {
      answered++;
      return geocode(...args);
    };
    try {
      const leave = new AbortController();
      // A file with no end: only the client's leaving can stop it.
      const upload = generatedUpload(Number.MAX_SAFE_INTEGER, { leave: leave.signal });
      const response = await within(10_000, "the answer's status", postCsv("/v1/search/csv?columns=address", upload, keys.admin!, { signal: leave.signal }));
      assert.equal(response.status, 200);
      const reader = response.body!.getReader();
      let received = 0;
      await within(10_000, "200 kB of the answer", (async () => {
        while (received < 200_000) received += (await reader.read()).value?.length ?? 0;
      })());
      leave.abort();
      await sleep(300);
      const atStop = answered;
      await sleep(700);
      assert.equal(answered, atStop, "no row answered after the client left");
      assert.ok(atStop < 50_000, `${atStop} rows answered before stopping`);
      // The server is free for the next file.
      const next = await within(10_000, "the next file's answer", postCsv("/v1/search/csv", `address\n"${addressOf(records[0])}"\n`));
      assert.equal(next.status, 200);
      assert.equal((await within(10_000, "the next file's body", next.text())).split("\n").length, 3);
    } finally {
      session.geocode = geocode;
    }
  });
});

describe("old wards of a file converted to the new communes", () => {
  test("one successor fills the commune; a split ward lists them all; a name with its parents; unknown and empty cells say so", async () => {
    const key = await makeKey("partner", ["units"]);
    const csv = 'id,old_ward\n1,26740\n2,00166\n3,"Phường Hàng Bài, Hoàn Kiếm, Hà Nội"\n4,99999\n5,\n';
    const answer = await postCsv("/v1/units/convert/csv", csv, key);
    assert.equal(answer.status, 200, await answer.clone().text());
    const lines = (await answer.text()).trim().split("\n");
    assert.equal(lines[0], "id,old_ward,result_status,result_old_ward_code,result_old_ward,result_commune_code,result_commune,result_province_code,result_province,result_whole,result_successors,result_note");
    assert.equal(lines[1], "1,26740,ok,26740,Phường Bến Nghé,26740,Phường Sài Gòn,79,Thành phố Hồ Chí Minh,yes,26740,");
    assert.equal(lines[2], "2,00166,ok,00166,Phường Dịch Vọng,,,01,Thành phố Hà Nội,,00166;00160,split between 2 communes: the address decides which");
    assert.match(lines[3], /^3,"Phường Hàng Bài, Hoàn Kiếm, Hà Nội",ok,00088,Phường Hàng Bài,00082,Phường Cửa Nam,01,/);
    assert.match(lines[4], /^4,99999,not-found,,,,,,,,,.*99999/);
    assert.equal(lines[5], "5,,skipped,,,,,,,,,");
    assert.equal((await postCsv("/v1/units/convert/csv", csv, keys.partnerNoBatch!)).status, 403, "a partner without the units scope");
  });
});
