/**
 * The word match on a segment built from records: a pair that names a class of places is read
 * only through the rarer pairs beside it, and over the whole country a slip is not read into one
 * of the commonest names when the words as written are a name; a building's part ("tòa B") adds to
 * a name, never reaches one.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RecordSummary } from "../store/store.js";
import { loadRegistry } from "../units/registry.js";
import { buildSegment, unitTablesOf } from "./build.js";
import { Matcher } from "./match.js";
import type { Segment } from "./segment.js";
import { queryWords } from "./words.js";

const tables = unitTablesOf(loadRegistry());
const COMMUNE = "00070";
const OTHER = "00082";
const BLOCKS = "Mai Lan Cúc Trúc Đào Sen Hồng Huệ Quỳnh Thông Tùng Bách Liễu Lựu Na Mận Mơ Sim Vải Nhãn".split(" ");

let serial = 0;
function record(commune: string, parts: RecordSummary["parts"], name: string | null = null): RecordSummary {
  serial++;
  return {
    code: `TEST${serial}`,
    kind: name ? "organisation" : "household",
    status: "surveyed",
    name,
    parts,
    new: { province: "01", commune },
    old: null,
    lat: 21.02,
    lon: 105.85,
  };
}

/** 6,000 buildings "Chung cư <block> <n>" (the pair "chung cư" in all), a few others. */
function segment(): Segment {
  const records: RecordSummary[] = [];
  for (let i = 0; i < 6000; i++) records.push(record(COMMUNE, { houseNumber: "1" }, `Chung cư ${BLOCKS[i % 20]} ${Math.floor(i / 20)}`));
  // Names of three words: "chung cư" alone would cover half of them.
  for (let i = 0; i < 5; i++) records.push(record(COMMUNE, { houseNumber: `${i + 2}` }, "Chung cư Sunrise"));
  // A common name and a street one slip away from it.
  for (let i = 0; i < 100; i++) records.push(record(i % 2 ? COMMUNE : OTHER, { houseNumber: `${i + 1}`, street: `Thành Công ${i}` }));
  records.push(record(OTHER, { houseNumber: "43", street: "Lê Thánh Tông" }));
  // A one-word hamlet one slip from a word of a street.
  records.push(record(OTHER, { houseNumber: "7", hamlet: { type: "xóm", name: "Thượng" } }));
  records.push(record(OTHER, { houseNumber: "5", street: "Trường Chinh" }));
  // A one-word hamlet whose word begins a street's name.
  records.push(record(COMMUNE, { houseNumber: "8", hamlet: { type: "xóm", name: "Trung" } }));
  records.push(record(OTHER, { houseNumber: "8", street: "Trung Hòa" }));
  records.push(record(OTHER, { houseNumber: "2", street: "Chu Văn An" }));
  // Block B of twenty buildings, and of one more whose name is two words.
  for (const block of BLOCKS) records.push(record(OTHER, { houseNumber: "3" }, `${block} tòa B`));
  records.push(record(OTHER, { houseNumber: "4" }, "Kim Liên tòa B"));
  return buildSegment(records, tables);
}

const seg = segment();
const namesOf = (matcher: Matcher, text: string, communes?: number[], prefix = false) => {
  const words = (doc: number) => {
    const out: string[] = [];
    for (let k = seg.c.docWordStarts[doc]; k < seg.c.docWordStarts[doc + 1]; k++) out.push(seg.vocabulary[seg.c.docWords[k]]);
    return out.join(" ");
  };
  return new Map(matcher.match(queryWords(text), prefix, communes).matches.map((m) => [words(m.doc), m.cover]));
};

describe("match: class pairs", () => {
  const matcher = new Matcher(seg);

  test("a pair held by most names is a class: it neither reaches names nor counts in their cover", () => {
    assert.deepEqual(matcher.classPairs(), [["chung", "cu"]]);
    const found = namesOf(matcher, "Chung cư Mai 17");
    assert.equal(found.get("chung cu mai 17"), 1);
    // Reached only through "chung cư", a three-word name is no match.
    assert.equal(found.has("chung cu sunrise"), false);
    assert.ok(found.size < 400, `${found.size} names`);
  });

  test("when nothing else is found, the class pair is read as before", () => {
    const found = namesOf(matcher, "Chung cư");
    assert.ok(found.has("chung cu sunrise"));
  });

  test("a delta segment reads names as its base does", () => {
    const delta = buildSegment([record(COMMUNE, { houseNumber: "9" }, "Chung cư Sunrise")], tables);
    assert.deepEqual(new Matcher(delta).classPairs(), []);
    assert.deepEqual(new Matcher(delta, matcher.classPairs()).classPairs(), [["chung", "cu"]]);
  });
});

describe("match: slips over the whole country", () => {
  const matcher = new Matcher(seg);

  test("words that are a name as written are not read as one of the commonest names", () => {
    const found = namesOf(matcher, "43 Lê Thanh Tong");
    assert.equal(found.get("le thanh tong"), 1);
    assert.equal([...found.keys()].some((name) => name.startsWith("thanh cong")), false);
  });

  test("within the communes the text names, the slip is read", () => {
    const commune = tables.communes.index.get(COMMUNE)!;
    const found = namesOf(matcher, "Thanh Tong 1", [commune]);
    assert.ok([...found.keys()].some((name) => name.startsWith("thanh cong")));
  });
});

describe("match: one syllable", () => {
  const matcher = new Matcher(seg);

  test("a slip of a word that is itself a word reaches no one-word name", () => {
    const found = namesOf(matcher, "5 Trường Chinh");
    assert.equal(found.get("truong chinh"), 1);
    assert.equal(found.has("thuong"), false);
  });

  test("over the whole country, a word that makes a name's pair with its neighbour reaches no one-word name", () => {
    const found = namesOf(matcher, "8 Trung Hòa");
    assert.ok(found.has("trung hoa"));
    assert.equal(found.has("trung"), false);
    assert.ok(namesOf(matcher, "8 Trung Hòa", [tables.communes.index.get(COMMUNE)!]).has("trung"));
    assert.ok(namesOf(matcher, "8 Trung").has("trung"));
  });

  test("a slip of a word that is no word does", () => {
    assert.ok(namesOf(matcher, "Xóm Thuongg").has("thuong"));
  });
});

describe("match: a building's part", () => {
  const matcher = new Matcher(seg);

  test("a pair a part marker begins (tòa B) reaches no name by itself; it adds to the names the other words reached", () => {
    const found = namesOf(matcher, "Kim Liên tòa B");
    assert.equal(found.get("kim lien toa b"), 1);
    // "Mai tòa B" holds half its pairs in "tòa B": it would be reached by the block, not by its
    // name. ("Liễu tòa B" is one slip from "Liên tòa": its name is reached.)
    assert.deepEqual([...found.keys()].filter((name) => !name.startsWith("kim lien") && !name.startsWith("lieu")), []);
    assert.ok(found.size < BLOCKS.length / 2, `${found.size} names`);
    assert.equal(namesOf(matcher, "Mai tòa B").get("mai toa b"), 1);
  });
});

describe("match: the word being typed", () => {
  const matcher = new Matcher(seg);

  test("it begins names when it continues none; when it completes a name with the word before, it continues that one", () => {
    const begins = namesOf(matcher, "5 Ch", undefined, true);
    assert.ok([...begins.keys()].some((name) => name.startsWith("chung cu")));
    const continues = namesOf(matcher, "5 Trường Ch", undefined, true);
    assert.ok(continues.has("truong chinh"));
    assert.equal([...continues.keys()].some((name) => name.startsWith("chung cu")), false);
  });

  test("over the whole country it begins names where the rest of the text found names; within named communes, there", () => {
    const startsChung = (found: Map<string, number>) => [...found.keys()].some((name) => name.startsWith("chung cu"));
    assert.equal(startsChung(namesOf(matcher, "Trường Chinh, Ch", undefined, true)), false);
    const commune = tables.communes.index.get(COMMUNE)!;
    assert.ok(startsChung(namesOf(matcher, "Trường Chinh, Ch", [commune], true)));
    // Lê Thánh Tông is in the other commune: Chu Văn An there is begun, the buildings here are not.
    const begun = namesOf(matcher, "43 Lê Thánh Tông, Ch", undefined, true);
    assert.ok(begun.has("chu van an"));
    assert.equal(startsChung(begun), false);
  });

  test("one letter begins no name", () => {
    assert.equal(namesOf(matcher, "5 C", undefined, true).size, 0);
  });
});

describe("match: the completions of the word being typed", () => {
  const matcher = new Matcher(seg);
  /** What a pair read through a completion counts (match.ts COMPLETION_WEIGHT). */
  const COMPLETED = 0.9;

  test("the pairs a word makes with a range of words are exactly the pair keys scanned in that range", () => {
    const size = seg.vocabulary.length;
    const ranges: [number, number][] = [[0, size]];
    for (const word of seg.vocabulary) for (let n = 1; n <= Math.min(3, word.length); n++) ranges.push(seg.prefixRange(word.slice(0, n)));
    let pairs = 0;
    for (let first = 0; first < size; first++) {
      for (const [from, to] of ranges) {
        const [lo, hi] = seg.pairRange(first, from, to);
        const scanned: number[] = [];
        for (let k = lo; k < hi; k++) scanned.push(seg.c.pairKeys[k] - first * size);
        const asked: number[] = [];
        for (let second = from; second < to; second++) {
          const [start, end] = seg.pairPostings(first, second);
          if (end > start) asked.push(second);
        }
        assert.deepEqual(scanned, asked, `${seg.vocabulary[first]} + [${seg.vocabulary[from]}, ${seg.vocabulary[to - 1]}]`);
        pairs += asked.length;
      }
    }
    assert.ok(pairs > 100, `${pairs} pairs checked`);
  });

  test("a one-letter word being typed completes to the names it pairs into, written with marks or without", () => {
    const marked = namesOf(matcher, "43 Lê T", undefined, true);
    // The one pair typed so far, through a completion.
    assert.ok(Math.abs(marked.get("le thanh tong")! - COMPLETED) < 1e-6);
    assert.deepEqual(namesOf(matcher, "43 Le T", undefined, true), marked);
    assert.deepEqual(namesOf(matcher, "43 le t", undefined, true), marked);
  });

  test("a word being typed that is a word already is read as itself first, and as the longer words it begins", () => {
    // "Chu Văn" as written, "Văn An" through a completion.
    assert.ok(Math.abs(namesOf(matcher, "2 Chu Văn A", undefined, true).get("chu van an")! - (1 + COMPLETED) / 2) < 1e-6);
    assert.equal(namesOf(matcher, "2 Chu Văn An", undefined, true).get("chu van an"), 1);
    // "Trung" is a name of its own, and the first word of Trung Hòa.
    assert.equal(namesOf(matcher, "8 Trung", undefined, true).get("trung"), 1);
    assert.ok(Math.abs(namesOf(matcher, "8 Trung H", undefined, true).get("trung hoa")! - COMPLETED) < 1e-6);
  });
});
