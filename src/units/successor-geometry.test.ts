import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadBoundaries } from "./boundaries.js";
import { loadRegistry } from "./registry.js";
import {
  checkSuccessorGeometry,
  isReviewedGap,
  type OldWardSuccessors,
  REVIEWED_SUCCESSOR_GAPS,
  SUCCESSOR_GAP_LIMIT_M,
  SuccessorGeometry,
  type SuccessorGeometryProblem,
} from "./successor-geometry.js";

const registry = loadRegistry();
const boundaries = loadBoundaries();

/** The 19 old wards the check corrected, with the successors the 2025 source gave them (data/PROVENANCE.md). */
interface Correction {
  old: string;
  ward: string;
  district: string;
  province: string;
  sourceSuccessors: string[];
  successor: string;
  successorName: string;
  successorProvince: string;
}
const corrections = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../../../test/fixtures/mapping-corrections.json", import.meta.url)),
    "utf8",
  ),
) as Correction[];

const shipped = (): OldWardSuccessors[] =>
  registry.list("old", "ward").map((ward) => ({
    code: ward.code,
    district: ward.districtCode!,
    successors: registry.convertOld(ward.code).to.map((t) => t.unit.code),
  }));

const describe = (p: SuccessorGeometryProblem) =>
  `${p.code} ${registry.get("old", p.code)!.fullName}: ${p.kind} ${(p.gapM / 1000).toFixed(2)} km ${JSON.stringify(p.groups)}`;

test("every old ward's successors touch one another and what the rest of its district became, over the whole shipped mapping", () => {
  const wards = shipped();
  const successorsOf = new Map(wards.map((w) => [w.code, w.successors]));
  const problems = checkSuccessorGeometry(wards, boundaries);
  const unexplained = problems.filter((p) => !isReviewedGap(p, successorsOf.get(p.code)!));
  assert.deepEqual(unexplained.map(describe), []);
  // Each reviewed exception is still needed; one that no longer applies must leave the list.
  for (const reviewed of REVIEWED_SUCCESSOR_GAPS)
    assert.ok(
      problems.some((p) => p.code === reviewed.code && p.kind === reviewed.kind),
      `${reviewed.code} is listed in REVIEWED_SUCCESSOR_GAPS but passes the check`,
    );
});

test("the check flags every wrong link the 2025 source had, each more than twice the limit away", () => {
  const source = new Map(corrections.map((c) => [c.old, c.sourceSuccessors]));
  const wards = shipped().map((w) => ({ ...w, successors: source.get(w.code) ?? w.successors }));
  const problems = checkSuccessorGeometry(wards, boundaries);
  const flagged = new Set(problems.filter((p) => source.has(p.code)).map((p) => p.code));
  assert.deepEqual(
    [...source.keys()].filter((code) => !flagged.has(code)),
    [],
  );
  for (const p of problems.filter((p) => source.has(p.code)))
    assert.ok(p.gapM > 2 * SUCCESSOR_GAP_LIMIT_M, describe(p));
  // The example: Xã Phước Ninh of Quế Sơn (Quảng Nam) linked to Phường Hải Châu in central Đà Nẵng.
  const phuocNinh = problems.filter((p) => p.code === "20669");
  assert.deepEqual(
    phuocNinh.map((p) => [p.kind, p.groups, Math.round(p.gapM / 1000)]),
    [
      ["apart", [["20242"], ["20669"]], 42],
      ["far", [["20242"]], 26],
    ],
  );
});

test("a successor formed from the old ward alone is not measured against its district: islands continue on their own", () => {
  // Xã Thổ Châu, islands of Phú Quốc 63 km out at sea, became Đặc khu Thổ Châu on its own.
  assert.deepEqual(
    registry.convertOld("31105").to.map((t) => [t.unit.fullName, t.whole]),
    [["Đặc khu Thổ Châu", true]],
  );
  assert.deepEqual(
    registry.predecessors("31105").map((p) => p.unit.code),
    ["31105"],
  );
  const wards = shipped();
  const geometry = new SuccessorGeometry(wards, boundaries);
  const thoChau = wards.find((w) => w.code === "31105")!;
  const gapM = geometry.gapToDistrictM(thoChau, "31105");
  assert.ok(gapM > 60_000 && gapM < 65_000, `gap ${gapM}`);
  assert.deepEqual(geometry.problemsOf(thoChau), []);
});

test("each corrected old ward now goes whole into the commune the official map names, in its own province", () => {
  for (const c of corrections) {
    const { from, to } = registry.convertOld(c.old);
    assert.equal(from.fullName, c.ward);
    assert.deepEqual(
      to.map((t) => [t.unit.code, t.unit.fullName, t.unit.provinceCode, t.whole]),
      [[c.successor, c.successorName, c.successorProvince, true]],
      c.old,
    );
    for (const wrong of c.sourceSuccessors.filter((code) => code !== c.successor))
      assert.ok(
        !registry.predecessors(wrong).some((p) => p.unit.code === c.old),
        `${wrong} still lists ${c.old}`,
      );
  }
});

test("every successor lies in a new province that its old province went into", () => {
  const strays: string[] = [];
  for (const ward of registry.list("old", "ward")) {
    const provinces = new Set(registry.newProvincesOf(ward.provinceCode).map((p) => p.code));
    for (const t of registry.convertOld(ward.code).to)
      if (!provinces.has(t.unit.provinceCode))
        strays.push(`${ward.code} → ${t.unit.code} (${t.unit.provinceCode})`);
  }
  assert.deepEqual(strays, []);
});
