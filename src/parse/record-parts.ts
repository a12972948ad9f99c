/**
 * A parsed address as a record's content: the parser answers each part as written (`ParsedParts`,
 * the JSON `parse` prints), a record keeps them in the record model (`AddressParts`: a normalised
 * house number or a lot, the alley chain as a list, the hamlet's type apart from its name, the
 * floor apart from the building). This is the one way from the one to the other, so that the API,
 * a checkout form or an import of free text store what the parser read the same way.
 */
import { type AddressParts, parseAlleys, parseHamlet } from "../domain/parts.js";
import { parseHouseNumber } from "../domain/house-number.js";
import type { ParsedParts } from "./types.js";

export interface RecordParts {
  /** Valid for `normaliseParts`: a writer stores them as they are. */
  parts: AddressParts;
  /** The name of the place the text gave ("Chợ Bến Thành"), the record's `name`; null if none. */
  name: string | null;
  /**
   * Parts the model has no place for as read, by part name, as written: a house number in no
   * known form, a word after "ngõ" that is no number. Kept so that nothing read is lost silently.
   */
  unread: Partial<Record<keyof ParsedParts, string>>;
}

/** "Tòa A2 Tầng 5", "Chung cư Bàu Cát Lầu 3": the floor's words, then its number. */
const FLOOR = /^(.*?)\s*\b(?:Tầng|Lầu)\s+(\S+)$/u;

export function toAddressParts(parsed: ParsedParts): RecordParts {
  const parts: AddressParts = {};
  const unread: RecordParts["unread"] = {};
  if (parsed.house_number !== null) {
    const house = parseHouseNumber(parsed.house_number);
    if (house === null) unread.house_number = parsed.house_number;
    else if (house.form === "lot") parts.lot = house.normalised.replace(/^Lô /, "");
    else parts.houseNumber = house.normalised;
  }
  if (parsed.alley !== null) {
    const alleys = parseAlleys(parsed.alley);
    if (alleys) parts.alleys = alleys;
    else unread.alley = parsed.alley;
  }
  if (parsed.street !== null) parts.street = parsed.street;
  // The parser joins several hamlets with ", " ("Thôn 3, Xóm Đông"): the record keeps the first,
  // the others are kept as unread rather than dropped.
  if (parsed.hamlet !== null) {
    const [first, ...more] = parsed.hamlet.split(", ");
    parts.hamlet = parseHamlet(first);
    if (more.length) unread.hamlet = more.join(", ");
  }
  if (parsed.building !== null) {
    const floor = FLOOR.exec(parsed.building);
    if (floor) {
      if (floor[1] !== "") parts.building = floor[1];
      parts.floor = floor[2];
    } else parts.building = parsed.building;
  }
  if (parsed.unit !== null) parts.flat = parsed.unit;
  // A record's place is its coordinates: a Plus Code written with the text is kept, not taken for one.
  if (parsed.plus_code !== null) unread.plus_code = parsed.plus_code;
  return { parts, name: parsed.name, unread };
}
