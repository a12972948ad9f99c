/**
 * A query typed in Telex with the input method off ("12 Nguyeenx Traix, phuwowngf Khuwowng Ddinhf,
 * Haf Nooij") finds what the same text with its diacritics finds; the answer still echoes the text
 * as it was typed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { communeCode, summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { engineOver } from "../testing/search-engine.js";

const registry = loadRegistry();
const parser = createParser(registry);

const commune = (name: string, province: string) => communeCode(registry, name, province);

function house(code: string, inCommune: string, street: string, houseNumber = "12"): RecordSummary {
  return summaryIn(registry, code, inCommune, { houseNumber, street });
}

const records = [
  house("KHUONG-DINH", commune("Khương Đình", "01"), "Nguyễn Trãi"),
  house("THANH-XUAN", commune("Thanh Xuân", "01"), "Nguyễn Trãi"),
  house("BEN-THANH", commune("Bến Thành", "79"), "Nguyễn Trãi"),
  house("LE-LOI", commune("Bến Thành", "79"), "Lê Lợi", "5"),
];
const engine = engineOver(records, registry, parser);

test("a query typed in Telex finds the house its words stand for, and echoes the text as typed", () => {
  for (const [typed, code] of [
    ["12 Nguyeenx Traix, phuwowngf Khuwowng Ddinhf, Haf Nooij", "KHUONG-DINH"],
    ["12 nguyeenx traix thanh xuaan haf nooij", "THANH-XUAN"],
    ["5 Lee Lowij, Beesn Thanhf, TP HCM", "LE-LOI"],
  ]) {
    const answer = engine.search(typed, { limit: 3 });
    assert.equal(answer.query, typed);
    assert.equal(answer.results[0]?.code, code, `${typed}: ${answer.results[0]?.label}`);
  }
});
