import assert from "node:assert/strict";
import { test } from "node:test";
import { RuleEngine } from "../rules/evaluate.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { CsvSplitter, type CsvRecord } from "./csv.js";
import { DuplicateIndex } from "./dedupe.js";
import { emptyRow, type SurveyRow } from "./fields.js";
import { cleanText, mapRow, parseAlleys, parseHamlet } from "./map-row.js";
import { UnitResolver } from "./resolve-units.js";

const registry = loadRegistry();
const boundaries = loadBoundaries();
const ctx = () => ({
  resolver: new UnitResolver(registry),
  boundaries,
  rules: new RuleEngine(),
  piiKey: Buffer.alloc(32, 3),
  duplicates: new DuplicateIndex(),
});

function row(fields: Partial<SurveyRow>): SurveyRow {
  return {
    ...emptyRow(),
    external_id: "x1",
    kind: "household",
    house_number: "12",
    street: "Lê Lợi",
    owner_phone: "0912345678",
    ...fields,
  };
}

test("text is trimmed, whitespace collapsed and accents composed", () => {
  assert.equal(cleanText("  Nguyễn\t Văn  A "), "Nguyễn Văn A");
  assert.equal(cleanText("Nguyễn".normalize("NFD")), "Nguyễn");
  assert.equal(cleanText(10.5), "10.5");
});

test("alley chains and hamlets are read into parts", () => {
  assert.deepEqual(parseAlleys("ngõ 10 ngách 2"), [
    { type: "ngõ", number: "10" },
    { type: "ngách", number: "2" },
  ]);
  assert.equal(parseAlleys("ngõ Huế"), null);
  assert.deepEqual(parseHamlet("Ấp 3"), { type: "ấp", name: "3" });
  assert.deepEqual(parseHamlet("Tổ dân phố 5"), { type: "tổ dân phố", name: "5" });
});

test("an old ward split in two goes to the new commune that holds the point", () => {
  // Phường Tràng Tiền (Hoàn Kiếm, Hà Nội) was split; find a split old ward and test each target.
  const split = registry
    .list("old", "ward")
    .find(
      (w) =>
        registry.convertOld(w.code).to.length === 2 &&
        registry.convertOld(w.code).to.every((t) => boundaries.has(t.unit.code)),
    )!;
  const { to } = registry.convertOld(split.code);
  for (const target of to) {
    const p = boundaries.labelPoint(target.unit.code)!;
    const mapped = mapRow(
      row({
        ward_code: split.code,
        district_code: split.districtCode!,
        province_code: split.provinceCode,
        lat: String(p.lat),
        lon: String(p.lon),
      }),
      ctx(),
    );
    assert.ok(mapped.ok);
    assert.equal(mapped.row.data.new.commune, target.unit.code);
    assert.deepEqual(mapped.row.data.old, {
      province: split.provinceCode,
      district: split.districtCode,
      ward: split.code,
    });
    assert.equal(mapped.complete, true, JSON.stringify(mapped.findings));
  }
});

test("units given by name in either structure and any spelling resolve", () => {
  const p = boundaries.labelPoint("26740");
  const byNewName = mapRow(
    row({ ward: "Phường Sài Gòn", province: "TP HCM", lat: String(p!.lat), lon: String(p!.lon) }),
    ctx(),
  );
  assert.ok(byNewName.ok);
  assert.equal(byNewName.row.data.new.commune, "26740");
  const byOldName = mapRow(
    row({
      ward: "P. Ben Nghe",
      district: "Quận 1",
      province: "Hồ Chí Minh",
      lat: String(p!.lat),
      lon: String(p!.lon),
    }),
    ctx(),
  );
  assert.ok(byOldName.ok);
  assert.equal(byOldName.row.data.new.commune, "26740");
  assert.equal(byOldName.row.data.old?.ward, "26740");
});

test("a record without coordinates is placed at its commune's centroid and is incomplete", () => {
  const mapped = mapRow(row({ ward_code: "26740", province_code: "79" }), ctx());
  assert.ok(mapped.ok);
  assert.equal(mapped.row.data.location.source, "centroid");
  assert.deepEqual(
    mapped.row.issues?.map((i) => i.rule),
    ["location.present"],
  );
});

test("rows that cannot become a record are rejected with a reason", () => {
  const c = ctx();
  assert.deepEqual(pick(mapRow(row({ external_id: "" }), c)), "missing_external_id");
  assert.deepEqual(pick(mapRow(row({ kind: "castle", ward_code: "26740" }), c)), "unknown_kind");
  assert.deepEqual(pick(mapRow(row({ ward_code: "99999" }), c)), "no_location");
});

test("the citizen ID is stored only as a keyed hash", () => {
  const mapped = mapRow(
    row({ ward_code: "26740", owner_citizen_id: "079203001234", lat: "10.7769", lon: "106.7009" }),
    ctx(),
  );
  assert.ok(mapped.ok);
  assert.match(mapped.row.data.owner?.citizenIdHash ?? "", /^h1:/);
  assert.ok(!JSON.stringify(mapped.row).includes("079203001234"));
});

test("the CSV splitter handles quotes, doubled quotes, line breaks in quotes and chunk borders", () => {
  const text = 'a,b,c\n1,"x, y",3\n2,"say ""hi""",4\r\n3,"two\nlines",5\n4,,';
  for (const cut of [1, 7, 13, 20, 30, text.length]) {
    const splitter = new CsvSplitter();
    const out: CsvRecord[] = [];
    splitter.push(text.slice(0, cut), out);
    splitter.push(text.slice(cut), out);
    splitter.end(out);
    assert.deepEqual(
      out.map((r) => r.fields),
      [
        ["a", "b", "c"],
        ["1", "x, y", "3"],
        ["2", 'say "hi"', "4"],
        ["3", "two\nlines", "5"],
        ["4", "", ""],
      ],
      `cut at ${cut}`,
    );
    assert.deepEqual(
      out.map((r) => r.line),
      [1, 2, 3, 4, 6],
    );
  }
});

function pick(m: ReturnType<typeof mapRow>): string {
  return m.ok ? "ok" : m.reason;
}
