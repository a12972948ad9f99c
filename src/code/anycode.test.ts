import assert from "node:assert/strict";
import { test } from "node:test";
import { OpenLocationCode } from "open-location-code";
import { CodeError, encode, parseAnyCode } from "./index.js";

const olc = new OpenLocationCode();

test("our own codes parse to their cell, unit included", () => {
  const code = encode(21.0285, 105.8542, 3);
  const p = parseAnyCode(` ${code.toLowerCase()} `);
  assert.equal(p.format, "diachiso");
  assert.equal(p.code, code);
  assert.equal(p.unit, 3);
  assert.ok(p.bounds.south <= 21.0285 && 21.0285 < p.bounds.north);
});

test("a full Plus Code is decoded by open-location-code to its area", () => {
  const plus = olc.encode(21.0285, 105.8542, 11);
  const p = parseAnyCode(plus.toLowerCase());
  assert.equal(p.format, "plus-code");
  assert.equal(p.code, plus);
  // open-location-code 1.0.x rounds its bounds in floating point, so allow a nanodegree.
  assert.ok(p.bounds.south - 1e-9 <= 21.0285 && 21.0285 <= p.bounds.north + 1e-9);
  assert.ok(p.bounds.west - 1e-9 <= 105.8542 && 105.8542 <= p.bounds.east + 1e-9);
});

test("a Vpostcode with a full Plus Code keeps the postcode but locates by the Plus Code alone", () => {
  const plus = olc.encode(10.7725, 106.698, 10);
  const p = parseAnyCode(`70000 ${plus}`);
  assert.equal(p.format, "vpostcode");
  assert.equal(p.postcode, "70000");
  assert.ok(Math.abs(p.lat - 10.7725) < 1e-3 && Math.abs(p.lon - 106.698) < 1e-3);
});

test("a short Plus Code (a 12-character Vpostcode) needs a reference point and says why", () => {
  const full = olc.encode(21.0285, 105.8542, 10);
  const short = full.slice(4); // e.g. "2VH3+CM": the 7 characters of a Vpostcode
  const vpostcode = `10000${short}`;
  assert.equal(vpostcode.length, 12);
  assert.throws(
    () => parseAnyCode(vpostcode),
    (error: unknown) =>
      error instanceof CodeError && error.reason === "short-plus-code" && /postcode/.test(error.message),
  );
  const p = parseAnyCode(vpostcode, { near: { lat: 21, lon: 105.8 } });
  assert.equal(p.code, full);
  assert.equal(p.postcode, "10000");
});

test("malformed Plus Codes are rejected with their own reason", () => {
  for (const bad of ["ABCD+12", "12345 XX+Y", "7PH72VH3++CM", "7PH72VH3+C"]) {
    assert.throws(
      () => parseAnyCode(bad),
      (error: unknown) => error instanceof CodeError && error.reason === "plus-code",
      bad,
    );
  }
});
