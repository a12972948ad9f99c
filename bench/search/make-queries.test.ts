import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Random } from "../../src/common/random.js";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/store.js";
import type { AddressData } from "../../src/domain/record.js";
import { fold } from "../../src/text/fold.js";
import { loadRegistry } from "../../src/units/registry.js";
import { sharedBoundaries } from "../../src/units/units-at.js";
import { makeQueries } from "./make-queries.js";
import { fts5Match } from "./peers/fts5.js";
import {
  editsFor,
  QUERY_FORMS,
  stripDiacritics,
  typoDistance,
  withTypos,
  writeOut,
  writtenAddress,
} from "./query-forms.js";
import { generatedStore } from "./generated-store.js";

const registry = loadRegistry();
const dir = mkdtempSync(join(tmpdir(), "diachiso-bench-queries-"));
let store: Store;

// A real store: 2,000 generated survey rows in two provinces (Hà Nội, TP Hồ Chí Minh) through the import.
before(async () => {
  const db = await generatedStore(registry, dir, {
    count: 2_000,
    seed: 3,
    provinces: ["01", "79"],
    oldShare: 0.5,
  });
  store = await openStore(db, { use: "read" });
});
after(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the same seed makes the same query set, another seed another", async () => {
  const a = await makeQueries(store, registry, { perForm: 20, seed: 7 });
  const b = await makeQueries(store, registry, { perForm: 20, seed: 7 });
  const c = await makeQueries(store, registry, { perForm: 20, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    a.queries.map((q) => q.q),
    c.queries.map((q) => q.q),
  );
});

test("every form is made, every query's gold record exists, and old-structure queries name its old units", async () => {
  const { queries } = await makeQueries(store, registry, { perForm: 20, seed: 7 });
  for (const form of QUERY_FORMS) assert.equal(queries.filter((q) => q.form === form).length, 20, form);
  const records = await store.getMany(queries.map((q) => q.gold));
  queries.forEach((q, i) => {
    const record = records[i];
    assert.ok(record, `gold ${q.gold} of "${q.q}" is in the store`);
    assert.equal(q.autocomplete, q.form === "prefix");
    if (q.form === "old") {
      const ward = registry.get("old", record.old!.ward)!;
      assert.ok(q.q.includes(ward.fullName), `"${q.q}" names the old ward ${ward.fullName}`);
    }
    if (q.form === "old-derived") {
      assert.equal(record.old, null, "a record stored in the new structure only");
      const named = registry
        .predecessors(record.new.commune)
        .filter(({ unit }) => q.q.includes(`, ${unit.fullName}, `));
      assert.ok(named.length > 0, `"${q.q}" names an old ward its commune was formed from`);
    }
    if (q.form === "full") assert.ok(q.q.endsWith(registry.get("new", record.new.province)!.fullName), q.q);
    if (q.form === "no-diacritics") assert.equal(stripDiacritics(q.q), q.q);
    if (q.form === "no-province")
      assert.ok(q.q.endsWith(registry.get("new", record.new.commune)!.fullName), q.q);
  });
});

test("typos2 differs from the record's full text in exactly two words, each by the edits its length asks", async () => {
  const { queries } = await makeQueries(store, registry, { perForm: 40, seed: 9 });
  const typos = queries.filter((q) => q.form === "typos2");
  assert.equal(typos.length, 40);
  const records = await store.getMany(typos.map((q) => q.gold));
  typos.forEach((q, i) => {
    const address = writtenAddress(records[i]!, registry)!;
    const words = writeOut(address.below, address.units).split(" ");
    const typedWords = q.q.split(" ");
    assert.equal(typedWords.length, words.length, q.q);
    const changed = words.map((w, k) => [w, typedWords[k]]).filter(([w, t]) => w !== t);
    assert.equal(changed.length, 2, q.q);
    for (const [w, t] of changed) {
      const letters = [...w.replace(/\P{L}/gu, "")].length;
      assert.equal(typoDistance(w, t), editsFor(letters), `${w} → ${t}`);
    }
  });
});

test("a word gets one edit from 4 letters and two from 8, none below 4", () => {
  assert.deepEqual([3, 4, 7, 8, 12].map(editsFor), [0, 1, 1, 2, 2]);
  assert.equal(withTypos(new Random(2), "12 Lê Lợi, Q1", 1), null, "no word of 4 letters");
});

test("the FTS5 peers' queries: folded words OR-ed, the last a prefix while typing; trigrams of each word", () => {
  assert.equal(fts5Match("unicode61", "12 Đường Lê Lợi", false), '"12" OR "duong" OR "le" OR "loi"');
  assert.equal(fts5Match("unicode61", "12 Đường Lê Lợi", true), '"12" OR "duong" OR "le" OR "loi"*');
  assert.equal(fts5Match("trigram", "Lê Hà 12", false), null, "no word of 3 letters");
  assert.equal(fts5Match("trigram", "Huế", false), '"hue"');
  assert.equal(fts5Match("trigram", "Đường", false), '"duo" OR "uon" OR "ong"');
});

// A store of four houses whose full texts share long prefixes: "45 Hàng Bài, Phường Cửa Nam, …"
// is told apart from "45 Hàng Bài, Phường Hoàn Kiếm, …" only from "45 hang bai phuong c" (20
// folded characters), and from "45 Hàng Bạc, …" from "45 hang bai".
const CUA_NAM = "00082";
const HOAN_KIEM = "00070";
function house(commune: string, houseNumber: string, street: string, offset: number): AddressData {
  const point = sharedBoundaries().labelPoint(commune)!;
  return {
    kind: "household",
    name: null,
    parts: { houseNumber, street },
    new: { province: registry.require("new", commune).provinceCode, commune },
    old: null,
    location: { lat: point.lat + offset * 0.0001, lon: point.lon, accuracyM: 5, source: "survey-phone" },
    owner: null,
  };
}

test("a prefix is cut only where no other record's full text starts with it, so its gold is the one answer", async () => {
  const near = await openStore(join(dir, "near.db"));
  try {
    const texts = new Map<string, string>();
    for (const data of [
      house(CUA_NAM, "45", "Hàng Bài", 0),
      house(HOAN_KIEM, "45", "Hàng Bài", 1),
      house(CUA_NAM, "45", "Hàng Bạc", 2),
      house(CUA_NAM, "7", "Tràng Thi", 3),
    ]) {
      const { code } = await near.create({ data }, { actor: "surveyor:test" });
      const commune = registry.require("new", data.new.commune);
      const below = `${data.parts.houseNumber} ${data.parts.street}`;
      texts.set(code, fold(writeOut(below, [commune, registry.require("new", commune.provinceCode)])));
    }
    /** The records whose full text starts with the folded query. */
    const startingWith = (q: string) =>
      [...texts].filter(([, text]) => text.startsWith(fold(q))).map(([code]) => code);
    const prefixes = async (prefix: "answerable" | "any") => {
      const out = [];
      for (let seed = 1; seed <= 15; seed++) {
        const { queries } = await makeQueries(near, registry, { perForm: 4, seed, prefix });
        out.push(...queries.filter((q) => q.form === "prefix"));
      }
      return out;
    };

    const answerable = await prefixes("answerable");
    assert.equal(answerable.length, 15 * 4, "every record has an answerable cut");
    for (const q of answerable) {
      assert.deepEqual(startingWith(q.q), [q.gold], `"${q.q}" starts the full text of its gold only`);
      assert.ok(fold(q.q).length < texts.get(q.gold)!.length, `"${q.q}" is cut before the end`);
    }
    // Not vacuous: cut anywhere, some prefixes of the same records start several full texts.
    const anywhere = await prefixes("any");
    assert.ok(
      anywhere.some((q) => startingWith(q.q).length > 1),
      "cutting anywhere gives shared prefixes",
    );
  } finally {
    await near.close();
  }
});
