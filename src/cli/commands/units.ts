import type { Command } from "commander";
import { loadRegistry, UnknownUnitError } from "../../units/registry.js";
import type { Level, LookupCandidate, Structure, Unit } from "../../units/types.js";
import { unitJson, unitLabel, unitRef } from "../../units/unit-json.js";
import { provinceBoundary } from "../../units/province-boundaries.js";
import { sharedBoundaries, unitsAt } from "../../units/units-at.js";
import { CliError, parseNumberArg, parseWholeNumberArg, printJson } from "../output.js";

const STRUCTURES: Structure[] = ["old", "new"];
const LEVELS: Level[] = ["province", "district", "ward"];

function structureOption(raw: string | undefined): Structure | undefined {
  if (raw === undefined) return undefined;
  if (!STRUCTURES.includes(raw as Structure)) throw new CliError(`--structure must be old or new, got "${raw}"`, 2);
  return raw as Structure;
}

function levelOption(raw: string): Level {
  if (!LEVELS.includes(raw as Level)) throw new CliError(`--level must be province, district or ward, got "${raw}"`, 2);
  return raw as Level;
}

/** Runs a registry call and turns an unknown-code error into a one-line CLI error. */
function withUnits<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UnknownUnitError) throw new CliError(error.message);
    throw error;
  }
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
      const registry = loadRegistry();
      const structure = structureOption(opts.structure)!;
      const level = levelOption(opts.level);
      if (structure === "new" && level === "district") {
        throw new CliError("the new (34-province) structure has no district level", 2);
      }
      if (opts.parent !== undefined) withUnits(() => registry.require(structure, opts.parent!));
      const list = registry.list(structure, level, opts.parent);
      if (opts.json) return printJson(list.map((u) => unitJson(registry, u)));
      for (const unit of list) process.stdout.write(`${unit.code}\t${unitLabel(registry, unit)}\n`);
    });

  units
    .command("show")
    .description("one unit by code, with its parents and number of children")
    .argument("<code>", "unit code (2, 3 or 5 digits)")
    .option("--structure <old|new>", "which structure (default: every structure that has the code)")
    .option("--json", "machine-readable output")
    .action((code: string, opts: { structure?: string; json?: boolean }) => {
      const registry = loadRegistry();
      const structure = structureOption(opts.structure);
      const found = (structure ? [structure] : STRUCTURES)
        .map((s) => registry.get(s, code))
        .filter((u): u is Unit => u !== undefined);
      if (found.length === 0) withUnits(() => registry.require(structure ?? "new", code));
      const out = found.map((u) => ({ ...unitJson(registry, u), children: registry.children(u.structure, u.code).length }));
      if (opts.json) return printJson(out);
      for (const u of found) {
        process.stdout.write(`${unitLabel(registry, u)}, ${registry.children(u.structure, u.code).length} children\n`);
      }
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
      const registry = loadRegistry();
      if (text.trim() === "") throw new CliError("lookup needs a non-empty name", 2);
      const structure = structureOption(opts.structure);
      if (opts.within !== undefined && !STRUCTURES.some((s) => registry.get(s, opts.within!))) {
        throw new CliError(`--within: unknown unit code "${opts.within}"`);
      }
      const candidates = registry.lookupPath(text, {
        structure,
        levels: opts.level ? [levelOption(opts.level)] : undefined,
        within: opts.within,
        limit: parseWholeNumberArg("--limit", opts.limit, 1),
      });
      if (opts.json) return printJson({ input: text, candidates: candidates.map((c) => candidateJson(registry, c)) });
      if (candidates.length === 0) throw new CliError(`no unit matches "${text}"`);
      for (const c of candidates) process.stdout.write(`${c.score.toFixed(2)}  ${c.match.padEnd(6)}  ${unitLabel(registry, c.unit)}\n`);
    });

  units
    .command("convert")
    .description("old ward → the new commune(s) it went into (whole or part) and the new province")
    .argument("<ward>", 'old ward code, or its name with parents: "Phường Bến Nghé, Quận 1, TP HCM"')
    .option("--json", "machine-readable output")
    .action((input: string, opts: { json?: boolean }) => {
      const registry = loadRegistry();
      const code = /^\d+$/.test(input.trim()) ? input.trim() : resolveOldWard(input);
      const { from, to } = withUnits(() => registry.convertOld(code));
      const { province, district } = registry.ancestors(from);
      const out = {
        from: {
          ...unitRef(from),
          type: from.type,
          district: district && district !== from ? unitRef(district) : null,
          province: unitRef(province),
        },
        to: to.map((t) => ({
          ...unitRef(t.unit),
          type: t.unit.type,
          province: unitRef(registry.ancestors(t.unit).province),
          whole: t.whole,
        })),
      };
      if (opts.json) return printJson(out);
      process.stdout.write(`${unitLabel(registry, from)} →\n`);
      for (const t of to) process.stdout.write(`  ${t.whole ? "whole" : "part "}  ${unitLabel(registry, t.unit)}\n`);
    });

  units
    .command("predecessors")
    .description("new commune → the old wards it was formed from (whole or part)")
    .argument("<code>", "new commune (5 digits) or province (2 digits) code")
    .option("--json", "machine-readable output")
    .action((code: string, opts: { json?: boolean }) => {
      const registry = loadRegistry();
      const unit = withUnits(() => registry.require("new", code));
      const from = registry.predecessors(code);
      if (opts.json) {
        return printJson({
          unit: unitJson(registry, unit),
          predecessors: from.map((t) => ({ ...unitJson(registry, t.unit), whole: t.whole })),
        });
      }
      process.stdout.write(`${unitLabel(registry, unit)} ←\n`);
      for (const t of from) process.stdout.write(`  ${t.whole ? "whole" : "part "}  ${unitLabel(registry, t.unit)}\n`);
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
      const registry = loadRegistry();
      const result = unitsAt(registry, lat, lon);
      if (!result) throw new CliError(`no commune at ${lat}, ${lon} (outside Vietnam's land boundaries)`);
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
      const registry = loadRegistry();
      const unit = withUnits(() => registry.require("new", code));
      const feature = unit.level === "province" ? provinceBoundary(code) : sharedBoundaries().boundaryOf(code);
      if (!feature) throw new CliError(`no boundary is shipped for ${unit.fullName} (${code})`);
      const { province } = registry.ancestors(unit);
      printJson({
        ...feature,
        properties: { ...feature.properties, name: unit.name, full_name: unit.fullName, province: unitRef(province) },
      });
    });

  function resolveOldWard(text: string): string {
    const registry = loadRegistry();
    const candidates = registry.lookupPath(text, { structure: "old", levels: ["ward", "district"], limit: 10 });
    if (candidates.length === 0) throw new CliError(`no old ward matches "${text}"`);
    const [best, second] = candidates;
    if (second && second.score >= best.score - 0.05) {
      const list = candidates
        .filter((c) => c.score >= best.score - 0.05)
        .map((c) => `${unitLabel(registry, c.unit)}`)
        .join("; ");
      throw new CliError(`"${text}" is ambiguous, add its district or province: ${list}`);
    }
    return best.unit.code;
  }
}

function candidateJson(registry: ReturnType<typeof loadRegistry>, c: LookupCandidate) {
  return { ...unitJson(registry, c.unit), score: c.score, match: c.match };
}
