/**
 * The parser on text damaged on its way in, both structures: letters deleted, doubled, replaced or
 * added at random (typing, scanning), all spaces lost, spaces inside syllables, capitals, the last
 * letters cut off (form fields, copied text), the province left out, text typed in a font encoding
 * (TCVN3, VNI) copied out as Latin-1. Clean lines are drawn from the
 * registry ("<house> <street>, <ward>, [<district>,] <province>") and damaged per kind; a case is
 * right when the unit of the line's own structure comes back. Also the share right per confidence
 * band over every damaged case: a calibrated parser is right about as often as it says.
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/parse/damaged-text.bench.js [--per-kind N] [--seed N] [--failures KIND [--max-failures N]] [--dist DIR]
 * `--dist` parses with another build (a worktree's dist) over the same cases, for before/after.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Random } from "../../src/common/random.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { encodeTcvn3 } from "../../src/testing/legacy-encodings.js";
import { encodeVni } from "../../src/text/vni.js";
import { loadRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const perKind = Number(arg("--per-kind") ?? 300);
const seed = Number(arg("--seed") ?? 29);
const showFailures = arg("--failures");
const failureCap = Number(arg("--max-failures") ?? 15);
const dist = resolve(arg("--dist") ?? "dist");

const { createParser } = await import(pathToFileURL(`${dist}/src/parse/index.js`).href);
const { loadRegistry: loadOwnRegistry } = await import(pathToFileURL(`${dist}/src/units/registry.js`).href);
const parse: (text: string) => ParsedAddress = createParser(loadOwnRegistry()).parse;
const registry = loadRegistry();

const STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung", "Hùng Vương", "Nguyễn Văn Cừ"];
const LETTERS = [..."abcdeghiklmnopqrstuvxy"];

function noDiacritics(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

type Damage = (text: string, random: Random) => string;

/** Each letter, with probability `rate`, deleted, doubled, replaced or followed by another. */
function letterNoise(rate: number): Damage {
  return (text, random) => {
    let out = "";
    for (const c of text) {
      if (!/\p{L}/u.test(c) || !random.chance(rate)) {
        out += c;
        continue;
      }
      const kind = random.int(0, 3);
      if (kind === 1) out += c + c;
      else if (kind === 2) out += random.pick(LETTERS);
      else if (kind === 3) out += c + random.pick(LETTERS);
    }
    return out;
  };
}

const KINDS: [string, Damage][] = [
  ["5 % of letters damaged", letterNoise(0.05)],
  ["10 % of letters damaged", letterNoise(0.1)],
  ["no diacritics, 5 % of letters damaged", (t, r) => letterNoise(0.05)(noDiacritics(t), r)],
  ["no spaces at all", (t) => t.replaceAll(" ", "")],
  ["no spaces, no diacritics", (t) => noDiacritics(t).replaceAll(" ", "")],
  [
    "spaces inside syllables",
    (t, r) =>
      t
        .split(" ")
        .map((w) => (w.length >= 4 && r.chance(0.4) ? `${w.slice(0, 2)} ${w.slice(2)}` : w))
        .join(" "),
  ],
  ["capitals, no diacritics", (t) => noDiacritics(t).toUpperCase()],
  ["last 1–4 letters cut off", (t, r) => t.slice(0, -r.int(1, 4))],
  ["province left out", (t) => t.split(", ").slice(0, -1).join(", ")],
  // A spreadsheet typed in a font encoding (.VnTime, VNI-Times) saved as Unicode text: the font's bytes as Latin-1.
  ["typed in TCVN3, copied out as Latin-1", (t) => encodeTcvn3(t).toString("latin1")],
  ["typed in VNI, copied out as Latin-1", (t) => encodeVni(t)],
];

interface Row {
  kind: string;
  cases: number;
  province: number;
  district: number;
  unit: number;
  failures: string[];
}

/** Confidence bands, as docs/parse-quality.md prints them. */
const BANDS: [string, number][] = [
  ["≥ 0.95", 0.95],
  ["0.85–0.95", 0.85],
  ["0.70–0.85", 0.7],
  ["0.50–0.70", 0.5],
  ["< 0.50", Number.NEGATIVE_INFINITY],
];

function measure(structure: "old" | "new") {
  const random = new Random(seed + (structure === "old" ? 1 : 0));
  const provinces = registry.list(structure, "province");
  const rows: Row[] = [];
  const bands = BANDS.map(() => ({ cases: 0, right: 0 }));
  for (const [kind, damage] of KINDS) {
    const row: Row = { kind, cases: 0, province: 0, district: 0, unit: 0, failures: [] };
    while (row.cases < perKind) {
      const province = random.pick(provinces);
      let district: Unit | null = null;
      let wards: Unit[];
      if (structure === "old") {
        district = random.pick(registry.list("old", "district", province.code));
        wards = registry.list("old", "ward", district.code);
      } else wards = registry.list("new", "ward", province.code);
      wards = wards.filter((w) => !/^\d+$/.test(w.name));
      if (wards.length === 0) continue;
      const ward = random.pick(wards);
      const units = [ward, ...(district ? [district] : []), province].map((u) => u.fullName);
      const clean = `${random.int(1, 300)} ${random.pick(STREETS)}, ${units.join(", ")}`;
      const text = damage(clean, random);
      const r = parse(text);
      const got = structure === "old" ? r.old : r.new;
      const right = got?.ward?.code === ward.code;
      row.cases++;
      if (got?.province?.code === province.code) row.province++;
      if (district && r.old?.district?.code === district.code) row.district++;
      if (right) row.unit++;
      if ((!right || got?.province?.code !== province.code) && row.failures.length < failureCap)
        row.failures.push(
          `${text}  →  ${got?.ward?.full_name ?? "—"}, ${got?.province?.full_name ?? "—"} (${r.confidence}); want ${ward.fullName}, ${province.fullName}`,
        );
      const band = BANDS.findIndex(([, floor]) => r.confidence >= floor);
      bands[band].cases++;
      if (right) bands[band].right++;
    }
    rows.push(row);
  }
  return { rows, bands };
}

const pct = (n: number, of: number) => (of === 0 ? "—" : `${((100 * n) / of).toFixed(1)} %`);
for (const structure of ["old", "new"] as const) {
  const { rows, bands } = measure(structure);
  console.log(`\n${structure === "old" ? "Old structure (ward, district, province)" : "New structure (commune, province)"}, seed ${seed}, ${perKind} cases a kind, parser ${dist}\n`);
  console.log(structure === "old" ? "| damage | province | district | ward |\n|---|---:|---:|---:|" : "| damage | province | commune |\n|---|---:|---:|");
  for (const r of rows)
    console.log(
      structure === "old"
        ? `| ${r.kind} | ${pct(r.province, r.cases)} | ${pct(r.district, r.cases)} | ${pct(r.unit, r.cases)} |`
        : `| ${r.kind} | ${pct(r.province, r.cases)} | ${pct(r.unit, r.cases)} |`,
    );
  console.log(`\n| confidence | ${BANDS.map(([name]) => name).join(" | ")} |\n|---|${BANDS.map(() => "---:").join("|")}|`);
  console.log(`| ${structure === "old" ? "ward" : "commune"} right (of cases) | ${bands.map((b) => `${pct(b.right, b.cases)} (${b.cases})`).join(" | ")} |`);
  if (showFailures) for (const r of rows) if (r.kind.startsWith(showFailures)) for (const f of r.failures) console.log(`  ${f}`);
}
