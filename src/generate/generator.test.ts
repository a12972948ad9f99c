import assert from "node:assert/strict";
import { test } from "node:test";
import { RuleEngine } from "../rules/evaluate.js";
import { DuplicateIndex } from "../ingest/dedupe.js";
import { CleaningNotes, cleanRow, mapRow } from "../ingest/map-row.js";
import { UnitResolver } from "../ingest/resolve-units.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { CLEAN_MIX, parseDefectMix } from "./defects.js";
import { SurveyGenerator } from "./generator.js";
import { Random } from "../common/random.js";
import { WeightedSampler } from "./weighted-sampler.js";

const registry = loadRegistry();
const boundaries = loadBoundaries();

function rows(options: ConstructorParameters<typeof SurveyGenerator>[2]) {
  return [...new SurveyGenerator(registry, boundaries, options).rows()];
}

function funnel(sample: ReturnType<typeof rows>) {
  const ctx = {
    resolver: new UnitResolver(registry),
    boundaries,
    rules: new RuleEngine(),
    piiKey: Buffer.alloc(32, 7),
    duplicates: new DuplicateIndex(),
  };
  let complete = 0;
  let rejected = 0;
  for (const row of sample) {
    const notes = new CleaningNotes();
    const mapped = mapRow(cleanRow(row, notes), ctx, null, notes);
    if (!mapped.ok) rejected++;
    else if (mapped.complete) complete++;
  }
  return { complete: complete / sample.length, rejected: rejected / sample.length };
}

test("the same seed gives the same rows and another seed other rows", () => {
  const a = rows({ count: 300, seed: 42 });
  const b = rows({ count: 300, seed: 42 });
  const c = rows({ count: 300, seed: 43 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("the default mix reproduces the 2022 funnel: about 30 % complete", () => {
  const { complete, rejected } = funnel(rows({ count: 4000, seed: 2022 }));
  assert.ok(complete > 0.25 && complete < 0.36, `complete share ${complete}`);
  assert.ok(rejected < 0.01, `rejected share ${rejected}`);
});

test("without defects every generated record is complete, old-structure ones included", () => {
  const sample = rows({ count: 1500, seed: 9, mix: CLEAN_MIX, oldShare: 0.5 });
  const old = sample.filter((r) => r.district_code !== "" || r.district !== "").length / sample.length;
  assert.ok(old > 0.35 && old < 0.6, `old-structure share ${old}`);
  assert.equal(funnel(sample).complete, 1);
});

test("points fall inside the declared commune and provinces follow --province", () => {
  const sample = rows({ count: 400, seed: 3, mix: CLEAN_MIX, oldShare: 0, provinces: ["48"] });
  for (const row of sample) {
    assert.equal(row.province_code === "" ? "48" : row.province_code, "48");
    const at = boundaries.locate(Number(row.lat), Number(row.lon), 0);
    if (row.ward_code !== "")
      assert.equal(at?.code, row.ward_code, `${row.external_id} at ${row.lat},${row.lon}`);
  }
});

test("flats of a building share its point and have distinct flat numbers", () => {
  const sample = rows({ count: 3000, seed: 11, mix: CLEAN_MIX, provinces: ["79"] });
  const flats = sample.filter((r) => r.building !== "" && r.unit !== "");
  assert.ok(flats.length > 20, `only ${flats.length} flats`);
  const byPoint = new Map<string, Set<string>>();
  for (const f of flats) {
    const key = `${f.lat},${f.lon}`;
    const set = byPoint.get(key) ?? new Set();
    assert.ok(!set.has(f.unit), `flat ${f.unit} twice at ${key}`);
    set.add(f.unit);
    byPoint.set(key, set);
  }
  assert.ok([...byPoint.values()].some((s) => s.size > 1));
});

test("regional house-number styles appear where they belong", () => {
  const hanoi = rows({ count: 600, seed: 5, mix: CLEAN_MIX, provinces: ["01"] });
  const hcm = rows({ count: 600, seed: 5, mix: CLEAN_MIX, provinces: ["79"] });
  const danang = rows({ count: 600, seed: 5, mix: CLEAN_MIX, provinces: ["48"] });
  assert.ok(hanoi.some((r) => /^ngõ \d+ ngách \d+/.test(r.alley)));
  assert.ok(hcm.some((r) => /^\d+\/\d+\/\d+$/.test(r.house_number)));
  assert.ok(danang.some((r) => /^K\d+\/\d+/.test(r.house_number)));
  assert.ok(hcm.concat(hanoi).some((r) => /^(Ấp|Thôn|Xóm) /.test(r.hamlet)));
});

test("a defect mix is parsed over the default and bad entries are named", () => {
  assert.equal(parseDefectMix("duplicate=0").duplicate, 0);
  assert.equal(parseDefectMix("none").missingContact, 0);
  assert.throws(() => parseDefectMix("nosuch=0.1"), /unknown defect "nosuch"/);
  assert.throws(() => parseDefectMix("duplicate=2"), /\[0, 1\]/);
});

test("the weighted sampler follows its weights", () => {
  const sampler = new WeightedSampler(["a", "b"], [1, 3]);
  const random = new Random(1);
  let b = 0;
  for (let i = 0; i < 20_000; i++) if (sampler.sample(random) === "b") b++;
  assert.ok(Math.abs(b / 20_000 - 0.75) < 0.02, `b share ${b / 20_000}`);
});
