/**
 * Vietnamese address parser and normaliser: free text in, structured parts and administrative
 * units of both structures out. `parseAddress` uses a shared parser over the shipped registry;
 * `createParser(registry)` builds one over another registry (and exposes its unit index).
 *
 * @example
 * parseAddress("12/3A Ng.T.Minh Khai,P.Đa Kao,Q1,TPHCM").old?.ward?.name === "Đa Kao"
 */
import { createParser, type Parser } from "./parser.js";
import type { ParsedAddress } from "./types.js";

export { createParser, type Parser } from "./parser.js";
export type * from "./types.js";
export { normalise, type Token, tokenise } from "./tokenise.js";
export { type RecordParts, toAddressParts } from "./record-parts.js";

// The default parser, built on first use. Sharing it is safe: its indexes are read-only, and
// what it remembers between addresses (words read once) is written only inside a call of
// `parse`, which runs to completion before another can start.
let shared: Parser | null = null;

/** Parses one address with the shared parser (built on first call, about 0.3 s). */
export function parseAddress(text: string): ParsedAddress {
  shared ??= createParser();
  return shared.parse(text);
}
