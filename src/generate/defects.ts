/**
 * The defects a real survey has, each drawn independently per record with its own probability.
 * The default mix reproduces roughly the 2022 funnel (24 M records surveyed, about 7 M complete
 * enough to notify owners: ~30 %), measured by src/generate/generator.test.ts on a sample.
 */
export interface DefectMix {
  /** lat/lon left empty. */
  missingCoordinates: number;
  /** lat and lon written in each other's field. */
  swappedCoordinates: number;
  /** The point lies in another commune than the declared one. */
  pointOutsideCommune: number;
  /** No owner phone and no e-mail. */
  missingContact: number;
  /** A phone number in no valid format. */
  malformedPhone: number;
  /** A citizen ID in no valid format (a warning only: not needed to notify). */
  malformedCitizenId: number;
  /** The same place surveyed again under another external id. */
  duplicate: number;
  /** A unit code that exists in neither structure. */
  wrongUnitCode: number;
  /** A pre-2025 ward code written as if it were current (no district given). */
  retiredUnitCode: number;
  /** An urban house without its number. */
  missingHouseNumber: number;
  /** A house number no style accepts ("12//4", "?"). */
  malformedHouseNumber: number;
  /** Leading, trailing and doubled spaces and tabs in text fields (harmless: normalised). */
  strayWhitespace: number;
  /** Text in Unicode NFD (decomposed accents) instead of NFC (harmless: normalised). */
  nfdText: number;
}

export const DEFAULT_DEFECT_MIX: Readonly<DefectMix> = {
  missingCoordinates: 0.1,
  swappedCoordinates: 0.02,
  pointOutsideCommune: 0.06,
  missingContact: 0.53,
  malformedPhone: 0.07,
  malformedCitizenId: 0.05,
  duplicate: 0.03,
  wrongUnitCode: 0.015,
  retiredUnitCode: 0.025,
  missingHouseNumber: 0.05,
  malformedHouseNumber: 0.03,
  strayWhitespace: 0.1,
  nfdText: 0.05,
};

/** A mix with every defect switched off: every generated record is complete. */
export const CLEAN_MIX: Readonly<DefectMix> = Object.fromEntries(
  Object.keys(DEFAULT_DEFECT_MIX).map((k) => [k, 0]),
) as unknown as DefectMix;

/**
 * Parses "missingContact=0.2,duplicate=0" over the default mix (for `--defects`).
 * Throws naming the bad key or value.
 */
export function parseDefectMix(text: string, base: Readonly<DefectMix> = DEFAULT_DEFECT_MIX): DefectMix {
  const mix: DefectMix = { ...base };
  if (text.trim() === "none") return { ...CLEAN_MIX };
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const [key, value] = part.split("=").map((s) => s.trim());
    if (!(key in mix)) throw new Error(`unknown defect "${key}" (known: ${Object.keys(mix).join(", ")})`);
    const p = Number(value);
    if (!(p >= 0 && p <= 1)) throw new Error(`defect ${key}: probability must be in [0, 1], got "${value}"`);
    mix[key as keyof DefectMix] = p;
  }
  return mix;
}
