/**
 * Builds the shipped unit registry (`data/units.v2.json` and `data/unit-links.v2.json`) from the reference data in
 * `../shared/data` (or the folder given as the first argument). Run: `npm run build:data`.
 *
 * Only MIT-licensed sources are read (thanglequoc/vietnamese-provinces-database and the
 * dvhcvn/20250701 mapping); see data/PROVENANCE.md. The GPL-3.0 daohoangson files are used only
 * by tests, for cross-checks, never copied.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  TYPE_LETTERS,
  UNIT_LINKS_FORMAT,
  type UnitColumns,
  type UnitLinksFile,
  UNITS_FORMAT,
  UNITS_VERSION,
  type UnitsFile,
} from "../src/units/artefact.js";
import type { UnitType } from "../src/units/types.js";
import { FORMER_UNITS_FILE_NAME } from "../src/units/former-units.js";
import { splitTypeAndName } from "../src/units/unit-types.js";
import { nameKey } from "../src/units/name-analysis.js";
import { toneKey } from "../src/text/fold.js";
import { loadBoundaries } from "../src/units/boundaries.js";
import {
  isReviewedGap,
  type OldWardSuccessors,
  SuccessorGeometry,
  type SuccessorGeometryProblem,
} from "../src/units/successor-geometry.js";
import { type OfficialMapRow, OfficialPredecessorText } from "./official-map-text.js";
import { buildFormerUnits } from "./former-units.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const shared = resolve(process.argv[2] ?? join(repo, "..", "shared", "data"));
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(shared, path), "utf8"));

// dvhcvn's mapping has two wrong new codes; thanglequoc and sapnhap.bando agree on the fix
// (see vn-admin-mapping-2025/PROVENANCE.md).
const NEW_CODE_FIXES: Record<string, string> = { "06970": "06978", "23737": "23938" };
const fixNew = (code: string) => NEW_CODE_FIXES[code] ?? code;

interface TqUnit {
  Code: string;
  Name: string;
  FullName: string;
}
interface TqOldProvince extends TqUnit {
  District: (TqUnit & { Ward: TqUnit[] | null })[];
}
interface TqNewProvince extends TqUnit {
  Wards: TqUnit[];
}

function typed(unit: TqUnit, where: string) {
  // One source row has a lower-case type word ("xã Bắc Sơn"); official names capitalise it.
  const full = unit.FullName.charAt(0).toUpperCase() + unit.FullName.slice(1);
  const parsed = splitTypeAndName(full);
  if (!parsed) throw new Error(`${where}: unit ${unit.Code} "${unit.FullName}" has no known type word`);
  return parsed;
}

// ---- old structure (63 provinces, 2025-03-01) ----
const oldTree = readJson(
  "vn-admin-pre2025/thanglequoc_v2.4.1_simplified_vn_units.min.json",
) as TqOldProvince[];
// Rows first (one array per unit, easy to build and sort), columns at the end.
type Row = [
  code: string,
  type: UnitType,
  name: string,
  key: string,
  parent?: string,
  extra?: string | string[],
];
const out = {
  old: { provinces: [] as Row[], districts: [] as Row[], wards: [] as Row[] },
  new: { provinces: [] as Row[], wards: [] as Row[] },
  links: [] as UnitLinksFile["links"],
  districtLinks: [] as UnitLinksFile["districtLinks"],
  provinceLinks: [] as UnitLinksFile["provinceLinks"],
};
const oldWardCodes = new Set<string>();
const districtOfWard = new Map<string, string>();
// The March 2025 list as the former-units diff reads it (scripts/former-units.ts).
type ListedUnit = { code: string; type: UnitType; name: string; parent: string };
const march2025 = { districts: new Map<string, ListedUnit>(), wards: new Map<string, ListedUnit>() };
for (const p of oldTree) {
  const pt = typed(p, "old province");
  out.old.provinces.push([p.Code, pt.type, p.Name.trim(), nameKey(p.Name)]);
  for (const d of p.District) {
    const dt = typed(d, "old district");
    out.old.districts.push([d.Code, dt.type, d.Name.trim(), nameKey(d.Name), p.Code]);
    march2025.districts.set(d.Code, { code: d.Code, type: dt.type, name: d.Name.trim(), parent: p.Code });
    for (const w of d.Ward ?? []) {
      const wt = typed(w, "old ward");
      out.old.wards.push([w.Code, wt.type, w.Name.trim(), nameKey(w.Name), d.Code]);
      march2025.wards.set(w.Code, { code: w.Code, type: wt.type, name: w.Name.trim(), parent: d.Code });
      oldWardCodes.add(w.Code);
      districtOfWard.set(w.Code, d.Code);
    }
  }
}

// ---- mapping old → new (dvhcvn splits, with the two code fixes) ----
interface Split {
  new_id: string;
  name: string;
}
interface SplitProvince {
  level1_id: string;
  name: string;
  splits: Split[];
  level3s: { level3_id: string; name: string; splits: Split[] }[];
  level2s?: { level2_id: string; name: string; splits: Split[] }[];
}
interface MergeProvince {
  level1_id: string;
  level2s: { level2_id: string; name: string; merges: { old_id: string; type: "full" | "partial" }[] }[];
}
const splits = (
  readJson("vn-admin-mapping-2025/dvhcvn_20250701_splits_old_to_new.json") as { data: SplitProvince[] }
).data;
const merges = (
  readJson("vn-admin-mapping-2025/dvhcvn_20250701_merges_new_to_old.json") as { data: MergeProvince[] }
).data;
const linkType = new Map<string, "full" | "partial">();
for (const p of merges)
  for (const w of p.level2s)
    for (const m of w.merges) linkType.set(`${m.old_id}>${fixNew(w.level2_id)}`, m.type);

const predecessorsOfNew = new Map<string, string[]>();
for (const p of splits)
  for (const w of p.level3s)
    for (const x of w.splits) {
      const list = predecessorsOfNew.get(fixNew(x.new_id)) ?? [];
      list.push(w.level3_id);
      predecessorsOfNew.set(fixNew(x.new_id), list);
    }
function districtOfMergedWard(code: string, targets: string[]): string {
  const votes = new Map<string, number>();
  for (const target of targets)
    for (const other of predecessorsOfNew.get(target) ?? []) {
      const district = districtOfWard.get(other);
      if (district) votes.set(district, (votes.get(district) ?? 0) + 1);
    }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  if (!best) throw new Error(`mapping: cannot place old ward ${code} in a district`);
  return best[0];
}
for (const p of splits) {
  for (const s of p.splits) out.provinceLinks.push([p.level1_id, s.new_id]);
  for (const w of p.level3s) {
    if (!oldWardCodes.has(w.level3_id)) {
      // A commune the last official list had already merged away but the mapping (and GSO's
      // 2025-03-01 service) still lists. Its district is the one most of the other predecessors
      // of its new commune(s) belong to: merges of 2024-25 stayed within districts.
      const district = districtOfMergedWard(
        w.level3_id,
        w.splits.map((x) => fixNew(x.new_id)),
      );
      const wt = splitTypeAndName(w.name);
      if (!wt) throw new Error(`mapping: old ward ${w.level3_id} "${w.name}" has no known type word`);
      out.old.wards.push([
        w.level3_id,
        wt.type,
        wt.name,
        nameKey(wt.name),
        district,
        "merged before 2025-03-01",
      ]);
    }
    for (const s of w.splits) {
      const target = fixNew(s.new_id);
      const type = linkType.get(`${w.level3_id}>${target}`) ?? (w.splits.length === 1 ? "full" : "partial");
      out.links.push([w.level3_id, target, type === "full" ? 1 : 0]);
    }
  }
  for (const d of p.level2s ?? [])
    for (const s of d.splits) out.districtLinks.push([d.level2_id, fixNew(s.new_id)]);
}

// ---- new structure (34 provinces). Codes as of 2025-07-01 (v3.0.2); names as of today (v4.2.0),
// keeping the 2025 spelling as a former name when it differs by more than tone-mark placement. ----
const v302 = readJson("vn-admin-2025/thanglequoc_v3.0.2_simplified_vn_units.min.json") as TqNewProvince[];
const head = readJson("vn-admin-2025/thanglequoc_HEAD_simplified_vn_units.json") as TqNewProvince[];
const headByCode = new Map<string, TqUnit>();
for (const p of head) {
  headByCode.set(`p${p.Code}`, p);
  for (const w of p.Wards) headByCode.set(w.Code, w);
}
function currentNew(unit: TqUnit, key: string, where: string) {
  const before = typed(unit, where);
  const now = headByCode.get(key);
  if (!now) throw new Error(`${where}: ${unit.Code} missing from the current list`);
  const after = typed(now, where);
  if (toneKey(after.type + after.name) === toneKey(before.type + before.name))
    return { ...before, former: [] };
  // A real rename: current type and name, the 2025 name kept for lookups of old documents.
  return { ...after, former: [`${before.type} ${before.name}`] };
}
for (const p of v302) {
  const pt = currentNew(p, `p${p.Code}`, "new province");
  out.new.provinces.push([p.Code, pt.type, pt.name, nameKey(pt.name), undefined, pt.former]);
  for (const w of p.Wards) {
    const wt = currentNew(w, w.Code, "new ward");
    out.new.wards.push([w.Code, wt.type, wt.name, nameKey(wt.name), p.Code, wt.former]);
  }
}

// ---- geometric check of the mapping (src/units/successor-geometry.ts) ----
// The 2025 mapping was extracted from the resolutions' text by name, and some names matched a unit of
// the same or a similar name in another district or province (Xã Phước Ninh of Quế Sơn → Phường Hải
// Châu of Đà Nẵng, which took Phường Phước Ninh). The check finds such links; each ward it flags gets
// the successors the official map's text names for it among the communes near its district, and the
// result must pass the check. A ward that cannot be settled so stops the build.
correctLinksByGeometry();

function correctLinksByGeometry(): void {
  const districtNames = new Map(
    out.old.districts.map((r) => [r[0], { name: r[2], province: r[4] as string }]),
  );
  const oldWards = new Map(
    out.old.wards.map((r) => [r[0], { type: r[1], name: r[2], district: r[4] as string }]),
  );
  const newWards = new Map(
    out.new.wards.map((r) => [r[0], { fullName: `${r[1]} ${r[2]}`, province: r[4] as string }]),
  );
  const newProvincesOf = new Map<string, string[]>();
  for (const [oldProvince, newProvince] of out.provinceLinks)
    newProvincesOf.set(oldProvince, [...(newProvincesOf.get(oldProvince) ?? []), newProvince]);
  const describeOld = (code: string) => {
    const ward = oldWards.get(code)!;
    return `${code} ${ward.type} ${ward.name} (${districtNames.get(ward.district)!.name})`;
  };
  const describeNew = (code: string) => `${code} ${newWards.get(code)!.fullName}`;
  const km = (metres: number) => `${(metres / 1000).toFixed(1)} km`;

  const mapping = (): OldWardSuccessors[] => {
    const successors = new Map<string, string[]>();
    for (const [oldCode, newCode] of out.links)
      successors.set(oldCode, [...(successors.get(oldCode) ?? []), newCode]);
    return [...successors].map(([code, list]) => ({
      code,
      district: oldWards.get(code)!.district,
      successors: list,
    }));
  };
  const isReviewed = (ward: OldWardSuccessors, problems: SuccessorGeometryProblem[]) =>
    problems.every((problem) => isReviewedGap(problem, ward.successors));

  const boundaries = loadBoundaries();
  const text = new OfficialPredecessorText(
    readJson("vn-admin-mapping-2025/sapnhap_bando_donvi_tinhthanh_truocsapnhap.json") as OfficialMapRow[],
  );
  const before = mapping();
  const geometry = new SuccessorGeometry(before, boundaries);
  const corrected = new Map<string, string[]>();
  for (const ward of before) {
    const problems = geometry.problemsOf(ward);
    if (problems.length === 0 || isReviewed(ward, problems)) continue;
    const old = oldWards.get(ward.code)!;
    const district = districtNames.get(old.district)!;
    const provinces = newProvincesOf.get(district.province) ?? [];
    const named = [...newWards]
      .filter(([, w]) => provinces.includes(w.province))
      .filter(([code]) => text.names(code, { ...old, districtName: district.name }))
      .map(([code]) => code);
    const near = named.filter((code) => geometry.gapToDistrictM(ward, code) <= geometry.limitM);
    if (near.length === 0 || geometry.problemsOf({ ...ward, successors: near }).length > 0) {
      const failures = problems.map((p) => `${p.kind} ${km(p.gapM)}`).join(", ");
      const candidates = named.length === 0 ? "no commune" : named.map(describeNew).join(", ");
      const away = named.length > near.length ? `, ${named.length - near.length} away from its district` : "";
      throw new Error(
        `mapping: old ward ${describeOld(ward.code)} fails the geometric check (${failures}) and the official ` +
          `map's text names ${candidates} for it${away}: review it, then accept it in REVIEWED_SUCCESSOR_GAPS ` +
          "(src/units/successor-geometry.ts) or give it its successors here",
      );
    }
    corrected.set(ward.code, near);
    const dropped = ward.successors.filter((code) => !near.includes(code));
    const added = near.filter((code) => !ward.successors.includes(code));
    console.log(
      `mapping: ${describeOld(ward.code)}: ` +
        [
          ...dropped.map((code) => {
            const fromKept = Math.min(...near.map((kept) => geometry.gapM(code, kept)));
            return (
              `dropped ${describeNew(code)} (${km(geometry.gapToDistrictM(ward, code))} from the district, ` +
              `${km(fromKept)} from ${near.length === 1 ? "it" : "them"})`
            );
          }),
          ...added.map((code) => `added ${describeNew(code)}`),
          `${added.length > 0 ? "now" : "kept"} ${near.map(describeNew).join(" + ")}` +
            (near.length === 1 ? " whole" : " in part"),
        ].join("; "),
    );
  }
  // The corrected links take the place of the ward's old ones (the file keeps the source's order).
  // One successor left means the ward went into it whole; several split it.
  const links: typeof out.links = [];
  for (const link of out.links) {
    const successors = corrected.get(link[0]);
    if (!successors) links.push(link);
    else if (!links.some((l) => l[0] === link[0]))
      for (const newCode of successors) links.push([link[0], newCode, successors.length === 1 ? 1 : 0]);
  }
  out.links = links;

  const after = mapping();
  const recheck = new SuccessorGeometry(after, boundaries);
  for (const ward of after) {
    const problems = recheck.problemsOf(ward);
    if (problems.length > 0 && !isReviewed(ward, problems))
      throw new Error(`mapping: old ward ${describeOld(ward.code)} still fails the geometric check`);
  }
  console.log(`mapping: ${corrected.size} old wards corrected by the geometric check`);
}

// The registry finds codes by binary search: every table sorted by code.
const byCode = (a: Row, b: Row) => (a[0] < b[0] ? -1 : 1);
for (const table of [out.old.provinces, out.old.districts, out.old.wards, out.new.provinces, out.new.wards])
  table.sort(byCode);

const columns = (rows: Row[], withParent: boolean): UnitColumns => ({
  code: rows.map((r) => r[0]),
  type: rows.map((r) => TYPE_LETTERS[r[1]]).join(""),
  name: rows.map((r) => r[2]),
  ...(withParent ? { parent: rows.map((r) => r[4] as string) } : {}),
});
const units: UnitsFile = {
  format: UNITS_FORMAT,
  version: UNITS_VERSION,
  builtFrom: [
    "thanglequoc/vietnamese-provinces-database v2.4.1 (old), v3.0.2 + v4.2.0 (new), MIT",
    "dvhcvn/20250701 mapping @ dd94887, MIT",
  ],
  old: {
    province: columns(out.old.provinces, false),
    district: columns(out.old.districts, true),
    ward: columns(out.old.wards, true),
    notes: Object.fromEntries(out.old.wards.filter((r) => r[5]).map((r) => [r[0], r[5] as string])),
  },
  new: { province: columns(out.new.provinces, false), ward: columns(out.new.wards, true) },
};
const keys = (rows: Row[]) => rows.map((r) => r[3]);
const links: UnitLinksFile = {
  format: UNIT_LINKS_FORMAT,
  version: UNITS_VERSION,
  keys: {
    old: { province: keys(out.old.provinces), district: keys(out.old.districts), ward: keys(out.old.wards) },
    new: { province: keys(out.new.provinces), ward: keys(out.new.wards) },
  },
  former: Object.fromEntries(
    [...out.new.provinces, ...out.new.wards]
      .filter((r) => (r[5] as string[]).length > 0)
      .map((r) => [r[0], r[5] as string[]]),
  ),
  links: out.links,
  districtLinks: out.districtLinks,
  provinceLinks: out.provinceLinks,
};

// ---- former units: merged away or renamed before March 2025 (scripts/former-units.ts) ----
const { table: former, disagreements } = buildFormerUnits(
  shared,
  join(repo, "data", "history"),
  march2025,
  new Set(out.old.wards.map((r) => r[0])),
);
for (const d of disagreements) console.log(`former units: the resolution overrides a rule of the snapshots: ${d}`);
writeFileSync(
  join(repo, "data", FORMER_UNITS_FILE_NAME),
  `${JSON.stringify(former, null, 0).replace(/\},\{/g, "},\n{")}\n`,
);
const evidence = new Map<string, number>();
for (const u of former.units)
  evidence.set(`${u.level} ${u.evidence}`, (evidence.get(`${u.level} ${u.evidence}`) ?? 0) + 1);
console.log(
  `data/${FORMER_UNITS_FILE_NAME}: ${former.units.length} former units (${[...evidence].map(([k, n]) => `${k} ${n}`).join(", ")}), ${former.moves.length} wards moved between districts`,
);

writeFileSync(join(repo, "data", "units.v2.json"), `${JSON.stringify(units)}\n`);
writeFileSync(join(repo, "data", "unit-links.v2.json"), `${JSON.stringify(links)}\n`);
console.log(
  `data/units.v2.json + unit-links.v2.json: old ${out.old.provinces.length}/${out.old.districts.length}/${out.old.wards.length}, ` +
    `new ${out.new.provinces.length}/${out.new.wards.length}, ${out.links.length} ward links`,
);
