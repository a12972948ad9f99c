/**
 * The completeness rules ("đủ điều kiện") as data: id, severity, what they check (a named check of
 * checks.ts with its parameters), what the check needs to see, and the message in Vietnamese and
 * English. This is the one rule set: the import runs it on every row, `diachiso validate` re-runs
 * it over the stored records, the store runs its record-scope rules when a writer gives no
 * findings, and the report names its rules. Changing a parameter or a message is a data change;
 * `diachiso validate` re-runs the rules over the stored records.
 *
 * Severity: an `error` finding makes the record incomplete (it cannot be notified); a `warning`
 * is stored with the record and counted, but does not block completeness.
 *
 * Ids are stored with every finding and counted by the store: rename or retire one only with a
 * store migration that rewrites the stored findings (src/store/sqlite/migrations.ts, version 4).
 */
export type Severity = "error" | "warning";

/**
 * What a rule's check needs to see:
 * - `record`: the record's own content (kind, name, parts, location, owner), so the store can run
 *   it on any write;
 * - `boundaries`: the record and the commune polygons (the point's commune);
 * - `store`: the other records (duplicates, in file or store order);
 * - `survey-row`: the survey row as written, which the store does not keep (an invalid house
 *   number, the written unit code, a point outside Vietnam, the citizen ID itself, removed emoji):
 *   `validate` keeps such findings as the import made them.
 */
export type RuleScope = "record" | "boundaries" | "store" | "survey-row";

export interface RuleDefinition {
  id: string;
  severity: Severity;
  scope: RuleScope;
  /** Name of the check in checks.ts. */
  check: string;
  /** Parameters of the check (JSON). */
  params?: Record<string, unknown>;
  /** `{value}` in a message is replaced by the offending value, `{name}` by the parameter `name`. */
  message: { vi: string; en: string };
  /** The rule in lists of reasons (reports), where no single value applies; default: the message without `{value}`. */
  title?: { vi: string; en: string };
}

export const RULES: readonly RuleDefinition[] = [
  {
    id: "location.present",
    severity: "error",
    scope: "record",
    check: "pointGiven",
    message: { vi: "thiếu tọa độ", en: "coordinates missing" },
  },
  {
    id: "location.in_vietnam",
    severity: "error",
    scope: "survey-row",
    check: "pointInVietnam",
    message: {
      vi: "tọa độ {value} nằm ngoài lãnh thổ Việt Nam",
      en: "coordinates {value} are outside Vietnam",
    },
  },
  {
    id: "location.in_commune",
    severity: "error",
    scope: "boundaries",
    check: "pointInDeclaredCommune",
    message: {
      vi: "tọa độ nằm trong xã/phường {value}, không thuộc xã/phường đã khai",
      en: "the point lies in commune {value}, not in the declared one",
    },
    title: { vi: "tọa độ nằm ngoài xã/phường đã khai", en: "the point lies outside the declared commune" },
  },
  {
    id: "location.accuracy",
    severity: "error",
    scope: "record",
    check: "accuracyWithin",
    // A point vaguer than this cannot lead anyone to the door (metres, 95 %).
    params: { maxMetres: 30 },
    message: {
      vi: "độ chính xác tọa độ kém hơn {maxMetres} m",
      en: "location accuracy {value} m is worse than {maxMetres} m",
    },
    title: { vi: "độ chính xác tọa độ kém hơn {maxMetres} m", en: "location accuracy worse than {maxMetres} m" },
  },
  {
    id: "units.known",
    severity: "error",
    scope: "survey-row",
    check: "unitsKnown",
    message: {
      vi: "đơn vị hành chính không xác định ({value})",
      en: "administrative unit not recognised ({value})",
    },
  },
  {
    id: "units.current",
    severity: "error",
    scope: "survey-row",
    check: "unitsCurrent",
    message: {
      vi: "mã xã/phường đã giải thể trước 01/7/2025, cần ghi theo đơn vị mới",
      en: "ward code retired before 1 July 2025: write the current commune",
    },
  },
  {
    id: "parts.required",
    severity: "error",
    scope: "record",
    check: "requiredParts",
    params: {
      // For each kind, groups of parts: the record needs at least one part of every group.
      household: [
        ["houseNumber", "lot", "building", "hamlet"],
        ["street", "alleys", "hamlet"],
      ],
      business: [["name"], ["houseNumber", "lot", "building", "hamlet"], ["street", "alleys", "hamlet"]],
      organisation: [["name"], ["street", "alleys", "hamlet", "houseNumber"]],
      agency: [["name"], ["street", "alleys", "hamlet", "houseNumber"]],
    },
    message: { vi: "thiếu thành phần bắt buộc: {value}", en: "required part missing: {value}" },
  },
  {
    id: "parts.house_number",
    severity: "error",
    scope: "survey-row",
    check: "houseNumberSyntax",
    message: {
      vi: 'số nhà "{value}" không hợp lệ (dạng: 12, 12A, 12/3A, 284D Bis, K12/5, 12-14, Lô A1-05; "3/12/2023" hay "12-Mar" là số nhà bảng tính đã đổi thành ngày: định dạng cột là Text rồi xuất lại)',
      en: 'house number "{value}" is not valid (forms: 12, 12A, 12/3A, 284D Bis, K12/5, 12-14, Lô A1-05; "3/12/2023" or "12-Mar" is a number a spreadsheet turned into a date: format the column as Text and export again)',
    },
  },
  {
    id: "owner.contact",
    severity: "error",
    scope: "record",
    check: "contactPresent",
    message: { vi: "thiếu số điện thoại hoặc e-mail của chủ hộ", en: "no owner phone or e-mail" },
  },
  {
    id: "owner.phone",
    severity: "error",
    scope: "record",
    check: "phoneValid",
    params: {
      // After removing spaces, dots and hyphens; +84 / 84 / 0 prefixes. Mobile prefixes since 2018.
      patterns: [
        "^(?:\\+84|84|0)(?:3[2-9]|5[2689]|7[06-9]|8[1-9]|9[0-46-9])\\d{7}$",
        "^(?:\\+84|84|0)2\\d{9}$",
      ],
    },
    message: {
      vi: 'số điện thoại "{value}" không đúng định dạng',
      en: 'phone number "{value}" is not in a valid format',
    },
  },
  {
    id: "owner.email",
    severity: "error",
    scope: "record",
    check: "emailValid",
    message: { vi: 'e-mail "{value}" không hợp lệ', en: 'e-mail "{value}" is not valid' },
  },
  {
    id: "owner.citizen_id",
    severity: "warning",
    scope: "survey-row",
    check: "citizenIdValid",
    params: {
      // CCCD (Decree 137/2015, Circular 07/2016/TT-BCA): birthplace code, century+gender digit, year, 6 digits.
      pattern: "^\\d{3}[0-3]\\d{8}$",
      // Birthplace codes: the old province codes with a leading zero (src/domain/citizen-id.ts).
    },
    message: {
      vi: "số CCCD không đúng định dạng 12 chữ số",
      en: "citizen ID is not a valid 12-digit CCCD number",
    },
  },
  {
    id: "duplicate.number",
    severity: "error",
    scope: "store",
    check: "notDuplicate",
    message: {
      vi: "trùng số nhà với một bản ghi trước đó trên cùng đường, cùng xã/phường",
      en: "same number as an earlier record in the same street and commune",
    },
  },
  {
    id: "text.pictographs",
    severity: "warning",
    scope: "survey-row",
    check: "textAsWritten",
    message: {
      vi: "đã bỏ biểu tượng (emoji) khỏi {value}",
      en: "emoji or pictographs removed from {value}",
    },
    title: { vi: "đã bỏ biểu tượng (emoji)", en: "emoji or pictographs removed" },
  },
  {
    id: "owner.leading_zero",
    severity: "warning",
    scope: "survey-row",
    check: "leadingZerosKept",
    message: {
      vi: "đã thêm lại số 0 đầu mà bảng tính bỏ mất ở {value}",
      en: "leading zero a spreadsheet dropped given back in {value}",
    },
    title: { vi: "đã thêm lại số 0 đầu bị bảng tính bỏ mất", en: "leading zero a spreadsheet dropped given back" },
  },
  {
    id: "owner.scientific_notation",
    severity: "warning",
    scope: "survey-row",
    check: "writtenInFull",
    message: {
      vi: "bảng tính đã ghi {value} dạng số mũ (9,12E+08): các chữ số cuối đã mất; hãy định dạng cột là văn bản (Text) rồi xuất lại",
      en: "a spreadsheet wrote {value} in scientific notation (9.12E+08), losing its last digits: format the column as text and export again",
    },
    title: { vi: "số điện thoại hoặc CCCD bị bảng tính ghi dạng số mũ", en: "phone or citizen ID written in scientific notation" },
  },
];

/** The rules the store runs by itself when a writer gives no findings. */
export const RECORD_SCOPE_RULES: readonly RuleDefinition[] = RULES.filter((rule) => rule.scope === "record");

/** Ids of the rules whose facts are only in the survey row: `validate` keeps their findings. */
export const SURVEY_ROW_RULES: ReadonlySet<string> = new Set(RULES.filter((rule) => rule.scope === "survey-row").map((rule) => rule.id));
