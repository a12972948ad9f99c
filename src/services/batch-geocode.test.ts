/**
 * Batch geocoding over a real SQLite store and its saved index: the same CSV back row for row with
 * the answers appended, its quoting, byte order mark and line endings kept, files refused at the
 * line that makes them unreadable, and a long file streamed through in bounded memory.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { CsvSplitter, type CsvRecord } from "../common/csv.js";
import type { AddressData } from "../domain/record.js";
import { openStore } from "../store/open.js";
import { loadRegistry } from "../units/registry.js";
import {
  BatchGeocoder,
  type BatchSummary,
  GEOCODE_COLUMNS,
  OutputClosedError,
  REVERSE_COLUMNS,
} from "./batch-geocode.js";
import { ServiceError } from "./errors.js";
import { SearchService, SearchSession } from "./search.js";
import { storeAt } from "./stores.js";
import { addressAt } from "../testing/addresses.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-batch-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const registry = loadRegistry();
const CUA_NAM = "00082"; // Phường Cửa Nam, Hà Nội: took the old Phường Hàng Bài whole
const SAI_GON = "26740"; // Phường Sài Gòn, Hồ Chí Minh
const codes: Record<string, string> = {};
const points: Record<string, { lat: number; lon: number }> = {};
let batch: BatchGeocoder;
let opened: ConstructorParameters<typeof SearchSession>[0];

const at = addressAt;

before(async () => {
  const path = join(dir, "store.db");
  const store = await openStore(path);
  const made: [string, AddressData][] = [
    ["hangBai45", at(CUA_NAM, 0, { houseNumber: "45", street: "Hàng Bài" })],
    [
      "hangBai47",
      at(
        CUA_NAM,
        1,
        { houseNumber: "47", street: "Hàng Bài" },
        { old: { province: "01", district: "002", ward: "00088" } },
      ),
    ],
    ["leLoi12", at(SAI_GON, 0, { houseNumber: "12", street: "Lê Lợi" })],
  ];
  for (const [key, data] of made) {
    codes[key] = (await store.create({ data }, { actor: "surveyor:test" })).code;
    points[key] = { lat: data.location.lat, lon: data.location.lon };
  }
  await store.close();
  opened = await new SearchService(registry).open(storeAt(path));
  batch = new BatchGeocoder(new SearchSession(opened));
});

/** A Writable that keeps what it is given, as text. */
function collector(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  return Object.assign(sink, { text: () => chunks.join("") });
}

function records(text: string): CsvRecord[] {
  const splitter = new CsvSplitter();
  const out: CsvRecord[] = [];
  splitter.push(text, out);
  splitter.end(out);
  return out;
}

/** The output's rows as objects by header name, the header included as `header`. */
function table(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [head, ...rest] = records(text.replace(/^\uFEFF/, ""));
  return {
    header: head.fields,
    rows: rest.map((r) => Object.fromEntries(head.fields.map((name, k) => [name, r.fields[k]]))),
  };
}

async function geocode(csv: string | Buffer, options = {}): Promise<{ text: string; summary: BatchSummary }> {
  const out = collector();
  const summary = await batch.geocodeCsv(Readable.from([Buffer.from(csv)]), out, options);
  return { text: out.text(), summary };
}

describe("geocodeCsv", () => {
  test("each row comes back in order with its own text, the answer appended under result_ columns", async () => {
    const input = [
      "id,address,note",
      '1,"45 Hàng Bài, Phường Cửa Nam, Hà Nội","a ""quoted"" note"',
      "2,zzqx wvvk,nothing to find",
      '3,,"a note, with a comma"',
      '4,"47 Hàng Bài, Cửa Nam, Hà Nội","two\nlines"',
      "",
    ].join("\n");
    const { text, summary } = await geocode(input, { columns: ["address"] });
    const out = records(text);
    const inRecords = records(input);
    assert.equal(out.length, inRecords.length);
    for (let i = 0; i < out.length; i++)
      assert.ok(out[i].raw.startsWith(`${inRecords[i].raw},`), `row ${i} keeps its text as written`);
    const { header, rows } = table(text);
    assert.deepEqual(header, ["id", "address", "note", ...GEOCODE_COLUMNS]);
    assert.deepEqual(
      rows.map((r) => r.id),
      ["1", "2", "3", "4"],
    );
    assert.deepEqual(
      rows.map((r) => r.note),
      ['a "quoted" note', "nothing to find", "a note, with a comma", "two\nlines"],
    );

    assert.equal(rows[0].result_status, "ok");
    assert.equal(rows[0].result_code, codes.hangBai45);
    assert.equal(rows[0].result_match, "house");
    assert.equal(rows[0].result_label, "45 Hàng Bài, Phường Cửa Nam, Thành phố Hà Nội");
    assert.equal(rows[0].result_commune_code, CUA_NAM);
    assert.equal(rows[0].result_province_code, "01");
    assert.equal(Number(rows[0].result_latitude), points.hangBai45.lat);
    assert.ok(Number(rows[0].result_score) >= 0.9);
    // The old units: as surveyed for 47, else the one old ward Cửa Nam was formed from.
    assert.equal(rows[3].result_code, codes.hangBai47);
    assert.equal(rows[3].result_old_ward_code, "00088");
    // Cửa Nam was formed from several old wards: the province they share, no ward guessed.
    assert.equal(rows[0].result_old_province_code, "01");
    assert.equal(rows[0].result_old_ward_code, "");

    // No answer, no made-up place: every answer column empty but the status.
    assert.equal(rows[1].result_status, "not-found");
    assert.equal(rows[2].result_status, "skipped");
    for (const row of [rows[1], rows[2]])
      for (const name of GEOCODE_COLUMNS.slice(1)) assert.equal(row[name], "", name);
    assert.deepEqual(summary.by_match, { house: 2, street: 0, commune: 0, province: 0 });
    assert.deepEqual([summary.rows, summary.answered, summary.not_found, summary.skipped], [4, 2, 1, 1]);
  });

  test("columns names the fields the address is made of, joined in that order; a missing one is refused naming the header", async () => {
    const input = "street,ward,city,id\nHàng Bài,Cửa Nam,Hà Nội,x\n";
    const withHouse = "house,street,ward,city\n45,Hàng Bài,Cửa Nam,Hà Nội\n";
    const { rows } = table((await geocode(withHouse, { columns: ["house", "street", "ward", "city"] })).text);
    assert.equal(rows[0].result_code, codes.hangBai45);
    const streetOnly = table((await geocode(input, { columns: ["street", "ward", "city"] })).text).rows[0];
    assert.notEqual(streetOnly.result_match, "house", "no house number was given, so no house is claimed");
    await assert.rejects(geocode(input, { columns: ["street", "district"] }), (error: ServiceError) => {
      assert.equal(error.kind, "bad-request");
      assert.match(error.message, /no column "district" in the header \(street, ward, city, id\)/);
      return true;
    });
  });

  test("a province filter keeps answers in that province only", async () => {
    const input = 'address\n"12 Lê Lợi, Sài Gòn"\n';
    assert.equal(table((await geocode(input)).text).rows[0].result_code, codes.leLoi12);
    const row = table((await geocode(input, { province: "01" })).text).rows[0];
    assert.ok(row.result_province_code === "" || row.result_province_code === "01", row.result_province_code);
    assert.notEqual(row.result_code, codes.leLoi12);
    await assert.rejects(
      geocode(input, { province: "1" }),
      /a province is a 2-digit new province code, got "1"/,
    );
  });

  test("a byte order mark and CRLF line endings go back out as they came; blank lines are no rows", async () => {
    const input =
      '\uFEFFid,address\r\n1,"45 Hàng Bài, Cửa Nam, Hà Nội"\r\n\r\n   \r\n2,12 Lê Lợi Sài Gòn\r\n';
    const { text, summary } = await geocode(input, { columns: ["address"] });
    assert.ok(text.startsWith("\uFEFFid,address,result_status,"));
    assert.equal(text.split("\r\n").length - 1, 3, "header and two rows, each ending CRLF");
    assert.ok(!/[^\r]\n/.test(text), "no bare LF");
    assert.equal(summary.rows, 2);
    assert.deepEqual(
      table(text).rows.map((r) => r.result_code),
      [codes.hangBai45, codes.leLoi12],
    );
  });

  test("the answer is the same however the input is cut into chunks (inside a character, a CRLF, the BOM)", async () => {
    const input = Buffer.from(
      '\uFEFFid,address\r\n1,"45 Hàng Bài,\r\nCửa Nam, Hà Nội"\r\n2,12 Lê Lợi Sài Gòn\r\n',
    );
    const whole = (await geocode(input, { columns: ["address"] })).text;
    for (const size of [1, 2, 3, 7]) {
      const pieces: Buffer[] = [];
      for (let i = 0; i < input.length; i += size) pieces.push(input.subarray(i, i + size));
      const out = collector();
      await batch.geocodeCsv(Readable.from(pieces), out, { columns: ["address"] });
      assert.equal(out.text(), whole, `chunks of ${size} bytes`);
    }
  });

  test("a short row is padded to the header's width so that its answer lands under its own columns", async () => {
    const { text } = await geocode("address,note,more\n45 Hàng Bài Cửa Nam Hà Nội\n");
    assert.equal(records(text)[1].raw.split(",").slice(0, 4).join(","), "45 Hàng Bài Cửa Nam Hà Nội,,,ok");
    assert.equal(table(text).rows[0].result_code, codes.hangBai45);
  });

  test("an unclosed quote stops the file with one error naming its line; the rows before are written, none after", async () => {
    const input =
      'id,address\n1,45 Hàng Bài Cửa Nam Hà Nội\n2,12 Lê Lợi Sài Gòn\n3,"47 Hàng Bài, Cửa Nam\n4,12 Lê Lợi Sài Gòn\n';
    const out = collector();
    await assert.rejects(batch.geocodeCsv(Readable.from([input]), out), (error: ServiceError) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.kind, "bad-request");
      assert.match(error.message, /^line 4: a quoted field is not closed/);
      return true;
    });
    assert.deepEqual(
      table(out.text()).rows.map((r) => r.id),
      ["1", "2"],
    );
  });

  test("a row with more fields than the header, text that is not UTF-8 and an empty file are refused naming the line", async () => {
    await assert.rejects(
      geocode("address\n45 Hàng Bài, Cửa Nam, Hà Nội\n"),
      /^ServiceError: line 2: 3 fields, the header has 1; quote a field that holds a comma/,
    );
    const latin1 = Buffer.concat([
      Buffer.from("id,address\n1,Ha Noi\n2,"),
      Buffer.from("Hàng Bài", "latin1"),
      Buffer.from("\n"),
    ]);
    await assert.rejects(geocode(latin1), /line 3: the text is not UTF-8/);
    await assert.rejects(geocode(""), /the file is empty/);
    await assert.rejects(
      geocode("id;address\n1;45 Hàng Bài;Cửa Nam\n"),
      /^ServiceError: line 2: 3 fields, the header has 2; quote a field that holds a semicolon/,
    );
    const headerOnly = await geocode("id,address\n");
    assert.equal(headerOnly.summary.rows, 0);
    assert.equal(headerOnly.text, `id,address,${GEOCODE_COLUMNS.join(",")}\n`);
  });

  test("a file written with ';' or tabs (a spreadsheet set to Vietnamese saves its CSV with ';') comes back at its own separator", async () => {
    const rows = ['1;"45 Hàng Bài; Cửa Nam; Hà Nội";a, b', "2;12 Lê Lợi, Sài Gòn, TP HCM;c"];
    const { text, summary } = await geocode(`\uFEFFid;address;note\r\n${rows.join("\r\n")}\r\n`, { columns: ["address"] });
    assert.equal(summary.answered, 2);
    const lines = text.split("\r\n");
    assert.equal(lines[0], `\uFEFFid;address;note;${GEOCODE_COLUMNS.join(";")}`);
    // Each row's own text first, then the answer at the same separator, a value holding ";" quoted.
    assert.ok(lines[1].startsWith(`${rows[0]};ok;`), lines[1]);
    assert.ok(lines[2].startsWith(`${rows[1]};ok;`), lines[2]);
    const splitter = new CsvSplitter(null, Number.POSITIVE_INFINITY, ";");
    const out: CsvRecord[] = [];
    splitter.push(text.replace(/^\uFEFF/, ""), out);
    splitter.end(out);
    const header = out[0].fields;
    const first = Object.fromEntries(header.map((name, k) => [name, out[1].fields[k]]));
    assert.equal(first.result_code, codes.hangBai45);
    assert.equal(Object.fromEntries(header.map((name, k) => [name, out[2].fields[k]])).result_code, codes.leLoi12);
    assert.equal(out[1].fields.length, header.length);
    // Tabs likewise; a header of one column is read at the comma, as before.
    const tabbed = await geocode("id\taddress\n1\t45 Hàng Bài, Cửa Nam, Hà Nội\n", { columns: ["address"] });
    assert.ok(tabbed.text.split("\n")[1].startsWith("1\t45 Hàng Bài, Cửa Nam, Hà Nội\tok\t"), tabbed.text);
    const single = await geocode('address\n"45 Hàng Bài, Cửa Nam, Hà Nội"\n');
    assert.equal(table(single.text).rows[0].result_code, codes.hangBai45);
  });

  test("past the row limit the file is refused naming the first line over it", async () => {
    const input = `address\n${"45 Hàng Bài Cửa Nam Hà Nội\n".repeat(5)}`;
    assert.equal((await geocode(input, { maxRows: 5 })).summary.rows, 5);
    await assert.rejects(
      geocode(input, { maxRows: 3 }),
      /^ServiceError: line 5: the file has more than 3 rows/,
    );
  });

  test("20,000 rows stream through: reading waits for a slow output, progress counts every row", async () => {
    const total = 20_000;
    const perChunk = 100;
    let rowsRead = 0;
    let rowsWritten = 0;
    let mostAhead = 0;
    const addresses = [
      "45 Hàng Bài, Cửa Nam, Hà Nội",
      "12 Lê Lợi, Sài Gòn",
      '"47 Hàng Bài, Cửa Nam"',
      "zzqx",
    ];
    async function* rows(): AsyncGenerator<Buffer> {
      yield Buffer.from("id,address\n");
      for (let i = 0; i < total; i += perChunk) {
        let chunk = "";
        for (let k = i; k < i + perChunk; k++)
          chunk += `${k},${addresses[k % addresses.length].includes('"') ? addresses[k % addresses.length] : `"${addresses[k % addresses.length]}"`}\n`;
        rowsRead += perChunk;
        mostAhead = Math.max(mostAhead, rowsRead - rowsWritten);
        yield Buffer.from(chunk);
      }
    }
    // A slow reader on the other end (a client on a slow link): every write is acknowledged later.
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        for (const byte of chunk) if (byte === 10) rowsWritten++;
        setImmediate(done);
      },
    });
    let lastProgress = 0;
    const summary = await batch.geocodeCsv(Readable.from(rows()), slow, {
      columns: ["address"],
      onProgress: (p) => {
        assert.ok(p.rows >= lastProgress);
        lastProgress = p.rows;
      },
    });
    assert.equal(summary.rows, total);
    assert.equal(lastProgress, total);
    assert.equal(summary.answered + summary.not_found, total);
    assert.equal(rowsWritten, total + 1);
    // The reader never ran far ahead of what the output took (a few chunks, not the file): what
    // is held at any time is bounded whatever the file's length. The RSS of 100,000 rows is in
    // bench/search/batch-csv.bench.ts.
    assert.ok(mostAhead <= 1_000, `read ${mostAhead} rows ahead of the output`);
  });
});

describe("geocodeCsv: a row the engine fails on", () => {
  /** The real engine, failing as a bug in it would on one kind of text (a parser bug once did on a slash). */
  class FailingSession extends SearchSession {
    override geocode(query: string, options?: Parameters<SearchSession["geocode"]>[1]) {
      if (query.includes("BOOM")) throw new TypeError("Cannot read properties of undefined (reading 'length')");
      return super.geocode(query, options);
    }
  }

  test("is written with result_status error and empty answers, every other row answered, the first one named in the summary", async () => {
    const failing = new BatchGeocoder(new FailingSession(opened));
    // 600 rows: more than one batch of rows, the failures in the first and the third.
    const rows = ["id,address"];
    for (let i = 1; i <= 600; i++)
      rows.push(`${i},"${i === 7 || i === 520 ? "BOOM " : ""}45 Hàng Bài, Cửa Nam, Hà Nội"`);
    const out = collector();
    const summary = await failing.geocodeCsv(Readable.from([`${rows.join("\n")}\n`]), out, { columns: ["address"] });
    const answered = table(out.text()).rows;
    assert.equal(answered.length, 600);
    assert.deepEqual(
      answered.filter((r) => r.result_status === "error").map((r) => r.id),
      ["7", "520"],
    );
    for (const r of answered) {
      if (r.result_status === "error") assert.ok(GEOCODE_COLUMNS.slice(1).every((c) => r[c] === ""));
      else assert.equal(r.result_code, codes.hangBai45);
    }
    assert.equal(summary.rows, 600);
    assert.equal(summary.answered, 598);
    assert.equal(summary.errors, 2);
    assert.deepEqual(summary.first_error, {
      line: 8,
      message: "Cannot read properties of undefined (reading 'length')",
    });
  });

  test("a refusal of the engine's (ServiceError) still stops the file, naming why", async () => {
    class RefusingSession extends SearchSession {
      override geocode(query: string, options?: Parameters<SearchSession["geocode"]>[1]) {
        if (query.includes("NO")) throw new ServiceError("bad-request", "refused");
        return super.geocode(query, options);
      }
    }
    const refusing = new BatchGeocoder(new RefusingSession(opened));
    await assert.rejects(
      refusing.geocodeCsv(Readable.from(["address\n45 Hàng Bài Hà Nội\nNO\n"]), collector()),
      /refused/,
    );
  });
});

describe("geocodeCsv: a reader that leaves", () => {
  /** 5,000 rows, counting how many were read. */
  function source(): { input: Readable; read: () => number } {
    let read = 0;
    async function* rows(): AsyncGenerator<Buffer> {
      yield Buffer.from("address\n");
      for (let i = 0; i < 50; i++) {
        read += 100;
        yield Buffer.from('"45 Hàng Bài, Cửa Nam, Hà Nội"\n'.repeat(100));
      }
    }
    return { input: Readable.from(rows()), read: () => read };
  }

  test("an output closed mid-way (a client gone) ends the batch with OutputClosedError, the rest unread", async () => {
    const { input, read } = source();
    let writes = 0;
    // Takes one write, then never drains and closes: what a dropped HTTP response does.
    const leaving: Writable = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, _done) {
        if (++writes === 1) setImmediate(() => leaving.destroy());
      },
    });
    await assert.rejects(batch.geocodeCsv(input, leaving), OutputClosedError);
    assert.ok(read() < 5_000, `${read()} rows read`);
  });

  test("an abort signal stops the batch with its reason, between two batches of rows", async () => {
    const { input, read } = source();
    const controller = new AbortController();
    const reason = new Error("stopped by the operator");
    const done = batch.geocodeCsv(input, collector(), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.rows >= 256) controller.abort(reason);
      },
    });
    await assert.rejects(done, (error) => error === reason);
    assert.ok(read() < 5_000, `${read()} rows read`);
  });
});

describe("reverseCsv", () => {
  test("each point gets the nearest address and the units there; no coordinates, bad ones and open sea are told apart", async () => {
    const near = points.hangBai47;
    const input = [
      "name,lat,lon",
      `at 47,${near.lat},${near.lon}`,
      `open sea,12.0,112.0`,
      ",,",
      "typo,21.0x,105.8",
      `far from any house,${points.leLoi12.lat + 0.01},${points.leLoi12.lon}`,
    ].join("\n");
    const out = collector();
    const summary = await batch.reverseCsv(Readable.from([input]), out, { radius: 50 });
    const { header, rows } = table(out.text());
    assert.deepEqual(header, ["name", "lat", "lon", ...REVERSE_COLUMNS]);
    assert.equal(rows[0].result_code, codes.hangBai47);
    assert.equal(rows[0].result_distance_m, "0");
    assert.equal(rows[0].result_match, "house");
    assert.equal(rows[0].result_commune_code, CUA_NAM);
    assert.equal(rows[0].result_old_ward_code, "00088", "the record's own old ward");
    assert.deepEqual(
      rows.slice(1, 4).map((r) => r.result_status),
      ["not-found", "skipped", "invalid"],
    );
    for (const row of rows.slice(1, 4))
      for (const name of REVERSE_COLUMNS.slice(1)) assert.equal(row[name], "", name);
    assert.equal(
      rows[4].result_match,
      "commune",
      "no house within 50 m: the commune at the point, no address",
    );
    assert.equal(rows[4].result_code, "");
    assert.notEqual(rows[4].result_commune_code, "");
    assert.deepEqual(
      [summary.rows, summary.answered, summary.not_found, summary.skipped, summary.invalid],
      [5, 2, 1, 1, 1],
    );
  });

  test("points in a ';' file may keep the decimal comma; a number Number() would take but a survey would not write is invalid", async () => {
    const p = points.leLoi12;
    const comma = (x: number) => String(x).replace(".", ",");
    const out = collector();
    const summary = await batch.reverseCsv(
      Readable.from([`name;lat;lon\nhere;${comma(p.lat)};${comma(p.lon)}\nhex;0x15;105\nexponent;2.1e1;1.05e2\n`]),
      out,
    );
    const lines = out.text().split("\n");
    assert.ok(lines[1].startsWith(`here;${comma(p.lat)};${comma(p.lon)};ok;${codes.leLoi12};`), lines[1]);
    assert.ok(lines[2].startsWith("hex;0x15;105;invalid;"), lines[2]);
    assert.ok(lines[3].startsWith("exponent;2.1e1;1.05e2;invalid;"), lines[3]);
    assert.deepEqual([summary.answered, summary.invalid], [1, 2]);
  });

  test("coordinate columns are found by their usual names or named by the caller; none is refused naming the header", async () => {
    const p = points.leLoi12;
    const out = collector();
    await batch.reverseCsv(Readable.from([`Latitude,Longitude\n${p.lat},${p.lon}\n`]), out);
    assert.equal(table(out.text()).rows[0].result_code, codes.leLoi12);
    const named = collector();
    await batch.reverseCsv(Readable.from([`vd,kd\n${p.lat},${p.lon}\n`]), named, {
      latColumn: "vd",
      lonColumn: "kd",
    });
    assert.equal(table(named.text()).rows[0].result_code, codes.leLoi12);
    await assert.rejects(
      batch.reverseCsv(Readable.from(["a,b\n1,2\n"]), collector()),
      /no latitude column in the header \(a, b\)/,
    );
  });
});
