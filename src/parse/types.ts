/**
 * The parser's public shapes. `ParsedAddress` is exactly the JSON the CLI prints and the bulk
 * importer stores: snake_case fields, `null` when a part or unit is absent.
 */

/** A unit as the parser reports it: `name` without its type word, `full_name` with it. */
export interface UnitOut {
  code: string;
  name: string;
  full_name: string;
}

/**
 * The free-text parts of an address as the parser answers them: each part as written (diacritics
 * kept, spacing normalised), the JSON `parse` prints. A record keeps its parts in the record model
 * (`AddressParts` of `diachiso/store`); `toAddressParts` turns these into those.
 */
export interface ParsedParts {
  /** "12/3A", "284D Bis", "K12/5", "Lô A5". */
  house_number: string | null;
  /** The alley chain, outermost first: "Ngõ 12 Ngách 3", "Hẻm 284/5", "Kiệt 52". */
  alley: string | null;
  /** Street name without its keyword: "Nguyễn Thị Minh Khai", "Quốc lộ 1A". */
  street: string | null;
  /** Hamlet or residential group with its type: "Thôn 3", "Ấp Tân Hòa", "Tổ 5", "Khu phố 2". */
  hamlet: string | null;
  /** Building and floor: "Tòa A2 Tầng 5", "Chung cư Bàu Cát". */
  building: string | null;
  /** Flat or room: "Phòng 501", "Căn hộ 12A". */
  unit: string | null;
  /** Name of the place when the text gives one: "Chợ Bến Thành", "Công ty ABC". */
  name: string | null;
  /**
   * A Plus Code written with the address, as map services print a place without a street address
   * ("7P2X+C4 Tân Kiên, Bình Chánh"): upper-cased; a short one is recovered near the units read
   * (search does). No other part takes its characters.
   */
  plus_code: string | null;
}

export interface OldUnitsOut {
  province: UnitOut | null;
  district: UnitOut | null;
  ward: UnitOut | null;
}

export interface NewUnitsOut {
  province: UnitOut | null;
  ward: UnitOut | null;
}

/**
 * Another reading of the text, or another unit the conversion could lead to, when the text does
 * not decide between them. `reason`:
 * - "reading": another consistent combination of units scored close to the chosen one;
 * - "split-ward": the old ward was divided between several new communes;
 * - "predecessor": the new commune was formed from several old wards;
 * - "split-district": the words read as the new commune also name an old district that went into
 *   several communes (listed here); without its street the text does not decide between them.
 */
export interface AlternativeOut {
  reason: "reading" | "split-ward" | "predecessor" | "split-district";
  old: OldUnitsOut | null;
  new: NewUnitsOut | null;
  /** Relative score of the reading (same scale as the chosen one); null for conversions. */
  score: number | null;
}

/**
 * A unit the text names that was merged away or renamed before March 2025 (the former-units
 * table, data/former-units.v2.json), and what it became in the old structure.
 */
export interface FormerOut {
  /** The words of the text that name it. */
  written: string;
  /** Its type word and name: "Phường Quốc Tử Giám". */
  full_name: string;
  level: "province" | "district" | "ward";
  /** Last day it existed at the latest (YYYY-MM-DD). */
  until: string;
  /** Its successors in the old structure (March 2025 list); empty when the sources do not say. */
  successors: UnitOut[];
  /**
   * "successor": the sources name one successor, which takes its place in `old` (and `new`
   * follows from it); "place": several or none are known, so only the place around it (its
   * district or province) is filled and the levels below it stay null.
   */
  resolved: "successor" | "place";
}

export interface ParsedAddress {
  input: string;
  parts: ParsedParts;
  /** Which structure the text is written in: old (with districts), new (two levels), mixed, or null. */
  structure: "old" | "new" | "mixed" | null;
  old: OldUnitsOut | null;
  new: NewUnitsOut | null;
  formatted: { old: string | null; new: string | null };
  /** 0..1: how complete and unambiguous the unit resolution is. */
  confidence: number;
  /** True when the text (or the conversion) allows several answers; see `alternatives`. */
  ambiguous: boolean;
  /**
   * The levels the text does not decide ("old.ward", "new.ward", …): the answer there is empty or
   * the likelier of several, and some alternative gives another unit.
   */
  undecided: string[];
  alternatives: AlternativeOut[];
  /** Former units the text names (merged away or renamed before 2025), lowest level first; usually empty. */
  former: FormerOut[];
  /**
   * Units the text names that the answer does not take because the province the text declares
   * has none of that name (usually empty): why a level is null, or read as a near spelling.
   */
  unplaced: UnplacedOut[];
}

/**
 * Words naming a unit that exists only outside the province the text declares ("xã Hòa Bình,
 * tỉnh Đắk Lắk": Đắk Lắk has no Hòa Bình in either structure). The declared province wins.
 */
export interface UnplacedOut {
  /** The words of the text that name it. */
  written: string;
  level: "province" | "district" | "ward";
  /**
   * `not-in-province`: the answer leaves that level empty; `near-spelling`: the answer reads the
   * words as a unit of the declared province one or two letters away (a typo), less surely;
   * `part-read`: the answer reads only the first words as a unit of the province ("Xã Thanh
   * Phuoc": Xã Thanh), less surely.
   */
  reason: "not-in-province" | "near-spelling" | "part-read";
  /** The province the text declares, as written (old or new structure). */
  province: UnitOut;
  /** Units of that name elsewhere, with their province, stronger readings first (at most 5). */
  elsewhere: { structure: "old" | "new"; unit: UnitOut; province: UnitOut }[];
}
