/**
 * Exact point-in-polygon and point-to-boundary distance over rings stored flat, the way
 * `communes.v1.bin` keeps them: `coordinates` interleaves [x0, y0, x1, y1, …] and ring r spans points
 * ringPoints[r] to ringPoints[r + 1] - 1, stored open (the last point connects back to the first).
 *
 * The query functions are allocation-free: they run once per candidate polygon on every point query.
 */

/** Edges per block in `EdgeBlocks`: small enough to skip most edges, large enough to keep the table small. */
export const EDGE_BLOCK_SIZE = 16;

/**
 * The latitude (y) range of each run of EDGE_BLOCK_SIZE consecutive edges of every ring. A horizontal
 * ray can only cross edges whose y-range contains the point's y, so whole blocks are skipped: a
 * commune ring of ~260 edges then costs ~16 block checks and one or two blocks of edges, not 260 edges.
 * Ring r's blocks are ringBlocks[r] to ringBlocks[r + 1] - 1; block k of a ring holds the edges
 * ending at its points k·SIZE … (k+1)·SIZE - 1 (the edge ending at point 0 starts at the last point).
 */
export interface EdgeBlocks {
  ringBlocks: Uint32Array;
  minY: Int32Array;
  maxY: Int32Array;
}

export function buildEdgeBlocks(coordinates: Int32Array, ringPoints: Uint32Array): EdgeBlocks {
  const ringCount = ringPoints.length - 1;
  const ringBlocks = new Uint32Array(ringCount + 1);
  for (let ring = 0; ring < ringCount; ring++) {
    const points = ringPoints[ring + 1] - ringPoints[ring];
    ringBlocks[ring + 1] = ringBlocks[ring] + Math.ceil(points / EDGE_BLOCK_SIZE);
  }
  const minY = new Int32Array(ringBlocks[ringCount]);
  const maxY = new Int32Array(ringBlocks[ringCount]);
  for (let ring = 0; ring < ringCount; ring++) {
    const start = ringPoints[ring];
    const end = ringPoints[ring + 1];
    for (let block = ringBlocks[ring], i0 = start; i0 < end; block++, i0 += EDGE_BLOCK_SIZE) {
      let low = coordinates[2 * (i0 === start ? end - 1 : i0 - 1) + 1];
      let high = low;
      for (let i = i0; i < Math.min(i0 + EDGE_BLOCK_SIZE, end); i++) {
        const y = coordinates[2 * i + 1];
        if (y < low) low = y;
        if (y > high) high = y;
      }
      minY[block] = low;
      maxY[block] = high;
    }
  }
  return { ringBlocks, minY, maxY };
}

/** `pointInRings` with whole blocks of edges skipped by their y-range: same answers, fewer edges read. */
export function pointInRingsBlocked(
  coordinates: Int32Array,
  ringPoints: Uint32Array,
  blocks: EdgeBlocks,
  firstRing: number,
  endRing: number,
  x: number,
  y: number,
): boolean {
  const { ringBlocks, minY, maxY } = blocks;
  let inside = false;
  for (let ring = firstRing; ring < endRing; ring++) {
    const start = ringPoints[ring];
    const end = ringPoints[ring + 1];
    for (let block = ringBlocks[ring], i0 = start; i0 < end; block++, i0 += EDGE_BLOCK_SIZE) {
      // A crossing needs min(yi, yj) ≤ y < max(yi, yj), so a block entirely above or at/below y has none.
      if (y < minY[block] || y >= maxY[block]) continue;
      const i1 = Math.min(i0 + EDGE_BLOCK_SIZE, end);
      let j = i0 === start ? end - 1 : i0 - 1;
      let yj = coordinates[2 * j + 1];
      for (let i = i0; i < i1; i++) {
        const yi = coordinates[2 * i + 1];
        if (yi > y !== yj > y) {
          const xi = coordinates[2 * i];
          const xj = coordinates[2 * j];
          if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
        }
        j = i;
        yj = yi;
      }
    }
  }
  return inside;
}

/**
 * Even-odd rule over every ring in [firstRing, endRing): a point is inside when a ray from it crosses
 * the rings an odd number of times. Even-odd needs no ring orientation and treats holes and islands
 * alike, and it stays deterministic on the ~79 self-intersecting rings the simplified source keeps
 * (a twisted loop counts as outside; the caller's gap tolerance picks such points up).
 * A point exactly on an edge may count either way; shared borders then resolve to one neighbour.
 */
export function pointInRings(
  coordinates: Int32Array,
  ringPoints: Uint32Array,
  firstRing: number,
  endRing: number,
  x: number,
  y: number,
): boolean {
  let inside = false;
  for (let ring = firstRing; ring < endRing; ring++) {
    const start = ringPoints[ring];
    const end = ringPoints[ring + 1];
    let j = end - 1;
    let yj = coordinates[2 * j + 1];
    for (let i = start; i < end; i++) {
      const yi = coordinates[2 * i + 1];
      // The half-open comparison counts a vertex on the ray once, not twice.
      if (yi > y !== yj > y) {
        const xi = coordinates[2 * i];
        const xj = coordinates[2 * j];
        if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      j = i;
      yj = yi;
    }
  }
  return inside;
}

/**
 * Shortest distance from (x, y) to any edge of the rings in [firstRing, endRing), in the units the
 * scale factors produce: with micro-degree coordinates, pass kx = metres per micro-degree of longitude
 * at the query's latitude and ky = metres per micro-degree of latitude to get metres (a local
 * equirectangular projection, well under 1 % off at the few hundred metres it is used for).
 */
export function distanceToRings(
  coordinates: Int32Array,
  ringPoints: Uint32Array,
  firstRing: number,
  endRing: number,
  x: number,
  y: number,
  kx: number,
  ky: number,
): number {
  let best = Number.POSITIVE_INFINITY;
  for (let ring = firstRing; ring < endRing; ring++) {
    const start = ringPoints[ring];
    const end = ringPoints[ring + 1];
    let j = end - 1;
    for (let i = start; i < end; i++) {
      const ax = (coordinates[2 * j] - x) * kx;
      const ay = (coordinates[2 * j + 1] - y) * ky;
      const bx = (coordinates[2 * i] - x) * kx;
      const by = (coordinates[2 * i + 1] - y) * ky;
      const squared = segmentDistanceSquaredToOrigin(ax, ay, bx, by);
      if (squared < best) best = squared;
      j = i;
    }
  }
  return Math.sqrt(best);
}

/** Squared distance from the origin to the segment a–b (coordinates already relative to the point). */
function segmentDistanceSquaredToOrigin(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared === 0 ? 0 : -(ax * dx + ay * dy) / lengthSquared;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const px = ax + t * dx;
  const py = ay + t * dy;
  return px * px + py * py;
}
