/**
 * What the parser reads about the units, precomputed once per registry for tens of thousands of
 * addresses a second. The names come from the registry's name index (units/name-index.ts), the
 * same index `registry.lookup` reads: this module only adds, for each spelling of that index's
 * word trie, the hits the mention search scores (each carrying the links between the structures
 * the resolver checks: new ward → old districts of its predecessors, old province → new
 * provinces), split by level and, for names many wards share, by place.
 */
import { fold, toneKey } from "../text/fold.js";
import type { UnitNameIndex, WordTrie } from "../units/name-index.js";
import { readUnitName } from "../units/name-analysis.js";
import { AddressShares } from "../units/population.js";
import { loadPostalPrefixes, type PostalPrefixes } from "../units/postal-codes.js";
import type { UnitRegistry } from "../units/registry.js";
import type { Level, Structure, Unit, UnitType } from "../units/types.js";
import { LEVEL_BIT, typeBit, typeMask } from "./lexicon.js";
import type { Token } from "./tokenise.js";

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
  /** An old ward: the districts it lay in before it moved (registry former units' `moves`); most have none. */
  formerDistricts: readonly string[];
  /** A new commune: the old wards (or island district) it was formed from (UnitIndex.predecessors). */
  predecessors: readonly Unit[];
}

const NONE: readonly Unit[] = [];
const NO_CODES: readonly string[] = [];

/**
 * A hit before the build fills in its links and bits. The fields every mention reads come first:
 * a hit is read once per address it is met in, and most hits are met cold (out of the processor's
 * caches), so those fields should share the object's first cache line.
 */
function newHit(unit: Unit, alias: boolean, needTypes: readonly UnitType[] | null): NameHit {
  return {
    levelBit: 0,
    typeBit: 0,
    needMask: 0,
    alias,
    tone: undefined,
    structure: unit.structure,
    provinceCode: unit.provinceCode,
    code: unit.code,
    unit,
    level: unit.level,
    otherProvinces: [],
    districtCode: unit.districtCode,
    needTypes,
    district: null,
    province: null,
    oldDistricts: undefined,
    successors: NONE,
    formerDistricts: NO_CODES,
    predecessors: NONE,
  };
}

/**
 * The parser's hits for one spelling of the name index's word trie (a key, or the joined
 * spelling of multi-word keys), split as the mention search reads them.
 */
export interface SpellingHits {
  /** The spelling: words joined by spaces. */
  key: string;
  hits: NameHit[];
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

/** Names shared by more wards than this get a by-place index (see SpellingHits.wardsByPlace). */
export const MANY_WARDS = 4;

/**
 * The parser's view of a registry's name index: hits with the links the resolver reads, per
 * spelling. Built once per parser and read-only afterwards, like the name index it reads.
 */
export class UnitIndex {
  /** The registry's name index: keys, word trie and typo search (units/name-index.ts). */
  readonly names: UnitNameIndex;
  /** The name index's word trie, which the mention search walks from each word. */
  readonly trie: WordTrie;
  /** Hits by trie node (undefined where the node spells no name). */
  private readonly hitsByNode: (SpellingHits | undefined)[];
  /**
   * Every node's hits in one list, node by node: its province and district hits (SpellingHits
   * `upper`), then its ward hits (`wards`), the same objects in the same order. The mention search
   * reads the hits of every node it reaches from every word of every address: from one list and
   * the bounds below, not through each node's SpellingHits and its two arrays, which lie apart
   * on the heap (those look-ups, not the arithmetic, were the search's cost).
   */
  readonly hitList: readonly NameHit[];
  /**
   * Where node n's hits lie in `hitList`: its province and district hits from `hitBounds[2n]`,
   * its ward hits from `hitBounds[2n + 1]`, up to `hitBounds[2n + 2]`.
   */
  private readonly hitBounds: Int32Array;
  /** 1 where a node spells a number ("5" of Phường 5), which names a unit only after a type word. */
  private readonly numberedNodes: Uint8Array;
  /**
   * The wards by place of the nodes whose name many wards share (SpellingHits.wardsByPlace): a
   * small map the search reads for such a name at every parse, rather than the node's
   * SpellingHits, which lies apart on the heap and is otherwise not read.
   */
  private readonly wardsByPlaceOfNode = new Map<number, WardsByPlace>();
  /** Hits by spelling, for the typo look-ups (which answer with spellings). */
  private readonly hitsBySpelling = new Map<string, SpellingHits>();
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
  /**
   * The same answers for the provinces' and districts' codes alone: a few hundred entries, which
   * stay in the processor's caches, where the whole map (ten thousand wards) is mostly met cold,
   * and most look-ups are a province's or a district's.
   */
  private readonly upperUnits = { old: new Map<string, Unit>(), new: new Map<string, Unit>() };
  /** Old province codes by postal-code prefix (units/postal-codes.ts). */
  readonly postalPrefixes: PostalPrefixes = loadPostalPrefixes();
  /** Old ward (or island district) → the new communes it went into, whole or in part. */
  readonly successors = new Map<string, Unit[]>();
  /** New commune → the old wards (or island district) it was formed from. */
  readonly predecessors = new Map<string, Unit[]>();
  /** Old district code → the new communes its wards went into, whole or in part, in code order. */
  readonly districtSuccessors = new Map<string, Unit[]>();
  /** The spellings that name a province (either structure), with their words, for a name cut short. */
  readonly provinceSpellings: { words: readonly string[]; hits: readonly NameHit[] }[] = [];
  /**
   * By the last word of those spellings ("noi", "minh", "tau": where a province's name may end), the
   * new provinces they name or went into: two words name the same or linked provinces when their
   * sets share one.
   */
  readonly newProvincesByLastWord = new Map<string, Set<string>>();
  /** The provinces (either structure) a spelling names, by the spelling ("ha noi", "hcm"). */
  readonly provincesBySpelling = new Map<string, readonly NameHit[]>();
  private shares: AddressShares | null = null;

  /**
   * Each commune's expected share of the country's addresses (units/population.ts), built when a
   * tie between namesakes first asks for it: most texts never do.
   */
  get addressShares(): AddressShares {
    this.shares ??= new AddressShares(this.registry);
    return this.shares;
  }

  constructor(readonly registry: UnitRegistry) {
    const names = registry.nameIndex;
    this.names = names;
    this.trie = names.wordTrie();
    this.maxTokens = names.maxWords;
    for (const structure of ["old", "new"] as const)
      for (const level of ["province", "district", "ward"] as const) {
        if (structure === "new" && level === "district") continue;
        for (const unit of registry.list(structure, level)) this.units[structure].set(unit.code, unit);
      }
    for (const structure of ["old", "new"] as const)
      for (const level of ["province", "district"] as const)
        for (const unit of registry.list(structure, level))
          this.upperUnits[structure].set(unit.code, this.units[structure].get(unit.code)!);
    this.hitsByNode = new Array(this.trie.size);
    // The types units had before a rename, which a text written then still gives them ("Tỉnh Đồng
    // Nai" for Thành phố Đồng Nai, "Xã Trảng Bom" for its Phường): their own, not another level's.
    const formerTypes = new Map<Unit, number>();
    for (let node = 0; node < this.trie.size; node++) {
      const key = this.trie.spelling(node);
      const hits: NameHit[] = [];
      const add = (hit: NameHit) => {
        if (!hits.some((h) => h.unit === hit.unit && h.needTypes === hit.needTypes)) hits.push(hit);
      };
      for (const entry of names.entries(key)) {
        add(newHit(entry.unit, entry.source !== "name", entry.requiredTypes));
        if (entry.source === "former" && entry.skip > 0) {
          const [{ types }] = readUnitName(entry.written);
          if (types) formerTypes.set(entry.unit, (formerTypes.get(entry.unit) ?? 0) | typeMask(types).types);
        }
      }
      // Names run together ("caobang", "hoabinh", "BinhThanh"), read like an alias: a little
      // less certain than the name written apart.
      for (const joined of names.keysJoinedAs(key))
        for (const entry of names.entries(joined)) add(newHit(entry.unit, true, entry.requiredTypes));
      if (hits.length === 0) continue;
      const spelling: SpellingHits = { key, hits, upper: [], wards: [], wardsByPlace: null };
      for (const hit of hits) (hit.unit.level === "ward" ? spelling.wards : spelling.upper).push(hit);
      this.hitsByNode[node] = spelling;
      this.hitsBySpelling.set(key, spelling);
    }
    const hitList: NameHit[] = [];
    this.hitBounds = new Int32Array(2 * this.trie.size + 1);
    this.numberedNodes = new Uint8Array(this.trie.size);
    for (let node = 0; node < this.trie.size; node++) {
      const spelling = this.hitsByNode[node];
      this.hitBounds[2 * node] = hitList.length;
      if (spelling) hitList.push(...spelling.upper);
      this.hitBounds[2 * node + 1] = hitList.length;
      if (spelling) hitList.push(...spelling.wards);
      if (spelling && isNumber(spelling.key)) this.numberedNodes[node] = 1;
    }
    this.hitBounds[2 * this.trie.size] = hitList.length;
    this.hitList = hitList;
    // Names recur across hits (66 wards are called Tân Thành): each name's tone form is worked out once.
    const toneOfName = new Map<string, string>();
    const toneOf = (name: string): string => {
      let tone = toneOfName.get(name);
      if (tone === undefined) {
        tone = toneKey(name);
        toneOfName.set(name, tone);
      }
      return tone;
    };
    for (const { hits } of this.hitsBySpelling.values()) {
      if (hits.length < 2) continue;
      const tones = hits.map((h) => toneOf(h.unit.name));
      if (tones.some((t) => t !== tones[0])) for (let k = 0; k < hits.length; k++) hits[k].tone = tones[k];
    }
    for (const ward of registry.list("new", "ward")) {
      const districts = new Set<string>();
      const preds = registry.predecessors(ward.code).map((t) => t.unit);
      this.predecessors.set(ward.code, preds);
      for (const unit of preds) {
        const district = unit.districtCode ?? unit.code;
        if (!districts.has(district)) {
          const list = this.districtSuccessors.get(district);
          if (list) list.push(ward);
          else this.districtSuccessors.set(district, [ward]);
        }
        districts.add(district);
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
    for (const spelling of this.hitsBySpelling.values()) {
      this.indexWardsByPlace(spelling);
      const provinces = spelling.upper.filter((h) => h.unit.level === "province");
      if (provinces.length > 0) {
        const words = spelling.key.split(" ");
        this.provinceSpellings.push({ words, hits: provinces });
        this.provincesBySpelling.set(spelling.key, provinces);
        const last = words[words.length - 1];
        let news = this.newProvincesByLastWord.get(last);
        if (news === undefined) {
          news = new Set();
          this.newProvincesByLastWord.set(last, news);
        }
        for (const { unit } of provinces)
          for (const code of unit.structure === "new" ? [unit.code] : (this.oldToNewProvinces.get(unit.code) ?? [])) news.add(code);
      }
    }
    for (let node = 0; node < this.trie.size; node++) {
      const byPlace = this.hitsByNode[node]?.wardsByPlace;
      if (byPlace) this.wardsByPlaceOfNode.set(node, byPlace);
    }
    // Shared per province, so the few lists stay in the processor's caches.
    const otherProvinces = { old: new Map<string, string[]>(), new: new Map<string, string[]>() };
    const predecessorProvinces = new Map<string, string[]>();
    const former = registry.formerUnits;
    for (const { hits } of this.hitsBySpelling.values())
      for (const hit of hits) {
        const u = hit.unit;
        const old = u.structure === "old";
        hit.district = old && u.level === "ward" ? (this.unit("old", u.districtCode!) ?? null) : null;
        hit.province = this.unit(u.structure, u.provinceCode) ?? null;
        let others = otherProvinces[u.structure].get(u.provinceCode);
        if (!others) {
          const linked = old
            ? this.oldToNewProvinces.get(u.provinceCode)
            : this.newToOldProvinces.get(u.provinceCode);
          others = [...(linked ?? [])];
          otherProvinces[u.structure].set(u.provinceCode, others);
        }
        hit.otherProvinces = others;
        hit.oldDistricts = !old && u.level === "ward" ? this.newWardOldDistricts.get(u.code) : undefined;
        hit.successors = old ? (this.successors.get(u.code) ?? NONE) : NONE;
        if (old && u.level === "ward") hit.formerDistricts = former.formerDistrictsOf(u.code);
        hit.predecessors = old ? NONE : (this.predecessors.get(u.code) ?? NONE);
        // A new commune lies in the old provinces its predecessors lay in, not in every one its
        // new province took in: new Phú Thọ's Xã Tiền Phong was Hòa Bình's, so "…, Vĩnh Phúc" is
        // no province of it.
        if (!old && u.level === "ward" && hit.predecessors.length > 0) {
          const within = others.filter((code) => hit.predecessors.some((p) => p.provinceCode === code));
          if (within.length > 0 && within.length < others.length) {
            const key = `${u.provinceCode}:${within.join(",")}`;
            if (!predecessorProvinces.has(key)) predecessorProvinces.set(key, within);
            hit.otherProvinces = predecessorProvinces.get(key)!;
          }
        }
        hit.typeBit = typeBit(hit.unit.type) | (formerTypes.get(hit.unit) ?? 0);
        hit.levelBit = LEVEL_BIT[hit.unit.level];
        // An empty list of needed types can never be met: a bit no type has.
        hit.needMask = hit.needTypes ? typeMask(hit.needTypes).types || 1 << 30 : 0;
      }
  }

  /** The node of the name index's word trie spells a name: it has hits. */
  namesUnits(node: number): boolean {
    return this.hitBounds[2 * node] !== this.hitBounds[2 * node + 2];
  }

  /** Where the node's province and district hits start in `hitList`. */
  firstUpper(node: number): number {
    return this.hitBounds[2 * node];
  }

  /** Where the node's ward hits start in `hitList` (and its province and district hits end). */
  firstWard(node: number): number {
    return this.hitBounds[2 * node + 1];
  }

  /** Where the node's ward hits end in `hitList`. */
  endOfWards(node: number): number {
    return this.hitBounds[2 * node + 2];
  }

  /** The node spells a province's or district's name (it has hits before its ward hits). */
  namesUpper(node: number): boolean {
    return this.hitBounds[2 * node] !== this.hitBounds[2 * node + 1];
  }

  /** The node spells a number ("5" of Phường 5). */
  numbered(node: number): boolean {
    return this.numberedNodes[node] === 1;
  }

  /** The node's wards by place (SpellingHits.wardsByPlace), or null when few wards share its name. */
  wardsByPlaceAt(node: number): WardsByPlace | null {
    // Only a name many wards share has them: the count tells, without reading the node's SpellingHits.
    if (this.endOfWards(node) - this.firstWard(node) <= MANY_WARDS) return null;
    return this.wardsByPlaceOfNode.get(node)!;
  }

  /** The parser's hits for a spelling (a key or a joined spelling), or undefined. */
  hitsOf(spelling: string): SpellingHits | undefined {
    return this.hitsBySpelling.get(spelling);
  }

  /** Builds `wardsByPlace` for a name many wards share (needs the structure links). */
  private indexWardsByPlace(spelling: SpellingHits): void {
    if (spelling.wards.length <= MANY_WARDS) return;
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
    for (const hit of spelling.wards) {
      const u = hit.unit;
      if (u.structure === "old") {
        put(byPlace.oldDistrict, u.districtCode!, hit);
        put(byPlace.oldProvince, u.provinceCode, hit);
      } else {
        put(byPlace.newProvince, u.provinceCode, hit);
        for (const d of this.newWardOldDistricts.get(u.code) ?? []) put(byPlace.predecessorDistrict, d, hit);
      }
    }
    spelling.wardsByPlace = byPlace;
  }

  /** The unit with this code in this structure (a map look-up), or undefined. */
  unit(structure: "old" | "new", code: string): Unit | undefined {
    // Not `this.units[structure]`: a property read by a name that varies takes the engine's slow path.
    return structure === "old"
      ? (this.upperUnits.old.get(code) ?? this.units.old.get(code))
      : (this.upperUnits.new.get(code) ?? this.units.new.get(code));
  }

  /**
   * The spellings of the communes of one place, each with its hit: an old district's wards, or a
   * new province's communes (`place` is that unit). Numbered names are left out (a number is read
   * exactly or not at all). Built on first use: only texts whose commune could not be read ask.
   */
  wardSpellingsIn(place: Unit): readonly PlacedSpelling[] {
    if (this.spellingsByPlace === null) {
      // By the place's code, one map per structure: no key string is built for each of the
      // twenty-odd thousand ward hits.
      const byPlace = { old: new Map<string, PlacedSpelling[]>(), new: new Map<string, PlacedSpelling[]>() };
      for (const { key, wards } of this.hitsBySpelling.values()) {
        if (isDigit(key.charCodeAt(0))) continue;
        const loose = looseKey(key);
        for (const hit of wards) {
          const u = hit.unit;
          const places = byPlace[u.structure];
          const placeCode = u.structure === "old" ? u.districtCode! : u.provinceCode;
          const list = places.get(placeCode);
          const spelling = { key, loose, hit };
          if (list) list.push(spelling);
          else places.set(placeCode, [spelling]);
        }
      }
      this.spellingsByPlace = byPlace;
    }
    const places = place.level === "district" ? this.spellingsByPlace.old : this.spellingsByPlace.new;
    return places.get(place.code) ?? NO_SPELLINGS;
  }

  private spellingsByPlace: { old: Map<string, PlacedSpelling[]>; new: Map<string, PlacedSpelling[]> } | null = null;

  /**
   * The provinces a shortened name may stand for, by "initials last-word" ("t hoa" for T.Hóa,
   * "th hoa", "q ngai", "b duong"), and by a beginning of the last word when only one province's
   * name fits it ("q ng"): `exact` is false for those. Built from the official names on first use.
   */
  provinceAbbreviations(): ReadonlyMap<string, ProvinceAbbreviation> {
    if (this.abbreviations !== null) return this.abbreviations;
    const full = new Map<string, NameHit[]>();
    const cut = new Map<string, Set<string>>();
    const add = (key: string, hits: readonly NameHit[]) => {
      const list = full.get(key);
      if (list) list.push(...hits.filter((h) => !list.includes(h)));
      else full.set(key, [...hits]);
    };
    for (const { words, hits } of this.provinceSpellings) {
      const official = hits.filter((h) => !h.alias);
      if (words.length < 2 || official.length === 0) continue;
      const last = words[words.length - 1];
      const firsts = words.slice(0, -1);
      const initials = [firsts.map((w) => w[0]).join("")];
      // "Th.Hóa", "Tr.Vinh": a two-letter opening consonant stands for the word as well.
      const cluster = /^(ch|gi|kh|ng|nh|ph|qu|th|tr)/.exec(firsts[0])?.[1];
      if (firsts.length === 1 && cluster) initials.push(cluster);
      for (const i of initials) {
        add(`${i} ${last}`, official);
        for (let k = 2; k < last.length; k++) {
          const key = `${i} ${last.slice(0, k)}`;
          const names = cut.get(key);
          if (names) names.add(words.join(" "));
          else cut.set(key, new Set([words.join(" ")]));
        }
      }
    }
    const out = new Map<string, ProvinceAbbreviation>();
    for (const [key, hits] of full) out.set(key, { hits, exact: true });
    for (const [key, names] of cut) {
      if (out.has(key) || names.size !== 1) continue;
      const [name] = names;
      const words = name.split(" ");
      const hits = full.get(`${words.slice(0, -1).map((w) => w[0]).join("")} ${words[words.length - 1]}`);
      if (hits) out.set(key, { hits, exact: false });
    }
    this.abbreviations = out;
    return out;
  }

  private abbreviations: Map<string, ProvinceAbbreviation> | null = null;

  /**
   * The districts a name written as its first words' initials glued to its last word may stand
   * for, by "initials last-word": "b thanh" for Q.BThạnh (Bình Thạnh), "p nhuan", "c chi". Built
   * on first use from the official names.
   */
  districtAbbreviations(): ReadonlyMap<string, readonly NameHit[]> {
    // Few texts write a district so: the names are read here, not at every parser's start.
    this.districtInitials ??= this.namesShortened(
      (hit) => hit.unit.level === "district",
      (words) => `${initialsOf(words.slice(0, -1))} ${words[words.length - 1]}`,
    );
    return this.districtInitials;
  }

  private districtInitials: Map<string, NameHit[]> | null = null;

  /**
   * The provinces and districts whose name's words begin with these letters, by the letters: "nt"
   * for Thành phố Nha Trang, "tdm" for Thủ Dầu Một, "kh" for Khánh Hòa ("TP.NT", "…, KH", as people
   * shorten a name). Built on first use from the official names of two words or more.
   */
  unitsByInitials(): ReadonlyMap<string, readonly NameHit[]> {
    this.initialsOnly ??= this.namesShortened(() => true, initialsOf);
    return this.initialsOnly;
  }

  private initialsOnly: Map<string, NameHit[]> | null = null;

  /**
   * The wards (both structures) whose name's words begin with these letters, by the letters: "bhh"
   * for Phường Bình Hưng Hòa, "vts" for Võ Thị Sáu ("P.BHH", as shops in a district shorten its
   * wards). Built on first use, as unitsByInitials.
   */
  wardsByInitials(): ReadonlyMap<string, readonly NameHit[]> {
    this.wardInitials ??= this.namesShortened(() => true, initialsOf, "wards");
    return this.wardInitials;
  }

  private wardInitials: Map<string, NameHit[]> | null = null;

  /** The official names of two words or more of provinces and districts, or wards (`level`), that `keep` keeps, by `shorten` of their words. */
  private namesShortened(
    keep: (hit: NameHit) => boolean,
    shorten: (words: string[]) => string,
    level: "upper" | "wards" = "upper",
  ): Map<string, NameHit[]> {
    const out = new Map<string, NameHit[]>();
    for (const spelling of this.hitsBySpelling.values()) {
      if (!spelling.key.includes(" ")) continue;
      const hits = spelling[level].filter((h) => !h.alias && keep(h));
      if (hits.length === 0) continue;
      const key = shorten(spelling.key.split(" "));
      const list = out.get(key);
      if (list) list.push(...hits.filter((h) => !list.includes(h)));
      else out.set(key, hits);
    }
    return out;
  }
}

/** The first letters of the words ("nha", "trang": "nt"). */
function initialsOf(words: readonly string[]): string {
  return words.map((w) => w[0]).join("");
}

/** The provinces a shortened name stands for (UnitIndex.provinceAbbreviations). */
export interface ProvinceAbbreviation {
  hits: readonly NameHit[];
  /** The last word is written whole, not only its beginning. */
  exact: boolean;
}

/** A spelling of a commune's name and the hit it gives (UnitIndex.wardSpellingsIn). */
export interface PlacedSpelling {
  key: string;
  /** The key with every "y" an "i" (looseKey), for comparing with damaged words. */
  loose: string;
  hit: NameHit;
}

/**
 * A key with every "y" written "i": keys already write a final "y" so ("Mỹ" → "mi"), but damaged
 * words ("Myy") and names ("Xuyên") keep theirs elsewhere, and the two letters are one sound.
 */
export function looseKey(key: string): string {
  return key.replaceAll("y", "i");
}

const NO_SPELLINGS: readonly PlacedSpelling[] = [];

/** The spelling is a number: "5", "12". */
function isNumber(spelling: string): boolean {
  return /^\d+$/.test(spelling);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The province `unit` is `own`, or an old province linked to it across the 2025 reform. */
export function sameOrLinkedProvince(unit: Unit, own: Unit, index: UnitIndex): boolean {
  return (
    unit === own ||
    (own.structure === "old" && (index.oldToNewProvinces.get(own.code)?.has(unit.code) ?? false)) ||
    (unit.structure === "old" && (index.oldToNewProvinces.get(unit.code)?.has(own.code) ?? false))
  );
}

/** The first letters of a name's words, folded ("Lạng Sơn" → "ls", "Bà Rịa - Vũng Tàu" → "brvt"). */
export function nameInitials(name: string): string {
  return fold(name)
    .split(/[\s-]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0])
    .join("");
}

/** The index's spelling of the words tokens[from, to): their name keys, space-joined ("ha noi", "tu liem"). */
export function spellingOf(tokens: readonly Token[], from: number, to: number): string {
  let key = tokens[from].w.key;
  for (let k = from + 1; k < to; k++) key += ` ${tokens[k].w.key}`;
  return key;
}
