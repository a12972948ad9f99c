/**
 * A pass that leaves out the matches its bounds rule out (DocumentRanking.rankBounded), and places
 * a street at its nearest house only when it makes the page, answers exactly what ranking every
 * match answers: over a real SQLite store and its saved index, the same streets in a hundred and
 * more communes (so that a street typed without its commune ties across the country), typed
 * keystroke by keystroke, at many doors of one street (its kept door-less ranking), and after a
 * record comes through the change feed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Random } from "../common/random.js";
import { type OpenedIndex, SearchService } from "../services/search.js";
import { storeAt } from "../services/stores.js";
import { openStore } from "../store/open.js";
import { addressAt } from "../testing/addresses.js";
import { loadRegistry } from "../units/registry.js";
import type { SearchEngine } from "./engine.js";
import type { SearchOptions } from "./types.js";

const dir = mkdtempSync(join(tmpdir(), "diachiso-pruned-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const registry = loadRegistry();
const service = new SearchService(registry);
const who = { actor: "surveyor:test" };
const STREETS = ["Lê Lợi", "Lê Lai", "Lê Lư", "Lê Văn Lương", "Trần Phú", "Trần Hưng Đạo", "Nguyễn Trãi", "Hàng Bài"];
const random = new Random(31);
/** Every 20th commune of the country: 167 of them, in every province. */
const communes = registry.list("new", "ward").filter((_, i) => i % 20 === 0);
const written: string[] = [];
let path: string;
let opened: OpenedIndex;

/** A record's address as a person types it: door, street, commune, province. */
function addressText(house: string, street: string, commune: string): string {
  const unit = registry.require("new", commune);
  return `${house} ${street}, ${unit.name}, ${registry.require("new", unit.provinceCode).name}`;
}

before(async () => {
  path = join(dir, "store.db");
  const store = await openStore(path);
  for (const [n, unit] of communes.entries()) {
    for (let k = 0; k < 6; k++) {
      const street = random.pick(STREETS);
      const house = String(random.int(1, 40));
      await store.create({ data: addressAt(unit.code, k, { houseNumber: house, street }) }, who);
      if (n % 8 === 0 && k < 2) written.push(addressText(house, street, unit.code));
    }
  }
  await store.close();
  opened = await service.open(storeAt(path));
});

/** Every other keystroke of each text from its third letter, as a person types it. */
function keystrokes(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) for (let end = 3; end <= text.length; end += 2) out.push(text.slice(0, end));
  return out;
}

/** The answers of an engine and of the same engine ranking every match are the same, question by question. */
function assertSameAnswers(engine: SearchEngine, questions: readonly string[], options: SearchOptions): void {
  const every = engine.unpruned();
  for (const q of questions)
    assert.equal(JSON.stringify(engine.search(q, options)), JSON.stringify(every.search(q, options)), `${q} ${JSON.stringify(options)}`);
}

test("typed keystroke by keystroke, every answer is the one of ranking every match", () => {
  const questions = keystrokes(written);
  assert.ok(questions.length > 500);
  assertSameAnswers(opened.engine, questions, { autocomplete: true, limit: 5 });
});

test("whole texts, with a page of ten and near a place, are answered as ranking every match does", () => {
  const near = { lat: 21.03, lon: 105.85 };
  const texts = [...written, ...STREETS.map((s) => `12 ${s}`), ...STREETS];
  assertSameAnswers(opened.engine, texts, { limit: 10 });
  assertSameAnswers(opened.engine, texts, { limit: 5, near });
  assertSameAnswers(opened.engine, keystrokes(written.slice(0, 6)), { autocomplete: true, limit: 5, near });
});

test("a street typed without its commune ties across the country, and its answer is placed at its nearest house", () => {
  const answer = opened.engine.search("40 Lê Lợi", { limit: 5 });
  assert.equal(answer.results.length, 5);
  for (const r of answer.results) {
    assert.match(r.label, /Lê Lợi/);
    assert.ok(Number.isFinite(r.lat) && Number.isFinite(r.lon));
  }
  assert.equal(JSON.stringify(answer), JSON.stringify(opened.engine.unpruned().search("40 Lê Lợi", { limit: 5 })));
});

test("a street asked at many doors without its unit reuses one pruned ranking, and answers as reading every pass in full does", () => {
  const texts = STREETS.flatMap((street) => ["3", "17", "40", "41", "so 8", "99/2"].map((door) => `${door} ${street}`));
  const before = opened.engine.doorlessLookups();
  assertSameAnswers(opened.engine, texts, { limit: 5 });
  assertSameAnswers(opened.engine, texts, { limit: 1 });
  const after = opened.engine.doorlessLookups();
  assert.ok(after.kept - before.kept >= texts.length, `kept ${after.kept - before.kept} of ${after.asked - before.asked}`);
  // The reference keeps no ranking: every text's pass is read in full there.
  const every = opened.engine.unpruned();
  every.search(texts[0], { limit: 5 });
  every.search(texts[1], { limit: 5 });
  assert.deepEqual(every.doorlessLookups(), { asked: 0, kept: 0 });
});

test("a record added through the change feed is found, and answered alike by both", async () => {
  const commune = communes[3].code;
  const store = await openStore(path);
  await store.create({ data: addressAt(commune, 9, { houseNumber: "77", street: "Lê Lợi" }) }, who);
  await store.close();
  const caughtUp = await service.catchUp(storeAt(path), opened);
  assert.ok(caughtUp, "the index follows the change");
  assert.equal(caughtUp.delta, 1);
  const text = addressText("77", "Lê Lợi", commune);
  const answer = caughtUp.engine.search(text, { limit: 5 });
  assert.match(answer.results[0].label, /^77 Lê Lợi/);
  assertSameAnswers(caughtUp.engine, [...keystrokes([text]), ...keystrokes(written.slice(0, 4))], { autocomplete: true, limit: 5 });
});
