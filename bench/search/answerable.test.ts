import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { formatParts } from "../../src/domain/format.js";
import { openStore } from "../../src/store/open.js";
import type { RecordSummary } from "../../src/store/store.js";
import { fold } from "../../src/text/fold.js";
import { loadRegistry } from "../../src/units/registry.js";
import { foldedFullText, SortedFullTexts, UniquePrefixScan } from "./answerable.js";
import { shortestCut, writeOut } from "./query-forms.js";
import { generatedStore } from "./generated-store.js";

const registry = loadRegistry();
const dir = mkdtempSync(join(tmpdir(), "diachiso-bench-answerable-"));
const records: RecordSummary[] = [];

// A real store: 3,000 generated rows in one province, so house numbers and streets repeat.
before(async () => {
  const db = await generatedStore(registry, dir, {
    count: 3_000,
    seed: 5,
    provinces: ["01"],
    oldShare: 0.3,
  });
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

test("one pass over the store gives the sorted texts' lengths for drawn records, floored at their shortest cut", () => {
  const sorted = new SortedFullTexts(records.map(fullText));
  const drawn = records
    .filter(
      (r, i) => i % 7 === 0 && (r.parts.houseNumber || r.parts.lot) && (r.parts.street || r.parts.hamlet),
    )
    .map((r) => {
      const full = writeOut(formatParts(r.parts), [
        registry.require("new", r.new.commune),
        registry.require("new", r.new.province),
      ]);
      return {
        code: r.code,
        text: fold(full),
        shortestCut: fold(full.slice(0, shortestCut(full, r))).length,
      };
    });
  const scan = new UniquePrefixScan(drawn);
  for (const r of records) scan.see(r.code, fold(formatParts(r.parts)), () => fullText(r));
  const lengths = scan.lengths();
  assert.equal(lengths.size, drawn.length);
  let sharedPastTheCut = 0;
  for (const d of drawn) {
    const exact = sorted.uniquePrefixLength(d.text);
    if (exact !== null && exact > d.shortestCut) sharedPastTheCut++;
    assert.equal(lengths.get(d.code), exact === null ? null : Math.max(exact, d.shortestCut), d.text);
  }
  assert.ok(
    sharedPastTheCut >= drawn.length / 10,
    "a tenth of the drawn records or more share more than their shortest cut with another (the scan compares)",
  );
});
