/**
 * "Did you mean": the valid codes one edit away from an invalid input. An edit is the substitution,
 * deletion or insertion of one symbol, or the swap of two neighbours (Damerau–Levenshtein distance 1).
 * Because the check character pins down the last degree of freedom, each position admits at most one
 * substitution, so the list stays short (about ten). It costs a few hundred checks: microseconds.
 */
import { CHECK_MODULUS } from "./check.js";
import { ALPHABET, BASE_LENGTH, UNIT_MAX_DIGITS, isValidValues, normalise, symbolValue } from "./codec.js";

const MAX_LENGTH = BASE_LENGTH + UNIT_MAX_DIGITS + 1;

/**
 * Valid canonical codes at edit distance 1 from `input`, sorted, without duplicates. Characters
 * outside the alphabet (O, 0, I, 1, L …) count as wrong symbols. A valid input returns [].
 */
export function suggest(input: string): string[] {
  const chars = [...normalise(input)];
  const n = chars.length;
  if (n < BASE_LENGTH - 1 || n > MAX_LENGTH + 1) return [];
  const v = chars.map(symbolValue);
  if (isValidValues(v, n)) return [];
  const found = new Set<string>();
  const keep = (candidate: number[]) => {
    if (isValidValues(candidate, candidate.length)) found.add(candidate.map((x) => ALPHABET[x]).join(""));
  };
  for (let i = 0; i < n; i++) {
    const candidate = v.slice();
    for (let x = 0; x < CHECK_MODULUS; x++) {
      if (x === v[i]) continue;
      candidate[i] = x;
      keep(candidate);
    }
  }
  for (let i = 0; i + 1 < n; i++) {
    if (v[i] === v[i + 1] || v[i] < 0 || v[i + 1] < 0) continue;
    const candidate = v.slice();
    candidate[i] = v[i + 1];
    candidate[i + 1] = v[i];
    keep(candidate);
  }
  for (let i = 0; i < n; i++) keep([...v.slice(0, i), ...v.slice(i + 1)]);
  for (let i = 0; i <= n; i++) {
    for (let x = 0; x < CHECK_MODULUS; x++) keep([...v.slice(0, i), x, ...v.slice(i)]);
  }
  return [...found].sort();
}
