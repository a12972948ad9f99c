/**
 * Precomputed tables that turn the grid codec's per-level divisions into a few array lookups, for
 * the ≥ 5 million encodes/decodes per second goal. They are derived from the grid parameters and
 * the check weights, never written by hand, and a property test checks the fast paths against the
 * generic GridCodec.
 *
 * Encoding splits the global row (from the north) into head and tail parts, r′ = head·T + tail,
 * where T is the number of rows spanned by the tail levels, and likewise the column. A head or tail
 * table entry packs one 5-bit field per level: the row axis contributes rowDigit × cols, the column
 * axis colDigit, and since their sum (the cell value) is below 32 the two packed words can simply be
 * added. A parallel table holds each entry's weighted contribution to the check sum, which is linear.
 */
import type { GridParams } from "./grid.js";

export interface AxisTables {
  /** Rows (or columns) spanned by the tail levels. */
  tailSpan: number;
  head: Int32Array;
  headSum: Int32Array;
  tail: Int32Array;
  tailSum: Int32Array;
}

/**
 * Tables for one axis. `weights[l]` is the check weight of level l's symbol. Level l of the head
 * occupies bits 5l…5l+4 of `head`; level l of the tail bits 5(l − split)….
 */
export function axisTables(
  params: GridParams,
  axis: "row" | "col",
  split: number,
  weights: ArrayLike<number>,
): AxisTables {
  const radix = params.levels.map((level) => (axis === "row" ? level.rows : level.cols));
  const scale = params.levels.map((level) => (axis === "row" ? level.cols : 1));
  const build = (from: number, to: number) => {
    const size = radix.slice(from, to).reduce((a, b) => a * b, 1);
    const packed = new Int32Array(size);
    const sums = new Int32Array(size);
    for (let x = 0; x < size; x++) {
      let rest = x;
      for (let l = to - 1; l >= from; l--) {
        const digit = rest % radix[l];
        rest = (rest - digit) / radix[l];
        const field = digit * scale[l];
        packed[x] |= field << (5 * (l - from));
        sums[x] += field * weights[l];
      }
    }
    return { size, packed, sums };
  };
  const head = build(0, split);
  const tail = build(split, params.levels.length);
  return {
    tailSpan: tail.size,
    head: head.packed,
    headSum: head.sums,
    tail: tail.packed,
    tailSum: tail.sums,
  };
}

/**
 * Decoding: for level l and cell value v, the global row (from the north) and column offsets it
 * contributes, at index l × cellsPerLevel + v.
 */
export function offsetTables(
  params: GridParams,
  cellsPerLevel: number,
): { rowOffset: Int32Array; colOffset: Int32Array } {
  const n = params.levels.length;
  const rowOffset = new Int32Array(n * cellsPerLevel);
  const colOffset = new Int32Array(n * cellsPerLevel);
  let rowStride = 1;
  let colStride = 1;
  for (let l = n - 1; l >= 0; l--) {
    const { rows, cols } = params.levels[l];
    for (let v = 0; v < rows * cols; v++) {
      rowOffset[l * cellsPerLevel + v] = Math.floor(v / cols) * rowStride;
      colOffset[l * cellsPerLevel + v] = (v % cols) * colStride;
    }
    rowStride *= rows;
    colStride *= cols;
  }
  return { rowOffset, colOffset };
}
