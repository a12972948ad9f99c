/**
 * Digital address codes as every door asks for them: a point encoded to its cell, any accepted code
 * (ours, a Plus Code, a Vpostcode-style postcode + Plus Code) decoded to its cell, and a code checked
 * with the codes one edit away as suggestions. Nothing here needs a store or the unit registry.
 * Bad points and codes throw the codec's CodeError, whose message names the value.
 */
import {
  type CodeErrorReason,
  CodeError,
  decode,
  encode,
  formatCode,
  type ParseOptions,
  type ParsedLocation,
  parseAnyCode,
  suggest,
  validate,
} from "../code/index.js";

/** What `check` answers: valid with its canonical and display forms, or why not and what was probably meant. */
export type CodeCheck =
  | { valid: true; code: string; display: string; unit: number | null }
  | { valid: true; code: string; display: string; format: ParsedLocation["format"] }
  | { valid: false; reason: CodeErrorReason; message: string; suggestions: string[] };

export class CodeService {
  /** The cell of a WGS84 point, with the unit number `unit` appended as a checked suffix when given. */
  encode(lat: number, lon: number, unit?: number): ParsedLocation {
    const code = encode(lat, lon, unit);
    const cell = decode(code);
    return {
      format: "diachiso",
      code,
      display: formatCode(code),
      unit: cell.unit,
      lat: cell.lat,
      lon: cell.lon,
      bounds: cell.bounds,
    };
  }

  /** The cell of a code in any accepted format; `options.near` recovers a short Plus Code. */
  decode(text: string, options: ParseOptions = {}): ParsedLocation {
    return parseAnyCode(text, options);
  }

  /**
   * Whether `text` is a valid code. A Plus Code (it has a "+") is checked by decoding it; one of ours
   * by its check character, with every valid code one edit away (a typo, a swap) as suggestions.
   */
  check(text: string, options: ParseOptions = {}): CodeCheck {
    if (text.includes("+")) {
      try {
        const location = parseAnyCode(text, options);
        return { valid: true, code: location.code, display: location.display, format: location.format };
      } catch (error) {
        if (!(error instanceof CodeError)) throw error;
        return { valid: false, reason: error.reason, message: error.message, suggestions: [] };
      }
    }
    const result = validate(text);
    if (result.valid)
      return { valid: true, code: result.code, display: formatCode(result.code), unit: result.unit };
    return {
      valid: false,
      reason: result.reason,
      message: result.message,
      suggestions: suggest(text).map(formatCode),
    };
  }
}
