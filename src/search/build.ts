/**
 * Building index segments from a store: the base from a full scan, the delta from the change feed.
 */
import type { Store, RecordSummary } from "../store/store.js";
import type { UnitRegistry } from "../units/registry.js";
import { type Segment, SegmentBuilder, type UnitTable, unitTable } from "./segment.js";

/** The unit tables a segment's 2-byte unit numbers refer to, fixed by the registry's lists. */
export interface UnitTables {
  communes: UnitTable;
  oldWards: UnitTable;
}

export function unitTablesOf(registry: UnitRegistry): UnitTables {
  const codes = (structure: "new" | "old") =>
    registry
      .list(structure, "ward")
      .map((u) => u.code)
      .sort();
  return { communes: unitTable(codes("new")), oldWards: unitTable(codes("old")) };
}

export interface BuildProgress {
  records: number;
}

/**
 * A segment of every record in the store, and the change-feed position it reflects. The position
 * is read before the scan: a change written during the scan is also in the feed after it, and
 * applying a change twice gives the same index.
 */
export async function buildBase(
  store: Store,
  tables: UnitTables,
  onProgress?: (p: BuildProgress) => void,
): Promise<{ segment: Segment; seq: number }> {
  const seq = await store.lastSeq();
  const builder = new SegmentBuilder(tables.communes, tables.oldWards);
  let after: string | null = null;
  do {
    const page = await store.scan(after, 20_000);
    for (const r of page.items) builder.add(r);
    after = page.next;
    onProgress?.({ records: builder.size });
  } while (after);
  return { segment: builder.finish(), seq };
}

/** A segment of the given records (the delta: records changed since the base). */
export function buildSegment(records: Iterable<RecordSummary>, tables: UnitTables): Segment {
  const builder = new SegmentBuilder(tables.communes, tables.oldWards);
  for (const r of records) builder.add(r);
  return builder.finish();
}
