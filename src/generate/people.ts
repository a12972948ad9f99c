/**
 * Owners: plausible Vietnamese full names (family name by frequency, given names by gender, from
 * data/names), and phone, e-mail and citizen-ID numbers in the official formats, or deliberately
 * malformed ones for the defect mix.
 */
import { fileURLToPath } from "node:url";
import { readCsvTable } from "../common/csv.js";
import { fold } from "../text/fold.js";
import type { Random } from "../common/random.js";
import { WeightedSampler } from "./weighted-sampler.js";
import { cccdBirthplaces } from "../domain/citizen-id.js";

const NAMES_DIR = fileURLToPath(new URL("../../../data/names/", import.meta.url));

/**
 * Mobile prefixes in use since the 2018 renumbering (Viettel 086 096–098 032–039; VinaPhone 088
 * 091 094 081–085; MobiFone 089 090 093 070 076–079; Vietnamobile 092 056 058; Gmobile 099 059).
 */
export const MOBILE_PREFIXES = [
  "086",
  "096",
  "097",
  "098",
  "032",
  "033",
  "034",
  "035",
  "036",
  "037",
  "038",
  "039",
  "088",
  "091",
  "094",
  "081",
  "082",
  "083",
  "084",
  "085",
  "089",
  "090",
  "093",
  "070",
  "076",
  "077",
  "078",
  "079",
  "092",
  "056",
  "058",
  "099",
  "059",
];

/** Landline area codes (02x since 2017): Hà Nội 024, TP HCM 028, Đà Nẵng 0236, Hải Phòng 0225 … */
const LANDLINE_PREFIXES = ["024", "028", "0236", "0225", "0292", "0234", "0237", "0238", "0251", "0258"];

/** Mobile prefixes retired in 2018 (11-digit numbers): still written on old forms. */
const RETIRED_MOBILE_PREFIXES = [
  "0162",
  "0163",
  "0164",
  "0165",
  "0166",
  "0167",
  "0168",
  "0169",
  "0120",
  "0121",
  "0122",
  "0123",
  "0124",
  "0125",
  "0126",
  "0127",
  "0128",
  "0129",
];

const EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "gmail.com", "gmail.com", "vnn.vn", "fpt.vn"];


export interface Person {
  name: string;
  gender: "male" | "female";
  birthYear: number;
}

/** The data rows of one of the name lists (its header left out). */
function readList(file: string): string[][] {
  return readCsvTable(NAMES_DIR + file).rows.map((row) => row.fields);
}

export class PeopleFactory {
  private readonly family: WeightedSampler<string>;
  private readonly given: { male: string[]; female: string[] };

  constructor() {
    const families = readList("family_name_frequency.csv");
    this.family = new WeightedSampler(
      families.map((r) => r[0]),
      families.map((r) => Number(r[1])),
    );
    this.given = { male: [], female: [] };
    for (const [name, gender] of readList("given_names_by_gender.csv")) {
      if (gender === "male" || gender === "female") this.given[gender].push(name);
    }
  }

  person(random: Random): Person {
    const gender = random.chance(0.5) ? "male" : "female";
    const given = random.pick(this.given[gender]);
    // The list's entries are "middle + given" (An Khang); older people often carry Văn / Thị too.
    const birthYear = random.int(1940, 2005);
    const middle = birthYear < 1975 && random.chance(0.5) ? (gender === "male" ? "Văn " : "Thị ") : "";
    return { name: `${this.family.sample(random)} ${middle}${given}`, gender, birthYear };
  }
}

/** A valid phone number, written the way people write them (spaces, dots, +84). */
export function phone(random: Random): string {
  if (random.chance(0.08)) return `${random.pick(LANDLINE_PREFIXES)}${random.digits(11 - 3)}`.slice(0, 11);
  const digits = `${random.pick(MOBILE_PREFIXES)}${random.digits(7)}`;
  const style = random.next();
  if (style < 0.7) return digits;
  if (style < 0.8) return `+84${digits.slice(1)}`;
  if (style < 0.9) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  return `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}

/** A phone number that no valid format accepts: too short, retired 11-digit mobile, letters. */
export function malformedPhone(random: Random): string {
  const style = random.next();
  if (style < 0.35) return `${random.pick(RETIRED_MOBILE_PREFIXES)}${random.digits(7)}`;
  if (style < 0.65) return `${random.pick(MOBILE_PREFIXES)}${random.digits(random.int(4, 6))}`;
  if (style < 0.85) return `${random.pick(MOBILE_PREFIXES)}${random.digits(8)}`;
  return `09${random.digits(3)}xxx${random.digits(2)}`;
}

/** A 12-digit citizen ID (CCCD): birthplace, century+gender digit, birth year, 6 random digits. */
export function citizenId(random: Random, person: Person): string {
  const century = person.birthYear >= 2000 ? 2 : 0;
  const genderDigit = century + (person.gender === "female" ? 1 : 0);
  return `${random.pick(cccdBirthplaces())}${genderDigit}${String(person.birthYear % 100).padStart(2, "0")}${random.digits(6)}`;
}

/** A citizen ID in no valid format: the retired 9-digit CMND, a wrong length, an unknown birthplace. */
export function malformedCitizenId(random: Random): string {
  const style = random.next();
  if (style < 0.5) return random.digits(9);
  if (style < 0.75) return random.digits(11);
  return `099${random.digits(9)}`;
}

/** An e-mail address derived from the person's name ("nguyenvanan85@gmail.com"). */
export function email(random: Random, person: Person): string {
  const local = fold(person.name).replace(/[^a-z]/g, "");
  return `${local}${random.chance(0.6) ? String(person.birthYear % 100).padStart(2, "0") : ""}@${random.pick(EMAIL_DOMAINS)}`;
}
