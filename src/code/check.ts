/**
 * The check character: a weighted sum modulo the prime 23, computed by Horner's rule.
 *
 * For symbol values v_0 … v_{n-1} (the last one being the check character) the string is valid when
 *   S = Σ v_i · 5^(n-1-i) ≡ 0 (mod 23).
 * Why this detects every single substitution and every adjacent transposition (docs/code-spec.md
 * gives the proof in full): 23 is prime, so Z/23 is a field; a substitution a→b at position i
 * changes S by 5^k·(b−a), a product of two non-zero elements, hence non-zero; swapping neighbours
 * a,b changes S by 5^k·(5−1)·(b−a), again a product of non-zero elements. Symbol values are all
 * below 23, so distinct symbols are distinct residues. 5 is a primitive root mod 23, so the weights
 * of the first 22 positions are all different, which also catches jump transpositions (5² ≢ 1) and
 * twin errors (5 ≢ −1).
 */

/** The modulus: a prime, and the size of the full alphabet. */
export const CHECK_MODULUS = 23;
/** Horner multiplier: a primitive root modulo 23. */
export const CHECK_WEIGHT = 5;

/** Horner state after absorbing `values[from..to)`, starting from 0. Valid strings end in state 0. */
export function checkState(values: ArrayLike<number>, from: number, to: number): number {
  let r = 0;
  for (let i = from; i < to; i++) r = (r * CHECK_WEIGHT + values[i]) % CHECK_MODULUS;
  return r;
}

/** The check value that, appended after a string whose Horner state is `state`, makes it valid. */
export function checkValueFor(state: number): number {
  return (CHECK_MODULUS - ((state * CHECK_WEIGHT) % CHECK_MODULUS)) % CHECK_MODULUS;
}
