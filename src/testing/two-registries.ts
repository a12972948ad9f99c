/**
 * Test helpers for running the parser and the name look-up over two registries side by side: a
 * modified copy of the shipped registry written to a folder (some units renamed, so the two
 * answer differently and their name indexes number their words differently), and the work both
 * the main thread and the worker threads of a test do with them. Used by tests only.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { createParser, type Parser } from "../parse/parser.js";
import type { ParsedAddress } from "../parse/types.js";
import type { UnitColumns, UnitLinksFile, UnitsFile } from "../units/artefact.js";
import { nameKey } from "../units/name-analysis.js";
import { DEFAULT_UNITS_PATH, loadRegistry } from "../units/registry.js";

/** Units the copy renames: [structure, level, code, new name]. */
const RENAMES: [structure: "old" | "new", level: "province" | "ward", code: string, name: string][] = [
  ["new", "ward", "26740", "Nhà Rồng"], // Phường Sài Gòn
  ["old", "ward", "26740", "Nhà Rồng"], // Phường Bến Nghé
  ["new", "province", "01", "Thăng Long"], // Thành phố Hà Nội
  ["old", "province", "01", "Thăng Long"],
];

/**
 * Writes the renamed copy of the shipped registry (units and links files) into `folder` and
 * returns the path of its units file, for `loadRegistry(path)`.
 */
export function writeRenamedRegistry(folder: string): string {
  const unitsPath = DEFAULT_UNITS_PATH;
  const units = JSON.parse(readFileSync(unitsPath, "utf8")) as UnitsFile;
  const links = JSON.parse(
    readFileSync(unitsPath.replace("units.v2.json", "unit-links.v2.json"), "utf8"),
  ) as UnitLinksFile;
  for (const [structure, level, code, name] of RENAMES) {
    const columns = (units[structure] as Record<string, UnitColumns>)[level];
    const keys = (links.keys[structure] as Record<string, string[]>)[level];
    const at = columns.code.indexOf(code);
    if (at < 0) throw new Error(`two-registries: no ${structure} ${level} ${code} to rename`);
    columns.name[at] = name;
    keys[at] = nameKey(name);
  }
  const path = join(folder, "units.v2.json");
  writeFileSync(path, JSON.stringify(units));
  writeFileSync(join(folder, "unit-links.v2.json"), JSON.stringify(links));
  return path;
}

/** Addresses that read differently over the two registries, and some that read alike. */
export const TEXTS: readonly string[] = [
  "12/3A Ng.T.Minh Khai, P.Đa Kao, Q1, TPHCM",
  "Phường Bến Nghé, Quận 1, TP Hồ Chí Minh",
  "5 Lê Lợi, Phường Nhà Rồng, TP Hồ Chí Minh",
  "5 Le Loi, P. Nha Rong, Q1, HCM",
  "Phường Sài Gòn, Thành phố Hồ Chí Minh",
  "so 7 ngo 12 ngach 3 khuong ha thanh xuan hn",
  "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
  "Số 1 Tràng Tiền, Hoàn Kiếm, Thăng Long",
  "Xã Kim Chung, Huyện Hoài Đức, Thành phố Thăng Long",
  "xa kim chung hoai duc thang longg",
  "Thôn 3, X. Ea Kao, TP BMT, Đắk Lắk",
  "Phường Nhà Rồngg, Quận 1",
  "KrôngAna, Đắk Lắk",
  "Phường Phương Liên - Trung Tự, Đống Đa, Hà Nội",
];

/** What a look-up answers, reduced to what the test compares. */
export type LookupAnswer = [text: string, candidates: string[]];

/** Everything one registry answers for the texts: each parse, and each text's unit look-up. */
export interface Answers {
  parses: ParsedAddress[];
  lookups: LookupAnswer[];
}

/** The two parsers (and their registries) a test compares: the shipped one first. */
export function twoParsers(renamedUnitsPath: string): [shipped: Parser, renamed: Parser] {
  return [createParser(loadRegistry()), createParser(loadRegistry(renamedUnitsPath))];
}

/** Answers of one parser for every text, one text at a time, nothing else running. */
export function answersAlone(parser: Parser): Answers {
  return {
    parses: TEXTS.map((text) => parser.parse(text)),
    lookups: TEXTS.map((text) => lookupAnswer(parser, text)),
  };
}

function lookupAnswer(parser: Parser, text: string): LookupAnswer {
  const candidates = parser.index.registry.lookupPath(text, { limit: 5 });
  return [text, candidates.map((c) => `${c.unit.structure}:${c.unit.code}:${c.score}:${c.match}`)];
}

/**
 * Both parsers' answers, worked out interleaved: text by text, alternating between the parsers
 * (and between a parse and a look-up), yielding to the event loop after each step so that other
 * tasks' parses run in between.
 */
export async function answersInterleaved(parsers: readonly Parser[]): Promise<Answers[]> {
  const out: Answers[] = parsers.map(() => ({ parses: [], lookups: [] }));
  for (const text of TEXTS)
    for (let p = 0; p < parsers.length; p++) {
      out[p].parses.push(parsers[p].parse(text));
      await new Promise((resolve) => setImmediate(resolve));
      out[p].lookups.push(lookupAnswer(parsers[p], text));
      await new Promise((resolve) => setImmediate(resolve));
    }
  return out;
}
