/**
 * The owner page end to end in Debian's Chromium: the built pages served by a real server on
 * 127.0.0.1 over a real store, records moved to `notified` through the lifecycle and links signed
 * as a notification signs them. Opening the link shows the owner's record and data; Confirm makes
 * the record `confirmed` in the store (read back through the store); a second visit says the link
 * is used; a correction is kept as a proposal and the record's content is unchanged; no request
 * leaves 127.0.0.1 and none carries the link as a referrer. DIACHISO_SCREENSHOTS=<folder> saves
 * owner.png (and owner-used.png) there.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { newOwnerLinkNonce, ownerLinkKey, signOwnerToken } from "../domain/owner-link.js";
import { sampleAt } from "../store/contract.js";
import { openStore } from "../store/open.js";
import { type RunningApi, startApi } from "../testing/api.js";
import { assertOnlyLocal, launchChromium, type RecordedPage, recordedPage, screenshot } from "../testing/browser.js";


let dir: string;
let api: RunningApi;
let browser: Browser;
let cell = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "diachiso-web-owner-"));
  const db = join(dir, "owner.db");
  await (await openStore(db, { use: "create" })).close();
  api = await startApi(db, { loadIndex: false });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A household in Phường Ba Đình moved to `notified` through the lifecycle, and the path of its owner link. */
async function notified(): Promise<{ code: string; link: string }> {
  const data = sampleAt(cell++, { owner: { name: "Nguyễn Thị Mai", phone: "0912 000 111", email: "mai@example.vn", citizenIdHash: "h1:hidden" } });
  const { code } = await api.store.create({ data }, { actor: "surveyor:test" });
  await api.store.transition(code, 1, { to: "complete", reason: "checked" }, { actor: "surveyor:test" });
  const { version } = await api.store.transition(code, 2, { to: "notified", reason: "letter sent" }, { actor: "notify:file" });
  const key = ownerLinkKey(api.server.services.stores.personalDataKey());
  const token = signOwnerToken(key, { code, version, expiresAt: new Date(Date.now() + 30 * 86_400_000), nonce: newOwnerLinkNonce() });
  return { code, link: `/o/${token}` };
}

/** Every request went to the test server, and none told it (or anyone) the link as a referrer. */
function assertLocalWithoutReferrer(recorded: RecordedPage, referrers: string[]) {
  assert.ok(recorded.requests.length > 2, "the page made its requests");
  assertOnlyLocal(recorded, api.base);
  assert.deepEqual(referrers, [], "a request carried a referrer");
}

/** A page recording the Referer of every request it makes. */
async function ownerTab(): Promise<{ recorded: RecordedPage; page: Page; referrers: string[] }> {
  const recorded = await recordedPage(browser, 360, 740);
  const referrers: string[] = [];
  recorded.page.context().on("request", (request) => {
    const referer = request.headers().referer;
    if (referer) referrers.push(referer);
  });
  return { recorded, page: recorded.page, referrers };
}

test("the owner opens the link, sees their record and data, confirms: the store says confirmed, and a second visit says the link is used", async () => {
  const { code, link } = await notified();
  const { recorded, page, referrers } = await ownerTab();
  const response = await page.goto(`${api.base}${link}`);
  assert.equal(response?.headers()["referrer-policy"], "no-referrer");
  assert.equal(response?.headers()["cache-control"], "no-store");
  await page.locator("#owner-code").waitFor();
  assert.equal(await page.locator("#owner-code").getAttribute("data-code"), code);
  assert.equal(await page.locator("#owner-name").textContent(), "Nguyễn Thị Mai");
  assert.equal(await page.locator("#owner-phone").textContent(), "0912 000 111");
  assert.equal(await page.locator("#owner-email").textContent(), "mai@example.vn");
  assert.match((await page.locator("#owner-address-new").textContent()) ?? "", /Phường Ba Đình, Thành phố Hà Nội/);
  assert.equal(await page.locator("#owner-status").textContent(), "đã thông báo");
  assert.doesNotMatch(await page.content(), /h1:hidden/);
  const width = await page.evaluate<number>("document.documentElement.scrollWidth");
  assert.ok(width <= 360, `the page is ${width} px wide at 360 px`);
  await screenshot(page, "owner", { fullPage: true });

  await page.locator("#owner-confirm").click();
  await page.locator("#owner-outcome[data-tone=done]").waitFor();
  assert.match((await page.locator("#owner-outcome").textContent()) ?? "", /đã được xác nhận/);
  assert.equal(await page.locator("#owner-confirm").count(), 0, "the answer buttons are gone");
  assert.equal(await page.locator("#owner-status").textContent(), "chủ hộ đã xác nhận");
  const stored = await api.store.get(code);
  assert.equal(stored?.status, "confirmed", "read back through the store");
  const last = (await api.store.history(code)).at(-1)!;
  assert.deepEqual([last.actor, last.changes], ["owner", { status: ["notified", "confirmed"] }]);

  await page.goto(`${api.base}${link}`);
  const refused = page.locator("#owner-refused");
  await refused.waitFor();
  assert.match((await refused.textContent()) ?? "", /đã được dùng/);
  await screenshot(page, "owner-used", { fullPage: true });
  assertLocalWithoutReferrer(recorded, referrers);
  await page.context().close();
});

test("in English, the owner asks for a correction: the proposal is kept for the surveyor and the record's content is unchanged", async () => {
  const { code, link } = await notified();
  const before = await api.store.get(code, { withPersonalData: true });
  const { recorded, page, referrers } = await ownerTab();
  await page.goto(`${api.base}${link}`);
  await page.locator("#owner-code").waitFor();
  await page.locator("#lang-switch").click();
  await page.waitForSelector("html[lang=en]", { state: "attached" });
  await page.locator("#owner-title", { hasText: "Your address" }).waitFor();

  // Nothing written: the page asks for words or a value before it sends anything.
  await page.locator("#owner-fix-send").click();
  assert.match((await page.locator("#owner-outcome").textContent()) ?? "", /Say what is wrong/);
  await page.locator("#owner-fix-text").fill("The house number is 14, not 12");
  await page.getByLabel("Right house number (if wrong)").fill("14");
  await page.locator("#owner-fix-send").click();
  await page.locator("#owner-outcome[data-tone=done]").waitFor();
  assert.match((await page.locator("#owner-outcome").textContent()) ?? "", /correction is sent/);

  const after = await api.store.get(code, { withPersonalData: true });
  assert.equal(after?.status, "correction-requested");
  assert.deepEqual(after?.parts, before?.parts, "nothing applied");
  const proposals = await api.store.correctionProposals({ code });
  assert.deepEqual(
    proposals.map((p) => [p.text, p.fields]),
    [["The house number is 14, not 12", { "parts.houseNumber": "14" }]],
  );
  assertLocalWithoutReferrer(recorded, referrers);
  await page.context().close();
});

test("an altered link is refused on the page, and nothing is read", async () => {
  const { code, link } = await notified();
  const { page } = await ownerTab();
  await page.goto(`${api.base}${link.slice(0, -2)}xx`);
  await page.locator("#owner-refused").waitFor();
  assert.match((await page.locator("#owner-refused").textContent()) ?? "", /không đúng hoặc không đầy đủ/);
  assert.deepEqual(await api.store.auditLog({ subject: code }), []);
  await page.context().close();
});
