/**
 * Free-text address parsing as every door asks for it: one parser per service over one unit
 * registry, built on the first parse (about 0.3 s) and reused for every later one.
 */
import { createParser, type Parser } from "../parse/index.js";
import type { ParsedAddress } from "../parse/types.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";

export class ParsingService {
  private parser: Parser | null = null;

  constructor(private readonly registry?: UnitRegistry) {}

  /** Parts and units of both structures of a written address, with alternatives when it is ambiguous. */
  parse(text: string): ParsedAddress {
    this.parser ??= createParser(this.registry ?? loadRegistry());
    return this.parser.parse(text);
  }
}
