/**
 * Stage 7: canonical output. The formatted address as one line, most specific first: place name, building, flat, "house alley street", hamlet, then
 * the units with their official type words.
 */
import type { NewUnits, OldUnits } from "./convert.js";
import type { ParsedParts } from "./types.js";

/** The street line: "12/3A Hẻm 5 Nguyễn Thị Minh Khai". */
export function streetLine(parts: ParsedParts): string {
  const { house_number: house, alley, street } = parts;
  let line = house ?? "";
  if (alley !== null) line = house === null ? alley : `${line} ${alley}`;
  if (street !== null) line = house === null && alley === null ? street : `${line} ${street}`;
  return line;
}

/** One-line address in the structure of `units` (districts only in the old one), or null without units. */
export function formatAddress(parts: ParsedParts, units: OldUnits | NewUnits | null): string | null {
  if (!units || (!units.province && !units.ward)) return null;
  const district = "district" in units ? units.district : null;
  // Joined by hand: this runs twice per parsed address, and arrays filtered then joined cost more.
  let line = withPiece("", parts.name);
  line = withPiece(line, parts.building);
  line = withPiece(line, parts.unit);
  line = withPiece(line, streetLine(parts));
  line = withPiece(line, parts.hamlet);
  line = withPiece(line, units.ward?.fullName);
  line = withPiece(line, district?.fullName);
  line = withPiece(line, units.province?.fullName);
  return line;
}

/** `line` with `piece` after a comma, or `line` when there is no piece. */
function withPiece(line: string, piece: string | null | undefined): string {
  if (piece === null || piece === undefined || piece === "") return line;
  return line === "" ? piece : `${line}, ${piece}`;
}
