import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { sampleData } from "../../store/contract.js";
import { openSqliteStore } from "../../store/sqlite/sqlite-store.js";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "diachiso-cli-address-"));
const db = join(dir, "a.db");
let code = "";
let neighbour = "";

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, "address", ...args, "--db", db], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

before(async () => {
  const store = openSqliteStore(db);
  const outcomes = await store.importBatch("hn-1", [{ externalId: "1", data: sampleData() }, { externalId: "2", data: sampleData() }], {
    actor: "import",
  });
  code = outcomes[0].outcome === "created" ? outcomes[0].code : "";
  neighbour = outcomes[1].outcome === "created" ? outcomes[1].code : "";
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("address show --json gives the record with units, location and both formatted lines, without owner data", () => {
  const r = cli("show", code.toLowerCase(), "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = r.json();
  assert.equal(j.code, code);
  assert.equal(j.kind, "household");
  assert.equal(j.status, "surveyed");
  assert.equal(j.version, 1);
  assert.equal(j.parts.house_number, "12");
  assert.deepEqual(j.new.ward, { code: "00004", name: "Ba Đình", full_name: "Phường Ba Đình" });
  assert.equal(j.new.province.name, "Hà Nội");
  assert.equal(j.old.ward.name, "Trúc Bạch");
  assert.equal(j.location.lat, 21.0412);
  assert.match(j.formatted.new, /Phường Ba Đình, Thành phố Hà Nội$/);
  assert.match(j.formatted.old, /Quận Ba Đình, Thành phố Hà Nội$/);
  assert.equal("owner" in j, false);
  assert.equal(cli("show", code, "--json", "--with-personal-data").json().owner.name, "Nguyễn Văn A");
});

test("address set-status moves the record and refuses a transition the lifecycle forbids, exit 1", () => {
  const ok = cli("set-status", code, "complete", "--reason", "checked", "--json", "--actor", "lead");
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.json().status, "complete");
  const bad = cli("set-status", code, "official", "--reason", "skip");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /cannot go from "complete" to "official"/);
  const stale = cli("set-status", code, "notified", "--reason", "x", "--expected-version", "1");
  assert.equal(stale.status, 1);
  assert.match(stale.stderr, /version 2, the update was based on version 1/);
  const unknown = cli("set-status", code, "done", "--reason", "x");
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /status must be one of surveyed, .*got "done"/);
});

test("address history lists who, when, what and why, hiding owner values unless asked", () => {
  const r = cli("history", code, "--json");
  assert.equal(r.status, 0, r.stderr);
  const revisions = r.json().revisions;
  assert.deepEqual(
    revisions.map((x: { action: string }) => x.action),
    ["create", "transition"],
  );
  assert.equal(revisions[1].actor, "lead");
  assert.equal(revisions[1].reason, "checked");
});

test("address erase-personal-data removes the owner and keeps the address", () => {
  const r = cli("erase-personal-data", neighbour, "--reason", "owner request 42", "--json");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.json().version, 2);
  const shown = cli("show", neighbour, "--json", "--with-personal-data").json();
  assert.equal(shown.owner, null);
  assert.equal(shown.parts.street, "Phố Quán Thánh");
  assert.notEqual(cli("erase-personal-data", neighbour).status, 0); // --reason is required
});

test("address erase-personal-data asked again changes nothing and says so, in one line or in JSON", () => {
  const before = cli("history", neighbour, "--json").json().revisions;
  const text = cli("erase-personal-data", neighbour, "--reason", "owner request 42, sent twice");
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^[0-9A-Z/-]+: nothing to erase, the personal data was already erased \(still v2, no revision added\)\n$/);
  const json = cli("erase-personal-data", neighbour, "--reason", "and a third time", "--json");
  assert.equal(json.status, 0, json.stderr);
  assert.deepEqual(json.json(), { code: neighbour, erased: false, version: 2, revisions_redacted: 0 });
  assert.deepEqual(cli("history", neighbour, "--json").json().revisions, before);
});

test("address list gives the codes of the records in a status, in the order they were stored", () => {
  const all = cli("list", "--json");
  assert.equal(all.status, 0, all.stderr);
  assert.deepEqual(
    all.json().map((r: { code: string }) => r.code),
    [code, neighbour],
  );
  const complete = cli("list", "--status", "complete");
  assert.equal(complete.status, 0, complete.stderr);
  assert.match(complete.stdout, /^[0-9A-Z/-]+\tcomplete\tv2\t.*Phường Ba Đình, Thành phố Hà Nội\n$/);
  assert.equal(cli("list", "--status", "official").stdout, "");
});

test("address commands use $DIACHISO_DB when --db is not given", () => {
  const r = spawnSync(process.execPath, [MAIN, "address", "show", code, "--json"], {
    encoding: "utf8",
    cwd: tmpdir(),
    env: { ...process.env, DIACHISO_DB: db },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).code, code);
  const counts = spawnSync(process.execPath, [MAIN, "address", "counts", "--json"], { encoding: "utf8", cwd: tmpdir(), env: { ...process.env, DIACHISO_DB: db } });
  assert.equal(counts.status, 0, counts.stderr);
  assert.ok(JSON.parse(counts.stdout).length > 0);
});

test("an unknown code or a missing store is a one-line error naming it", () => {
  const missing = cli("show", "2TTN5TGM22");
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no address record with code "2TTN5TGM22"/);
  const r = spawnSync(process.execPath, [MAIN, "address", "show", code, "--db", join(dir, "none.db")], { encoding: "utf8" });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no address store at .*none\.db/);
});
