import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { FormerUnitsFile } from "./former-units.js";
import { loadRegistry } from "./registry.js";

const registry = loadRegistry();
const former = registry.formerUnits;
const file = JSON.parse(
  readFileSync(new URL("../../../data/former-units.v2.json", import.meta.url), "utf8"),
) as FormerUnitsFile;

test("the former-units table holds the 560-odd communes merged away between late 2021 and March 2025, and the 600-odd of the 2019–2021 wave", () => {
  const merged = (from: string, to: string) =>
    file.units.filter((u) => u.level === "ward" && u.evidence !== "renamed" && u.until > from && u.until <= to).length;
  const late = merged("2021-11-01", "2025-03-01");
  assert.ok(late >= 540 && late <= 600, `${late} communes merged away between late 2021 and March 2025`);
  // GSO's list of October 2019 against November 2021's (Hòa Bình's Xã Hợp Thanh is one).
  const wave2019 = merged("2019-10-06", "2021-11-01");
  assert.ok(wave2019 >= 540 && wave2019 <= 620, `${wave2019} communes merged away in the 2019–2021 wave`);
  assert.ok(former.named("hop thanh")?.some((f) => f.parent?.name === "Lương Sơn"));
  assert.equal(former.size, file.units.length);
});

test("a merged-away ward whose successor's new name contains its own resolves to that successor", () => {
  const [qtg] = former.named("quoc tu giam")!;
  assert.equal(qtg.fullName, "Phường Quốc Tử Giám");
  assert.equal(qtg.parent?.fullName, "Quận Đống Đa");
  assert.deepEqual(
    qtg.successors.map((u) => u.fullName),
    ["Phường Văn Miếu - Quốc Tử Giám"],
  );
  assert.equal(qtg.row.evidence, "name-kept");
});

test("a merged-away ward the sources do not place in one ward keeps only its district", () => {
  const [cauDen] = former.named("cau den")!;
  assert.equal(cauDen.parent?.fullName, "Quận Hai Bà Trưng");
  assert.deepEqual(cauDen.successors, []);
  assert.equal(cauDen.row.evidence, "none");
});

test("a district merged away names the districts its wards went into", () => {
  const nongSon = former.named("nong son")!.find((f) => f.row.level === "district")!;
  assert.deepEqual(
    nongSon.successors.map((u) => u.fullName),
    ["Huyện Quế Sơn"],
  );
});

test("every successor and parent of a former unit is a unit of the March 2025 list", () => {
  const parentLevel = { ward: "district", district: "province" } as const;
  for (const row of file.units) {
    for (const code of row.successors)
      assert.ok(registry.get("old", code)?.level === row.level, `${row.name}: ${code}`);
    if (row.level !== "province") {
      const parent = registry.get("old", row.parent ?? "");
      assert.equal(parent?.level, parentLevel[row.level], `${row.name}: parent ${row.parent}`);
    }
    assert.equal(row.evidence === "none", row.successors.length === 0, `${row.name}: ${row.evidence}`);
  }
});

test("earlier changes come from the hand list with their resolution", () => {
  const [haTay] = former.named("ha tay")!;
  assert.equal(haTay.row.source, "Nghị quyết 15/2008/QH12");
  assert.deepEqual(
    haTay.successors.map((u) => u.code),
    ["01"],
  );
  const quan9 = former.named("9")!.find((f) => f.row.level === "district")!;
  assert.equal(quan9.successors[0].fullName, "Thành phố Thủ Đức");
});

test("wards that moved to another district keep the district they left, which still exists", () => {
  // Xã Kiên Lao lay in Huyện Lục Ngạn until Thị xã Chũ was formed from it.
  const kienLao = registry.list("old", "ward", "224").find((w) => w.name === "Kiên Lao")!;
  assert.deepEqual(former.formerDistrictsOf(kienLao.code), ["219"]);
  assert.deepEqual(former.formerDistrictsOf("00001"), []);
  for (const move of file.moves) {
    const ward = registry.get("old", move.ward);
    assert.equal(ward?.level, "ward", move.ward);
    assert.equal(registry.get("old", move.from)?.level, "district", move.from);
    assert.notEqual(ward?.districtCode, move.from, `${move.ward} still lies in ${move.from}`);
  }
});
