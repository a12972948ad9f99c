/**
 * A survey row written out as one line, the way a batch geocoding file or a checkout carries it:
 * the street part (or the hamlet), the hamlet, then the units as the surveyors wrote them, every
 * part the row leaves empty left out. Shared by the parser's survey-text test and benchmark.
 */
import type { SurveyRow } from "../ingest/fields.js";

export function surveyRowAsLine(row: SurveyRow): string {
  const first = [row.house_number, row.alley, row.street].filter(Boolean).join(" ") || row.hamlet;
  return [first, first !== row.hamlet ? row.hamlet : "", row.ward, row.district, row.province]
    .filter(Boolean)
    .join(", ");
}

/** The row writes no unit at all: only a street, a hamlet or a house number. */
export function writesNoUnit(row: SurveyRow): boolean {
  return row.ward === "" && row.district === "" && row.province === "";
}
