/**
 * The shipped registry file `data/units.v1.json`: compact rows, a format tag and a version that
 * the loader checks, so an old build of the code never misreads a newer file (or the reverse).
 * Built by `scripts/build-data.ts`.
 */
import type { UnitType } from "./types.js";

export const UNITS_FORMAT = "diachiso-units";
export const UNITS_VERSION = 1;

/**
 * [code, type, name, provinceCode] etc.; `key` is the folded name key (`nameKey(name)`), stored
 * so that loading does no text processing (a test checks it still equals nameKey(name));
 * `former` lists names the unit had before a rename.
 */
export interface UnitsFile {
  format: typeof UNITS_FORMAT;
  version: number;
  builtFrom: string[];
  old: {
    provinces: [code: string, type: UnitType, name: string, key: string][];
    districts: [code: string, type: UnitType, name: string, key: string, provinceCode: string][];
    wards: [code: string, type: UnitType, name: string, key: string, districtCode: string, note?: string][];
  };
  new: {
    provinces: [code: string, type: UnitType, name: string, key: string, former: string[]][];
    wards: [code: string, type: UnitType, name: string, key: string, provinceCode: string, former: string[]][];
  };
  /** Old ward → new commune; whole = 1 when the new commune took the whole old ward. */
  links: [oldWard: string, newWard: string, whole: 0 | 1][];
  /** The five island districts that had no wards (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo). */
  districtLinks: [oldDistrict: string, newWard: string][];
  /** Old province → new province(s) it went into. */
  provinceLinks: [oldProvince: string, newProvince: string][];
}
