/**
 * `diachiso owner confirm-phone` and `diachiso owner proposals` as an officer runs them: a real
 * store file, a record moved to `notified` through the lifecycle, the phone code computed with the
 * store's key as a notification computes it.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ownerLinkKey, ownerPhoneCode } from "../../domain/owner-link.js";
import { storeAt } from "../../services/stores.js";
import { sampleAt } from "../../store/contract.js";
import { openStore } from "../../store/open.js";
import { TEST_PII_ENV } from "../../testing/api.js";
import { runCli } from "../../testing/cli.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-cli-owner-"));
const db = join(dir, "owner.db");
const codes: string[] = [];
let notifiedVersion = 0;

before(async () => {
  const store = await openStore(db, { use: "create" });
  for (const i of [0, 1]) {
    const { code } = await store.create({ data: sampleAt(i) }, { actor: "t" });
    await store.transition(code, 1, { to: "complete", reason: "checked" }, { actor: "t" });
    notifiedVersion = (await store.transition(code, 2, { to: "notified", reason: "sent" }, { actor: "notify:file" })).version;
    codes.push(code);
  }
  await store.answerAsOwner(
    { code: codes[1], expectedVersion: notifiedVersion, nonce: "cli-nonce", to: "correction-requested", reason: "owner", proposal: { text: "Sai số nhà", fields: { "parts.houseNumber": "14" } }, via: "owner-link:cli-nonce" },
    { actor: "owner" },
  );
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("owner confirm-phone: a wrong code is exit 1 naming the record; the right one confirms, once", async () => {
  const key = ownerLinkKey(storeAt(db, { env: TEST_PII_ENV }).personalDataKey());
  const spoken = ownerPhoneCode(key, codes[0], notifiedVersion);
  const wrong = await runCli(["owner", "confirm-phone", codes[0], spoken === "00000000" ? "11111111" : "00000000", "--db", db], { env: TEST_PII_ENV });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /^diachiso: the phone code does not match address/);
  const right = await runCli(["owner", "confirm-phone", codes[0], `${spoken.slice(0, 4)} ${spoken.slice(4)}`, "--db", db, "--json"], { env: TEST_PII_ENV });
  assert.equal(right.status, 0, right.stderr);
  assert.equal(JSON.parse(right.stdout).status, "confirmed");
  const again = await runCli(["owner", "confirm-phone", codes[0], spoken, "--db", db], { env: TEST_PII_ENV });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /"confirmed", not waiting/);
});

test("owner proposals lists what owners said, by unit or record; a malformed province is exit 2", async () => {
  const listed = await runCli(["owner", "proposals", "--commune", "00004", "--db", db]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`${codes[1]} v${notifiedVersion}  01/00004  parts.houseNumber="14"  "Sai số nhà"`));
  const json = await runCli(["owner", "proposals", "--code", codes[1].toLowerCase(), "--db", db, "--json"]);
  assert.deepEqual(JSON.parse(json.stdout).map((p: { fields: unknown }) => p.fields), [{ "parts.houseNumber": "14" }]);
  assert.equal((await runCli(["owner", "proposals", "--province", "79", "--db", db])).stdout, "no proposals\n");
  const bad = await runCli(["owner", "proposals", "--province", "1", "--db", db]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--province: a 2-digit new province code/);
});

test("owner confirm-phone on a store that is not there is one line, exit 1, and makes no key file beside it", async () => {
  const missing = join(dir, "missing.db");
  const answer = await runCli(["owner", "confirm-phone", codes[0], "12345678", "--db", missing]);
  assert.equal(answer.status, 1);
  assert.match(answer.stderr, /^diachiso: no address store at .*missing\.db/);
  assert.equal(answer.stderr.trim().split("\n").length, 1);
  assert.equal(existsSync(`${missing}.pii-key`), false);
});
