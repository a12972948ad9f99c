/**
 * Search results as the answer shapes (`types.ts`) give them: an address from a segment's record,
 * a street from its name, the units a text names, the old-structure address, the units at a point; and the page of
 * results gathered by score.
 */
import { STATUS_NUMBER } from "../domain/lifecycle.js";
import type { Boundaries } from "../units/boundaries.js";
import type { UnitRegistry } from "../units/registry.js";
import { sharedBoundaries } from "../units/units-at.js";
import type { UnitEvidence } from "./evidence.js";
import { NO_UNIT, type Segment } from "./segment.js";
import type { ReverseAnswer, SearchOptions, SearchResult, UnitRef } from "./types.js";

export class ResultWriter {
  constructor(
    private readonly registry: UnitRegistry,
    private readonly communeCodes: readonly string[],
    private readonly oldWardCodes: readonly string[],
    private boundaries: Boundaries | null = null,
  ) {}

  /**
   * The communes (else the provinces) a text names, as answers: below any street the words found,
   * a unit answers a text that names nothing smaller. `allowed`: the filters' say on a commune.
   */
  units(
    confidence: number,
    evidence: UnitEvidence,
    options: SearchOptions,
    hasPlaceWords: boolean,
    allowed: (commune: string, province: string) => boolean,
  ): SearchResult[] {
    const out: SearchResult[] = [];
    const score = round(
      hasPlaceWords ? 0.3 + 0.2 * confidence : Math.min(0.9, 0.5 + 0.4 * confidence),
    );
    for (const code of evidence.communes.slice(0, 5)) {
      const unit = this.registry.get("new", code);
      if (!unit || !allowed(code, unit.provinceCode)) continue;
      const province = this.registry.get("new", unit.provinceCode)!;
      const point = this.boundariesLoaded().labelPoint(code);
      if (!point) continue;
      out.push({
        code: null,
        label: `${unit.fullName}, ${province.fullName}`,
        lat: point.lat,
        lon: point.lon,
        kind: null,
        status: null,
        score: evidence.communes[0] === code ? score : round(score * 0.9),
        match: "commune",
        type: "commune",
        commune: ref(unit),
        province: ref(province),
      });
    }
    if (out.length === 0) {
      for (const code of evidence.provinces) {
        if (options.province && options.province !== code) continue;
        const province = this.registry.get("new", code);
        const point = province ? this.placeOf(null, code) : null;
        if (!province || !point) continue;
        out.push({
          code: null,
          label: province.fullName,
          lat: point.lat,
          lon: point.lon,
          kind: null,
          status: null,
          score: round(score * 0.8),
          match: "province",
          type: "province",
          commune: null,
          province: ref(province),
        });
      }
    }
    return out;
  }

  address(
    seg: Segment,
    r: number,
    score: number,
    match: "house" | "street",
    withOld = false,
  ): SearchResult {
    const c = seg.c;
    const commune = this.registry.get("new", this.communeCodes[c.commune[r]])!;
    const province = this.registry.get("new", commune.provinceCode)!;
    const below = c.labels.get(r);
    const result: SearchResult = {
      code: c.codes.get(r),
      label: [below, commune.fullName, province.fullName].filter((s) => s !== "").join(", "),
      lat: c.lat[r] / 1e6,
      lon: c.lon[r] / 1e6,
      kind: seg.kindOf(r),
      status: seg.statusOf(r),
      score: round(score),
      match,
      type: "address",
      commune: ref(commune),
      province: ref(province),
    };
    if (withOld) result.old = this.oldOf(below, c.oldWard[r], commune.code);
    return result;
  }

  street(
    seg: Segment,
    doc: number,
    at: number,
    score: number,
    withOld = false,
  ): SearchResult {
    const c = seg.c;
    const commune = this.registry.get("new", this.communeCodes[c.docCommune[doc]])!;
    const province = this.registry.get("new", commune.provinceCode)!;
    const name = c.docNames.get(doc);
    const result: SearchResult = {
      code: null,
      label: `${name}, ${commune.fullName}, ${province.fullName}`,
      lat: c.lat[at] / 1e6,
      lon: c.lon[at] / 1e6,
      kind: null,
      status: null,
      score: round(score),
      match: "street",
      type: "street",
      commune: ref(commune),
      province: ref(province),
    };
    if (withOld) result.old = this.oldOf(name, c.oldWard[at], commune.code);
    return result;
  }

  /** The old units of an address: as surveyed, else the one old ward its new commune was formed from. */
  private oldOf(below: string, oldWard: number, commune: string): SearchResult["old"] {
    let ward = oldWard === NO_UNIT ? undefined : this.registry.get("old", this.oldWardCodes[oldWard]);
    if (!ward) {
      const predecessors = this.registry.predecessors(commune);
      if (predecessors.length === 1) ward = predecessors[0].unit;
      else if (predecessors.length === 0) return null;
      else {
        const { province, district } = this.registry.ancestors(predecessors[0].unit);
        const oneDistrict = predecessors.every(
          (p) => p.unit.districtCode === predecessors[0].unit.districtCode,
        );
        const units = [oneDistrict ? district : null, province].filter((u) => u !== null);
        return {
          label: [below, ...units.map((u) => u!.fullName)].filter((s) => s !== "").join(", "),
          ward: null,
          district: oneDistrict && district ? ref(district) : null,
          province: ref(province),
        };
      }
    }
    const { province, district } = this.registry.ancestors(ward);
    return {
      label: [below, ward.fullName, district?.fullName ?? "", province.fullName]
        .filter((s) => s !== "")
        .join(", "),
      ward: ref(ward),
      district: district ? ref(district) : null,
      province: ref(province),
    };
  }

  /** Communes of a unit name being typed, as results: the new communes of that name first, then those old names lead to. */
  communes(level: { communes: ReadonlySet<string>; preferred?: ReadonlySet<string> }, options: { province?: string }, limit: number): SearchResult[] {
    const ordered = [...(level.preferred ?? []), ...[...level.communes].filter((c) => !level.preferred?.has(c))];
    const out: SearchResult[] = [];
    for (const code of ordered) {
      if (out.length >= limit) break;
      const unit = this.registry.get("new", code);
      const point = unit ? this.boundariesLoaded().labelPoint(code) : null;
      if (!unit || !point || (options.province && unit.provinceCode !== options.province)) continue;
      const province = this.registry.get("new", unit.provinceCode)!;
      const score = level.preferred?.has(code) ? 0.6 : 0.55;
      out.push({ code: null, label: `${unit.fullName}, ${province.fullName}`, lat: point.lat, lon: point.lon, kind: null, status: null, score, match: "commune", type: "commune", commune: ref(unit), province: ref(province) });
    }
    return out;
  }

  unitsAt(lat: number, lon: number): ReverseAnswer["units"] {
    const hit = this.boundariesLoaded().locate(lat, lon);
    if (!hit) return null;
    const commune = this.registry.get("new", hit.code);
    if (!commune) return null;
    const province = this.registry.get("new", commune.provinceCode) ?? null;
    return {
      commune: ref(commune),
      province: province ? ref(province) : null,
      old: this.registry.predecessors(commune.code).map((p) => {
        const { province: oldProvince, district } = this.registry.ancestors(p.unit);
        return {
          ward: p.unit.level === "ward" ? ref(p.unit) : null,
          district: district ? ref(district) : null,
          province: ref(oldProvince),
          whole: p.whole,
        };
      }),
    };
  }

  /** A point inside the new commune, else inside the first commune of the new province; null when neither is known. */
  placeOf(commune: string | null, province: string | null): { lat: number; lon: number } | null {
    const boundaries = this.boundariesLoaded();
    const point = commune === null ? null : boundaries.labelPoint(commune);
    if (point !== null || province === null) return point;
    const capital = this.registry.children("new", province)[0];
    return capital ? boundaries.labelPoint(capital.code) : null;
  }

  boundariesLoaded(): Boundaries {
    this.boundaries ??= sharedBoundaries();
    return this.boundaries;
  }
}

export function ref(unit: { code: string; fullName: string }): UnitRef {
  return { code: unit.code, name: unit.fullName };
}

/** Equal scores: official, then confirmed, then notified, then the rest; by the store's status number. */
export const STATUS_RANK: readonly number[] = (() => {
  const rank: number[] = [];
  rank[STATUS_NUMBER.official] = 3;
  rank[STATUS_NUMBER.confirmed] = 2;
  rank[STATUS_NUMBER.notified] = 1;
  return rank;
})();

/** One answer gathered: its best score so far, what breaks ties, and how to build it. */
interface Candidate {
  score: number;
  status: number;
  lat: number;
  lon: number;
  /** When its key was first found: the last tie-break. */
  order: number;
  make: () => SearchResult;
}

/**
 * Answers gathered by score, built into result objects only for those that make the page: a
 * door may hold hundreds of flats, and a label costs more than a score.
 */
export class Candidates {
  /** By key: a record's number (engine.ts), or a street's, commune's or unit's text. */
  private readonly byKey = new Map<string | number, Candidate>();
  /** The first scores of the best `limit` answers so far, least first (`limit` is a page: ≤ 100). */
  private readonly firstScores: number[] = [];
  /** The best `limit` answers so far, best first, as top() orders them without a place to be near. */
  private readonly page: Candidate[] = [];
  best = 0;

  /** `limit`: the answers the page will show. */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  /** `status`: `STATUS_RANK` of the record's status (official first on equal scores). */
  add(key: string | number, score: number, status: number, lat: number, lon: number, make: () => SearchResult): void {
    const old = this.byKey.get(key);
    if (old && old.score >= score) return;
    const candidate = { score, status, lat, lon, order: old?.order ?? this.byKey.size, make };
    this.byKey.set(key, candidate);
    if (score > this.best) this.best = score;
    if (!old) this.remember(score);
    this.placeOnPage(old, candidate);
  }

  /** Answers found so far (set aside ones included). */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * The page's last answer when the page holds `limit` answers, else null: what an answer found
   * from now on must come before to reach the page (top()'s order without a place to be near).
   */
  lastOnPage(): { score: number; status: number } | null {
    return this.page.length >= this.limit ? this.page[this.page.length - 1] : null;
  }

  /**
   * A score below this cannot reach the page: the page already holds `limit` answers at least as
   * good (a lower bound: each answer's first score, which only grows).
   */
  floor(): number {
    return this.firstScores.length >= this.limit ? this.firstScores[0] : 0;
  }

  /**
   * Notes an answer new to the candidates, scoring at most `most` with this status, without its
   * score being worked out, when it can never reach the page (engine.ts: a record's label is
   * then not read): the page already holds `limit` answers that come before it, higher or as high
   * with a status as good (found before it, they win the tie), and it would not raise the floor.
   * Its key keeps the place in the order it was found at, so that an answer scored higher under
   * the same key later (the same record found through another name) is ordered as if this one
   * had been added. False, noting nothing, when it might reach the page or is a candidate already.
   * The page meant is top()'s without a place to be near (a distance reorders it).
   *
   * Why the page and the floor stay those add() would leave: an answer below the page stays
   * below it (the page's answers only rise), and add() would not have remembered its first score
   * (at most the floor). Only its own score is not kept; a later add() under its key replaces it.
   */
  setAside(key: string | number, most: number, status: number): boolean {
    if (this.page.length < this.limit || most > this.floor() || this.byKey.has(key)) return false;
    const last = this.page[this.page.length - 1];
    if (most > last.score || (most === last.score && status > last.status)) return false;
    this.byKey.set(key, { score: Number.NEGATIVE_INFINITY, status, lat: 0, lon: 0, order: this.byKey.size, make: setAsideMade });
    return true;
  }

  private remember(score: number): void {
    const scores = this.firstScores;
    if (scores.length >= this.limit) {
      if (score <= scores[0]) return;
      scores.shift();
    }
    let at = 0;
    while (at < scores.length && scores[at] < score) at++;
    scores.splice(at, 0, score);
  }

  /**
   * Keeps `page` the best `limit` candidates after `candidate` replaced `old` (the same key,
   * scored higher) or was added: no other candidate moved, so only it can enter the page or rise.
   */
  private placeOnPage(old: Candidate | undefined, candidate: Candidate): void {
    const page = this.page;
    const was = old === undefined ? -1 : page.indexOf(old);
    if (was >= 0) page.splice(was, 1);
    else if (page.length >= this.limit && !comesBefore(candidate.score, candidate, page[page.length - 1].score, page[page.length - 1])) return;
    let at = page.length;
    while (at > 0 && comesBefore(candidate.score, candidate, page[at - 1].score, page[at - 1])) at--;
    page.splice(at, 0, candidate);
    if (page.length > this.limit) page.pop();
  }

  /**
   * The best `limit` answers: by score, then status, then the order they were first found. Only
   * the page is kept in order while the candidates are read (a door's hundreds of flats are
   * compared with the page's last answer, not sorted).
   */
  top(limit: number, near?: { lat: number; lon: number }): SearchResult[] {
    const page: { candidate: Candidate; score: number; distance: number | null }[] = [];
    const before = (score: number, c: Candidate, than: (typeof page)[number]) => comesBefore(score, c, than.score, than.candidate);
    for (const c of this.byKey.values()) {
      const distance = near ? distanceM(near.lat, near.lon, c.lat, c.lon) : null;
      const score = distance === null ? c.score : round(c.score * (0.8 + 0.2 * Math.exp(-distance / 10_000)));
      if (page.length >= limit && !before(score, c, page[page.length - 1])) continue;
      let at = page.length;
      while (at > 0 && before(score, c, page[at - 1])) at--;
      page.splice(at, 0, { candidate: c, score, distance });
      if (page.length > limit) page.pop();
    }
    return page.map(({ candidate, score, distance }) => {
      const r = candidate.make();
      r.score = score;
      if (distance !== null) r.distance_m = Math.round(distance);
      return r;
    });
  }
}

/** Whether a candidate (`score` as the page reads it) comes before another: by score, then status, then the order found. */
function comesBefore(score: number, c: Candidate, thanScore: number, than: Candidate): boolean {
  return score !== thanScore ? score > thanScore : c.status !== than.status ? c.status > than.status : c.order < than.order;
}

/** What an answer set aside (Candidates.setAside) would be built from: never asked, as it never reaches the page. */
function setAsideMade(): SearchResult {
  throw new Error("an answer set aside below the page was asked for");
}

export function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}


/** Metres between two points (equirectangular: exact enough within a country for ranking). */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const k = Math.cos(((lat1 + lat2) / 2) * (Math.PI / 180));
  const dy = (lat2 - lat1) * 111_195;
  const dx = (lon2 - lon1) * 111_195 * k;
  return Math.sqrt(dx * dx + dy * dy);
}
