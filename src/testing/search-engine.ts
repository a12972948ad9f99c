/**
 * A search engine over a few records and nothing else, as the engine's tests build one: the records
 * as its base segment, the registry's unit tables, the parser given.
 */
import type { Parser } from "../parse/parser.js";
import { buildSegment, unitTablesOf } from "../search/build.js";
import { SearchEngine } from "../search/engine.js";
import type { RecordSummary } from "../store/store.js";
import type { UnitRegistry } from "../units/registry.js";

export function engineOver(records: Iterable<RecordSummary>, registry: UnitRegistry, parser: Parser): SearchEngine {
  const tables = unitTablesOf(registry);
  return new SearchEngine({ registry, parser, base: buildSegment(records, tables) }, tables.communes.codes, tables.oldWards.codes);
}
