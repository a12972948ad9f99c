/**
 * The evaluation case format (test/fixtures/parse-eval.jsonl, one JSON object per line) and the
 * conversion policy the expected values follow. The policy is written here from the registry's
 * links, independently of the parser's code:
 * - old ward → new: the single successor; a split ward's is the part that took its main part
 *   (the successor with its code, else the only one with its name: the likelier answer, issue 13),
 *   else none (null), unless a new province written in the text leaves one successor; new
 *   province = that commune's, else the successors' common one.
 * - the words of a new ward's name that also name an old district its predecessors lay in
 *   ("Phường Thanh Xuân", "Phường Hải Châu") count as that district written in the text;
 * - new ward → old: the single predecessor (with its district and province); several → the
 *   one with the new ward's own name when there is one and no old district of its predecessors
 *   has that name too, or the text types the commune and that old ward has the commune's type
 *   (the name is both the new commune and an old ward: the likelier old ward, issue 13), else
 *   ward null, district and province those the
 *   predecessors share (or null); after narrowing by an old district written in the text.
 */
import { existsSync, readFileSync } from "node:fs";
import type { UnitRegistry } from "../../src/units/registry.js";
import { fold } from "../../src/text/fold.js";
import type { Unit } from "../../src/units/types.js";
import type { EvalCase } from "../../src/parse/evaluate.js";

export type { EvalCase } from "../../src/parse/evaluate.js";

export const EVAL_SET_PATH = "test/fixtures/parse-eval.jsonl";
/** Generated cases from another seed, not looked at one by one while developing the parser. */
export const HOLDOUT_PATH = "test/fixtures/parse-eval-holdout.jsonl";
/** Addresses written by people (sources in test/fixtures/PROVENANCE.md), the development part. */
export const PEOPLE_PATH = "test/fixtures/parse-eval-people.jsonl";
/** The people-written cases held back: every 4th of the list (bench/parse/people-cases.ts). */
export const PEOPLE_HOLDOUT_PATH = "test/fixtures/parse-eval-people-holdout.jsonl";
/** Addresses written by people, verbatim, with sources, licences and labels (bench/parse/make-people-set.ts). */
export const PEOPLE_TEXTS_PATH = "test/fixtures/people-texts.jsonl";

export interface ExpectOld {
  province: string | null;
  district: string | null;
  ward: string | null;
}
export interface ExpectNew {
  province: string | null;
  ward: string | null;
}

function common(values: (string | null)[]): string | null {
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : null;
}

/**
 * Of the new communes a split old ward went into, the one that took its main part: the one with
 * the ward's code (the new commune kept the code of the predecessor that anchors it), else the
 * only one with its name; null when neither tells.
 */
function mainPart(ward: Unit, successors: readonly Unit[]): Unit | null {
  const sameCode = successors.filter((u) => u.code === ward.code);
  if (sameCode.length === 1) return sameCode[0];
  const named = successors.filter((u) => fold(u.name) === fold(ward.name));
  return named.length === 1 ? named[0] : null;
}

/** Expected units for an address written with an old ward (or district only, or province only). */
export function expectFromOld(
  registry: UnitRegistry,
  old: { province: Unit; district: Unit | null; ward: Unit | null },
  newProvinceHint: string | null,
): { old: ExpectOld; new: ExpectNew | null } {
  const expectOld = {
    province: old.province.code,
    district: old.district?.code ?? null,
    ward: old.ward?.code ?? null,
  };
  if (old.ward) {
    let targets = registry.convertOld(old.ward.code).to.map((t) => t.unit);
    if (targets.length > 1 && newProvinceHint)
      targets = targets.filter((u) => u.provinceCode === newProvinceHint);
    const main = targets.length === 1 ? targets[0] : mainPart(old.ward, targets);
    return {
      old: expectOld,
      new: {
        province: main ? main.provinceCode : common(targets.map((u) => u.provinceCode)),
        ward: main ? main.code : null,
      },
    };
  }
  const provinces = registry.newProvincesOf(old.province.code);
  return { old: expectOld, new: provinces.length === 1 ? { province: provinces[0].code, ward: null } : null };
}

/** Expected units for an address written with a new ward (optionally beside an old district). */
export function expectFromNew(
  registry: UnitRegistry,
  ward: Unit,
  oldDistrictHint: string | null,
  typed = false,
): { old: ExpectOld | null; new: ExpectNew } {
  let preds = registry.predecessors(ward.code).map((t) => t.unit);
  if (preds.length > 1 && oldDistrictHint) {
    const narrowed = preds.filter((u) => (u.districtCode ?? u.code) === oldDistrictHint);
    if (narrowed.length > 0) preds = narrowed;
  }
  // The commune's name is also one of its old wards' (however 2025 respelled it: Quán Triều →
  // Quan Triều); of two so named, the one of the commune's type, which the text writes. Not when
  // the name is also an old district's ("Hải Châu"): the words then name the district; unless the
  // text types the commune and the old ward has its type ("Xã Đan Phượng": the old Xã Đan Phượng).
  const key = fold(ward.name);
  let sameName = preds.filter((u) => u.level === "ward" && fold(u.name) === key);
  if (sameName.length > 1) sameName = sameName.filter((u) => u.type === ward.type);
  const typedAsIt = typed && sameName.length === 1 && sameName[0].type === ward.type;
  if (preds.length > 1 && sameName.length === 1 && (typedAsIt || sameNameDistrict(registry, ward) === null)) preds = sameName;
  const olds = preds.map((u) => ({
    province: u.provinceCode,
    district: u.level === "district" ? u.code : u.districtCode,
    ward: u.level === "ward" ? u.code : null,
  }));
  const expectNew = { province: ward.provinceCode, ward: ward.code };
  if (olds.length === 1) return { old: olds[0], new: expectNew };
  if (olds.length === 0) return { old: null, new: expectNew };
  return {
    old: {
      province: common(olds.map((o) => o.province)),
      district: common(olds.map((o) => o.district)),
      ward: null,
    },
    new: expectNew,
  };
}

/** The old district whose name is the new ward's name, among its predecessors' districts. */
export function sameNameDistrict(registry: UnitRegistry, ward: Unit): string | null {
  for (const { unit } of registry.predecessors(ward.code)) {
    const district = registry.get("old", unit.districtCode ?? unit.code);
    if (district && fold(district.name) === fold(ward.name)) return district.code;
  }
  return null;
}

/**
 * The one unit of a level named `name` (with or without its type word, diacritics ignored) under
 * `parent`, through the registry's hierarchy and never the parser; throws when none or several
 * carry that name, so a label that does not name one unit fails the set's build.
 */
export function findUnitByName(
  registry: UnitRegistry,
  structure: "old" | "new",
  level: "province" | "district" | "ward",
  name: string,
  parent?: string,
): Unit {
  const want = fold(name);
  const found = registry
    .list(structure, level, parent)
    .filter((u) => fold(u.fullName) === want || fold(u.name) === want);
  if (found.length !== 1)
    throw new Error(`${found.length} ${structure} ${level} units named "${name}" under ${parent ?? "-"}`);
  return found[0];
}

/**
 * Gives each case the status (verdict) its committed line has when its id and input are the same:
 * regenerating a set keeps the verdicts CI holds, and eval.js rewrites them.
 */
export function keepStatuses(path: string, cases: EvalCase[]): void {
  const previous = new Map<string, EvalCase>();
  if (existsSync(path))
    for (const line of readFileSync(path, "utf8").split("\n"))
      if (line.trim()) {
        const c = JSON.parse(line) as EvalCase;
        previous.set(c.id, c);
      }
  for (const c of cases) {
    const before = previous.get(c.id);
    if (before && before.input === c.input) c.status = before.status;
  }
}

/** How people shorten each unit type in an address ("P." for Phường, "TX" for Thị xã). */
export const TYPE_ABBREVIATIONS: Record<string, string[]> = {
  Phường: ["P.", "P", "F.", "Ph."],
  Xã: ["X.", "X"],
  "Thị trấn": ["TT.", "TT", "T.T."],
  Quận: ["Q.", "Q"],
  Huyện: ["H.", "H"],
  "Thị xã": ["TX.", "TX", "T.X."],
  "Thành phố": ["TP.", "TP", "Tp.", "T.P."],
  Tỉnh: ["T.", ""],
  "Đặc khu": ["ĐK"],
};

/** Whether the text writes the commune with its type word, whole or shortened ("Xã Đan Phượng", "P. Bến Nghé"). */
export function writesType(input: string, ward: Unit): boolean {
  const text = fold(input).replace(/\./g, " ").replace(/\s+/g, " ");
  const name = fold(ward.name);
  return [ward.type, ...(TYPE_ABBREVIATIONS[ward.type] ?? [])].some((type) =>
    text.includes(`${fold(type).replace(/\./g, "").trim()} ${name}`),
  );
}
