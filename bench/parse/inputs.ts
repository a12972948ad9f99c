/**
 * The benchmark's inputs: addresses as a business receives them, generated from the registry
 * with a seeded PRNG (same list on every run and machine).
 */
import type { UnitRegistry } from "../../src/units/registry.js";
import type { Unit } from "../../src/units/types.js";

import { Random } from "../../src/common/random.js";

const STREETS = [
  "Lê Lợi",
  "Trần Hưng Đạo",
  "Nguyễn Huệ",
  "Hai Bà Trưng",
  "Nguyễn Trãi",
  "Quang Trung",
  "Lê Duẩn",
  "Điện Biên Phủ",
  "Nguyễn Văn Cừ",
  "Hùng Vương",
  "Trần Phú",
  "Nguyễn Thị Minh Khai",
  "Võ Văn Tần",
  "Bạch Đằng",
  "Ngô Quyền",
  "Phạm Văn Đồng",
];
const ABBREVIATION: Record<string, string> = {
  Phường: "P.",
  Xã: "X.",
  "Thị trấn": "TT.",
  Quận: "Q.",
  Huyện: "H.",
  "Thị xã": "TX.",
  "Thành phố": "TP.",
  Tỉnh: "",
};

/**
 * Addresses as a business receives them: old (with district) or new structure, street or
 * hamlet, and light noise — a third without diacritics, a third with abbreviated type words,
 * one in ten without commas, one in twenty-five with a typo.
 */
export function makeInputs(registry: UnitRegistry, count: number, seed: number): string[] {
  const random = new Random(seed);
  const oldWards = registry.list("old", "ward");
  const newWards = registry.list("new", "ward");
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const useOld = random.chance(0.6);
    const ward = random.pick(useOld ? oldWards : newWards);
    const chain: Unit[] = [ward];
    if (useOld) chain.push(registry.get("old", ward.districtCode!)!);
    chain.push(registry.get(ward.structure, ward.provinceCode)!);
    const abbreviate = random.chance(0.33);
    const pieces = [
      random.chance(0.7)
        ? `${random.int(1, 300)}${random.chance(0.3) ? `/${random.int(1, 40)}` : ""} ${random.pick(STREETS)}`
        : `Thôn ${random.int(1, 12)}`,
      ...chain.map((u) => {
        let name = u.name;
        if (random.chance(0.04) && name.length > 6) name = name.slice(0, 3) + name.slice(4); // a typo
        const type = abbreviate ? ABBREVIATION[u.type] : u.type;
        return type ? `${type} ${name}` : name;
      }),
    ];
    let text = pieces.join(random.chance(0.1) ? " " : ", ");
    if (random.chance(0.33))
      text = text
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[đĐ]/g, "d");
    out.push(text);
  }
  return out;
}
