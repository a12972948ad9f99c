/**
 * Issue 17 end to end, across its two halves: a record made complete is queued by the store,
 * `notify` hands its letter to the file channel (the link and phone code signed with the store's
 * key), the owner opens the letter's link against a real server on 127.0.0.1 and confirms, and the
 * report (API and its JSON) then counts the notification sent and the record confirmed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readLetters } from "../notify/channels/file.js";
import { NotificationService } from "../services/notifications.js";
import { storeAt } from "../services/stores.js";
import { sampleAt } from "../store/contract.js";
import { openSqliteStore } from "../store/sqlite/sqlite-store.js";
import { type RunningApi, startApi, TEST_PII_ENV } from "../testing/api.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-notify-owner-"));
const db = join(dir, "n.db");
const letters = join(dir, "letters");
const codes: string[] = [];
let api: RunningApi;

before(async () => {
  const store = openSqliteStore(db);
  for (let i = 0; i < 3; i++) {
    const record = await store.create({ data: sampleAt(i, { owner: { name: `Chủ hộ ${i}`, phone: "0912345678" } }), status: "complete" }, { actor: "test" });
    codes.push(record.code);
  }
  await store.close();
  const summary = await new NotificationService(storeAt(db, { env: TEST_PII_ENV })).deliver({ channel: "file", out: letters, publicUrl: "https://diachiso.test" });
  assert.equal(summary.sent, 3);
  api = await startApi(db, { loadIndex: false, followMs: 0 });
});
after(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

function lettersWritten() {
  const out = [];
  for (const province of readdirSync(letters))
    for (const file of readdirSync(join(letters, province)).filter((f) => f.endsWith(".csv")))
      out.push(...readLetters(join(letters, province, file)));
  return out;
}

test("the owner opens the link a letter carries, confirms, and the report counts it; the link then is used", async () => {
  const written = lettersWritten();
  assert.equal(written.length, 3);
  const link = new URL(written[0].link);
  assert.equal(link.origin, "https://diachiso.test");
  const token = decodeURIComponent(link.pathname.replace(/^\/o\//, ""));
  const headers = { "x-owner-token": token, "content-type": "application/json" };
  const opened = await fetch(`${api.base}/v1/owner`, { headers });
  assert.equal(opened.status, 200, await opened.clone().text());
  const view = (await opened.json()) as { code: string; status: string; owner: { name: string } };
  assert.equal(view.status, "notified");
  assert.equal(view.owner.name, written[0].ownerName, "the owner sees their own data");
  const code = view.code;
  assert.ok(codes.includes(code));
  const confirmed = await fetch(`${api.base}/v1/owner/confirm`, { method: "POST", headers, body: "{}" });
  assert.equal(confirmed.status, 200, await confirmed.clone().text());
  assert.equal((await api.store.get(code))?.status, "confirmed");
  const again = await fetch(`${api.base}/v1/owner/confirm`, { method: "POST", headers, body: "{}" });
  assert.equal(again.status, 410, "a used link is refused");
  const report = (await (await fetch(`${api.base}/v1/report?by=province`)).json()) as { notifications: { total: Record<string, number> } };
  assert.equal(report.notifications.total.sent, 3);
  assert.equal(report.notifications.total.confirmed, 1);
  assert.equal(report.notifications.total.queued, 0);
});
