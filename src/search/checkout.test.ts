/**
 * A query pasted from a checkout box or a chat with the shop ("Giao cho chị Lan, 1 Độc Lập, Hòa Lợi
 * nhé shop", a phone number, "Người nhận: …") finds what the address alone finds: the words around
 * it are no part of it, and must not match a place ("chị Lan" is no Chi Lăng). The answer echoes the
 * text as it was sent.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { HamletType } from "../domain/parts.js";
import { createParser } from "../parse/index.js";
import type { RecordSummary } from "../store/store.js";
import { communeCode, summaryIn } from "../testing/summaries.js";
import { loadRegistry } from "../units/registry.js";
import { engineOver } from "../testing/search-engine.js";

const registry = loadRegistry();
const parser = createParser(registry);

const commune = (name: string, province: string) => communeCode(registry, name, province);

function house(code: string, inCommune: string, street: string, houseNumber = "1"): RecordSummary {
  return summaryIn(registry, code, inCommune, { houseNumber, street });
}

function inHamlet(code: string, inCommune: string, type: HamletType, name: string): RecordSummary {
  return summaryIn(registry, code, inCommune, { houseNumber: "1", hamlet: { type, name } });
}

const records = [
  house("HOA-LOI", commune("Hòa Lợi", "79"), "Độc Lập"),
  house("CHI-LANG", commune("Chi Lăng", "91"), "Độc Lập"),
  house("PHU-THUONG", commune("Phú Thượng", "01"), "Giảng Võ"),
  house("CHI-LANG-GV", commune("Chi Lăng", "24"), "Giảng Võ"),
  inHamlet("YEN-PHU", commune("Yên Phú", "38"), "tổ dân phố", "Tân Lập"),
  inHamlet("CHI-LANG-TL", commune("Chi Lăng", "24"), "thôn", "Tân Lập"),
];
const engine = engineOver(records, registry, parser);

test("a query with a buyer's words around the address finds the address, not a place those words name", () => {
  for (const [sent, code] of [
    ["Giao cho chị Lan, 1 Độc Lập Hòa Lợi nhé shop", "HOA-LOI"],
    ["Giao cho chị Lan, 1 Độc Lập, Phường Hòa Lợi, TP.HCM, cảm ơn shop", "HOA-LOI"],
    ["chị Lan 0912 345 678 1 Giảng Võ Phú Thượng ạ", "PHU-THUONG"],
    ["Người nhận: Nguyễn Văn An, 1 Giảng Võ, Phú Thượng, Hà Nội", "PHU-THUONG"],
    ["Giao cho chị Lan, Số 1 Tổ dân phố Tân Lập Yên Phú, nhận hàng sau 5h chiều", "YEN-PHU"],
  ]) {
    const answer = engine.search(sent, { limit: 3 });
    assert.equal(answer.query, sent);
    assert.equal(answer.results[0]?.code, code, `${sent}: ${answer.results[0]?.label}`);
    // Nor is Chi Lăng listed after it on the strength of "chị Lan".
    assert.ok(!answer.results.some((r) => r.code?.startsWith("CHI-LANG")), `${sent}: ${answer.results.map((r) => r.code)}`);
  }
});

test("a query without such words is read as it was (the parser's address text is the text itself)", () => {
  for (const text of ["1 Độc Lập, Phường Hòa Lợi, TP.HCM", "1 giang vo phu thuong", "Chi Lăng, An Giang"])
    assert.equal(parser.addressText(text), text);
  assert.equal(parser.addressText("Giao cho chị Lan, 1 Độc Lập Hòa Lợi nhé shop"), "1 Độc Lập Hòa Lợi");
});
