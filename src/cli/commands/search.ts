/**
 * `diachiso search`, `geocode`, `reverse` and `index build|status`: the search service over a
 * store's index. Each query command answers one query from its argument, or one per stdin line
 * with `--ndjson` (one JSON object per line, in order, the index opened once).
 */
import type { Command } from "commander";
import type { Status } from "../../domain/lifecycle.js";
import { STATUSES } from "../../domain/lifecycle.js";
import type { SearchOptions, SearchResult } from "../../search/types.js";
import { checkPoint, SearchService, SearchSession } from "../../services/search.js";
import {
  CliError,
  parseNumberArg,
  parseWholeNumberArg,
  printJson,
  printJsonLine,
  stdinLines,
} from "../output.js";
import { addDbOption, cliStoreError, cliStores } from "../store.js";
import { CSV_OPTIONS, type CsvFlags, runCsvBatch } from "./search-csv.js";

interface QueryFlags {
  db?: string;
  json?: boolean;
  ndjson?: boolean;
  limit?: string;
  autocomplete?: boolean;
  province?: string;
  ward?: string;
  kind?: string;
  status?: string;
  near?: string;
  old?: boolean;
}

function searchOptions(flags: QueryFlags): SearchOptions {
  const options: SearchOptions = {};
  if (flags.limit !== undefined) options.limit = parseWholeNumberArg("--limit", flags.limit, 1, 100);
  if (flags.autocomplete) options.autocomplete = true;
  if (flags.province !== undefined) {
    if (!/^\d{2}$/.test(flags.province))
      throw new CliError(`--province must be a 2-digit new province code, got "${flags.province}"`, 2);
    options.province = flags.province;
  }
  if (flags.ward !== undefined) {
    if (!/^\d{5}$/.test(flags.ward))
      throw new CliError(`--ward must be a 5-digit commune or old ward code, got "${flags.ward}"`, 2);
    options.ward = flags.ward;
  }
  if (flags.kind !== undefined) options.kind = flags.kind;
  if (flags.status !== undefined) {
    const statuses = flags.status.split(",").map((s) => s.trim());
    for (const s of statuses)
      if (!STATUSES.includes(s as Status))
        throw new CliError(`--status must be one of ${STATUSES.join(", ")}, got "${s}"`, 2);
    options.status = statuses as Status[];
  }
  if (flags.near !== undefined) {
    const [lat, lon] = flags.near.split(",").map((x) => parseNumberArg("--near", x));
    if (lon === undefined) throw new CliError(`--near must be LAT,LON, got "${flags.near}"`, 2);
    options.near = { lat, lon };
  }
  if (flags.old) options.withOld = true;
  return options;
}

async function openSession(db: string | undefined, shared = false): Promise<SearchSession> {
  try {
    return new SearchSession(
      await new SearchService().open(
        cliStores(db, "diachiso search"),
        (message) => process.stderr.write(`diachiso search: ${message}\n`),
        { shared },
      ),
    );
  } catch (error) {
    throw cliStoreError(error);
  }
}

function line(r: SearchResult): string {
  const head = r.code ? `${r.code}  ` : "";
  const distance = r.distance_m !== undefined ? `  ${r.distance_m} m` : "";
  return `${r.score.toFixed(3)}  ${r.match.padEnd(8)} ${head}${r.label}${distance}`;
}

function withQueryFlags(command: Command): Command {
  return addDbOption(command)
    .option("--json", "machine-readable output (one JSON document)")
    .option("--ndjson", "batch mode: one query per stdin line, one JSON object per output line, same order")
    .option("--limit <n>", "most results (default 10, at most 100)")
    .option("--province <code>", "only this new province (2 digits)")
    .option("--ward <code>", "only this commune: a new commune code, or an old ward code (its successors)")
    .option("--kind <kind>", "only addresses of this kind (household, agency, business, organisation…)")
    .option("--status <list>", "only addresses in these statuses, comma-separated (e.g. official)")
    .option("--near <lat,lon>", "prefer results near this point")
    .option("--old", "add the old-structure address to each result");
}

async function eachLine(answer: (text: string) => unknown): Promise<void> {
  for await (const text of stdinLines()) {
    try {
      printJsonLine(answer(text));
    } catch (error) {
      printJsonLine({ query: text, error: (error as Error).message });
    }
  }
}

/**
 * One text query from the argument, or one per stdin line with `--ndjson` (the index opened once):
 * the answer as JSON, or shown by `show`.
 */
async function answerQueries<T>(
  text: string | undefined,
  flags: QueryFlags,
  usage: string,
  ask: (session: SearchSession, text: string, options: SearchOptions) => T,
  show: (answer: T) => void,
): Promise<void> {
  const options = searchOptions(flags);
  if (flags.ndjson) {
    if (text !== undefined) throw new CliError("--ndjson reads one query per stdin line; do not pass one as an argument as well", 2);
    const session = await openSession(flags.db);
    return eachLine((line) => ask(session, line, options));
  }
  if (text === undefined || text.trim() === "") throw new CliError(usage, 2);
  const answer = ask(await openSession(flags.db), text, options);
  if (flags.json) printJson(answer);
  else show(answer);
}

export function registerSearchCommands(program: Command): void {
  withQueryFlags(
    program
      .command("search")
      .description(
        "find addresses, streets and units by what they say, or by a code, Plus Code or coordinates",
      )
      .argument("[query]", "the text (omit with --ndjson)")
      .option("--autocomplete", "the last word is still being typed"),
  ).action((query: string | undefined, flags: QueryFlags) =>
    answerQueries(query, flags, 'give what to search for, e.g. diachiso search "12 Lê Lợi, Huế"', (session, text, options) => session.search(text, options), (answer) => {
      if (answer.suggestions) process.stdout.write(`not a valid code; did you mean: ${answer.suggestions.join(", ")}\n`);
      if (answer.results.length === 0) process.stdout.write("nothing found\n");
      for (const r of answer.results) process.stdout.write(`${line(r)}\n`);
    }),
  );

  withQueryFlags(
    program
      .command("geocode")
      .description("the one best place for an address, with its confidence and match level")
      .argument("[text]", "the address (omit with --ndjson or --csv)")
      .option(...CSV_OPTIONS.csv)
      .option("--columns <list>", "with --csv: the columns that make the address, comma-separated, joined in that order (default every column)")
      .option(...CSV_OPTIONS.out)
      .option(...CSV_OPTIONS.maxRows)
      .option(...CSV_OPTIONS.threads),
  ).action((text: string | undefined, flags: QueryFlags & Partial<CsvFlags> & { columns?: string }) => {
    if (flags.csv !== undefined) {
      const { province } = searchOptions(flags);
      const others = { "<text>": text, "--ndjson": flags.ndjson, "--limit": flags.limit, "--autocomplete": flags.autocomplete, "--ward": flags.ward, "--kind": flags.kind, "--status": flags.status, "--near": flags.near, "--old": flags.old };
      for (const [flag, given] of Object.entries(others))
        if (given !== undefined) throw new CliError(`--csv takes --columns, --province, --out, --max-rows and --threads, not ${flag}`, 2);
      const columns = flags.columns?.split(",").map((c) => c.trim());
      if (columns?.some((c) => c === "")) throw new CliError(`--columns must name columns separated by commas, got "${flags.columns}"`, 2);
      return runCsvBatch("geocode", flags as CsvFlags, (shared) => openSession(flags.db, shared), (batch, input, output, options) =>
        batch.geocodeCsv(input, output, { ...options, columns, province }),
      );
    }
    if (flags.columns !== undefined || flags.out !== undefined || flags.maxRows !== undefined || flags.threads !== undefined)
      throw new CliError("--columns, --out, --max-rows and --threads go with --csv", 2);
    return answerQueries(text, flags, 'give an address, e.g. diachiso geocode "12 Lê Lợi, Huế"', (session, t, options) => session.geocode(t, options), (answer) => {
      process.stdout.write(answer.result ? `${line(answer.result)}\n` : "no place found with confidence\n");
      if (!answer.result) process.exitCode = 1;
    });
  });

  addDbOption(
    program
      .command("reverse")
      .description("the addresses nearest a point, and the units there (new, and the old it was formed from)")
      .argument("[lat]", 'latitude, WGS84 degrees (omit with --ndjson: one "lat lon" per stdin line)')
      .argument("[lon]", "longitude")
      .option("--radius <m>", "metres around the point (default 100, at most 5000)")
      .option("--limit <n>", "most addresses (default 5, at most 100)")
      .option("--json", "machine-readable output (one JSON document)")
      .option("--ndjson", 'batch mode: one "lat lon" pair per stdin line, one JSON object per output line')
      .option(...CSV_OPTIONS.csv)
      .option("--lat-column <name>", "with --csv: the latitude column (default the first named lat, latitude, vĩ độ or y)")
      .option("--lon-column <name>", "with --csv: the longitude column (default the first named lon, lng, long, longitude, kinh độ or x)")
      .option(...CSV_OPTIONS.out)
      .option(...CSV_OPTIONS.maxRows),
  ).action(
    async (
      lat: string | undefined,
      lon: string | undefined,
      flags: { db?: string; radius?: string; limit?: string; json?: boolean; ndjson?: boolean; latColumn?: string; lonColumn?: string } & Partial<CsvFlags>,
    ) => {
      const options = {
        radius:
          flags.radius === undefined ? undefined : parseWholeNumberArg("--radius", flags.radius, 0, 5000),
        limit: flags.limit === undefined ? undefined : parseWholeNumberArg("--limit", flags.limit, 1, 100),
      };
      if (flags.csv !== undefined) {
        const others = { "<lat>": lat, "--ndjson": flags.ndjson, "--limit": flags.limit };
        for (const [flag, given] of Object.entries(others))
          if (given !== undefined) throw new CliError(`--csv takes --radius, --lat-column, --lon-column, --out and --max-rows, not ${flag}`, 2);
        return runCsvBatch("reverse", flags as CsvFlags, () => openSession(flags.db), (batch, input, output, csvOptions) =>
          batch.reverseCsv(input, output, { ...csvOptions, radius: options.radius, latColumn: flags.latColumn, lonColumn: flags.lonColumn }),
        );
      }
      if (flags.latColumn !== undefined || flags.lonColumn !== undefined || flags.out !== undefined || flags.maxRows !== undefined)
        throw new CliError("--lat-column, --lon-column, --out and --max-rows go with --csv", 2);
      if (flags.ndjson) {
        if (lat !== undefined)
          throw new CliError("--ndjson reads points from stdin; do not pass <lat> <lon> as well", 2);
        const session = await openSession(flags.db);
        return eachLine((text) => {
          const [a, b] = text
            .trim()
            .split(/[\s,;]+/)
            .map(Number);
          return session.reverse(a, b, options);
        });
      }
      if (lat === undefined || lon === undefined)
        throw new CliError("give a latitude and a longitude, e.g. diachiso reverse 21.0245 105.8412", 2);
      const point = [parseNumberArg("<lat>", lat), parseNumberArg("<lon>", lon)] as const;
      checkPoint(...point); // before opening the index: bad input is told at once
      const answer = (await openSession(flags.db)).reverse(point[0], point[1], options);
      if (flags.json) return printJson(answer);
      if (answer.units)
        process.stdout.write(`${answer.units.commune?.name ?? "—"}, ${answer.units.province?.name ?? "—"}\n`);
      else process.stdout.write("outside every commune\n");
      for (const r of answer.results) process.stdout.write(`${line(r)}\n`);
    },
  );

  const index = program
    .command("index")
    .description("the search index beside a store: build it, or see how current it is");
  addDbOption(
    index
      .command("build")
      .description("build the search index from a full read of the store")
      .option("--json", "machine-readable output"),
  ).action(async (flags: { db?: string; json?: boolean }) => {
    try {
      const built = await new SearchService().build(cliStores(flags.db, "diachiso index"));
      if (flags.json) return printJson(built);
      process.stdout.write(
        `index: ${built.records.toLocaleString("en")} records, ${built.documents.toLocaleString("en")} names → ${built.file} in ${built.seconds.toFixed(1)} s\n`,
      );
    } catch (error) {
      throw cliStoreError(error);
    }
  });
  addDbOption(
    index
      .command("status")
      .description("the index's size and how far behind the store it is")
      .option("--json", "machine-readable output"),
  ).action(async (flags: { db?: string; json?: boolean }) => {
    try {
      const status = await new SearchService().status(cliStores(flags.db, "diachiso index"));
      if (flags.json) return printJson(status);
      if (!status.exists)
        process.stdout.write(
          `no index at ${status.file} (built on first search, or: diachiso index build)\n`,
        );
      else if (status.problem) process.stdout.write(`${status.file}: ${status.problem}\n`);
      else
        process.stdout.write(
          `${status.file}: ${status.records} records, built ${status.builtAt}, ${status.behind} changes behind the store\n`,
        );
    } catch (error) {
      throw cliStoreError(error);
    }
  });
}
