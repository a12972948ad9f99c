import assert from "node:assert/strict";
import { test } from "node:test";
import type { AddressData } from "../domain/record.js";
import { blockingIssues, formatMessage, RuleEngine, recordIssues, ruleTitle } from "./evaluate.js";
import type { RecordFacts } from "./facts.js";
import { RECORD_SCOPE_RULES, RULES, SURVEY_ROW_RULES } from "./ruleset.js";

const engine = new RuleEngine();

/** A complete household: every rule passes. */
function good(overrides: Partial<RecordFacts> = {}): RecordFacts {
  return {
    kind: "household",
    name: null,
    parts: { houseNumber: "12", street: "Lê Lợi" },
    invalidHouseNumber: null,
    pointGiven: true,
    pointInVietnam: true,
    pointSwapped: false,
    accuracyM: null,
    pointCommune: "26734",
    declaredCommunes: ["26734"],
    unitProblem: null,
    phone: "0912345678",
    email: "",
    citizenId: "079203001234",
    duplicate: false,
    pictographsRemoved: null,
    leadingZerosRestored: null,
    scientificNotation: null,
    ...overrides,
  };
}

const failing = (facts: RecordFacts) => engine.evaluate(facts).map((f) => f.rule);

test("a complete record breaks no rule", () => {
  assert.deepEqual(engine.evaluate(good()), []);
});

test("every rule has an id, a severity and messages in Vietnamese and English", () => {
  for (const rule of RULES) {
    assert.match(rule.id, /^[a-z]+\.[a-z_]+$/);
    assert.ok(rule.severity === "error" || rule.severity === "warning");
    assert.ok(rule.message.vi.length > 5 && rule.message.en.length > 5, rule.id);
  }
});

test("every rule says what its check needs; validate keeps the findings of those that need the survey row", () => {
  for (const rule of RULES) assert.ok(["record", "boundaries", "store", "survey-row"].includes(rule.scope), rule.id);
  assert.deepEqual(
    [...SURVEY_ROW_RULES].sort(),
    [
      "location.in_vietnam",
      "owner.citizen_id",
      "owner.leading_zero",
      "owner.scientific_notation",
      "parts.house_number",
      "text.pictographs",
      "units.current",
      "units.known",
    ],
  );
  assert.deepEqual(
    RECORD_SCOPE_RULES.map((r) => r.id),
    ["location.present", "location.accuracy", "parts.required", "owner.contact", "owner.phone", "owner.email"],
  );
});

test("location.accuracy: a point vaguer than 30 m fails, naming its accuracy; an unknown accuracy passes", () => {
  assert.deepEqual(failing(good({ accuracyM: 30 })), []);
  assert.deepEqual(failing(good({ accuracyM: null })), []);
  assert.deepEqual(engine.evaluate(good({ accuracyM: 80 })), [
    {
      rule: "location.accuracy",
      severity: "error",
      message: "location accuracy 80 m is worse than 30 m (độ chính xác tọa độ kém hơn 30 m)",
    },
  ]);
  const accuracy = RULES.find((r) => r.id === "location.accuracy")!;
  assert.deepEqual(ruleTitle(accuracy), { vi: "độ chính xác tọa độ kém hơn 30 m", en: "location accuracy worse than 30 m" });
  assert.deepEqual(ruleTitle(RULES.find((r) => r.id === "owner.phone")!), {
    vi: "số điện thoại không đúng định dạng",
    en: "phone number is not in a valid format",
  });
});

test("a record's content gets the findings of the record-scope rules: what the store keeps when a writer gives none", () => {
  const data: AddressData = {
    kind: "household",
    name: null,
    parts: { houseNumber: "12", street: "Phố Quán Thánh" },
    new: { province: "01", commune: "00004" },
    old: null,
    location: { lat: 21.0412, lon: 105.8394, accuracyM: 4, source: "survey-phone" },
    owner: { phone: "0912345678" },
  };
  assert.deepEqual(recordIssues(data), []);
  assert.deepEqual(
    recordIssues({ ...data, kind: "business", parts: {}, location: { ...data.location, accuracyM: 80, source: "centroid" }, owner: null }),
    [
      { rule: "location.present", message: "coordinates missing (thiếu tọa độ)" },
      { rule: "location.accuracy", message: "location accuracy 80 m is worse than 30 m (độ chính xác tọa độ kém hơn 30 m)" },
      { rule: "parts.required", message: "required part missing: name (thiếu thành phần bắt buộc: name)" },
      { rule: "owner.contact", message: "no owner phone or e-mail (thiếu số điện thoại hoặc e-mail của chủ hộ)" },
    ],
  );
  // Rules that need the survey row, the boundaries or the other records are not the store's to run.
  assert.deepEqual(recordIssues({ ...data, location: { lat: 0, lon: 0, accuracyM: null, source: "map" } }), []);
  assert.deepEqual(recordIssues({ ...data, owner: { phone: "0123" } }).map((i) => i.rule), ["owner.phone"]);
});

test("location.present: coordinates must be given", () => {
  assert.deepEqual(failing(good({ pointGiven: false, pointInVietnam: false, pointCommune: null })), [
    "location.present",
  ]);
});

test("location.in_vietnam: a point outside every commune fails, and a swap is hinted", () => {
  const findings = engine.evaluate(good({ pointInVietnam: false, pointCommune: null, pointSwapped: true }));
  assert.deepEqual(
    findings.map((f) => f.rule),
    ["location.in_vietnam"],
  );
  assert.match(findings[0].message, /swapped/);
  assert.match(findings[0].message, /ngoài lãnh thổ Việt Nam/);
});

test("location.in_commune: the point must lie in one of the declared communes", () => {
  assert.deepEqual(failing(good({ pointCommune: "26737" })), ["location.in_commune"]);
  assert.deepEqual(failing(good({ pointCommune: "26737", declaredCommunes: ["26734", "26737"] })), []);
});

test("units.known and units.current: unknown and retired unit codes fail", () => {
  assert.deepEqual(failing(good({ unitProblem: "unknown-code" })), ["units.known"]);
  assert.deepEqual(failing(good({ unitProblem: "unresolved-name" })), ["units.known"]);
  assert.deepEqual(failing(good({ unitProblem: "retired-code" })), ["units.current"]);
});

test("parts.required: a household needs a door and a way; a business needs a name", () => {
  assert.deepEqual(failing(good({ parts: { street: "Lê Lợi" } })), ["parts.required"]);
  assert.deepEqual(failing(good({ parts: { houseNumber: "12" } })), ["parts.required"]);
  assert.deepEqual(failing(good({ parts: { hamlet: { type: "thôn", name: "Đông" } } })), []);
  assert.deepEqual(failing(good({ kind: "business" })), ["parts.required"]);
  assert.deepEqual(failing(good({ kind: "business", name: "Nhà thuốc Minh Anh" })), []);
});

test("parts.house_number: an invalid house number fails with its value in the message", () => {
  const findings = engine.evaluate(
    good({ parts: { street: "Lê Lợi", building: "A" }, invalidHouseNumber: "12//4" }),
  );
  assert.deepEqual(
    findings.map((f) => f.rule),
    ["parts.house_number"],
  );
  assert.match(findings[0].message, /"12\/\/4"/);
});

test("owner.contact: a phone or an e-mail is needed", () => {
  assert.deepEqual(failing(good({ phone: "" })), ["owner.contact"]);
  assert.deepEqual(failing(good({ phone: "", email: "a@b.vn" })), []);
});

test("owner.phone: mobile and landline formats pass, retired and short numbers fail", () => {
  for (const phone of [
    "0912345678",
    "+84912345678",
    "0912 345 678",
    "0912.345.678",
    "02438251234",
    "0862123456",
  ]) {
    assert.deepEqual(failing(good({ phone })), [], phone);
  }
  for (const phone of ["01681234567", "091234567", "0951234567", "09123xxx78"]) {
    assert.deepEqual(failing(good({ phone })), ["owner.phone"], phone);
  }
});

test("owner.email: a malformed e-mail fails", () => {
  assert.deepEqual(failing(good({ email: "not-an-email" })), ["owner.email"]);
});

test("owner.citizen_id is a warning: bad IDs are reported but do not block completeness", () => {
  for (const citizenId of ["123456789", "09912345678901", "099203001234", "079903001234"]) {
    const findings = engine.evaluate(good({ citizenId }));
    assert.deepEqual(
      findings.map((f) => f.rule),
      ["owner.citizen_id"],
      citizenId,
    );
    assert.deepEqual(blockingIssues(findings), []);
  }
});

test("duplicate.number: a second record with the same number in the same street fails", () => {
  assert.deepEqual(failing(good({ duplicate: true })), ["duplicate.number"]);
});

test("text.pictographs is a warning naming the fields emoji were removed from", () => {
  const findings = engine.evaluate(good({ pictographsRemoved: "name,street" }));
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.message]),
    [["text.pictographs", "warning", "emoji or pictographs removed from name,street (đã bỏ biểu tượng (emoji) khỏi name,street)"]],
  );
  assert.deepEqual(blockingIssues(findings), []);
});

test("a rule naming an unknown check is refused when the engine is built", () => {
  assert.throws(
    () => new RuleEngine([{ id: "x.y", severity: "error", scope: "record", check: "nope", message: { vi: "x", en: "x" } }]),
    /unknown check "nope"/,
  );
});

test("findings carry formatMessage's text, remembered or not", () => {
  const fresh = () => new RuleEngine();
  const cases: Partial<RecordFacts>[] = [
    { phone: "", email: "" },
    { invalidHouseNumber: "nhà  ông Ba" },
    { invalidHouseNumber: "" },
    { pointCommune: "00004" },
    { phone: "123", email: "a@b" },
    { unitProblem: "unknown-code", pointGiven: false, pointInVietnam: false, pointCommune: null },
  ];
  const remembering = fresh();
  for (let round = 0; round < 3; round++)
    for (const c of cases) {
      const findings = remembering.evaluate(good(c));
      assert.ok(findings.length > 0, JSON.stringify(c));
      for (const f of findings) {
        const rule = RULES.find((r) => r.id === f.rule)!;
        assert.ok(
          [formatMessage(rule, "")]
            .concat(Object.values(c).map(String))
            .some((v) => f.message === formatMessage(rule, v)) ||
            f.message === formatMessage(rule, "(lat/lon swapped?)"),
          `${f.rule}: ${f.message}`,
        );
      }
      assert.deepEqual(findings, fresh().evaluate(good(c)), JSON.stringify(c));
    }
});
