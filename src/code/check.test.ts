/**
 * The check-character proof, run: every single substitution and every adjacent transposition is
 * detected. The exhaustive tests go over every position and every ordered pair of symbols that can
 * occupy it (the scheme is linear, so the context of the other symbols cannot matter; the random
 * sample below checks that on real codes too).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { CHECK_MODULUS, CHECK_WEIGHT, checkState, checkValueFor } from "./check.js";
import {
  ALPHABET,
  BASE_LENGTH,
  LOCATION_LENGTH,
  LOCATION_SYMBOLS,
  VN_GRID,
  encode,
  isValid,
} from "./index.js";
import { Random } from "../common/random.js";

const random = new Random(1);
const randomLocation = (): number[] =>
  Array.from({ length: LOCATION_LENGTH }, () => Math.floor(random.next() * LOCATION_SYMBOLS.length));
/** A valid base code from location values, the check character appended. */
function codeOf(location: number[]): string {
  const check = checkValueFor(checkState(location, 0, location.length));
  return [...location, check].map((v) => ALPHABET[v]).join("");
}
const replaceAt = (s: string, i: number, ch: string) => s.slice(0, i) + ch + s.slice(i + 1);
const swapAt = (s: string, i: number) => s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);

test("the modulus is prime, the weight a primitive root, and 5 − 1, 5² − 1, 5 + 1 are non-zero mod 23", () => {
  for (let d = 2; d * d <= CHECK_MODULUS; d++) assert.notEqual(CHECK_MODULUS % d, 0);
  const powers = new Set<number>();
  for (let k = 0, p = 1; k < CHECK_MODULUS - 1; k++, p = (p * CHECK_WEIGHT) % CHECK_MODULUS) powers.add(p);
  assert.equal(powers.size, CHECK_MODULUS - 1);
  for (const x of [CHECK_WEIGHT - 1, CHECK_WEIGHT * CHECK_WEIGHT - 1, CHECK_WEIGHT + 1])
    assert.notEqual(x % CHECK_MODULUS, 0);
});

test("every single substitution at every position, by every other symbol, is detected (exhaustive)", () => {
  let cases = 0;
  // Location positions: every location symbol a, replaced by every other symbol of the alphabet b.
  for (let i = 0; i < LOCATION_LENGTH; i++) {
    for (let a = 0; a < LOCATION_SYMBOLS.length; a++) {
      const location = randomLocation();
      location[i] = a;
      const code = codeOf(location);
      assert.ok(isValid(code));
      for (let b = 0; b < ALPHABET.length; b++) {
        if (b === a) continue;
        assert.ok(
          !isValid(replaceAt(code, i, ALPHABET[b])),
          `${code}: position ${i + 1} ${ALPHABET[a]}→${ALPHABET[b]}`,
        );
        cases++;
      }
    }
  }
  // The check position: every check value (all 23 occur) replaced by every other symbol.
  const seen = new Set<number>();
  while (seen.size < CHECK_MODULUS) {
    const code = codeOf(randomLocation());
    const a = ALPHABET.indexOf(code[LOCATION_LENGTH]);
    if (seen.has(a)) continue;
    seen.add(a);
    for (let b = 0; b < ALPHABET.length; b++) {
      if (b === a) continue;
      assert.ok(
        !isValid(replaceAt(code, LOCATION_LENGTH, ALPHABET[b])),
        `${code}: check ${ALPHABET[a]}→${ALPHABET[b]}`,
      );
      cases++;
    }
  }
  assert.equal(cases, LOCATION_LENGTH * 20 * 22 + 23 * 22);
});

test("every adjacent transposition of two different symbols is detected (exhaustive)", () => {
  let cases = 0;
  for (let i = 0; i + 1 < LOCATION_LENGTH; i++) {
    for (let a = 0; a < LOCATION_SYMBOLS.length; a++) {
      for (let b = 0; b < LOCATION_SYMBOLS.length; b++) {
        if (a === b) continue;
        const location = randomLocation();
        location[i] = a;
        location[i + 1] = b;
        const code = codeOf(location);
        assert.ok(!isValid(swapAt(code, i)), `${code}: swap at ${i + 1}`);
        cases++;
      }
    }
  }
  // The last location symbol and the check character: find a code for every (a, check) pair.
  const pairs = new Map<string, string>();
  for (let tries = 0; pairs.size < 20 * 22 && tries < 1e6; tries++) {
    const code = codeOf(randomLocation());
    const key = code.slice(LOCATION_LENGTH - 1);
    if (key[0] !== key[1] && !pairs.has(key)) pairs.set(key, code);
  }
  assert.equal(pairs.size, 20 * 22, "every (location symbol, different check symbol) pair");
  for (const code of pairs.values()) {
    assert.ok(!isValid(swapAt(code, LOCATION_LENGTH - 1)), `${code}: swap of the check character`);
    cases++;
  }
  assert.equal(cases, (LOCATION_LENGTH - 1) * 20 * 19 + 20 * 22);
});

test("a large random sample of real codes detects every substitution and adjacent transposition", () => {
  const point = fc.tuple(
    fc.double({ min: VN_GRID.south, max: VN_GRID.north, noNaN: true }),
    fc.double({ min: VN_GRID.west, max: VN_GRID.east, noNaN: true }),
  );
  const unit = fc.option(fc.integer({ min: 1, max: 159_999 }), { nil: undefined });
  fc.assert(
    fc.property(point, unit, fc.nat(), fc.nat({ max: ALPHABET.length - 1 }), ([lat, lon], u, at, symbol) => {
      const code = encode(lat, lon, u);
      const i = at % code.length;
      const substituted = replaceAt(code, i, ALPHABET[symbol]);
      if (substituted !== code && isValid(substituted)) return false;
      const j = at % (code.length - 1);
      return code[j] === code[j + 1] || !isValid(swapAt(code, j));
    }),
    { numRuns: 100_000 },
  );
});

test("a transposition across the base check character and the unit suffix is detected", () => {
  for (let k = 0; k < 2000; k++) {
    const code = encode(5 + 20 * random.next(), 102 + 16 * random.next(), 1 + Math.floor(random.next() * 159_999));
    if (code[BASE_LENGTH - 1] !== code[BASE_LENGTH]) assert.ok(!isValid(swapAt(code, BASE_LENGTH - 1)), code);
  }
});
