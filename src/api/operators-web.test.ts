/**
 * The operators' pages end to end (web/src/dashboard.ts, batch.ts): the built pages served by a real
 * `serve` on 127.0.0.1 over a generated, imported store, keys made by the real key service, driven
 * in Debian's Chromium. The dashboard's numbers are checked against the report service on the same
 * store, the batch page's result against the one-address geocoding route.
 * DIACHISO_SCREENSHOTS=<folder> saves dashboard.png, dashboard-province.png and batch.png there.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { readCsvTable } from "../common/csv.js";
import { FUNNEL, type FunnelReport, reportCsv } from "../report/report.js";
import { type RunningApi, startApi, surveyedStore } from "../testing/api.js";
import { assertNoHorizontalScroll, assertOnlyLocal, launchChromium, recordedPage, screenshot } from "../testing/browser.js";
import { loadRegistry } from "../units/registry.js";


let dir: string;
let api: RunningApi;
let browser: Browser;
const keys = { operator: "", partnerWithoutBatch: "" };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "diachiso-operators-web-"));
  const db = await surveyedStore(dir, 600, 21);
  api = await startApi(db);
  // Some records further down the funnel, so that every column of the report is used.
  const complete = (await api.store.query({ status: "complete", limit: 12 })).items;
  const onwards = ["notified", "confirmed", "official"] as const;
  for (const [i, record] of complete.entries()) {
    let version = record.version;
    for (const to of onwards.slice(0, 1 + (i % 3))) {
      version = (await api.store.transition(record.code, version, { to, reason: "test" }, { actor: "test" })).version;
    }
  }
  const access = api.server.services.access;
  const provinces = loadRegistry().list("new", "province").map((p) => p.code);
  keys.operator = (await access.create({ name: "Phòng vận hành", role: "operator", provinces }, { actor: "test" })).key;
  keys.partnerWithoutBatch = (await access.create({ name: "Đối tác tìm kiếm", role: "partner", scopes: ["search"] }, { actor: "test" })).key;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

function report(by: "province" | "ward", province?: string): Promise<FunnelReport> {
  return api.server.services.reports.report(by, 10, province);
}

async function signIn(page: Page, key: string) {
  await page.locator("#api-key").fill(key);
  await page.locator("#key-form button[type=submit]").click();
}

/** The table's rows as the page shows them: unit code → the counters' cells, digits only. */
async function tableRows(page: Page): Promise<Map<string, number[]>> {
  const rows = await page.locator("#funnel-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute("data-code"), [...tr.querySelectorAll("td[data-column]")].map((td) => td.textContent)] as const),
  );
  return new Map(rows.map(([code, cells]) => [code!, cells.map((cell) => Number((cell ?? "").replace(/\D/g, "")))]));
}

function expectedRows(funnel: FunnelReport): Map<string, number[]> {
  return new Map(funnel.units.map((unit) => [unit.code, [unit.total, ...FUNNEL.map((stage) => unit[stage])]]));
}

test("without a key the dashboard asks for one; the key check is a 401 without one, and a wrong key or a partner's says why", async () => {
  assert.equal((await fetch(`${api.base}/v1/keys/me`)).status, 401);
  const recorded = await recordedPage(browser, 360, 740);
  const { page } = recorded;
  await page.goto(`${api.base}/dashboard`);
  await page.locator("#api-key").waitFor();
  assert.equal(await page.locator("#funnel-table").count(), 0, "no numbers before a key");
  await signIn(page, "dck_not-a-key");
  await page.locator("#key-message", { hasText: "401" }).waitFor();
  await signIn(page, keys.partnerWithoutBatch);
  await page.locator("#key-message", { hasText: "403" }).waitFor();
  assert.match((await page.locator("#key-message").textContent()) ?? "", /partner/);
  assert.equal(await page.evaluate<number>("sessionStorage.length"), 0, "a refused key is not kept");
  await assertNoHorizontalScroll(page, 360);
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("with an operator's key the dashboard shows the report's numbers, a map of the 34 provinces, and the reasons", async () => {
  const recorded = await recordedPage(browser, 1280, 1250);
  const { page } = recorded;
  await page.goto(`${api.base}/dashboard`);
  await signIn(page, keys.operator);
  await page.locator("#funnel-table").waitFor();
  const expected = await report("province");

  for (const stage of ["total", ...FUNNEL] as const)
    assert.equal(Number(await page.locator(`#sum-${stage}`).getAttribute("data-value")), expected.total[stage], stage);
  assert.ok(expected.total.official > 0 && expected.total.notified > 0, "the store's funnel goes past complete");
  assert.deepEqual(await tableRows(page), expectedRows(expected));
  assert.equal(await page.locator("svg.choropleth path").count(), 34);
  const reasons = await page.locator("#reasons li").evaluateAll((lis) => lis.map((li) => [li.getAttribute("data-rule"), Number(li.getAttribute("data-count"))]));
  assert.deepEqual(reasons, expected.reasons.map((r) => [r.rule, r.count]));
  // The owner notifications' states and answers, as the notification service counts them.
  const notices = (await api.server.services.reports.withNotifications("province")).notifications;
  assert.ok(notices && notices.units.length > 0, "the store has notifications");
  const shownTotals = await page
    .locator("#notice-table tfoot td")
    .evaluateAll((tds) => tds.map((td) => [td.getAttribute("data-column"), Number((td.textContent ?? "").replace(/\D/g, ""))]));
  assert.deepEqual(Object.fromEntries(shownTotals), Object.fromEntries(Object.entries(notices.total).filter(([column]) => column !== "superseded")));
  assert.equal(await page.locator("#notice-table tbody tr").count(), notices.units.length);
  // Kept in this tab only.
  assert.equal(await page.evaluate<string | null>('localStorage.getItem("diachiso.apiKey")'), null);
  assert.ok(await page.evaluate<string | null>('sessionStorage.getItem("diachiso.apiKey")'));

  // The switch recolours the map: official is rarer than complete, so no province is darker for it.
  const fills = () => page.locator("svg.choropleth path").evaluateAll((paths) => paths.map((p) => p.getAttribute("fill")));
  const completeFills = await fills();
  await page.locator("#metric-official").check();
  await page.locator(".legend-title", { hasText: /chính thức/ }).waitFor();
  assert.notDeepEqual(await fills(), completeFills);
  await page.locator("#metric-complete").check();
  await screenshot(page, "dashboard");
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("a province picked on the map shows its communes' funnel and map; back returns to the country", async () => {
  const { page } = await recordedPage(browser, 1280, 1250);
  await page.goto(`${api.base}/dashboard`);
  await signIn(page, keys.operator);
  await page.locator("#funnel-table").waitFor();
  const busiest = [...(await report("province")).units].sort((a, b) => b.total - a.total)[0];
  // A click dispatched on the province's path: the centre of its box, where a pointer would land,
  // may be in its neighbour or the sea (a province with islands far off, as Hồ Chí Minh City's).
  await page.locator(`svg.choropleth path[data-code="${busiest.code}"]`).dispatchEvent("click");
  await page.waitForURL(`${api.base}/dashboard?province=${busiest.code}`);
  await page.locator("#back-to-country").waitFor();

  const expected = await report("ward", busiest.code);
  assert.deepEqual(await tableRows(page), expectedRows(expected));
  assert.equal(Number(await page.locator("#sum-total").getAttribute("data-value")), busiest.total);
  assert.match((await page.locator("#dashboard-title").textContent()) ?? "", new RegExp(busiest.name));
  const communes = loadRegistry().list("new", "ward", busiest.code).length;
  assert.equal(await page.locator("svg.choropleth path").count(), communes);
  await screenshot(page, "dashboard-province");

  await page.goBack();
  await page.waitForURL(`${api.base}/dashboard`);
  await page.locator("svg.choropleth path").nth(33).waitFor();
  assert.equal(await page.locator("svg.choropleth path").count(), 34);
  await page.context().close();
});

test("the CSV export downloads the report's CSV, for the country and for a province", async () => {
  const { page } = await recordedPage(browser, 1024, 800);
  await page.goto(`${api.base}/dashboard`);
  await signIn(page, keys.operator);
  await page.locator("#funnel-table").waitFor();
  for (const province of [null, (await report("province")).units[0].code]) {
    if (province !== null) {
      await page.locator(`#funnel-table tr[data-code="${province}"] button`).click();
      await page.locator("#back-to-country").waitFor();
    }
    const downloading = page.waitForEvent("download");
    await page.locator("#export-csv").click();
    const download = await downloading;
    const expected = province === null ? await report("province") : await report("ward", province);
    assert.equal(download.suggestedFilename(), province === null ? "report-province.csv" : `report-ward-${province}.csv`);
    assert.equal(readFileSync((await download.path())!, "utf8"), reportCsv(expected));
  }
  await page.context().close();
});

test("the dashboard fits a 360 px phone without horizontal scroll, and the English switch keeps the key and the province", async () => {
  const { page } = await recordedPage(browser, 360, 740);
  const province = (await report("province")).units[0];
  await page.goto(`${api.base}/dashboard?province=${province.code}`);
  await signIn(page, keys.operator);
  await page.locator("svg.choropleth").waitFor();
  await assertNoHorizontalScroll(page, 360);
  await page.locator("#lang-switch").click();
  await page.locator("#dashboard-title", { hasText: `Survey progress: ${province.name}` }).waitFor();
  assert.equal(await page.locator("#api-key").count(), 0, "the key is kept in the tab");
  await assertNoHorizontalScroll(page, 360);
  await page.context().close();
});

test("the batch page uploads a CSV, counts the rows coming back, and the download has the result columns and the geocoder's codes", async () => {
  const records = (await api.store.scan(null, 200)).items.filter(({ parts }) => parts.houseNumber && parts.street).slice(0, 6);
  const addresses: string[] = [];
  for (const record of records) {
    const answer = (await (await fetch(`${api.base}/v1/addresses/${record.code}`)).json()) as { features: { properties: { formatted: { new: string } } }[] };
    addresses.push(answer.features[0].properties.formatted.new);
  }
  // One address written over two lines (a line break inside its quotes): still one row, counted once.
  addresses[1] = addresses[1].replace(", ", "\n");
  const csv = `id,address\n${addresses.map((address, i) => `${i + 1},"${address.replaceAll('"', '""')}"`).join("\n")}\n`;

  const recorded = await recordedPage(browser, 360, 740);
  const { page } = recorded;
  await page.goto(`${api.base}/batch`);
  await signIn(page, keys.operator);
  await page.locator("#batch-file").setInputFiles({ name: "addresses.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.locator("#batch-column-0").uncheck(); // the id is not part of the address
  await page.locator("#batch-start").click();
  await page.locator("#batch-download").waitFor();
  const progress = page.locator("#batch-progress");
  assert.deepEqual([await progress.getAttribute("value"), await progress.getAttribute("max")], [String(records.length), String(records.length)]);
  await assertNoHorizontalScroll(page, 360);
  await screenshot(page, "batch");

  const downloading = page.waitForEvent("download");
  await page.locator("#batch-download").click();
  const download = await downloading;
  assert.equal(download.suggestedFilename(), "geocoded.csv");
  const table = readCsvTable((await download.path())!);
  const { header } = table;
  const rows = table.rows.map((row) => row.fields);
  assert.deepEqual(header.slice(0, 3), ["id", "address", "result_status"]);
  assert.ok(header.includes("result_code") && header.includes("result_commune_code"), "result columns appended");
  assert.deepEqual(rows.map((row) => row[1]), addresses, "every row back, in order");
  const codeColumn = header.indexOf("result_code");
  for (const [i, address] of addresses.entries()) {
    const geocoded = (await (await fetch(`${api.base}/v1/geocode?q=${encodeURIComponent(address)}`)).json()) as { features: { properties: { code: string | null } }[] };
    assert.equal(rows[i][codeColumn], geocoded.features[0]?.properties.code ?? "", `row ${i + 1}: ${address}`);
  }
  assert.ok(rows.some((row, i) => row[codeColumn] === records[i].code), "the records' own addresses find their codes");

  // The same file saved by a spreadsheet set to Vietnamese (";" between columns): the same columns offered.
  const semicolons = csv.replace(/^id,address/, "id;address").replace(/^(\d+),"/gm, '$1;"');
  await page.locator("#batch-file").setInputFiles({ name: "addresses-vi.csv", mimeType: "text/csv", buffer: Buffer.from(semicolons) });
  assert.deepEqual(
    [await page.locator("label[for=batch-column-0]").textContent(), await page.locator("label[for=batch-column-1]").textContent()],
    ["id", "address"],
  );
  assert.equal(await page.locator("#batch-column-2").count(), 0);
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});
