/**
 * Citizen ID (CCCD, Decree 137/2015 and Circular 07/2016/TT-BCA) facts shared by the rules that
 * check IDs and the generator that writes them: the first three digits are the birthplace, the
 * GSO code of the (63-province) province with a leading zero ("001" Hà Nội … "096" Cà Mau).
 */
import { loadRegistry } from "../units/registry.js";

/** The 63 birthplace codes, derived from the registry rather than listed by hand. */
export const CCCD_BIRTHPLACES: readonly string[] = loadRegistry()
  .list("old", "province")
  .map((p) => `0${p.code}`);
