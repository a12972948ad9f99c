/**
 * Public API of the digital address code. The address store calls `encode(lat, lon)` once when an
 * address is created and `withUnit(base, n)` when a cell holds several addresses; an address is
 * uniquely identified by base code + unit number (docs/code-spec.md, "Identity and stability").
 */
export {
  ALPHABET,
  BASE_LENGTH,
  type Bounds,
  CELL,
  type DecodedCode,
  LOCATION_LENGTH,
  LOCATION_SYMBOLS,
  UNIT_MAX,
  VN_GRID,
  type Validation,
  decode,
  encode,
  formatCode,
  isValid,
  normalise,
  splitUnit,
  unitSuffix,
  validate,
  withUnit,
} from "./codec.js";
export { CHECK_MODULUS, CHECK_WEIGHT } from "./check.js";
export { suggest } from "./suggest.js";
export { type ParseOptions, type ParsedLocation, parseAnyCode, type PlusCodeAt, plusCodeIn } from "./anycode.js";
export { CodeError, type CodeErrorReason } from "./errors.js";
export { GridCodec, type GridCell, type GridLevel, type GridParams } from "./grid.js";
export { DIGIPIN_PARAMS, formatDigipin } from "./digipin.js";
