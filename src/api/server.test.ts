/**
 * The HTTP API over real HTTP on 127.0.0.1: probes, documents, problems, hostile bodies, and the
 * read routes' answers compared with what the CLI and the services answer for the same question.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { formatCode, suggest } from "../code/index.js";
import type { RecordSummary } from "../store/store.js";
import { type RunningApi, startApi, surveyedStore } from "../testing/api.js";
import { runCli } from "../testing/cli.js";
import { loadRegistry } from "../units/registry.js";
import { MAX_JSON_DEPTH } from "./json-body.js";
import { DEFAULT_BODY_LIMIT } from "./server.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-api-"));
let db: string;
let api: RunningApi;
let withHouse: RecordSummary;

before(async () => {
  db = await surveyedStore(dir);
  api = await startApi(db);
  const page = await api.store.scan(null, 2000);
  withHouse = page.items.find((r) => r.parts.houseNumber && r.parts.street && !r.parts.building && !r.name)!;
});
after(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A JSON answer as the tests read it: any shape, checked by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by assertions
type Answer = { status: number; type: string; body: any; headers: Headers };

async function get(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${api.base}${path}`, init);
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  return { status: response.status, type, body: type.includes("json") ? JSON.parse(text) : text, headers: response.headers };
}

function postJson(path: string, body: string | Uint8Array, type = "application/json") {
  return get(path, { method: "POST", headers: { "content-type": type }, body });
}

/** Every answer that is not a success is a problem document naming its status. */
function assertProblem(answer: Answer, status: number, detail?: RegExp): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.match(answer.type, /^application\/problem\+json/);
  assert.equal(answer.body.status, status);
  assert.match(answer.body.type, /^urn:diachiso:problem:/);
  assert.equal(typeof answer.body.title, "string");
  if (detail) assert.match(answer.body.detail, detail);
  assert.doesNotMatch(JSON.stringify(answer.body), /at .*\.js:\d+/, "no stack trace");
}

function written(r: RecordSummary): string {
  const registry = loadRegistry();
  return `${r.parts.houseNumber} ${r.parts.street}, ${registry.require("new", r.new.commune).fullName}, ${registry.require("new", r.new.province).fullName}`;
}

describe("probes and documents", () => {
  test("/healthz answers at once and /readyz only once the search index is loaded", async () => {
    const early = await startApi(db, { loadIndex: false });
    try {
      const health = await fetch(`${early.base}/healthz`);
      assert.equal(health.status, 200);
      const notReady = await fetch(`${early.base}/readyz`);
      assert.equal(notReady.status, 503);
      assert.match(((await notReady.json()) as { detail: string }).detail, /still loading/);
      const search = await fetch(`${early.base}/v1/search?q=ha%20noi`);
      assert.equal(search.status, 503, "search waits for its index");
      await early.server.loadIndex();
      const ready = await fetch(`${early.base}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(((await ready.json()) as { status: string }).status, "ready");
    } finally {
      await early.close();
    }
  });

  test("/openapi.json documents every route of the table that is not hidden, with its parameters", async () => {
    const { status, body } = await get("/openapi.json");
    assert.equal(status, 200);
    assert.equal(body.openapi, "3.1.0");
    for (const route of api.server.routes) {
      const path = route.url.replace(/:(\w+)/g, "{$1}");
      const operation = body.paths[path]?.[route.method.toLowerCase()];
      if (route.hidden) assert.equal(operation, undefined, path);
      else assert.ok(operation, `${route.method} ${path} documented`);
    }
    const search = body.paths["/v1/search"].get;
    assert.ok(search.parameters.some((p: { name: string }) => p.name === "q"));
    assert.deepEqual(body.paths["/v1/search"].get.security, []);
  });

  test("the documentation page loads every asset from this server, none from a CDN", async () => {
    const page = await get("/docs/");
    assert.equal(page.status, 200);
    const assets = [...String(page.body).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.length >= 3, String(assets));
    for (const asset of assets) {
      const url = new URL(asset, `${api.base}/docs/`);
      assert.equal(url.origin, api.base, `${asset} is served here`);
      assert.equal((await fetch(url)).status, 200, asset);
    }
    const initializer = await get("/docs/static/swagger-initializer.js");
    // What the page's script loads: its OpenAPI document from here, no validator badge, no quoted outside URL.
    assert.match(String(initializer.body), /url: resolveUrl\('\.\/json'\)/);
    assert.match(String(initializer.body), /"validatorUrl":null/);
    assert.doesNotMatch(String(initializer.body), /["'`]https?:\/\//, "no outside URL in the initializer");
    assert.equal((await get("/docs/json")).status, 200);
  });

  test("/metrics counts answered requests by route pattern, never by raw path", async () => {
    await get(`/v1/addresses/${withHouse.code}`);
    const { status, type, body } = await get("/metrics");
    assert.equal(status, 200);
    assert.match(type, /^text\/plain/);
    assert.match(body, /diachiso_http_request_duration_seconds_count\{method="GET",route="\/v1\/addresses\/:code",status="200"\} [1-9]/);
    assert.ok(!body.includes(withHouse.code), "no address code in a label");
    assert.match(body, /diachiso_process_cpu_seconds_total/);
  });
});

describe("problems (RFC 9457)", () => {
  test("an unknown route, an invalid parameter and a missing one are problems naming the field", async () => {
    assertProblem(await get("/v1/nothing-here"), 404, /no route GET \/v1\/nothing-here/);
    const tooMany = await get("/v1/search?q=ha&limit=1000");
    assertProblem(tooMany, 400, /limit/);
    assert.equal(tooMany.body.field, "limit");
    const missing = await get("/v1/search");
    assertProblem(missing, 400);
    assert.equal(missing.body.field, "q");
    const unknownMember = await get("/v1/search?q=ha&colour=red");
    assertProblem(unknownMember, 400);
    assertProblem(await get("/v1/search?q=ha&status=sunny"), 400, /status must be one of/);
    assertProblem(await get("/v1/search?q=ha&near=91,200"), 400, /near must be LAT,LON/);
  });

  test("service and capability refusals keep their meaning: unknown unit 404, ambiguous name 409, bad point 400", async () => {
    assertProblem(await get("/v1/units/new/99"), 404, /99/);
    const ambiguous = await get(`/v1/units/convert?from=${encodeURIComponent("Phường 1")}`);
    assertProblem(ambiguous, 409, /ambiguous/);
    assertProblem(await get("/v1/units/at?lat=95&lon=105"), 400);
    assertProblem(await get("/v1/units/at?lat=0&lon=0"), 404, /no commune/);
  });

  test("a URL whose %-escapes are not UTF-8 is refused, not read as U+FFFD", async () => {
    assertProblem(await get("/v1/search?q=%FF%FE"), 400, /not UTF-8/);
    assertProblem(await get("/v1/search?q=%E1%BB"), 400, /not UTF-8/);
  });
});

describe("hostile bodies", () => {
  test("a body over the limit is refused with 413 before it is parsed", async () => {
    const big = JSON.stringify({ q: "x".repeat(DEFAULT_BODY_LIMIT) });
    assertProblem(await postJson("/v1/search", big), 413);
  });

  test("bytes that are not UTF-8 in a JSON body are refused", async () => {
    const bytes = Buffer.concat([Buffer.from('{"q":"H'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    assertProblem(await postJson("/v1/search", bytes), 400, /not valid UTF-8/);
  });

  test("JSON nested deeper than the limit is refused without parsing it, even a megabyte of brackets", async () => {
    const deep = `{"q":"ha","x":${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}}`;
    assertProblem(await postJson("/v1/search", deep), 400, /deeper than/);
    assertProblem(await postJson("/v1/search", "[".repeat(DEFAULT_BODY_LIMIT - 1)), 400, /deeper than/);
    const brackets = JSON.stringify({ q: `[${"{".repeat(100)}` });
    assert.equal((await postJson("/v1/search", brackets)).status, 200, "brackets inside a string do not count");
  });

  test("malformed JSON, prototype poisoning, an empty body and another media type are refused", async () => {
    assertProblem(await postJson("/v1/search", '{"q": "ha",'), 400, /not valid JSON/);
    assertProblem(await postJson("/v1/search", '{"q":"ha","__proto__":{"admin":true}}'), 400);
    assertProblem(await postJson("/v1/search", ""), 400);
    assertProblem(await postJson("/v1/search", "q=ha", "application/x-www-form-urlencoded"), 415);
  });

  test("injection strings are only text: answered, and the store unchanged", async () => {
    const before = await api.store.lastSeq();
    for (const text of ["'; DROP TABLE records; --", '" OR 1=1 --', "<script>alert(1)</script>", `$\{jndi:ldap://x}`, "\u0000\u202e", "%00"]) {
      const answer = await postJson("/v1/search", JSON.stringify({ q: text }));
      assert.equal(answer.status, 200, `${text}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.query, text);
      assert.equal((await get(`/v1/search?q=${encodeURIComponent(text)}`)).status, 200, text);
    }
    assert.equal(await api.store.lastSeq(), before);
    assert.ok((await api.store.get(withHouse.code)) !== null);
  });

  test("a raw byte that is not ASCII in the request line is refused by the HTTP parser", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(api.base);
      const req = httpRequest({ host: url.hostname, port: url.port, method: "GET", path: "/v1/search?q=\xff" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    }).catch(() => 400);
    assert.equal(status, 400);
  });
});

describe("read routes", () => {
  test("search answers a FeatureCollection whose properties are the CLI's result fields", async () => {
    const text = written(withHouse);
    const answer = await get(`/v1/search?q=${encodeURIComponent(text)}&limit=3`);
    assert.equal(answer.status, 200);
    assert.match(answer.type, /^application\/geo\+json/);
    assert.equal(answer.body.type, "FeatureCollection");
    assert.equal(answer.body.query, text);
    assert.equal(answer.body.read_as, "text");
    const cli = await runCli(["search", text, "--db", db, "--json", "--limit", "3"]);
    assert.equal(cli.status, 0, cli.stderr);
    const expected = JSON.parse(cli.stdout);
    assert.deepEqual(
      answer.body.features.map((f: { properties: unknown }) => f.properties),
      expected.results,
    );
    for (const feature of answer.body.features) {
      assert.equal(feature.type, "Feature");
      assert.deepEqual(feature.geometry, { type: "Point", coordinates: [feature.properties.lon, feature.properties.lat] });
    }
    assert.ok(answer.body.features.some((f: { properties: { code: string } }) => f.properties.code === withHouse.code));
    const posted = await postJson("/v1/search", JSON.stringify({ q: text, limit: 3 }));
    assert.deepEqual(posted.body, answer.body, "POST answers as GET");
  });

  test("autocomplete completes a word still being typed; geocode answers one feature with its confidence", async () => {
    const text = written(withHouse);
    const partial = text.slice(0, text.indexOf(",") - 2);
    const completing = await get(`/v1/autocomplete?q=${encodeURIComponent(partial)}&limit=10`);
    assert.equal(completing.status, 200);
    assert.ok(completing.body.features.length > 0);
    const geocoded = await get(`/v1/geocode?q=${encodeURIComponent(text)}`);
    assert.equal(geocoded.status, 200);
    assert.equal(geocoded.body.features.length, 1);
    assert.equal(geocoded.body.features[0].properties.code, withHouse.code);
    assert.equal(geocoded.body.confidence, geocoded.body.features[0].properties.score);
    const nothing = await get(`/v1/geocode?q=${encodeURIComponent("zzzq xxqv")}`);
    assert.equal(nothing.body.features.length, 0);
    assert.equal(nothing.body.confidence, 0);
  });

  test("reverse answers the nearest addresses first with their distance, and the units there", async () => {
    const answer = await get(`/v1/reverse?lat=${withHouse.lat}&lon=${withHouse.lon}&radius=50&limit=3`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.features[0].properties.code, withHouse.code);
    assert.equal(answer.body.features[0].properties.distance_m, 0);
    assert.equal(answer.body.units.commune.code, withHouse.new.commune);
  });

  test("lookup by code answers the public record only, and a mistyped code the codes it may have meant", async () => {
    const found = await get(`/v1/addresses/${encodeURIComponent(formatCode(withHouse.code).toLowerCase())}`);
    assert.equal(found.status, 200);
    const record = found.body.features[0].properties;
    assert.equal(record.code, withHouse.code);
    for (const hidden of ["owner", "provenance", "issues", "correction"]) assert.ok(!(hidden in record), hidden);
    const typo = suggest(withHouse.code).map((c) => c)[0];
    // A valid code one edit away may name no record; change the check character instead: invalid, one edit from ours.
    const last = withHouse.code.at(-1) === "A" ? "B" : "A";
    const mistyped = `${withHouse.code.slice(0, -1)}${last}`;
    const missing = await get(`/v1/addresses/${mistyped}`);
    assertProblem(missing, 404);
    if (typo !== undefined) assert.ok(Array.isArray(missing.body.suggestions));
    assert.ok(missing.body.suggestions.includes(formatCode(withHouse.code)), JSON.stringify(missing.body.suggestions));
  });

  test("units: list, look-up, convert old → new, unit at a point, one unit, and a boundary as GeoJSON", async () => {
    const provinces = await get("/v1/units?structure=new&level=province");
    assert.equal(provinces.body.length, 34);
    const hanoiWards = await get("/v1/units?structure=new&level=ward&parent=01");
    assert.equal(hanoiWards.body.length, (await get("/v1/units/new/01")).body.children);
    const lookup = await get(`/v1/units/lookup?q=${encodeURIComponent("Kim Chung, Hoài Đức")}&within=01`);
    assert.ok(lookup.body.candidates.length > 0);
    const converted = await get("/v1/units/convert?from=26740");
    assert.equal(converted.body.to[0].name, "Sài Gòn");
    const at = await get("/v1/units/at?lat=10.7725&lon=106.698");
    assert.equal(at.body.new.province.code, "79");
    const boundary = await get("/v1/units/new/00004/boundary");
    assert.equal(boundary.status, 200);
    assert.match(boundary.type, /geo\+json/);
    assert.equal(boundary.body.type, "Feature");
    assert.match(boundary.body.geometry.type, /Polygon/);
    assertProblem(await get("/v1/units/new/123456"), 400);
  });

  test("the provinces' boundaries, and a province's communes', come as one simplified FeatureCollection", async () => {
    const provinces = await get("/v1/units/boundaries");
    assert.equal(provinces.status, 200);
    assert.match(provinces.type, /geo\+json/);
    assert.equal(provinces.body.features.length, 34);
    assert.ok(JSON.stringify(provinces.body).length < 300_000, "simplified: the shipped provinces weigh 2 MB");
    const communes = await get("/v1/units/boundaries?parent=01");
    const listed = (await get("/v1/units?structure=new&level=ward&parent=01")).body as { code: string }[];
    assert.deepEqual(
      communes.body.features.map((f: { properties: { code: string } }) => f.properties.code).sort(),
      listed.map((u) => u.code).sort(),
      "every commune of the province, and only those",
    );
    assertProblem(await get("/v1/units/boundaries?parent=99"), 404);
    assertProblem(await get("/v1/units/boundaries?level=ward"), 400);
  });

  test("the progress report per unit as JSON and as the committee's CSV table", async () => {
    const json = await get("/v1/report?by=province");
    assert.equal(json.status, 200);
    const total = json.body.units.reduce((sum: number, u: { total: number }) => sum + u.total, 0);
    assert.equal(total, 1500);
    const csv = await get("/v1/report?by=province&format=csv");
    assert.match(csv.type, /^text\/csv/);
    const lines = String(csv.body).trim().split("\n");
    assert.match(lines[0], /^code,name,total/);
    assert.equal(lines.length, 1 + json.body.units.length + 1, "header, one line per unit, TOTAL");
    assert.match(lines.at(-1)!, /^TOTAL,,1500,/);
  });

  test("the report of one province's communes adds up to its row; a code that is no new province is a 400", async () => {
    const provinces = (await get("/v1/report?by=province")).body.units as { code: string; total: number }[];
    const { code, total } = provinces[0];
    const communes = await get(`/v1/report?by=ward&province=${code}`);
    assert.equal(communes.status, 200);
    assert.equal(communes.body.province.code, code);
    assert.equal(communes.body.total.total, total);
    assert.equal(communes.body.units.reduce((sum: number, u: { total: number }) => sum + u.total, 0), total);
    const csv = await get(`/v1/report?by=ward&province=${code}&format=csv`);
    assert.match(csv.headers.get("content-disposition") ?? "", new RegExp(`report-ward-${code}\\.csv`));
    assertProblem(await get("/v1/report?province=99"), 400);
  });
});

describe("rate limits", () => {
  test("an anonymous caller past its limit gets 429 with Retry-After; probes are never limited", async () => {
    const limited = await startApi(db, { loadIndex: false, rateLimits: { public: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${limited.base}/v1/units/new/01`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const refused = await fetch(`${limited.base}/v1/units/new/01`);
      assert.equal(refused.headers.get("content-type")?.split(";")[0], "application/problem+json");
      assert.ok(Number(refused.headers.get("retry-after")) > 0);
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${limited.base}/healthz`)).status, 200);
    } finally {
      await limited.close();
    }
  });

  test("behind a trusted proxy each caller is limited by its forwarded address; otherwise the header is ignored", async () => {
    const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
    const proxied = await startApi(db, { loadIndex: false, rateLimits: { public: 2 }, trustProxy: ["127.0.0.1"] });
    try {
      const a = [];
      for (let i = 0; i < 3; i++) a.push((await fetch(`${proxied.base}/v1/units/new/01`, from("203.0.113.7"))).status);
      assert.deepEqual(a, [200, 200, 429]);
      assert.equal((await fetch(`${proxied.base}/v1/units/new/01`, from("198.51.100.9"))).status, 200);
    } finally {
      await proxied.close();
    }
    const direct = await startApi(db, { loadIndex: false, rateLimits: { public: 2 } });
    try {
      const statuses = [];
      for (const ip of ["203.0.113.7", "198.51.100.9", "192.0.2.1"])
        statuses.push((await fetch(`${direct.base}/v1/units/new/01`, from(ip))).status);
      assert.deepEqual(statuses, [200, 200, 429]);
    } finally {
      await direct.close();
    }
  });
});
