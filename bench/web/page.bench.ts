/**
 * The web app on a store (the demo's: 20,000 records of Hà Nội and Hồ Chí Minh City): what the
 * search page and an address card weigh, and how long after the last keystroke the first
 * suggestion is on screen, in Debian's Chromium against the API server on 127.0.0.1 (in this
 * process, as the tests run it, with the public rate limit lifted: a benchmark asks faster than a
 * person, and the browser is the public caller).
 *
 *   npx tsc -p . && npm run build:web
 *   node dist/bench/web/page.bench.js --db STORE [--prefixes 24] [--loads 5] [--seed 16]
 *
 * Page weight: every response each page asked for (recorded in the browser), as this server sends
 * it (the boundary layers gzipped, the static files as they are) and gzipped at level 6 (what a
 * compressing proxy in front would send).
 *
 * Time to first result: performance marks in the page, one at the input event of the last key,
 * one at the first animation frame after the listbox shows the suggestions answering the text in
 * the box. Prefixes are the store's own records as people type them ("12 Láng Hạ", cut two or
 * more letters into the street), typed at 30 ms a key (faster than the 120 ms debounce, so only
 * the last key asks). The peer: the same question over plain `fetch` from the same page, without
 * the combobox (its debounce, its rendering): the difference is what the page adds. Each prefix
 * is asked both ways, the order flipping every prefix; medians.
 *
 * Time to interactive: a cold load (a fresh browser context) to the search box answering keys
 * (DOMContentLoaded: the page's module has run) and to the map's provinces drawn.
 */
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { Random } from "../../src/common/random.js";
import { openStore } from "../../src/store/open.js";
import { launchChromium, recordedPage } from "../../src/testing/browser.js";
import { type RunningApi, startApi } from "../../src/testing/api.js";
import { arg, runBench } from "../args.js";
import { median } from "../median.js";

const db = arg("db");
const prefixCount = Number(arg("prefixes", "24"));
const loads = Number(arg("loads", "5"));
const seed = Number(arg("seed", "16"));
/** The combobox's wait after the last key (web/src/combobox.ts DEBOUNCE_MS), part of what a person waits. */
const DEBOUNCE_MS = 120;

interface Asset {
  url: string;
  type: string;
  sent: number;
  gzipped: number;
}

/** The bytes of one response as the server sends it, and gzipped. */
async function weigh(url: string): Promise<Asset> {
  const sentResponse = await fetch(url, { headers: { "accept-encoding": "gzip" } });
  const encoded = sentResponse.headers.get("content-encoding");
  const body = Buffer.from(await sentResponse.arrayBuffer()); // fetch decodes: this is the identity body
  const gzipped = gzipSync(body, { level: 6 }).length;
  const path = new URL(url).pathname + new URL(url).search;
  return { url: path, type: sentResponse.headers.get("content-type")?.split(";")[0] ?? "", sent: encoded === "gzip" ? gzipSync(body, { level: 9 }).length : body.length, gzipped };
}

/** Every response a page asks for until its map is drawn. */
async function pageAssets(browser: Browser, url: string, readySelector: string): Promise<Asset[]> {
  const { page, requests } = await recordedPage(browser, 1024, 800);
  await page.goto(url);
  await page.waitForSelector(readySelector, { state: "attached", timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  await page.context().close();
  const unique = [...new Set(requests.filter((u) => !u.startsWith("data:")))];
  return Promise.all(unique.map(weigh));
}

function printAssets(title: string, assets: Asset[]) {
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(`\n${title}`);
  console.log("| asset | type | sent kB | gzipped kB |\n|---|---|---:|---:|");
  for (const a of assets) console.log(`| \`${a.url.replace(/-[A-Za-z0-9_]{8}\./, "-….")}\` | ${a.type} | ${kb(a.sent)} | ${kb(a.gzipped)} |`);
  const sum = (k: "sent" | "gzipped") => assets.reduce((s, a) => s + a[k], 0);
  console.log(`| **total** (${assets.length}) | | **${kb(sum("sent"))}** | **${kb(sum("gzipped"))}** |`);
}

/** Installs the marks: the last key's input event, and the frame after the answering suggestions show. */
const INSTRUMENT = `(() => {
  const input = document.getElementById("search");
  const list = document.getElementById("search-options");
  window.__shown = null;
  input.addEventListener("input", () => { performance.mark("key"); window.__shown = null; });
  new MutationObserver(() => {
    if (list.dataset.query === input.value && !list.hidden && list.children.length > 0 && window.__shown === null) {
      window.__shown = 0;
      requestAnimationFrame(() => { performance.mark("shown"); window.__shown = performance.measure("toScreen", "key", "shown").duration; });
    }
  }).observe(list, { attributes: true, childList: true });
})()`;

async function keystrokeToScreen(page: Page, prefix: string): Promise<number> {
  await page.fill("#search", "");
  await page.keyboard.press("Escape");
  await page.waitForTimeout(DEBOUNCE_MS * 2);
  await page.focus("#search");
  await page.keyboard.type(prefix, { delay: 30 });
  // Polled from here: the page's CSP forbids the eval that waitForFunction would run inside it.
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const shown = await page.evaluate<number | null>("window.__shown");
    if (shown) return shown;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no suggestion shown for "${prefix}"`);
}

async function plainFetch(page: Page, prefix: string): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const t = performance.now();
    const answer = await (await fetch("/v1/autocomplete?q=" + encodeURIComponent(${JSON.stringify(prefix)}) + "&limit=8")).json();
    if (!answer.features.length) throw new Error("no suggestion for " + ${JSON.stringify(prefix)});
    return performance.now() - t;
  })()`);
}

async function main() {
  const store = await openStore(db, { use: "read" });
  const records = (await store.scan(null, 20_000)).items.filter((r) => r.parts.houseNumber && r.parts.street);
  await store.close();
  const random = new Random(seed);
  /** "12 Láng H": a record's house number and street, cut two or more letters into the street's second word (or its first). */
  const drawPrefix = () => {
    const r = random.pick(records);
    const full = `${r.parts.houseNumber} ${r.parts.street}`;
    const words = full.split(" ");
    const last = Math.min(words.length - 1, 2);
    const word = words[last];
    return [...words.slice(0, last), word.slice(0, Math.min(word.length, 2 + random.int(0, Math.max(0, word.length - 2))))].join(" ");
  };

  let api: RunningApi | undefined;
  let browser: Browser | undefined;
  try {
    api = await startApi(db, { rateLimits: { public: 1_000_000 } });
    const { base } = api;
    browser = await launchChromium();
    const code = records[0].code;
    // Only prefixes the engine has suggestions for: a question without an answer shows nothing to time.
    const prefixes: string[] = [];
    while (prefixes.length < prefixCount) {
      const prefix = drawPrefix();
      const answer = (await (await fetch(`${base}/v1/autocomplete?q=${encodeURIComponent(prefix)}&limit=8`)).json()) as { features: unknown[] };
      if (answer.features.length > 0 && !prefixes.includes(prefix)) prefixes.push(prefix);
    }

    const searchAssets = await pageAssets(browser, `${base}/`, "#map[data-ready=true]");
    const cardAssets = await pageAssets(browser, `${base}/a/${code}`, "#card-map[data-ready=true]");

    // Cold loads: a fresh context each time (nothing cached).
    const interactive: number[] = [];
    const mapDrawn: number[] = [];
    for (let i = 0; i < loads; i++) {
      const { page } = await recordedPage(browser, 1024, 800);
      await page.goto(`${base}/`);
      await page.waitForSelector("#map[data-ready=true]", { state: "attached" });
      interactive.push(await page.evaluate<number>(`performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`));
      mapDrawn.push(await page.evaluate<number>("performance.now()"));
      await page.context().close();
    }

    // Keystroke to screen, beside plain fetch; one page, warm (as a person's second query is).
    const { page } = await recordedPage(browser, 1024, 800);
    await page.goto(`${base}/`);
    await page.waitForSelector("#map[data-ready=true]", { state: "attached" });
    await page.evaluate(INSTRUMENT);
    await keystrokeToScreen(page, prefixes[0]); // warm-up
    const toScreen: number[] = [];
    const fetched: number[] = [];
    for (const [i, prefix] of prefixes.entries()) {
      if (i % 2 === 0) {
        toScreen.push(await keystrokeToScreen(page, prefix));
        fetched.push(await plainFetch(page, prefix));
      } else {
        fetched.push(await plainFetch(page, prefix));
        toScreen.push(await keystrokeToScreen(page, prefix));
      }
    }
    await page.context().close();

    console.log(`store: ${db}, ${records.length} records with a house number and a street; Node ${process.version}; load average ${loadavg()[0].toFixed(1)}`);
    printAssets("Search page (`/`), until the provinces are drawn", searchAssets);
    printAssets(`Address card (\`/a/${code}\`), until its map is drawn`, cardAssets);
    const ms = (n: number) => n.toFixed(0);
    console.log(`\nCold load, median of ${loads}: search box ready (DOMContentLoaded) ${ms(median(interactive))} ms, provinces drawn ${ms(median(mapDrawn))} ms`);
    const p = median(toScreen);
    const f = median(fetched);
    console.log(`\n| ${prefixes.length} prefixes, medians | ms |\n|---|---:|`);
    console.log(`| last keystroke → first suggestion on screen (page) | ${p.toFixed(1)} |`);
    console.log(`| of which the debounce | ${DEBOUNCE_MS} |`);
    console.log(`| the same question over plain fetch (peer) | ${f.toFixed(1)} |`);
    console.log(`| the page's own overhead (page − debounce − fetch) | ${(p - DEBOUNCE_MS - f).toFixed(1)} |`);
    console.log(`| slowest prefix (page) | ${Math.max(...toScreen).toFixed(1)} |`);
  } finally {
    await browser?.close();
    await api?.close();
  }
}

await runBench("web/page.bench", main);
