/**
 * What a text holds beside the address, left out before its parts and units are read: form and
 * checkout labels ("Địa chỉ:", "Người nhận:"), phone numbers, notes to the courier, a buyer's
 * requests and courtesies (chatter.ts), "ở"/"tại" between parts; and the people it names as the
 * parcel's recipient, who become the place's name (withRecipients). Each pass returns the token
 * list as it was when it leaves nothing out: most texts.
 */
import { NO_NODE, type WordTrie } from "../units/name-index.js";
import { checkoutLeadLength, closingCourtesyFrom, LEAD_FIRST_WORDS, titledRecipientAt } from "./chatter.js";
import { isHouseNumber, opensPersonName } from "./lexicon.js";
import { typePhraseAt } from "./mentions.js";
import {
  byFirstWord,
  FORMAL_TITLES,
  endsSegmentAt,
  isDigits,
  nameNode,
  namesPerson,
  PART_STARTS,
  PERSON_TITLES,
  spells,
  spellsUnitName,
} from "./parts.js";
import type { Token } from "./tokenise.js";
import type { ParsedParts } from "./types.js";

/** A Vietnamese phone number: a mobile (0 + 9 digits) or a landline (02x + 8 digits), or with 84 for the 0. */
const PHONE_NUMBER = /^(?:0|84)(?:[35789]\d{8}|2\d{9})$/;
/** Words that announce a phone number: "SĐT", "ĐT", "Tel", "Phone", "LH" (liên hệ). */
const PHONE_WORDS = new Set(["sdt", "dt", "tel", "phone", "lh", "dd", "zalo", "hotline", "mobile"]);
/** Phrases that announce a phone number, folded ("số khách 0901…", "điện thoại 0912…", "SĐT khách"). */
const PHONE_PHRASES: readonly (readonly string[])[] = [
  "so khach",
  "so dien thoai",
  "dien thoai",
  "so dt",
  "so may",
  "sdt khach",
  "sdt nguoi nhan",
  "so nguoi nhan",
].map((phrase) => phrase.split(" "));

/**
 * How records and letters open an address inside a sentence ("trú tại thôn 2, …", "Công ty …, có
 * trụ sở tại số 1 …", "tại số 5 …"), folded: at a segment's start before the address's words.
 */
const PLACE_LEADS: readonly (readonly string[])[] = [
  "thuong tru tai",
  "dang thuong tru tai",
  "hien thuong tru tai",
  "hien dang thuong tru tai",
  "hien tru tai",
  "dang o tai",
  "hien dang o tai",
  "hktt tai",
  "tam tru tai",
  "cu tru tai",
  "dang ky thuong tru tai",
  "hien o tai",
  "hien song tai",
  "song tai",
  "tru tai",
  "o tai",
  "co dia chi tai",
  "co tru so tai",
  "co tru so chinh tai",
  "dat tai",
  "toa lac tai",
].map((lead) => lead.split(" "));

/**
 * Labels a checkout or a form puts before the address or its other fields ("Địa chỉ:", "ĐC:",
 * "Giao hàng tới:", "Người nhận:", "SĐT:"), folded, each a segment of its own (the colon ends a
 * segment): no part of the address. ("ĐT" alone is left: it is also Đồng Tháp's initials.)
 */
const FIELD_LABELS = new Set([
  "dia chi",
  "dia chi giao hang",
  "dia chi nhan hang",
  "dia chi nhan",
  "dia chi lien he",
  "dc",
  "giao hang toi",
  "giao hang den",
  "giao toi",
  "giao den",
  "ship toi",
  "ship den",
  "gui toi",
  "gui den",
  "noi nhan",
  "nguoi nhan",
  "ten nguoi nhan",
  "ho ten",
  "ho va ten",
  "ten khach hang",
  "khach hang",
  "nguoi lien he",
  "sdt",
  "so dien thoai",
  "dien thoai",
  "address",
  "delivery address",
  "shipping address",
  // Both addresses since the 2025 reform ("Địa chỉ cũ: …, Địa chỉ mới: …").
  "dia chi cu",
  "dia chi moi",
  "dc cu",
  "dc moi",
  "dia chi truoc sap nhap",
  "dia chi sau sap nhap",
  "dia chi hien tai",
  "dia chi hien nay",
  // Records, identity papers and registers of businesses ("Nơi thường trú:", "HKTT:", "Trụ sở:").
  "dia chi thuong tru",
  "dia chi tam tru",
  "dia chi cu tru",
  "noi thuong tru",
  "noi tam tru",
  "noi cu tru",
  "noi o",
  "noi o hien tai",
  "noi o hien nay",
  "cho o",
  "cho o hien tai",
  "cho o hien nay",
  "thuong tru",
  "tam tru",
  "cu tru",
  "que quan",
  "nguyen quan",
  "ho khau",
  "ho khau thuong tru",
  "hktt",
  "tru so",
  "tru so chinh",
  "dia chi tru so",
  "dia chi tru so chinh",
  "dia chi kinh doanh",
  "dia diem kinh doanh",
  "dia chi cong ty",
  "dia chi cua hang",
  "dia chi nha",
  // The registers' abbreviations ("Nơi ĐKTT: …", đăng ký thường trú).
  "dktt",
  "noi dktt",
  "noi dkhktt",
  "noi dang ky thuong tru",
  "noi dang ky ho khau",
  "noi dang ky ho khau thuong tru",
  // Civil-status records, letters and identity cards ("Nơi sinh:", "Kính gửi:", the card's
  // English beside the Vietnamese: "Nơi thường trú / Place of residence:").
  "noi sinh",
  "noi dang ky khai sinh",
  "noi dang ky ket hon",
  "kinh gui",
  "cung co hktt",
  "cung dia chi",
  "place of birth",
  "place of origin",
  "place of residence",
  "que quan place of origin",
  "noi thuong tru place of residence",
  // The leads into a place written as a label, before a colon ("Thường trú tại: thôn 2, …").
  ...PLACE_LEADS.map((words) => words.join(" ")),
]);


/**
 * Segments that open with a person's other particulars in a record ("sinh năm 1970", "CCCD
 * 001…"), folded: their number is no house's, and no part of the address.
 */
const PERSONAL_FIELDS: readonly (readonly string[])[] = [
  "sinh nam",
  "nam sinh",
  "sinh ngay",
  "ngay sinh",
  "cccd",
  "cmnd",
  "so cccd",
  "so cmnd",
  "can cuoc",
  "can cuoc cong dan",
  "ma so thue",
  "mst",
].map((field) => field.split(" "));

/** The labels' words by their first word. */
const FIELD_LABELS_BY_FIRST = byFirstWord(
  [...FIELD_LABELS].map((label) => label.split(" ")),
  (words) => words,
);
/** The labels' last words: a segment ending in none of them ends in no label. */
const FIELD_LABEL_ENDS = new Set([...FIELD_LABELS].map((label) => label.split(" ").at(-1)!));
/** The most words a label has ("địa chỉ nhận hàng"). */
const FIELD_LABEL_WORDS = Math.max(...[...FIELD_LABELS].map((label) => label.split(" ").length));

/** tokens[from, to) are a form's label. Runs on every segment's ends: no allocation. */
function isFieldLabel(tokens: readonly Token[], from: number, to: number): boolean {
  const labels = FIELD_LABELS_BY_FIRST.get(tokens[from].f);
  if (labels === undefined) return false;
  return labels.some((words) => words.length === to - from && spells(tokens, from, words));
}

/**
 * tokens[start, end) are a label numbered among several of its kind ("Địa chỉ 1:", "Địa chỉ 2:"), a
 * segment before more text: the number is the label's, no house's.
 */
function numberedLabel(tokens: readonly Token[], start: number, end: number): boolean {
  if (end - start < 2 || end - start > FIELD_LABEL_WORDS + 1 || end >= tokens.length) return false;
  return /^\d$/.test(tokens[end - 1].f) && isFieldLabel(tokens, start, end - 1);
}

/** Labels whose value is the person the parcel is for, folded ("Người nhận: Nguyễn Văn A, …"). */
const RECIPIENT_LABELS = new Set(["nguoi nhan", "ten nguoi nhan", "ho ten", "ho va ten", "ten khach hang", "khach hang", "nguoi lien he"]);

/** The recipient labels' last words: most segments follow none. */
const RECIPIENT_LABEL_ENDS = new Set([...RECIPIENT_LABELS].map((label) => label.split(" ").at(-1)!));

/** The segment before token `start` is a recipient's label alone (RECIPIENT_LABELS). */
function afterRecipientLabel(tokens: readonly Token[], start: number): boolean {
  if (start === 0 || !RECIPIENT_LABEL_ENDS.has(tokens[start - 1].f)) return false;
  const seg = tokens[start - 1].seg;
  let from = start - 1;
  while (from > 0 && tokens[from - 1].seg === seg) from--;
  if (start - from > 4) return false;
  let label = tokens[from].f;
  for (let k = from + 1; k < start; k++) label += ` ${tokens[k].f}`;
  return RECIPIENT_LABELS.has(label);
}

/**
 * The segment tokens[start, end) is a recipient's label (RECIPIENT_LABELS) and a person's name after
 * it: the label's length, or 0.
 */
function recipientLabelThenName(tokens: readonly Token[], start: number, end: number): number {
  if (!RECIPIENT_LABEL_FIRST_WORDS.has(tokens[start].f)) return 0;
  let label = tokens[start].f;
  for (let k = start + 1; k < end - 1 && k - start < 4; k++) {
    label += ` ${tokens[k].f}`;
    if (RECIPIENT_LABELS.has(label) && givenNameAfterLabel(tokens, k + 1, end)) return k + 1 - start;
  }
  return 0;
}

/**
 * tokens[start, end) may be the name a recipient's label announces: one to five words of a
 * syllable each, no digit, no unit's type word and no address keyword. After the label a given
 * name alone is a person too ("người nhận Quỳnh Anh").
 */
function givenNameAfterLabel(tokens: readonly Token[], start: number, end: number): boolean {
  if (end - start < 1 || end - start > 5) return false;
  for (let k = start; k < end; k++) {
    const w = tokens[k].w;
    if (w.digit || !w.syllable || w.phrases !== undefined || w.partWord) return false;
  }
  return true;
}

/** The recipient labels' first words. */
const RECIPIENT_LABEL_FIRST_WORDS = new Set([...RECIPIENT_LABELS].map((label) => label.split(" ")[0]));

/** tokens[start, end) are a person's name: two to five words, no digit, opening as names do. */
function namesRecipient(tokens: readonly Token[], start: number, end: number): boolean {
  if (end - start < 2 || end - start > 5) return false;
  for (let k = start; k < end; k++) if (tokens[k].w.digit) return false;
  return opensPersonName(tokens[start].f, tokens[start + 1].f) || namesPerson(tokens, start, end);
}

/**
 * The segment tokens[start, end) ends in a form's label after words of its own, the label written
 * with its diacritics ("ĐC", "SĐT", "Địa chỉ"): "Phuong Chau Dc" is a ward's name with a typo.
 */
function endsInFieldLabel(tokens: readonly Token[], start: number, end: number): boolean {
  if (!FIELD_LABEL_ENDS.has(tokens[end - 1].f)) return false;
  for (let from = end - 1; from > start && from >= end - 3; from--)
    if (isFieldLabel(tokens, from, end) && tokens[from].lower !== tokens[from].f) return true;
  return false;
}

/**
 * How a buyer's note to the courier opens, folded ("Giao giờ hành chính", "(gọi trước khi
 * giao)", "Để ở bảo vệ"): written beside the address at a checkout, no part of it.
 */
const DELIVERY_NOTES: readonly (readonly string[])[] = [
  "giao gio",
  "giao trong gio",
  "giao ngoai gio",
  "giao hang gio",
  "giao hang trong gio",
  "giao hang ngoai gio",
  "giao buoi",
  "giao hang buoi",
  "giao cuoi tuan",
  "giao hang cuoi tuan",
  "giao vao",
  "giao hang vao",
  "giao truoc",
  "giao sau",
  "giao tan tay",
  "goi truoc",
  "goi dien",
  "goi cho",
  "lien he truoc",
  "khong giao",
  "khong goi",
  "nhan hang gio",
  "nhan hang trong gio",
  "nhan gio",
  "nhan trong gio",
  "chi nhan",
  "gui bao ve",
  "gui le tan",
  "de o bao ve",
  "de o le tan",
  "de hang",
  "cho xem hang",
  "khong cho xem",
  "duoc xem hang",
  "dong kiem",
  "hang de vo",
  "ghi chu",
  "luu y",
  "nhan hang sau",
  "nhan hang truoc",
  "nhan sau",
  "nhan truoc",
  "giao hang sau",
  "giao hang truoc",
].map((note) => note.split(" "));

/**
 * A business's heading for one of its sites, alone in its segment before the address ("Cơ sở 2:
 * Tầng 2, 29T1 Hoàng Đạo Thúy, …", "Chi nhánh 1: 45 Lê Lợi, …"), folded: its number is no house's,
 * and its words name no unit ("Cơ sở" is one slip from Cổ Đô).
 */
const BRANCH_LABELS: readonly (readonly string[])[] = [
  "co so",
  "chi nhanh",
  "cn",
  "van phong",
  "van phong dai dien",
  "vpdd",
  "vp",
  "showroom",
  "nha may",
  "kho",
  "kho hang",
  "cua hang",
  "nha thuoc",
  "dia diem",
].map((label) => label.split(" "));
const BRANCH_LABEL_STARTS = new Set(BRANCH_LABELS.map((words) => words[0]));

/**
 * tokens[from, to) are a branch's heading (BRANCH_LABELS), with or without its number or letter ("Cơ sở 2", "CN A", "Kho
 * II", "Nhà thuốc số 10").
 */
function isBranchLabel(tokens: readonly Token[], from: number, to: number): boolean {
  if (!BRANCH_LABEL_STARTS.has(tokens[from].f)) return false;
  return BRANCH_LABELS.some((words) => {
    let after = from + words.length;
    if (after > to || !spells(tokens, from, words)) return false;
    if (after === to) return true;
    // "Văn phòng 05" is an office's number in a building: a unit of the address, no heading.
    if (words[0] === "van" || words[0] === "vp") return false;
    if (tokens[after].f === "so" && after + 2 === to) after++;
    return after + 1 === to && /^(?:\d{1,2}|[a-z]|i{1,3}|iv|v|vi{1,3})$/.test(tokens[after].f);
  });
}

/**
 * What a judgment writes after a party's address, in its field ("…, tỉnh Cao Bằng; có mặt.",
 * "(đã chết)"), folded: whether the party was in court, no part of the address.
 */
const PROCEEDING_REMARKS: readonly (readonly string[])[] = [
  "co mat",
  "vang mat",
  "da chet",
  "da mat",
  "co don xin xet xu vang mat",
  "co don de nghi xet xu vang mat",
].map((remark) => remark.split(" "));

/** Notes beside an address that are no part of it: a buyer's to the courier, a court's on a party. */
const NOTES: readonly (readonly string[])[] = [...DELIVERY_NOTES, ...PROCEEDING_REMARKS];

/** An hour as a note to the courier writes it ("5h", "17h30", "9g"): no house's number. */
const TIME_OF_DAY = /^\d{1,2}[hg](\d{2})?p?$/;
const NOTE_STARTS = new Set(NOTES.map((words) => words[0]));

/**
 * tokens[from, to) open with a note beside the address (NOTES) and hold no house's number
 * before a word: "gọi trước khi giao 12 Lê Lợi" keeps its address.
 */
function isNote(tokens: readonly Token[], from: number, to: number): boolean {
  if (!NOTE_STARTS.has(tokens[from].f)) return false;
  const opens = NOTES.some(
    (words) => from + words.length <= to && spells(tokens, from, words),
  );
  if (!opens) return false;
  for (let k = from; k + 1 < to; k++)
    if (tokens[k].w.house && !tokens[k + 1].w.digit && !TIME_OF_DAY.test(tokens[k].f)) return false;
  return true;
}

/** A distance as a note writes it, in one word or two ("35km", "1.5km", "200m"; "2 km"). */
const DISTANCE = /^\d+(?:[.,]\d+)?(?:km|m)$/;
const DISTANCE_UNITS = new Set(["km", "m", "met"]);

/** Words of a direction after a distance ("về phía Bắc", "hướng Tây Nam"), folded. */
const DIRECTION_LEADS = new Set(["ve", "phia", "huong"]);
const DIRECTIONS = new Set(["bac", "nam", "dong", "tay"]);

/**
 * Where a note of how far the place is from another ends, when tokens[from, to) opens with one
 * ("(cách TP 35km)", "cách chợ 200m", "cách thị xã Bắc Kạn 8km về phía Bắc"): it opens with "cách"
 * (not "Cách Mạng", a street's word) and holds a distance; -1 when it is no such note. The note
 * runs to the segment's end, but for the units a text written without commas goes on with after
 * the distance and its direction ("… 45km Xã Xuân Dương Huyện Na Rì"): they start with a type word.
 */
function distanceNoteEnd(tokens: readonly Token[], from: number, to: number): number {
  if (tokens[from].f !== "cach" || from + 1 >= to || tokens[from + 1].f === "mang") return -1;
  for (let k = from + 1; k < to; k++) {
    let after = -1;
    if (DISTANCE.test(tokens[k].f)) after = k + 1;
    else if (tokens[k].w.digit && k + 1 < to && DISTANCE_UNITS.has(tokens[k + 1].f)) after = k + 2;
    if (after < 0) continue;
    while (after < to && DIRECTION_LEADS.has(tokens[after].f)) after++;
    while (after < to && DIRECTIONS.has(tokens[after].f)) after++;
    return after < to && tokens[after].w.phrases !== undefined ? after : to;
  }
  return -1;
}

/**
 * A house that has no number, said so ("Nhà không số, hẻm 12 …", "chưa có số nhà"), folded: no part,
 * and no street "số".
 */
const NO_NUMBER: readonly (readonly string[])[] = [
  "nha khong so",
  "nha ko so",
  "khong so nha",
  "khong so",
  "ko so",
  "nha chua co so",
  "chua co so nha",
  "chua co so",
].map((phrase) => phrase.split(" "));

/**
 * The house's number before a renumbering, written beside today's ("953 (số cũ 91/4) Hà Huy
 * Giáp"), folded: with its number, no part of the address.
 */
const FORMER_NUMBER: readonly (readonly string[])[] = ["so cu", "so nha cu", "sn cu"].map((phrase) => phrase.split(" "));

/** First words of PLACE_LEADS, PERSONAL_FIELDS, NO_NUMBER and FORMER_NUMBER: most segments open with none of them. */
const LEAD_AND_FIELD_STARTS = new Set([...PLACE_LEADS, ...PERSONAL_FIELDS, ...NO_NUMBER, ...FORMER_NUMBER].map((words) => words[0]));

/**
 * Every word a segment withoutFieldLabels drops words of opens with: a label's, a note's, a lead's,
 * a field's, a request's (chatter.ts), "tại", and "cách" (a distance's note).
 */
const ASIDE_FIRST_WORDS: ReadonlySet<string> = new Set([
  ...FIELD_LABELS_BY_FIRST.keys(),
  ...NOTE_STARTS,
  ...LEAD_AND_FIELD_STARTS,
  ...LEAD_FIRST_WORDS,
  "tai",
  "tru",
  "cach",
]);

/** Marks of a word withoutFieldLabels looks for (Word.aside, asideMarks): it opens a segment's aside (ASIDE_FIRST_WORDS). */
export const OPENS_ASIDE = 1;
/** It ends a form's label (FIELD_LABEL_ENDS). */
export const ENDS_LABEL = 2;
/** It ends a recipient's label (RECIPIENT_LABEL_ENDS). */
export const ENDS_RECIPIENT_LABEL = 4;

/**
 * The marks of the folded word (OPENS_ASIDE, ENDS_LABEL, ENDS_RECIPIENT_LABEL), 0 for most words. The tokeniser keeps them on the word (Word.aside), so that the many segments and texts
 * holding no aside are passed over by a field of their tokens, not by look-ups.
 */
export function asideMarks(f: string): number {
  return (
    (ASIDE_FIRST_WORDS.has(f) ? OPENS_ASIDE : 0) |
    (FIELD_LABEL_ENDS.has(f) ? ENDS_LABEL : 0) |
    (RECIPIENT_LABEL_ENDS.has(f) ? ENDS_RECIPIENT_LABEL : 0)
  );
}

/**
 * withoutFieldLabels may drop words opening the segment tokens[start, end): it opens with a word of
 * ASIDE_FIRST_WORDS, ends in a label's last word, or follows a recipient's label.
 */
function mayOpenWithAside(tokens: readonly Token[], start: number, end: number): boolean {
  return (
    (tokens[start].w.aside & OPENS_ASIDE) !== 0 ||
    (tokens[end - 1].w.aside & ENDS_LABEL) !== 0 ||
    (start > 0 && (tokens[start - 1].w.aside & ENDS_RECIPIENT_LABEL) !== 0)
  );
}

/**
 * Where the former house number opening tokens[start, end) ends (FORMER_NUMBER and one number: a
 * house's, or a lot's code such as "F240"), past the segments a spaced dash joins to it that hold
 * one number each ("số cũ F240 - 241", a range); -1 when the segment is not one.
 */
function formerNumberEnd(tokens: readonly Token[], start: number, end: number): number {
  const phrase = openingPhraseLength(tokens, start, end, FORMER_NUMBER);
  if (phrase === 0 || start + phrase + 1 !== end || !isNumberOrCode(tokens[end - 1])) return -1;
  let to = end;
  while (to < tokens.length && tokens[to].dash && isNumberOrCode(tokens[to]) && (to + 1 === tokens.length || tokens[to + 1].seg !== tokens[to].seg))
    to++;
  return to;
}

/** A house's number, or a letter or two and a number ("F240", "A12"): a number, never a name. */
function isNumberOrCode(token: Token): boolean {
  return token.w.house || /^[a-z]{1,2}\d+[a-z]?$/.test(token.f);
}

/** The words of the first of `phrases` that tokens[from, to) open with, or 0. */
function openingPhraseLength(
  tokens: readonly Token[],
  from: number,
  to: number,
  phrases: readonly (readonly string[])[],
): number {
  if (from >= to || !LEAD_AND_FIELD_STARTS.has(tokens[from].f)) return 0;
  for (const words of phrases)
    if (from + words.length <= to && spells(tokens, from, words)) return words.length;
  return 0;
}

/**
 * The words a label takes at the start of the segment tokens[start, end) before the address's own
 * words: a form's label without its colon at the text's start ("Địa chỉ 12 Lê Lợi", "Thường trú
 * tại thôn 2"), or a lead into a place (PLACE_LEADS) at any segment's start. 0 when none.
 */
function leadingLabelLength(tokens: readonly Token[], start: number, end: number): number {
  if (start === 0 && FIELD_LABELS_BY_FIRST.has(tokens[0].f))
    for (let len = Math.min(FIELD_LABEL_WORDS, end - 1); len > 0; len--) {
      if (!isFieldLabel(tokens, 0, len)) continue;
      const lead = openingPhraseLength(tokens, len, end - 1, PLACE_LEADS);
      // Before a house's number or a part's keyword, or with a lead: "Chợ Ô Môn" is no "Chỗ ở" label.
      // "Đ/c" and "Địa chỉ" so written are labels wherever they stand.
      const next = tokens[len + lead].f;
      const unmistakable = tokens[0].raw.includes("/") || tokens[0].lower === "địa";
      if (lead > 0 || unmistakable || isHouseNumber(next) || PART_STARTS.has(next)) return len + lead;
    }
  const lead = openingPhraseLength(tokens, start, end - 1, PLACE_LEADS);
  if (lead > 0) return lead;
  // "tại số 5 …" so written: unmarked, "Tai" may be what is left of a commune's name. So "trú"
  // without "tại" ("trú thôn Lạc Tân 3", "trú ở bản Lưu Tiến"), which is no "trụ" (sở).
  if (start + 1 >= end) return 0;
  const first = tokens[start];
  if (first.f === "tai" && first.lower === "tại") return 1;
  if (first.f !== "tru" || first.lower !== "trú") return 0;
  return start + 2 < end && tokens[start + 1].f === "o" && tokens[start + 1].lower === "ở" ? 2 : 1;
}

/**
 * The tokens without the segments that are only a form's label (FIELD_LABELS), another field's
 * value followed by a label, a note to the courier (DELIVERY_NOTES), a person's particulars
 * (PERSONAL_FIELDS) or the house's former number (FORMER_NUMBER) beside the address, and without
 * the label opening a segment before the address or the words saying the house has no number
 * (NO_NUMBER); without a buyer's request opening a
 * segment and the courtesy closing the text (chatter.ts), and "ở", "tại" between two parts. The
 * person a recipient's label or a request names goes to `recipients`; `trie` keeps units' names.
 */
export function withoutFieldLabels(tokens: readonly Token[], recipients: string[], trie: WordTrie): readonly Token[] {
  let dropped: Set<number> | null = null;
  // Segments read as one with the one before the aside between them: "953 (số cũ 91/4) Hà Huy
  // Giáp" is 953 Hà Huy Giáp, the street's words after the house's number.
  let rejoined: Map<number, number> | null = null;
  let start = 0;
  while (start < tokens.length) {
    let end = start + 1;
    while (end < tokens.length && tokens[end].seg === tokens[start].seg) end++;
    // A segment ending in a label before more text is the value of the field before it, then the
    // next field's label ("Người nhận: Trần Thị B. ĐC: 45 Hai Bà Trưng"): a name, no part of the address.
    let to: number; // the words dropped are tokens[start, to)
    const aside = mayOpenWithAside(tokens, start, end);
    const labelBeforeName = aside ? recipientLabelThenName(tokens, start, end) : 0;
    const formerEnd = aside ? formerNumberEnd(tokens, start, end) : -1;
    const noteEnd = aside ? distanceNoteEnd(tokens, start, end) : -1;
    // A branch's heading is its own segment of a few words before the address: looked for apart
    // from the asides, whose first words mark where the longer checks below are worth making.
    if (end < tokens.length && end - start <= 4 && isBranchLabel(tokens, start, end)) to = end;
    else if (!aside) to = start;
    else if (
      (end - start <= FIELD_LABEL_WORDS && isFieldLabel(tokens, start, end)) ||
      numberedLabel(tokens, start, end) ||
      (end < tokens.length && endsInFieldLabel(tokens, start, end)) ||
      isNote(tokens, start, end)
    )
      to = end;
    else if (noteEnd >= 0) to = noteEnd;
    else if (formerEnd >= 0) {
      to = end = formerEnd;
      if (start > 0 && end < tokens.length && tokens[start - 1].w.house) {
        rejoined ??= new Map();
        rejoined.set(tokens[end].seg, tokens[start - 1].seg);
      }
    }
    else if (openingPhraseLength(tokens, start, end, PERSONAL_FIELDS) > 0)
      // With its value when that stands alone after a colon ("CCCD: 001…").
      to = end < tokens.length && tokens[end].w.digit && endsSegmentAt(tokens, end + 1, tokens[end].seg) ? end + 1 : end;
    else if (afterRecipientLabel(tokens, start) && namesRecipient(tokens, start, end)) {
      recipients.push(rawWords(tokens, start, end));
      to = end;
    } else if (labelBeforeName > 0) {
      // The label and the person in one segment ("…, Hà Nội, người nhận Quỳnh Anh").
      recipients.push(rawWords(tokens, start + labelBeforeName, end));
      to = end;
    }
    else {
      to =
        start +
        (openingPhraseLength(tokens, start, end, NO_NUMBER) ||
          leadingLabelLength(tokens, start, end) ||
          requestLength(tokens, start, end, trie));
      // "Giao cho chị Lan, …": the person the request names, alone in its segment, is the recipient
      // (written without diacritics too: "chi lan" names no Chi Lăng there).
      if (to > start && to < end && end < tokens.length && titledRecipientAt(tokens, to, end) && !partWordIn(tokens, to + 1, end)) {
        recipients.push(rawWords(tokens, to, end));
        to = end;
      }
    }
    if (to > start) {
      dropped ??= new Set();
      for (let k = start; k < to; k++) dropped.add(k);
    }
    for (let k = Math.max(to, start + 1); k + 1 < end; k++) {
      // A note of distance after the place's name ("Đền Dẻ Đoóng cách trung tâm thành phố Cao
      // Bằng khoảng 20km"), to the segment's end or to the units written after it (distanceNoteEnd).
      const noteEnd = tokens[k].f === "cach" ? distanceNoteEnd(tokens, k, end) : -1;
      if (noteEnd >= 0) {
        dropped ??= new Set();
        for (let d = k; d < noteEnd; d++) dropped.add(d);
        if (noteEnd === end) break;
        k = noteEnd - 1;
        continue;
      }
      if (prepositionBefore(tokens, k, trie)) {
        dropped ??= new Set();
        dropped.add(k);
      }
    }
    start = Math.max(to, end);
  }
  const closing = closingCourtesyFrom(tokens, (k) => endsUnitName(tokens, k, trie));
  if (closing < tokens.length) {
    dropped ??= new Set();
    for (let k = closing; k < tokens.length; k++) dropped.add(k);
  }
  const kept = dropped ? tokens.filter((_, k) => !dropped.has(k)) : tokens;
  return rejoined ? kept.map((t) => (rejoined.has(t.seg) ? { ...t, seg: rejoined.get(t.seg)! } : t)) : kept;
}

/**
 * The tokens without the phone numbers people put in an address at a checkout ("Chị Lan
 * 0912 345 678, số 5 ngõ 3 …") and the word announcing them: a phone number is no house number,
 * and it is personal data the parts of an address must not carry. Digits split by spaces or dots
 * are joined to be checked (up to four groups).
 */
export function withoutPhoneNumbers(tokens: readonly Token[], recipients: string[]): readonly Token[] {
  let dropped: Set<number> | null = null;
  for (let i = 0; i < tokens.length; i++) {
    if (!isDigits(tokens[i]) || !mayOpenPhoneNumber(tokens[i])) continue;
    let digits = "";
    let last = -1;
    // The country's code in brackets before the number ("(+84) 912 345 678"): a segment of its own.
    const countryCode =
      tokens[i].f === "84" && i + 1 < tokens.length && tokens[i + 1].seg !== tokens[i].seg && isDigits(tokens[i + 1]);
    const seg = countryCode ? tokens[i + 1].seg : tokens[i].seg;
    for (
      let k = i;
      k < tokens.length && k < i + (countryCode ? 5 : 4) && (tokens[k].seg === seg || (countryCode && k === i)) && isDigits(tokens[k]);
      k++
    ) {
      digits += tokens[k].f.replaceAll(".", "");
      if (PHONE_NUMBER.test(digits)) {
        last = k;
        break;
      }
    }
    if (last < 0) continue;
    let from = i - phoneWordsBefore(tokens, i);
    // A person opening the text before the number, by a full name or a title ("Lê Minh Tuấn 0912 345
    // 678, ngõ 51 Lê Quý Đôn", "cô Minh - 0909 … - Hàm Nghi"): the recipient's, no street (the same
    // words alone may name one: Bà Triệu).
    if (from >= 2 && from <= 4 && personBeforePhone(tokens, from)) {
      recipients.push(rawWords(tokens, 0, from));
      from = 0;
    }
    dropped ??= new Set();
    for (let k = from; k <= last; k++) dropped.add(k);
    i = last;
  }
  return dropped ? withoutTokens(tokens, dropped) : tokens;
}

/** How many words right before token i, in its segment, announce a phone number (PHONE_WORDS, PHONE_PHRASES): 0 when none. */
function phoneWordsBefore(tokens: readonly Token[], i: number): number {
  const seg = tokens[i].seg;
  for (const words of PHONE_PHRASES) {
    const from = i - words.length;
    if (from >= 0 && tokens[from].seg === seg && spells(tokens, from, words)) return words.length;
  }
  return i > 0 && tokens[i - 1].seg === seg && PHONE_WORDS.has(tokens[i - 1].f) ? 1 : 0;
}

/**
 * The digits token opens with 0 or 8 (dots aside), as a phone number does (PHONE_NUMBER: 0, or the
 * country's 84): checked first, since most numbers are houses' and open otherwise.
 */
function mayOpenPhoneNumber(t: Token): boolean {
  let k = 0;
  while (t.f.charCodeAt(k) === 46) k++;
  const first = t.f.charCodeAt(k);
  return first === 48 || first === 56;
}

/** A buyer's request opening the segment (chatter.ts checkoutLeadLength) whose words begin no unit's name ("Măng Đen" folded is no "mang đến"). */
function requestLength(tokens: readonly Token[], start: number, end: number, trie: WordTrie): number {
  const length = checkoutLeadLength(tokens, start, end);
  return length > 0 && !spellsUnitName(tokens, start, start + length, trie) ? length : 0;
}

/**
 * Token k ends a unit's name begun one to three words before it, in its segment ("Mường Nhé"),
 * and the words before it end no name of their own: "Hải Phòng nha" is Hải Phòng and a courtesy,
 * not Phong Nha.
 */
function endsUnitName(tokens: readonly Token[], k: number, trie: WordTrie): boolean {
  for (let from = k - 1; from >= Math.max(0, k - 3) && tokens[from].seg === tokens[k].seg; from--) {
    const node = nameNode(tokens, from, k + 1, trie);
    if (node !== NO_NODE && trie.isWhole(node) && !nameRunsTo(tokens, k - 1, from, trie, true)) return true;
  }
  return false;
}

/**
 * A unit's name, begun at token `upTo` or up to three words before token `last` in its segment,
 * runs to `last`: whole there when `whole`, else at least begun ("Ia O", "Sì Lở" of Sì Lở Lầu).
 */
function nameRunsTo(tokens: readonly Token[], last: number, upTo: number, trie: WordTrie, whole: boolean): boolean {
  for (let from = upTo; from >= Math.max(0, last - 3) && tokens[from].seg === tokens[last].seg; from--) {
    const node = nameNode(tokens, from, last + 1, trie);
    if (node !== NO_NODE && (!whole || trie.isWhole(node))) return true;
  }
  return false;
}

/** One of tokens[from, to) opens a part of the address ("thôn", "số", "ngõ"). */
function partWordIn(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (PART_STARTS.has(tokens[k].f)) return true;
  return false;
}

/**
 * Token k is "ở" or "tại" between two parts of the address in its segment ("Tổ 5 ở phường Tân
 * Thịnh", "Nhà số 7 tại thôn Đông"): before a unit's type word, or after a number before a part's
 * keyword, no street's word. Written without its marks ("o", "tai") only before a type word.
 */
function prepositionBefore(tokens: readonly Token[], k: number, trie: WordTrie): boolean {
  const f = tokens[k].f;
  if (f !== "o" && f !== "tai") return false;
  // "Nhà ở xã hội" is housing; "Ia O", "Sì Lở Lầu", "Mỹ Tài" are names.
  if (tokens[k - 1].f === "nha" || nameRunsTo(tokens, k, k - 1, trie, false)) return false;
  const next = tokens[k + 1];
  const written = tokens[k].lower;
  if (written === "ở" || written === "tại")
    return typePhraseAt(tokens, k + 1) !== null || (PART_STARTS.has(next.f) && tokens[k - 1].w.digit);
  return written === f && typePhraseAt(tokens, k + 1) !== null;
}

/** The words tokens[from, to) as written. */
function rawWords(tokens: readonly Token[], from: number, to: number): string {
  return tokens
    .slice(from, to)
    .map((t) => t.raw)
    .join(" ");
}

/**
 * The parts with the recipients the text names by a label or before a phone number (withoutFieldLabels,
 * withoutPhoneNumbers) first in the place's name, where a person named with a title stands too.
 */
export function withRecipients(parts: ParsedParts, recipients: readonly string[]): ParsedParts {
  if (recipients.length === 0) return parts;
  return { ...parts, name: [...recipients, ...(parts.name === null ? [] : [parts.name])].join(", ") };
}

/** tokens[0, to) name a person: written out ("Nguyễn Văn An") or after a title ("Chị Lan", "cô Minh"). */
function personBeforePhone(tokens: readonly Token[], to: number): boolean {
  // A label among them ("Anh Nam SĐT:") leaves the person to the labels' reading.
  for (let k = 0; k < to; k++)
    if (tokens[k].w.digit || typePhraseAt(tokens, k) !== null || PHONE_WORDS.has(tokens[k].f) || FIELD_LABEL_ENDS.has(tokens[k].f))
      return false;
  const title = tokens[0].lower;
  return opensPersonName(tokens[0].f, tokens[1].f) || PERSON_TITLES.has(title) || FORMAL_TITLES.has(title);
}

/**
 * The tokens less `dropped`. A phone number between words of one segment separated two fields
 * ("Chị Tuấn 0909 123 456 Nguyễn Đình Chiểu"): the words after it open a segment of their own, so
 * the person's name and the street do not run together.
 */
function withoutTokens(tokens: readonly Token[], dropped: ReadonlySet<number>): Token[] {
  const out: Token[] = [];
  let shift = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (dropped.has(k)) continue;
    const t = tokens[k];
    const prev = out.at(-1);
    const splits = prev !== undefined && dropped.has(k - 1) && prev.seg === t.seg + shift;
    if (splits) shift++;
    out.push(shift === 0 ? t : { ...t, seg: t.seg + shift, dash: splits ? false : t.dash });
  }
  return out;
}

/**
 * Words of the person the text opens with, named with a title as its whole first segment before
 * the address ("Chị Lan, thôn Trung, …", "anh Hùng" once its phone number is left out), else 0.
 */
export function openingPersonLength(tokens: readonly Token[]): number {
  let end = 1;
  while (end < tokens.length && tokens[end].seg === tokens[0].seg) end++;
  return end < tokens.length && PERSON_TITLES.has(tokens[0].lower) && namesPerson(tokens, 0, end) ? end : 0;
}
