/**
 * A minimal reader for the small CSV files of this capability (our published vectors and the
 * DIGIPIN fixtures): `#` comment lines, a header row, double-quoted fields. Not a general CSV parser.
 */
import { readFileSync } from "node:fs";

/** Rows of a CSV file as objects keyed by the header; `#` lines and blank lines are skipped. */
export function readCsv(path: string): Record<string, string>[] {
  const lines = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .filter((line) => line !== "" && !line.startsWith("#"));
  const header = splitCsvLine(lines[0]);
  return lines.slice(1).map((line, i) => {
    const fields = splitCsvLine(line);
    if (fields.length !== header.length) {
      throw new Error(`${path}: data row ${i + 1} has ${fields.length} fields, header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, k) => [name, fields[k]]));
  });
}

function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
