import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDegrees } from "../domain/degrees.js";
import fc from "fast-check";
import { RuleEngine } from "../rules/evaluate.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { DuplicateIndex } from "./dedupe.js";
import { CANONICAL_FIELDS, emptyRow, FIELD_MAX_LENGTH, type SurveyRow } from "./fields.js";
import { cleanSlowly } from "./clean-text.js";
import { parseAlleys, parseHamlet } from "../domain/parts.js";
import {
  CleaningNotes,
  cleanRow,
  duplicateKey,
  extraOf,
  mapRow,
  withoutSeparators,
} from "./map-row.js";
import { codeKey, UnitResolver } from "./resolve-units.js";
import { citizenIdDigits } from "../domain/personal-data.js";
import { PENDING_CITIZEN_ID_HASH } from "./encoded-rows.js";
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

/** Phường Sài Gòn (26740) and its label point: a row placed there lacks nothing but what a test leaves out. */
function inSaiGon(): Pick<SurveyRow, "ward_code" | "lat" | "lon"> {
  const p = boundaries.labelPoint("26740")!;
  return { ward_code: "26740", lat: String(p.lat), lon: String(p.lon) };
}

test("cleanRow gives every canonical field, in order, cleaned", () => {
  const raw: Record<string, unknown> = { extra_col: " x ", lat: 10.5, street: " Lê  Lợi ", kind: undefined };
  for (const [i, f] of CANONICAL_FIELDS.entries()) if (!(f in raw)) raw[f] = i % 2 ? ` v${i} ` : `v${i}`;
  const notes = new CleaningNotes();
  const row = cleanRow(raw, notes);
  assert.deepEqual(Object.keys(row), [...CANONICAL_FIELDS]);
  for (const f of CANONICAL_FIELDS) assert.equal(row[f], cleanSlowly(String(raw[f] ?? ""), new CleaningNotes(), f), f);
  assert.equal(notes.refusal, null);
});

test("a field over its limit rejects the row as too_long, naming the field, its length and the limit", () => {
  const notes = new CleaningNotes();
  const raw = { ...row({ ward_code: "26740" }), street: "A".repeat(3_000_000), owner_name: "B".repeat(201) };
  const mapped = mapRow(cleanRow(raw, notes), ctx(), extraOf(raw, notes), notes);
  assert.deepEqual(mapped, {
    ok: false,
    reason: "too_long",
    message: "street holds 3,000,000 characters, at most 200 (trường street quá dài)",
  });
  const refusal = (raw: Record<string, unknown>) => {
    cleanRow(raw, notes);
    return notes.refusal?.reason ?? null;
  };
  for (const field of CANONICAL_FIELDS) {
    const at = { ...row({ ward_code: "26740" }), [field]: "1".repeat(FIELD_MAX_LENGTH[field]) };
    assert.equal(refusal(at), null, `${field} at its limit`);
    assert.equal(refusal({ ...at, [field]: `${at[field]}1` }), "too_long", `${field} over its limit`);
  }
});

test("extra columns beyond the store's limits reject the row, naming the column", () => {
  const base = row({ ward_code: "26740" });
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ note: "x".repeat(1001) }, "too_long", /^extra column "note" holds 1,001 characters, at most 1,000/],
    [{ ["n".repeat(65)]: "x" }, "invalid_value", /^extra column name "n{65}" must have 1–64 characters/],
    [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, "x"])), "invalid_value", /^more than 50 extra columns/],
    [{ note: "a\u202eb" }, "invalid_text", /^extra column "note": character 2 is U\+202E/],
  ];
  for (const [extra, reason, message] of cases) {
    const notes = new CleaningNotes();
    const raw = { ...base, ...extra };
    const mapped = mapRow(cleanRow(raw, notes), ctx(), extraOf(raw, notes), notes);
    assert.ok(!mapped.ok && mapped.reason === reason, JSON.stringify(mapped));
    assert.match(mapped.message, message);
  }
});

test("a forbidden character rejects the row as invalid_text; emoji are removed with a warning naming the fields", () => {
  const notes = new CleaningNotes();
  const bad = { ...row({ ward_code: "26740" }), street: "Lê\u0000 Lợi" };
  const refused = mapRow(cleanRow(bad, notes), ctx(), null, notes);
  assert.deepEqual(pick(refused), "invalid_text");
  assert.match(!refused.ok ? refused.message : "", /^street: character 3 is U\+0000, a control character/);

  const emoji = row({ ...inSaiGon(), name: "Nhà thuốc 💊 Minh Anh", street: "Lê Lợi 🇻🇳" });
  const mapped = mapRow(cleanRow(emoji, notes), ctx(), null, notes);
  assert.ok(mapped.ok);
  assert.equal(mapped.row.data.name, "Nhà thuốc Minh Anh");
  assert.equal(mapped.row.data.parts.street, "Lê Lợi");
  assert.deepEqual(
    mapped.row.issues?.map((i) => [i.rule, i.severity, i.message]),
    [["text.pictographs", "warning", "emoji or pictographs removed from name,street (đã bỏ biểu tượng (emoji) khỏi name,street)"]],
  );
  assert.equal(mapped.complete, true);
});

test("coordinates are plain decimal numbers: no hex, exponent, Infinity or spaces inside", () => {
  for (const [text, value] of [
    ["10.776543", 10.776543],
    ["106,700981", 106.700981],
    ["-8.5", -8.5],
    ["+21", 21],
    ["105", 105],
    ["0.0", 0],
  ] as const)
    assert.equal(parseDegrees(text), value, text);
  for (const text of ["0x15", "0x69", "2.1e1", "1e2", "Infinity", "-Infinity", "NaN", "1 0.5", "10.", ".5", "1.2.3", "0b101", "0o25", "١٠", "10,5,1", "+-1", ""])
    assert.ok(Number.isNaN(parseDegrees(text)), text);

  const hex = mapRow(row({ lat: "0x15", lon: "0x69" }), ctx());
  assert.deepEqual(hex, {
    ok: false,
    reason: "invalid_value",
    message: 'lat "0x15" is not a decimal number of degrees such as 10.776543 (tọa độ phải là số thập phân)',
  });
  assert.deepEqual(pick(mapRow(row({ ward_code: "26740", lat: "21.0287", lon: "1.05e2" }), ctx())), "invalid_value");
  const comma = mapRow(row({ ward_code: "26740", lat: "10,7769", lon: "106,7009" }), ctx());
  assert.ok(comma.ok);
  assert.deepEqual([comma.row.data.location.lat, comma.row.data.location.lon], [10.7769, 106.7009]);
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

test("without a key the owner holds a placeholder of the hash's length and the row hands the digits on, and nothing else changes", () => {
  const survey = row({ ward_code: "26740", owner_citizen_id: "079 203 001 234", lat: "10.7769", lon: "106.7009" });
  const hashed = mapRow(survey, ctx());
  const deferred = mapRow(survey, { ...ctx(), piiKey: null });
  assert.ok(hashed.ok && deferred.ok);
  assert.equal(hashed.pendingCitizenId, null);
  assert.equal(deferred.pendingCitizenId, "079203001234");
  assert.equal(deferred.row.data.owner?.citizenIdHash, PENDING_CITIZEN_ID_HASH);
  assert.equal(PENDING_CITIZEN_ID_HASH.length, hashed.row.data.owner?.citizenIdHash?.length);
  assert.ok(!JSON.stringify(deferred.row).includes("079203001234"), "the digits are not in the row itself");
  const withoutHash = (m: typeof hashed) => ({ ...m, row: { ...m.row, data: { ...m.row.data, owner: { ...m.row.data.owner, citizenIdHash: "" } } }, pendingCitizenId: null });
  assert.deepEqual(withoutHash(deferred), withoutHash(hashed));
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

test("with provinces given, a row the importer places elsewhere — by its units or by its point alone — is rejected as outside_provinces", () => {
  const onlyHanoi = { ...ctx(), provinces: ["01"] };
  const inHanoi = mapRow(row({ ward: "Phường Ba Đình", province: "Hà Nội", lat: "21.0412", lon: "105.8394" }), onlyHanoi);
  assert.ok(inHanoi.ok, JSON.stringify(inHanoi));
  const bySaigonUnits = mapRow(row({ ward: "Phường Sài Gòn", province: "Hồ Chí Minh" }), onlyHanoi);
  assert.ok(!bySaigonUnits.ok);
  assert.equal(bySaigonUnits.reason, "outside_provinces");
  assert.match(bySaigonUnits.message, /province 79 .*: 01/);
  // No units written: the point alone places it, and the province is the point's.
  const byPoint = mapRow(row({ ward: "", district: "", province: "", lat: "10.7725", lon: "106.6980" }), onlyHanoi);
  assert.ok(!byPoint.ok && byPoint.reason === "outside_provinces", JSON.stringify(byPoint));
  // Without provinces, the same rows import.
  assert.ok(mapRow(row({ ward: "Phường Sài Gòn", province: "Hồ Chí Minh" }), ctx()).ok);
});

test("a phone or citizen ID a spreadsheet stored as a number gets its leading zeros back, with a warning naming the fields", () => {
  const at = inSaiGon();
  const mapped = mapRow(row({ ...at, owner_phone: "912345678", owner_citizen_id: "79203001234" }), ctx());
  assert.ok(mapped.ok);
  assert.equal(mapped.row.data.owner?.phone, "0912345678");
  const direct = mapRow(row({ ...at, owner_phone: "0912345678", owner_citizen_id: "079203001234" }), ctx());
  assert.ok(direct.ok);
  assert.equal(mapped.row.data.owner?.citizenIdHash, direct.row.data.owner?.citizenIdHash);
  assert.ok(mapped.row.data.owner?.citizenIdHash?.startsWith("h1:"));
  assert.deepEqual(
    mapped.row.issues?.map((i) => [i.rule, i.severity, i.message]),
    [["owner.leading_zero", "warning", "leading zero a spreadsheet dropped given back in owner_phone,owner_citizen_id (đã thêm lại số 0 đầu mà bảng tính bỏ mất ở owner_phone,owner_citizen_id)"]],
  );
  assert.equal(mapped.complete, direct.complete);
  // "001…" (Hà Nội) loses two zeros; a landline its 0; nothing else is padded: a number of another
  // length, one whose padding makes no birthplace code, one written with its zero or +84.
  const twoZeros = mapRow(row({ ...at, owner_phone: "2438251234", owner_citizen_id: "1203001234" }), ctx());
  assert.ok(twoZeros.ok);
  assert.equal(twoZeros.row.data.owner?.phone, "02438251234");
  const padded = mapRow(row({ ...at, owner_phone: "02438251234", owner_citizen_id: "001203001234" }), ctx());
  assert.ok(padded.ok);
  assert.equal(twoZeros.row.data.owner?.citizenIdHash, padded.row.data.owner?.citizenIdHash);
  for (const [phone, id] of [["+84912345678", "99203001234"], ["12345678", "1234567890123"], ["0912345678", "079203001234"]]) {
    const kept = mapRow(row({ ...at, owner_phone: phone, owner_citizen_id: id }), ctx());
    assert.ok(kept.ok);
    assert.ok(!kept.row.issues?.some((i) => i.rule === "owner.leading_zero"), `${phone} ${id}`);
  }
});

test("a kind written as Vietnamese survey sheets write it, in any case and without diacritics, is the kind it names", () => {
  const at = { ...inSaiGon(), name: "Cửa hàng Minh Anh" };
  for (const [written, kind] of [
    ["Hộ gia đình", "household"],
    ["HGĐ", "household"],
    ["ho gia dinh", "household"],
    ["Doanh nghiệp", "business"],
    ["Hộ kinh doanh", "business"],
    ["Tổ chức", "organisation"],
    ["organization", "organisation"],
    ["Cơ quan", "agency"],
    ["AGENCY", "agency"],
    ["", "household"],
  ]) {
    const mapped = mapRow(row({ ...at, kind: written }), ctx());
    assert.ok(mapped.ok, written);
    assert.equal(mapped.row.data.kind, kind, written);
  }
  const refused = mapRow(row({ ...at, kind: "lâu đài" }), ctx());
  assert.ok(!refused.ok);
  assert.match(refused.message, /unknown kind "lâu đài": household, .*hộ gia đình/);
});

test("a phone or citizen ID a spreadsheet wrote in scientific notation is named with a warning saying how to export it in full", () => {
  const at = inSaiGon();
  const mapped = mapRow(row({ ...at, owner_phone: "9.12346E+08", owner_citizen_id: "7,92031E+10" }), ctx());
  assert.ok(mapped.ok);
  const warning = mapped.row.issues?.find((i) => i.rule === "owner.scientific_notation");
  assert.equal(warning?.severity, "warning");
  assert.match(warning?.message ?? "", /owner_phone,owner_citizen_id in scientific notation .*format the column as text/);
  // The phone is no phone: the record is incomplete by owner.phone, and no ID hash is made of the digits left.
  assert.ok(mapped.row.issues?.some((i) => i.rule === "owner.phone"));
  assert.equal(mapped.row.data.owner?.citizenIdHash, undefined);
  // Written in full, nothing is said.
  const full = mapRow(row({ ...at, owner_phone: "0912346000", owner_citizen_id: "079203100000" }), ctx());
  assert.ok(full.ok);
  assert.ok(!full.row.issues?.some((i) => i.rule === "owner.scientific_notation"));
});
