/**
 * The written parts of an address, in the styles of each region: street names from
 * data/generate/streets.csv, house numbers and alleys as Hà Nội (`số 5`, `ngõ 10 ngách 2`), TP Hồ Chí
 * Minh (`123/45/6`), Đà Nẵng (`K12/5`, kiệt) and other towns write them, rural hamlets (thôn, xóm in
 * the north, bản in the northern mountains, buôn/làng/thôn in the highlands, ấp in the south), and
 * apartment buildings (data/generate/buildings.csv).
 */
import { fileURLToPath } from "node:url";
import { readCsvTable } from "../common/csv.js";
import type { Unit } from "../units/types.js";
import type { Random } from "../common/random.js";

const DATA_DIR = fileURLToPath(new URL("../../../data/generate/", import.meta.url));

/** How a region writes addresses; chosen from the new province code. */
export type Region = "hanoi" | "hcm" | "danang" | "north" | "mountain" | "central" | "highlands" | "south";

const REGION_OF_PROVINCE: Record<string, Region> = {
  "01": "hanoi",
  "79": "hcm",
  "48": "danang",
  "04": "mountain",
  "08": "mountain",
  "11": "mountain",
  "12": "mountain",
  "14": "mountain",
  "15": "mountain",
  "20": "mountain",
  "19": "north",
  "22": "north",
  "24": "north",
  "25": "north",
  "31": "north",
  "33": "north",
  "37": "north",
  "38": "central",
  "40": "central",
  "42": "central",
  "44": "central",
  "46": "central",
  "51": "central",
  "56": "central",
  "52": "highlands",
  "66": "highlands",
  "68": "highlands",
  "75": "south",
  "80": "south",
  "82": "south",
  "86": "south",
  "91": "south",
  "92": "south",
  "96": "south",
};

export function regionOf(provinceCode: string): Region {
  return REGION_OF_PROVINCE[provinceCode] ?? "central";
}

const HAMLET_WORDS: Record<Region, string[]> = {
  hanoi: ["Thôn", "Thôn", "Xóm"],
  hcm: ["Ấp", "Ấp", "Khu phố"],
  danang: ["Thôn", "Tổ"],
  north: ["Thôn", "Thôn", "Xóm", "Tổ dân phố"],
  mountain: ["Bản", "Bản", "Thôn", "Bản"],
  central: ["Thôn", "Xóm", "Thôn"],
  highlands: ["Buôn", "Thôn", "Làng", "Buôn"],
  south: ["Ấp", "Ấp", "Ấp", "Khu phố"],
};

const HAMLET_NAMES = [
  "Đông",
  "Tây",
  "Nam",
  "Bắc",
  "Trung",
  "Thượng",
  "Hạ",
  "Phú Xuân",
  "An Lạc",
  "Tân Lập",
  "Đồng Tâm",
  "Hòa Bình",
  "Quyết Thắng",
  "Tân Tiến",
  "Mỹ Hòa",
  "Phú Thạnh",
  "Bình Minh",
  "Đoàn Kết",
  "Na Hang",
  "Nà Phầy",
  "Ea Kmar",
  "Kon Tum Kơ Pâng",
  "Long Thạnh",
  "Vĩnh Phước",
  "Tân Hưng",
  "Hưng Thịnh",
];

export interface StreetName {
  pattern: string;
  name: string;
}

/** The written address of one place (the survey fields other than units, point and owner). */
export interface PlaceParts {
  house_number: string;
  alley: string;
  street: string;
  hamlet: string;
  building: string;
}

/** The data rows of one of the generator's lists (its header left out). */
function readList(file: string): string[][] {
  return readCsvTable(DATA_DIR + file).rows.map((row) => row.fields);
}

export class PlaceFactory {
  readonly streets: readonly StreetName[];
  readonly buildings: readonly string[];

  constructor() {
    this.streets = readList("streets.csv").map(([pattern, name]) => ({ pattern, name }));
    this.buildings = readList("buildings.csv").map(([name]) => name);
  }

  /**
   * The streets of one commune: a fixed selection (same seed, same streets), more in a ward than in
   * a rural commune; national and provincial roads are likelier in rural ones.
   */
  streetsOf(random: Random, commune: Unit): string[] {
    const rural = commune.type !== "Phường";
    const roads = this.streets.filter((s) => s.pattern === "road");
    const out = new Set<string>();
    const want = rural ? 6 : 24;
    while (out.size < want) {
      const pick = rural && random.chance(0.5) ? random.pick(roads).name : random.pick(this.streets).name;
      out.add(pick);
    }
    return [...out];
  }

  hamlet(random: Random, region: Region): string {
    const word = random.pick(HAMLET_WORDS[region]);
    return random.chance(0.4) ? `${word} ${random.int(1, 15)}` : `${word} ${random.pick(HAMLET_NAMES)}`;
  }

  /**
   * A house in a street (urban) or in a hamlet (rural), in the region's style. `number` is unique
   * per commune and street (the generator counts), so two houses never share an address unless the
   * defect mix makes a duplicate.
   */
  house(random: Random, commune: Unit, region: Region, street: string, number: number): PlaceParts {
    const rural = commune.type !== "Phường";
    const parts: PlaceParts = { house_number: "", alley: "", street: "", hamlet: "", building: "" };
    if (rural && random.chance(0.7)) {
      // Most rural houses are known by hamlet; half carry a number, some along a road.
      parts.hamlet = this.hamlet(random, region);
      parts.house_number = String(number);
      if (random.chance(0.5)) parts.street = street;
      return parts;
    }
    parts.street = street;
    const sub = () => random.int(1, 120);
    switch (region) {
      case "hanoi":
        if (random.chance(0.55)) {
          parts.alley = random.chance(0.4) ? `ngõ ${sub()} ngách ${random.int(1, 60)}` : `ngõ ${sub()}`;
          parts.house_number = random.chance(0.5) ? `số ${number}` : String(number);
        } else parts.house_number = random.chance(0.3) ? `số ${number}` : String(number);
        break;
      case "hcm":
      case "south": {
        const depth = random.next();
        parts.house_number =
          depth < 0.45
            ? String(number)
            : depth < 0.8
              ? `${number}/${sub()}`
              : `${number}/${sub()}/${random.int(1, 40)}`;
        if (random.chance(0.05)) parts.house_number += random.pick(["A", "B", "C", " Bis"]);
        break;
      }
      case "danang":
        if (random.chance(0.45))
          parts.house_number = `K${number}/${sub()}${random.chance(0.3) ? `/${random.int(1, 30)}` : ""}`;
        else parts.house_number = String(number);
        break;
      default:
        if (random.chance(0.3)) parts.alley = `${random.pick(["ngõ", "hẻm", "kiệt"])} ${sub()}`;
        parts.house_number = String(number);
    }
    return parts;
  }

  /** A building's own address, for its flats (which share the building's point). */
  building(random: Random, street: string, number: number): PlaceParts {
    const block = random.chance(0.6)
      ? ` tòa ${random.pick(["A", "B", "C", "D", "E", "CT1", "CT2", "N01", "HH2"])}`
      : "";
    return {
      house_number: String(number),
      alley: "",
      street,
      hamlet: "",
      building: `${random.pick(this.buildings)}${block}`,
    };
  }
}

/** The `index`-th flat of a building (0-based), as written: floor + door ("1203", "P.705", "12A05"). */
export function flatNumber(random: Random, index: number): string {
  const floor = 1 + Math.floor(index / 8);
  const door = String((index % 8) + 1).padStart(2, "0");
  const style = random.next();
  if (style < 0.7) return `${floor}${door}`;
  if (style < 0.9) return `P.${floor}${door}`;
  return `${floor}A${door}`;
}
