import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
const json = (...args: string[]) => {
  const result = run(...args);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
};

test("units convert --json gives the documented shape for a split ward", () => {
  const out = json("units", "convert", "00079", "--json");
  assert.deepEqual(out.from, {
    code: "00079",
    name: "Tràng Tiền",
    full_name: "Phường Tràng Tiền",
    type: "Phường",
    district: { code: "002", name: "Hoàn Kiếm", full_name: "Quận Hoàn Kiếm" },
    province: { code: "01", name: "Hà Nội", full_name: "Thành phố Hà Nội" },
  });
  assert.deepEqual(
    out.to.map((t: { name: string; whole: boolean; province: { code: string } }) => [t.name, t.whole, t.province.code]),
    [
      ["Hoàn Kiếm", false, "01"],
      ["Cửa Nam", false, "01"],
    ],
  );
});

test("units convert accepts a name with its parents and refuses an ambiguous one", () => {
  assert.equal(json("units", "convert", "P. Ben Nghe, Q.1, TP.HCM", "--json").to[0].full_name, "Phường Sài Gòn");
  const ambiguous = run("units", "convert", "Kim Chung");
  assert.equal(ambiguous.status, 1);
  assert.match(ambiguous.stderr, /"Kim Chung" is ambiguous/);
  assert.equal(ambiguous.stderr.trim().split("\n").length, 1);
});

test("units at --json names the new commune and the old candidates", () => {
  const out = json("units", "at", "10.7725", "106.6980", "--json");
  assert.equal(out.new.ward.code, "26743");
  assert.equal(out.new.province.code, "79");
  assert.ok(out.old.length >= 1 && out.old[0].district.name === "1");
});

test("units lookup and list answer in JSON; bad input exits non-zero naming the input", () => {
  assert.equal(json("units", "lookup", "tphcm", "--structure", "new", "--json").candidates[0].code, "79");
  assert.equal(json("units", "list", "--structure", "new", "--level", "province", "--json").length, 34);
  assert.equal(json("units", "list", "--structure", "old", "--level", "district", "--parent", "79", "--json").length, 22);
  for (const [args, pattern] of [
    [["units", "convert", "12345"], /unknown old-structure unit code "12345"/],
    [["units", "at", "abc", "106"], /lat must be a number, got "abc"/],
    [["units", "list", "--structure", "mid", "--level", "ward"], /--structure must be old or new, got "mid"/],
    [["units", "boundary", "99"], /unknown new-structure unit code "99"/],
  ] as const) {
    const result = run(...args);
    assert.notEqual(result.status, 0, args.join(" "));
    assert.match(result.stderr, pattern);
  }
});

test("units boundary prints a GeoJSON feature for a commune and a province", () => {
  const commune = json("units", "boundary", "26740");
  assert.equal(commune.type, "Feature");
  assert.equal(commune.properties.full_name, "Phường Sài Gòn");
  assert.match(commune.geometry.type, /Polygon/);
  assert.equal(json("units", "boundary", "01").properties.full_name, "Thành phố Hà Nội");
  // Every command takes --json; the boundary is GeoJSON either way.
  assert.deepEqual(json("units", "boundary", "26740", "--json"), commune);
});

test("units convert sends Xã Phước Ninh of Quế Sơn whole to Xã Quế Phước, not to Phường Hải Châu of Đà Nẵng", () => {
  const out = json("units", "convert", "Xã Phước Ninh, Huyện Quế Sơn, Tỉnh Quảng Nam", "--json");
  assert.equal(out.from.code, "20669");
  assert.deepEqual(
    out.to.map((t: { code: string; full_name: string; whole: boolean; province: { code: string } }) => [
      t.code,
      t.full_name,
      t.whole,
      t.province.code,
    ]),
    [["20669", "Xã Quế Phước", true, "48"]],
  );
  const haiChau = json("units", "predecessors", "20242", "--json");
  assert.ok(!JSON.stringify(haiChau).includes("Quế Sơn"), JSON.stringify(haiChau));
});
