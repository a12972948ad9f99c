/**
 * Bounding boxes as ranges of codes. The code is hierarchical and its symbols are in ASCII order, so
 * the codes of one cell of any level share a prefix and sort together: a box becomes a few prefix
 * ranges of the store's code index (then an exact lat/lon filter), and no second spatial index is
 * needed. Cells fully inside the box are taken whole; partly covered ones are split level by level
 * while the budget lasts, then taken whole (the caller filters exactly).
 */
import { grid } from "./codec.js";

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Sorts after every symbol a code can hold (location, check and unit symbols are all below it). */
const AFTER = "~";

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Code ranges `[from, to)` covering every code whose cell meets the box, sorted and disjoint; about
 * `maxRanges` at most. Empty when the box misses the code's box.
 */
export function codeRanges(box: Box, maxRanges = 32): [string, string][] {
  const { south, west, north, east, levels } = grid.params;
  if (box.north < south || box.south > north || box.east < west || box.west > east) return [];
  // Global rows counted from the north (the symbol layout's order), columns from the west.
  const top = grid.totalRows - 1 - grid.rowOf(clamp(box.north, south, north));
  const bottom = grid.totalRows - 1 - grid.rowOf(clamp(box.south, south, north));
  const left = grid.colOf(clamp(box.west, west, east));
  const right = grid.colOf(clamp(box.east, west, east));

  interface Node {
    prefix: string;
    row: number;
    col: number;
    height: number;
    width: number;
  }
  const out: string[] = [];
  let level: Node[] = [{ prefix: "", row: 0, col: 0, height: grid.totalRows, width: grid.totalCols }];
  for (let l = 0; level.length > 0; l++) {
    const next: Node[] = [];
    for (const node of level) {
      const inside = node.row >= top && node.row + node.height - 1 <= bottom && node.col >= left && node.col + node.width - 1 <= right;
      if (inside || l === levels.length || out.length + next.length + level.length >= maxRanges * 2) {
        out.push(node.prefix);
        continue;
      }
      const { rows, cols, symbols } = levels[l];
      const height = node.height / rows;
      const width = node.width / cols;
      for (let i = 0; i < rows; i++) {
        const row = node.row + i * height;
        if (row > bottom || row + height - 1 < top) continue;
        for (let j = 0; j < cols; j++) {
          const col = node.col + j * width;
          if (col > right || col + width - 1 < left) continue;
          next.push({ prefix: node.prefix + symbols[i * cols + j], row, col, height, width });
        }
      }
    }
    level = next;
  }
  out.sort();
  // Neighbouring cells of one parent whose symbols follow each other are one range.
  const ranges: [string, string][] = [];
  for (const prefix of out) {
    const last = ranges[ranges.length - 1];
    if (last && follows(last[1], prefix)) last[1] = prefix + AFTER;
    else if (!last || prefix >= last[1]) ranges.push([prefix, prefix + AFTER]);
  }
  return ranges;
}

/** True when `prefix` is the cell right after the range ending at `end` (same parent, next symbol). */
function follows(end: string, prefix: string): boolean {
  const previous = end.slice(0, -1);
  if (previous.length !== prefix.length || previous.slice(0, -1) !== prefix.slice(0, -1)) return false;
  const symbols = grid.params.levels[prefix.length - 1].symbols;
  return symbols.indexOf(prefix[prefix.length - 1]) === symbols.indexOf(previous[previous.length - 1]) + 1;
}
