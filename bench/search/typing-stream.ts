/**
 * What a server hears from people typing addresses into the search box: the HTTP benchmark's
 * "autocomplete, typed" stream and the in-process typing benchmark ask the same kind of questions.
 */
import type { RecordSummary } from "../../src/store/store.js";
import type { UnitRegistry } from "../../src/units/registry.js";

/** "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh": a record as people write it. */
export function written(r: RecordSummary, registry: UnitRegistry): string {
  const door = r.parts.houseNumber ?? r.parts.lot ?? "";
  const way = r.parts.street ?? r.parts.hamlet?.name ?? "";
  return `${door} ${way}, ${registry.require("new", r.new.commune).fullName}, ${registry.require("new", r.new.province).fullName}`.trim();
}

/**
 * What a server hears from `texts.length` people typing an address each at once: every other
 * keystroke from the third letter (a page asks after a pause, not at every key), the typists'
 * questions interleaved in the order they would arrive.
 */
export function typingStream(texts: readonly string[]): string[] {
  const stream: string[] = [];
  const longest = Math.max(...texts.map((t) => t.length));
  for (let typed = 3; typed <= longest; typed += 2) for (const text of texts) if (typed <= text.length) stream.push(text.slice(0, typed));
  return stream;
}
