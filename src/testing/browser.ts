/**
 * Test kit for the web app: Debian's `chromium` driven by playwright-core, every request the page
 * makes recorded. Chromium is required, never skipped: `.ci/run` installs it when missing, and a
 * machine without it fails here with the package to install.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's package puts the browser (override with $CHROMIUM_PATH). */
const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function chromiumPath(): string {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CHROMIUM_PATHS;
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `the web app's browser tests need Chromium: none at ${candidates.join(", ")}; install the Debian package (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  return found;
}

export async function launchChromium(): Promise<Browser> {
  // As root (CI) Chromium refuses its sandbox; these tests load only our own pages.
  return chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu"], timeout: 20_000 });
}

export interface RecordedPage {
  page: Page;
  /** Every URL the page asked for, in order (documents, scripts, styles, fetches, images …). */
  requests: string[];
}

/** A fresh page (its own context: no storage shared with another) at `width` px, recording its requests. */
export async function recordedPage(browser: Browser, width = 1024, height = 800): Promise<RecordedPage> {
  const context = await browser.newContext({ viewport: { width, height }, locale: "vi-VN" });
  const page = await context.newPage();
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  return { page, requests };
}

/**
 * Every request `recorded` made went to the server at `base` (the page loads and calls nothing
 * outside it); `data:` URLs and the page's own `blob:` downloads are the page's.
 */
export function assertOnlyLocal(recorded: RecordedPage, base: string): void {
  assert.ok(recorded.requests.length > 0, "the page made no request at all");
  const outside = recorded.requests.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith(`blob:${base}/`) && !url.startsWith("data:"));
  assert.deepEqual(outside, [], "requests left the test server");
}

/** The page fits `width` px: no horizontal scroll (a phone at 360 px). */
export async function assertNoHorizontalScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate<number>("document.documentElement.scrollWidth");
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide in a ${width} px window`);
}

/** Saves the page as `<name>.png` in $DIACHISO_SCREENSHOTS when it is set (docs/screenshots/); else nothing. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const folder = process.env.DIACHISO_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: options.fullPage ?? false });
}
