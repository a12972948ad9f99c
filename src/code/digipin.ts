/**
 * India Post's DIGIPIN expressed as parameters of our generic grid codec. It is here to prove the
 * grid machinery against a peer's published reference (test/fixtures/digipin/), not as a feature:
 * DIGIPIN has no check character and covers India, not Vietnam.
 */
import type { GridParams } from "./grid.js";

const DIGIPIN_SYMBOLS = "FC98J327K456LMPT"; // rows from the north: F C 9 8 / J 3 2 7 / K 4 5 6 / L M P T

/** DIGIPIN: box lat 2.5–38.5 N, lon 63.5–99.5 E; ten levels of the same 4×4 grid. */
export const DIGIPIN_PARAMS: GridParams = {
  name: "DIGIPIN",
  south: 2.5,
  west: 63.5,
  north: 38.5,
  east: 99.5,
  levels: Array.from({ length: 10 }, () => ({ rows: 4, cols: 4, symbols: DIGIPIN_SYMBOLS })),
};

/** DIGIPIN's printed form: hyphens after the third and sixth symbol. */
export function formatDigipin(compact: string): string {
  return `${compact.slice(0, 3)}-${compact.slice(3, 6)}-${compact.slice(6)}`;
}
