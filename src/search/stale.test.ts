/**
 * The base's stale records asked record by record: the same answers as the set of stale codes,
 * whatever the codes' hashes share.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Random } from "../common/random.js";
import { stringColumnOf } from "./columns.js";
import { StaleRecords } from "./stale.js";

const SYMBOLS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

function codesOf(count: number, random: Random): string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    let code = "";
    const length = random.int(10, 14);
    for (let k = 0; k < length; k++) code += SYMBOLS[random.int(0, SYMBOLS.length - 1)];
    codes.push(code);
  }
  return codes;
}

test("a record is stale exactly when its code is in the set, with more stale codes than the filter keeps apart", () => {
  const random = new Random(24);
  const codes = codesOf(60_000, random);
  // Half the codes stale: their hashes cover much of the filter, so many fresh codes share a
  // stale code's bit and are told apart only by the set.
  const stale = new Set(codes.filter(() => random.int(0, 1) === 0));
  stale.add("NOT-IN-THE-COLUMN");
  const records = new StaleRecords(stringColumnOf(codes), stale);
  assert.equal(records.size, stale.size);
  let found = 0;
  for (let r = 0; r < codes.length; r++) {
    assert.equal(records.has(r), stale.has(codes[r]), `record ${r} (${codes[r]})`);
    if (records.has(r)) found++;
  }
  assert.equal(found, stale.size - 1);
});

test("no stale codes: no record is stale; codes written in other scripts are compared as written", () => {
  const codes = ["Hà Nội 1", "Hà Nội 2", "HA NOI 1", ""];
  assert.ok(codes.every((_, r) => !new StaleRecords(stringColumnOf(codes), new Set()).has(r)));
  const records = new StaleRecords(stringColumnOf(codes), new Set(["Hà Nội 1", ""]));
  assert.deepEqual(
    codes.map((_, r) => records.has(r)),
    [true, false, false, true],
  );
});
