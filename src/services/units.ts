/**
 * Administrative units as every door asks for them: lists, one code in either structure, name
 * look-up, old → new conversion, the old wards behind a new commune, the units at a point and a
 * boundary. The rules that are not the registry's own live here: the new structure has no district
 * level, a unit named for conversion must name one old ward (a shared name is never guessed), a
 * point outside every commune is `not-found`. Unknown codes throw the registry's UnknownUnitError.
 */
import { loadRegistry, type LookupOptions, type UnitRegistry } from "../units/registry.js";
import { communeLayer, type LayerCollection, provinceLayer } from "../units/boundary-layers.js";
import { provinceBoundary } from "../units/province-boundaries.js";
import type { ConversionTarget, Level, LookupCandidate, Structure, Unit } from "../units/types.js";
import { type UnitJson, type UnitRefJson, unitJson, unitLabel, unitRef } from "../units/unit-json.js";
import { sharedBoundaries, type UnitsAtJson, unitsAt } from "../units/units-at.js";
import type { Writable } from "node:stream";
import { type BatchCsvOptions, type BatchSummary, type CsvInput, columnOf, emptyValues, mapCsv, type RowAnswer } from "./batch-csv.js";
import { ServiceError } from "./errors.js";

export const STRUCTURES: readonly Structure[] = ["old", "new"];
export const LEVELS: readonly Level[] = ["province", "district", "ward"];

/** An old ward (or district) and the new communes it went into, each whole or in part. */
export interface Conversion {
  from: Unit;
  to: ConversionTarget[];
}

/** The JSON form of a conversion, the same for every door. */
export interface ConversionJson {
  from: UnitRefJson & { type: string; district: UnitRefJson | null; province: UnitRefJson };
  to: (UnitRefJson & { type: string; province: UnitRefJson; whole: boolean })[];
}

/** A GeoJSON Feature of a unit's boundary (WGS84), its properties naming the unit. */
export interface BoundaryFeature {
  type: "Feature";
  properties: Record<string, unknown> & { name: string; full_name: string; province: UnitRefJson };
  geometry: { type: string; coordinates: unknown };
}

/** The columns `convertCsv` appends, in order. */
export const CONVERT_COLUMNS = [
  "result_status",
  "result_old_ward_code",
  "result_old_ward",
  "result_commune_code",
  "result_commune",
  "result_province_code",
  "result_province",
  "result_whole",
  "result_successors",
  "result_note",
] as const;

/** Header names taken for the old ward's column when none is given. */
const WARD_COLUMN_NAMES = ["old_ward", "ward", "ma_xa", "xa", "phuong", "code"];

export interface ConvertCsvOptions extends BatchCsvOptions {
  /** Header name of the column holding the old ward (a code, or its name with its parents). Default: old_ward, ward, ma_xa, xa, phuong, code, else the first column. */
  column?: string;
}

/** How close a second candidate's score must be to the best one for a name to count as shared. */
const AMBIGUOUS_WITHIN = 0.05;

/** A map layer of boundaries, each feature named (`name`, `full_name`) from the registry. */
export interface NamedLayer {
  type: "FeatureCollection";
  features: (LayerCollection["features"][number] & { properties: { code: string; name: string; full_name: string } })[];
}

export class UnitService {
  constructor(readonly registry: UnitRegistry = loadRegistry()) {}

  /** The units of one structure and level, optionally only those inside `parent`. */
  list(structure: Structure, level: Level, parent?: string): Unit[] {
    if (structure === "new" && level === "district") {
      throw new ServiceError("bad-request", "the new (34-province) structure has no district level");
    }
    if (parent !== undefined) this.registry.require(structure, parent);
    return this.registry.list(structure, level, parent);
  }

  /** The unit with this code in `structure`, else in every structure that has it, with its number of children. */
  show(code: string, structure?: Structure): { unit: Unit; children: number }[] {
    const found = (structure ? [structure] : STRUCTURES)
      .map((s) => this.registry.get(s, code))
      .filter((unit): unit is Unit => unit !== undefined);
    if (found.length === 0) this.registry.require(structure ?? "new", code);
    return found.map((unit) => ({
      unit,
      children: this.registry.children(unit.structure, unit.code).length,
    }));
  }

  /** Units matching a name (optionally followed by its parents, comma-separated), best first. */
  lookup(text: string, options: LookupOptions = {}): LookupCandidate[] {
    if (text.trim() === "") throw new ServiceError("bad-request", "lookup needs a non-empty name");
    const within = options.within;
    if (within !== undefined && !STRUCTURES.some((s) => this.registry.get(s, within))) {
      throw new ServiceError("not-found", `unknown unit code "${within}"`, "within");
    }
    return this.registry.lookupPath(text, options);
  }

  /** An old ward, by code or by name with its parents ("Phường Bến Nghé, Quận 1, TP HCM"), and the new communes it went into. */
  convert(ward: string): Conversion {
    const code = /^\d+$/.test(ward.trim()) ? ward.trim() : this.oldWardNamed(ward);
    return this.registry.convertOld(code);
  }

  /**
   * Appends to each row the new commune its old ward went into (see CONVERT_COLUMNS): one
   * successor fills the commune; a ward split between several leaves it empty, lists them all in
   * `result_successors` and says so (the address decides, not the ward); a ward the text does not
   * name, or names with others, is `not-found` with the reason in `result_note`.
   */
  convertCsv(input: CsvInput, output: Writable, options: ConvertCsvOptions = {}): Promise<BatchSummary> {
    return mapCsv(input, output, options, (header) => {
      const lower = header.map((h) => h.toLowerCase());
      const named = WARD_COLUMN_NAMES.map((n) => lower.indexOf(n)).find((k) => k >= 0);
      const column = options.column !== undefined ? columnOf(header, options.column, "column") : (named ?? 0);
      return { appended: CONVERT_COLUMNS, answer: (fields) => this.convertRow((fields[column] ?? "").trim()) };
    });
  }

  private convertRow(written: string): RowAnswer {
    if (written === "") return { status: "skipped", match: null, values: emptyValues(CONVERT_COLUMNS, "skipped") };
    let conversion: Conversion;
    try {
      conversion = this.convert(written);
    } catch (error) {
      const values = emptyValues(CONVERT_COLUMNS, "not-found");
      values[values.length - 1] = (error as Error).message;
      return { status: "not-found", match: null, values };
    }
    const { from, to } = conversion;
    const successors = to.map((t) => t.unit.code).join(";");
    const provinces = new Set(to.map((t) => this.registry.ancestors(t.unit).province.code));
    const province = provinces.size === 1 ? this.registry.ancestors(to[0].unit).province : null;
    const one = to.length === 1 ? to[0] : null;
    return {
      status: "ok",
      match: one ? "commune" : province ? "province" : null,
      values: [
        "ok",
        from.code,
        from.fullName,
        one?.unit.code ?? "",
        one?.unit.fullName ?? "",
        province?.code ?? "",
        province?.fullName ?? "",
        one ? (one.whole ? "yes" : "no") : "",
        successors,
        one ? "" : `split between ${to.length} communes: the address decides which`,
      ],
    };
  }

  conversionJson(conversion: Conversion): ConversionJson {
    const { from, to } = conversion;
    const { province, district } = this.registry.ancestors(from);
    return {
      from: {
        ...unitRef(from),
        type: from.type,
        district: district && district !== from ? unitRef(district) : null,
        province: unitRef(province),
      },
      to: to.map((t) => ({
        ...unitRef(t.unit),
        type: t.unit.type,
        province: unitRef(this.registry.ancestors(t.unit).province),
        whole: t.whole,
      })),
    };
  }

  /** A new commune or province and the old units it was formed from, each whole or in part. */
  predecessors(code: string): { unit: Unit; predecessors: ConversionTarget[] } {
    const unit = this.registry.require("new", code);
    return { unit, predecessors: this.registry.predecessors(code) };
  }

  /** The new commune and province at a WGS84 point, and the old units it corresponds to. */
  at(lat: number, lon: number): UnitsAtJson {
    const result = unitsAt(this.registry, lat, lon);
    if (!result)
      throw new ServiceError("not-found", `no commune at ${lat}, ${lon} (outside Vietnam's land boundaries)`);
    return result;
  }

  /** A new commune's or province's boundary, as shipped. */
  boundary(code: string): BoundaryFeature {
    const unit = this.registry.require("new", code);
    const feature = unit.level === "province" ? provinceBoundary(code) : sharedBoundaries().boundaryOf(code);
    if (!feature)
      throw new ServiceError("not-found", `no boundary is shipped for ${unit.fullName} (${code})`);
    const { province } = this.registry.ancestors(unit);
    return {
      ...feature,
      properties: {
        ...feature.properties,
        name: unit.name,
        full_name: unit.fullName,
        province: unitRef(province),
      },
    };
  }

  /**
   * Boundaries as a map layer (simplified for drawing, see units/boundary-layers.ts): the 34
   * provinces, or the communes of the new province `parent`. Built anew on each call (10–60 ms):
   * a door that answers them often keeps what it sends (the HTTP route keeps them compressed).
   */
  boundaryLayer(level: "province" | "ward", parent?: string): NamedLayer {
    if (level === "ward" && parent === undefined)
      throw new ServiceError("bad-request", "the communes' layer needs its province: parent=<2-digit code>", "parent");
    if (level === "ward") {
      const province = this.registry.require("new", parent!);
      if (province.level !== "province")
        throw new ServiceError("bad-request", `parent must be a new province's 2-digit code, got "${parent}"`, "parent");
    }
    const plain = level === "province" ? provinceLayer() : communeLayer(sharedBoundaries(), parent!);
    return {
      type: "FeatureCollection",
      features: plain.features.map((feature) => {
        const unit = this.registry.require("new", feature.properties.code);
        return { ...feature, properties: { code: unit.code, name: unit.name, full_name: unit.fullName } };
      }),
    };
  }

  /** A unit with its type and parents, the JSON form every door shows. */
  unitJson(unit: Unit): UnitJson {
    return unitJson(this.registry, unit);
  }

  /** One-line label: "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh (old 26740)". */
  label(unit: Unit): string {
    return unitLabel(this.registry, unit);
  }

  /** The code of the one old ward (or district) a name designates; `ambiguous` listing them when several score alike. */
  private oldWardNamed(text: string): string {
    const candidates = this.registry.lookupPath(text, {
      structure: "old",
      levels: ["ward", "district"],
      limit: 10,
    });
    if (candidates.length === 0) throw new ServiceError("not-found", `no old ward matches "${text}"`);
    const [best, second] = candidates;
    if (second && second.score >= best.score - AMBIGUOUS_WITHIN) {
      const list = candidates
        .filter((c) => c.score >= best.score - AMBIGUOUS_WITHIN)
        .map((c) => this.label(c.unit))
        .join("; ");
      throw new ServiceError("ambiguous", `"${text}" is ambiguous, add its district or province: ${list}`);
    }
    return best.unit.code;
  }
}
