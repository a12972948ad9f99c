/**
 * Generates the parser's evaluation set, test/fixtures/parse-eval.jsonl, from the registry:
 * realistic templates (urban street addresses, hẻm/ngõ/kiệt chains, rural hamlets, the new
 * two-level form, old/new mixtures) filled with real units, then noise transforms (drop
 * diacritics, abbreviate or drop type words, NFD, typos, missing commas, reversed order, case,
 * tone placement, aliases), plus the hand-written cases of hand-cases.ts. Seeded: every run
 * writes the same file. The committed sets were drawn with the PRNG the project had then; a run
 * now draws other cases (src/common/random.ts), so regenerate only to replace a set on purpose
 * and re-baseline docs/parse-quality.md. Expected codes come from the units the text was
 * generated from (and the conversion policy in eval-case.ts), never from the parser. A case is `noisy` when any noise
 * transform was applied. Statuses are kept from the existing file for unchanged cases and are
 * rewritten by eval.ts.
 *
 * Run from the repository root:  npx tsc -p . && node dist/bench/parse/make-eval-set.js
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fold } from "../../src/text/fold.js";
import { loadRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";
import {
  EVAL_SET_PATH,
  type EvalCase,
  expectFromNew,
  expectFromOld,
  findUnitByName,
  keepStatuses,
  sameNameDistrict,
  TYPE_ABBREVIATIONS,
  writesType,
} from "./eval-case.js";
import { HAND_CASES } from "./hand-cases.js";
import { Random } from "../../src/common/random.js";

// \`--seed N --out FILE\` writes a held-out set from another seed (generated cases only), to check
// that what the committed set measures carries over to addresses the parser was not developed on.
const argSeed = process.argv.indexOf("--seed");
const argOut = process.argv.indexOf("--out");
const SEED = argSeed > 0 ? Number(process.argv[argSeed + 1]) : 20250701;
const OUT_PATH = argOut > 0 ? process.argv[argOut + 1] : EVAL_SET_PATH;
const HOLD_OUT = OUT_PATH !== EVAL_SET_PATH;
const OLD_PER_PROVINCE = 6;
const NEW_PER_PROVINCE = 5;
const MIXED_CASES = 50;

const random = new Random(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)];
const chance = (p: number) => random.next() < p;
const int = (lo: number, hi: number) => lo + Math.floor(random.next() * (hi - lo + 1));

// Street names seen all over the country (several are also unit names, on purpose).
const STREETS = [
  "Lê Lợi",
  "Trần Hưng Đạo",
  "Nguyễn Huệ",
  "Hai Bà Trưng",
  "Lý Thường Kiệt",
  "Nguyễn Trãi",
  "Quang Trung",
  "Lê Duẩn",
  "Điện Biên Phủ",
  "Cách Mạng Tháng Tám",
  "Nguyễn Văn Cừ",
  "Phan Chu Trinh",
  "Phan Bội Châu",
  "Hùng Vương",
  "Trần Phú",
  "Nguyễn Thị Minh Khai",
  "Võ Văn Tần",
  "Bạch Đằng",
  "Ngô Quyền",
  "Lê Thánh Tôn",
  "Nguyễn Du",
  "Tôn Đức Thắng",
  "Hoàng Diệu",
  "Nguyễn Chí Thanh",
  "Nguyễn Văn Linh",
  "Võ Nguyên Giáp",
  "Phạm Văn Đồng",
  "Lạc Long Quân",
  "Âu Cơ",
  "Nguyễn Tất Thành",
  "Trường Chinh",
  "Lê Hồng Phong",
  "Nguyễn Đình Chiểu",
  "Đinh Tiên Hoàng",
  "Lý Tự Trọng",
  "Hoàng Văn Thụ",
  "Trần Quốc Toản",
  "Lê Quý Đôn",
  "Chu Văn An",
  "Phạm Ngũ Lão",
  "Yết Kiêu",
  "Bà Triệu",
  "Nguyễn Công Trứ",
  "Lê Lai",
  "Tô Hiến Thành",
  "Nguyễn Trung Trực",
  "Mạc Thị Bưởi",
  "Nguyễn Sinh Sắc",
  "Hồ Tùng Mậu",
  "Trần Nhân Tông",
];
const HAMLET_WORDS = [
  "Đông",
  "Tây",
  "Nam",
  "Bắc",
  "Trung",
  "Thượng",
  "Hạ",
  "Phú Xuân",
  "Tân Hòa",
  "An Lạc",
  "Bình Minh",
  "Mỹ Lợi",
];

const names = readFileSync("data/names/family_name_frequency.csv", "utf8")
  .split("\n")
  .slice(1)
  .map((l) => l.split(",")[0])
  .filter(Boolean)
  .slice(0, 30);
const given = readFileSync("data/names/given_names_by_gender.csv", "utf8")
  .split("\n")
  .slice(1)
  .map((l) => l.split(",")[0])
  .filter(Boolean);

function streetName(): string {
  return chance(0.7) ? pick(STREETS) : `${pick(names)} ${pick(given)}`;
}

function houseNumber(province: string): string {
  const n = int(1, 350);
  const r = random.next();
  if (province === "48" && r < 0.3) return `K${int(1, 200)}/${int(1, 40)}`;
  if (r < 0.45) return String(n);
  if (r < 0.65) return `${n}/${int(1, 60)}`;
  if (r < 0.75) return `${n}${pick(["A", "B", "C", "D"])}`;
  if (r < 0.82) return `${n}/${int(1, 30)}${pick(["A", "B"])}`;
  if (r < 0.86) return `${n}${pick(["A", "B", "D"])} Bis`;
  return String(n);
}

// ------------------------------------------------------------------------------------------
// Rendering: components with type words, then noise.

interface Piece {
  level: "street" | "hamlet" | "ward" | "district" | "province";
  type: string | null;
  name: string;
}

const PROVINCE_ALIASES: Record<string, string[]> = {
  "79": ["TPHCM", "TP.HCM", "HCM", "Sài Gòn", "tp hcm"],
  "01": ["HN", "TP HN", "Hanoi"],
  "66": ["Daklak", "Đắc Lắc"],
  "46": ["TT Huế", "Thừa Thiên Huế"],
  "77": ["BRVT"],
  "48": ["Danang"],
};

function dropDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

function typo(name: string): string {
  const letters = [...name];
  const positions = letters.map((c, i) => (/\p{L}/u.test(c) && i > 0 ? i : -1)).filter((i) => i >= 0);
  if (positions.length < 4) return name;
  const i = pick(positions);
  const kind = int(0, 2);
  if (kind === 0)
    letters.splice(i, 1); // deletion
  else if (kind === 1 && i + 1 < letters.length && /\p{L}/u.test(letters[i + 1]))
    [letters[i], letters[i + 1]] = [letters[i + 1], letters[i]];
  else letters[i] = pick([..."aeiounhtgc"]); // substitution
  return letters.join("");
}

/** Old-style tone placement: Hòa → Hoà, Thủy → Thuỷ. */
function oldTones(text: string): string {
  return text
    .normalize("NFD")
    .replace(/([oOuU])([\u0300\u0301\u0309\u0303\u0323])([aAeEyY])(?![\p{L}\p{M}])/gu, "$1$3$2")
    .normalize("NFC");
}

interface Rendered {
  text: string;
  noise: string[];
}

function render(pieces: Piece[], provinceCode: string, allowNoise: boolean): Rendered {
  const noise: string[] = [];
  const noisy = allowNoise && chance(0.75);
  const on = (name: string, p: number) => {
    if (!noisy || !chance(p)) return false;
    noise.push(name);
    return true;
  };
  const typoTarget = on("typo", 0.22)
    ? pick(
        pieces
          .filter((p) => p.level === "ward" || p.level === "district")
          .filter((p) => fold(p.name).replace(/ /g, "").length >= 6),
      )
    : undefined;
  if (noise.includes("typo") && !typoTarget) noise.splice(noise.indexOf("typo"), 1);
  const abbreviate = on("abbrev", 0.4);
  const dropTypes = !abbreviate && on("no-type-words", 0.3);
  const alias = PROVINCE_ALIASES[provinceCode] && on("alias", 0.5);
  const words = pieces.map((p) => {
    let name = p === typoTarget ? typo(p.name) : p.name;
    if (p.level === "province" && alias) return pick(PROVINCE_ALIASES[provinceCode]);
    let type = p.type;
    if (type && p.level !== "street" && p.level !== "hamlet") {
      const numeric = /^(\d+|[IVX]+)$/.test(name); // numbered units ("5", "I" in Vị Thanh) keep their type word
      if (abbreviate) {
        type = pick(TYPE_ABBREVIATIONS[type] ?? [type]);
        if (numeric && chance(0.5)) return `${type.replace(/\.$/, "")}${name}`; // "P5", "Q1"
      } else if (dropTypes && !numeric) type = null;
      else if (p.level === "province" && chance(0.5)) type = null; // provinces are often bare
      if (/^\d$/.test(name) && chance(0.2)) name = name.padStart(2, "0");
    }
    return type ? `${type} ${name}` : name;
  });
  if (on("reversed", 0.15)) words.reverse();
  let sep = ", ";
  if (on("no-commas", 0.25)) sep = " ";
  else if (on("punctuation", 0.15)) sep = pick([",", " ,", ",,", " - ", ";"]);
  let text = words.join(sep);
  if (on("no-diacritics", 0.45)) text = dropDiacritics(text);
  else if (on("tone-placement", 0.2)) text = oldTones(text);
  if (on("case", 0.2)) text = chance(0.5) ? text.toLowerCase() : text.toUpperCase();
  if (on("nfd", 0.15)) text = text.normalize("NFD");
  if (on("spaces", 0.1)) text = text.replace(/ /g, () => (chance(0.3) ? "  " : " "));
  return { text, noise };
}

// ------------------------------------------------------------------------------------------


const registry = loadRegistry();
const cases: EvalCase[] = [];
let counter = 0;
const id = (prefix: string) => `${prefix}-${String(++counter).padStart(4, "0")}`;

function streetPieces(
  province: string,
  urban: boolean,
): { pieces: Piece[]; house: string | null; street: string | null; tags: string[] } {
  if (!urban || chance(0.15)) {
    const kind = pick(["Thôn", "Ấp", "Xóm", "Bản", "Tổ", "Khu phố", "Buôn", "Tổ dân phố"]);
    // Groups (tổ, khu phố, tổ dân phố) are numbered; hamlets are numbered or named.
    const numbered = kind.startsWith("Tổ") || kind === "Khu phố" || chance(0.6);
    const value = numbered ? String(int(1, 15)) : pick(HAMLET_WORDS);
    return {
      pieces: [{ level: "hamlet", type: kind, name: value }],
      house: null,
      street: null,
      tags: ["rural-form"],
    };
  }
  const street = streetName();
  const house = houseNumber(province);
  const r = random.next();
  let line: string;
  const tags = ["street-form"];
  if (province === "01" && r < 0.4) {
    line = `Số ${house.replace(/\/.*/, "")} ngõ ${int(1, 300)}${chance(0.4) ? ` ngách ${int(1, 80)}` : ""} ${chance(0.3) ? "phố " : ""}${street}`;
    tags.push("alley");
    return {
      pieces: [{ level: "street", type: null, name: line }],
      house: house.replace(/\/.*/, ""),
      street,
      tags,
    };
  }
  if (r < 0.15) {
    line = `${house} ${pick(["hẻm", "Hẻm", "kiệt", "ngõ"])} ${int(1, 400)} ${street}`;
    tags.push("alley");
  } else if (r < 0.4) line = `${house} ${pick(["đường", "Đường", "Đ.", "phố"])} ${street}`;
  else if (r < 0.5) line = `Số ${house} ${street}`;
  else line = `${house} ${street}`;
  return { pieces: [{ level: "street", type: null, name: line }], house, street, tags };
}

function addCase(
  prefix: string,
  pieces: Piece[],
  provinceCode: string,
  expect: EvalCase["expect"] | ((noise: readonly string[]) => EvalCase["expect"]),
  tags: string[],
  note: string,
) {
  const { text, noise } = render(pieces, provinceCode, true);
  const allTags = [...tags, ...noise, noise.length ? "noisy" : "clean"];
  const expected = typeof expect === "function" ? expect(noise) : expect;
  cases.push({ id: id(prefix), input: text, expect: expected, tags: allTags, status: "fail", note });
}

// Old structure: every old province, wards of every type.
for (const province of registry.list("old", "province")) {
  const wards = registry.list("old", "ward", province.code);
  const urbanWards = wards.filter((w) => w.type !== "Xã");
  for (let k = 0; k < OLD_PER_PROVINCE; k++) {
    // Half urban (street addresses), half any ward: most wards are rural communes.
    const ward = k % 2 === 0 && urbanWards.length ? pick(urbanWards) : pick(wards);
    const district = registry.get("old", ward.districtCode!)!;
    const urban = ward.type === "Phường" || ward.type === "Thị trấn";
    const s = streetPieces(province.code, urban);
    const pieces: Piece[] = [
      ...s.pieces,
      { level: "ward", type: ward.type, name: ward.name },
      { level: "district", type: district.type, name: district.name },
      { level: "province", type: province.type, name: province.name },
    ];
    const e = expectFromOld(registry, { province, district, ward }, null);
    addCase(
      "old",
      pieces,
      province.code,
      { ...e, house_number: s.house, street: s.street },
      ["old", urban ? "urban" : "rural", ...s.tags],
      `${ward.fullName}, ${district.fullName}`,
    );
  }
}

// New structure: every new province.
for (const province of registry.list("new", "province")) {
  const wards = registry.list("new", "ward", province.code);
  const urbanWards = wards.filter((w) => w.type === "Phường");
  for (let k = 0; k < NEW_PER_PROVINCE; k++) {
    const ward = k % 2 === 0 && urbanWards.length ? pick(urbanWards) : pick(wards);
    const urban = ward.type === "Phường";
    const s = streetPieces(province.code, urban);
    const pieces: Piece[] = [
      ...s.pieces,
      { level: "ward", type: ward.type, name: ward.name },
      { level: "province", type: province.type, name: province.name },
    ];
    // The policy asks whether the text types the commune, which the noise decides.
    const expect = (noise: readonly string[]) => ({
      ...expectFromNew(registry, ward, sameNameDistrict(registry, ward), !noise.includes("no-type-words")),
      house_number: s.house,
      street: s.street,
    });
    addCase(
      "new",
      pieces,
      province.code,
      expect,
      ["new", urban ? "urban" : "rural", ...s.tags],
      ward.fullName,
    );
  }
}

// Mixtures: old ward + old district + the new province its old province merged into.
const merged = registry
  .list("old", "province")
  .filter((p) => registry.newProvincesOf(p.code).some((n) => fold(n.name) !== fold(p.name)));
for (let k = 0; k < MIXED_CASES; k++) {
  const oldProvince = pick(merged);
  const ward = pick(registry.list("old", "ward", oldProvince.code));
  const district = registry.get("old", ward.districtCode!)!;
  const newProvince = registry.newProvincesOf(oldProvince.code)[0];
  const s = streetPieces(oldProvince.code, ward.type !== "Xã");
  const pieces: Piece[] = [
    ...s.pieces,
    { level: "ward", type: ward.type, name: ward.name },
    { level: "district", type: district.type, name: district.name },
    { level: "province", type: newProvince.type, name: newProvince.name },
  ];
  const e = expectFromOld(registry, { province: oldProvince, district, ward }, newProvince.code);
  addCase(
    "mix",
    pieces,
    newProvince.code,
    { ...e, house_number: s.house, street: s.street },
    ["mixed", ...s.tags],
    `${ward.fullName}, ${district.fullName} (old ${oldProvince.name}) in new ${newProvince.fullName}`,
  );
}

// Hand-written cases: names resolved to codes through the hierarchy.
function findUnit(
  structure: "old" | "new",
  level: "province" | "district" | "ward",
  name: string,
  parent?: string,
): Unit {
  return findUnitByName(registry, structure, level, name, parent);
}
const handErrors: string[] = [];
for (const hand of HOLD_OUT ? [] : HAND_CASES) {
  try {
    addHand(hand);
  } catch (error) {
    handErrors.push(`${hand.input}: ${(error as Error).message}`);
  }
}
if (handErrors.length) throw new Error(handErrors.join("\n"));
function addHand(hand: (typeof HAND_CASES)[number]) {
  let expect: EvalCase["expect"];
  if (hand.old) {
    const [w, d, p] = hand.old;
    const province = findUnit("old", "province", p);
    const district = d ? findUnit("old", "district", d, province.code) : null;
    const ward = w ? findUnit("old", "ward", w, district?.code ?? province.code) : null; // ward under the province when no district is written
    const e = expectFromOld(
      registry,
      { province, district: district ?? (ward ? registry.get("old", ward.districtCode!)! : null), ward },
      null,
    );
    expect = { ...e, house_number: hand.house, street: hand.street };
    if (hand.new) {
      const np = findUnit("new", "province", hand.new[1]);
      expect.new = {
        province: np.code,
        ward: hand.new[0] ? findUnit("new", "ward", hand.new[0], np.code).code : null,
      };
    }
  } else {
    const [w, p] = hand.new!;
    const np = findUnit("new", "province", p);
    const ward = findUnit("new", "ward", w!, np.code);
    const e = expectFromNew(registry, ward, sameNameDistrict(registry, ward), writesType(hand.input, ward));
    expect = { ...e, house_number: hand.house, street: hand.street };
  }
  const tags = [...hand.tags, "hand"];
  if (!tags.includes("noisy") && !tags.includes("clean"))
    tags.push(
      hand.tags.some((t) =>
        [
          "no-diacritics",
          "abbrev",
          "typo",
          "no-commas",
          "alias",
          "punctuation",
          "case",
          "reversed",
          "tone-placement",
        ].includes(t),
      )
        ? "noisy"
        : "clean",
    );
  if (!tags.includes("old") && !tags.includes("new") && !tags.includes("mixed"))
    tags.push(hand.old ? "old" : "new");
  cases.push({
    id: `hand-${String(++counter).padStart(4, "0")}`,
    input: hand.input,
    expect,
    tags,
    status: "fail",
    note: hand.note,
  });
}

keepStatuses(OUT_PATH, cases);

const provincesOld = new Set(cases.filter((c) => c.expect.old?.province).map((c) => c.expect.old!.province));
const provincesNew = new Set(cases.filter((c) => c.expect.new?.province).map((c) => c.expect.new!.province));
if (provincesOld.size !== 63 || provincesNew.size !== 34)
  throw new Error(`coverage: ${provincesOld.size} old and ${provincesNew.size} new provinces`);
writeFileSync(OUT_PATH, `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`);
const noisy = cases.filter((c) => c.tags.includes("noisy")).length;
process.stdout.write(
  `wrote ${cases.length} cases (${noisy} noisy, ${HOLD_OUT ? 0 : HAND_CASES.length} hand-written; ${provincesOld.size} old / ${provincesNew.size} new provinces) to ${OUT_PATH} (seed ${SEED})\n`,
);
