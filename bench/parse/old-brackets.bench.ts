/**
 * The old ward written beside the new commune, in brackets as businesses have published their
 * address since the 2025 reform ("12 Lê Lợi, Phường Ngọc Hà, Thành phố Hà Nội (Phường Vĩnh Phúc,
 * Quận Ba Đình cũ)"), or one after the other as map services write them ("…, Phường 14, Diên Hồng,
 * Hồ Chí Minh"). For every new commune formed from several old wards, each of its old wards
 * (every `--every`th pair, default every 7th) is written in seven forms; a case is right when the
 * parser gives that old ward and that commune. The gold is known by construction: the 2025 mapping.
 *
 *   npx tsc -p . && node dist/bench/parse/old-brackets.bench.js [--dist DIR] [--every N] [--failures FORM]
 */
import { loadRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";
import { arg } from "../args.js";
import { buildParser } from "./build-parser.js";

const every = Number(arg("every", "7"));
const showFailures = arg("failures", "");
const { dist, parser } = await buildParser();
const registry = loadRegistry();

type Form = (commune: Unit, province: Unit, ward: Unit, district: Unit) => string;
const FORMS: [string, Form][] = [
  ["the old ward typed, its district, 'cũ' closing the bracket", (c, p, w, d) => `12 Lê Lợi, ${c.fullName}, ${p.fullName} (${w.fullName}, ${d.fullName} cũ)`],
  ["the old ward bare, its district, 'cũ'", (c, p, w, d) => `12 Lê Lợi, ${c.fullName} (${w.name}, ${d.fullName} cũ), ${p.name}`],
  ["the old ward typed, its district, no 'cũ'", (c, p, w, d) => `12 Lê Lợi, ${c.fullName} (${w.fullName}, ${d.fullName}), ${p.name}`],
  ["labelled '(cũ: …)'", (c, p, w, d) => `12 Lê Lợi, ${c.fullName}, ${p.fullName} (cũ: ${w.fullName}, ${d.fullName})`],
  ["no brackets: the old ward typed, the commune bare after it", (c, p, w) => `12 Lê Lợi, ${w.fullName}, ${c.name}, ${p.name}`],
  ["no brackets: the old ward bare, the commune typed after it", (c, p, w) => `12 Lê Lợi, ${w.name}, ${c.fullName}, ${p.name}`],
  ["no brackets: the commune typed, the old ward bare after it", (c, p, w) => `12 Lê Lợi, ${c.fullName}, ${w.name}, ${p.name}`],
];

const rows = FORMS.map(([name]) => ({ name, n: 0, old: 0, both: 0, failures: [] as string[] }));
let pairs = 0;
for (const commune of registry.list("new", "ward")) {
  const wards = registry.predecessors(commune.code).map((t) => t.unit).filter((u) => u.level === "ward");
  if (wards.length < 2) continue;
  const province = registry.require("new", commune.provinceCode);
  for (const ward of wards) {
    const district = ward.districtCode ? registry.get("old", ward.districtCode) : undefined;
    if (!district || pairs++ % every !== 0) continue;
    FORMS.forEach(([, write], k) => {
      const text = write(commune, province, ward, district);
      const r = parser.parse(text);
      const row = rows[k];
      row.n++;
      const oldRight = r.old?.ward?.code === ward.code;
      if (oldRight) row.old++;
      if (oldRight && r.new?.ward?.code === commune.code) row.both++;
      else if (showFailures && row.name.startsWith(showFailures))
        row.failures.push(`${text}  →  ${r.old?.ward?.full_name ?? "—"} / ${r.new?.ward?.full_name ?? "—"}`);
    });
  }
}

console.log(`Old wards beside the new commune: every ${every}th of ${pairs} (commune, old ward) pairs, parser ${dist}\n`);
console.log("| form | cases | old ward right | old ward and new commune right |");
console.log("|---|---:|---:|---:|");
const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)} %`;
for (const row of rows) console.log(`| ${row.name} | ${row.n} | ${pct(row.old, row.n)} | ${pct(row.both, row.n)} |`);
for (const row of rows) for (const line of row.failures.slice(0, 30)) console.error(`  ${line}`);
