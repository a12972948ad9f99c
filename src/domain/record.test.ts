import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "./errors.js";
import { registerAddressKind } from "./kinds.js";
import { canonicalJson, diffFields, normaliseAddressData } from "./record.js";

const input = {
  kind: "business",
  name: "  Phở Thìn ",
  parts: { street: "Phố Lò Đúc", houseNumber: "số 13", alleys: [{ type: "Ngõ", number: 5 }], hamlet: null },
  new: { province: 1, commune: "00004" },
  location: { lat: 21.0172, lon: 105.8575, accuracyM: 5, source: "survey-gnss" },
  owner: { name: "Nguyễn Thìn", phone: "091 234 5678", email: "Thin@Example.vn" },
};

test("normalises writer input: trimmed text, padded unit codes, house and alley numbers, fixed key order", () => {
  const data = normaliseAddressData(input);
  assert.equal(data.name, "Phở Thìn");
  assert.deepEqual(data.new, { province: "01", commune: "00004" });
  assert.deepEqual(data.parts, { houseNumber: "13", alleys: [{ type: "ngõ", number: "5" }], street: "Phố Lò Đúc" });
  assert.deepEqual(Object.keys(data.parts), ["houseNumber", "alleys", "street"]);
  assert.deepEqual(data.owner, { name: "Nguyễn Thìn", phone: "0912345678", email: "thin@example.vn" });
  assert.equal(data.old, null);
});

test("extra source attributes become sorted texts, empty ones dropped", () => {
  const data = normaliseAddressData({ ...input, extra: { z: 1, a: "x", empty: "" } });
  assert.deepEqual(data.extra, { a: "x", z: "1" });
  assert.deepEqual(Object.keys(data.extra!), ["a", "z"]);
  assert.equal("extra" in normaliseAddressData({ ...input, extra: { empty: "" } }), false);
  assert.throws(() => normaliseAddressData({ ...input, extra: { a: { b: 1 } } }), /extra\.a: must be text/);
});

test("names the field and the value of bad input", () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ kind: "castle" }, /^kind: must be one of household/],
    [{ new: { province: "1a", commune: "00004" } }, /^new\.province: must be a 2-digit unit code, got "1a"/],
    [{ location: { lat: 48.85, lon: 2.35 } }, /^location: is outside Vietnam, got \[48\.85,2\.35\]/],
    [{ parts: { alleys: [{ type: "phố", number: "3" }] } }, /^parts\.alleys\[0\]\.type: must be one of ngõ/],
    [{ parts: { colour: "red" } }, /^parts\.colour: unknown part/],
    [{ owner: { email: "not-mail" } }, /^owner\.email: not an e-mail address/],
  ];
  for (const [patch, message] of bad) {
    assert.throws(() => normaliseAddressData({ ...input, ...patch }), (error: unknown) => error instanceof ValidationError && message.test(error.message), String(message));
  }
});

test("kinds are extendable at start-up with lowercase hyphenated names", () => {
  assert.throws(() => normaliseAddressData({ ...input, kind: "health-facility" }), ValidationError);
  registerAddressKind("health-facility");
  assert.equal(normaliseAddressData({ ...input, kind: "health-facility" }).kind, "health-facility");
  assert.throws(() => registerAddressKind("Health Facility"), /lowercase/);
});

test("diffs list only fields whose content differs, ignoring key order", () => {
  const a = { name: "x", parts: { street: "S", houseNumber: "1" } };
  const b = { name: "x", parts: { houseNumber: "1", street: "S" }, owner: null };
  assert.deepEqual(diffFields(a, b, ["name", "parts", "owner"]), {});
  assert.deepEqual(diffFields(a, { ...b, name: "y" }, ["name", "parts"]), { name: ["x", "y"] });
  assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
});
