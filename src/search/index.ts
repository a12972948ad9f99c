/**
 * `diachiso/search`: search, autocomplete, geocoding and reverse geocoding over a store's index.
 * Most callers open a store's index through `SearchService` (from `diachiso`), which builds it,
 * saves it beside the store and keeps it current from the change feed; this entry point gives the
 * answer shapes and the engine's pieces for those who build an index from records themselves.
 *
 * @example
 * const session = new SearchSession(await new SearchService().open(storeAt("diachiso.db")));
 * session.search("45 Hàng Bài, Hoàn Kiếm, Hà Nội").results[0]?.code;
 */
export { buildBase, buildSegment, type UnitTables, unitTablesOf } from "./build.js";
export { type EngineParts, SearchEngine } from "./engine.js";
export { distanceM } from "./results.js";
export { INDEX_FORMAT_VERSION, type IndexHeader, IndexFileError, readIndexFile, readIndexHeader, writeIndexFile } from "./index-file.js";
export { type Neighbour, PointIndex } from "./points.js";
export type { Segment } from "./segment.js";
export type * from "./types.js";
