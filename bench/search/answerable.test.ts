import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { formatParts } from "../../src/domain/format.js";
import { SurveyGenerator } from "../../src/generate/generator.js";
import { writeRows } from "../../src/generate/writers.js";
import { ImportService } from "../../src/services/imports.js";
import { storeAt } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import type { RecordSummary } from "../../src/store/store.js";
import { fold } from "../../src/text/fold.js";
import { loadBoundaries } from "../../src/units/boundaries.js";
import { loadRegistry } from "../../src/units/registry.js";
import { BUCKET_CHARACTERS, foldedFullText, SortedFullTexts, UniquePrefixScan } from "./answerable.js";

const registry = loadRegistry();
const dir = mkdtempSync(join(tmpdir(), "diachiso-bench-answerable-"));
const records: RecordSummary[] = [];

// A real store: 3,000 generated rows in one province, so house numbers and streets repeat.
before(async () => {
  const survey = join(dir, "survey.csv");
  await writeRows(
    new SurveyGenerator(registry, loadBoundaries(), {
      count: 3_000,
      seed: 5,
      provinces: ["01"],
      oldShare: 0.3,
    }).rows(),
    "csv",
    survey,
  );
  const db = join(dir, "store.db");
  await new ImportService(storeAt(db, { env: {} })).import({ files: [survey], workers: 1 });
  const store = await openStore(db, { use: "read" });
  let after: string | null = null;
  do {
    const page = await store.scan(after, 1_000);
    records.push(...page.items);
    after = page.next;
  } while (after);
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const fullText = (r: RecordSummary) =>
  foldedFullText(formatParts(r.parts), [
    registry.require("new", r.new.commune),
    registry.require("new", r.new.province),
  ]);

test("the unique prefix length is one past the longest prefix shared with any other record, by brute force", () => {
  const texts = records.map(fullText);
  const sorted = new SortedFullTexts(texts);
  texts.slice(0, 150).forEach((text, i) => {
    let longest = 0;
    texts.forEach((other, j) => {
      if (j === i) return;
      let k = 0;
      while (k < text.length && text[k] === other[k]) k++;
      longest = Math.max(longest, k);
    });
    assert.equal(sorted.uniquePrefixLength(text), longest < text.length ? longest + 1 : null, text);
  });
});

test("one pass with buckets gives the sorted texts' lengths for drawn records (floored at the bucket width)", () => {
  const sorted = new SortedFullTexts(records.map(fullText));
  const drawn = records.filter((_, i) => i % 7 === 0);
  const scan = new UniquePrefixScan(drawn.map((r) => ({ code: r.code, text: fullText(r) })));
  for (const r of records) scan.see(r.code, fold(formatParts(r.parts)), () => fullText(r));
  const lengths = scan.lengths();
  assert.equal(lengths.size, drawn.length);
  let sharedPastTheBucket = 0;
  for (const r of drawn) {
    const exact = sorted.uniquePrefixLength(fullText(r));
    if (exact !== null && exact > BUCKET_CHARACTERS) sharedPastTheBucket++;
    assert.equal(
      lengths.get(r.code),
      exact === null ? null : Math.max(exact, BUCKET_CHARACTERS),
      fullText(r),
    );
  }
  assert.ok(
    sharedPastTheBucket > drawn.length / 2,
    "most drawn records share more than the bucket with another",
  );
});
