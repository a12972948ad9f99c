/**
 * Vietnam's national postal codes (2018: five digits, often written with a sixth, "100000"): the
 * first two digits name the province, of the old structure (the codes predate 2025). Shipped as
 * `data/postal-codes.v1.json` (see data/PROVENANCE.md), versioned like every artefact.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const DEFAULT_POSTAL_CODES_PATH = fileURLToPath(
  new URL("../../../data/postal-codes.v1.json", import.meta.url),
);

const FORMAT = "diachiso-postal-codes";
const VERSION = 1;

/** Old province codes by the two leading digits of a postal code. */
export type PostalPrefixes = ReadonlyMap<string, string>;

/** Reads the prefix table, checking its format and version. */
export function loadPostalPrefixes(path = DEFAULT_POSTAL_CODES_PATH): PostalPrefixes {
  const file = JSON.parse(readFileSync(path, "utf8")) as {
    format?: string;
    version?: number;
    prefixes?: Record<string, { province: string }>;
  };
  if (file.format !== FORMAT || file.version !== VERSION || !file.prefixes)
    throw new Error(
      `${path}: expected ${FORMAT} version ${VERSION}, got ${file.format} version ${file.version}`,
    );
  return new Map(Object.entries(file.prefixes).map(([prefix, { province }]) => [prefix, province]));
}

/**
 * The old province a written postal code names: five digits, or six ending in 0 (the 2018 code
 * written in the six-digit habit of the earlier list), with a known prefix; else null.
 * @example provinceOfPostalCode("100000", prefixes) === "01" // Hà Nội
 */
export function provinceOfPostalCode(folded: string, prefixes: PostalPrefixes): string | null {
  if (!/^\d{5}(0)?$/.test(folded)) return null;
  return prefixes.get(folded.slice(0, 2)) ?? null;
}
