/**
 * The headings survey sheets give the fields. A provincial team's spreadsheet heads its columns in
 * Vietnamese ("Số nhà", "Xã/Phường", "Họ tên chủ hộ", "Số CCCD"), a GIS layer names its attributes
 * without marks ("so_nha", "ten_chu_ho"), and exports add English ("Latitude"). Each is read as
 * the canonical field it means, so the sheet imports as written, and, above all, so that owner
 * columns are the owner's: a phone or an ID number under a heading the import did not know would
 * be kept as an extra attribute, outside the protection personal data gets.
 *
 * A heading is compared folded (no marks, lower case, "đ" as "d") with every run of other
 * characters as one space, so "SỐ NHÀ", "so_nha" and "Số  nhà" are one heading.
 */
import { fold } from "../text/fold.js";
import { type CanonicalField, isCanonicalField } from "./fields.js";

/** Headings of each field besides its canonical name, as written; compared folded (headingKey). */
const HEADINGS: Readonly<Record<CanonicalField, readonly string[]>> = {
  // Not "mã" alone: a sheet's "Mã" may be a unit's or the digital address code.
  external_id: ["id", "mã hộ", "mã địa chỉ", "mã khảo sát", "mã phiếu", "mã phiếu khảo sát", "mã hồ sơ", "số phiếu"],
  // Not "loại" or "type" alone: such a column may class something else, and a kind no one knows rejects the row.
  kind: ["loại địa chỉ", "loại đối tượng", "loại hộ"],
  name: ["tên", "tên cơ sở", "tên đơn vị", "tên tổ chức", "tên cơ quan", "tên doanh nghiệp", "tên hộ kinh doanh"],
  house_number: ["số nhà", "số nhà/lô", "house number", "housenumber", "house no"],
  alley: ["ngõ", "hẻm", "kiệt", "ngõ/hẻm", "ngõ/ngách", "ngõ ngách", "ngõ/hẻm/kiệt", "hẻm/kiệt"],
  street: ["đường", "phố", "đường/phố", "tên đường", "tên đường/phố", "đường phố"],
  hamlet: [
    "thôn",
    "xóm",
    "ấp",
    "bản",
    "khu phố",
    "tổ dân phố",
    "tổ",
    "thôn/xóm",
    "thôn/ấp",
    "thôn/xóm/ấp",
    "thôn/ấp/bản",
    "thôn/tổ dân phố",
    "tổ/thôn",
    "tổ dân phố/thôn",
    "thôn/tổ",
    "khu phố/ấp",
    "ấp/khu phố",
  ],
  building: ["tòa nhà", "chung cư", "tòa nhà/chung cư"],
  unit: ["căn hộ", "phòng", "số phòng", "số căn hộ", "căn"],
  ward_code: ["mã xã", "mã phường", "mã xã/phường", "mã phường/xã", "mã xã/phường/thị trấn"],
  ward: ["xã", "phường", "xã/phường", "phường/xã", "xã/phường/thị trấn", "phường/xã/thị trấn", "xã/phường/đặc khu", "tên xã", "tên phường", "tên xã/phường"],
  district_code: ["mã huyện", "mã quận", "mã quận/huyện", "mã huyện/quận"],
  district: [
    "huyện",
    "quận",
    "quận/huyện",
    "huyện/quận",
    "quận/huyện/thị xã",
    "huyện/quận/thị xã/thành phố",
    "quận/huyện/thị xã/thành phố",
    "tên huyện",
    "tên quận",
    "tên quận/huyện",
  ],
  province_code: ["mã tỉnh", "mã tỉnh/thành phố", "mã tỉnh/tp"],
  province: ["tỉnh", "tỉnh/thành phố", "tỉnh/tp", "tỉnh thành", "tỉnh/thành", "tên tỉnh", "tên tỉnh/thành phố"],
  // Not "x" and "y": GIS layers write VN-2000 metres so.
  lat: ["vĩ độ", "latitude"],
  lon: ["kinh độ", "longitude", "lng", "long"],
  owner_name: ["chủ hộ", "tên chủ hộ", "họ tên chủ hộ", "họ và tên chủ hộ", "họ tên", "họ và tên", "chủ sở hữu", "người đại diện", "người đứng tên"],
  owner_phone: ["số điện thoại", "điện thoại", "sđt", "đt", "số đt", "di động", "phone", "điện thoại chủ hộ", "sđt chủ hộ"],
  owner_email: ["email", "e-mail", "thư điện tử"],
  owner_citizen_id: [
    "cccd",
    "số cccd",
    "căn cước",
    "căn cước công dân",
    "số căn cước",
    "số căn cước công dân",
    "cmnd/cccd",
    "số cmnd/cccd",
    "số định danh",
    "số định danh cá nhân",
    "cccd chủ hộ",
  ],
};

/** A heading folded, every run of characters other than letters and digits one space, trimmed. */
export function headingKey(heading: string): string {
  return fold(heading)
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const FIELD_BY_HEADING: ReadonlyMap<string, CanonicalField> = (() => {
  const byHeading = new Map<string, CanonicalField>();
  for (const [field, headings] of Object.entries(HEADINGS) as [CanonicalField, readonly string[]][]) {
    for (const heading of [field, ...headings]) {
      const key = headingKey(heading);
      const other = byHeading.get(key);
      if (other !== undefined && other !== field) throw new Error(`heading "${heading}" would name both ${other} and ${field}`);
      byHeading.set(key, field);
    }
  }
  return byHeading;
})();

/**
 * The field a column heading (or a JSON key) names: the canonical name as written in any case, or
 * a heading of HEADINGS; null for any other column, which the import keeps as an extra attribute.
 */
export function fieldOfHeading(heading: string): CanonicalField | null {
  const lower = heading.trim().toLowerCase();
  if (isCanonicalField(lower)) return lower;
  return FIELD_BY_HEADING.get(headingKey(heading)) ?? null;
}

/**
 * The field each key is read as, by position: a canonical name (`canonical` says which keys are
 * written as one) as itself; a heading of HEADINGS as its field, unless some key is that field's
 * canonical name (the heading then stays an extra attribute, as before headings were read); null for
 * any other key.
 */
function fieldsOf(keys: readonly string[], canonical: (key: string) => CanonicalField | null): (CanonicalField | null)[] {
  const given = keys.map(canonical);
  const named = new Set(given);
  return keys.map((key, i) => {
    const field = given[i] ?? FIELD_BY_HEADING.get(headingKey(key)) ?? null;
    return given[i] === null && field !== null && named.has(field) ? null : field;
  });
}

/**
 * The header's columns as the reader keys them (fieldsOf; a canonical name in any case), any other
 * heading lower-cased and trimmed (an extra attribute). `twice` is the first name two columns give,
 * which would leave one of them unread: the header is then refused. Blank headings may repeat (a
 * sheet's empty trailing columns).
 */
export function headerFields(headings: readonly string[]): { names: string[]; twice: { field: string; columns: [number, number] } | null } {
  const lowered = headings.map((heading) => heading.trim().toLowerCase());
  const fields = fieldsOf(headings, (heading) => {
    const lower = heading.trim().toLowerCase();
    return isCanonicalField(lower) ? lower : null;
  });
  const names = fields.map((field, i) => field ?? lowered[i]);
  const seen = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    if (names[i] === "") continue;
    const first = seen.get(names[i]);
    if (first !== undefined) return { names, twice: { field: names[i], columns: [first, i] } };
    seen.set(names[i], i);
  }
  return { names, twice: null };
}

/**
 * A JSON row's keys as the reader keys them (fieldsOf; a canonical name as written): a heading of a
 * field not otherwise present is renamed to it. The same object when nothing is renamed (the usual
 * row, keyed by canonical names, is not looked at further); a message when two keys name one field.
 */
export function withFieldKeys(fields: Record<string, unknown>): Record<string, unknown> | string {
  let canonicalOnly = true;
  for (const key in fields)
    if (!isCanonicalField(key)) {
      canonicalOnly = false;
      break;
    }
  if (canonicalOnly) return fields;
  const keys = Object.keys(fields);
  const read = fieldsOf(keys, (key) => (isCanonicalField(key) ? key : null));
  const renamedFrom = new Map<string, string>(); // field → the key renamed to it
  for (let i = 0; i < keys.length; i++) {
    const field = read[i];
    if (field === null || field === keys[i]) continue;
    const earlier = renamedFrom.get(field);
    if (earlier !== undefined) return `keys "${earlier}" and "${keys[i]}" both name ${field}`;
    renamedFrom.set(field, keys[i]);
  }
  if (renamedFrom.size === 0) return fields;
  // No prototype: a key "__proto__" stays a key.
  const out: Record<string, unknown> = Object.create(null);
  for (let i = 0; i < keys.length; i++) out[read[i] ?? keys[i]] = fields[keys[i]];
  return out;
}
