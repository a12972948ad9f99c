/**
 * The rule for records placed at their commune's label point (no surveyed location): a notified
 * code is for life, so a record is notified only under its final code — the code of the cell its
 * surveyed point lies in. A record still at the label point (location source `centroid`), or whose
 * code names a cell its point is not in (its point was surveyed after its code was given), is not
 * notified: the deliverer lists it among the dead letters with this reason, and the surveyor gives
 * the address its final code (a new record at the surveyed point; the placeholder retired with the
 * new one as its successor), which is then notified in turn. See docs/notification.md.
 */
import { decode, isValid } from "../code/index.js";
import type { AddressRecord } from "../domain/record.js";

/** Why this record may not be notified under its code yet, or null when its code is final. */
export function finalCodeProblem(record: Pick<AddressRecord, "code" | "location">): string | null {
  if (record.location.source === "centroid") {
    return `code ${record.code} is a placeholder: the record sits at its commune's label point, no location was surveyed (mã tạm: chưa khảo sát tọa độ)`;
  }
  // Codes migrated from an earlier system are not ours to decode: they were final there.
  if (!isValid(record.code)) return null;
  const { bounds } = decode(record.code);
  const { lat, lon } = record.location;
  if (lat < bounds.south || lat > bounds.north || lon < bounds.west || lon > bounds.east) {
    return `code ${record.code} names a cell that does not hold the record's point ${lat}, ${lon}: give it the code of its surveyed point first (mã không khớp tọa độ)`;
  }
  return null;
}
