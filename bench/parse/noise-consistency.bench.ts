/**
 * The parser on addresses written by people, then damaged as people damage text: diacritics off,
 * type words shortened or left out, commas left out, one or two letters slipped in the units,
 * the parts in reverse order, all of it at once. Two figures per kind of damage:
 * - **right**: the units (old province, district, ward; new province, commune) are the labelled
 *   ones (the people-written sets, test/fixtures/PROVENANCE.md), as `eval.ts` counts them;
 * - **same**: the damaged text gives the province and commune the clean text gave, in each
 *   structure the clean reading has (for `--lines`, any file of addresses without labels, such as
 *   text harvested outside the repository whose licence keeps it out).
 * Damage is drawn from the project's seeded PRNG; a seed gives the same texts on every run.
 *
 * Run from the repository root:
 *   npx tsc -p . && node dist/bench/parse/noise-consistency.bench.js [--seed 55] [--lines FILE] [--show KIND] [--dist DIR]
 * `--dist` parses with another build (a worktree's dist), for before/after on the same texts.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Random } from "../../src/common/random.js";
import { type EvalCase, readEvalSet } from "../../src/parse/evaluate.js";
import type { ParsedAddress } from "../../src/parse/types.js";
import { oneTypo, stripDiacritics } from "../search/query-forms.js";
import { PEOPLE_HOLDOUT_PATH, PEOPLE_PATH } from "./eval-case.js";

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(option("seed") ?? 55);
const linesFile = option("lines");
const show = option("show");
const dist = resolve(option("dist") ?? "dist");

const { createParser } = await import(pathToFileURL(`${dist}/src/parse/index.js`).href);
const { loadRegistry } = await import(pathToFileURL(`${dist}/src/units/registry.js`).href);
const parse: (text: string) => ParsedAddress = createParser(loadRegistry()).parse;

type Damage = (text: string, random: Random) => string;

const TYPE_SHORT: [RegExp, string][] = [
  [/\bThành phố\b/giu, "TP."],
  [/\bThị xã\b/giu, "TX."],
  [/\bThị trấn\b/giu, "TT."],
  [/\bPhường\b/giu, "P."],
  [/\bQuận\b/giu, "Q."],
  [/\bHuyện\b/giu, "H."],
  [/\bTỉnh\b/giu, "T."],
  [/(^|[\s,])Xã\b/giu, "$1X."],
];
const shortened = (text: string): string => TYPE_SHORT.reduce((t, [type, short]) => t.replace(type, short), text);
const withoutTypes = (text: string): string =>
  text.replace(/(^|[\s,])(Thành phố|Thị xã|Thị trấn|Phường|Quận|Huyện|Tỉnh|Xã)\s+/giu, "$1");
const withoutCommas = (text: string): string => text.replace(/\s*,\s*/g, " ");

/** `slips` letters slipped in words of three letters or more after the first comma: where the units are. */
function slipped(slips: number): Damage {
  return (text, random) => {
    const firstComma = text.indexOf(",");
    let out = text;
    for (let k = 0; k < slips; k++) {
      const words = [...out.matchAll(/\p{L}{3,}/gu)].filter((m) => m.index! > firstComma);
      if (words.length === 0) break;
      const word = random.pick(words);
      out = out.slice(0, word.index) + oneTypo(random, word[0]) + out.slice(word.index! + word[0].length);
    }
    return out;
  };
}

const KINDS: [string, Damage][] = [
  ["no diacritics", (t) => stripDiacritics(t)],
  ["no diacritics, lower case", (t) => stripDiacritics(t).toLowerCase()],
  ["type words shortened (P., Q., TP.)", shortened],
  ["type words left out", withoutTypes],
  ["no commas", withoutCommas],
  ["no commas, no diacritics", (t) => withoutCommas(stripDiacritics(t))],
  ["one letter slipped in the units", slipped(1)],
  ["two letters slipped in the units", slipped(2)],
  ["one slip, no diacritics", (t, r) => slipped(1)(stripDiacritics(t), r)],
  ["parts in reverse order", (t) => t.split(/\s*,\s*/).reverse().join(", ")],
  [
    "all at once: shortened, no diacritics, lower case, one slip, commas or not",
    (t, r) => slipped(1)(stripDiacritics(shortened(t)).toLowerCase().replace(/\s*,\s*/g, r.chance(0.5) ? " " : ", "), r),
  ],
];

interface Units {
  oldProvince: string | null;
  oldDistrict: string | null;
  oldWard: string | null;
  newProvince: string | null;
  newWard: string | null;
}

const unitsOf = (r: ParsedAddress): Units => ({
  oldProvince: r.old?.province?.code ?? null,
  oldDistrict: r.old?.district?.code ?? null,
  oldWard: r.old?.ward?.code ?? null,
  newProvince: r.new?.province?.code ?? null,
  newWard: r.new?.ward?.code ?? null,
});

/** The labelled units, as eval.ts compares them (a structure the case does not label is not compared). */
function rightAgainst(c: EvalCase, u: Units): boolean {
  const old = c.expect.old;
  const now = c.expect.new;
  if (old && (old.province !== u.oldProvince || old.district !== u.oldDistrict || old.ward !== u.oldWard)) return false;
  return !now || (now.province === u.newProvince && now.ward === u.newWard);
}

/** The damaged reading keeps the clean one's province and commune in each structure the clean one has. */
function sameAs(clean: Units, damaged: Units): boolean {
  const keeps = (a: string | null, b: string | null) => a === null || a === b;
  return (
    keeps(clean.oldProvince, damaged.oldProvince) &&
    keeps(clean.oldWard, damaged.oldWard) &&
    keeps(clean.newProvince, damaged.newProvince) &&
    keeps(clean.newWard, damaged.newWard)
  );
}

interface Text {
  input: string;
  labelled: EvalCase | null;
}

const texts: Text[] = linesFile
  ? [...new Set(readFileSync(linesFile, "utf8").split("\n").map((l) => l.trim()))]
      .filter((l) => l !== "")
      .map((input) => ({ input, labelled: null }))
  : [...readEvalSet(PEOPLE_PATH), ...readEvalSet(PEOPLE_HOLDOUT_PATH)].map((c) => ({ input: c.input, labelled: c }));
const labelled = texts.some((t) => t.labelled !== null);

const pct = (n: number, of: number) => (of === 0 ? "—" : `${((100 * n) / of).toFixed(1)} %`);
const cleanReadings = texts.map((t) => unitsOf(parse(t.input)));
const cleanIsRight = texts.map((t, k) => t.labelled !== null && rightAgainst(t.labelled, cleanReadings[k]));
const cleanRight = cleanIsRight.filter(Boolean).length;

console.log(
  `${texts.length} texts (${linesFile ?? "the people-written sets"}), seed ${seed}, parser ${dist}` +
    (labelled ? `; clean text: units right ${pct(cleanRight, texts.length)}` : ""),
);
console.log(labelled ? "\n| damage | texts changed | units right | same as the clean text |\n|---|---:|---:|---:|" : "\n| damage | texts changed | same as the clean text |\n|---|---:|---:|");
for (const [kind, damage] of KINDS) {
  const random = new Random(seed);
  let changed = 0;
  let right = 0;
  let same = 0;
  const failures: string[] = [];
  texts.forEach((t, k) => {
    const text = damage(t.input, random);
    if (text === t.input) return;
    changed++;
    const units = unitsOf(parse(text));
    const isRight = t.labelled !== null && rightAgainst(t.labelled, units);
    const isSame = sameAs(cleanReadings[k], units);
    if (isRight) right++;
    if (isSame) same++;
    // Shown: what the damage broke (the clean text's reading was right, or, unlabelled, what it was).
    if (t.labelled !== null ? cleanIsRight[k] && !isRight : !isSame) failures.push(`  ${text}  (clean: ${t.input})`);
  });
  console.log(labelled ? `| ${kind} | ${changed} | ${pct(right, changed)} | ${pct(same, changed)} |` : `| ${kind} | ${changed} | ${pct(same, changed)} |`);
  if (show !== undefined && kind.startsWith(show)) for (const f of failures) console.log(f);
}
