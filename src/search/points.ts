/**
 * The point index behind reverse geocoding: "the k nearest records to (lat, lon) within r metres".
 *
 * A static uniform grid over up to tens of millions of points. Build sorts the point ids by cell
 * (row-major), south to north within a cell, with a radix sort (O(n)), and copies each point's
 * coordinates into that order, so the points of one cell lie side by side in memory and a query reads
 * them sequentially instead of jumping around the engine's record-ordered coordinate columns; in a
 * crowded cell (a city block of flats) it reads only the band of latitudes that can still answer. The occupied cells of
 * each row are a sorted run of column numbers (`cellColumn`), found through `rowStart`; so a query
 * costs one binary search per grid row it touches, and empty land and sea cost nothing to store.
 *
 * A query visits rings of cells outward from the query's cell and stops once the ring already
 * searched covers the radius, or holds `limit` points nearer than anything outside it.
 *
 * Distances are equirectangular at the query's latitude (the ground is taken flat around the query
 * point). Against the great-circle distance the error is below 0.01 % within 5 km at Vietnam's
 * latitudes (a test checks it); reverse geocoding asks within a few kilometres at most.
 *
 * Records created after the build go into a small side list scanned linearly at every query (`add`),
 * so one edit from the change feed never rebuilds the grid; the engine rebuilds when the list grows.
 */

/** Metres per micro-degree of latitude (and of longitude at the equator), mean Earth radius 6,371,008.8 m. */
export const METRES_PER_MICRODEGREE = ((Math.PI / 180) * 6_371_008.8) / 1e6;

/** Default cell edge in micro-degrees: about 111 m × 106 m in Vietnam (chosen by bench/search/points.bench.ts). */
export const DEFAULT_CELL_SIZE_E6 = 1000;

/** Cells with more points than this are entered by a binary search on latitude, not from their first point. */
const BAND_SEARCH_MIN_POINTS = 16;

/** Marks a persisted point index (the `magic` field of its format array): "PTIX". */
export const POINT_INDEX_MAGIC = 0x50544958;
/** Bumped whenever the meaning of the persisted arrays changes; `fromArrays` refuses any other. */
export const POINT_INDEX_VERSION = 1;

export interface Neighbour {
  /** The record index (the position of the point in the arrays given to `build`, or the id given to `add`). */
  index: number;
  /** Equirectangular distance from the query point, in metres. */
  distanceM: number;
}

export interface PointIndexOptions {
  /** Grid cell edge in micro-degrees (both axes); default `DEFAULT_CELL_SIZE_E6`. */
  cellSizeE6?: number;
}

/** The persisted form: named typed arrays the engine stores in its versioned index file and maps back. */
export interface PointIndexArrays {
  [name: string]: Uint32Array | Int32Array;
  /** The fields of `FormatFields`, in the order of `FORMAT_FIELDS`. */
  format: Int32Array;
  /** Record index of each point, in cell order. */
  order: Uint32Array;
  /** Latitude (µ°) of each point, in cell order (ascending within a cell). */
  pointLat: Int32Array;
  /** Longitude (µ°) of each point, in cell order. */
  pointLon: Int32Array;
  /** For each grid row (rows + 1 entries): the first occupied cell of that row or a later one. */
  rowStart: Uint32Array;
  /** Grid column of each occupied cell, ascending within a row. */
  cellColumn: Uint32Array;
  /** For each occupied cell (cells + 1 entries): the first of its points in `order`. */
  cellStart: Uint32Array;
  /** Points added since the build: record index, latitude, longitude (µ°). */
  addedIndex: Uint32Array;
  addedLat: Int32Array;
  addedLon: Int32Array;
}

/** The persisted `format` array's fields, in order. */
const FORMAT_FIELDS = [
  "magic",
  "version",
  "originLatE6",
  "originLonE6",
  "cellSizeE6",
  "rows",
  "columns",
  "pointCount",
  "cellCount",
] as const;
type FormatFields = Record<(typeof FORMAT_FIELDS)[number], number>;

function encodeFormat(fields: FormatFields): Int32Array {
  return Int32Array.from(FORMAT_FIELDS, (name) => fields[name]);
}

function decodeFormat(format: Int32Array): FormatFields {
  return Object.fromEntries(FORMAT_FIELDS.map((name, k) => [name, format[k]])) as FormatFields;
}

/** Planar distance in metres from a query point (degrees) to a point in micro-degrees, at the query's latitude. */
export function distanceMetres(queryLat: number, queryLon: number, latE6: number, lonE6: number): number {
  return Math.sqrt(
    squaredMetres(queryLat * 1e6, queryLon * 1e6, metresPerLonMicrodegree(queryLat), latE6, lonE6),
  );
}

function metresPerLonMicrodegree(latDeg: number): number {
  return METRES_PER_MICRODEGREE * Math.cos((latDeg * Math.PI) / 180);
}

// The one distance formula: the index and `distanceMetres` (which the tests' brute force uses) agree to the bit.
function squaredMetres(
  qLatE6: number,
  qLonE6: number,
  lonScale: number,
  latE6: number,
  lonE6: number,
): number {
  const north = (latE6 - qLatE6) * METRES_PER_MICRODEGREE;
  const east = (lonE6 - qLonE6) * lonScale;
  return north * north + east * east;
}

/** The best `limit` candidates so far, nearest first; ties go to the lower record index, so results are deterministic. */
class NearestList {
  readonly index: number[] = [];
  readonly squared: number[] = [];
  constructor(
    readonly limit: number,
    private readonly radiusSquared: number,
  ) {}

  get full(): boolean {
    return this.index.length === this.limit;
  }

  /** A candidate at this squared distance and index would enter the list. */
  wouldTake(squared: number, index: number): boolean {
    if (!this.full) return squared <= this.radiusSquared;
    const last = this.limit - 1;
    return squared < this.squared[last] || (squared === this.squared[last] && index < this.index[last]);
  }

  /** Squared distance beyond which nothing can enter. */
  get bound(): number {
    return this.full ? this.squared[this.limit - 1] : this.radiusSquared;
  }

  insert(squared: number, index: number): void {
    let at = this.index.length;
    if (this.full) at--;
    // Shift larger entries down one place (the list is a few entries long: insertion is the fastest).
    while (
      at > 0 &&
      (this.squared[at - 1] > squared || (this.squared[at - 1] === squared && this.index[at - 1] > index))
    ) {
      this.squared[at] = this.squared[at - 1];
      this.index[at] = this.index[at - 1];
      at--;
    }
    this.squared[at] = squared;
    this.index[at] = index;
  }
}

export class PointIndex {
  private readonly originLat: number;
  private readonly originLon: number;
  private readonly cellSize: number;
  private readonly rows: number;
  private readonly columns: number;
  private readonly order: Uint32Array;
  private readonly pointLat: Int32Array;
  private readonly pointLon: Int32Array;
  private readonly rowStart: Uint32Array;
  private readonly cellColumn: Uint32Array;
  private readonly cellStart: Uint32Array;
  /** The side list of points added since the build, and where each record sits in it. */
  private readonly addedIndex: number[] = [];
  private readonly addedLat: number[] = [];
  private readonly addedLon: number[] = [];
  private readonly addedPosition = new Map<number, number>();

  private constructor(a: PointIndexArrays) {
    const format = decodeFormat(a.format);
    this.originLat = format.originLatE6;
    this.originLon = format.originLonE6;
    this.cellSize = format.cellSizeE6;
    this.rows = format.rows;
    this.columns = format.columns;
    this.order = a.order;
    this.pointLat = a.pointLat;
    this.pointLon = a.pointLon;
    this.rowStart = a.rowStart;
    this.cellColumn = a.cellColumn;
    this.cellStart = a.cellStart;
    for (let k = 0; k < a.addedIndex.length; k++) this.add(a.addedIndex[k], a.addedLat[k], a.addedLon[k]);
  }

  /**
   * Indexes points 0 … count − 1: point i is record i, at (lat[i], lon[i]) in micro-degrees.
   * Time O(count + rows); the arrays given are not kept.
   */
  static build(
    lat: Int32Array,
    lon: Int32Array,
    count: number = lat.length,
    options: PointIndexOptions = {},
  ): PointIndex {
    const cellSize = options.cellSizeE6 ?? DEFAULT_CELL_SIZE_E6;
    if (!Number.isInteger(cellSize) || cellSize < 1 || cellSize > 0x10000)
      throw new RangeError(`PointIndex: cellSizeE6 must be an integer in 1 … 65,536, got ${cellSize}`);
    if (!Number.isInteger(count) || count < 0 || count > lat.length || count > lon.length)
      throw new RangeError(
        `PointIndex: count ${count} must be an integer within both arrays (${lat.length}, ${lon.length})`,
      );

    let minLat = 0;
    let maxLat = 0;
    let minLon = 0;
    let maxLon = 0;
    if (count > 0) {
      minLat = maxLat = lat[0];
      minLon = maxLon = lon[0];
    }
    for (let i = 1; i < count; i++) {
      if (lat[i] < minLat) minLat = lat[i];
      else if (lat[i] > maxLat) maxLat = lat[i];
      if (lon[i] < minLon) minLon = lon[i];
      else if (lon[i] > maxLon) maxLon = lon[i];
    }
    const rows = Math.floor((maxLat - minLat) / cellSize) + 1;
    const columns = Math.floor((maxLon - minLon) / cellSize) + 1;
    if (rows * columns > 2 ** 32)
      throw new RangeError(
        `PointIndex: ${rows} × ${columns} cells of ${cellSize} µ° do not fit 32-bit cell keys; choose larger cells`,
      );

    // Each point's cell key (row-major) and its latitude within the cell, read in one sequential pass.
    const cellKey = new Uint32Array(count);
    const latInCell = new Uint16Array(count);
    for (let i = 0; i < count; i++) {
      const row = Math.floor((lat[i] - minLat) / cellSize);
      cellKey[i] = row * columns + Math.floor((lon[i] - minLon) / cellSize);
      latInCell[i] = lat[i] - minLat - row * cellSize;
    }
    // A least-significant-digit radix sort in 16-bit passes, each a stable counting sort that
    // carries the keys and the coordinates along (so every pass reads sequentially, and the input is
    // read in its own order only): by latitude within the cell, then by cell key. The points end in
    // cell order, south to north within a cell, ties by id.
    let sorted: SortColumns = {
      ids: new Uint32Array(count),
      keys: new Uint32Array(count),
      lat: new Int32Array(count),
      lon: new Int32Array(count),
    };
    let spare: SortColumns = {
      ids: new Uint32Array(count),
      keys: new Uint32Array(count),
      lat: new Int32Array(count),
      lon: new Int32Array(count),
    };
    radixPass(count, (j) => latInCell[j], { ids: null, keys: cellKey, lat, lon }, sorted);
    for (let shift = 0; shift < 32 && (rows * columns - 1) / 2 ** shift >= 1; shift += 16) {
      const keys = sorted.keys;
      radixPass(count, (j) => (keys[j] >>> shift) & 0xffff, sorted, spare);
      [sorted, spare] = [spare, sorted];
    }
    const { ids: order, keys, lat: pointLat, lon: pointLon } = sorted;

    let cellCount = 0;
    for (let j = 0; j < count; j++) if (j === 0 || keys[j] !== keys[j - 1]) cellCount++;
    const rowStart = new Uint32Array(rows + 1);
    const cellColumn = new Uint32Array(cellCount);
    const cellStart = new Uint32Array(cellCount + 1);
    let cell = -1;
    let previousRow = -1;
    for (let j = 0; j < count; j++) {
      if (j > 0 && keys[j] === keys[j - 1]) continue;
      const row = Math.floor(keys[j] / columns);
      cell++;
      cellColumn[cell] = keys[j] - row * columns;
      cellStart[cell] = j;
      // Rows with no occupied cell (and this one) start at this cell.
      for (let r = previousRow + 1; r <= row; r++) rowStart[r] = cell;
      previousRow = row;
    }
    for (let r = previousRow + 1; r <= rows; r++) rowStart[r] = cellCount;
    cellStart[cellCount] = count;

    return new PointIndex({
      format: encodeFormat({
        magic: POINT_INDEX_MAGIC,
        version: POINT_INDEX_VERSION,
        originLatE6: minLat,
        originLonE6: minLon,
        cellSizeE6: cellSize,
        rows,
        columns,
        pointCount: count,
        cellCount,
      }),
      order,
      pointLat,
      pointLon,
      rowStart,
      cellColumn,
      cellStart,
      addedIndex: new Uint32Array(0),
      addedLat: new Int32Array(0),
      addedLon: new Int32Array(0),
    });
  }

  /**
   * Opens a persisted index (see `toArrays`), checking its magic, version and array sizes. The
   * arrays are used in place (they may view a mapped file) and must not change afterwards. The
   * coordinates are inside the persisted form, so the engine's record columns are not needed.
   */
  static fromArrays(a: Record<string, Uint32Array | Int32Array>): PointIndex {
    if (!(a.format instanceof Int32Array) || a.format.length !== FORMAT_FIELDS.length)
      throw new Error("PointIndex.fromArrays: not a point index (no format array of the expected size)");
    const format = decodeFormat(a.format);
    if (format.magic !== POINT_INDEX_MAGIC)
      throw new Error("PointIndex.fromArrays: not a point index (the format array has no PTIX magic)");
    if (format.version !== POINT_INDEX_VERSION)
      throw new Error(
        `PointIndex.fromArrays: format version ${format.version}, this build reads version ${POINT_INDEX_VERSION}; rebuild the index`,
      );
    const { cellSizeE6: cellSize, rows, pointCount: points, cellCount: cells } = format;
    const expected: [string, typeof Uint32Array | typeof Int32Array, number | null][] = [
      ["order", Uint32Array, points],
      ["pointLat", Int32Array, points],
      ["pointLon", Int32Array, points],
      ["rowStart", Uint32Array, rows + 1],
      ["cellColumn", Uint32Array, cells],
      ["cellStart", Uint32Array, cells + 1],
      ["addedIndex", Uint32Array, null],
      ["addedLat", Int32Array, a.addedIndex?.length ?? 0],
      ["addedLon", Int32Array, a.addedIndex?.length ?? 0],
    ];
    for (const [name, type, length] of expected) {
      const array = a[name];
      if (!(array instanceof type) || (length !== null && array.length !== length))
        throw new Error(
          `PointIndex.fromArrays: "${name}" should be a ${type.name} of ${length ?? "any"} entries, got ` +
            (array ? `a ${array.constructor.name} of ${array.length}` : "nothing"),
        );
    }
    if (cellSize < 1) throw new Error(`PointIndex.fromArrays: cell size ${cellSize} µ° is not positive`);
    return new PointIndex(a as PointIndexArrays);
  }

  /** The persisted form, including the points added since the build. The arrays are the index's own: do not change them. */
  toArrays(): PointIndexArrays {
    return {
      format: encodeFormat({
        magic: POINT_INDEX_MAGIC,
        version: POINT_INDEX_VERSION,
        originLatE6: this.originLat,
        originLonE6: this.originLon,
        cellSizeE6: this.cellSize,
        rows: this.rows,
        columns: this.columns,
        pointCount: this.order.length,
        cellCount: this.cellColumn.length,
      }),
      order: this.order,
      pointLat: this.pointLat,
      pointLon: this.pointLon,
      rowStart: this.rowStart,
      cellColumn: this.cellColumn,
      cellStart: this.cellStart,
      addedIndex: Uint32Array.from(this.addedIndex),
      addedLat: Int32Array.from(this.addedLat),
      addedLon: Int32Array.from(this.addedLon),
    };
  }

  /** Points in the static grid (the build's count). */
  get builtCount(): number {
    return this.order.length;
  }

  /** Points in the side list (records added or moved since the build). */
  get addedCount(): number {
    return this.addedIndex.length;
  }

  /** Bytes held by the static grid's arrays (the side list aside). */
  get byteLength(): number {
    return (
      this.order.byteLength +
      this.pointLat.byteLength +
      this.pointLon.byteLength +
      this.rowStart.byteLength +
      this.cellColumn.byteLength +
      this.cellStart.byteLength
    );
  }

  /**
   * Puts record `index` at (latE6, lonE6) µ° without rebuilding: a record created since the build, or
   * one whose point moved (its old place in the grid is then ignored). Adding the same record again
   * moves it again.
   */
  add(index: number, latE6: number, lonE6: number): void {
    if (!Number.isInteger(index) || index < 0 || index > 0xffffffff)
      throw new RangeError(`PointIndex.add: record index must be a 32-bit unsigned integer, got ${index}`);
    if (!Number.isInteger(latE6) || !Number.isInteger(lonE6))
      throw new RangeError(
        `PointIndex.add: coordinates must be integers in micro-degrees, got ${latE6}, ${lonE6}`,
      );
    const at = this.addedPosition.get(index);
    if (at !== undefined) {
      this.addedLat[at] = latE6;
      this.addedLon[at] = lonE6;
      return;
    }
    this.addedPosition.set(index, this.addedIndex.length);
    this.addedIndex.push(index);
    this.addedLat.push(latE6);
    this.addedLon.push(lonE6);
  }

  /**
   * The nearest points to (lat, lon) in degrees, nearest first (equal distances: lower index first),
   * at most `limit`, only those within `radiusM` metres (inclusive) and for which `accept(index)`
   * is true (called only for points that would enter the answer).
   */
  nearest(
    lat: number,
    lon: number,
    radiusM: number,
    limit: number,
    accept?: (index: number) => boolean,
  ): Neighbour[] {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !(radiusM >= 0))
      throw new RangeError(
        `PointIndex.nearest: need finite coordinates and a radius ≥ 0, got ${lat}, ${lon}, ${radiusM}`,
      );
    if (!(limit >= 1)) return [];
    const qLat = lat * 1e6;
    const qLon = lon * 1e6;
    const lonScale = metresPerLonMicrodegree(lat);
    const best = new NearestList(Math.floor(limit), radiusM * radiusM);
    const moved = this.addedPosition;
    const checkMoved = moved.size > 0;

    const consider = (latE6: number, lonE6: number, index: number) => {
      const squared = squaredMetres(qLat, qLon, lonScale, latE6, lonE6);
      if (best.wouldTake(squared, index) && (accept === undefined || accept(index)))
        best.insert(squared, index);
    };

    for (let k = 0; k < this.addedIndex.length; k++)
      consider(this.addedLat[k], this.addedLon[k], this.addedIndex[k]);

    const { cellSize, rows, columns, pointLat, pointLon, order, cellColumn, cellStart, rowStart } = this;
    const cellHeightM = cellSize * METRES_PER_MICRODEGREE;
    const cellWidthM = cellSize * lonScale;
    // The query's cell, possibly outside the grid.
    const rowF = (qLat - this.originLat) / cellSize;
    const columnF = (qLon - this.originLon) / cellSize;
    const queryRow = Math.floor(rowF);
    const queryColumn = Math.floor(columnF);

    // Metres from the query to the nearest point of a cell (0 inside it): prunes whole cells.
    const cellGapSquared = (row: number, column: number) => {
      const north =
        row > queryRow ? (row - rowF) * cellHeightM : row < queryRow ? (rowF - row - 1) * cellHeightM : 0;
      const east =
        column > queryColumn
          ? (column - columnF) * cellWidthM
          : column < queryColumn
            ? (columnF - column - 1) * cellWidthM
            : 0;
      return north * north + east * east;
    };

    // Scans the occupied cells of one grid row between two columns (inclusive).
    const scanRow = (row: number, fromColumn: number, toColumn: number) => {
      if (row < 0 || row >= rows) return;
      const first = Math.max(fromColumn, 0);
      const last = Math.min(toColumn, columns - 1);
      if (first > last) return;
      let low = rowStart[row];
      let high = rowStart[row + 1];
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (cellColumn[middle] < first) low = middle + 1;
        else high = middle;
      }
      for (let cell = low; cell < rowStart[row + 1] && cellColumn[cell] <= last; cell++) {
        if (cellGapSquared(row, cellColumn[cell]) > best.bound) continue;
        // A cell's points run south to north: in a crowded cell, skip those south of the band that
        // can still hold an answer, and stop north of it (the band narrows as the answer fills).
        let from = cellStart[cell];
        const to = cellStart[cell + 1];
        if (to - from > BAND_SEARCH_MIN_POINTS) {
          const southmost = qLat - Math.sqrt(best.bound) / METRES_PER_MICRODEGREE - 1;
          let high = to;
          while (from < high) {
            const middle = (from + high) >>> 1;
            if (pointLat[middle] < southmost) from = middle + 1;
            else high = middle;
          }
        }
        for (let j = from; j < to; j++) {
          const north = (pointLat[j] - qLat) * METRES_PER_MICRODEGREE;
          if (north > 0 && north * north > best.bound) break;
          const index = order[j];
          if (checkMoved && moved.has(index)) continue;
          consider(pointLat[j], pointLon[j], index);
        }
      }
    };

    // Rings of cells wholly outside the grid hold nothing: start at the first that can touch it.
    const rowsAway = queryRow < 0 ? -queryRow : queryRow >= rows ? queryRow - rows + 1 : 0;
    const columnsAway =
      queryColumn < 0 ? -queryColumn : queryColumn >= columns ? queryColumn - columns + 1 : 0;
    for (let ring = Math.max(rowsAway, columnsAway); ; ring++) {
      // The square ring of cells at Chebyshev distance `ring` from the query's cell. Before
      // scanning it, stop if nothing in it (or beyond) can be near enough.
      const top = queryRow + ring;
      const bottom = queryRow - ring;
      const left = queryColumn - ring;
      const right = queryColumn + ring;
      if (ring > 0) {
        // Rings 0 … ring − 1 cover rows bottom + 1 … top − 1 and columns left + 1 … right − 1:
        // every point not yet seen is at least as far as the nearest edge of that square.
        const searchedGap = Math.min(
          (rowF - bottom - 1) * cellHeightM,
          (top - rowF) * cellHeightM,
          (columnF - left - 1) * cellWidthM,
          (right - columnF) * cellWidthM,
        );
        if (searchedGap * searchedGap > best.bound) break;
        if (bottom + 1 <= 0 && top - 1 >= rows - 1 && left + 1 <= 0 && right - 1 >= columns - 1) break;
      }
      scanRow(top, left, right);
      if (ring > 0) scanRow(bottom, left, right);
      for (let row = Math.max(bottom + 1, 0); row <= Math.min(top - 1, rows - 1); row++) {
        scanRow(row, left, left);
        if (ring > 0) scanRow(row, right, right);
      }
    }

    return best.index.map((index, k) => ({ index, distanceM: Math.sqrt(best.squared[k]) }));
  }
}

/** The columns a radix pass moves together: record ids, cell keys, coordinates. */
interface SortColumns {
  ids: Uint32Array;
  keys: Uint32Array;
  lat: Int32Array;
  lon: Int32Array;
}

/**
 * One stable counting-sort pass on a 16-bit digit: moves every column's entry j to its place by
 * `digit(j)`; ids null stands for 0 … count − 1.
 */
function radixPass(
  count: number,
  digit: (j: number) => number,
  from: Omit<SortColumns, "ids"> & { ids: Uint32Array | null },
  to: SortColumns,
): void {
  const starts = new Uint32Array(0x10001);
  for (let j = 0; j < count; j++) starts[digit(j) + 1]++;
  for (let d = 0; d < 0x10000; d++) starts[d + 1] += starts[d];
  const { ids, keys, lat, lon } = from;
  for (let j = 0; j < count; j++) {
    const at = starts[digit(j)]++;
    to.ids[at] = ids ? ids[j] : j;
    to.keys[at] = keys[j];
    to.lat[at] = lat[j];
    to.lon[at] = lon[j];
  }
}
