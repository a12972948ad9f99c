/**
 * How the parser reads text written after 1 July 2025 (issue 13): new-structure and mixed
 * addresses as people type them, one habit per row. Each case is drawn, seeded, from the registry
 * (units of both structures and the 2025 mapping), never from any public address-classification
 * set; its expected new province and commune follow the conversion policy of eval-case.ts. A row
 * counts the new province, and the new commune (null where the text names none the province
 * has), each right when the parser's is the expected one.
 *
 * Printed by bench/parse/new-structure-habits.ts and in docs/parse-quality.md (bench/parse/eval.ts).
 */
import { Random } from "../../src/common/random.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { fold } from "../../src/text/fold.js";
import type { UnitRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";
import { expectFromNew, expectFromOld, sameNameDistrict } from "./eval-case.js";

/** Short forms people write for some provinces, by new province code. */
const PROVINCE_SHORT_FORMS: [string, string][] = [
  ["79", "TP.HCM"],
  ["79", "HCM"],
  ["79", "tp hcm"],
  ["01", "HN"],
  ["01", "Hanoi"],
  ["66", "Daklak"],
  ["46", "TT Huế"],
  ["46", "Hue"],
  ["48", "Danang"],
  ["48", "Tp Đà Nẵng"],
];

/** The draw docs/parse-quality.md prints: its seed and cases per habit. */
export const HABIT_SEED = 2026;
export const HABIT_CASES = 150;

/** A case: the text, the expected new province and commune (null: the text names none). */
interface HabitCase {
  text: string;
  province: string | null;
  ward: string | null;
  note: string;
}

const STREETS = [
  "Lê Lợi",
  "Trần Phú",
  "Nguyễn Huệ",
  "Hùng Vương",
  "Quang Trung",
  "Nguyễn Trãi",
  "Lý Thường Kiệt",
];
const HAMLETS = [
  "Thôn 3",
  "Thôn Đông",
  "Ấp 2",
  "Ấp Tân Lợi",
  "Xóm 5",
  "Bản Na",
  "Tổ 7",
  "Khu phố 4",
  "Buôn Ea",
];
const ABBREVIATION: Record<string, string[]> = {
  Phường: ["P.", "P", "F."],
  Xã: ["X.", "X"],
  "Đặc khu": ["ĐK", "Đặc khu"],
  "Thành phố": ["TP.", "TP", "Tp."],
  Tỉnh: ["T.", "T"],
};

function noDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

/** One habit's figures: cases drawn, new provinces right, new communes right, and the cases missed. */
export interface HabitRow {
  name: string;
  cases: number;
  province: number;
  ward: number;
  failures: string[];
}

/**
 * Draws `perHabit` cases per habit from `registry` with `seed` and parses them; the same seed
 * and registry draw the same cases on every run.
 */
export function measureHabits(
  registry: UnitRegistry,
  parse: (text: string) => ParsedAddress,
  seed: number,
  perHabit: number,
): HabitRow[] {
  const random = new Random(seed);
  /**
   * The name typed with Telex and the tone key left behind on each marked syllable ("Hòa Bình" →
   * "Hoaf Binhf"), as text typed with the input method switched off halfway does; vowel shapes are
   * dropped (â, ơ, đ … written plain).
   */
  function telex(name: string): string {
    const KEYS: Record<string, string> = {
      "\u0300": "f",
      "\u0301": "s",
      "\u0309": "r",
      "\u0303": "x",
      "\u0323": "j",
    };
    return name
      .split(" ")
      .map((w) => {
        const d = w.normalize("NFD");
        const tone = [...d].find((c) => KEYS[c]);
        return noDiacritics(w) + (tone ? KEYS[tone] : "");
      })
      .join(" ");
  }

  /** One edit inside the name (never its first letter): deletion, swap or doubling. */
  function typo(name: string): string {
    const letters = [...name];
    const positions = letters.map((c, i) => (i > 0 && /\p{L}/u.test(c) ? i : -1)).filter((i) => i >= 0);
    const i = random.pick(positions);
    const kind = random.int(0, 2);
    if (kind === 0) letters.splice(i, 1);
    else if (kind === 1 && i + 1 < letters.length && /\p{L}/u.test(letters[i + 1]))
      [letters[i], letters[i + 1]] = [letters[i + 1], letters[i]];
    else letters.splice(i, 0, letters[i]);
    return letters.join("");
  }

  /** One letter added, left out or replaced inside a word (never its first letter). */
  function letterWrong(word: string): string {
    const letters = [...word];
    const i = random.int(1, letters.length - 1);
    const letter = random.pick([..."abcdeghiklmnopqrstuvxy"]);
    const kind = letters.length > 2 ? random.int(0, 2) : random.pick([0, 2]);
    if (kind === 0) letters.splice(i, 0, letter);
    else if (kind === 1) letters.splice(i, 1);
    else letters[i] = letter;
    return letters.join("");
  }

  const newProvinces = registry.list("new", "province");
  const newCommunes = registry.list("new", "ward");
  const communesOf = new Map(newProvinces.map((p) => [p.code, registry.list("new", "ward", p.code)]));
  const byFoldedName = new Map<string, Unit[]>();
  for (const u of newCommunes) {
    const key = fold(u.name);
    byFoldedName.set(key, [...(byFoldedName.get(key) ?? []), u]);
  }
  /** Names of every unit of both structures, folded: a name in none of them is no unit's. */
  const foldedNamesByProvince = new Map<string, Set<string>>();
  for (const structure of ["old", "new"] as const)
    for (const u of registry.list(structure, "ward")) {
      const provinces =
        structure === "new"
          ? [u.provinceCode]
          : registry.convertOld(u.code).to.map((t) => t.unit.provinceCode);
      for (const p of provinces) {
        let set = foldedNamesByProvince.get(p);
        if (!set) {
          set = new Set();
          foldedNamesByProvince.set(p, set);
        }
        set.add(fold(u.name));
      }
    }
  const oldDistrictOrProvinceNames = new Set(
    [...registry.list("old", "district"), ...registry.list("old", "province")].map((u) => fold(u.name)),
  );

  /** Folded names of the old wards under an old province or district. */
  const oldWardNamesIn = (code: string) =>
    new Set(registry.list("old", "ward", code).map((w) => fold(w.name)));
  /** The old wards some part of which went into the new province. */
  const oldWardsInto = (code: string) =>
    namedOldWards.filter((w) => registry.convertOld(w.code).to.some((t) => t.unit.provinceCode === code));
  const numbered = (u: Unit) => /^\d+$/.test(u.name);
  const namedOldWards = registry.list("old", "ward").filter((w) => !numbered(w));
  const province = (u: Unit) => registry.get("new", u.provinceCode)!;
  const full = (u: Unit) => `${u.type} ${u.name}`;
  const street = () => `${random.int(1, 300)} ${random.pick(STREETS)}`;
  /** A commune of a province chosen uniformly first, so that every province is drawn alike. */
  function commune(filter: (u: Unit) => boolean = () => true): Unit {
    for (;;) {
      const list = communesOf.get(random.pick(newProvinces).code)!.filter((u) => !numbered(u) && filter(u));
      if (list.length) return random.pick(list);
    }
  }
  function expectNew(u: Unit, oldDistrict: string | null = null): Pick<HabitCase, "province" | "ward"> {
    const e = expectFromNew(registry, u, oldDistrict ?? sameNameDistrict(registry, u));
    return { province: e.new.province, ward: e.new.ward };
  }
  /** The commune's new-structure line: "<street or hamlet>, <type> <name>, <type> <province>". */
  function line(
    u: Unit,
    opts: { front?: string; unitType?: string | null; provinceText?: string } = {},
  ): string {
    const unitType = opts.unitType === undefined ? u.type : opts.unitType;
    const name = unitType ? `${unitType} ${u.name}` : u.name;
    return [opts.front ?? street(), name, opts.provinceText ?? full(province(u))].join(", ");
  }

  /** Each habit: its name and a case drawn for it. */
  const HABITS: { name: string; draw: () => HabitCase }[] = [
    {
      name: "clean: street, commune, province",
      draw: () => {
        const u = commune();
        return { text: line(u), ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "no diacritics",
      draw: () => {
        const u = commune();
        return { text: noDiacritics(line(u)), ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "no diacritics, lower case, no commas",
      draw: () => {
        const u = commune();
        return {
          text: noDiacritics(line(u)).toLowerCase().replaceAll(",", ""),
          ...expectNew(u),
          note: u.fullName,
        };
      },
    },
    {
      name: "abbreviated type words (P., X., TP, T.)",
      draw: () => {
        const u = commune();
        const p = province(u);
        const text = line(u, {
          unitType: random.pick(ABBREVIATION[u.type] ?? [u.type]),
          provinceText: `${random.pick(ABBREVIATION[p.type])} ${p.name}`,
        });
        return { text, ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "no type words",
      draw: () => {
        const u = commune();
        return {
          text: line(u, { unitType: null, provinceText: province(u).name }),
          ...expectNew(u),
          note: u.fullName,
        };
      },
    },
    {
      name: "rural: hamlet, xã, tỉnh, no diacritics",
      draw: () => {
        const u = commune((c) => c.type === "Xã");
        const text = noDiacritics(line(u, { front: random.pick(HAMLETS) })).toLowerCase();
        return { text, ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "typo in the commune's name",
      draw: () => {
        const u = commune((c) => fold(c.name).replaceAll(" ", "").length >= 7);
        const p = province(u);
        return {
          text: `${street()}, ${u.type} ${typo(u.name)}, ${full(p)}`,
          ...expectNew(u),
          note: u.fullName,
        };
      },
    },
    {
      name: "typo in the province's name",
      draw: () => {
        const u = commune();
        const p = province(u);
        return {
          text: line(u, { provinceText: `${p.type} ${typo(p.name)}` }),
          ...expectNew(u),
          note: u.fullName,
        };
      },
    },
    {
      name: "type word glued to the name",
      draw: () => {
        const u = commune();
        const p = province(u);
        const text = `${street()}, ${u.type}${u.name}, ${p.type}${p.name}`;
        return { text, ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "province missing (a commune name unique in the country)",
      draw: () => {
        const u = commune((c) => byFoldedName.get(fold(c.name))!.length === 1);
        return { text: `${street()}, ${full(u)}`, ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "new commune named like an old district or province",
      draw: () => {
        const u = commune((c) => oldDistrictOrProvinceNames.has(fold(c.name)));
        const text = random.chance(0.5) ? line(u) : noDiacritics(line(u));
        return { text, ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "mixed: new commune, the old province it was in",
      draw: () => {
        for (;;) {
          const u = commune();
          const olds = registry.predecessors(u.code).map((t) => registry.get("old", t.unit.provinceCode)!);
          // Not when the old province had a ward of that name: the text is then an old address too.
          const renamed = olds.filter(
            (o) => fold(o.name) !== fold(province(u).name) && !oldWardNamesIn(o.code).has(fold(u.name)),
          );
          if (!renamed.length) continue;
          const o = random.pick(renamed);
          const text = line(u, { provinceText: random.chance(0.5) ? full(o) : o.name });
          return {
            text: random.chance(0.5) ? text : noDiacritics(text),
            ...expectNew(u),
            note: `${u.fullName} in old ${o.name}`,
          };
        }
      },
    },
    {
      name: "mixed: new commune, old district kept, new province",
      draw: () => {
        for (;;) {
          const u = commune();
          const districts = [
            ...new Set(registry.predecessors(u.code).map((t) => t.unit.districtCode ?? t.unit.code)),
          ]
            .map((c) => registry.get("old", c))
            .filter(
              (d): d is Unit =>
                d !== undefined && d.level === "district" && !oldWardNamesIn(d.code).has(fold(u.name)),
            );
          if (!districts.length) continue;
          const d = random.pick(districts);
          const text = [street(), full(u), full(d), full(province(u))].join(", ");
          return { text, ...expectNew(u, d.code), note: `${u.fullName}, old ${d.fullName}` };
        }
      },
    },
    {
      name: "mixed: old ward merged away, new province",
      draw: () => {
        for (;;) {
          const w = random.pick(namedOldWards);
          const targets = registry.convertOld(w.code).to.map((t) => t.unit);
          if (targets.length !== 1) continue;
          const p = province(targets[0]);
          // Only a name no current commune of the province carries, and no other old ward that went
          // into it: the text can mean only that old ward.
          if (communesOf.get(p.code)!.some((c) => fold(c.name) === fold(w.name))) continue;
          if (oldWardsInto(p.code).filter((o) => fold(o.name) === fold(w.name)).length > 1) continue;
          const e = expectFromOld(
            registry,
            { province: registry.get("old", w.provinceCode)!, district: null, ward: w },
            p.code,
          );
          return {
            text: line(w, { provinceText: full(p) }),
            province: e.new!.province,
            ward: e.new!.ward,
            note: `old ${w.fullName}`,
          };
        }
      },
    },
    {
      name: "mixed: old ward, old district, new province",
      draw: () => {
        const w = random.pick(registry.list("old", "ward"));
        const d = registry.get("old", w.districtCode!)!;
        const oldProvince = registry.get("old", w.provinceCode)!;
        const p = random.pick(registry.newProvincesOf(oldProvince.code));
        const e = expectFromOld(registry, { province: oldProvince, district: d, ward: w }, p.code);
        const text = [street(), full(w), full(d), full(p)].join(", ");
        return {
          text: random.chance(0.5) ? text : noDiacritics(text),
          province: e.new?.province ?? null,
          ward: e.new?.ward ?? null,
          note: `${w.fullName}, ${d.fullName} in new ${p.name}`,
        };
      },
    },
    {
      name: "province by its usual short form (HCM, HN, Daklak, Huế, Đà Nẵng)",
      draw: () => {
        const [code, written] = random.pick(PROVINCE_SHORT_FORMS);
        const u = random.pick(communesOf.get(code)!.filter((c) => !numbered(c)));
        return { text: line(u, { provinceText: written }), ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "typo in the province's type word",
      draw: () => {
        const u = commune();
        const p = province(u);
        const type = random.pick(
          p.type === "Tỉnh"
            ? ["tinhh", "Tỉhn", "tnh", "Tinhh"]
            : ["thanh phoo", "Thành phô", "thanh ph", "Thanhf phố"],
        );
        return { text: line(u, { provinceText: `${type} ${p.name}` }), ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "new commune, old district, no province",
      draw: () => {
        for (;;) {
          const u = commune();
          const districts = [
            ...new Set(registry.predecessors(u.code).map((t) => t.unit.districtCode ?? t.unit.code)),
          ]
            .map((c) => registry.get("old", c))
            .filter(
              (d): d is Unit =>
                d !== undefined && d.level === "district" && !oldWardNamesIn(d.code).has(fold(u.name)),
            );
          if (districts.length !== 1) continue;
          const d = districts[0];
          return {
            text: [street(), full(u), full(d)].join(", "),
            ...expectNew(u, d.code),
            note: `${u.fullName}, old ${d.fullName}`,
          };
        }
      },
    },
    {
      name: "reversed: province first",
      draw: () => {
        const u = commune();
        const text = [full(province(u)), full(u), street()].join(", ");
        return { text: random.chance(0.5) ? text : noDiacritics(text), ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "bare: no type words, commas or diacritics, lower case",
      draw: () => {
        const u = commune();
        const text = noDiacritics([street(), u.name, province(u).name].join(" ")).toLowerCase();
        return { text, ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "Telex keys left in the commune's name (Hoaf Binhf)",
      draw: () => {
        const u = commune((c) => telex(c.name) !== noDiacritics(c.name));
        const p = province(u);
        return {
          text: `${street()}, ${u.type} ${telex(u.name)}, ${full(p)}`,
          ...expectNew(u),
          note: u.fullName,
        };
      },
    },
    {
      name: "country and postal code at the end",
      draw: () => {
        const u = commune();
        const tail = random.pick([", Việt Nam", ", Vietnam", " 700000, Việt Nam", ", VN"]);
        return { text: `${line(u)}${tail}`, ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "typos in both the commune and the province",
      draw: () => {
        const u = commune((c) => fold(c.name).replaceAll(" ", "").length >= 7);
        const p = province(u);
        return {
          text: `${street()}, ${u.type} ${typo(u.name)}, ${p.type} ${typo(p.name)}`,
          ...expectNew(u),
          note: u.fullName,
        };
      },
    },
    {
      name: "province cut short at the end (Tỉnh An Gi, Thành phố Đồng)",
      draw: () => {
        const u = commune();
        const p = province(u);
        const lastWord = p.name.split(" ").at(-1)!;
        // Keep at least one letter of the name's last word when the name has one word.
        const most = p.name.includes(" ") ? lastWord.length : lastWord.length - 1;
        const cut = random.int(1, Math.min(4, most));
        return { text: line(u).slice(0, -cut), ...expectNew(u), note: u.fullName };
      },
    },
    {
      name: "a letter added, left out or replaced in the type words (Thbnh phố, Xlã)",
      draw: () => {
        const u = commune();
        const p = province(u);
        const [first, ...rest] = p.type.split(" ");
        const provinceType = [letterWrong(first), ...rest].join(" ");
        return {
          text: line(u, { unitType: letterWrong(u.type), provinceText: `${provinceType} ${p.name}` }),
          ...expectNew(u),
          note: u.fullName,
        };
      },
    },
    {
      name: "explicit province, commune named only elsewhere",
      draw: () => {
        for (;;) {
          const u = commune();
          const p = random.pick(newProvinces);
          // Neither structure has a unit of this name anywhere in the province.
          if (foldedNamesByProvince.get(p.code)?.has(fold(u.name))) continue;
          const text = [random.pick(HAMLETS), full(u), full(p)].join(", ");
          return {
            text: random.chance(0.5) ? text : noDiacritics(text),
            province: p.code,
            ward: null,
            note: `${u.fullName} is not in ${p.name}`,
          };
        }
      },
    },
  ];

  const rows: HabitRow[] = [];
  for (const habit of HABITS) {
    const row: HabitRow = { name: habit.name, cases: perHabit, province: 0, ward: 0, failures: [] };
    for (let k = 0; k < perHabit; k++) {
      const c = habit.draw();
      const got = parse(c.text);
      const okProvince = (got.new?.province?.code ?? null) === c.province;
      const okWard = (got.new?.ward?.code ?? null) === c.ward;
      if (okProvince) row.province++;
      if (okWard) row.ward++;
      if (!okProvince || !okWard)
        row.failures.push(
          `${c.text}  — want ${c.province} ${c.ward} (${c.note}); got ${got.new?.province?.name ?? "-"} / ${got.new?.ward?.full_name ?? "-"} ${got.confidence}`,
        );
    }
    rows.push(row);
  }
  return rows;
}

/** The rows as a markdown table, with a last row over all habits. */
export function habitTable(rows: readonly HabitRow[], caption: string): string {
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} %`;
  const lines = [`| ${caption} | new province | new commune |`, "|---|---:|---:|"];
  for (const r of rows) lines.push(`| ${r.name} | ${pct(r.province, r.cases)} | ${pct(r.ward, r.cases)} |`);
  const all = rows.reduce((n, r) => n + r.cases, 0);
  const sum = (f: (r: HabitRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  lines.push(
    `| **all habits** | ${pct(
      sum((r) => r.province),
      all,
    )} | ${pct(
      sum((r) => r.ward),
      all,
    )} |`,
  );
  return lines.join("\n");
}
