/**
 * A generic hierarchical grid codec: a bounding box is cut into `rows × cols` cells, each cell is cut
 * again by the next level's grid, and every level contributes one symbol. The same machinery runs
 * India Post's DIGIPIN (4×4 ×10 levels) and our own Vietnamese grid (alternating 5×4 / 4×5 ×9 levels);
 * only the parameters differ. It knows nothing about check characters or unit suffixes.
 *
 * The arithmetic is specified so that another implementation in binary64 gets identical answers:
 * the whole grid is flattened to `R = Π rows` global rows and `C = Π cols` global columns; row r
 * (counted from the south) spans [B(r), B(r+1)) with B(0) = south, B(R) = north and otherwise
 * B(r) = south + r × h, h = (north − south) / R, each operation rounded to the nearest double.
 * A point on a grid line belongs to the cell north/east of it; the north and east box edges belong to
 * the last row/column (the DIGIPIN reference behaves the same way).
 */
import { CodeError } from "./errors.js";

/** One level of the hierarchy: its grid and the symbol of every cell, row-major, north row first. */
export interface GridLevel {
  rows: number;
  cols: number;
  /** `rows × cols` distinct symbols; `symbols[row * cols + col]`, row 0 = northernmost. */
  symbols: string;
}

/** The parameters that fully define a grid code (no check character). */
export interface GridParams {
  name: string;
  /** Degrees; south < north, west < east. */
  south: number;
  west: number;
  north: number;
  east: number;
  levels: GridLevel[];
}

/** A decoded cell: centre and bounds in degrees. */
export interface GridCell {
  lat: number;
  lon: number;
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Marks characters that are ignored anywhere in an input code (spaces, hyphens, slashes, dots). */
export const SEPARATOR = -2;
const INVALID = -1;

/** True for the characters every codec ignores in input: whitespace, hyphens/dashes, slash, dot. */
export function isSeparatorCode(ch: number): boolean {
  return (
    ch === 32 ||
    ch === 9 ||
    ch === 45 ||
    ch === 47 ||
    ch === 46 ||
    ch === 0x2010 ||
    ch === 0x2013 ||
    ch === 0xa0
  );
}

export class GridCodec {
  readonly params: GridParams;
  readonly levelCount: number;
  /** Global row and column counts (Π rows, Π cols). */
  readonly totalRows: number;
  readonly totalCols: number;
  /** Cell height and width in degrees (rounded to the nearest double). */
  readonly cellHeight: number;
  readonly cellWidth: number;
  /** Per level: how many global rows/columns one step at this level spans. */
  private readonly rowStride: Int32Array;
  private readonly colStride: Int32Array;
  private readonly levelRows: Int32Array;
  private readonly levelCols: Int32Array;
  /** Per level: char code of the symbol of each cell index. */
  readonly symbolCodes: Uint16Array[];
  /** Per level: cell index of each char code 0..127 (upper and lower case), INVALID or SEPARATOR. */
  readonly cellOfChar: Int8Array[];

  constructor(params: GridParams) {
    const { south, west, north, east, levels } = params;
    if (!(south < north) || !(west < east) || ![south, west, north, east].every(Number.isFinite)) {
      throw new Error(`Grid ${params.name}: invalid box ${south},${west} – ${north},${east}`);
    }
    if (levels.length === 0) throw new Error(`Grid ${params.name}: no levels`);
    this.params = params;
    this.levelCount = levels.length;
    this.rowStride = new Int32Array(levels.length);
    this.colStride = new Int32Array(levels.length);
    this.levelRows = new Int32Array(levels.length);
    this.levelCols = new Int32Array(levels.length);
    this.symbolCodes = [];
    this.cellOfChar = [];
    let rows = 1;
    let cols = 1;
    for (let l = levels.length - 1; l >= 0; l--) {
      const level = levels[l];
      if (
        !Number.isInteger(level.rows) ||
        !Number.isInteger(level.cols) ||
        level.rows < 1 ||
        level.cols < 1
      ) {
        throw new Error(`Grid ${params.name}: level ${l + 1} has a bad grid ${level.rows}×${level.cols}`);
      }
      if (level.symbols.length !== level.rows * level.cols) {
        throw new Error(
          `Grid ${params.name}: level ${l + 1} needs ${level.rows * level.cols} symbols, got "${level.symbols}"`,
        );
      }
      this.rowStride[l] = rows;
      this.colStride[l] = cols;
      this.levelRows[l] = level.rows;
      this.levelCols[l] = level.cols;
      rows *= level.rows;
      cols *= level.cols;
    }
    // Int32 arithmetic in the hot paths needs the global indices to fit.
    if (rows > 2 ** 30 || cols > 2 ** 30)
      throw new Error(`Grid ${params.name}: more than 2^30 rows or columns`);
    this.totalRows = rows;
    this.totalCols = cols;
    this.cellHeight = (north - south) / rows;
    this.cellWidth = (east - west) / cols;
    for (let l = 0; l < levels.length; l++) {
      const symbols = levels[l].symbols.toUpperCase();
      const codes = new Uint16Array(symbols.length);
      const lookup = new Int8Array(128).fill(INVALID);
      for (let ch = 0; ch < 128; ch++) if (isSeparatorCode(ch)) lookup[ch] = SEPARATOR;
      for (let k = 0; k < symbols.length; k++) {
        const ch = symbols.charCodeAt(k);
        if (ch >= 128 || lookup[ch] !== INVALID) {
          throw new Error(
            `Grid ${params.name}: level ${l + 1} symbol "${symbols[k]}" is repeated or not ASCII`,
          );
        }
        codes[k] = ch;
        lookup[ch] = k;
        const lower = symbols[k].toLowerCase().charCodeAt(0);
        if (lower !== ch) lookup[lower] = k;
      }
      this.symbolCodes.push(codes);
      this.cellOfChar.push(lookup);
    }
  }

  /** B(r): the southern edge of global row r (0 = southernmost), see the module comment. */
  rowEdge(r: number): number {
    if (r <= 0) return this.params.south;
    if (r >= this.totalRows) return this.params.north;
    return this.params.south + r * this.cellHeight;
  }

  /** The western edge of global column c (0 = westernmost). */
  colEdge(c: number): number {
    if (c <= 0) return this.params.west;
    if (c >= this.totalCols) return this.params.east;
    return this.params.west + c * this.cellWidth;
  }

  /** Global row (from the south) holding `lat`; throws a CodeError outside [south, north]. */
  rowOf(lat: number): number {
    const { south, north } = this.params;
    if (!(lat >= south && lat <= north)) throw outOfBox(this.params.name, "latitude", lat, south, north);
    let r = Math.floor((lat - south) / this.cellHeight);
    // The division can round across a grid line; settle on the row whose edges, computed exactly as
    // decode computes them, contain the point, so decode(encode(p)) always contains p.
    if (r > 0 && lat < this.rowEdge(r)) r--;
    else if (r < this.totalRows && lat >= this.rowEdge(r + 1)) r++;
    return r >= this.totalRows ? this.totalRows - 1 : r;
  }

  /** Global column (from the west) holding `lon`; throws a CodeError outside [west, east]. */
  colOf(lon: number): number {
    const { west, east } = this.params;
    if (!(lon >= west && lon <= east)) throw outOfBox(this.params.name, "longitude", lon, west, east);
    let c = Math.floor((lon - west) / this.cellWidth);
    if (c > 0 && lon < this.colEdge(c)) c--;
    else if (c < this.totalCols && lon >= this.colEdge(c + 1)) c++;
    return c >= this.totalCols ? this.totalCols - 1 : c;
  }

  /**
   * Writes the cell index (row-major, north row first) of every level into `out` for the point.
   * This is the allocation-free core of encoding; callers map cell indices to symbols.
   */
  cellsOf(lat: number, lon: number, out: Int32Array): void {
    let r = this.totalRows - 1 - this.rowOf(lat); // counted from the north, like the symbol layout
    let c = this.colOf(lon);
    for (let l = 0; l < this.levelCount; l++) {
      const rs = this.rowStride[l];
      const cs = this.colStride[l];
      const rd = (r / rs) | 0;
      const cd = (c / cs) | 0;
      r -= rd * rs;
      c -= cd * cs;
      out[l] = rd * this.levelCols[l] + cd;
    }
  }

  /** The bounds and centre of the cell given by per-level cell indices (as `cellsOf` writes them). */
  cellOfIndices(cells: ArrayLike<number>): GridCell {
    const out = new Float64Array(6);
    this.boundsOfIndices(cells, out);
    return { lat: out[0], lon: out[1], south: out[2], west: out[3], north: out[4], east: out[5] };
  }

  /**
   * Allocation-free decoding core: writes centre lat, centre lon, south, west, north, east of the
   * cell given by per-level cell indices into `out`.
   */
  boundsOfIndices(cells: ArrayLike<number>, out: Float64Array): void {
    let rFromNorth = 0;
    let c = 0;
    for (let l = 0; l < this.levelCount; l++) {
      const k = cells[l];
      const cols = this.levelCols[l];
      const rd = (k / cols) | 0;
      rFromNorth += rd * this.rowStride[l];
      c += (k - rd * cols) * this.colStride[l];
    }
    const r = this.totalRows - 1 - rFromNorth;
    out[0] = this.params.south + (r + 0.5) * this.cellHeight;
    out[1] = this.params.west + (c + 0.5) * this.cellWidth;
    out[2] = this.rowEdge(r);
    out[3] = this.colEdge(c);
    out[4] = this.rowEdge(r + 1);
    out[5] = this.colEdge(c + 1);
  }

  /** Bounds and centre of global row r (from the south) and column c (from the west). */
  cellAt(r: number, c: number): GridCell {
    const { south, west } = this.params;
    return {
      lat: south + (r + 0.5) * this.cellHeight,
      lon: west + (c + 0.5) * this.cellWidth,
      south: this.rowEdge(r),
      west: this.colEdge(c),
      north: this.rowEdge(r + 1),
      east: this.colEdge(c + 1),
    };
  }

  /** Encodes a point as one symbol per level, without separators. Throws CodeError out of the box. */
  encode(lat: number, lon: number): string {
    const cells = new Int32Array(this.levelCount);
    this.cellsOf(lat, lon, cells);
    let s = "";
    for (let l = 0; l < this.levelCount; l++) s += String.fromCharCode(this.symbolCodes[l][cells[l]]);
    return s;
  }

  /**
   * Decodes a code to its cell. Case-insensitive; spaces, hyphens, slashes and dots are ignored.
   * Throws CodeError with reason "length" or "character".
   */
  decode(code: string): GridCell {
    const cells = new Int32Array(this.levelCount);
    const n = this.parseCells(code, cells, 0);
    if (n !== this.levelCount) {
      throw new CodeError(
        "length",
        `${this.params.name} code "${code}" has ${n} symbols, expected ${this.levelCount}`,
        `Mã ${this.params.name} "${code}" có ${n} ký tự, cần ${this.levelCount}`,
      );
    }
    return this.cellOfIndices(cells);
  }

  /**
   * Reads symbols from `code` into `out` starting at level `fromLevel`, skipping separators, and
   * returns how many symbols the string holds (which may exceed the levels; extra ones are not
   * stored). Throws CodeError "character" naming the first symbol not valid at its level.
   */
  parseCells(code: string, out: Int32Array, fromLevel: number): number {
    let n = 0;
    for (let i = 0; i < code.length; i++) {
      const ch = code.charCodeAt(i);
      const level = fromLevel + n;
      const table = this.cellOfChar[level < this.levelCount ? level : this.levelCount - 1];
      const k = ch < 128 ? table[ch] : isSeparatorCode(ch) ? SEPARATOR : INVALID;
      if (k === SEPARATOR) continue;
      if (level < this.levelCount) {
        if (k === INVALID) throw badCharacter(this.params.name, code, i, n + 1);
        out[level] = k;
      }
      n++;
    }
    return n;
  }
}

function outOfBox(
  name: string,
  axis: "latitude" | "longitude",
  value: number,
  min: number,
  max: number,
): CodeError {
  const vi = axis === "latitude" ? "Vĩ độ" : "Kinh độ";
  return new CodeError(
    "out-of-box",
    `${axis[0].toUpperCase()}${axis.slice(1)} ${value} is outside the ${name} box: ${axis} ${min} to ${max}`,
    `${vi} ${value} nằm ngoài khung ${name}: từ ${min} đến ${max}`,
    { axis },
  );
}

function badCharacter(name: string, code: string, index: number, symbolNo: number): CodeError {
  const ch = String.fromCodePoint(code.codePointAt(index) ?? 63);
  return new CodeError(
    "character",
    `${name} code "${code}": "${ch}" (symbol ${symbolNo}) is not a valid symbol there`,
    `Mã ${name} "${code}": ký tự "${ch}" (vị trí ${symbolNo}) không hợp lệ`,
    { position: symbolNo },
  );
}
