/**
 * Real-world survey files through the real `diachiso import`: every encoding an office exports,
 * files that are empty, cut short or not what their name says, and rows that must be rejected
 * rather than stored or swallowed. Each case is a file in a temporary folder and a child process.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import iconv from "iconv-lite";
import { SurveyGenerator } from "../generate/generator.js";
import { writeRows } from "../generate/writers.js";
import { runCli, storeFingerprint, withoutProgress } from "../testing/cli.js";
import { encodeTcvn3, encodeWindows1258 } from "../testing/legacy-encodings.js";
import { encodeVni } from "../text/vni.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { CsvSplitter, type CsvRecord } from "../common/csv.js";
import { CANONICAL_FIELDS } from "./fields.js";
import type { ImportSummary } from "./import.js";
import { SAMPLE_BYTES } from "./inspect.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-input-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = CANONICAL_FIELDS.join(",");
/** A CSV row that becomes a complete record in Phường Sài Gòn (26740). */
function row(id: string, street: string, owner: string, houseNumber = "12"): string {
  return `${id},household,,${houseNumber},,${street},,,,26740,,,,79,,10.7769,106.7009,${owner},0912345678,,`;
}
/** A row() as the rejects file keeps it: the owner's name reduced to initials, the phone masked. */
function hidden(line: string): string {
  return line.replace(/,([^,]*),0912345678,/, (_, name: string) => `,${name.split(" ").map((w) => `${w[0]}.`).join(" ")},*******678,`);
}
const NAMES = [
  ["v1", "Nguyễn Huệ", "Nguyễn Văn An"],
  ["v2", "Lê Lợi", "Trần Thị Bình"],
  ["v3", "Trần Hưng Đạo", "Phạm Thuỳ Dương"],
];
const VIETNAMESE_CSV = `${[HEADER, ...NAMES.map(([id, street, owner]) => row(id, street, owner))].join("\r\n")}\r\n`;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The stored records of a store file: external id → street and owner name (read straight from SQLite). */
function stored(db: string): Map<string, { street: string; owner: string }> {
  const reader = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const rows = reader.prepare("SELECT external_id, parts, owner FROM records").all() as {
      external_id: string;
      parts: string;
      owner: string | null;
    }[];
    return new Map(
      rows.map((r) => [
        r.external_id,
        {
          street: JSON.parse(r.parts).street ?? "",
          owner: r.owner === null ? "" : (JSON.parse(r.owner).name ?? ""),
        },
      ]),
    );
  } finally {
    reader.close();
  }
}

/** Every text value stored in a store file's records, for "nothing garbled is stored" checks. */
function storedText(db: string): string {
  const reader = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return JSON.stringify(reader.prepare("SELECT * FROM records").raw().all());
  } finally {
    reader.close();
  }
}

/** The rejects file as objects (column → value), read with the import's own CSV splitter. */
function rejects(path: string): Record<string, string>[] {
  const records: CsvRecord[] = [];
  const splitter = new CsvSplitter();
  splitter.push(readFileSync(`${path}.rejects.csv`, "utf8"), records);
  splitter.end(records);
  const [header, ...rest] = records.map((r) => r.fields);
  return rest.map((values) => Object.fromEntries(header.map((h, i) => [h, values[i]])));
}

/** Runs `import` with --json; the parsed summary when stdout holds one. */
async function importJson(args: string[]) {
  const result = await runCli(["import", ...args, "--json"]);
  const summary = result.stdout.trim() === "" ? null : (JSON.parse(result.stdout) as ImportSummary);
  return { ...result, summary };
}

function oneLine(stderr: string): string {
  const lines = withoutProgress(stderr).trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got: ${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  return lines[0];
}

test("files in every encoding Vietnamese offices export are decoded, stored as written, and each file's encoding is reported", async () => {
  const bom = (bytes: number[], body: Buffer) => Buffer.concat([Buffer.from(bytes), body]);
  const files = {
    "utf-8": file("utf8-bom.csv", bom([0xef, 0xbb, 0xbf], Buffer.from(VIETNAMESE_CSV))),
    "utf-16le": file("excel-unicode.csv", bom([0xff, 0xfe], Buffer.from(VIETNAMESE_CSV, "utf16le"))),
    "utf-16be": file("utf16be.csv", bom([0xfe, 0xff], iconv.encode(VIETNAMESE_CSV, "utf16be"))),
    "windows-1258": file("cp1258.csv", encodeWindows1258(VIETNAMESE_CSV)),
    tcvn3: file("tcvn3.csv", encodeTcvn3(VIETNAMESE_CSV)),
    vni: file("vni.csv", Buffer.from(encodeVni(VIETNAMESE_CSV), "latin1")),
    // Spreadsheets typed in the fonts and saved as "CSV UTF-8": the font's bytes as Latin-1 letters.
    "tcvn3-in-utf-8": file("tcvn3-utf8.csv", Buffer.from(encodeTcvn3(VIETNAMESE_CSV).toString("latin1"))),
    "vni-in-utf-8": file("vni-utf8.csv", Buffer.from(encodeVni(VIETNAMESE_CSV))),
    // …and as Excel's "Unicode text" (UTF-16 LE with its byte order mark).
    "tcvn3-in-utf-16le": file(
      "tcvn3-utf16.csv",
      Buffer.from(`\uFEFF${encodeTcvn3(VIETNAMESE_CSV).toString("latin1")}`, "utf16le"),
    ),
  };
  const db = join(dir, "encodings.db");
  const { status, stderr, summary } = await importJson([...Object.values(files), "--db", db]);
  assert.equal(status, 0, stderr);
  assert.ok(summary);
  assert.deepEqual(
    summary.files.map((f) => [f.file, f.encoding, f.status, f.read, f.accepted, f.rejected]),
    Object.entries(files).map(([encoding, path]) => [path, encoding, "imported", 3, 3, 0]),
  );
  assert.equal(summary.complete, 27, "every row complete, none garbled");
  const reader = new Database(db, { readonly: true });
  const rows = reader.prepare("SELECT external_id, parts, owner FROM records").all() as {
    external_id: string;
    parts: string;
    owner: string;
  }[];
  reader.close();
  assert.equal(rows.length, 27);
  for (const r of rows) {
    const [, street, owner] = NAMES.find(([id]) => id === r.external_id)!;
    assert.equal(JSON.parse(r.parts).street, street);
    assert.equal(JSON.parse(r.owner).name, owner);
  }
  // The text summary says it too, per file.
  const text = await runCli(["import", files["windows-1258"], files.vni, "--db", db]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /cp1258\.csv \(windows-1258\): read 3, accepted 3, rejected 0/);
  assert.match(text.stdout, /vni\.csv \(vni\): read 3, accepted 3, rejected 0/);
});

test("a Latin-1 export is refused whole, naming the file, the line and --encoding, before anything is written", async () => {
  const latin1 = file("latin1.csv", iconv.encode(VIETNAMESE_CSV, "windows1252"));
  const db = join(dir, "latin1.db");
  const { status, stdout, stderr } = await runCli(["import", latin1, "--db", db]);
  assert.equal(status, 1);
  assert.equal(stdout, "");
  assert.match(
    oneLine(stderr),
    /^diachiso: import: .*latin1\.csv, line 2: the file is not UTF-8 and reads best as latin-1 \(windows-1252\), which cannot hold most Vietnamese letters .*--encoding \(utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, tcvn3-in-utf-8, vni-in-utf-8, tcvn3-in-utf-16le, vni-in-utf-16le\)$/,
  );
  assert.equal(storeFingerprint(db), null, "no store file created");
});

test("forced to read a Latin-1 export, rows with '?' in place of letters are rejected with line, raw text and reason, never stored", async () => {
  const text = `${[HEADER, row("l1", "Nguyễn Huệ", "Nguyễn Văn An"), row("l2", "Le Loi", "An"), row("l3", "Pasteur", "Trần Thị Bình")].join("\n")}\n`;
  const latin1 = file("forced.csv", iconv.encode(text, "windows1252"));
  const asRead = iconv.decode(iconv.encode(text, "windows1252"), "windows1258");
  const db = join(dir, "forced.db");
  const { status, stderr, summary } = await importJson([latin1, "--db", db, "--encoding", "windows-1258"]);
  assert.equal(status, 0, stderr);
  assert.equal(summary?.files[0].encoding, "windows-1258");
  assert.equal(summary?.files[0].encoding_evidence, "--encoding");
  assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [3, 1, 2]);
  assert.deepEqual(summary?.rejected_by_reason, { encoding: 2 });
  const rejected = rejects(latin1);
  assert.deepEqual(
    rejected.map((r) => [r.line, r.reason]),
    [
      ["2", "encoding"],
      ["4", "encoding"],
    ],
  );
  assert.match(rejected[0].message, /field street \("Nguy\?n Hu\?"\) has "\?" in place of a letter/);
  assert.match(
    rejected[1].message,
    /field owner_name has "\?" in place of a letter/,
    "an owner's value is not repeated in the message",
  );
  assert.equal(rejected[0].raw, hidden(asRead.split("\n")[1]), "the row as read, owner data hidden");
  assert.deepEqual([...stored(db).keys()], ["l2"]);
  assert.doesNotMatch(storedText(db), /\?/);
});

test("bytes of another encoding far into a UTF-8 file, and '?' for lost letters, reject their rows; no U+FFFD is stored", async () => {
  const lines = [HEADER];
  // Past the part of the file looked at to settle its encoding.
  for (let i = 1; lines.join("\n").length < SAMPLE_BYTES + 20_000; i++)
    lines.push(row(`u${i}`, "Đường Nguyễn Thị Minh Khai", "Nguyễn Văn An", String(i)));
  const count = lines.length - 1;
  const text = `${lines.join("\n")}\n`;
  const bad = encodeWindows1258(`${row("cp1258", "Lê Lợi", "Trần Thị Bình")}\n`);
  const lost = `${row("lost", "Lê Lợi", "Nguy?n V?n An")}\n${row("unknown-number", "Lê Lợi", "Lê Văn Cường", "?")}\n`;
  const path = file("late-bytes.csv", Buffer.concat([Buffer.from(text), bad, Buffer.from(lost)]));
  const db = join(dir, "late-bytes.db");
  const { status, stderr, summary } = await importJson([path, "--db", db]);
  assert.equal(status, 0, stderr);
  assert.equal(summary?.files[0].encoding, "utf-8");
  assert.deepEqual([summary?.read, summary?.rejected], [count + 3, 2]);
  assert.deepEqual(summary?.rejected_by_reason, { encoding: 2 });
  const rejected = rejects(path);
  assert.deepEqual(
    rejected.map((r) => [r.line, r.reason]),
    [
      [String(count + 2), "encoding"],
      [String(count + 3), "encoding"],
    ],
  );
  assert.match(
    rejected[0].message,
    /field street \("L\uFFFD L\uFFFD+i"\) has bytes that are not valid utf-8 \(U\+FFFD\); .*--encoding/,
  );
  const records = stored(db);
  assert.equal(records.size, count + 1, "the row with a lone '?' as house number is stored");
  assert.ok(records.has("unknown-number"));
  assert.doesNotMatch(storedText(db), /\uFFFD|Nguy\?n/);
});

test("an unclosed quote rejects its own line only: three data lines, read 3, the reject keeps the raw line", async () => {
  const second = row("q2", '"Lê Lợi', "Trần Thị Bình");
  const path = file(
    "unclosed.csv",
    `${[HEADER, row("q1", "Lê Lợi", "Nguyễn Văn An"), second, row("q3", "Lê Lợi", "Lê Văn Cường")].join("\n")}\n`,
  );
  const db = join(dir, "unclosed.db");
  const { status, stderr, summary } = await importJson([path, "--db", db]);
  assert.equal(status, 0, stderr);
  assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [3, 2, 1]);
  const [reject] = rejects(path);
  assert.deepEqual([reject.line, reject.reason, reject.raw], ["3", "malformed", hidden(second)]);
  assert.match(reject.message, /unclosed quote/);
  assert.deepEqual([...stored(db).keys()].sort(), ["q1", "q3"]);
});

test("a quoted field may span lines; a quote left open at the end of the file, a row without its id or with too few fields is rejected with its raw text", async () => {
  const multiLine = row("m2", '"Lê Lợi\nnhà góc"', "Trần Thị Bình");
  const noId = row("", "Lê Lợi", "Ẩn Danh");
  const short = "m5,household,,12";
  const lastOpen = row("m4", '"Lê Lợi', "Lê Văn Cường");
  const path = file(
    "quotes.csv",
    `${[HEADER, row("m1", "Lê Lợi", "Nguyễn Văn An"), multiLine, noId, short, lastOpen].join("\n")}`,
  );
  const { status, stderr, summary } = await importJson([path, "--db", join(dir, "quotes.db")]);
  assert.equal(status, 0, stderr);
  assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [5, 2, 3]);
  assert.deepEqual(
    rejects(path).map((r) => [r.line, r.reason, r.raw]),
    [
      ["5", "missing_external_id", hidden(noId)],
      ["6", "malformed", short],
      ["7", "malformed", hidden(lastOpen)],
    ],
  );
});

test("NDJSON rows (after a byte order mark) that are not JSON objects or lack an id are rejected with the line as read", async () => {
  const good = JSON.stringify({
    external_id: "n1",
    ward_code: "26740",
    province_code: "79",
    lat: 10.7769,
    lon: 106.7009,
    street: "Lê Lợi",
  });
  const noId = JSON.stringify({ external_id: "", ward_code: "26740" });
  const path = file("rows.ndjson", `\uFEFF${good}\n{"external_id": "n2", "street": \n[1, 2]\n\n${noId}\n`);
  const { status, stderr, summary } = await importJson([path, "--db", join(dir, "ndjson.db")]);
  assert.equal(status, 0, stderr);
  assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [4, 1, 3]);
  assert.deepEqual(
    rejects(path).map((r) => [r.line, r.reason, r.raw]),
    [
      ["2", "malformed", '{"external_id": "n2", "street": '],
      ["3", "malformed", "[1, 2]"],
      ["5", "missing_external_id", noId],
    ],
  );
});

test("GeoJSON items that are not Features with a Point are rejected with their text; members after the features are read", async () => {
  const feature = (id: string, geometry: string) =>
    `{"type":"Feature","geometry":${geometry},"properties":{"external_id":"${id}","ward_code":"26740","province_code":"79"}}`;
  const polygon = feature("p2", '{"type":"Polygon","coordinates":[]}');
  const path = file(
    "items.geojson",
    `{"features":[\n${feature("p1", '{"type":"Point","coordinates":[106.7009,10.7769]}')},\n42,\n"text",\n${polygon},\n${feature("p3", "null")}\n],\n"name":"x","type":"FeatureCollection"}\n`,
  );
  const { status, stderr, summary } = await importJson([path, "--db", join(dir, "items.db")]);
  assert.equal(status, 0, stderr);
  assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [5, 2, 3]);
  assert.deepEqual(
    rejects(path).map((r) => [r.line, r.reason, r.raw]),
    [
      ["3", "malformed", "42"],
      ["4", "malformed", '"text"'],
      ["5", "malformed", polygon],
    ],
  );
});

test("a CSV file written with Excel's other separators (';' where the decimal mark is a comma, tabs in its UTF-16 'Unicode text') imports as the comma file does", async () => {
  const rows = [
    ["external_id", "house_number", "street", "ward", "district", "province", "lat", "lon"],
    ["s1", "12", "Lê Lợi; góc Pasteur", "Phường Bến Thành", "Quận 1", "TP HCM", "10,7725", "106,698"],
    ["s2", "5", 'Nguyễn Huệ, "phố đi bộ"', "Bến Nghé", "Quận 1", "Hồ Chí Minh", "", ""],
  ];
  const written = (separator: string) =>
    rows
      .map((row) => row.map((v) => (/[";,\t|]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(separator))
      .join("\r\n");
  const files: [string, string | Buffer][] = [
    ["sep-comma.csv", written(",")],
    ["sep-semicolon.csv", `\uFEFF${written(";")}\r\n`],
    ["sep-tab.csv", iconv.encode(`${written("\t")}\r\n`, "utf-16le", { addBOM: true })],
    ["sep-bar.csv", written("|")],
  ];
  const stored: unknown[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    writeFileSync(path, content);
    const db = join(dir, `${name}.db`);
    const { status, stderr, summary } = await importJson([path, "--db", db]);
    assert.equal(status, 0, `${name}: ${stderr}`);
    assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [2, 2, 0], name);
    const store = new Database(db, { readonly: true });
    stored.push(store.prepare("SELECT external_id, code, parts, lat, lon, commune, old FROM records ORDER BY external_id").all());
    store.close();
  }
  // Every field as written, the separator inside quotes kept, the decimal comma read.
  const [first] = stored as { external_id: string; parts: string; lat: number | null }[][];
  assert.equal(JSON.parse(first[0].parts).street, "Lê Lợi; góc Pasteur");
  assert.equal(JSON.parse(first[1].parts).street, 'Nguyễn Huệ, "phố đi bộ"');
  assert.equal(first[0].lat, 10.7725);
  for (let i = 1; i < stored.length; i++) assert.deepEqual(stored[i], stored[0], files[i][0]);
});

test("files with nothing to read, or not in the format their name says, are refused with one line naming file and line; nothing is written", async () => {
  const feature = '{"type":"Feature","geometry":null,"properties":{"external_id":"g1"}}';
  const cases: [string, string | Buffer, RegExp][] = [
    ["empty.csv", "", /empty\.csv: the file is empty \(no header row, no data\)$/],
    ["bom-only.csv", "\uFEFF", /bom-only\.csv: the file holds only white space/],
    ["header-only.csv", `${HEADER}\n`, /header-only\.csv: only a header row, no data rows$/],
    [
      "no-id.csv",
      "ma,ten\n1,Nhà A\n",
      /no-id\.csv, line 1: the header has no external_id column \(got "ma,ten"; /,
    ],
    [
      "no-id-semicolons.csv",
      "ma;ten\n1;Nhà A\n",
      /no-id-semicolons\.csv, line 1: the header has no external_id column \(got "ma;ten"; columns separated by a comma, ";", a tab or "\|"\)/,
    ],
    ["blank.ndjson", "\n\n", /blank\.ndjson: the file holds only white space/],
    ["table.ndjson", "a,b\n1,2\n", /table\.ndjson, line 1: not NDJSON: no line is a JSON object/],
    [
      "feature.geojson",
      feature,
      /feature\.geojson, line 1: not a GeoJSON FeatureCollection: its "type" is "Feature"/,
    ],
    [
      "table.geojson",
      "external_id,kind\n",
      /table\.geojson, line 1: not a GeoJSON FeatureCollection: the file starts with "external_id,kind\\n", not "\{"/,
    ],
    [
      "none.geojson",
      '{"type":"FeatureCollection","features":[]}',
      /none\.geojson: the FeatureCollection has no features$/,
    ],
    [
      "no-features.geojson",
      '{"type":"FeatureCollection"}',
      /no-features\.geojson, line 1: not a GeoJSON FeatureCollection: it has no "features" array/,
    ],
    [
      "cut.geojson",
      `{"type":"FeatureCollection","features":[\n${feature},\n{"type":"Feature","geo`,
      /cut\.geojson, line 3: the file ends inside the features array \(truncated\?\)/,
    ],
    [
      "trailing.geojson",
      `{"type":"FeatureCollection","features":[${feature}]}\n{}`,
      /trailing\.geojson, line 2: text after the end of the FeatureCollection/,
    ],
  ];
  for (const [name, content, expected] of cases) {
    const path = file(name, content);
    const db = join(dir, `refused-${name}.db`);
    const { status, stdout, stderr } = await runCli(["import", path, "--db", db]);
    assert.equal(status, 1, `${name}: ${stderr}`);
    assert.equal(stdout, "", name);
    assert.match(oneLine(stderr), expected, name);
    assert.equal(storeFingerprint(db), null, `${name}: no store file created`);
  }
});

async function bigGeojson(name: string, count: number): Promise<string> {
  const path = join(dir, name);
  await writeRows(
    new SurveyGenerator(loadRegistry(), loadBoundaries(), { count, seed: 11 }).rows(),
    "geojson",
    path,
  );
  return path;
}

test("a multi-file import checks every file first: a bad second file refuses the command and leaves the store as it was", async () => {
  const db = join(dir, "multi.db");
  const first = file("multi-1.csv", VIETNAMESE_CSV);
  assert.equal((await runCli(["import", first, "--db", db])).status, 0);
  const before = storeFingerprint(db);
  const big = await bigGeojson("multi-big.geojson", 2500);
  const text = readFileSync(big, "utf8");
  const cut = file("multi-cut.geojson", text.slice(0, Math.floor(text.length * 0.6)));
  for (const bad of [file("multi-header.csv", `${HEADER}\n`), cut]) {
    const { status, stdout, stderr } = await runCli(["import", big, bad, first, "--db", db]);
    assert.equal(status, 1, stderr);
    assert.equal(stdout, "");
    assert.match(oneLine(stderr), new RegExp(bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    assert.deepEqual(storeFingerprint(db), before, `${bad}: the store is unchanged`);
  }
});

test("a file found cut short mid-way keeps the rows before the cut, rejects the partial feature, and the summary reports every file", async () => {
  const big = await bigGeojson("cut-late.geojson", 2500);
  const text = readFileSync(big, "utf8");
  // Cut inside a feature, just after its geometry: the file still ends with "}", so only reading it finds the cut.
  let at = text.indexOf('"properties"', Math.floor(text.length * 0.6));
  while (text[at - 2] !== "}") at = text.indexOf('"properties"', at + 1);
  const cut = file("cut-late-cut.geojson", text.slice(0, at - 1));
  const fullFeatures = text.slice(0, at).split("\n").length - 2;
  const first = file("cut-late-1.csv", VIETNAMESE_CSV);
  const third = file("cut-late-3.csv", VIETNAMESE_CSV);
  const db = join(dir, "cut-late.db");
  const { status, stderr, summary } = await importJson([first, cut, third, "--db", db]);
  assert.equal(status, 1);
  assert.match(
    oneLine(stderr),
    /cut-late-cut\.geojson, line \d+: the file ends inside the features array \(truncated\?\)$/,
  );
  assert.ok(summary);
  assert.deepEqual(
    summary.files.map((f) => [f.file, f.status, f.read, f.encoding]),
    [
      [first, "imported", 3, "utf-8"],
      [cut, "failed", fullFeatures + 1, "utf-8"],
      [third, "not_imported", 0, "utf-8"],
    ],
  );
  assert.match(summary.files[1].error ?? "", /truncated/);
  assert.equal(summary.files[1].accepted + summary.files[1].rejected, summary.files[1].read);
  const cutRejects = rejects(cut);
  assert.equal(cutRejects.length, summary.files[1].rejected);
  const partial = cutRejects.at(-1)!;
  assert.equal(partial.line, String(fullFeatures + 2));
  assert.equal(partial.reason, "malformed");
  assert.match(partial.message, /the file ends inside this feature/);
  assert.ok(partial.raw.startsWith('{"type":"Feature"') && partial.raw.endsWith("}"), partial.raw);
  assert.equal(stored(db).size, 3 + summary.files[1].accepted, "the rows before the cut are kept");
  // The text summary reports every file as well.
  const again = await runCli(["import", first, cut, third, "--db", db]);
  assert.equal(again.status, 1);
  assert.match(
    again.stdout,
    /cut-late-cut\.geojson \(utf-8\): failed after read [\d,]+, accepted [\d,]+, rejected \d+/,
  );
  assert.match(again.stdout, /cut-late-3\.csv \(utf-8\): not imported \(an earlier file failed\)/);
});

test("--encoding takes the ten names; another is a usage error, and a byte order mark that contradicts it is refused", async () => {
  const path = file("enc.csv", VIETNAMESE_CSV);
  const usage = await runCli(["import", path, "--db", join(dir, "enc.db"), "--encoding", "latin1"]);
  assert.equal(usage.status, 2);
  assert.match(
    oneLine(usage.stderr),
    /--encoding must be one of utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, tcvn3-in-utf-8, vni-in-utf-8, tcvn3-in-utf-16le, vni-in-utf-16le, got "latin1"/,
  );
  const utf16 = file(
    "enc16.csv",
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VIETNAMESE_CSV, "utf16le")]),
  );
  const mismatch = await runCli(["import", utf16, "--db", join(dir, "enc.db"), "--encoding", "vni"]);
  assert.equal(mismatch.status, 1);
  assert.match(
    oneLine(mismatch.stderr),
    /enc16\.csv: the file starts with a utf-16le byte order mark, but --encoding vni was given/,
  );
  assert.equal(existsSync(join(dir, "enc.db")), false);
  // A font's text saved as Unicode keeps that Unicode's byte order mark.
  const fontText = file(
    "enc-font.csv",
    Buffer.from(`\uFEFF${encodeTcvn3(VIETNAMESE_CSV).toString("latin1")}`, "utf16le"),
  );
  const named = await runCli(["import", fontText, "--db", join(dir, "enc-font.db"), "--encoding", "tcvn3-in-utf-16le"]);
  assert.equal(named.status, 0, named.stderr);
  assert.equal(stored(join(dir, "enc-font.db")).size, NAMES.length);
});

test("a file whose every row is refused ends the import with exit 1 and one line naming it, after the summary", async () => {
  const path = file("all-refused.csv", `${HEADER}\n${row("", "Lê Lợi", "Nguyễn Văn An")}\n${row("x2", "Lê Lợi", "Trần Thị Bình").replace("26740", "99999").replace("10.7769,106.7009", ",")}\n`);
  const { status, stderr, summary } = await importJson([path, "--db", join(dir, "all-refused.db")]);
  assert.equal(status, 1);
  assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [2, 0, 2]);
  assert.match(oneLine(stderr), /none of the 2 rows of .*all-refused\.csv could be imported; the reasons are in .*all-refused\.csv\.rejects\.csv$/);
});

test("a sheet headed in Vietnamese (';' between columns, as Excel writes it here) imports as the canonical file does; owner columns stay the owner's", async () => {
  const canonical = file("canonical-headed.csv", VIETNAMESE_CSV);
  const headings = "Mã hộ;Loại hộ;Tên cơ sở;Số nhà;Ngõ/Hẻm;Tên đường;Thôn/Tổ dân phố;Tòa nhà;Căn hộ;Mã xã;Xã/Phường;Mã huyện;Quận/Huyện;Mã tỉnh;Tỉnh/Thành phố;Vĩ độ;Kinh độ;Họ tên chủ hộ;Số điện thoại;Email;Số CCCD";
  const body = VIETNAMESE_CSV.split("\r\n").slice(1).map((line) => line.replaceAll(",", ";").replace(/;10\.7769;106\.7009;/, ";10,7769;106,7009;"));
  const vietnamese = file("vietnamese-headed.csv", [headings, ...body].join("\r\n"));
  const a = join(dir, "canonical-headed.db");
  const b = join(dir, "vietnamese-headed.db");
  for (const [path, db] of [
    [canonical, a],
    [vietnamese, b],
  ]) {
    const { status, stderr, summary } = await importJson([path, "--db", db, "--batch", "headed"]);
    assert.equal(status, 0, stderr);
    assert.deepEqual([summary?.read, summary?.accepted, summary?.complete], [3, 3, 3]);
  }
  assert.deepEqual(stored(b), stored(a));
  const contents = (db: string) => {
    const reader = new Database(db, { readonly: true });
    try {
      return reader.prepare("SELECT code, kind, status, province, commune, old, name, parts, lat, lon, owner, extra, external_id FROM records ORDER BY code").all();
    } finally {
      reader.close();
    }
  };
  assert.deepEqual(contents(b), contents(a));

  // NDJSON keyed by headings without marks; a rejected row's phone under its heading is hidden.
  const ndjson = file(
    "headed.ndjson",
    [
      JSON.stringify({ ma_ho: "n1", so_nha: "12", ten_duong: "Nguyễn Huệ", ma_xa: "26740", ma_tinh: "79", vi_do: 10.7769, kinh_do: 106.7009, ho_ten_chu_ho: "Nguyễn Văn An", so_dien_thoai: "0912345678" }),
      JSON.stringify({ ma_ho: "n2", loai_ho: "nhà trọ", so_nha: "14", ten_duong: "Lê Lợi", ma_xa: "26740", ma_tinh: "79", ho_ten_chu_ho: "Trần Thị Bình", so_dien_thoai: "0987654321" }),
    ].join("\n"),
  );
  const db = join(dir, "headed-ndjson.db");
  const { status, stderr, summary } = await importJson([ndjson, "--db", db]);
  assert.equal(status, 0, stderr);
  assert.deepEqual([summary?.read, summary?.accepted, summary?.rejected], [2, 1, 1]);
  assert.deepEqual(stored(db).get("n1"), { street: "Nguyễn Huệ", owner: "Nguyễn Văn An" });
  const [rejected] = rejects(ndjson);
  assert.equal(rejected.reason, "unknown_kind");
  assert.doesNotMatch(rejected.raw, /0987654321|Trần Thị Bình/, "the owner's phone and name are hidden under their headings");

  // Two columns that name one field: the header is refused, naming both, before anything is written.
  const twice = file("twice.csv", "Mã hộ,Họ tên,Chủ hộ\nx1,An,Bình\n");
  const refused = await runCli(["import", twice, "--db", join(dir, "twice.db")]);
  assert.equal(refused.status, 1);
  assert.match(oneLine(refused.stderr), /twice\.csv, line 1: columns 2 \("Họ tên"\) and 3 \("Chủ hộ"\) both name owner_name: rename or remove one$/);
  assert.equal(storeFingerprint(join(dir, "twice.db")), null);
});

