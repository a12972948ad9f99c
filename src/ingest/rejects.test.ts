import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { hashCitizenId, loadPiiKey } from "../domain/personal-data.js";
import { runCli } from "../testing/cli.js";
import { CsvSplitter, type CsvRecord } from "../common/csv.js";
import { CANONICAL_FIELDS } from "./fields.js";
import type { Reject } from "./messages.js";
import { initials, maskEmail, maskPhone, REJECT_HEADER, RejectRedactor, rejectLine } from "./rejects.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-rejects-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const key = Buffer.alloc(32, 6);

/** Personal data as surveys write it, and what must never appear in a rejects file. */
const OWNER = {
  owner_name: "Nguyễn Văn An",
  owner_phone: "0912 345 678",
  owner_email: "an.nguyen@gmail.com",
  owner_citizen_id: "079203001234",
};
const IN_CLEAR = [
  "Nguyễn",
  "Văn An",
  "0912",
  "345 678",
  "912345678",
  "an.nguyen",
  "079203001234",
  "203001234",
];

function assertNoneInClear(text: string, where: string): void {
  for (const secret of IN_CLEAR) assert.ok(!text.includes(secret), `${where} shows "${secret}": ${text}`);
}

test("owner data is reduced to what lets an office recognise a row", () => {
  assert.equal(initials("Nguyễn Văn An"), "N. V. A.");
  assert.equal(initials("  đỗ   thị  "), "Đ. T.");
  assert.equal(maskPhone("0912 345 678"), "**** *** 678");
  assert.equal(maskPhone("+84912345678"), "+********678");
  assert.equal(maskPhone("024.3825.1234"), "***.****.*234");
  assert.equal(maskPhone("0912 (anh Ba)"), "**** (*** **)", "six digits or fewer: none kept");
  assert.equal(maskEmail("an.nguyen@gmail.com"), "a***@gmail.com");
  assert.equal(maskEmail("not an address"), "***");
});

test("free text keeps its coordinates and codes; ID numbers are hashed, phones and e-mails masked", () => {
  const redactor = new RejectRedactor("csv", key);
  const hash = hashCitizenId("079203001234", key);
  assert.equal(
    redactor.text(
      'units "26740, 79", point "10.776543, 106.700981"; gọi 0912.345.678 hoặc an@x.vn; CCCD 079 203 001 234, CMND 023456789; KS-2022-000000123',
    ),
    `units "26740, 79", point "10.776543, 106.700981"; gọi ****.***.678 hoặc a***@x.vn; CCCD ${hash}, CMND ${hashCitizenId("023456789", key)}; KS-2022-000000123`,
  );
  assert.equal(
    redactor.field("owner_citizen_id", "079.203.001.234"),
    hash,
    "the store's keyed hash, to match a record",
  );
  assert.match(
    redactor.field("owner_citizen_id", "12345"),
    /^h1:[A-Za-z0-9_-]{43}$/,
    "an invalid ID is hashed too",
  );
  assert.equal(
    redactor.field("external_id", "079203001234"),
    "079203001234",
    "the row's id stays: the office finds the row by it",
  );
});

test("the raw row is redacted by column (CSV: by the header's positions; JSON: by key) and by shape elsewhere", () => {
  const csv = new RejectRedactor("csv", key);
  csv.header = [...CANONICAL_FIELDS, "ghi_chu"];
  const values = CANONICAL_FIELDS.map((f) =>
    f in OWNER ? OWNER[f as keyof typeof OWNER] : f === "external_id" ? "KS-1" : "",
  );
  const raw = [...values.map((v) => (v.includes(" ") ? `"${v}"` : v)), '"chủ nhà: gọi 0912345678"'].join(",");
  const redacted = csv.raw(raw);
  assertNoneInClear(redacted, "CSV raw");
  const fields: CsvRecord[] = [];
  new CsvSplitter().push(`${redacted}\n`, fields);
  assert.deepEqual(
    [
      fields[0].fields[0],
      ...["owner_name", "owner_phone", "owner_email", "owner_citizen_id"].map(
        (f) => fields[0].fields[CANONICAL_FIELDS.indexOf(f as never)],
      ),
    ],
    ["KS-1", "N. V. A.", "**** *** 678", "a***@gmail.com", hashCitizenId("079203001234", key)],
  );
  // A record with a field too many: the owner columns are still hidden by position (and by shape).
  assertNoneInClear(csv.raw(`x,${raw}`), "shifted CSV raw");
  // An unclosed quote: one field, hidden by shape only (a name there cannot be recognised).
  assert.ok(
    !csv
      .raw(`KS-1,"0912345678, an.nguyen@gmail.com, 079203001234`)
      .match(/0912345678|an\.nguyen|079203001234/),
  );

  const json = new RejectRedactor("ndjson", key);
  const line = JSON.stringify({
    external_id: "KS-2",
    ...OWNER,
    note: "gọi 0912 345 678",
    owner_phone_2: 912345678,
  });
  const redactedJson = JSON.parse(json.raw(line));
  assertNoneInClear(JSON.stringify(redactedJson), "NDJSON raw");
  assert.equal(redactedJson.external_id, "KS-2");
  assert.equal(redactedJson.owner_name, "N. V. A.");
  const broken = json.raw(line.slice(0, -5));
  for (const secret of ["0912", "an.nguyen", "079203001234"])
    assert.ok(!broken.includes(secret), `unparsed NDJSON shows ${secret}: ${broken}`);

  const geojson = new RejectRedactor("geojson", key);
  const feature = JSON.stringify({
    type: "Feature",
    geometry: { type: "Point", coordinates: [106.7009, 10.7769] },
    properties: { external_id: "KS-3", ...OWNER },
  });
  const redactedFeature = JSON.parse(geojson.raw(feature));
  assertNoneInClear(JSON.stringify(redactedFeature), "GeoJSON raw");
  assert.deepEqual(redactedFeature.geometry.coordinates, [106.7009, 10.7769]);
});

test("a reject's line hides personal data in every column, the raw one included", () => {
  const redactor = new RejectRedactor("csv", key);
  redactor.header = [...CANONICAL_FIELDS];
  const reject: Reject = {
    line: 7,
    reason: "malformed",
    message: `Unexpected token in "owner_phone": "0912 345 678"`,
    fields: { external_id: "KS-7", street: "Lê Lợi", ...OWNER },
    raw: `KS-7,household,,12,,Lê Lợi,,,,26740,,,,79,,,,${OWNER.owner_name},${OWNER.owner_phone},${OWNER.owner_email},${OWNER.owner_citizen_id}`,
  };
  const text = rejectLine(reject, redactor);
  assertNoneInClear(text, "reject line");
  const cells: CsvRecord[] = [];
  new CsvSplitter().push(text, cells);
  assert.equal(cells[0].fields.length, REJECT_HEADER.length);
  assert.deepEqual(cells[0].fields.slice(0, 4), [
    "7",
    "malformed",
    'Unexpected token in "owner_phone": "**** *** 678"',
    "KS-7",
  ]);
  assert.equal(cells[0].fields[REJECT_HEADER.indexOf("owner_name")], "N. V. A.");
  assert.match(
    cells[0].fields[REJECT_HEADER.indexOf("raw")],
    /^KS-7,household,,12,,Lê Lợi,.*,N\. V\. A\.,\*\*\*\* \*\*\* 678,a\*\*\*@gmail\.com,h1:/,
  );
});

test("the CLI writes a rejects file readable by its owner only, without personal data in clear, for rows rejected for every reason", async () => {
  const file = join(dir, "survey.csv");
  const db = join(dir, "survey.db");
  const owner = `${OWNER.owner_name},${OWNER.owner_phone},${OWNER.owner_email},${OWNER.owner_citizen_id}`;
  const row = (id: string, middle: string) => `${id},${middle},${owner}`;
  const good = "household,,12,,Lê Lợi,,,,26740,,,,79,,10.7769,106.7009";
  writeFileSync(
    file,
    [
      CANONICAL_FIELDS.join(","),
      row("ok1", good),
      row("", good), // missing_external_id
      row("k2", good.replace("household", "castle")), // unknown_kind
      row("k3", "household,,12,,Lê Lợi,,,,99999,,,,,,,"), // no_location
      "k4,household,12", // malformed (and no owner fields to hide)
      row("k5", good.replace("Lê Lợi", "L".repeat(300))), // too_long
      row("k6", good.replace("Lê Lợi", "Lê\u202eLợi")), // invalid_text
      row("k7", good.replace("10.7769,106.7009", "0x15,0x69")), // invalid_value
      row("ok1", good.replace("12", "14")), // repeated_external_id
      "",
    ].join("\n"),
  );
  // An earlier rejects file, readable by everyone: it must not stay so.
  writeFileSync(`${file}.rejects.csv`, "old\n", { mode: 0o644 });
  const result = await runCli(["import", file, "--db", db, "--json"]);
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).rejected_by_reason, {
    missing_external_id: 1,
    unknown_kind: 1,
    no_location: 1,
    malformed: 1,
    too_long: 1,
    invalid_text: 1,
    invalid_value: 1,
    repeated_external_id: 1,
  });
  const rejectsFile = `${file}.rejects.csv`;
  assert.equal(statSync(rejectsFile).mode & 0o777, 0o600);
  const text = readFileSync(rejectsFile, "utf8");
  assertNoneInClear(text, "rejects file");
  const lines = text.trim().split("\n");
  assert.equal(lines[0], REJECT_HEADER.join(","));
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(",").slice(0, 2).join(",")),
    [
      "3,missing_external_id",
      "4,unknown_kind",
      "5,no_location",
      "6,malformed",
      "7,too_long",
      "8,invalid_text",
      "9,invalid_value",
      "10,repeated_external_id",
    ],
  );
  const hash = hashCitizenId(OWNER.owner_citizen_id, loadPiiKey(db).key);
  assert.ok(lines[2].includes(`,N. V. A.,**** *** 678,a***@gmail.com,${hash}`), lines[2]);

  // A run without rejects removes the file; the next one with rejects creates it owner-only again.
  writeFileSync(file, `${CANONICAL_FIELDS.join(",")}\n${row("ok1", good)}\n`);
  assert.equal((await runCli(["import", file, "--db", db])).status, 0);
  assert.throws(() => statSync(rejectsFile), /ENOENT/);
  // (Its only row refused: nothing was imported, which the import reports with exit 1.)
  writeFileSync(file, `${CANONICAL_FIELDS.join(",")}\n${row("", good)}\n`);
  assert.equal((await runCli(["import", file, "--db", db])).status, 1);
  assert.equal(statSync(rejectsFile).mode & 0o777, 0o600);
});
