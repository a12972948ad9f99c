/**
 * Query sets for the search benchmark, made from a store's own records (issue 14, "Benchmark").
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/search/make-queries.js --db STORE.db --out Q.jsonl [--per-form 500] [--seed 14] [--prefix answerable|any]
 *
 * Records are drawn at random (the project's seeded PRNG) among those a person could search for by
 * what they say (query-forms.ts `writtenAddress`) and whose address is not shared by another record
 * of the same commune (the generator's duplicate defect: the gold would be ambiguous). Each form
 * draws its own records. One JSON line per query: {form, q, gold, autocomplete[, steps]}.
 *
 * The `prefix` form cuts only where the cut is answerable (answerable.ts): no other record of the
 * store has a folded full text (`writeOut(below, [commune, province])`) that starts with the folded
 * cut. The cut is drawn uniformly among those points, from two letters into the street or hamlet to
 * one character before the full text; a record with no such point is not drawn for the form. Every
 * full text of the store is kept, folded and sorted, for this. `--prefix any` cuts anywhere from
 * two letters into the street or hamlet up to the full length, as the first query sets did.
 *
 * Also printed: how often the drawn records have near neighbours in the store — the next house
 * numbers on the same street of the same commune, the same house number and street in another
 * commune, and in a same-named commune of another province — which is what makes ranking hard.
 */
import { arg } from "../args.js";
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Random } from "../../src/common/random.js";
import { formatParts } from "../../src/domain/format.js";
import type { AddressRecord } from "../../src/domain/record.js";
import { openStore } from "../../src/store/open.js";
import type { Store } from "../../src/store/store.js";
import { fold } from "../../src/text/fold.js";
import { loadRegistry, type UnitRegistry } from "../../src/units/registry.js";
import { foldedFullText, SortedFullTexts } from "./answerable.js";
import { storeRecords } from "./engine.js";
import {
  type BenchQuery,
  QUERY_FORMS,
  type QueryForm,
  type WrittenAddress,
  writeQuery,
  writtenAddress,
} from "./query-forms.js";

export interface MakeQueriesOptions {
  perForm: number;
  seed: number;
  /** Where the prefix form may cut: only where the record is the one answer (default), or anywhere. */
  prefix?: "answerable" | "any";
}

/** How often the records behind the queries have near neighbours (shares of the records drawn). */
export interface NeighbourCounts {
  records: number;
  /** House number n±1 or n±2 (leading digits) on the same street in the same commune. */
  nextHouseSameStreet: number;
  /** Same house number and street in another commune. */
  sameHouseOtherCommune: number;
  /** Same house number and street in a commune of the same name in another province. */
  sameHouseSameNamedCommuneOtherProvince: number;
}

/** What one pass over the store keeps per record: enough to draw, to dedupe and to count neighbours. */
interface RecordKeys {
  code: string;
  hasOld: boolean;
  /** Stored without old units, in a commune whose old predecessors are known. */
  hasPredecessors: boolean;
}

/** The street (or hamlet) and house number, folded: what makes two houses "the same house". */
function houseKey(record: AddressRecord): { way: string; house: string; leading: number | null } | null {
  const { parts } = record;
  const way = parts.street ?? (parts.hamlet ? `${parts.hamlet.type} ${parts.hamlet.name}` : undefined);
  const house = parts.houseNumber ?? parts.lot;
  if (!way || !house) return null;
  const digits = /^\d+/.exec(house);
  return { way: fold(way), house: fold(house), leading: digits ? Number(digits[0]) : null };
}

class StoreIndex {
  readonly searchable: RecordKeys[] = [];
  private readonly addressCount = new Map<string, number>();
  /** commune|way|leading house number: the numbered houses of each street. */
  private readonly numbered = new Set<string>();
  /** way|house → communes holding that house. */
  private readonly communesOfHouse = new Map<string, string[]>();
  /** Every record's folded full text, whether or not it can be searched for (it may still share a prefix). */
  private readonly fullTexts: string[] = [];
  private sortedFullTexts: SortedFullTexts | null = null;

  constructor(private readonly registry: UnitRegistry) {}

  add(record: AddressRecord): void {
    const commune = this.registry.get("new", record.new.commune);
    const province = this.registry.get("new", record.new.province);
    if (commune && province)
      this.fullTexts.push(foldedFullText(formatParts(record.parts), [commune, province]));
    const address = writtenAddress(record, this.registry);
    const key = houseKey(record);
    if (key) {
      if (key.leading !== null) this.numbered.add(`${record.new.commune}|${key.way}|${key.leading}`);
      const hk = `${key.way}|${key.house}`;
      const communes = this.communesOfHouse.get(hk);
      if (!communes) this.communesOfHouse.set(hk, [record.new.commune]);
      else if (!communes.includes(record.new.commune)) communes.push(record.new.commune);
    }
    if (!address) return;
    const text = `${record.new.commune}|${fold(address.below)}`;
    this.addressCount.set(text, (this.addressCount.get(text) ?? 0) + 1);
    this.searchable.push({
      code: record.code,
      hasOld: address.oldUnits !== null,
      hasPredecessors: address.predecessors.length > 0,
    });
  }

  /** True when another record of the same commune is written the same (the gold would be ambiguous). */
  shared(record: AddressRecord): boolean {
    const address = writtenAddress(record, this.registry)!;
    return (this.addressCount.get(`${record.new.commune}|${fold(address.below)}`) ?? 0) > 1;
  }

  /** The record's unique prefix length among every full text of the store (answerable.ts). */
  uniquePrefixLength(address: WrittenAddress): number | null {
    this.sortedFullTexts ??= new SortedFullTexts(this.fullTexts.splice(0));
    return this.sortedFullTexts.uniquePrefixLength(foldedFullText(address.below, address.units));
  }

  neighbours(records: readonly AddressRecord[]): NeighbourCounts {
    const counts: NeighbourCounts = {
      records: records.length,
      nextHouseSameStreet: 0,
      sameHouseOtherCommune: 0,
      sameHouseSameNamedCommuneOtherProvince: 0,
    };
    for (const record of records) {
      const key = houseKey(record);
      if (!key) continue;
      const commune = record.new.commune;
      if (
        key.leading !== null &&
        [-2, -1, 1, 2].some((d) => this.numbered.has(`${commune}|${key.way}|${key.leading! + d}`))
      )
        counts.nextHouseSameStreet++;
      const others = (this.communesOfHouse.get(`${key.way}|${key.house}`) ?? []).filter((c) => c !== commune);
      if (others.length) counts.sameHouseOtherCommune++;
      const name = fold(this.registry.get("new", commune)?.name ?? "");
      const sameNamed = others.some((c) => {
        const unit = this.registry.get("new", c);
        return unit !== undefined && unit.provinceCode !== record.new.province && fold(unit.name) === name;
      });
      if (sameNamed) counts.sameHouseSameNamedCommuneOtherProvince++;
    }
    return counts;
  }
}

/**
 * The query set: `perForm` queries of each form (fewer for `old` when the store has fewer records
 * with old units), and the neighbour counts of the records drawn.
 */
export async function makeQueries(
  store: Store,
  registry: UnitRegistry,
  options: MakeQueriesOptions,
): Promise<{ queries: BenchQuery[]; neighbours: NeighbourCounts }> {
  const index = new StoreIndex(registry);
  for await (const record of storeRecords(store)) index.add(record);
  const random = new Random(options.seed);
  const queries: BenchQuery[] = [];
  const drawn: AddressRecord[] = [];
  for (const form of QUERY_FORMS) {
    const pool =
      form === "old"
        ? index.searchable.filter((r) => r.hasOld)
        : form === "old-derived"
          ? index.searchable.filter((r) => r.hasPredecessors)
          : index.searchable;
    const made = await drawForm(store, registry, index, random, form, pool, options);
    for (const { query, record } of made) {
      queries.push(query);
      drawn.push(record);
    }
  }
  return { queries, neighbours: index.neighbours(drawn) };
}

async function drawForm(
  store: Store,
  registry: UnitRegistry,
  index: StoreIndex,
  random: Random,
  form: QueryForm,
  pool: readonly RecordKeys[],
  options: MakeQueriesOptions,
): Promise<{ query: BenchQuery; record: AddressRecord }[]> {
  const wanted = options.perForm;
  const out: { query: BenchQuery; record: AddressRecord }[] = [];
  const used = new Set<string>();
  // Draw in rounds (a form may not apply to every record); give up when the pool is exhausted.
  while (out.length < wanted && used.size < pool.length) {
    const codes: string[] = [];
    while (codes.length < (wanted - out.length) * 2 && used.size < pool.length) {
      const code = random.pick(pool).code;
      if (used.has(code)) continue;
      used.add(code);
      codes.push(code);
    }
    for (const record of await store.getMany(codes)) {
      if (out.length >= wanted) break;
      if (!record || index.shared(record)) continue;
      const address = writtenAddress(record, registry)!;
      const cut =
        form !== "prefix" ? undefined : options.prefix === "any" ? "any" : index.uniquePrefixLength(address);
      const query = writeQuery(random, form, record, address, cut);
      if (query) out.push({ query, record });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const db = arg("db");
  const out = arg("out");
  const perForm = Number(arg("per-form", "500"));
  const seed = Number(arg("seed", "14"));
  const prefix = arg("prefix", "answerable");
  if (prefix !== "answerable" && prefix !== "any")
    throw new Error(`--prefix ${prefix}: must be answerable or any`);
  const store = await openStore(db, { use: "read" });
  try {
    const { queries, neighbours } = await makeQueries(store, loadRegistry(), { perForm, seed, prefix });
    writeFileSync(out, queries.map((q) => JSON.stringify(q)).join("\n") + "\n");
    const byForm = new Map<string, number>();
    for (const q of queries) byForm.set(q.form, (byForm.get(q.form) ?? 0) + 1);
    console.log(
      `${queries.length} queries → ${out} (${[...byForm].map(([f, n]) => `${f} ${n}`).join(", ")})`,
    );
    const pct = (n: number) => `${((100 * n) / neighbours.records).toFixed(1)} %`;
    console.log(
      `near neighbours of the ${neighbours.records} records drawn: next house numbers (±1, ±2) on the same street ${pct(neighbours.nextHouseSameStreet)}; same house and street in another commune ${pct(neighbours.sameHouseOtherCommune)}; in a same-named commune of another province ${pct(neighbours.sameHouseSameNamedCommuneOtherProvince)}`,
    );
  } finally {
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: Error) => {
    console.error(`make-queries: ${error.message}`);
    process.exit(1);
  });
}
