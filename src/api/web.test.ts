/**
 * The web app end to end: the built pages (dist/web) served by a real `serve` on 127.0.0.1 over a
 * generated, imported store, driven in Debian's Chromium. Set DIACHISO_SCREENSHOTS=<folder> to save
 * the pages' screenshots there (docs/screenshots/ for the README).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { RecordSummary } from "../store/store.js";
import { type RunningApi, startApi, surveyedStore } from "../testing/api.js";
import { assertNoHorizontalScroll, assertOnlyLocal, launchChromium, recordedPage, screenshot } from "../testing/browser.js";
import { BUILT_WEB_ROOT } from "./web-pages.js";


let dir: string;
let api: RunningApi;
let browser: Browser;
/** The store's records as imported (their parts as the importer cleaned them). */
let records: RecordSummary[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "diachiso-web-"));
  const db = await surveyedStore(dir, 400, 16);
  api = await startApi(db);
  records = (await api.store.scan(null, 400)).items;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits for the suggestions answering `text` (earlier answers, for shorter prefixes, are dropped or replaced). */
async function answered(page: Page, text: string) {
  await page.waitForSelector(`#search-options[data-query=${JSON.stringify(text)}]`, { state: "attached" });
  await page.locator("#search-options [role=option]").first().waitFor();
}

async function publicAddress(
  code: string,
): Promise<{ code: string; display: string; formatted: { new: string }; new: { ward: { code: string; name: string } } }> {
  const answer = (await (await fetch(`${api.base}/v1/addresses/${code}`)).json()) as { features: { properties: never }[] };
  return answer.features[0].properties;
}

test("the built pages are there (npm run build writes them)", () => {
  assert.ok(BUILT_WEB_ROOT.endsWith(join("dist", "web") + "/"), BUILT_WEB_ROOT);
});

test("typing a prefix and picking a suggestion with the keyboard opens that record's card", async () => {
  const { parts } = records.find(({ parts }) => parts.houseNumber && parts.street && !parts.hamlet && !parts.building)!;
  const full = `${parts.houseNumber} ${parts.street}`;
  const prefix = full.slice(0, -2);
  const recorded = await recordedPage(browser, 360, 740);
  const { page } = recorded;
  await page.goto(`${api.base}/`);
  assert.equal(await page.getAttribute("html", "lang"), "vi");

  const box = page.getByRole("combobox");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  await box.pressSequentially(prefix, { delay: 25 });
  await answered(page, prefix);
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  // The list answers the text in the box, not a stale prefix of it.
  const labels = await page.locator("#search-options [role=option] .label").allTextContents();
  assert.ok(labels.some((label) => label.startsWith(full)), `no suggestion for "${prefix}" starts with "${full}": ${labels.join(" | ")}`);
  await assertNoHorizontalScroll(page, 360);
  await screenshot(page, "search", { fullPage: true });

  // Down the list to the first suggestion with a code; the input names it as its active descendant.
  let picked = "";
  for (let step = 0; step < labels.length && !picked; step++) {
    await box.press("ArrowDown");
    const activeId = await box.getAttribute("aria-activedescendant");
    assert.ok(activeId, "ArrowDown set no active option");
    const option = page.locator(`#${activeId}`);
    assert.equal(await option.getAttribute("aria-selected"), "true");
    picked = (await option.getAttribute("data-code")) ?? "";
  }
  assert.ok(picked, "no suggestion had a code");
  await box.press("Enter");
  await page.waitForURL(`${api.base}/a/${picked}`);
  const code = page.locator("#card-code");
  await code.waitFor();
  const expected = await publicAddress(picked);
  assert.equal(await code.getAttribute("data-code"), picked);
  assert.equal(await code.textContent(), expected.display);
  assert.equal(await page.locator("#card-address-new").textContent(), expected.formatted.new);
  assert.equal(await page.locator(".qr svg").count(), 1, "no QR code");
  assert.equal(await page.locator(".qr figcaption").textContent(), `${api.base}/a/${picked}`);
  await assertNoHorizontalScroll(page, 360);
  assert.ok(recorded.requests.some((url) => url.startsWith(`${api.base}/v1/autocomplete?`)), "the recorder saw no autocomplete call");
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("Escape closes the list, and a second Escape clears the box", async () => {
  const recorded = await recordedPage(browser);
  const { page } = recorded;
  await page.goto(`${api.base}/`);
  const box = page.getByRole("combobox");
  const street = records.find(({ parts }) => parts.street)!.parts.street!;
  await box.pressSequentially(street.slice(0, 6), { delay: 25 });
  await answered(page, street.slice(0, 6));
  await box.press("ArrowDown");
  await box.press("Escape");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  assert.equal(await box.getAttribute("aria-activedescendant"), null);
  assert.notEqual(await box.inputValue(), "");
  await box.press("Escape");
  assert.equal(await box.inputValue(), "");
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("an answer still on its way after Escape does not open the list again", async () => {
  const { page } = await recordedPage(browser);
  await page.goto(`${api.base}/`);
  const box = page.getByRole("combobox");
  const street = records.find(({ parts }) => parts.street)!.parts.street!;
  await box.pressSequentially(street.slice(0, 5), { delay: 25 });
  await answered(page, street.slice(0, 5));
  // One more letter and Escape before the debounce ends: the question it would have asked is dropped.
  await box.pressSequentially(street.charAt(5) || " ");
  await box.press("Escape");
  await page.waitForTimeout(600);
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  assert.equal(await page.locator("#search-options").isHidden(), true);
  await page.context().close();
});

test("a mistyped code shows the codes one edit away as links, and the right one opens its card", async () => {
  const right = await publicAddress(records[0].code);
  // The check character changed: not a valid code, and the right one is one edit away.
  const last = right.code.at(-1)!;
  const mistyped = right.code.slice(0, -1) + (last === "2" ? "3" : "2");
  const recorded = await recordedPage(browser, 360, 740);
  const { page } = recorded;
  await page.goto(`${api.base}/a/${mistyped}`);
  const links = page.locator("#code-suggestions a");
  await links.first().waitFor();
  const offered = await links.allTextContents();
  assert.ok(offered.includes(right.display), `${right.display} is not among ${offered.join(", ")}`);
  await assertNoHorizontalScroll(page, 360);
  await screenshot(page, "card-mistyped", { fullPage: true });
  await links.filter({ hasText: right.display }).click();
  await page.waitForURL(`${api.base}/a/${right.code}`);
  assert.equal(await page.locator("#card-code").textContent(), right.display);
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("the English switch redraws the page in English and says so in <html lang>", async () => {
  const { page } = await recordedPage(browser);
  await page.goto(`${api.base}/`);
  const viLabel = await page.locator("label[for=search]").textContent();
  await page.locator("#lang-switch").click();
  await page.waitForSelector("html[lang=en]", { state: "attached" });
  assert.equal(await page.locator("label[for=search]").textContent(), "Find an address or a code");
  assert.notEqual(viLabel, "Find an address or a code");
  // Kept for the next page.
  await page.reload();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.context().close();
});

/** A record with no other within ~20 m, so that the address nearest its point can only be itself. */
function isolatedRecord(from: number): RecordSummary {
  const near = (a: RecordSummary, b: RecordSummary) => Math.abs(a.lat - b.lat) < 2e-4 && Math.abs(a.lon - b.lon) < 2e-4;
  const found = records.slice(from).find((record) => records.every((other) => other === record || !near(record, other)));
  assert.ok(found, "no isolated record in the sample");
  return found;
}

/** Waits for the search page's map and its provinces (the map's module is loaded after the box; then `window.diachisoMap` is set). */
async function mapReady(page: Page) {
  await page.waitForSelector("#map[data-ready=true]", { state: "attached" });
}

/** Frames a point at a zoom and answers the pixel of the page the map draws it at (the map's own projection). */
async function pixelOnPage(page: Page, lat: number, lon: number, zoom: number): Promise<{ x: number; y: number }> {
  await page.evaluate(`window.diachisoMap.zoomTo(${lat}, ${lon}, ${zoom})`);
  const { x, y } = await page.evaluate<{ x: number; y: number }>(`window.diachisoMap.pixelOf(${lat}, ${lon})`);
  const box = (await page.locator("#map").boundingBox())!;
  return { x: box.x + x, y: box.y + y };
}

test("the suggestions are markers on the map, the active one highlighted, and a marker's click opens its card", async () => {
  const { parts } = records.find(({ parts }) => parts.houseNumber && parts.street && !parts.hamlet && !parts.building)!;
  const prefix = `${parts.houseNumber} ${parts.street}`.slice(0, -2);
  const recorded = await recordedPage(browser, 1024, 800);
  const { page } = recorded;
  await page.goto(`${api.base}/`);
  await mapReady(page);
  await screenshot(page, "map-country", { fullPage: true });
  const box = page.getByRole("combobox");
  await box.pressSequentially(prefix, { delay: 25 });
  await answered(page, prefix);
  const listed = await page.locator("#search-options [role=option]").evaluateAll((options) => options.map((o) => o.getAttribute("data-code")));
  const markers = page.locator("#map path.result-marker");
  assert.equal(await markers.count(), listed.length, "one marker per suggestion");
  assert.deepEqual(await markers.evaluateAll((paths) => paths.map((p) => p.getAttribute("data-code"))), listed);

  await box.press("ArrowDown");
  await box.press("ArrowDown");
  const activeCode = await page.locator(`#${await box.getAttribute("aria-activedescendant")}`).getAttribute("data-code");
  const highlighted = page.locator("#map path.result-marker.active");
  assert.equal(await highlighted.count(), 1);
  assert.equal(await highlighted.getAttribute("data-code"), activeCode);
  await screenshot(page, "map-search", { fullPage: true });

  await box.press("Escape");
  // Two records of one building share a point: the marker drawn last (on top) is the one a click reaches.
  const onTop = await markers.evaluateAll((paths) => paths.map((p) => p.getAttribute("data-code")).filter((c) => c));
  const code = onTop.at(-1)!;
  await page.locator(`#map path.result-marker[data-code="${code}"]`).click({ force: true });
  await page.waitForURL(`${api.base}/a/${code}`);
  assert.equal(await page.locator("#card-code").getAttribute("data-code"), code);
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("a click on the map shows the address nearest the clicked point, its distance, and the commune and province there", async () => {
  const record = isolatedRecord(7);
  const expected = await publicAddress(record.code);
  const recorded = await recordedPage(browser, 1024, 800);
  const { page } = recorded;
  await page.goto(`${api.base}/`);
  await mapReady(page);
  const { x, y } = await pixelOnPage(page, record.lat, record.lon, 17);
  await page.mouse.click(x, y);
  const answer = page.locator("#reverse-answer");
  await answer.waitFor();
  const first = answer.locator(".nearest li").first();
  assert.equal(await first.getAttribute("data-code", { timeout: 1000 }).catch(() => null), record.code, `the nearest address is not the record clicked on: ${await answer.textContent()}`);
  // One pixel at zoom 17 is about a metre: the record is within a few of the click.
  const distance = Number((await first.locator(".distance").textContent())!.replace(/[^0-9]/g, ""));
  assert.ok(distance <= 5, `${distance} m from the clicked point`);
  const place = (await page.locator("#reverse-commune").textContent()) ?? "";
  assert.ok(place.includes(expected.new.ward.name), `"${place}" does not name the record's commune ${expected.new.ward.name}`);
  // Seen that close, the communes of the province are drawn, fetched from the API.
  await page.waitForSelector(`#map[data-communes="${record.new.province}"]`, { state: "attached" });
  assert.ok(recorded.requests.some((url) => url.endsWith(`/v1/units/boundaries?parent=${record.new.province}`)));
  await screenshot(page, "map-reverse", { fullPage: true });

  // The address's link in the answer opens its card. The click is the anchor's own (a DOM click: it
  // goes through the popup's handlers, which must let it through): a mouse click at the link's
  // pixels twice missed it on a busy CI machine, the map still settling under the popup. The card
  // is awaited by its own element, not by the page's load event, which a busy machine delays.
  const link = first.locator("a");
  assert.equal(await link.getAttribute("href"), `/a/${record.code}`);
  await link.evaluate((anchor: { click(): void }) => anchor.click());
  await page.waitForURL(`${api.base}/a/${record.code}`, { waitUntil: "commit" });
  await page.locator(`#card-code[data-code="${record.code}"]`).waitFor({ state: "attached" });
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("the map answers the keyboard (Enter asks about its centre) and Tab leaves it: it is not a trap", async () => {
  const record = isolatedRecord(11);
  const { page } = await recordedPage(browser, 360, 740);
  await page.goto(`${api.base}/`);
  await mapReady(page);
  await page.evaluate(`window.diachisoMap.zoomTo(${record.lat}, ${record.lon}, 17)`);
  await page.locator("#map").focus();
  await page.keyboard.press("Enter");
  await page.locator("#reverse-answer").waitFor();
  assert.equal(
    await page.locator("#reverse-answer .nearest li").first().getAttribute("data-code", { timeout: 1000 }).catch(() => null),
    record.code,
    `the nearest address is not the record at the centre: ${await page.locator("#reverse-answer").textContent()}`,
  );
  assert.match((await page.locator("#map-status").textContent()) ?? "", /\d+ m/, "the answer is not announced");
  let left = false;
  for (let press = 0; press < 8 && !left; press++) {
    await page.keyboard.press("Tab");
    left = await page.evaluate<boolean>(`!document.activeElement?.closest("#map")`);
  }
  assert.ok(left, "Tab did not leave the map");
  await assertNoHorizontalScroll(page, 360);
  await page.context().close();
});

test("the card's share button hands its link to the share sheet, or copies the link where there is none", async () => {
  const record = records[2];
  const { page } = await recordedPage(browser, 360, 740);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: api.base });
  await page.goto(`${api.base}/a/${record.code}`);
  await page.locator("#share-card").waitFor();
  const cardLink = `${api.base}/a/${record.code}`;
  // A share sheet (a phone's), stood in for: the link and the address are what it is given.
  await page.evaluate("window.sharedData = null; navigator.share = async (data) => { window.sharedData = data; }");
  await page.locator("#share-card").click();
  const shared = await page.evaluate<{ url: string; text: string } | null>("window.sharedData");
  assert.equal(shared?.url, cardLink);
  assert.equal(shared?.text, await page.locator("#card-address-new").textContent());
  // No share sheet (a desktop): the link is copied.
  await page.evaluate("delete navigator.share; Object.defineProperty(navigator, 'share', { value: undefined })");
  await page.locator("#share-card").click();
  await page.locator(".card .status", { hasText: /liên kết/ }).waitFor();
  assert.equal(await page.evaluate<string>("navigator.clipboard.readText()"), cardLink);
  await page.context().close();
});

test("the card shows its location on a small map inside its commune's outline", async () => {
  const record = records[3];
  const recorded = await recordedPage(browser, 360, 740);
  const { page } = recorded;
  await page.goto(`${api.base}/a/${record.code}`);
  await page.waitForSelector("#card-map[data-ready=true]", { state: "attached" });
  assert.equal(await page.getAttribute("#card-map", "data-commune"), record.new.commune);
  assert.equal(await page.locator("#card-map path.card-marker").count(), 1);
  assert.ok(recorded.requests.some((url) => url.endsWith(`/v1/units/new/${record.new.commune}/boundary`)));
  await assertNoHorizontalScroll(page, 360);
  await screenshot(page, "card", { fullPage: true });
  assertOnlyLocal(recorded, api.base);
  await page.context().close();
});

test("the larger-text switch enlarges the page, is kept over a reload, and the map still fits 360 px", async () => {
  const { page } = await recordedPage(browser, 360, 740);
  await page.goto(`${api.base}/`);
  await mapReady(page);
  const size = () => page.evaluate<number>("Number.parseFloat(getComputedStyle(document.documentElement).fontSize)");
  const before = await size();
  const button = page.locator("#text-size");
  assert.equal(await button.getAttribute("aria-pressed"), "false");
  await button.click();
  assert.equal(await button.getAttribute("aria-pressed"), "true");
  assert.ok((await size()) > before * 1.2, "the text did not grow");
  await page.reload();
  await mapReady(page);
  assert.equal(await page.locator("#text-size").getAttribute("aria-pressed"), "true");
  assert.ok((await size()) > before * 1.2, "the larger text was not kept");
  await assertNoHorizontalScroll(page, 360);
  await page.context().close();
});

test("the map's layers are sent gzipped and cached a day", async () => {
  const response = await fetch(`${api.base}/v1/units/boundaries`, { headers: { "accept-encoding": "gzip" } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-encoding"), "gzip");
  assert.equal(response.headers.get("cache-control"), "public, max-age=86400");
  const layer = (await response.json()) as { features: { properties: { code: string; name: string } }[] };
  assert.equal(layer.features.length, 34);
  assert.ok(layer.features.every((f) => f.properties.name));
});

test("the pages do not shadow the API: an unknown path is still the API's 404 problem", async () => {
  const response = await fetch(`${api.base}/v1/nothing`);
  assert.equal(response.status, 404);
  assert.match(response.headers.get("content-type") ?? "", /problem\+json/);
  const page = await fetch(`${api.base}/`);
  assert.match(page.headers.get("content-security-policy") ?? "", /default-src 'self'/);
});
