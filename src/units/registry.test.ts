import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fold } from "../text/fold.js";
import type { UnitLinksFile, UnitsFile } from "./artefact.js";
import { DEFAULT_UNITS_PATH, loadRegistry, UnitRegistry, UnknownUnitError } from "./registry.js";
import type { LookupCandidate, Structure, Unit } from "./types.js";
import { nameKey } from "./name-analysis.js";

const registry = loadRegistry();
const all = (structure: Structure): Unit[] =>
  (["province", "district", "ward"] as const).flatMap((level) => registry.list(structure, level));
const codes = (candidates: LookupCandidate[]) => candidates.map((c) => `${c.unit.structure}:${c.unit.code}`);

test("the old structure has 63 provinces, 696 districts and 10,047 wards (10,035 official + 12 merged away)", () => {
  assert.equal(registry.count("old", "province"), 63);
  assert.equal(registry.count("old", "district"), 696);
  assert.equal(registry.count("old", "ward"), 10_047);
  assert.equal(registry.list("old", "ward").filter((u) => u.note).length, 12);
});

test("the new structure has 34 provinces (7 cities, 27 provinces) and 3,321 communes", () => {
  assert.equal(registry.count("new", "province"), 34);
  assert.equal(registry.count("new", "district"), 0);
  const wards = registry.list("new", "ward");
  assert.equal(wards.length, 3_321);
  const byType = (type: string) => wards.filter((w) => w.type === type).length;
  // 2,621 Xã and 687 Phường on 2025-07-01; ten Xã of Đồng Nai became Phường when Đồng Nai became
  // a centrally-run city in 2026 (Resolution 30/2026/QH16).
  assert.deepEqual([byType("Xã"), byType("Phường"), byType("Đặc khu")], [2_611, 697, 13]);
  const provinces = registry.list("new", "province");
  assert.equal(provinces.filter((p) => p.type === "Thành phố").length, 7);
});

test("every old ward maps to at least one new commune, and every new commune has a predecessor", () => {
  for (const ward of registry.list("old", "ward")) {
    const { to } = registry.convertOld(ward.code);
    assert.ok(to.length >= 1, `old ward ${ward.code} has no successor`);
    assert.equal(to.filter((t) => t.whole).length <= 1, true, `old ward ${ward.code} went whole into several communes`);
  }
  for (const commune of registry.list("new", "ward")) {
    assert.ok(registry.predecessors(commune.code).length >= 1, `new commune ${commune.code} has no predecessor`);
  }
});

test("an old ward split between communes keeps only partial links; one taken whole has one target", () => {
  let split = 0;
  for (const ward of registry.list("old", "ward")) {
    const { to } = registry.convertOld(ward.code);
    if (to.length > 1) {
      split++;
      assert.ok(to.every((t) => !t.whole), `split ward ${ward.code} has a whole target`);
    }
  }
  // The source splits 460; 16 of those splits were a second link to a same-named unit elsewhere,
  // dropped by the geometric check (data/PROVENANCE.md), which leaves those wards whole.
  assert.equal(split, 444, "460 split old communes in the source, less the 16 false splits");
});

test("Xã Phước Ninh (Quế Sơn, Quảng Nam) went whole into Xã Quế Phước, not in part into Phường Hải Châu of Đà Nẵng", () => {
  const [phuocNinh] = registry.lookupPath("Xã Phước Ninh, Huyện Quế Sơn, Tỉnh Quảng Nam", { structure: "old" });
  assert.equal(phuocNinh.unit.code, "20669");
  assert.deepEqual(
    registry.convertOld("20669").to.map((t) => [t.unit.fullName, t.whole]),
    [["Xã Quế Phước", true]],
  );
  // Hải Châu took the other Phước Ninh, the Phường of Đà Nẵng's Quận Hải Châu, and nothing of Quế Sơn.
  const haiChau = registry.predecessors("20242").map((p) => `${p.unit.fullName} (${registry.ancestors(p.unit).district?.name})`);
  assert.ok(haiChau.includes("Phường Phước Ninh (Hải Châu)"), haiChau.join(", "));
  assert.ok(!haiChau.some((name) => name.startsWith("Xã ")), haiChau.join(", "));
});

test("Phường Bến Nghé (Quận 1, TP Hồ Chí Minh) went whole into Phường Sài Gòn", () => {
  const [benNghe] = registry.lookupPath("Phường Bến Nghé, Quận 1, TP Hồ Chí Minh", { structure: "old" });
  assert.equal(benNghe.unit.code, "26740");
  const { to } = registry.convertOld(benNghe.unit.code);
  assert.deepEqual(
    to.map((t) => [t.unit.fullName, t.whole]),
    [["Phường Sài Gòn", true]],
  );
  assert.equal(registry.ancestors(to[0].unit).province.code, "79");
});

test("Phường Tràng Tiền (Quận Hoàn Kiếm, Hà Nội) is split between Phường Hoàn Kiếm and Phường Cửa Nam", () => {
  const [trangTien] = registry.lookupPath("Tràng Tiền, Hoàn Kiếm, Hà Nội", { structure: "old", levels: ["ward"] });
  assert.equal(trangTien.unit.fullName, "Phường Tràng Tiền");
  const targets = registry.convertOld(trangTien.unit.code).to;
  assert.deepEqual(targets.map((t) => t.unit.fullName).sort(), ["Phường Cửa Nam", "Phường Hoàn Kiếm"]);
  assert.ok(targets.every((t) => !t.whole));
});

test("the two Xã Kim Chung of Hà Nội are both returned alone, and resolved only with their district", () => {
  const alone = registry.lookup("Xã Kim Chung", { structure: "old", within: "01" });
  assert.deepEqual(alone.map((c) => c.unit.code).sort(), ["00493", "09853"]);
  assert.equal(alone[0].score, alone[1].score, "neither may be preferred without a district");
  const dongAnh = registry.lookupPath("Xã Kim Chung, Huyện Đông Anh, Hà Nội", { structure: "old" });
  const hoaiDuc = registry.lookupPath("xa kim chung, h. hoai duc, ha noi", { structure: "old" });
  assert.equal(dongAnh[0].unit.code, "00493");
  assert.equal(hoaiDuc[0].unit.code, "09853");
  assert.ok(dongAnh[0].score > dongAnh[1].score + 0.2);
  assert.ok(hoaiDuc[0].score > hoaiDuc[1].score + 0.2);
});

test("new → old: a new commune lists its predecessors with whole or part", () => {
  const saiGon = registry.get("new", "26740")!;
  assert.equal(saiGon.fullName, "Phường Sài Gòn");
  const names = registry.predecessors("26740").map((p) => `${p.unit.fullName}${p.whole ? "" : " (part)"}`);
  assert.ok(names.includes("Phường Bến Nghé"), names.join(", "));
});

test("every unit's full name, bare name without diacritics and abbreviated form find that unit", () => {
  const abbreviations: Record<string, string> = {
    "Thành phố": "TP.",
    Tỉnh: "T.",
    Quận: "Q.",
    Huyện: "H.",
    "Thị xã": "TX.",
    "Thị trấn": "TT.",
    Phường: "P.",
    Xã: "X.",
    "Đặc khu": "ĐK ",
  };
  for (const structure of ["old", "new"] as const) {
    for (const unit of all(structure)) {
      const forms = [unit.fullName, fold(unit.name), `${abbreviations[unit.type]}${unit.name}`, fold(unit.fullName).toUpperCase()];
      for (const form of forms) {
        const found = registry.lookup(form, { structure, limit: 500, fuzzy: false });
        assert.ok(
          found.some((c) => c.unit === unit),
          `${structure} ${unit.code} ${unit.fullName} not found from "${form}"`,
        );
      }
    }
  }
});

test("a unit named exactly with its type word and diacritics ranks first among namesakes of other types", () => {
  for (const unit of all("new")) {
    const [best] = registry.lookup(unit.fullName, { structure: "new", within: unit.level === "ward" ? unit.provinceCode : undefined });
    assert.equal(best.unit.fullName, unit.fullName, `${unit.code} ${unit.fullName}`);
    assert.equal(best.match, "exact");
  }
});

test("well-known aliases and abbreviations reach the right units", () => {
  const first = (text: string, structure: Structure = "new") => registry.lookup(text, { structure })[0]?.unit.code;
  for (const text of ["HCM", "TPHCM", "TP.HCM", "tp hcm", "Sài Gòn", "Saigon", "Thành phố Hồ Chí Minh", "ho chi minh"]) {
    assert.equal(first(text, "old"), "79", text);
  }
  assert.equal(first("HN"), "01");
  assert.equal(first("Đắc Lắc"), "66");
  assert.equal(first("Hue"), "46");
  assert.equal(first("Thừa Thiên Huế", "old"), "46");
  assert.deepEqual(codes(registry.lookup("Huế", { levels: ["province"] })).sort(), ["new:46", "old:46"]);
  assert.equal(first("TP BMT", "old"), "643");
});

test("numbered wards and districts are read in every common spelling", () => {
  for (const text of ["P.5", "P5", "F5", "f.5", "phường 05", "Phuong 5", "p 5"]) {
    const found = registry.lookup(text, { structure: "old", within: "764" }); // Quận Gò Vấp
    assert.equal(found[0]?.unit.fullName, "Phường 5", text);
  }
  for (const text of ["Q1", "Q.1", "quận 1", "Quan 01", "q 1"]) {
    assert.equal(registry.lookup(text, { structure: "old", levels: ["district"] })[0]?.unit.code, "760", text);
  }
});

test("both tone-mark placements, NFD input, case and stray punctuation match the same unit", () => {
  const target = registry.lookup("Tỉnh Khánh Hòa", { structure: "new" })[0].unit;
  for (const text of ["Khánh Hoà", "KHÁNH HÒA", "Khánh Hòa".normalize("NFD"), " khanh   hoa. ", "T. Khanh-Hoa"]) {
    const found = registry.lookup(text, { structure: "new", levels: ["province"] });
    assert.equal(found[0]?.unit, target, text);
  }
  const exact = registry.lookup("Khánh Hoà", { structure: "new", levels: ["province"] })[0];
  assert.equal(exact.match, "exact", "old-style tone placement is still an exact match");
});

test("a typo of one or two letters still finds the unit, marked fuzzy", () => {
  const found = registry.lookup("Quang Ngai", { structure: "new", levels: ["province"] });
  assert.equal(found[0].unit.code, "51");
  const typo1 = registry.lookup("Quang Ngaii", { structure: "new", levels: ["province"] });
  assert.equal(typo1[0].unit.code, "51");
  assert.equal(typo1[0].match, "fuzzy");
  const typo2 = registry.lookup("Thanh phó Ho Chi Mnih", { structure: "new", levels: ["province"] });
  assert.equal(typo2[0]?.unit.code, "79");
  assert.deepEqual(registry.lookup("Quang Ngaii", { fuzzy: false }), []);
});

test("looking up within a parent narrows shared names", () => {
  const all = registry.lookup("Phường 1", { structure: "old" , limit: 500});
  assert.ok(all.length > 20);
  const inQuan3 = registry.lookup("Phường 1", { structure: "old", within: "770" });
  assert.deepEqual(inQuan3.map((c) => registry.ancestors(c.unit).district?.fullName), ["Quận 3"]);
});

test("unknown codes raise an error naming the code", () => {
  assert.throws(() => registry.require("old", "99999"), (e: Error) => e instanceof UnknownUnitError && e.message.includes("99999"));
  assert.throws(() => registry.convertOld("abc"), /"abc".*2, 3 or 5 digits/);
});

const unitsFile = () => JSON.parse(readFileSync(DEFAULT_UNITS_PATH, "utf8")) as UnitsFile;
const linksFile = () => JSON.parse(readFileSync(DEFAULT_UNITS_PATH.replace("units.v2.json", "unit-links.v2.json"), "utf8")) as UnitLinksFile;

test("the artefacts reject a file of another format or version", () => {
  assert.throws(() => new UnitRegistry({ ...unitsFile(), version: 99 }, linksFile), /expected format diachiso-units v2, got diachiso-units v99/);
  const stale = new UnitRegistry(unitsFile(), () => ({ ...linksFile(), version: 1 }));
  assert.ok(stale.get("new", "79"), "the links file is not read before it is needed");
  assert.throws(() => stale.lookup("Huế"), /expected format diachiso-unit-links v2, got diachiso-unit-links v1/);
});

test("the name keys stored in the links file still equal what the code computes", () => {
  const units = unitsFile();
  const { keys } = linksFile();
  const tables = [
    [units.old.province, keys.old.province],
    [units.old.district, keys.old.district],
    [units.old.ward, keys.old.ward],
    [units.new.province, keys.new.province],
    [units.new.ward, keys.new.ward],
  ] as const;
  for (const [columns, stored] of tables) {
    assert.equal(stored.length, columns.code.length);
    columns.name.forEach((name, i) => {
      assert.equal(stored[i], nameKey(name), `stale key for ${columns.code[i]} ${name}: rebuild data`);
    });
  }
});

// Cross-check against GSO's list as published by daohoangson/dvhcvn (GPL-3.0: read here for the
// check only, never shipped). Needs ../shared/data beside the repo, as on developer machines and CI.
const dvhcvnPath = fileURLToPath(new URL("../../../../shared/data/vn-admin-pre2025/daohoangson_dvhcvn_20250301.json", import.meta.url));
test(
  "every old unit has the code, type and name GSO published on 2025-03-01 (dvhcvn cross-check)",
  { skip: existsSync(dvhcvnPath) ? false : `reference file not found at ${dvhcvnPath}` },
  () => {
    interface Level3 {
      level3_id: string;
      name: string;
    }
    interface Level2 {
      level2_id: string;
      name: string;
      level3s: Level3[];
    }
    const data = JSON.parse(readFileSync(dvhcvnPath, "utf8")) as { data: { level1_id: string; name: string; level2s: Level2[] }[] };
    let checked = 0;
    const differences: string[] = [];
    const same = (a: string, b: string) => fold(a) === fold(b) || fold(a).replace(/ /g, "") === fold(b).replace(/ /g, "");
    for (const p of data.data) {
      assert.ok(same(registry.require("old", p.level1_id).fullName, p.name), `province ${p.level1_id}`);
      for (const d of p.level2s) {
        assert.ok(same(registry.require("old", d.level2_id).fullName, d.name), `district ${d.level2_id}`);
        for (const w of d.level3s) {
          const ours = registry.require("old", w.level3_id);
          assert.equal(ours.districtCode, d.level2_id, `ward ${w.level3_id} district`);
          if (!same(ours.fullName, w.name)) differences.push(`${w.level3_id} ${ours.fullName} / ${w.name}`);
          checked++;
        }
      }
    }
    assert.equal(checked, 10_047);
    // The two sources spell a handful of communes differently; any new difference is a data change to review.
    assert.ok(differences.length <= 5, `names differ from GSO's list: ${differences.join("; ")}`);
  },
);

test("each commune's share of the country's people: its province's census figure spread over its communes by type", async () => {
  const { AddressShares } = await import("./population.js");
  const registry = loadRegistry();
  const shares = new AddressShares(registry);
  for (const structure of ["old", "new"] as const) {
    const total = registry.list(structure, "ward").reduce((sum, w) => sum + shares.of(w), 0);
    // The 63 census figures sum to 96.3 M; every commune has its part, and together they are the whole.
    assert.ok(Math.abs(total - 96_300_172) < 1, `${structure}: ${total}`);
  }
  const hcm = registry.list("new", "ward", "79");
  const phuong = hcm.find((w) => w.type === "Phường")!;
  const xa = hcm.find((w) => w.type === "Xã")!;
  assert.equal(shares.of(phuong), 4 * shares.of(xa));
  assert.equal(shares.of(registry.get("old", "79")!), 0);
});
