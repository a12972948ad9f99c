/**
 * One entry point for every code a person may hand us: our own code, an Open Location Code (Plus
 * Code, decoded by the `open-location-code` package, not re-implemented) or a Vpostcode-style
 * "<5-digit postcode> <Plus Code>". Everything becomes a location with bounds.
 *
 * Limits, stated in the errors too: a short Plus Code (e.g. "V4FW+CM", the form inside a 12-character
 * Vpostcode) only means something relative to a reference point. diachiso does not ship a
 * postcode → location table (postcodes were reissued after the 2025 mergers, which is why our code
 * does not carry one), so the caller must pass `near` or use a full Plus Code. With a full Plus Code
 * the postcode is redundant and is returned but not used.
 */
import { OpenLocationCode } from "open-location-code";
import { type Bounds, decode, formatCode } from "./codec.js";
import { CodeError } from "./errors.js";

const olc = new OpenLocationCode();

/** A location read from any accepted code format. */
export interface ParsedLocation {
  format: "diachiso" | "plus-code" | "vpostcode";
  /** Canonical code in its own format (our compact form, or the upper-case full Plus Code). */
  code: string;
  display: string;
  unit: number | null;
  lat: number;
  lon: number;
  bounds: Bounds;
  /** Vpostcode only: the postcode as given; informative, never used to locate. */
  postcode?: string;
}

export interface ParseOptions {
  /** Reference point for short Plus Codes (recovered to the nearest matching full code). */
  near?: { lat: number; lon: number };
}

const PLUS_CODE = /^(?:(\d{5})[\s,;:-]*)?([23456789CFGHJMPQRVWX0]{2,8}\+[23456789CFGHJMPQRVWX]*)$/i;

/**
 * Parses our code, a Plus Code or a Vpostcode-style code to a location. Throws CodeError: our own
 * reasons for inputs without "+", or "plus-code" / "short-plus-code" for Plus Code inputs.
 */
export function parseAnyCode(input: string, options: ParseOptions = {}): ParsedLocation {
  const text = input.trim();
  if (!text.includes("+")) {
    const d = decode(text);
    return {
      format: "diachiso",
      code: d.code,
      display: formatCode(d.code),
      unit: d.unit,
      lat: d.lat,
      lon: d.lon,
      bounds: d.bounds,
    };
  }
  const match = PLUS_CODE.exec(text);
  if (!match || !olc.isValid(match[2])) {
    throw new CodeError(
      "plus-code",
      `"${input}" is not a valid Plus Code (Open Location Code) nor a Vpostcode "<5-digit postcode> <Plus Code>"`,
      `"${input}" không phải Plus Code hợp lệ, cũng không phải Vpostcode "<mã bưu chính 5 số> <Plus Code>"`,
    );
  }
  const postcode = match[1];
  let plus = match[2].toUpperCase();
  if (!olc.isFull(plus)) {
    if (!options.near) {
      throw new CodeError(
        "short-plus-code",
        `"${plus}" is a short Plus Code and needs a reference location; diachiso has no postcode→location table (postcodes changed with the 2025 mergers), so give a reference point (--near LAT,LON) or the full Plus Code`,
        `"${plus}" là Plus Code rút gọn, cần một vị trí tham chiếu; diachiso không có bảng mã bưu chính→vị trí (mã bưu chính đã đổi sau sáp nhập 2025), hãy cho điểm tham chiếu (--near VĨ_ĐỘ,KINH_ĐỘ) hoặc Plus Code đầy đủ`,
      );
    }
    plus = olc.recoverNearest(plus, options.near.lat, options.near.lon);
  }
  const area = olc.decode(plus);
  const result: ParsedLocation = {
    format: postcode ? "vpostcode" : "plus-code",
    code: plus,
    display: postcode ? `${postcode} ${plus}` : plus,
    unit: null,
    lat: area.latitudeCenter,
    lon: area.longitudeCenter,
    bounds: {
      south: area.latitudeLo,
      west: area.longitudeLo,
      north: area.latitudeHi,
      east: area.longitudeHi,
    },
  };
  if (postcode) result.postcode = postcode;
  return result;
}

/** A Plus Code found in a text, upper-cased, and where it stands there: text[start, end). */
export interface PlusCodeAt {
  code: string;
  start: number;
  end: number;
}

/**
 * Where a Plus Code stands among the words of an address, as map services print a place without a
 * street address ("7P2X+C4 Tân Kiên, Bình Chánh, Thành phố Hồ Chí Minh"): the first word that is a
 * valid code, full or short, upper-cased, with its place in `text`; null when there is none.
 */
export function plusCodeIn(text: string): PlusCodeAt | null {
  if (!text.includes("+")) return null;
  for (const m of text.matchAll(PLUS_CODE_WORD)) {
    const code = m[2].toUpperCase();
    if (olc.isValid(code)) {
      const start = m.index + m[1].length;
      return { code, start, end: start + m[2].length };
    }
  }
  return null;
}
const PLUS_CODE_WORD = /(^|[\s,;(])([23456789CFGHJMPQRVWX]{4,8}\+[23456789CFGHJMPQRVWX]{0,3})(?=$|[\s,;)])/gi;
