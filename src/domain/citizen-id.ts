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

/**
 * A citizen ID a spreadsheet stored as a number, its leading zeros dropped (every birthplace code
 * starts with 0: "079203001234" becomes 79203001234, "001…" loses two): 10 or 11 digits padded back
 * to 12 when the three digits that then open it are a birthplace code. Null for anything else.
 */
export function citizenIdWithLeadingZeros(digits: string): string | null {
  if (!/^[1-9]\d{9,10}$/.test(digits)) return null;
  const padded = digits.padStart(12, "0");
  return cccdBirthplaces().includes(padded.slice(0, 3)) ? padded : null;
}
