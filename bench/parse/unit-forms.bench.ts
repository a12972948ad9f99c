/**
 * Every unit of the registry written the ways people write units, and how often the parser reads
 * it back: every old ward with its district (and province) in thirteen forms (among them a city's or
 * province's initials, "TP.NT", "…, KH", the Central Highlands' names typed without their
 * apostrophe, or with Đắc for Đắk and back, and type words that lost their hats), every new commune in
 * thirteen (with its province; beside the old district or province it was formed from, as people
 * kept writing after 2025; folded with a letter dropped, swapped or doubled), and the street names
 * the survey generator draws that end in a one-word ward's name, written before that ward's
 * district without commas (a street's last word must not become the ward). The gold is known by
 * construction; each form is one fixed template over the whole registry, not tuned on. Damaged
 * forms draw their slips from the project's seeded generator.
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/parse/unit-forms.bench.js [--dist DIR] [--failures FORM] [--max-failures N]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Random } from "../../src/common/random.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { fold, withoutHatsOrHorns } from "../../src/text/fold.js";
import { loadRegistry } from "../../src/units/registry.js";
import { buildParser } from "./build-parser.js";
import type { Unit } from "../../src/units/types.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const showFailures = arg("--failures");
const failureCap = Number(arg("--max-failures") ?? 30);

const { dist, parser } = await buildParser();
const registry = loadRegistry();

const ABBREVIATION: Record<string, string> = {
  Phường: "P.",
  Xã: "X.",
  "Thị trấn": "TT.",
  "Đặc khu": "ĐK",
  Quận: "Q.",
  Huyện: "H.",
  "Thị xã": "TX.",
  "Thành phố": "TP.",
  Tỉnh: "T.",
};
const abbreviated = (unit: Unit) => `${ABBREVIATION[unit.type] ?? unit.type} ${unit.name}`;

/** A name's initials in capitals ("Nha Trang": "NT"), null for a name of one word or with digits. */
function initials(name: string): string | null {
  const words = name.split(/[\s-]+/).filter(Boolean);
  if (words.length < 2 || /\d/.test(name)) return null;
  return words.map((w) => w[0].toUpperCase()).join("");
}

/**
 * A name as typed without its apostrophe and with "Đắk" and "Đắc" for each other ("Ea H'leo":
 * "Ea Hleo", "Đắk Mil": "Đắc Mil"); null when the name has neither.
 */
function respelled(name: string): string | null {
  const out = name
    .replace(/['\u2019]\s*/g, "")
    .replace(/(^|\s)(Đắk|Đăk|Đắc)(?=\s)/gu, (_, before, word) => `${before}${word === "Đắc" ? "Đắk" : "Đắc"}`);
  return out === name ? null : out;
}

/** The name with one letter (not a space) dropped, swapped with the next, or doubled. */
function slip(name: string, kind: "drop" | "swap" | "double", random: Random): string {
  const at = random.int(1, Math.max(1, name.length - 2));
  if (name[at] === " " || name[at + 1] === " ") return name;
  if (kind === "drop") return name.slice(0, at) + name.slice(at + 1);
  if (kind === "swap") return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
  return name.slice(0, at + 1) + name[at] + name.slice(at + 1);
}

interface Form<T> {
  name: string;
  write: (unit: T, random: Random) => string | null;
}

function table<T>(title: string, header: string, units: readonly T[], forms: Form<T>[], right: (r: ParsedAddress, u: T) => boolean, show: (u: T) => string) {
  console.log(`\n${title}, parser ${dist}\n`);
  console.log(`| written as | texts | ${header} |`);
  console.log("|---|---:|---:|");
  for (const form of forms) {
    const random = new Random(42);
    let n = 0;
    let ok = 0;
    const failures: string[] = [];
    for (const unit of units) {
      const text = form.write(unit, random);
      if (text === null) continue;
      n++;
      const r = parser.parse(text);
      if (right(r, unit)) ok++;
      else if (failures.length < failureCap) failures.push(`${text}  →  ${r.new?.ward?.full_name ?? r.old?.ward?.full_name ?? "—"}; want ${show(unit)}`);
    }
    console.log(`| ${form.name} | ${n} | ${((100 * ok) / n).toFixed(2)} % |`);
    if (showFailures && form.name.startsWith(showFailures)) for (const line of failures) console.error(`  ${line}`);
  }
}

const oldWards = registry.list("old", "ward");
const districtOf = (w: Unit) => registry.get("old", w.districtCode!)!;
const provinceOf = (u: Unit) => registry.get(u.structure, u.provinceCode)!;
table<Unit>(
  `Old wards: ${oldWards.length}`,
  "old ward read",
  oldWards,
  [
    { name: "Type Ward, Type District", write: (w) => `${w.fullName}, ${districtOf(w).fullName}` },
    { name: "Type Ward, Type District, Type Province", write: (w) => `${w.fullName}, ${districtOf(w).fullName}, ${provinceOf(w).fullName}` },
    { name: "P. Ward, Q. District, Province", write: (w) => `${abbreviated(w)}, ${abbreviated(districtOf(w))}, ${provinceOf(w).name}` },
    { name: "ward district (folded, no commas)", write: (w) => fold(`${w.name} ${districtOf(w).name}`) },
    { name: "ward district province (folded, no commas)", write: (w) => fold(`${w.name} ${districtOf(w).name} ${provinceOf(w).name}`) },
    { name: "Ward District Province (no commas)", write: (w) => `${w.name} ${districtOf(w).name} ${provinceOf(w).name}` },
    { name: "so 5 le loi ward district province (folded)", write: (w) => fold(`so 5 le loi ${w.name} ${districtOf(w).name} ${provinceOf(w).name}`) },
    {
      name: "P. Ward, TP. District's initials (TP.NT, H.SS; no province)",
      write: (w) => {
        const d = districtOf(w);
        const letters = initials(d.name);
        return letters === null ? null : `${abbreviated(w)}, ${ABBREVIATION[d.type]}${letters}`;
      },
    },
    {
      name: "12 Lê Lợi, Type Ward, province's initials (…, KH)",
      write: (w) => {
        const letters = initials(provinceOf(w).name);
        return letters === null ? null : `12 Lê Lợi, ${w.fullName}, ${letters}`;
      },
    },
    {
      name: "Type Ward, Type District, names without apostrophes, Đắk and Đắc swapped",
      write: (w) => {
        const d = districtOf(w);
        const [ward, district] = [respelled(w.name), respelled(d.name)];
        return ward === null && district === null
          ? null
          : `${w.type} ${ward ?? w.name}, ${d.type} ${district ?? d.name}`;
      },
    },
    {
      name: "the same folded, with the province, no commas",
      write: (w) => {
        const d = districtOf(w);
        const [ward, district] = [respelled(w.name), respelled(d.name)];
        return ward === null && district === null ? null : fold(`${ward ?? w.name} ${district ?? d.name} ${provinceOf(w).name}`);
      },
    },
    {
      name: "Type Ward, Type District, the type words' hats and horns lost (Phuờng, Quạn)",
      write: (w) => `${withoutHatsOrHorns(w.type)} ${w.name}, ${withoutHatsOrHorns(districtOf(w).type)} ${districtOf(w).name}`,
    },
    {
      name: "Type Ward, Type District, the new province",
      write: (w) => {
        const to = registry.convertOld(w.code).to;
        return to.length === 0 ? null : `${w.fullName}, ${districtOf(w).fullName}, ${provinceOf(to[0].unit).fullName}`;
      },
    },
  ],
  (r, w) => r.old?.ward?.code === w.code,
  (w) => `${w.fullName}, ${districtOf(w).name}`,
);

const newWards = registry.list("new", "ward");
/** The old ward a new commune was formed around: the one whose code it took, else a whole one, else the first. */
function anchorOf(commune: Unit): Unit | null {
  const preds = registry.predecessors(commune.code);
  return (preds.find((p) => p.unit.code === commune.code) ?? preds.find((p) => p.whole) ?? preds[0])?.unit ?? null;
}
const oldDistrictOf = (commune: Unit) => {
  const anchor = anchorOf(commune);
  return anchor?.districtCode ? registry.get("old", anchor.districtCode)! : null;
};
table<Unit>(
  `New communes: ${newWards.length}`,
  "commune read",
  newWards,
  [
    { name: "Type Commune, Type Province", write: (c) => `${c.fullName}, ${provinceOf(c).fullName}` },
    { name: "Commune, Province", write: (c) => `${c.name}, ${provinceOf(c).name}` },
    { name: "commune province (folded)", write: (c) => fold(`${c.name} ${provinceOf(c).name}`) },
    { name: "P. Commune, T. Province", write: (c) => `${abbreviated(c)}, ${abbreviated(provinceOf(c))}` },
    { name: "12 Lê Lợi, Type Commune, Province", write: (c) => `12 Lê Lợi, ${c.fullName}, ${provinceOf(c).name}` },
    { name: "so 12 le loi type commune province (folded)", write: (c) => fold(`so 12 le loi ${c.fullName} ${provinceOf(c).name}`) },
    {
      name: "12 Lê Lợi, Type Commune, its old district, Type Province",
      write: (c) => {
        const d = oldDistrictOf(c);
        return d ? `12 Lê Lợi, ${c.fullName}, ${d.fullName}, ${provinceOf(c).fullName}` : null;
      },
    },
    {
      name: "Type Commune, its old province",
      write: (c) => {
        const anchor = anchorOf(c);
        return anchor ? `${c.fullName}, ${provinceOf(anchor).fullName}` : null;
      },
    },
    {
      name: "12 le loi type commune old district province (folded)",
      write: (c) => {
        const d = oldDistrictOf(c);
        return d ? fold(`12 le loi ${c.fullName} ${d.name} ${provinceOf(c).name}`) : null;
      },
    },
    { name: "p. commune with a letter dropped province (folded)", write: (c, r) => fold(`${abbreviated({ ...c, name: slip(c.name, "drop", r) })} ${provinceOf(c).name}`) },
    { name: "p. commune, province with a letter dropped (folded)", write: (c, r) => fold(`${abbreviated(c)}, ${slip(provinceOf(c).name, "drop", r)}`) },
    { name: "12 Le Loi, P. commune with two letters swapped, province (folded)", write: (c, r) => `12 Le Loi, ${fold(`${abbreviated({ ...c, name: slip(c.name, "swap", r) })}, ${provinceOf(c).name}`)}` },
    { name: "Type Commune with a letter doubled, Type Province", write: (c, r) => `${c.type} ${slip(c.name, "double", r)}, ${provinceOf(c).fullName}` },
  ],
  (r, c) => r.new?.ward?.code === c.code,
  (c) => `${c.fullName}, ${provinceOf(c).name}`,
);

// The generator's streets that end in a one-word ward's name, before that ward's district.
const streets = [
  ...new Set(
    readFileSync(path.join(import.meta.dirname, "../../../data/generate/streets.csv"), "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[1])
      .filter(Boolean),
  ),
];
const byLastWord = new Map<string, string[]>();
for (const street of streets) {
  const words = fold(street).split(" ");
  if (words.length < 2) continue;
  const list = byLastWord.get(words[words.length - 1]) ?? [];
  list.push(street);
  byLastWord.set(words[words.length - 1], list);
}
const pairs: [Unit, string][] = [];
for (const w of oldWards) if (!w.name.includes(" ")) for (const street of byLastWord.get(fold(w.name))?.slice(0, 3) ?? []) pairs.push([w, street]);
let kept = 0;
let n = 0;
const eaten: string[] = [];
for (const [w, street] of pairs)
  for (const text of [`12 ${street} ${districtOf(w).name} ${provinceOf(w).name}`, fold(`12 ${street} ${districtOf(w).name} ${provinceOf(w).name}`)]) {
    n++;
    if (parser.parse(text).old?.ward?.code !== w.code) kept++;
    else if (eaten.length < failureCap) eaten.push(`${text}  →  ${w.fullName}`);
  }
console.log(`\nStreets ending in a one-word ward's name, before its district, no commas: ${n} texts, the street's last word not read as the ward in ${kept} (${((100 * kept) / n).toFixed(2)} %)`);
if (showFailures === "streets") for (const line of eaten) console.error(`  ${line}`);
