/**
 * `diachiso units …`: administrative units of both structures, through the units service. This
 * file reads the arguments and prints the answers; the rules are the service's.
 */
import type { Command } from "commander";
import { LEVELS, STRUCTURES, UnitService } from "../../services/units.js";
import type { Level, LookupCandidate, Structure } from "../../units/types.js";
import { CliError, parseNumberArg, parseWholeNumberArg, printJson } from "../output.js";

function structureOption(raw: string | undefined): Structure | undefined {
  if (raw === undefined) return undefined;
  if (!STRUCTURES.includes(raw as Structure)) throw new CliError(`--structure must be old or new, got "${raw}"`, 2);
  return raw as Structure;
}

function levelOption(raw: string): Level {
  if (!LEVELS.includes(raw as Level)) throw new CliError(`--level must be province, district or ward, got "${raw}"`, 2);
  return raw as Level;
}

export function registerUnitsCommands(program: Command): void {
  const units = program.command("units").description("administrative units: 63-province (old) and 34-province (new)");

  units
    .command("list")
    .description("list the units of one structure and level")
    .requiredOption("--structure <old|new>", "which structure")
    .requiredOption("--level <province|district|ward>", "which level")
    .option("--parent <code>", "only units inside this province or district")
    .option("--json", "machine-readable output")
    .action((opts: { structure: string; level: string; parent?: string; json?: boolean }) => {
      const structure = structureOption(opts.structure)!;
      const level = levelOption(opts.level);
      const service = new UnitService();
      const list = service.list(structure, level, opts.parent);
      if (opts.json) return printJson(list.map((u) => service.unitJson(u)));
      for (const unit of list) process.stdout.write(`${unit.code}\t${service.label(unit)}\n`);
    });

  units
    .command("show")
    .description("one unit by code, with its parents and number of children")
    .argument("<code>", "unit code (2, 3 or 5 digits)")
    .option("--structure <old|new>", "which structure (default: every structure that has the code)")
    .option("--json", "machine-readable output")
    .action((code: string, opts: { structure?: string; json?: boolean }) => {
      const structure = structureOption(opts.structure);
      const service = new UnitService();
      const found = service.show(code, structure);
      if (opts.json) return printJson(found.map(({ unit, children }) => ({ ...service.unitJson(unit), children })));
      for (const { unit, children } of found) process.stdout.write(`${service.label(unit)}, ${children} children\n`);
    });

  units
    .command("lookup")
    .description('find units by name, best first: "P.5", "Q1", "TP.HCM", "Kim Chung, Hoài Đức, Hà Nội"')
    .argument("<text>", "a unit name, optionally followed by its parents, comma-separated")
    .option("--structure <old|new>", "only this structure")
    .option("--level <province|district|ward>", "only this level")
    .option("--within <code>", "only units inside this province or district")
    .option("--limit <n>", "at most this many candidates", "20")
    .option("--json", "machine-readable output")
    .action((text: string, opts: { structure?: string; level?: string; within?: string; limit: string; json?: boolean }) => {
      const structure = structureOption(opts.structure);
      const levels = opts.level ? [levelOption(opts.level)] : undefined;
      const limit = parseWholeNumberArg("--limit", opts.limit, 1);
      const service = new UnitService();
      const candidates = service.lookup(text, { structure, levels, within: opts.within, limit });
      if (opts.json) return printJson({ input: text, candidates: candidates.map((c) => candidateJson(service, c)) });
      if (candidates.length === 0) throw new CliError(`no unit matches "${text}"`);
      for (const c of candidates) process.stdout.write(`${c.score.toFixed(2)}  ${c.match.padEnd(6)}  ${service.label(c.unit)}\n`);
    });

  units
    .command("convert")
    .description("old ward → the new commune(s) it went into (whole or part) and the new province")
    .argument("<ward>", 'old ward code, or its name with parents: "Phường Bến Nghé, Quận 1, TP HCM"')
    .option("--json", "machine-readable output")
    .action((input: string, opts: { json?: boolean }) => {
      const service = new UnitService();
      const conversion = service.convert(input);
      if (opts.json) return printJson(service.conversionJson(conversion));
      process.stdout.write(`${service.label(conversion.from)} →\n`);
      for (const t of conversion.to) process.stdout.write(`  ${t.whole ? "whole" : "part "}  ${service.label(t.unit)}\n`);
    });

  units
    .command("predecessors")
    .description("new commune → the old wards it was formed from (whole or part)")
    .argument("<code>", "new commune (5 digits) or province (2 digits) code")
    .option("--json", "machine-readable output")
    .action((code: string, opts: { json?: boolean }) => {
      const service = new UnitService();
      const { unit, predecessors } = service.predecessors(code);
      if (opts.json) {
        return printJson({
          unit: service.unitJson(unit),
          predecessors: predecessors.map((t) => ({ ...service.unitJson(t.unit), whole: t.whole })),
        });
      }
      process.stdout.write(`${service.label(unit)} ←\n`);
      for (const t of predecessors) process.stdout.write(`  ${t.whole ? "whole" : "part "}  ${service.label(t.unit)}\n`);
    });

  units
    .command("at")
    .description("the new commune and province at a WGS84 point, and the old units it corresponds to")
    .argument("<lat>", "latitude, decimal degrees")
    .argument("<lon>", "longitude, decimal degrees")
    .option("--json", "machine-readable output")
    .action((latRaw: string, lonRaw: string, opts: { json?: boolean }) => {
      const lat = parseNumberArg("lat", latRaw);
      const lon = parseNumberArg("lon", lonRaw);
      if (lat < -90 || lat > 90) throw new CliError(`lat must be between -90 and 90, got ${latRaw}`, 2);
      if (lon < -180 || lon > 180) throw new CliError(`lon must be between -180 and 180, got ${lonRaw}`, 2);
      const result = new UnitService().at(lat, lon);
      if (opts.json) return printJson(result);
      process.stdout.write(
        `new: ${result.new.ward.full_name}, ${result.new.province.full_name} (${result.new.ward.code})` +
          `${result.exact ? "" : ` — nearest commune, ${result.distance_m} m away`}\n`,
      );
      for (const o of result.old) {
        process.stdout.write(`old: ${[o.ward?.full_name, o.district?.full_name, o.province.full_name].filter(Boolean).join(", ")}${o.whole ? "" : " (part)"}\n`);
      }
    });

  units
    .command("boundary")
    .description("a new commune's or province's boundary as a GeoJSON Feature (WGS84)")
    .argument("<code>", "new commune (5 digits) or province (2 digits) code")
    // The answer is a GeoJSON document either way; accepted because every command takes --json.
    .option("--json", "machine-readable output (the same GeoJSON)")
    .action((code: string) => {
      printJson(new UnitService().boundary(code));
    });
}

function candidateJson(service: UnitService, c: LookupCandidate) {
  return { ...service.unitJson(c.unit), score: c.score, match: c.match };
}
