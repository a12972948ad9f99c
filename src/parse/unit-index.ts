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
import type { Unit, UnitType } from "../units/types.js";
import { nameKey, readUnitQuery } from "../units/unit-query.js";

export interface NameHit {
  unit: Unit;
  /** Matched through an alias ("HCM", "BMT", "Sài Gòn") rather than the official name. */
  alias: boolean;
  /** Types the text must write for this alias to count ("Quận 2" → Thủ Đức), or null. */
  needTypes: readonly UnitType[] | null;
  /**
   * The name's toneKey when another unit's name folds alike but is accented differently
   * (Hoằng Đông / Hoằng Đồng): only then do written diacritics decide. Undefined otherwise.
   */
  tone?: string;
}

/** One node of the token trie over name keys: the hits of the key ending here, and what follows. */
export interface TrieNode {
  hits: NameHit[] | null;
  key: string;
  next: Map<string, TrieNode> | null;
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
          this.add(key, { unit, alias: false, needTypes: null });
          maxTokens = Math.max(maxTokens, key.split(" ").length);
        }
      }
    for (const [alias, targets] of UNIT_ALIASES) {
      for (const reading of readUnitQuery(alias)) {
        for (const [structure, code] of targets) {
          const unit = registry.get(structure, code);
          if (unit) this.add(reading.key, { unit, alias: true, needTypes: reading.types });
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
