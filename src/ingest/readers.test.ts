import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { type CsvRecord, CsvSplitter, MAX_QUOTED_RECORD } from "./csv.js";
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

test("feeding text in any pieces and taking records a few at a time gives what push gives", () => {
  const field = fc.oneof(
    fc.constantFrom("", "a", "Lê Lợi", "x\r"),
    fc.string({ maxLength: 5 }).map((s) => `"${s.replace(/"/g, '""')}\n"`),
  );
  const record = fc.array(field, { minLength: 1, maxLength: 4 }).map((f) => f.join(","));
  fc.assert(
    fc.property(
      fc.array(record, { maxLength: 12 }),
      fc.array(fc.nat(40), { maxLength: 6 }),
      fc.integer({ min: 1, max: 3 }),
      (records, cuts, max) => {
        const text = records.map((r) => `${r}\r\n`).join("");
        const whole: CsvRecord[] = [];
        const once = new CsvSplitter();
        once.push(text, whole);
        once.end(whole);

        const pieces: CsvRecord[] = [];
        const splitter = new CsvSplitter();
        let at = 0;
        for (const cut of [...cuts.map((c) => Math.min(text.length, at + c)), text.length]) {
          splitter.feed(text.slice(at, Math.max(at, cut)));
          at = Math.max(at, cut);
          while (splitter.take(pieces, max) > 0);
        }
        splitter.end(pieces);
        assert.deepEqual(pieces, whole);
      },
    ),
    { numRuns: 1000 },
  );
});

test("a quote left open is given back as its first line alone and the next line read as a row, wherever the text is cut", () => {
  const text = 'a,b,c\n1,"x,2\n3,4,5\n6,"two\nlines",7\n8,"open at the end,9';
  const split = (pieces: string[]): CsvRecord[] => {
    const out: CsvRecord[] = [];
    const splitter = new CsvSplitter();
    for (const piece of pieces) splitter.push(piece, out);
    splitter.end(out);
    return out;
  };
  const whole = split([text]);
  assert.deepEqual(
    whole.map((r) => [r.line, r.unclosedQuote, r.unclosedQuote ? r.raw : r.fields]),
    [
      [1, false, ["a", "b", "c"]],
      [2, true, '1,"x,2'],
      [3, false, ["3", "4", "5"]],
      [4, false, ["6", "two\nlines", "7"]],
      [6, true, '8,"open at the end,9'],
    ],
  );
  for (let cut = 1; cut < text.length; cut++) assert.deepEqual(split([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
});

test("a quote still open 1 MiB on is given up without waiting for the end of the file", () => {
  const splitter = new CsvSplitter();
  const out: CsvRecord[] = [];
  splitter.push('a,b,c\n1,"never closed\n', out);
  const rows = "2,3,4\n".repeat(Math.ceil(MAX_QUOTED_RECORD / 6) + 10);
  for (let i = 0; i < rows.length; i += 1 << 16) splitter.push(rows.slice(i, i + (1 << 16)), out);
  // Before end(): the open quote was given up and the rows after it split.
  assert.equal(out[1].unclosedQuote, true);
  assert.equal(out[1].raw, '1,"never closed');
  assert.ok(out.length > 1000, `${out.length} records before the end`);
  assert.deepEqual(out[2].fields, ["2", "3", "4"]);
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

test("the CSV splitter passes over a too-long record the same way whatever the chunk borders, and splits only the rows wanted", () => {
  const limit = 50;
  const text = `h\n1\n${"a".repeat(60)}\n"${"b\n".repeat(40)}"\n2\n"x""${"c".repeat(60)}""y"\n3\n${"d".repeat(70)}`;
  for (const cut of [1, 4, 20, 60, 70, 100, 150, 180, text.length]) {
    for (const wanted of [null, (record: number) => record % 2 === 1]) {
      const splitter = new CsvSplitter(wanted, limit);
      const out: CsvRecord[] = [];
      splitter.push(text.slice(0, cut), out);
      splitter.push(text.slice(cut), out);
      splitter.end(out);
      assert.deepEqual(
        out.map((r) => [r.line, r.tooLong ?? r.fields.join("|")]),
        [
          [1, "h"],
          [2, "1"],
          [3, 60],
          [4, 82],
          [45, "2"],
          [46, 68],
          [47, "3"],
          [48, 70],
        ].map(([line, value], i) => [line, wanted === null || wanted(i + 1) || typeof value === "number" ? value : ""]),
        `cut at ${cut}, ${wanted ? "odd records" : "all"}`,
      );
    }
  }
});
