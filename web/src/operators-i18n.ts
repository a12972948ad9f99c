/**
 * The words of the operators' pages (the dashboard and the batch page), kept apart from the public
 * pages' dictionary (i18n.ts) whose language choice and `{name}` filling they share.
 */
import type { Lang } from "./i18n.js";

const WORDS = {
  // The key both pages ask for
  keyLabel: { vi: "Khóa API", en: "API key" },
  keyHintDashboard: {
    vi: "Bảng điều khiển dành cho cán bộ vận hành và quản trị. Khóa chỉ được giữ trong thẻ trình duyệt này.",
    en: "The dashboard is for operators and administrators. The key is kept in this browser tab only.",
  },
  keyHintBatch: {
    vi: "Khóa đối tác (quyền batch), vận hành hoặc quản trị. Khóa chỉ được giữ trong thẻ trình duyệt này.",
    en: "A partner key (batch scope), an operator's or an administrator's. The key is kept in this browser tab only.",
  },
  keySubmit: { vi: "Mở", en: "Open" },
  keyForget: { vi: "Quên khóa", en: "Forget the key" },
  keyMissing: { vi: "Nhập khóa API.", en: "Enter an API key." },
  key401: { vi: "Khóa không đúng hoặc đã bị thu hồi (401).", en: "The key is unknown or revoked (401)." },
  key403: {
    vi: "Khóa này có vai trò “{role}”: trang này dành cho {roles} (403).",
    en: "This key's role is “{role}”: this page is for {roles} (403).",
  },
  signedInAs: { vi: "Khóa: {name} ({role})", en: "Key: {name} ({role})" },
  requestFailed: { vi: "Không tải được: {why}", en: "Could not load: {why}" },
  // Dashboard
  dashboardTitle: { vi: "Tiến độ khảo sát", en: "Survey progress" },
  country: { vi: "Cả nước", en: "Whole country" },
  breadcrumb: { vi: "Đang xem", en: "You are here" },
  unitProvince: { vi: "Tỉnh, thành phố", en: "Province" },
  unitCommune: { vi: "Xã, phường", en: "Commune" },
  total: { vi: "Tổng số", en: "Total" },
  "stage.surveyed": { vi: "Đã khảo sát", en: "Surveyed" },
  "stage.complete": { vi: "Đủ thông tin", en: "Complete" },
  "stage.notified": { vi: "Đã thông báo", en: "Notified" },
  "stage.confirmed": { vi: "Đã xác nhận", en: "Confirmed" },
  "stage.official": { vi: "Chính thức", en: "Official" },
  "stage.rejected": { vi: "Bị từ chối", en: "Rejected" },
  notificationsTitle: { vi: "Thông báo cho chủ hộ", en: "Owner notifications" },
  notificationsCaption: { vi: "Thông báo và trả lời của chủ hộ theo {level}: {scope}", en: "Notifications and owners' answers by {level}: {scope}" },
  "notice.queued": { vi: "Chờ gửi", en: "Queued" },
  "notice.failed": { vi: "Gửi lỗi, sẽ thử lại", en: "Failed, to retry" },
  "notice.sent": { vi: "Đã gửi", en: "Sent" },
  "notice.dead": { vi: "Không gửi được", en: "Given up" },
  "notice.confirmed": { vi: "Chủ hộ đã xác nhận", en: "Confirmed by the owner" },
  "notice.correction-requested": { vi: "Chủ hộ đề nghị sửa", en: "Correction requested" },
  stageNotes: {
    vi: "Mỗi bản ghi được đếm một lần, ở trạng thái hiện tại; “đang chờ sửa” tính là đã khảo sát, “đã hủy” là bị từ chối.",
    en: "Each record counts once, in its current status; “correction requested” counts as surveyed, “retired” as rejected.",
  },
  share: { vi: "Tỉ lệ", en: "Share" },
  metricLabel: { vi: "Tô màu bản đồ theo", en: "Colour the map by" },
  "metric.complete": { vi: "Tỉ lệ đủ thông tin trở lên", en: "Share complete or beyond" },
  "metric.official": { vi: "Tỉ lệ chính thức", en: "Share official" },
  mapLabel: { vi: "Bản đồ {metric}: {scope}", en: "Map of the {metric}: {scope}" },
  mapHint: {
    vi: "Chọn một tỉnh trên bản đồ hoặc trong bảng để xem các xã, phường.",
    en: "Pick a province on the map or in the table to see its communes.",
  },
  legend: { vi: "Chú giải", en: "Legend" },
  noRecords: { vi: "chưa có bản ghi", en: "no records" },
  tableCaption: { vi: "Tiến độ theo {level}: {scope}", en: "Progress by {level}: {scope}" },
  levelProvince: { vi: "tỉnh", en: "province" },
  levelCommune: { vi: "xã, phường", en: "commune" },
  openProvince: { vi: "Xem các xã, phường của {name}", en: "See the communes of {name}" },
  backToCountry: { vi: "← Cả nước", en: "← Whole country" },
  reasonsTitle: { vi: "Lý do chưa đủ thông tin thường gặp nhất", en: "Most frequent reasons records are incomplete" },
  reasonsNone: { vi: "Không có bản ghi nào thiếu thông tin.", en: "No record is incomplete." },
  reasonLine: { vi: "{count} bản ghi ({share} số chưa đủ)", en: "{count} records ({share} of the incomplete)" },
  exportCsv: { vi: "Tải bảng CSV", en: "Download the CSV table" },
  exported: { vi: "Đã tải {file}", en: "Downloaded {file}" },
  // Batch
  batchTitle: { vi: "Mã hóa địa chỉ hàng loạt", en: "Batch geocoding" },
  batchIntro: {
    vi: "Tải lên một tệp CSV (UTF-8, có dòng tiêu đề): mỗi dòng được trả lại kèm các cột result_* (mã, tọa độ, xã, tỉnh…).",
    en: "Upload a CSV file (UTF-8, with a header row): each row comes back with result_* columns (code, coordinates, commune, province…).",
  },
  fileLabel: { vi: "Tệp CSV", en: "CSV file" },
  columnsLegend: { vi: "Các cột tạo thành địa chỉ", en: "Columns that make the address" },
  columnsHint: { vi: "Bỏ chọn các cột không phải địa chỉ (mã, số thứ tự…).", en: "Untick columns that are not the address (ids, row numbers…)." },
  provinceFilter: { vi: "Chỉ trong tỉnh (mã 2 số, không bắt buộc)", en: "Only in the province (2-digit code, optional)" },
  start: { vi: "Bắt đầu", en: "Start" },
  stop: { vi: "Dừng", en: "Stop" },
  progressLabel: { vi: "Tiến độ", en: "Progress" },
  progressRows: { vi: "{done} / {total} dòng", en: "{done} of {total} rows" },
  batchDone: { vi: "Xong: {rows} dòng.", en: "Done: {rows} rows." },
  batchStopped: { vi: "Đã dừng sau {done} dòng.", en: "Stopped after {done} rows." },
  batchBroken: {
    vi: "Tệp kết quả bị ngắt sau {done} dòng: {why}. Không dùng phần đã nhận.",
    en: "The result was cut off after {done} rows: {why}. Do not use the part received.",
  },
  download: { vi: "Tải tệp kết quả ({file})", en: "Download the result ({file})" },
  noColumns: { vi: "Chọn ít nhất một cột.", en: "Pick at least one column." },
  headerUnreadable: { vi: "Không đọc được dòng tiêu đề của tệp.", en: "The file's header row could not be read." },
} as const satisfies Record<string, Record<Lang, string>>;

export type OperatorWord = keyof typeof WORDS;

/** The words of `key` in `lang`, `{name}` replaced from `values`. */
export function sayOp(lang: Lang, key: OperatorWord, values: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** A count as people read it in `lang` (1.234 in Vietnamese, 1,234 in English). */
export function count(lang: Lang, n: number): string {
  return n.toLocaleString(lang === "vi" ? "vi-VN" : "en-US");
}

/** A share 0…1 as a percentage with one decimal. */
export function percent(lang: Lang, share: number): string {
  return `${(100 * share).toLocaleString(lang === "vi" ? "vi-VN" : "en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}
