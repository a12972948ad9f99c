/**
 * One immutable piece of the search index: the records it was built from and the names people
 * search them by. A name is a *document*: a street of a commune, a hamlet of a commune, or the
 * name of a building, agency or shop. Records hang under their documents, so 24 million records
 * make a few million documents, and the words are matched against documents, not records.
 *
 * Words are matched as pairs of neighbouring syllables (bigrams): folded, Vietnamese has only
 * about a thousand distinct syllables, so a single syllable's postings are long and say little,
 * while a pair ("hang bai", "le loi") nearly names the street. Names of one syllable ("Phố Huế")
 * are found through a list of their own.
 */
import { formatParts } from "../domain/format.js";
import { STATUS_NUMBER, type Status, statusOfNumber } from "../domain/lifecycle.js";
import type { RecordSummary } from "../store/store.js";
import {
  compressedLists,
  GrowableInt32,
  GrowableUint8,
  GrowableUint16,
  GrowableUint32,
  type StringColumn,
  lowerBound,
  StringColumnBuilder,
  stringColumnOf,
} from "./columns.js";
import { PointIndex } from "./points.js";
import { foldedWords, houseKey, streetWords } from "./words.js";

export const DOC_STREET = 0;
export const DOC_HAMLET = 1;
export const DOC_NAME = 2;

/** Units by a small number, so that a record or document holds a 2-byte unit. */
export interface UnitTable {
  readonly codes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

export function unitTable(codes: readonly string[]): UnitTable {
  return { codes, index: new Map(codes.map((c, i) => [c, i])) };
}

export const NO_UNIT = 0xffff;
/** A record's house key id when it has no house number, lot or alley. */
export const NO_HOUSE = 0;

/** Everything a segment is, as plain columns: what the index file stores. */
export interface SegmentColumns {
  codes: StringColumn;
  /** The address below the commune, as written on a card ("12 Hàng Bài", "Buôn Đồng Tâm"). */
  labels: StringColumn;
  lat: Int32Array;
  lon: Int32Array;
  commune: Uint16Array;
  oldWard: Uint16Array;
  /** Index into `kindNames` (kinds are open-ended text: deployments register their own). */
  kind: Uint8Array;
  kindNames: StringColumn;
  status: Uint8Array;
  house: Uint32Array;
  houseKeys: StringColumn;
  docCommune: Uint16Array;
  /** Documents are numbered commune by commune: commune k's are [communeDocStarts[k], communeDocStarts[k + 1]). */
  communeDocStarts: Uint32Array;
  docType: Uint8Array;
  docNames: StringColumn;
  docWordStarts: Uint32Array;
  docWords: Uint32Array;
  docRecordStarts: Uint32Array;
  /** Each name's records ordered by door (house key id), then by record: a door is a range. */
  docRecords: Uint32Array;
  /** The door (house key id) of each entry of `docRecords`, beside it: read in order, not by record. */
  docHouses: Uint32Array;
  vocabulary: StringColumn;
  /** Postings by bigram: sorted keys (first * vocabulary size + second) and their documents. */
  pairKeys: Float64Array;
  pairStarts: Uint32Array;
  pairDocs: Uint32Array;
  /** Documents whose name is one word, by that word. */
  singleStarts: Uint32Array;
  singleDocs: Uint32Array;
  /** Documents by their first word (autocomplete of a first word still being typed). */
  firstStarts: Uint32Array;
  firstDocs: Uint32Array;
}

export class Segment {
  readonly size: number;
  readonly documents: number;
  private readonly vocabularyList: string[];
  private readonly kindList: string[] = [];

  private grid: PointIndex | null;

  /** `grid`: the point grid when it was saved with the columns; else built on first use. */
  constructor(
    readonly c: SegmentColumns,
    grid: PointIndex | null = null,
  ) {
    this.grid = grid;
    this.size = c.lat.length;
    this.documents = c.docCommune.length;
    this.vocabularyList = [];
    for (let i = 0; i < c.vocabulary.length; i++) this.vocabularyList.push(c.vocabulary.get(i));
    for (let i = 0; i < c.kindNames.length; i++) this.kindList.push(c.kindNames.get(i));
  }

  /** The records' points, for reverse geocoding and code look-ups. */
  points(): PointIndex {
    this.grid ??= PointIndex.build(this.c.lat, this.c.lon, this.size);
    return this.grid;
  }

  /** The folded words of every name, sorted (binary search, prefix ranges). */
  get vocabulary(): readonly string[] {
    return this.vocabularyList;
  }

  wordId(word: string): number {
    const v = this.vocabularyList;
    let lo = 0;
    let hi = v.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid] < word) lo = mid + 1;
      else if (v[mid] > word) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** Ids of the words starting with `prefix`: a contiguous range of the sorted vocabulary. */
  prefixRange(prefix: string): [number, number] {
    const v = this.vocabularyList;
    let lo = 0;
    let hi = v.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < v.length && v[end].startsWith(prefix)) end++;
    return [lo, end];
  }

  /**
   * The pairs `first` makes with the words `[secondFrom, secondTo)`, as a range of `c.pairKeys`
   * (and `c.pairStarts`): keys are `first * vocabulary size + second`, sorted.
   */
  pairRange(first: number, secondFrom: number, secondTo: number, within: readonly [number, number] = [0, this.c.pairKeys.length]): [number, number] {
    const keys = this.c.pairKeys;
    const base = first * this.vocabularyList.length;
    const lo = lowerBound(keys, within[0], within[1], base + secondFrom);
    return [lo, lowerBound(keys, lo, within[1], base + secondTo)];
  }

  /**
   * Where the pairs `first` begins lie among the pair keys: the `within` of pairPostings and
   * pairRange, for a word paired with many others (a search over its few pairs, not over millions).
   */
  pairsOf(first: number): [number, number] {
    return this.pairRange(first, 0, this.vocabularyList.length);
  }

  /** Documents holding the pair (first, second) as neighbours, or an empty range. */
  pairPostings(first: number, second: number): [number, number] {
    const k = this.pairIndex(first, second);
    return k < 0 ? [0, 0] : [this.c.pairStarts[k], this.c.pairStarts[k + 1]];
  }

  /**
   * Where the pair (first, second) is among the pair keys (its documents are c.pairDocs from
   * c.pairStarts[k] to c.pairStarts[k + 1]), or -1 when no name holds it; `within`: pairsOf(first),
   * or every pair.
   */
  pairIndex(first: number, second: number, within: readonly [number, number] = [0, this.c.pairKeys.length]): number {
    const key = first * this.vocabularyList.length + second;
    const keys = this.c.pairKeys;
    let lo = within[0];
    let hi = within[1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] < key) lo = mid + 1;
      else if (keys[mid] > key) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  docWordCount(doc: number): number {
    return this.c.docWordStarts[doc + 1] - this.c.docWordStarts[doc];
  }

  statusOf(record: number): Status {
    return statusOfNumber(this.c.status[record]);
  }

  kindOf(record: number): string {
    return this.kindList[this.c.kind[record]];
  }
}

/** Builds a segment from record summaries, one at a time (memory: columns, not objects). */
export class SegmentBuilder {
  private readonly codes = new StringColumnBuilder();
  private readonly labels = new StringColumnBuilder();
  private readonly lat = new GrowableInt32();
  private readonly lon = new GrowableInt32();
  private readonly commune = new GrowableUint16();
  private readonly oldWard = new GrowableUint16();
  private readonly kind = new GrowableUint8();
  private readonly status = new GrowableUint8();
  private readonly kindIds = new Map<string, number>();
  private readonly house = new GrowableUint32();
  private readonly houseIds = new Map<string, number>([["", NO_HOUSE]]);
  private readonly docIds = new Map<string, number>();
  private readonly docCommune = new GrowableUint16();
  private readonly docType = new GrowableUint8();
  private readonly docNames: string[] = [];
  private readonly docWordLists: number[][] = [];
  private readonly memberDoc = new GrowableUint32();
  private readonly memberRecord = new GrowableUint32();
  private readonly words = new Map<string, number>();
  private readonly wordList: string[] = [];

  constructor(
    private readonly communes: UnitTable,
    private readonly oldWards: UnitTable,
  ) {}

  get size(): number {
    return this.lat.length;
  }

  add(r: RecordSummary): void {
    const communeIndex = this.communes.index.get(r.new.commune);
    if (communeIndex === undefined) return; // a unit this registry does not know cannot be labelled
    const record = this.lat.length;
    this.codes.push(r.code);
    this.labels.push(formatParts(r.parts, r.name));
    this.lat.push(Math.round(r.lat * 1e6));
    this.lon.push(Math.round(r.lon * 1e6));
    this.commune.push(communeIndex);
    this.oldWard.push(r.old ? (this.oldWards.index.get(r.old.ward) ?? NO_UNIT) : NO_UNIT);
    let kind = this.kindIds.get(r.kind);
    if (kind === undefined) {
      kind = this.kindIds.size;
      this.kindIds.set(r.kind, kind);
    }
    this.kind.push(kind);
    this.status.push(STATUS_NUMBER[r.status]);
    const key = houseKey(r.parts);
    let houseId = this.houseIds.get(key);
    if (houseId === undefined) {
      houseId = this.houseIds.size;
      this.houseIds.set(key, houseId);
    }
    this.house.push(houseId);
    if (r.parts.street)
      this.member(communeIndex, DOC_STREET, r.parts.street, streetWords(r.parts.street), record);
    if (r.parts.hamlet) {
      const written = `${r.parts.hamlet.type.charAt(0).toLocaleUpperCase("vi")}${r.parts.hamlet.type.slice(1)} ${r.parts.hamlet.name}`;
      const all = foldedWords(written);
      const own = foldedWords(r.parts.hamlet.name);
      // "Thôn 3" is found as "thon 3"; "Buôn Đồng Tâm" as "dong tam" whether or not "buôn" is typed.
      const words = own.some((w) => /[a-z]/.test(w)) ? own : all;
      this.member(communeIndex, DOC_HAMLET, written, words, record);
    }
    if (r.name) this.member(communeIndex, DOC_NAME, r.name, foldedWords(r.name), record);
    // A building is a named place too: "Chung cư Linh Đàm" names its flats wherever its street is
    // written (or not yet), and a street name shared by hundreds of communes does not hide it.
    if (r.parts.building) this.member(communeIndex, DOC_NAME, r.parts.building, foldedWords(r.parts.building), record);
  }

  private member(commune: number, type: number, written: string, words: string[], record: number): void {
    if (words.length === 0) return;
    const key = `${commune}|${type}|${words.join(" ")}`;
    let doc = this.docIds.get(key);
    if (doc === undefined) {
      doc = this.docNames.length;
      this.docIds.set(key, doc);
      this.docCommune.push(commune);
      this.docType.push(type);
      this.docNames.push(written);
      this.docWordLists.push(words.map((w) => this.wordId(w)));
    }
    this.memberDoc.push(doc);
    this.memberRecord.push(record);
  }

  private wordId(word: string): number {
    let id = this.words.get(word);
    if (id === undefined) {
      id = this.wordList.length;
      this.words.set(word, id);
      this.wordList.push(word);
    }
    return id;
  }

  finish(): Segment {
    // Sorted vocabulary: ids in alphabetical order make prefixes contiguous ranges.
    const order = this.wordList
      .map((_, i) => i)
      .sort((a, b) => (this.wordList[a] < this.wordList[b] ? -1 : 1));
    const newId = new Uint32Array(order.length);
    order.forEach((old, rank) => {
      newId[old] = rank;
    });
    const vocabulary = order.map((i) => this.wordList[i]);
    // Documents numbered commune by commune, so that every posting list (in document order) holds
    // a commune's documents in one run a binary search finds: a query naming its communes reads
    // only those runs (`communeDocStarts`).
    const documents = this.docNames.length;
    const oldCommune = this.docCommune.finish();
    const communeCount = this.communes.codes.length;
    const communeDocStarts = new Uint32Array(communeCount + 1);
    for (let d = 0; d < documents; d++) communeDocStarts[oldCommune[d] + 1]++;
    for (let k = 0; k < communeCount; k++) communeDocStarts[k + 1] += communeDocStarts[k];
    const fill = communeDocStarts.slice(0, communeCount);
    const renumbered = new Uint32Array(documents);
    const byNew = new Uint32Array(documents);
    for (let d = 0; d < documents; d++) {
      const n = fill[oldCommune[d]]++;
      renumbered[d] = n;
      byNew[n] = d;
    }
    const docCommune = new Uint16Array(documents);
    const oldType = this.docType.finish();
    const docType = new Uint8Array(documents);
    const docNames: string[] = new Array(documents);
    for (let n = 0; n < documents; n++) {
      const d = byNew[n];
      docCommune[n] = oldCommune[d];
      docType[n] = oldType[d];
      docNames[n] = this.docNames[d];
    }
    const memberDoc = this.memberDoc.finish();
    for (let i = 0; i < memberDoc.length; i++) memberDoc[i] = renumbered[memberDoc[i]];
    const docWordStarts = new Uint32Array(documents + 1);
    for (let n = 0; n < documents; n++) docWordStarts[n + 1] = docWordStarts[n] + this.docWordLists[byNew[n]].length;
    const docWords = new Uint32Array(docWordStarts[documents]);
    const v = vocabulary.length;
    const pairs = new Map<number, number[]>();
    const singleOwner = new GrowableInt32();
    const singleDoc = new GrowableUint32();
    const firstOwner = new GrowableInt32();
    const firstDoc = new GrowableUint32();
    for (let d = 0; d < documents; d++) {
      const words = this.docWordLists[byNew[d]].map((w) => newId[w]);
      docWords.set(words, docWordStarts[d]);
      firstOwner.push(words[0]);
      firstDoc.push(d);
      if (words.length === 1) {
        singleOwner.push(words[0]);
        singleDoc.push(d);
      }
      for (let i = 0; i + 1 < words.length; i++) {
        const key = words[i] * v + words[i + 1];
        let list = pairs.get(key);
        if (list === undefined) {
          list = [];
          pairs.set(key, list);
        }
        if (list[list.length - 1] !== d) list.push(d);
      }
    }
    const pairKeys = Float64Array.from(pairs.keys()).sort();
    const pairStarts = new Uint32Array(pairKeys.length + 1);
    for (let i = 0; i < pairKeys.length; i++)
      pairStarts[i + 1] = pairStarts[i] + pairs.get(pairKeys[i])!.length;
    const pairDocs = new Uint32Array(pairStarts[pairKeys.length]);
    for (let i = 0; i < pairKeys.length; i++) pairDocs.set(pairs.get(pairKeys[i])!, pairStarts[i]);
    const single = compressedLists(v, singleOwner.finish(), singleDoc.finish(), singleOwner.length);
    const first = compressedLists(v, firstOwner.finish(), firstDoc.finish(), firstOwner.length);
    const members = compressedLists(documents, memberDoc, this.memberRecord.finish(), memberDoc.length);
    const house = this.house.finish();
    const docHouses = byDoor(members.starts, members.values, house);
    return new Segment({
      codes: this.codes.finish(),
      labels: this.labels.finish(),
      lat: this.lat.finish(),
      lon: this.lon.finish(),
      commune: this.commune.finish(),
      oldWard: this.oldWard.finish(),
      kind: this.kind.finish(),
      kindNames: stringColumnOf([...this.kindIds.keys()]),
      status: this.status.finish(),
      house,
      houseKeys: stringColumnOf([...this.houseIds.keys()]),
      docCommune,
      docType,
      docNames: stringColumnOf(docNames),
      communeDocStarts,
      docWordStarts,
      docWords,
      docRecordStarts: members.starts,
      docRecords: members.values,
      docHouses,
      vocabulary: stringColumnOf(vocabulary),
      pairKeys,
      pairStarts,
      pairDocs,
      singleStarts: single.starts,
      singleDocs: single.values,
      firstStarts: first.starts,
      firstDocs: first.values,
    });
  }
}

/**
 * Orders each name's records by door, then by record, in place, and returns the door beside each:
 * finding a door among a street's 2,000 records at 24 M is then a binary search over one short
 * array, not 2,000 reads scattered over a 24 M-entry column.
 */
function byDoor(starts: Uint32Array, records: Uint32Array, house: Uint32Array): Uint32Array {
  const houses = new Uint32Array(records.length);
  const RECORD_SPAN = 2 ** 26; // more records than a segment holds (24 M < 67 M)
  let keys = new Float64Array(64);
  for (let d = 0; d + 1 < starts.length; d++) {
    const from = starts[d];
    const to = starts[d + 1];
    const n = to - from;
    if (n > keys.length) keys = new Float64Array(n * 2);
    const view = keys.subarray(0, n);
    for (let k = 0; k < n; k++) view[k] = house[records[from + k]] * RECORD_SPAN + records[from + k];
    view.sort();
    for (let k = 0; k < n; k++) {
      const record = view[k] % RECORD_SPAN;
      records[from + k] = record;
      houses[from + k] = (view[k] - record) / RECORD_SPAN;
    }
  }
  return houses;
}
