/**
 * A geometric check of the old → new mapping: an old ward's territory is one piece of land inside its
 * district, so the new communes it went into must touch one another, and must touch (or lie close to)
 * the communes the rest of its district went into. A successor far from both is a link to another
 * unit of the same or a similar name, which is how a name-matched source goes wrong (Xã Phước Ninh of
 * Quế Sơn, Quảng Nam, was linked to Phường Hải Châu in central Đà Nẵng, 26 km from Quế Sơn).
 *
 * The old structure has no polygons of its own in `data/`, so "the district" is what its other wards
 * became: the union of the new communes they went into (the district's footprint in the new
 * structure). Distances are between the shipped, simplified 2025 commune polygons (`Boundaries.gapM`),
 * in which neighbours share their boundary and measure exactly 0.
 *
 * Used by `scripts/build-data.ts` to find and correct wrong links when the mapping is built, and by
 * `successor-geometry.test.ts` to keep the shipped mapping free of them.
 */
import type { Boundaries } from "./boundaries.js";

/**
 * How far apart (metres) two communes may be and still count as touching. In the shipped mapping
 * every correct link measures exactly 0, apart from islands and the reviewed cases below, and the
 * nearest wrong link measured 2.26 km; 1 km sits in that gap and leaves room for simplification
 * noise in a future boundary file (see data/PROVENANCE.md, "Geometric check of the mapping").
 */
export const SUCCESSOR_GAP_LIMIT_M = 1_000;

/** One old ward and the new communes it went into. */
export interface OldWardSuccessors {
  /** 5-digit old ward code. */
  code: string;
  /** 3-digit old district code. */
  district: string;
  /** 5-digit new commune codes, whole or in part. */
  successors: readonly string[];
}

export interface SuccessorGeometryProblem {
  /** The old ward. */
  code: string;
  district: string;
  /**
   * `apart`: its successors fall into groups that do not touch (`groups` are all of them).
   * `far`: a group of its successors lies away from every commune the district's other wards went
   * into (`groups` holds that group only).
   */
  kind: "apart" | "far";
  groups: string[][];
  /** `apart`: the smallest gap between two groups; `far`: the gap from the group to the district. */
  gapM: number;
}

/**
 * Accepted exceptions: old wards whose successors fail the check although the sources agree on them
 * and nothing better can be derived. Each names the successors it was reviewed with, so a rebuild
 * that changes them is checked afresh, and says why. The exception covers only the problem named.
 */
export const REVIEWED_SUCCESSOR_GAPS: readonly {
  code: string;
  successors: readonly string[];
  kind: SuccessorGeometryProblem["kind"];
  why: string;
}[] = [
  {
    code: "12004",
    successors: ["11995", "12004"],
    kind: "apart",
    why:
      "Xã Đình Dù (Văn Lâm, Hưng Yên): the 2025 mapping and the official map's text (sapnhap.bando) both " +
      "split it between Xã Như Quỳnh and Xã Đại Đồng, both in Văn Lâm, whose simplified polygons lie 3.2 km " +
      "apart; neither is a same-name link, so the sources' split is kept.",
  },
];

/** Whether a problem is one of REVIEWED_SUCCESSOR_GAPS, for the ward's successors as they are now. */
export function isReviewedGap(problem: SuccessorGeometryProblem, successors: readonly string[]): boolean {
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    [...a].sort().join() === [...b].sort().join();
  return REVIEWED_SUCCESSOR_GAPS.some(
    (r) => r.code === problem.code && r.kind === problem.kind && sameSet(r.successors, successors),
  );
}

/**
 * Checks every old ward of a mapping. The mapping is given whole because a ward's district footprint
 * is made of its neighbours' links. Two cases are not checked, because nothing in them can be tested
 * against the district: a successor formed from that ward alone (islands such as Xã Thổ Châu of Phú
 * Quốc, 63 km out at sea, continue as their own commune), and a ward that is its district's only one.
 * @param limitM defaults to SUCCESSOR_GAP_LIMIT_M
 */
export function checkSuccessorGeometry(
  wards: readonly OldWardSuccessors[],
  boundaries: Boundaries,
  limitM: number = SUCCESSOR_GAP_LIMIT_M,
): SuccessorGeometryProblem[] {
  const check = new SuccessorGeometry(wards, boundaries, limitM);
  return wards.flatMap((ward) => check.problemsOf(ward));
}

/** The check, with the mapping's district footprints and predecessors built once. */
export class SuccessorGeometry {
  /** Per old district: each new commune its wards went into (wholly or in part), with those wards. */
  private readonly footprints = new Map<string, Map<string, Set<string>>>();
  /** Per old district, its wards. */
  private readonly districtWards = new Map<string, number>();
  private readonly predecessors = new Map<string, Set<string>>();
  private readonly gaps = new Map<string, number>();

  constructor(
    wards: readonly OldWardSuccessors[],
    private readonly boundaries: Boundaries,
    readonly limitM: number = SUCCESSOR_GAP_LIMIT_M,
  ) {
    for (const ward of wards) {
      this.districtWards.set(ward.district, (this.districtWards.get(ward.district) ?? 0) + 1);
      let footprint = this.footprints.get(ward.district);
      if (!footprint) {
        footprint = new Map();
        this.footprints.set(ward.district, footprint);
      }
      for (const code of ward.successors) {
        addTo(footprint, code, ward.code);
        addTo(this.predecessors, code, ward.code);
      }
    }
  }

  /** Gap in metres between two communes, remembered: a commune is compared with the same few again and again. */
  gapM(a: string, b: string): number {
    if (a === b) return 0;
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let gap = this.gaps.get(key);
    if (gap === undefined) {
      gap = this.boundaries.gapM(a, b);
      this.gaps.set(key, gap);
    }
    return gap;
  }

  /**
   * Gap from a new commune to what the rest of the ward's district went into: the communes that the
   * district's other wards went into. Infinity when the district has no other ward.
   */
  gapToDistrictM(ward: OldWardSuccessors, commune: string): number {
    const footprint = this.footprints.get(ward.district);
    if (!footprint) return Number.POSITIVE_INFINITY;
    const box = this.boundaries.bboxOf(commune);
    let best = Number.POSITIVE_INFINITY;
    for (const [other, wards] of footprint) {
      if (wards.size === 1 && wards.has(ward.code)) continue; // only this ward went there
      if (other === commune) return 0;
      // A box farther than the best gap so far cannot hold a nearer commune: skip the exact test.
      if (box && boxGapM(box, this.boundaries.bboxOf(other)!) >= best) continue;
      best = Math.min(best, this.gapM(commune, other));
      if (best === 0) return 0;
    }
    return best;
  }

  /** What is wrong with one ward's successors (empty when nothing is). */
  problemsOf(ward: OldWardSuccessors): SuccessorGeometryProblem[] {
    const groups = this.touchingGroups([...new Set(ward.successors)]);
    const problems: SuccessorGeometryProblem[] = [];
    if (groups.length > 1) {
      let gapM = Number.POSITIVE_INFINITY;
      for (let g = 0; g < groups.length; g++)
        for (let h = g + 1; h < groups.length; h++)
          for (const a of groups[g]) for (const b of groups[h]) gapM = Math.min(gapM, this.gapM(a, b));
      problems.push({ code: ward.code, district: ward.district, kind: "apart", groups, gapM });
    }
    if ((this.districtWards.get(ward.district) ?? 0) < 2) return problems;
    for (const group of groups) {
      // A commune formed from this ward alone is this ward continued: nothing to compare it with.
      const formedFrom = group.length === 1 ? this.predecessors.get(group[0]) : undefined;
      if (formedFrom?.size === 1 && formedFrom.has(ward.code)) continue;
      const gapM = Math.min(...group.map((code) => this.gapToDistrictM(ward, code)));
      if (gapM > this.limitM)
        problems.push({ code: ward.code, district: ward.district, kind: "far", groups: [group], gapM });
    }
    return problems;
  }

  /** The successors in groups that touch (within the limit, directly or through each other), each group sorted. */
  private touchingGroups(codes: readonly string[]): string[][] {
    const groups: string[][] = [];
    const left = new Set(codes);
    for (const first of codes) {
      if (!left.delete(first)) continue;
      const group = [first];
      for (let i = 0; i < group.length; i++)
        for (const other of [...left])
          if (this.gapM(group[i], other) <= this.limitM) {
            left.delete(other);
            group.push(other);
          }
      groups.push(group.sort());
    }
    return groups.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** Lower bound of the gap in metres between two [west, south, east, north] boxes in degrees. */
function boxGapM(a: readonly number[], b: readonly number[]): number {
  const metresPerDegree = 111_195;
  const latitude = (a[1] + a[3] + b[1] + b[3]) / 4;
  const dx = Math.max(0, a[0] - b[2], b[0] - a[2]) * metresPerDegree * Math.cos((latitude * Math.PI) / 180);
  const dy = Math.max(0, a[1] - b[3], b[1] - a[3]) * metresPerDegree;
  return Math.hypot(dx, dy);
}
