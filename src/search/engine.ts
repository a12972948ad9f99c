/**
 * Search, autocomplete, geocoding and reverse geocoding over the index segments of one store.
 *
 * A text query is read twice, each way doing what it is good at: the parser reads the units in
 * either structure (old ward, district and province, or new commune and province; typos, initials,
 * former names) and the house number and alley; the segment's word index finds the streets,
 * hamlets and names the words cover. A document's score is its cover times how well its commune
 * agrees with the units; the stated house on it makes an address result, else the street is the
 * answer, located at its nearest house number. Nothing is a house match that was not stated.
 *
 * The index is a base segment (built from a full scan, saved to a file) and a delta segment of
 * the records changed since (from the store's change feed), with the base's stale records hidden:
 * one edit never rebuilds the base.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { parseAnyCode, plusCodeIn, suggest } from "../code/index.js";
import type { Status } from "../domain/lifecycle.js";
import { fold } from "../text/fold.js";
import { repairMojibake } from "../text/mojibake.js";
import { readTelex } from "../text/telex.js";
import type { Parser } from "../parse/index.js";
import type { ParsedAddress } from "../parse/types.js";
import type { UnitRegistry } from "../units/registry.js";
import type { Boundaries } from "../units/boundaries.js";
import {
  agreementBeyond,
  EvidenceReader,
  type Level,
  standingLevels,
  type UnitEvidence,
  unitFactor,
  unitWordsOf,
} from "./evidence.js";
import { type DirectView, findDirect, fullAgreement, scoresOne } from "./direct.js";
import { DOC_NAME, DOC_STREET, NO_HOUSE, type Segment } from "./segment.js";
import { spelledOtherwise, writtenParts } from "./spelling.js";
import { SegmentView, SIBLINGS } from "./segment-view.js";
import { StaleRecords } from "./stale.js";
import type { DocumentMatch, MatchAnswer } from "./match.js";
import { DocumentRanking, type RankedPass } from "./rank.js";
import { doorlessKey, keptForDoors, RankingMemo } from "./ranking-memo.js";
import { distanceMetres } from "./points.js";
import { readTyping } from "./typing.js";
import { explainedShare, wordWeights } from "./weights.js";
import type {
  GeocodeAnswer,
  ReverseAnswer,
  ReverseOptions,
  SearchAnswer,
  SearchOptions,
  SearchResult,
} from "./types.js";
import { Candidates, ResultWriter, round, STATUS_RANK } from "./results.js";
import {
  alleyNumbers,
  doorBefore,
  doorKeyOf,
  foldedWords,
  labelMayExplain,
  listedHouses,
  queryWords,
  TYPE_WORDS,
  withoutListedDoors,
  withoutOpeningDoorWord,
} from "./words.js";

const DEFAULT_LIMIT = 10;
/** Past this many named communes (a common name written without its province) read everything. */
const MAX_NAMED_COMMUNES = 400;
const COORDINATES = /^(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{2,3}(?:\.\d+)?)$/;
/** Our code written compactly: ten symbols, with a unit suffix of up to four more. */
const CODE_SHAPE = /^[0-9A-Z]{9,15}$/;
const MAX_LIMIT = 100;
/** A record reached through its hamlet, building or name whose street is not the one written (or on a hamlet of another type). */
const OTHER_STREET = 0.93;
/** A record at the door written, its alley written with another word ("Ngõ 2" for "Hẻm 2"): a tie-break. */
const OTHER_ALLEY_WORD = 0.99;
/** A record at the door whose flat is another than the one written. */
const OTHER_FLAT = 0.9;
/** A named commune's answer that explains the whole text is taken from this score on. */
const COMPLETE_ENOUGH = 0.5;
/** Below this a geocode answers nothing rather than a doubtful place. */
const GEOCODE_FLOOR = 0.35;
/**
 * A geocode reads this many answers: the best, and a place elsewhere scoring close to it (a
 * rival) lowers its confidence. Two more than the best, as the next may stand at the same door.
 */
const GEOCODE_PAGE = 3;
/** A rival stands farther than this from the best answer (metres): nearer, it is the same place. */
const RIVAL_DISTANCE_M = 150;
/**
 * A rival within this much of the best answer's score lowers the geocode's confidence: to
 * RIVAL_FLOOR of the score at a tie (the text does not decide between two places), rising
 * linearly to the whole score at this gap.
 */
const RIVAL_BAND = 0.05;
const RIVAL_FLOOR = 0.75;
/** Equal scores: the name the parser read as the street first (a pass's tie-break, counted in its bounds). */
const STREET_TIE_BREAK = 0.001;
/** A named place's share of its match's score (baseScore): a street's name comes first on equal words. */
const NAME_SHARE = 0.98;

/**
 * The best answer of a pass (one whose name used up a unit's name counts too: agreementBeyond
 * bounds such names elsewhere), and whether an answer that leaves every unit standing explains
 * every street-like word of the text (the units it agrees with were not read from its own words).
 */
interface PassBest {
  best: number;
  complete: boolean;
}


/**
 * The settled part of an autocomplete text read once (readSettled): a person typing a ward or a
 * province after "12 Lê Lợi, " asks with the same settled text at every keystroke. Nothing in it
 * is changed after it is read (a query copies the levels it adds to).
 */
interface SettledReading {
  parsed: ParsedAddress;
  settledWords: readonly string[];
  evidence: UnitEvidence;
  houseKey: string | null;
}

/**
 * Settled texts whose reading is kept: more than the people typing at once whose previous
 * keystroke a process has seen (each reading a few kilobytes).
 */
const SETTLED_READINGS_KEPT = 8192;
/**
 * Streets' nearest houses kept (nearestHouse): a person writing the ward and the province asks the
 * same streets for the same door at every keystroke, and a long street's walk reads all its doors.
 */
const NEAREST_HOUSES_KEPT = 65_536;
/** Streets shorter than this are walked again: the walk costs less than the look-up. */
const NEAREST_HOUSE_KEPT_FROM = 64;
/**
 * Autocomplete answers kept by what the engine reads of their text (readingKey): as many as the
 * settled readings, a page of five results each.
 */
const ANSWERS_BY_READING_KEPT = 8192;

export interface EngineParts {
  registry: UnitRegistry;
  parser: Parser;
  base: Segment;
  /** Records written since the base was built. */
  delta?: Segment | null;
  /** Codes whose base entry is stale (changed or gone since the base was built). */
  stale?: ReadonlySet<string>;
  boundaries?: Boundaries;
  /**
   * How many matches the door-less rankings this engine keeps may hold together (doorlessRanking;
   * default MATCHES_KEPT, 0: none kept, every text's pass read in full).
   */
  rankingsKept?: number;
  /**
   * false: a pass ranks every match its words found, none left out by its bound
   * (DocumentRanking.rankBounded), and places every street it finds at its nearest house; the
   * same answers, the reference for tests and measurements. Default true.
   */
  prune?: boolean;
}

export class SearchEngine {
  private readonly views: SegmentView[];
  /** Whether a pass leaves out what cannot change its answer (EngineParts.prune). */
  private readonly prune: boolean;
  private readonly stale: ReadonlySet<string>;
  /** The base's records whose code is stale, asked record by record (acceptor). */
  private readonly staleRecords: StaleRecords;
  private readonly evidence: EvidenceReader;
  /** Autocomplete texts' settled parts, read (readSettled); they depend on the units alone, so a delta keeps them. */
  private readonly settledReadings: LRUCache<string, SettledReading>;
  /** Door-less rankings of texts that name no unit (doorlessRanking); this engine's own, as its segments decide them. */
  private readonly rankings: RankingMemo;
  /** Streets' nearest houses found (nearestHouse); this engine's own, as its stale records decide them. */
  private readonly nearestHouses = new LRUCache<string, number>({ max: NEAREST_HOUSES_KEPT });
  /**
   * Autocomplete results by what the engine reads of the text (readingKey), not by the text: this
   * engine's own, as its segments decide them (a delta makes another engine, which starts empty).
   */
  private readonly answersByReading = new LRUCache<string, SearchResult[]>({ max: ANSWERS_BY_READING_KEPT });
  private readonly readingCounts = { asked: 0, kept: 0 };
  private readonly registry: UnitRegistry;
  private readonly parser: Parser;
  /** Commune number by code (the segments' 2-byte commune numbers). */
  private readonly communeNumber: ReadonlyMap<string, number>;
  /** New province code by commune number. */
  private readonly provinceOf: readonly string[];
  private readonly results: ResultWriter;
  /**
   * One pass's tables by commune number (documentResults), reset after the pass: whether the
   * filters allow a commune (-1 not yet known, 0, 1), its units' agreement (-1 not yet known),
   * the query words its names matched. Made once: a pass touches a few communes of thousands.
   */
  private readonly communeTables: { allowed: Int8Array; factor: Float64Array; named: Uint32Array };

  /** `kept`: the base's view and the unit reader of an engine this one follows (withDelta). */
  constructor(
    private readonly parts: EngineParts,
    private readonly communeCodes: readonly string[],
    private readonly oldWardCodes: readonly string[],
    kept?: { base: SegmentView; evidence: EvidenceReader; settledReadings: LRUCache<string, SettledReading> },
  ) {
    this.registry = parts.registry;
    this.parser = parts.parser;
    this.prune = parts.prune ?? true;
    this.views = [kept?.base ?? new SegmentView(parts.base)];
    if (parts.delta && parts.delta.size > 0) this.views.push(new SegmentView(parts.delta, this.views[0]));
    this.stale = parts.stale ?? new Set();
    this.staleRecords = new StaleRecords(parts.base.c.codes, this.stale);
    this.evidence = kept?.evidence ?? new EvidenceReader(parts.registry);
    this.settledReadings = kept?.settledReadings ?? new LRUCache({ max: SETTLED_READINGS_KEPT });
    this.rankings = new RankingMemo(parts.rankingsKept);
    this.communeNumber = new Map(communeCodes.map((code, i) => [code, i]));
    this.provinceOf = communeCodes.map((code) => parts.registry.get("new", code)?.provinceCode ?? "");
    this.communeTables = {
      allowed: new Int8Array(communeCodes.length).fill(-1),
      factor: new Float64Array(communeCodes.length).fill(-1),
      named: new Uint32Array(communeCodes.length),
    };
    this.results = new ResultWriter(parts.registry, communeCodes, oldWardCodes, parts.boundaries ?? null);
  }

  /**
   * The same base, its tables as built, with another delta: what a serving process swaps in as
   * the store changes (one edit never rebuilds the base).
   */
  withDelta(delta: Segment | null, stale: ReadonlySet<string>): SearchEngine {
    return new SearchEngine({ ...this.parts, delta, stale }, this.communeCodes, this.oldWardCodes, {
      base: this.views[0],
      evidence: this.evidence,
      settledReadings: this.settledReadings,
    });
  }

  /**
   * This engine with every pass ranking all its matches and placing every street it finds
   * (EngineParts.prune false), and reading every text's pass in full (no door-less ranking kept:
   * EngineParts.rankingsKept 0), the base's tables shared: what the bounds and the kept rankings
   * must answer alike.
   */
  unpruned(): SearchEngine {
    return new SearchEngine({ ...this.parts, prune: false, rankingsKept: 0 }, this.communeCodes, this.oldWardCodes, {
      base: this.views[0],
      evidence: this.evidence,
      settledReadings: this.settledReadings,
    });
  }

  /** Records the engine answers from (base without its stale entries, plus the delta). */
  get size(): number {
    return this.views.reduce((n, v) => n + v.segment.size, 0) - this.stale.size;
  }

  /** Records of the saved base (stale ones included): what a delta is measured against. */
  get baseSize(): number {
    return this.views[0].segment.size;
  }

  /**
   * Whatever a person types into the box: a digital code (or one with a typo: the codes it may
   * mean), a Plus Code, a coordinate pair, or free text.
   */
  search(query: string, options: SearchOptions = {}): SearchAnswer {
    return this.answer(query, options, false);
  }

  /** `search`, or a geocode's page (`geocoding`): GEOCODE_PAGE answers, to weigh the best's rivals. */
  private answer(query: string, options: SearchOptions, geocoding: boolean): SearchAnswer {
    const text = query.trim();
    const limit = pageSize(options, geocoding);
    const pair = COORDINATES.exec(text);
    if (pair) {
      const lat = Number(pair[1]);
      const lon = Number(pair[2]);
      if (lat >= 7 && lat <= 24 && lon >= 102 && lon <= 118) {
        return {
          query,
          read_as: "coordinates",
          results: this.reverse(lat, lon, { radius: 200, limit }).results,
        };
      }
    }
    if (text.includes("+")) {
      try {
        const at = parseAnyCode(text, options.near ? { near: options.near } : {});
        return {
          query,
          read_as: "plus-code",
          results: this.reverse(at.lat, at.lon, { radius: 30, limit }).results,
        };
      } catch {
        // not a Plus Code alone: a short one may be written with the place it lies in
        const at = this.plusCodeWithPlace(text);
        if (at !== null)
          return { query, read_as: "plus-code", results: this.reverse(at.lat, at.lon, { radius: 30, limit }).results };
      }
    }
    const compact = text.replace(/[\s.-]/g, "").toUpperCase();
    if (CODE_SHAPE.test(compact) && /\d/.test(compact) && /[A-Z]/.test(compact)) {
      try {
        const at = parseAnyCode(compact);
        return { query, read_as: "code", results: this.recordsAt(at.code, at.lat, at.lon, options.withOld) };
      } catch {
        const suggestions = suggest(compact);
        if (suggestions.length > 0) {
          const results: SearchResult[] = [];
          for (const code of suggestions) {
            const at = parseAnyCode(code);
            results.push(...this.recordsAt(at.code, at.lat, at.lon, options.withOld));
          }
          return { query, read_as: "code-suggestion", results: results.slice(0, limit), suggestions };
        }
      }
    }
    return this.textAnswer(query, options, geocoding);
  }

  /**
   * A Plus Code written with the place it lies in, as map services print a place without a street
   * address ("7P2X+C4 Tân Kiên, Bình Chánh, Thành phố Hồ Chí Minh"): the short code recovered near
   * the commune the text names (else its province), which lies well within the half degree a short
   * code allows. Null when the text holds no code or names no place.
   */
  private plusCodeWithPlace(text: string): { lat: number; lon: number } | null {
    // A text with a plus that is no Plus Code ("Km12+500") is read once, as text.
    const found = plusCodeIn(text);
    if (found === null) return null;
    const parsed = this.parser.parse(text);
    const near = this.results.placeOf(parsed.new?.ward?.code ?? null, parsed.new?.province?.code ?? null);
    if (near === null) return null;
    const at = parseAnyCode(found.code, { near });
    return { lat: at.lat, lon: at.lon };
  }

  /**
   * Builds now the tables the first queries would otherwise build on the way (typo tables, door
   * keys, unit names; seconds at 24 M records), for a process that serves many queries.
   */
  warm(): void {
    for (const view of this.views) view.warm();
    this.evidence.warm();
    // The parser builds its own tables on its first text: one address read end to end builds them.
    this.search("1 Hàng Bài, Hoàn Kiếm, Hà Nội");
  }

  /**
   * Free text → ranked addresses, streets and units. Text typed in Telex with the input method
   * off ("12 Nguyeenx Traix, Haf Nooij") is read as what it stands for (text/telex.ts); a word
   * the units or the index know as written stays ("Ea Kar"). Text damaged by an encoding is
   * undone first (text/mojibake.ts).
   */
  searchText(query: string, options: SearchOptions = {}): SearchAnswer {
    return this.textAnswer(query, options, false);
  }

  private textAnswer(query: string, options: SearchOptions, geocoding: boolean): SearchAnswer {
    // The words around an address that are no part of it (a phone number, "Giao cho chị Lan, …",
    // "… nhé shop") match nothing the query asks for, and may match a place ("chị Lan": Chi Lăng).
    // Text damaged on its way (UTF-8 read as Latin-1, a TCVN3 or VNI font's text) is read as it was
    // written, as the parser reads it: the words matched against the index must be the same.
    const text = this.parser.addressText(readTelex(repairMojibake(query), this.knownWord));
    return text === query
      ? this.readText(query, options, geocoding)
      : { ...this.readText(text, options, geocoding), query };
  }

  private readonly knownWord = (word: string): boolean => {
    if (this.parser.index.names.holdsWord(word)) return true;
    const folded = fold(word);
    return this.views.some((view) => view.segment.wordId(folded) >= 0);
  };

  private readText(query: string, options: SearchOptions, geocoding: boolean): SearchAnswer {
    const limit = pageSize(options, geocoding);
    const words = queryWords(query);
    if (words.length === 0) return { query, read_as: "text", results: [] };
    const { typedUnits, typedCoarse, settled, typing } = options.autocomplete
      ? readTyping(query, this.evidence)
      : { typedUnits: null, typedCoarse: false, settled: query, typing: false };
    const reading = options.autocomplete ? this.settledReadings.get(settled) : undefined;
    const { parsed, settledWords, evidence: settledEvidence, houseKey } = reading ?? this.readSettled(settled);
    if (options.autocomplete && !reading) this.settledReadings.set(settled, { parsed, settledWords, evidence: settledEvidence, houseKey });
    // A page of one, or a geocode's page when the direct answer can have no rival (directAnswer).
    if (!options.autocomplete && (limit === 1 || geocoding) && !options.near && houseKey !== null) {
      const direct = this.directAnswer(query, words, parsed, settledEvidence, houseKey, options, geocoding);
      if (direct) return direct;
    }
    // The levels are this query's own: a unit being typed joins them.
    const evidence: UnitEvidence = { ...settledEvidence, levels: [...settledEvidence.levels] };
    // A province being typed is the coarsest unit of the text; a ward being typed, the finest.
    // The province being typed also narrows the finer levels to its communes where they have some
    // there ("…, Phường Tân Lập, Tỉnh Đắk Lắ": the Tân Lập of Đắk Lắk, not every Tân Lập).
    if (typedUnits && typedCoarse && evidence.levels.length > 0) {
      evidence.levels = evidence.levels.map((level) => narrowedTo(level, typedUnits.communes));
      evidence.levels.push(typedUnits);
    } else if (typedUnits) evidence.levels.unshift(typedUnits);
    // Whether a word of the text may name a place (the units' answers below a weak match).
    let placeWords: boolean | undefined;
    const mayNamePlace = () => {
      placeWords ??= wordWeights(words, evidence, houseKey, this.evidence).some((w) => w === 1);
      return placeWords;
    };
    const key = options.autocomplete ? this.readingKey(settled, typedUnits, typedCoarse, typing, words, mayNamePlace(), options) : null;
    if (key !== null) {
      this.readingCounts.asked++;
      const kept = this.answersByReading.get(key);
      if (kept !== undefined) {
        this.readingCounts.kept++;
        return { query, read_as: "text", results: kept };
      }
    }
    const nameWords = withoutListedDoors(withoutOpeningDoorWord(words, parsed.parts.house_number), parsed.parts.house_number);
    const results = this.textResults(nameWords, parsed, settledWords, evidence, houseKey, typedUnits, typing, settled, mayNamePlace, options, limit);
    if (key !== null) this.answersByReading.set(key, results);
    return { query, read_as: "text", results };
  }

  /**
   * The key an autocomplete text's results are kept under: everything textResults reads of it.
   * Its settled part, the unit being typed as the communes it may become (not as typed: "…,
   * Thành phố Hồ C" and "…, Hồ Chí Mi" name the same province, and a person typing it asks the
   * same question at each keystroke once the name is unique), the words matched when no unit is
   * being typed (else the settled part's), whether a word may name a place, and the options.
   */
  private readingKey(
    settled: string,
    typedUnits: Level | null,
    typedCoarse: boolean,
    typing: boolean,
    words: readonly string[],
    placeWords: boolean,
    options: SearchOptions,
  ): string {
    const typed = typedUnits === null ? null : levelKey(typedUnits);
    return JSON.stringify([settled, typed, typedCoarse, typing, typed === null ? words : null, placeWords, options]);
  }

  /** How many autocomplete texts were answered since this engine was made, and how many by an earlier text's results read alike (readingKey). */
  readingLookups(): { asked: number; kept: number } {
    return { ...this.readingCounts };
  }

  /**
   * A text's results from what readText read of it: the passes over the communes it names, then
   * the whole country's, then the units.
   */
  private textResults(
    words: string[],
    parsed: ParsedAddress,
    settledWords: readonly string[],
    evidence: UnitEvidence,
    houseKey: string | null,
    typedUnits: Level | null,
    typing: boolean,
    settled: string,
    mayNamePlace: () => boolean,
    options: SearchOptions,
    limit: number,
  ): SearchResult[] {
    const settledText = ` ${settledWords.join(" ")} `;
    const found = new Candidates(limit);
    // The unit being typed is matched against unit names above, not against streets.
    const nameWords = typedUnits ? [...settledWords] : words;
    const nameOptions = typing ? options : { ...options, autocomplete: false };
    // The communes the text names first, finest level first (the commune, then the old district,
    // then the province): when a name there matches well, nothing outside can come first (a
    // commune the text names less finely, or not at all, caps a name's agreement: agreementBeyond),
    // so the rest of the country is read only when nothing there does. An answer that explains
    // every street word of the text (through a typo fix, say) is what the text says: the rest is
    // not read for a slightly closer spelling.
    let best = 0;
    let complete = false;
    let answered = false;
    const read = new Set<string>();
    for (let level = 0; level < evidence.levels.length && !answered; level++) {
      const fresh = [...evidence.levels[level].communes].filter((code) => !read.has(code));
      if (read.size + fresh.length > MAX_NAMED_COMMUNES) break;
      const numbers: number[] = [];
      for (const code of fresh) {
        read.add(code);
        const n = this.communeNumber.get(code);
        if (n !== undefined) numbers.push(n);
      }
      if (numbers.length === 0) continue;
      for (const view of this.views) {
        const pass = this.documentResults(view, nameWords, parsed, evidence, houseKey, nameOptions, found, numbers);
        if (pass.best > best) {
          best = pass.best;
          complete = pass.complete;
        }
      }
      answered = best > agreementBeyond(evidence, level + 1, settledText) || (complete && best >= COMPLETE_ENOUGH);
    }
    if (!answered) {
      for (const view of this.views) this.documentResults(view, nameWords, parsed, evidence, houseKey, nameOptions, found);
      best = found.best;
    }
    if (typedUnits && settled.trim() === "") {
      // Only a unit being typed: the communes it may become, their own names first.
      for (const r of this.results.communes(typedUnits, options, limit)) found.add(`commune|${r.commune?.code}`, r.score, 0, r.lat, r.lon, () => r);
      return found.top(limit, options.near);
    }
    if (best < 0.6) {
      const allowed = (commune: string, province: string) => this.unitAllowed(commune, province, options);
      for (const r of this.results.units(parsed.confidence, evidence, options, mayNamePlace(), allowed)) found.add(`${r.type}|${r.commune?.code ?? r.province.code}`, r.score, 0, r.lat, r.lon, () => r);
    }
    return found.top(limit, options.near);
  }

  /**
   * A text that states a full address, answered by looking its record up (direct.ts) when that is
   * certain to be the answer the passes below would give; else null.
   */
  private directAnswer(
    query: string,
    words: string[],
    parsed: ParsedAddress,
    evidence: UnitEvidence,
    houseKey: string,
    options: SearchOptions,
    unrivalled: boolean,
  ): SearchAnswer | null {
    this.directCounts.tried++;
    const views: DirectView[] = [];
    let agreeing: ReadonlySet<string> | null = null;
    for (const view of this.views) {
      const seg = view.segment;
      const read = view.matcher.mend(words, false);
      // A name's agreement with the units is read against the words as matched (rankPass).
      agreeing = fullAgreement(evidence, ` ${read.join(" ")} `);
      if (agreeing === null) return null;
      let weights: number[] | null = null;
      const weightsOf = () => {
        weights ??= wordWeights(read, evidence, houseKey, this.evidence, (w) => seg.wordId(w) >= 0);
        return weights;
      };
      views.push({ view, words: read, weights: weightsOf, accept: this.acceptor(view, options) });
    }
    const numbers = (codes: Iterable<string>) => {
      const out: number[] = [];
      for (const code of codes) {
        const n = this.communeNumber.get(code);
        if (n !== undefined) out.push(n);
      }
      return out;
    };
    // Only one commune agrees fully: any other scores at most NOT_PREFERRED (0.9), out of a
    // geocode's rival band, so the one record found is the whole of its page.
    if (unrivalled && agreeing?.size !== 1) return null;
    // The passes read the finest level's communes first: the name found must be read closely there.
    const find = findDirect(views, numbers(agreeing ?? []), numbers(evidence.levels[0].communes), houseKey);
    if (!find) return null;
    const seg = find.view.view.segment;
    const commune = seg.c.docCommune[find.match.doc];
    if (!this.unitAllowed(this.communeCodes[commune], this.provinceOf[commune], options)) return null;
    if (!scoresOne(find, writtenParts(parsed.parts))) return null;
    this.directCounts.answered++;
    return { query, read_as: "text", results: [this.results.address(seg, find.record, 1, "house", options.withOld)] };
  }

  /** How many texts the direct look-up was tried on, and answered, since this engine was made. */
  directLookups(): { tried: number; answered: number } {
    return { ...this.directCounts };
  }

  private readonly directCounts = { tried: 0, answered: 0 };

  /** How many texts' door-less rankings were asked for (doorlessRanking), and how many were kept ones. */
  doorlessLookups(): { asked: number; kept: number } {
    return this.rankings.lookups();
  }

  /** The one best place for a text, or null; never a house that was not stated and found. */
  geocodeText(query: string, options: SearchOptions = {}): GeocodeAnswer {
    const answer = this.answer(query, { ...options, autocomplete: false }, true);
    const [top, ...rest] = answer.results;
    if (!top || top.score < GEOCODE_FLOOR) return { query, result: null, confidence: 0 };
    // A place elsewhere the text fits about as well: the answer may be either, and says so. A
    // code, a Plus Code or a point names its place: what stands near it is no rival.
    const weighed = answer.read_as === "text" || answer.read_as === "code-suggestion";
    const rival = weighed ? rest.find((r) => !nearPoint(top, r, RIVAL_DISTANCE_M)) : undefined;
    const gap = rival ? top.score - rival.score : RIVAL_BAND;
    const confidence = round(top.score * (RIVAL_FLOOR + (1 - RIVAL_FLOOR) * Math.min(1, gap / RIVAL_BAND)));
    return { query, result: confidence === top.score ? top : { ...top, score: confidence }, confidence };
  }

  /** Nearest addresses to a point with their distance, and the units there. */
  reverse(lat: number, lon: number, options: ReverseOptions = {}): ReverseAnswer {
    const radius = Math.min(Math.max(options.radius ?? 100, 0), 5000);
    const limit = clampLimit(options.limit, 5);
    const found: { view: SegmentView; record: number; distanceM: number }[] = [];
    for (const view of this.views) {
      const accept = this.acceptor(view, {});
      for (const hit of view.segment.points().nearest(lat, lon, radius, limit, accept))
        found.push({ view, record: hit.index, distanceM: hit.distanceM });
    }
    found.sort((a, b) => a.distanceM - b.distanceM);
    const results = found.slice(0, limit).map((f) => ({
      ...this.results.address(f.view.segment, f.record, 1, "house", false),
      distance_m: Math.round(f.distanceM * 10) / 10,
    }));
    return { lat, lon, results, units: this.results.unitsAt(lat, lon) };
  }

  /** The records holding a code (the code's cell, then its suffix), nearest the decoded point. */
  recordsAt(code: string, lat: number, lon: number, withOld = false): SearchResult[] {
    const out: SearchResult[] = [];
    for (const view of this.views) {
      const accept = this.acceptor(view, {});
      for (const hit of view.segment.points().nearest(lat, lon, 30, 50, accept)) {
        if (view.segment.c.codes.get(hit.index) === code)
          out.push(this.results.address(view.segment, hit.index, 1, "house", withOld));
      }
    }
    return out;
  }

  // ── text ───────────────────────────────────────────────────────────────────────────────────

  /** What the settled part of a text says: the parser's reading, its words, the units, the door. */
  private readSettled(settled: string): SettledReading {
    const parsed = this.parser.parse(settled);
    const settledWords = queryWords(settled);
    const evidence = this.evidence.read(parsed, ` ${settledWords.join(" ")} `);
    return { parsed, settledWords, evidence, houseKey: this.houseKeyOf(parsed) };
  }

  private houseKeyOf(parsed: ParsedAddress): string | null {
    // Of a list of houses ("12 & 14", "422, 424, 426"), the first: a record is stored under one door.
    const door = parsed.parts.house_number ? listedHouses(parsed.parts.house_number)[0] : null;
    const alleys = parsed.parts.alley ? alleyNumbers(parsed.parts.alley) : [];
    if (!door && alleys.length === 0) return null;
    const pieces = [...alleys];
    if (door) pieces.push(...door.split("/").map((p) => foldedWords(p).join("")));
    const key = doorKeyOf(pieces.filter((p) => p !== ""), !!door);
    return key === "" ? null : key;
  }

  private documentResults(
    view: SegmentView,
    words: string[],
    parsed: ParsedAddress,
    evidence: UnitEvidence,
    houseKey: string | null,
    options: SearchOptions,
    found: Candidates,
    communes?: readonly number[],
  ): PassBest {
    const kept = communes === undefined ? this.doorlessRanking(view, words, parsed, evidence, houseKey, options) : null;
    if (kept) return this.answerPass(view, kept.ranked, kept.words, parsed, houseKey, options, found);
    const answer = view.matcher.match(words, options.autocomplete ?? false, communes);
    return this.scoreMatches(view, answer, parsed, evidence, houseKey, options, found);
  }

  /** Scores one pass's matches and gathers their answers into `found` (documentResults). */
  private scoreMatches(
    view: SegmentView,
    answer: MatchAnswer,
    parsed: ParsedAddress,
    evidence: UnitEvidence,
    houseKey: string | null,
    options: SearchOptions,
    found: Candidates,
  ): PassBest {
    const ranked = this.rankMatches(view, answer, parsed, evidence, houseKey, options);
    return this.answerPass(view, ranked, answer.words, parsed, houseKey, options, found);
  }

  /** Ranks a pass's matches (rankPass), its commune tables reset after. */
  private rankMatches(
    view: SegmentView,
    answer: MatchAnswer,
    parsed: ParsedAddress,
    evidence: UnitEvidence,
    houseKey: string | null,
    options: SearchOptions,
  ): RankedPass<DocumentRanking> {
    // What ranking reads of each match's document, as the match read it (the documents lie all
    // over the country: each read of their own columns would be a read from memory).
    const columns = { commune: answer.communes, nameShare: new Float64Array(answer.matches.length) };
    for (let i = 0; i < answer.types.length; i++) columns.nameShare[i] = nameShare(answer.types[i]);
    try {
      return this.rankPass(view, answer, columns, parsed, evidence, houseKey, options);
    } finally {
      // Only the matches' communes were written.
      const tables = this.communeTables;
      for (const k of columns.commune) {
        tables.allowed[k] = -1;
        tables.factor[k] = -1;
        tables.named[k] = 0;
      }
    }
  }

  /**
   * The whole country's pass of a text that names no unit, ranked as the same text with its door
   * taken off was (doorlessKey): a file writes the same street at many doors ("70 Võ Thị Sáu",
   * "12 Võ Thị Sáu"), and with no unit named every commune agrees alike, so their rankings are
   * the same; only the door's part (answerPass) is read per text. Null when the text does not
   * qualify (a unit named, no door, typing, or a door that could change the match): its pass is
   * then read as any other.
   */
  private doorlessRanking(
    view: SegmentView,
    words: readonly string[],
    parsed: ParsedAddress,
    evidence: UnitEvidence,
    houseKey: string | null,
    options: SearchOptions,
  ): { ranked: RankedPass; words: string[] } | null {
    if (!this.rankings.keeps || options.autocomplete || houseKey === null) return null;
    if (evidence.levels.length > 0 || evidence.provinces.size > 0) return null;
    const seg = view.segment;
    const mended = view.matcher.mend(words, false);
    const weights = wordWeights(mended, evidence, houseKey, this.evidence, (w) => seg.wordId(w) >= 0);
    const key = doorlessKey(view.matcher, mended, houseKey, weights, [
      this.views.indexOf(view),
      writtenParts(parsed.parts).street ?? "",
      options.province ?? "",
      options.ward ?? "",
    ]);
    if (key === null) return null;
    let ranked = this.rankings.get(key);
    if (ranked === undefined) {
      const answer = view.matcher.match(words, false);
      const pass = this.rankMatches(view, answer, parsed, evidence, houseKey, options);
      // The texts this ranking is kept for differ from this one only in their door's words.
      const doorWords = new Set(houseKey.split("/"));
      const mayExplain = (w: number) => doorWords.has(answer.words[w]) || labelMayExplain(answer.words[w]);
      // Thousands of matches, most of a tie matching the same words: the share they may explain
      // is worked out again only when the words matched change.
      let lastMatched: number | null = null;
      let mostExplained = 0;
      const mostExplainedBy = (matched: number, matchedWeight: number) => {
        if (matched !== lastMatched) {
          lastMatched = matched;
          mostExplained = mostExplainedOf(matchedWeight, unexplainedWords(matched, pass.weights, mayExplain), pass.weights, pass.totalWeight);
        }
        return mostExplained;
      };
      ranked = keptForDoors(pass, {
        most: (i) => mostOfMatch(seg.c, pass, i, mostExplainedBy(pass.matches[i].words, pass.matchedWeights[i])),
        commune: (i) => seg.c.docCommune[pass.matches[i].doc],
      });
      this.rankings.set(key, ranked);
    }
    return { ranked, words: mended };
  }

  /**
   * A pass's matches scored and ranked before any door is looked at (what answerPass starts
   * from): cover × unit agreement × the share of the query each name explains.
   */
  private rankPass(
    view: SegmentView,
    answer: MatchAnswer,
    columns: MatchColumns,
    parsed: ParsedAddress,
    evidence: UnitEvidence,
    houseKey: string | null,
    options: SearchOptions,
  ): RankedPass<DocumentRanking> {
    const seg = view.segment;
    const weights = wordWeights(answer.words, evidence, houseKey, this.evidence, (w) => seg.wordId(w) >= 0);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const queryText = ` ${answer.words.join(" ")} `;
    const { street } = writtenParts(parsed.parts);
    // Query words that are also a unit's name: only a name matched through one of them can hold
    // a unit's name, so only those names are spelled out to check (the rest score by commune).
    const unitWords = unitWordsOf(evidence);
    let unitWordMask = 0;
    for (let i = 0; i < Math.min(32, answer.words.length); i++)
      if (unitWords.has(answer.words[i])) unitWordMask |= 1 << i;
    // Per commune, computed on first need: whether the filters allow it (1/0) and the units' agreement.
    const { allowed: allowedCommune, factor: factorOfCommune, named: namedInCommune } = this.communeTables;
    /** By the units' names a name holds: the levels left standing, the agreement by commune (on need). */
    const standingByNames = new Map<number, { levels: Level[]; byCommune: Map<number, number> }>();
    const ranking = new DocumentRanking(answer.matches);
    /** What a match explains of the query (its words' weights), and whether its name used up a unit. */
    const matchedWeights = new Float64Array(answer.matches.length);
    const usedUpUnit = new Uint8Array(answer.matches.length);
    /** Each match's agreement with the units, once worked out. */
    const factors = new Float64Array(answer.matches.length);
    const baseOf = (i: number, factor: number) => answer.matches[i].cover * factor * columns.nameShare[i];
    const explainedBy = (weight: number) => (totalWeight === 0 ? 1 : weight / totalWeight);
    // What the text names in each commune, its names together: a street and a hamlet written side
    // by side ("2 Quốc lộ 14, Ấp Hạ") point to the commune that has both, among the hundreds that
    // have the street. That orders the names; each answer is still scored by its own words.
    const communeOf = columns.commune;
    for (let i = 0; i < answer.matches.length; i++) namedInCommune[communeOf[i]] |= answer.matches[i].words;
    // With no unit read, a commune's own name the text writes counts as named there too: in "1
    // Nguyễn Khuyến Tiên Sơn" the parser cannot tell where the street ends (a Tiên Sơn is in
    // several provinces, and no district is written), but the Nguyễn Khuyến of Phường Tiên Sơn
    // explains every word, and comes before the hundreds of others. Only communes with a match
    // are written (namedInCommune is not 0 there), as the tables are reset by the matches.
    // A commune's current name first; an old ward's name then only for words no current name of
    // these communes spells (the Quang Trung of today before the dozens of old wards so named).
    let spelledCommunes: Map<number, number> | null = null;
    const spelled = evidence.levels.length === 0 && answer.words.length >= 3 ? this.evidence.communesSpelled(answer.words) : null;
    if (spelled !== null) {
      spelledCommunes = new Map();
      const matched = (code: string) => {
        const k = this.communeNumber.get(code);
        return k !== undefined && namedInCommune[k] !== 0 ? k : -1;
      };
      let currentSpelled = 0;
      for (const [code, bits] of spelled.current) {
        const k = matched(code);
        if (k < 0) continue;
        spelledCommunes.set(k, bits);
        currentSpelled |= bits;
      }
      for (const [code, bits] of spelled.former) {
        const k = matched(code);
        const left = bits & ~currentSpelled;
        if (k >= 0 && left !== 0) spelledCommunes.set(k, (spelledCommunes.get(k) ?? 0) | left);
      }
      for (const [k, bits] of spelledCommunes) namedInCommune[k] |= bits;
    }
    const communeWeights = new Float64Array(answer.matches.length);
    // The weight of a set of query words; the same few sets come back across thousands of names.
    const weightBySet = new Map<number, number>();
    const weightOf = (set: number) => {
      let weight = weightBySet.get(set);
      if (weight === undefined) {
        weight = 0;
        for (let w = 0; w < weights.length; w++) if (set & (1 << w)) weight += weights[w];
        weightBySet.set(set, weight);
      }
      return weight;
    };
    const scoreOf = (i: number, factor: number) => baseOf(i, factor) * explainedShare(explainedBy(communeWeights[i]));
    const rankMatch = (i: number) => {
      const m = answer.matches[i];
      const communeIndex = communeOf[i];
      if (allowedCommune[communeIndex] < 0) {
        allowedCommune[communeIndex] = this.unitAllowed(this.communeCodes[communeIndex], this.provinceOf[communeIndex], options) ? 1 : 0;
      }
      if (allowedCommune[communeIndex] === 0) return;
      // The share of the query this name explains, its street-like words counting most.
      matchedWeights[i] = weightOf(m.words);
      communeWeights[i] = weightOf(namedInCommune[communeIndex]);
      if ((m.words & unitWordMask) === 0) {
        let factor = factorOfCommune[communeIndex];
        if (factor < 0) {
          // A name without a unit's word leaves every level standing.
          factor = unitFactor(evidence, this.communeCodes[communeIndex], this.provinceOf[communeIndex], "", queryText, evidence.levels);
          factorOfCommune[communeIndex] = factor;
        }
        factors[i] = factor;
        ranking.set(i, scoreOf(i, factor));
      } else {
        // The units agree at most fully; the street's tie-break below may add its thousandth.
        ranking.defer(i, scoreOf(i, 1) + STREET_TIE_BREAK);
      }
    };
    if (this.prune) {
      // The most a match can score: its cover, times the units' best agreement anywhere (a name
      // with a unit's word at most agrees fully), with the street's tie-break (scoreOf's other
      // factors are at most 1).
      const mostFactor = evidence.levels.length === 0 ? unitFactor(evidence, "", "", "", queryText, evidence.levels) : 1;
      const bounds = new Float64Array(answer.matches.length);
      for (let i = 0; i < answer.matches.length; i++) {
        const m = answer.matches[i];
        bounds[i] = m.cover * ((m.words & unitWordMask) === 0 ? mostFactor : 1) + STREET_TIE_BREAK;
      }
      ranking.rankBounded(bounds, STREET_TIE_BREAK, rankMatch);
    } else for (let i = 0; i < answer.matches.length; i++) rankMatch(i);
    // Which levels a name leaves standing depends only on which of the units' names its words
    // hold: a name is read as that set (a bit per unit name), worked out once per set per query.
    const unitNames = [...new Set(evidence.levels.flatMap((l) => l.names).filter((n) => n !== ""))];
    const unitNameIds = unitNames.map((n) => n.split(" ").map((w) => seg.wordId(w)));
    ranking.settle((i) => {
      const doc = answer.matches[i].doc;
      const communeIndex = communeOf[i];
      let held = 0;
      unitNameIds.forEach((ids, bit) => {
        if (bit < 31 && holdsWords(seg, doc, ids)) held |= 1 << bit;
      });
      let standing = standingByNames.get(held);
      if (standing === undefined) {
        const words = unitNames.filter((_, bit) => held & (1 << bit)).join(" | ");
        standing = { levels: standingLevels(evidence, words, queryText), byCommune: new Map() };
        standingByNames.set(held, standing);
      }
      let factor = standing.byCommune.get(communeIndex);
      if (factor === undefined) {
        factor = unitFactor(evidence, this.communeCodes[communeIndex], this.provinceOf[communeIndex], "", queryText, standing.levels);
        standing.byCommune.set(communeIndex, factor);
      }
      factors[i] = factor;
      usedUpUnit[i] = standing.levels.length < evidence.levels.length ? 1 : 0;
      return scoreOf(i, factors[i]);
    });
    // Equal scores: the name the parser read as the street first.
    const readAsStreet = new Uint8Array(answer.matches.length);
    const streetIds = street === null ? null : street.split(" ").map((w) => seg.wordId(w));
    if (streetIds && !streetIds.includes(-1))
      for (let i = 0; i < answer.matches.length; i++)
        if (ranking.score(i) >= 0.5 && hasWords(seg, answer.matches[i].doc, streetIds)) {
          ranking.set(i, ranking.score(i) + STREET_TIE_BREAK);
          readAsStreet[i] = 1;
        }
    return {
      matches: answer.matches,
      ranking,
      factors,
      matchedWeights,
      usedUpUnit,
      readAsStreet,
      weights,
      totalWeight,
      spelledCommunes,
    };
  }

  /**
   * A pass's answers from its ranked matches (rankPass): the records at the door written on the
   * names looked at closely, else the street placed at its nearest house. `words`: the query's
   * words as matched.
   */
  private answerPass(
    view: SegmentView,
    ranked: RankedPass,
    words: readonly string[],
    parsed: ParsedAddress,
    houseKey: string | null,
    options: SearchOptions,
    found: Candidates,
  ): PassBest {
    const c = view.segment.c;
    const { matches, ranking, factors, matchedWeights, usedUpUnit, readAsStreet, weights, totalWeight, spelledCommunes } = ranked;
    const queryWordSet = new Set(words);
    const writtenAs = writtenParts(parsed.parts);
    const { flatPatterns } = writtenAs;
    const explainedBy = (weight: number) => (totalWeight === 0 ? 1 : weight / totalWeight);
    const accept = this.acceptor(view, options);
    /** Records of this view are found under this number plus their index (a segment holds fewer than 2^32). */
    const recordKey = this.views.indexOf(view) * 2 ** 32;
    const passBest: PassBest = { best: 0, complete: false };
    // Records that cannot reach the page are set aside unread (Candidates.setAside); a distance
    // to a place to be near reorders the page after, so then each is scored.
    const setAsideBelowPage = this.prune && !options.near;
    // A ranking that keeps its matches' bounds (a kept one) is walked only until nothing further
    // can come before the page's last answer (restCannotPass), when this pass found nothing
    // before it (an answer found earlier could be raised by a match of any commune).
    const mayStop = setAsideBelowPage && ranking.restCannotPass !== undefined && found.size === 0;
    const houseKeyId = houseKey === null ? -1 : view.houseId(houseKey);
    // What follows from the words a name matched alone, worked out once per pass for each set of
    // them (the names of a tie all match the same words): the numbers written just before the name
    // (doorBefore) and their door, and the query words the name leaves unexplained. An address
    // explains more of the query than its street's name: its flat, building, hamlet and name
    // words count too; among the records of one door (flats, shops), the one whose own words the
    // query holds comes first.
    const byMatched = new Map<number, { written: string | null; writtenId: number; unexplained: number[] }>();
    const ofMatched = (matched: number) => {
      let known = byMatched.get(matched);
      if (known === undefined) {
        const written = doorBefore(words, matched);
        const unexplained = unexplainedWords(matched, weights, (w) => labelMayExplain(words[w]));
        known = { written, writtenId: written === null ? -1 : view.houseId(written), unexplained };
        byMatched.set(matched, known);
      }
      return known;
    };
    for (const i of ranking.considered(view, houseKey)) {
      if (mayStop) {
        const last = found.lastOnPage();
        if (last !== null && ranking.restCannotPass?.(i, last, view.bestStatusRank())) break;
      }
      const { doc, words: matched } = matches[i];
      const matchedWeight = matchedWeights[i];
      const base = baseScore(c, matches[i], factors[i]);
      const score = base * explainedShare(explainedBy(matchedWeight)) + STREET_TIE_BREAK * readAsStreet[i];
      // No answer of this name scores above its base (all explained); below what the page
      // already holds it would show nothing (a location bias lifts a score by at most 1 / 0.8).
      if (base + STREET_TIE_BREAK < found.floor() * (options.near ? 0.8 : 1)) continue;
      const keep = (key: string | number, score: number, status: number, record: number, explained: number, make: () => SearchResult) => {
        if (score > passBest.best) {
          passBest.best = score;
          passBest.complete = explained >= 0.999 && usedUpUnit[i] === 0;
        }
        found.add(key, score, status, c.lat[record] / 1e6, c.lon[record] / 1e6, make);
      };
      const from = c.docRecordStarts[doc];
      const to = c.docRecordStarts[doc + 1];
      const viaStreet = c.docType[doc] === DOC_STREET;
      // The door the parser read, else (or when this street has no such door) the numbers written
      // just before the name found.
      const { written, writtenId, unexplained } = ofMatched(matched);
      let doorKey = houseKey ?? written;
      let houseId = houseKey !== null ? houseKeyId : writtenId;
      if (written !== null && written !== doorKey) {
        const other = writtenId;
        if (other >= 0 && (houseId < 0 || !view.docHoldsDoor(doc, houseId)) && view.docHoldsDoor(doc, other)) {
          doorKey = written;
          houseId = other;
        }
      }
      // With no unit read, the commune's name the text writes is the record's too (rankPass).
      const inCommuneName = spelledCommunes?.get(c.docCommune[doc]) ?? 0;
      // The most a record of this name can score, its label unread: every unexplained word in it,
      // its own words all the query's, nothing spelled otherwise. A common street without its
      // commune ties across the country, and once the page holds a record that scores this, the
      // records of the other equal names at the door (their labels the costly part) cannot pass it.
      const mostAtDoor = round(base * explainedShare(mostExplainedOf(matchedWeight, unexplained, weights, totalWeight)));
      const atDoor = (r: number) => {
        if (setAsideBelowPage && found.setAside(recordKey + r, mostAtDoor, STATUS_RANK[c.status[r]] ?? 0)) return;
        const all = view.labelWords(r);
        let more = 0;
        for (const i of unexplained) if (inCommuneName & (1 << i) || all.includes(words[i])) more += weights[i];
        const explained = totalWeight === 0 ? 1 : Math.min(1, (matchedWeight + more) / totalWeight);
        let own = 0;
        let held = 0;
        for (const w of all) {
          if (TYPE_WORDS.has(w)) continue;
          own++;
          if (queryWordSet.has(w)) held++;
        }
        const overlap = own === 0 ? 1 : held / own;
        const { otherStreet, otherHamlet, otherAlley, otherFlat } = spelledOtherwise(all, viaStreet, writtenAs);
        const score = round(
          base *
            explainedShare(explained) *
            (0.85 + 0.15 * overlap) *
            (otherStreet || otherHamlet ? OTHER_STREET : 1) *
            (otherAlley ? OTHER_ALLEY_WORD : 1) *
            (otherFlat ? OTHER_FLAT : 1),
        );
        // A record is its own key: no other record of any view holds its code (a base record
        // changed since is stale there, and only its delta entry is answered).
        keep(recordKey + r, score, STATUS_RANK[c.status[r]] ?? 0, r, explained, () => this.results.address(view.segment, r, score, "house", options.withOld));
      };
      if (c.docType[doc] === DOC_NAME) {
        // A named place is its address: the name found is the match.
        // With a door written, the place's records at that door (a name shared by a chain of
        // shops, a school named after its commune); a few of them when none is there.
        const here: number[] = [];
        const atHouse: number[] = [];
        if (houseId > 0) {
          const [lo, hi] = view.doorRange(from, to, houseId);
          for (let k = lo; k < hi; k++) if (accept(c.docRecords[k])) atHouse.push(c.docRecords[k]);
        }
        if (atHouse.length === 0)
          for (let k = from; k < to && (houseId <= 0 || here.length < SIBLINGS); k++)
            if (accept(c.docRecords[k])) here.push(c.docRecords[k]);
        const chosen = atHouse.length > 0 ? atHouse : here;
        for (const r of view.flatsWritten(chosen, flatPatterns)) atDoor(r);
        continue;
      }
      let atStatedDoor = false;
      // No door stated: the records without one are what was stated (the street stays below them).
      const door = doorKey === null ? NO_HOUSE : houseId;
      if (door >= 0) {
        const here: number[] = [];
        const [lo, hi] = view.doorRange(from, to, door);
        for (let k = lo; k < hi; k++) if (accept(c.docRecords[k])) here.push(c.docRecords[k]);
        for (const r of view.flatsWritten(here, flatPatterns)) atDoor(r);
        atStatedDoor = here.length > 0;
      }
      if (atStatedDoor && doorKey !== null) continue;
      // The street stands in for an address it does not hold (or that was not stated); below the
      // page it is not placed at all (its nearest house is a walk over all its records).
      const streetScore = round(score * (doorKey === null ? 0.9 : 0.75));
      if (streetScore < found.floor() * (options.near ? 0.8 : 1)) continue;
      // A street standing in for a stated door it lacks leaves the door unexplained.
      const explained = doorKey === null && totalWeight > 0 ? matchedWeight / totalWeight : 0;
      const key = `street|${c.docCommune[doc]}|${c.docNames.get(doc)}`;
      if (options.near || !this.prune) {
        const nearest = this.nearestHouse(view, from, to, doorKey, accept, options);
        if (nearest < 0) continue;
        keep(key, streetScore, 0, nearest, explained, () => this.results.street(view.segment, doc, nearest, streetScore, options.withOld));
        continue;
      }
      // With no place to be near, where a street lies decides nothing of its rank: its nearest
      // house (a walk over a long street's records) is found only when it makes the page. It is
      // a candidate when it has a record to answer at all (nearestHouse finds one then).
      const first = firstAccepted(c.docRecords, from, to, accept);
      if (first < 0) continue;
      let nearest = -1;
      keep(key, streetScore, 0, first, explained, () => {
        if (nearest < 0) nearest = this.nearestHouse(view, from, to, doorKey, accept, options);
        return this.results.street(view.segment, doc, nearest, streetScore, options.withOld);
      });
    }
    return passBest;
  }

  /**
   * The record of a street (docRecords[from, to) of a view) nearest the door asked
   * (SegmentView.nearestHouse). For a long street, when the query filters no status or kind (then
   * which records are answered is this engine's alone): read from the street's doors by number
   * when every record is accepted, else kept.
   */
  private nearestHouse(
    view: SegmentView,
    from: number,
    to: number,
    doorKey: string | null,
    accept: (r: number) => boolean,
    options: SearchOptions,
  ): number {
    if (to - from < NEAREST_HOUSE_KEPT_FROM || options.status !== undefined || options.kind !== undefined)
      return view.nearestHouse(from, to, doorKey, accept);
    // No stale record in this view either: every record is accepted (acceptor), and the street's
    // doors by number answer without a walk.
    if (view !== this.views[0] || this.stale.size === 0) return view.nearestOfAll(from, to, doorKey);
    const key = `${this.views.indexOf(view)}|${from}|${doorKey === null ? "" : `#${doorKey}`}`;
    let nearest = this.nearestHouses.get(key);
    if (nearest === undefined) {
      nearest = view.nearestHouse(from, to, doorKey, accept);
      this.nearestHouses.set(key, nearest);
    }
    return nearest;
  }

  // ── filters ────────────────────────────────────────────────────────────────────────────────

  private unitAllowed(commune: string, province: string, options: SearchOptions): boolean {
    if (options.province && options.province !== province) return false;
    if (options.ward && !this.wardCommunes(options.ward).has(commune)) return false;
    return true;
  }

  private wardCommunes(ward: string): Set<string> {
    const out = new Set<string>();
    if (this.registry.get("new", ward)?.level === "ward") out.add(ward);
    const old = this.registry.get("old", ward);
    if (old?.level === "ward") {
      try {
        for (const t of this.registry.convertOld(ward).to) out.add(t.unit.code);
      } catch {
        // an old ward without successors names nothing today
      }
    }
    return out;
  }

  /** Which records of a segment may be answered: not stale, and within the kind and status asked. */
  private acceptor(view: SegmentView, options: SearchOptions): (r: number) => boolean {
    const seg = view.segment;
    const isBase = view === this.views[0];
    const statuses =
      options.status === undefined
        ? null
        : new Set<Status>(typeof options.status === "string" ? [options.status] : options.status);
    const kind = options.kind;
    if (!statuses && !kind && (!isBase || this.stale.size === 0)) return () => true;
    return (r) => {
      if (statuses && !statuses.has(seg.statusOf(r))) return false;
      if (kind && seg.kindOf(r) !== kind) return false;
      if (isBase && this.stale.size > 0 && this.staleRecords.has(r)) return false;
      return true;
    };
  }
}

/** A match's cover × its agreement with the units; a score adds how much of the query the name explains. */
function baseScore(c: Segment["c"], match: DocumentMatch, factor: number): number {
  return match.cover * factor * nameShare(c.docType[match.doc]);
}

/** What a document's type leaves of a match's score (baseScore): a named place a little less than a street. */
function nameShare(docType: number): number {
  return docType === DOC_NAME ? NAME_SHARE : 1;
}

/** What rankPass reads of each match's document (by match): its commune number and nameShare. */
interface MatchColumns {
  commune: Uint16Array;
  nameShare: Float64Array;
}

/**
 * The query words a name (`matched`, as bits) leaves unexplained that a record's own words may
 * explain (`mayExplain`: type words are nobody's own; a word that weighs nothing adds nothing),
 * in query order.
 */
function unexplainedWords(matched: number, weights: readonly number[], mayExplain: (w: number) => boolean): number[] {
  const out: number[] = [];
  for (let w = 0; w < weights.length; w++) if (!(matched & (1 << w)) && weights[w] !== 0 && mayExplain(w)) out.push(w);
  return out;
}

/**
 * The most of the query a record at a name's door can explain (answerPass), its label unread:
 * every word the name leaves `unexplained` (unexplainedWords) in it.
 */
function mostExplainedOf(matchedWeight: number, unexplained: readonly number[], weights: readonly number[], totalWeight: number): number {
  let unexplainedWeight = 0;
  for (const w of unexplained) unexplainedWeight += weights[w];
  return totalWeight === 0 ? 1 : Math.min(1, (matchedWeight + unexplainedWeight) / totalWeight);
}

/**
 * The most any answer of match i of a pass can score at any door (answerPass): a record at the
 * door, explaining at most `mostExplained` (mostExplainedOf, with the words unexplained as wide as
 * for every text that reads the pass), its own words all the query's and nothing spelled
 * otherwise; or the street standing in (at most nine tenths of the name's score).
 */
function mostOfMatch(c: Segment["c"], pass: RankedPass, i: number, mostExplained: number): number {
  const base = baseScore(c, pass.matches[i], pass.factors[i]);
  const atDoor = round(base * explainedShare(mostExplained));
  const explained = pass.totalWeight === 0 ? 1 : pass.matchedWeights[i] / pass.totalWeight;
  const street = round((base * explainedShare(explained) + STREET_TIE_BREAK * pass.readAsStreet[i]) * 0.9);
  return Math.max(atDoor, street);
}

/** Whether a document's words hold these (vocabulary ids) in a row. */
function holdsWords(seg: Segment, doc: number, ids: readonly number[]): boolean {
  const c = seg.c;
  const from = c.docWordStarts[doc];
  const to = c.docWordStarts[doc + 1];
  for (let k = from; k + ids.length <= to; k++) {
    let j = 0;
    while (j < ids.length && c.docWords[k + j] === ids[j]) j++;
    if (j === ids.length) return true;
  }
  return false;
}

/** Whether a document's words are exactly these (vocabulary ids). */
function hasWords(seg: Segment, doc: number, ids: readonly number[]): boolean {
  return seg.docWordCount(doc) === ids.length && holdsWords(seg, doc, ids);
}

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  return Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT);
}

/** The first record of docRecords[from, to) that may be answered, or -1. */
function firstAccepted(records: Uint32Array, from: number, to: number, accept: (r: number) => boolean): number {
  for (let k = from; k < to; k++) if (accept(records[k])) return records[k];
  return -1;
}

/**
 * What a level says, as a short key: its communes, its names and its preferred communes (a digest:
 * a province being typed may become thousands of communes). Worked out once per level object (the
 * unit reader keeps the completions it made).
 */
function levelKey(level: Level): string {
  let key = levelKeys.get(level);
  if (key === undefined) {
    const content = JSON.stringify([[...level.communes].sort(), level.names, level.preferred ? [...level.preferred].sort() : null]);
    key = createHash("sha256").update(content).digest("base64");
    levelKeys.set(level, key);
  }
  return key;
}

const levelKeys = new WeakMap<Level, string>();

/** `level` with only its communes in `within`, when it has some there; else as it is. */
function narrowedTo(level: Level, within: ReadonlySet<string>): Level {
  const communes = new Set([...level.communes].filter((c) => within.has(c)));
  if (communes.size === 0 || communes.size === level.communes.size) return level;
  const preferred = level.preferred && new Set([...level.preferred].filter((c) => communes.has(c)));
  return { ...level, communes, preferred: preferred && preferred.size > 0 && communes.size > 1 ? preferred : undefined };
}

/** How many answers a question reads: a geocode's page (GEOCODE_PAGE), else the limit asked for. */
function pageSize(options: SearchOptions, geocoding: boolean): number {
  return geocoding ? GEOCODE_PAGE : clampLimit(options.limit, DEFAULT_LIMIT);
}

/** Whether two answers stand within `metres` of each other. */
function nearPoint(a: SearchResult, b: SearchResult, metres: number): boolean {
  return distanceMetres(a.lat, a.lon, Math.round(b.lat * 1e6), Math.round(b.lon * 1e6)) <= metres;
}
