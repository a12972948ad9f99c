import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RuleEngine } from "../rules/evaluate.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { CsvSplitter, type CsvRecord } from "./csv.js";
import { DuplicateIndex } from "./dedupe.js";
import { CANONICAL_FIELDS, emptyRow, type SurveyRow } from "./fields.js";
import {
  cleanRow,
  cleanText,
  duplicateKey,
  mapRow,
  NEEDS_WORK,
  needsCleaning,
  parseAlleys,
  parseHamlet,
  withoutSeparators,
} from "./map-row.js";
import { codeKey, UnitResolver } from "./resolve-units.js";
import { citizenIdDigits } from "../domain/personal-data.js";
import { normaliseParts } from "../domain/parts.js";

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

/** The cleaning as it was before the fast path: the reference the fast path must agree with. */
function slowClean(value: unknown): string {
  if (value === undefined || value === null) return "";
  const s = typeof value === "string" ? value : String(value);
  if (s === "" || !NEEDS_WORK.test(s)) return s;
  return s.normalize("NFC").replace(/\s+/g, " ").trim();
}

test("the cleaning fast path agrees with the regex on every character and on tricky text", () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const s of [ch, `a${ch}b`, `a${ch}`, `${ch}b`, `a${ch}${ch}b`, `a ${ch}b`])
      assert.equal(needsCleaning(s), NEEDS_WORK.test(s), `U+${c.toString(16)} in ${JSON.stringify(s)}`);
  }
  const tricky = [
    "",
    " ",
    "Nguyễn",
    "Nguyễn".normalize("NFD"),
    "Lê\tLợi",
    "Lê\u00a0Lợi",
    "Lê\u2003Lợi",
    " Lê Lợi",
    "Lê Lợi ",
    "Lê  Lợi",
    'say "hi", twice',
    "x\u0301",
    "\ufeffabc",
    "a\r\nb",
    "𝐀 𝐁",
  ];
  for (const s of tricky) {
    assert.equal(needsCleaning(s), NEEDS_WORK.test(s), JSON.stringify(s));
    assert.equal(cleanText(s), slowClean(s), JSON.stringify(s));
  }
  const alphabet = fc.constantFrom(
    ...' \t\n\r\u000b\u00a0\u2000\u3000\ufeffaZ9,"ễệ\u0300\u0301\u0323đ-'.split(""),
  );
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 12 }), (chars) => {
      const s = chars.join("");
      return needsCleaning(s) === NEEDS_WORK.test(s) && cleanText(s) === slowClean(s);
    }),
    { numRuns: 20_000 },
  );
});

test("cleanRow gives every canonical field, in order, cleaned", () => {
  const raw: Record<string, unknown> = { extra_col: " x ", lat: 10.5, street: " Lê  Lợi ", kind: undefined };
  for (const [i, f] of CANONICAL_FIELDS.entries()) if (!(f in raw)) raw[f] = i % 2 ? ` v${i} ` : `v${i}`;
  const row = cleanRow(raw);
  assert.deepEqual(Object.keys(row), [...CANONICAL_FIELDS]);
  for (const f of CANONICAL_FIELDS) assert.equal(row[f], slowClean(raw[f]), f);
});

test("separators are stripped from phones and citizen IDs as the regex strips them", () => {
  const alphabet = fc.constantFrom(..."0123456789 .-()+\t\u00a0\u2009x".split(""));
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 14 }), (chars) => {
      const s = chars.join("");
      const expected = s.replace(/[\s.-]/g, "");
      return withoutSeparators(s) === expected && citizenIdDigits(s) === expected;
    }),
    { numRuns: 5000 },
  );
});

test("unit-code cache keys are distinct for distinct codes, and only for digit codes", () => {
  const seen = new Map<number, string>();
  for (const ward of ["00004", "26740", "99999", "00000"])
    for (const district of ["", "000", "001", "760", "999"])
      for (const old of [false, true]) {
        const key = codeKey(ward, district, old);
        assert.ok(Number.isSafeInteger(key) && key >= 0);
        const name = `${ward}|${district}|${old}`;
        assert.equal(seen.get(key), undefined, `${name} and ${seen.get(key)}`);
        seen.set(key, name);
      }
  for (const [ward, district] of [
    ["2674", ""],
    ["267400", ""],
    ["2674a", ""],
    ["26740", "76"],
    ["26740", "7600"],
    ["26740", "76x"],
  ])
    assert.equal(codeKey(ward, district, false), -1, `${ward}|${district}`);
});

test("mapped parts have their keys in normaliseParts order, and the duplicate key of them", () => {
  const mapped = mapRow(
    row({
      ward_code: "26740",
      house_number: "12a",
      alley: "ngõ 4",
      street: "Phố Huế",
      hamlet: "Thôn Đông",
      building: "A",
      unit: "3",
    }),
    ctx(),
  );
  assert.ok(mapped.ok);
  const parts = mapped.row.data.parts;
  assert.deepEqual(Object.keys(parts), Object.keys(normaliseParts(parts)));
  assert.deepEqual(Object.keys(parts), ["houseNumber", "alleys", "street", "hamlet", "building", "flat"]);
  assert.equal(duplicateKey("26740", parts), "26740|pho hue|thon dong|ngõ4|12A||a|3");
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

test("units named with a '|' inside do not share a cache entry with other names", () => {
  // Both once had the cache key "Bến Nghé|Quận 1||Hồ Chí Minh": the second row got the first's units.
  const a = { ...row({}), ward: "Bến Nghé", district: "Quận 1|", province: "Hồ Chí Minh" };
  const b = { ...row({}), ward: "Bến Nghé|Quận 1", district: "", province: "Hồ Chí Minh" };
  const shared = new UnitResolver(registry);
  const first = shared.resolve(a);
  assert.deepEqual(shared.resolve(b), new UnitResolver(registry).resolve(b));
  assert.deepEqual(shared.resolve(a), first);
  assert.notDeepEqual(new UnitResolver(registry).resolve(a), new UnitResolver(registry).resolve(b));
});
