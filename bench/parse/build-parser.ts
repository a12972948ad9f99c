/**
 * The parser of another build of this repository (`--dist DIR`: a worktree's dist, for a
 * before/after run over the same cases), else of this one: the benchmarks of written forms load it
 * through the parsing service, as every door does.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ParsedAddress } from "../../src/parse/types.js";
import { arg } from "../args.js";

export async function buildParser(): Promise<{ dist: string; parser: { parse(text: string): ParsedAddress } }> {
  const dist = path.resolve(arg("dist", path.join(import.meta.dirname, "../..")));
  const { ParsingService } = (await import(pathToFileURL(path.join(dist, "src/services/parsing.js")).href)) as {
    ParsingService: new () => { parse(text: string): ParsedAddress };
  };
  return { dist, parser: new ParsingService() };
}
