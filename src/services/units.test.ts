import assert from "node:assert/strict";
import { test } from "node:test";
import { UnknownUnitError } from "../units/registry.js";
import { CodeService } from "./codes.js";
import { ServiceError } from "./errors.js";
import { ParsingService } from "./parsing.js";
import { UnitService } from "./units.js";

const units = new UnitService();

test("a conversion by name needs one old ward: none is not-found, a shared name is ambiguous and lists each", () => {
  assert.deepEqual(
    units.convert("Phường Bến Nghé, Quận 1, TP HCM").to.map((t) => [t.unit.fullName, t.whole]),
    [["Phường Sài Gòn", true]],
  );
  assert.deepEqual(units.convert("26740").from.fullName, "Phường Bến Nghé");
  assert.throws(
    () => units.convert("zzzz qqq"),
    (e: unknown) =>
      e instanceof ServiceError && e.kind === "not-found" && e.message === 'no old ward matches "zzzz qqq"',
  );
  assert.throws(
    () => units.convert("Phường 1"),
    (e: unknown) =>
      e instanceof ServiceError &&
      e.kind === "ambiguous" &&
      /^"Phường 1" is ambiguous, add its district or province: .+; .+/.test(e.message),
  );
});

test("the rules a door cannot see in the registry: no new districts, a known --within, a point inside Vietnam", () => {
  assert.throws(
    () => units.list("new", "district"),
    (e: unknown) => e instanceof ServiceError && e.kind === "bad-request",
  );
  assert.throws(() => units.list("new", "ward", "999"), UnknownUnitError);
  assert.throws(
    () => units.lookup(" "),
    (e: unknown) => e instanceof ServiceError && e.kind === "bad-request",
  );
  assert.throws(
    () => units.lookup("ben nghe", { within: "999" }),
    (e: unknown) =>
      e instanceof ServiceError &&
      e.kind === "not-found" &&
      e.field === "within" &&
      e.message === 'unknown unit code "999"',
  );
  assert.throws(
    () => units.at(0, 0),
    (e: unknown) => e instanceof ServiceError && e.kind === "not-found",
  );
  assert.equal(units.at(10.7725, 106.698).new.province.code, "79");
  assert.deepEqual(
    units.show("79").map(({ unit }) => unit.structure),
    ["old", "new"],
    "a code both structures have, in each",
  );
  const saiGon = units.convert("26740").to[0].unit.code;
  assert.equal(units.boundary(saiGon).properties.full_name, "Phường Sài Gòn");
});

test("a code is checked with the valid codes one edit away as suggestions, and a point encodes to a cell that decodes back", () => {
  const codes = new CodeService();
  const cell = codes.encode(21.0287, 105.8524);
  assert.equal(cell.display, "2TT-PF3-CM6M");
  assert.equal(codes.decode(cell.display).code, cell.code);
  assert.deepEqual(codes.check("2ttpf3cm6m"), {
    valid: true,
    code: "2TTPF3CM6M",
    display: "2TT-PF3-CM6M",
    unit: null,
  });
  const typo = codes.check("2TTPF3CM6N");
  assert.equal(typo.valid, false);
  assert.ok(!typo.valid && typo.suggestions.includes("2TT-PF3-CM6M"));
});

test("the parsing service reads an address as people write it, in both structures", () => {
  const parsed = new ParsingService().parse("12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM");
  assert.equal(parsed.old?.ward?.name, "Đa Kao");
  assert.equal(parsed.new?.province?.code, "79");
});
