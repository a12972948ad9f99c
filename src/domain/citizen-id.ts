/**
 * Citizen ID (CCCD, Decree 137/2015 and Circular 07/2016/TT-BCA) facts shared by the rule that
 * checks IDs and the generator that writes them: the first three digits are the birthplace, the
 * GSO code of the (63-province) province with a leading zero ("001" Hà Nội … "096" Cà Mau).
 */
import { loadRegistry } from "../units/registry.js";

let birthplaces: readonly string[] | null = null;

/**
 * The 63 birthplace codes, derived from the registry rather than listed by hand. Computed on first
 * call, not at import: every CLI command imports the rules, and most never check an ID.
 */
export function cccdBirthplaces(): readonly string[] {
  birthplaces ??= loadRegistry()
    .list("old", "province")
    .map((p) => `0${p.code}`);
  return birthplaces;
}
