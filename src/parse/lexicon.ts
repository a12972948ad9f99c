/**
 * The words people use around addresses, folded: the keywords that introduce house numbers,
 * alleys, streets, hamlets, buildings and flats, and how unit types map to levels. Data, not
 * logic: the stages look words up here. Unit type phrases ("P.", "TX.", "Thành phố") belong to
 * name analysis and live with it (units/name-analysis.ts UNIT_TYPE_PHRASES).
 */
import { toneAnywhere } from "../text/fold.js";
import type { Level, UnitType } from "../units/types.js";

/** Types that may name a unit of each level (a typed mention of another level is penalised). */
export const LEVEL_TYPES: Record<Level, readonly UnitType[]> = {
  province: ["Tỉnh", "Thành phố"],
  district: ["Quận", "Huyện", "Thị xã", "Thành phố"],
  ward: ["Phường", "Xã", "Thị trấn", "Đặc khu"],
};

/**
 * Unit types and levels as bits, so the scoring of every name hit compares integers: `types`
 * has the bit of each type written, `levels` the bit of each level those types may name.
 */
export interface TypeMask {
  readonly types: number;
  readonly levels: number;
}

const ALL_TYPES: readonly UnitType[] = [
  "Thành phố",
  "Tỉnh",
  "Quận",
  "Huyện",
  "Thị xã",
  "Phường",
  "Xã",
  "Thị trấn",
  "Đặc khu",
];
/** The bit of a level in TypeMask.levels. */
export const LEVEL_BIT: Record<Level, number> = { province: 1, district: 2, ward: 4 };

/** The bit of one unit type in TypeMask.types. */
export function typeBit(type: UnitType): number {
  const i = ALL_TYPES.indexOf(type);
  if (i < 0) throw new Error(`Unknown unit type: ${type}`);
  return 1 << i;
}

/** The mask of a list of types (LEVEL_TYPES decides the levels). */
export function typeMask(types: readonly UnitType[]): TypeMask {
  let bits = 0;
  for (const t of types) bits |= typeBit(t);
  let levels = 0;
  for (const level of ["province", "district", "ward"] as const)
    if (LEVEL_TYPES[level].some((t) => types.includes(t))) levels |= LEVEL_BIT[level];
  return { types: bits, levels };
}

/** Kinds of address parts a keyword can introduce. */
export type PartKind = "house" | "lot" | "alley" | "street" | "hamlet" | "building" | "unit" | "name";

export interface PartKeyword {
  words: string[];
  kind: PartKind;
  /** Canonical label written before the value ("Ngõ", "Thôn"); "" for none (house "số"). */
  label: string;
  /** The keyword only counts when a number-like token follows ("tổ 5", not "Tô Hiến Thành"). */
  needsNumber?: boolean;
  /** The keyword only counts at the start of a run of words (short, ambiguous words). */
  atStart?: boolean;
  /** The value starts with a letter ("Nhà A", "nhà B3"): "nhà 12" is a house number. */
  letterFirst?: boolean;
  /** The number after it has three digits or more: "P 1203" is a room, "P 12" a ward. */
  roomNumber?: boolean;
  /** How the first word is written with its diacritics, where it differs from the others sharing its folded form ("tờ" bản đồ, not "tổ"). */
  spelled?: readonly string[];
  /** The first word counts only written with those diacritics (`spelled`), not without any. */
  marked?: boolean;
  /**
   * The keyword is the whole part, nothing after it needed ("Tầng trệt", as "Tầng 2" is): alone, or
   * with a code after it where one is written ("Tầng hầm B1").
   */
  whole?: "alone" | "with-code";
}

/** What claimStreetStarts (parts.ts) marks a token with: a street's word, or a hamlet's (no unit's name). */
export const STREET_CLAIM = 1;
export const HAMLET_CLAIM = 2;

/** Folded words that open a street's name after a house's number: "5 đường Lê Lợi", "5 phố Huế", "5 Đ. Lê Lợi", "5 đg Lê Lợi". */
export const STREET_KEYWORD_WORDS: ReadonlySet<string> = new Set(["duong", "pho", "d", "dg"]);

/**
 * Labels of the hamlet keywords of industrial parks, export zones and urban areas: named after a
 * place, often a district or a city, and laid across wards, not villages that name their commune.
 */
export const ESTATE_LABELS: ReadonlySet<string> = new Set([
  "Khu công nghiệp",
  "Khu chế xuất",
  "Cụm công nghiệp",
  "Khu đô thị",
  "Khu dân cư",
]);

// Longest first: the matcher takes the first entry whose words all match.
export const PART_KEYWORDS: PartKeyword[] = [
  { words: ["so", "nha"], kind: "house", label: "" },
  { words: ["nha", "so"], kind: "house", label: "" },
  { words: ["so"], kind: "house", label: "", needsNumber: true },
  { words: ["sn"], kind: "house", label: "", needsNumber: true },
  // "Lô số 5", "Phòng số 12", "Ki-ốt số 5": the number's word is no house's number.
  { words: ["lo", "so"], kind: "lot", label: "Lô", needsNumber: true },
  { words: ["lo"], kind: "lot", label: "Lô", needsNumber: true },
  // A villa's or a row house's lot in a new urban area ("Biệt thự B12", "Liền kề 15", "LK 15-20").
  { words: ["biet", "thu"], kind: "lot", label: "Biệt thự" },
  { words: ["lien", "ke"], kind: "lot", label: "Liền kề" },
  { words: ["lk"], kind: "lot", label: "LK", needsNumber: true },
  // A kilometre mark on a highway: the house's place where it has no number ("Km 13 Đ. Ngọc Hồi").
  { words: ["km", "so"], kind: "lot", label: "Km" },
  { words: ["km"], kind: "lot", label: "Km", needsNumber: true },
  // English: "Lot No. 29A, Me Linh Industrial Park".
  { words: ["lot", "no"], kind: "lot", label: "Lô" },
  { words: ["lot"], kind: "lot", label: "Lô", needsNumber: true },
  // A plot of a planned area's block ("Ô 18.2, Lô B18"), written with its hat (Ô Chợ Dừa, Ô Môn are units).
  { words: ["o", "so"], kind: "lot", label: "Ô", spelled: ["ô"], marked: true },
  { words: ["o"], kind: "lot", label: "Ô", needsNumber: true, spelled: ["ô"], marked: true },
  // A land parcel of the cadastral map, how rural addresses and deeds often say where a house is.
  { words: ["thua", "dat", "so"], kind: "lot", label: "Thửa đất số" },
  { words: ["thua", "dat"], kind: "lot", label: "Thửa đất" },
  { words: ["thua", "so"], kind: "lot", label: "Thửa số" },
  { words: ["thua"], kind: "lot", label: "Thửa", needsNumber: true, spelled: ["thửa"] },
  { words: ["to", "ban", "do", "so"], kind: "lot", label: "Tờ bản đồ số", spelled: ["tờ"] },
  { words: ["to", "ban", "do"], kind: "lot", label: "Tờ bản đồ", spelled: ["tờ"] },
  { words: ["to", "bd", "so"], kind: "lot", label: "Tờ bản đồ số", spelled: ["tờ"] },
  { words: ["to", "bd"], kind: "lot", label: "Tờ bản đồ", spelled: ["tờ"] },
  { words: ["to", "so"], kind: "lot", label: "Tờ số", spelled: ["tờ"] },
  { words: ["ngo"], kind: "alley", label: "Ngõ" },
  { words: ["ng"], kind: "alley", label: "Ngõ", needsNumber: true },
  { words: ["ngach"], kind: "alley", label: "Ngách" },
  // Map services' abbreviation of Ngách, beside their "Ng." for Ngõ ("Ngh. 12 Ng. 34 P. Huế").
  { words: ["ngh"], kind: "alley", label: "Ngách", needsNumber: true },
  // "Hẻm xe hơi": an alley a car can enter, as listings say; HXH for short.
  { words: ["hem", "xe", "hoi"], kind: "alley", label: "Hẻm" },
  { words: ["hem"], kind: "alley", label: "Hẻm" },
  { words: ["hxh"], kind: "alley", label: "Hẻm" },
  { words: ["h"], kind: "alley", label: "Hẻm", needsNumber: true },
  { words: ["kiet"], kind: "alley", label: "Kiệt" },
  { words: ["k"], kind: "alley", label: "Kiệt", needsNumber: true },
  { words: ["quoc", "lo"], kind: "street", label: "Quốc lộ" },
  { words: ["ql"], kind: "street", label: "Quốc lộ" },
  { words: ["tinh", "lo"], kind: "street", label: "Tỉnh lộ" },
  { words: ["tl"], kind: "street", label: "Tỉnh lộ", needsNumber: true },
  // A provincial road as the 2016 road rules name it ("ĐT 741", "Đường tỉnh 741"): Tỉnh lộ's new name.
  { words: ["duong", "tinh"], kind: "street", label: "Đường tỉnh", needsNumber: true },
  { words: ["dt"], kind: "street", label: "ĐT", needsNumber: true },
  { words: ["huong", "lo"], kind: "street", label: "Hương lộ" },
  { words: ["dai", "lo"], kind: "street", label: "Đại lộ" },
  { words: ["duong"], kind: "street", label: "" },
  { words: ["d"], kind: "street", label: "", atStart: true },
  // "đg", as people shorten đường typing.
  { words: ["dg"], kind: "street", label: "", atStart: true },
  { words: ["pho"], kind: "street", label: "", atStart: true },
  { words: ["street"], kind: "street", label: "" },
  { words: ["str"], kind: "street", label: "", atStart: true },
  // English street words, moved before the name by the tokeniser ("Tran Hung Dao St").
  { words: ["st"], kind: "street", label: "", atStart: true },
  { words: ["road"], kind: "street", label: "", atStart: true },
  { words: ["rd"], kind: "street", label: "", atStart: true },
  { words: ["avenue"], kind: "street", label: "", atStart: true },
  { words: ["ave"], kind: "street", label: "", atStart: true },
  { words: ["to", "dan", "pho"], kind: "hamlet", label: "Tổ dân phố" },
  { words: ["to", "nhan", "dan"], kind: "hamlet", label: "Tổ nhân dân" },
  { words: ["tdp"], kind: "hamlet", label: "Tổ dân phố" },
  { words: ["khu", "pho"], kind: "hamlet", label: "Khu phố" },
  { words: ["kp"], kind: "hamlet", label: "Khu phố" },
  { words: ["khu", "dan", "cu"], kind: "hamlet", label: "Khu dân cư" },
  { words: ["kdc"], kind: "hamlet", label: "Khu dân cư" },
  // Đà Lạt's planning areas ("Lô A5 KQH Phan Đình Phùng"), named after a street they lie on.
  { words: ["khu", "quy", "hoach"], kind: "hamlet", label: "Khu quy hoạch" },
  { words: ["kqh"], kind: "hamlet", label: "Khu quy hoạch" },
  // Urban areas and the old collective housing estates of the cities ("KĐT Linh Đàm", "KTT Kim Liên").
  { words: ["khu", "do", "thi"], kind: "hamlet", label: "Khu đô thị" },
  { words: ["kdt"], kind: "hamlet", label: "Khu đô thị" },
  { words: ["khu", "tap", "the"], kind: "hamlet", label: "Khu tập thể" },
  { words: ["ktt"], kind: "hamlet", label: "Khu tập thể" },
  { words: ["tap", "the"], kind: "hamlet", label: "Tập thể" },
  // Industrial parks, export-processing zones and industrial clusters, where a business's address
  // often lies ("Lô A2 KCN Quang Minh", "KCX Tân Thuận"): named after the commune that holds them.
  { words: ["khu", "cong", "nghiep"], kind: "hamlet", label: "Khu công nghiệp" },
  { words: ["kcn"], kind: "hamlet", label: "Khu công nghiệp" },
  { words: ["khu", "che", "xuat"], kind: "hamlet", label: "Khu chế xuất" },
  { words: ["kcx"], kind: "hamlet", label: "Khu chế xuất" },
  { words: ["cum", "cong", "nghiep"], kind: "hamlet", label: "Cụm công nghiệp" },
  { words: ["ccn"], kind: "hamlet", label: "Cụm công nghiệp" },
  { words: ["to"], kind: "hamlet", label: "Tổ", needsNumber: true, spelled: ["tổ"] },
  // A group named, not numbered ("Tổ Đoàn Kết"): only written "Tổ", since "To Hien Thanh" is Tô Hiến
  // Thành, and only opening its words, since Lý Thái Tổ is a street.
  { words: ["to"], kind: "hamlet", label: "Tổ", spelled: ["tổ"], marked: true, atStart: true },
  { words: ["to"], kind: "lot", label: "Tờ", needsNumber: true, spelled: ["tờ"] },
  { words: ["tieu", "khu"], kind: "hamlet", label: "Tiểu khu" },
  // Sơn La's and Hòa Bình's towns are divided into tiểu khu, "TK 17" for short.
  { words: ["tk"], kind: "hamlet", label: "Tiểu khu", needsNumber: true },
  { words: ["cum"], kind: "hamlet", label: "Cụm", needsNumber: true, spelled: ["cụm"] },
  { words: ["doi"], kind: "hamlet", label: "Đội", needsNumber: true, spelled: ["đội"] },
  { words: ["kv"], kind: "hamlet", label: "Khu vực" },
  { words: ["thon"], kind: "hamlet", label: "Thôn", atStart: true },
  { words: ["ap"], kind: "hamlet", label: "Ấp", atStart: true },
  { words: ["ban"], kind: "hamlet", label: "Bản", atStart: true },
  { words: ["xom"], kind: "hamlet", label: "Xóm", atStart: true },
  { words: ["buon"], kind: "hamlet", label: "Buôn", atStart: true },
  { words: ["soc"], kind: "hamlet", label: "Sóc", atStart: true },
  // Villages of the M'nông (Bon), Jarai and Bahnar (Plei) and Khmer (Phum) peoples.
  { words: ["bon"], kind: "hamlet", label: "Bon", atStart: true },
  { words: ["plei"], kind: "hamlet", label: "Plei", atStart: true },
  { words: ["phum"], kind: "hamlet", label: "Phum", atStart: true },
  { words: ["khom"], kind: "hamlet", label: "Khóm", atStart: true },
  { words: ["khoi"], kind: "hamlet", label: "Khối", atStart: true },
  { words: ["lang"], kind: "hamlet", label: "Làng", atStart: true },
  { words: ["khu"], kind: "hamlet", label: "Khu", atStart: true },
  { words: ["chung", "cu"], kind: "building", label: "Chung cư" },
  { words: ["cao", "oc"], kind: "building", label: "Cao ốc" },
  { words: ["toa", "nha"], kind: "building", label: "Tòa nhà" },
  { words: ["toa", "thap"], kind: "building", label: "Tòa tháp" },
  { words: ["toa"], kind: "building", label: "Tòa", needsNumber: true },
  { words: ["block"], kind: "building", label: "Block" },
  // A dormitory ("KTX khu B ĐHQG", "Ký túc xá Mỹ Đình").
  { words: ["ky", "tuc", "xa"], kind: "building", label: "Ký túc xá" },
  { words: ["ktx"], kind: "building", label: "Ký túc xá" },
  // Social housing ("Nhà ở xã hội Hưng Phú", "NOXH Thượng Thanh"): its "xã" types no commune.
  { words: ["nha", "o", "xa", "hoi"], kind: "building", label: "Nhà ở xã hội" },
  { words: ["noxh"], kind: "building", label: "Nhà ở xã hội" },
  // A block of a collective housing estate ("P305 nhà A, tập thể Kim Liên"), named by a letter.
  { words: ["nha"], kind: "building", label: "Nhà", needsNumber: true, letterFirst: true },
  // "nhà 12 ngõ 5": the house's number, as "số nhà 12".
  { words: ["nha"], kind: "house", label: "", needsNumber: true },
  // Floors named, not numbered: the basement ("Tầng hầm B1"), the ground floor, the mezzanine.
  { words: ["tang", "ham"], kind: "building", label: "Tầng hầm", spelled: ["tầng"], whole: "with-code" },
  { words: ["tang", "tret"], kind: "building", label: "Tầng trệt", spelled: ["tầng"], whole: "alone" },
  { words: ["tang", "lung"], kind: "building", label: "Tầng lửng", spelled: ["tầng"], whole: "alone" },
  { words: ["tang"], kind: "building", label: "Tầng", needsNumber: true },
  { words: ["lau"], kind: "building", label: "Lầu", needsNumber: true },
  { words: ["can", "ho"], kind: "unit", label: "Căn hộ" },
  { words: ["phong", "so"], kind: "unit", label: "Phòng", needsNumber: true },
  { words: ["phong"], kind: "unit", label: "Phòng", needsNumber: true },
  { words: ["p"], kind: "unit", label: "Phòng", needsNumber: true, roomNumber: true },
  { words: ["can", "so"], kind: "unit", label: "Căn", needsNumber: true },
  { words: ["can"], kind: "unit", label: "Căn", needsNumber: true },
  { words: ["apt"], kind: "unit", label: "Căn hộ" },
  // A market's stall or counter ("Kiốt 5 chợ Đồng Xuân", "Sạp 123 chợ Bến Thành"): the market is
  // the place, the stall no house number.
  { words: ["kiot", "so"], kind: "unit", label: "Ki-ốt", needsNumber: true },
  { words: ["kiot"], kind: "unit", label: "Ki-ốt", needsNumber: true },
  { words: ["ki", "ot", "so"], kind: "unit", label: "Ki-ốt", needsNumber: true },
  { words: ["ki", "ot"], kind: "unit", label: "Ki-ốt", needsNumber: true },
  { words: ["sap"], kind: "unit", label: "Sạp", needsNumber: true, spelled: ["sạp"] },
  { words: ["quay"], kind: "unit", label: "Quầy", needsNumber: true, spelled: ["quầy"] },
  { words: ["room"], kind: "unit", label: "Phòng" },
  // English, as foreign firms, hotels and export forms write them ("No. 5, Lane 12, …, Ward 3").
  { words: ["no"], kind: "house", label: "", needsNumber: true, atStart: true },
  { words: ["lane"], kind: "alley", label: "Ngõ" },
  { words: ["alley"], kind: "alley", label: "Hẻm" },
  // Opening its segment once the tokeniser has put it before the name ("Tan Lap Hamlet"), as Thôn
  // does: the name after it is the hamlet's, though a commune elsewhere has it too. Not "village",
  // which English writes for a commune as often ("Cam Thanh Village, Hoi An": Xã Cẩm Thanh).
  { words: ["hamlet"], kind: "hamlet", label: "Thôn", atStart: true },
  { words: ["village"], kind: "hamlet", label: "Thôn" },
  { words: ["quarter"], kind: "hamlet", label: "Khu phố", needsNumber: true },
  { words: ["group"], kind: "hamlet", label: "Tổ", needsNumber: true },
  { words: ["group", "no"], kind: "hamlet", label: "Tổ", needsNumber: true },
  { words: ["residential", "group", "no"], kind: "hamlet", label: "Tổ dân phố", needsNumber: true },
  { words: ["residential", "group"], kind: "hamlet", label: "Tổ dân phố", needsNumber: true },
  // "Area 2, Dai Phuc Ward", "Zone 3, Hiep Thanh Ward": Khu vực 2, Khu 3, no house number; after a
  // name it ends the name ("Resettlement Area 01", "Phu Hoa Residential Area 1").
  { words: ["area"], kind: "hamlet", label: "Khu vực", needsNumber: true, atStart: true },
  { words: ["zone"], kind: "hamlet", label: "Khu", needsNumber: true, atStart: true },
  { words: ["floor"], kind: "building", label: "Tầng", needsNumber: true },
  { words: ["level"], kind: "building", label: "Tầng", needsNumber: true },
  // Opening a run only: after a name they end it ("MB Sunny Tower 259 Trần Hưng Đạo").
  { words: ["tower"], kind: "building", label: "Tòa", atStart: true },
  { words: ["building"], kind: "building", label: "Tòa nhà", atStart: true },
  { words: ["apartment"], kind: "unit", label: "Căn hộ" },
];

/**
 * One-word hamlet keywords ("Thôn", "Ấp", "Xóm"). Opening a segment they name a hamlet, and the
 * hamlet's name is often a commune's too: "Số 3, Ấp Tân Hưng" is the hamlet, not Xã Tân Hưng
 * with a street called "Ấp".
 */
export const HAMLET_STARTS: ReadonlySet<string> = new Set(
  PART_KEYWORDS.filter((k) => k.kind === "hamlet" && k.atStart && k.words.length === 1).map(
    (k) => k.words[0],
  ),
);

/**
 * Hamlet keywords that no street's name begins with as often: after a house number or a street's
 * words, in a run without commas, they open the hamlet ("Số 1 Ấp Tân Hưng Đa Kia", "1 Bạch Đằng
 * Ấp Hưng Thịnh"), not the street. Not "làng", "khu", "bản": written without diacritics they are
 * also Láng, a street's "khu", Bàn.
 */
export const HAMLET_STARTS_IN_RUN: ReadonlySet<string> = new Set(["thon", "ap", "xom", "buon", "phum", "khom"]);

/**
 * How a keyword's first word is spelled with diacritics. When the text carries diacritics on
 * that word and they differ ("Ngô Quyền", "Tô Hiến Thành", "Bán"), it is no keyword.
 */
export const KEYWORD_SPELLINGS: Record<string, readonly string[]> = {
  // With the slip of a tone left out: "sô 10", "âp 4".
  so: ["số", "sô"],
  ngo: ["ngõ", "ngỏ", "ngỗ"],
  ngach: ["ngách"],
  // Hỏi and ngã, which many confuse: "hẽm" is hẻm as "ngỏ" is ngõ.
  hem: ["hẻm", "hẽm"],
  kiet: ["kiệt"],
  // With a slip people make typing it: no stroke on the đ, a horn left out ("dường", "đuờng").
  duong: ["đường", "dường", "đuờng", "duờng", "đưòng"],
  d: ["đ"],
  pho: ["phố"],
  to: ["tổ", "tờ"],
  thon: ["thôn"],
  ap: ["ấp", "âp"],
  ban: ["bản"],
  xom: ["xóm"],
  buon: ["buôn"],
  soc: ["sóc"],
  khom: ["khóm"],
  khoi: ["khối"],
  lang: ["làng"],
  lo: ["lô"],
  toa: ["tòa", "toà"],
  tang: ["tầng", "tâng"],
  lau: ["lầu"],
  phong: ["phòng"],
  can: ["căn"],
  cao: ["cao"],
  chung: ["chung"],
  nha: ["nhà"],
  // Words that place an address by a landmark ("đối diện chợ", "gần trường", "cạnh UBND"); "Bến"
  // is no "bên", "Cánh" no "cạnh".
  doi: ["đối", "đội"], // "đối diện"; "Đội 5", a production team's hamlet
  gan: ["gần"],
  canh: ["cạnh"],
  ben: ["bên", "bến"], // "bên cạnh", "bến xe"
  sau: ["sau"],
  truoc: ["trước"],
  nga: ["ngã"],
  phia: ["phía"],
  // First words of place names that are also common in street names ("Trường Chinh", "Đinh Tiên Hoàng").
  truong: ["trường"],
  dinh: ["đình"],
  den: ["đền"],
  cho: ["chợ"],
  quan: ["quán"],
  chua: ["chùa"],
  tiem: ["tiệm"],
};

/**
 * The written word (lower case) is one of a keyword's spellings, its tone on whichever vowel of the
 * syllable ("khôí" is khối): keyboards and hurried typing put it elsewhere.
 */
export function spelledAs(written: string, spellings: readonly string[]): boolean {
  if (spellings.includes(written)) return true;
  // Asked of every word folding like a keyword ("Tô", "Ngô"), again and again: answered once a word.
  let answers = SPELLED_AS.get(spellings);
  if (answers === undefined) {
    answers = new Map();
    SPELLED_AS.set(spellings, answers);
  }
  let answer = answers.get(written);
  if (answer === undefined) {
    const key = toneAnywhere(written);
    answer = spellings.some((spelling) => toneAnywhere(spelling) === key);
    answers.set(written, answer);
  }
  return answer;
}

/** spelledAs's answers, by the keyword's spellings and the word as written (a word's forms are few). */
const SPELLED_AS = new WeakMap<readonly string[], Map<string, boolean>>();

/** Where along an alley or street ("cuối ngõ", "đầu hẻm", "giữa phố", "trong hẻm"), folded. */
export const ALONG_WORDS: ReadonlySet<string> = new Set(["cuoi", "dau", "giua", "trong"]);

/** Words joining the numbers of one list ("Phòng 311 & 312", "Số 5 và 7", "Lô A1 + A2"), folded. */
export const LIST_JOINERS: ReadonlySet<string> = new Set(["&", "+", "va"]);

/**
 * What separates the numbers of a list in the house number the parser writes (parts.ts
 * listedAfter, continuesHouseList): a comma, or a joiner of LIST_JOINERS as written, with or
 * without its marks ("12 & 14", "422, 424", "5 và 7", "5 va 7"). A range's dash is none.
 */
export const HOUSE_LIST_SEPARATOR = /, | (?:&|\+|và|va) /;

/** The first words of the alleys' keywords ("ngõ", "ngách", "hẻm", "kiệt"), folded. */
export const ALLEY_STARTS: ReadonlySet<string> = new Set(
  PART_KEYWORDS.filter((k) => k.kind === "alley").map((k) => k.words[0]),
);

/**
 * A house's number: "12", "12/3a", "284d", "k12/5", "5a/2b", a run of doors ("12-14", "51-53-55"),
 * a lettered one ("12a1"), and a block's letters before a slashed number ("b5/12", "c3/15"); not a
 * letter and a number alone, which is as often a street's ("Đường D1", "N5").
 */
const HOUSE_NUMBER = /^(?:k|[a-z]{1,2}(?=\d+[a-z]?\/))?\d+[a-z]{0,3}\d*(\/\d*[a-z0-9]*)*(-\d+[a-z]{0,3}\d*(\/\d*[a-z0-9]*)*)*$/;

/**
 * A price or a plot's size as listings write them, one word ("5ty", "2ty380", "15tr", "4x16"): no
 * house's number. ("39M2" is, in Hà Nội, the house's number in block M2.)
 */
const MEASURE = /^\d+(?:[.,]\d+)?(?:ty\d*|ti\d*|tr\d*|trieu)$|^\d+(?:[.,]\d+)?m?x\d/;

/** The folded word is a price or a plot's size (MEASURE). */
export function isMeasure(f: string): boolean {
  return MEASURE.test(f);
}

/** The folded word reads as a house's number (HOUSE_NUMBER); the first characters are tested first, since most words are not. */
export function isHouseNumber(f: string): boolean {
  const c = f.charCodeAt(0);
  if (c >= 48 && c <= 57) return HOUSE_NUMBER.test(f) && !MEASURE.test(f);
  // A number led by letters has a digit second or third ("k12", "b5/12"); most words have none.
  if (!isDigitAt(f, 1) && !isDigitAt(f, 2)) return false;
  return (c === 107 || f.includes("/")) && HOUSE_NUMBER.test(f);
}

function isDigitAt(f: string, i: number): boolean {
  const c = f.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Words after which a number is a house's, an alley's, a lot's or a flat's ("số 5", "ngõ 3", "phòng 12"), folded; "tổ" also a group's. */
export const HOUSE_WORDS: ReadonlySet<string> = new Set(["so", "sn", "nha", "ngo", "ngach", "hem", "kiet", "lo", "to", "phong", "can"]);

/**
 * Words whose number is a house's door or an alley's, folded: "Số 12", "SN 12", "Ngõ 34", "Ng. 34",
 * "Ngh. 5", "Hẻm 12", "Kiệt 3". Not the groups' ("Tổ 5", "KP 3"), whose number the ward follows.
 */
export const NUMBERED_DOOR_WORDS: ReadonlySet<string> = new Set(["so", "sn", "nha", ...ALLEY_STARTS]);

/** Words a road's number or name follows ("đường 3", "Quốc lộ 5", "QL 1A", "ĐT 741", "đại lộ Thăng Long"), folded. */
export const ROAD_WORDS: ReadonlySet<string> = new Set(["duong", "d", "lo", "ql", "tl", "dt", "dl"]);

/** Keywords after whose number the next words are no street ("Thôn 10 Tân Liên"). */
export const GROUP_WORDS = new Set([
  "thon",
  "to",
  "xom",
  "ban",
  "ap",
  "kp",
  "tk",
  "tdp",
  "pho",
  "buon",
  "soc",
  "khom",
  "khoi",
  "khu",
  "lo",
  "tang",
  "lau",
  "phong",
  "toa",
  "block",
  "can",
  "so",
  "nha",
  "sn",
]);

/**
 * Words that place an address by a landmark rather than name it ("đối diện chợ Bến Thành",
 * "gần trường THPT Lê Quý Đôn"): what follows them is a landmark, so a unit named by those words
 * is no evidence of where the address is, and the run is the `name` part, never a street.
 */
export const LANDMARK_WORDS = new Set([
  "doi dien",
  "gan",
  "canh",
  "ben canh",
  "sau",
  "phia sau",
  "truoc",
  "phia truoc",
  "nga ba",
  "nga tu",
  "nga nam",
  "nga sau",
  "nga bay",
  // A junction by its number of roads, as most write it ("Ngã 3 Giá Rai", "Ngã 4 Đồng Tâm"): the
  // number is no house's.
  "nga 3",
  "nga 4",
  "nga 5",
  "nga 6",
  "nga 7",
  "cong sau",
  "cong truoc",
  "cong chinh",
]);

/**
 * Places whose name follows them ("chợ Bến Thành", "bệnh viện Chợ Rẫy", "UBND xã ..."): with a
 * landmark word, or written so that they can only be that word, the words after them are the
 * place's name, not the address's units.
 */
export const FACILITY_WORDS = new Set([
  "cho",
  "truong",
  "benh vien",
  "bv",
  "ubnd",
  "ngan hang",
  "sieu thi",
  "cong ty",
  "cty",
  "khach san",
  "nha hang",
  "cua hang",
  "trung tam",
  "tttm",
  "cong vien",
  "san bay",
  "ben xe",
  "nha tho",
  "nha van hoa",
  "dai hoc",
  "hoc vien",
  "buu dien",
  "tram y",
  "bao tang",
  "thu vien",
  "san van",
  "nha may",
  // Shops, offices and branches as lists of dealers, pharmacies and agencies name them.
  "nha thuoc",
  "quay thuoc",
  "phong kham",
  "dai ly",
  "tru so",
  "chi nhanh",
  "buu cuc",
  "diem buu",
  // State agencies, named by the unit they serve ("Công an phường Bến Thành", "Tòa án nhân dân
  // huyện Gia Lâm", "Kho bạc Nhà nước tỉnh Bắc Ninh"): the agency is the place's name, no street.
  "cong an",
  "toa an",
  "vien kiem sat",
  "kho bac",
  "chi cuc",
  "cuc thue",
  "bhxh",
  "hdnd",
  // Written out ("Ủy ban nhân dân xã …"): the phrases here are of one or two words.
  "uy ban",
  "hoi dong",
]);

/** First words of the landmark and facility phrases (the tokeniser flags them: Word.landmark). */
export const LANDMARK_FIRST_WORDS: ReadonlySet<string> = new Set(
  [...LANDMARK_WORDS, ...FACILITY_WORDS].map((phrase) => phrase.split(" ")[0]),
);

/**
 * First words of place names (a run starting with one is the `name` part, not a street): the
 * landmarks and facilities, and words that start a name but mark no landmark ("quán", "chùa").
 */
export const PLACE_WORDS: ReadonlySet<string> = new Set([
  ...LANDMARK_WORDS,
  ...FACILITY_WORDS,
  "ks",
  "tiem",
  "quan",
  "chua",
  "van phong",
  "shop",
  "dinh",
  "den",
]);

/**
 * English words that end a place's name ("Quang Minh Industrial Park", "Cho Ray Hospital", "Ben
 * Thanh Market"): a run of words ending with one is the `name` part, never a street.
 */
export const ENGLISH_PLACE_WORDS: ReadonlySet<string> = new Set([
  "park",
  "zone",
  "area",
  "hospital",
  "market",
  "school",
  "university",
  "college",
  "hotel",
  "resort",
  "tower",
  "plaza",
  "center",
  "centre",
  "mall",
  "factory",
  "office",
]);

/**
 * English street words, written after the name ("Le Loi Street", "Nguyen Trai Str."), and the
 * hamlet's ("Quang Bo Village", "Cu Tron Hamlet"): closing their segment, the tokeniser moves them
 * before the name, where Vietnamese writes its keyword (PART_KEYWORDS reads them there).
 */
export const ENGLISH_STREET_WORDS: ReadonlySet<string> = new Set([
  "street",
  "str",
  "st",
  "road",
  "rd",
  "avenue",
  "ave",
  "hamlet",
  "village",
]);

/** Abbreviated given/family names in street names ("Ng.T.Minh Khai", "Tr.H.Đạo"). */
export const NAME_ABBREVIATIONS: Record<string, string> = {
  ng: "Nguyễn",
  tr: "Trần",
  t: "Thị",
  v: "Văn",
  h: "Hưng",
  ph: "Phạm",
};

/**
 * A street name that is a person's family and middle name ("Nguyễn Thị" before "Minh Khai") goes
 * on with the given name, however much that looks like a ward: the most common family names and
 * middle names (data/names), folded.
 */
export const FAMILY_NAMES = new Set([
  "nguyen",
  "tran",
  "le",
  "pham",
  "vo",
  "huynh",
  "bui",
  "phan",
  "hoang",
  "vu",
  "do",
  "ho",
  "ngo",
  "duong",
  "ly",
  "dang",
  "dinh",
  "truong",
  "mai",
  "ton",
]);
/**
 * The next families of data/names. Streets are named after them too (Chu Văn An, Trịnh Công Sơn,
 * Hà Huy Tập), but many place names open with the same words (Hà Cầu, La Khê, Từ Liêm, Cao Xanh):
 * only with a middle name after them are they a person's name.
 */
export const LESS_COMMON_FAMILY_NAMES = new Set([
  "doan",
  "trinh",
  "cao",
  "dao",
  "luong",
  "luu",
  "lam",
  "ha",
  "thai",
  "phung",
  "ta",
  "to",
  "vuong",
  "chau",
  "chu",
  "tu",
  "quach",
  "tong",
  "kieu",
  "trieu",
  "dam",
  "la",
]);
export const MIDDLE_NAMES = new Set([
  "van",
  "thi",
  "minh",
  "hoang",
  "thanh",
  "ngoc",
  "quoc",
  "duc",
  "quang",
  "anh",
  "huu",
  "xuan",
  "duy",
  "dinh",
  "trung",
  "cong",
  "trong",
  "the",
  "tien",
  "kim",
  "hong",
  "that",
  "tuan",
  "tan",
  "nhat",
  "hai",
  "viet",
  "dang",
  "thai",
  "huy",
  "ba",
]);

/** The two words open a person's name: a family name and a middle name ("Chu Văn", "Nguyễn Thị"). */
export function opensPersonName(first: string, second: string): boolean {
  return (FAMILY_NAMES.has(first) || LESS_COMMON_FAMILY_NAMES.has(first)) && MIDDLE_NAMES.has(second);
}

/**
 * Words that may say which structure a unit's name belongs to: every lead into another name
 * ("nay là", "trước đây là", "sáp nhập vào", "hiện là", "đổi tên thành") holds one, and "cũ", "mới" are remarks themselves
 * (stated-structure.ts; the tokeniser marks them once per word).
 */
export const STATING_WORDS: ReadonlySet<string> = new Set(["nay", "truoc", "sap", "cu", "moi", "hien", "doi", "nhap"]);
