/**
 * Exact point-in-polygon, point-to-boundary and boundary-to-boundary distance over rings stored flat, the way
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

/**
 * Shortest distance between the edges of two sets of rings, [firstA, endA) and [firstB, endB) (scale
 * factors as in `distanceToRings`): 0 when an edge of one crosses or touches an edge of the other,
 * as neighbouring communes do along the boundary they share. It does not look inside: a polygon wholly
 * inside the other gets the distance between their boundaries (callers that need "overlaps" test a
 * point of each with `pointInRings`).
 *
 * Each edge of A is first compared with B's bounding box: when even the box is farther than the best
 * distance found so far, no edge of B can do better, so far-apart polygons cost little more than one
 * pass over A's edges.
 */
export function ringsDistance(
  coordinates: Int32Array,
  ringPoints: Uint32Array,
  firstA: number,
  endA: number,
  firstB: number,
  endB: number,
  kx: number,
  ky: number,
): number {
  let westB = Number.POSITIVE_INFINITY;
  let southB = Number.POSITIVE_INFINITY;
  let eastB = Number.NEGATIVE_INFINITY;
  let northB = Number.NEGATIVE_INFINITY;
  for (let p = ringPoints[firstB]; p < ringPoints[endB]; p++) {
    const x = coordinates[2 * p];
    const y = coordinates[2 * p + 1];
    if (x < westB) westB = x;
    if (x > eastB) eastB = x;
    if (y < southB) southB = y;
    if (y > northB) northB = y;
  }
  // Start from two vertices that are close (a few rounds of "nearest vertex of the other polygon"), so
  // that the box tests below prune from the first edge on; neighbours usually meet at a shared vertex.
  let best = Number.POSITIVE_INFINITY; // squared, in scaled units
  let pointA = ringPoints[firstA];
  for (let round = 0; round < 3 && best > 0; round++) {
    const pointB = nearestPoint(coordinates, ringPoints[firstB], ringPoints[endB], pointA, kx, ky);
    pointA = nearestPoint(coordinates, ringPoints[firstA], ringPoints[endA], pointB, kx, ky);
    best = Math.min(best, pointsDistanceSquared(coordinates, pointA, pointB, kx, ky));
  }
  if (best === 0) return 0;
  for (let ringA = firstA; ringA < endA; ringA++) {
    const startA = ringPoints[ringA];
    const stopA = ringPoints[ringA + 1];
    for (let i = startA, j = stopA - 1; i < stopA; j = i++) {
      const ax = coordinates[2 * j];
      const ay = coordinates[2 * j + 1];
      const bx = coordinates[2 * i];
      const by = coordinates[2 * i + 1];
      const gapX = Math.max(0, Math.min(ax, bx) - eastB, westB - Math.max(ax, bx)) * kx;
      const gapY = Math.max(0, Math.min(ay, by) - northB, southB - Math.max(ay, by)) * ky;
      if (gapX * gapX + gapY * gapY >= best) continue;
      for (let ringB = firstB; ringB < endB; ringB++) {
        const startB = ringPoints[ringB];
        const stopB = ringPoints[ringB + 1];
        for (let k = startB, l = stopB - 1; k < stopB; l = k++) {
          const cx = coordinates[2 * l];
          const cy = coordinates[2 * l + 1];
          const dx = coordinates[2 * k];
          const dy = coordinates[2 * k + 1];
          // The two edges' boxes bound their distance from below: most pairs end here.
          const edgeGapX = intervalGap(ax, bx, cx, dx) * kx;
          const edgeGapY = intervalGap(ay, by, cy, dy) * ky;
          if (edgeGapX * edgeGapX + edgeGapY * edgeGapY >= best) continue;
          const squared = segmentsDistanceSquared(
            ax * kx,
            ay * ky,
            bx * kx,
            by * ky,
            cx * kx,
            cy * ky,
            dx * kx,
            dy * ky,
          );
          if (squared < best) {
            if (squared === 0) return 0;
            best = squared;
          }
        }
      }
    }
  }
  return Math.sqrt(best);
}

/** Squared distance between the segments p–q and r–s: 0 when they cross or touch. */
function segmentsDistanceSquared(
  px: number,
  py: number,
  qx: number,
  qy: number,
  rx: number,
  ry: number,
  sx: number,
  sy: number,
): number {
  // Proper crossing: r and s on opposite sides of p–q, and p and q on opposite sides of r–s.
  const d1 = side(px, py, qx, qy, rx, ry);
  const d2 = side(px, py, qx, qy, sx, sy);
  const d3 = side(rx, ry, sx, sy, px, py);
  const d4 = side(rx, ry, sx, sy, qx, qy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return 0;
  // Otherwise the nearest pair of points includes an endpoint of one of the segments.
  return Math.min(
    segmentDistanceSquaredToOrigin(rx - px, ry - py, sx - px, sy - py),
    segmentDistanceSquaredToOrigin(rx - qx, ry - qy, sx - qx, sy - qy),
    segmentDistanceSquaredToOrigin(px - rx, py - ry, qx - rx, qy - ry),
    segmentDistanceSquaredToOrigin(px - sx, py - sy, qx - sx, qy - sy),
  );
}

/** The gap between the intervals [min(a1, a2), max(a1, a2)] and [min(b1, b2), max(b1, b2)]; 0 when they overlap. */
function intervalGap(a1: number, a2: number, b1: number, b2: number): number {
  return Math.max(0, Math.min(a1, a2) - Math.max(b1, b2), Math.min(b1, b2) - Math.max(a1, a2));
}

/** The point in [start, end) nearest to point `from` (indexes into the flat coordinates). */
function nearestPoint(
  coordinates: Int32Array,
  start: number,
  end: number,
  from: number,
  kx: number,
  ky: number,
): number {
  let nearest = start;
  let best = Number.POSITIVE_INFINITY;
  for (let p = start; p < end; p++) {
    const squared = pointsDistanceSquared(coordinates, p, from, kx, ky);
    if (squared < best) {
      best = squared;
      nearest = p;
    }
  }
  return nearest;
}

/** Squared distance between the points p and q (indexes into the flat coordinates), scaled. */
function pointsDistanceSquared(coordinates: Int32Array, p: number, q: number, kx: number, ky: number): number {
  const dx = (coordinates[2 * p] - coordinates[2 * q]) * kx;
  const dy = (coordinates[2 * p + 1] - coordinates[2 * q + 1]) * ky;
  return dx * dx + dy * dy;
}

/** Which side of the line a→b the point c lies on: > 0 left, < 0 right, 0 on the line. */
function side(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
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
