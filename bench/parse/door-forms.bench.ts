/**
 * The house's door, its alley and its street written the ways map services, listings and people
 * write them, before every old ward of the registry with its district and province, and how often
 * the parser reads all three back with the ward: map services' abbreviations ("12 P. Huế", "45 Ng.
 * 102 P. Trường Chinh", "Ngh." for ngách), runs of doors ("51-53-55"), a glued "SN12", lettered
 * numbers ("12A1", "B5/12"), kilometre marks ("Km12+500 QL1A") and provincial roads ("ĐT 741",
 * "Đường tỉnh 295" with the ward after it, no comma); lists of doors and of lots as business
 * addresses write them ("Số 12 & 14", "422, 424, 426", "Lô 38-4, 38-5", "Ô 18, Lô B18"). The gold is known by construction; each form
 * is one fixed template, its street and numbers drawn with the project's seeded generator from the
 * survey generator's streets (the named ones: a road's own keyword would say the street twice).
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/parse/door-forms.bench.js [--dist DIR] [--seed N] [--failures FORM] [--max-failures N]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Random } from "../../src/common/random.js";
import { loadRegistry } from "../../src/units/registry.js";
import { buildParser } from "./build-parser.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(arg("--seed") ?? 45);
const showFailures = arg("--failures");
const failureCap = Number(arg("--max-failures") ?? 30);

const { dist, parser } = await buildParser();
const registry = loadRegistry();

const streets = readFileSync(path.join(import.meta.dirname, "../../../data/generate/streets.csv"), "utf8")
  .split("\n")
  .slice(1)
  .map((line) => line.split(","))
  .filter(([pattern, name]) => name && pattern !== "road" && !/^\d/.test(name))
  .map(([, name]) => name);

/** What a form writes before the units, and the parts it should give back. */
interface Written {
  text: string;
  door: string | null;
  alley: string | null;
  street: string;
  /** The units follow without a comma (a road's number ends the street). */
  run?: boolean;
}

type Form = { name: string; write: (street: string, random: Random) => Written };

const FORMS: Form[] = [
  {
    name: "map services' Đường: 12 Đ. Lê Lợi",
    write: (s, r) => {
      const n = r.int(1, 300);
      return { text: `${n} Đ. ${s}`, door: `${n}`, alley: null, street: s };
    },
  },
  {
    name: "map services' Phố: 12 P. Lê Lợi",
    write: (s, r) => {
      const n = r.int(1, 300);
      return { text: `${n} P. ${s}`, door: `${n}`, alley: null, street: s };
    },
  },
  {
    name: "map services' Ngõ: 12 Ng. 34 P. Lê Lợi",
    write: (s, r) => {
      const [n, m] = [r.int(1, 120), r.int(2, 400)];
      return { text: `${n} Ng. ${m} P. ${s}`, door: `${n}`, alley: `Ngõ ${m}`, street: s };
    },
  },
  {
    name: "map services' Ngách: 12 Ngh. 5 Ng. 34 P. Lê Lợi",
    write: (s, r) => {
      const [n, k, m] = [r.int(1, 60), r.int(1, 40), r.int(2, 400)];
      return { text: `${n} Ngh. ${k} Ng. ${m} P. ${s}`, door: `${n}`, alley: `Ngõ ${m} Ngách ${k}`, street: s };
    },
  },
  {
    name: "a run of doors: 51-53-55 Lê Lợi",
    write: (s, r) => {
      const n = 2 * r.int(1, 150) + 1;
      const door = `${n}-${n + 2}-${n + 4}`;
      return { text: `${door} ${s}`, door, alley: null, street: s };
    },
  },
  {
    name: "a glued SN: SN12 Lê Lợi",
    write: (s, r) => {
      const n = r.int(1, 300);
      return { text: `SN${n} ${s}`, door: `${n}`, alley: null, street: s };
    },
  },
  {
    name: "a lettered door: 12A1 Lê Lợi",
    write: (s, r) => {
      const door = `${r.int(1, 300)}${r.pick(["A", "B", "C"])}${r.int(1, 9)}`;
      return { text: `${door} ${s}`, door, alley: null, street: s };
    },
  },
  {
    name: "a block's door: B5/12 Lê Lợi",
    write: (s, r) => {
      const door = `${r.pick(["A", "B", "C", "D", "E"])}${r.int(1, 20)}/${r.int(1, 60)}`;
      return { text: `${door} ${s}`, door, alley: null, street: s };
    },
  },
  {
    name: "a kilometre mark: Km12+500 QL1A",
    write: (_, r) => {
      const [k, m, q] = [r.int(1, 1800), 100 * r.int(1, 9), r.pick(["1A", "14", "20", "27", "51"])];
      return { text: `Km${k}+${m} QL${q}`, door: `Km ${k}+${m}`, alley: null, street: `Quốc lộ ${q}` };
    },
  },
  {
    name: "a provincial road: 12 ĐT 741",
    write: (_, r) => {
      const [n, road] = [r.int(1, 300), r.int(600, 999)];
      return { text: `${n} ĐT ${road}`, door: `${n}`, alley: null, street: `ĐT ${road}` };
    },
  },
  {
    name: "a provincial road, the ward after it: 12 Đường tỉnh 295 Ward, …",
    write: (_, r) => {
      const [n, road] = [r.int(1, 300), r.int(200, 999)];
      return { text: `${n} Đường tỉnh ${road}`, door: `${n}`, alley: null, street: `Đường tỉnh ${road}`, run: true };
    },
  },
];

interface Tally {
  cases: number;
  ward: number;
  parts: number;
  all: number;
  failures: string[];
}

/**
 * Lists of doors and lots as business addresses write them (session 47). They draw from a generator
 * of their own, so that the forms above keep the cases (and figures) they had.
 */
const LIST_FORMS: Form[] = [
  {
    name: "doors joined by &: Số 12 & 14 Lê Lợi",
    write: (s, r) => {
      const n = 2 * r.int(1, 150);
      return { text: `Số ${n} & ${n + 2} ${s}`, door: `${n} & ${n + 2}`, alley: null, street: s };
    },
  },
  {
    name: "doors past commas: Số 422, 424, 426 Lê Lợi",
    write: (s, r) => {
      const n = 2 * r.int(1, 300);
      return { text: `Số ${n}, ${n + 2}, ${n + 4} ${s}`, door: `${n}, ${n + 2}, ${n + 4}`, alley: null, street: s };
    },
  },
  {
    name: "doors around a spaced dash: Số 61 - 63 Lê Lợi",
    write: (s, r) => {
      const n = 2 * r.int(1, 150) + 1;
      return { text: `Số ${n} - ${n + 2} ${s}`, door: `${n}-${n + 2}`, alley: null, street: s };
    },
  },
  {
    name: "a lot's list: Lô 38-4, 38-5, Đường Lê Lợi",
    write: (s, r) => {
      const a = r.int(1, 60);
      const b = r.int(1, 9);
      return { text: `Lô ${a}-${b}, ${a}-${b + 1}, Đường ${s}`, door: `Lô ${a}-${b}, ${a}-${b + 1}`, alley: null, street: s };
    },
  },
  {
    name: "a lot coded like a ward: Lô F1 Đường Lê Lợi",
    write: (s, r) => {
      const code = `${r.pick(["F", "P", "Q", "X"])}${r.int(1, 19)}`;
      return { text: `Lô ${code} Đường ${s}`, door: `Lô ${code}`, alley: null, street: s };
    },
  },
  {
    name: "flats listed before the door: Phòng 301 & 302, 37 Lê Lợi",
    write: (s, r) => {
      const flat = r.int(101, 1299);
      const n = r.int(1, 300);
      return { text: `Phòng ${flat} & ${flat + 1}, ${n} ${s}`, door: `${n}`, alley: null, street: s };
    },
  },
  {
    name: "a plot of a block: Ô 18, Lô B18, Đường Lê Lợi",
    write: (s, r) => {
      const plot = r.int(1, 40);
      const lot = `${r.pick(["A", "B", "C", "D"])}${r.int(1, 30)}`;
      return { text: `Ô ${plot}, Lô ${lot}, Đường ${s}`, door: `Ô ${plot}, Lô ${lot}`, alley: null, street: s };
    },
  },
  {
    name: "the former number in brackets: 953 (số cũ 91/4) Lê Lợi",
    write: (s, r) => {
      const n = r.int(1, 999);
      return { text: `${n} (số cũ ${r.int(1, 200)}/${r.int(1, 30)}) ${s}`, door: `${n}`, alley: null, street: s };
    },
  },
];

const random = new Random(seed);
const listRandom = new Random(seed + 1);
const wards = registry.list("old", "ward");
const ALL_FORMS = [...FORMS, ...LIST_FORMS];
const tallies = ALL_FORMS.map((): Tally => ({ cases: 0, ward: 0, parts: 0, all: 0, failures: [] }));
for (const ward of wards) {
  const district = registry.get("old", ward.districtCode!)!;
  const province = registry.get("old", ward.provinceCode)!;
  const street = random.pick(streets);
  const listStreet = listRandom.pick(streets);
  ALL_FORMS.forEach((form, k) => {
    const own = k >= FORMS.length;
    const w = form.write(own ? listStreet : street, own ? listRandom : random);
    const text = `${w.text}${w.run ? " " : ", "}${ward.name}, ${district.name}, ${province.name}`;
    const r = parser.parse(text);
    const wardRight = r.old?.ward?.code === ward.code;
    const partsRight = r.parts.house_number === w.door && r.parts.alley === w.alley && r.parts.street === w.street;
    const t = tallies[k];
    t.cases++;
    if (wardRight) t.ward++;
    if (partsRight) t.parts++;
    if (wardRight && partsRight && r.parts.name === null) t.all++;
    else if (showFailures !== undefined && form.name.includes(showFailures) && t.failures.length < failureCap)
      t.failures.push(
        `${text}  →  ${r.old?.ward?.name ?? "—"}; door ${r.parts.house_number}, alley ${r.parts.alley}, street ${r.parts.street}, name ${r.parts.name}`,
      );
  });
}

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(2)} %`;
console.log(`Doors, alleys and streets before every old ward (${wards.length}), seed ${seed}, parser ${dist}\n`);
console.log("| form | ward right | door, alley and street right | all right, nothing invented |");
console.log("|---|---:|---:|---:|");
ALL_FORMS.forEach((form, k) => {
  const t = tallies[k];
  console.log(`| ${form.name} | ${pct(t.ward, t.cases)} | ${pct(t.parts, t.cases)} | ${pct(t.all, t.cases)} |`);
});
for (const [k, t] of tallies.entries())
  if (t.failures.length) console.log(`\n${ALL_FORMS[k].name}:\n${t.failures.join("\n")}`);
