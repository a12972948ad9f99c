import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { type CsvRecord, CsvSplitter, csvField, csvLine, MAX_QUOTED_RECORD, readCsvObjects, readCsvTable, separatorOf } from "./csv.js";

test("the CSV splitter handles quotes, doubled quotes, line breaks in quotes and chunk borders", () => {
  const text = 'a,b,c\n1,"x, y",3\n2,"say ""hi""",4\r\n3,"two\nlines",5\n4,,';
  for (const cut of [1, 7, 13, 20, 30, text.length]) {
    const splitter = new CsvSplitter();
    const out: CsvRecord[] = [];
    splitter.push(text.slice(0, cut), out);
    splitter.push(text.slice(cut), out);
    splitter.end(out);
    assert.deepEqual(
      out.map((r) => r.fields),
      [
        ["a", "b", "c"],
        ["1", "x, y", "3"],
        ["2", 'say "hi"', "4"],
        ["3", "two\nlines", "5"],
        ["4", "", ""],
      ],
      `cut at ${cut}`,
    );
    assert.deepEqual(
      out.map((r) => r.line),
      [1, 2, 3, 4, 6],
    );
  }
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

test("what csvLine writes, the splitter reads back field for field", () => {
  const field = fc.oneof(fc.constantFrom("", "a", "Lê Lợi", ' "quoted" ', "x,y", "two\nlines", "cr\r", "?"), fc.string({ maxLength: 8 }));
  fc.assert(
    fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (records) => {
      // Every record as wide as the first (the header), as survey files are.
      const width = records[0].length;
      const rows = records.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
      const out: CsvRecord[] = [];
      const splitter = new CsvSplitter();
      splitter.push(rows.map(csvLine).join(""), out);
      splitter.end(out);
      // A record of one empty field is a blank line, which the splitter passes over.
      assert.deepEqual(
        out.map((r) => r.fields),
        rows.filter((r) => csvLine(r) !== "\n"),
      );
    }),
    { numRuns: 500 },
  );
  assert.equal(csvField("plain"), "plain");
  assert.equal(csvField('say "hi", then\r\ngo'), '"say ""hi"", then\r\ngo"');
  assert.equal(csvLine(["a", "b,c", ""]), 'a,"b,c",\n');
});

test("a small CSV file reads as a header and rows on their lines, without blank lines and, when asked, comments", () => {
  const dir = mkdtempSync(join(tmpdir(), "csv-"));
  try {
    const file = join(dir, "table.csv");
    writeFileSync(file, '# format 1\r\nname,note\r\n\r\nHà Nội,"thủ đô, ""Hà Thành"""\r\n   \nHuế,"two\nlines"\n');
    assert.deepEqual(readCsvTable(file, { comments: true }), {
      header: ["name", "note"],
      rows: [
        { line: 4, fields: ["Hà Nội", 'thủ đô, "Hà Thành"'] },
        { line: 6, fields: ["Huế", "two\nlines"] },
      ],
    });
    assert.deepEqual(readCsvObjects(file, { comments: true })[1], { name: "Huế", note: "two\nlines" });
    writeFileSync(file, "a,b\n1,2,3\n");
    assert.throws(() => readCsvObjects(file), /table\.csv:2: 3 fields, the header has 2/);
    writeFileSync(file, 'a,b\n1,"never closed\n');
    assert.throws(() => readCsvTable(file), /table\.csv:2: a quoted field is not closed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a file's separator is the one that sets the identity column apart in its header, else the comma", () => {
  assert.equal(separatorOf("external_id,kind", "external_id"), ",");
  assert.equal(separatorOf("\uFEFFexternal_id;kind;lat", "external_id"), ";");
  assert.equal(separatorOf('"External_ID"\t"kind"', "external_id"), "\t");
  assert.equal(separatorOf("kind|external_id ", "external_id"), "|");
  // A comma inside a header that is ';'-separated does not make it a comma file.
  assert.equal(separatorOf("ghi chú, khác;external_id", "external_id"), ";");
  assert.equal(separatorOf("ma;ten", "external_id"), ",");
});

test("a splitter given ';' splits at it, keeps commas and quoted ';' inside fields, and checks records spanning lines by it", () => {
  const splitter = new CsvSplitter(null, Number.POSITIVE_INFINITY, ";");
  const out: CsvRecord[] = [];
  splitter.push('a;b;c\n1;10,5;"x;y"\n2;"two\nlines";z\n3;"open;q\n4;ok;ok\n', out);
  splitter.end(out);
  assert.deepEqual(
    out.map((r) => (r.unclosedQuote ? "unclosed" : r.fields)),
    [["a", "b", "c"], ["1", "10,5", "x;y"], ["2", "two\nlines", "z"], "unclosed", ["4", "ok", "ok"]],
  );
});
