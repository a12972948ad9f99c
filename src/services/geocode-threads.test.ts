/**
 * Geocoding threads over a real SQLite store and its saved index read into shared memory: a CSV
 * batch answered with threads is the batch answered by the main thread alone, byte for byte,
 * records written after the index was saved (the delta) included.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { after, before, test } from "node:test";
import { openStore } from "../store/open.js";
import { addressAt } from "../testing/addresses.js";
import { loadRegistry } from "../units/registry.js";
import { BatchGeocoder } from "./batch-geocode.js";
import { GeocodeThreads } from "./geocode-threads.js";
import { SearchService, SearchSession } from "./search.js";
import { storeAt } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-threads-"));
const path = join(dir, "store.db");
const registry = loadRegistry();
const CUA_NAM = "00082"; // Phường Cửa Nam, Hà Nội
const SAI_GON = "26740"; // Phường Sài Gòn, Hồ Chí Minh
const STREETS = ["Hàng Bài", "Tràng Tiền", "Lý Thường Kiệt", "Lê Lợi", "Nguyễn Huệ", "Pasteur"];
let session: SearchSession;
let threads: GeocodeThreads;

before(async () => {
  const store = await openStore(path);
  for (let i = 0; i < 60; i++) {
    const commune = i % 2 === 0 ? CUA_NAM : SAI_GON;
    const street = STREETS[(i % 3) + (commune === CUA_NAM ? 0 : 3)];
    await store.create(
      { data: addressAt(commune, i, { houseNumber: String(i + 1), street }) },
      { actor: "surveyor:test" },
    );
  }
  await store.close();
  // The index saved now; the record written next is the delta the threads must see too.
  await new SearchService(registry).build(storeAt(path));
  const late = await openStore(path);
  await late.create(
    { data: addressAt(SAI_GON, 80, { houseNumber: "99", street: "Đồng Khởi" }) },
    { actor: "surveyor:test" },
  );
  await late.close();
  const index = await new SearchService(registry).open(storeAt(path), undefined, { shared: true });
  assert.equal(index.delta, 1);
  session = new SearchSession(index);
  threads = await GeocodeThreads.start(index.shared!, 2);
});

after(async () => {
  await threads?.close();
  rmSync(dir, { recursive: true, force: true });
});

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  return Object.assign(out, { text: () => chunks.join("") });
}

/** Rows the ways people write them: whole, without diacritics, with a typo, repeated, a street alone, nothing. */
function rows(): string {
  const lines = ["id,address"];
  for (let i = 0; i < 700; i++) {
    const n = (i * 7) % 61;
    const street = STREETS[(n % 3) + (n % 2 === 0 ? 0 : 3)];
    const place = n % 2 === 0 ? "Phường Cửa Nam, Hà Nội" : "Phường Sài Gòn, Hồ Chí Minh";
    const forms = [
      `${n + 1} ${street}, ${place}`,
      `${n + 1} ${street}, ${place}`.normalize("NFD").replace(/[\u0300-\u036f]/g, ""),
      `${n + 1} ${street.slice(0, -1)}, ${place}`,
      `99 Đồng Khởi, Phường Sài Gòn, Hồ Chí Minh`,
      `${street}, ${place}`,
      "",
    ];
    lines.push(`${i},"${forms[i % forms.length]}"`);
  }
  return `${lines.join("\n")}\n`;
}

test("a batch geocoded with threads beside the main one gives the same file as the main thread alone", async () => {
  const input = rows();
  const alone = sink();
  const summaryAlone = await new BatchGeocoder(session).geocodeCsv(Readable.from([input]), alone, {
    columns: ["address"],
  });
  const together = sink();
  const summaryTogether = await new BatchGeocoder(session, { threads }).geocodeCsv(
    Readable.from([input]),
    together,
    {
      columns: ["address"],
    },
  );
  assert.equal(together.text(), alone.text());
  assert.equal(summaryTogether.answered, summaryAlone.answered);
  // The comparison means something only if the rows were answered, the late record among them.
  assert.ok(summaryAlone.answered > 500, `${summaryAlone.answered} rows answered`);
  assert.match(together.text(), /99 Đồng Khởi.*,ok,/);
});

test("threads answer a record written after the index was saved, from the delta they were handed", async () => {
  const [result] = await threads.geocode(1, ["99 Đồng Khởi, Phường Sài Gòn, Hồ Chí Minh"], { withOld: true });
  assert.equal(result?.match, "house");
  assert.equal(
    result?.code,
    session.geocode("99 Đồng Khởi, Phường Sài Gòn, Hồ Chí Minh", { withOld: true }).result?.code,
  );
});
