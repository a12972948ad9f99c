/**
 * A one-column spatial index for bounding-box queries: the Morton (Z-order) number of a point on a
 * 2^13 × 2^13 grid over the code's box (lat 5–25, lon 102–118; tiles of ≈ 270 m × 210 m). One plain
 * B-tree index on an integer costs the bulk import far less than an R*Tree, and a box becomes a few
 * integer ranges of that index (quadtree cover) followed by an exact lat/lon filter.
 *
 * Why tiles this coarse: rows sharing a tile sit together in the index in insertion order, so a
 * batch of one commune's rows touches a few dozen index pages instead of thousands (every touched
 * page is rewritten to the WAL at commit). A small box reads at most a few thousand rows to filter.
 */
const SOUTH = 5;
const NORTH = 25;
const WEST = 102;
const EAST = 118;
const BITS = 13;
const SIDE = 1 << BITS;

function cellIndex(value: number, min: number, max: number): number {
  const i = Math.floor(((value - min) / (max - min)) * SIDE);
  return i < 0 ? 0 : i >= SIDE ? SIDE - 1 : i;
}

/** Spreads the 16 low bits of n to the even bit positions (BITS ≤ 16). */
function spread(n: number): number {
  let x = n & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** Tile number of a point (0 … 2^(2·BITS) − 1); points outside the box clamp to its edge. */
export function tileOf(lat: number, lon: number): number {
  const row = cellIndex(lat, SOUTH, NORTH);
  const col = cellIndex(lon, WEST, EAST);
  return ((spread(row) << 1) | spread(col)) >>> 0;
}

/**
 * Inclusive tile-number ranges covering the box, at most about `maxRanges`: quadtree nodes fully
 * inside become one range each; partly covered nodes are split until the budget runs out, then
 * taken whole (the caller filters exactly on lat/lon). Adjacent ranges are merged.
 */
export function tileRanges(box: { south: number; west: number; north: number; east: number }, maxRanges = 32): [number, number][] {
  const r0 = cellIndex(box.south, SOUTH, NORTH);
  const r1 = cellIndex(box.north, SOUTH, NORTH);
  const c0 = cellIndex(box.west, WEST, EAST);
  const c1 = cellIndex(box.east, WEST, EAST);
  const out: [number, number][] = [];
  // Breadth-first so that the budget is spent on the coarse levels evenly.
  let level: { row: number; col: number; size: number; start: number }[] = [{ row: 0, col: 0, size: SIDE, start: 0 }];
  while (level.length > 0) {
    const next: typeof level = [];
    for (const node of level) {
      const rEnd = node.row + node.size - 1;
      const cEnd = node.col + node.size - 1;
      if (rEnd < r0 || node.row > r1 || cEnd < c0 || node.col > c1) continue;
      const span = node.size * node.size;
      const inside = node.row >= r0 && rEnd <= r1 && node.col >= c0 && cEnd <= c1;
      if (inside || node.size === 1 || out.length + next.length + level.length >= maxRanges * 2) {
        out.push([node.start, node.start + span - 1]);
        continue;
      }
      const half = node.size / 2;
      const quarter = span / 4;
      // Z-order: bit 0 is the column, bit 1 the row.
      next.push({ row: node.row, col: node.col, size: half, start: node.start });
      next.push({ row: node.row, col: node.col + half, size: half, start: node.start + quarter });
      next.push({ row: node.row + half, col: node.col, size: half, start: node.start + 2 * quarter });
      next.push({ row: node.row + half, col: node.col + half, size: half, start: node.start + 3 * quarter });
    }
    level = next;
  }
  out.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of out) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
