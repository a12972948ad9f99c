/**
 * Batches over a real SQLite store whose rows name no unit ("11 Võ Thị Sáu"): their answers come
 * from the street's ranking kept across the batch's doors, and a batch over the index caught up
 * with the store's change feed finds a record added since.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { after, test } from "node:test";
import { type CsvRecord, CsvSplitter } from "../common/csv.js";
import { openStore } from "../store/open.js";
import { addressAt } from "../testing/addresses.js";
import { loadRegistry } from "../units/registry.js";
import { BatchGeocoder, GEOCODE_COLUMNS } from "./batch-geocode.js";
import { SearchService, SearchSession } from "./search.js";
import { storeAt } from "./stores.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-batch-follow-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const registry = loadRegistry();
const service = new SearchService(registry);
const who = { actor: "surveyor:test" };
/** Communes of three provinces, each with its own Võ Thị Sáu. */
const COMMUNES = ["00082", "26740", "20242"];

/** The rows' answers, by address. */
async function geocoded(session: SearchSession, addresses: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const csv = ["address", ...addresses.map((a) => `"${a}"`), ""].join("\n");
  await new BatchGeocoder(session).geocodeCsv(Readable.from([Buffer.from(csv)]), out, { columns: ["address"] });
  const rows: CsvRecord[] = [];
  const splitter = new CsvSplitter();
  splitter.push(chunks.join(""), rows);
  splitter.end(rows);
  const [head, ...rest] = rows;
  const answers = new Map<string, Record<string, string>>();
  for (const row of rest) answers.set(row.fields[0], Object.fromEntries(head.fields.map((name, k) => [name, row.fields[k]])));
  return answers;
}

test("a batch's rows that name no unit share their street's ranking, and the next batch after the change feed finds a record added", async () => {
  const path = join(dir, "store.db");
  const store = await openStore(path);
  const codes: Record<string, string> = {};
  for (const [k, commune] of COMMUNES.entries())
    for (const door of ["7", "9"])
      codes[`${door}@${k}`] = (
        await store.create({ data: addressAt(commune, Number(door), { houseNumber: door, street: "Võ Thị Sáu" }) }, who)
      ).code;
  await service.build(storeAt(path));
  const opened = await service.open(storeAt(path));
  const addresses = ["7 Võ Thị Sáu", "9 Võ Thị Sáu", "11 Võ Thị Sáu"];

  const first = new SearchSession(opened);
  const before = await geocoded(first, addresses);
  assert.equal(before.get("7 Võ Thị Sáu")?.result_match, "house");
  assert.equal(before.get("9 Võ Thị Sáu")?.result_match, "house");
  assert.equal(before.get("11 Võ Thị Sáu")?.result_match, "street");
  assert.ok(first.index.engine.doorlessLookups().kept >= 2, "the rows after the first read the street's kept ranking");
  for (const address of addresses) {
    // An engine of its own (withDelta: the same index, nothing kept) for each row.
    const alone = new SearchSession({ ...opened, engine: opened.engine.withDelta(null, new Set()) });
    const result = alone.geocode(address, { withOld: true }).result;
    assert.equal(before.get(address)?.result_code, result?.code ?? "", address);
    assert.equal(before.get(address)?.result_label, result?.label, address);
  }

  const added = (
    await store.create({ data: addressAt(COMMUNES[1], 11, { houseNumber: "11", street: "Võ Thị Sáu" }) }, who)
  ).code;
  const next = await service.catchUp(storeAt(path), opened);
  await store.close();
  assert.ok(next);
  const second = new SearchSession(next);
  const after = await geocoded(second, addresses);
  assert.equal(after.get("11 Võ Thị Sáu")?.result_match, "house");
  assert.equal(after.get("11 Võ Thị Sáu")?.result_code, added);
  assert.equal(after.get("11 Võ Thị Sáu")?.result_commune_code, COMMUNES[1]);
  for (const door of ["7", "9"]) assert.equal(after.get(`${door} Võ Thị Sáu`)?.result_code, before.get(`${door} Võ Thị Sáu`)?.result_code);
  assert.deepEqual(Object.keys(after.get("11 Võ Thị Sáu") ?? {}).slice(1), [...GEOCODE_COLUMNS]);
});
