import type { Structure } from "./types.js";

/**
 * Names people use for units that are not the official name: abbreviations, historical and
 * colloquial names, common misspellings. Keys are written naturally and folded at load time.
 * Each alias points at units by structure and code; one alias may name units of both structures
 * ("Huế" is the old province Thừa Thiên Huế and the new Thành phố Huế).
 */
export const UNIT_ALIASES: [alias: string, targets: [Structure, string][]][] = [
  // Hồ Chí Minh City
  ["HCM", [["old", "79"], ["new", "79"]]],
  ["TPHCM", [["old", "79"], ["new", "79"]]],
  ["TP.HCM", [["old", "79"], ["new", "79"]]],
  ["TP HCM", [["old", "79"], ["new", "79"]]],
  ["HCMC", [["old", "79"], ["new", "79"]]],
  ["Hồ Chí Minh City", [["old", "79"], ["new", "79"]]],
  ["Sài Gòn", [["old", "79"], ["new", "79"]]],
  ["Saigon", [["old", "79"], ["new", "79"]]],
  ["SG", [["old", "79"], ["new", "79"]]],
  ["TPHCM", [["old", "79"], ["new", "79"]]],
  // Hà Nội
  ["HN", [["old", "01"], ["new", "01"]]],
  ["TP HN", [["old", "01"], ["new", "01"]]],
  ["TPHN", [["old", "01"], ["new", "01"]]],
  ["Hanoi", [["old", "01"], ["new", "01"]]],
  ["Thủ đô Hà Nội", [["old", "01"], ["new", "01"]]],
  // Huế: the old province (Thừa Thiên Huế until 2024, Thành phố Huế from 2025) and the new city.
  ["Thừa Thiên Huế", [["old", "46"], ["new", "46"]]],
  ["Thừa Thiên - Huế", [["old", "46"], ["new", "46"]]],
  ["TT Huế", [["old", "46"], ["new", "46"]]],
  ["TTH", [["old", "46"], ["new", "46"]]],
  ["Huế", [["old", "46"], ["new", "46"]]],
  // Other provinces and cities
  ["Đắc Lắc", [["old", "66"], ["new", "66"]]],
  ["Đắc Lắk", [["old", "66"], ["new", "66"]]],
  ["Daklak", [["old", "66"], ["new", "66"]]],
  ["Đắk Nông", [["old", "67"]]],
  ["Đắc Nông", [["old", "67"]]],
  ["Daknong", [["old", "67"]]],
  ["BRVT", [["old", "77"]]],
  ["BR-VT", [["old", "77"]]],
  ["Bà Rịa VT", [["old", "77"]]],
  ["BD", [["old", "74"]]],
  ["ĐNai", [["old", "75"], ["new", "75"]]],
  ["Plây Cu", [["old", "622"]]],
  // Communes the old registry spells glued, which people (and the new registry: Xã Ea Ly) write apart.
  ["Ea Ly", [["old", "22237"]]],
  ["Ea Chà Rang", [["old", "22192"]]],
  ["Bà Rịa Vũng Tàu", [["old", "77"]]],
  ["Vũng Tàu", [["old", "77"]]],
  ["ĐN", [["old", "48"], ["new", "48"], ["old", "75"], ["new", "75"]]],
  ["Danang", [["old", "48"], ["new", "48"]]],
  ["HP", [["old", "31"], ["new", "31"]]],
  ["Haiphong", [["old", "31"], ["new", "31"]]],
  ["TPHP", [["old", "31"], ["new", "31"]]],
  ["CT", [["old", "92"], ["new", "92"]]],
  ["Cantho", [["old", "92"], ["new", "92"]]],
  ["TPCT", [["old", "92"], ["new", "92"]]],
  ["Kontum", [["old", "62"]]],
  ["Thanh Hoá", [["old", "38"], ["new", "38"]]],
  ["Khánh Hoà", [["old", "56"], ["new", "56"]]],
  ["Hoà Bình", [["old", "17"]]],
  ["Bắc Cạn", [["old", "06"]]],
  // Well-known district abbreviations
  ["BMT", [["old", "643"]]],
  ["TDM", [["old", "718"]]],
  ["TP TDM", [["old", "718"]]],
  // "Một" (one) written as the digit, as staff lists write it.
  ["Thủ Dầu 1", [["old", "718"]]],
  ["Ban Mê Thuột", [["old", "643"]]],
  ["Ban Mê", [["old", "643"]]],
  ["Buôn Mê Thuột", [["old", "643"]]],
  // Phan Rang-Tháp Chàm as a city by the town that gave it its usual name: "Phan Rang" alone is
  // also the new Phường Phan Rang, the likelier of the communes the city went into.
  ["TP Phan Rang", [["old", "582"]]],
  ["Thành phố Phan Rang", [["old", "582"]]],
  ["PRTC", [["old", "582"]]],
  ["TP Thủ Đức", [["old", "769"]]],
  ["Quận Thủ Đức", [["old", "769"]]],
  ["Quận 2", [["old", "769"]]],
  ["Quận 9", [["old", "769"]]],
  // Hồ Chí Minh City's districts by their initials, as people there write them ("P5, BT",
  // "Q.PN"): only the initials that name nothing else an address holds ("CC" is also chung cư,
  // "TP" Thành phố, "TĐ" Thủ Đức's own alias above).
  ["BT", [["old", "765"]]],
  ["PN", [["old", "768"]]],
  ["TB", [["old", "766"]]],
  ["GV", [["old", "764"]]],
  ["BTân", [["old", "777"]]],
  ["BC", [["old", "785"]]],
  ["HM", [["old", "784"]]],
  // Hà Nội's inner districts by their initials ("ngõ 3 Bạch Mai, HBT, HN"), again only those that
  // name nothing else ("BĐ" folds to Bình Dương's "BD", "TX" is Thị xã, "HM" Hóc Môn's above).
  ["HBT", [["old", "007"]]],
  ["ĐĐ", [["old", "006"]]],
  ["HK", [["old", "002"]]],
  ["CG", [["old", "005"]]],
  ["LB", [["old", "004"]]],
  ["BTL", [["old", "021"]]],
  ["NTL", [["old", "019"]]],
];

/** Roman numerals as unit names close with them (Vị Thanh's "Phường VII", "Hòa Tú II"), by value. */
const ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/**
 * A name that closes with a Roman numeral, written with the number people type instead
 * ("Hòa Tú II" → "Hòa Tú 2", Vị Thanh's "VII" → "7"); null for any other name. Addresses,
 * signs and forms mostly write these wards' numbers in digits, as for every other numbered ward.
 */
export function digitsForRomanNumeral(name: string): string | null {
  const space = name.lastIndexOf(" ");
  const value = ROMAN_NUMERALS.indexOf(name.slice(space + 1));
  return value < 0 ? null : `${name.slice(0, space + 1)}${value + 1}`;
}

/**
 * A name that closes with a small number after its words ("Mỹ Đình 1", "Gia Tân 3"), written with
 * the Roman numeral some records use ("Phường Mỹ Đình I"); null for any other name.
 */
export function romanNumeralForDigits(name: string): string | null {
  const m = /^(.*\p{L}) ([1-3])$/u.exec(name);
  return m === null ? null : `${m[1]} ${ROMAN_NUMERALS[Number(m[2]) - 1]}`;
}

/**
 * The shorter names people write for new communes named with a dash (resolutions of 2025): the
 * name before the dash ("Xuân Hương" of "Xuân Hương - Đà Lạt", "Văn Miếu" of "Văn Miếu - Quốc Tử
 * Giám"), and the one after it where no other such name shares it ("Lăng Cô", not "Đà Lạt", which
 * five wards of the city add to tell themselves apart and which names the old city).
 */
export function dashedNameHalves(names: readonly string[]): Map<string, string[]> {
  const halves = new Map<string, string[]>();
  const seconds = new Map<string, number>();
  const split = names.map((name) => name.split(" - "));
  for (const parts of split) if (parts.length === 2) seconds.set(parts[1], (seconds.get(parts[1]) ?? 0) + 1);
  split.forEach((parts, i) => {
    if (parts.length !== 2) return;
    const short = seconds.get(parts[1]) === 1 ? parts : [parts[0]];
    halves.set(names[i], short);
  });
  return halves;
}

/**
 * A state farm's town written the other way ("NT Liên Sơn" is also written "Nông trường Liên
 * Sơn", and "Nông trường Việt Lâm" "NT Việt Lâm"), or null for any other name.
 */
export function farmTownOtherName(name: string): string | null {
  if (name.startsWith("NT ")) return `Nông trường ${name.slice(3)}`;
  if (name.startsWith("Nông trường ")) return `NT ${name.slice("Nông trường ".length)}`;
  return null;
}
