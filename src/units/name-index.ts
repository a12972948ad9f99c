/**
 * The name index: every unit of both structures filed under the keys name-analysis.ts gives its
 * names (the official name, former names after a rename, aliases). It is the one index both
 * name resolvers read: `UnitRegistry.lookup` (and through it `units lookup` and the importer's
 * field resolution, ingest/resolve-units.ts) and the parser's mention search (parse/mentions.ts).
 * Each reader scores what it finds in its own way, from the same entries.
 *
 * Ways in:
 * - by key: `entries(key)`;
 * - by spelling without spaces ("daklak", "hochiminh", "BinhThanh"): `keysSpelled(compact)`;
 * - word by word, for text already cut into words: a trie over the words of every key and of the
 *   joined spelling of every multi-word key (`wordTrie`: `wordId`, `root`, `child`);
 * - by typo: `nearOne`, `nearTwo` over the same spellings.
 *
 * Built once per registry; its answers never change afterwards. What only some readers need is
 * worked out on first use and remembered, each in one synchronous step from the entries alone: the
 * word trie, the typo index, the tone form of an entry. So concurrent parses and look-ups share it
 * safely; a worker thread builds its own.
 */
import { FuzzyKeys } from "./fuzzy-keys.js";
import { fold } from "../text/fold.js";
import { nameTokenKey, readUnitName, toneOfReading } from "./name-analysis.js";
import type { Unit, UnitType } from "./types.js";

/** Where a name comes from: the unit's official name, a name it had before a rename, or an alias. */
export type NameSource = "name" | "former" | "alias";

/** One name of one unit, filed under its key. */
export interface NameEntry {
  readonly unit: Unit;
  readonly key: string;
  /** The name as written: the unit's name, a former name ("Xã Lộc Ninh") or an alias ("TP HCM"). */
  readonly written: string;
  /** How many leading words of `written` are its type phrase ("TP HCM": 1). */
  readonly skip: number;
  readonly source: NameSource;
  /**
   * Types a text must write for this name to count ("Quận 2" filed under "2" names Thủ Đức only
   * after "Quận"), or null. Only the reading of an alias that takes its first words as a type
   * phrase requires one.
   */
  readonly requiredTypes: readonly UnitType[] | null;
  /**
   * The entry files its written name under the first of its readings (name-analysis.ts
   * readUnitName: the typed one when the name starts with a type phrase). False only for the
   * other reading of an alias that starts like a type phrase ("tt hue" for "TT Huế").
   */
  readonly firstReading: boolean;
}

/** The names to index, in the order their entries are filed (the order callers see them in). */
export interface NameSources {
  /**
   * Calls `file` with every unit and the key of its official name (computed when the data is
   * built): a callback rather than a list, so that filing fourteen thousand names builds no list.
   */
  names(file: (unit: Unit, key: string) => void): void;
  /** Names units had before a rename, as written (type word included). */
  former: Iterable<readonly [unit: Unit, written: string]>;
  /** Aliases (units/aliases.ts) as written, with the units each names. */
  aliases: Iterable<readonly [written: string, units: readonly Unit[]]>;
}

/** The trie's answer where no node is: no spelling starts with the words, or continues with the word. */
export const NO_NODE = -1;

/**
 * The trie over the words of the spellings, packed into typed arrays. A node is a number, dense
 * from 0, so a reader can keep its own data per node in an array (the parser's hits by node)
 * without writing to the index. Node n's children are the edges `firstEdge[n]` up to
 * `firstEdge[n + 1]`, sorted by word id: a walk reads a few numbers from three compact arrays
 * rather than following objects spread over the heap, because a parse walks the trie from every
 * word it reads and those memory look-ups were most of the walk's cost.
 */
export class WordTrie {
  /** Every word of every spelling → a small integer, so a reader walks the trie without hashing. */
  private readonly wordIds = new Map<string, number>();
  /** The node of the one-word spelling of each word id, or NO_NODE (words found only further into names). */
  private readonly roots: Int32Array;
  /** Where each node's edges start in `edgeWords`/`edgeNodes`, and (last entry) where the edges end. */
  private readonly firstEdge: Int32Array;
  /** The word of each edge, ascending within a node's edges. */
  private readonly edgeWords: Int32Array;
  /** The node each edge leads to. */
  private readonly edgeNodes: Int32Array;
  /** The words from the root to each node, joined by spaces. */
  private readonly spellings: string[] = [];
  /** 1 where a node's words are a whole spelling, not only the start of longer ones. */
  private readonly whole: Uint8Array;

  constructor(spellings: readonly string[]) {
    // Built as maps first (a node's children are known only once every spelling is read), then packed.
    const top = new Map<string, NodeUnderConstruction>();
    const wholeNodes: number[] = [];
    for (const spelling of spellings) {
      const words = spelling.split(" ");
      let level = top;
      for (let k = 0; k < words.length; k++) {
        let node = level.get(words[k]);
        if (!node) {
          node = { id: this.spellings.length, next: null };
          this.spellings.push(k + 1 === words.length ? spelling : words.slice(0, k + 1).join(" "));
          level.set(words[k], node);
        }
        if (k + 1 < words.length) level = node.next ??= new Map();
        else wholeNodes.push(node.id);
      }
    }
    this.whole = new Uint8Array(this.spellings.length);
    for (const node of wholeNodes) this.whole[node] = 1;
    // The first words take the first ids; then the words that follow each node, met depth first.
    for (const word of top.keys()) this.idOf(word);
    const edgesOf: (readonly Edge[])[] = this.spellings.map(() => []);
    const listEdges = (level: Map<string, NodeUnderConstruction>) => {
      for (const node of level.values()) {
        if (!node.next) continue;
        edgesOf[node.id] = [...node.next]
          .map(([word, child]): Edge => [this.idOf(word), child.id])
          .sort((a, b) => a[0] - b[0]);
        listEdges(node.next);
      }
    };
    listEdges(top);
    this.roots = new Int32Array(this.wordIds.size).fill(NO_NODE);
    for (const [word, node] of top) this.roots[this.idOf(word)] = node.id;
    this.firstEdge = new Int32Array(edgesOf.length + 1);
    for (let node = 0; node < edgesOf.length; node++)
      this.firstEdge[node + 1] = this.firstEdge[node] + edgesOf[node].length;
    this.edgeWords = new Int32Array(this.firstEdge[edgesOf.length]);
    this.edgeNodes = new Int32Array(this.firstEdge[edgesOf.length]);
    for (let node = 0; node < edgesOf.length; node++)
      edgesOf[node].forEach(([word, child], k) => {
        this.edgeWords[this.firstEdge[node] + k] = word;
        this.edgeNodes[this.firstEdge[node] + k] = child;
      });
  }

  private idOf(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.wordIds.size;
      this.wordIds.set(word, id);
    }
    return id;
  }

  /** How many nodes: node numbers run from 0 to one less. */
  get size(): number {
    return this.spellings.length;
  }

  /** The id of a word of some spelling, or -1 when no spelling holds it. */
  wordId(word: string): number {
    return this.wordIds.get(word) ?? -1;
  }

  /** The node of the one-word spelling with word id `id`, or NO_NODE (also for -1). */
  root(id: number): number {
    return id < 0 ? NO_NODE : this.roots[id];
  }

  /** The child of `node` reached by the word with id `id` (a binary search), or NO_NODE (also from NO_NODE). */
  child(node: number, id: number): number {
    if (node < 0 || id < 0) return NO_NODE;
    const words = this.edgeWords;
    let lo = this.firstEdge[node];
    let hi = this.firstEdge[node + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const word = words[mid];
      if (word === id) return this.edgeNodes[mid];
      if (word < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return NO_NODE;
  }

  /** The words from the root to `node` are a whole spelling (false for NO_NODE). */
  isWhole(node: number): boolean {
    return node !== NO_NODE && this.whole[node] === 1;
  }

  /** The words from the root to `node`, joined by spaces. */
  spelling(node: number): string {
    return this.spellings[node];
  }
}

interface NodeUnderConstruction {
  id: number;
  next: Map<string, NodeUnderConstruction> | null;
}

/** A word that may follow a node, and the node it leads to. */
type Edge = readonly [word: number, node: number];

const NO_ENTRIES: readonly NameEntry[] = [];
const NO_KEYS: readonly string[] = [];

export class UnitNameIndex {
  private readonly byKey = new Map<string, NameEntry[]>();
  /** Keys by their spelling without spaces. */
  private readonly byCompact = new Map<string, string[]>();
  private trie: WordTrie | null = null;
  private typos: FuzzyKeys | null = null;
  /** Tone forms of entries, computed on first use (see toneOf). */
  private readonly tones = new Map<NameEntry, string>();
  /** Most words in a key: a longer run of words cannot name a unit. */
  readonly maxWords: number;

  constructor(sources: NameSources) {
    sources.names((unit, key) =>
      this.add({
        unit,
        key,
        written: unit.name,
        skip: 0,
        source: "name",
        requiredTypes: null,
        firstReading: true,
      }),
    );
    // A former name keeps its type word out of the key, but does not require it: the type is
    // usually what changed ("Xã Lộc Ninh" is now Phường Lộc Ninh).
    for (const [unit, written] of sources.former) {
      const [reading] = readUnitName(written);
      this.add({
        unit,
        key: reading.key,
        written,
        skip: reading.skip,
        source: "former",
        requiredTypes: null,
        firstReading: true,
      });
    }
    // An alias is filed under every reading of it, as a query is read: "Quận 2" needs its type
    // word, but "TT Huế" (Thừa Thiên Huế) is no Thị trấn, and its words are the name.
    for (const [written, units] of sources.aliases)
      readUnitName(written).forEach((reading, i) => {
        for (const unit of units)
          this.add({
            unit,
            key: reading.key,
            written,
            skip: reading.skip,
            source: "alias",
            requiredTypes: reading.types,
            firstReading: i === 0,
          });
      });
    let maxWords = 1;
    for (const key of this.byKey.keys()) {
      let words = 1;
      for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 32) words++;
      const compact = words === 1 ? key : key.replaceAll(" ", "");
      const keys = this.byCompact.get(compact);
      if (keys) keys.push(key);
      else this.byCompact.set(compact, [key]);
      if (words > maxWords) maxWords = words;
    }
    this.maxWords = maxWords;
  }

  private add(entry: NameEntry): void {
    const list = this.byKey.get(entry.key);
    if (!list) this.byKey.set(entry.key, [entry]);
    else if (
      !list.some(
        (e) =>
          e.unit === entry.unit &&
          (e.source === "name") === (entry.source === "name") &&
          e.written === entry.written,
      )
    )
      list.push(entry);
  }

  /** The entries filed under a key, in filing order (official names, former names, aliases). */
  entries(key: string): readonly NameEntry[] {
    return this.byKey.get(key) ?? NO_ENTRIES;
  }

  /** Every key, in filing order. */
  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  /** The keys spelled `compact` once their spaces are removed ("daklak" → "dak lak", "daklak"). */
  keysSpelled(compact: string): readonly string[] {
    return this.byCompact.get(compact) ?? NO_KEYS;
  }

  /**
   * The joined spelling of multi-word keys ("caobang" for "cao bang") that is no key itself and
   * does not start with a digit ("12" is no spelling of "1 2"): the keys it joins, else none.
   */
  keysJoinedAs(spelling: string): readonly string[] {
    if (this.byKey.has(spelling) || isDigit(spelling.charCodeAt(0))) return NO_KEYS;
    const keys = this.byCompact.get(spelling);
    return keys ? keys.filter((key) => key.includes(" ")) : NO_KEYS;
  }

  /**
   * The entry's name with its diacritics, tone marks in one placement (name-analysis.ts
   * toneOfReading): what an accented query is compared with. Computed when first asked for and
   * remembered, because look-ups ask for the same few entries again and again (a national file's
   * "Phường 1" has twenty namesakes to compare).
   */
  toneOf(entry: NameEntry): string {
    let tone = this.tones.get(entry);
    if (tone === undefined) {
      tone = toneOfReading(entry.written, entry.skip);
      this.tones.set(entry, tone);
    }
    return tone;
  }

  /** The id of a word of some spelling, or -1 when no spelling holds it. */
  wordId(word: string): number {
    return this.wordTrie().wordId(word);
  }

  /** Some name holds this word as written (folded and keyed as the names' words are: "Kar", "Mỹ"). */
  holdsWord(written: string): boolean {
    return this.wordId(nameTokenKey(fold(written))) >= 0;
  }

  /** Known spellings (keys and joined spellings) one edit from `text` (a few table look-ups). */
  nearOne(text: string): string[] {
    return this.typoIndex().nearOne(text);
  }

  /** Known spellings that sound like `text` as a dialect writes it (text/sounds-alike.ts). */
  soundsLike(text: string): readonly string[] {
    return this.typoIndex().soundsLike(text);
  }

  /** Known spellings two edits from `text`, for 9+ characters (a scan: use sparingly). */
  nearTwo(text: string): string[] {
    return this.typoIndex().nearTwo(text);
  }

  /** The typo index, built on first use: many processes never need it (a code look-up, a clean file). */
  private typoIndex(): FuzzyKeys {
    this.typos ??= new FuzzyKeys(this.allSpellings());
    return this.typos;
  }

  /**
   * Every key, then the joined spellings (see keysJoinedAs) in the order of the first key each
   * joins: what the word trie and the typo index are built over. Listed on first use, once for both.
   */
  private allSpellings(): readonly string[] {
    if (this.spellings === null) {
      const spellings = [...this.byKey.keys()];
      for (const compact of this.byCompact.keys()) if (this.keysJoinedAs(compact).length > 0) spellings.push(compact);
      this.spellings = spellings;
    }
    return this.spellings;
  }

  private spellings: string[] | null = null;

  /**
   * The trie over the words of every key and joined spelling, built on first use: look-ups by key
   * (the CLI, the importer) never need it.
   */
  wordTrie(): WordTrie {
    this.trie ??= new WordTrie(this.allSpellings());
    return this.trie;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
