/**
 * A real store for the search benchmark's tests: rows written by the survey generator, imported
 * through the import service into an SQLite file, as a province's survey would be.
 */
import { join } from "node:path";
import { SurveyGenerator } from "../../src/generate/generator.js";
import { writeRows } from "../../src/generate/writers.js";
import { ImportService } from "../../src/services/imports.js";
import { storeAt } from "../../src/services/stores.js";
import { loadBoundaries } from "../../src/units/boundaries.js";
import type { UnitRegistry } from "../../src/units/registry.js";

export interface GeneratedStoreOptions {
  count: number;
  seed: number;
  /** New province codes the rows are drawn in. */
  provinces: string[];
  /** Share of rows written with their old units too. */
  oldShare: number;
}

/** Generates the rows into `dir`, imports them, and returns the store file's path. */
export async function generatedStore(registry: UnitRegistry, dir: string, options: GeneratedStoreOptions): Promise<string> {
  const survey = join(dir, "survey.csv");
  await writeRows(new SurveyGenerator(registry, loadBoundaries(), options).rows(), "csv", survey);
  const db = join(dir, "store.db");
  await new ImportService(storeAt(db, { env: {} })).import({ files: [survey], workers: 1 });
  return db;
}
