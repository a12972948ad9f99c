/**
 * Autocomplete texts read alike ("…, Thành phố Hồ Chí" and "…, Hồ Chí Mi": the same settled part,
 * the same communes the province being typed may become) share their results: every answer is
 * the one an engine that kept nothing gives the text, and texts read otherwise are not shared.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import { SearchEngine } from "./engine.js";

const registry = loadRegistry();
const tables = unitTablesOf(registry);
const parser = createParser(registry);

/**
 * One commune of each of the first provinces, so that every text names a commune of its own (a
 * name with a number, "Phường Hà Giang 2", is no unit name being typed while typed).
 */
const communes: string[] = [];
const provinces = new Set<string>();
for (const code of tables.communes.codes) {
  const unit = registry.require("new", code);
  const province = unit.provinceCode;
  if (provinces.has(province) || /\d/.test(unit.fullName)) continue;
  provinces.add(province);
  communes.push(code);
  if (communes.length === 4) break;
}

// Lê Lợi in each of those communes at doors 12 and 14; a Lê Lai beside it in the first.
const records: RecordSummary[] = [];
communes.forEach((commune, k) => {
  records.push(summaryIn(registry, `A${k}`, commune, { houseNumber: "12", street: "Lê Lợi" }));
  records.push(summaryIn(registry, `B${k}`, commune, { houseNumber: "14", street: "Lê Lợi" }, { lat: 16.0001 }));
});
records.push(summaryIn(registry, "LAI", communes[0], { houseNumber: "12", street: "Lê Lai" }));
const base = buildSegment(records, tables);

function engine(): SearchEngine {
  return new SearchEngine({ registry, parser, base }, tables.communes.codes, tables.oldWards.codes);
}

/** "12 Lê Lợi, Phường …, Tỉnh …" as a person types it: every keystroke from the third. */
function keystrokes(text: string): string[] {
  const out: string[] = [];
  for (let typed = 3; typed <= text.length; typed++) out.push(text.slice(0, typed));
  return out;
}

const written = communes.map((code) => {
  const unit = registry.require("new", code);
  return `12 Lê Lợi, ${unit.fullName}, ${registry.require("new", unit.provinceCode).fullName}`;
});

test("an autocomplete text answered from an earlier text read alike is answered as when asked alone", () => {
  const kept = engine();
  for (const text of written)
    for (const q of keystrokes(text)) {
      const options = { autocomplete: true, limit: 5 };
      assert.deepEqual(kept.search(q, options), engine().search(q, options), q);
    }
  const { asked, kept: shared } = kept.readingLookups();
  // A unit's name, once its communes stop changing, is asked again at each keystroke.
  assert.ok(shared > 0 && shared < asked, `kept ${shared} of ${asked}`);
});

test("texts whose unit being typed may become other communes are not answered alike", () => {
  // The same settled part ("12 Lê Lợi"), the commune typed differs: its answer is another Lê Lợi.
  const kept = engine();
  const answers = communes.map((code) => {
    const q = `12 Lê Lợi, ${registry.require("new", code).fullName}`;
    return kept.search(q, { autocomplete: true, limit: 1 }).results[0]?.code;
  });
  assert.deepEqual(answers, communes.map((_, k) => `A${k}`));
  // Without a unit typed, the words matched are the key: "12 Lê L" and "12 Lê La" differ.
  assert.notDeepEqual(kept.search("12 Lê La", { autocomplete: true }).results, kept.search("12 Lê L", { autocomplete: true }).results);
});
