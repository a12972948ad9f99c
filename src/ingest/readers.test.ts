import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MAX_ROW_CHARS } from "./fields.js";
import { type RawRow, readRows, rowTemplate } from "./readers.js";

/** Every row of a CSV text, read through a temporary file. */
async function readText(text: string, wanted: ((row: number) => boolean) | null = null): Promise<RawRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "readers-"));
  try {
    const file = join(dir, "rows.csv");
    writeFileSync(file, text);
    const out: RawRow[] = [];
    for await (const batch of readRows(file, "csv", wanted).rows) out.push(...batch);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The row object as the reader built it before the template (one property set per column). */
function assigned(header: string[], values: string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i++) fields[header[i]] = values[i];
  return fields;
}

test("a row copied from the column template is the row built column by column", () => {
  for (const header of [
    ["external_id", "kind", "lat"],
    ["external_id", "x", "external_id"], // a repeated column: the last value wins
    ["external_id", "__proto__", "constructor"], // no own __proto__ property either way
    ["external_id", "2", "10", "b"], // index-like names enumerate first, in order
  ]) {
    const values = header.map((_, i) => `v${i}`);
    const fields = { ...rowTemplate(header) };
    for (let i = 0; i < header.length; i++) fields[header[i]] = values[i];
    const expected = assigned(header, values);
    assert.deepEqual(Object.keys(fields), Object.keys(expected), header.join());
    assert.deepEqual(fields, expected, header.join());
    assert.equal(Object.getPrototypeOf(fields), Object.getPrototypeOf(expected));
  }
});

test("CSV rows come in small batches with their line numbers, across read chunks", async () => {
  // 3,000 rows of ~100 bytes span several 64 KiB read chunks; some rows have quotes and line breaks.
  const lines = ["external_id,kind,street"];
  for (let i = 0; i < 3000; i++)
    lines.push(
      i % 7 === 0
        ? `id${i},household,"Lê Lợi, ""A""\nB ${i}"`
        : `id${i},household,${"Đường ".repeat(12)}${i}`,
    );
  const rows = await readText(`\uFEFF${lines.join("\n")}\n`);
  assert.equal(rows.length, 3000);
  let line = 2;
  for (const [i, row] of rows.entries()) {
    assert.ok("fields" in row);
    assert.equal(row.line, line, `row ${i}`);
    assert.equal(row.fields.external_id, `id${i}`);
    if (i % 7 === 0) assert.equal(row.fields.street, `Lê Lợi, "A"\nB ${i}`);
    line += i % 7 === 0 ? 2 : 1;
  }
});

test("rows a worker does not want come counted and skipped, on their lines; the wanted ones as before", async () => {
  const lines = ["external_id,kind,street"];
  for (let i = 0; i < 500; i++) lines.push(i % 5 === 0 ? `id${i},household,"Lê Lợi\n${i}"` : i % 11 === 0 ? `id${i},short` : `id${i},household,Phố ${i}`);
  const text = `${lines.join("\n")}\n`;
  const all = await readText(text);
  // Chunks of 7 rows, odd chunks wanted (what worker 1 of 2 asks for).
  const wanted = (row: number) => Math.floor((row - 1) / 7) % 2 === 1;
  const some = await readText(text, wanted);
  assert.equal(some.length, all.length, "every row is counted");
  for (const [i, row] of some.entries()) {
    assert.equal(row.line, all[i].line, `row ${i + 1}: same line`);
    if (wanted(i + 1)) assert.deepEqual(row, all[i], `row ${i + 1}: wanted, as without skipping`);
    else if (!("skipped" in row)) assert.ok(i % 5 === 0, `row ${i + 1}: only quoted rows are split anyway`);
  }
  assert.ok(some.filter((row) => "skipped" in row).length > 150);
});

/** Every row of a file of the given format, read through a temporary file. */
async function readFile(name: string, text: string): Promise<RawRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "readers-"));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    const out: RawRow[] = [];
    for await (const batch of readRows(file).rows) out.push(...batch);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const shape = (rows: RawRow[]) =>
  rows.map((r) => ("error" in r ? `${r.line}:${r.reason ?? "malformed"}` : "fields" in r ? `${r.line}:${r.fields.external_id}` : `${r.line}:skipped`));

test("a row over MAX_ROW_CHARS is reported too_long without being kept, and the rows after it are read as they are", async () => {
  const huge = "x".repeat(MAX_ROW_CHARS + 10);
  const csv = await readFile(
    "rows.csv",
    [
      "external_id,street",
      "a,Lê Lợi",
      `b,${huge}`, // unquoted
      // Quoted, with a line break: each line over the limit is passed over to its own line break,
      // not to the quote's end (for an unclosed quote that would be the end of the file).
      `c,"${huge}\n${huge}, ""quoted"""`,
      "e,Trần Phú",
      `f,${huge}`, // the last line, without a line break
    ].join("\n"),
  );
  assert.deepEqual(shape(csv), ["2:a", "3:too_long", "4:too_long", "5:too_long", "6:e", "7:too_long"]);
  const tooLong = csv[1] as { error: string };
  assert.equal(tooLong.error, `CSV record of ${(MAX_ROW_CHARS + 12).toLocaleString("en-US")} characters, at most 1,048,576 (dòng quá dài)`);

  const ndjson = await readFile("rows.ndjson", [`{"external_id":"a"}`, `{"external_id":"b","street":"${huge}"}`, `{"external_id":"c"}`, `{"street":"${huge}"}`].join("\n"));
  assert.deepEqual(shape(ndjson), ["1:a", "2:too_long", "3:c", "4:too_long"]);

  const feature = (id: string, street: string) =>
    JSON.stringify({ type: "Feature", geometry: null, properties: { external_id: id, street } });
  const geojson = await readFile(
    "rows.geojson",
    `{"type":"FeatureCollection","features":[\n${feature("a", "x")},\n${feature("b", huge)},\n${feature("c", "y")}\n]}`,
  );
  assert.deepEqual(shape(geojson), ["2:a", "3:too_long", "4:c"]);
});

