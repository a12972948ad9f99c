/**
 * The shipped registry, in two versioned files built by `scripts/build-data.ts`:
 * - `data/units.v2.json`: every unit of both structures (code, type, name, parent), as columns,
 *   read at start-up. Columns parse about twice as fast as one small array per unit, which is
 *   what keeps loading the registry well under 100 ms.
 * - `data/unit-links.v2.json`: what only name look-up and conversion need (the folded name keys,
 *   former names, the old → new mapping), read on first use.
 * Each carries a format tag and a version that the loader checks, so an old build of the code
 * never misreads a newer file (or the reverse).
 */
import type { UnitType } from "./types.js";

export const UNITS_FORMAT = "diachiso-units";
export const UNIT_LINKS_FORMAT = "diachiso-unit-links";
export const UNITS_VERSION = 2;

/** One letter per unit type, so a table's types are one short string. */
export const TYPE_LETTERS: Record<UnitType, string> = {
  "Thành phố": "C",
  Tỉnh: "T",
  Quận: "Q",
  Huyện: "H",
  "Thị xã": "X",
  Phường: "P",
  Xã: "x",
  "Thị trấn": "N",
  "Đặc khu": "D",
};
export const TYPE_OF_LETTER: Record<string, UnitType> = Object.fromEntries(
  Object.entries(TYPE_LETTERS).map(([type, letter]) => [letter, type as UnitType]),
);

/** The units of one structure and level, sorted by code; `parent` is absent for provinces. */
export interface UnitColumns {
  code: string[];
  /** One TYPE_LETTERS letter per unit. */
  type: string;
  name: string[];
  /** Province code (new wards, old districts) or district code (old wards). */
  parent?: string[];
}

export interface UnitsFile {
  format: typeof UNITS_FORMAT;
  version: number;
  builtFrom: string[];
  old: {
    province: UnitColumns;
    district: UnitColumns;
    ward: UnitColumns;
    /** Old ward code → note (the 12 communes merged away before 2025-03-01). */
    notes: Record<string, string>;
  };
  new: { province: UnitColumns; ward: UnitColumns };
}

export interface UnitLinksFile {
  format: typeof UNIT_LINKS_FORMAT;
  version: number;
  /** Folded name key of every unit (`nameKey(name)`), parallel to the columns of units.v2.json. */
  keys: {
    old: { province: string[]; district: string[]; ward: string[] };
    new: { province: string[]; ward: string[] };
  };
  /** New unit code → names it had before a rename (looked up as aliases). */
  former: Record<string, string[]>;
  /** Old ward → new commune; whole = 1 when the new commune took the whole old ward. */
  links: [oldWard: string, newWard: string, whole: 0 | 1][];
  /** The five island districts that had no wards (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo). */
  districtLinks: [oldDistrict: string, newWard: string][];
  /** Old province → new province(s) it went into. */
  provinceLinks: [oldProvince: string, newProvince: string][];
}
