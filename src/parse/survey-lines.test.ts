/**
 * The parser on survey rows written as one line (testing/survey-lines.ts), from the synthetic
 * national survey: rows that write no unit must mostly come back without one (a street named
 * after a province, "Xa lộ Hà Nội", is no Hà Nội), and rows that write a ward get it back. The
 * ceilings sit just above what the parser gives, so a change that invents units fails here
 * (survey-text.bench.js measures the same on more rows).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { SurveyGenerator } from "../generate/generator.js";
import { surveyRowAsLine, writesNoUnit } from "../testing/survey-lines.js";
import { loadBoundaries } from "../units/boundaries.js";
import { loadRegistry } from "../units/registry.js";
import { createParser } from "./index.js";

test("survey rows written as one line: no unit invented where none is written, the ward read where one is", () => {
  const registry = loadRegistry();
  const parser = createParser(registry);
  const generator = new SurveyGenerator(registry, loadBoundaries(), { count: 12_000, seed: 30 });
  let bare = 0;
  let invented = 0;
  let wards = 0;
  let right = 0;
  const examples: string[] = [];
  for (const row of generator.rows()) {
    const text = surveyRowAsLine(row);
    const r = parser.parse(text);
    if (writesNoUnit(row)) {
      bare++;
      const unit = r.old?.ward ?? r.new?.ward ?? r.old?.district ?? r.old?.province ?? r.new?.province ?? null;
      if (unit !== null) {
        invented++;
        if (examples.length < 10) examples.push(`${text} → ${unit.full_name}`);
      }
    } else if (row.ward !== "" && row.ward_code !== "") {
      wards++;
      const got = row.district_code !== "" ? r.old?.ward : r.new?.ward;
      if (got?.code === row.ward_code) right++;
    }
  }
  assert.ok(bare > 5_000 && wards > 2_000, `${bare} rows without units, ${wards} with a ward`);
  assert.ok(invented / bare <= 0.022, `${invented} of ${bare} rows writing no unit given one: ${examples.join("; ")}`);
  assert.ok(right / wards >= 0.998, `${right} of ${wards} wards right`);
});
