/**
 * The synthetic national survey: a deterministic, streaming sequence of survey rows (canonical
 * fields, see src/ingest/fields.ts) spread over the communes in proportion to population, with
 * points inside the commune polygons, regional address styles, owners, a share written in the
 * pre-2025 structure and a configurable mix of defects.
 *
 * Deterministic: the same options (count, seed, provinces, mix, oldShare) give byte-identical
 * output. Streaming: rows are yielded one at a time; the only state kept is a small ring of recent
 * rows (to copy duplicates from) and the current apartment building.
 */
import type { Boundaries } from "../units/boundaries.js";
import type { UnitRegistry } from "../units/registry.js";
import type { Unit } from "../units/types.js";
import { emptyRow, type Kind, type SurveyRow } from "../ingest/fields.js";
import { DEFAULT_DEFECT_MIX, type DefectMix } from "./defects.js";
import { citizenId, email, malformedCitizenId, malformedPhone, PeopleFactory, phone } from "./people.js";
import { flatNumber, type PlaceParts, PlaceFactory, type Region, regionOf } from "./places.js";
import { communeSampler } from "./population.js";
import { Random } from "../common/random.js";
import { WeightedSampler } from "./weighted-sampler.js";

export interface GenerateOptions {
  /** Number of rows to produce. */
  count: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** New (34-structure) province codes to draw from (default: all 34). */
  provinces?: readonly string[] | null;
  /** Defect probabilities (default DEFAULT_DEFECT_MIX). */
  mix?: Readonly<DefectMix>;
  /** Share of rows whose units are written in the old 63-province structure (default 0.25). */
  oldShare?: number;
  /** Prefix of the external ids (default "KS"): ids are `${prefix}-${seed}-${index}`. */
  idPrefix?: string;
}

const KIND_SAMPLER = new WeightedSampler<Kind>(
  ["household", "business", "organisation", "agency"],
  [86, 10, 2.5, 1.5],
);

const BUSINESS_NAMES = [
  "Cửa hàng tạp hóa",
  "Quán cà phê",
  "Tiệm vàng",
  "Nhà thuốc",
  "Công ty TNHH",
  "Quán phở",
  "Tiệm sửa xe",
  "Cửa hàng điện thoại",
  "Tiệm may",
  "Nhà hàng",
];
const ORGANISATION_NAMES = [
  "Trường Tiểu học",
  "Trường THCS",
  "Trường Mầm non",
  "Chùa",
  "Nhà thờ",
  "Hợp tác xã",
  "Trạm Y tế",
  "Nhà văn hóa",
];
const AGENCY_NAMES = [
  "Ủy ban nhân dân",
  "Công an",
  "Bưu điện",
  "Kho bạc Nhà nước",
  "Chi cục Thuế",
  "Trung tâm Hành chính công",
];
const BRAND_WORDS = [
  "Phú Quý",
  "Minh Anh",
  "Thành Công",
  "Hoa Mai",
  "Bình An",
  "Hồng Phát",
  "Tân Tiến",
  "Kim Ngân",
  "Hải Âu",
  "Sao Việt",
];

/** Probability that a household in an urban ward of a large city lives in a flat. */
const FLAT_SHARE: Partial<Record<Region, number>> = { hanoi: 0.12, hcm: 0.12, danang: 0.05 };
const DUPLICATE_RING = 512;

/** Six decimals: what the survey apps record (~0.1 m). */
function coord(value: number): string {
  return value.toFixed(6);
}

interface Building {
  commune: Unit;
  parts: PlaceParts;
  lat: number;
  lon: number;
  remaining: number;
  flats: number;
}

export class SurveyGenerator {
  private readonly random: Random;
  private readonly communes: WeightedSampler<Unit>;
  private readonly people = new PeopleFactory();
  private readonly places = new PlaceFactory();
  private readonly mix: Readonly<DefectMix>;
  private readonly oldShare: number;
  private readonly idPrefix: string;
  private readonly ring: SurveyRow[] = [];
  private building: Building | null = null;
  private index = 0;
  private readonly communesByProvince = new Map<string, Unit[]>();
  private readonly communeStreets = new Map<string, { streets: string[]; next: number }>();

  constructor(
    private readonly registry: UnitRegistry,
    private readonly boundaries: Boundaries,
    private readonly options: GenerateOptions,
  ) {
    this.random = new Random(options.seed ?? 1);
    this.communes = communeSampler(registry, options.provinces ?? null, undefined, (code) =>
      boundaries.has(code),
    );
    this.mix = options.mix ?? DEFAULT_DEFECT_MIX;
    this.oldShare = options.oldShare ?? 0.25;
    this.idPrefix = `${options.idPrefix ?? "KS"}-${options.seed ?? 1}`;
  }

  *rows(): Generator<SurveyRow> {
    for (let i = 0; i < this.options.count; i++) yield this.next();
  }

  /** The next row of the sequence. */
  next(): SurveyRow {
    const r = this.random;
    const m = this.mix;
    this.index++;
    const externalId = `${this.idPrefix}-${String(this.index).padStart(9, "0")}`;
    if (this.ring.length > 0 && r.chance(m.duplicate)) {
      // The same place surveyed twice: another team, another id, the same address.
      const copy = { ...r.pick(this.ring), external_id: externalId };
      return copy;
    }

    const row = emptyRow();
    row.external_id = externalId;
    let commune: Unit;
    let lat: number;
    let lon: number;
    const kind = KIND_SAMPLER.sample(r);
    row.kind = kind;
    const flat = this.building && kind === "household" ? this.building : null;
    if (flat) {
      // The next flat of the building being surveyed: same address, same point, another door.
      commune = flat.commune;
      ({ lat, lon } = flat);
      Object.assign(row, flat.parts);
      row.unit = flatNumber(r, flat.flats++);
      if (--flat.remaining <= 0) this.building = null;
    } else {
      commune = this.communes.sample(r);
      ({ lat, lon } = this.pointIn(commune));
      const region = regionOf(commune.provinceCode);
      const { street, number } = this.nextAddress(commune);
      if (kind === "household" && commune.type === "Phường" && r.chance(FLAT_SHARE[region] ?? 0.01)) {
        const parts = this.places.building(r, street, number);
        this.building = { commune, parts, lat, lon, remaining: r.int(3, 40), flats: 1 };
        Object.assign(row, parts);
        row.unit = flatNumber(r, 0);
      } else Object.assign(row, this.places.house(r, commune, region, street, number));
      if (kind !== "household") row.name = this.placeName(kind, commune);
    }

    this.writeUnits(row, commune);

    const person = this.people.person(r);
    row.owner_name = person.name;
    row.owner_citizen_id = kind === "household" || r.chance(0.3) ? citizenId(r, person) : "";
    row.owner_phone = phone(r);
    if (r.chance(kind === "household" ? 0.1 : 0.5)) row.owner_email = email(r, person);

    // Defects, each independent.
    if (r.chance(m.pointOutsideCommune)) ({ lat, lon } = this.pointIn(this.otherCommune(commune)));
    row.lat = coord(lat);
    row.lon = coord(lon);
    if (r.chance(m.swappedCoordinates)) [row.lat, row.lon] = [row.lon, row.lat];
    if (r.chance(m.missingCoordinates)) row.lat = row.lon = "";
    if (r.chance(m.missingContact)) {
      row.owner_phone = row.owner_email = "";
      if (r.chance(0.3)) row.owner_name = "";
    } else if (r.chance(m.malformedPhone)) row.owner_phone = malformedPhone(r);
    if (row.owner_citizen_id !== "" && r.chance(m.malformedCitizenId))
      row.owner_citizen_id = malformedCitizenId(r);
    if (r.chance(m.wrongUnitCode)) this.writeWrongUnit(row);
    else if (r.chance(m.retiredUnitCode)) this.writeRetiredUnit(row, commune);
    if (row.house_number !== "" && row.hamlet === "" && row.unit === "") {
      if (r.chance(m.missingHouseNumber)) row.house_number = "";
      else if (r.chance(m.malformedHouseNumber))
        row.house_number = r.pick(["12//4", "?", "số", "0", "15-", "abc", "12/ /3", "K/5"]);
    }
    if (r.chance(m.strayWhitespace)) this.addWhitespace(row);
    if (r.chance(m.nfdText))
      for (const key of Object.keys(row) as (keyof SurveyRow)[]) row[key] = row[key].normalize("NFD");

    if (this.ring.length < DUPLICATE_RING) this.ring.push(row);
    else this.ring[r.int(0, DUPLICATE_RING - 1)] = row;
    return row;
  }

  /**
   * The street and number of the commune's next address: the commune's addresses are dealt round
   * its streets, numbered 1, 2, 3 … along each, so no two share a number by accident.
   */
  private nextAddress(commune: Unit): { street: string; number: number } {
    let state = this.communeStreets.get(commune.code);
    if (!state) {
      state = { streets: this.places.streetsOf(this.random, commune), next: 0 };
      this.communeStreets.set(commune.code, state);
    }
    const n = state.next++;
    return {
      street: state.streets[n % state.streets.length],
      number: Math.floor(n / state.streets.length) + 1,
    };
  }

  /** A point inside the commune polygon: rejection sampling in its bounding box, exact test only. */
  private pointIn(commune: Unit): { lat: number; lon: number } {
    const box = this.boundaries.bboxOf(commune.code);
    if (box) {
      const [west, south, east, north] = box;
      for (let attempt = 0; attempt < 200; attempt++) {
        const lat = south + this.random.next() * (north - south);
        const lon = west + this.random.next() * (east - west);
        const hit = this.boundaries.locate(Number(coord(lat)), Number(coord(lon)), 0);
        if (hit && hit.code === commune.code) return { lat, lon };
      }
    }
    // A sliver the sampler keeps missing: its label point is guaranteed inside.
    return this.boundaries.labelPoint(commune.code) ?? { lat: 16, lon: 107 };
  }

  private otherCommune(commune: Unit): Unit {
    let list = this.communesByProvince.get(commune.provinceCode);
    if (!list) {
      list = this.registry
        .list("new", "ward", commune.provinceCode)
        .filter((c) => this.boundaries.has(c.code));
      this.communesByProvince.set(commune.provinceCode, list);
    }
    if (list.length < 2) return commune;
    for (;;) {
      const other = this.random.pick(list);
      if (other !== commune) return other;
    }
  }

  private placeName(kind: Kind, commune: Unit): string {
    const r = this.random;
    if (kind === "business") return `${r.pick(BUSINESS_NAMES)} ${r.pick(BRAND_WORDS)}`;
    if (kind === "organisation") return `${r.pick(ORGANISATION_NAMES)} ${commune.name}`;
    return `${r.pick(AGENCY_NAMES)} ${commune.fullName}`;
  }

  /** Units by code, by name or both; in the new structure or, for `oldShare` of rows, the old one. */
  private writeUnits(row: SurveyRow, commune: Unit): void {
    const r = this.random;
    const style = r.next();
    const byCode = style < 0.5 || style >= 0.8;
    const byName = style >= 0.5;
    const predecessors = this.registry.predecessors(commune.code).filter((p) => p.unit.level === "ward");
    if (predecessors.length > 0 && r.chance(this.oldShare)) {
      const old = r.pick(predecessors).unit;
      const { province, district } = this.registry.ancestors(old);
      if (byCode) {
        row.ward_code = old.code;
        row.district_code = district?.code ?? "";
        row.province_code = province.code;
      }
      if (byName) {
        row.ward = nameVariant(r, old);
        row.district = district ? nameVariant(r, district) : "";
        row.province = nameVariant(r, province);
      }
      return;
    }
    const province = this.registry.require("new", commune.provinceCode);
    if (byCode) {
      row.ward_code = commune.code;
      row.province_code = province.code;
    }
    if (byName) {
      row.ward = nameVariant(r, commune);
      row.province = nameVariant(r, province);
    }
  }

  private writeWrongUnit(row: SurveyRow): void {
    // A typo in the code: a 5-digit number that is no unit in either structure; the names are lost.
    let code: string;
    do code = this.random.digits(5);
    while (this.registry.get("new", code) || this.registry.get("old", code));
    row.ward_code = code;
    row.ward = row.district = row.district_code = "";
  }

  private writeRetiredUnit(row: SurveyRow, commune: Unit): void {
    // An old ward's code copied from a pre-2025 form into a current-structure record.
    const retired = this.registry
      .predecessors(commune.code)
      .filter((p) => p.unit.level === "ward" && !this.registry.get("new", p.unit.code));
    if (retired.length === 0) return;
    row.ward_code = this.random.pick(retired).unit.code;
    row.province_code = commune.provinceCode;
    row.ward = row.district = row.district_code = row.province = "";
  }

  private addWhitespace(row: SurveyRow): void {
    const r = this.random;
    for (const key of ["owner_name", "street", "ward", "province", "house_number", "owner_phone"] as const) {
      if (row[key] !== "" && r.chance(0.5))
        row[key] = `${r.pick([" ", "  ", "\t"])}${row[key].replace(" ", "  ")}${r.pick(["", " ", "  "])}`;
    }
  }
}

/** A unit name as people write it: full, without the type word, without diacritics, or abbreviated. */
function nameVariant(random: Random, unit: Unit): string {
  const style = random.next();
  if (style < 0.45) return unit.fullName;
  if (style < 0.65) return unit.name;
  if (style < 0.8)
    return unit.fullName
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D");
  const abbreviation: Record<string, string> = {
    Phường: "P.",
    Xã: "X.",
    "Thị trấn": "TT.",
    Quận: "Q.",
    Huyện: "H.",
    "Thị xã": "TX.",
    "Thành phố": "TP.",
    Tỉnh: "T.",
    "Đặc khu": "ĐK.",
  };
  return `${abbreviation[unit.type] ?? ""}${random.chance(0.5) ? " " : ""}${unit.name}`;
}
