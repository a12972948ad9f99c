/**
 * Precomputed look-up structures the parser needs for tens of thousands of addresses a second,
 * built once from the registry: folded unit name → units (both structures, all levels, aliases),
 * a typo index over the same keys (built on first use), and the links between the structures
 * reduced to the sets the resolver checks (new ward → old districts of its predecessors, old
 * province → new provinces).
 */
import { toneKey } from "../text/fold.js";
import { UNIT_ALIASES } from "../units/aliases.js";
import { FuzzyKeys } from "../units/fuzzy-keys.js";
import type { UnitRegistry } from "../units/registry.js";
import type { Level, Structure, Unit, UnitType } from "../units/types.js";
import { nameKey, readUnitName } from "../units/name-analysis.js";
import { LEVEL_BIT, typeBit, typeMask } from "./lexicon.js";

export interface NameHit extends UnitLinks {
  unit: Unit;
  /** Matched through an alias ("HCM", "BMT", "Sài Gòn") rather than the official name. */
  alias: boolean;
  /** Types the text must write for this alias to count ("Quận 2" → Thủ Đức), or null. */
  needTypes: readonly UnitType[] | null;
  /**
   * The name's toneKey when another unit's name folds alike but is accented differently
   * (Hoằng Đông / Hoằng Đồng): only then do written diacritics decide. Undefined otherwise.
   */
  tone: string | undefined;
  /** The unit's type and level as bits (lexicon.ts TypeMask), and `needTypes` as a type mask (0: none). */
  typeBit: number;
  levelBit: number;
  needMask: number;
  /** Scratch for findMentions: the last span that took this hit. */
  taken: number;
}

/**
 * What the resolver reads about a hit's unit, copied onto the hit at build time: the stages
 * then read one small record the mention search has just touched, not the registry's unit and
 * the maps around it (memory look-ups dominate the cost of parsing).
 */
export interface UnitLinks {
  readonly level: Level;
  readonly structure: Structure;
  readonly code: string;
  readonly provinceCode: string;
  readonly districtCode: string | null;
  /** The old district holding an old ward, else null. */
  district: Unit | null;
  /** The province of the unit's own structure holding it. */
  province: Unit | null;
  /**
   * The other structure's provinces linked to the unit's province (an old province → the new
   * ones it went into; a new province → the old ones that formed it), in the index's order.
   */
  otherProvinces: readonly string[];
  /** A new ward: the old districts of its predecessors (UnitIndex.newWardOldDistricts). */
  oldDistricts: ReadonlySet<string> | undefined;
  /** An old ward (or island district): the new communes it went into (UnitIndex.successors). */
  successors: readonly Unit[];
  /** A new commune: the old wards (or island district) it was formed from (UnitIndex.predecessors). */
  predecessors: readonly Unit[];
}

const NONE: readonly Unit[] = [];

/** A hit before the build fills in its links and bits. */
function newHit(unit: Unit, alias: boolean, needTypes: readonly UnitType[] | null): NameHit {
  return {
    unit,
    alias,
    needTypes,
    tone: undefined,
    level: unit.level,
    structure: unit.structure,
    code: unit.code,
    provinceCode: unit.provinceCode,
    districtCode: unit.districtCode,
    district: null,
    province: null,
    otherProvinces: [],
    oldDistricts: undefined,
    successors: NONE,
    predecessors: NONE,
    typeBit: 0,
    levelBit: 0,
    needMask: 0,
    taken: 0,
  };
}

/** One node of the token trie over name keys: the hits of the key ending here, and what follows. */
export interface TrieNode {
  hits: NameHit[] | null;
  key: string;
  next: Map<string, TrieNode> | null;
  /** The words that may follow, as trie word ids in ascending order (see UnitIndex.wordId), or null. */
  nextIds: Int32Array | null;
  /** The nodes they lead to, aligned with `nextIds`. */
  nextNodes: TrieNode[] | null;
  /** The province and district hits (few). */
  upper: NameHit[];
  /** The ward hits (up to 66 for "Tân Thành"). */
  wards: NameHit[];
  /**
   * For names many wards share: the ward hits by where they lie, so the wards a written
   * province or district supports are found without scanning them all.
   */
  wardsByPlace: WardsByPlace | null;
}

export interface WardsByPlace {
  /** Old wards by old district code. */
  oldDistrict: Map<string, NameHit[]>;
  /** Old wards by old province code. */
  oldProvince: Map<string, NameHit[]>;
  /** New wards by new province code. */
  newProvince: Map<string, NameHit[]>;
  /** New wards by the old districts their predecessors lay in. */
  predecessorDistrict: Map<string, NameHit[]>;
}

/** Names shared by more wards than this get a by-place index (see TrieNode.wardsByPlace). */
export const MANY_WARDS = 4;

export class UnitIndex {
  /** Name keys as a trie over their tokens: a span is walked token by token, no strings built. */
  readonly trie: Map<string, TrieNode> = new Map();
  readonly names = new Map<string, NameHit[]>();
  /** Every word of every name key → a small integer, so the hot path walks the trie without hashing. */
  readonly wordIds = new Map<string, number>();
  /** The trie's first level by word id (undefined where no name starts with the word). */
  readonly roots: (TrieNode | undefined)[] = [];
  /** Longest name key, in tokens: spans longer than this cannot name a unit. */
  readonly maxTokens: number;
  /** new ward code → old district codes of its predecessors (for old/new mixtures). */
  readonly newWardOldDistricts = new Map<string, Set<string>>();
  /** old province code → new province codes it went into. */
  readonly oldToNewProvinces = new Map<string, Set<string>>();
  /** new province code → old province codes that went into it. */
  readonly newToOldProvinces = new Map<string, string[]>();
  /** Units by structure and code (the registry searches; the hot path wants a map). */
  private readonly units = { old: new Map<string, Unit>(), new: new Map<string, Unit>() };
  /** Old ward (or island district) → the new communes it went into, whole or in part. */
  readonly successors = new Map<string, Unit[]>();
  /** New commune → the old wards (or island district) it was formed from. */
  readonly predecessors = new Map<string, Unit[]>();
  private fuzzy: FuzzyKeys | null = null;

  constructor(readonly registry: UnitRegistry) {
    let maxTokens = 1;
    for (const structure of ["old", "new"] as const)
      for (const level of ["province", "district", "ward"] as const) {
        if (structure === "new" && level === "district") continue;
        for (const unit of registry.list(structure, level)) {
          this.units[structure].set(unit.code, unit);
          const key = nameKey(unit.name);
          this.add(key, newHit(unit, false, null));
          maxTokens = Math.max(maxTokens, key.split(" ").length);
        }
      }
    for (const [alias, targets] of UNIT_ALIASES) {
      for (const reading of readUnitName(alias)) {
        for (const [structure, code] of targets) {
          const unit = registry.get(structure, code);
          if (unit) this.add(reading.key, newHit(unit, true, reading.types));
        }
        maxTokens = Math.max(maxTokens, reading.key.split(" ").length);
      }
    }
    this.maxTokens = maxTokens;
    // Names run together ("caobang", "hoabinh", "BinhThanh"): one more key per multi-word name,
    // read like an alias (a little less certain than the name written apart).
    for (const [key, hits] of [...this.names]) {
      if (!key.includes(" ")) continue;
      const glued = key.replace(/ /g, "");
      if (/^\d/.test(glued) || this.names.has(glued)) continue;
      for (const hit of hits) this.add(glued, { ...hit, alias: true });
    }
    for (const [key, hits] of this.names) {
      let level = this.trie;
      let node: TrieNode | undefined;
      const words = key.split(" ");
      for (let k = 0; k < words.length; k++) {
        node = level.get(words[k]);
        if (!node) {
          node = {
            hits: null,
            key: words.slice(0, k + 1).join(" "),
            next: null,
            nextIds: null,
            nextNodes: null,
            upper: [],
            wards: [],
            wardsByPlace: null,
          };
          level.set(words[k], node);
        }
        if (k + 1 < words.length) level = node.next ??= new Map();
      }
      node!.hits = hits;
      for (const hit of hits) (hit.unit.level === "ward" ? node!.wards : node!.upper).push(hit);
    }
    for (const hits of this.names.values()) {
      if (hits.length < 2) continue;
      const tones = hits.map((h) => toneKey(h.unit.name));
      if (tones.some((t) => t !== tones[0])) for (let k = 0; k < hits.length; k++) hits[k].tone = tones[k];
    }
    for (const ward of registry.list("new", "ward")) {
      const districts = new Set<string>();
      const preds = registry.predecessors(ward.code).map((t) => t.unit);
      this.predecessors.set(ward.code, preds);
      for (const unit of preds) {
        districts.add(unit.districtCode ?? unit.code);
        const list = this.successors.get(unit.code);
        if (list) list.push(ward);
        else this.successors.set(unit.code, [ward]);
      }
      this.newWardOldDistricts.set(ward.code, districts);
    }
    for (const province of registry.list("old", "province")) {
      const news = registry.newProvincesOf(province.code).map((u) => u.code);
      this.oldToNewProvinces.set(province.code, new Set(news));
      for (const code of news) {
        const olds = this.newToOldProvinces.get(code);
        if (olds) olds.push(province.code);
        else this.newToOldProvinces.set(code, [province.code]);
      }
    }
    this.indexWardsByPlace(this.trie);
    // Shared per province, so the few lists stay in the processor's caches.
    const otherProvinces = { old: new Map<string, string[]>(), new: new Map<string, string[]>() };
    for (const hits of this.names.values())
      for (const hit of hits) {
        const u = hit.unit;
        const old = u.structure === "old";
        hit.district = old && u.level === "ward" ? (this.unit("old", u.districtCode!) ?? null) : null;
        hit.province = this.unit(u.structure, u.provinceCode) ?? null;
        let others = otherProvinces[u.structure].get(u.provinceCode);
        if (!others) {
          const linked = old ? this.oldToNewProvinces.get(u.provinceCode) : this.newToOldProvinces.get(u.provinceCode);
          others = [...(linked ?? [])];
          otherProvinces[u.structure].set(u.provinceCode, others);
        }
        hit.otherProvinces = others;
        hit.oldDistricts = !old && u.level === "ward" ? this.newWardOldDistricts.get(u.code) : undefined;
        hit.successors = old ? (this.successors.get(u.code) ?? NONE) : NONE;
        hit.predecessors = old ? NONE : (this.predecessors.get(u.code) ?? NONE);
        hit.typeBit = typeBit(hit.unit.type);
        hit.levelBit = LEVEL_BIT[hit.unit.level];
        // An empty list of needed types can never be met: a bit no type has.
        hit.needMask = hit.needTypes ? typeMask(hit.needTypes).types || 1 << 30 : 0;
      }
    for (const [word, node] of this.trie) this.roots[this.wordId(word)] = node;
    this.indexNextIds(this.trie);
    // Packed, one slot per id: words found only further into names have no root.
    for (let id = this.roots.length; id < this.wordIds.size; id++) this.roots.push(undefined);
  }

  /** The id of a word of the name keys, assigned on first sight (build time only). */
  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.wordIds.size;
      this.wordIds.set(word, id);
    }
    return id;
  }

  /** Builds TrieNode.nextIds / nextNodes below `level` from the string-keyed maps. */
  private indexNextIds(level: Map<string, TrieNode>): void {
    for (const node of level.values()) {
      if (!node.next) continue;
      const entries = [...node.next].map(([word, child]) => [this.wordId(word), child] as const);
      entries.sort((a, b) => a[0] - b[0]);
      node.nextIds = Int32Array.from(entries, (e) => e[0]);
      node.nextNodes = entries.map((e) => e[1]);
      this.indexNextIds(node.next);
    }
  }

  /** The child of `node` reached by the word with trie id `id` (a binary search), or undefined. */
  child(node: TrieNode, id: number): TrieNode | undefined {
    const ids = node.nextIds;
    if (ids === null || id < 0) return undefined;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = ids[mid];
      if (v === id) return node.nextNodes![mid];
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Builds TrieNode.wardsByPlace for the names many wards share (needs the structure links). */
  private indexWardsByPlace(level: Map<string, TrieNode>): void {
    for (const node of level.values()) {
      if (node.wards.length > MANY_WARDS) {
        const byPlace: WardsByPlace = {
          oldDistrict: new Map(),
          oldProvince: new Map(),
          newProvince: new Map(),
          predecessorDistrict: new Map(),
        };
        const put = (map: Map<string, NameHit[]>, place: string, hit: NameHit) => {
          const list = map.get(place);
          if (!list) map.set(place, [hit]);
          else if (list[list.length - 1] !== hit) list.push(hit);
        };
        for (const hit of node.wards) {
          const u = hit.unit;
          if (u.structure === "old") {
            put(byPlace.oldDistrict, u.districtCode!, hit);
            put(byPlace.oldProvince, u.provinceCode, hit);
          } else {
            put(byPlace.newProvince, u.provinceCode, hit);
            for (const d of this.newWardOldDistricts.get(u.code) ?? [])
              put(byPlace.predecessorDistrict, d, hit);
          }
        }
        node.wardsByPlace = byPlace;
      }
      if (node.next) this.indexWardsByPlace(node.next);
    }
  }

  private add(key: string, hit: NameHit): void {
    const list = this.names.get(key);
    if (!list) this.names.set(key, [hit]);
    else if (!list.some((h) => h.unit === hit.unit && h.needTypes === hit.needTypes)) list.push(hit);
  }

  /** The unit with this code in this structure (a map look-up), or undefined. */
  unit(structure: "old" | "new", code: string): Unit | undefined {
    return this.units[structure].get(code);
  }

  /** Known name keys one edit from `key` (a few map look-ups). */
  nearOne(key: string): string[] {
    this.fuzzy ??= new FuzzyKeys(this.names.keys());
    return this.fuzzy.nearOne(key);
  }

  /** Known name keys two edits from `key`, for keys of 9+ characters (a scan: use sparingly). */
  nearTwo(key: string): string[] {
    this.fuzzy ??= new FuzzyKeys(this.names.keys());
    return this.fuzzy.nearTwo(key);
  }
}
