import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { AddressRecord } from "../../../src/domain/record.js";
import { openStore } from "../../../src/store/open.js";
import { loadRegistry } from "../../../src/units/registry.js";
import { recordText, storeRecords } from "../engine.js";
import { stripDiacritics } from "../query-forms.js";
import { findPgBin, ThrowawayCluster } from "../../../src/testing/postgres.js";
import { PgTrgmEngine } from "./pgtrgm.js";
import { generatedStore } from "../generated-store.js";

const bin = findPgBin();
const skip = bin === null ? "no PostgreSQL server binaries (initdb) on this machine" : false;
const registry = loadRegistry();
const dir = mkdtempSync(join(tmpdir(), "diachiso-pgtrgm-test-"));
const records: AddressRecord[] = [];
/** Records whose indexed text no other record shares, so that exactly one answer is right. */
let unique: AddressRecord[] = [];

// A real store: 300 generated survey rows in Hà Nội through the import, read back as records.
before(async () => {
  if (skip) return;
  const db = await generatedStore(registry, dir, {
    count: 300,
    seed: 5,
    provinces: ["01"],
    oldShare: 0.5,
  });
  const store = await openStore(db, { use: "read" });
  for await (const record of storeRecords(store)) records.push(record);
  await store.close();
  const texts = new Map<string, number>();
  for (const r of records) {
    const text = recordText(r, registry);
    if (text !== null) texts.set(text, (texts.get(text) ?? 0) + 1);
  }
  unique = records.filter((r) => texts.get(recordText(r, registry) ?? "") === 1).slice(0, 8);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const clusterDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("diachiso-pg-")));

test("pg_trgm in its own cluster finds a record first by its own words without diacritics, and close() stops and removes the cluster", {
  skip,
}, async () => {
  assert.ok(unique.length >= 5, `at least 5 records with a text of their own (got ${unique.length})`);
  const before = clusterDirs();
  const engine = new PgTrgmEngine(registry);
  const built = await engine.build(records);
  const ours = [...clusterDirs()].filter((name) => !before.has(name));
  try {
    assert.equal(ours.length, 1, "one cluster folder made by the build");
    assert.ok(built.diskMiB !== undefined && built.diskMiB > 0, "the table and its index take room");
    for (const record of unique) {
      const q = stripDiacritics(recordText(record, registry)!);
      const found = await engine.search(q, { autocomplete: false, limit: 5 });
      assert.equal(found[0], record.code, `"${q}" → ${found.join(", ")}`);
    }
  } finally {
    await engine.close();
  }
  assert.ok(!clusterDirs().has(ours[0]), "the cluster's folder is gone after close()");
});

test("pg_trgm on a given server, folding with the database's unaccent(), finds a record first by its written words and while they are typed", {
  skip,
}, async () => {
  const cluster = new ThrowawayCluster(bin!);
  try {
    const engine = new PgTrgmEngine(registry, { url: await cluster.start(), fold: "unaccent" });
    await engine.build(records);
    try {
      for (const record of unique) {
        const text = recordText(record, registry)!;
        assert.equal((await engine.search(text, { autocomplete: false, limit: 5 }))[0], record.code, text);
        // Typing: the address without its last six characters.
        const typed = text.slice(0, -6);
        assert.ok(
          (await engine.search(typed, { autocomplete: true, limit: 5 })).includes(record.code),
          typed,
        );
      }
      assert.deepEqual(
        await engine.search(" ,. ", { autocomplete: false, limit: 5 }),
        [],
        "no words, no answer",
      );
    } finally {
      await engine.close();
    }
  } finally {
    cluster.stop();
  }
});

test("pg_trgm refuses an unknown fold or query form, naming it", () => {
  assert.throws(() => new PgTrgmEngine(registry, { fold: "lower" as "node" }), /unknown fold "lower"/);
  assert.throws(() => new PgTrgmEngine(registry, { query: "fuzzy" as "word" }), /unknown query "fuzzy"/);
});
