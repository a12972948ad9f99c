import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fold } from "../text/fold.js";
import { DEFAULT_POSTAL_CODES_PATH, loadPostalPrefixes, provinceOfPostalCode } from "./postal-codes.js";
import { loadRegistry } from "./registry.js";

test("every postal prefix names an old province whose name the table spells, and every province has one", () => {
  const file = JSON.parse(readFileSync(DEFAULT_POSTAL_CODES_PATH, "utf8")) as {
    prefixes: Record<string, { province: string; name: string }>;
  };
  const registry = loadRegistry();
  const named = new Set<string>();
  for (const [prefix, { province, name }] of Object.entries(file.prefixes)) {
    const unit = registry.get("old", province);
    assert.ok(unit, `${prefix}: no old province ${province}`);
    assert.equal(fold(unit.name).replaceAll(" ", ""), fold(name).replaceAll(" ", ""), `prefix ${prefix}`);
    named.add(province);
  }
  assert.equal(named.size, 63);
});

test("a postal code of five digits, or six ending in 0, names its province by the first two", () => {
  const prefixes = loadPostalPrefixes();
  assert.equal(provinceOfPostalCode("100000", prefixes), "01");
  assert.equal(provinceOfPostalCode("10000", prefixes), "01");
  assert.equal(provinceOfPostalCode("70000", prefixes), "79");
  assert.equal(provinceOfPostalCode("03000", prefixes), "30");
  assert.equal(provinceOfPostalCode("100001", prefixes), null);
  assert.equal(provinceOfPostalCode("1000", prefixes), null);
  assert.equal(provinceOfPostalCode("99000", prefixes), null);
});

test("a table of another format or version is refused, naming the file", () => {
  const path = join(mkdtempSync(join(tmpdir(), "postal-")), "postal.json");
  writeFileSync(path, JSON.stringify({ format: "diachiso-postal-codes", version: 2, prefixes: {} }));
  assert.throws(() => loadPostalPrefixes(path), new RegExp(path.replaceAll("/", "\\/")));
});
