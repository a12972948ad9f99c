/**
 * The pages' words in Vietnamese (the default) and English. The language chosen is kept in the
 * browser (localStorage) and written to <html lang>, so that screen readers pronounce the page in it.
 */
export type Lang = "vi" | "en";

const WORDS = {
  brand: { vi: "Địa chỉ số", en: "Digital address" },
  switchTo: { vi: "English", en: "Tiếng Việt" },
  switchToLabel: { vi: "Switch to English", en: "Chuyển sang tiếng Việt" },
  searchLabel: { vi: "Tìm địa chỉ hoặc mã", en: "Find an address or a code" },
  searchPlaceholder: { vi: "Ví dụ: 12 Láng Hạ, Đống Đa", en: "For example: 12 Láng Hạ, Đống Đa" },
  searchHint: {
    vi: "Gõ để xem gợi ý; dùng phím mũi tên để chọn, Enter để mở, Esc để đóng.",
    en: "Type to see suggestions; arrow keys to choose, Enter to open, Esc to close.",
  },
  noResults: { vi: "Không có kết quả", en: "No results" },
  resultsCount: { vi: "{n} gợi ý", en: "{n} suggestions" },
  searchFailed: { vi: "Không tìm được lúc này: {why}", en: "Search failed: {why}" },
  loading: { vi: "Đang tải…", en: "Loading…" },
  code: { vi: "Mã địa chỉ", en: "Address code" },
  addressNew: { vi: "Địa chỉ (34 tỉnh, từ 2025)", en: "Address (34 provinces, since 2025)" },
  addressOld: { vi: "Địa chỉ cũ (63 tỉnh)", en: "Former address (63 provinces)" },
  kind: { vi: "Loại", en: "Kind" },
  status: { vi: "Trạng thái", en: "Status" },
  location: { vi: "Tọa độ", en: "Coordinates" },
  copy: { vi: "Sao chép mã", en: "Copy code" },
  copied: { vi: "Đã sao chép", en: "Copied" },
  copyFailed: { vi: "Không sao chép được", en: "Could not copy" },
  share: { vi: "Chia sẻ", en: "Share" },
  shared: { vi: "Đã chia sẻ", en: "Shared" },
  linkCopied: { vi: "Đã sao chép đường liên kết của trang", en: "The page's link is copied" },
  qr: { vi: "Mã QR của trang này", en: "QR code of this page" },
  notFound: { vi: "Không có địa chỉ nào mang mã {code}.", en: "No address has the code {code}." },
  didYouMean: { vi: "Có phải bạn muốn tìm:", en: "Did you mean:" },
  backToSearch: { vi: "Tìm địa chỉ khác", en: "Find another address" },
  loadFailed: { vi: "Không tải được địa chỉ: {why}", en: "The address could not be loaded: {why}" },
  mapLabel: { vi: "Bản đồ", en: "Map" },
  mapRole: { vi: "bản đồ tương tác", en: "interactive map" },
  mapHint: {
    vi: "Nhấp vào bản đồ để xem địa chỉ gần nhất. Bàn phím: mũi tên để di chuyển, + và − để phóng to, thu nhỏ, Enter để xem địa chỉ ở giữa bản đồ.",
    en: "Click the map to see the nearest addresses. Keyboard: arrows to move, + and − to zoom, Enter for the addresses at the centre.",
  },
  mapAttribution: { vi: "Ranh giới: vietnamese-provinces-database (MIT)", en: "Boundaries: vietnamese-provinces-database (MIT)" },
  nearestAddresses: { vi: "Địa chỉ gần nhất:", en: "Nearest addresses:" },
  noAddressNear: { vi: "Không có địa chỉ nào trong vòng {m} m.", en: "No address within {m} m." },
  metres: { vi: "{m} m", en: "{m} m" },
  outsideCommunes: { vi: "Ngoài ranh giới các xã, phường", en: "Outside every commune" },
  formedFrom: { vi: "Trước 2025 thuộc:", en: "Before 2025, part of:" },
  andMore: { vi: "và {n} nơi khác", en: "and {n} more" },
  reverseFailed: { vi: "Không tra được điểm này: {why}", en: "This point could not be looked up: {why}" },
  zoomIn: { vi: "Phóng to", en: "Zoom in" },
  zoomOut: { vi: "Thu nhỏ", en: "Zoom out" },
  cardMapLabel: { vi: "Vị trí địa chỉ trong xã, phường của nó", en: "The address's location in its commune" },
  largerText: { vi: "Chữ to", en: "Larger text" },
  // The owner page (owner.ts).
  ownerTitle: { vi: "Địa chỉ của bạn", en: "Your address" },
  ownerPlaceName: { vi: "Tên", en: "Name" },
  ownerName: { vi: "Chủ hộ / người quản lý", en: "Owner or manager" },
  ownerPhone: { vi: "Số điện thoại", en: "Phone" },
  ownerEmail: { vi: "Thư điện tử", en: "E-mail" },
  ownerLinkUntil: { vi: "Đường liên kết dùng được đến", en: "This link works until" },
  ownerAsk: {
    vi: "Thông tin trên có đúng không? Hãy xác nhận, hoặc cho biết điều gì sai. Đường liên kết chỉ dùng được một lần.",
    en: "Is this right? Confirm it, or tell us what is wrong. This link can be used once.",
  },
  ownerConfirm: { vi: "Xác nhận địa chỉ đúng", en: "Confirm: this is right" },
  ownerConfirmed: { vi: "Cảm ơn bạn: địa chỉ đã được xác nhận.", en: "Thank you: the address is confirmed." },
  ownerFixTitle: { vi: "Đề nghị sửa", en: "Ask for a correction" },
  ownerFixText: { vi: "Điều gì chưa đúng?", en: "What is wrong?" },
  ownerFixHouse: { vi: "Số nhà đúng (nếu sai)", en: "Right house number (if wrong)" },
  ownerFixAlleys: { vi: "Ngõ, ngách, hẻm đúng (nếu sai)", en: "Right alley (if wrong)" },
  ownerFixStreet: { vi: "Tên đường đúng (nếu sai)", en: "Right street (if wrong)" },
  ownerFixSend: { vi: "Gửi đề nghị sửa", en: "Send the correction" },
  ownerFixEmpty: { vi: "Hãy cho biết điều gì sai, hoặc điền giá trị đúng.", en: "Say what is wrong, or fill in the right value." },
  ownerFixSent: {
    vi: "Đã gửi đề nghị sửa. Cán bộ khảo sát sẽ kiểm tra; địa chỉ chưa thay đổi cho đến khi được kiểm tra.",
    en: "Your correction is sent. A surveyor will check it; the address does not change until then.",
  },
  ownerLinkUsed: {
    vi: "Đường liên kết này đã được dùng. Câu trả lời trước đó vẫn giữ nguyên; muốn thay đổi, hãy liên hệ UBND xã, phường.",
    en: "This link has already been used. The answer given then stands; to change it, contact the commune.",
  },
  ownerLinkExpired: { vi: "Đường liên kết này đã hết hạn. Hãy đề nghị UBND xã, phường gửi thông báo mới.", en: "This link has expired. Ask the commune for a new notification." },
  ownerLinkStale: {
    vi: "Địa chỉ đã thay đổi sau khi gửi thông báo, nên đường liên kết này không còn dùng được. Hãy đề nghị UBND xã, phường gửi đường liên kết mới.",
    en: "The address changed after the notification was sent, so this link no longer works. Ask the commune for a new link.",
  },
  ownerLinkBroken: {
    vi: "Đường liên kết không đúng hoặc không đầy đủ. Hãy mở đúng đường liên kết trong thông báo.",
    en: "This link is wrong or incomplete. Open the link exactly as it is in the notification.",
  },
  ownerTooMany: { vi: "Quá nhiều lần thử. Hãy thử lại sau một phút.", en: "Too many tries. Try again in a minute." },
  ownerFailed: { vi: "Chưa làm được lúc này: {why}", en: "That did not work: {why}" },
  // The API's `match` levels: how much of the query the result matched.
  "match.house": { vi: "số nhà", en: "house" },
  "match.street": { vi: "đường", en: "street" },
  "match.commune": { vi: "xã, phường", en: "commune" },
  "match.province": { vi: "tỉnh", en: "province" },
  "kind.household": { vi: "hộ gia đình", en: "household" },
  "kind.business": { vi: "cơ sở kinh doanh", en: "business" },
  "kind.agency": { vi: "cơ quan nhà nước", en: "public agency" },
  "kind.organisation": { vi: "tổ chức", en: "organisation" },
  "status.surveyed": { vi: "đã khảo sát", en: "surveyed" },
  "status.complete": { vi: "đủ thông tin", en: "complete" },
  "status.notified": { vi: "đã thông báo", en: "notified" },
  "status.confirmed": { vi: "chủ hộ đã xác nhận", en: "confirmed by the owner" },
  "status.official": { vi: "chính thức", en: "official" },
  "status.rejected": { vi: "bị từ chối", en: "rejected" },
  "status.correction-requested": { vi: "đang chờ sửa", en: "correction requested" },
  "status.retired": { vi: "đã hủy", en: "retired" },
} as const satisfies Record<string, Record<Lang, string>>;

export type WordKey = keyof typeof WORDS;

const STORAGE_KEY = "diachiso.lang";

export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "vi";
  } catch {
    return "vi"; // storage refused (private mode): the default
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not kept: the page still switches
  }
  document.documentElement.lang = lang;
}

/** The words of `key` in `lang`, `{name}` replaced from `values`. */
export function say(lang: Lang, key: WordKey, values: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** A value the API names (a match level, kind or status) in words, or the API's own word when the dictionary lacks it. */
export function sayValue(lang: Lang, group: "match" | "kind" | "status", value: string | null): string {
  if (value === null) return "";
  const key = `${group}.${value}`;
  return key in WORDS ? say(lang, key as WordKey) : value;
}
